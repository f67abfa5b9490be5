/* store_internal.h - what the store's source files share (store_db.c,
 * store_takes.c, store_files.c, store_programme.c), and hooks for the store's own tests (not
 * part of the API). */
#ifndef PODIUM_STORE_INTERNAL_H
#define PODIUM_STORE_INTERNAL_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sqlite3.h>
#include "podium/store.h"

/* The newest schema version this build knows (PRAGMA user_version). */
#define PD_STORE_SCHEMA_VERSION 7

/* Opens the store but migrates only up to schema `version` (1..latest), so a
 * test can build a database as an older Podium left it. */
pd_store_status pd_store_open_version(const pd_store_options *o, int version, pd_store **out, char *err,
                                      size_t err_len);
/* The connection, for tests that write rows as an older version would. */
sqlite3 *pd_store_sqlite(pd_store *st);

/* ---- shared by the store's files -------------------------------------------- */

struct pd_store {
    sqlite3 *db;
    char dir[PATH_MAX];
    char rec_dir[PATH_MAX];
    char db_path[PATH_MAX];
    char cols[1024]; /* the take columns read into a pd_take */
    char err[700];
    char notice[900];
};

/* Errors (store_db.c): pd_store_fail() sets the message and returns s;
 * pd_store_db_fail() maps the connection's last error to a status and a
 * message saying what to do. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
pd_store_status
pd_store_fail(pd_store *st, pd_store_status s, const char *fmt, ...);
pd_store_status pd_store_db_fail(pd_store *st, const char *what);

/* SQL helpers (store_db.c); `what` names the step in an error message. */
pd_store_status pd_store_exec(pd_store *st, const char *sql, const char *what);
pd_store_status pd_store_begin(pd_store *st, const char *what);  /* BEGIN IMMEDIATE */
pd_store_status pd_store_commit(pd_store *st, const char *what); /* rolls back when it fails */
void pd_store_rollback(pd_store *st);                            /* only inside a transaction */
pd_store_status pd_store_prepare(pd_store *st, const char *sql, sqlite3_stmt **stmt, const char *what);
void pd_store_bind_num(sqlite3_stmt *s, int i, double v);              /* NaN, inf: NULL */
double pd_store_col_num(sqlite3_stmt *s, int i);                       /* NULL: NaN */
void pd_store_col_text(sqlite3_stmt *s, int i, char *out, size_t len); /* NULL: "" (nullable columns) */
/* A NOT NULL text column: a NULL there is a damaged page (DAMAGED, or NOMEM
 * when SQLite could not convert the value), never passed on as text. SQLite
 * reads a record damaged on its page as NULLs whatever the schema says. */
pd_store_status pd_store_col_str(pd_store *st, sqlite3_stmt *s, int i, const char **out, const char *what);
/* The same, copied into out ("" when it fails). */
pd_store_status pd_store_col_copy(pd_store *st, sqlite3_stmt *s, int i, char *out, size_t len, const char *what);
/* DAMAGED with the message of every damaged database: where it is, that it
 * was left untouched, and --reset-db; `found` says what was found. */
pd_store_status pd_store_damaged(pd_store *st, const char *found);
/* Room for one more element in a growable array: 0, or 1 when out of memory. */
int pd_store_grow(void *pv, size_t *cap, size_t len, size_t elem, size_t first);

/* Files and directories (store_db.c). */
int pd_store_fsync_dir(const char *dir);
int pd_store_mkdir_p(const char *path, mode_t mode);
int pd_store_is_ro_errno(int e); /* an errno that means "read-only" */

/* Whether a recording name from the database has the form the store gives
 * its recordings (store_files.c: pd_store_save_recording, or an orphan
 * adopted in place): NAME.flac, no '/', no "..", no leading dot, no control
 * characters. Only such a name is made a path under recordings/: any other is
 * a damaged row, never followed. */
int pd_store_rec_name_ok(const char *name);

/* Inserts the moments of take id (store_moments.c): the report's excluded
 * intervals and meta's answers' starts; inside the caller's transaction. */
pd_store_status pd_store_insert_moments(pd_store *st, int64_t id, const pd_report *r, const pd_take_meta *m);

/* The take columns (store_takes.c): fills st->cols at open. */
void pd_store_build_cols(pd_store *st);

/* A recording being saved into recordings/ (store_files.c), for pd_store_add(). */
typedef struct saved_rec {
    char name[96];
    int fd;      /* holds an flock until the row is committed */
    int adopted; /* an existing file in recordings/: never removed on failure */
} saved_rec;

pd_store_status pd_store_save_recording(pd_store *st, const char *src, int64_t when, saved_rec *sr);
void pd_store_release_rec(saved_rec *sr);               /* the row is committed */
void pd_store_discard_rec(pd_store *st, saved_rec *sr); /* the row was not committed */

/* Writes a whole file, 0600 (store_files.c, for the export). */
pd_store_status pd_store_write_file(pd_store *st, const char *path, const pd_sb *sb);
/* The programme's part of pd_store_export (store_programme.c):
 * exposures.csv, exposures.json, ladder.txt in dir_out. */
pd_store_status pd_store_export_programme(pd_store *st, const char *dir_out);

#endif
