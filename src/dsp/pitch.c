/* pitch.c - fundamental frequency by YIN (A. de Cheveigne & H. Kawahara,
 * "YIN, a fundamental frequency estimator for speech and music", JASA 111,
 * 2002), with the difference function from a kissfft cross-correlation or,
 * where that is cheaper (Podium's ~4 kHz pitch rate), the lagged products
 * directly (four lags at a time in SIMD lanes, summed in the scalar order); and a Viterbi path over each frame's candidates with octave-jump
 * and voicing-change costs (as in Boersma 1993 / Praat and pYIN) to remove
 * octave errors, run twice: the second time inside the speaker's own range
 * (De Looze & Hirst 2008). The caller gives a 70 Hz - 1 kHz band at ~4 kHz;
 * the dip position is interpolated on the raw difference function (YIN
 * step 5), which keeps 400 Hz within 0.1 % at that rate. */
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
    float *buf;             /* r(tau), tau_max + 1 (direct) or nfft (FFT) */
    int use_fft;            /* r(tau) by kissfft cross-correlation, else direct */
    int nfft;
    kiss_fftr_cfg fwd, inv;
    float *buf2;            /* nfft */
    kiss_fft_cpx *X, *Y;    /* nfft/2+1 */
    double *d, *raw, *pre;  /* tau_max+1, tau_max+2, len+1 */
};

pd_yin *pd_yin_create(double rate_hz, double f0_min_hz, double f0_max_hz)
{
    return pd_yin_create_method(rate_hz, f0_min_hz, f0_max_hz, -1);
}

pd_yin *pd_yin_create_method(double rate_hz, double f0_min_hz, double f0_max_hz, int use_fft)
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
    y->nfft = pd_fft_size(y->len);
    /* The lagged products cost W * T multiply-adds; the kissfft route three
     * real FFTs of nfft points (~ 3 * 2.5 nfft log2 nfft operations, plus
     * overheads). At Podium's ~4 kHz pitch rate (W = T = 81) the direct sum is
     * cheaper; with a lower floor or a higher rate the FFT wins. */
    if (use_fft < 0)
        use_fft = (double)y->win * y->tau_max > 12.0 * y->nfft * log2((double)y->nfft);
    y->use_fft = use_fft;
    y->buf = malloc(sizeof(float) * (size_t)(y->nfft > y->tau_max + 1 ? y->nfft : y->tau_max + 1));
    if (use_fft) {
        y->fwd = kiss_fftr_alloc(y->nfft, 0, NULL, NULL);
        y->inv = kiss_fftr_alloc(y->nfft, 1, NULL, NULL);
        y->buf2 = malloc(sizeof(float) * (size_t)y->nfft);
        y->X = malloc(sizeof(kiss_fft_cpx) * (size_t)(y->nfft / 2 + 1));
        y->Y = malloc(sizeof(kiss_fft_cpx) * (size_t)(y->nfft / 2 + 1));
        if (!y->fwd || !y->inv || !y->buf2 || !y->X || !y->Y) {
            pd_yin_destroy(y);
            return NULL;
        }
    }
    y->d = malloc(sizeof(double) * (size_t)(y->tau_max + 1));
    y->pre = malloc(sizeof(double) * (size_t)(y->len + 1));
    y->raw = malloc(sizeof(double) * (size_t)(y->tau_max + 2));
    if (!y->buf || !y->d || !y->raw || !y->pre) {
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
    free(y->buf2); free(y->X); free(y->Y);
    free(y->buf); free(y->d); free(y->raw); free(y->pre);
    free(y);
}

size_t pd_yin_frame_len(const pd_yin *y) { return (size_t)y->len; }

/* Parabolic interpolation of the dip at integer lag t: the position from the
 * raw difference function d (YIN step 5; d' is skewed by its running mean),
 * the value from d'. */
static double refine(const double *raw, const double *dp, int t, int tmax, double *val)
{
    *val = dp[t];
    if (t <= 1 || t >= tmax) return t;
    double a = raw[t - 1], b = raw[t], c = raw[t + 1];
    double den = a - 2.0 * b + c;
    if (den <= 0.0) return t;
    double off = 0.5 * (a - c) / den;
    if (off > 0.5) off = 0.5;
    if (off < -0.5) off = -0.5;
    double a2 = dp[t - 1], c2 = dp[t + 1];
    double v = dp[t] - 0.25 * (a2 - c2) * off;
    if (v < *val) *val = v;
    return t + off;
}

/* sum_j x[j] x[j + t], j < W, from the four lanes of partial sums over
 * j < W4 (lane i: j = i mod 4), the tail added to lane 0 */
static inline float lag_sum(const float *x, int t, int W4, int W, pd_v4f s)
{
    float s0 = s[0];
    for (int j = W4; j < W; j++) s0 += x[j] * x[t + j];
    return (s0 + s[1]) + (s[2] + s[3]);
}

void pd_yin_frame(pd_yin *y, const float *x, pd_pitch_cand cands[PD_PITCH_NCAND],
                  float *power_db)
{
    memset(cands, 0, sizeof(pd_pitch_cand) * PD_PITCH_NCAND);
    const int W = y->win, L = y->len, T = y->tau_max;

    /* prefix sums of x^2 for the energy terms */
    y->pre[0] = 0.0;
    for (int i = 0; i < L; i++) y->pre[i + 1] = y->pre[i] + (double)x[i] * x[i];
    double e0 = y->pre[W];
    /* mean square over the middle W samples (centred on the frame time) */
    double mid = (y->pre[(L + W) / 2] - y->pre[(L - W) / 2]) / W;
    *power_db = (float)(10.0 * log10(mid + 1e-12));
    if (e0 < 1e-10 * W) return;   /* digital silence: no candidates */

    if (y->use_fft) {
        /* r(tau) = sum_j x[j] x[j + tau] as IFFT(conj(FFT(x[0..W))) FFT(x)) */
        const int N = y->nfft;
        memset(y->buf, 0, sizeof(float) * (size_t)N);
        memcpy(y->buf, x, sizeof(float) * (size_t)L);
        kiss_fftr(y->fwd, y->buf, y->X);
        memset(y->buf2, 0, sizeof(float) * (size_t)N);
        memcpy(y->buf2, x, sizeof(float) * (size_t)W);
        kiss_fftr(y->fwd, y->buf2, y->Y);
        for (int k = 0; k <= N / 2; k++) {
            float xr = y->X[k].r, xi = y->X[k].i, yr = y->Y[k].r, yi = y->Y[k].i;
            y->X[k].r = yr * xr + yi * xi;
            y->X[k].i = yr * xi - yi * xr;
        }
        kiss_fftri(y->inv, y->X, y->buf);
        const float scale = 1.0f / (float)N;
        for (int t = 1; t <= T; t++) y->buf[t] *= scale;
    } else {
        /* the same sums directly: four partial sums per lag (lane i takes
         * j = i mod 4) and four lags at a time, sixteen independent chains
         * sharing the loads of x[j] */
        const int W4 = W & ~3;
        int t = 1;
        for (; t + 3 <= T; t += 4) {
            pd_v4f s0 = { 0 }, s1 = { 0 }, s2 = { 0 }, s3 = { 0 };
            for (int j = 0; j < W4; j += 4) {
                const pd_v4f a = pd_v4f_load(x + j);
                s0 += a * pd_v4f_load(x + t + j);
                s1 += a * pd_v4f_load(x + t + 1 + j);
                s2 += a * pd_v4f_load(x + t + 2 + j);
                s3 += a * pd_v4f_load(x + t + 3 + j);
            }
            y->buf[t] = lag_sum(x, t, W4, W, s0);
            y->buf[t + 1] = lag_sum(x, t + 1, W4, W, s1);
            y->buf[t + 2] = lag_sum(x, t + 2, W4, W, s2);
            y->buf[t + 3] = lag_sum(x, t + 3, W4, W, s3);
        }
        for (; t <= T; t++) {
            pd_v4f s = { 0 };
            for (int j = 0; j < W4; j += 4) s += pd_v4f_load(x + j) * pd_v4f_load(x + t + j);
            y->buf[t] = lag_sum(x, t, W4, W, s);
        }
    }

    /* cumulative-mean-normalised difference d'(tau) */
    double *dp = y->d;
    dp[0] = 1.0;
    double cum = 0.0;
    for (int t = 1; t <= T; t++) {
        double et = y->pre[t + W] - y->pre[t];
        double d = e0 + et - 2.0 * y->buf[t];
        if (d < 0.0) d = 0.0;
        y->raw[t] = d;
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
        double v, lag = refine(y->raw, dp, t, T, &v);
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
        double v, lag = refine(y->raw, dp, pick, T, &v);
        cands[out].f0_hz = (float)(y->rate / lag);
        cands[out].dprime = (float)v;
        out++;
    }
    for (int i = 0; i < nc && out < PD_PITCH_NCAND; i++) cands[out++] = tmp[i];
}

/* ---- whole-take path ------------------------------------------------------ */
/* Viterbi over each frame's candidates plus an unvoiced state, after Boersma
 * (1993) / Praat's path finder and pYIN (Mauch & Dixon 2014), in d' units:
 *  - a voiced candidate costs its d' plus a small cost per octave below the
 *    highest good candidate of its frame (Praat's "octave cost": in creaky
 *    or period-doubled voice the 2T or 3T lags fit as well as T; the shortest
 *    good lag is YIN's own rule);
 *  - the unvoiced state costs UNVOICED_COST, less a bonus for frames whose
 *    pitch-band level is far under the take's loudest frames (Praat's
 *    "silence threshold" term), so faint periodic background (hum, rumble
 *    between words) stays unvoiced;
 *  - moving between voiced frames costs OCTAVE_JUMP_COST per octave, and
 *    switching voicing costs VOICING_CHANGE_COST.
 * Two passes (De Looze & Hirst 2008; Hirst 2011): the first uses the whole
 * search range; the second adds a cost per octave outside the speaker's own
 * range, 0.75 x q25 .. 2 x q75 of the first pass, which removes most octave
 * jumps to harmonics and to subharmonics. */

/* d' ~ 1 - normalised autocorrelation, so 0.40 sits near Praat's voicing
 * threshold (0.45): YIN's 0.10-0.15 leaves vowel edges and noisy vowels
 * unvoiced, which the syllable and filled-pause stages need voiced. */
#define UNVOICED_COST 0.40
#define LOCAL_OCTAVE_COST 0.03   /* per octave below the frame's highest good candidate */
#define OCTAVE_JUMP_COST 0.60    /* per octave of jump between adjacent voiced frames */
#define VOICING_CHANGE_COST 0.15
#define SILENCE_DB 28.0          /* band level re the take's 0.99 quantile where the unvoiced bonus starts */
#define RANGE_COST 1.0           /* per octave outside the speaker's range (second pass) */
#define RANGE_LO 0.75
#define RANGE_HI 2.0
#define VOICED_COST_CAP 1.0

enum { S = PD_PITCH_NCAND + 1 };   /* state 0 = unvoiced */

typedef struct path_ctx {
    const pd_pitch_cand *cands;
    size_t n;
    double f0_min, f0_max;
    double *local;          /* n x S */
    float *lf;              /* n x PD_PITCH_NCAND: log2 of each candidate's f0 */
    double *cost;           /* 2 x S rolling */
    unsigned char *back;    /* n x S */
} path_ctx;

static int cand_valid(const path_ctx *c, const pd_pitch_cand *p)
{
    /* the search range is a promise to the caller: nothing outside it */
    return p->f0_hz > 0 && p->f0_hz >= c->f0_min && p->f0_hz <= c->f0_max;
}

/* Fills ctx->local for a given speaker range (lo, hi; lo <= 0 for none). */
static void local_costs(path_ctx *c, const float *band_db, double ref_db, double lo, double hi)
{
    const double r0 = pow(10.0, -SILENCE_DB / 20.0);
    for (size_t i = 0; i < c->n; i++) {
        const pd_pitch_cand *p = c->cands + i * PD_PITCH_NCAND;
        double *l = c->local + i * S;
        double ratio = pow(10.0, (band_db[i] - ref_db) / 20.0);
        double bonus = ratio < r0 ? 2.0 * (1.0 - ratio / r0) : 0.0;
        l[0] = UNVOICED_COST - bonus;
        double ftop = 0.0;
        for (int k = 0; k < PD_PITCH_NCAND; k++)
            if (cand_valid(c, &p[k]) && p[k].dprime < UNVOICED_COST && p[k].f0_hz > ftop)
                ftop = p[k].f0_hz;
        for (int k = 0; k < PD_PITCH_NCAND; k++) {
            if (!cand_valid(c, &p[k])) { l[k + 1] = 1e9; continue; }
            double f = p[k].f0_hz;
            double v = fmin(p[k].dprime, VOICED_COST_CAP);
            if (ftop > f) v += LOCAL_OCTAVE_COST * log2(ftop / f);
            if (lo > 0.0) {
                if (f < lo) v += RANGE_COST * log2(lo / f);
                else if (f > hi) v += RANGE_COST * log2(f / hi);
            }
            l[k + 1] = v;
        }
    }
}

static void viterbi(path_ctx *c, float *f0_out, float *per_out)
{
    const size_t n = c->n;
    double *prev = c->cost, *cur = c->cost + S;
    for (int s = 0; s < S; s++) {
        prev[s] = c->local[s] >= 1e8 ? 1e18 : c->local[s];
        c->back[s] = 0;
    }
    for (size_t i = 1; i < n; i++) {
        const float *lf = c->lf + i * PD_PITCH_NCAND, *lq = lf - PD_PITCH_NCAND;
        const double *l = c->local + i * S;
        for (int s = 0; s < S; s++) {
            double best = 1e18; int arg = 0;
            if (l[s] < 1e8) {
                for (int r = 0; r < S; r++) {
                    if (prev[r] >= 1e17) continue;
                    double tr;
                    if (s == 0 && r == 0) tr = 0.0;
                    else if (s == 0 || r == 0) tr = VOICING_CHANGE_COST;
                    else tr = OCTAVE_JUMP_COST * fabs((double)lf[s - 1] - lq[r - 1]);
                    if (prev[r] + tr < best) { best = prev[r] + tr; arg = r; }
                }
                best += l[s];
            }
            cur[s] = best;
            c->back[i * S + s] = (unsigned char)arg;
        }
        double *t = prev; prev = cur; cur = t;
    }
    int s = 0;
    double best = 1e18;
    for (int k = 0; k < S; k++)
        if (prev[k] < best) { best = prev[k]; s = k; }
    for (size_t i = n; i-- > 0;) {
        const pd_pitch_cand *p = c->cands + i * PD_PITCH_NCAND;
        f0_out[i] = s == 0 ? 0.0f : p[s - 1].f0_hz;
        float dp = s == 0 ? (p[0].f0_hz > 0 ? p[0].dprime : 1.0f) : p[s - 1].dprime;
        per_out[i] = dp < 1.0f ? 1.0f - dp : 0.0f;
        s = c->back[i * S + s];
    }
}

void pd_pitch_track(const pd_pitch_cand *cands, const float *band_db, size_t n,
                    double f0_min_hz, double f0_max_hz, float *f0_out, float *periodicity_out)
{
    if (n == 0) return;
    path_ctx c = { cands, n, f0_min_hz, f0_max_hz, NULL, NULL, NULL, NULL };
    c.local = malloc(sizeof(double) * S * n);
    c.lf = malloc(sizeof(float) * PD_PITCH_NCAND * n);
    c.cost = malloc(sizeof(double) * 2 * S);
    c.back = malloc(n * S);
    float *scratch = malloc(sizeof(float) * n);
    if (!c.local || !c.lf || !c.cost || !c.back || !scratch) {
        /* degrade gracefully: the best candidate of each frame */
        for (size_t i = 0; i < n; i++) {
            const pd_pitch_cand *p = cands + i * PD_PITCH_NCAND;
            int ok = p[0].f0_hz > 0 && p[0].dprime < UNVOICED_COST;
            f0_out[i] = ok ? p[0].f0_hz : 0.0f;
            periodicity_out[i] = p[0].f0_hz > 0 ? 1.0f - p[0].dprime : 0.0f;
        }
        goto done;
    }
    double ref_db = pd_quantile(band_db, n, 0.99, scratch);
    for (size_t i = 0; i < n * PD_PITCH_NCAND; i++)
        c.lf[i] = cands[i].f0_hz > 0 ? log2f(cands[i].f0_hz) : 0.0f;

    local_costs(&c, band_db, ref_db, 0.0, 0.0);
    viterbi(&c, f0_out, periodicity_out);

    /* second pass inside the speaker's range */
    size_t nv = 0;
    for (size_t i = 0; i < n; i++)
        if (f0_out[i] > 0) scratch[nv++] = f0_out[i];
    if (nv >= 20 && RANGE_COST > 0) {
        float *q = malloc(sizeof(float) * nv);
        if (q) {
            double q25 = pd_quantile(scratch, nv, 0.25, q);
            double q75 = pd_quantile(scratch, nv, 0.75, q);
            free(q);
            local_costs(&c, band_db, ref_db, RANGE_LO * q25, RANGE_HI * q75);
            viterbi(&c, f0_out, periodicity_out);
        }
    }
done:
    free(c.local);
    free(c.lf);
    free(c.cost);
    free(c.back);
    free(scratch);
}
