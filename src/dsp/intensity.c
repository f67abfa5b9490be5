/* intensity.c - intensity contour in the manner of Praat's To Intensity
 * (Boersma & Weenink, Praat manual: Sound: To Intensity...). Praat weights
 * the squared signal with a Kaiser-20 window of physical length 6.4/minpitch;
 * near its centre a Kaiser window with beta = 20 is a Gaussian with
 * sigma = L / (2 sqrt(beta)), which is what is used here, on 1 ms blocks. */
#include <math.h>
#include <stdlib.h>
#include <kiss_fftr.h>
#include "dsp.h"

void pd_intensity_win_init(pd_intensity_win *w, double window_s)
{
    const double sigma_ms = window_s * 1000.0 / (2.0 * sqrt(20.0));
    const long half = (long)ceil(window_s * 1000.0 / 2.0);
    w->span = half > PD_INTENSITY_MAX_SPAN ? PD_INTENSITY_MAX_SPAN : half;
    for (long d = -w->span; d <= w->span; d++)
        w->w[d + w->span] = exp(-0.5 * (double)(d * d) / (sigma_ms * sigma_ms));
}

float pd_intensity_at(const pd_intensity_win *w, const float *ring, size_t mask,
                      long long n_blocks, long long centre)
{
    double num = 0.0, den = 0.0;
    for (long d = -w->span; d <= w->span; d++) {
        /* block j covers [j, j+1) ms; its centre is j + 0.5 ms */
        long long j = centre + d;
        double wt = w->w[d + w->span];
        if (j >= 0 && j < n_blocks)
            num += wt * ring[(size_t)j & mask];
        den += wt;             /* outside the take counts as silence */
    }
    double ms = den > 0.0 ? num / den : 0.0;
    return ms > 1e-12 ? (float)(10.0 * log10(ms)) : -120.0f;
}

/* ---- sub-band energies ------------------------------------------------------
 * Energy of PD_NSUB bands between 300 and 3400 Hz per frame, from one FFT of a
 * Hann-windowed frame: the band envelopes of Wang & Narayanan (2007) for the
 * syllable nuclei (syllables.c). Band edges are spaced about evenly on the
 * Bark scale, so each band holds a vowel formant region of its own. */
static const double sub_edges_hz[PD_NSUB + 1] = { 300, 550, 850, 1250, 1800, 2500, 3400 };

struct pd_subbands {
    int len, nfft;
    kiss_fftr_cfg fwd;
    float *win, *buf;
    kiss_fft_cpx *X;
    int lo[PD_NSUB], hi[PD_NSUB];   /* FFT bins [lo, hi) of each band */
};

pd_subbands *pd_subbands_create(double rate_hz, double window_s)
{
    pd_subbands *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->len = (int)lround(window_s * rate_hz);
    s->nfft = 64;
    while (s->nfft < s->len) s->nfft *= 2;
    s->fwd = kiss_fftr_alloc(s->nfft, 0, NULL, NULL);
    s->win = malloc(sizeof(float) * (size_t)s->len);
    s->buf = calloc((size_t)s->nfft, sizeof(float));
    s->X = malloc(sizeof(kiss_fft_cpx) * (size_t)(s->nfft / 2 + 1));
    if (!s->fwd || !s->win || !s->buf || !s->X) {
        pd_subbands_destroy(s);
        return NULL;
    }
    for (int i = 0; i < s->len; i++)
        s->win[i] = (float)(0.5 - 0.5 * cos(2.0 * M_PI * (i + 0.5) / s->len));
    const double binhz = rate_hz / s->nfft;
    for (int b = 0; b < PD_NSUB; b++) {
        s->lo[b] = (int)lround(sub_edges_hz[b] / binhz);
        s->hi[b] = (int)lround(sub_edges_hz[b + 1] / binhz);
        if (s->hi[b] > s->nfft / 2) s->hi[b] = s->nfft / 2;
        if (s->lo[b] >= s->hi[b]) s->lo[b] = s->hi[b] - 1;
    }
    return s;
}

void pd_subbands_destroy(pd_subbands *s)
{
    if (!s) return;
    kiss_fftr_free(s->fwd);
    free(s->win); free(s->buf); free(s->X);
    free(s);
}

size_t pd_subbands_frame_len(const pd_subbands *s) { return (size_t)s->len; }

void pd_subbands_frame(pd_subbands *s, const float *x, float out_db[PD_NSUB])
{
    for (int i = 0; i < s->len; i++) s->buf[i] = x[i] * s->win[i];
    kiss_fftr(s->fwd, s->buf, s->X);
    const double norm = 2.0 / ((double)s->len * s->len * 0.375);  /* Hann power gain */
    for (int b = 0; b < PD_NSUB; b++) {
        double e = 0.0;
        for (int k = s->lo[b]; k < s->hi[b]; k++)
            e += (double)s->X[k].r * s->X[k].r + (double)s->X[k].i * s->X[k].i;
        e *= norm;
        out_db[b] = e > 1e-12 ? (float)(10.0 * log10(e)) : -120.0f;
    }
}
