/* bench.c - podium-bench: speed and memory of the full analysis.
 *
 * Usage: podium-bench FILE [REPEAT]
 * Runs the whole analysis (file reading, loudness, pitch, segmentation,
 * syllables, filled pauses, feedback) REPEAT times (default 1) on one core
 * and prints seconds of audio analysed per CPU second and the process's
 * peak resident memory. Run one file per process so the peak is the file's. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <sys/resource.h>
#include "podium/audio_file.h"
#include "podium/feedback.h"

static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double wall_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: podium-bench FILE [REPEAT]\n");
        return 2;
    }
    int repeat = argc > 2 ? atoi(argv[2]) : 1;
    if (repeat < 1) repeat = 1;
    pd_analysis_config cfg;
    pd_analysis_config_init(&cfg, "en");
    pd_feedback_bounds b;
    pd_feedback_bounds_init(&b);
    double best_cpu = 1e30, best_wall = 1e30, dur = 0.0;
    for (int i = 0; i < repeat; i++) {
        pd_report *r = NULL;
        char err[600];
        double c0 = cpu_s(), w0 = wall_s();
        if (pd_analyse_file(argv[1], &cfg, &r, err, sizeof err) != 0) {
            fprintf(stderr, "podium-bench: %s\n", err);
            return 1;
        }
        pd_feedback_evaluate(r, &b, "en");
        double c = cpu_s() - c0, w = wall_s() - w0;
        if (c < best_cpu) best_cpu = c;
        if (w < best_wall) best_wall = w;
        dur = r->duration_s;
        pd_report_destroy(r);
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("file=%s audio_s=%.1f cpu_s=%.3f wall_s=%.3f realtime_x=%.0f peak_rss_mb=%.1f\n",
           argv[1], dur, best_cpu, best_wall, dur / best_cpu, ru.ru_maxrss / 1024.0);
    return 0;
}
