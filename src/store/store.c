/* store.c - the practice history in SQLite (see store.h).
 *
 * Schema (PRAGMA user_version; each step below is applied in order, in one
 * transaction, by whichever process opens an older database first):
 *   1  take (metadata + the main metrics as columns), report (full JSON)
 *   2  distress (SUDS ratings, for the desensitisation drills)
 *   3  baseline (the marked take; ON DELETE SET NULL), pending_unlink
 *      (recordings of deleted takes, removed after the commit)
 *   4  take.source (where an import came from), feedback (advice items)
 *
 * Durability: WAL with synchronous=FULL (a committed take survives a crash
 * of the process and of the machine); recordings are fsynced and renamed
 * into place, and the directory fsynced, before their row is committed.
 * While a recording is being saved its file holds an flock(), so another
 * process does not take it for an orphan. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <sndfile.h>
#include "podium/audio_file.h"
#include "podium/report.h"
#include "store_internal.h"

#define DB_NAME      "podium.db"
#define REC_DIR      "recordings"
#define PART_SUFFIX  ".part"
#define STALE_PART_S 600 /* an unlocked .part older than this is a crashed save */

struct pd_store {
    sqlite3 *db;
    char dir[PATH_MAX];
    char rec_dir[PATH_MAX];
    char db_path[PATH_MAX];
    char cols[1024]; /* the take columns read into a pd_take */
    char err[700];
    char notice[900];
};

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

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static pd_store_status
fail(pd_store *st, pd_store_status s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(st->err, sizeof st->err, fmt, ap);
    va_end(ap);
    return s;
}

/* Maps the connection's last error to a status and a message saying what to do. */
static pd_store_status db_fail(pd_store *st, const char *what)
{
    int rc = sqlite3_errcode(st->db);
    const char *msg = sqlite3_errmsg(st->db);
    switch (rc & 0xff) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return fail(st, PD_STORE_ERR_DAMAGED,
                    "the history database '%s' is damaged (%s, while %s); it was left untouched. "
                    "Run the command again with --reset-db to move it aside and start a new one",
                    st->db_path, msg, what);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return fail(st, PD_STORE_ERR_BUSY,
                    "the history database is busy: another Podium process held it too long "
                    "(while %s); try again",
                    what);
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
        return fail(st, PD_STORE_ERR_READONLY,
                    "cannot write the history database '%s' (%s, while %s); check the permissions "
                    "of '%s' or choose another place with --data-dir",
                    st->db_path, msg, what, st->dir);
    case SQLITE_FULL:
        return fail(st, PD_STORE_ERR_IO, "the disk is full (while %s); free some space and try again", what);
    case SQLITE_NOMEM: return fail(st, PD_STORE_ERR_NOMEM, "out of memory while %s", what);
    case SQLITE_IOERR:
        return fail(st, PD_STORE_ERR_IO, "cannot read or write the history database '%s' (%s, while %s)",
                    st->db_path, msg, what);
    default: return fail(st, PD_STORE_ERR_DB, "history database error while %s: %s", what, msg);
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

static pd_store_status exec(pd_store *st, const char *sql, const char *what)
{
    if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK) return db_fail(st, what);
    return PD_STORE_OK;
}

static pd_store_status begin(pd_store *st, const char *what)
{
    return exec(st, "BEGIN IMMEDIATE", what);
}

static pd_store_status commit(pd_store *st, const char *what)
{
    if (sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        pd_store_status s = db_fail(st, what);
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
        return s;
    }
    return PD_STORE_OK;
}

static void rollback(pd_store *st)
{
    if (!sqlite3_get_autocommit(st->db)) sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

static pd_store_status prepare(pd_store *st, const char *sql, sqlite3_stmt **stmt, const char *what)
{
    if (sqlite3_prepare_v2(st->db, sql, -1, stmt, NULL) != SQLITE_OK) {
        *stmt = NULL;
        return db_fail(st, what);
    }
    return PD_STORE_OK;
}

static void bind_num(sqlite3_stmt *s, int i, double v)
{
    if (isfinite(v))
        sqlite3_bind_double(s, i, v);
    else
        sqlite3_bind_null(s, i);
}

static double col_num(sqlite3_stmt *s, int i)
{
    return sqlite3_column_type(s, i) == SQLITE_NULL ? NAN : sqlite3_column_double(s, i);
}

static void col_text(sqlite3_stmt *s, int i, char *out, size_t len)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    snprintf(out, len, "%s", t ? (const char *)t : "");
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

static int fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd < 0) return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

static int mkdir_p(const char *path, mode_t mode)
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

/* ---- options, directory ---------------------------------------------------- */

void pd_store_options_init(pd_store_options *o)
{
    memset(o, 0, sizeof *o);
}

void pd_take_meta_init(pd_take_meta *m)
{
    memset(m, 0, sizeof *m);
    snprintf(m->drill, sizeof m->drill, "free");
    snprintf(m->lang, sizeof m->lang, "en");
    m->target_s = NAN;
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

static int is_ro_errno(int e)
{
    return e == EACCES || e == EROFS || e == EPERM;
}

/* Creates the database file 0600 before SQLite does (SQLite would use 0644
 * minus the umask; its -wal and -shm files copy the database's mode). */
static pd_store_status create_db_file(pd_store *st)
{
    int fd = open(st->db_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 && errno != EEXIST)
        return fail(st, is_ro_errno(errno) ? PD_STORE_ERR_READONLY : PD_STORE_ERR_IO,
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
        if (!st->db) return fail(st, PD_STORE_ERR_NOMEM, "out of memory opening the history");
        return db_fail(st, "opening it");
    }
    sqlite3_extended_result_codes(st->db, 0);
    sqlite3_busy_timeout(st->db, busy_ms);
    sqlite3_stmt *s;
    pd_store_status r = prepare(st, "SELECT count(*) FROM sqlite_master", &s, "reading its schema");
    if (r != PD_STORE_OK) return r;
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW) return db_fail(st, "reading its schema");
    if (full_check) {
        r = pd_store_check(st);
        if (r != PD_STORE_OK) return r;
    }
    /* journal_mode returns a row; exec ignores it. Already WAL: nothing to
     * change (switching needs an exclusive lock). */
    int wal = 0;
    if (sqlite3_prepare_v2(st->db, "PRAGMA journal_mode", -1, &s, NULL) == SQLITE_OK) {
        if (sqlite3_step(s) == SQLITE_ROW)
            wal = sqlite3_stricmp((const char *)sqlite3_column_text(s, 0), "wal") == 0;
        sqlite3_finalize(s);
    }
    if (!wal && (r = exec(st, "PRAGMA journal_mode=WAL", "switching to WAL")) != PD_STORE_OK) return r;
    if ((r = exec(st, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON", "setting it up")) != PD_STORE_OK)
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
    if (v < 0) return db_fail(st, "reading the schema version");
    if (v > PD_STORE_SCHEMA_VERSION)
        return fail(st, PD_STORE_ERR_NEWER,
                    "the history database '%s' was written by a newer Podium (schema %d; this one "
                    "knows up to %d); it was left untouched: update Podium to use it",
                    st->db_path, v, PD_STORE_SCHEMA_VERSION);
    if (v >= target) return PD_STORE_OK;
    pd_store_status r = begin(st, "upgrading the schema");
    if (r != PD_STORE_OK) return r;
    v = user_version(st); /* another process may have migrated meanwhile */
    for (int k = v; k < target; k++) {
        if (sqlite3_exec(st->db, MIGRATIONS[k], NULL, NULL, NULL) != SQLITE_OK) {
            r = db_fail(st, "upgrading the schema");
            rollback(st);
            return r;
        }
    }
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version=%d", target > v ? target : v);
    if ((r = exec(st, sql, "upgrading the schema")) != PD_STORE_OK) {
        rollback(st);
        return r;
    }
    return commit(st, "upgrading the schema");
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
        return fail(st, PD_STORE_ERR_IO, "cannot move the damaged database '%s' aside: %s", st->db_path,
                    strerror(errno));
    static const char *const side[] = {"-wal", "-shm"};
    for (int i = 0; i < 2; i++) {
        char from[PATH_MAX + 8], to[PATH_MAX + 80];
        snprintf(from, sizeof from, "%s%s", st->db_path, side[i]);
        snprintf(to, sizeof to, "%s%s", aside, side[i]);
        if (access(from, F_OK) == 0) rename(from, to);
    }
    fsync_dir(st->dir);
    snprintf(st->notice, sizeof st->notice,
             "the damaged history database was moved, untouched, to '%s'; a new one was started. "
             "Recordings without a take are listed by 'podium history' and can be imported again",
             aside);
    return PD_STORE_OK;
}

static void build_cols(pd_store *st)
{
    size_t len = (size_t)snprintf(st->cols, sizeof st->cols,
                                  "id, recorded_at, drill, target_s, lang, recording, source, "
                                  "duration_s, dropped_frames, speech_detected, star, note");
    const pd_metric_info *mt = pd_metric_table();
    for (int i = 0; i < PD_METRIC_COUNT && len < sizeof st->cols; i++)
        len += (size_t)snprintf(st->cols + len, sizeof st->cols - len, ", %s", mt[i].name);
}
#define COL_METRIC0 12

static void read_take(sqlite3_stmt *s, int64_t baseline_id, pd_take *t)
{
    memset(t, 0, sizeof *t);
    t->id = sqlite3_column_int64(s, 0);
    t->recorded_at = sqlite3_column_int64(s, 1);
    col_text(s, 2, t->drill, sizeof t->drill);
    t->target_s = col_num(s, 3);
    col_text(s, 4, t->lang, sizeof t->lang);
    col_text(s, 5, t->recording, sizeof t->recording);
    col_text(s, 6, t->source, sizeof t->source);
    t->duration_s = col_num(s, 7);
    t->dropped_frames = (long)sqlite3_column_int64(s, 8);
    t->speech_detected = sqlite3_column_int(s, 9);
    t->star = sqlite3_column_int(s, 10);
    col_text(s, 11, t->note, sizeof t->note);
    for (int i = 0; i < PD_METRIC_COUNT; i++) t->metric[i] = col_num(s, COL_METRIC0 + i);
    t->is_baseline = baseline_id > 0 && t->id == baseline_id;
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
    if (!pending || begin(st, "cleaning up") != PD_STORE_OK) return;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT name FROM pending_unlink WHERE name NOT IN "
                           "(SELECT recording FROM take WHERE recording IS NOT NULL)",
                           -1, &s, NULL) == SQLITE_OK) {
        while (sqlite3_step(s) == SQLITE_ROW) {
            char path[PATH_MAX + 128];
            snprintf(path, sizeof path, "%s/%s", st->rec_dir, (const char *)sqlite3_column_text(s, 0));
            unlink(path);
        }
        sqlite3_finalize(s);
        sqlite3_exec(st->db, "DELETE FROM pending_unlink", NULL, NULL, NULL);
    }
    commit(st, "cleaning up");
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
    build_cols(st);
    if (pd_store_resolve_dir(opt->data_dir, st->dir, sizeof st->dir) != 0) {
        r = fail(st, PD_STORE_ERR_INVALID,
                 "no data directory: set HOME, PODIUM_DATA_DIR or give "
                 "--data-dir DIR");
        goto done;
    }
    snprintf(st->rec_dir, sizeof st->rec_dir, "%.*s/" REC_DIR, (int)(sizeof st->rec_dir - 16), st->dir);
    snprintf(st->db_path, sizeof st->db_path, "%.*s/" DB_NAME, (int)(sizeof st->db_path - 16), st->dir);
    if (mkdir_p(st->dir, 0700) != 0) {
        r = fail(st, is_ro_errno(errno) ? PD_STORE_ERR_READONLY : PD_STORE_ERR_IO,
                 "cannot create the data directory '%s': %s; choose another place with --data-dir "
                 "or PODIUM_DATA_DIR",
                 st->dir, strerror(errno));
        goto done;
    }
    struct stat sb;
    if (stat(st->dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        r = fail(st, PD_STORE_ERR_IO,
                 "the data directory '%s' is not a directory; choose another "
                 "place with --data-dir",
                 st->dir);
        goto done;
    }
    if (access(st->dir, R_OK | W_OK | X_OK) != 0) {
        r = fail(st, PD_STORE_ERR_READONLY,
                 "the data directory '%s' is read-only or not accessible (%s): Podium keeps its "
                 "history there and cannot use it; fix its permissions or choose another place "
                 "with --data-dir or PODIUM_DATA_DIR",
                 st->dir, strerror(errno));
        goto done;
    }
    if (mkdir(st->rec_dir, 0700) != 0 && errno != EEXIST) {
        r = fail(st, is_ro_errno(errno) ? PD_STORE_ERR_READONLY : PD_STORE_ERR_IO,
                 "cannot create '%s': %s; check the permissions of the data directory", st->rec_dir,
                 strerror(errno));
        goto done;
    }
    if (stat(st->db_path, &sb) != 0) {
        if ((r = create_db_file(st)) != PD_STORE_OK) goto done;
    } else if (!S_ISREG(sb.st_mode)) {
        r = fail(st, PD_STORE_ERR_IO, "'%s' is not a file; move it away", st->db_path);
        goto done;
    } else if (access(st->db_path, R_OK | W_OK) != 0) {
        r = fail(st, PD_STORE_ERR_READONLY,
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

void pd_store_recording_path(const pd_store *st, const pd_take *t, char *out, size_t out_len)
{
    if (!t->recording[0]) {
        if (out_len) out[0] = 0;
        return;
    }
    snprintf(out, out_len, "%s/%s", st->rec_dir, t->recording);
}

/* ---- recordings ------------------------------------------------------------ */

/* Copies any libsndfile-readable file into an open, empty file as FLAC. */
static pd_store_status write_flac(pd_store *st, const char *src, int fd)
{
    SF_INFO in_info;
    memset(&in_info, 0, sizeof in_info);
    SNDFILE *in = sf_open(src, SFM_READ, &in_info);
    if (!in)
        return fail(st, PD_STORE_ERR_AUDIO, "cannot read the recording '%s': %s", src, sf_strerror(NULL));
    pd_store_status r = PD_STORE_OK;
    SNDFILE *outf = NULL;
    float *buf = NULL;
    if (in_info.channels > 8) {
        r = fail(st, PD_STORE_ERR_AUDIO,
                 "cannot keep '%s': FLAC holds at most 8 channels (it has %d); "
                 "mix it down first",
                 src, in_info.channels);
        goto done;
    }
    int sub = in_info.format & SF_FORMAT_SUBMASK;
    SF_INFO oi;
    memset(&oi, 0, sizeof oi);
    oi.samplerate = in_info.samplerate;
    oi.channels = in_info.channels;
    oi.format =
        SF_FORMAT_FLAC |
        (sub == SF_FORMAT_PCM_S8 || sub == SF_FORMAT_PCM_U8 || sub == SF_FORMAT_PCM_16 ? SF_FORMAT_PCM_16
                                                                                       : SF_FORMAT_PCM_24);
    outf = sf_open_fd(fd, SFM_WRITE, &oi, 0);
    if (!outf) {
        r = fail(st, PD_STORE_ERR_AUDIO, "cannot write a FLAC copy of '%s': %s", src, sf_strerror(NULL));
        goto done;
    }
    sf_command(outf, SFC_SET_CLIPPING, NULL, SF_TRUE);
    const sf_count_t block = 4096;
    buf = malloc((size_t)block * (size_t)in_info.channels * sizeof *buf);
    if (!buf) {
        r = fail(st, PD_STORE_ERR_NOMEM, "out of memory copying '%s'", src);
        goto done;
    }
    for (;;) {
        sf_count_t got = sf_readf_float(in, buf, block);
        if (got <= 0) break;
        if (sf_writef_float(outf, buf, got) != got) {
            r = fail(st, PD_STORE_ERR_IO,
                     "cannot write the FLAC copy of '%s' into '%s': %s; check "
                     "the free space",
                     src, st->rec_dir, sf_strerror(outf));
            goto done;
        }
    }
done:
    free(buf);
    if (outf && sf_close(outf) != 0 && r == PD_STORE_OK)
        r = fail(st, PD_STORE_ERR_IO, "cannot finish the FLAC copy of '%s'", src);
    sf_close(in);
    return r;
}

typedef struct saved_rec {
    char name[96];
    int fd;      /* holds an flock until the row is committed */
    int adopted; /* an existing file in recordings/: never removed on failure */
} saved_rec;

static void release_rec(saved_rec *sr)
{
    if (sr->fd >= 0) close(sr->fd);
    sr->fd = -1;
}

/* Undoes a save whose row was not committed. */
static void discard_rec(pd_store *st, saved_rec *sr)
{
    if (sr->name[0] && !sr->adopted) {
        char path[PATH_MAX + 128];
        snprintf(path, sizeof path, "%s/%s", st->rec_dir, sr->name);
        unlink(path);
    }
    release_rec(sr);
}

/* When src is already a .flac directly inside recordings/ (an orphan being
 * imported again), the file is kept where it is. */
static int adopt_name(pd_store *st, const char *src, char *name, size_t len)
{
    char real_src[PATH_MAX], real_dir[PATH_MAX];
    if (!realpath(src, real_src) || !realpath(st->rec_dir, real_dir)) return 0;
    size_t n = strlen(real_dir);
    if (strncmp(real_src, real_dir, n) != 0 || real_src[n] != '/') return 0;
    const char *base = real_src + n + 1;
    if (strchr(base, '/') || !ends_with(base, ".flac") || strlen(base) >= len) return 0;
    snprintf(name, len, "%s", base);
    return 1;
}

static pd_store_status save_recording(pd_store *st, const char *src, int64_t when, saved_rec *sr)
{
    memset(sr, 0, sizeof *sr);
    sr->fd = -1;
    char path[PATH_MAX + 128];
    if (adopt_name(st, src, sr->name, sizeof sr->name)) {
        sr->adopted = 1;
        snprintf(path, sizeof path, "%s/%s", st->rec_dir, sr->name);
        sr->fd = open(path, O_RDONLY | O_CLOEXEC);
        if (sr->fd < 0 || flock(sr->fd, LOCK_EX | LOCK_NB) != 0) {
            release_rec(sr);
            return fail(st, PD_STORE_ERR_BUSY, "'%s' is being saved by another Podium process", path);
        }
        return PD_STORE_OK;
    }
    static unsigned counter;
    struct tm tm;
    time_t t = (time_t)when;
    gmtime_r(&t, &tm);
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    char part[PATH_MAX + 160];
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    int fd = -1;
    for (int attempt = 0; attempt < 100 && fd < 0; attempt++) {
        unsigned salt = (unsigned)ts.tv_nsec ^ ((unsigned)getpid() << 16) ^ (++counter * 2654435761u);
        snprintf(sr->name, sizeof sr->name, "%s-%08x.flac", stamp, salt);
        snprintf(part, sizeof part, "%s/%s" PART_SUFFIX, st->rec_dir, sr->name);
        snprintf(path, sizeof path, "%s/%s", st->rec_dir, sr->name);
        if (access(path, F_OK) == 0) continue;
        fd = open(part, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0 && errno != EEXIST) {
            int e = errno;
            sr->name[0] = 0;
            return fail(st, is_ro_errno(e) ? PD_STORE_ERR_READONLY : PD_STORE_ERR_IO,
                        "cannot save the recording in '%s': %s", st->rec_dir, strerror(e));
        }
    }
    if (fd < 0) {
        sr->name[0] = 0;
        return fail(st, PD_STORE_ERR_IO, "cannot find a free recording name in '%s'", st->rec_dir);
    }
    sr->fd = fd;
    flock(fd, LOCK_EX);
    pd_store_status r = write_flac(st, src, fd);
    if (r == PD_STORE_OK && fsync(fd) != 0)
        r = fail(st, PD_STORE_ERR_IO, "cannot save the recording '%s': %s", part, strerror(errno));
    int renamed = 0;
    if (r == PD_STORE_OK) {
        if (rename(part, path) != 0)
            r = fail(st, PD_STORE_ERR_IO, "cannot save the recording '%s': %s", path, strerror(errno));
        else
            renamed = 1;
    }
    if (r == PD_STORE_OK && fsync_dir(st->rec_dir) != 0)
        r = fail(st, PD_STORE_ERR_IO, "cannot sync '%s': %s", st->rec_dir, strerror(errno));
    if (r != PD_STORE_OK) {
        unlink(renamed ? path : part);
        sr->name[0] = 0;
        release_rec(sr);
    }
    return r;
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
    pd_store_status res = prepare(st, sql, &s, "saving the take");
    if (res != PD_STORE_OK) return res;
    sqlite3_bind_int64(s, 1, m->recorded_at);
    sqlite3_bind_text(s, 2, m->drill[0] ? m->drill : "free", -1, SQLITE_TRANSIENT);
    bind_num(s, 3, m->target_s > 0 ? m->target_s : NAN);
    sqlite3_bind_text(s, 4, m->lang[0] ? m->lang : "en", -1, SQLITE_TRANSIENT);
    if (rec_name && rec_name[0])
        sqlite3_bind_text(s, 5, rec_name, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(s, 5);
    sqlite3_bind_text(s, 6, m->source, -1, SQLITE_TRANSIENT);
    bind_num(s, 7, r->duration_s);
    sqlite3_bind_int64(s, 8, m->dropped_frames);
    sqlite3_bind_int(s, 9, r->speech_detected ? 1 : 0);
    for (int i = 0; i < PD_METRIC_COUNT; i++) bind_num(s, 10 + i, metric[i]);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) return db_fail(st, "saving the take");
    int64_t new_id = sqlite3_last_insert_rowid(st->db);

    pd_sb json;
    pd_sb_init(&json);
    pd_report_json(r, 0, &json);
    if (pd_sb_status(&json) != PD_OK) {
        pd_sb_free(&json);
        return fail(st, PD_STORE_ERR_NOMEM, "out of memory formatting the report");
    }
    res = prepare(st, "INSERT INTO report (take_id, json) VALUES (?, ?)", &s, "saving the report");
    if (res == PD_STORE_OK) {
        sqlite3_bind_int64(s, 1, new_id);
        sqlite3_bind_text(s, 2, json.data, (int)json.len, SQLITE_STATIC);
        rc = sqlite3_step(s);
        sqlite3_finalize(s);
        if (rc != SQLITE_DONE) res = db_fail(st, "saving the report");
    }
    pd_sb_free(&json);
    if (res != PD_STORE_OK) return res;

    res = prepare(st,
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
        bind_num(s, 6, f->value);
        bind_num(s, 7, f->threshold);
        if (sqlite3_step(s) != SQLITE_DONE) {
            res = db_fail(st, "saving the advice");
            break;
        }
    }
    sqlite3_finalize(s);
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
    if (audio_path && (res = save_recording(st, audio_path, m.recorded_at, &sr)) != PD_STORE_OK) return res;
    if (sr.adopted) {
        /* an orphan already named by a take is not adopted twice */
        sqlite3_stmt *s;
        if (prepare(st, "SELECT id FROM take WHERE recording = ?", &s, "checking the recording") ==
            PD_STORE_OK) {
            sqlite3_bind_text(s, 1, sr.name, -1, SQLITE_TRANSIENT);
            if (sqlite3_step(s) == SQLITE_ROW) {
                long long other = sqlite3_column_int64(s, 0);
                sqlite3_finalize(s);
                release_rec(&sr);
                return fail(st, PD_STORE_ERR_INVALID, "'%s' is already in the history as take %lld",
                            audio_path, other);
            }
            sqlite3_finalize(s);
        }
    }
    int64_t new_id = 0;
    if ((res = begin(st, "saving the take")) != PD_STORE_OK) goto fail;
    if ((res = insert_rows(st, &m, sr.name, r, &new_id)) != PD_STORE_OK) {
        rollback(st);
        goto fail;
    }
    if ((res = commit(st, "saving the take")) != PD_STORE_OK) goto fail;
    release_rec(&sr);
    *id = new_id;
    return PD_STORE_OK;
fail:
    discard_rec(st, &sr);
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
    if (pd_analyse_file(path, &cfg, &r, err, sizeof err) != 0) return fail(st, PD_STORE_ERR_AUDIO, "%s", err);
    pd_feedback_bounds def;
    if (!bounds) {
        pd_feedback_bounds_init(&def);
        bounds = &def;
    }
    pd_store_status res;
    if (pd_feedback_evaluate(r, bounds, ui_lang ? ui_lang : "en") != PD_OK)
        res = fail(st, PD_STORE_ERR_NOMEM, "out of memory writing the advice for '%s'", path);
    else
        res = pd_store_add(st, &m, path, r, id);
    pd_report_destroy(r);
    return res;
}

/* ---- reading ---------------------------------------------------------------- */

pd_store_status pd_store_count(pd_store *st, size_t *n)
{
    sqlite3_stmt *s;
    pd_store_status r = prepare(st, "SELECT count(*) FROM take", &s, "counting the takes");
    if (r != PD_STORE_OK) return r;
    if (sqlite3_step(s) == SQLITE_ROW)
        *n = (size_t)sqlite3_column_int64(s, 0);
    else
        r = db_fail(st, "counting the takes");
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
    pd_store_status r = prepare(st, sql, &s, "listing the takes");
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
        read_take(s, bl, &v[len++]);
    }
    if (!v)
        r = fail(st, PD_STORE_ERR_NOMEM, "out of memory listing the takes");
    else if (rc != SQLITE_DONE)
        r = db_fail(st, "listing the takes");
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
    pd_store_status r = prepare(st, sql, &s, "reading the take");
    if (r != PD_STORE_OK) return r;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        read_take(s, marked_baseline(st), t);
    else if (rc == SQLITE_DONE)
        r = fail(st, PD_STORE_ERR_NOT_FOUND, "there is no take %lld; 'podium history' lists them",
                 (long long)id);
    else
        r = db_fail(st, "reading the take");
    sqlite3_finalize(s);
    return r;
}

pd_store_status pd_store_report_json(pd_store *st, int64_t id, pd_sb *out)
{
    sqlite3_stmt *s;
    pd_store_status r = prepare(st, "SELECT json FROM report WHERE take_id = ?", &s, "reading the report");
    if (r != PD_STORE_OK) return r;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        pd_sb_puts(out, (const char *)sqlite3_column_text(s, 0));
    else if (rc == SQLITE_DONE)
        r = fail(st, PD_STORE_ERR_NOT_FOUND, "there is no take %lld", (long long)id);
    else
        r = db_fail(st, "reading the report");
    sqlite3_finalize(s);
    return r;
}

/* Room for one more element in the growable array *pv (a pointer to the
 * array pointer) of *cap elements of elem bytes, len in use: the capacity
 * doubles, from first. 0, or 1 when out of memory (the array is kept). */
static int grow(void *pv, size_t *cap, size_t len, size_t elem, size_t first)
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

pd_store_status pd_store_feedback(pd_store *st, int64_t id, pd_feedback_item **items, size_t *n)
{
    sqlite3_stmt *s;
    pd_store_status r = prepare(st,
                                "SELECT item, severity, message, value, threshold FROM feedback "
                                "WHERE take_id = ? ORDER BY seq",
                                &s, "reading the advice");
    if (r != PD_STORE_OK) return r;
    sqlite3_bind_int64(s, 1, id);
    size_t len = 0, cap = 0;
    pd_feedback_item *v = NULL;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (grow(&v, &cap, len, sizeof *v, 8) != 0) {
                r = fail(st, PD_STORE_ERR_NOMEM, "out of memory");
                break;
        }
        pd_feedback_item *f = &v[len++];
        memset(f, 0, sizeof *f);
        col_text(s, 0, f->id, sizeof f->id);
        f->severity = (pd_severity)sqlite3_column_int(s, 1);
        col_text(s, 2, f->message, sizeof f->message);
        f->value = col_num(s, 3);
        f->threshold = col_num(s, 4);
    }
    if (r == PD_STORE_OK && rc != SQLITE_DONE) r = db_fail(st, "reading the advice");
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
    pd_store_status r = begin(st, what);
    if (r != PD_STORE_OK) return r;
    sqlite3_stmt *s;
    if ((r = prepare(st, sql, &s, what)) != PD_STORE_OK) {
        rollback(st);
        return r;
    }
    int k = 1;
    if (has_int) sqlite3_bind_int(s, k++, ival);
    if (text) sqlite3_bind_text(s, k++, text, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, k, id);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        r = db_fail(st, what);
        rollback(st);
        return r;
    }
    if (sqlite3_changes(st->db) == 0) {
        rollback(st);
        return fail(st, PD_STORE_ERR_NOT_FOUND, "there is no take %lld; 'podium history' lists them",
                    (long long)id);
    }
    return commit(st, what);
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
        return fail(st, PD_STORE_ERR_INVALID, "the note is too long (at most %d bytes)",
                    PD_STORE_NOTE_MAX - 1);
    return write_one(st, "UPDATE take SET note = ? WHERE id = ?", id, 0, 0, note, "saving the note");
}

pd_store_status pd_store_add_distress(pd_store *st, int64_t id, const char *moment, int rating)
{
    if (!moment || !*moment || strlen(moment) >= sizeof((pd_distress *)0)->moment)
        return fail(st, PD_STORE_ERR_INVALID, "a distress rating needs a short moment name (before, after)");
    if (rating < 0 || rating > 100)
        return fail(st, PD_STORE_ERR_INVALID, "a distress rating is 0-100 (SUDS), not %d", rating);
    pd_take t;
    pd_store_status r = pd_store_get(st, id, &t);
    if (r != PD_STORE_OK) return r;
    return write_one(st, "INSERT INTO distress (rating, moment, take_id) VALUES (?, ?, ?)", id, 1, rating,
                     moment, "saving the rating");
}

pd_store_status pd_store_distress(pd_store *st, int64_t id, pd_distress **d, size_t *n)
{
    sqlite3_stmt *s;
    pd_store_status r = prepare(st, "SELECT moment, rating FROM distress WHERE take_id = ? ORDER BY id", &s,
                                "reading the ratings");
    if (r != PD_STORE_OK) return r;
    sqlite3_bind_int64(s, 1, id);
    size_t len = 0, cap = 0;
    pd_distress *v = NULL;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (grow(&v, &cap, len, sizeof *v, 4) != 0) {
                r = fail(st, PD_STORE_ERR_NOMEM, "out of memory");
                break;
        }
        col_text(s, 0, v[len].moment, sizeof v[len].moment);
        v[len++].rating = sqlite3_column_int(s, 1);
    }
    if (r == PD_STORE_OK && rc != SQLITE_DONE) r = db_fail(st, "reading the ratings");
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
    if ((r = begin(st, "deleting the take")) != PD_STORE_OK) return r;
    sqlite3_stmt *s;
    if (t.recording[0]) {
        /* the file goes after the commit; a crash in between leaves its name
         * here and the next open removes it */
        if ((r = prepare(st, "INSERT OR IGNORE INTO pending_unlink (name) VALUES (?)", &s,
                         "deleting the take")) != PD_STORE_OK) {
            rollback(st);
            return r;
        }
        sqlite3_bind_text(s, 1, t.recording, -1, SQLITE_TRANSIENT);
        int rc = sqlite3_step(s);
        sqlite3_finalize(s);
        if (rc != SQLITE_DONE) {
            r = db_fail(st, "deleting the take");
            rollback(st);
            return r;
        }
    }
    if ((r = prepare(st, "DELETE FROM take WHERE id = ?", &s, "deleting the take")) != PD_STORE_OK) {
        rollback(st);
        return r;
    }
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        r = db_fail(st, "deleting the take");
        rollback(st);
        return r;
    }
    if ((r = commit(st, "deleting the take")) != PD_STORE_OK) return r;
    if (t.recording[0]) {
        char path[PATH_MAX + 128];
        pd_store_recording_path(st, &t, path, sizeof path);
        if (unlink(path) != 0 && errno != ENOENT)
            return fail(st, PD_STORE_ERR_IO,
                        "take %lld was deleted but its recording '%s' could not "
                        "be removed: %s",
                        (long long)id, path, strerror(errno));
        fsync_dir(st->rec_dir);
        if (begin(st, "cleaning up") == PD_STORE_OK) {
            if (prepare(st, "DELETE FROM pending_unlink WHERE name = ?", &s, "cleaning up") == PD_STORE_OK) {
                sqlite3_bind_text(s, 1, t.recording, -1, SQLITE_TRANSIENT);
                sqlite3_step(s);
                sqlite3_finalize(s);
            }
            commit(st, "cleaning up");
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
    return exec(st, "DELETE FROM baseline", "clearing the baseline");
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

pd_store_status pd_store_baseline(pd_store *st, int64_t exclude_id, pd_baseline *b)
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
             "AND id != ? "
             "ORDER BY recorded_at DESC, id DESC LIMIT %d",
             st->cols, PD_BASELINE_MIN_SPEECH_S, PD_BASELINE_TAKES);
    sqlite3_stmt *s;
    pd_store_status r = prepare(st, sql, &s, "computing the baseline");
    if (r != PD_STORE_OK) return r;
    sqlite3_bind_int64(s, 1, exclude_id);
    double v[PD_METRIC_COUNT][PD_BASELINE_TAKES];
    int nv[PD_METRIC_COUNT] = {0};
    int rc, rows = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW && rows < PD_BASELINE_TAKES) {
        pd_take t;
        read_take(s, 0, &t);
        rows++;
        for (int i = 0; i < PD_METRIC_COUNT; i++)
            if (isfinite(t.metric[i])) v[i][nv[i]++] = t.metric[i];
    }
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) r = db_fail(st, "computing the baseline");
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
    if ((int)m < 0 || m >= PD_METRIC_COUNT) return fail(st, PD_STORE_ERR_INVALID, "unknown metric");
    const char *col = pd_metric_table()[m].name; /* from the table: never user text */
    char sql[300];
    snprintf(sql, sizeof sql,
             "SELECT id, recorded_at, %s FROM take WHERE %s IS NOT NULL "
             "ORDER BY recorded_at, id",
             col, col);
    sqlite3_stmt *s;
    pd_store_status r = prepare(st, sql, &s, "reading the trend");
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
        r = fail(st, PD_STORE_ERR_NOMEM, "out of memory reading the trend");
    else if (rc != SQLITE_DONE)
        r = db_fail(st, "reading the trend");
    sqlite3_finalize(s);
    if (r != PD_STORE_OK) {
        free(v);
        return r;
    }
    *pts = v;
    *n = len;
    return PD_STORE_OK;
}

/* ---- maintenance ------------------------------------------------------------ */

void pd_store_free_strings(char **s, size_t n)
{
    if (!s) return;
    for (size_t i = 0; i < n; i++) free(s[i]);
    free(s);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every recording name the takes use, sorted (one query, then bsearch: a
 * statement per file would cost ~30 ms for 10 000 recordings). */
static pd_store_status used_names(pd_store *st, char ***names, size_t *n)
{
    sqlite3_stmt *s;
    pd_store_status r =
        prepare(st, "SELECT recording FROM take WHERE recording IS NOT NULL", &s, "looking for orphans");
    if (r != PD_STORE_OK) return r;
    char **v = NULL;
    size_t len = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (grow(&v, &cap, len, sizeof *v, 256) != 0) {
                r = fail(st, PD_STORE_ERR_NOMEM, "out of memory");
                break;
        }
        if (!(v[len] = strdup((const char *)sqlite3_column_text(s, 0)))) {
            r = fail(st, PD_STORE_ERR_NOMEM, "out of memory");
            break;
        }
        len++;
    }
    if (r == PD_STORE_OK && rc != SQLITE_DONE) r = db_fail(st, "looking for orphans");
    sqlite3_finalize(s);
    if (r != PD_STORE_OK) {
        pd_store_free_strings(v, len);
        return r;
    }
    if (len) qsort(v, len, sizeof *v, cmp_str);
    *names = v;
    *n = len;
    return PD_STORE_OK;
}

/* Whether a row names the recording now (one committed after the list was read). */
static int name_used_now(pd_store *st, const char *name)
{
    sqlite3_stmt *s;
    int used = 0;
    if (sqlite3_prepare_v2(st->db, "SELECT 1 FROM take WHERE recording = ?", -1, &s, NULL) == SQLITE_OK) {
        sqlite3_bind_text(s, 1, name, -1, SQLITE_TRANSIENT);
        used = sqlite3_step(s) == SQLITE_ROW;
        sqlite3_finalize(s);
    }
    return used;
}

pd_store_status pd_store_orphans(pd_store *st, char ***paths, size_t *n)
{
    *paths = NULL;
    *n = 0;
    DIR *d = opendir(st->rec_dir);
    if (!d) return fail(st, PD_STORE_ERR_IO, "cannot read '%s': %s", st->rec_dir, strerror(errno));
    char **used = NULL;
    size_t n_used = 0;
    pd_store_status r = used_names(st, &used, &n_used);
    if (r != PD_STORE_OK) {
        closedir(d);
        return r;
    }
    char **v = NULL;
    size_t len = 0, cap = 0;
    time_t now = time(NULL);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        char path[PATH_MAX + 300];
        snprintf(path, sizeof path, "%s/%s", st->rec_dir, e->d_name);
        if (ends_with(e->d_name, ".flac" PART_SUFFIX)) {
            /* a copy a crash interrupted (its source is still where it was):
             * removed once old and not locked by a save in progress */
            int fd = open(path, O_RDONLY | O_CLOEXEC);
            struct stat sb;
            if (fd >= 0 && fstat(fd, &sb) == 0 && now - sb.st_mtime > STALE_PART_S &&
                flock(fd, LOCK_EX | LOCK_NB) == 0)
                unlink(path);
            if (fd >= 0) close(fd);
            continue;
        }
        if (!ends_with(e->d_name, ".flac")) continue;
        const char *key = e->d_name;
        if (n_used && bsearch(&key, used, n_used, sizeof *used, cmp_str)) continue;
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) continue;
        int busy = flock(fd, LOCK_SH | LOCK_NB) != 0; /* being saved right now */
        close(fd);
        if (busy || name_used_now(st, e->d_name)) continue;
        if (grow(&v, &cap, len, sizeof *v, 8) != 0) {
                r = fail(st, PD_STORE_ERR_NOMEM, "out of memory");
                break;
        }
        if (!(v[len] = strdup(path))) {
            r = fail(st, PD_STORE_ERR_NOMEM, "out of memory");
            break;
        }
        len++;
    }
    pd_store_free_strings(used, n_used);
    closedir(d);
    if (r != PD_STORE_OK) {
        pd_store_free_strings(v, len);
        return r;
    }
    *paths = v;
    *n = len;
    return PD_STORE_OK;
}

pd_store_status pd_store_check(pd_store *st)
{
    sqlite3_stmt *s;
    pd_store_status r = prepare(st, "PRAGMA integrity_check", &s, "checking it");
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
            r = fail(st, PD_STORE_ERR_DAMAGED,
                     "the history database '%s' is damaged (%s); it was left untouched. Run the "
                     "command again with --reset-db to move it aside and start a new one",
                     st->db_path, first);
        }
    } else
        r = db_fail(st, "checking it");
    sqlite3_finalize(s);
    return r;
}

/* ---- JSON, CSV, export ------------------------------------------------------- */

static void iso_time(int64_t t, char *out, size_t len)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

pd_store_status pd_store_take_json(pd_store *st, const pd_take *t, int with_report, pd_sb *out)
{
    char when[32], path[PATH_MAX + 128];
    iso_time(t->recorded_at, when, sizeof when);
    pd_sb_printf(out, "{\"id\": %lld, \"recorded_at\": ", (long long)t->id);
    pd_sb_json_str(out, when);
    pd_sb_printf(out, ", \"recorded_at_unix\": %lld, \"drill\": ", (long long)t->recorded_at);
    pd_sb_json_str(out, t->drill);
    pd_sb_puts(out, ", \"target_s\": ");
    pd_sb_json_num(out, t->target_s, 1);
    pd_sb_puts(out, ", \"lang\": ");
    pd_sb_json_str(out, t->lang);
    pd_sb_puts(out, ", \"recording\": ");
    pd_store_recording_path(st, t, path, sizeof path);
    if (path[0])
        pd_sb_json_str(out, path);
    else
        pd_sb_puts(out, "null");
    pd_sb_puts(out, ", \"source\": ");
    pd_sb_json_str(out, t->source);
    pd_sb_puts(out, ", \"duration_s\": ");
    pd_sb_json_num(out, t->duration_s, 3);
    pd_sb_printf(out,
                 ", \"dropped_frames\": %ld, \"speech_detected\": %s, \"star\": %s, "
                 "\"baseline\": %s, \"note\": ",
                 t->dropped_frames, t->speech_detected ? "true" : "false", t->star ? "true" : "false",
                 t->is_baseline ? "true" : "false");
    pd_sb_json_str(out, t->note);
    pd_sb_puts(out, ", \"metrics\": {");
    const pd_metric_info *mt = pd_metric_table();
    for (int i = 0; i < PD_METRIC_COUNT; i++) {
        pd_sb_printf(out, "%s\"%s\": ", i ? ", " : "", mt[i].name);
        pd_sb_json_num(out, t->metric[i], 3);
    }
    pd_sb_puts(out, "}");
    if (with_report) {
        pd_distress *d = NULL;
        size_t nd = 0;
        pd_store_status r = pd_store_distress(st, t->id, &d, &nd);
        if (r != PD_STORE_OK) return r;
        pd_sb_puts(out, ", \"distress\": [");
        for (size_t i = 0; i < nd; i++) {
            pd_sb_puts(out, i ? ", {\"moment\": " : "{\"moment\": ");
            pd_sb_json_str(out, d[i].moment);
            pd_sb_printf(out, ", \"rating\": %d}", d[i].rating);
        }
        free(d);
        pd_sb_puts(out, "], \"report\": ");
        if ((r = pd_store_report_json(st, t->id, out)) != PD_STORE_OK) return r;
    }
    pd_sb_puts(out, "}");
    return pd_sb_status(out) == PD_OK ? PD_STORE_OK : fail(st, PD_STORE_ERR_NOMEM, "out of memory");
}

void pd_store_csv_header(pd_sb *out)
{
    pd_sb_puts(out, "id,recorded_at,drill,target_s,lang,duration_s,dropped_frames,speech_detected,"
                    "star,baseline");
    const pd_metric_info *mt = pd_metric_table();
    for (int i = 0; i < PD_METRIC_COUNT; i++) pd_sb_printf(out, ",%s", mt[i].name);
    pd_sb_puts(out, ",recording,source,note\n");
}

static void csv_str(pd_sb *out, const char *s)
{
    pd_sb_puts(out, ",\"");
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            pd_sb_puts(out, "\"\"");
        else
            pd_sb_printf(out, "%c", *p);
    }
    pd_sb_puts(out, "\"");
}

static void csv_num(pd_sb *out, double v, int dec)
{
    if (isfinite(v))
        pd_sb_printf(out, ",%.*f", dec, v);
    else
        pd_sb_puts(out, ",");
}

void pd_store_take_csv(const pd_take *t, pd_sb *out)
{
    char when[32];
    iso_time(t->recorded_at, when, sizeof when);
    pd_sb_printf(out, "%lld,%s", (long long)t->id, when);
    csv_str(out, t->drill);
    csv_num(out, t->target_s, 1);
    csv_str(out, t->lang);
    csv_num(out, t->duration_s, 3);
    pd_sb_printf(out, ",%ld,%d,%d,%d", t->dropped_frames, t->speech_detected, t->star, t->is_baseline);
    for (int i = 0; i < PD_METRIC_COUNT; i++) csv_num(out, t->metric[i], 3);
    csv_str(out, t->recording);
    csv_str(out, t->source);
    csv_str(out, t->note);
    pd_sb_puts(out, "\n");
}

static pd_store_status write_file(pd_store *st, const char *path, const pd_sb *sb)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return fail(st, is_ro_errno(errno) ? PD_STORE_ERR_READONLY : PD_STORE_ERR_IO, "cannot write '%s': %s",
                    path, strerror(errno));
    size_t off = 0;
    while (off < sb->len) {
        ssize_t w = write(fd, sb->data + off, sb->len - off);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) {
            int e = errno;
            close(fd);
            return fail(st, PD_STORE_ERR_IO, "cannot write '%s': %s; check the free space", path,
                        strerror(e));
        }
        off += (size_t)w;
    }
    if (close(fd) != 0) return fail(st, PD_STORE_ERR_IO, "cannot write '%s': %s", path, strerror(errno));
    return PD_STORE_OK;
}

static pd_store_status copy_file(pd_store *st, const char *from, const char *to)
{
    int in = open(from, O_RDONLY | O_CLOEXEC);
    if (in < 0) return fail(st, PD_STORE_ERR_IO, "cannot read '%s': %s", from, strerror(errno));
    int outfd = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (outfd < 0) {
        int e = errno;
        close(in);
        return fail(st, is_ro_errno(e) ? PD_STORE_ERR_READONLY : PD_STORE_ERR_IO, "cannot write '%s': %s", to,
                    strerror(e));
    }
    char buf[65536];
    pd_store_status r = PD_STORE_OK;
    for (;;) {
        ssize_t got = read(in, buf, sizeof buf);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            r = fail(st, PD_STORE_ERR_IO, "cannot read '%s': %s", from, strerror(errno));
            break;
        }
        if (got == 0) break;
        ssize_t off = 0;
        while (off < got) {
            ssize_t w = write(outfd, buf + off, (size_t)(got - off));
            if (w < 0 && errno == EINTR) continue;
            if (w <= 0) break;
            off += w;
        }
        if (off < got) {
            r = fail(st, PD_STORE_ERR_IO, "cannot write '%s': %s; check the free space", to, strerror(errno));
            break;
        }
    }
    close(in);
    if (close(outfd) != 0 && r == PD_STORE_OK)
        r = fail(st, PD_STORE_ERR_IO, "cannot write '%s': %s", to, strerror(errno));
    return r;
}

pd_store_status pd_store_export(pd_store *st, const char *dir_out, size_t *n_takes)
{
    char rec_out[PATH_MAX];
    snprintf(rec_out, sizeof rec_out, "%.*s/recordings", PATH_MAX - 16, dir_out);
    if (mkdir_p(rec_out, 0700) != 0)
        return fail(st, is_ro_errno(errno) ? PD_STORE_ERR_READONLY : PD_STORE_ERR_IO,
                    "cannot create '%s': %s; choose another folder", rec_out, strerror(errno));
    pd_take *t = NULL;
    size_t n = 0;
    pd_store_status r = pd_store_list(st, 0, 0, &t, &n);
    if (r != PD_STORE_OK) return r;
    pd_sb csv, json;
    pd_sb_init(&csv);
    pd_sb_init(&json);
    pd_store_csv_header(&csv);
    pd_sb_puts(&json, "[");
    for (size_t i = n; i-- > 0 && r == PD_STORE_OK;) { /* oldest first */
        pd_take *x = &t[i];
        pd_store_take_csv(x, &csv);
        pd_sb_puts(&json, i + 1 == n ? "\n" : ",\n");
        r = pd_store_take_json(st, x, 1, &json);
        if (r == PD_STORE_OK && x->recording[0]) {
            char from[PATH_MAX + 128], to[PATH_MAX + 64];
            pd_store_recording_path(st, x, from, sizeof from);
            snprintf(to, sizeof to, "%s/take-%lld.flac", rec_out, (long long)x->id);
            r = copy_file(st, from, to);
        }
    }
    pd_sb_puts(&json, "\n]\n");
    if (r == PD_STORE_OK && (pd_sb_status(&csv) != PD_OK || pd_sb_status(&json) != PD_OK))
        r = fail(st, PD_STORE_ERR_NOMEM, "out of memory exporting");
    char path[PATH_MAX + 32];
    if (r == PD_STORE_OK) {
        snprintf(path, sizeof path, "%s/takes.csv", dir_out);
        r = write_file(st, path, &csv);
    }
    if (r == PD_STORE_OK) {
        snprintf(path, sizeof path, "%s/takes.json", dir_out);
        r = write_file(st, path, &json);
    }
    pd_sb_free(&csv);
    pd_sb_free(&json);
    free(t);
    if (r == PD_STORE_OK && n_takes) *n_takes = n;
    return r;
}
