/* stats.c - order statistics used by the analysis stages. */
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

double pd_quantile(const float *v, size_t n, double q, float *scratch)
{
    if (n == 0) return NAN;
    memcpy(scratch, v, n * sizeof *v);
    qsort(scratch, n, sizeof *scratch, pd_cmp_float);
    double pos = q * (double)(n - 1);
    size_t i = (size_t)floor(pos);
    if (i >= n - 1) return scratch[n - 1];
    double frac = pos - (double)i;
    return scratch[i] * (1.0 - frac) + scratch[i + 1] * frac;
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
