/* wavcmp.c - how a recording lines up with its source (a test tool).
 *
 * Usage: wavcmp [--blocks] SOURCE RECORDING
 * Prints one line of key=value pairs:
 *   lag       frames by which the source starts later in the recording
 *             (the peak of the FFT cross-correlation of the first channels)
 *   corr      normalised correlation at that lag over the overlap
 *   overlap   frames compared
 *   maxdiff   largest sample difference over the overlap, in 16-bit steps
 *   equal     fraction of the overlap's samples equal within 1 step
 * With --blocks, also, over 0.5 s blocks of the recording that are not
 * silent (rms > -50 dBFS) and lie in the overlap, each block's own best lag
 * within +/-8192 frames of the global one:
 *   blocks    blocks compared
 *   good      blocks whose correlation at their own best lag is >= 0.999
 *   shifts    times the best lag changes from one good block to the next
 * (a JACK client that misses a cycle shifts the rest of its stream; each
 * such shift costs at most the block that straddles it). With WAVCMP_LAGS
 * set to a path, each good block's start in the recording and its lag are
 * written there, one "FRAME LAG" line per block (to map recording times to
 * source times locally when the lag changed).
 * Exit 0, or 1 when a file cannot be read. */
#include <kiss_fftr.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "podium/audio_file.h"

static float *first_channel(float *x, size_t frames, int ch)
{
    for (size_t i = 0; i < frames; i++) x[i] = x[i * (size_t)ch];
    return x;
}

#define BLOCK_LAG 8192

/* best normalised correlation of rec[0..n) against src around lag0 */
static double block_best(const float *src, long nsrc, const float *rec, long rec_at, long n, long lag0,
                         long prev_lag, long *best_lag)
{
    int m = 2;
    while (m < n + 2 * BLOCK_LAG + 1) m *= 2;
    kiss_fftr_cfg f = kiss_fftr_alloc(m, 0, NULL, NULL), inv = kiss_fftr_alloc(m, 1, NULL, NULL);
    float *xs = calloc((size_t)m, sizeof *xs), *xr = calloc((size_t)m, sizeof *xr);
    kiss_fft_cpx *S = malloc(sizeof *S * (size_t)(m / 2 + 1)), *R = malloc(sizeof *R * (size_t)(m / 2 + 1));
    /* source window starts at rec_at - lag0 - BLOCK_LAG */
    long s0 = rec_at - lag0 - BLOCK_LAG;
    for (long i = 0; i < n + 2 * BLOCK_LAG; i++)
        if (s0 + i >= 0 && s0 + i < nsrc) xs[i] = src[s0 + i];
    for (long i = 0; i < n; i++) xr[i] = rec[rec_at + i];
    kiss_fftr(f, xs, S);
    kiss_fftr(f, xr, R);
    for (int k = 0; k <= m / 2; k++) {   /* S * conj(R): peak at the offset of the block in the window */
        kiss_fft_cpx p = { S[k].r * R[k].r + S[k].i * R[k].i, S[k].i * R[k].r - S[k].r * R[k].i };
        S[k] = p;
    }
    kiss_fftri(inv, S, xs);
    long off = 0;
    float bv = -INFINITY;
    for (long i = 0; i <= 2 * BLOCK_LAG; i++)
        if (xs[i] > bv) { bv = xs[i]; off = i; }
    /* the FFT's float rounding can hide the peak of a quiet block under a
     * loud window: also try the global lag and the previous block's lag */
    long cand[3] = { lag0 + BLOCK_LAG - off, lag0, prev_lag };
    double best = -2.0;
    for (int c = 0; c < 3; c++) {
        double sab = 0, saa = 0, sbb = 0;
        for (long i = 0; i < n; i++) {
            long j = rec_at - cand[c] + i;
            double a = (j >= 0 && j < nsrc) ? src[j] : 0.0, b = rec[rec_at + i];
            sab += a * b; saa += a * a; sbb += b * b;
        }
        double r = saa > 0 && sbb > 0 ? sab / sqrt(saa * sbb) : 0.0;
        if (r > best + 1e-9) { best = r; *best_lag = cand[c]; }
    }
    kiss_fftr_free(f); kiss_fftr_free(inv);
    free(xs); free(xr); free(S); free(R);
    return best;
}

int main(int argc, char **argv)
{
    int blocks = argc == 4 && strcmp(argv[1], "--blocks") == 0;
    if (blocks) { argv++; argc--; }
    if (argc != 3) {
        fprintf(stderr, "usage: wavcmp [--blocks] SOURCE RECORDING\n");
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
    printf("lag=%ld corr=%.6f overlap=%zu maxdiff=%.0f equal=%.6f rate_a=%d rate_b=%d", lag,
           saa > 0 && sbb > 0 ? sab / sqrt(saa * sbb) : 0.0, cnt, maxd, cnt ? (double)eq / cnt : 0.0, ra, rb);
    if (blocks) {
        long bl = rb / 2, nblk = 0, good = 0, shifts = 0, prev = lag;
        const char *lags_path = getenv("WAVCMP_LAGS");
        FILE *lags = lags_path ? fopen(lags_path, "w") : NULL;
        if (lags_path && !lags) fprintf(stderr, "wavcmp: cannot write %s\n", lags_path);
        for (long at = lag > 0 ? lag : 0; at + bl <= (long)nb && at - lag + bl <= (long)na; at += bl) {
            double e = 0;
            for (long i = 0; i < bl; i++) e += (double)b[at + i] * b[at + i];
            if (10.0 * log10(e / bl + 1e-20) < -50.0) continue;
            long bl_lag = lag;
            double c = block_best(a, (long)na, b, at, bl, lag, prev, &bl_lag);
            nblk++;
            if (getenv("WAVCMP_DEBUG")) fprintf(stderr, "block at %ld: lag %ld corr %.6f\n", at, bl_lag, c);
            if (c >= 0.999) {
                good++;
                if (bl_lag != prev) shifts++;
                prev = bl_lag;
                if (lags) fprintf(lags, "%ld %ld\n", at, bl_lag);
            }
        }
        printf(" blocks=%ld good=%ld shifts=%ld", nblk, good, shifts);
        if (lags) fclose(lags);
    }
    printf("\n");
    kiss_fftr_free(f);
    kiss_fftr_free(inv);
    free(xa); free(xb); free(A); free(B); free(a); free(b);
    return 0;
}
