/* distract_bench.c - how long the distraction sounds take to synthesise
 * (src/exposure/distract.c): a drill's track (the murmur and a plan of 6
 * sounds a minute) rendered in blocks as an audio callback would ask for
 * them, at 16 and 48 kHz, and each sound alone. Prints figures for the
 * README; asserts nothing. Times are this thread's CPU time (on a shared,
 * loaded machine the wall clock counts other programs' time too).
 *
 * usage: podium-distract-bench [SECONDS] [BLOCK_FRAMES]   (default 120 s, 256) */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "podium/distract.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static const char *const KIND_NAME[PD_CUE_COUNT] = {"cough", "phone", "notify", "chair", "paper", "door"};

int main(int argc, char **argv)
{
    double seconds = argc > 1 ? atof(argv[1]) : 120.0;
    long block = argc > 2 ? atol(argv[2]) : 256;
    if (!(seconds >= 10.0 && seconds <= 3600.0) || block < 16 || block > 8192) {
        fprintf(stderr, "usage: podium-distract-bench [SECONDS 10-3600] [BLOCK_FRAMES 16-8192]\n");
        return 2;
    }
    static pd_distract_event ev[PD_DISTRACT_MAX_EVENTS];
    size_t n_ev = pd_distract_plan(6, seconds, "en", 10, 1, ev, PD_DISTRACT_MAX_EVENTS);
    const int rates[2] = {16000, 48000};
    for (int r = 0; r < 2; r++) {
        const int rate = rates[r];
        size_t n_blocks = (size_t)(seconds * rate) / (size_t)block;
        float *buf = malloc((size_t)block * sizeof *buf);
        double *t = malloc(n_blocks * sizeof *t);
        if (!buf || !t) {
            fprintf(stderr, "out of memory\n");
            return 1;
        }
        pd_distract_track tr;
        pd_distract_track_init(&tr, rate, 1, ev, n_ev, "en", 7);
        double total = 0.0;
        for (size_t b = 0; b < n_blocks; b++) {
            double t0 = cpu_s();
            pd_distract_render(&tr, buf, (size_t)block);
            t[b] = cpu_s() - t0;
            total += t[b];
        }
        qsort(t, n_blocks, sizeof *t, cmp_double);
        double budget = (double)block / rate;
        printf("track %d Hz, %.0f s, murmur + %zu sounds, blocks of %ld: %.2f %% of a core; a block median "
               "%.3f ms, p99 %.3f ms, max %.3f ms (its period %.2f ms)\n",
               rate, seconds, n_ev, block, 100.0 * total / seconds, 1e3 * t[n_blocks / 2],
               1e3 * t[n_blocks * 99 / 100], 1e3 * t[n_blocks - 1], 1e3 * budget);
        free(t);
        free(buf);
    }
    float *x = malloc(48000 * 7 * sizeof *x);
    if (!x) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }
    for (int k = 0; k < PD_CUE_COUNT; k++) {
        double t0 = cpu_s();
        size_t n = pd_distract_render_one((pd_cue)k, "en", 3, 48000, x, 48000 * 7);
        double dt = cpu_s() - t0;
        printf("%-6s alone at 48 kHz (with its silent pass for the peak): %.2f ms for %.2f s\n", KIND_NAME[k],
               1e3 * dt, (double)n / 48000.0);
    }
    free(x);
    return 0;
}
