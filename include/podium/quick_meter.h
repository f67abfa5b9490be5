/* quick_meter.h - small live meters for the demo drill: loudness,
 * speaking/pausing and running pace, from the samples fed so far.
 *
 * Stand-in until the recording library's meters (issue 3, pd_live in
 * live.h) are merged: the app never sees this module directly, only the
 * pd_source_meter figures of a pd_live_source (live_source.h). Loudness is
 * BS.1770 momentary loudness (400 ms, libebur128); speaking/pausing uses
 * the analysis's rule (a pause is a stretch more than silence_below_db
 * under the speech level, at least min_pause_s long), with the speech level
 * held as a slowly decaying peak of the 10 ms levels; the running pace is
 * the analysis core itself (pd_analyse_buffer) run once a second on the last
 * window_s seconds, so the live figure and the report's are the same measure.
 *
 * Threading: one thread at a time. feed() allocates only when it re-runs the
 * pace analysis (once per pace_every_s of audio). */
#ifndef PODIUM_QUICK_METER_H
#define PODIUM_QUICK_METER_H

#include <stddef.h>
#include "podium/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pd_quick_meter_config {
    double window_s;          /* pace window, default 8 s */
    double pace_every_s;      /* pace refresh, default 1 s */
    double silence_below_db;  /* pause threshold under the speech level, default 25 dB */
    double min_pause_s;       /* default 0.25 s (as the analysis) */
    double level_decay_db_s;  /* speech-level peak decay, default 1 dB/s */
    char lang[8];             /* "en" or "it": words-per-minute estimate */
} pd_quick_meter_config;

typedef struct pd_quick_levels {
    double t_s;               /* audio fed so far, seconds */
    double loudness_m_lufs;   /* momentary loudness, NaN before 400 ms or in silence */
    double level_db;          /* smoothed level of the last 10 ms, dBFS */
    int speaking;             /* 1 while sounding (or in a gap shorter than min_pause_s) */
    double pause_s;           /* length of the current pause, 0 while speaking */
    double pace_syl_s;        /* speech rate over the last window, NaN until known */
    double wpm_est;           /* the same in estimated words per minute, NaN until known */
    double speech_s;          /* total sounding time so far */
    int heard_speech;         /* 1 once any speech has been heard */
} pd_quick_levels;

typedef struct pd_quick_meter pd_quick_meter;

void pd_quick_meter_config_init(pd_quick_meter_config *cfg, const char *lang);
/* rate_hz 8000..192000, channels >= 1. */
pd_status pd_quick_meter_create(const pd_quick_meter_config *cfg, int rate_hz, int channels,
                               pd_quick_meter **out);
/* frames: count of interleaved frames. */
pd_status pd_quick_meter_feed(pd_quick_meter *m, const float *interleaved, size_t frames);
void pd_quick_meter_get(const pd_quick_meter *m, pd_quick_levels *out);
void pd_quick_meter_destroy(pd_quick_meter *m);   /* accepts NULL */

#ifdef __cplusplus
}
#endif
#endif
