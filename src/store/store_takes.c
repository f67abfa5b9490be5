/* store_takes.c - the takes in the history (see store.h): adding and
 * importing them, reading them (list, count, get, the report and the
 * advice), changing them (star, note, distress ratings, delete), and the
 * baseline, comparison and trend over them. The rows' columns are read into
 * a pd_take here (pd_store_build_cols(), read_take()). */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "podium/audio_file.h"
#include "podium/report.h"
#include "store_internal.h"

/* ---- the take columns ------------------------------------------------------ */

void pd_store_build_cols(pd_store *st)
{
    size_t len = (size_t)snprintf(st->cols, sizeof st->cols,
                                  "id, recorded_at, drill, target_s, lang, recording, source, "
                                  "duration_s, dropped_frames, speech_detected, star, note");
    const pd_metric_info *mt = pd_metric_table();
    for (int i = 0; i < PD_METRIC_COUNT && len < sizeof st->cols; i++)
        len += (size_t)snprintf(st->cols + len, sizeof st->cols - len, ", %s", mt[i].name);
}
#define COL_METRIC0 12

/* One row of st->cols into t. A NULL in a NOT NULL column is a record
 * damaged on its page (SQLite reads it as NULLs): DAMAGED, not a take with
 * empty fields. */
static pd_store_status read_take(pd_store *st, sqlite3_stmt *s, int64_t baseline_id, pd_take *t,
                                 const char *what)
{
    static const int NOT_NULL[] = {1, 7, 8, 9, 10}; /* recorded_at, duration_s, dropped_frames, speech, star */
    memset(t, 0, sizeof *t);
    for (size_t k = 0; k < sizeof NOT_NULL / sizeof NOT_NULL[0]; k++)
        if (sqlite3_column_type(s, NOT_NULL[k]) == SQLITE_NULL) {
            char found[200];
            snprintf(found, sizeof found, "a missing value while %s", what);
            return pd_store_damaged(st, found);
        }
    pd_store_status r;
    t->id = sqlite3_column_int64(s, 0);
    t->recorded_at = sqlite3_column_int64(s, 1);
    if ((r = pd_store_col_copy(st, s, 2, t->drill, sizeof t->drill, what)) != PD_STORE_OK) return r;
    t->target_s = pd_store_col_num(s, 3);
    if ((r = pd_store_col_copy(st, s, 4, t->lang, sizeof t->lang, what)) != PD_STORE_OK) return r;
    pd_store_col_text(s, 5, t->recording, sizeof t->recording); /* NULL: no recording */
    if ((r = pd_store_col_copy(st, s, 6, t->source, sizeof t->source, what)) != PD_STORE_OK) return r;
    t->duration_s = pd_store_col_num(s, 7);
    t->dropped_frames = (long)sqlite3_column_int64(s, 8);
    t->speech_detected = sqlite3_column_int(s, 9);
    t->star = sqlite3_column_int(s, 10);
    if ((r = pd_store_col_copy(st, s, 11, t->note, sizeof t->note, what)) != PD_STORE_OK) return r;
    for (int i = 0; i < PD_METRIC_COUNT; i++) t->metric[i] = pd_store_col_num(s, COL_METRIC0 + i);
    t->is_baseline = baseline_id > 0 && t->id == baseline_id;
    return PD_STORE_OK;
}

static int64_t marked_baseline(pd_store *st)
{
    sqlite3_stmt *s;
    int64_t id = 0;
    if (sqlite3_prepare_v2(st->db, "SELECT take_id FROM baseline WHERE take_id IS NOT NULL", -1, &s, NULL) !=
        SQLITE_OK)
        return 0;
    if (sqlite3_step(s) == SQLITE_ROW) id = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return id;
}

void pd_take_meta_init(pd_take_meta *m)
{
    memset(m, 0, sizeof *m);
    snprintf(m->drill, sizeof m->drill, "free");
    snprintf(m->lang, sizeof m->lang, "en");
    m->target_s = NAN;
}

/* ---- adding takes ------------------------------------------------------------ */

static pd_store_status insert_rows(pd_store *st, const pd_take_meta *m, const char *rec_name,
                                   const pd_report *r, int64_t *id)
{
    double metric[PD_METRIC_COUNT];
    pd_metrics_from_report(r, metric);
    char sql[2048];
    size_t len = (size_t)snprintf(sql, sizeof sql,
                                  "INSERT INTO take (recorded_at, drill, target_s, lang, recording, "
                                  "source, duration_s, dropped_frames, speech_detected");
    const pd_metric_info *mt = pd_metric_table();
    for (int i = 0; i < PD_METRIC_COUNT; i++)
        len += (size_t)snprintf(sql + len, sizeof sql - len, ", %s", mt[i].name);
    len += (size_t)snprintf(sql + len, sizeof sql - len, ") VALUES (?,?,?,?,?,?,?,?,?");
    for (int i = 0; i < PD_METRIC_COUNT; i++) len += (size_t)snprintf(sql + len, sizeof sql - len, ",?");
    snprintf(sql + len, sizeof sql - len, ")");

    sqlite3_stmt *s = NULL;
    pd_store_status res = pd_store_prepare(st, sql, &s, "saving the take");
    if (res != PD_STORE_OK) return res;
    sqlite3_bind_int64(s, 1, m->recorded_at);
    sqlite3_bind_text(s, 2, m->drill[0] ? m->drill : "free", -1, SQLITE_TRANSIENT);
    pd_store_bind_num(s, 3, m->target_s > 0 ? m->target_s : NAN);
    sqlite3_bind_text(s, 4, m->lang[0] ? m->lang : "en", -1, SQLITE_TRANSIENT);
    if (rec_name && rec_name[0])
        sqlite3_bind_text(s, 5, rec_name, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(s, 5);
    sqlite3_bind_text(s, 6, m->source, -1, SQLITE_TRANSIENT);
    pd_store_bind_num(s, 7, r->duration_s);
    sqlite3_bind_int64(s, 8, m->dropped_frames);
    sqlite3_bind_int(s, 9, r->speech_detected ? 1 : 0);
    for (int i = 0; i < PD_METRIC_COUNT; i++) pd_store_bind_num(s, 10 + i, metric[i]);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) return pd_store_db_fail(st, "saving the take");
    int64_t new_id = sqlite3_last_insert_rowid(st->db);

    pd_sb json;
    pd_sb_init(&json);
    pd_report_json(r, 0, &json);
    if (pd_sb_status(&json) != PD_OK) {
        pd_sb_free(&json);
        return pd_store_fail(st, PD_STORE_ERR_NOMEM, "out of memory formatting the report");
    }
    res = pd_store_prepare(st, "INSERT INTO report (take_id, json) VALUES (?, ?)", &s, "saving the report");
    if (res == PD_STORE_OK) {
        sqlite3_bind_int64(s, 1, new_id);
        sqlite3_bind_text(s, 2, json.data, (int)json.len, SQLITE_STATIC);
        rc = sqlite3_step(s);
        sqlite3_finalize(s);
        if (rc != SQLITE_DONE) res = pd_store_db_fail(st, "saving the report");
    }
    pd_sb_free(&json);
    if (res != PD_STORE_OK) return res;

    res = pd_store_prepare(st,
                           "INSERT INTO feedback (take_id, seq, item, severity, message, value, threshold) "
                           "VALUES (?,?,?,?,?,?,?)",
                           &s, "saving the advice");
    if (res != PD_STORE_OK) return res;
    for (size_t i = 0; i < r->n_feedback; i++) {
        const pd_feedback_item *f = &r->feedback[i];
        sqlite3_reset(s);
        sqlite3_bind_int64(s, 1, new_id);
        sqlite3_bind_int(s, 2, (int)i);
        sqlite3_bind_text(s, 3, f->id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(s, 4, (int)f->severity);
        sqlite3_bind_text(s, 5, f->message, -1, SQLITE_TRANSIENT);
        pd_store_bind_num(s, 6, f->value);
        pd_store_bind_num(s, 7, f->threshold);
        if (sqlite3_step(s) != SQLITE_DONE) {
            res = pd_store_db_fail(st, "saving the advice");
            break;
        }
    }
    sqlite3_finalize(s);
    if (res == PD_STORE_OK) res = pd_store_insert_moments(st, new_id, r, m);
    if (res == PD_STORE_OK) *id = new_id;
    return res;
}

pd_store_status pd_store_add(pd_store *st, const pd_take_meta *meta, const char *audio_path,
                             const pd_report *r, int64_t *id)
{
    if (!st || !r || !id) return PD_STORE_ERR_INVALID;
    pd_take_meta m;
    if (meta)
        m = *meta;
    else
        pd_take_meta_init(&m);
    if (m.recorded_at == 0) m.recorded_at = (int64_t)time(NULL);
    saved_rec sr = {.name = "", .fd = -1, .adopted = 0};
    pd_store_status res;
    if (audio_path && (res = pd_store_save_recording(st, audio_path, m.recorded_at, &sr)) != PD_STORE_OK)
        return res;
    if (sr.adopted) {
        /* an orphan already named by a take is not adopted twice */
        sqlite3_stmt *s;
        if (pd_store_prepare(st, "SELECT id FROM take WHERE recording = ?", &s, "checking the recording") ==
            PD_STORE_OK) {
            sqlite3_bind_text(s, 1, sr.name, -1, SQLITE_TRANSIENT);
            if (sqlite3_step(s) == SQLITE_ROW) {
                long long other = sqlite3_column_int64(s, 0);
                sqlite3_finalize(s);
                pd_store_release_rec(&sr);
                return pd_store_fail(st, PD_STORE_ERR_INVALID, "'%s' is already in the history as take %lld",
                                     audio_path, other);
            }
            sqlite3_finalize(s);
        }
    }
    int64_t new_id = 0;
    if ((res = pd_store_begin(st, "saving the take")) != PD_STORE_OK) goto fail;
    if ((res = insert_rows(st, &m, sr.name, r, &new_id)) != PD_STORE_OK) {
        pd_store_rollback(st);
        goto fail;
    }
    if ((res = pd_store_commit(st, "saving the take")) != PD_STORE_OK) goto fail;
    pd_store_release_rec(&sr);
    *id = new_id;
    return PD_STORE_OK;
fail:
    pd_store_discard_rec(st, &sr);
    return res;
}

pd_store_status pd_store_import(pd_store *st, const char *path, const pd_take_meta *meta,
                                const pd_feedback_bounds *bounds, const char *ui_lang, int64_t *id)
{
    if (!st || !path || !id) return PD_STORE_ERR_INVALID;
    pd_take_meta m;
    if (meta)
        m = *meta;
    else
        pd_take_meta_init(&m);
    struct stat sb;
    if (m.recorded_at == 0 && stat(path, &sb) == 0) m.recorded_at = (int64_t)sb.st_mtime;
    if (!m.source[0]) {
        char real[PATH_MAX];
        snprintf(m.source, sizeof m.source, "%s", realpath(path, real) ? real : path);
    }
    pd_analysis_config cfg;
    pd_analysis_config_init(&cfg, m.lang[0] ? m.lang : "en");
    pd_report *r = NULL;
    char err[600];
    if (pd_analyse_file(path, &cfg, &r, err, sizeof err) != 0)
        return pd_store_fail(st, PD_STORE_ERR_AUDIO, "%s", err);
    pd_feedback_bounds def;
    if (!bounds) {
        pd_feedback_bounds_init(&def);
        bounds = &def;
    }
    pd_store_status res;
    if (pd_feedback_evaluate_timed(r, bounds, m.target_s, ui_lang ? ui_lang : "en") != PD_OK)
        res = pd_store_fail(st, PD_STORE_ERR_NOMEM, "out of memory writing the advice for '%s'", path);
    else
        res = pd_store_add(st, &m, path, r, id);
    pd_report_destroy(r);
    return res;
}

/* ---- reading ---------------------------------------------------------------- */

pd_store_status pd_store_find_source(pd_store *st, const char *source, int64_t *id)
{
    *id = 0;
    if (!source || !source[0]) return PD_STORE_OK;
    sqlite3_stmt *s;
    pd_store_status r = pd_store_prepare(st, "SELECT id FROM take WHERE source = ? ORDER BY id DESC LIMIT 1", &s,
                                         "looking for an earlier import");
    if (r != PD_STORE_OK) return r;
    sqlite3_bind_text(s, 1, source, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) *id = sqlite3_column_int64(s, 0);
    else if (rc != SQLITE_DONE) r = pd_store_db_fail(st, "looking for an earlier import");
    sqlite3_finalize(s);
    return r;
}

pd_store_status pd_store_count(pd_store *st, size_t *n)
{
    sqlite3_stmt *s;
    pd_store_status r = pd_store_prepare(st, "SELECT count(*) FROM take", &s, "counting the takes");
    if (r != PD_STORE_OK) return r;
    if (sqlite3_step(s) == SQLITE_ROW)
        *n = (size_t)sqlite3_column_int64(s, 0);
    else
        r = pd_store_db_fail(st, "counting the takes");
    sqlite3_finalize(s);
    return r;
}

pd_store_status pd_store_list(pd_store *st, size_t offset, size_t limit, pd_take **takes, size_t *n)
{
    if (!st || !takes || !n) return PD_STORE_ERR_INVALID;
    char sql[1400];
    snprintf(sql, sizeof sql, "SELECT %s FROM take ORDER BY recorded_at DESC, id DESC LIMIT ? OFFSET ?",
             st->cols);
    sqlite3_stmt *s;
    pd_store_status r = pd_store_prepare(st, sql, &s, "listing the takes");
    if (r != PD_STORE_OK) return r;
    sqlite3_bind_int64(s, 1, limit ? (sqlite3_int64)limit : -1);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)offset);
    int64_t bl = marked_baseline(st);
    size_t cap = 64, len = 0;
    pd_take *v = malloc(cap * sizeof *v);
    int rc = SQLITE_ROW;
    while (v && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (len == cap) {
            pd_take *nv = realloc(v, 2 * cap * sizeof *v);
            if (!nv) {
                free(v);
                v = NULL;
                break;
            }
            v = nv;
            cap *= 2;
        }
        if ((r = read_take(st, s, bl, &v[len++], "listing the takes")) != PD_STORE_OK) break;
    }
    if (!v)
        r = pd_store_fail(st, PD_STORE_ERR_NOMEM, "out of memory listing the takes");
    else if (r == PD_STORE_OK && rc != SQLITE_DONE)
        r = pd_store_db_fail(st, "listing the takes");
    sqlite3_finalize(s);
    if (r != PD_STORE_OK) {
        free(v);
        return r;
    }
    *takes = v;
    *n = len;
    return PD_STORE_OK;
}

pd_store_status pd_store_get(pd_store *st, int64_t id, pd_take *t)
{
    if (!st || !t) return PD_STORE_ERR_INVALID;
    char sql[1400];
    snprintf(sql, sizeof sql, "SELECT %s FROM take WHERE id = ?", st->cols);
    sqlite3_stmt *s;
    pd_store_status r = pd_store_prepare(st, sql, &s, "reading the take");
    if (r != PD_STORE_OK) return r;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        r = read_take(st, s, marked_baseline(st), t, "reading the take");
    else if (rc == SQLITE_DONE)
        r = pd_store_fail(st, PD_STORE_ERR_NOT_FOUND, "there is no take %lld; 'podium history' lists them",
                          (long long)id);
    else
        r = pd_store_db_fail(st, "reading the take");
    sqlite3_finalize(s);
    return r;
}

pd_store_status pd_store_report_json(pd_store *st, int64_t id, pd_sb *out)
{
    sqlite3_stmt *s;
    pd_store_status r =
        pd_store_prepare(st, "SELECT json FROM report WHERE take_id = ?", &s, "reading the report");
    if (r != PD_STORE_OK) return r;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    const char *json;
    if (rc == SQLITE_ROW) {
        if ((r = pd_store_col_str(st, s, 0, &json, "reading the report")) == PD_STORE_OK) {
            /* a damaged page can change bytes inside the text: what is not
             * one valid JSON object is not copied into the output */
            if (json[0] == '{' && pd_json_valid(json)) {
                pd_sb_puts(out, json);
            } else {
                r = pd_store_fail(
                    st, PD_STORE_ERR_DAMAGED,
                    "the history database holds a damaged report for take %lld (not a valid JSON "
                    "object); its figures are still listed. To remove it: podium delete %lld",
                    (long long)id, (long long)id);
            }
        }
    } else if (rc == SQLITE_DONE)
        r = pd_store_fail(st, PD_STORE_ERR_NOT_FOUND, "there is no take %lld", (long long)id);
    else
        r = pd_store_db_fail(st, "reading the report");
    sqlite3_finalize(s);
    return r;
}

pd_store_status pd_store_feedback(pd_store *st, int64_t id, pd_feedback_item **items, size_t *n)
{
    sqlite3_stmt *s;
    pd_store_status r = pd_store_prepare(st,
                                         "SELECT item, severity, message, value, threshold FROM feedback "
                                         "WHERE take_id = ? ORDER BY seq",
                                         &s, "reading the advice");
    if (r != PD_STORE_OK) return r;
    sqlite3_bind_int64(s, 1, id);
    size_t len = 0, cap = 0;
    pd_feedback_item *v = NULL;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (pd_store_grow(&v, &cap, len, sizeof *v, 8) != 0) {
            r = pd_store_fail(st, PD_STORE_ERR_NOMEM, "out of memory");
            break;
        }
        pd_feedback_item *f = &v[len++];
        memset(f, 0, sizeof *f);
        f->severity = (pd_severity)sqlite3_column_int(s, 1);
        if ((r = pd_store_col_copy(st, s, 0, f->id, sizeof f->id, "reading the advice")) != PD_STORE_OK ||
            (r = pd_store_col_copy(st, s, 2, f->message, sizeof f->message, "reading the advice")) != PD_STORE_OK)
            break;
        f->value = pd_store_col_num(s, 3);
        f->threshold = pd_store_col_num(s, 4);
    }
    if (r == PD_STORE_OK && rc != SQLITE_DONE) r = pd_store_db_fail(st, "reading the advice");
    sqlite3_finalize(s);
    if (r != PD_STORE_OK) {
        free(v);
        return r;
    }
    *items = v;
    *n = len;
    return PD_STORE_OK;
}

/* ---- changing takes ---------------------------------------------------------- */

/* Runs one UPDATE/INSERT with an id (and optional int/text) in a transaction;
 * NOT_FOUND when it touched no row. */
static pd_store_status write_one(pd_store *st, const char *sql, int64_t id, int has_int, int ival,
                                 const char *text, const char *what)
{
    pd_store_status r = pd_store_begin(st, what);
    if (r != PD_STORE_OK) return r;
    sqlite3_stmt *s;
    if ((r = pd_store_prepare(st, sql, &s, what)) != PD_STORE_OK) {
        pd_store_rollback(st);
        return r;
    }
    int k = 1;
    if (has_int) sqlite3_bind_int(s, k++, ival);
    if (text) sqlite3_bind_text(s, k++, text, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, k, id);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        r = pd_store_db_fail(st, what);
        pd_store_rollback(st);
        return r;
    }
    if (sqlite3_changes(st->db) == 0) {
        pd_store_rollback(st);
        return pd_store_fail(st, PD_STORE_ERR_NOT_FOUND, "there is no take %lld; 'podium history' lists them",
                             (long long)id);
    }
    return pd_store_commit(st, what);
}

pd_store_status pd_store_set_star(pd_store *st, int64_t id, int star)
{
    return write_one(st, "UPDATE take SET star = ? WHERE id = ?", id, 1, star ? 1 : 0, NULL,
                     "starring the take");
}

pd_store_status pd_store_set_note(pd_store *st, int64_t id, const char *note)
{
    if (!note) note = "";
    if (strlen(note) >= PD_STORE_NOTE_MAX)
        return pd_store_fail(st, PD_STORE_ERR_INVALID, "the note is too long (at most %d bytes)",
                             PD_STORE_NOTE_MAX - 1);
    return write_one(st, "UPDATE take SET note = ? WHERE id = ?", id, 0, 0, note, "saving the note");
}

pd_store_status pd_store_add_distress(pd_store *st, int64_t id, const char *moment, int rating)
{
    if (!moment || !*moment || strlen(moment) >= sizeof((pd_distress *)0)->moment)
        return pd_store_fail(st, PD_STORE_ERR_INVALID,
                             "a distress rating needs a short moment name (before, after)");
    if (rating < 0 || rating > 100)
        return pd_store_fail(st, PD_STORE_ERR_INVALID, "a distress rating is 0-100 (SUDS), not %d", rating);
    pd_take t;
    pd_store_status r = pd_store_get(st, id, &t);
    if (r != PD_STORE_OK) return r;
    return write_one(st, "INSERT INTO distress (rating, moment, take_id) VALUES (?, ?, ?)", id, 1, rating,
                     moment, "saving the rating");
}

pd_store_status pd_store_distress(pd_store *st, int64_t id, pd_distress **d, size_t *n)
{
    sqlite3_stmt *s;
    pd_store_status r = pd_store_prepare(
        st, "SELECT moment, rating FROM distress WHERE take_id = ? ORDER BY id", &s, "reading the ratings");
    if (r != PD_STORE_OK) return r;
    sqlite3_bind_int64(s, 1, id);
    size_t len = 0, cap = 0;
    pd_distress *v = NULL;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (pd_store_grow(&v, &cap, len, sizeof *v, 4) != 0) {
            r = pd_store_fail(st, PD_STORE_ERR_NOMEM, "out of memory");
            break;
        }
        if ((r = pd_store_col_copy(st, s, 0, v[len].moment, sizeof v[len].moment, "reading the ratings")) !=
            PD_STORE_OK)
            break;
        v[len++].rating = sqlite3_column_int(s, 1);
    }
    if (r == PD_STORE_OK && rc != SQLITE_DONE) r = pd_store_db_fail(st, "reading the ratings");
    sqlite3_finalize(s);
    if (r != PD_STORE_OK) {
        free(v);
        return r;
    }
    *d = v;
    *n = len;
    return PD_STORE_OK;
}

pd_store_status pd_store_delete(pd_store *st, int64_t id)
{
    pd_take t;
    pd_store_status r = pd_store_get(st, id, &t);
    if (r != PD_STORE_OK) return r;
    /* a name not of the store's form (a damaged row) could lead out of
     * recordings/: the row goes, the name is never made a path */
    char bad_name[sizeof t.recording] = "";
    if (t.recording[0] && !pd_store_rec_name_ok(t.recording)) {
        snprintf(bad_name, sizeof bad_name, "%s", t.recording);
        t.recording[0] = 0;
    }
    if ((r = pd_store_begin(st, "deleting the take")) != PD_STORE_OK) return r;
    sqlite3_stmt *s;
    if (t.recording[0]) {
        /* the file goes after the commit; a crash in between leaves its name
         * here and the next open removes it */
        if ((r = pd_store_prepare(st, "INSERT OR IGNORE INTO pending_unlink (name) VALUES (?)", &s,
                                  "deleting the take")) != PD_STORE_OK) {
            pd_store_rollback(st);
            return r;
        }
        sqlite3_bind_text(s, 1, t.recording, -1, SQLITE_TRANSIENT);
        int rc = sqlite3_step(s);
        sqlite3_finalize(s);
        if (rc != SQLITE_DONE) {
            r = pd_store_db_fail(st, "deleting the take");
            pd_store_rollback(st);
            return r;
        }
    }
    if ((r = pd_store_prepare(st, "DELETE FROM take WHERE id = ?", &s, "deleting the take")) != PD_STORE_OK) {
        pd_store_rollback(st);
        return r;
    }
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        r = pd_store_db_fail(st, "deleting the take");
        pd_store_rollback(st);
        return r;
    }
    if ((r = pd_store_commit(st, "deleting the take")) != PD_STORE_OK) return r;
    if (bad_name[0]) {
        pd_sb name;
        pd_sb_init(&name);
        pd_sb_text(&name, bad_name);
        r = pd_store_fail(st, PD_STORE_ERR_DAMAGED,
                          "take %lld was deleted, but the history database '%s' is damaged there: its "
                          "recording was named '%s', not a name Podium gives (NAME.flac in '%s'), so no file "
                          "was removed",
                          (long long)id, st->db_path, name.data ? name.data : "", st->rec_dir);
        pd_sb_free(&name);
        return r;
    }
    if (t.recording[0]) {
        char path[PATH_MAX + 128];
        pd_store_recording_path(st, &t, path, sizeof path);
        if (unlink(path) != 0 && errno != ENOENT)
            return pd_store_fail(st, PD_STORE_ERR_IO,
                                 "take %lld was deleted but its recording '%s' could not "
                                 "be removed: %s",
                                 (long long)id, path, strerror(errno));
        pd_store_fsync_dir(st->rec_dir);
        if (pd_store_begin(st, "cleaning up") == PD_STORE_OK) {
            if (pd_store_prepare(st, "DELETE FROM pending_unlink WHERE name = ?", &s, "cleaning up") ==
                PD_STORE_OK) {
                sqlite3_bind_text(s, 1, t.recording, -1, SQLITE_TRANSIENT);
                sqlite3_step(s);
                sqlite3_finalize(s);
            }
            pd_store_commit(st, "cleaning up");
        }
    }
    return PD_STORE_OK;
}

/* ---- baseline, compare, trend ----------------------------------------------- */

pd_store_status pd_store_set_baseline(pd_store *st, int64_t id)
{
    if (id > 0) {
        pd_take t;
        pd_store_status r = pd_store_get(st, id, &t);
        if (r != PD_STORE_OK) return r;
        return write_one(st, "INSERT OR REPLACE INTO baseline (one, take_id) VALUES (1, ?)", id, 0, 0, NULL,
                         "marking the baseline");
    }
    return pd_store_exec(st, "DELETE FROM baseline", "clearing the baseline");
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The baseline leaving out exclude_id; with before set, only takes recorded
 * before (at, id) (the same second: a lower id) make the median. */
static pd_store_status baseline_of(pd_store *st, int64_t exclude_id, int before, int64_t at,
                                   pd_baseline *b)
{
    memset(b, 0, sizeof *b);
    for (int i = 0; i < PD_METRIC_COUNT; i++) b->metric[i] = NAN;
    int64_t marked = marked_baseline(st);
    if (marked > 0 && marked != exclude_id) {
        pd_take t;
        pd_store_status r = pd_store_get(st, marked, &t);
        if (r != PD_STORE_OK) return r;
        b->kind = PD_BASELINE_MARKED;
        b->take_id = marked;
        b->n_takes = 1;
        memcpy(b->metric, t.metric, sizeof b->metric);
        return PD_STORE_OK;
    }
    char sql[1400];
    snprintf(sql, sizeof sql,
             "SELECT %s FROM take WHERE speech_detected = 1 AND (speech_s IS NULL OR speech_s >= %g) "
             "AND id != ?1 %s"
             "ORDER BY recorded_at DESC, id DESC LIMIT %d",
             st->cols, PD_BASELINE_MIN_SPEECH_S,
             before ? "AND (recorded_at < ?2 OR (recorded_at = ?2 AND id < ?1)) " : "", PD_BASELINE_TAKES);
    sqlite3_stmt *s;
    pd_store_status r = pd_store_prepare(st, sql, &s, "computing the baseline");
    if (r != PD_STORE_OK) return r;
    sqlite3_bind_int64(s, 1, exclude_id);
    if (before) sqlite3_bind_int64(s, 2, at);
    double v[PD_METRIC_COUNT][PD_BASELINE_TAKES];
    int nv[PD_METRIC_COUNT] = {0};
    int rc, rows = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW && rows < PD_BASELINE_TAKES) {
        pd_take t;
        if ((r = read_take(st, s, 0, &t, "computing the baseline")) != PD_STORE_OK) break;
        rows++;
        for (int i = 0; i < PD_METRIC_COUNT; i++)
            if (isfinite(t.metric[i])) v[i][nv[i]++] = t.metric[i];
    }
    if (r == PD_STORE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) r = pd_store_db_fail(st, "computing the baseline");
    sqlite3_finalize(s);
    if (r != PD_STORE_OK) return r;
    if (rows == 0) return PD_STORE_OK;
    b->kind = PD_BASELINE_MEDIAN;
    b->n_takes = rows;
    for (int i = 0; i < PD_METRIC_COUNT; i++) {
        int k = nv[i];
        if (k == 0) continue;
        qsort(v[i], (size_t)k, sizeof v[i][0], cmp_double);
        b->metric[i] = k % 2 ? v[i][k / 2] : 0.5 * (v[i][k / 2 - 1] + v[i][k / 2]);
    }
    return PD_STORE_OK;
}

pd_store_status pd_store_baseline(pd_store *st, int64_t exclude_id, pd_baseline *b)
{
    return baseline_of(st, exclude_id, 0, 0, b);
}

pd_store_status pd_store_baseline_before(pd_store *st, int64_t id, pd_baseline *b)
{
    pd_take t;
    pd_store_status r = pd_store_get(st, id, &t);
    if (r != PD_STORE_OK) return r;
    return baseline_of(st, id, 1, t.recorded_at, b);
}

pd_store_status pd_store_compare(pd_store *st, int64_t id_a, int64_t id_b, const pd_feedback_bounds *bounds,
                                 pd_compare_row *rows)
{
    pd_take a, b;
    pd_store_status r = pd_store_get(st, id_a, &a);
    if (r == PD_STORE_OK) r = pd_store_get(st, id_b, &b);
    if (r != PD_STORE_OK) return r;
    for (int i = 0; i < PD_METRIC_COUNT; i++) {
        rows[i].metric = (pd_metric)i;
        rows[i].a = a.metric[i];
        rows[i].b = b.metric[i];
        rows[i].verdict = pd_metric_verdict((pd_metric)i, a.metric[i], b.metric[i], bounds);
    }
    return PD_STORE_OK;
}

pd_store_status pd_store_trend(pd_store *st, pd_metric m, pd_trend_point **pts, size_t *n)
{
    if ((int)m < 0 || m >= PD_METRIC_COUNT) return pd_store_fail(st, PD_STORE_ERR_INVALID, "unknown metric");
    const char *col = pd_metric_table()[m].name; /* from the table: never user text */
    char sql[300];
    snprintf(sql, sizeof sql,
             "SELECT id, recorded_at, %s FROM take WHERE %s IS NOT NULL "
             "ORDER BY recorded_at, id",
             col, col);
    sqlite3_stmt *s;
    pd_store_status r = pd_store_prepare(st, sql, &s, "reading the trend");
    if (r != PD_STORE_OK) return r;
    size_t len = 0, cap = 256;
    pd_trend_point *v = malloc(cap * sizeof *v);
    int rc = SQLITE_ROW;
    while (v && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (len == cap) {
            pd_trend_point *nv = realloc(v, 2 * cap * sizeof *v);
            if (!nv) {
                free(v);
                v = NULL;
                break;
            }
            v = nv;
            cap *= 2;
        }
        v[len].id = sqlite3_column_int64(s, 0);
        v[len].recorded_at = sqlite3_column_int64(s, 1);
        v[len++].value = sqlite3_column_double(s, 2);
    }
    if (!v)
        r = pd_store_fail(st, PD_STORE_ERR_NOMEM, "out of memory reading the trend");
    else if (rc != SQLITE_DONE)
        r = pd_store_db_fail(st, "reading the trend");
    sqlite3_finalize(s);
    if (r != PD_STORE_OK) {
        free(v);
        return r;
    }
    *pts = v;
    *n = len;
    return PD_STORE_OK;
}
