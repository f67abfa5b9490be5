/* store_bench.c - podium-store-bench: speed of the practice history.
 *
 * Usage: podium-store-bench [--takes N] [--recordings] [--keep DIR] FILE
 * Fills a new store (a temporary directory, or DIR) with N takes (default
 * 10 000) through pd_store_add: FILE's real report (so the stored JSON and
 * advice have their real size) with the metrics varied take by take, one
 * transaction each (with --recordings each also keeps a 1 s recording, so
 * the recordings folder holds N files as a real one would). Then times, best of 5 (wall clock): opening the store,
 * the whole history list, the first page of 50, a trend query, the baseline,
 * a compare; and, once, importing FILE (analysis + FLAC copy + fsync + row).
 * Goals (issue 4): list and trend < 50 ms with 10 000 takes, importing a
 * 60 s recording < 1 s. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <sndfile.h>
#include "podium/audio_file.h"
#include "podium/feedback.h"
#include "podium/store.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static pd_store *open_dir(const char *dir)
{
    pd_store_options o;
    pd_store_options_init(&o);
    o.data_dir = dir;
    pd_store *st = NULL;
    char err[900];
    if (pd_store_open(&o, &st, err, sizeof err) != PD_STORE_OK) {
        fprintf(stderr, "podium-store-bench: %s\n", err);
        exit(1);
    }
    return st;
}

#define BEST_OF 5
#define TIME_BEST(label, expr)                         \
    do {                                               \
        double best = 1e30;                            \
        for (int rep_ = 0; rep_ < BEST_OF; rep_++) {   \
            double t0_ = now_s();                      \
            expr;                                      \
            double dt_ = now_s() - t0_;                \
            if (dt_ < best) best = dt_;                \
        }                                              \
        printf("%-34s %8.2f ms\n", label, best * 1e3); \
    } while (0)

int main(int argc, char **argv)
{
    long n_takes = 10000;
    const char *keep = NULL, *file = NULL;
    int with_rec = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--takes") == 0 && i + 1 < argc)
            n_takes = atol(argv[++i]);
        else if (strcmp(argv[i], "--recordings") == 0)
            with_rec = 1;
        else if (strcmp(argv[i], "--keep") == 0 && i + 1 < argc)
            keep = argv[++i];
        else
            file = argv[i];
    }
    if (!file || n_takes < 1) {
        fprintf(stderr, "usage: podium-store-bench [--takes N] [--keep DIR] FILE\n");
        return 2;
    }
    char dir[512];
    if (keep)
        snprintf(dir, sizeof dir, "%s", keep);
    else {
        const char *tmp = getenv("TMPDIR");
        snprintf(dir, sizeof dir, "%s/podium-store-bench-XXXXXX", tmp && *tmp ? tmp : "/tmp");
        if (!mkdtemp(dir)) {
            perror("mkdtemp");
            return 1;
        }
    }

    pd_analysis_config cfg;
    pd_analysis_config_init(&cfg, "en");
    pd_feedback_bounds bounds;
    pd_feedback_bounds_init(&bounds);
    pd_report *r = NULL;
    char err[600];
    if (pd_analyse_file(file, &cfg, &r, err, sizeof err) != 0) {
        fprintf(stderr, "podium-store-bench: %s\n", err);
        return 1;
    }
    pd_feedback_evaluate(r, &bounds, "en");

    pd_store *st = open_dir(dir); /* creates dir */
    char clip[700] = "";
    if (with_rec) { /* 1 s of a quiet tone: the copies cost little time */
        snprintf(clip, sizeof clip, "%s/clip.wav", dir);
        SF_INFO info = {.samplerate = 16000, .channels = 1, .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16};
        SNDFILE *sf = sf_open(clip, SFM_WRITE, &info);
        if (!sf) {
            fprintf(stderr, "podium-store-bench: cannot write %s\n", clip);
            return 1;
        }
        for (int i = 0; i < 16000; i++) {
            float v = (float)(0.1 * sin(6.283185307 * 220.0 * i / 16000.0));
            sf_writef_float(sf, &v, 1);
        }
        sf_close(sf);
    }
    size_t have = 0;
    pd_store_count(st, &have);
    const size_t have0 = have;
    double t0 = now_s();
    srand(1);
    const double base_rate = r->speech_rate_syl_s, base_sd = r->f0_sd_st;
    pd_take_meta meta;
    pd_take_meta_init(&meta);
    int64_t start = (int64_t)time(NULL) - (int64_t)n_takes * 3600;
    for (long i = (long)have; i < n_takes; i++) {
        meta.recorded_at = start + i * 3600;
        r->speech_rate_syl_s = base_rate * (0.8 + 0.4 * rand() / (double)RAND_MAX);
        r->f0_sd_st = base_sd * (0.8 + 0.4 * rand() / (double)RAND_MAX);
        int64_t id;
        if (pd_store_add(st, &meta, with_rec ? clip : NULL, r, &id) != PD_STORE_OK) {
            fprintf(stderr, "podium-store-bench: %s\n", pd_store_errmsg(st));
            return 1;
        }
    }
    double fill = now_s() - t0;
    r->speech_rate_syl_s = base_rate;
    r->f0_sd_st = base_sd;
    pd_store_count(st, &have);
    pd_store_close(st);
    char db[600];
    snprintf(db, sizeof db, "%s/podium.db", dir);
    struct stat sb;
    stat(db, &sb);
    size_t added = have - have0;
    printf("store: %zu takes, database %.1f MB; adding %zu took %.1f s (%.2f ms per take, "
           "one fsynced transaction each)\n",
           have, sb.st_size / 1e6, added, fill, added ? fill * 1e3 / (double)added : 0.0);

    TIME_BEST("open (schema check, recovery)", pd_store_close(open_dir(dir)));
    st = open_dir(dir);
    pd_take *t = NULL;
    size_t n = 0;
    TIME_BEST("history: list all takes", {
        free(t);
        t = NULL;
        pd_store_list(st, 0, 0, &t, &n);
    });
    printf("  (%zu takes listed)\n", n);
    free(t);
    t = NULL;
    TIME_BEST("history: first page of 50", {
        free(t);
        t = NULL;
        pd_store_list(st, 0, 50, &t, &n);
    });
    free(t);
    pd_trend_point *p = NULL;
    TIME_BEST("trend speech_rate_syl_s", {
        free(p);
        p = NULL;
        pd_store_trend(st, PD_METRIC_SPEECH_RATE, &p, &n);
    });
    printf("  (%zu points)\n", n);
    free(p);
    pd_baseline b;
    TIME_BEST("baseline (median of the last 5)", pd_store_baseline(st, 0, &b));
    pd_compare_row rows[PD_METRIC_COUNT];
    TIME_BEST("compare two takes", pd_store_compare(st, 1, (int64_t)have, NULL, rows));
    char **o = NULL;
    TIME_BEST("orphan scan", {
        pd_store_free_strings(o, n);
        o = NULL;
        pd_store_orphans(st, &o, &n);
    });
    pd_store_free_strings(o, n);

    int64_t id;
    double ti = now_s();
    if (pd_store_import(st, file, NULL, &bounds, "en", &id) != PD_STORE_OK) {
        fprintf(stderr, "podium-store-bench: %s\n", pd_store_errmsg(st));
        return 1;
    }
    double imp = now_s() - ti;
    printf("%-34s %8.2f ms  (%.1f s of audio: analysis + FLAC copy + fsync + commit)\n", "import FILE",
           imp * 1e3, r->duration_s);
    pd_store_close(st);
    pd_report_destroy(r);
    if (!keep) {
        char cmd[700];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        if (system(cmd) != 0) fprintf(stderr, "podium-store-bench: could not remove %s\n", dir);
    }
    return 0;
}
