/* stats.c - order statistics used by the analysis stages (quantiles of
 * floats by selection, not a full sort). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "dsp.h"

int pd_cmp_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

int pd_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double pd_quantile_d(double *v, size_t n, double q)
{
    if (n == 0) return NAN;
    qsort(v, n, sizeof *v, pd_cmp_double);
    double pos = q * (double)(n - 1);
    size_t i = (size_t)floor(pos);
    if (i >= n - 1) return v[n - 1];
    double frac = pos - (double)i;
    return v[i] * (1.0 - frac) + v[i + 1] * frac;
}

/* Reorders v[0..n-1] so that v[k] holds the element of rank k, none before
 * it larger and none after it smaller (Hoare's FIND, CACM 4:321, 1961, as in
 * Wirth's "Algorithms + Data Structures = Programs": O(n) on average where
 * a sort costs O(n log n)). */
void pd_select_rank(float *v, size_t n, size_t rank)
{
    const long k = (long)rank;
    long l = 0, m = (long)n - 1;
    while (l < m) {
        const float x = v[k];
        long i = l, j = m;
        do {
            while (v[i] < x) i++;
            while (x < v[j]) j--;
            if (i <= j) {
                float t = v[i];
                v[i] = v[j];
                v[j] = t;
                i++;
                j--;
            }
        } while (i <= j);
        if (j < k) l = i;
        if (k < i) m = j;
    }
}

/* The same figure as sorting a copy and interpolating between the elements
 * of ranks i and i + 1: rank i by selection, rank i + 1 as the smallest of
 * what lies above it. */
double pd_quantile(const float *v, size_t n, double q, float *scratch)
{
    if (n == 0) return NAN;
    memcpy(scratch, v, n * sizeof *v);
    double pos = q * (double)(n - 1);
    size_t i = (size_t)floor(pos);
    if (i >= n - 1) i = n - 1;
    pd_select_rank(scratch, n, i);
    if (i == n - 1) return scratch[n - 1];
    float next = scratch[i + 1];
    for (size_t j = i + 2; j < n; j++)
        if (scratch[j] < next) next = scratch[j];
    double frac = pos - (double)i;
    return scratch[i] * (1.0 - frac) + next * frac;
}

int pd_fft_size(int n)
{
    for (int m = n + (n & 1);; m += 2) {
        int r = m;
        while (r % 2 == 0) r /= 2;
        while (r % 3 == 0) r /= 3;
        while (r % 5 == 0) r /= 5;
        if (r == 1) return m;
    }
}
