/* store.h - the practice history: every take, its recording and its report,
 * kept in one SQLite database with the recordings beside it as FLAC files.
 *
 * Layout of the data directory (created 0700, files 0600):
 *   DIR/podium.db          the database (WAL mode: also podium.db-wal, -shm)
 *   DIR/recordings/NAME.flac  one recording per take, named when it is saved
 * DIR is, in order: an explicit path (--data-dir), $PODIUM_DATA_DIR,
 * $XDG_DATA_HOME/podium, ~/.local/share/podium.
 *
 * Nothing lost: a recording is written, fsynced and renamed into place before
 * the row that names it is committed, so a row never points at a missing
 * file; a recording without a row (a crash between the two) is listed by
 * pd_store_orphans() and can be imported again. Every write is one
 * transaction (BEGIN IMMEDIATE: two processes wait for each other, up to the
 * busy timeout, instead of failing). A damaged database is never rewritten:
 * pd_store_open() reports it and, only when asked (reset_damaged), renames it
 * aside with a timestamp and starts a new one.
 *
 * The History and Compare screens of the app and the `podium history`,
 * `show`, `compare`, `trend`, `import`, `export`, `delete`, `baseline`,
 * `star` and `note` commands all use these functions; none has SQL of its own.
 *
 * Threading: a pd_store is used by one thread at a time; several processes
 * may open the same directory at once. Every function returning
 * pd_store_status leaves a one-line message (what failed, what to do) in
 * pd_store_errmsg(). */
#ifndef PODIUM_STORE_H
#define PODIUM_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "podium/analysis.h"
#include "podium/exposure.h"
#include "podium/feedback.h"
#include "podium/strbuf.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum pd_store_status {
    PD_STORE_OK = 0,
    PD_STORE_ERR_INVALID, /* a bad argument (unknown metric, rating out of range...) */
    PD_STORE_ERR_NOMEM,
    PD_STORE_ERR_IO,        /* a file or directory could not be read or written */
    PD_STORE_ERR_READONLY,  /* the data directory or database cannot be written */
    PD_STORE_ERR_DAMAGED,   /* the database file is not a database or is corrupt */
    PD_STORE_ERR_NEWER,     /* the database was made by a newer Podium */
    PD_STORE_ERR_BUSY,      /* another process held the database past the timeout */
    PD_STORE_ERR_NOT_FOUND, /* no take with that id */
    PD_STORE_ERR_AUDIO,     /* a recording could not be read, analysed or written */
    PD_STORE_ERR_DB         /* any other SQLite failure */
} pd_store_status;

const char *pd_store_status_str(pd_store_status s);

/* ---- metrics: the figures kept as columns, and which way is better ----- */

/* The one table of directions: how a change of each metric is judged in
 * compare, trend and the baseline feedback (see pd_metric_table()). */
typedef enum pd_metric {
    PD_METRIC_SPEECH_RATE = 0,   /* speech_rate_syl_s */
    PD_METRIC_ARTICULATION_RATE, /* articulation_rate_syl_s */
    PD_METRIC_WPM,               /* words_per_min_est */
    PD_METRIC_PAUSES_PER_MIN,    /* pauses_per_min */
    PD_METRIC_LONG_PAUSES,       /* long_pauses */
    PD_METRIC_MLR,               /* mean_length_of_run_syl */
    PD_METRIC_FILLED_PER_100W,   /* filled_pauses_per_100w */
    PD_METRIC_F0_SD,             /* f0_sd_st */
    PD_METRIC_F0_MEDIAN,         /* f0_median_hz */
    PD_METRIC_LOUDNESS,          /* loudness_lufs */
    PD_METRIC_RUSH_RATIO,        /* rush_start_ratio */
    PD_METRIC_TRAIL_OFF,         /* trail_off_db */
    PD_METRIC_CLIPPED,           /* clipped_samples */
    PD_METRIC_SPEECH_S,          /* speech_s */
    PD_METRIC_COUNT
} pd_metric;

typedef enum pd_direction {
    PD_DIR_NONE = 0, /* no better or worse (a description, e.g. median pitch) */
    PD_DIR_LOWER,    /* fewer / lower is better */
    PD_DIR_HIGHER,   /* more / higher is better */
    PD_DIR_BAND      /* closer to the band [lo, hi] of the feedback bounds is better */
} pd_direction;

#define PD_BOUND_NONE ((size_t)-1)

typedef struct pd_metric_info {
    const char *name;  /* column and CLI name, e.g. "speech_rate_syl_s" */
    const char *label; /* short English label for tables */
    const char *unit;
    pd_direction dir;
    size_t lo; /* PD_DIR_BAND: offsetof(pd_feedback_bounds, ...) or PD_BOUND_NONE (open) */
    size_t hi;
    double same_within;            /* changes up to this are "about the same" */
    double notable;                /* baseline feedback speaks when the change exceeds this */
    const char *more_en, *less_en; /* "faster", "slower": words for up and down */
    const char *more_it, *less_it;
    const char *why; /* one line: why this direction (and its source) */
} pd_metric_info;

const pd_metric_info *pd_metric_table(void); /* PD_METRIC_COUNT entries */
/* Index of a metric by name (also accepts a few short aliases: pace, wpm,
 * fillers, pitch_sd, loudness); -1 when unknown. */
int pd_metric_find(const char *name);
/* The main metrics of a report, NaN where not measured (no speech). The
 * definitions are those of the feedback rules (feedback.c). */
void pd_metrics_from_report(const pd_report *r, double metric[PD_METRIC_COUNT]);

typedef enum pd_verdict {
    PD_VERDICT_NA = 0,  /* a value is missing */
    PD_VERDICT_NEUTRAL, /* the metric has no direction */
    PD_VERDICT_SAME,
    PD_VERDICT_BETTER,
    PD_VERDICT_WORSE
} pd_verdict;

/* How going from a to b is judged (bounds NULL: the defaults). */
pd_verdict pd_metric_verdict(pd_metric m, double a, double b, const pd_feedback_bounds *bounds);
const char *pd_verdict_str(pd_verdict v); /* "better", "worse", "same", "", "n/a" */

/* ---- takes ------------------------------------------------------------- */

#define PD_STORE_NOTE_MAX 512
#define PD_STORE_ANSWERS_MAX 16 /* answers' starts kept with a take */
#define PD_STORE_LOST_MAX 64    /* spans of lost input kept with a take */

/* What the caller knows about a take besides its report. */
typedef struct pd_take_meta {
    int64_t recorded_at; /* Unix seconds (UTC); 0 = now */
    char drill[32];      /* drill kind: "free" (default), "elevator", "impromptu", ... */
    double target_s;     /* target length of the drill, NaN or 0 = none */
    char lang[8];        /* language spoken: "en" (default), "it" */
    long dropped_frames; /* frames lost while recording (0 for files) */
    char source[256];    /* where an imported recording came from ("" = none) */
    /* the starts of the answers to questions asked after the pitch, take
     * time in s (drill_questions.c); kept as the take's 'answer' moments */
    double answers_s[PD_STORE_ANSWERS_MAX];
    size_t n_answers;
    /* where the recording lost input and holds silence instead ([start,
     * end) s; the recorder's gaps, audio_io.h), left out of its analysis
     * like the distraction sounds: kept as the take's 'lost' moments, so
     * Results opened later can tell the two apart */
    pd_interval lost[PD_STORE_LOST_MAX];
    size_t n_lost;
} pd_take_meta;

void pd_take_meta_init(pd_take_meta *m);

typedef struct pd_take {
    int64_t id;
    int64_t recorded_at;
    char drill[32];
    double target_s; /* NaN: none */
    char lang[8];
    char recording[96]; /* file name under DIR/recordings, "" = no recording */
    char source[256];
    double duration_s;
    long dropped_frames;
    int speech_detected;
    double metric[PD_METRIC_COUNT]; /* NaN: not measured */
    int star;                       /* 0 or 1 */
    int is_baseline;                /* the take marked as the calm baseline */
    char note[PD_STORE_NOTE_MAX];
} pd_take;

typedef struct pd_store pd_store;

typedef struct pd_store_options {
    const char *data_dir; /* NULL: $PODIUM_DATA_DIR, $XDG_DATA_HOME/podium, ~/.local/share/podium */
    int reset_damaged;    /* a damaged database is renamed aside and a new one made */
    int busy_timeout_ms;  /* 0: 5000 */
} pd_store_options;

void pd_store_options_init(pd_store_options *o);

/* The data directory that would be used (explicit may be NULL). Returns
 * non-zero when no directory can be found (no HOME) or it is too long. */
int pd_store_resolve_dir(const char *explicit_dir, char *out, size_t out_len);

/* Opens (creating if needed) the store, migrating the schema forward. On
 * failure returns the status and writes one line to err (a damaged database:
 * says where it is and that --reset-db moves it aside). */
pd_store_status pd_store_open(const pd_store_options *o, pd_store **out, char *err, size_t err_len);
void pd_store_close(pd_store *st); /* accepts NULL */

const char *pd_store_errmsg(const pd_store *st);
const char *pd_store_dir(const pd_store *st);
/* A message from open worth showing once (e.g. "the damaged database was
 * moved to ..."), or "" when none. */
const char *pd_store_notice(const pd_store *st);
/* Absolute path of a take's recording into out ("" when it has none, or
 * when the row names it in a form the store never gives, e.g. with a '/' or
 * "..": a damaged row, whose name is never made a path). */
void pd_store_recording_path(const pd_store *st, const pd_take *t, char *out, size_t out_len);

/* Stores a take: audio_path (may be NULL: no recording) is copied into
 * DIR/recordings as FLAC (a file already there, e.g. an orphan, is adopted
 * in place), fsynced, then the row, the report JSON and its feedback items
 * are committed in one transaction. *id receives the new id. */
pd_store_status pd_store_add(pd_store *st, const pd_take_meta *meta, const char *audio_path,
                             const pd_report *r, int64_t *id);
/* Analyses a recording (pd_analyse_file + pd_feedback_evaluate, as `podium
 * analyse`) and adds it. meta NULL: defaults, recorded_at = the file's
 * modification time, source = path. bounds NULL: the defaults. */
pd_store_status pd_store_import(pd_store *st, const char *path, const pd_take_meta *meta,
                                const pd_feedback_bounds *bounds, const char *ui_lang, int64_t *id);

/* Newest first; limit 0 = all. Caller frees *takes with free(). */
pd_store_status pd_store_list(pd_store *st, size_t offset, size_t limit, pd_take **takes, size_t *n);
pd_store_status pd_store_count(pd_store *st, size_t *n);
/* The newest take imported from source (pd_take_meta.source: the file's
 * real path), *id 0 when none: `podium import` of a file already in the
 * history warns instead of making a duplicate. */
pd_store_status pd_store_find_source(pd_store *st, const char *source, int64_t *id);
pd_store_status pd_store_get(pd_store *st, int64_t id, pd_take *t);
/* Appends the take's stored report (the JSON of pd_report_json). */
pd_store_status pd_store_report_json(pd_store *st, int64_t id, pd_sb *out);
/* The moments kept with take id, in time order: the intervals its analysis
 * left out (the distraction sounds its drill played: re-analyse with them,
 * pd_analysis_config.exclude) and its answers' starts. Caller frees *excluded
 * and *answers with free() (NULL when none). A take stored before schema 6
 * has none. */
pd_store_status pd_store_moments(pd_store *st, int64_t id, pd_interval **excluded, size_t *n_excluded,
                                 double **answers, size_t *n_answers);
/* Where the take's recording lost input (pd_take_meta.lost), in time order;
 * these spans are among its excluded ones too. Caller frees *lost (NULL
 * when none: every take before they were kept, a file, a demo take). */
pd_store_status pd_store_lost(pd_store *st, int64_t id, pd_interval **lost, size_t *n_lost);
/* The feedback items stored with the take. Caller frees *items. */
pd_store_status pd_store_feedback(pd_store *st, int64_t id, pd_feedback_item **items, size_t *n);

/* The row and its recording. A recording name not of the store's form (a
 * damaged row) is not followed: the row goes, no file is touched, and the
 * result is DAMAGED saying so. */
pd_store_status pd_store_delete(pd_store *st, int64_t id);
pd_store_status pd_store_set_star(pd_store *st, int64_t id, int star);
pd_store_status pd_store_set_note(pd_store *st, int64_t id, const char *note);

/* Distress ratings (SUDS, 0-100) of a take, e.g. moment "before", "after". */
typedef struct pd_distress {
    char moment[16];
    int rating;
} pd_distress;
pd_store_status pd_store_add_distress(pd_store *st, int64_t id, const char *moment, int rating);
/* Caller frees *d. */
pd_store_status pd_store_distress(pd_store *st, int64_t id, pd_distress **d, size_t *n);

/* ---- baseline, compare, trend ------------------------------------------ */

typedef enum pd_baseline_kind {
    PD_BASELINE_NONE = 0, /* no takes with speech yet */
    PD_BASELINE_MARKED,   /* the take the user marked */
    PD_BASELINE_MEDIAN    /* per-metric median of the last (up to) 5 takes with speech */
} pd_baseline_kind;

#define PD_BASELINE_TAKES 5
/* takes with less speech than this do not make the median baseline (the
 * feedback's min_speech_s: too short for pace, pause or pitch advice, a
 * 1 s test take must not move "your usual") */
#define PD_BASELINE_MIN_SPEECH_S 3.0

typedef struct pd_baseline {
    pd_baseline_kind kind;
    int64_t take_id;                /* MARKED: the take */
    int n_takes;                    /* MEDIAN: how many takes */
    double metric[PD_METRIC_COUNT]; /* NaN where unknown */
} pd_baseline;

/* id > 0 marks that take as the baseline; id 0 goes back to the median. */
pd_store_status pd_store_set_baseline(pd_store *st, int64_t id);
/* The baseline, leaving out take exclude_id (0: none) so a take is not
 * compared with itself. */
pd_store_status pd_store_baseline(pd_store *st, int64_t exclude_id, pd_baseline *b);
/* The baseline of take id's own time: the marked take (unless it is this
 * one), else the median of the last (up to) 5 takes with speech recorded
 * before it, not the newest 5: an old take is held against what was usual
 * then. PD_BASELINE_NONE when no take came before it. */
pd_store_status pd_store_baseline_before(pd_store *st, int64_t id, pd_baseline *b);
/* Feedback relative to the baseline ("faster than your usual 4.1 syl/s"):
 * writes up to max items, returns how many. None for a take with less
 * speech (metric[PD_METRIC_SPEECH_S]) than bounds->min_speech_s (3 s by
 * default; PD_BASELINE_MIN_SPEECH_S when bounds is NULL): too short to say
 * what is usual. Pure: no database access. */
size_t pd_baseline_feedback(const pd_baseline *b, const double metric[PD_METRIC_COUNT],
                            const pd_feedback_bounds *bounds, const char *ui_lang, pd_feedback_item *items,
                            size_t max);

typedef struct pd_compare_row {
    pd_metric metric;
    double a, b;        /* values of the first and second take */
    pd_verdict verdict; /* going from a to b */
} pd_compare_row;
/* rows: PD_METRIC_COUNT entries, in table order. */
pd_store_status pd_store_compare(pd_store *st, int64_t id_a, int64_t id_b, const pd_feedback_bounds *bounds,
                                 pd_compare_row *rows);

typedef struct pd_trend_point {
    int64_t id;
    int64_t recorded_at;
    double value;
} pd_trend_point;
/* The metric over time, oldest first, takes where it was measured. Caller
 * frees *pts. */
pd_store_status pd_store_trend(pd_store *st, pd_metric m, pd_trend_point **pts, size_t *n);

/* ---- the desensitisation programme (schema 5) ------------------------------- */

/* The ladder, easiest first, with the step the user is on. The first time
 * (no ladder stored yet) the default ladder in lang ("en"/"it") is written
 * and returned, *created = 1 (created may be NULL). */
pd_store_status pd_store_ladder(pd_store *st, const char *lang, pd_ladder *l, int *created);
/* The stored ladder without making one (for readers that write nothing:
 * the export, `podium exposures`): *exists 0 and l empty when no ladder was
 * made yet (exists may be NULL). */
pd_store_status pd_store_read_ladder(pd_store *st, pd_ladder *l, int *exists);
/* Replaces the stored ladder with l in one transaction: steps with an id
 * are updated in place (their exposures stay linked), steps with id 0 are
 * added (l->step[i].id receives the new id), stored steps missing from l
 * are removed (their exposures are kept, with the step's title and
 * step_id 0). A step whose id is not stored, or repeats an earlier step's
 * id (a copy that kept its original's), is added as a new step. Every step
 * is checked first (pd_step_check), and current must be on the ladder:
 * INVALID and nothing changed otherwise. */
pd_store_status pd_store_save_ladder(pd_store *st, pd_ladder *l);
/* Inserts (e->id == 0; e->id receives the id) or updates an exposure.
 * Ratings are checked (pd_exposure_check): INVALID, nothing changed. A
 * take_id that names no take, or a step_id no step, is INVALID too; an
 * update of an id that is not stored is NOT_FOUND. Filled in when left 0
 * (and written back to *e): date = now, session = date, rep = 1, and an
 * empty step_title from the step. */
pd_store_status pd_store_save_exposure(pd_store *st, pd_exposure *e);
/* Every exposure, oldest first (date, then id). Caller frees *ex. */
pd_store_status pd_store_exposures(pd_store *st, pd_exposure **ex, size_t *n);
pd_store_status pd_store_delete_exposure(pd_store *st, int64_t id); /* NOT_FOUND: no such exposure */
/* Exposures as the JSON array (one pd_exposure_json object a line) and the
 * CSV table (pd_exposure_csv_header, then a line each) of `podium
 * exposures` and the export; step numbers from l (NULL: all null). */
void pd_store_exposures_json(const pd_exposure *ex, size_t n, const pd_ladder *l, pd_sb *out);
void pd_store_exposures_csv(const pd_exposure *ex, size_t n, const pd_ladder *l, pd_sb *out);

/* ---- maintenance --------------------------------------------------------- */

/* Recordings in DIR/recordings that no take names (a crash between saving
 * the file and committing its row), as absolute paths; files another process
 * is still saving are left out. Free with pd_store_free_strings. */
pd_store_status pd_store_orphans(pd_store *st, char ***paths, size_t *n);
void pd_store_free_strings(char **s, size_t n);
/* PRAGMA integrity_check: PD_STORE_OK when "ok", else DAMAGED with the first
 * problem in the message. */
pd_store_status pd_store_check(pd_store *st);
/* Writes DIR_OUT/takes.csv, DIR_OUT/takes.json (every take with its report
 * and ratings), DIR_OUT/recordings/take-ID.flac, and the programme:
 * DIR_OUT/exposures.csv, DIR_OUT/exposures.json and DIR_OUT/ladder.txt (the
 * ladder file of pd_ladder_write). *n_takes: how many takes. A take whose
 * recording name is not of the store's form (a damaged row): DAMAGED, naming
 * it, before anything is written. */
pd_store_status pd_store_export(pd_store *st, const char *dir_out, size_t *n_takes);

/* Row helpers for the CLI and the app: one take as a JSON object (with the
 * stored report and ratings when with_report), or a CSV line under
 * pd_store_csv_header's. */
pd_store_status pd_store_take_json(pd_store *st, const pd_take *t, int with_report, pd_sb *out);
void pd_store_csv_header(pd_sb *out);
void pd_store_take_csv(const pd_take *t, pd_sb *out);

#ifdef __cplusplus
}
#endif
#endif
