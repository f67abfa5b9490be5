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
    /* Excluded intervals: [start_s, end_s) of take time, in any order, that
     * the analysis must not measure (a distraction sound Podium played, or
     * any span the caller knows is not the speaker: see "Excluded intervals"
     * below). Copied by pd_analyzer_create; NULL / 0 = none (the default).
     * Each needs 0 <= start_s < end_s, both finite; overlaps are merged. */
    const pd_interval *exclude;
    size_t n_exclude;
    /* Lost input: spans where the recording holds silence put in for input
     * the sound system lost (the recorder's gaps, audio_io.h). Masked as
     * excluded intervals are (merged with them, and listed in
     * pd_report.excluded), and more: no pause is measured in them either.
     * A distraction sound hides a moment the speaker was there for; lost
     * input hides a moment nobody heard, so the silence put in is no pause
     * and its length unknown time. A pause reaching one ends at its edge,
     * one around it is cut in two (a part under min_pause_s is no pause),
     * and their time inside the speech span is left out of the speech rate
     * and the pace by third. Same checks as exclude; NULL / 0 = none. */
    const pd_interval *lost;
    size_t n_lost;
} pd_analysis_config;

/* Excluded intervals: what the analysis does with them.
 *
 * An excluded span is *unknown*: neither speech nor silence. Every frame
 * whose analysis window overlaps it (the interval widened by the front end's
 * reach, the longest half-window of its features: 32 ms, the half of the
 * 64 ms intensity window, at the default settings) is masked:
 * - no syllable nucleus and no filled pause is counted there (a filled pause
 *   that reaches into a masked frame is dropped: its extent is unknown, and
 *   its nuclei are not counted as syllables either), nor a nucleus next to
 *   them whose dip on the masked side was not heard (syllables.c);
 * - a masked frame takes no part in the take's statistics that set the
 *   thresholds (its periodicity and pitch candidates are emptied, so a
 *   periodic ring tone is no "loudest voiced frame"; its level and band
 *   energies are held at the quieter of the two nearest unmasked frames, so
 *   a loud burst moves no percentile);
 * - so no pause boundary falls inside it. The masked span takes the side of
 *   the measured frames around it: silence on both sides -> the pause goes
 *   on through it and stays one pause, its length including the span (the
 *   silence continued before and after: the likeliest reading, and the one a
 *   listener who ignores the cough makes); speech on both sides -> one
 *   sounding stretch through it (a pause hidden under a cough cannot be
 *   seen, and splitting the stretch would invent two boundaries); silence on
 *   one side and speech on the other -> the span goes with the silence and
 *   the boundary is put at the span's edge next to the speech. The reason
 *   for that last choice: a pause is an absence of measured speech, and no
 *   speech was measured in the span, so the pause is not cut short at an
 *   edge where nothing was heard to end it; and in a drill the speaker
 *   typically halts when the sound starts and resumes after it.
 * - the rates do not count unknown time as speaking time: masked time inside
 *   sounding stretches is left out of the speech span's length (speech rate),
 *   of the phonation time (articulation rate) and of the thirds (pace by
 *   third); masked time inside a pause stays pause time (it was bridged as
 *   silence). The mean level by third and the pitch statistics leave masked
 *   frames out.
 * - the loudness figures describe the speaker too: the excluded samples
 *   themselves (not widened: BS.1770's K-filter has no long memory) are not
 *   given to libebur128, so the integrated loudness and the loudness range
 *   are those of the rest of the take joined up, and the peak and the
 *   clipped-sample count leave them out (a cough played through a speaker
 *   must not raise a clipping warning). The momentary loudness contour holds
 *   its last value through them.
 * The other per-frame contours in tracks (level, formants, sub-bands) still
 * show what the microphone heard; f0_hz and periodicity are 0 in masked
 * frames; pd_report.excluded lists the intervals. With no interval excluded
 * none of this runs and every figure is what it was without the feature. */

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
    pd_interval moment;      /* the span of the take the advice is about, s (the longest
                              * pause, the densest filled pauses, the opening or last
                              * third, the part over the target: feedback.h); empty
                              * (end_s <= start_s, as zeroed) when about the whole take */
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
    pd_interval *excluded;   size_t n_excluded;   /* the config's excluded intervals,
                                                   * merged, sorted, cut to the take */

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
 * Returns PD_ERR_UNSUPPORTED_RATE, PD_ERR_INVALID_ARG (also for a bad
 * excluded interval) or PD_ERR_NOMEM. */
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
