/* live_source.h - a drill's capture as the app sees it: a take being
 * recorded to a file, with live meters.
 *
 * The app polls a pd_live_source once per frame; it never blocks. Two
 * implementations are meant to exist:
 * - the demo source (below): a recording played into the drill in real
 *   time (by a clock), written to the take file and metered as it goes, so
 *   the whole flow works with no microphone (`podium --demo`, CI);
 * - the microphone (issue 3): pd_recorder_start / poll / read_meter /
 *   finish of audio_io.h map one to one onto these functions (its writer
 *   thread writes and meters; the app only reads the newest meter).
 * Data flow: capture -> take file + meters -> (after finish) the analysis. */
#ifndef PODIUM_LIVE_SOURCE_H
#define PODIUM_LIVE_SOURCE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What the drill screen shows; NaN where not known yet. The figures are
 * pd_live's (live.h). */
typedef struct pd_source_meter {
    double t_s;              /* audio captured so far, s */
    double loudness_lufs;    /* momentary (400 ms) loudness, LUFS */
    int heard_speech;        /* 1 once any speech was heard */
    int speaking;            /* 1 while speaking, 0 in a pause or before speech */
    double pause_s;          /* length of the current pause, s (0 while speaking) */
    double pace_syl_s;       /* running pace: syllables per second of speaking
                                over the last 15 s of speaking (pauses excluded:
                                an articulation rate, not the report's speech
                                rate); NaN until stable (pd_live_meter) */
    double pitch_sd_st;      /* spread of the pitch over the last 5 s, semitones
                                (pd_live_meter.pitch_sd_st); NaN until measured */
} pd_source_meter;

#define PD_SOURCE_LOST_MAX 64   /* = PD_RECORD_GAPS_MAX */

typedef struct pd_live_source pd_live_source;
struct pd_live_source {
    int rate_hz, channels;
    int demo;                /* 1: the demo source (a recording), 0: a microphone */
    char name[200];          /* what feeds it: "host API: device" for a microphone,
                                the sample file's name for the demo */
    /* Takes in what was captured since the last call (write, meter).
     * Never blocks. 0 while recording, -1 on a failure (device lost, disk
     * full) described in err: what was recorded so far stays in the file. */
    int (*poll)(pd_live_source *s, char *err, size_t err_len);
    void (*meter)(pd_live_source *s, pd_source_meter *out);
    /* Stops and completes the take file. 0, or -1 with err set. */
    int (*finish)(pd_live_source *s, char *err, size_t err_len);
    /* Set by finish: where the capture lost input and the take holds
     * silence instead ([start, end) s of the take, in order; the
     * recorder's gaps, audio_io.h). Neither speech nor pause: the drill
     * leaves them out of the analysis and says so. None for the demo. */
    double lost_s[PD_SOURCE_LOST_MAX][2];
    int n_lost;
    void (*destroy)(pd_live_source *s);   /* after finish (or to abandon) */
};

/* Seconds on a monotonic clock: the app's (an injected one in tests). */
typedef double (*pd_clock_fn)(void *ctx);

/* The demo source: sample_path played (then gap_s of silence, over and
 * over) at the pace of clock, written to take_path (16-bit WAV) and metered
 * by pd_live (live.h; lang is accepted for future use and not needed).
 * threaded: a capture thread writes and meters every 10 ms (clock must then
 * be safe to call from it: a real clock); else poll() does it (tests with an
 * injected clock, deterministic). On failure returns non-zero with a
 * one-line message in err. */
int pd_demo_source_create(const char *sample_path, const char *take_path, double gap_s,
                          pd_clock_fn clock, void *clock_ctx, const char *lang, int threaded,
                          pd_live_source **out, char *err, size_t err_len);

/* The microphone recording to take_path, through the recording library's
 * recorder (built when it is present: PODIUM_HAVE_RECORDER). device: an
 * input name or part of one as `podium record --device` takes it, NULL for
 * the default input. Non-zero + a one-line err (no microphone, device
 * busy...) on failure. */
int pd_mic_source_create(const char *take_path, const char *device, pd_live_source **out,
                         char *err, size_t err_len);

static inline void pd_live_source_destroy(pd_live_source *s)
{
    if (s) s->destroy(s);
}

#ifdef __cplusplus
}
#endif
#endif
