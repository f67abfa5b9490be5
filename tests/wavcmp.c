/* wavcmp.c - how a recording lines up with its source (a test tool).
 *
 * Usage: wavcmp SOURCE RECORDING
 * Prints one line of key=value pairs:
 *   lag       frames by which the source starts later in the recording
 *             (the peak of the FFT cross-correlation of the first channels)
 *   corr      normalised correlation at that lag over the overlap
 *   overlap   frames compared
 *   maxdiff   largest sample difference over the overlap, in 16-bit steps
 *   equal     fraction of the overlap's samples equal within 1 step
 * Exit 0, or 1 when a file cannot be read. */
#include <kiss_fftr.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "podium/audio_file.h"

static float *first_channel(float *x, size_t frames, int ch)
{
    for (size_t i = 0; i < frames; i++) x[i] = x[i * (size_t)ch];
    return x;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: wavcmp SOURCE RECORDING\n");
        return 2;
    }
    float *a, *b;
    size_t na, nb;
    int ra, rb, ca, cb;
    char err[400];
    if (pd_read_file(argv[1], &a, &na, &ra, &ca, err, sizeof err) != 0 ||
        pd_read_file(argv[2], &b, &nb, &rb, &cb, err, sizeof err) != 0) {
        fprintf(stderr, "wavcmp: %s\n", err);
        return 1;
    }
    first_channel(a, na, ca);
    first_channel(b, nb, cb);
    int n = 2;
    while ((size_t)n < na + nb) n *= 2;
    kiss_fftr_cfg f = kiss_fftr_alloc(n, 0, NULL, NULL), inv = kiss_fftr_alloc(n, 1, NULL, NULL);
    float *xa = calloc((size_t)n, sizeof *xa), *xb = calloc((size_t)n, sizeof *xb);
    kiss_fft_cpx *A = malloc(sizeof *A * (size_t)(n / 2 + 1)), *B = malloc(sizeof *B * (size_t)(n / 2 + 1));
    for (size_t i = 0; i < na; i++) xa[i] = a[i];
    for (size_t i = 0; i < nb; i++) xb[i] = b[i];
    kiss_fftr(f, xa, A);
    kiss_fftr(f, xb, B);
    for (int k = 0; k <= n / 2; k++) {   /* B * conj(A): peak at the lag of b behind a */
        kiss_fft_cpx p = { B[k].r * A[k].r + B[k].i * A[k].i, B[k].i * A[k].r - B[k].r * A[k].i };
        A[k] = p;
    }
    kiss_fftri(inv, A, xa);
    long best = 0;
    float bv = -INFINITY;
    for (int i = 0; i < n; i++)
        if (xa[i] > bv) { bv = xa[i]; best = i; }
    long lag = best > n / 2 ? best - n : best;
    /* overlap: b[i + lag] against a[i] */
    double sab = 0, saa = 0, sbb = 0, maxd = 0;
    size_t cnt = 0, eq = 0;
    for (long i = 0; i < (long)na; i++) {
        long j = i + lag;
        if (j < 0 || j >= (long)nb) continue;
        double x = a[i], y = b[j];
        sab += x * y; saa += x * x; sbb += y * y;
        double d = fabs(x - y) * 32768.0;
        if (d > maxd) maxd = d;
        if (d <= 1.0001) eq++;
        cnt++;
    }
    printf("lag=%ld corr=%.6f overlap=%zu maxdiff=%.0f equal=%.6f rate_a=%d rate_b=%d\n", lag,
           saa > 0 && sbb > 0 ? sab / sqrt(saa * sbb) : 0.0, cnt, maxd, cnt ? (double)eq / cnt : 0.0, ra, rb);
    kiss_fftr_free(f);
    kiss_fftr_free(inv);
    free(xa); free(xb); free(A); free(B); free(a); free(b);
    return 0;
}
