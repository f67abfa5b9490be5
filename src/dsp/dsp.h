/* dsp.h - internal signal-processing stages of the analysis core.
 *
 * Pure functions and small state objects: no I/O, no globals, and no
 * allocation per frame (only the *_create functions and the whole-take
 * stages that return arrays allocate). */
#ifndef PODIUM_DSP_H
#define PODIUM_DSP_H

#include <stddef.h>
#include <string.h>
#include "podium/analysis.h"

/* ---- four floats or two doubles per register -----------------------------
 * GCC/Clang vector extensions: SSE2 on any x86-64, NEON on arm64, plain
 * scalar code elsewhere. Each lane does the same IEEE operations in the same
 * order as the scalar loops they replace (no contraction: -std=c11), so the
 * results are bit-identical to them; the gain is independent lanes. */
typedef float pd_v4f __attribute__((vector_size(16)));
typedef double pd_v2d __attribute__((vector_size(16)));
static inline pd_v4f pd_v4f_load(const float *p)
{
    pd_v4f v;
    memcpy(&v, p, sizeof v);   /* unaligned load */
    return v;
}
static inline void pd_v4f_store(float *p, pd_v4f v) { memcpy(p, &v, sizeof v); }

/* ---- biquad.c: second-order IIR sections (RBJ cookbook, Butterworth Q) --- */
typedef struct pd_biquad {
    double b0, b1, b2, a1, a2;
    double z1, z2;
} pd_biquad;

void pd_biquad_lowpass(pd_biquad *f, double rate_hz, double cutoff_hz, double q);
void pd_biquad_highpass(pd_biquad *f, double rate_hz, double cutoff_hz, double q);
/* Q of section i (0-based) of an order-2n Butterworth cascade. */
double pd_butterworth_q(int n_sections, int i);
static inline double pd_biquad_run(pd_biquad *f, double x)
{
    double y = f->b0 * x + f->z1;
    f->z1 = f->b1 * x - f->a1 * y + f->z2;
    f->z2 = f->b2 * x - f->a2 * y;
    return y;
}

/* Two sections side by side, one per lane of a pd_v2d; each lane computes
 * exactly what pd_biquad_run does for its section. */
typedef struct pd_biquad2 {
    pd_v2d b0, b1, b2, a1, a2, z1, z2;
} pd_biquad2;

static inline pd_biquad2 pd_biquad2_pack(const pd_biquad *x, const pd_biquad *y)
{
    pd_biquad2 f = { { x->b0, y->b0 }, { x->b1, y->b1 }, { x->b2, y->b2 }, { x->a1, y->a1 },
                     { x->a2, y->a2 }, { x->z1, y->z1 }, { x->z2, y->z2 } };
    return f;
}

static inline pd_v2d pd_biquad2_run(pd_biquad2 *f, pd_v2d x)
{
    pd_v2d y = f->b0 * x + f->z1;
    f->z1 = f->b1 * x - f->a1 * y + f->z2;
    f->z2 = f->b2 * x - f->a2 * y;
    return y;
}

/* ---- stats.c ------------------------------------------------------------ */
/* q in [0,1], interpolated between ranks as on a sorted copy (scratch of n
 * floats, reordered). NaN when n == 0. */
double pd_quantile(const float *v, size_t n, double q, float *scratch);
/* Reorders v[0..n-1] so that v[rank] holds the element of that rank, none
 * before it larger and none after it smaller (Hoare's FIND: O(n) on average). */
void pd_select_rank(float *v, size_t n, size_t rank);
double pd_quantile_d(double *v_sorted_in_place, size_t n, double q);
int pd_cmp_float(const void *a, const void *b);
int pd_cmp_double(const void *a, const void *b);
/* smallest even size >= n whose only prime factors are 2, 3 and 5 (fast
 * for kissfft) */
int pd_fft_size(int n);

/* ---- intensity.c -------------------------------------------------------- */
/* Intensity contour, Praat-style: mean square under a Gaussian window that
 * approximates Praat's Kaiser-20 window of physical length window_s, from
 * mean squares of 1 ms blocks. Output in dB (floor -120). */
#define PD_INTENSITY_MAX_SPAN 511
typedef struct pd_intensity_win {
    long span;                              /* blocks either side of the centre */
    double w[2 * PD_INTENSITY_MAX_SPAN + 1];
} pd_intensity_win;
void pd_intensity_win_init(pd_intensity_win *w, double window_s);
/* Intensity (dB, floor -120) at 1 ms block `centre` from the mean squares of
 * blocks 0..n_blocks-1, block j at ring[j & mask]; blocks outside count as
 * silence. Blocks centre-span..centre+span must still be in the ring. */
float pd_intensity_at(const pd_intensity_win *w, const float *ring, size_t mask,
                      long long n_blocks, long long centre);
/* Sub-band energies (dB) of PD_NSUB bands, 300-3400 Hz, per frame. */
typedef struct pd_subbands pd_subbands;
pd_subbands *pd_subbands_create(double rate_hz, double window_s);
void pd_subbands_destroy(pd_subbands *s);
size_t pd_subbands_frame_len(const pd_subbands *s);
/* x: pd_subbands_frame_len() samples, centred on the frame time. */
void pd_subbands_frame(pd_subbands *s, const float *x, float out_db[PD_NSUB]);

/* ---- pitch.c: YIN (de Cheveigne & Kawahara 2002) via kissfft --------------- */
#define PD_PITCH_NCAND 4
typedef struct pd_pitch_cand {
    float f0_hz;     /* 0 = empty slot */
    float dprime;    /* cumulative-mean-normalised difference at the dip */
} pd_pitch_cand;

typedef struct pd_yin pd_yin;
/* rate_hz: rate of the signal given to pd_yin_frame. */
pd_yin *pd_yin_create(double rate_hz, double f0_min_hz, double f0_max_hz);
/* use_fft: 1 = kissfft cross-correlation, 0 = direct sums, -1 = the cheaper
 * (what pd_yin_create does). Both give the same candidates (float rounding). */
pd_yin *pd_yin_create_method(double rate_hz, double f0_min_hz, double f0_max_hz, int use_fft);
void pd_yin_destroy(pd_yin *y);
/* Samples the frame needs, centred on the frame time. */
size_t pd_yin_frame_len(const pd_yin *y);
/* x: pd_yin_frame_len() samples. Fills cands (best first by dprime, the
 * YIN absolute-threshold pick first when there is one) and *power_db, the
 * frame's mean square in dB. */
void pd_yin_frame(pd_yin *y, const float *x, pd_pitch_cand cands[PD_PITCH_NCAND],
                  float *power_db);
/* Chooses one candidate per frame (0 = unvoiced) with octave-error cleanup.
 * band_db: each frame's power_db from pd_yin_frame, used to leave faint
 * frames (relative to the take) unvoiced. */
void pd_pitch_track(const pd_pitch_cand *cands, const float *band_db, size_t n,
                    double f0_min_hz, double f0_max_hz, float *f0_out, float *periodicity_out);

/* ---- spectrum.c: band energy and cepstral shape per frame ------------------ */
typedef struct pd_spectrum pd_spectrum;
pd_spectrum *pd_spectrum_create(double rate_hz);
void pd_spectrum_destroy(pd_spectrum *s);
size_t pd_spectrum_frame_len(const pd_spectrum *s);
/* x: pd_spectrum_frame_len() samples. formant_hz: F1..F3, 0 = not found. */
void pd_spectrum_frame(pd_spectrum *s, const float *x, float formant_hz[PD_NFORMANT]);

/* ---- pauses.c: speech / silence segmentation -------------------------------- */
typedef struct pd_vad_result {
    pd_interval *segments; size_t n_segments;  /* sounding stretches */
    double speech_level_db, noise_floor_db, threshold_db;
    float *gain_db;   /* per frame (tracks.n), >= 0: how far the frame's threshold
                       * stands under threshold_db; NULL when n < 2 or silent; caller frees */
} pd_vad_result;
pd_status pd_detect_segments(const pd_tracks *t, const pd_analysis_config *cfg,
                             pd_vad_result *out);
/* Drops the leading and trailing sounding stretches that are not speech: no
 * syllable nucleus (nuclei: times, s) and no filled pause in them or less
 * than min_pause_s from them. So the speech span starts and ends with
 * speech (a breath, a click, a door or a noise bump at the edges is not
 * speech). Stretches between the first and last kept ones stay. Returns the new count; seg is compacted in
 * place. */
size_t pd_trim_edge_segments(pd_interval *seg, size_t n, double min_pause_s,
                             const double *nuclei, size_t n_nuclei,
                             const pd_interval *filled, size_t n_filled);

/* ---- syllables.c: syllable nuclei ---------------------------------------- */
/* threshold_db: the segmentation's silence threshold; nuclei are searched in
 * every stretch over it (see syllables.c). */
pd_status pd_detect_nuclei(const pd_tracks *t, double threshold_db, double **times_out, size_t *n_out);
/* The same with excluded frames (mask[k] = 1: unknown; NULL = none, then
 * exactly pd_detect_nuclei): no nucleus in a masked frame, nor one whose dip
 * on either side is not heard before the masked frames (see syllables.c). */
pd_status pd_detect_nuclei_masked(const pd_tracks *t, double threshold_db, const unsigned char *mask,
                                  double **times_out, size_t *n_out);

/* ---- fillers.c: filled pauses (um, uh, ehm) ----------------------------------- */
/* silence_db: the segmentation's threshold (pd_vad_result.threshold_db);
 * lang: "en", "it" (the filler vowel's timbre is language-specific) */
pd_status pd_detect_fillers(const pd_tracks *t, double silence_db, const char *lang,
                            pd_interval **out, size_t *n_out);

#endif
