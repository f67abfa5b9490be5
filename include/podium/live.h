/* live.h - live meters while the speaker talks: the figures a drill screen
 * shows, computed by the same core as the full report. Pure computation,
 * no I/O.
 *
 * A pd_live is fed interleaved float samples in chunks of any size, as they
 * are captured, and publishes a pd_live_meter every update_s of audio
 * (default 0.02 s: 50 updates per second):
 * - momentary (400 ms) and short-term (3 s) loudness, ITU-R BS.1770 /
 *   EBU R 128, from libebur128 (short-term refreshed every 0.1 s, the EBU
 *   Tech 3341 rate);
 * - sample peak and clipping;
 * - speaking / pause with the length of the current pause, from the report's
 *   intensity contour (80 Hz high-pass, 64 ms Praat-like window, every
 *   10 ms) held against the report's kind of adaptive threshold (pauses.c:
 *   silence_below_db under the loudest voiced frame, kept NOISE_MARGIN over
 *   the noise floor; no speech while loud and quiet ends stand less than
 *   PD_MIN_SPEECH_RANGE_DB apart), taken over a sliding window of the last
 *   level_window_s instead of the whole take;
 * - time speaking by the report's segmentation rule (pauses.c: two
 *   thresholds, short stretches dropped, short silences bridged);
 * - a running pace: syllable nuclei (the report's detector, syllables.c,
 *   with YIN periodicity from pitch.c) per second of speaking over the last
 *   pace_window_s of speaking (15 s), shown only once the window holds
 *   pace_min_syllables (68: within 20 % with 90 % confidence; live.c);
 * - the spread of the pitch over the last pitch_window_s.
 *
 * The per-frame features come from the full analysis's own front end
 * (frontend.c), so the meters and the report measure the same contours.
 *
 * Latency: a frame's features are complete about 32 ms after its centre
 * (half the 64 ms intensity window), so a pause is shown pause_hold_s +
 * ~0.05 s after its start and a speech onset ~0.04 s after it, plus at most
 * update_s.
 *
 * Thread safety: one thread feeds (pd_live_feed, pd_live_current, and the
 * on_update callback runs on it); one other thread at a time may call
 * pd_live_read concurrently to get the newest published meter (lock-free
 * triple buffer: the feeder never waits for the reader). create and
 * destroy are called while neither runs. Allocation: create() allocates;
 * feed() allocates when the front end's per-frame arrays grow (amortised
 * doubling, about 110 bytes per 10 ms of take) and in the pace estimate
 * (the nuclei search's small arrays, twice a second). Not safe inside a
 * real-time audio callback: feed it from a worker thread (see ringbuf.h). */
#ifndef PODIUM_LIVE_H
#define PODIUM_LIVE_H

#include <stddef.h>
#include "podium/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum pd_live_state {
    PD_LIVE_WAITING = 0,   /* no speech yet in the window */
    PD_LIVE_SPEAKING = 1,
    PD_LIVE_PAUSE = 2      /* a silence of at least pause_hold_s after speech */
} pd_live_state;

typedef struct pd_live_meter {
    double time_s;           /* stream time of the newest sample fed, s */
    unsigned long update;    /* 1, 2, 3, ... */
    double momentary_lufs;   /* 400 ms loudness, LUFS; -inf in digital silence */
    double shortterm_lufs;   /* 3 s loudness, LUFS; -inf in digital silence */
    double peak_dbfs;        /* sample peak since the previous update, dBFS */
    double peak_hold_dbfs;   /* sample peak of the whole take so far, dBFS */
    long clipped_samples;    /* samples at full scale (|x| >= 0.9999) so far */
    int clipping;            /* 1 when a sample clipped since the previous update */
    double level_db;         /* newest intensity frame (report's level_db), dBFS */
    double threshold_db;     /* speech / silence threshold in use, dBFS */
    double state_time_s;     /* centre of the frame the state describes, s */
    pd_live_state state;
    double pause_s;          /* length of the current silence so far, s (0 when speaking) */
    double speaking_s;       /* total time speaking so far, s, by the report's
                                segmentation rule (short silences bridged) */
    int pauses;              /* pauses of at least min_pause_s so far */
    double pace_syl_s;       /* syllables per second of speaking over the newest
                                pace_window_s of speaking (longer until it holds
                                pace_min_syllables); NaN until it holds them */
    double pace_window_speaking_s; /* speaking time pace_syl_s is over, s; NaN with no pace */
    int pace_syllables;      /* syllable nuclei pace_syl_s counts; 0 with no pace */
    double pitch_sd_st;      /* spread of the pitch over the last pitch_window_s:
                                1.4826 x its median absolute deviation, semitones
                                (a robust SD); NaN with under 1 s of voiced speech */
} pd_live_meter;

/* The pace's window, from counting statistics (see live.c): a count of n
 * syllables has a relative SD of about 1/sqrt(n), so a rate within 20 % with
 * 90 % confidence needs n >= (1.645 / 0.2)^2 = 68 syllables, about 15 s of
 * speaking at 4.5 syllables per second. */
#define PD_LIVE_PACE_WINDOW_S 15.0
#define PD_LIVE_PACE_MIN_SYLLABLES 68

typedef void (*pd_live_update_fn)(const pd_live_meter *m, void *user);

typedef struct pd_live_config {
    double update_s;         /* meter period, default 0.02 s */
    double silence_below_db; /* default 25 (as pd_analysis_config) */
    double pause_hold_s;     /* silence shown as a pause after this, default 0.1 s */
    double min_pause_s;      /* pauses counted from this length, default 0.25 s;
                                shorter silences between sounding stretches count
                                as speaking (as pd_analysis_config) */
    double min_sounding_s;   /* sounding stretches shorter than this are not
                                speech, default 0.10 s (as pd_analysis_config) */
    double level_window_s;   /* threshold statistics window, default 20 s */
    double pace_window_s;    /* speaking time (not wall time) the pace is over,
                                default PD_LIVE_PACE_WINDOW_S */
    int pace_min_syllables;  /* no pace until its window holds this many
                                syllables, default PD_LIVE_PACE_MIN_SYLLABLES */
    double pitch_window_s;   /* wall time the pitch spread is over, default 5 s */
    double f0_min_hz, f0_max_hz; /* voicing search, default 50-500 */
    pd_live_update_fn on_update; /* optional, called on the feeding thread */
    void *user;
} pd_live_config;

typedef struct pd_live pd_live;

void pd_live_config_init(pd_live_config *cfg);
/* rate in Hz (PD_MIN_RATE_HZ..PD_MAX_RATE_HZ), channels 1..64. cfg NULL
 * gives the defaults. Returns PD_ERR_INVALID_ARG, PD_ERR_UNSUPPORTED_RATE,
 * PD_ERR_NOMEM or PD_ERR_LIBRARY; *out untouched on error. */
pd_status pd_live_create(const pd_live_config *cfg, int rate_hz, int channels, pd_live **out);
void pd_live_destroy(pd_live *m);   /* accepts NULL */
/* frames: count of frames (one sample per channel). Non-finite samples are
 * counted as silence. Feeding thread only. */
pd_status pd_live_feed(pd_live *m, const float *interleaved, size_t frames);
/* The newest published meter; feeding thread only. */
const pd_live_meter *pd_live_current(const pd_live *m);
/* Any one other thread: copies the newest published meter into *out and
 * returns 1 when it is newer than the previous read, else 0 (and *out is
 * the same meter again; all zero before the first update). */
int pd_live_read(pd_live *m, pd_live_meter *out);

/* The live pace against a band (live_pace.c): what the drill's pace bar
 * and pace cue show. band: 1 faster than fast_syl_s, -1 slower than
 * slow_syl_s, 0 inside or no pace (NaN): the bar. cue: the same side once
 * the pace has been outside the band for hold_s without a break, 0 as soon
 * as it is back inside: a pace cue may be shown only while cue != 0. Pure;
 * one judge per take, fed every meter update with the meter's stream time. */
#define PD_PACE_CUE_HOLD_S 1.0
typedef struct pd_pace_judge {
    double slow_syl_s, fast_syl_s; /* the band: the report's articulation band */
    double hold_s;                 /* default PD_PACE_CUE_HOLD_S */
    int band, cue;
    double out_since_s;            /* NaN while inside */
} pd_pace_judge;
void pd_pace_judge_init(pd_pace_judge *j, double slow_syl_s, double fast_syl_s);
/* returns j->cue after taking in the pace at t_s (s, increasing) */
int pd_pace_judge_update(pd_pace_judge *j, double pace_syl_s, double t_s);
/* the bar's side of the band: 1, -1 or 0 (inside, or NaN) */
int pd_pace_band(double pace_syl_s, double slow_syl_s, double fast_syl_s);

#ifdef __cplusplus
}
#endif
#endif
