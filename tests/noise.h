/* noise.h - reproducible test noise shared by the stage tests: white noise
 * from a seeded xorshift32 (set noise_rng to seed it) and pink noise. */
#ifndef PODIUM_TEST_NOISE_H
#define PODIUM_TEST_NOISE_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

static uint32_t noise_rng = 1u;

static inline double noise_white(void)   /* uniform in [-1, 1): xorshift32 */
{
    noise_rng ^= noise_rng << 13;
    noise_rng ^= noise_rng >> 17;
    noise_rng ^= noise_rng << 5;
    return (double)noise_rng / 2147483648.0 - 1.0;
}

/* pink noise of unit RMS into y[0..m): white noise through Paul Kellet's
 * three-pole 1/f filter (-3 dB/octave within 0.5 dB above ~10 Hz at 16 kHz) */
static inline void noise_pink(float *y, size_t m)
{
    double b0 = 0.0, b1 = 0.0, b2 = 0.0, ss = 0.0;
    for (size_t i = 0; i < m; i++) {
        double w = noise_white();
        b0 = 0.99765 * b0 + w * 0.0990460;
        b1 = 0.96300 * b1 + w * 0.2965164;
        b2 = 0.57000 * b2 + w * 1.0526913;
        y[i] = (float)(b0 + b1 + b2 + w * 0.1848);
        ss += (double)y[i] * y[i];
    }
    double g = m ? 1.0 / sqrt(ss / (double)m) : 0.0;
    for (size_t i = 0; i < m; i++) y[i] = (float)(y[i] * g);
}

#endif
