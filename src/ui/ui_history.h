/* ui_history.h - what the app needs from the practice history.
 *
 * The history store (issue 4, SQLite) implements this interface; until it
 * lands, pd_history_memory_create() keeps the takes of the session in memory.
 * No SDL here. */
#ifndef PODIUM_UI_HISTORY_H
#define PODIUM_UI_HISTORY_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

struct pd_report;   /* analysis.h */
struct pd_feedback_item;
struct pd_feedback_bounds;   /* feedback.h */
struct pd_ladder;   /* exposure.h */
struct pd_exposure;
struct pd_interval;   /* analysis.h */

#define PD_TAKE_MARKS_MAX 10   /* answers' starts a take summary carries (ui.h UI_QUESTIONS_MAX) */
#define PD_TAKE_LOST_MAX 64    /* spans of lost input kept with a take (live_source.h PD_SOURCE_LOST_MAX) */

typedef struct pd_take_summary {
    long long id;
    time_t when;
    char path[700];              /* the take's audio file */
    double target_s;             /* drill length asked for */
    double duration_s;
    double pace_syl_s;           /* NaN when no speech */
    double wpm_est;
    int pauses, long_pauses, filled_pauses;
    double pauses_per_min;       /* silent pauses per minute of speech */
    double filled_per_100w;      /* filled pauses per 100 estimated words */
    double loudness_lufs;        /* NaN when silent */
    double f0_sd_st;             /* NaN when unvoiced */
    double f0_median_hz;         /* pitch level, NaN when unvoiced */
    int starred;
    char note[160];
    char lang[8];                /* the language spoken ("en", "it"): re-analyses use it */
    /* where the answers to the audience's questions began, take time in s;
     * filled for add (kept with the take), not by list/get: see moments */
    double marks[PD_TAKE_MARKS_MAX];
    int n_marks;
    /* for add only (not copied by list/get: see lost): where the recording
     * lost input, left out of its analysis; the caller's array */
    const struct pd_interval *lost;
    int n_lost;
} pd_take_summary;

typedef struct pd_history pd_history;
struct pd_history {
    /* Newest first, at most max; returns how many were written. */
    int (*recent)(pd_history *h, pd_take_summary *out, int max);
    /* A page of the takes, newest first: the takes offset .. offset+max-1
     * (offset 0 = the newest); returns how many were written (fewer at the
     * end), -1 on failure. The History screen holds only such a window. */
    int (*list)(pd_history *h, int offset, pd_take_summary *out, int max);
    /* How many takes there are (pd_store_count), -1 on failure. */
    int (*count)(pd_history *h);
    /* Adds a take (its report too, when the store keeps reports; may be
     * NULL); sets t->id, and t->path when the store keeps its own copy of
     * the recording. 0 on success. */
    int (*add)(pd_history *h, pd_take_summary *t, const struct pd_report *report);
    /* 0 on success, non-zero when there is no such take. */
    int (*get)(pd_history *h, long long id, pd_take_summary *out);
    /* The moments kept with take id: the intervals its analysis left out
     * (the distraction sounds its drill played; the report's excluded) and
     * its answers' starts, at most max_excl / max_marks each, in time order.
     * 0 on success (none is a success). */
    int (*moments)(pd_history *h, long long id, struct pd_interval *excl, int max_excl, int *n_excl,
                   double *marks, int max_marks, int *n_marks);
    /* Where take id's recording lost input (pd_take_summary.lost as it was
     * added), at most max, in time order; 0 on success (none is one). */
    int (*lost)(pd_history *h, long long id, struct pd_interval *out, int max, int *n);
    int (*set_star)(pd_history *h, long long id, int star);
    int (*set_note)(pd_history *h, long long id, const char *note);
    /* Forgets the take and deletes its recording. */
    int (*remove)(pd_history *h, long long id);
    /* Optional (NULL: the app falls back on the listed takes). metric is a
     * pd_metric (store.h).
     * trend: the metric over time where it was measured, oldest first, the
     * newest max points (pd_store_trend); ids beside. Returns how many, or
     * -1 on failure. */
    int (*trend)(pd_history *h, int metric, long long *ids, double *values, int max);
    /* baseline: the personal baseline of the metric (pd_store_baseline: the
     * marked take, else the median of the last 5 takes with speech); *value
     * NaN when there is none, *marked 1 for a marked take. 0 on success. */
    int (*baseline)(pd_history *h, int metric, double *value, int *marked);
    /* Optional: the advice of report r against the baseline, as `podium
     * show` gives it (pd_baseline_feedback): for kept take id, the baseline
     * of its own time (pd_store_baseline_before); for a new take (id 0) the
     * current one. None for a take under b->min_speech_s of speech. Writes
     * up to max items; returns how many, -1 on failure. *n_takes: the takes
     * of the median, 0 when the baseline is a marked take (-1: none). */
    int (*baseline_advice)(pd_history *h, long long id, const struct pd_report *r,
                           const struct pd_feedback_bounds *b, const char *ui_lang,
                           struct pd_feedback_item *items, int max, int *n_takes);
    /* Optional: analyses a recording left behind (a take whose drill ended
     * with the app closed or killed before it was kept) and adds it; the
     * file is removed once the history holds its copy. 0 on success, *id
     * (may be NULL) the take's id. */
    int (*recover)(pd_history *h, const char *path, double target_s, const char *lang,
                   const char *ui_lang, long long *id);
    /* The desensitisation programme (exposure.h). Optional: NULL when the
     * history cannot keep it. ladder: the stored ladder, or the default one
     * in lang the first time (*created 1). save_ladder assigns ids to new
     * steps. save_exposure inserts (e->id 0; id assigned) or updates.
     * exposures: every exposure, oldest first, at most max; returns how
     * many, -1 on failure. Each other returns 0 on success. */
    int (*ladder)(pd_history *h, const char *lang, struct pd_ladder *l, int *created);
    int (*save_ladder)(pd_history *h, struct pd_ladder *l);
    int (*save_exposure)(pd_history *h, struct pd_exposure *e);
    int (*exposures)(pd_history *h, struct pd_exposure *out, int max);
    /* Optional: the message of the last failure (what failed and what to do,
     * e.g. a damaged database), once: "" until the next failure. The app
     * shows it in its banner. */
    const char *(*error)(pd_history *h);
    void (*destroy)(pd_history *h);
};

pd_history *pd_history_memory_create(void);
/* The SQLite history store (issue 4), when built in (PODIUM_HAVE_STORE);
 * NULL + err on failure. */
pd_history *pd_history_store_create(char *err, size_t err_len);
/* Removes a take file and the recorder's sidecar beside it (PATH.json:
 * frames, dropped frames, rate; written for microphone takes). */
static inline void pd_take_file_remove(const char *path)
{
    char side[760];
    snprintf(side, sizeof side, "%s.json", path);
    remove(path);
    remove(side);
}

static inline void pd_history_destroy(pd_history *h)
{
    if (h) h->destroy(h);
}

#endif
