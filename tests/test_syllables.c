/* test_syllables.c - the syllable-nucleus rules on hand-made tracks.
 *
 * Truth by construction: a 3.2 s take (10 ms frames) whose sounding part is
 * 0.2-3.0 s, with Gaussian energy bumps (sigma 40 ms, same level in all
 * PD_NSUB bands) over a -50 dB floor:
 *   0.5, 0.8, 1.1, 1.6, 2.2 s  vowels at -20 dB, voiced           -> nuclei
 *   2.0 s                      weak vowel at -30 dB (10 dB under
 *                              the vowel 0.2 s later), voiced     -> nucleus
 *   2.8 s                      quiet isolated vowel at -40 dB     -> nucleus
 *   1.35 s                     breath-like bump at -45 dB, 25 dB
 *                              under the vowel 0.25 s later       -> none (local range)
 *   2.40 s                     loud bump, periodicity 0.1         -> none (unvoiced)
 * Each expected nucleus must be found within 20 ms (one frame of smoothing
 * shift at most), and nothing else. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "check.h"
#include "dsp/dsp.h"

#define NF 320
#define HOP 0.01

typedef struct bump { double t, db; int voiced; } bump;

static const bump bumps[] = {
    { 0.50, -20.0, 1 }, { 0.80, -20.0, 1 }, { 1.10, -20.0, 1 }, { 1.35, -45.0, 1 },
    { 1.60, -20.0, 1 }, { 2.00, -30.0, 1 }, { 2.20, -20.0, 1 }, { 2.40, -20.0, 0 },
    { 2.80, -40.0, 1 },
};
static const double expect[] = { 0.50, 0.80, 1.10, 1.60, 2.00, 2.20, 2.80 };
#define NB (sizeof bumps / sizeof bumps[0])
#define NE (sizeof expect / sizeof expect[0])

int main(void)
{
    static float level[NF], per[NF], sub[NF * PD_NSUB];
    pd_tracks t = { 0 };
    t.n = NF;
    t.hop_s = HOP;
    t.level_db = level;
    t.periodicity = per;
    t.sub_db = sub;
    for (size_t i = 0; i < NF; i++) {
        double x = i * HOP, p = pow(10.0, -5.0);
        level[i] = (x >= 0.2 && x <= 3.0) ? -20.0f : -70.0f;
        per[i] = (x >= 0.2 && x <= 3.0) ? 0.9f : 0.2f;
        for (size_t b = 0; b < NB; b++) {
            double d = (x - bumps[b].t) / 0.04;
            p += pow(10.0, 0.1 * bumps[b].db) * exp(-0.5 * d * d);
            if (!bumps[b].voiced && fabs(x - bumps[b].t) <= 0.08) per[i] = 0.1f;
        }
        for (int k = 0; k < PD_NSUB; k++) sub[i * PD_NSUB + k] = (float)(10.0 * log10(p));
    }
    double *nu = NULL;
    size_t n = 0;
    CHECK(pd_detect_nuclei(&t, -45.0, &nu, &n) == PD_OK, "pd_detect_nuclei failed");
    CHECK(n == NE, "%zu nuclei, expected %zu", n, (size_t)NE);
    for (size_t e = 0; e < NE; e++) {
        int found = 0;
        for (size_t q = 0; q < n; q++)
            if (fabs(nu[q] - expect[e]) <= 0.02) found = 1;
        CHECK(found, "no nucleus within 20 ms of %.2f s", expect[e]);
    }
    for (size_t q = 0; q < n; q++) printf("nucleus %.2f s\n", nu[q]);
    free(nu);
    CHECK_DONE();
}
