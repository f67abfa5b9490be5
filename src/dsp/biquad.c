/* biquad.c - Butterworth low/high-pass sections after R. Bristow-Johnson's
 * "Audio EQ Cookbook"; cascades of n sections give order 2n. */
#include <math.h>
#include "dsp.h"

static void set_coefs(pd_biquad *f, double b0, double b1, double b2,
                      double a0, double a1, double a2)
{
    f->b0 = b0 / a0; f->b1 = b1 / a0; f->b2 = b2 / a0;
    f->a1 = a1 / a0; f->a2 = a2 / a0;
    f->z1 = f->z2 = 0.0;
}

void pd_biquad_lowpass(pd_biquad *f, double rate_hz, double cutoff_hz, double q)
{
    double w0 = 2.0 * M_PI * cutoff_hz / rate_hz;
    double c = cos(w0), alpha = sin(w0) / (2.0 * q);
    set_coefs(f, (1.0 - c) / 2.0, 1.0 - c, (1.0 - c) / 2.0,
              1.0 + alpha, -2.0 * c, 1.0 - alpha);
}

void pd_biquad_highpass(pd_biquad *f, double rate_hz, double cutoff_hz, double q)
{
    double w0 = 2.0 * M_PI * cutoff_hz / rate_hz;
    double c = cos(w0), alpha = sin(w0) / (2.0 * q);
    set_coefs(f, (1.0 + c) / 2.0, -(1.0 + c), (1.0 + c) / 2.0,
              1.0 + alpha, -2.0 * c, 1.0 - alpha);
}

double pd_butterworth_q(int n_sections, int i)
{
    return 1.0 / (2.0 * cos(M_PI * (2.0 * i + 1.0) / (4.0 * n_sections)));
}
