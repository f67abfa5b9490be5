/* spectrum.c - per-frame spectral shape: the first three formant
 * frequencies (for the filled-pause detector).
 *
 * Formants: selective linear prediction (Makhoul 1975, Proc. IEEE 63:561):
 * the autocorrelation of the 0-3.4 kHz band is taken from the power
 * spectrum (one FFT of a 25 ms Hann window), so every work rate (8-16 kHz)
 * and every channel is modelled alike. 3.4 kHz is the top of the telephone
 * band (ITU-T G.712: 300-3400 Hz), which holds F1-F3 of adult voices
 * (Peterson & Barney 1952: F3 <= 3310 Hz for women). Fitted over 0-4 kHz,
 * a recording with nothing above 3.4 kHz (a phone, a VoIP call, a
 * low-passed podcast) left the pole that modelled F4 free to split the
 * F1-F2 region: an extra peak at ~1.1 kHz took the F2 slot (on the
 * corpus through sox's sinc 300-3400 the take's median F2 fell from 12.1
 * to 9.4 Bark) and five read vowels passed for filled pauses. The power
 * of two successive frames is summed (35 ms of signal, close to Praat's
 * effective formant window: one
 * 25 ms frame holds only two periods of a low voice, and its LPC fit
 * swings with where the glottal pulses fall); pre-emphasis from 50 Hz as in
 * Praat's formant analysis, a 60 Hz Gaussian lag window (which widens
 * needle-sharp poles fitted to single harmonics); order 8 (4
 * pole pairs in 3.4 kHz: F1-F3 and the source's spectral tilt; Markel &
 * Gray's rate/1000 + 2 for an effective rate of 6.8 kHz); Levinson-Durbin. The
 * formants are picked on the LPC envelope (128 points), not from polynomial
 * roots: cheaper (about 0.5 us a frame, the sums in SIMD lanes) and never a
 * pole that shapes no part of the spectrum. They describe the frame 5 ms before its centre. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <kiss_fftr.h>
#include "dsp.h"

#define WIN_S 0.025
#define LPC_ORDER 8
#define LPC_TOP_HZ 3400.0
#define MIN_FORMANT_HZ 150.0
#define ENV_N 128              /* LPC envelope points over 0..LPC_TOP_HZ (~27 Hz apart); a multiple of 16 */

struct pd_spectrum {
    double rate;
    int len, nfft;
    kiss_fftr_cfg fwd;
    float *win, *buf;
    kiss_fft_cpx *X;
    /* selective LPC */
    int lpc_k;                          /* bins 0..lpc_k span 0..LPC_TOP_HZ */
    int lpc_kp;                         /* lpc_k + 1 rounded up to a multiple of 4 */
    double lpc_fs;                      /* effective rate, 2 * lpc_k * bin width */
    float *lpc_cos;                     /* (LPC_ORDER+1) * (lpc_k+1) */
    float *preemph;                     /* lpc_k+1 power weights */
    double lag_win[LPC_ORDER + 1];
    float *prev_pow;                    /* previous frame's weighted power, lpc_k+1 */
    float *pw;                          /* two frames' power, lpc_k+1 */
    float env_cos[LPC_ORDER * ENV_N];   /* cos(m w_k), m = 1..LPC_ORDER */
};

pd_spectrum *pd_spectrum_create(double rate_hz)
{
    pd_spectrum *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->rate = rate_hz;
    s->len = (int)lround(WIN_S * rate_hz);
    s->nfft = pd_fft_size(s->len);
    s->fwd = kiss_fftr_alloc(s->nfft, 0, NULL, NULL);
    s->win = malloc(sizeof(float) * (size_t)s->len);
    s->buf = calloc((size_t)s->nfft, sizeof(float));
    s->X = malloc(sizeof(kiss_fft_cpx) * (size_t)(s->nfft / 2 + 1));
    if (!s->fwd || !s->win || !s->buf || !s->X) {
        pd_spectrum_destroy(s);
        return NULL;
    }
    for (int i = 0; i < s->len; i++)
        s->win[i] = (float)(0.5 - 0.5 * cos(2.0 * M_PI * (i + 0.5) / s->len));
    double binhz = rate_hz / s->nfft;
    /* selective LPC over 0..min(LPC_TOP_HZ, Nyquist) */
    s->lpc_k = (int)floor(fmin(LPC_TOP_HZ, 0.5 * rate_hz) / binhz);
    if (s->lpc_k > s->nfft / 2) s->lpc_k = s->nfft / 2;
    s->lpc_fs = 2.0 * s->lpc_k * binhz;
    s->lpc_kp = (s->lpc_k + 1 + 3) / 4 * 4;
    s->lpc_cos = calloc((size_t)(LPC_ORDER + 1) * (size_t)s->lpc_kp, sizeof(float));
    s->preemph = malloc(sizeof(float) * (size_t)(s->lpc_k + 1));
    s->prev_pow = calloc((size_t)(s->lpc_k + 1), sizeof(float));
    s->pw = calloc((size_t)s->lpc_kp, sizeof(float));
    if (!s->lpc_cos || !s->preemph || !s->prev_pow || !s->pw) {
        pd_spectrum_destroy(s);
        return NULL;
    }
    const double pa = exp(-2.0 * M_PI * 50.0 / rate_hz);
    for (int k = 0; k <= s->lpc_k; k++) {
        double w = 2.0 * M_PI * k / s->nfft;
        s->preemph[k] = (float)(1.0 + pa * pa - 2.0 * pa * cos(w));
        double edge = (k == 0 || k == s->lpc_k) ? 1.0 : 2.0;   /* bins mirrored around 0 and top */
        for (int m = 0; m <= LPC_ORDER; m++)
            s->lpc_cos[m * s->lpc_kp + k] = (float)(edge * cos(M_PI * m * k / s->lpc_k));
    }
    for (int m = 0; m <= LPC_ORDER; m++) {
        double x = 2.0 * M_PI * 60.0 * m / s->lpc_fs;
        s->lag_win[m] = exp(-0.5 * x * x);
    }
    for (int m = 1; m <= LPC_ORDER; m++)
        for (int k = 0; k < ENV_N; k++)
            s->env_cos[(m - 1) * ENV_N + k] = (float)cos(M_PI * m * k / (ENV_N - 1));
    return s;
}

void pd_spectrum_destroy(pd_spectrum *s)
{
    if (!s) return;
    kiss_fftr_free(s->fwd);
    free(s->win); free(s->buf); free(s->X);
    free(s->lpc_cos); free(s->preemph); free(s->prev_pow); free(s->pw);
    free(s);
}

size_t pd_spectrum_frame_len(const pd_spectrum *s) { return (size_t)s->len; }

/* Formants from the power spectrum X (see the header comment). */
static void formants(pd_spectrum *s, float out[PD_NFORMANT])
{
    for (int i = 0; i < PD_NFORMANT; i++) out[i] = 0.0f;
    const int K = s->lpc_k, KP = s->lpc_kp;
    for (int k = 0; k <= K; k++) {
        float p = (s->X[k].r * s->X[k].r + s->X[k].i * s->X[k].i) * s->preemph[k];
        s->pw[k] = p + s->prev_pow[k];      /* two frames: 35 ms of signal */
        s->prev_pow[k] = p;
    }
    /* r[m] = sum_k pw[k] cos(pi m k / K): four partial sums per lag (lane i
     * takes k = i mod 4; KP is a multiple of 4, zero-padded), every lag at
     * once so the eleven chains run side by side on shared loads of pw */
    double r[LPC_ORDER + 1];
    {
        pd_v4f acc[LPC_ORDER + 1];
        for (int m = 0; m <= LPC_ORDER; m++) acc[m] = (pd_v4f){ 0 };
        for (int k = 0; k < KP; k += 4) {
            const pd_v4f p = pd_v4f_load(s->pw + k);
#pragma GCC unroll 11   /* constant indices: the accumulators stay in registers */
            for (int m = 0; m <= LPC_ORDER; m++) acc[m] += p * pd_v4f_load(s->lpc_cos + m * KP + k);
        }
        for (int m = 0; m <= LPC_ORDER; m++)
            r[m] = (double)((acc[m][0] + acc[m][1]) + (acc[m][2] + acc[m][3])) * s->lag_win[m];
    }
    if (!(r[0] > 1e-20)) return;
    r[0] *= 1.0 + 1e-6;
    /* Levinson-Durbin */
    double a[LPC_ORDER + 1] = { 1.0 }, tmp[LPC_ORDER + 1], err = r[0];
    for (int i = 1; i <= LPC_ORDER; i++) {
        double acc = r[i];
        for (int j = 1; j < i; j++) acc += a[j] * r[i - j];
        double kr = -acc / err;
        memcpy(tmp, a, sizeof a);
        for (int j = 1; j < i; j++) a[j] = tmp[j] + kr * tmp[i - j];
        a[i] = kr;
        err *= 1.0 - kr * kr;
        if (err <= 0.0) return;
    }
    /* |A(w)|^2 = c0 + 2 sum c_m cos(m w), c_m the autocorrelation of a;
     * g[1..ENV_N] holds it at w = pi k / (ENV_N - 1), k = 0..ENV_N-1, with
     * mirrored guards g[0] and g[ENV_N + 1] (|A|^2 is even around 0 and pi) */
    float g[ENV_N + 2], q[ENV_N + 2];
    {
        double c0 = 0.0;
        for (int j = 0; j <= LPC_ORDER; j++) c0 += a[j] * a[j];
        float c2[LPC_ORDER];
        for (int m = 1; m <= LPC_ORDER; m++) {
            double cm = 0.0;
            for (int j = 0; j + m <= LPC_ORDER; j++) cm += a[j] * a[j + m];
            c2[m - 1] = (float)(2.0 * cm);
        }
        /* g[k+1] = c0 + c2[0] cos(w_k) + ... in that order, sixteen points at
         * a time held in registers across the ten terms (ENV_N: multiple of 16) */
        const float f0 = (float)c0;
        for (int k = 0; k < ENV_N; k += 16) {
            pd_v4f v0 = { f0, f0, f0, f0 }, v1 = v0, v2 = v0, v3 = v0;
            const float *c = s->env_cos + k;
#pragma GCC unroll 10
            for (int m = 0; m < LPC_ORDER; m++, c += ENV_N) {
                v0 += c2[m] * pd_v4f_load(c);
                v1 += c2[m] * pd_v4f_load(c + 4);
                v2 += c2[m] * pd_v4f_load(c + 8);
                v3 += c2[m] * pd_v4f_load(c + 12);
            }
            pd_v4f_store(g + k + 1, v0);
            pd_v4f_store(g + k + 5, v1);
            pd_v4f_store(g + k + 9, v2);
            pd_v4f_store(g + k + 13, v3);
        }
        g[0] = g[2];
        g[ENV_N + 1] = g[ENV_N - 1];
    }
    /* The formants are the points of strongest downward curvature of the
     * log envelope (minima of its second difference), i.e. the peaks and
     * also the "shoulders" where a weak formant makes no peak of its own
     * (negative-second-derivative picking, Christensen, Strong & Palmer
     * 1976, IEEE Trans. ASSP 24:12). With the envelope 1/g, the second
     * difference of its log is log q, q = g[k]^2 / (g[k-1] g[k+1]): minima
     * and signs are found on q, and only the picked points need a log. */
    for (int k = 1; k <= ENV_N; k++) q[k] = g[k] * g[k] / (g[k - 1] * g[k + 1] + 1e-30f);
    const double hz_per_bin = 0.5 * s->lpc_fs / (ENV_N - 1);
    int found = 0;
    for (int k = 2; k < ENV_N && found < PD_NFORMANT; k++) {
        if (!(q[k] < 1.0f && q[k] < q[k - 1] && q[k] <= q[k + 1])) continue;
        double l2 = log(q[k - 1]), l1 = log(q[k]), l0 = log(q[k + 1]);
        double dd = l2 - 2.0 * l1 + l0;
        double dk = dd > 0.0 ? 0.5 * (l2 - l0) / dd : 0.0;
        double f = (k - 1 + dk) * hz_per_bin;
        if (f >= MIN_FORMANT_HZ && f <= 0.5 * s->lpc_fs - 100.0) out[found++] = (float)f;
    }
}

void pd_spectrum_frame(pd_spectrum *s, const float *x, float formant_hz[PD_NFORMANT])
{
    for (int i = 0; i < s->len; i++) s->buf[i] = x[i] * s->win[i];
    kiss_fftr(s->fwd, s->buf, s->X);
    formants(s, formant_hz);
}
