/* intensity.c - intensity contour in the manner of Praat's To Intensity
 * (Boersma & Weenink, Praat manual: Sound: To Intensity...). Praat weights
 * the squared signal with a Kaiser-20 window of physical length 6.4/minpitch;
 * near its centre a Kaiser window with beta = 20 is a Gaussian with
 * sigma = L / (2 sqrt(beta)), which is what is used here, on 1 ms blocks. */
#include <math.h>
#include "dsp.h"

void pd_intensity_track(const float *block_ms, size_t n_blocks, double window_s,
                        float *out_db, size_t n_frames, double hop_s)
{
    const double sigma_ms = window_s * 1000.0 / (2.0 * sqrt(20.0));
    const long half = (long)ceil(window_s * 1000.0 / 2.0);
    double w[1024];
    long span = half > 511 ? 511 : half;
    for (long d = -span; d <= span; d++)
        w[d + span] = exp(-0.5 * (double)(d * d) / (sigma_ms * sigma_ms));

    for (size_t k = 0; k < n_frames; k++) {
        long centre = lround((double)k * hop_s * 1000.0); /* block whose start is the frame time */
        double num = 0.0, den = 0.0;
        for (long d = -span; d <= span; d++) {
            /* block j covers [j, j+1) ms; its centre is j + 0.5 ms */
            long j = centre + d;
            double wt = w[d + span];
            if (j >= 0 && (size_t)j < n_blocks)
                num += wt * block_ms[j];
            den += wt;             /* outside the take counts as silence */
        }
        double ms = den > 0.0 ? num / den : 0.0;
        out_db[k] = ms > 1e-12 ? (float)(10.0 * log10(ms)) : -120.0f;
    }
}
