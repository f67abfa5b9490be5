/* test_store_damage.c - the history store on a damaged database (issue 11,
 * defects 1 and 3).
 *
 * Usage: test_store_damage SOURCE_DIR   (imports SOURCE_DIR/assets/sample_en_jfk_ask_not.wav)
 *
 * - A small real store (three imports of the sample, with advice, ratings, a
 *   note and a baseline) is copied about 100 times, each copy damaged in a
 *   fixed way (the same in every run): a NULL in each NOT NULL column the
 *   store reads (what SQLite returns for a corrupt record; written through a
 *   schema made writable, as a broken page would read), each index record's
 *   first column made NULL (a range scan for "recording IS NOT NULL" then
 *   returns a NULL), 40 record header bytes changed, and 30 copies with bytes
 *   flipped at seeded random places. On each copy every read function
 *   (and delete) runs in a child process: no crash (the test runs under ASan
 *   in CI), and each returns OK, or DAMAGED / DB / NOT_FOUND / IO with a
 *   message; DAMAGED names the damage and what to do (--reset-db).
 * - Recording names in the database that are not of Podium's form
 *   (../../victim.txt, an absolute path, a dot file) are never followed:
 *   recording_path gives none, export refuses and copies nothing, delete
 *   removes the row but no file and says why, orphans and the clean-up of
 *   an interrupted delete (pending_unlink) leave the file outside alone. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <sndfile.h>
#include "check.h"
#include "fake_report.h"
#include "null_column.h"
#include "podium/store.h"
#include "store_internal.h"

static char g_sample[4096];
static char g_tmp[256];

#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
static void sh(const char *fmt, ...)
{
    char cmd[2400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    if (system(cmd) != 0) fprintf(stderr, "failed: %s\n", cmd);
}

static pd_store *open_at(const char *dir, pd_store_status *status, char *err, size_t err_len)
{
    pd_store_options o;
    pd_store_options_init(&o);
    o.data_dir = dir;
    o.busy_timeout_ms = 200;
    pd_store *st = NULL;
    *status = pd_store_open(&o, &st, err, err_len);
    return *status == PD_STORE_OK ? st : NULL;
}

static unsigned char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *b = n > 0 ? malloc((size_t)n + 1) : NULL;
    if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
        free(b);
        b = NULL;
    }
    fclose(f);
    if (b) b[n] = 0;
    *len = b ? (size_t)n : 0;
    return b;
}

static int write_all(const char *path, const unsigned char *b, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f) return -1;
    int ok = fwrite(b, 1, len, f) == len;
    return fclose(f) == 0 && ok ? 0 : -1;
}

/* ---- the store to damage ----------------------------------------------------- */

static void make_base(const char *dir)
{
    char err[900];
    pd_store_status r;
    sh("rm -rf '%s'", dir);
    pd_store *st = open_at(dir, &r, err, sizeof err);
    CHECK(st != NULL, "open %s: %s", dir, err);
    if (!st) exit(1);
    for (int i = 0; i < 3; i++) {
        pd_take_meta m;
        pd_take_meta_init(&m);
        m.recorded_at = 1700000000 + 3600 * i;
        snprintf(m.drill, sizeof m.drill, "elevator");
        m.target_s = 60;
        m.answers_s[0] = 4.5 + i; /* a question answered: the moment table has rows */
        m.n_answers = 1;
        int64_t id = 0;
        r = pd_store_import(st, g_sample, &m, NULL, "en", &id);
        CHECK(r == PD_STORE_OK, "import %d: %s", i, pd_store_errmsg(st));
        char note[64];
        snprintf(note, sizeof note, "note of take %d", i + 1);
        CHECK(pd_store_set_note(st, id, note) == PD_STORE_OK, "note");
        CHECK(pd_store_add_distress(st, id, "before", 60 - 10 * i) == PD_STORE_OK, "rating");
        CHECK(pd_store_add_distress(st, id, "after", 40 - 10 * i) == PD_STORE_OK, "rating");
    }
    CHECK(pd_store_set_star(st, 2, 1) == PD_STORE_OK, "star");
    CHECK(pd_store_set_baseline(st, 1) == PD_STORE_OK, "baseline");
    /* the programme's tables too: the default ladder, two exposures */
    static pd_ladder l;
    CHECK(pd_store_ladder(st, "en", &l, NULL) == PD_STORE_OK && l.n > 2, "ladder: %s", pd_store_errmsg(st));
    for (int i = 0; i < 2 && l.n > 2; i++) {
        pd_exposure e;
        pd_exposure_init(&e);
        e.step_id = l.step[i].id;
        e.date = 1700000000 + 3600 * i;
        e.suds_before = 50;
        e.suds_peak = 70;
        e.suds_after = 30;
        e.take_id = i + 1;
        CHECK(pd_store_save_exposure(st, &e) == PD_STORE_OK, "exposure: %s", pd_store_errmsg(st));
    }
    pd_feedback_item *f = NULL;
    size_t nf = 0;
    CHECK(pd_store_feedback(st, 1, &f, &nf) == PD_STORE_OK && nf > 0, "the takes have advice (%zu)", nf);
    free(f);
    pd_store_close(st);
    char wal[600];
    snprintf(wal, sizeof wal, "%s/podium.db-wal", dir);
    CHECK(access(wal, F_OK) != 0, "the last close checkpointed the WAL into podium.db");
}

/* ---- what is run on each damaged copy ------------------------------------------ */

static int g_damaged_reads; /* in the child: reads that reported DAMAGED */
static int g_reset_advised; /* ... of which one advised --reset-db */

static void expect(pd_store *st, pd_store_status r, const char *what, const char *label)
{
    const char *m = pd_store_errmsg(st);
    CHECK(r == PD_STORE_OK || r == PD_STORE_ERR_DAMAGED || r == PD_STORE_ERR_DB || r == PD_STORE_ERR_NOT_FOUND ||
              r == PD_STORE_ERR_IO,
          "%s: %s: %s (%s)", label, what, pd_store_status_str(r), m);
    if (r == PD_STORE_OK) return;
    CHECK(m && m[0], "%s: %s: %s without a message", label, what, pd_store_status_str(r));
    if (r == PD_STORE_ERR_DAMAGED) {
        g_damaged_reads++;
        if (strstr(m, "--reset-db")) g_reset_advised = 1;
        CHECK(strstr(m, "damaged") && (strstr(m, "--reset-db") || strstr(m, "podium delete")),
              "%s: %s: the damage named, with what to do: %s", label, what, m);
    }
}

static void read_take_everything(pd_store *st, const pd_take *t, const char *label)
{
    pd_sb sb;
    pd_sb_init(&sb);
    expect(st, pd_store_report_json(st, t->id, &sb), "report_json", label);
    pd_sb_free(&sb);
    pd_sb_init(&sb);
    expect(st, pd_store_take_json(st, t, 1, &sb), "take_json", label);
    pd_store_take_csv(t, &sb);
    pd_sb_free(&sb);
    char path[PATH_MAX + 128];
    pd_store_recording_path(st, t, path, sizeof path);
    pd_feedback_item *f = NULL;
    size_t n = 0;
    expect(st, pd_store_feedback(st, t->id, &f, &n), "feedback", label);
    free(f);
    pd_distress *d = NULL;
    expect(st, pd_store_distress(st, t->id, &d, &n), "distress", label);
    free(d);
    pd_baseline b;
    expect(st, pd_store_baseline(st, t->id, &b), "baseline", label);
}

/* Every read function, then the writes, on the store in dir. */
static void run_all(const char *dir, const char *out_dir, const char *label)
{
    char err[900];
    pd_store_status r;
    pd_store *st = open_at(dir, &r, err, sizeof err);
    if (!st) {
        CHECK(r == PD_STORE_ERR_DAMAGED || r == PD_STORE_ERR_DB || r == PD_STORE_ERR_IO, "%s: open: %s (%s)",
              label, pd_store_status_str(r), err);
        CHECK(err[0], "%s: open failed without a message", label);
        if (r == PD_STORE_ERR_DAMAGED)
            CHECK(strstr(err, "damaged") && strstr(err, "--reset-db"), "%s: open: %s", label, err);
        return;
    }
    size_t n = 0;
    expect(st, pd_store_count(st, &n), "count", label);
    pd_take *list = NULL;
    r = pd_store_list(st, 0, 0, &list, &n);
    expect(st, r, "list", label);
    if (r != PD_STORE_OK) n = 0;
    for (size_t i = 0; i < n; i++) read_take_everything(st, &list[i], label);
    free(list);
    r = pd_store_list(st, 1, 1, &list, &n);
    expect(st, r, "list a page", label);
    if (r == PD_STORE_OK) free(list);
    for (int64_t id = 1; id <= 3; id++) {
        pd_take t;
        r = pd_store_get(st, id, &t);
        expect(st, r, "get", label);
        if (r == PD_STORE_OK) read_take_everything(st, &t, label);
    }
    pd_baseline b;
    expect(st, pd_store_baseline(st, 0, &b), "baseline", label);
    pd_compare_row rows[PD_METRIC_COUNT];
    expect(st, pd_store_compare(st, 1, 2, NULL, rows), "compare", label);
    for (int m = 0; m < PD_METRIC_COUNT; m++) {
        pd_trend_point *p = NULL;
        r = pd_store_trend(st, (pd_metric)m, &p, &n);
        expect(st, r, "trend", label);
        if (r == PD_STORE_OK) free(p);
    }
    static pd_ladder l;
    int exists = 0;
    expect(st, pd_store_read_ladder(st, &l, &exists), "read_ladder", label);
    pd_exposure *ex = NULL;
    r = pd_store_exposures(st, &ex, &n);
    expect(st, r, "exposures", label);
    if (r == PD_STORE_OK) free(ex);
    char **o = NULL;
    r = pd_store_orphans(st, &o, &n);
    expect(st, r, "orphans", label);
    if (r == PD_STORE_OK) pd_store_free_strings(o, n);
    int before = g_damaged_reads, advised = g_reset_advised; /* the integrity check finds damage by design: */
    expect(st, pd_store_check(st), "check", label);           /* not counted as a read */
    g_damaged_reads = before;
    g_reset_advised = advised;
    expect(st, pd_store_export(st, out_dir, &n), "export", label);
    /* the writes read too */
    expect(st, pd_store_set_star(st, 3, 1), "star", label);
    expect(st, pd_store_set_note(st, 3, "after the damage"), "note", label);
    expect(st, pd_store_add_distress(st, 3, "later", 10), "rate", label);
    expect(st, pd_store_set_baseline(st, 2), "set baseline", label);
    expect(st, pd_store_ladder(st, "en", &l, NULL), "ladder", label);
    expect(st, pd_store_delete(st, 2), "delete", label);
    pd_store_close(st);
}

/* Runs run_all in a child, so one crash names its copy and the rest still
 * run. Returns 0 (open refused it), 1 (opened, no read saw damage), 2
 * (opened, a read reported DAMAGED), 3 (... and advised --reset-db), -1
 * (failed checks or crashed). */
static int run_child(const char *dir, const char *label)
{
    char out[600];
    snprintf(out, sizeof out, "%s-export", dir);
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid == 0) {
        check_failures = 0;
        run_all(dir, out, label);
        exit(check_failures ? 1 : g_reset_advised ? 13 : g_damaged_reads ? 12 : 11);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid) return -1;
    if (WIFSIGNALED(status)) {
        CHECK(0, "%s: the store crashed (signal %d)", label, WTERMSIG(status));
        return -1;
    }
    int code = WEXITSTATUS(status);
    CHECK(code == 0 || (code >= 11 && code <= 13), "%s: exit %d (failed checks above, or a sanitizer report)",
          label, code);
    return code == 11 ? 1 : code == 12 ? 2 : code == 13 ? 3 : code == 0 ? 0 : -1;
}

/* A fresh copy of the base store as dir. */
static void copy_base(const char *base, const char *dir)
{
    sh("rm -rf '%s' '%s-export'", dir, dir);
    sh("cp -a '%s' '%s'", base, dir);
}

/* ---- NULL in a NOT NULL column -------------------------------------------------- */

static void test_nulls(const char *base)
{
    static const struct {
        const char *table, *col, *where;
    } NULLS[] = {
        {"take", "drill", "id = 2"},
        {"take", "lang", "id = 2"},
        {"take", "source", "id = 2"},
        {"take", "note", "id = 2"},
        {"take", "recorded_at", "id = 2"},
        {"take", "duration_s", "id = 2"},
        {"report", "json", "take_id = 2"},
        {"feedback", "item", "take_id = 2"},
        {"feedback", "message", "take_id = 2"},
        {"distress", "moment", "take_id = 2"},
        {"moment", "start_s", "take_id = 2"},
        {"step", "title", "id = 2"},
        {"exposure", "step_title", "id = 1"},
    };
    int damaged = 0;
    for (size_t i = 0; i < sizeof NULLS / sizeof NULLS[0]; i++) {
        char dir[400], label[120];
        snprintf(dir, sizeof dir, "%s/null-%zu", g_tmp, i);
        snprintf(label, sizeof label, "NULL in %s.%s", NULLS[i].table, NULLS[i].col);
        copy_base(base, dir);
        write_null(dir, NULLS[i].table, NULLS[i].col, NULLS[i].where);
        char again[500];
        snprintf(again, sizeof again, "%s-again", dir);
        copy_base(dir, again); /* the child deletes a take: the advice is checked on a copy */
        int k = run_child(dir, label);
        CHECK(k == 3, "%s: a read reports the damage, advising --reset-db (%d)", label, k);
        damaged += k == 3;
        /* and the advice holds: --reset-db finds it and moves the database aside */
        pd_store_options o;
        pd_store_options_init(&o);
        o.data_dir = again;
        o.reset_damaged = 1;
        pd_store *st = NULL;
        char err[900];
        CHECK(pd_store_open(&o, &st, err, sizeof err) == PD_STORE_OK && strstr(pd_store_notice(st), "moved"),
              "%s: --reset-db moves it aside: %s", label, st ? pd_store_notice(st) : err);
        pd_store_close(st);
        sh("rm -rf '%s' '%s-export' '%s'", dir, dir, again);
    }
    printf("NULL in a NOT NULL column: %d of %zu copies reported as damaged by a read\n", damaged,
           sizeof NULLS / sizeof NULLS[0]);

    /* an interrupted delete whose name is NULL: cleaned up at open, no crash */
    char dir[400], path[600];
    snprintf(dir, sizeof dir, "%s/null-pending", g_tmp);
    copy_base(base, dir);
    snprintf(path, sizeof path, "%s/podium.db", dir);
    sqlite3 *db = NULL;
    CHECK(sqlite3_open(path, &db) == SQLITE_OK &&
              sqlite3_exec(db, "INSERT INTO pending_unlink (name) VALUES (NULL)", NULL, NULL, NULL) == SQLITE_OK,
          "a NULL pending name: %s", sqlite3_errmsg(db));
    sqlite3_close(db);
    CHECK(run_child(dir, "NULL in pending_unlink.name") >= 0, "NULL pending name");
    sh("rm -rf '%s' '%s-export'", dir, dir);
}

/* ---- bytes changed in the pages ---------------------------------------------------- */

static size_t get_varint(const unsigned char *p, const unsigned char *end, uint64_t *v)
{
    uint64_t x = 0;
    for (size_t i = 0; i < 9 && p + i < end; i++) {
        if (i == 8) {
            *v = (x << 8) | p[i];
            return 9;
        }
        x = (x << 7) | (p[i] & 0x7f);
        if (!(p[i] & 0x80)) {
            *v = x;
            return i + 1;
        }
    }
    return 0;
}

/* The file offsets of every serial type in the record headers of the table
 * leaf pages (SQLite's file format, sections 1.5-1.6): where a damaged byte
 * becomes a NULL, a short text or a misread record; with index 1, of the
 * first serial type of each index leaf record instead (a NULL there sits
 * where the index's order says there is none, so a range scan returns it). */
static size_t header_bytes(const unsigned char *db, size_t len, int index, size_t *out, size_t max)
{
    size_t ps = ((size_t)db[16] << 8) | db[17];
    if (ps == 1) ps = 65536;
    size_t n = 0;
    for (size_t pg = 0; ps >= 512 && pg + ps <= len; pg += ps) {
        size_t h = pg == 0 ? 100 : 0;
        if (db[pg + h] != (index ? 0x0A : 0x0D)) continue; /* an index or table leaf */
        size_t cells = ((size_t)db[pg + h + 3] << 8) | db[pg + h + 4];
        for (size_t c = 0; c < cells; c++) {
            size_t cp = pg + h + 8 + 2 * c;
            if (cp + 2 > pg + ps) break;
            size_t cell = pg + (((size_t)db[cp] << 8) | db[cp + 1]);
            const unsigned char *p = db + cell, *end = db + pg + ps;
            uint64_t v, hsize;
            size_t k;
            if (cell >= pg + ps || !(k = get_varint(p, end, &v))) continue; /* payload size */
            p += k;
            if (!index && !(k = get_varint(p, end, &v))) continue; /* rowid */
            if (!index) p += k;
            const unsigned char *hdr = p;
            if (!(k = get_varint(p, end, &hsize)) || hsize > 1000) continue;
            for (p += k; p < hdr + hsize && p < end && n < max; p += k) {
                out[n++] = (size_t)(p - db);
                if (index || !(k = get_varint(p, end, &v))) break;
            }
        }
    }
    return n;
}

static void test_flips(const char *base)
{
    char path[600];
    snprintf(path, sizeof path, "%s/podium.db", base);
    size_t len = 0;
    unsigned char *orig = read_all(path, &len);
    CHECK(orig && len >= 4096, "the base database (%zu bytes)", len);
    if (!orig) return;
    static size_t hb[20000], ib[2000];
    size_t nh = header_bytes(orig, len, 0, hb, sizeof hb / sizeof hb[0]);
    size_t ni = header_bytes(orig, len, 1, ib, sizeof ib / sizeof ib[0]);
    CHECK(nh > 50 && ni >= 10, "record headers found in the pages (%zu serial types, %zu index records)", nh, ni);
    printf("base database: %zu bytes, %zu serial types in table leaf pages, %zu index records\n", len, nh, ni);
    unsigned char *b = malloc(len);
    int outcome[4] = {0, 0, 0, 0}, crashed = 0;
    enum { N_HEADER = 40, N_RANDOM = 30 };
    int N_INDEX = ni < 20 ? (int)ni : 20; /* every index record (a small store has few) */
    for (int v = -N_INDEX; v < N_HEADER + N_RANDOM; v++) {
        memcpy(b, orig, len);
        char label[200];
        if (v < 0) {
            /* an index record's first column made NULL */
            size_t at = ib[(size_t)(v + N_INDEX) * ni / N_INDEX];
            b[at] = 0x00;
            snprintf(label, sizeof label, "copy %d (index record at %zu: 0x%02x -> NULL)", v, at, orig[at]);
        } else if (v < N_HEADER) {
            /* a serial type spread over the headers: NULL, a one-byte text, a
             * varint that runs on into the next */
            static const unsigned char TO[] = {0x00, 0x0f, 0x81, 0x0c};
            size_t at = hb[(size_t)v * nh / N_HEADER];
            b[at] = TO[v % 4];
            snprintf(label, sizeof label, "copy %d (serial type at %zu: 0x%02x -> 0x%02x)", v, at, orig[at],
                     b[at]);
        } else {
            /* 1-4 bytes flipped anywhere after the file header, seeded */
            uint32_t seed = 1103515245u * (uint32_t)v + 12345u;
            int nflip = 1 + v % 4, w = 0;
            w += snprintf(label + w, sizeof label - (size_t)w, "copy %d (flipped:", v);
            for (int k = 0; k < nflip; k++) {
                seed = seed * 1664525u + 1013904223u;
                size_t at = 100 + (size_t)(seed >> 8) % (len - 100);
                seed = seed * 1664525u + 1013904223u;
                unsigned char x = (unsigned char)(1 + (seed >> 16) % 255);
                b[at] ^= x;
                w += snprintf(label + w, sizeof label - (size_t)w, " %zu^0x%02x", at, x);
            }
            snprintf(label + w, sizeof label - (size_t)w, ")");
        }
        char dir[400], db[500];
        snprintf(dir, sizeof dir, "%s/flip-%d", g_tmp, v + N_INDEX);
        copy_base(base, dir);
        snprintf(db, sizeof db, "%s/podium.db", dir);
        CHECK(write_all(db, b, len) == 0, "write %s", db);
        char again[500];
        snprintf(again, sizeof again, "%s-again", dir);
        copy_base(dir, again);
        int k = run_child(dir, label);
        if (k < 0)
            crashed++;
        else
            outcome[k]++;
        if (k == 3) { /* the advice holds: --reset-db finds the damage and moves the database aside */
            pd_store_options o;
            pd_store_options_init(&o);
            o.data_dir = again;
            o.reset_damaged = 1;
            pd_store *st = NULL;
            char err[900];
            CHECK(pd_store_open(&o, &st, err, sizeof err) == PD_STORE_OK && strstr(pd_store_notice(st), "moved"),
                  "%s: --reset-db moves it aside: %s", label, st ? pd_store_notice(st) : err);
            pd_store_close(st);
        }
        sh("rm -rf '%s' '%s-export' '%s'", dir, dir, again);
    }
    printf("%d damaged copies: %d refused at open, %d opened and read cleanly, %d opened with a read reporting "
           "the damage (%d advising --reset-db, which then moved it aside), %d failed\n",
           N_INDEX + N_HEADER + N_RANDOM, outcome[0], outcome[1], outcome[2] + outcome[3], outcome[3], crashed);
    /* the copies must reach the reads, not only the open */
    CHECK(outcome[2] + outcome[3] >= 10, "at least 10 copies opened and then reported as damaged by a read (%d)",
          outcome[2] + outcome[3]);
    free(b);
    free(orig);
}

/* ---- recording names that are not Podium's ------------------------------------------ */

static void write_tone(const char *path, double seconds)
{
    SF_INFO info = {.samplerate = 16000, .channels = 1, .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16};
    SNDFILE *sf = sf_open(path, SFM_WRITE, &info);
    if (!sf) return;
    for (int i = 0; i < (int)(seconds * 16000); i++) {
        float x = (float)(0.3 * sin(2 * M_PI * 200.0 * i / 16000.0));
        sf_writef_float(sf, &x, 1);
    }
    sf_close(sf);
}

static int file_says(const char *path, const char *text)
{
    size_t n = 0;
    unsigned char *b = read_all(path, &n);
    int same = b && n == strlen(text) && memcmp(b, text, n) == 0;
    free(b);
    return same;
}

static int pending_count(pd_store *st)
{
    sqlite3_stmt *s;
    int n = -1;
    if (sqlite3_prepare_v2(pd_store_sqlite(st), "SELECT count(*) FROM pending_unlink", -1, &s, NULL) ==
        SQLITE_OK) {
        if (sqlite3_step(s) == SQLITE_ROW) n = sqlite3_column_int(s, 0);
        sqlite3_finalize(s);
    }
    return n;
}

static void test_names(void)
{
    char top[400], dir[500], victim[600], hidden[700], wav[600], out[600], err[900], cmd[1400];
    snprintf(top, sizeof top, "%s/names", g_tmp);
    sh("rm -rf '%s'", top);
    mkdir(top, 0700);
    snprintf(dir, sizeof dir, "%s/data", top);
    snprintf(victim, sizeof victim, "%s/victim.txt", top); /* beside the data folder */
    snprintf(wav, sizeof wav, "%s/tone.wav", top);
    snprintf(out, sizeof out, "%s/export", top);
    write_tone(wav, 0.5);
    FILE *f = fopen(victim, "w");
    fputs("precious", f);
    fclose(f);
    pd_store_status r;
    pd_store *st = open_at(dir, &r, err, sizeof err);
    CHECK(st != NULL, "open: %s", err);
    if (!st) return;
    snprintf(hidden, sizeof hidden, "%s/recordings/.hidden.flac", dir);
    f = fopen(hidden, "w");
    fputs("hidden", f);
    fclose(f);
    pd_report rep;
    fake_report(&rep, 4.0, 1.0, 2.0, -23.0);
    int64_t id;
    for (int i = 0; i < 5; i++) CHECK(pd_store_add(st, NULL, wav, &rep, &id) == PD_STORE_OK, "add %d", i);
    sqlite3_stmt *s;
    CHECK(sqlite3_prepare_v2(pd_store_sqlite(st), "UPDATE take SET recording = ? WHERE id = ?", -1, &s, NULL) ==
              SQLITE_OK,
          "prepare");
    const char *bad[4] = {"../../victim.txt", victim, ".hidden.flac", "sub/../../../victim.txt"};
    for (int i = 0; i < 4; i++) {
        sqlite3_reset(s);
        sqlite3_bind_text(s, 1, bad[i], -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 2, i + 1);
        CHECK(sqlite3_step(s) == SQLITE_DONE, "write the bad name %s", bad[i]);
    }
    sqlite3_finalize(s);

    /* read: the name is kept in the row but no path is made of it */
    pd_take t;
    char path[PATH_MAX + 128];
    for (int i = 0; i < 4; i++) {
        CHECK(pd_store_get(st, i + 1, &t) == PD_STORE_OK, "get %d", i + 1);
        pd_store_recording_path(st, &t, path, sizeof path);
        CHECK(path[0] == 0, "'%s' gives no path (%s)", bad[i], path);
        pd_sb sb;
        pd_sb_init(&sb);
        CHECK(pd_store_take_json(st, &t, 1, &sb) == PD_STORE_OK && strstr(sb.data, "\"recording\": null"),
              "take %d JSON: no recording path", i + 1);
        CHECK(!strstr(sb.data, "victim"), "take %d JSON has no path to the victim", i + 1);
        pd_sb_free(&sb);
    }
    char **o = NULL;
    size_t n = 0;
    CHECK(pd_store_orphans(st, &o, &n) == PD_STORE_OK, "orphans: %s", pd_store_errmsg(st));
    for (size_t i = 0; i < n; i++) CHECK(!strstr(o[i], "victim") && !strstr(o[i], "/."), "orphan %s", o[i]);
    pd_store_free_strings(o, n);

    /* export: refused before anything is copied, the damage named */
    r = pd_store_export(st, out, &n);
    CHECK(r == PD_STORE_ERR_DAMAGED, "export with a bad name: %s (%s)", pd_store_status_str(r),
          pd_store_errmsg(st));
    CHECK(strstr(pd_store_errmsg(st), "damaged") && strstr(pd_store_errmsg(st), "../../victim.txt") &&
              strstr(pd_store_errmsg(st), "take 1"),
          "the export message names the take and its name: %s", pd_store_errmsg(st));
    snprintf(cmd, sizeof cmd, "! grep -rqs precious '%s'", out);
    CHECK(system(cmd) == 0, "the victim's bytes are not in the export");

    /* delete: the row goes, no file outside recordings/ (nor a dot file) is touched */
    for (int i = 0; i < 4; i++) {
        r = pd_store_delete(st, i + 1);
        CHECK(r == PD_STORE_ERR_DAMAGED, "delete %d (%s): %s (%s)", i + 1, bad[i], pd_store_status_str(r),
              pd_store_errmsg(st));
        CHECK(strstr(pd_store_errmsg(st), "deleted") && strstr(pd_store_errmsg(st), "no file") &&
                  strstr(pd_store_errmsg(st), "damaged"),
              "delete says the row went and no file was removed: %s", pd_store_errmsg(st));
        CHECK(pd_store_get(st, i + 1, &t) == PD_STORE_ERR_NOT_FOUND, "take %d deleted", i + 1);
        CHECK(file_says(victim, "precious"), "after deleting take %d the victim is untouched", i + 1);
        CHECK(file_says(hidden, "hidden"), "after deleting take %d the dot file is untouched", i + 1);
    }
    CHECK(pending_count(st) == 0, "no bad name left waiting in pending_unlink (%d)", pending_count(st));
    /* now the export works */
    CHECK(pd_store_export(st, out, &n) == PD_STORE_OK && n == 1, "export of the rest: %s", pd_store_errmsg(st));

    /* an interrupted delete's names are checked too, at the next open */
    CHECK(sqlite3_prepare_v2(pd_store_sqlite(st), "INSERT INTO pending_unlink (name) VALUES (?)", -1, &s, NULL) ==
              SQLITE_OK,
          "prepare");
    for (int i = 0; i < 4; i++) {
        sqlite3_reset(s);
        sqlite3_bind_text(s, 1, bad[i], -1, SQLITE_STATIC);
        CHECK(sqlite3_step(s) == SQLITE_DONE, "pending %s", bad[i]);
    }
    sqlite3_finalize(s);
    pd_store_close(st);
    st = open_at(dir, &r, err, sizeof err);
    CHECK(st != NULL, "reopen: %s", err);
    CHECK(file_says(victim, "precious"), "the clean-up at open leaves the victim alone");
    CHECK(file_says(hidden, "hidden"), "the clean-up at open leaves the dot file alone");
    if (st) {
        CHECK(pending_count(st) == 0, "the bad pending names are dropped");
        CHECK(pd_store_delete(st, 5) == PD_STORE_OK, "a take of Podium's own name deletes: %s",
              pd_store_errmsg(st));
        pd_store_close(st);
    }
    CHECK(file_says(victim, "precious"), "the victim is untouched at the end");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_store_damage SOURCE_DIR\n");
        return 2;
    }
    snprintf(g_sample, sizeof g_sample, "%s/assets/sample_en_jfk_ask_not.wav", argv[1]);
    const char *tmp = getenv("TMPDIR");
    snprintf(g_tmp, sizeof g_tmp, "%s/podium-test-damage-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(g_tmp)) {
        perror("mkdtemp");
        return 1;
    }
    unsetenv("PODIUM_DATA_DIR");
    char base[400];
    snprintf(base, sizeof base, "%s/base", g_tmp);
    make_base(base);
    test_names();
    test_nulls(base);
    test_flips(base);
    if (check_failures == 0) sh("rm -rf '%s'", g_tmp);
    CHECK_DONE();
}
