/* pitch.c - fundamental frequency by YIN (A. de Cheveigne & H. Kawahara,
 * "YIN, a fundamental frequency estimator for speech and music", JASA 111,
 * 2002), with the difference function computed from an FFT cross-correlation
 * (kissfft), and a Viterbi path over each frame's candidates with octave-jump
 * and voicing-change costs (as in Boersma 1993 / Praat and pYIN) to remove
 * octave errors. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <kiss_fftr.h>
#include "dsp.h"

#define YIN_THRESHOLD 0.15f

struct pd_yin {
    double rate;
    int tau_min, tau_max;   /* lag search range, samples */
    int win;                /* integration window W, samples */
    int len;                /* frame length W + tau_max + 1 */
    int nfft;
    kiss_fftr_cfg fwd, inv;
    float *buf, *buf2;      /* nfft */
    kiss_fft_cpx *X, *Y;    /* nfft/2+1 */
    double *d, *pre;        /* tau_max+1, len+1 */
};

static int nice_size(int n)
{
    for (int m = n + (n & 1);; m += 2) {
        int r = m;
        while (r % 2 == 0) r /= 2;
        while (r % 3 == 0) r /= 3;
        while (r % 5 == 0) r /= 5;
        if (r == 1) return m;
    }
}

pd_yin *pd_yin_create(double rate_hz, double f0_min_hz, double f0_max_hz)
{
    if (rate_hz <= 0 || f0_min_hz <= 0 || f0_max_hz <= f0_min_hz) return NULL;
    pd_yin *y = calloc(1, sizeof *y);
    if (!y) return NULL;
    y->rate = rate_hz;
    y->tau_min = (int)floor(rate_hz / f0_max_hz);
    if (y->tau_min < 2) y->tau_min = 2;
    y->tau_max = (int)ceil(rate_hz / f0_min_hz) + 1;
    y->win = y->tau_max;
    y->len = y->win + y->tau_max + 1;
    y->nfft = nice_size(y->len);
    y->fwd = kiss_fftr_alloc(y->nfft, 0, NULL, NULL);
    y->inv = kiss_fftr_alloc(y->nfft, 1, NULL, NULL);
    y->buf = malloc(sizeof(float) * (size_t)y->nfft);
    y->buf2 = malloc(sizeof(float) * (size_t)y->nfft);
    y->X = malloc(sizeof(kiss_fft_cpx) * (size_t)(y->nfft / 2 + 1));
    y->Y = malloc(sizeof(kiss_fft_cpx) * (size_t)(y->nfft / 2 + 1));
    y->d = malloc(sizeof(double) * (size_t)(y->tau_max + 1));
    y->pre = malloc(sizeof(double) * (size_t)(y->len + 1));
    if (!y->fwd || !y->inv || !y->buf || !y->buf2 || !y->X || !y->Y || !y->d || !y->pre) {
        pd_yin_destroy(y);
        return NULL;
    }
    return y;
}

void pd_yin_destroy(pd_yin *y)
{
    if (!y) return;
    kiss_fftr_free(y->fwd);
    kiss_fftr_free(y->inv);
    free(y->buf); free(y->buf2); free(y->X); free(y->Y); free(y->d); free(y->pre);
    free(y);
}

size_t pd_yin_frame_len(const pd_yin *y) { return (size_t)y->len; }

/* Parabolic interpolation of the dip at integer lag t. */
static double refine(const double *dp, int t, int tmax, double *val)
{
    if (t <= 1 || t >= tmax) { *val = dp[t]; return t; }
    double a = dp[t - 1], b = dp[t], c = dp[t + 1];
    double den = a - 2.0 * b + c;
    if (den <= 0.0) { *val = b; return t; }
    double off = 0.5 * (a - c) / den;
    if (off > 0.5) off = 0.5;
    if (off < -0.5) off = -0.5;
    *val = b - 0.25 * (a - c) * off;
    return t + off;
}

void pd_yin_frame(pd_yin *y, const float *x, pd_pitch_cand cands[PD_PITCH_NCAND])
{
    memset(cands, 0, sizeof(pd_pitch_cand) * PD_PITCH_NCAND);
    const int W = y->win, L = y->len, N = y->nfft, T = y->tau_max;

    /* prefix sums of x^2 for the energy terms */
    y->pre[0] = 0.0;
    for (int i = 0; i < L; i++) y->pre[i + 1] = y->pre[i] + (double)x[i] * x[i];
    double e0 = y->pre[W];
    if (e0 < 1e-10 * W) return;   /* digital silence: no candidates */

    memset(y->buf, 0, sizeof(float) * (size_t)N);
    memcpy(y->buf, x, sizeof(float) * (size_t)L);
    kiss_fftr(y->fwd, y->buf, y->X);
    memset(y->buf2, 0, sizeof(float) * (size_t)N);
    memcpy(y->buf2, x, sizeof(float) * (size_t)W);
    kiss_fftr(y->fwd, y->buf2, y->Y);
    for (int k = 0; k <= N / 2; k++) {
        /* conj(Y) * X: r(tau) = sum_j x[j] x[j + tau] */
        float xr = y->X[k].r, xi = y->X[k].i, yr = y->Y[k].r, yi = y->Y[k].i;
        y->X[k].r = yr * xr + yi * xi;
        y->X[k].i = yr * xi - yi * xr;
    }
    kiss_fftri(y->inv, y->X, y->buf);
    const double scale = 1.0 / N;

    /* cumulative-mean-normalised difference d'(tau) */
    double *dp = y->d;
    dp[0] = 1.0;
    double cum = 0.0;
    for (int t = 1; t <= T; t++) {
        double et = y->pre[t + W] - y->pre[t];
        double d = e0 + et - 2.0 * y->buf[t] * scale;
        if (d < 0.0) d = 0.0;
        cum += d;
        dp[t] = cum > 0.0 ? d * t / cum : 1.0;
    }

    /* YIN pick: first lag under the absolute threshold, then down to its dip */
    int pick = -1;
    for (int t = y->tau_min; t < T; t++) {
        if (dp[t] < YIN_THRESHOLD) {
            while (t + 1 < T && dp[t + 1] < dp[t]) t++;
            pick = t;
            break;
        }
    }
    /* local minima, best (lowest) first */
    int nc = 0;
    pd_pitch_cand tmp[PD_PITCH_NCAND];
    for (int t = y->tau_min; t < T; t++) {
        if (t == pick) continue;
        if (!(dp[t] <= dp[t - 1] && dp[t] < dp[t + 1])) continue;
        double v, lag = refine(dp, t, T, &v);
        pd_pitch_cand c = { (float)(y->rate / lag), (float)v };
        int pos = nc < PD_PITCH_NCAND ? nc : PD_PITCH_NCAND;
        while (pos > 0 && tmp[pos - 1].dprime > c.dprime) {
            if (pos < PD_PITCH_NCAND) tmp[pos] = tmp[pos - 1];
            pos--;
        }
        if (pos < PD_PITCH_NCAND) {
            tmp[pos] = c;
            if (nc < PD_PITCH_NCAND) nc++;
        }
    }
    int out = 0;
    if (pick > 0) {
        double v, lag = refine(dp, pick, T, &v);
        cands[out].f0_hz = (float)(y->rate / lag);
        cands[out].dprime = (float)v;
        out++;
    }
    for (int i = 0; i < nc && out < PD_PITCH_NCAND; i++) cands[out++] = tmp[i];
}

/* ---- whole-take path ------------------------------------------------------ */

#define VOICED_COST_CAP 1.0
#define UNVOICED_COST 0.30     /* a frame is voiced when its best d' is clearly under this */
#define OCTAVE_COST 0.60       /* per octave of jump between adjacent voiced frames */
#define VOICING_CHANGE_COST 0.15
#define SILENCE_BELOW_DB 40.0  /* frames this far under the loudest are unvoiced */

void pd_pitch_track(const pd_pitch_cand *cands, const float *level_db, size_t n,
                    double f0_min_hz, double f0_max_hz, float *f0_out, float *periodicity_out)
{
    enum { S = PD_PITCH_NCAND + 1 };   /* state 0 = unvoiced */
    if (n == 0) return;
    float maxdb = -1e30f;
    for (size_t i = 0; i < n; i++) if (level_db[i] > maxdb) maxdb = level_db[i];

    double *cost = malloc(sizeof(double) * S * n);
    unsigned char *back = malloc(n * S);
    if (!cost || !back) {
        /* degrade gracefully: take the best candidate per frame */
        for (size_t i = 0; i < n; i++) {
            const pd_pitch_cand *c = cands + i * PD_PITCH_NCAND;
            int ok = c[0].f0_hz > 0 && c[0].dprime < UNVOICED_COST;
            f0_out[i] = ok ? c[0].f0_hz : 0.0f;
            periodicity_out[i] = c[0].f0_hz > 0 ? 1.0f - c[0].dprime : 0.0f;
        }
        free(cost); free(back);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const pd_pitch_cand *c = cands + i * PD_PITCH_NCAND;
        int silent = level_db[i] < maxdb - SILENCE_BELOW_DB;
        double local[S];
        local[0] = silent ? 0.0 : UNVOICED_COST;
        for (int k = 0; k < PD_PITCH_NCAND; k++) {
            int valid = c[k].f0_hz >= f0_min_hz * 0.97 && c[k].f0_hz <= f0_max_hz * 1.03;
            local[k + 1] = (!valid || silent) ? 1e9 : fmin(c[k].dprime, VOICED_COST_CAP);
        }
        for (int s = 0; s < S; s++) {
            double best = 1e18; int arg = 0;
            if (i == 0) {
                best = 0.0;
            } else {
                const pd_pitch_cand *p = cands + (i - 1) * PD_PITCH_NCAND;
                for (int r = 0; r < S; r++) {
                    double prev = cost[(i - 1) * S + r];
                    if (prev >= 1e17) continue;
                    double tr;
                    if (s == 0 && r == 0) tr = 0.0;
                    else if (s == 0 || r == 0) tr = VOICING_CHANGE_COST;
                    else tr = OCTAVE_COST * fabs(log2((double)c[s - 1].f0_hz / p[r - 1].f0_hz));
                    if (prev + tr < best) { best = prev + tr; arg = r; }
                }
            }
            cost[i * S + s] = local[s] >= 1e8 ? 1e18 : best + local[s];
            back[i * S + s] = (unsigned char)arg;
        }
    }
    int s = 0;
    double best = 1e18;
    for (int k = 0; k < S; k++)
        if (cost[(n - 1) * S + k] < best) { best = cost[(n - 1) * S + k]; s = k; }
    for (size_t i = n; i-- > 0;) {
        const pd_pitch_cand *c = cands + i * PD_PITCH_NCAND;
        f0_out[i] = s == 0 ? 0.0f : c[s - 1].f0_hz;
        float dp = s == 0 ? (c[0].f0_hz > 0 ? c[0].dprime : 1.0f) : c[s - 1].dprime;
        periodicity_out[i] = dp < 1.0f ? 1.0f - dp : 0.0f;
        s = back[i * S + s];
    }
    free(cost);
    free(back);
}
