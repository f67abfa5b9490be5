/* test_pauses.c - a silent pause of known length inside real speech is found,
 * with its edges where it was put.
 *
 * Truth by construction: a corpus recording with no internal pause (Praat
 * finds none, MANIFEST.tsv) is cut at the loudest 20 ms of its middle fifth
 * (inside a vowel, so the speech on both sides of the cut is well over any
 * threshold) and a gap of known length is inserted: digital silence, or
 * white noise 60 dB under the speech. Then the whole take is scaled (0 dB,
 * -20 dB) and, in some cases, white noise 20 or 25 dB under the speech level
 * is added throughout (a noisy room), and pink (1/f) noise 10-15 dB under it
 * or white noise 10-12 dB under it (a loud room: the weak onsets and codas
 * of words sink into the noise; with the single raised threshold used
 * before the two-threshold extent in pauses.c, white noise 10 dB under the
 * speech gave 2-3 pauses and a start 40 ms early). Each case must give exactly one pause,
 * with both edges within 30 ms of the inserted gap (the bound); a
 * gap shorter than the minimum pause (0.25 s) must give none. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "podium/analysis.h"
#include "podium/audio_file.h"

#define EDGE_TOL_S 0.030

typedef struct pause_case {
    double gap_s;        /* inserted gap */
    double gap_db;       /* white noise in the gap re speech RMS; <= -200: digital silence */
    double gain_db;      /* applied to the whole take */
    double noise_db;     /* background noise re speech RMS; <= -200: none */
    int expect_pause;
    int pink;            /* background noise is pink (1/f), not white */
} pause_case;

static const pause_case cases[] = {
    { 0.30, -300.0,   0.0, -300.0, 1, 0 },
    { 0.60, -300.0,   0.0, -300.0, 1, 0 },
    { 1.20, -300.0,   0.0, -300.0, 1, 0 },
    { 2.50, -300.0,   0.0, -300.0, 1, 0 },
    { 0.60,  -60.0,   0.0, -300.0, 1, 0 },
    { 0.60, -300.0, -20.0, -300.0, 1, 0 },
    { 0.40, -300.0,   0.0,  -25.0, 1, 0 },
    { 0.60, -300.0,   0.0,  -25.0, 1, 0 },
    { 0.60, -300.0,   0.0,  -20.0, 1, 0 },
    { 1.20, -300.0, -20.0,  -20.0, 1, 0 },
    { 0.15, -300.0,   0.0, -300.0, 0, 0 },   /* under min_pause_s */
    { 0.15, -300.0,   0.0,  -20.0, 0, 0 },
    /* a loud room: pink noise 10-15 dB, white noise 10-12 dB under the speech */
    { 0.60, -300.0,   0.0,  -15.0, 1, 1 },
    { 1.20, -300.0, -20.0,  -15.0, 1, 1 },
    { 0.60, -300.0,   0.0,  -12.0, 1, 1 },
    { 0.60, -300.0,   0.0,  -10.0, 1, 1 },
    { 0.60, -300.0,   0.0,  -10.0, 1, 0 },
    { 0.60, -300.0, -20.0,  -12.0, 1, 0 },
};

static uint32_t rng_state = 12345u;
static double white(void)   /* uniform in [-1, 1): xorshift32 */
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return (double)rng_state / 2147483648.0 - 1.0;
}

/* pink noise of unit RMS into y[0..m): white noise through Paul Kellet's
 * three-pole 1/f filter (-3 dB/octave within 0.5 dB above ~10 Hz at 16 kHz) */
static void pink_fill(float *y, size_t m)
{
    double b0 = 0.0, b1 = 0.0, b2 = 0.0, ss = 0.0;
    for (size_t i = 0; i < m; i++) {
        double w = white();
        b0 = 0.99765 * b0 + w * 0.0990460;
        b1 = 0.96300 * b1 + w * 0.2965164;
        b2 = 0.57000 * b2 + w * 1.0526913;
        y[i] = (float)(b0 + b1 + b2 + w * 0.1848);
        ss += (double)y[i] * y[i];
    }
    double g = m ? 1.0 / sqrt(ss / (double)m) : 0.0;
    for (size_t i = 0; i < m; i++) y[i] = (float)(y[i] * g);
}

/* RMS of the 20 ms windows within 30 dB of the loudest one (active speech) */
static double speech_rms(const float *x, size_t n, int rate)
{
    size_t w = (size_t)rate / 50, nw = n / w;
    double top = 0.0, sum = 0.0;
    size_t cnt = 0;
    for (int pass = 0; pass < 2; pass++)
        for (size_t k = 0; k < nw; k++) {
            double e = 0.0;
            for (size_t i = 0; i < w; i++) e += (double)x[k * w + i] * x[k * w + i];
            e /= (double)w;
            if (pass == 0 && e > top) top = e;
            if (pass == 1 && e >= top * 1e-3) { sum += e; cnt++; }
        }
    return cnt ? sqrt(sum / (double)cnt) : 0.0;
}

/* sample index at the centre of the loudest 20 ms window in [0.4, 0.6] of the take */
static size_t loud_cut(const float *x, size_t n, int rate)
{
    size_t w = (size_t)rate / 50, best = n / 2;
    double be = -1.0;
    for (size_t s = (size_t)(0.4 * (double)n); s + w < (size_t)(0.6 * (double)n); s += w / 4) {
        double e = 0.0;
        for (size_t i = 0; i < w; i++) e += (double)x[s + i] * x[s + i];
        if (e > be) { be = e; best = s + w / 2; }
    }
    return best;
}

static void run_file(const char *dir, const char *name, const char *lang)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    float *x = NULL;
    size_t n = 0;
    int rate = 0, ch = 0;
    char err[600];
    if (pd_read_file(path, &x, &n, &rate, &ch, err, sizeof err) != 0) {
        CHECK(0, "%s", err);
        return;
    }
    if (ch != 1) {
        CHECK(ch == 1, "%s: expected a mono file, got %d channels", name, ch);
        free(x);
        return;
    }
    const double rms = speech_rms(x, n, rate);
    const size_t cut = loud_cut(x, n, rate);
    const double cut_s = (double)cut / rate;
    pd_analysis_config cfg;
    pd_analysis_config_init(&cfg, lang);

    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const pause_case *pc = &cases[c];
        size_t gap = (size_t)lround(pc->gap_s * rate), m = n + gap;
        float *y = malloc(m * sizeof *y), *pk = pc->pink ? malloc(m * sizeof *pk) : NULL;
        if (!y || (pc->pink && !pk)) { CHECK(0, "out of memory"); free(y); free(pk); break; }
        /* uniform white noise of RMS r: amplitude r * sqrt(3) */
        double gap_amp = pc->gap_db > -200.0 ? rms * pow(10.0, pc->gap_db / 20.0) * sqrt(3.0) : 0.0;
        double bg_amp = pc->noise_db > -200.0 ? rms * pow(10.0, pc->noise_db / 20.0) * sqrt(3.0) : 0.0;
        double g = pow(10.0, pc->gain_db / 20.0);
        rng_state = 12345u + (uint32_t)c;
        if (pk) pink_fill(pk, m);
        const double pk_amp = bg_amp / sqrt(3.0);   /* pink: unit RMS */
        for (size_t i = 0; i < m; i++) {
            double v;
            if (i < cut) v = x[i];
            else if (i < cut + gap) v = gap_amp * white();
            else v = x[i - gap];
            v += pk ? pk_amp * pk[i] : bg_amp * white();
            y[i] = (float)(g * v);
        }
        pd_report *r = NULL;
        pd_status st = pd_analyse_buffer(&cfg, y, m, rate, 1, &r);
        CHECK(st == PD_OK, "%s case %zu: analysis failed (%d)", name, c, (int)st);
        if (st == PD_OK) {
            const double t0 = cut_s, t1 = cut_s + pc->gap_s;
            if (pc->expect_pause) {
                CHECK(r->n_pauses == 1, "%s case %zu (gap %.2f s, gap %g dB, gain %g dB, %s noise %g dB): "
                      "%zu pauses, expected 1", name, c, pc->gap_s, pc->gap_db, pc->gain_db, pc->pink ? "pink" : "white", pc->noise_db,
                      r->n_pauses);
                const pd_interval *hit = NULL;
                for (size_t k = 0; k < r->n_pauses; k++)
                    if (r->pauses[k].start_s < t1 && r->pauses[k].end_s > t0) hit = &r->pauses[k];
                CHECK(hit != NULL, "%s case %zu: no pause over the inserted gap %.3f-%.3f s", name, c, t0, t1);
                if (hit) {
                    char what[160];
                    snprintf(what, sizeof what, "%s case %zu: pause start (s)", name, c);
                    CHECK_NEAR(hit->start_s, t0, EDGE_TOL_S, what);
                    snprintf(what, sizeof what, "%s case %zu: pause end (s)", name, c);
                    CHECK_NEAR(hit->end_s, t1, EDGE_TOL_S, what);
                }
            } else {
                CHECK(r->n_pauses == 0, "%s case %zu (gap %.2f s < min pause): %zu pauses, expected 0",
                      name, c, pc->gap_s, r->n_pauses);
            }
        }
        pd_report_destroy(r);
        free(y);
        free(pk);
    }
    free(x);
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "../shared/corpus";
    /* continuous read speech with no internal pause (Praat: 0 internal silences) */
    run_file(dir, "en_librivox_sense_sensibility_0870.wav", "en");
    run_file(dir, "en_librivox_sense_sensibility_0890.wav", "en");
    run_file(dir, "it_picovoice_test_it.wav", "it");
    CHECK_DONE();
}
