/* feedback.h - plain-language advice from a report's figures.
 *
 * Every rule compares one measured figure with one bound from a single table
 * (pd_feedback_bounds) and produces a pd_feedback_item that names both. The
 * defaults come from shared/REFERENCE.md (sources in README.md); a user can
 * override any bound with a config file of "name = value" lines. */
#ifndef PODIUM_FEEDBACK_H
#define PODIUM_FEEDBACK_H

#include <stddef.h>
#include "podium/analysis.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pd_feedback_bounds {
    double pace_fast_syl_s;        /* speech rate above this: too fast */
    double pace_slow_syl_s;        /* speech rate below this: too slow */
    double articulation_fast_syl_s;/* rate between pauses above this: rushed */
    double articulation_slow_syl_s;/* rate between pauses below this: drawn out */
    double rush_start_ratio;       /* first third's pace / the rest's */
    double pauses_per_min_max;     /* silent pauses per minute of speech */
    double long_pauses_max;        /* pauses >= long_pause_s allowed */
    double filled_pauses_pct_max;  /* filled pauses per 100 estimated words */
    double f0_sd_flat_st;          /* pitch SD under this: flat delivery */
    double loudness_quiet_lufs;    /* integrated loudness under this: too quiet */
    double clipped_samples_max;    /* clipped samples allowed */
    double trail_off_db;           /* last third quieter than the rest by this */
    double min_speech_s;           /* shorter takes get no pace/pitch advice */
    /* timing against a target length (a drill's; Toastmasters' timing rules) */
    double time_over_s;            /* more than this over the target: advice */
    double time_grace_s;           /* more than this over: past a contest's grace */
    double time_short_ratio;       /* stopped before this share of the target: advice */
} pd_feedback_bounds;

typedef struct pd_bound_info {
    const char *name;              /* config-file key, = field name */
    size_t offset;                 /* offsetof(pd_feedback_bounds, ...) */
    const char *unit;
    const char *doc;               /* one line: what it bounds and why */
    double lo, hi;                 /* the range a config may set (shown by 'podium bounds') */
} pd_bound_info;

void pd_feedback_bounds_init(pd_feedback_bounds *b);
/* The documented table of bounds; *n receives its length. */
const pd_bound_info *pd_feedback_bound_table(size_t *n);
/* Applies "name = value" lines (# comments, blank lines allowed) to b.
 * A value is a plain decimal (pd_config_value) inside the bound's lo..hi.
 * On error returns PD_ERR_PARSE and writes a message naming the line to err. */
pd_status pd_feedback_bounds_parse(pd_feedback_bounds *b, const char *text,
                                   char *err, size_t err_len);

/* A config value: optional spaces, a plain decimal number (an optional
 * '-', digits, an optional '.' and digits; at most 24 characters: no
 * exponent, hex, inf or nan, which a person does not mean), optional
 * spaces (and a CR) to the end of s. Returns 1 with *v set, or 0. */
int pd_config_value(const char *s, double *v);

/* Advice about a moment of the take carries its span (pd_feedback_item
 * .moment, seconds of take time) and names its start in the message ("at
 * 0:12"), so a screen can replay it:
 *   long_pauses    the longest pause (one of report.pauses)
 *   hesitations    the densest filled pauses: the PD_FILLED_CLUSTER_S window
 *                  holding the most (the first on a tie; one alone: the first),
 *                  from its first filled pause's start to its last one's end
 *   rushing_start  the first third of the speech span (pace_by_third_syl_s[0])
 *   trailing_off   the last third of the speech span (level_by_third_db[2]: the
 *                  analysis measures the mean level per third, not each phrase end)
 *   time_over      from the target to the end of the take
 * Every other item is about the take as a whole (an empty moment). */
#define PD_FILLED_CLUSTER_S 10.0
/* 1 when f is about a moment (a non-empty f->moment). */
int pd_feedback_has_moment(const pd_feedback_item *f);

/* Fills r->feedback (replacing any earlier items). ui_lang: "en" or "it". */
pd_status pd_feedback_evaluate(pd_report *r, const pd_feedback_bounds *b, const char *ui_lang);
/* The same, with the timing rules for a take of target_s seconds (a drill's
 * length; NaN or <= 0: none, as pd_feedback_evaluate): the take's duration
 * held against the target (ids "time_over", "time_short", "time_ok"). */
pd_status pd_feedback_evaluate_timed(pd_report *r, const pd_feedback_bounds *b, double target_s,
                                     const char *ui_lang);

#ifdef __cplusplus
}
#endif
#endif
