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
 * - two processes adding takes at once: nothing lost, integrity ok;
 * - the programme (schema 5): the default ladder made once, in the language
 *   asked; every step and exposure field round-trips; updates keep ids;
 *   bad steps and ratings change nothing; a removed step keeps its
 *   exposures (title, step_id 0); a deleted take leaves take_id 0; the
 *   exposures oldest first; the export's exposures.csv/.json, ladder.txt; a
 *   NULL where the schema forbids one is DAMAGED; a schema-4 database keeps
 *   every take, rating, note and baseline and takes the programme. */
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

/* ---- a take's moments (schema 6) ---------------------------------------------- */

/* The intervals a take's analysis left out (its report's excluded: the
 * distraction sounds its drill played) and its answers' starts are kept with
 * it, read back in time order, and go with it when it is deleted. */
static void test_moments(void)
{
    char dir[400];
    subdir(dir, sizeof dir, "moments");
    pd_store *st = open_at(dir, 0);
    if (!st) return;
    pd_report rep;
    fake_report(&rep, 4.0, 1.0, 2.0, -23.0);
    pd_interval ex[3] = {{12.25, 13.5}, {2.0, 2.75}, {20.125, 21.0}};   /* not in order */
    rep.excluded = ex;
    rep.n_excluded = 3;
    pd_take_meta meta;
    pd_take_meta_init(&meta);
    meta.answers_s[0] = 31.5;
    meta.answers_s[1] = 45.25;
    meta.n_answers = 2;
    meta.lost[0] = (pd_interval){ 12.5, 13.0 };   /* lost input: one of the excluded spans */
    meta.lost[1] = (pd_interval){ 2.25, 2.5 };
    meta.n_lost = 2;
    int64_t id = 0, plain = 0;
    CHECK(pd_store_add(st, &meta, NULL, &rep, &id) == PD_STORE_OK && id > 0, "add with moments: %s",
          pd_store_errmsg(st));
    fake_report(&rep, 4.0, 1.0, 2.0, -23.0);
    CHECK(pd_store_add(st, NULL, NULL, &rep, &plain) == PD_STORE_OK, "add without: %s", pd_store_errmsg(st));
    pd_interval *x = NULL;
    double *a = NULL;
    size_t nx = 0, na = 0;
    CHECK(pd_store_moments(st, id, &x, &nx, &a, &na) == PD_STORE_OK, "moments: %s", pd_store_errmsg(st));
    CHECK(nx == 3 && x && x[0].start_s == 2.0 && x[0].end_s == 2.75 && x[1].start_s == 12.25 &&
              x[1].end_s == 13.5 && x[2].start_s == 20.125 && x[2].end_s == 21.0,
          "the 3 excluded intervals back in time order (%zu: %.3f-%.3f ...)", nx, nx ? x[0].start_s : -1,
          nx ? x[0].end_s : -1);
    CHECK(na == 2 && a && a[0] == 31.5 && a[1] == 45.25, "the 2 answers back (%zu: %.2f %.2f)", na,
          na > 0 ? a[0] : -1, na > 1 ? a[1] : -1);
    free(x);
    free(a);
    CHECK(pd_store_lost(st, id, &x, &nx) == PD_STORE_OK, "lost: %s", pd_store_errmsg(st));
    CHECK(nx == 2 && x && x[0].start_s == 2.25 && x[0].end_s == 2.5 && x[1].start_s == 12.5 && x[1].end_s == 13.0,
          "the 2 spans of lost input back in time order, apart from the excluded ones (%zu)", nx);
    free(x);
    CHECK(pd_store_lost(st, plain, &x, &nx) == PD_STORE_OK && nx == 0 && !x, "a take without lost input has none (%zu)",
          nx);
    CHECK(pd_store_moments(st, plain, &x, &nx, &a, &na) == PD_STORE_OK && nx == 0 && na == 0,
          "a take without moments has none (%zu, %zu)", nx, na);
    /* the stored report says the same (its distractions array) */
    pd_sb sb;
    pd_sb_init(&sb);
    CHECK(pd_store_report_json(st, id, &sb) == PD_STORE_OK && sb.data && strstr(sb.data, "\"distractions\"") &&
              strstr(sb.data, "12.25"),
          "the stored report names the excluded intervals");
    pd_sb_free(&sb);
    CHECK(pd_store_delete(st, id) == PD_STORE_OK, "delete: %s", pd_store_errmsg(st));
    sqlite3_stmt *s;
    sqlite3_prepare_v2(pd_store_sqlite(st), "SELECT count(*) FROM moment", -1, &s, NULL);
    CHECK(sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0) == 0, "the moments went with the take (%d left)",
          sqlite3_column_int(s, 0));
    sqlite3_finalize(s);
    sqlite3_prepare_v2(pd_store_sqlite(st), "SELECT count(*) FROM lost_input", -1, &s, NULL);
    CHECK(sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0) == 0, "...and its lost input (%d left)",
          sqlite3_column_int(s, 0));
    sqlite3_finalize(s);
    /* an excluded interval with no end (as SQLite reads a record damaged on
     * its page) is named, not passed on as a moment */
    fake_report(&rep, 4.0, 1.0, 2.0, -23.0);
    rep.excluded = ex;
    rep.n_excluded = 1;
    CHECK(pd_store_add(st, NULL, NULL, &rep, &id) == PD_STORE_OK, "add one excluded");
    sqlite3_exec(pd_store_sqlite(st), "UPDATE moment SET end_s = NULL WHERE kind = 'excluded'", NULL, NULL, NULL);
    pd_store_status r = pd_store_moments(st, id, &x, &nx, &a, &na);
    CHECK(r == PD_STORE_ERR_DAMAGED && strstr(pd_store_errmsg(st), "moment"),
          "an excluded interval with no end is a damaged database: %d %s", r, pd_store_errmsg(st));
    pd_store_close(st);
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
        pd_interval *mx = NULL;
        double *ma = NULL;
        size_t nmx = 9, nma = 9;
        CHECK(pd_store_moments(st, 1, &mx, &nmx, &ma, &nma) == PD_STORE_OK && nmx == 0 && nma == 0 && !mx && !ma,
              "v%d: an old take has no moments (%zu, %zu)", v, nmx, nma);
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

/* ---- the desensitisation programme (schema 5) ---------------------------------- */

static int count_rows(pd_store *st, const char *table)
{
    char sql[100];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    sqlite3_stmt *s;
    int n = -1;
    if (sqlite3_prepare_v2(pd_store_sqlite(st), sql, -1, &s, NULL) == SQLITE_OK) {
        if (sqlite3_step(s) == SQLITE_ROW) n = sqlite3_column_int(s, 0);
        sqlite3_finalize(s);
    }
    return n;
}

/* Every field of two steps ("" when equal, else the first that differs). */
static const char *step_diff(const pd_step *a, const pd_step *b)
{
    if (a->id != b->id) return "id";
    if (strcmp(a->title, b->title) != 0) return "title";
    if (a->real_world != b->real_world) return "real_world";
    if (a->drill_s != b->drill_s) return "drill_s";
    if (a->prep_s != b->prep_s) return "prep_s";
    if (a->card != b->card) return "card";
    if (a->reps != b->reps) return "reps";
    if (a->listen_back != b->listen_back) return "listen_back";
    if (a->second_try != b->second_try) return "second_try";
    if (a->audience.size != b->audience.size) return "audience.size";
    if (a->audience.attitude != b->audience.attitude) return "audience.attitude";
    if (a->audience.bored != b->audience.bored) return "audience.bored";
    if (a->audience.distractions != b->audience.distractions) return "audience.distractions";
    if (a->audience.questions != b->audience.questions) return "audience.questions";
    if (a->expected != b->expected) return "expected";
    return "";
}

static const char *ladder_diff(const pd_ladder *a, const pd_ladder *b)
{
    static char what[200];
    if (a->n != b->n) return "n";
    if (a->current != b->current) return "current";
    for (int i = 0; i < a->n; i++) {
        const char *d = step_diff(&a->step[i], &b->step[i]);
        if (*d) {
            snprintf(what, sizeof what, "step %d: %s", i + 1, d);
            return what;
        }
    }
    return "";
}

static const char *exposure_diff(const pd_exposure *a, const pd_exposure *b)
{
    if (a->id != b->id) return "id";
    if (a->step_id != b->step_id) return "step_id";
    if (strcmp(a->step_title, b->step_title) != 0) return "step_title";
    if (a->date != b->date) return "date";
    if (a->session != b->session) return "session";
    if (a->rep != b->rep) return "rep";
    if (a->real_world != b->real_world) return "real_world";
    if (a->suds_before != b->suds_before) return "suds_before";
    if (a->suds_peak != b->suds_peak) return "suds_peak";
    if (a->suds_after != b->suds_after) return "suds_after";
    if (strcmp(a->feared, b->feared) != 0) return "feared";
    if (a->likelihood != b->likelihood) return "likelihood";
    if (a->happened != b->happened) return "happened";
    if (a->take_id != b->take_id) return "take_id";
    return "";
}

static char *slurp_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = malloc(1 << 20);
    size_t n = buf ? fread(buf, 1, (1 << 20) - 1, f) : 0;
    fclose(f);
    if (buf) buf[n] = 0;
    return buf;
}

static int count_lines(const char *text)
{
    int n = 0;
    for (const char *p = text; p && *p; p++) n += *p == '\n';
    return n;
}

static void test_ladder_store(void)
{
    char dir[400];
    subdir(dir, sizeof dir, "ladder");
    pd_store *st = open_at(dir, 0);
    if (!st) return;
    static pd_ladder l, back, def, before;

    /* nothing stored: reading makes nothing; the first pd_store_ladder makes
     * the default ladder in the language asked */
    int exists = 7;
    CHECK(pd_store_read_ladder(st, &back, &exists) == PD_STORE_OK && exists == 0 && back.n == 0,
          "no ladder before the first use (exists %d, n %d)", exists, back.n);
    CHECK(count_rows(st, "step") == 0 && count_rows(st, "ladder") == 0, "reading wrote nothing");
    int created = 0;
    CHECK(pd_store_ladder(st, "it", &l, &created) == PD_STORE_OK && created == 1, "default ladder made: %s",
          pd_store_errmsg(st));
    pd_ladder_default(&def, "it");
    CHECK(l.n == def.n && l.n >= 10 && l.n == count_rows(st, "step"), "default ladder of %d steps, %d stored",
          l.n, count_rows(st, "step"));
    int titles_ok = l.n == def.n, ids_ok = 1;
    for (int i = 0; i < l.n && i < def.n; i++) {
        titles_ok &= strcmp(l.step[i].title, def.step[i].title) == 0;
        ids_ok &= l.step[i].id > 0 && (i == 0 || l.step[i].id != l.step[i - 1].id);
    }
    CHECK(titles_ok, "the Italian default titles, in order (first: %s)", l.step[0].title);
    CHECK(ids_ok, "every step has its own id");
    CHECK(pd_store_ladder(st, "en", &back, &created) == PD_STORE_OK && created == 0, "second call: not made again");
    CHECK(*ladder_diff(&l, &back) == 0, "the same ladder back: %s", ladder_diff(&l, &back));

    /* every field round-trips; a new step (id 0) is added with a new id and
     * the others keep theirs (updated in place) */
    pd_step *p = &l.step[1];
    snprintf(p->title, sizeof p->title, "Davanti a \"tre\" persone, 90 s");
    p->real_world = 0;
    p->drill_s = 90;
    p->prep_s = 15;
    p->card = PD_CARD_TOPIC;
    p->reps = 4;
    p->listen_back = !p->listen_back;
    p->second_try = !p->second_try;
    p->audience.size = 7;
    p->audience.attitude = PD_ATT_CRITICAL;
    p->audience.bored = 2;
    p->audience.distractions = 3;
    p->audience.questions = 2;
    p->expected = 45;
    char err[300] = "";
    CHECK(pd_step_check(p, err, sizeof err) == 0, "the edited step is valid: %s", err);
    pd_step fresh;
    pd_step_init(&fresh);
    snprintf(fresh.title, sizeof fresh.title, "A new step");
    fresh.expected = PD_RATING_NONE;
    fresh.real_world = 1;
    CHECK(pd_ladder_insert(&l, 3, &fresh) == 0, "insert a step");
    int64_t ids_before[PD_LADDER_MAX];
    for (int i = 0; i < l.n; i++) ids_before[i] = l.step[i].id;
    l.current = 4;
    CHECK(pd_store_save_ladder(st, &l) == PD_STORE_OK, "save the edited ladder: %s", pd_store_errmsg(st));
    CHECK(l.step[3].id > 0 && l.step[3].id != l.step[2].id && l.step[3].id != l.step[4].id,
          "the new step got its id (%lld)", (long long)l.step[3].id);
    int kept_ids = 1;
    for (int i = 0; i < l.n; i++)
        if (i != 3) kept_ids &= l.step[i].id == ids_before[i];
    CHECK(kept_ids, "the other steps kept their ids (updated, not re-added)");
    CHECK(count_rows(st, "step") == l.n, "%d rows for %d steps", count_rows(st, "step"), l.n);
    pd_store_close(st);
    st = open_at(dir, 0); /* from the file, not a cache */
    if (!st) return;
    CHECK(pd_store_ladder(st, "en", &back, &created) == PD_STORE_OK && created == 0, "read back");
    CHECK(*ladder_diff(&l, &back) == 0, "every field back after reopening: %s", ladder_diff(&l, &back));

    /* a bad step: INVALID, nothing changed (not even the good new step before it) */
    before = back;
    l = back;
    pd_step_init(&fresh);
    snprintf(fresh.title, sizeof fresh.title, "Another");
    pd_ladder_insert(&l, 0, &fresh);
    l.step[5].reps = PD_REPS_MAX + 5;
    CHECK(pd_store_save_ladder(st, &l) == PD_STORE_ERR_INVALID, "a step with %d repetitions refused",
          PD_REPS_MAX + 5);
    CHECK(strstr(pd_store_errmsg(st), "step 6") != NULL, "the message names the step: %s", pd_store_errmsg(st));
    CHECK(l.step[0].id == 0, "no id given to the refused ladder's new step");
    pd_store_ladder(st, "en", &back, NULL);
    CHECK(*ladder_diff(&before, &back) == 0, "the stored ladder unchanged: %s", ladder_diff(&before, &back));
    l = before;
    l.step[0].title[0] = 0;
    CHECK(pd_store_save_ladder(st, &l) == PD_STORE_ERR_INVALID, "an empty title refused");
    l = before;
    l.current = l.n;
    CHECK(pd_store_save_ladder(st, &l) == PD_STORE_ERR_INVALID, "a current step past the end refused");
    l = before;
    l.step[2].expected = 101;
    CHECK(pd_store_save_ladder(st, &l) == PD_STORE_ERR_INVALID, "an expected distress of 101 refused");
    pd_store_ladder(st, "en", &back, NULL);
    CHECK(*ladder_diff(&before, &back) == 0, "still unchanged: %s", ladder_diff(&before, &back));

    /* a copy that kept its original's id is a new step; an id not stored too */
    l = before;
    l.step[l.n] = l.step[2];
    l.n++;
    snprintf(l.step[l.n - 1].title, sizeof l.step[0].title, "%s (2)", l.step[2].title);
    l.step[l.n - 1].title[PD_STEP_TITLE_MAX - 1] = 0;
    l.step[0].id = 987654;
    CHECK(pd_store_save_ladder(st, &l) == PD_STORE_OK, "save with a repeated and a stale id: %s",
          pd_store_errmsg(st));
    CHECK(l.step[l.n - 1].id != l.step[2].id && l.step[0].id != 987654 && l.step[2].id == before.step[2].id,
          "both added as new steps (%lld, %lld), the original kept (%lld)", (long long)l.step[l.n - 1].id,
          (long long)l.step[0].id, (long long)l.step[2].id);
    pd_store_ladder(st, "en", &back, NULL);
    CHECK(*ladder_diff(&l, &back) == 0 && strcmp(back.step[2].title, before.step[2].title) == 0,
          "the original step is untouched: %s", ladder_diff(&l, &back));

    /* ---- exposures ---- */
    pd_report rep;
    fake_report(&rep, 4.0, 1.0, 2.0, -23.0);
    int64_t take = 0, take2 = 0;
    CHECK(pd_store_add(st, NULL, NULL, &rep, &take) == PD_STORE_OK && pd_store_add(st, NULL, NULL, &rep, &take2) ==
              PD_STORE_OK,
          "two takes");
    l = back;
    pd_exposure e, e2, e3;
    pd_exposure_init(&e);
    CHECK(e.suds_before == PD_RATING_NONE && e.take_id == 0 && e.id == 0, "pd_exposure_init: skipped, no take");
    e.step_id = l.step[3].id;
    snprintf(e.step_title, sizeof e.step_title, "%s", l.step[3].title);
    e.date = 1700000300;
    e.session = 1700000000;
    e.rep = 2;
    e.real_world = 1;
    e.suds_before = 60;
    e.suds_peak = 85;
    e.suds_after = 0;
    snprintf(e.feared, sizeof e.feared, "my mind goes \"blank\", è vero");
    e.likelihood = 70;
    e.happened = 100;
    e.take_id = take;
    CHECK(pd_store_save_exposure(st, &e) == PD_STORE_OK && e.id > 0, "save an exposure: %s", pd_store_errmsg(st));
    pd_exposure *ex = NULL;
    size_t n = 0;
    CHECK(pd_store_exposures(st, &ex, &n) == PD_STORE_OK && n == 1, "one exposure (%zu)", n);
    if (n == 1) CHECK(*exposure_diff(&e, &ex[0]) == 0, "every field back: %s", exposure_diff(&e, &ex[0]));
    free(ex);

    /* skipped ratings and no take are NULLs, and back as NONE / 0 */
    pd_exposure_init(&e2);
    e2.step_id = l.step[3].id; /* step_title left empty: filled from the step */
    e2.date = 1700000100;
    e2.suds_peak = 40;
    CHECK(pd_store_save_exposure(st, &e2) == PD_STORE_OK, "save a sparse exposure: %s", pd_store_errmsg(st));
    CHECK(strcmp(e2.step_title, l.step[3].title) == 0 && e2.session == e2.date && e2.rep == 1,
          "filled in: title '%s', session, rep %d", e2.step_title, e2.rep);
    sqlite3_stmt *s;
    sqlite3_prepare_v2(pd_store_sqlite(st),
                       "SELECT suds_before IS NULL AND suds_after IS NULL AND likelihood IS NULL AND happened IS "
                       "NULL AND take_id IS NULL FROM exposure WHERE id = ?",
                       -1, &s, NULL);
    sqlite3_bind_int64(s, 1, e2.id);
    CHECK(sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0) == 1, "skipped ratings stored as NULL");
    sqlite3_finalize(s);

    /* update in place vs insert */
    e2.suds_after = 20;
    int64_t id2 = e2.id;
    CHECK(pd_store_save_exposure(st, &e2) == PD_STORE_OK && e2.id == id2 && count_rows(st, "exposure") == 2,
          "an update keeps the id and adds no row");

    /* bad input: INVALID or NOT_FOUND, nothing changed */
    e3 = e2;
    e3.suds_peak = 120;
    CHECK(pd_store_save_exposure(st, &e3) == PD_STORE_ERR_INVALID, "a peak of 120 refused");
    e3 = e2;
    e3.id = 0;
    e3.likelihood = -7;
    CHECK(pd_store_save_exposure(st, &e3) == PD_STORE_ERR_INVALID && e3.id == 0, "a likelihood of -7 refused");
    e3 = e2;
    e3.id = 0;
    e3.take_id = 99999;
    CHECK(pd_store_save_exposure(st, &e3) == PD_STORE_ERR_INVALID && strstr(pd_store_errmsg(st), "99999"),
          "a take that does not exist refused: %s", pd_store_errmsg(st));
    e3 = e2;
    e3.id = 0;
    e3.step_id = 99999;
    CHECK(pd_store_save_exposure(st, &e3) == PD_STORE_ERR_INVALID, "a step that does not exist refused");
    e3 = e2;
    e3.id = 55555;
    CHECK(pd_store_save_exposure(st, &e3) == PD_STORE_ERR_NOT_FOUND, "an update of a missing exposure");
    CHECK(count_rows(st, "exposure") == 2, "still two exposures");
    CHECK(pd_store_exposures(st, &ex, &n) == PD_STORE_OK && n == 2, "two exposures");
    if (n == 2) CHECK(ex[0].id == id2 && ex[0].suds_peak == 40 && ex[0].suds_after == 20, "the stored one unchanged");
    free(ex);

    /* order: by date, then id */
    int64_t dates[4] = {1700000200, 1700000050, 1700000200, 1700000400};
    int64_t xid[4];
    for (int i = 0; i < 4; i++) {
        pd_exposure_init(&e3);
        e3.step_id = l.step[0].id;
        e3.date = dates[i];
        e3.suds_peak = 10 * i;
        pd_store_save_exposure(st, &e3);
        xid[i] = e3.id;
    }
    int64_t want[6] = {xid[1], id2, xid[0], xid[2], e.id, xid[3]};
    CHECK(pd_store_exposures(st, &ex, &n) == PD_STORE_OK && n == 6, "six exposures (%zu)", n);
    int order_ok = n == 6;
    for (size_t i = 0; i < n && order_ok; i++) order_ok = ex[i].id == want[i];
    CHECK(order_ok, "oldest first, ties by id");
    free(ex);

    /* a deleted take: the exposure stays, take_id 0 */
    CHECK(pd_store_delete(st, take) == PD_STORE_OK, "delete the linked take");
    CHECK(pd_store_exposures(st, &ex, &n) == PD_STORE_OK && n == 6 && ex[4].id == e.id && ex[4].take_id == 0 &&
              ex[4].suds_peak == 85,
          "the exposure kept, take_id 0");
    free(ex);

    /* a removed step: its exposures stay, with their title and step_id 0 */
    l = back;
    char title3[PD_STEP_TITLE_MAX];
    snprintf(title3, sizeof title3, "%s", l.step[3].title);
    int64_t removed = l.step[3].id;
    CHECK(pd_ladder_remove(&l, 3) == 0, "remove step 4");
    CHECK(pd_store_save_ladder(st, &l) == PD_STORE_OK, "save without it: %s", pd_store_errmsg(st));
    CHECK(pd_store_exposures(st, &ex, &n) == PD_STORE_OK && n == 6, "every exposure kept (%zu)", n);
    int unlinked = 0, titled = 0;
    for (size_t i = 0; i < n; i++)
        if (ex[i].id == e.id || ex[i].id == id2) {
            unlinked += ex[i].step_id == 0;
            titled += strcmp(ex[i].step_title, title3) == 0;
        }
    CHECK(unlinked == 2 && titled == 2, "the removed step's two exposures: step_id 0 (%d), title kept (%d)",
          unlinked, titled);
    free(ex);
    CHECK(pd_ladder_find(&l, removed) == -1 && count_rows(st, "step") == l.n, "the step row gone");
    /* the id of a removed step is never given again (SQLite would reuse the
     * largest), even to a step a screen still holds with that id */
    int top = 0;
    for (int i = 1; i < l.n; i++)
        if (l.step[i].id > l.step[top].id) top = i;
    int64_t top_id = l.step[top].id;
    pd_ladder_remove(&l, top);
    CHECK(pd_store_save_ladder(st, &l) == PD_STORE_OK, "remove the newest step");
    pd_step_init(&fresh);
    snprintf(fresh.title, sizeof fresh.title, "Added after the removal");
    fresh.id = top_id;
    pd_ladder_insert(&l, l.n, &fresh);
    CHECK(pd_store_save_ladder(st, &l) == PD_STORE_OK && l.step[l.n - 1].id > top_id,
          "a new id (%lld) after the removed newest (%lld)", (long long)l.step[l.n - 1].id, (long long)top_id);

    /* the current step is stored by its id */
    pd_store_ladder(st, "en", &back, NULL);
    l = back;
    l.current = 2;
    pd_store_save_ladder(st, &l);
    pd_store_ladder(st, "en", &back, NULL);
    CHECK(back.current == 2, "current step 3 stored (%d)", back.current + 1);

    /* the export: exposures.csv, exposures.json, ladder.txt */
    char out[400], path[600];
    subdir(out, sizeof out, "ladder-export");
    size_t nt = 0;
    CHECK(pd_store_export(st, out, &nt) == PD_STORE_OK, "export: %s", pd_store_errmsg(st));
    snprintf(path, sizeof path, "%s/exposures.csv", out);
    char *csv = slurp_file(path);
    CHECK(csv && count_lines(csv) == 7 && strncmp(csv, "id,", 3) == 0 && strstr(csv, "step_title"),
          "exposures.csv: a header and 6 rows (%d lines)", count_lines(csv));
    free(csv);
    snprintf(path, sizeof path, "%s/exposures.json", out);
    char *json = slurp_file(path);
    int objs = 0;
    for (const char *q = json; q && (q = strstr(q, "\"step_title\"")); q++) objs++;
    CHECK(json && json[0] == '[' && objs == 6 && strstr(json, "\"take_id\": null"),
          "exposures.json: 6 objects (%d), a take_id null", objs);
    free(json);
    snprintf(path, sizeof path, "%s/ladder.txt", out);
    char *txt = slurp_file(path);
    static pd_ladder parsed;
    CHECK(txt && pd_ladder_parse(txt, &parsed, err, sizeof err) == PD_OK, "ladder.txt parses: %s", err);
    int same = parsed.n == back.n && parsed.current == back.current;
    for (int i = 0; i < parsed.n && same; i++) {
        parsed.step[i].id = back.step[i].id; /* a file holds no ids */
        same = *step_diff(&parsed.step[i], &back.step[i]) == 0;
    }
    CHECK(same, "ladder.txt is the stored ladder");
    free(txt);

    /* delete an exposure */
    CHECK(pd_store_delete_exposure(st, xid[0]) == PD_STORE_OK && count_rows(st, "exposure") == 5, "delete one");
    CHECK(pd_store_delete_exposure(st, xid[0]) == PD_STORE_ERR_NOT_FOUND, "deleting it again: NOT_FOUND");

    /* an empty ladder is a ladder: not replaced by the default */
    l.n = 0;
    l.current = 0;
    CHECK(pd_store_save_ladder(st, &l) == PD_STORE_OK, "save an empty ladder");
    CHECK(pd_store_ladder(st, "en", &back, &created) == PD_STORE_OK && back.n == 0 && created == 0,
          "the empty ladder stays empty (%d steps, created %d)", back.n, created);
    CHECK(count_rows(st, "exposure") == 5, "its exposures all kept");
    CHECK(pd_store_check(st) == PD_STORE_OK, "integrity: %s", pd_store_errmsg(st));
    pd_store_close(st);
}

/* Processes that need the ladder for the first time at once (the app and
 * a command): one default ladder is made, not one each. */
static void test_ladder_race(void)
{
    char dir[400];
    subdir(dir, sizeof dir, "ladder-race");
    pd_store_close(open_at(dir, 0));
    enum { KIDS = 4 };
    pid_t pids[KIDS];
    fflush(NULL);
    for (int k = 0; k < KIDS; k++) {
        pids[k] = fork();
        if (pids[k] == 0) {
            pd_store_options o;
            pd_store_options_init(&o);
            o.data_dir = dir;
            o.busy_timeout_ms = 20000;
            pd_store *st = NULL;
            char err[900];
            static pd_ladder l;
            int created = 0;
            if (pd_store_open(&o, &st, err, sizeof err) != PD_STORE_OK) _exit(3);
            if (pd_store_ladder(st, "en", &l, &created) != PD_STORE_OK) _exit(4);
            pd_store_close(st);
            _exit(created ? 1 : 0);
        }
    }
    int made = 0, ok = 1;
    for (int k = 0; k < KIDS; k++) {
        int status = 0;
        waitpid(pids[k], &status, 0);
        ok &= WIFEXITED(status) && WEXITSTATUS(status) <= 1;
        made += WIFEXITED(status) && WEXITSTATUS(status) == 1;
    }
    CHECK(ok && made == 1, "%d processes at once: every one got the ladder, one made it (%d)", KIDS, made);
    pd_store *st = open_at(dir, 0);
    if (!st) return;
    static pd_ladder def;
    pd_ladder_default(&def, "en");
    CHECK(count_rows(st, "step") == def.n && count_rows(st, "ladder") == 1, "one default ladder: %d steps",
          count_rows(st, "step"));
    pd_store_close(st);
}

/* A NULL where the schema says NOT NULL (a damaged page) is DAMAGED, never
 * a crash: the tables' definitions are loosened behind SQLite's back to
 * plant some (a step's title and card, an exposure's fear, a report). */
static void test_programme_damaged(void)
{
    char dir[400];
    subdir(dir, sizeof dir, "ladder-null");
    pd_store *st = open_at(dir, 0);
    if (!st) return;
    static pd_ladder l;
    pd_store_ladder(st, "en", &l, NULL);
    pd_exposure e;
    pd_exposure_init(&e);
    e.step_id = l.step[0].id;
    e.suds_peak = 30;
    CHECK(pd_store_save_exposure(st, &e) == PD_STORE_OK, "an exposure");
    sqlite3 *db = pd_store_sqlite(st);
    int rc = sqlite3_exec(db,
                          "PRAGMA writable_schema = ON;"
                          "UPDATE sqlite_master SET sql = replace(replace(replace(sql, 'title TEXT NOT NULL', "
                          "'title TEXT'), 'feared TEXT NOT NULL', 'feared TEXT'), 'json TEXT NOT NULL', 'json TEXT') "
                          "WHERE name IN ('step', 'exposure', 'report');"
                          "PRAGMA writable_schema = OFF;",
                          NULL, NULL, NULL);
    CHECK(rc == SQLITE_OK, "loosen the schema: %s", sqlite3_errmsg(db));
    pd_store_close(st);
    st = open_at(dir, 0);
    if (!st) return;
    db = pd_store_sqlite(st);
    CHECK(sqlite3_exec(db, "UPDATE exposure SET feared = NULL", NULL, NULL, NULL) == SQLITE_OK, "plant a NULL fear");
    /* the takes' report too */
    pd_report rep;
    fake_report(&rep, 4.0, 1.0, 2.0, -23.0);
    int64_t tid = 0;
    CHECK(pd_store_add(st, NULL, NULL, &rep, &tid) == PD_STORE_OK, "a take");
    CHECK(sqlite3_exec(db, "UPDATE report SET json = NULL", NULL, NULL, NULL) == SQLITE_OK, "plant a NULL report");
    pd_sb sb;
    pd_sb_init(&sb);
    CHECK(pd_store_report_json(st, tid, &sb) == PD_STORE_ERR_DAMAGED, "a NULL report is damage: %s",
          pd_store_errmsg(st));
    pd_sb_free(&sb);
    pd_exposure *ex = NULL;
    size_t n = 0;
    CHECK(pd_store_exposures(st, &ex, &n) == PD_STORE_ERR_DAMAGED && ex == NULL &&
              strstr(pd_store_errmsg(st), "--reset-db"),
          "a NULL fear is damage: %s", pd_store_errmsg(st));
    free(ex);
    CHECK(sqlite3_exec(db, "UPDATE step SET title = NULL WHERE position = 2", NULL, NULL, NULL) == SQLITE_OK,
          "plant a NULL title");
    CHECK(pd_store_ladder(st, "en", &l, NULL) == PD_STORE_ERR_DAMAGED, "a NULL title is damage: %s",
          pd_store_errmsg(st));
    CHECK(sqlite3_exec(db, "UPDATE step SET title = 'x' WHERE title IS NULL; UPDATE step SET card = 'sideways'",
                       NULL, NULL, NULL) == SQLITE_OK,
          "plant an unknown card mode");
    CHECK(pd_store_ladder(st, "en", &l, NULL) == PD_STORE_ERR_DAMAGED && strstr(pd_store_errmsg(st), "sideways"),
          "an unknown card mode is reported: %s", pd_store_errmsg(st));
    pd_store_close(st);
}

/* A database as the current release (schema 4) leaves it: every take,
 * report, rating, note, advice item and the baseline survive the upgrade to
 * schema 5, and the programme works on it. */
static void test_programme_migration(void)
{
    char dir[400], err[900];
    subdir(dir, sizeof dir, "mig4-programme");
    pd_store_options o;
    pd_store_options_init(&o);
    o.data_dir = dir;
    pd_store *st = NULL;
    CHECK(pd_store_open_version(&o, 4, &st, err, sizeof err) == PD_STORE_OK, "open at v4: %s", err);
    if (!st) return;
    /* through the API as the release wrote them, then a row as its SQL did */
    pd_report rep;
    int64_t ids[3];
    pd_take_meta meta;
    for (int i = 0; i < 3; i++) {
        fake_report(&rep, 3.5 + 0.5 * i, 1.0 + i, 2.0, -23.0);
        pd_take_meta_init(&meta);
        meta.recorded_at = 1690000000 + 100 * i;
        snprintf(meta.source, sizeof meta.source, "/phone/take%d.m4a", i);
        CHECK(pd_store_add(st, &meta, i == 0 ? g_short_wav : NULL, &rep, &ids[i]) == PD_STORE_OK, "v4 take %d: %s",
              i, pd_store_errmsg(st));
    }
    CHECK(pd_store_add_distress(st, ids[0], "before", 65) == PD_STORE_OK &&
              pd_store_add_distress(st, ids[0], "after", 25) == PD_STORE_OK &&
              pd_store_add_distress(st, ids[2], "peak", 90) == PD_STORE_OK,
          "v4 ratings");
    CHECK(pd_store_set_note(st, ids[1], "a note from v4") == PD_STORE_OK && pd_store_set_star(st, ids[2], 1) ==
              PD_STORE_OK && pd_store_set_baseline(st, ids[1]) == PD_STORE_OK,
          "v4 note, star, baseline");
    size_t nf4 = 0;
    pd_feedback_item *items = NULL;
    pd_store_feedback(st, ids[0], &items, &nf4);
    free(items);
    sqlite3_stmt *s;
    sqlite3_prepare_v2(pd_store_sqlite(st), "SELECT count(*) FROM sqlite_master WHERE name IN ('step', 'exposure')",
                       -1, &s, NULL);
    CHECK(sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0) == 0, "no programme tables at v4");
    sqlite3_finalize(s);
    pd_store_close(st);

    st = open_at(dir, 0);
    if (!st) return;
    sqlite3_prepare_v2(pd_store_sqlite(st), "PRAGMA user_version", -1, &s, NULL);
    CHECK(sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0) == PD_STORE_SCHEMA_VERSION, "migrated to the newest");
    sqlite3_finalize(s);
    size_t n = 0;
    CHECK(pd_store_count(st, &n) == PD_STORE_OK && n == 3, "the 3 takes kept (%zu)", n);
    pd_take t;
    CHECK(pd_store_get(st, ids[1], &t) == PD_STORE_OK && strcmp(t.note, "a note from v4") == 0 && t.is_baseline &&
              strcmp(t.source, "/phone/take1.m4a") == 0,
          "note, baseline and source kept");
    CHECK(pd_store_get(st, ids[2], &t) == PD_STORE_OK && t.star == 1, "star kept");
    CHECK(pd_store_get(st, ids[0], &t) == PD_STORE_OK && t.recording[0], "recording kept");
    char path[4400];
    pd_store_recording_path(st, &t, path, sizeof path);
    CHECK(file_frames(path) == 8000, "the recording still reads (%lld frames)", file_frames(path));
    pd_distress *d = NULL;
    CHECK(pd_store_distress(st, ids[0], &d, &n) == PD_STORE_OK && n == 2 && d[0].rating == 65 && d[1].rating == 25 &&
              strcmp(d[1].moment, "after") == 0,
          "the ratings kept (%zu)", n);
    free(d);
    CHECK(pd_store_distress(st, ids[2], &d, &n) == PD_STORE_OK && n == 1 && d[0].rating == 90, "the peak rating kept");
    free(d);
    size_t nf5 = 0;
    CHECK(pd_store_feedback(st, ids[0], &items, &nf5) == PD_STORE_OK && nf5 == nf4, "advice kept (%zu of %zu)", nf5,
          nf4);
    free(items);
    pd_baseline b;
    CHECK(pd_store_baseline(st, 0, &b) == PD_STORE_OK && b.kind == PD_BASELINE_MARKED && b.take_id == ids[1],
          "the marked baseline kept");
    pd_sb sb;
    pd_sb_init(&sb);
    CHECK(pd_store_report_json(st, ids[2], &sb) == PD_STORE_OK && sb.data && strstr(sb.data, "speech_rate_syl_s"),
          "report kept");
    pd_sb_free(&sb);

    /* the programme on the upgraded file */
    static pd_ladder l;
    int created = 0;
    CHECK(pd_store_ladder(st, "en", &l, &created) == PD_STORE_OK && created && l.n > 0, "a ladder: %s",
          pd_store_errmsg(st));
    pd_exposure e;
    pd_exposure_init(&e);
    e.step_id = l.step[0].id;
    e.suds_before = 50;
    e.suds_peak = 70;
    e.take_id = ids[0];
    CHECK(pd_store_save_exposure(st, &e) == PD_STORE_OK, "an exposure linked to an old take: %s",
          pd_store_errmsg(st));
    pd_exposure *ex = NULL;
    CHECK(pd_store_exposures(st, &ex, &n) == PD_STORE_OK && n == 1 && ex[0].take_id == ids[0], "back");
    free(ex);
    CHECK(pd_store_check(st) == PD_STORE_OK, "integrity after the upgrade: %s", pd_store_errmsg(st));
    pd_store_close(st);
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
    test_moments();
    test_ladder_store();
    test_ladder_race();
    test_programme_damaged();
    test_programme_migration();
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
