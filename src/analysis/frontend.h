/* frontend.h - the streaming front end shared by the full analysis
 * (analyzer.c) and the live meters (live.c): samples in, per-frame features
 * out, every PD_HOP_S. Internal to the core; no I/O.
 *
 *   interleaved samples -> peak and clipping (every channel)
 *   -> mono mix -> 80 Hz high-pass (4th-order Butterworth) -> 1 ms mean
 *      squares -> intensity per frame (Praat-like 64 ms window)
 *   -> mono mix -> low-pass + decimation to a work rate of 8-16 kHz
 *      -> per frame: formants (spectrum.c) and sub-band energies
 *      -> 70 Hz-1 kHz band at half the work rate -> YIN candidates
 *
 * Speed: the per-sample filters are Butterworth biquads in double; sections
 * that can run side by side do, two per SIMD register (pd_biquad2: the first
 * and second sections of the intensity high-pass and the decimation low-pass;
 * the pitch band's four sections as a skewed pipeline), each lane with the
 * scalar arithmetic, so the results are those of the plain cascade.
 *
 * A frame's features are ready about 32 ms after its centre (half the
 * intensity window); pd_frontend_ready() says how many frames are complete.
 * The arrays grow with the take (about 110 bytes per frame); create() and
 * the growth of those arrays are the only allocations. */
#ifndef PODIUM_FRONTEND_H
#define PODIUM_FRONTEND_H

#include <stddef.h>
#include "../dsp/dsp.h"

#define PD_FE_RING 8192        /* work-rate samples kept: power of two, > 2 frames */
#define PD_FE_BLK_RING 1024    /* 1 ms blocks kept: power of two, > the intensity window */

typedef struct pd_frontend {
    int rate, channels;
    long long frames_in;     /* input frames fed */
    double peak;             /* largest |sample| so far */
    double dc_r, dc_x1, dc_y1;  /* DC blocker on the mono mix (one pole, ~10 Hz) */
    long clipped;            /* samples with |x| >= 0.9999 so far */

    /* per-frame features, frames 0 .. pd_frontend_ready() - 1 */
    float *level_db;         /* intensity, dBFS */
    pd_pitch_cand *cands;    /* PD_PITCH_NCAND per frame */
    float *pband_db;         /* pitch-band power, dB */
    float *formant_hz;       /* PD_NFORMANT per frame */
    float *sub_db;           /* PD_NSUB per frame */
    size_t cap_frames;
    size_t next_frame;       /* frames with spectral and pitch features */
    size_t next_int_frame;   /* frames with an intensity */

    /* internals */
    pd_biquad hp[2];
    double blk_acc;
    long blk_count;
    long long blk_end;
    float blk_ring[PD_FE_BLK_RING];
    long long n_blocks;
    pd_intensity_win win_level;
    pd_biquad lp[3];
    int decim, phase;
    double rate_w, rate_p;
    long long w_count, p_count;
    float ring[PD_FE_RING];  /* work-rate signal */
    /* the pitch band (1 kHz low-pass, 70 Hz high-pass: four sections) as a
     * skewed pipeline: at each work sample n, lanes (low-pass 1 on n,
     * low-pass 2 on n-1) and (high-pass 1 on n-2, high-pass 2 on n-3) run
     * side by side, each on the previous step's outputs; samples leave it
     * three work samples late, with their work-rate sample (xd) */
    pd_biquad2 pipe_lp, pipe_hp;
    double pipe_v[3];        /* outputs of low-pass 1 (n-1), low-pass 2 (n-2), high-pass 1 (n-3) */
    float pipe_xd[4];        /* the last four work-rate samples */
    long long pipe_in;       /* work samples that entered the pipeline */
    float pring[PD_FE_RING]; /* pitch band */
    pd_yin *yin;
    pd_spectrum *spec;
    pd_subbands *sub;
    size_t yin_len, spec_len, sub_len;
    float *tmp;
    long long frame_ready_at;
} pd_frontend;

/* NULL on a bad argument or no memory. */
pd_frontend *pd_frontend_create(int rate_hz, int channels, double f0_min_hz, double f0_max_hz);
void pd_frontend_destroy(pd_frontend *fe);   /* accepts NULL */
/* Sizes the arrays for n frames at once; 0 on no memory. */
int pd_frontend_reserve(pd_frontend *fe, size_t n_frames);
/* Samples must be finite (the caller checks). 0 on no memory. */
int pd_frontend_feed(pd_frontend *fe, const float *interleaved, size_t frames);
/* Completes frames 0 .. n_total - 1, as if silence followed. 0 on no memory. */
int pd_frontend_flush(pd_frontend *fe, size_t n_total);
/* Frames whose every feature is computed. */
static inline size_t pd_frontend_ready(const pd_frontend *fe)
{
    return fe->next_frame < fe->next_int_frame ? fe->next_frame : fe->next_int_frame;
}
/* Frames of a take of `frames` input frames: one every PD_HOP_S from 0 s. */
size_t pd_frontend_frame_count(const pd_frontend *fe, long long frames);
/* How far (s) a sound reaches into the features of the frames around it:
 * the longest half-window of any feature (the 64 ms intensity window, the
 * pitch, formant and sub-band frames). Excluded intervals (analyzer.c) mask
 * every frame whose window overlaps them. */
double pd_frontend_reach_s(const pd_frontend *fe);
/* Hands *p over, shrunk to n elements (the caller frees it). */
float *pd_frontend_take(float **p, size_t n);

#endif
