/* syllables.c - syllable nuclei.
 *
 * Baseline: N. H. de Jong & T. Wempe, "Praat script to detect syllable
 * nuclei and measure speech rate automatically", Behavior Research Methods
 * 41(2), 2009: a nucleus is a voiced peak of an energy contour, inside the
 * sounding part of the take, standing out from the valleys around it by a
 * minimum dip.
 *
 * The contour is not the broadband intensity but a sub-band envelope after
 * D. Wang & S. S. Narayanan, "Robust speech rate estimation for spontaneous
 * speech", IEEE Trans. Audio, Speech and Language Processing 15(8), 2007:
 * the energies of PD_NSUB bands between 300 and 3400 Hz (tracks.sub_db,
 * 32 ms frames) are smoothed in time and, per frame, the TOP_BANDS strongest
 * bands are combined by the mean of their pairwise geometric means (the
 * square root of Wang & Narayanan's cross-band correlation). A vowel puts
 * energy in several formant bands at once and scores high; a nasal or /l/
 * (energy below 300-500 Hz), a fricative or a burst (energy above 2.5 kHz)
 * score low even when their broadband intensity is high, so they neither
 * make peaks of their own nor fill the dip between two vowels. Compared with
 * the 64 ms intensity (level_db) used before, this removed most overcounting
 * of slow speech (a long vowel followed by a sonorant showed two peaks) and
 * the peaks on /s/, /sh/ and affricates.
 *
 * Noise (added for robustness; figures in the README): before smoothing,
 * each band's noise is removed by power spectral subtraction (S. F. Boll,
 * "Suppression of acoustic noise in speech using spectral subtraction", IEEE
 * Trans. ASSP 27(2), 1979) with over-subtraction and a spectral floor
 * (M. Berouti, R. Schwartz & J. Makhoul, "Enhancement of speech corrupted by
 * acoustic noise", ICASSP 1979): P' = max(P - OVERSUB * N, SPEC_FLOOR * N),
 * N the FLOOR_PCT-th percentile of the band's energy over the take (the
 * pauses and closures; in a take without them, the quietest closures, far
 * under the vowels, so the vowels are untouched). Additive noise fills the
 * dips between vowels and flattens the envelope in dB; subtracting it gives
 * the dips back, and the floor keeps the noise-only frames flat instead of
 * turning the noise's own ripple into peaks. Two rules go with it:
 * - a nucleus stands MIN_SNR_DB over the envelope of the band floors (the
 *   envelope of the noise alone), so what remains of the noise after the
 *   subtraction, or a murmur under it, is not a nucleus;
 * - the voicing threshold follows the frame's signal-to-noise ratio: YIN's
 *   d' at the period is about the aperiodic share of the power
 *   (A. de Cheveigne & H. Kawahara, JASA 111(4), 2002), and uncorrelated
 *   noise of power N adds N / P to it, so a periodic voice in noise reads
 *   about (1 - N / P) of its clean periodicity; the threshold is
 *   VOICED_PER * (1 - N / P), N the FLOOR_PCT-th percentile of the level,
 *   never under VOICED_PER * MIN_VOICE_KEEP. In a clean take N / P is tiny
 *   and the threshold stays VOICED_PER.
 *
 * Rules, each checked on the developer corpus and on espeak-ng speech at
 * 100-300 wpm (English, Italian, two voices each, noise, 8-48 kHz), with
 * espeak's own phoneme timings as per-nucleus truth:
 * - Smoothing: Gaussian, SMOOTH_S; enough to remove the frame-to-frame
 *   ripple of creaky voice, short enough to keep 50 ms reduced syllables.
 * - Dip: topographic prominence, i.e. the peak must rise MIN_DIP_DB above the
 *   higher of the two valleys that separate it from a louder peak (or from the
 *   edge of the sounding stretch) on either side. 1.5 dB rather than De Jong &
 *   Wempe's 2 dB: the local-range rule below removes the low ripples that the
 *   larger dip used to hide, and 1.5 dB recovers weak unstressed syllables.
 * - Local range: a peak more than LOCAL_RANGE_DB below the loudest point of
 *   the envelope within +/-LOCAL_WIN_S is not a nucleus. This is De Jong &
 *   Wempe's silence threshold (-25 dB re the take's maximum) made local and
 *   applied to the vowel envelope: breath and hum before a phrase, the tail of
 *   a final vowel, nasal murmur or the leakage of an /s/ into the 3 kHz band
 *   are 16-30 dB under the vowels around them, while an unstressed vowel next
 *   to a stressed one stays within about 15 dB (espeak-ng phoneme timings: of
 *   4895 true nuclei 16 fall below 15 dB and 1 below 18 dB; of 277 false
 *   candidates 68 below 15 dB). +/-0.3 s spans a syllable either side.
 * - Spacing: of two nuclei closer than MIN_SPACING_S the louder one is kept.
 *   60 ms is shorter than any syllable of fast speech (at 9 syllables/s the
 *   mean spacing is 110 ms, a reduced "to" or "the" 50-70 ms), and longer
 *   than the ripple of a single vowel.
 * - Voicing from periodicity (1 - YIN d'), not from the final pitch track: a
 *   local test (any frame within +/-VOICE_WIN frames at or over VOICED_PER)
 *   that stays usable in noise, where a pitch path drops voiced frames.
 * - Search region: every stretch of frames whose intensity (level_db) is
 *   over the silence threshold, at least MIN_RUN_S long, including the short
 *   bursts (a quick "but") that the pause segmentation drops for being under
 *   min_sounding_s.
 * Nuclei of filled pauses are counted here; the analyzer drops those that
 * fall inside a detected filler.
 *
 * Excluded frames (a distraction was playing: analysis.h): no nucleus in
 * them, and none whose prominence is not heard on both sides: walking from
 * the peak towards a masked frame, the envelope must first fall MIN_DIP_DB
 * under it. Otherwise its valley on that side lies in the unknown span, and
 * the peak may be the edge of a vowel that went on under the distraction,
 * one syllable counted twice, or no syllable (a steady filler vowel cut in
 * two by the mask shows a peak in each half). */
#include <math.h>
#include <stdlib.h>
#include "dsp.h"

#define SMOOTH_S 0.01        /* Gaussian sigma of the band-energy smoothing */
#define TOP_BANDS 3          /* bands combined per frame */
#define MIN_DIP_DB 1.5       /* minimum topographic prominence, dB */
#define MIN_SPACING_S 0.06
#define VOICED_PER 0.5       /* periodicity of a voiced frame */
#define VOICE_WIN 2          /* frames either side searched for voicing */
#define MIN_RUN_S 0.05       /* shortest stretch over the threshold searched */
#define LOCAL_RANGE_DB 16.0  /* a nucleus is at most this far under its neighbourhood */
#define LOCAL_WIN_S 0.3      /* half-width of that neighbourhood */
#define MAX_HALF 16          /* longest smoothing half-window, frames */
#define FLOOR_PCT 10.0       /* percentile of a band's energy taken as its noise */
#define OVERSUB 2.0          /* over-subtraction factor (Berouti's alpha) */
#define SPEC_FLOOR 0.316     /* spectral floor, x the noise (-5 dB, Berouti's beta) */
#define MIN_SNR_DB 3.0       /* a nucleus over the envelope of the noise floors */
#define MIN_VOICE_KEEP 0.5   /* lowest factor on VOICED_PER in noise */
#define HIST_LO_DB -130.0    /* level histogram for the percentiles */
#define HIST_STEP_DB 0.25
#define HIST_N 600

typedef struct nucleus {
    size_t frame;
    float db;
} nucleus;

/* prominence of the local maximum at i within frames [a, b] */
static double prominence(const float *c, size_t a, size_t b, size_t i)
{
    float lmin = c[i], rmin = c[i];
    for (size_t j = i; j-- > a;) {
        if (c[j] > c[i]) break;
        if (c[j] < lmin) lmin = c[j];
    }
    for (size_t j = i + 1; j <= b; j++) {
        if (c[j] > c[i]) break;
        if (c[j] < rmin) rmin = c[j];
    }
    return c[i] - fmaxf(lmin, rmin);
}

/* is c[i] within LOCAL_RANGE_DB of the loudest envelope within +/-LOCAL_WIN_S? */
static int within_local_range(const float *c, size_t n, size_t i, double hop_s)
{
    const size_t w = (size_t)(LOCAL_WIN_S / hop_s + 0.5);
    const size_t lo = i > w ? i - w : 0, hi = i + w < n ? i + w : n - 1;
    float mx = c[i];
    for (size_t j = lo; j <= hi; j++)
        if (c[j] > mx) mx = c[j];
    return mx - c[i] <= LOCAL_RANGE_DB;
}

/* the pct-th percentile (0-100) of x[0], x[stride], ... (n values, dB), to
 * HIST_STEP_DB */
static double percentile_db(const float *x, size_t n, size_t stride, double pct)
{
    size_t h[HIST_N] = { 0 };
    for (size_t i = 0; i < n; i++) {
        double v = x[i * stride];
        long k = isfinite(v) ? lround((v - HIST_LO_DB) / HIST_STEP_DB) : 0;
        if (k < 0) k = 0;
        if (k >= HIST_N) k = HIST_N - 1;
        h[k]++;
    }
    const double target = pct / 100.0 * (double)n;
    size_t acc = 0;
    int k = 0;
    for (; k < HIST_N - 1; k++) {
        acc += h[k];
        if (acc > 0 && (double)acc >= target) break;
    }
    return HIST_LO_DB + k * HIST_STEP_DB;
}

/* voiced at or near frame i; noise_db: the level's noise floor */
static int voiced_near(const pd_tracks *t, size_t i, double noise_db)
{
    size_t lo = i > VOICE_WIN ? i - VOICE_WIN : 0;
    for (size_t j = lo; j <= i + VOICE_WIN && j < t->n; j++) {
        double keep = 1.0 - pow(10.0, 0.1 * (noise_db - t->level_db[j]));
        if (keep < MIN_VOICE_KEEP) keep = MIN_VOICE_KEEP;
        if (t->periodicity[j] >= VOICED_PER * keep) return 1;
    }
    return 0;
}

/* the mean of the pairwise geometric means of the TOP_BANDS largest of e[]
 * (reordered) */
static double combine_bands(double e[PD_NSUB])
{
    for (int p = 0; p < TOP_BANDS; p++)
        for (int q = p + 1; q < PD_NSUB; q++)
            if (e[q] > e[p]) { double x = e[p]; e[p] = e[q]; e[q] = x; }
    double s = 0.0;
    int cnt = 0;
    for (int p = 0; p < TOP_BANDS; p++)
        for (int q = p + 1; q < TOP_BANDS; q++) { s += sqrt(e[p] * e[q]); cnt++; }
    return s / cnt;
}

/* The sub-band envelope (dB) into env[n], the bands' noise subtracted;
 * *floor_db: the envelope of the noise floors alone; lin: scratch of
 * n * PD_NSUB. */
static void subband_envelope(const pd_tracks *t, float *env, double *floor_db, double *lin)
{
    const size_t n = t->n;
    const double sigma = SMOOTH_S / t->hop_s;
    int half = (int)ceil(3.0 * sigma);
    if (half > MAX_HALF) half = MAX_HALF;
    double w[2 * MAX_HALF + 1];
    for (int d = -half; d <= half; d++) w[d + half] = exp(-0.5 * d * d / (sigma * sigma));
    for (size_t i = 0; i < n * PD_NSUB; i++) lin[i] = pow(10.0, 0.1 * t->sub_db[i]);
    double nf[PD_NSUB];
    for (int b = 0; b < PD_NSUB; b++) {
        nf[b] = pow(10.0, 0.1 * percentile_db(t->sub_db + b, n, PD_NSUB, FLOOR_PCT));
        for (size_t i = 0; i < n; i++) {
            double *p = &lin[i * PD_NSUB + b];
            *p = fmax(*p - OVERSUB * nf[b], SPEC_FLOOR * nf[b]);
        }
    }
    const double fs = combine_bands(nf);
    *floor_db = fs > 1e-12 ? 10.0 * log10(fs) : -120.0;
    for (size_t i = 0; i < n; i++) {
        double e[PD_NSUB];
        for (int b = 0; b < PD_NSUB; b++) {
            double num = 0.0, den = 0.0;
            for (int d = -half; d <= half; d++) {
                long j = (long)i + d;
                if (j < 0 || (size_t)j >= n) continue;
                num += w[d + half] * lin[(size_t)j * PD_NSUB + b];
                den += w[d + half];
            }
            e[b] = num / den;
        }
        const double s = combine_bands(e);
        env[i] = s > 1e-12 ? (float)(10.0 * log10(s)) : -120.0f;
    }
}

/* the peak at i falls MIN_DIP_DB on both sides within [a, b] before any
 * masked frame: its prominence was heard */
static int heard_both_sides(const float *c, size_t a, size_t b, size_t i, const unsigned char *mask)
{
    if (mask[i]) return 0;
    for (size_t j = i; j-- > a;) {
        if (mask[j]) return 0;
        if (c[i] - c[j] >= MIN_DIP_DB) break;
    }
    for (size_t j = i + 1; j <= b; j++) {
        if (mask[j]) return 0;
        if (c[i] - c[j] >= MIN_DIP_DB) break;
    }
    return 1;
}

pd_status pd_detect_nuclei(const pd_tracks *t, double threshold_db, double **times_out, size_t *n_out)
{
    return pd_detect_nuclei_masked(t, threshold_db, NULL, times_out, n_out);
}

pd_status pd_detect_nuclei_masked(const pd_tracks *t, double threshold_db, const unsigned char *mask,
                                  double **times_out, size_t *n_out)
{
    *times_out = NULL;
    *n_out = 0;
    const size_t n = t->n;
    const float *lv = t->level_db;
    float *c = malloc((n ? n : 1) * sizeof *c);
    double *lin = malloc((n ? n : 1) * PD_NSUB * sizeof *lin);
    nucleus *nu = malloc((n / 2 + 1) * sizeof *nu);   /* local maxima are >= 2 frames apart */
    if (!c || !lin || !nu) { free(c); free(lin); free(nu); return PD_ERR_NOMEM; }
    double env_floor_db;
    subband_envelope(t, c, &env_floor_db, lin);
    free(lin);
    const double lv_noise_db = n ? percentile_db(lv, n, 1, FLOOR_PCT) : -120.0;
    size_t m = 0, i = 0;
    while (i < n) {
        /* next stretch [a, b] over the threshold, widened by one frame each side */
        while (i < n && lv[i] < threshold_db) i++;
        if (i >= n) break;
        size_t a = i;
        while (i + 1 < n && lv[i + 1] >= threshold_db) i++;
        size_t b = i++;
        if ((double)(b - a + 1) * t->hop_s < MIN_RUN_S) continue;
        if (a > 0) a--;
        if (b + 1 < n) b++;
        for (size_t k = a + 1; k < b; k++) {
            if (!(c[k] > c[k - 1] && c[k] >= c[k + 1])) continue;
            if (lv[k] < threshold_db) continue;
            if (prominence(c, a, b, k) < MIN_DIP_DB) continue;
            if (c[k] - env_floor_db < MIN_SNR_DB) continue;
            if (!voiced_near(t, k, lv_noise_db)) continue;
            if (!within_local_range(c, n, k, t->hop_s)) continue;
            if (mask && !heard_both_sides(c, a, b, k, mask)) continue;
            if (m > 0 && (double)(k - nu[m - 1].frame) * t->hop_s < MIN_SPACING_S) {
                if (c[k] > nu[m - 1].db) { nu[m - 1].frame = k; nu[m - 1].db = c[k]; }
                continue;
            }
            nu[m].frame = k;
            nu[m].db = c[k];
            m++;
        }
    }
    free(c);
    double *times = malloc((m ? m : 1) * sizeof *times);
    if (!times) { free(nu); return PD_ERR_NOMEM; }
    for (size_t q = 0; q < m; q++) times[q] = (double)nu[q].frame * t->hop_s;
    free(nu);
    *times_out = times;
    *n_out = m;
    return PD_OK;
}
