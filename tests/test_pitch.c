/* test_pitch.c - pitch track accuracy on synthetic harmonic tones.
 *
 * Truth: the tones are synthesised here, so the F0 of every frame is known
 * exactly. Each case is 0.6 s of digital silence, a 1.5 s harmonic complex
 * (10 ms raised-cosine ramps) and 0.6 s of silence, analysed with
 * pd_analyse_buffer() and the default configuration (50-500 Hz).
 *
 * Bounds (the issue's): on the voiced frames of the tone, F0 within 1 % of
 * the truth (checked on the median error and on the 95th percentile of the
 * non-gross frames) and gross errors (> 20 % off) on fewer than 1 % of them;
 * at least 90 % of the tone's frames voiced; every frame of the silence
 * unvoiced. Frames within 60 ms of an onset or offset are left out (the
 * analysis window, 40 ms at 50 Hz, straddles them).
 *
 * Cases: 60-400 Hz at 8, 16, 44.1 and 48 kHz; harmonics with 1/h amplitudes
 * (up to 3.5 kHz); a weak fundamental (-20 dB re the 2nd harmonic); light
 * white noise (25 dB SNR); a 100 -> 200 Hz exponential glide. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "podium/analysis.h"
#include "dsp/dsp.h"

#define PRE_S 0.6
#define TONE_S 1.5
#define POST_S 0.6
#define EDGE_S 0.06

enum kind { CLEAN, WEAK_FUNDAMENTAL, NOISY, GLIDE };
static const char *kind_name[] = { "clean", "weak-f0", "noise25dB", "glide" };

static unsigned long long rng_state = 12345u;
static double urand(void)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return ((rng_state >> 11) + 0.5) / 9007199254740992.0;
}
static double nrand(void)
{
    return sqrt(-2.0 * log(urand())) * cos(2.0 * M_PI * urand());
}

/* true F0 at time t from the tone's start */
static double true_f0(enum kind k, double f0, double t)
{
    if (k == GLIDE) return 100.0 * pow(2.0, t / TONE_S);
    return f0;
}

static float *synth(enum kind k, double f0, int rate, size_t *n_out)
{
    size_t n = (size_t)((PRE_S + TONE_S + POST_S) * rate);
    size_t i0 = (size_t)(PRE_S * rate), i1 = i0 + (size_t)(TONE_S * rate);
    float *x = calloc(n, sizeof *x);
    if (!x) return NULL;
    double phase[40];
    for (int h = 0; h < 40; h++) phase[h] = 2.0 * M_PI * urand();
    double ph = 0.0, power = 0.0;
    for (size_t i = i0; i < i1; i++) {
        double t = (double)(i - i0) / rate;
        double f = true_f0(k, f0, t);
        ph += 2.0 * M_PI * f / rate;
        double v = 0.0;
        for (int h = 1; h <= 40 && h * f < fmin(3500.0, 0.45 * rate); h++) {
            double a = 1.0 / h;
            if (k == WEAK_FUNDAMENTAL && h == 1) a = 0.05;   /* -20 dB re h=2 */
            v += a * sin(h * ph + phase[h - 1]);
        }
        double ramp = 1.0, tr = 0.010;
        if (t < tr) ramp = 0.5 - 0.5 * cos(M_PI * t / tr);
        if (TONE_S - t < tr) ramp = 0.5 - 0.5 * cos(M_PI * (TONE_S - t) / tr);
        x[i] = (float)(0.2 * ramp * v);
        power += (double)x[i] * x[i];
    }
    if (k == NOISY) {
        double sd = sqrt(power / (double)(i1 - i0) / pow(10.0, 25.0 / 10.0));
        for (size_t i = 0; i < n; i++) x[i] += (float)(sd * nrand());
    }
    *n_out = n;
    return x;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void run_case(enum kind k, double f0, int rate)
{
    size_t n;
    float *x = synth(k, f0, rate, &n);
    CHECK(x != NULL, "out of memory");
    if (!x) return;
    pd_report *r = NULL;
    pd_status st = pd_analyse_buffer(NULL, x, n, rate, 1, &r);
    free(x);
    CHECK(st == PD_OK, "pd_analyse_buffer: status %d", (int)st);
    if (st != PD_OK) return;

    const pd_tracks *t = &r->tracks;
    double *err = malloc(t->n * sizeof *err);
    size_t n_tone = 0, n_voiced = 0, n_gross = 0, n_sil = 0, n_sil_voiced = 0, ne = 0;
    for (size_t i = 0; i < t->n; i++) {
        double tt = (double)i * t->hop_s;
        int in_tone = tt >= PRE_S + EDGE_S && tt <= PRE_S + TONE_S - EDGE_S;
        int in_sil = tt <= PRE_S - EDGE_S || tt >= PRE_S + TONE_S + EDGE_S;
        if (in_sil) {
            n_sil++;
            if (t->f0_hz[i] > 0) n_sil_voiced++;
        }
        if (!in_tone) continue;
        n_tone++;
        if (t->f0_hz[i] <= 0) continue;
        n_voiced++;
        double truth = true_f0(k, f0, tt - PRE_S);
        double e = fabs(t->f0_hz[i] / truth - 1.0);
        if (e > 0.20) n_gross++;
        else if (err) err[ne++] = e;
    }
    double med = 1.0, p95 = 1.0;
    if (err && ne) {
        qsort(err, ne, sizeof *err, cmp_d);
        med = err[ne / 2];
        p95 = err[(size_t)floor(0.95 * (double)(ne - 1))];
    }
    free(err);
    double vfrac = n_tone ? (double)n_voiced / n_tone : 0.0;
    double gfrac = n_voiced ? (double)n_gross / n_voiced : 1.0;
    char what[96];
    snprintf(what, sizeof what, "%s %.0f Hz @ %d Hz", kind_name[k], f0, rate);
    printf("%-32s voiced %5.1f %%  median err %.3f %%  p95 %.3f %%  gross %.2f %%  silence voiced %zu/%zu\n",
           what, 100.0 * vfrac, 100.0 * med, 100.0 * p95, 100.0 * gfrac, n_sil_voiced, n_sil);
    CHECK(vfrac >= 0.90, "%s: %.1f %% of the tone's frames voiced (< 90 %%)", what, 100.0 * vfrac);
    CHECK(med <= 0.01, "%s: median F0 error %.2f %% (> 1 %%)", what, 100.0 * med);
    CHECK(p95 <= 0.01, "%s: 95th-percentile F0 error %.2f %% (> 1 %%)", what, 100.0 * p95);
    CHECK(gfrac < 0.01, "%s: %.2f %% gross errors (>= 1 %%)", what, 100.0 * gfrac);
    CHECK(n_sil_voiced == 0, "%s: %zu of %zu silent frames voiced", what, n_sil_voiced, n_sil);
    pd_report_destroy(r);
}

/* The two ways of computing YIN's lagged products (kissfft cross-correlation
 * and direct sums) must give the same candidates: same frames, tolerance
 * 0.05 % in F0 and 0.002 in d' (float rounding only). */
static void check_yin_methods(void)
{
    const double rates[] = { 4000.0, 8000.0 };
    for (int ri = 0; ri < 2; ri++) {
        pd_yin *f = pd_yin_create_method(rates[ri], 50.0, 500.0, 1);
        pd_yin *d = pd_yin_create_method(rates[ri], 50.0, 500.0, 0);
        CHECK(f && d, "pd_yin_create_method failed");
        if (!f || !d) { pd_yin_destroy(f); pd_yin_destroy(d); continue; }
        size_t L = pd_yin_frame_len(f);
        float *x = malloc(L * sizeof *x);
        unsigned seed = 7;
        for (int trial = 0; trial < 40; trial++) {
            double f0 = 60.0 + 8.5 * trial;
            for (size_t i = 0; i < L; i++) {
                double t = (double)i / rates[ri], v = 0.0;
                for (int h = 1; h <= 5; h++) v += sin(2 * M_PI * h * f0 * t + h) / h;
                seed = seed * 1103515245u + 12345u;
                x[i] = (float)(0.3 * v + 0.01 * ((seed >> 8) / 16777216.0 - 0.5));
            }
            pd_pitch_cand cf[PD_PITCH_NCAND], cd[PD_PITCH_NCAND];
            float pf, pdd;
            pd_yin_frame(f, x, cf, &pf);
            pd_yin_frame(d, x, cd, &pdd);
            for (int k = 0; k < PD_PITCH_NCAND; k++) {
                CHECK(fabs(cf[k].f0_hz - cd[k].f0_hz) <= 5e-4 * fmax(1.0, cd[k].f0_hz),
                      "rate %.0f f0 %.1f cand %d: FFT %.3f Hz vs direct %.3f Hz", rates[ri], f0, k,
                      cf[k].f0_hz, cd[k].f0_hz);
                CHECK(fabs(cf[k].dprime - cd[k].dprime) <= 2e-3,
                      "rate %.0f f0 %.1f cand %d: d' FFT %.4f vs direct %.4f", rates[ri], f0, k,
                      cf[k].dprime, cd[k].dprime);
            }
        }
        free(x);
        pd_yin_destroy(f);
        pd_yin_destroy(d);
    }
}

int main(void)
{
    static const int rates[] = { 8000, 16000, 44100, 48000 };
    static const double f0s[] = { 60, 80, 100, 150, 200, 300, 400 };
    for (size_t ri = 0; ri < sizeof rates / sizeof rates[0]; ri++) {
        for (size_t fi = 0; fi < sizeof f0s / sizeof f0s[0]; fi++)
            for (int k = CLEAN; k <= NOISY; k++) run_case((enum kind)k, f0s[fi], rates[ri]);
        run_case(GLIDE, 100.0, rates[ri]);
    }
    check_yin_methods();
    CHECK_DONE();
}
