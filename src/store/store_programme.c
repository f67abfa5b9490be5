/* store_programme.c - the desensitisation programme's tables (schema 5, see
 * store.h): the ladder's steps, the ladder's state (that a ladder exists,
 * and the step the user is on) and the exposures, with their export files.
 *
 * Tables (MIGRATIONS[4] in store_db.c):
 *   step      one row per step of the ladder, ordered by position
 *   ladder    one row (one = 1) once a ladder exists, even an empty one;
 *             current_step REFERENCES step ON DELETE SET NULL
 *   exposure  one attempt at a step; step_id and take_id are SET NULL when
 *             the step or the take goes, step_title keeps what it was
 * A NULL rating is a skipped one (PD_RATING_NONE); a NULL id is 0.
 *
 * Card modes and attitudes are stored by name ("hidden", "bored"), not by
 * enum value, so a reordered enum cannot change what a stored step means. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "store_internal.h"

/* ---- reading columns -------------------------------------------------------- */

/* A NOT NULL text column into out (a NULL there is damage, see
 * pd_store_col_str). */
static pd_store_status col_str(pd_store *st, sqlite3_stmt *s, int i, char *out, size_t len, const char *what)
{
    const char *t;
    pd_store_status r = pd_store_col_str(st, s, i, &t, what);
    snprintf(out, len, "%s", r == PD_STORE_OK ? t : "");
    return r;
}

static int col_rating(sqlite3_stmt *s, int i)
{
    return sqlite3_column_type(s, i) == SQLITE_NULL ? PD_RATING_NONE : sqlite3_column_int(s, i);
}

static int64_t col_id(sqlite3_stmt *s, int i)
{
    return sqlite3_column_type(s, i) == SQLITE_NULL ? 0 : sqlite3_column_int64(s, i);
}

static void bind_rating(sqlite3_stmt *s, int i, int r)
{
    if (r == PD_RATING_NONE)
        sqlite3_bind_null(s, i);
    else
        sqlite3_bind_int(s, i, r);
}

static void bind_id(sqlite3_stmt *s, int i, int64_t id)
{
    if (id > 0)
        sqlite3_bind_int64(s, i, id);
    else
        sqlite3_bind_null(s, i);
}

/* Steps one statement and finalizes it: OK when it ran to the end. */
static pd_store_status run(pd_store *st, sqlite3_stmt *s, const char *what)
{
    int rc = sqlite3_step(s);
    pd_store_status r = rc == SQLITE_DONE ? PD_STORE_OK : pd_store_db_fail(st, what);
    sqlite3_finalize(s);
    return r;
}

/* ---- the ladder ----------------------------------------------------------------- */

#define STEP_COLS                                                                                      \
    "id, title, real_world, drill_s, prep_s, card, reps, listen_back, second_try, audience_size, "    \
    "audience_attitude, audience_bored, audience_distractions, audience_questions, expected"

static pd_store_status read_step(pd_store *st, sqlite3_stmt *s, pd_step *p)
{
    static const char what[] = "reading the ladder";
    char card[32], att[32];
    pd_step_init(p);
    p->id = sqlite3_column_int64(s, 0);
    pd_store_status r = col_str(st, s, 1, p->title, sizeof p->title, what);
    if (r == PD_STORE_OK) r = col_str(st, s, 5, card, sizeof card, what);
    if (r == PD_STORE_OK) r = col_str(st, s, 10, att, sizeof att, what);
    if (r != PD_STORE_OK) return r;
    p->real_world = sqlite3_column_int(s, 2);
    p->drill_s = sqlite3_column_int(s, 3);
    p->prep_s = sqlite3_column_int(s, 4);
    p->reps = sqlite3_column_int(s, 6);
    p->listen_back = sqlite3_column_int(s, 7);
    p->second_try = sqlite3_column_int(s, 8);
    p->audience.size = sqlite3_column_int(s, 9);
    p->audience.bored = sqlite3_column_int(s, 11);
    p->audience.distractions = sqlite3_column_int(s, 12);
    p->audience.questions = sqlite3_column_int(s, 13);
    p->expected = col_rating(s, 14);
    int c = pd_card_mode_find(card), a = pd_attitude_find(att);
    if (c < 0 || a < 0)
        return pd_store_fail(st, PD_STORE_ERR_DAMAGED,
                             "the history database '%s' holds a step (id %lld) with an unknown %s '%s'; was "
                             "it written by a newer Podium?",
                             st->db_path, (long long)p->id, c < 0 ? "card mode" : "audience attitude", c < 0 ? card : att);
    p->card = (pd_card_mode)c;
    p->audience.attitude = (pd_attitude)a;
    return PD_STORE_OK;
}

/* The stored ladder into *l; *exists 0 (l empty) when none was ever made. */
static pd_store_status read_ladder(pd_store *st, pd_ladder *l, int *exists)
{
    static const char what[] = "reading the ladder";
    memset(l, 0, sizeof *l);
    *exists = 0;
    sqlite3_stmt *s;
    pd_store_status r = pd_store_prepare(st, "SELECT current_step FROM ladder WHERE one = 1", &s, what);
    if (r != PD_STORE_OK) return r;
    int64_t current = 0;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *exists = 1;
        current = col_id(s, 0);
    } else if (rc != SQLITE_DONE)
        r = pd_store_db_fail(st, what);
    sqlite3_finalize(s);
    if (r != PD_STORE_OK || !*exists) return r;
    if ((r = pd_store_prepare(st, "SELECT " STEP_COLS " FROM step ORDER BY position, id", &s, what)) !=
        PD_STORE_OK)
        return r;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (l->n == PD_LADDER_MAX) {
            r = pd_store_fail(st, PD_STORE_ERR_DAMAGED,
                              "the history database '%s' holds more than %d ladder steps; was it written by "
                              "a newer Podium?",
                              st->db_path, PD_LADDER_MAX);
            break;
        }
        if ((r = read_step(st, s, &l->step[l->n])) != PD_STORE_OK) break;
        if (l->step[l->n].id == current) l->current = l->n;
        l->n++;
    }
    if (r == PD_STORE_OK && rc != SQLITE_DONE) r = pd_store_db_fail(st, what);
    sqlite3_finalize(s);
    return r;
}

static void bind_step(sqlite3_stmt *s, const pd_step *p, int position)
{
    sqlite3_bind_int(s, 1, position);
    sqlite3_bind_text(s, 2, p->title, (int)strnlen(p->title, sizeof p->title), SQLITE_TRANSIENT);
    sqlite3_bind_int(s, 3, p->real_world ? 1 : 0);
    sqlite3_bind_int(s, 4, p->drill_s);
    sqlite3_bind_int(s, 5, p->prep_s);
    sqlite3_bind_text(s, 6, pd_card_mode_name(p->card), -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 7, p->reps);
    sqlite3_bind_int(s, 8, p->listen_back ? 1 : 0);
    sqlite3_bind_int(s, 9, p->second_try ? 1 : 0);
    sqlite3_bind_int(s, 10, p->audience.size);
    sqlite3_bind_text(s, 11, pd_attitude_name(p->audience.attitude), -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 12, p->audience.bored);
    sqlite3_bind_int(s, 13, p->audience.distractions);
    sqlite3_bind_int(s, 14, p->audience.questions);
    bind_rating(s, 15, p->expected);
}

/* Writes l over the stored ladder; inside the caller's transaction. Gives
 * new steps their ids in l. Every stored step is first marked (position
 * -1); each step of l claims its marked row, or is added; what is still
 * marked is gone from the ladder. A step whose id is not stored, or whose
 * row an earlier step of l claimed already (a copy that kept its
 * original's id), claims nothing and is added as a new step. */
static pd_store_status write_ladder(pd_store *st, pd_ladder *l)
{
    static const char what[] = "saving the ladder";
    pd_store_status r = pd_store_exec(st, "UPDATE step SET position = -1", what);
    sqlite3 *db = pd_store_sqlite(st);
    sqlite3_stmt *s;
    for (int i = 0; i < l->n && r == PD_STORE_OK; i++) {
        pd_step *p = &l->step[i];
        if (p->id > 0) {
            r = pd_store_prepare(st,
                                 "UPDATE step SET position = ?1, title = ?2, real_world = ?3, drill_s = ?4, "
                                 "prep_s = ?5, card = ?6, reps = ?7, listen_back = ?8, second_try = ?9, "
                                 "audience_size = ?10, audience_attitude = ?11, audience_bored = ?12, "
                                 "audience_distractions = ?13, audience_questions = ?14, expected = ?15 "
                                 "WHERE id = ?16 AND position = -1",
                                 &s, what);
            if (r != PD_STORE_OK) break;
            bind_step(s, p, i);
            sqlite3_bind_int64(s, 16, p->id);
            if ((r = run(st, s, what)) != PD_STORE_OK) break;
            if (sqlite3_changes(db) > 0) continue;
        }
        r = pd_store_prepare(st,
                             "INSERT INTO step (position, title, real_world, drill_s, prep_s, card, reps, "
                             "listen_back, second_try, audience_size, audience_attitude, audience_bored, "
                             "audience_distractions, audience_questions, expected) VALUES "
                             "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
                             &s, what);
        if (r != PD_STORE_OK) break;
        bind_step(s, p, i);
        if ((r = run(st, s, what)) == PD_STORE_OK) p->id = sqlite3_last_insert_rowid(db);
    }
    /* the steps no longer on the ladder: their exposures keep a title (the
     * step's, when they had none) and lose the link (ON DELETE SET NULL) */
    if (r == PD_STORE_OK)
        r = pd_store_exec(st,
                          "UPDATE exposure SET step_title = (SELECT title FROM step WHERE step.id = "
                          "exposure.step_id) WHERE step_title = '' AND step_id IN "
                          "(SELECT id FROM step WHERE position < 0)",
                          what);
    if (r == PD_STORE_OK) r = pd_store_exec(st, "DELETE FROM step WHERE position < 0", what);
    if (r != PD_STORE_OK) return r;
    if ((r = pd_store_prepare(st, "INSERT OR REPLACE INTO ladder (one, current_step) VALUES (1, ?)", &s,
                              what)) != PD_STORE_OK)
        return r;
    bind_id(s, 1, l->n > 0 ? l->step[l->current].id : 0);
    return run(st, s, what);
}

/* Reads inside a transaction, so the steps and the current step agree. */
static pd_store_status read_ladder_tx(pd_store *st, pd_ladder *l, int *exists)
{
    pd_store_status r = pd_store_exec(st, "BEGIN", "reading the ladder");
    if (r != PD_STORE_OK) return r;
    if ((r = read_ladder(st, l, exists)) != PD_STORE_OK) {
        pd_store_rollback(st);
        return r;
    }
    return pd_store_commit(st, "reading the ladder");
}

pd_store_status pd_store_read_ladder(pd_store *st, pd_ladder *l, int *exists)
{
    int e = 0;
    if (!st || !l) return PD_STORE_ERR_INVALID;
    pd_store_status r = read_ladder_tx(st, l, &e);
    if (exists) *exists = e;
    return r;
}

pd_store_status pd_store_ladder(pd_store *st, const char *lang, pd_ladder *l, int *created)
{
    if (!st || !l) return PD_STORE_ERR_INVALID;
    if (created) *created = 0;
    int exists = 0;
    pd_store_status r = read_ladder_tx(st, l, &exists);
    if (r != PD_STORE_OK || exists) return r;
    /* the first time: the default ladder, unless another process made one
     * meanwhile (checked again under the write lock) */
    static const char what[] = "making the default ladder";
    if ((r = pd_store_begin(st, what)) != PD_STORE_OK) return r;
    if ((r = read_ladder(st, l, &exists)) == PD_STORE_OK && !exists) {
        pd_ladder_default(l, lang ? lang : "en");
        for (int i = 0; i < l->n; i++) l->step[i].id = 0;
        if ((r = write_ladder(st, l)) == PD_STORE_OK && created) *created = 1;
    }
    if (r != PD_STORE_OK) {
        pd_store_rollback(st);
        if (created) *created = 0;
        return r;
    }
    return pd_store_commit(st, what);
}

pd_store_status pd_store_save_ladder(pd_store *st, pd_ladder *l)
{
    if (!st || !l) return PD_STORE_ERR_INVALID;
    if (l->n < 0 || l->n > PD_LADDER_MAX)
        return pd_store_fail(st, PD_STORE_ERR_INVALID, "a ladder has 0 to %d steps, not %d", PD_LADDER_MAX, l->n);
    if (l->n > 0 ? l->current < 0 || l->current >= l->n : l->current != 0)
        return pd_store_fail(st, PD_STORE_ERR_INVALID, "the current step %d is not on the ladder (1-%d)",
                             l->current + 1, l->n);
    for (int i = 0; i < l->n; i++) {
        char err[300];
        if (pd_step_check(&l->step[i], err, sizeof err) != 0)
            return pd_store_fail(st, PD_STORE_ERR_INVALID, "step %d of the ladder: %s; nothing was saved", i + 1,
                                 err);
    }
    /* new ids are given to l only when the whole ladder is committed */
    pd_ladder copy = *l;
    pd_store_status r = pd_store_begin(st, "saving the ladder");
    if (r != PD_STORE_OK) return r;
    if ((r = write_ladder(st, &copy)) != PD_STORE_OK) {
        pd_store_rollback(st);
        return r;
    }
    if ((r = pd_store_commit(st, "saving the ladder")) != PD_STORE_OK) return r;
    for (int i = 0; i < l->n; i++) l->step[i].id = copy.step[i].id;
    return PD_STORE_OK;
}

/* ---- exposures -------------------------------------------------------------------- */

#define EXPOSURE_COLS                                                                              \
    "id, step_id, step_title, date, session, rep, real_world, suds_before, suds_peak, suds_after, " \
    "feared, likelihood, happened, take_id"

static pd_store_status read_exposure(pd_store *st, sqlite3_stmt *s, pd_exposure *e)
{
    static const char what[] = "reading the exposures";
    pd_exposure_init(e);
    e->id = sqlite3_column_int64(s, 0);
    e->step_id = col_id(s, 1);
    e->date = sqlite3_column_int64(s, 3);
    e->session = sqlite3_column_int64(s, 4);
    e->rep = sqlite3_column_int(s, 5);
    e->real_world = sqlite3_column_int(s, 6);
    e->suds_before = col_rating(s, 7);
    e->suds_peak = col_rating(s, 8);
    e->suds_after = col_rating(s, 9);
    e->likelihood = col_rating(s, 11);
    e->happened = col_rating(s, 12);
    e->take_id = col_id(s, 13);
    pd_store_status r = col_str(st, s, 2, e->step_title, sizeof e->step_title, what);
    if (r == PD_STORE_OK) r = col_str(st, s, 10, e->feared, sizeof e->feared, what);
    return r;
}

/* 1 when a row of table has that id, 0 when none, -1 on a database error. */
static int row_exists(pd_store *st, const char *sql, int64_t id, const char *what)
{
    sqlite3_stmt *s;
    if (pd_store_prepare(st, sql, &s, what) != PD_STORE_OK) return -1;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    int res = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
    if (res < 0) pd_store_db_fail(st, what);
    sqlite3_finalize(s);
    return res;
}

/* Checks what names other rows (the step, the take) and fills an empty
 * step_title from the step; inside the caller's transaction. */
static pd_store_status check_links(pd_store *st, pd_exposure *e, const char *what)
{
    if (e->take_id > 0) {
        int k = row_exists(st, "SELECT 1 FROM take WHERE id = ?", e->take_id, what);
        if (k < 0) return PD_STORE_ERR_DB;
        if (k == 0)
            return pd_store_fail(st, PD_STORE_ERR_INVALID, "there is no take %lld; 'podium history' lists them",
                                 (long long)e->take_id);
    }
    if (e->step_id <= 0) return PD_STORE_OK;
    sqlite3_stmt *s;
    pd_store_status r = pd_store_prepare(st, "SELECT title FROM step WHERE id = ?", &s, what);
    if (r != PD_STORE_OK) return r;
    sqlite3_bind_int64(s, 1, e->step_id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        if (!e->step_title[0]) r = col_str(st, s, 0, e->step_title, sizeof e->step_title, what);
    } else if (rc == SQLITE_DONE)
        r = pd_store_fail(st, PD_STORE_ERR_INVALID, "there is no step with id %lld on the ladder",
                          (long long)e->step_id);
    else
        r = pd_store_db_fail(st, what);
    sqlite3_finalize(s);
    return r;
}

pd_store_status pd_store_save_exposure(pd_store *st, pd_exposure *e)
{
    static const char what[] = "saving the exposure";
    if (!st || !e) return PD_STORE_ERR_INVALID;
    char err[300];
    if (pd_exposure_check(e, err, sizeof err) != 0)
        return pd_store_fail(st, PD_STORE_ERR_INVALID, "%s; nothing was saved", err);
    if (e->id < 0 || e->rep < 0)
        return pd_store_fail(st, PD_STORE_ERR_INVALID, "an exposure's id and repetition are not negative");
    pd_exposure x = *e;
    if (x.date == 0) x.date = (int64_t)time(NULL);
    if (x.session == 0) x.session = x.date;
    if (x.rep == 0) x.rep = 1;
    pd_store_status r = pd_store_begin(st, what);
    if (r != PD_STORE_OK) return r;
    sqlite3_stmt *s = NULL;
    if ((r = check_links(st, &x, what)) == PD_STORE_OK) {
        if (x.id > 0)
            r = pd_store_prepare(st,
                                 "UPDATE exposure SET step_id = ?1, step_title = ?2, date = ?3, session = ?4, "
                                 "rep = ?5, real_world = ?6, suds_before = ?7, suds_peak = ?8, suds_after = ?9, "
                                 "feared = ?10, likelihood = ?11, happened = ?12, take_id = ?13 WHERE id = ?14",
                                 &s, what);
        else
            r = pd_store_prepare(st,
                                 "INSERT INTO exposure (step_id, step_title, date, session, rep, real_world, "
                                 "suds_before, suds_peak, suds_after, feared, likelihood, happened, take_id) "
                                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                                 &s, what);
    }
    if (r == PD_STORE_OK) {
        bind_id(s, 1, x.step_id);
        sqlite3_bind_text(s, 2, x.step_title, (int)strnlen(x.step_title, sizeof x.step_title), SQLITE_TRANSIENT);
        sqlite3_bind_int64(s, 3, x.date);
        sqlite3_bind_int64(s, 4, x.session);
        sqlite3_bind_int(s, 5, x.rep);
        sqlite3_bind_int(s, 6, x.real_world ? 1 : 0);
        bind_rating(s, 7, x.suds_before);
        bind_rating(s, 8, x.suds_peak);
        bind_rating(s, 9, x.suds_after);
        sqlite3_bind_text(s, 10, x.feared, (int)strnlen(x.feared, sizeof x.feared), SQLITE_TRANSIENT);
        bind_rating(s, 11, x.likelihood);
        bind_rating(s, 12, x.happened);
        bind_id(s, 13, x.take_id);
        if (x.id > 0) sqlite3_bind_int64(s, 14, x.id);
        r = run(st, s, what);
    }
    if (r == PD_STORE_OK && x.id > 0 && sqlite3_changes(pd_store_sqlite(st)) == 0)
        r = pd_store_fail(st, PD_STORE_ERR_NOT_FOUND, "there is no exposure %lld; 'podium exposures' lists them",
                          (long long)x.id);
    if (r == PD_STORE_OK && x.id == 0) x.id = sqlite3_last_insert_rowid(pd_store_sqlite(st));
    if (r != PD_STORE_OK) {
        pd_store_rollback(st);
        return r;
    }
    if ((r = pd_store_commit(st, what)) != PD_STORE_OK) return r;
    *e = x;
    return PD_STORE_OK;
}

pd_store_status pd_store_exposures(pd_store *st, pd_exposure **ex, size_t *n)
{
    static const char what[] = "reading the exposures";
    if (!st || !ex || !n) return PD_STORE_ERR_INVALID;
    *ex = NULL;
    *n = 0;
    sqlite3_stmt *s;
    pd_store_status r =
        pd_store_prepare(st, "SELECT " EXPOSURE_COLS " FROM exposure ORDER BY date, id", &s, what);
    if (r != PD_STORE_OK) return r;
    pd_exposure *v = NULL;
    size_t len = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (pd_store_grow(&v, &cap, len, sizeof *v, 16) != 0) {
            r = pd_store_fail(st, PD_STORE_ERR_NOMEM, "out of memory %s", what);
            break;
        }
        if ((r = read_exposure(st, s, &v[len])) != PD_STORE_OK) break;
        len++;
    }
    if (r == PD_STORE_OK && rc != SQLITE_DONE) r = pd_store_db_fail(st, what);
    sqlite3_finalize(s);
    if (r != PD_STORE_OK) {
        free(v);
        return r;
    }
    *ex = v;
    *n = len;
    return PD_STORE_OK;
}

pd_store_status pd_store_delete_exposure(pd_store *st, int64_t id)
{
    static const char what[] = "deleting the exposure";
    if (!st) return PD_STORE_ERR_INVALID;
    pd_store_status r = pd_store_begin(st, what);
    if (r != PD_STORE_OK) return r;
    sqlite3_stmt *s;
    if ((r = pd_store_prepare(st, "DELETE FROM exposure WHERE id = ?", &s, what)) == PD_STORE_OK) {
        sqlite3_bind_int64(s, 1, id);
        r = run(st, s, what);
    }
    if (r == PD_STORE_OK && sqlite3_changes(pd_store_sqlite(st)) == 0)
        r = pd_store_fail(st, PD_STORE_ERR_NOT_FOUND, "there is no exposure %lld; 'podium exposures' lists them",
                          (long long)id);
    if (r != PD_STORE_OK) {
        pd_store_rollback(st);
        return r;
    }
    return pd_store_commit(st, what);
}

/* ---- rows and the export ------------------------------------------------------------- */

static int step_no(const pd_ladder *l, const pd_exposure *e)
{
    int i = l && e->step_id > 0 ? pd_ladder_find(l, e->step_id) : -1;
    return i >= 0 ? i + 1 : 0;
}

void pd_store_exposures_json(const pd_exposure *ex, size_t n, const pd_ladder *l, pd_sb *out)
{
    pd_sb_puts(out, "[");
    for (size_t i = 0; i < n; i++) {
        pd_sb_puts(out, i ? ",\n" : "\n");
        pd_exposure_json(&ex[i], step_no(l, &ex[i]), out);
    }
    pd_sb_puts(out, "\n]\n");
}

void pd_store_exposures_csv(const pd_exposure *ex, size_t n, const pd_ladder *l, pd_sb *out)
{
    pd_exposure_csv_header(out);
    for (size_t i = 0; i < n; i++) pd_exposure_csv(&ex[i], step_no(l, &ex[i]), out);
}

pd_store_status pd_store_export_programme(pd_store *st, const char *dir_out)
{
    pd_ladder *l = malloc(sizeof *l); /* ~20 KB: not on the stack of a caller's caller */
    if (!l) return pd_store_fail(st, PD_STORE_ERR_NOMEM, "out of memory exporting");
    pd_exposure *ex = NULL;
    size_t n = 0;
    int exists = 0;
    /* an export writes no ladder into the store: none made yet is exported empty */
    pd_store_status r = pd_store_read_ladder(st, l, &exists);
    if (r == PD_STORE_OK) r = pd_store_exposures(st, &ex, &n);
    pd_sb csv, json, txt;
    pd_sb_init(&csv);
    pd_sb_init(&json);
    pd_sb_init(&txt);
    if (r == PD_STORE_OK) {
        pd_store_exposures_csv(ex, n, l, &csv);
        pd_store_exposures_json(ex, n, l, &json);
        pd_ladder_write(l, &txt);
        if (pd_sb_status(&csv) != PD_OK || pd_sb_status(&json) != PD_OK || pd_sb_status(&txt) != PD_OK)
            r = pd_store_fail(st, PD_STORE_ERR_NOMEM, "out of memory exporting");
    }
    static const char *const names[] = {"exposures.csv", "exposures.json", "ladder.txt"};
    const pd_sb *bufs[] = {&csv, &json, &txt};
    for (int i = 0; i < 3 && r == PD_STORE_OK; i++) {
        char path[PATH_MAX + 32];
        snprintf(path, sizeof path, "%s/%s", dir_out, names[i]);
        r = pd_store_write_file(st, path, bufs[i]);
    }
    pd_sb_free(&csv);
    pd_sb_free(&json);
    pd_sb_free(&txt);
    free(ex);
    free(l);
    return r;
}
