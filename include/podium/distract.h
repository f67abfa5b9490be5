/* distract.h - distraction sounds, synthesised by Podium at run time (no
 * sample files), and when they happen in a drill. Pure code: no I/O, no
 * allocation after create, deterministic from a seed. The sound goes out
 * through src/audio (distract_out.h); the drill shows each sound on a
 * person of the audience (pd_crowd_cue) and keeps its interval out of the
 * take's analysis (pd_analysis_config.exclude), since a microphone hears
 * the loudspeakers.
 *
 * Sounds (the cues of audience.h, pd_cue): a cough (two bursts of
 * band-passed noise), a phone ringing with the ring cadence of the
 * interface's country (en: the UK's 400+450 Hz, 0.4 s on, 0.2 s off, 0.4 s
 * on, 2 s off; it: Italy's 425 Hz, 1 s on, 4 s off: ITU-T E.180 Suppl. 2),
 * a notification (two short tones), a chair scraping (stick-slip friction:
 * a pulse train through a sweeping resonance), paper rustling (sparse
 * crackles), a door (a low thump and a latch click); and the murmur of a
 * room under them (babble: a few talkers' worth of speech-shaped noise with
 * syllabic envelopes).
 */
#ifndef PODIUM_DISTRACT_H
#define PODIUM_DISTRACT_H

#include <stddef.h>
#include <stdint.h>
#include "podium/analysis.h"
#include "podium/audience.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PD_DISTRACT_MAX_EVENTS 256
#define PD_DISTRACT_FIRST_S 5.0   /* nothing in the first seconds of a drill */
#define PD_DISTRACT_MIN_GAP_S 6.0 /* between the end of one sound and the next */
#define PD_DISTRACT_TAIL_S 0.3    /* excluded after a sound's end (the room's echo) */
#define PD_DISTRACT_LEAD_S 0.05   /* excluded before its start (output latency) */
#define PD_DISTRACT_PEAK_DBFS (-12.0)   /* every sound's peak as rendered */
#define PD_DISTRACT_UNDER_SPEECH_DB 3.0 /* a sound's loudness under the speaker's (issue 9: 0-6 dB) */
#define PD_DISTRACT_MAX_PEAK_DBFS (-1.0)/* the level set against the speech never clips */
#define PD_DISTRACT_MURMUR_DBFS (-40.0) /* the murmur's long-term RMS as rendered */
#define PD_DISTRACT_MURMUR_UNDER_DB 12.0 /* the murmur under the speaker's loudness (issue 9: 10-15 dB) */
#define PD_DISTRACT_MURMUR_MAX_GAIN_DB 30.0 /* set against the speech, at most this over as rendered */

/* One distraction in a drill: what, when (seconds from the drill's start),
 * how long, and who in the audience "makes" it (-1: nobody seen, e.g. the
 * door). */
typedef struct pd_distract_event {
    pd_cue kind;
    double t_s;
    double dur_s;
    int person;
} pd_distract_event;

/* The length of a sound of this kind in the interface's language lang
 * ("en", "it": the phone's cadence differs), seconds. */
double pd_distract_duration_s(pd_cue kind, const char *lang);

/* A drill's distractions: per_min a minute on average (0: none) over
 * length_s seconds, none before PD_DISTRACT_FIRST_S, at least
 * PD_DISTRACT_MIN_GAP_S between one's end and the next's start, intervals
 * otherwise exponential (a Poisson process), kinds drawn from the seed
 * (every kind, the phone not twice in a row). crowd_n people in the
 * audience: each event's person is drawn among them (-1 when crowd_n is 0,
 * and for the door). Returns how many were written to ev (at most max). */
size_t pd_distract_plan(int per_min, double length_s, const char *lang, int crowd_n, uint64_t seed,
                        pd_distract_event *ev, size_t max);

/* Adds iv to v[0..n) (in time order, no two overlapping), merging what it
 * overlaps or touches, and keeps the order; when v is full (cap) and iv
 * overlaps nothing, the latest interval is dropped. Non-finite or empty
 * intervals are left out. Returns the new count. */
size_t pd_intervals_add(pd_interval *v, size_t n, size_t cap, pd_interval iv);

/* The intervals of the analysis to exclude for these events:
 * [t - PD_DISTRACT_LEAD_S, t + dur + PD_DISTRACT_TAIL_S], clipped at 0,
 * overlapping ones merged, in time order. Returns how many were written. */
size_t pd_distract_exclusions(const pd_distract_event *ev, size_t n, pd_interval *out, size_t max);

/* The sound of a drill, rendered in pieces: the murmur (when murmur is 1)
 * plus every event at its time. State only (no allocation): render as many
 * frames as wanted, in order. */
/* One sound's synthesis state (private: the fields may change). */
typedef struct pd_distract_voice {
    int kind, rate_hz, italian;   /* pd_cue; the phone's cadence: Italy's, else the UK's */
    long long i, n;               /* frame within the sound, its length in frames */
    uint64_t rng[2];
    double gain;                  /* sets the peak at PD_DISTRACT_PEAK_DBFS */
    double p[8];                  /* parameters drawn at the start (frequencies, times) */
    double c[10];                 /* filter coefficients: two biquads b0, b1, b2, a1, a2 */
    double z[8];                  /* filter states, phases, envelopes */
} pd_distract_voice;

typedef struct pd_distract_track {
    int rate_hz;
    int murmur;
    const pd_distract_event *ev;  /* not owned: valid while rendering */
    size_t n_ev;
    char lang[8];
    uint64_t seed;
    uint64_t rng[2];
    long long pos;                /* frames rendered so far */
    /* murmur: talkers' filter and envelope states */
    double talk_phase[4], talk_rate[4], talk_gain[4];
    double talk_amp[4];           /* this syllable's amplitude */
    double talk_on[4];            /* 1 inside a phrase, 0 in a phrase gap */
    long long talk_left[4];       /* frames left in the phrase or the gap */
    double bp[4][8];              /* per talker: two band-pass biquads' states x1, x2, y1, y2 */
    double bp_coef[5];            /* shared band-pass coefficients b0, b1, b2, a1, a2 */
    double murmur_gain;           /* unit-RMS filtered noise to the murmur's level */
    pd_distract_voice voice;      /* the sound playing (voice.i == voice.n: none) */
    size_t ev_cur;                /* the next event to start */
    pd_distract_voice dry;        /* the next event's silent pass, for its peak */
    double dry_peak;
    size_t dry_ev;                /* the event dry belongs to ((size_t)-1: none) */
} pd_distract_track;

/* ev in time order (as pd_distract_plan gives them); an event that starts
 * while another sounds is not played. A rate outside PD_MIN_RATE_HZ ..
 * PD_MAX_RATE_HZ is taken as 48 kHz. */
void pd_distract_track_init(pd_distract_track *t, int rate_hz, int murmur, const pd_distract_event *ev,
                            size_t n_ev, const char *lang, uint64_t seed);
/* The next frames of the track, mono, -1..1 (the murmur near -40 dBFS RMS,
 * sounds peaking near -12 dBFS). */
void pd_distract_render(pd_distract_track *t, float *out, size_t frames);

/* The loudness of a sound of this kind as rendered (BS.1770 integrated
 * loudness over the sound, libebur128), LUFS; NaN when it cannot be
 * measured. Allocates (the sound's samples), so call it before a drill. */
double pd_distract_loudness_lufs(pd_cue kind, const char *lang, int rate_hz);

/* The gain, dB, that puts a sound of loudness sound_lufs (and peak
 * sound_peak_dbfs, as rendered) PD_DISTRACT_UNDER_SPEECH_DB under the
 * speaker's loudness speech_lufs (the live meter's), its peak kept under
 * PD_DISTRACT_MAX_PEAK_DBFS; 0 (the sound as rendered) when either
 * loudness is not finite (the speaker not heard yet). */
double pd_distract_gain_db(double speech_lufs, double sound_lufs, double sound_peak_dbfs);

/* The murmur's loudness as rendered (BS.1770 integrated loudness of 10 s of
 * it, libebur128), LUFS; NaN when it cannot be measured. Allocates. */
double pd_distract_murmur_loudness_lufs(int rate_hz);
/* The gain, dB, that puts the murmur (loudness murmur_lufs as rendered)
 * PD_DISTRACT_MURMUR_UNDER_DB under the speaker's loudness speech_lufs, at
 * most PD_DISTRACT_MURMUR_MAX_GAIN_DB; 0 (as rendered) when either loudness
 * is not finite. */
double pd_distract_murmur_gain_db(double speech_lufs, double murmur_lufs);

/* One sound alone, from its start, into out (at most cap frames); returns
 * the frames written (its duration at rate_hz, or cap). For tests and the
 * benchmark. */
size_t pd_distract_render_one(pd_cue kind, const char *lang, uint64_t seed, int rate_hz, float *out, size_t cap);

#ifdef __cplusplus
}
#endif
#endif
