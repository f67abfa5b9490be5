/* store_db.c - the history's connection and schema (see store.h): errors,
 * the SQL helpers the other store files share, the schema migrations,
 * open/close (with recovery of an interrupted delete and moving a damaged
 * database aside), the data directory, and the integrity check. Takes are
 * in store_takes.c; recordings, orphans and export in store_files.c.
 *
 * Schema (PRAGMA user_version; each step below is applied in order, in one
 * transaction, by whichever process opens an older database first):
 *   1  take (metadata + the main metrics as columns), report (full JSON)
 *   2  distress (SUDS ratings, for the desensitisation drills)
 *   3  baseline (the marked take; ON DELETE SET NULL), pending_unlink
 *      (recordings of deleted takes, removed after the commit)
 *   4  take.source (where an import came from), feedback (advice items)
 *   5  the programme: step (the ladder's steps), ladder (that one exists,
 *      and its current step), exposure (ratings, expectation, take)
 *   6  moment (a take's excluded intervals and its answers' starts, so a
 *      re-analysis of a kept take leaves out what its drill played)
 *   7  lost_input (where a take's recording lost input: silence, left out
 *      of its analysis, named as such in Results)
 *
 * Durability: WAL with synchronous=FULL (a committed take survives a crash
 * of the process and of the machine); recordings are fsynced and renamed
 * into place, and the directory fsynced, before their row is committed
 * (store_files.c). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "store_internal.h"

#define DB_NAME "podium.db"
#define REC_DIR "recordings"

/* ---- schema ---------------------------------------------------------------- */

static const char *const MIGRATIONS[PD_STORE_SCHEMA_VERSION] = {
    /* 1 */
    "CREATE TABLE take ("
    " id INTEGER PRIMARY KEY,"
    " recorded_at INTEGER NOT NULL,"
    " drill TEXT NOT NULL DEFAULT 'free',"
    " target_s REAL,"
    " lang TEXT NOT NULL DEFAULT 'en',"
    " recording TEXT UNIQUE,"
    " duration_s REAL NOT NULL,"
    " dropped_frames INTEGER NOT NULL DEFAULT 0,"
    " speech_detected INTEGER NOT NULL,"
    " speech_rate_syl_s REAL, articulation_rate_syl_s REAL, words_per_min_est REAL,"
    " pauses_per_min REAL, long_pauses REAL, mean_length_of_run_syl REAL,"
    " filled_pauses_per_100w REAL, f0_sd_st REAL, f0_median_hz REAL, loudness_lufs REAL,"
    " rush_start_ratio REAL, trail_off_db REAL, clipped_samples REAL, speech_s REAL,"
    " note TEXT NOT NULL DEFAULT '',"
    " star INTEGER NOT NULL DEFAULT 0 CHECK (star IN (0, 1)));"
    "CREATE INDEX take_by_time ON take(recorded_at, id);"
    "CREATE TABLE report ("
    " take_id INTEGER PRIMARY KEY REFERENCES take(id) ON DELETE CASCADE,"
    " json TEXT NOT NULL);",
    /* 2 */
    "CREATE TABLE distress ("
    " id INTEGER PRIMARY KEY,"
    " take_id INTEGER NOT NULL REFERENCES take(id) ON DELETE CASCADE,"
    " moment TEXT NOT NULL,"
    " rating INTEGER NOT NULL CHECK (rating BETWEEN 0 AND 100));"
    "CREATE INDEX distress_by_take ON distress(take_id);",
    /* 3 */
    "CREATE TABLE baseline ("
    " one INTEGER PRIMARY KEY CHECK (one = 1),"
    " take_id INTEGER REFERENCES take(id) ON DELETE SET NULL);"
    "CREATE TABLE pending_unlink (name TEXT PRIMARY KEY);",
    /* 4 */
    "ALTER TABLE take ADD COLUMN source TEXT NOT NULL DEFAULT '';"
    "CREATE TABLE feedback ("
    " take_id INTEGER NOT NULL REFERENCES take(id) ON DELETE CASCADE,"
    " seq INTEGER NOT NULL,"
    " item TEXT NOT NULL,"
    " severity INTEGER NOT NULL,"
    " message TEXT NOT NULL,"
    " value REAL,"
    " threshold REAL,"
    " PRIMARY KEY (take_id, seq));",
    /* 5: the desensitisation programme (store_programme.c); AUTOINCREMENT:
     * the id of a removed step or a deleted exposure is never given again,
     * so a screen still holding it cannot change another row */
    "CREATE TABLE step ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " position INTEGER NOT NULL,"
    " title TEXT NOT NULL,"
    " real_world INTEGER NOT NULL DEFAULT 0 CHECK (real_world IN (0, 1)),"
    " drill_s INTEGER NOT NULL,"
    " prep_s INTEGER NOT NULL,"
    " card TEXT NOT NULL,"
    " reps INTEGER NOT NULL,"
    " listen_back INTEGER NOT NULL CHECK (listen_back IN (0, 1)),"
    " second_try INTEGER NOT NULL CHECK (second_try IN (0, 1)),"
    " audience_size INTEGER NOT NULL DEFAULT 0,"
    " audience_attitude TEXT NOT NULL DEFAULT 'none',"
    " audience_bored INTEGER NOT NULL DEFAULT 0,"
    " audience_distractions INTEGER NOT NULL DEFAULT 0,"
    " audience_questions INTEGER NOT NULL DEFAULT 0,"
    " expected INTEGER CHECK (expected BETWEEN 0 AND 100));"
    "CREATE INDEX step_by_position ON step(position, id);"
    "CREATE TABLE ladder ("
    " one INTEGER PRIMARY KEY CHECK (one = 1),"
    " current_step INTEGER REFERENCES step(id) ON DELETE SET NULL);"
    "CREATE TABLE exposure ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " step_id INTEGER REFERENCES step(id) ON DELETE SET NULL,"
    " step_title TEXT NOT NULL,"
    " date INTEGER NOT NULL,"
    " session INTEGER NOT NULL,"
    " rep INTEGER NOT NULL DEFAULT 1,"
    " real_world INTEGER NOT NULL DEFAULT 0 CHECK (real_world IN (0, 1)),"
    " suds_before INTEGER CHECK (suds_before BETWEEN 0 AND 100),"
    " suds_peak INTEGER CHECK (suds_peak BETWEEN 0 AND 100),"
    " suds_after INTEGER CHECK (suds_after BETWEEN 0 AND 100),"
    " feared TEXT NOT NULL DEFAULT '',"
    " likelihood INTEGER CHECK (likelihood BETWEEN 0 AND 100),"
    " happened INTEGER CHECK (happened BETWEEN 0 AND 100),"
    " take_id INTEGER REFERENCES take(id) ON DELETE SET NULL);"
    /* by date for the lists; by step and take for the foreign keys' SET NULL */
    "CREATE INDEX exposure_by_date ON exposure(date, id);"
    "CREATE INDEX exposure_by_step ON exposure(step_id);"
    "CREATE INDEX exposure_by_take ON exposure(take_id);",
    /* 6: the moments of a take (store_moments.c): 'excluded' intervals (the
     * distraction sounds its drill played, kept out of its analysis) and
     * 'answer' starts (end_s NULL) of the questions asked after the pitch */
    "CREATE TABLE moment ("
    " take_id INTEGER NOT NULL REFERENCES take(id) ON DELETE CASCADE,"
    " kind TEXT NOT NULL CHECK (kind IN ('excluded', 'answer')),"
    " seq INTEGER NOT NULL,"
    " start_s REAL NOT NULL CHECK (start_s >= 0),"
    " end_s REAL CHECK (end_s IS NULL OR end_s >= start_s),"
    " PRIMARY KEY (take_id, kind, seq));",
    /* 7: where a take's recording lost input (store_moments.c; the
     * recorder's gaps): among its excluded intervals too, kept apart so
     * Results can say which were lost and which were played */
    "CREATE TABLE lost_input ("
    " take_id INTEGER NOT NULL REFERENCES take(id) ON DELETE CASCADE,"
    " seq INTEGER NOT NULL,"
    " start_s REAL NOT NULL CHECK (start_s >= 0),"
    " end_s REAL NOT NULL CHECK (end_s > start_s),"
    " PRIMARY KEY (take_id, seq));",
};

/* ---- errors ---------------------------------------------------------------- */

const char *pd_store_status_str(pd_store_status s)
{
    switch (s) {
    case PD_STORE_OK: return "ok";
    case PD_STORE_ERR_INVALID: return "invalid argument";
    case PD_STORE_ERR_NOMEM: return "out of memory";
    case PD_STORE_ERR_IO: return "input/output error";
    case PD_STORE_ERR_READONLY: return "read-only";
    case PD_STORE_ERR_DAMAGED: return "damaged database";
    case PD_STORE_ERR_NEWER: return "database from a newer Podium";
    case PD_STORE_ERR_BUSY: return "database busy";
    case PD_STORE_ERR_NOT_FOUND: return "no such take";
    case PD_STORE_ERR_AUDIO: return "recording error";
    case PD_STORE_ERR_DB: return "database error";
    }
    return "unknown error";
}

pd_store_status pd_store_fail(pd_store *st, pd_store_status s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(st->err, sizeof st->err, fmt, ap);
    va_end(ap);
    return s;
}

/* Maps the connection's last error to a status and a message saying what to do. */
pd_store_status pd_store_db_fail(pd_store *st, const char *what)
{
    int rc = sqlite3_errcode(st->db);
    const char *msg = sqlite3_errmsg(st->db);
    switch (rc & 0xff) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return pd_store_fail(st, PD_STORE_ERR_DAMAGED,
                             "the history database '%s' is damaged (%s, while %s); it was left untouched. "
                             "Run the command again with --reset-db to move it aside and start a new one",
                             st->db_path, msg, what);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return pd_store_fail(st, PD_STORE_ERR_BUSY,
                             "the history database is busy: another Podium process held it too long "
                             "(while %s); try again",
                             what);
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
        return pd_store_fail(st, PD_STORE_ERR_READONLY,
                             "cannot write the history database '%s' (%s, while %s); check the permissions "
                             "of '%s' or choose another place with --data-dir",
                             st->db_path, msg, what, st->dir);
    case SQLITE_FULL:
        return pd_store_fail(st, PD_STORE_ERR_IO,
                             "the disk is full (while %s); free some space and try again", what);
    case SQLITE_NOMEM: return pd_store_fail(st, PD_STORE_ERR_NOMEM, "out of memory while %s", what);
    case SQLITE_IOERR:
        return pd_store_fail(st, PD_STORE_ERR_IO,
                             "cannot read or write the history database '%s' (%s, while %s)", st->db_path,
                             msg, what);
    default: return pd_store_fail(st, PD_STORE_ERR_DB, "history database error while %s: %s", what, msg);
    }
}

const char *pd_store_errmsg(const pd_store *st)
{
    return st ? st->err : "no store";
}
const char *pd_store_dir(const pd_store *st)
{
    return st->dir;
}
const char *pd_store_notice(const pd_store *st)
{
    return st->notice;
}

/* ---- small helpers -------------------------------------------------------- */

pd_store_status pd_store_exec(pd_store *st, const char *sql, const char *what)
{
    if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK) return pd_store_db_fail(st, what);
    return PD_STORE_OK;
}

pd_store_status pd_store_begin(pd_store *st, const char *what)
{
    return pd_store_exec(st, "BEGIN IMMEDIATE", what);
}

pd_store_status pd_store_commit(pd_store *st, const char *what)
{
    if (sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        pd_store_status s = pd_store_db_fail(st, what);
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
        return s;
    }
    return PD_STORE_OK;
}

void pd_store_rollback(pd_store *st)
{
    if (!sqlite3_get_autocommit(st->db)) sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

pd_store_status pd_store_prepare(pd_store *st, const char *sql, sqlite3_stmt **stmt, const char *what)
{
    if (sqlite3_prepare_v2(st->db, sql, -1, stmt, NULL) != SQLITE_OK) {
        *stmt = NULL;
        return pd_store_db_fail(st, what);
    }
    return PD_STORE_OK;
}

void pd_store_bind_num(sqlite3_stmt *s, int i, double v)
{
    if (isfinite(v))
        sqlite3_bind_double(s, i, v);
    else
        sqlite3_bind_null(s, i);
}

double pd_store_col_num(sqlite3_stmt *s, int i)
{
    return sqlite3_column_type(s, i) == SQLITE_NULL ? NAN : sqlite3_column_double(s, i);
}

void pd_store_col_text(sqlite3_stmt *s, int i, char *out, size_t len)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    snprintf(out, len, "%s", t ? (const char *)t : "");
}

pd_store_status pd_store_damaged(pd_store *st, const char *found)
{
    return pd_store_fail(st, PD_STORE_ERR_DAMAGED,
                         "the history database '%s' is damaged (%s); it was left untouched. Run the command "
                         "again with --reset-db to move it aside and start a new one",
                         st->db_path, found);
}

pd_store_status pd_store_col_str(pd_store *st, sqlite3_stmt *s, int i, const char **out, const char *what)
{
    *out = (const char *)sqlite3_column_text(s, i);
    if (*out) return PD_STORE_OK;
    if (sqlite3_column_type(s, i) != SQLITE_NULL)
        return pd_store_fail(st, PD_STORE_ERR_NOMEM, "out of memory while %s", what);
    char found[200];
    snprintf(found, sizeof found, "a missing value while %s", what);
    return pd_store_damaged(st, found);
}

pd_store_status pd_store_col_copy(pd_store *st, sqlite3_stmt *s, int i, char *out, size_t len, const char *what)
{
    const char *t;
    pd_store_status r = pd_store_col_str(st, s, i, &t, what);
    snprintf(out, len, "%s", r == PD_STORE_OK ? t : "");
    return r;
}

/* Room for one more element in the growable array *pv (a pointer to the
 * array pointer) of *cap elements of elem bytes, len in use: the capacity
 * doubles, from first. 0, or 1 when out of memory (the array is kept). */
int pd_store_grow(void *pv, size_t *cap, size_t len, size_t elem, size_t first)
{
    if (len < *cap) return 0;
    size_t c = *cap ? 2 * *cap : first;
    void *old;
    memcpy(&old, pv, sizeof old);
    void *nv = realloc(old, c * elem);
    if (!nv) return 1;
    memcpy(pv, &nv, sizeof nv);
    *cap = c;
    return 0;
}

int pd_store_fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd < 0) return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

int pd_store_mkdir_p(const char *path, mode_t mode)
{
    char tmp[PATH_MAX];
    if (snprintf(tmp, sizeof tmp, "%s", path) >= (int)sizeof tmp) {
        errno = ENAMETOOLONG;
        return -1;
    }
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/') continue;
        *p = 0;
        if (mkdir(tmp, mode) != 0 && errno != EEXIST) return -1;
        *p = '/';
    }
    if (mkdir(tmp, mode) != 0 && errno != EEXIST) return -1;
    return 0;
}

int pd_store_is_ro_errno(int e)
{
    return e == EACCES || e == EROFS || e == EPERM;
}

/* ---- options, directory ---------------------------------------------------- */

void pd_store_options_init(pd_store_options *o)
{
    memset(o, 0, sizeof *o);
}

int pd_store_resolve_dir(const char *explicit_dir, char *out, size_t out_len)
{
    const char *env = getenv("PODIUM_DATA_DIR");
    const char *xdg = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");
    int n;
    if (explicit_dir && *explicit_dir)
        n = snprintf(out, out_len, "%s", explicit_dir);
    else if (env && *env)
        n = snprintf(out, out_len, "%s", env);
    else if (xdg && xdg[0] == '/')
        n = snprintf(out, out_len, "%s/podium", xdg); /* XDG: absolute only */
    else if (home && *home)
        n = snprintf(out, out_len, "%s/.local/share/podium", home);
    else
        return -1;
    if (n < 0 || (size_t)n >= out_len) return -1;
    while (n > 1 && out[n - 1] == '/') out[--n] = 0;
    return 0;
}

/* ---- open ------------------------------------------------------------------ */

/* Creates the database file 0600 before SQLite does (SQLite would use 0644
 * minus the umask; its -wal and -shm files copy the database's mode). */
static pd_store_status create_db_file(pd_store *st)
{
    int fd = open(st->db_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 && errno != EEXIST)
        return pd_store_fail(st, pd_store_is_ro_errno(errno) ? PD_STORE_ERR_READONLY : PD_STORE_ERR_IO,
                             "cannot create the history database '%s': %s; check the permissions of '%s' "
                             "or choose another place with --data-dir",
                             st->db_path, strerror(errno), st->dir);
    if (fd >= 0) close(fd);
    return PD_STORE_OK;
}

static void close_db(pd_store *st)
{
    if (st->db) sqlite3_close_v2(st->db);
    st->db = NULL;
}

/* Opens the connection and reads the schema: a file that is not a database
 * (or whose first pages are corrupt) fails here, before anything is written. */
static pd_store_status open_db(pd_store *st, int busy_ms, int full_check)
{
    if (sqlite3_open_v2(st->db_path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK) {
        if (!st->db) return pd_store_fail(st, PD_STORE_ERR_NOMEM, "out of memory opening the history");
        return pd_store_db_fail(st, "opening it");
    }
    sqlite3_extended_result_codes(st->db, 0);
    sqlite3_busy_timeout(st->db, busy_ms);
    sqlite3_stmt *s;
    pd_store_status r = pd_store_prepare(st, "SELECT count(*) FROM sqlite_master", &s, "reading its schema");
    if (r != PD_STORE_OK) return r;
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW) return pd_store_db_fail(st, "reading its schema");
    if (full_check) {
        r = pd_store_check(st);
        if (r != PD_STORE_OK) return r;
    }
    /* journal_mode returns a row; exec ignores it. Already WAL: nothing to
     * change (switching needs an exclusive lock). */
    int wal = 0;
    if (sqlite3_prepare_v2(st->db, "PRAGMA journal_mode", -1, &s, NULL) == SQLITE_OK) {
        if (sqlite3_step(s) == SQLITE_ROW) {
            const char *mode = (const char *)sqlite3_column_text(s, 0);
            wal = mode && sqlite3_stricmp(mode, "wal") == 0;
        }
        sqlite3_finalize(s);
    }
    if (!wal && (r = pd_store_exec(st, "PRAGMA journal_mode=WAL", "switching to WAL")) != PD_STORE_OK)
        return r;
    if ((r = pd_store_exec(st, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON", "setting it up")) !=
        PD_STORE_OK)
        return r;
    return PD_STORE_OK;
}

static int user_version(pd_store *st)
{
    sqlite3_stmt *s;
    int v = -1;
    if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK) return -1;
    if (sqlite3_step(s) == SQLITE_ROW) v = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    return v;
}

static pd_store_status migrate(pd_store *st, int target)
{
    int v = user_version(st);
    if (v < 0) return pd_store_db_fail(st, "reading the schema version");
    if (v > PD_STORE_SCHEMA_VERSION)
        return pd_store_fail(st, PD_STORE_ERR_NEWER,
                             "the history database '%s' was written by a newer Podium (schema %d; this one "
                             "knows up to %d); it was left untouched: update Podium to use it",
                             st->db_path, v, PD_STORE_SCHEMA_VERSION);
    if (v >= target) return PD_STORE_OK;
    pd_store_status r = pd_store_begin(st, "upgrading the schema");
    if (r != PD_STORE_OK) return r;
    v = user_version(st); /* another process may have migrated meanwhile */
    for (int k = v; k < target; k++) {
        if (sqlite3_exec(st->db, MIGRATIONS[k], NULL, NULL, NULL) != SQLITE_OK) {
            r = pd_store_db_fail(st, "upgrading the schema");
            pd_store_rollback(st);
            return r;
        }
    }
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version=%d", target > v ? target : v);
    if ((r = pd_store_exec(st, sql, "upgrading the schema")) != PD_STORE_OK) {
        pd_store_rollback(st);
        return r;
    }
    return pd_store_commit(st, "upgrading the schema");
}

/* Renames the database (and its -wal, -shm) to NAME.damaged-YYYYMMDD-HHMMSS. */
static pd_store_status move_aside(pd_store *st)
{
    char stamp[32], aside[PATH_MAX + 64];
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    snprintf(aside, sizeof aside, "%s.damaged-%s", st->db_path, stamp);
    for (int k = 2; access(aside, F_OK) == 0 && k < 100; k++)
        snprintf(aside, sizeof aside, "%s.damaged-%s-%d", st->db_path, stamp, k);
    if (rename(st->db_path, aside) != 0)
        return pd_store_fail(st, PD_STORE_ERR_IO, "cannot move the damaged database '%s' aside: %s",
                             st->db_path, strerror(errno));
    static const char *const side[] = {"-wal", "-shm"};
    for (int i = 0; i < 2; i++) {
        char from[PATH_MAX + 8], to[PATH_MAX + 80];
        snprintf(from, sizeof from, "%s%s", st->db_path, side[i]);
        snprintf(to, sizeof to, "%s%s", aside, side[i]);
        if (access(from, F_OK) == 0) rename(from, to);
    }
    pd_store_fsync_dir(st->dir);
    snprintf(st->notice, sizeof st->notice,
             "the damaged history database was moved, untouched, to '%s'; a new one was started. "
             "Recordings without a take are listed by 'podium history' and can be imported again",
             aside);
    return PD_STORE_OK;
}

/* Finishes a delete that a crash interrupted: recordings of deleted takes
 * still on disk (their names wait in pending_unlink). */
static void recover(pd_store *st)
{
    sqlite3_stmt *s;
    int pending = 0;
    if (sqlite3_prepare_v2(st->db, "SELECT 1 FROM pending_unlink LIMIT 1", -1, &s, NULL) == SQLITE_OK) {
        pending = sqlite3_step(s) == SQLITE_ROW;
        sqlite3_finalize(s);
    }
    if (!pending || pd_store_begin(st, "cleaning up") != PD_STORE_OK) return;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT name FROM pending_unlink WHERE name NOT IN "
                           "(SELECT recording FROM take WHERE recording IS NOT NULL)",
                           -1, &s, NULL) == SQLITE_OK) {
        while (sqlite3_step(s) == SQLITE_ROW) {
            /* a name that is not of the store's form (a damaged row) is
             * dropped, never made a path */
            const char *name = (const char *)sqlite3_column_text(s, 0);
            if (!name || !pd_store_rec_name_ok(name)) continue;
            char path[PATH_MAX + 128];
            snprintf(path, sizeof path, "%s/%s", st->rec_dir, name);
            unlink(path);
        }
        sqlite3_finalize(s);
        sqlite3_exec(st->db, "DELETE FROM pending_unlink", NULL, NULL, NULL);
    }
    pd_store_commit(st, "cleaning up");
}

static pd_store_status open_impl(const pd_store_options *opt, int version, pd_store **out, char *err,
                                 size_t err_len)
{
    pd_store_options defaults;
    if (!opt) {
        pd_store_options_init(&defaults);
        opt = &defaults;
    }
    pd_store *st = calloc(1, sizeof *st);
    if (!st) {
        snprintf(err, err_len, "out of memory opening the history");
        return PD_STORE_ERR_NOMEM;
    }
    pd_store_status r = PD_STORE_OK;
    int busy_ms = opt->busy_timeout_ms > 0 ? opt->busy_timeout_ms : 5000;
    pd_store_build_cols(st);
    if (pd_store_resolve_dir(opt->data_dir, st->dir, sizeof st->dir) != 0) {
        r = pd_store_fail(st, PD_STORE_ERR_INVALID,
                          "no data directory: set HOME, PODIUM_DATA_DIR or give "
                          "--data-dir DIR");
        goto done;
    }
    snprintf(st->rec_dir, sizeof st->rec_dir, "%.*s/" REC_DIR, (int)(sizeof st->rec_dir - 16), st->dir);
    snprintf(st->db_path, sizeof st->db_path, "%.*s/" DB_NAME, (int)(sizeof st->db_path - 16), st->dir);
    if (pd_store_mkdir_p(st->dir, 0700) != 0) {
        r = pd_store_fail(st, pd_store_is_ro_errno(errno) ? PD_STORE_ERR_READONLY : PD_STORE_ERR_IO,
                          "cannot create the data directory '%s': %s; choose another place with --data-dir "
                          "or PODIUM_DATA_DIR",
                          st->dir, strerror(errno));
        goto done;
    }
    struct stat sb;
    if (stat(st->dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        r = pd_store_fail(st, PD_STORE_ERR_IO,
                          "the data directory '%s' is not a directory; choose another "
                          "place with --data-dir",
                          st->dir);
        goto done;
    }
    if (access(st->dir, R_OK | W_OK | X_OK) != 0) {
        r = pd_store_fail(st, PD_STORE_ERR_READONLY,
                          "the data directory '%s' is read-only or not accessible (%s): Podium keeps its "
                          "history there and cannot use it; fix its permissions or choose another place "
                          "with --data-dir or PODIUM_DATA_DIR",
                          st->dir, strerror(errno));
        goto done;
    }
    if (sb.st_mode & 0077)   /* recordings of a voice are private: say when others can reach them */
        snprintf(st->notice, sizeof st->notice,
                 "warning: the data directory '%s' can be opened by other users (mode %04o); "
                 "'chmod 700 %s' keeps your recordings private",
                 st->dir, (unsigned)(sb.st_mode & 07777), st->dir);
    if (mkdir(st->rec_dir, 0700) != 0 && errno != EEXIST) {
        r = pd_store_fail(st, pd_store_is_ro_errno(errno) ? PD_STORE_ERR_READONLY : PD_STORE_ERR_IO,
                          "cannot create '%s': %s; check the permissions of the data directory", st->rec_dir,
                          strerror(errno));
        goto done;
    }
    if (stat(st->db_path, &sb) != 0) {
        if ((r = create_db_file(st)) != PD_STORE_OK) goto done;
    } else if (!S_ISREG(sb.st_mode)) {
        r = pd_store_fail(st, PD_STORE_ERR_IO, "'%s' is not a file; move it away", st->db_path);
        goto done;
    } else if (access(st->db_path, R_OK | W_OK) != 0) {
        r = pd_store_fail(st, PD_STORE_ERR_READONLY,
                          "the history database '%s' cannot be read and written (%s); fix its permissions "
                          "(chmod 600) or choose another place with --data-dir",
                          st->db_path, strerror(errno));
        goto done;
    }
    /* Setting up a database another process is creating or recovering at the
     * same moment can return BUSY without waiting (SQLite does not call the
     * busy handler there): such steps are retried until the timeout. */
    for (int waited_ms = 0;; waited_ms += 20) {
        r = open_db(st, busy_ms, opt->reset_damaged);
        if (r == PD_STORE_ERR_DAMAGED && opt->reset_damaged) {
            close_db(st);
            if ((r = move_aside(st)) != PD_STORE_OK) goto done;
            if ((r = create_db_file(st)) != PD_STORE_OK) goto done;
            r = open_db(st, busy_ms, 0);
        }
        if (r == PD_STORE_OK) r = migrate(st, version);
        if (r != PD_STORE_ERR_BUSY || waited_ms >= busy_ms) break;
        close_db(st);
        struct timespec ts = {0, 20 * 1000000L};
        nanosleep(&ts, NULL);
    }
    if (r != PD_STORE_OK) goto done;
    if (version >= 3) recover(st);
done:
    if (r != PD_STORE_OK) {
        snprintf(err, err_len, "%s", st->err);
        close_db(st);
        free(st);
        return r;
    }
    st->err[0] = 0;
    *out = st;
    return PD_STORE_OK;
}

pd_store_status pd_store_open(const pd_store_options *o, pd_store **out, char *err, size_t err_len)
{
    return open_impl(o, PD_STORE_SCHEMA_VERSION, out, err, err_len);
}

pd_store_status pd_store_open_version(const pd_store_options *o, int version, pd_store **out, char *err,
                                      size_t err_len)
{
    if (version < 1 || version > PD_STORE_SCHEMA_VERSION) {
        snprintf(err, err_len, "no schema version %d", version);
        return PD_STORE_ERR_INVALID;
    }
    return open_impl(o, version, out, err, err_len);
}

sqlite3 *pd_store_sqlite(pd_store *st)
{
    return st->db;
}

void pd_store_close(pd_store *st)
{
    if (!st) return;
    close_db(st);
    free(st);
}

/* ---- integrity ------------------------------------------------------------- */

pd_store_status pd_store_check(pd_store *st)
{
    sqlite3_stmt *s;
    pd_store_status r = pd_store_prepare(st, "PRAGMA integrity_check", &s, "checking it");
    if (r != PD_STORE_OK) return r;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        const char *res = (const char *)sqlite3_column_text(s, 0);
        if (!res || strcmp(res, "ok") != 0) {
            /* the report is one problem per line: the first (not the header) says enough */
            char first[160];
            const char *p = res ? res : "?";
            if (strncmp(p, "*** ", 4) == 0 && strchr(p, '\n')) p = strchr(p, '\n') + 1;
            size_t len = strcspn(p, "\n");
            snprintf(first, sizeof first, "%.*s", (int)(len < 150 ? len : 150), p);
            r = pd_store_fail(st, PD_STORE_ERR_DAMAGED,
                              "the history database '%s' is damaged (%s); it was left untouched. Run the "
                              "command again with --reset-db to move it aside and start a new one",
                              st->db_path, first);
        }
    } else
        r = pd_store_db_fail(st, "checking it");
    sqlite3_finalize(s);
    return r;
}
