/* analysis.h - the analysis core: samples in, a report out. No I/O.
 *
 * A pd_analyzer is fed interleaved float samples in chunks of any size
 * (streaming: a one-hour take never has to be held in memory) and, at the
 * end, builds a pd_report with every figure Podium shows: pace, pauses,
 * filled pauses, loudness, pitch, and the per-frame contours ("tracks").
 *
 * Threading: an analyzer is used by one thread at a time. It allocates only
 * in create(), in feed() when its contour arrays grow (amortised), and in
 * finish(). The methods and their sources are described in README.md. */
#ifndef PODIUM_ANALYSIS_H
#define PODIUM_ANALYSIS_H

#include <stddef.h>
#include "podium/status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PD_HOP_S 0.01          /* one contour frame every 10 ms */
#define PD_NFORMANT 3          /* formant frequencies F1..F3 kept per frame */
#define PD_NSUB 6              /* sub-band energies kept per frame (300-3400 Hz) */
#define PD_MIN_RATE_HZ 8000
#define PD_MAX_RATE_HZ 192000
/* A take whose loud end stands less than this over its quiet end holds no
 * measurable speech (steady noise wanders by a few dB; speech by 20-50). */
#define PD_MIN_SPEECH_RANGE_DB 10.0

typedef struct pd_interval {
    double start_s;
    double end_s;
} pd_interval;

typedef struct pd_analysis_config {
    double f0_min_hz;        /* pitch search floor, default 50 */
    double f0_max_hz;        /* pitch search ceiling, default 500 */
    double min_pause_s;      /* shortest silent pause reported, default 0.25 */
    double min_sounding_s;   /* shortest sounding stretch kept, default 0.10 */
    double long_pause_s;     /* a "long" pause, default 2.0 */
    double silence_below_db; /* pause threshold below the speech level, default 25 */
    double syllables_per_word; /* for words_per_min_est; set from lang */
    char lang[8];            /* "en" or "it" */
} pd_analysis_config;

/* Fills defaults for a language ("en", "it"; NULL or unknown -> "en"). */
void pd_analysis_config_init(pd_analysis_config *cfg, const char *lang);
/* Average syllables per word for a language, or 0 when unknown. */
double pd_syllables_per_word(const char *lang);

/* Per-frame contours, one value per PD_HOP_S, frame k centred at k*hop_s. */
typedef struct pd_tracks {
    size_t n;                /* frames */
    double hop_s;
    float *level_db;         /* 80 Hz high-passed intensity, dBFS, Kaiser-like 64 ms window */
    float *loud_m_lufs;      /* momentary loudness (400 ms), updated every 100 ms */
    float *f0_hz;            /* final pitch track; 0 = unvoiced */
    float *periodicity;      /* 1 - YIN aperiodicity of the best candidate, 0..1 */
    float *formant_hz;       /* n * PD_NFORMANT: F1, F2, F3 in Hz (LPC), 0 = none found */
    float *sub_db;           /* n * PD_NSUB sub-band energies, dB (syllable nuclei) */
    unsigned char *speech;   /* 1 = inside a sounding stretch, 0 = silence */
} pd_tracks;

typedef enum pd_severity {
    PD_SEV_INFO = 0,
    PD_SEV_TIP = 1,
    PD_SEV_WARNING = 2
} pd_severity;

typedef struct pd_feedback_item {
    char id[40];
    pd_severity severity;
    char message[320];
    double value;            /* what was measured */
    double threshold;        /* the bound it was held against (NaN when none) */
} pd_feedback_item;

typedef struct pd_report {
    double duration_s;
    int sample_rate_hz;
    int channels;
    int speech_detected;
    double speech_start_s, speech_end_s;
    double phonation_time_s;
    int syllables;
    double speech_rate_syl_s;        /* syllables / (end - start) */
    double articulation_rate_syl_s;  /* syllables / phonation time */
    double words_per_min_est;
    char lang[8];
    double syllables_per_word;

    pd_interval *pauses;     size_t n_pauses;     /* silent, >= min_pause_s, inside speech */
    int long_pauses_count;
    double pause_total_s;
    double mean_length_of_run_syl;
    pd_interval *filled_pauses; size_t n_filled_pauses;
    pd_interval *segments;   size_t n_segments;   /* sounding stretches */
    double *nuclei_s;        size_t n_nuclei;     /* syllable nuclei times */

    double loudness_lufs;            /* BS.1770 integrated, -inf -> NaN when silent */
    double loudness_range_lu;
    double peak_dbfs;
    long clipped_samples;
    double noise_floor_db;           /* level of the quietest 10 % of frames, dBFS */
    double speech_level_db;          /* 99th percentile frame level, dBFS */
    double pause_threshold_db;       /* the adaptive silence threshold used */

    double f0_median_hz, f0_mean_hz, f0_sd_st, f0_range_st; /* NaN when unvoiced */
    double f0_voiced_fraction;       /* voiced frames / speech frames */
    double pace_by_third_syl_s[3];
    double level_by_third_db[3];     /* mean speech level per third (trailing off) */

    pd_feedback_item *feedback; size_t n_feedback;
    pd_tracks tracks;
} pd_report;

typedef struct pd_analyzer pd_analyzer;

/* rate in Hz (PD_MIN_RATE_HZ..PD_MAX_RATE_HZ), channels >= 1.
 * Returns PD_ERR_UNSUPPORTED_RATE, PD_ERR_INVALID_ARG or PD_ERR_NOMEM. */
pd_status pd_analyzer_create(const pd_analysis_config *cfg, int rate_hz,
                             int channels, pd_analyzer **out);
/* Optional: the take's length in frames when known (a file's header), so
 * the contour arrays are allocated once at their final size. */
pd_status pd_analyzer_reserve(pd_analyzer *a, long long total_frames);
/* frames: count of frames (one sample per channel), not samples.
 * Returns PD_ERR_BAD_SAMPLES on NaN/Inf (the analyzer is then unusable). */
pd_status pd_analyzer_feed(pd_analyzer *a, const float *interleaved, size_t frames);
/* Ends the stream and builds the report (feedback not yet filled: see
 * feedback.h). The analyzer cannot be fed afterwards. */
pd_status pd_analyzer_finish(pd_analyzer *a, pd_report **out);
void pd_analyzer_destroy(pd_analyzer *a);   /* accepts NULL */

/* Convenience: the whole pipeline on a buffer in memory. */
pd_status pd_analyse_buffer(const pd_analysis_config *cfg, const float *interleaved,
                            size_t frames, int rate_hz, int channels, pd_report **out);

void pd_report_destroy(pd_report *r);       /* accepts NULL */

#ifdef __cplusplus
}
#endif
#endif
