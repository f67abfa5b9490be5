/* test_store.c - the practice history (store.h): a usage example first,
 * then the failure paths that must lose nothing.
 *
 * Usage: test_store SOURCE_DIR   (reads SOURCE_DIR/assets/sample_en_jfk_ask_not.wav)
 *
 * - takes round-trip: metadata, metrics, report JSON, advice, recordings (FLAC,
 *   readable, same length as the source), star, note, ratings, delete;
 * - the direction table (compare verdicts) and the baseline (marked take,
 *   median of the last 5, the marked take deleted -> median again) and the
 *   feedback relative to it;
 * - migrations from every earlier schema version keep every row; a newer
 *   schema is refused untouched;
 * - privacy: directory 0700, database and recordings 0600;
 * - a damaged database is reported and left byte-for-byte untouched, and
 *   moved aside (same bytes) only with reset_damaged;
 * - a read-only data directory is reported (as root: checked as user nobody);
 * - orphans (a recording without a row) are listed and can be imported in
 *   place; a file still being saved (flock held) is not listed;
 * - SIGKILL of a writer at random moments, 30 times: integrity_check ok,
 *   every take whose commit returned is there with a readable recording, no
 *   row points at a missing file;
 * - two processes adding takes at once: nothing lost, integrity ok. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <sndfile.h>
#include "check.h"
#include "fake_report.h"
#include "podium/feedback.h"
#include "podium/store.h"
#include "store_internal.h"

static char g_sample[4096];
static char g_tmp[256];
static char g_short_wav[600]; /* 0.5 s of tone, for the crash tests */

static void rm_rf(const char *path)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", path);
}

static void subdir(char *out, size_t len, const char *name)
{
    snprintf(out, len, "%s/%s", g_tmp, name);
    rm_rf(out);
}

static pd_store *open_at(const char *dir, int reset)
{
    pd_store_options o;
    pd_store_options_init(&o);
    o.data_dir = dir;
    o.reset_damaged = reset;
    pd_store *st = NULL;
    char err[900];
    pd_store_status r = pd_store_open(&o, &st, err, sizeof err);
    CHECK(r == PD_STORE_OK, "open %s: %s", dir, err);
    return r == PD_STORE_OK ? st : NULL;
}

static long long file_frames(const char *path)
{
    SF_INFO info;
    memset(&info, 0, sizeof info);
    SNDFILE *sf = sf_open(path, SFM_READ, &info);
    if (!sf) return -1;
    long long n = 0;
    float buf[4096];
    sf_count_t got;
    while ((got = sf_readf_float(sf, buf, 4096 / (info.channels ? info.channels : 1))) > 0) n += got;
    sf_close(sf);
    return n;
}

static int mode_of(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? (int)(sb.st_mode & 0777) : -1;
}

static int same_bytes(const char *a, const char *b)
{
    char cmd[1300];
    snprintf(cmd, sizeof cmd, "cmp -s '%s' '%s'", a, b);
    return system(cmd) == 0;
}

static void write_tone(const char *path, double seconds)
{
    SF_INFO info = {.samplerate = 16000, .channels = 1, .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16};
    SNDFILE *sf = sf_open(path, SFM_WRITE, &info);
    if (!sf) {
        fprintf(stderr, "cannot write %s\n", path);
        exit(1);
    }
    int n = (int)(seconds * 16000);
    for (int i = 0; i < n; i++) {
        float v = (float)(0.3 * sin(2 * M_PI * 200.0 * i / 16000.0));
        sf_writef_float(sf, &v, 1);
    }
    sf_close(sf);
}

/* ---- the usage example ---------------------------------------------------- */

static void test_round_trip(void)
{
    char dir[400], path[4400];
    subdir(dir, sizeof dir, "roundtrip/deeper/data");
    pd_store *st = open_at(dir, 0);
    if (!st) return;
    char up[400];
    snprintf(up, sizeof up, "%s/roundtrip", g_tmp);
    CHECK(mode_of(dir) == 0700, "data dir mode %o, expected 700", mode_of(dir));
    snprintf(path, sizeof path, "%s/podium.db", dir);
    CHECK(mode_of(path) == 0600, "database mode %o, expected 600", mode_of(path));
    snprintf(path, sizeof path, "%s/recordings", dir);
    CHECK(mode_of(path) == 0700, "recordings mode %o, expected 700", mode_of(path));

    /* import a real recording: analysis + FLAC copy + row */
    pd_take_meta meta;
    pd_take_meta_init(&meta);
    snprintf(meta.drill, sizeof meta.drill, "elevator");
    meta.target_s = 60;
    meta.recorded_at = 1700000000;
    int64_t id1 = 0;
    pd_store_status r = pd_store_import(st, g_sample, &meta, NULL, "en", &id1);
    CHECK(r == PD_STORE_OK && id1 > 0, "import: %s", pd_store_errmsg(st));
    pd_take t;
    r = pd_store_get(st, id1, &t);
    CHECK(r == PD_STORE_OK, "get: %s", pd_store_errmsg(st));
    CHECK(strcmp(t.drill, "elevator") == 0 && t.target_s == 60 && t.recorded_at == 1700000000,
          "metadata back: drill %s target %g at %lld", t.drill, t.target_s, (long long)t.recorded_at);
    CHECK_NEAR(t.duration_s, 11.0, 0.05, "duration of the sample (11.0 s, assets/README.md)");
    CHECK(t.speech_detected && t.metric[PD_METRIC_SPEECH_RATE] > 1.5 && t.metric[PD_METRIC_SPEECH_RATE] < 4.5,
          "pace of the sample %.2f", t.metric[PD_METRIC_SPEECH_RATE]);
    CHECK(strstr(t.source, "sample_en_jfk_ask_not.wav") != NULL, "source '%s'", t.source);
    pd_store_recording_path(st, &t, path, sizeof path);
    CHECK(strstr(path, ".flac") != NULL, "recording %s is FLAC", path);
    CHECK(mode_of(path) == 0600, "recording mode %o, expected 600", mode_of(path));
    CHECK(file_frames(path) == file_frames(g_sample), "FLAC copy has %lld frames, source %lld",
          file_frames(path), file_frames(g_sample));
    pd_sb sb;
    pd_sb_init(&sb);
    CHECK(pd_store_report_json(st, id1, &sb) == PD_STORE_OK && sb.data &&
              strstr(sb.data, "\"speech_rate_syl_s\"") != NULL,
          "stored report JSON");
    pd_sb_free(&sb);
    pd_feedback_item *items = NULL;
    size_t nf = 0;
    CHECK(pd_store_feedback(st, id1, &items, &nf) == PD_STORE_OK && nf >= 1, "stored advice: %zu items", nf);
    free(items);

    /* synthetic takes: newest first in the list */
    pd_report rep;
    int64_t ids[6];
    double paces[6] = {3.0, 3.5, 4.0, 4.5, 5.0, 6.0};
    for (int i = 0; i < 6; i++) {
        fake_report(&rep, paces[i], 2.0 + i, 2.5, -23.0);
        pd_take_meta_init(&meta);
        meta.recorded_at = 1700001000 + i * 100;
        r = pd_store_add(st, &meta, NULL, &rep, &ids[i]);
        CHECK(r == PD_STORE_OK, "add %d: %s", i, pd_store_errmsg(st));
    }
    pd_take *list = NULL;
    size_t n = 0;
    r = pd_store_list(st, 0, 0, &list, &n);
    CHECK(r == PD_STORE_OK && n == 7, "list: %zu takes", n);
    if (r == PD_STORE_OK && n == 7) {
        CHECK(list[0].id == ids[5] && list[6].id == id1, "newest first: %lld ... %lld", (long long)list[0].id,
              (long long)list[6].id);
        CHECK_NEAR(list[0].metric[PD_METRIC_FILLED_PER_100W], 7.0, 0.3, "fillers per 100 words back");
        CHECK(!list[0].recording[0], "a take without a recording has none");
    }
    free(list);
    r = pd_store_list(st, 2, 3, &list, &n);
    CHECK(r == PD_STORE_OK && n == 3 && list[0].id == ids[3], "page offset 2 limit 3");
    free(list);

    /* baseline: median of the last 5 (excluding the take itself) */
    pd_baseline b;
    r = pd_store_baseline(st, 0, &b);
    CHECK(r == PD_STORE_OK && b.kind == PD_BASELINE_MEDIAN && b.n_takes == 5, "median baseline of 5");
    CHECK_NEAR(b.metric[PD_METRIC_SPEECH_RATE], 4.5, 1e-9, "median of 3.5 4 4.5 5 6");
    r = pd_store_baseline(st, ids[5], &b);
    CHECK_NEAR(b.metric[PD_METRIC_SPEECH_RATE], 4.0, 1e-9, "median without the newest: 3 3.5 4 4.5 5");
    /* a take with under PD_BASELINE_MIN_SPEECH_S of speech (a 1 s test) does
     * not make the median: added as the newest with a pace of 9, the median
     * stays 4.5; deleted again afterwards */
    {
        pd_report shortr;
        fake_report(&shortr, 9.0, 0.0, 2.5, -23.0);
        shortr.speech_start_s = 0.2;
        shortr.speech_end_s = 1.2;
        shortr.speech_rate_syl_s = 9.0;
        int64_t sid = 0;
        pd_take_meta_init(&meta);
        meta.recorded_at = 1700009000;
        CHECK(pd_store_add(st, &meta, NULL, &shortr, &sid) == PD_STORE_OK, "add a 1 s take");
        r = pd_store_baseline(st, 0, &b);
        CHECK(r == PD_STORE_OK && b.n_takes == 5, "the 1 s take is not in the baseline (%d takes)", b.n_takes);
        CHECK_NEAR(b.metric[PD_METRIC_SPEECH_RATE], 4.5, 1e-9, "median still of 3.5 4 4.5 5 6");
        CHECK(pd_store_delete(st, sid) == PD_STORE_OK, "delete the 1 s take");
    }
    CHECK(pd_store_set_baseline(st, ids[0]) == PD_STORE_OK, "mark baseline");
    r = pd_store_baseline(st, 0, &b);
    CHECK(b.kind == PD_BASELINE_MARKED && b.take_id == ids[0] &&
              fabs(b.metric[PD_METRIC_SPEECH_RATE] - 3.0) < 1e-9,
          "marked baseline is take %lld", (long long)ids[0]);
    CHECK(pd_store_get(st, ids[0], &t) == PD_STORE_OK && t.is_baseline, "take flagged as baseline");
    CHECK(pd_store_set_baseline(st, 999999) == PD_STORE_ERR_NOT_FOUND, "baseline of a missing take");

    /* compare and trend */
    pd_compare_row rows[PD_METRIC_COUNT];
    r = pd_store_compare(st, ids[5], ids[3], NULL, rows);
    CHECK(r == PD_STORE_OK && rows[PD_METRIC_SPEECH_RATE].verdict == PD_VERDICT_BETTER,
          "6.0 -> 4.5 syl/s is better (back into the band)");
    CHECK(rows[PD_METRIC_FILLED_PER_100W].verdict == PD_VERDICT_BETTER, "fewer fillers is better");
    CHECK(pd_store_compare(st, ids[0], 424242, NULL, rows) == PD_STORE_ERR_NOT_FOUND,
          "compare a missing take");
    pd_trend_point *pts = NULL;
    r = pd_store_trend(st, PD_METRIC_SPEECH_RATE, &pts, &n);
    CHECK(r == PD_STORE_OK && n == 7, "trend points %zu", n);
    if (r == PD_STORE_OK && n == 7)
        CHECK(pts[0].id == id1 && fabs(pts[6].value - 6.0) < 1e-9, "trend oldest first");
    free(pts);

    /* star, note, ratings */
    CHECK(pd_store_set_star(st, ids[1], 1) == PD_STORE_OK, "star");
    CHECK(pd_store_set_note(st, ids[1], "felt calm, \"good\" start") == PD_STORE_OK, "note");
    CHECK(pd_store_set_star(st, 777777, 1) == PD_STORE_ERR_NOT_FOUND, "star a missing take");
    CHECK(pd_store_add_distress(st, ids[1], "before", 70) == PD_STORE_OK, "rating before");
    CHECK(pd_store_add_distress(st, ids[1], "after", 40) == PD_STORE_OK, "rating after");
    CHECK(pd_store_add_distress(st, ids[1], "after", 140) == PD_STORE_ERR_INVALID, "rating > 100 refused");
    CHECK(pd_store_get(st, ids[1], &t) == PD_STORE_OK && t.star == 1 &&
              strcmp(t.note, "felt calm, \"good\" start") == 0,
          "star and note back");
    pd_distress *d = NULL;
    CHECK(pd_store_distress(st, ids[1], &d, &n) == PD_STORE_OK && n == 2 && d[0].rating == 70 &&
              strcmp(d[1].moment, "after") == 0,
          "ratings back");
    free(d);

    /* export */
    char out[400];
    subdir(out, sizeof out, "export");
    size_t ne = 0;
    CHECK(pd_store_export(st, out, &ne) == PD_STORE_OK && ne == 7, "export %zu takes: %s", ne,
          pd_store_errmsg(st));
    snprintf(path, sizeof path, "%s/recordings/take-%lld.flac", out, (long long)id1);
    CHECK(file_frames(path) == file_frames(g_sample), "exported recording %s", path);
    snprintf(path, sizeof path, "%s/takes.csv", out);
    CHECK(mode_of(path) == 0600, "takes.csv written 0600");

    /* delete: the row, its recording; the marked baseline falls back to the median */
    pd_store_get(st, id1, &t);
    pd_store_recording_path(st, &t, path, sizeof path);
    CHECK(pd_store_delete(st, id1) == PD_STORE_OK, "delete");
    CHECK(access(path, F_OK) != 0, "recording removed with its take");
    CHECK(pd_store_get(st, id1, &t) == PD_STORE_ERR_NOT_FOUND, "deleted take gone");
    CHECK(pd_store_delete(st, ids[0]) == PD_STORE_OK, "delete the baseline take");
    r = pd_store_baseline(st, 0, &b);
    CHECK(b.kind == PD_BASELINE_MEDIAN, "baseline back to the median after its take was deleted");
    CHECK(pd_store_delete(st, ids[1]) == PD_STORE_OK, "delete a take with ratings (cascade)");
    CHECK(pd_store_check(st) == PD_STORE_OK, "integrity after all that: %s", pd_store_errmsg(st));
    sqlite3_stmt *s;
    sqlite3_prepare_v2(pd_store_sqlite(st), "SELECT count(*) FROM distress", -1, &s, NULL);
    CHECK(sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0) == 0, "ratings deleted with their take");
    sqlite3_finalize(s);
    pd_store_close(st);
}

static void test_directions(void)
{
    pd_feedback_bounds b;
    pd_feedback_bounds_init(&b);
    CHECK(pd_metric_verdict(PD_METRIC_SPEECH_RATE, 5.2, 4.7, &b) == PD_VERDICT_BETTER,
          "fast -> closer: better");
    CHECK(pd_metric_verdict(PD_METRIC_SPEECH_RATE, 3.0, 4.0, &b) == PD_VERDICT_SAME, "inside the band: same");
    CHECK(pd_metric_verdict(PD_METRIC_SPEECH_RATE, 3.0, 2.0, &b) == PD_VERDICT_WORSE,
          "out of band slow: worse");
    CHECK(pd_metric_verdict(PD_METRIC_FILLED_PER_100W, 3.0, 1.0, &b) == PD_VERDICT_BETTER, "fewer fillers");
    CHECK(pd_metric_verdict(PD_METRIC_F0_SD, 1.0, 2.0, &b) == PD_VERDICT_BETTER, "more pitch movement");
    CHECK(pd_metric_verdict(PD_METRIC_MLR, 9.0, 5.0, &b) == PD_VERDICT_WORSE, "shorter runs");
    CHECK(pd_metric_verdict(PD_METRIC_F0_MEDIAN, 100, 200, &b) == PD_VERDICT_NEUTRAL,
          "median pitch not judged");
    CHECK(pd_metric_verdict(PD_METRIC_SPEECH_RATE, NAN, 4.0, &b) == PD_VERDICT_NA, "missing value");
    b.pace_fast_syl_s = 4.0; /* a user's bound moves the verdict too */
    CHECK(pd_metric_verdict(PD_METRIC_SPEECH_RATE, 3.9, 4.4, &b) == PD_VERDICT_WORSE, "user band");
    CHECK(pd_metric_find("pace") == PD_METRIC_SPEECH_RATE && pd_metric_find("f0_sd_st") == PD_METRIC_F0_SD &&
              pd_metric_find("nonsense") == -1,
          "metric names");

    pd_baseline bl;
    memset(&bl, 0, sizeof bl);
    bl.kind = PD_BASELINE_MEDIAN;
    bl.n_takes = 5;
    for (int i = 0; i < PD_METRIC_COUNT; i++) bl.metric[i] = NAN;
    bl.metric[PD_METRIC_SPEECH_RATE] = 4.1;
    double m[PD_METRIC_COUNT];
    for (int i = 0; i < PD_METRIC_COUNT; i++) m[i] = NAN;
    m[PD_METRIC_SPEECH_RATE] = 4.8;
    pd_feedback_item it[4];
    size_t k = pd_baseline_feedback(&bl, m, NULL, "en", it, 4);
    CHECK(k == 1 && strstr(it[0].message, "Faster than your usual") && strstr(it[0].message, "4.1"),
          "baseline feedback: %s", k ? it[0].message : "(none)");
    m[PD_METRIC_SPEECH_RATE] = 4.2;
    CHECK(pd_baseline_feedback(&bl, m, NULL, "en", it, 4) == 0, "a small change says nothing");
}

/* ---- migrations -------------------------------------------------------------- */

static void test_migrations(void)
{
    for (int v = 1; v < PD_STORE_SCHEMA_VERSION; v++) {
        char dir[400], name[32];
        snprintf(name, sizeof name, "mig%d", v);
        subdir(dir, sizeof dir, name);
        pd_store_options o;
        pd_store_options_init(&o);
        o.data_dir = dir;
        pd_store *st = NULL;
        char err[900];
        CHECK(pd_store_open_version(&o, v, &st, err, sizeof err) == PD_STORE_OK, "open at v%d: %s", v, err);
        if (!st) continue;
        sqlite3 *db = pd_store_sqlite(st);
        /* rows as that version wrote them */
        int rc = sqlite3_exec(
            db,
            "INSERT INTO take (id, recorded_at, duration_s, speech_detected, speech_rate_syl_s, note) "
            "VALUES (1, 1600000000, 12.5, 1, 3.7, 'old take');"
            "INSERT INTO take (id, recorded_at, duration_s, speech_detected, speech_rate_syl_s) "
            "VALUES (2, 1600000100, 20.0, 1, 4.3);"
            "INSERT INTO report (take_id, json) VALUES (1, '{\"duration_s\": 12.5}');",
            NULL, NULL, NULL);
        CHECK(rc == SQLITE_OK, "v%d rows: %s", v, sqlite3_errmsg(db));
        if (v >= 2)
            CHECK(sqlite3_exec(db, "INSERT INTO distress (take_id, moment, rating) VALUES (1, 'before', 55)",
                               NULL, NULL, NULL) == SQLITE_OK,
                  "v%d rating", v);
        if (v >= 3)
            CHECK(sqlite3_exec(db, "INSERT INTO baseline (one, take_id) VALUES (1, 2)", NULL, NULL, NULL) ==
                      SQLITE_OK,
                  "v%d baseline", v);
        pd_store_close(st);

        st = open_at(dir, 0); /* migrates to the newest version */
        if (!st) continue;
        sqlite3_stmt *s;
        sqlite3_prepare_v2(pd_store_sqlite(st), "PRAGMA user_version", -1, &s, NULL);
        CHECK(sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0) == PD_STORE_SCHEMA_VERSION,
              "v%d migrated to %d", v, PD_STORE_SCHEMA_VERSION);
        sqlite3_finalize(s);
        pd_take t;
        CHECK(pd_store_get(st, 1, &t) == PD_STORE_OK && strcmp(t.note, "old take") == 0 &&
                  fabs(t.metric[PD_METRIC_SPEECH_RATE] - 3.7) < 1e-9 && t.source[0] == 0,
              "v%d take 1 kept", v);
        pd_sb sb;
        pd_sb_init(&sb);
        CHECK(pd_store_report_json(st, 1, &sb) == PD_STORE_OK && sb.data && strstr(sb.data, "12.5"),
              "v%d report kept", v);
        pd_sb_free(&sb);
        pd_distress *d = NULL;
        size_t n = 0;
        CHECK(pd_store_distress(st, 1, &d, &n) == PD_STORE_OK && n == (v >= 2 ? 1u : 0u), "v%d ratings", v);
        free(d);
        pd_baseline b;
        pd_store_baseline(st, 0, &b);
        CHECK(b.kind == (v >= 3 ? PD_BASELINE_MARKED : PD_BASELINE_MEDIAN), "v%d baseline kind %d", v,
              b.kind);
        /* the new version works on the migrated file */
        pd_report rep;
        fake_report(&rep, 4.0, 1.0, 2.0, -23.0);
        int64_t id;
        CHECK(pd_store_add(st, NULL, NULL, &rep, &id) == PD_STORE_OK && id == 3, "v%d add after migration",
              v);
        CHECK(pd_store_check(st) == PD_STORE_OK, "v%d integrity", v);
        sqlite3_prepare_v2(pd_store_sqlite(st), "PRAGMA foreign_key_check", -1, &s, NULL);
        CHECK(sqlite3_step(s) == SQLITE_DONE, "v%d foreign keys consistent", v);
        sqlite3_finalize(s);
        pd_store_close(st);
    }

    /* a database from a newer Podium is refused and not touched */
    char dir[400], db[500], copy[500];
    subdir(dir, sizeof dir, "newer");
    pd_store *st = open_at(dir, 0);
    if (!st) return;
    sqlite3_exec(pd_store_sqlite(st), "PRAGMA user_version = 99", NULL, NULL, NULL);
    pd_store_close(st);
    snprintf(db, sizeof db, "%s/podium.db", dir);
    snprintf(copy, sizeof copy, "%s/copy.db", g_tmp);
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "cp '%s' '%s'", db, copy);
    CHECK(system(cmd) == 0, "copy");
    pd_store_options o;
    pd_store_options_init(&o);
    o.data_dir = dir;
    char err[900];
    st = NULL;
    CHECK(pd_store_open(&o, &st, err, sizeof err) == PD_STORE_ERR_NEWER && strstr(err, "newer"),
          "newer schema refused: %s", err);
    pd_store_close(st);
    CHECK(same_bytes(db, copy), "newer database untouched");
}

/* ---- damaged, read-only ------------------------------------------------------ */

static int count_files(const char *dir, const char *prefix)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "ls -1 '%s' | grep -c '^%s' > '%s/count.txt'", dir, prefix, g_tmp);
    if (system(cmd) == -1) return -1;
    char path[300];
    snprintf(path, sizeof path, "%s/count.txt", g_tmp);
    FILE *f = fopen(path, "r");
    int n = -1;
    if (f) {
        if (fscanf(f, "%d", &n) != 1) n = -1;
        fclose(f);
    }
    return n;
}

static void test_damaged(void)
{
    char dir[400], db[500], copy[500], cmd[1200], err[900];
    subdir(dir, sizeof dir, "damaged");
    pd_store *st = open_at(dir, 0);
    pd_store_close(st);
    snprintf(db, sizeof db, "%s/podium.db", dir);
    FILE *f = fopen(db, "wb");
    for (int i = 0; i < 300; i++) fputs("this is not a database, just some text. ", f);
    fclose(f);
    snprintf(copy, sizeof copy, "%s/damaged-copy", g_tmp);
    snprintf(cmd, sizeof cmd, "cp '%s' '%s'", db, copy);
    CHECK(system(cmd) == 0, "copy");
    pd_store_options o;
    pd_store_options_init(&o);
    o.data_dir = dir;
    st = NULL;
    pd_store_status r = pd_store_open(&o, &st, err, sizeof err);
    CHECK(r == PD_STORE_ERR_DAMAGED && strstr(err, "damaged") && strstr(err, "--reset-db"),
          "damaged database reported: %s", err);
    CHECK(same_bytes(db, copy), "damaged database left untouched");
    CHECK(count_files(dir, "podium.db") == 1, "nothing created beside it");
    o.reset_damaged = 1;
    r = pd_store_open(&o, &st, err, sizeof err);
    CHECK(r == PD_STORE_OK, "reset: %s", err);
    if (r == PD_STORE_OK) {
        CHECK(strstr(pd_store_notice(st), "moved") != NULL, "notice says where: %s", pd_store_notice(st));
        size_t n = 9;
        CHECK(pd_store_count(st, &n) == PD_STORE_OK && n == 0, "fresh database");
        pd_store_close(st);
    }
    snprintf(cmd, sizeof cmd, "cmp -s '%s' %s/podium.db.damaged-*", copy, dir);
    CHECK(system(cmd) == 0, "the damaged file kept aside with the same bytes");

    /* damage inside a valid file: pages in the middle overwritten */
    subdir(dir, sizeof dir, "damaged2");
    st = open_at(dir, 0);
    if (!st) return;
    pd_report rep;
    for (int i = 0; i < 400; i++) {
        int64_t id;
        fake_report(&rep, 3 + (i % 10) * 0.1, 1.0, 2.0, -23.0);
        pd_store_add(st, NULL, NULL, &rep, &id);
    }
    pd_store_close(st);
    snprintf(db, sizeof db, "%s/podium.db", dir);
    int fd = open(db, O_WRONLY);
    char junk[4096];
    memset(junk, 0xA5, sizeof junk);
    for (int p = 2; p < 12; p++)
        CHECK(pwrite(fd, junk, sizeof junk, (off_t)p * 4096) == (ssize_t)sizeof junk, "pwrite");
    close(fd);
    o.reset_damaged = 0;
    o.data_dir = dir;
    st = NULL;
    r = pd_store_open(&o, &st, err, sizeof err);
    if (r == PD_STORE_OK) {
        pd_take *t = NULL;
        size_t n = 0;
        pd_store_status rl = pd_store_list(st, 0, 0, &t, &n);
        pd_store_status rc = pd_store_check(st);
        free(t);
        CHECK(rl == PD_STORE_ERR_DAMAGED || rc == PD_STORE_ERR_DAMAGED,
              "inner damage found by list or check");
        CHECK(strstr(pd_store_errmsg(st), "--reset-db") != NULL, "message: %s", pd_store_errmsg(st));
        pd_store_close(st);
    } else {
        CHECK(r == PD_STORE_ERR_DAMAGED, "inner damage at open: %s", err);
    }
    o.reset_damaged = 1;
    r = pd_store_open(&o, &st, err, sizeof err);
    CHECK(r == PD_STORE_OK && count_files(dir, "podium.db.damaged-") == 1, "reset moves it aside: %s", err);
    if (r == PD_STORE_OK) pd_store_close(st);
}

static void test_readonly(void)
{
    char dir[400], err[900];
    subdir(dir, sizeof dir, "readonly");
    pd_store *st = open_at(dir, 0);
    pd_store_close(st);
    int as_root = getuid() == 0;
    /* as root permissions do not bind: the check runs as user nobody */
    if (chmod(dir, as_root ? 0755 : 0500) != 0) {
        CHECK(0, "chmod");
        return;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        if (as_root && (setgid(65534) != 0 || setuid(65534) != 0)) _exit(3);
        pd_store_options o;
        pd_store_options_init(&o);
        o.data_dir = dir;
        pd_store *s2 = NULL;
        pd_store_status r = pd_store_open(&o, &s2, err, sizeof err);
        if (r == PD_STORE_ERR_READONLY && strstr(err, "read-only")) _exit(0);
        fprintf(stderr, "read-only open gave %d: %s\n", r, err);
        _exit(1);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "read-only data directory reported (exit %d)",
          WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    chmod(dir, 0700);
}

/* ---- orphans ---------------------------------------------------------------- */

static void test_orphans(void)
{
    char dir[400], orphan[600], busy[600], cmd[1400];
    subdir(dir, sizeof dir, "orphans");
    pd_store *st = open_at(dir, 0);
    if (!st) return;
    snprintf(orphan, sizeof orphan, "%s/recordings/20240101-120000-deadbeef.flac", dir);
    snprintf(cmd, sizeof cmd, "sox '%s' '%s'", g_short_wav, orphan);
    /* without sox: write it with libsndfile */
    if (system(cmd) != 0) {
        SF_INFO info = {.samplerate = 16000, .channels = 1, .format = SF_FORMAT_FLAC | SF_FORMAT_PCM_16};
        SNDFILE *sf = sf_open(orphan, SFM_WRITE, &info);
        float z[1600] = {0};
        sf_writef_float(sf, z, 1600);
        sf_close(sf);
    }
    snprintf(busy, sizeof busy, "%s/recordings/20240101-120001-cafef00d.flac", dir);
    int bfd = open(busy, O_WRONLY | O_CREAT, 0600);
    flock(bfd, LOCK_EX); /* as a save in progress holds it */
    char **o = NULL;
    size_t n = 0;
    CHECK(pd_store_orphans(st, &o, &n) == PD_STORE_OK && n == 1 && strcmp(o[0], orphan) == 0,
          "one orphan listed (%zu), the busy file left out", n);
    pd_store_free_strings(o, n);
    close(bfd);
    unlink(busy);
    int64_t id = 0;
    pd_store_status r = pd_store_import(st, orphan, NULL, NULL, "en", &id);
    CHECK(r == PD_STORE_OK, "import the orphan: %s", pd_store_errmsg(st));
    pd_take t;
    CHECK(pd_store_get(st, id, &t) == PD_STORE_OK &&
              strcmp(t.recording, "20240101-120000-deadbeef.flac") == 0,
          "adopted in place: %s", t.recording);
    CHECK(pd_store_orphans(st, &o, &n) == PD_STORE_OK && n == 0, "no orphans left (%zu)", n);
    pd_store_free_strings(o, n);
    CHECK(pd_store_import(st, orphan, NULL, NULL, "en", &id) == PD_STORE_ERR_INVALID &&
              strstr(pd_store_errmsg(st), "already"),
          "a kept recording is not imported twice");
    CHECK(access(orphan, F_OK) == 0, "refusing the second import keeps the file");
    pd_store_close(st);
}

/* ---- crashes and concurrency ------------------------------------------------ */

/* Adds takes with recordings forever (or count times), writing each id to
 * fd after its commit returned. */
static void writer(const char *dir, int fd, int count)
{
    pd_store_options o;
    pd_store_options_init(&o);
    o.data_dir = dir;
    o.busy_timeout_ms = 20000;
    pd_store *st = NULL;
    char err[900];
    if (pd_store_open(&o, &st, err, sizeof err) != PD_STORE_OK) {
        fprintf(stderr, "writer open: %s\n", err);
        _exit(2);
    }
    pd_report rep;
    for (int i = 0; count == 0 || i < count; i++) {
        fake_report(&rep, 3.0 + (i % 20) * 0.1, 1.0, 2.0, -23.0);
        int64_t id;
        if (pd_store_add(st, NULL, g_short_wav, &rep, &id) != PD_STORE_OK) {
            fprintf(stderr, "writer add: %s\n", pd_store_errmsg(st));
            _exit(1);
        }
        if (fd >= 0 && write(fd, &id, sizeof id) != (ssize_t)sizeof id) _exit(1);
    }
    pd_store_close(st);
    _exit(0);
}

static void verify_all(const char *dir, const int64_t *committed, size_t nc, const char *what)
{
    pd_store *st = open_at(dir, 0);
    if (!st) return;
    CHECK(pd_store_check(st) == PD_STORE_OK, "%s: integrity_check: %s", what, pd_store_errmsg(st));
    size_t missing = 0, bad_rec = 0;
    for (size_t i = 0; i < nc; i++) {
        pd_take t;
        if (pd_store_get(st, committed[i], &t) != PD_STORE_OK) {
            missing++;
            continue;
        }
        char path[4400];
        pd_store_recording_path(st, &t, path, sizeof path);
        if (file_frames(path) != 8000) bad_rec++;
    }
    CHECK(missing == 0, "%s: %zu of %zu committed takes missing", what, missing, nc);
    CHECK(bad_rec == 0, "%s: %zu committed takes without a readable 0.5 s recording", what, bad_rec);
    pd_take *all = NULL;
    size_t n = 0;
    size_t dangling = 0;
    if (pd_store_list(st, 0, 0, &all, &n) == PD_STORE_OK) {
        for (size_t i = 0; i < n; i++) {
            char path[4400];
            pd_store_recording_path(st, &all[i], path, sizeof path);
            if (access(path, R_OK) != 0) dangling++;
        }
    }
    free(all);
    CHECK(n >= nc, "%s: %zu rows, %zu committed", what, n, nc);
    CHECK(dangling == 0, "%s: %zu rows point at a missing recording", what, dangling);
    char **o = NULL;
    size_t no = 0;
    CHECK(pd_store_orphans(st, &o, &no) == PD_STORE_OK, "orphans");
    for (size_t i = 0; i < no; i++)
        CHECK(strstr(o[i], ".part") == NULL, "%s: a partial copy listed as orphan: %s", what, o[i]);
    printf("%s: %zu takes, %zu committed by the writers, %zu orphan recording(s) to offer\n", what, n, nc,
           no);
    pd_store_free_strings(o, no);
    pd_store_close(st);
}

static void test_sigkill(void)
{
    char dir[400];
    subdir(dir, sizeof dir, "crash");
    pd_store_close(open_at(dir, 0));
    size_t cap = 4096, nc = 0;
    int64_t *committed = malloc(cap * sizeof *committed);
    srand(12345);
    const int rounds = 30;
    for (int k = 0; k < rounds; k++) {
        int p[2];
        if (pipe(p) != 0) {
            CHECK(0, "pipe");
            break;
        }
        fflush(NULL);
        pid_t pid = fork();
        if (pid == 0) {
            close(p[0]);
            writer(dir, p[1], 0);
        }
        close(p[1]);
        struct timespec ts = {0, (long)(20 + rand() % 120) * 1000000L};
        nanosleep(&ts, NULL);
        kill(pid, SIGKILL);
        int64_t id;
        while (read(p[0], &id, sizeof id) == (ssize_t)sizeof id)
            if (nc < cap) committed[nc++] = id;
        close(p[0]);
        int status;
        waitpid(pid, &status, 0);
        CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "writer %d was killed (status %d)", k,
              status);
    }
    CHECK(nc > (size_t)rounds, "the writers committed takes before being killed (%zu)", nc);
    verify_all(dir, committed, nc, "after 30 SIGKILLs");
    free(committed);
}

static void test_two_writers(void)
{
    char dir[400];
    subdir(dir, sizeof dir, "concurrent");
    pd_store_close(open_at(dir, 0));
    const int each = 25;
    pid_t pids[2];
    fflush(NULL);
    for (int w = 0; w < 2; w++) {
        pids[w] = fork();
        if (pids[w] == 0) writer(dir, -1, each);
    }
    for (int w = 0; w < 2; w++) {
        int status;
        waitpid(pids[w], &status, 0);
        CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "concurrent writer %d finished cleanly", w);
    }
    pd_store *st = open_at(dir, 0);
    if (!st) return;
    size_t n = 0;
    CHECK(pd_store_count(st, &n) == PD_STORE_OK && n == (size_t)(2 * each), "two writers: %zu takes of %d", n,
          2 * each);
    pd_store_close(st);
    verify_all(dir, NULL, 0, "two writers");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_store SOURCE_DIR\n");
        return 2;
    }
    snprintf(g_sample, sizeof g_sample, "%s/assets/sample_en_jfk_ask_not.wav", argv[1]);
    const char *tmp = getenv("TMPDIR");
    snprintf(g_tmp, sizeof g_tmp, "%s/podium-test-store-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(g_tmp)) {
        perror("mkdtemp");
        return 1;
    }
    chmod(g_tmp, 0755); /* the read-only test runs as another user */
    snprintf(g_short_wav, sizeof g_short_wav, "%s/short.wav", g_tmp);
    write_tone(g_short_wav, 0.5);
    unsetenv("PODIUM_DATA_DIR");

    /* the data directory: --data-dir, PODIUM_DATA_DIR, XDG_DATA_HOME, HOME */
    char d[600];
    setenv("HOME", "/home/someone", 1);
    setenv("XDG_DATA_HOME", "/xdg", 1);
    CHECK(pd_store_resolve_dir("/explicit/", d, sizeof d) == 0 && strcmp(d, "/explicit") == 0, "explicit: %s",
          d);
    CHECK(pd_store_resolve_dir(NULL, d, sizeof d) == 0 && strcmp(d, "/xdg/podium") == 0, "xdg: %s", d);
    setenv("PODIUM_DATA_DIR", "/env", 1);
    CHECK(pd_store_resolve_dir(NULL, d, sizeof d) == 0 && strcmp(d, "/env") == 0, "env: %s", d);
    unsetenv("PODIUM_DATA_DIR");
    unsetenv("XDG_DATA_HOME");
    CHECK(pd_store_resolve_dir(NULL, d, sizeof d) == 0 && strcmp(d, "/home/someone/.local/share/podium") == 0,
          "home: %s", d);

    test_directions();
    test_round_trip();
    test_migrations();
    test_damaged();
    test_readonly();
    test_orphans();
    test_sigkill();
    test_two_writers();
    if (check_failures == 0)
        rm_rf(g_tmp);
    else
        fprintf(stderr, "test files kept in %s\n", g_tmp);
    CHECK_DONE();
}
