/* ask.h - a question from the audience, spoken aloud (issue 9): when its
 * answer window opens, what of the take is kept out of the analysis, and
 * the spoken sound made ready for the output. Pure: state and times in,
 * decisions and samples out (no SDL, no PortAudio).
 *
 * A question is shown (the bubble) and, when it can be spoken, its sound
 * is synthesised off the UI thread and then scheduled on the sound output
 * at out_start_s..out_end_s (the output's clock: seconds of its samples, as
 * the distraction sounds' are, distract.h). The answer's PD_ASK_ANSWER_S
 * start when the sound has come out (the output's played clock, latency
 * taken off, reaches out_end_s); when it is not spoken (no voice, no
 * output, the setting off), when the question is shown: the bubble alone.
 *
 * Through loudspeakers the microphone hears the question: its interval in
 * the take's time, [out_start_s + t0 + latency, out_end_s + t0 + latency +
 * PD_ASK_TAIL_S] (t0: the take's time when the output started; the tail:
 * the room's echo, as the distraction sounds' PD_DISTRACT_TAIL_S), is added
 * to the take's excluded intervals in time order, merged. */
#ifndef PODIUM_ASK_H
#define PODIUM_ASK_H

#include <stddef.h>
#include "podium/analysis.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PD_ASK_ANSWER_S 30.0   /* the answer window (issue 9: 30 s by default) */
#define PD_ASK_TAIL_S 0.3      /* excluded after the spoken question's end */

typedef enum pd_ask_phase {
    PD_ASK_VOICING,    /* being synthesised: the window waits */
    PD_ASK_SPEAKING,   /* scheduled on the output: the window waits for its end */
    PD_ASK_ANSWER      /* the answer window runs from answer_from_s */
} pd_ask_phase;

typedef struct pd_ask {
    pd_ask_phase phase;
    double shown_s;              /* app time the bubble appeared */
    double out_start_s, out_end_s; /* the spoken sound on the output's clock (SPEAKING, ANSWER) */
    int spoken;                  /* 1 once scheduled */
    double answer_from_s;        /* app time the answer window opened (ANSWER) */
} pd_ask;

/* The question shown at now_s; will_speak 1: its sound is on its way
 * (VOICING), 0: the bubble alone (ANSWER from now_s). */
void pd_ask_begin(pd_ask *a, double now_s, int will_speak);
/* Its sound scheduled on the output at [out_start_s, out_end_s). */
void pd_ask_scheduled(pd_ask *a, double out_start_s, double out_end_s);
/* It cannot be spoken after all (the synthesis or the output failed): the
 * window opens at now_s. */
void pd_ask_unspoken(pd_ask *a, double now_s);
/* Each frame: played_s is the output's clock (what has come out of it,
 * latency taken off). The window opens at now_s once played_s reaches the
 * sound's end. */
void pd_ask_step(pd_ask *a, double now_s, double played_s);
/* Seconds of the answer window left at now_s: all window_s until it opens,
 * then counting down to 0. */
double pd_ask_left_s(const pd_ask *a, double now_s, double window_s);

/* The take's interval to exclude for a sound that played on the output at
 * [out_start_s, out_end_s): shifted by t0_take_s (the take's time when the
 * output started) and latency_s, PD_ASK_TAIL_S added at the end, clipped
 * at 0. */
pd_interval pd_ask_exclusion(double out_start_s, double out_end_s, double t0_take_s, double latency_s);

/* Resamples x[0..n) from in_hz to out_hz into out (room for
 * pd_resample_frames(n, in_hz, out_hz) frames): windowed sinc (Blackman,
 * PD_RESAMPLE_HALF_TAPS input periods each side, cut at the lower rate's
 * Nyquist: Smith, "Digital Audio Resampling", ccrma.stanford.edu/~jos/resample).
 * Returns the frames written (0 when a rate is not positive). */
#define PD_RESAMPLE_HALF_TAPS 16
size_t pd_resample_frames(size_t n, int in_hz, int out_hz);
size_t pd_resample(const float *x, size_t n, int in_hz, int out_hz, float *out);

/* The spoken sound made ready: its peak scaled to peak_dbfs (as the
 * distraction sounds are rendered, PD_DISTRACT_PEAK_DBFS) and its loudness
 * measured (BS.1770 integrated, libebur128) into *lufs (NaN when silent or
 * too short to measure). Returns 0, or 1 when x is silent. */
int pd_ask_prepare(float *x, size_t n, int rate_hz, double peak_dbfs, double *lufs);

#ifdef __cplusplus
}
#endif
#endif
