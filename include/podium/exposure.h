/* exposure.h - the desensitisation programme: a graded ladder of speaking
 * exposures, one exposure session step by step, the suggestion rules and the
 * data of the progress charts. Pure code: no I/O, no SDL, no SQLite; the
 * screens (src/ui), the tables (src/store) and the CLI all share it.
 *
 * Sources (see README, "The desensitisation programme"):
 *   - graded exposure hierarchies of 10-20 items, started at a step rated
 *     about 40 or less; SUDS 0-100 before, at peak and after (Wolpe 1969);
 *   - the expectancy check of inhibitory learning and varied exposures
 *     (Craske et al. 2008, 2014);
 *   - three consecutive speeches per session (Takac et al. 2019: distress
 *     fell over three speeches, not within one);
 *   - within- and between-session habituation both go with a good outcome
 *     (Rupp et al. 2017), so the suggestion rule is a visible heuristic;
 *   - paced breathing at about 6 breaths a minute (inhale 4 s, exhale 6 s;
 *     Lehrer & Gevirtz 2014 on resonance-frequency breathing). */
#ifndef PODIUM_EXPOSURE_H
#define PODIUM_EXPOSURE_H

#include <stddef.h>
#include <stdint.h>
#include "podium/status.h"
#include "podium/strbuf.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PD_RATING_NONE    (-1) /* a rating that was skipped or not asked */
#define PD_STEP_TITLE_MAX 120
#define PD_FEARED_MAX     200
#define PD_LADDER_MAX     40  /* steps in a ladder */
#define PD_REPS_MAX       10
#define PD_DRILL_S_MAX    1800
#define PD_PREP_S_MAX     600
#define PD_AUDIENCE_MAX   20

/* ---- a step of the ladder -------------------------------------------------- */

typedef enum pd_card_mode {
    PD_CARD_OWN = 0, /* your own card (the one chosen on Home), shown */
    PD_CARD_VARIED,  /* a different card each repetition, shown */
    PD_CARD_HIDDEN,  /* your card hidden: from memory */
    PD_CARD_TOPIC,   /* a surprise topic, shown only when the preparation starts */
    PD_CARD_COUNT
} pd_card_mode;

typedef enum pd_attitude {
    PD_ATT_NONE = 0, /* no audience */
    PD_ATT_STARING,  /* every eye on the speaker, silent, nothing but blinks */
    PD_ATT_ATTENTIVE,
    PD_ATT_NEUTRAL,
    PD_ATT_BORED,
    PD_ATT_CRITICAL,
    PD_ATT_COUNT
} pd_attitude;

/* The audience a step asks for: drawn in the drill (audience.h), with its
 * distraction sounds (distract.h) and its questions after the pitch
 * (src/ui/drill_questions.c). */
typedef struct pd_audience {
    int size;             /* people, 0 = alone; 1..PD_AUDIENCE_MAX */
    pd_attitude attitude; /* of most of them */
    int bored;            /* of size, how many are bored instead (a mixed room) */
    int distractions;     /* distraction sounds a minute, 0 = none */
    int questions;        /* questions from the audience after the pitch, 0 = none */
} pd_audience;

typedef struct pd_step {
    int64_t id;                    /* the store's row id (0: not stored yet) */
    char title[PD_STEP_TITLE_MAX]; /* UTF-8, never empty */
    int real_world;                /* done away from the computer, logged afterwards */
    int drill_s;                   /* drill length, 0 = untimed (no timer) */
    int prep_s;                    /* preparation countdown, 0 = none */
    pd_card_mode card;
    int reps;                      /* repetitions in a session, 1..PD_REPS_MAX */
    int listen_back;               /* replay the take after the drill */
    int second_try;                /* a second try of a repetition is allowed */
    pd_audience audience;
    int expected;                  /* expected distress 0-100, PD_RATING_NONE: not rated */
} pd_step;

/* Defaults of a new step (60 s, 10 s preparation, own card, 3 repetitions). */
void pd_step_init(pd_step *s);
/* 0 when every field is in range; else non-zero and one line in err naming
 * the field and what is allowed. */
int pd_step_check(const pd_step *s, char *err, size_t err_len);
/* The step's parameters in plain words in lang ("en"/"it"), e.g. "60 s with
 * the timer, from memory, 3 times, listen back afterwards". */
void pd_step_describe(const pd_step *s, const char *lang, char *out, size_t out_len);
/* Non-zero when the step asks for something Podium does not give yet, with
 * what is to come in lang in out (may be NULL). Everything a step can ask
 * for is given now (the audience, its sounds, its questions): 0. */
int pd_step_needs_audience(const pd_step *s, const char *lang, char *out, size_t out_len);

const char *pd_card_mode_name(pd_card_mode m); /* "own", "varied", "hidden", "topic" */
int pd_card_mode_find(const char *name);       /* -1 when unknown */
const char *pd_attitude_name(pd_attitude a);   /* "none", "staring", ... */
int pd_attitude_find(const char *name);        /* -1 when unknown */

/* ---- the ladder ---------------------------------------------------------- */

typedef struct pd_ladder {
    pd_step step[PD_LADDER_MAX]; /* easiest first */
    int n;
    int current; /* index of the step the user is on (0..n-1; 0 when n == 0) */
} pd_ladder;

/* The default ladder (12 steps, a networking evening) in lang ("en"/"it";
 * anything else: English). */
void pd_ladder_default(pd_ladder *l, const char *lang);
/* Edits: each returns 0, or non-zero when the index is out of range or the
 * ladder is full. current follows the step it pointed at. */
int pd_ladder_insert(pd_ladder *l, int at, const pd_step *s);
int pd_ladder_remove(pd_ladder *l, int at);
int pd_ladder_move(pd_ladder *l, int from, int to);
int pd_ladder_duplicate(pd_ladder *l, int at); /* the copy goes after it, title + " (2)" */
/* Orders the steps by expected distress, easiest first (stable; steps not
 * rated keep their order after the rated ones). current follows its step. */
void pd_ladder_sort_by_expected(pd_ladder *l);
/* The step to start at: the hardest one rated 40 or less (exposure
 * hierarchies start there); the easiest rated step when all are above; 0
 * when none is rated. */
int pd_ladder_start_index(const pd_ladder *l);
#define PD_LADDER_START_MAX 40

/* The ladder as a small text file (see README, "Ladder files"):
 *   # comments
 *   podium-ladder 1
 *   current = 3
 *   [step]
 *   title = Say it from memory
 *   drill_s = 60  ... one "key = value" per parameter
 * pd_ladder_parse replaces *l only on success; on failure it returns
 * PD_ERR_PARSE and err names the line and the problem. */
void pd_ladder_write(const pd_ladder *l, pd_sb *out);
pd_status pd_ladder_parse(const char *text, pd_ladder *l, char *err, size_t err_len);

/* ---- fears and the expectancy check ----------------------------------------- */

typedef enum pd_fear {
    PD_FEAR_OWN = 0, /* the user's own words */
    PD_FEAR_BLANK,   /* my mind goes blank */
    PD_FEAR_SHAKE,   /* my voice shakes */
    PD_FEAR_BORED,   /* they look bored */
    PD_FEAR_TIME,    /* I run out of time */
    PD_FEAR_UM,      /* I say um all the time */
    PD_FEAR_COUNT
} pd_fear;
const char *pd_fear_key(pd_fear f);                  /* "own", "blank", ... */
int pd_fear_find(const char *key);                   /* -1 when unknown */
const char *pd_fear_text(pd_fear f, const char *lang); /* "my mind goes blank" */
/* The fear of an exposure from its stored text: a listed one when the text
 * is one of the list's (in either language), else PD_FEAR_OWN. */
pd_fear pd_fear_of_text(const char *text);

/* What the analysis measured that can speak to a fear (NaN: not known). */
typedef struct pd_take_facts {
    double duration_s, target_s;
    double speech_s;
    double filled_pauses;   /* count */
    double long_pauses;     /* count of pauses >= the long-pause bound */
    double longest_pause_s;
    double f0_sd_st, f0_median_hz, baseline_f0_hz;
} pd_take_facts;
void pd_take_facts_init(pd_take_facts *f); /* every field NaN */
/* The measured fact beside the feeling ("2 filled pauses in 60 s", "you
 * finished at 0:58 of 1:00"); returns 0 and writes "" when the analysis has
 * nothing to say about that fear. */
int pd_fear_fact(pd_fear f, const pd_take_facts *facts, const char *lang, char *out, size_t out_len);

/* The SUDS band of a rating (Wolpe 1969): 0-9 calm, 10-39 mild, 40-59
 * moderate, 60-89 strong, 90-100 the worst you can imagine. */
const char *pd_suds_words(int rating, const char *lang);
#define PD_SUDS_CALM_SENTENCE 90 /* from here a calm sentence and the breathing guide */
int pd_rating_valid(int r);      /* 0..100 or PD_RATING_NONE */

/* ---- an exposure (one attempt at a step) --------------------------------- */

typedef struct pd_exposure {
    int64_t id;       /* store row (0: not stored yet) */
    int64_t step_id;  /* the ladder step (0: the step was removed since) */
    char step_title[PD_STEP_TITLE_MAX]; /* the step's title at the time */
    int64_t date;     /* Unix seconds, UTC */
    int64_t session;  /* repetitions of one session share it (the first's date) */
    int rep;          /* 1.. within its session */
    int real_world;   /* logged afterwards, no drill in the app */
    int suds_before, suds_peak, suds_after; /* 0-100, PD_RATING_NONE: skipped */
    char feared[PD_FEARED_MAX];             /* "" = no expectation given */
    int likelihood;                         /* 0-100 or PD_RATING_NONE */
    int happened;                           /* 0-100 or PD_RATING_NONE */
    int64_t take_id;                        /* the take recorded (0: none) */
} pd_exposure;

void pd_exposure_init(pd_exposure *e); /* ratings NONE, no take */
/* 0 when every rating is 0-100 or NONE; else non-zero and err says which. */
int pd_exposure_check(const pd_exposure *e, char *err, size_t err_len);

/* ---- suggestions ---------------------------------------------------------- */

/* The rule after each exposure, a heuristic the user sees and can change
 * (config file keys as for the feedback bounds). */
typedef struct pd_exposure_rules {
    double up_fraction;   /* move up when the last `window` peaks are <= this x the first peak */
    double up_max;        /* ...or all <= this */
    double back_min;      /* suggest a step back when the last `window` peaks are all >= this */
    double window;        /* how many recent attempts the rule looks at */
    double recover_s;     /* recovery before "distress after" */
    double reps;          /* default repetitions of a new step */
} pd_exposure_rules;

typedef struct pd_rule_info {
    const char *name; /* config key */
    size_t offset;    /* offsetof(pd_exposure_rules, ...) */
    double lo, hi;    /* allowed range */
    const char *unit, *doc;
} pd_rule_info;

void pd_exposure_rules_init(pd_exposure_rules *r);
const pd_rule_info *pd_exposure_rule_table(size_t *n);
/* Applies the "name = value" lines whose name is one of the rules (other
 * names are left to pd_feedback_bounds_parse, which in turn skips these):
 * one config file holds both. A value out of range is PD_ERR_PARSE with the
 * line and the range. */
pd_status pd_exposure_rules_parse(pd_exposure_rules *r, const char *text, char *err, size_t err_len);

typedef enum pd_advice {
    PD_ADVICE_NONE = 0, /* no attempt with a peak rating yet */
    PD_ADVICE_UP,       /* you could try the next step */
    PD_ADVICE_STAY,     /* stay with this step */
    PD_ADVICE_BACK      /* a step back may help */
} pd_advice;

typedef struct pd_suggestion {
    pd_advice advice;
    int attempts;    /* attempts with a peak rating */
    int first_peak;  /* PD_RATING_NONE when none */
    int last_peak;
    char why[400];   /* one sentence with the figures, in lang */
} pd_suggestion;
const char *pd_advice_name(pd_advice a); /* "none", "up", "stay", "back" */

/* peaks: the step's peak ratings, oldest first (skipped ones left out).
 * is_last: the step is the top of the ladder (no "next step" to suggest). */
void pd_exposure_suggest(const int *peaks, int n, const pd_exposure_rules *rules, int is_last,
                         const char *lang, pd_suggestion *out);

/* ---- progress ---------------------------------------------------------------- */

typedef enum pd_step_status { PD_STATUS_NOT_STARTED = 0, PD_STATUS_PRACTISING, PD_STATUS_DONE } pd_step_status;
const char *pd_step_status_name(pd_step_status s); /* "not started", ... (English, for the CLI) */
const char *pd_step_status_words(pd_step_status s, const char *lang);

typedef struct pd_step_progress {
    pd_step_status status; /* DONE: the rule says "up" on its attempts */
    int attempts;          /* exposures at the step */
    int first_peak, last_peak; /* PD_RATING_NONE when none rated */
    int64_t last_date;     /* 0: never */
} pd_step_progress;

/* Per step of l (out: l->n entries) from every exposure (any order). */
void pd_ladder_progress(const pd_ladder *l, const pd_exposure *ex, size_t n,
                        const pd_exposure_rules *rules, pd_step_progress *out);

/* Where the programme stands, one line for Home: "Step 4 of 11, last
 * exposure 3 days ago" (now: Unix seconds). */
void pd_programme_status(const pd_ladder *l, const pd_exposure *ex, size_t n, int64_t now,
                         const char *lang, char *out, size_t out_len);

/* Spearman's rank correlation of x and y (average ranks for ties), pairs
 * where either is NaN left out; NaN when fewer than 3 pairs remain or a
 * side is constant. *n_used: the pairs used (may be NULL). */
double pd_spearman(const double *x, const double *y, size_t n, size_t *n_used);
#define PD_CORR_MIN_EXPOSURES 5

/* Delivery beside distress: one sentence about how a delivery figure
 * (values[i], e.g. pace in syl/s, of exposure i, oldest first) moved as the
 * peak distress (peaks[i], NaN where skipped) fell, with the rank
 * correlation; says honestly when there are fewer than
 * PD_CORR_MIN_EXPOSURES pairs. label/unit name the figure. */
void pd_delivery_vs_distress(const double *peaks, const double *values, size_t n, const char *label,
                             const char *unit, int decimals, const char *lang, char *out, size_t out_len);

/* ---- one exposure session, step by step -------------------------------------- */

typedef enum pd_xphase {
    PD_X_EXPECT = 0, /* what do you fear, how likely (optional) */
    PD_X_BEFORE,     /* distress before */
    PD_X_PREPARE,    /* card / topic, preparation countdown, breathing guide */
    PD_X_DRILL,      /* the drill screen, recorded */
    PD_X_PEAK,       /* distress at the hardest moment */
    PD_X_LISTEN,     /* listen back (when the step asks it) */
    PD_X_RECOVER,    /* a short recovery, visible countdown, skippable */
    PD_X_AFTER,      /* distress after */
    PD_X_CHECK,      /* did what you feared happen (when a fear was given) */
    PD_X_SUGGEST,    /* the suggestion; next repetition or the end */
    PD_X_DONE,
    PD_X_COUNT
} pd_xphase;
const char *pd_xphase_name(pd_xphase p);

typedef struct pd_xsession {
    pd_step step;        /* a copy of the step practised */
    int rep;             /* 1..step.reps: the repetition in progress */
    pd_xphase phase;
    int paused;          /* Esc: "end the session?" is asked; phase unchanged */
    double phase_start_s;
    double recover_s;    /* recovery length */
    pd_exposure cur;     /* the repetition being rated (saved as it fills) */
    int dirty;           /* cur changed since the caller last saved it */
    int saved;           /* exposures completed in this session */
    int drill_failed;    /* the last drill was discarded or failed (no take) */
    double paused_at_s;  /* when paused (the recovery countdown stands still) */
    char last_feared[PD_FEARED_MAX]; /* the previous repetition's fear: the default */
    int last_likelihood;
} pd_xsession;

/* Starts a session of step at now (Unix seconds, for the exposure's date)
 * and t_s (the caller's monotonic clock, for the countdowns). A real-world
 * step skips preparation, drill, listening and recovery: it is a log. */
void pd_xsession_start(pd_xsession *s, const pd_step *step, double recover_s, int64_t now, double t_s);
/* The answers; each returns 0, or non-zero when it is not the phase for it
 * (nothing changes). A rating of PD_RATING_NONE is a skip. */
int pd_xsession_expect(pd_xsession *s, const char *feared, int likelihood, double t_s); /* feared NULL/"": skip */
int pd_xsession_rate(pd_xsession *s, int rating, double t_s); /* BEFORE, PEAK, AFTER, CHECK */
int pd_xsession_prepared(pd_xsession *s, double t_s);        /* PREPARE -> DRILL */
/* The drill ended: take_id > 0 kept (PEAK next), 0 discarded or failed
 * (back to PREPARE when the step allows a second try, else PEAK: the
 * distress still counts). */
int pd_xsession_drill_done(pd_xsession *s, int64_t take_id, double t_s);
int pd_xsession_listened(pd_xsession *s, double t_s);        /* LISTEN -> RECOVER */
/* Advances the recovery countdown; RECOVER -> AFTER when it has run out. */
void pd_xsession_tick(pd_xsession *s, double t_s);
int pd_xsession_skip_recovery(pd_xsession *s, double t_s);
/* SUGGEST -> the next repetition (EXPECT, keeping the fear as a default)
 * or DONE after the last. */
int pd_xsession_next(pd_xsession *s, int64_t now, double t_s);
/* Esc: pause (the phase keeps its place; a countdown stops), resume, or
 * end: DONE, what was rated kept (cur stays dirty when it holds a rating). */
void pd_xsession_pause(pd_xsession *s, double t_s);
void pd_xsession_resume(pd_xsession *s, double t_s);
void pd_xsession_end(pd_xsession *s);
/* Seconds left of the recovery (0 outside it). */
double pd_xsession_recover_left(const pd_xsession *s, double t_s);
/* Non-zero when cur holds anything worth keeping (a rating, a fear, a take). */
int pd_exposure_has_data(const pd_exposure *e);
/* The card of repetition rep (1-based) for a step whose card mode varies
 * (VARIED, TOPIC): a reproducible pick among n from seed, never the same
 * twice in a row when n > 1. */
int pd_xsession_pick(int n, int rep, uint64_t seed);

/* The paced-breathing guide: about 6 breaths a minute, inhale 4 s, exhale
 * 6 s. At t_s seconds since it started: *inhale 1/0, the shape's size 0..1
 * (eased), *left the seconds left of the phase. */
#define PD_BREATH_IN_S  4.0
#define PD_BREATH_OUT_S 6.0
void pd_breath_at(double t_s, int *inhale, double *size, double *left);

/* ---- rows for the CLI and the export ------------------------------------------ */

/* The index of the step with that id in l, -1 when it is not there. */
int pd_ladder_find(const pd_ladder *l, int64_t step_id);
/* One exposure as a JSON object with the fields of `podium exposures`:
 * id, step (its number in the ladder now, 1-based; null when the step was
 * removed), step_title, date (ISO 8601 UTC), session, rep, real_world,
 * suds_before, suds_peak, suds_after, feared, likelihood, happened, take_id
 * (null where skipped or none). step_no 0: null. */
void pd_exposure_json(const pd_exposure *e, int step_no, pd_sb *out);
void pd_exposure_csv_header(pd_sb *out); /* the same fields, one line */
void pd_exposure_csv(const pd_exposure *e, int step_no, pd_sb *out);
/* The ladder as JSON: {"current": N, "steps": [{"number", "id", "title",
 * "real_world", "drill_s", ..., "expected", "status", "attempts",
 * "last_peak", "description"}]}; p may be NULL (no progress fields). */
void pd_ladder_json(const pd_ladder *l, const pd_step_progress *p, const char *lang, pd_sb *out);

#ifdef __cplusplus
}
#endif
#endif
