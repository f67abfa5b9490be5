/* spectrum.c - per-frame spectral shape: the energy of the 300-2500 Hz band
 * (where vowel formants carry most energy; a sonority measure) and a mel
 * cepstrum (c1..c8, as in MFCCs: Davis & Mermelstein 1980) that describes
 * the spectral envelope, whose frame-to-frame stability marks steady vowels
 * such as a filled "uh". */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <kiss_fftr.h>
#include "dsp.h"

#define NBANDS 18
#define WIN_S 0.025

struct pd_spectrum {
    double rate;
    int len, nfft;
    kiss_fftr_cfg fwd;
    float *win, *buf;
    kiss_fft_cpx *X;
    int band_lo[NBANDS], band_hi[NBANDS];   /* FFT bin ranges, triangular weights */
    int band_c[NBANDS];
    int son_lo, son_hi;
    double dct[PD_NCEP][NBANDS];
};

static int even_nice(int n)
{
    for (int m = n + (n & 1);; m += 2) {
        int r = m;
        while (r % 2 == 0) r /= 2;
        while (r % 3 == 0) r /= 3;
        while (r % 5 == 0) r /= 5;
        if (r == 1) return m;
    }
}

static double mel(double hz) { return 2595.0 * log10(1.0 + hz / 700.0); }
static double imel(double m) { return 700.0 * (pow(10.0, m / 2595.0) - 1.0); }

pd_spectrum *pd_spectrum_create(double rate_hz)
{
    pd_spectrum *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->rate = rate_hz;
    s->len = (int)lround(WIN_S * rate_hz);
    s->nfft = even_nice(s->len);
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
    double top = fmin(3800.0, 0.475 * rate_hz);
    double m0 = mel(100.0), m1 = mel(top);
    for (int b = 0; b < NBANDS; b++) {
        double lo = imel(m0 + (m1 - m0) * b / (NBANDS + 1));
        double c = imel(m0 + (m1 - m0) * (b + 1) / (NBANDS + 1));
        double hi = imel(m0 + (m1 - m0) * (b + 2) / (NBANDS + 1));
        s->band_lo[b] = (int)floor(lo / binhz);
        s->band_c[b] = (int)lround(c / binhz);
        s->band_hi[b] = (int)ceil(hi / binhz);
        if (s->band_c[b] <= s->band_lo[b]) s->band_c[b] = s->band_lo[b] + 1;
        if (s->band_hi[b] <= s->band_c[b]) s->band_hi[b] = s->band_c[b] + 1;
        if (s->band_hi[b] > s->nfft / 2) s->band_hi[b] = s->nfft / 2;
    }
    s->son_lo = (int)lround(300.0 / binhz);
    s->son_hi = (int)lround(fmin(2500.0, 0.475 * rate_hz) / binhz);
    for (int k = 0; k < PD_NCEP; k++)
        for (int b = 0; b < NBANDS; b++)
            s->dct[k][b] = cos(M_PI * (k + 1) * (b + 0.5) / NBANDS) * sqrt(2.0 / NBANDS);
    return s;
}

void pd_spectrum_destroy(pd_spectrum *s)
{
    if (!s) return;
    kiss_fftr_free(s->fwd);
    free(s->win); free(s->buf); free(s->X);
    free(s);
}

size_t pd_spectrum_frame_len(const pd_spectrum *s) { return (size_t)s->len; }

void pd_spectrum_frame(pd_spectrum *s, const float *x, float *sonor_db, float cep[PD_NCEP])
{
    for (int i = 0; i < s->len; i++) s->buf[i] = x[i] * s->win[i];
    kiss_fftr(s->fwd, s->buf, s->X);
    const double norm = 1.0 / ((double)s->len * s->len);
    double son = 0.0;
    for (int k = s->son_lo; k <= s->son_hi; k++)
        son += (double)s->X[k].r * s->X[k].r + (double)s->X[k].i * s->X[k].i;
    *sonor_db = (float)(10.0 * log10(son * norm + 1e-12));
    double logb[NBANDS];
    for (int b = 0; b < NBANDS; b++) {
        double e = 0.0;
        int lo = s->band_lo[b], c = s->band_c[b], hi = s->band_hi[b];
        for (int k = lo; k < hi; k++) {
            double p = (double)s->X[k].r * s->X[k].r + (double)s->X[k].i * s->X[k].i;
            double w = k < c ? (double)(k - lo) / (c - lo) : (double)(hi - k) / (hi - c);
            e += w * p;
        }
        logb[b] = 10.0 * log10(e * norm + 1e-12);
    }
    for (int k = 0; k < PD_NCEP; k++) {
        double acc = 0.0;
        for (int b = 0; b < NBANDS; b++) acc += s->dct[k][b] * logb[b];
        cep[k] = (float)acc;
    }
}
