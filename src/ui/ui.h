/* ui.h - the Podium app (SDL2 + SDL2_ttf): one context passed to every
 * function (no globals), screens as small structs of enter / leave / event /
 * update / draw (the shape of SDL's tests and raylib's examples), a thin
 * drawing layer that fits every text into its box, and a widget focus list
 * so everything is reachable by keyboard with a visible focus ring.
 *
 * Layout works in output pixels (sharp on HiDPI: the drawable size over the
 * window size gives the density) times a zoom from the window size, so a
 * design made at 1280x720 still fits at 800x600. Only src/ui includes SDL. */
#ifndef PODIUM_UI_H
#define PODIUM_UI_H

#include <SDL.h>
#include <SDL_ttf.h>
#include "podium/analysis.h"
#include "podium/ask.h"
#include "podium/audience.h"
#include "podium/distract.h"
#include "podium/exposure.h"
#include "podium/feedback.h"
#include "podium/live.h"
#include "podium/live_source.h"
#include "podium/topics.h"

#define UI_QUESTIONS_MAX 10   /* a step's questions at most (ladder.c: questions 0..10) */
#include "ui_history.h"
#include "ui_text.h"
#include "settings.h"

typedef struct pd_app pd_app;

/* ---- screens ------------------------------------------------------------ */
typedef enum pd_screen_id { PD_HOME, PD_DRILL, PD_RESULTS, PD_HISTORY, PD_COMPARE, PD_SESSION, PD_LADDER,
                             PD_PROGRESS, PD_SETTINGS, PD_CARD_EDIT,
                            PD_NSCREENS } pd_screen_id;

typedef struct pd_screen {
    const char *name;
    void (*enter)(pd_app *app);
    void (*leave)(pd_app *app);
    void (*event)(pd_app *app, const SDL_Event *e);
    void (*update)(pd_app *app);          /* app->now_s is the current time */
    void (*draw)(pd_app *app);
    /* Optional: a digest of everything draw() would show. While it stays the
     * same (and no input came), the frame is not drawn again. */
    unsigned long long (*signature)(pd_app *app);
} pd_screen;

extern const pd_screen pd_screen_home, pd_screen_drill, pd_screen_results, pd_screen_history,
    pd_screen_compare, pd_screen_session, pd_screen_ladder, pd_screen_progress;
extern const pd_screen pd_screen_settings, pd_screen_card_edit;   /* screen_settings.c, screen_card.c */

/* ---- prompt cards ----------------------------------------------------------- */
#include "prompt_card.h"   /* pd_prompt_card; writing a card (card_file.c) */

/* Loads DIR/LANG/ *.txt then USERDIR/ *.txt (sorted by name). Returns count. */
int pd_prompts_load(const char *assets_dir, const char *lang, const char *user_dir,
                    pd_prompt_card *cards, int max);
/* Parses one card ("Title" line, then "Heading: hint" lines). 0 on success. */
int pd_prompt_parse(const char *text, pd_prompt_card *card);
#define PD_PROMPT_FILE_MAX_BYTES 65536   /* the loader refuses larger card files */
/* The same, naming each problem of file (its line, what is wrong and what
 * was done: "FILE line 7: a card has four parts; ...") in problems, one a
 * line. pd_prompts_load_checked: the same for every file it reads. */
int pd_prompt_parse_checked(const char *text, const char *file, pd_prompt_card *card, char *problems,
                            size_t cap);
int pd_prompts_load_checked(const char *assets_dir, const char *lang, const char *user_dir,
                            pd_prompt_card *cards, int max, char *problems, size_t cap);

/* Draws the current prompt card in r; part `current` (0..3, -1 none) highlighted. */
/* A surprise topic in r: the topic large, and how to build the pitch on it;
 * heading: "Your surprise topic" over it (0 where the screen says it). */
void pd_draw_topic(pd_app *app, SDL_Rect r, const char *topic, int heading);
void pd_draw_prompt_card(pd_app *app, SDL_Rect r, int current);

/* Timing signal of a drill of target_s after elapsed_s, as speech clubs do:
 * 0 none, 1 green from the minimum (2/3 of the target), 2 yellow near the
 * target (5/6), 3 red at the target (the maximum of an elevator pitch). */
int pd_drill_signal(double target_s, double elapsed_s);

/* ---- widgets and focus ------------------------------------------------------ */
#define UI_MAX_WIDGETS 40
typedef struct ui_widget {
    SDL_Rect r;
    int id;
} ui_widget;
typedef struct ui_focus {
    ui_widget w[UI_MAX_WIDGETS];
    int n;
    int focus;                             /* index into w */
} ui_focus;

void ui_focus_clear(ui_focus *f);
void ui_focus_add(ui_focus *f, int id, SDL_Rect r);
int ui_focus_id(const ui_focus *f);        /* id of the focused widget, -1 if none */
void ui_focus_set(ui_focus *f, int id);
/* Tab / Shift-Tab / arrows (when arrows is set) move the focus; Enter, Space
 * or a click on a widget activates it. Returns the activated id, or -1. */
int ui_focus_event(pd_app *app, ui_focus *f, const SDL_Event *e, int arrows);

/* ---- drawing ---------------------------------------------------------------- */
enum {
    UI_LEFT = 0, UI_CENTER = 1, UI_RIGHT = 2,    /* horizontal alignment */
    UI_TOP = 0, UI_MIDDLE = 4, UI_BOTTOM = 8,    /* vertical alignment */
    UI_BOLD = 16, UI_WRAP = 32
};
typedef struct ui_theme {
    SDL_Color bg, panel, panel2, line, text, muted, accent, accent_text, focus,
              green, yellow, red, neutral, wave, pause, filled, pitch, loud, band;
} ui_theme;

int ui_px(const pd_app *app, double design_px);  /* design units -> output pixels */
void ui_fill(pd_app *app, SDL_Rect r, SDL_Color c);
void ui_frame(pd_app *app, SDL_Rect r, SDL_Color c, int thickness_px);
void ui_line(pd_app *app, int x0, int y0, int x1, int y1, SDL_Color c);
void ui_focus_ring(pd_app *app, SDL_Rect r);
/* Draws text inside box, shrinking the size (design units) down to 60 % and
 * wrapping at spaces (UI_WRAP) until it fits; what still cannot fit is cut
 * and counted in app->text_overflows (tests require none). Returns the
 * height used in pixels. */
int ui_text(pd_app *app, SDL_Rect box, const char *utf8, double size, int flags, SDL_Color c);
/* Like ui_text for several paragraphs sharing one size (a list). */
int ui_paragraphs(pd_app *app, SDL_Rect box, const char *const *paras, int n, double size,
                  double gap, int flags, SDL_Color c, const SDL_Color *bullets);
/* The same, and when play is given its set entries get a play-triangle
 * bullet (the item can be played); boxes (np, may be NULL) receive where
 * each paragraph was drawn, its bullet included (for clicks and focus). */
int ui_paragraphs_ex(pd_app *app, SDL_Rect box, const char *const *paras, int np, double size,
                     double gap, int flags, SDL_Color c, const SDL_Color *bullets,
                     const unsigned char *play, SDL_Rect *boxes);
/* The lines text takes wrapped at spaces into width pixels at size (design
 * units), not shrunk (a word wider than width: MAX_LINES). */
int ui_text_lines(pd_app *app, const char *utf8, double size, int bold, int width);
/* Width in pixels of text at size (design units), no fitting. */
int ui_text_width(pd_app *app, const char *utf8, double size, int bold);
/* Forgets every cached text texture (the renderer lost them: SDL_RENDER_DEVICE_RESET). */
void ui_text_cache_drop(pd_app *app);
void ui_button(pd_app *app, SDL_Rect r, const char *label, int focused, int selected);
/* s cut at a character, with an ellipsis, so that one line of it fits w
 * pixels at 80 % of size (ui_text then fits it without cutting): a title
 * of the user's (a card, a step) in a line of its own. Rotating buffers. */
const char *ui_fit_line(pd_app *app, const char *s, double size, int bold, int w);
/* The take's waveform: per-frame min/max in [-1, 1], frames n, over box,
 * for frames [f0, f1). */
void ui_waveform(pd_app *app, SDL_Rect box, const float *mins, const float *maxs, size_t n,
                 SDL_Color c);
/* A contour: values y[n] (NaN or <= skip_below: gap), mapped lo..hi. */
void ui_contour(pd_app *app, SDL_Rect box, const float *y, size_t n, double lo, double hi,
                double skip_below, SDL_Color c, int dots);
/* Light axes (axes.c). A "nice" step (1, 2 or 5 x 10^k) that cuts span into
 * at most max_ticks parts (0 for an empty span). */
double ui_axis_step(double span, int max_ticks);
/* Thin light lines across plot at nice values of lo..hi (bottom..top),
 * each labelled "value unit" (unit may be NULL) in a box of label_w pixels
 * at label_x (align: UI_LEFT / UI_RIGHT). Returns the lines drawn. */
int ui_axis_y(pd_app *app, SDL_Rect plot, double lo, double hi, int max_ticks, int decimals, const char *unit,
              int label_x, int label_w, int align);
/* Thin light vertical lines from y0 to y1 at nice whole seconds of a take
 * of duration_s drawn over span (x, w), labelled "m:ss" centred at label_y. */
int ui_axis_time(pd_app *app, SDL_Rect span, int y0, int y1, double duration_s, int label_y);
/* A horizontal meter: value in lo..hi with a shaded band [band_lo, band_hi]. */
void ui_meter(pd_app *app, SDL_Rect box, double value, double lo, double hi, double band_lo,
              double band_hi, SDL_Color fill);

/* Text in the app's language. ui_trf formats (only %s, %d). */
const char *ui_tr(const pd_app *app, pd_str id);
const char *ui_trf(pd_app *app, pd_str id, ...);
/* A number with the language's decimal separator (rotating buffers). */
const char *ui_num(pd_app *app, double v, int decimals);
const char *ui_clock_text(pd_app *app, double s);   /* 75 -> "1:15" */
const char *ui_seconds_text(pd_app *app, int s);    /* 45 -> "45 s", 90 -> "1:30 min", 120 -> "2 min" */

/* PNG (8-bit RGB, written by libpng: png.c). 0 on success. */
int pd_png_write_rgb(const char *path, int w, int h, const unsigned char *rgb, int stride);

/* Replay through SDL audio (a queue: the audio thread never waits). */
typedef struct ui_player {
    SDL_AudioDeviceID dev;
    const float *samples;                 /* borrowed, mono */
    size_t frames;
    int rate;
    size_t start_frame;                   /* where the current play started */
    Uint32 queued_bytes;
    int playing;
} ui_player;
/* Opens the sound output for the take; when none opens, says so in the
 * window (pd_app_banner) and returns non-zero (play then does nothing). */
int ui_player_open(pd_app *app, ui_player *p, const float *mono, size_t frames, int rate);
void ui_player_play_from(ui_player *p, double t_s);
void ui_player_stop(ui_player *p);
double ui_player_position(ui_player *p);  /* seconds; updates playing */
void ui_player_close(ui_player *p);

/* ---- a take loaded for display: report, samples, waveform envelope ------- */
typedef struct ui_take {
    pd_report *report;           /* with feedback in the UI language */
    float *mono;                 /* the take, mono, for the waveform and replay */
    size_t frames;
    int rate;
    float *wmin, *wmax;          /* per 10 ms frame */
    size_t nw;
    double marks[UI_QUESTIONS_MAX]; /* answers' starts, s (drawn as Q1, Q2...) */
    int n_marks;
} ui_take;
/* Analyses path (pd_analyse_file, spoken language lang; the feedback with
 * the timing rules for target_s, <= 0 or NaN: none) and reads it for
 * display. Blocking: call it from a worker thread. 0, or non-zero + err. */
int ui_take_load(const char *path, const char *lang, double target_s, const pd_feedback_bounds *b,
                 const char *ui_lang, ui_take *out, char *err, size_t err_len);
/* The same with intervals kept out of the analysis, and the input lost
 * while recording (pd_analysis_config.exclude / lost; NULL, 0: none). */
int ui_take_load_ex(const char *path, const char *lang, const pd_interval *exclude, size_t n_exclude,
                    const pd_interval *lost, size_t n_lost, double target_s, const pd_feedback_bounds *b,
                    const char *ui_lang, ui_take *out, char *err, size_t err_len);
/* The audience of the drill in progress: its session step's, or Home's
 * (--audience). */
const pd_audience *pd_drill_audience(const pd_app *app);
/* Questions after the pitch (drill_questions.c): how many the drill's step
 * asks; the next one (1) or none left (0: the drill ends); answering now;
 * the answer's time left; the bubble over the asker (or the card). */
int ui_questions_asked(const pd_app *app);
int ui_questions_speak(const pd_app *app);   /* 1: spoken aloud too (eSpeak NG, app.conf) */
void ui_questions_update(pd_app *app);       /* each frame: the voice ready, the window open */
void ui_questions_stop(pd_app *app);         /* the drill's end: the worker joined, freed */
int ui_questions_next(pd_app *app);
int ui_questions_answering(const pd_app *app);
double ui_questions_left_s(const pd_app *app);
void ui_questions_draw(pd_app *app, SDL_Rect audience_box, SDL_Rect card_box);
/* The drill's distraction sounds (drill_distract.c). */
void ui_distract_update(pd_app *app);
void ui_distract_stop(pd_app *app);
double ui_distract_played_s(pd_app *app);   /* the output's clock, latency taken off */
void ui_take_free(ui_take *t);
double ui_take_duration(const ui_take *t);
/* The waveform over box for a time axis of axis_s seconds (>= the take's
 * length, so two takes share one axis): pauses shaded, filled pauses marked. */
void ui_take_draw_wave(pd_app *app, SDL_Rect box, const ui_take *t, double axis_s);

/* ---- the figures History and Compare show, and which way is better ------- */
typedef enum ui_metric { UM_DURATION, UM_PACE, UM_PAUSES, UM_LONG, UM_FILLED, UM_LOUD, UM_PITCH,
                         UM_COUNT } ui_metric;
pd_str ui_metric_label(ui_metric m);
int ui_metric_decimals(ui_metric m);
double ui_metric_value(const pd_take_summary *t, ui_metric m);   /* NaN: not measured */
/* What a metric can be (NaN: open side): a chart's axis stays inside. The
 * trend's duration is the share of the take's target, in %. */
void ui_metric_limits(ui_metric m, double *lo, double *hi);
/* The value the trend draws: the metric, but the duration as the share of
 * the take's own target in % (targets of 30 s and 60 s on one axis; NaN for
 * a take with no target). */
double ui_metric_trend_value(const pd_take_summary *t, ui_metric m);
/* The comfortable band of a metric from the feedback bounds (NaN: open side). */
void ui_metric_band(const pd_app *app, ui_metric m, const pd_take_summary *t, double *lo,
                    double *hi);
/* The history store's metric (pd_metric, store.h) shown as m; -1 for the
 * duration, which the store does not judge. */
int ui_metric_store(ui_metric m);
/* Going from a to b: +1 better, -1 worse, 0 about the same, 2 not known.
 * pd_metric_verdict() with the app's bounds; the duration: closer to the
 * target. */
int ui_metric_verdict(const pd_app *app, ui_metric m, const pd_take_summary *a,
                      const pd_take_summary *b);

/* ---- screens' state ------------------------------------------------------------ */
enum { HOME_LEN0 = 1, HOME_LEN_CUSTOM = 5, HOME_PREV = 10, HOME_NEXT, HOME_START, HOME_HISTORY, HOME_PROGRAMME,
       HOME_RECENT0 = 20 /* .. + HOME_RECENT_MAX - 1: the recent takes */ };
#define HOME_RECENT_MAX 8
/* a drill's length: the custom one (Left/Right, 15 s steps) and app.conf's drill_s */
#define PD_DRILL_MIN_S 15
#define PD_DRILL_MAX_S 1800
typedef struct home_state {
    ui_focus focus;
    SDL_Rect card_box, recent_box;
    pd_take_summary recent[HOME_RECENT_MAX];   /* newest first, read on entering Home */
    int n_recent;
} home_state;

typedef enum drill_phase { DRILL_PREP, DRILL_LIVE, DRILL_ASK_STOP } drill_phase;
enum { DRILL_KEEP = 1, DRILL_DISCARD, DRILL_CONTINUE, DRILL_END_SESSION /* in a session */ };
/* A drill's distraction sounds (drill_distract.c): planned when the take
 * starts, rendered ahead into the output's ring each frame, each shown on
 * a person of the audience as it plays; a microphone take keeps their
 * intervals out of its analysis (app->take_exclude). */
/* A question spoken (drill_questions.c): synthesised on a worker thread
 * (eSpeak NG, resampled to the output's rate, made ready by pd_ask_prepare),
 * then mixed into the drill's sound output from frame start on. */
typedef struct ui_speech {
    SDL_Thread *worker;          /* NULL: none running or to join */
    SDL_atomic_t done;           /* 1 once the worker has finished */
    char lang[8];
    char text[PD_TOPIC_MAX_BYTES + 1];
    int rate_hz;                 /* the output's */
    float *x;                    /* the worker's result: n frames at rate_hz (owned) */
    size_t n;
    double lufs;
    int rc;                      /* 0: x ready; else err says why */
    char err[300];
    long long start;             /* the output's frame it starts at (-1: not playing) */
    double gain;                 /* linear, against the speaker's loudness */
} ui_speech;

typedef struct ui_distract {
    pd_distract_event ev[PD_DISTRACT_MAX_EVENTS];
    size_t n_ev, cued;
    pd_distract_track track;
    struct pd_distract_out *out; /* NULL: no sound output (said once) */
    int rate_hz;
    int started, pa_init;
    /* the output is opened and the sounds measured on a thread (100-300 ms
     * with PortAudio's device open: the drill's frames must not wait); the
     * drill adopts it when done (opened), its own clock meanwhile */
    SDL_Thread *opener;
    SDL_atomic_t opened;
    struct pd_distract_out *opening_out; /* the opener's result, adopted into out */
    char device[200];            /* the output asked for ("" = the default) */
    char open_err[400];
    uint64_t seed;
    double t0_take_s;            /* take time when the output started, s */
    double latency_s;
    double synth_cpu_s;          /* main-thread CPU time rendering into the output's ring, s */
    double start_cpu_s;          /* ...opening the output and measuring the sounds at the start */
    double kind_lufs[PD_CUE_COUNT];           /* each sound's loudness as rendered */
    double ev_gain[PD_DISTRACT_MAX_EVENTS];   /* linear, set against the speech when it starts */
    unsigned char ev_gain_set[PD_DISTRACT_MAX_EVENTS];
    /* with headphones: the room's murmur under the drill, its own track */
    int murmur;
    pd_distract_track murmur_track;
    double murmur_lufs;                       /* as rendered */
    double murmur_gain_db;                    /* now: moves towards the target */
    /* the questions spoken: each one's frames on the output [a, b) */
    int sounds;                  /* 1: distraction sounds wanted (else only the questions' voice) */
    ui_speech sp;
    long long q_played[UI_QUESTIONS_MAX][2];
    int n_q_played;
} ui_distract;

typedef struct drill_state {
    drill_phase phase;
    double prep_start_s, live_start_s;
    pd_live_source *source;      /* the capture: take file + meters */
    /* the microphone is opened on a thread (PortAudio's device open takes
     * 50-80 ms: the window must not wait); the drill adopts it when done */
    SDL_Thread *opener;
    SDL_atomic_t opened;         /* 1 once the opener has finished */
    pd_live_source *open_src;
    int open_rc;
    char open_path[700], open_dev[200], open_err[300];
    pd_source_meter lv;          /* its newest meter */
    double loud_hold;            /* shown loudness: the loudest momentary value of the last
                                    second of speech (held through pauses), LUFS */
    double loud_t[256], loud_v[256];  /* recent speaking frames: time, momentary LUFS */
    int loud_n;
    pd_str cue;                  /* S_COUNT = none */
    double cue_until_s, last_cue_s;
    double quiet_since_s;        /* speech under the band since (NaN: not) */
    pd_pace_judge pace;          /* the pace bar's side of the band and the pace cue */
    ui_focus focus;              /* the stop dialog */
    double ask_at_s;             /* when Esc opened it (app time): the timer stands there */
    double ask_audio_s;          /* ...the audio captured then: Keep cuts the take there */
    SDL_Rect timer_box;          /* for tests: the signal colour is its background */
    SDL_Rect audience_box;       /* where the audience is drawn (w == 0: none) */
    /* the audience a session's step asks for (crowd.n == 0: none): it looks
     * at the speaker from the preparation on and reacts to the live meters */
    pd_crowd crowd;
    double crowd_at_s;           /* app->now_s the crowd was last stepped to */
    ui_distract dx;
    /* questions from the audience after the pitch (drill_questions.c) */
    int q_index;                 /* the question being answered, -1: the pitch */
    double q_at_s;               /* app time it was asked */
    pd_ask ask;                  /* spoken or not: when its answer window opens */
    int q_person;                /* who asked (crowd index, -1: the room) */
    char q_text[PD_TOPIC_MAX_BYTES + 1];
    SDL_Rect bubble_box;         /* as drawn (tests) */
    pd_str voice_shown;          /* for tests: the voice panel's state, as drawn */
    char err[300];
} drill_state;

typedef enum results_phase { RES_ANALYSING, RES_READY, RES_FAILED } results_phase;
enum { RES_PLAY = 1, RES_KEEP, RES_DISCARD, RES_AGAIN, RES_WAVE };
typedef struct results_state {
    SDL_atomic_t phase;          /* results_phase, set by the analysis thread */
    SDL_Thread *thread;
    ui_take tk;
    ui_player player;
    ui_focus focus;
    SDL_Rect wave_box;
    char err[400];
    int kept;                    /* kept in the history */
    int keep_wanted;             /* Keep / Try again before the analysis was done: kept on leaving */
    int confirm_discard;         /* Discard pressed once: the next press deletes */
    int announced;               /* trace line written */
    /* against the baseline (pd_history baseline_advice, read once the take is analysed) */
    int base_read;               /* 1 once asked */
    int base_n;                  /* items (0: close to the usual; -1: no baseline, or too short) */
    int base_takes;              /* takes in the median, 0 a marked take */
    pd_feedback_item base[8];
    /* advice about a moment (pd_feedback_item.moment): where each was drawn
     * (focus widget RES_ADVICE + its index in the report's feedback), and the
     * one chosen last (-1: none), whose span the waveform shows */
    int n_moments;
    int moment_item[16];
    SDL_Rect moment_box[16];
    int moment_chosen;
    pd_str legend_shown;         /* for tests: the "left out" line as drawn (S_COUNT: none) */
} results_state;
enum { RES_ADVICE = 64 };       /* + the feedback item's index: a widget per moment */
/* Choosing advice about a moment replays from this long before it, so the
 * words leading into it are heard. */
#define UI_MOMENT_LEAD_S 1.0

/* What Esc and the Keep button do in Results, as its key line and the
 * button say: a new take is kept and Home follows; a kept take (opened from
 * Home or History) goes back where it came from. */
pd_str ui_results_keys(const pd_app *app);
pd_str ui_results_keep_label(const pd_app *app);
/* The units Results, Compare and the trend show, explained once in a line
 * ("syl/s = syllables per second · LUFS = ... · st = ..."); rotating buffers. */
const char *ui_units_legend(pd_app *app);

/* ---- the rating widget (rating.c): one quick input for every 0-100 rating --
 * A slider with the mouse (click or drag), number keys (3 = 30, 0 = 0; 1 then
 * 0 within UI_RATING_TENS_S = 100), Left/Right or Up/Down +-5, S to skip;
 * the screen confirms with Enter. A SUDS rating shows its anchor words
 * (pd_suds_words) and from PD_SUDS_CALM_SENTENCE a calm sentence. */
#define UI_RATING_TENS_S 1.5
typedef enum ui_rating_kind { UI_RATE_SUDS, UI_RATE_PERCENT } ui_rating_kind;
enum { UI_RATING_NOTHING = 0, UI_RATING_CHANGED, UI_RATING_SKIP };
typedef struct ui_rating {
    ui_rating_kind kind;
    int value;                   /* 0..100; PD_RATING_NONE: not chosen yet (no anchor) */
    int last_digit;              /* -1, or the digit typed last ... */
    double digit_at_s;           /* ... and when (1 then 0: 100) */
    int dragging;
    int asked;                   /* confirmed with no value: "choose a value or skip" */
    SDL_Rect track, hit;         /* the slider's line and where a click lands on it, as drawn */
} ui_rating;
void ui_rating_init(ui_rating *r, ui_rating_kind kind);
/* Digits, arrows, S and the mouse on the slider; returns UI_RATING_*. */
int ui_rating_event(pd_app *app, ui_rating *r, const SDL_Event *e);
void ui_rating_draw(pd_app *app, ui_rating *r, SDL_Rect box, int focused);
/* A SUDS rating high enough for the calm sentence and the breathing guide. */
int ui_rating_calm(const ui_rating *r);
/* The paced-breathing guide (pd_breath_at) in box, t_s seconds since it began. */
void ui_breath_draw(pd_app *app, SDL_Rect box, double t_s);

/* ---- an exposure session (session.c, session_draw.c) ----------------------- */
enum { XS_RATING = 1, XS_CONFIRM, XS_SKIP, XS_BREATHE, XS_FEAR0 = 10 /* + pd_fear, OWN last */,
       XS_NO_FEAR = 20, XS_START, XS_PLAY, XS_WAVE, XS_CONTINUE, XS_SKIP_RECOVERY, XS_NEXT,
       XS_FINISH, XS_UP, XS_STAY, XS_BACK, XS_ANY_PREV, XS_ANY, XS_ANY_NEXT, XS_PAUSE_CONTINUE,
       XS_PAUSE_END, XS_DONE };
typedef enum xs_expect_stage { XS_PICK_FEAR, XS_OWN_WORDS, XS_LIKELIHOOD } xs_expect_stage;
typedef struct session_state {
    pd_xsession x;               /* the core's state machine: every decision is its */
    int step_index;              /* the step in app->ladder */
    pd_screen_id back;           /* where the session returns once done */
    int home_card;               /* app->card before the session (restored after it) */
    uint64_t seed;               /* the cards' pick (pd_xsession_pick) */
    int card_rep;                /* the repetition app->card was picked for */
    char topic[PD_TOPIC_MAX_BYTES + 1]; /* a surprise topic step's topic this repetition ("": none) */
    int shown;                   /* the phase last entered (-1: none) */
    int want_focus;              /* a widget to focus at the next layout (-1 none) */
    ui_focus focus;
    ui_rating rating;
    xs_expect_stage stage;       /* within the expectation */
    int fear;                    /* the listed fear chosen (pd_fear), -1 none */
    char own[PD_FEARED_MAX];     /* ... or the user's own words */
    int breathing;               /* the breathing guide is shown, since breath_start_s */
    double breath_start_s;
    double prep_done_s, prep_last_s; /* the preparation countdown (held while breathing or paused) */
    int in_drill;                /* the drill screen is running this repetition's drill */
    int end_after_drill;         /* "End session" in the drill's stop dialog */
    SDL_atomic_t take_phase;     /* results_phase of the take being analysed and kept */
    SDL_Thread *thread;
    ui_take tk;                  /* the take of this repetition (listen back, the measured fact) */
    int take_ready;
    char take_err[400];
    ui_player player;
    SDL_Rect wave_box;
    pd_suggestion sug;           /* after the repetition */
    int any_step;                /* the step "go to" shows */
    int moved;                   /* the user chose where the programme stands */
    int64_t ids[PD_REPS_MAX * 2];/* the exposures saved in this session */
    int n_ids;
} session_state;
/* Starts a session of app->ladder.step[step_index] (the ladder is read if
 * need be) and switches to it; it returns to the current screen when done. */
void pd_app_start_session(pd_app *app, int step_index);

/* History lists every take but holds only a window of HIST_WIN rows around
 * the visible part (paged from the store); the trend shows the newest
 * HIST_TREND_MAX takes where the metric was measured. */
#define HIST_WIN 128
#define HIST_TREND_MAX 200
enum { HIST_LIST = 1, HIST_OPEN, HIST_STAR, HIST_NOTE, HIST_DELETE, HIST_PICK, HIST_COMPARE, HIST_BACK };
typedef struct history_state {
    ui_focus focus;
    pd_take_summary takes[HIST_WIN];   /* rows off .. off+nw-1 of the list (newest first) */
    int off, nw;
    int n;                             /* every take (the store's count) */
    int sel, top;                      /* selected row, first row shown (0 = the newest) */
    int rows;                          /* rows that fit, as last drawn (PageUp/PageDown) */
    long long pick[2];                 /* takes picked for Compare (0 = none) */
    time_t pick_when[2];               /* ...when they were recorded (A = the older) */
    int metric;                        /* trend chart metric */
    int editing;                       /* typing a note */
    char note[160];
    int confirm_delete;
    SDL_Rect list_box;
    int row_h;
    long long trend_ids[HIST_TREND_MAX];   /* the trend's points, oldest first */
    double trend_v[HIST_TREND_MAX];
    int trend_n;                       /* -1: to be read again (metric changed, takes changed) */
    int trend_metric;
    double trend_base;                 /* the baseline last drawn (NaN: none) */
    int trend_base_marked;             /* ...a marked take, not a median */
    int trend_points;                  /* points last drawn */
    double trend_lo, trend_hi;         /* the y axis last drawn (within what the metric can be) */
    time_t trend_when[3];              /* the dates under it: first, middle, last point (0: none) */
} history_state;
/* Row i of History's list (0 = the newest), read into the window if need
 * be; NULL when there is no such row. */
const pd_take_summary *ui_history_row(pd_app *app, int i);

enum { CMP_PLAY_A = 1, CMP_PLAY_B, CMP_BACK, CMP_WAVE_A, CMP_WAVE_B };
typedef struct compare_state {
    SDL_atomic_t phase;                /* results_phase */
    SDL_Thread *thread;
    pd_take_summary s[2];              /* A (older), B (newer) */
    pd_interval excl[2][PD_DISTRACT_MAX_EVENTS]; /* ...the moments kept with each (history->moments) */
    int n_excl[2];
    pd_interval lost[2][PD_SOURCE_LOST_MAX];     /* ...and where each lost input (history->lost) */
    int n_lost[2];
    double marks[2][UI_QUESTIONS_MAX];
    int n_marks[2];
    ui_take tk[2];
    int ok[2];                         /* each take loaded on its own (once phase is READY) */
    int missing[2];                    /* ...its recording is not there */
    char take_err[2][300];             /* ...or the loader's words */
    char shown_err[2][600];            /* the message drawn in its waveform box ("" none) */
    int table_rows;                    /* metric rows last drawn in the table */
    ui_player player;
    int playing;                       /* which take the player holds, -1 none */
    ui_focus focus;
    SDL_Rect wave[2];
    char err[400];
} compare_state;

/* The ladder screen (screen_ladder.c): the steps easiest first; a step
 * editor; building the ladder (how hard would each step feel?) and the
 * proposed start; removing asks first. */
typedef enum ladder_mode { LADM_LIST, LADM_EDIT, LADM_BUILD, LADM_PROPOSE, LADM_CONFIRM_REMOVE } ladder_mode;
enum { LAD_LIST = 1, LAD_START, LAD_CURRENT, LAD_EDIT, LAD_ADD, LAD_DUP, LAD_REMOVE, LAD_UP, LAD_DOWN,
       LAD_RATE, LAD_PROGRESS, LAD_BACK,
       LAD_YES, LAD_NO,                          /* remove? / the proposed start */
       LAD_B_SCALE, LAD_B_CONFIRM, LAD_B_SKIP, LAD_B_PREV, LAD_B_LATER,   /* building */
       LAD_E_SAVE, LAD_E_CANCEL, LAD_E_FIELD0 = 50 /* + ladder_field: the editor's fields */ };
typedef enum ladder_field { LF_TITLE, LF_REAL, LF_DRILL, LF_PREP, LF_CARD, LF_REPS, LF_LISTEN,
                            LF_SECOND, LF_SIZE, LF_ATT, LF_BORED, LF_DISTR, LF_QUEST, LF_EXPECTED,
                            LF_COUNT } ladder_field;
typedef struct ladder_state {
    ladder_mode mode;
    ui_focus focus;
    int sel, top;                      /* selected step, first step shown */
    int rows;                          /* steps shown, as last drawn */
    SDL_Rect list_box;
    SDL_Rect row_box[PD_LADDER_MAX];   /* as last drawn (w 0: not shown) */
    pd_step_progress prog[PD_LADDER_MAX];
    /* the step editor: a copy, written back on Save */
    pd_step edit;
    int edit_at;
    int renaming;                      /* typing the title (SDL text input) */
    char title[PD_STEP_TITLE_MAX];
    char err[300];                     /* why Save was refused (or: unsaved changes, Esc again) */
    int cancel_asked;                  /* Esc once on changed fields: the next Esc drops them */
    /* building: step build_i asked; build_val the rating shown (-1: none yet) */
    int build_i, build_val;
    SDL_Rect scale;                    /* the slider, as last drawn */
    int dragging;
    int propose;                       /* the proposed start (pd_ladder_start_index) */
} ladder_state;

/* The progress screen (screen_progress.c): the ladder at a glance, the
 * habituation charts of the selected step (between sessions; within its
 * latest session of repetitions), delivery beside distress for the
 * programme's takes (read from the history when the exposures change). */
enum { PRG_LIST = 1, PRG_BACK };
#define PRG_CHART_MAX 60               /* attempts drawn between sessions (the newest); the
                                          within-session chart picks among them */
#define PRG_FIGS 4                     /* delivery figures beside distress */
#define PRG_DELIVERY_MAX 512           /* exposures with a take, beside their peak: the newest */
typedef struct progress_state {
    ui_focus focus;
    int sel, top, rows;                /* the selected step, first row shown, rows shown */
    SDL_Rect list_box;
    SDL_Rect row_box[PD_LADDER_MAX];   /* as last drawn (w 0: not shown) */
    pd_step_progress prog[PD_LADDER_MAX];
    int read_nxp;                      /* app->nxp when the takes were read (-1: not yet) */
    int nd;                            /* exposures with a take, oldest first: */
    int64_t d_date[PRG_DELIVERY_MAX];
    int d_step[PRG_DELIVERY_MAX];      /* its step's number (0: removed since) */
    double d_peak[PRG_DELIVERY_MAX];   /* NaN where skipped */
    double d_fig[PRG_FIGS][PRG_DELIVERY_MAX]; /* pace syl/s, pauses per minute, um/uh per 100 words,
                                          pitch level against the baseline, semitones */
    char delivery[PRG_FIGS][400];      /* pd_delivery_vs_distress of each figure */
    int attempts_drawn;                /* points of the between-sessions chart, last drawn */
    int reps_drawn;                    /* repetitions of the within-session chart */
    long long session_drawn;           /* ...that session (0: none) */
} progress_state;

/* The Settings screen (screen_settings.c): one row per setting, Up/Down
 * choose, Left/Right change; each change applies at once and is saved in
 * app.conf (only its line rewritten). The sound devices are listed on a
 * thread (PortAudio's start takes a moment). */
typedef enum set_row { SR_LANG, SR_DRILL, SR_PREP, SR_CARD, SR_INPUT, SR_OUTPUT, SR_HEADPHONES, SR_SPEAK, SR_COUNT } set_row;
enum { SET_ROW0 = 1 /* + set_row */ };
#define SET_DEVICES_MAX 32
typedef struct settings_state {
    ui_focus focus;
    SDL_Rect row_box[SR_COUNT];        /* as last drawn */
    SDL_Thread *lister;
    SDL_atomic_t listed;               /* 1 once the lister has finished */
    int n_in, n_out;                   /* the devices ("host API: name") */
    char in[SET_DEVICES_MAX][200], out[SET_DEVICES_MAX][200];
    int confirm_delete;                /* Delete on a card of yours: asks first */
    int leave_asked;                   /* Esc with changes not saved: the next Esc leaves */
    int editing, back_row;             /* the card editor opened from here: the row to come back to */
} settings_state;

/* The card editor (screen_card.c): the title and the four parts (heading,
 * what to say) typed with SDL text input, saved atomically as a card file
 * of the user's prompts folder. */
#define CE_FIELDS (1 + 2 * PD_CARD_PARTS)   /* title, then heading and hint of each part */
enum { CE_FIELD0 = 1 /* + field */, CE_SAVE = 20, CE_CANCEL };
typedef struct card_edit_state {
    ui_focus focus;
    pd_prompt_card card, orig;         /* as edited, as opened */
    int at;                            /* the card of yours edited (index in app->cards), -1: a new card */
    char from_title[96];               /* a copy: the bundled card's title ("" not a copy) */
    size_t caret[CE_FIELDS];           /* byte offsets */
    int discard_asked;                 /* Esc once on changes: the next Esc drops them */
    int full;                          /* the last typing did not all fit */
    char err[600];
} card_edit_state;

/* Settings (settings_io.c): app.conf rewritten to hold app->conf_want, only
 * the lines of keys that differ from app->conf (what the file holds). 0
 * saved (app->conf updated), -1 not saved: one message names the file and
 * why, app.conf is untouched and the values still apply. */
int ui_settings_save(pd_app *app);
/* Home's choices (drill length, card) into app->conf_want, saved when they
 * changed. */
void ui_settings_remember_home(pd_app *app);
/* The card of that file name: the user's first, else a bundled one; -1. */
int ui_card_find(const pd_app *app, const char *file);
/* Reads the cards again (the app's language; the user's folder), keeping
 * the card of file shown (else the first); a card file's problems named
 * as at the start (a warning). */
int ui_cards_reload(pd_app *app, const char *file);   /* returns 1 when a problem was named */
/* The app's language now: its texts, the bundled cards (the same card kept
 * where it exists), the surprise topics and questions read again. */
void ui_set_language(pd_app *app, const char *lang);
/* Opens the card editor on card `at` of app->cards (a card of the user's:
 * edited; a bundled one: copied into a new card), or a new card (-1). */
void ui_card_edit_open(pd_app *app, int at);

/* ---- the app ------------------------------------------------------------------- */
typedef struct pd_app_options {
    int demo;                    /* feed drills from the sample recording */
    const char *lang;            /* "en", "it" or NULL: settings / locale */
    int width, height;           /* window size, default 1280x720 */
    int hidden;                  /* no visible window (screenshots, tests) */
    int need_display;            /* refuse SDL's display-less fallback unless asked for */
    int history_in_memory;       /* not the user's saved history (tests, screenshots) */
    int no_devices;              /* Settings lists no sound devices (screenshots: the same
                                    pictures on any machine, and no PortAudio) */
    const char *input;           /* the microphone (a name or part of one); NULL: app.conf's */
    const char *data_dir;        /* --data-dir: the history's folder (as $PODIUM_DATA_DIR) */
    pd_clock_fn clock;           /* NULL: SDL's performance counter */
    void *clock_ctx;
    pd_audience audience;        /* --audience: before every drill from Home (size 0: none) */
} pd_app_options;

#define UI_FONT_MAX_PX 256
#define UI_TEXT_CACHE 384
typedef struct ui_cached_text {
    char *s;
    int px, bold;
    Uint32 rgba;
    SDL_Texture *tex;
    int w, h;
    unsigned last_frame;
} ui_cached_text;

/* A message's kind: its colour in the strip (red, yellow, green). */
typedef enum pd_msg_kind { PD_MSG_ERROR, PD_MSG_WARNING, PD_MSG_DONE } pd_msg_kind;

struct pd_app {
    SDL_Window *win;
    SDL_Renderer *ren;
    int w, h;                    /* the screen's size, pixels: the output, less the message
                                    strip at the bottom while a message shows */
    int out_h;                   /* the output's height, pixels */
    float density;               /* output pixels per window pixel (HiDPI) */
    float scale;                 /* output pixels per design unit (less while a message
                                    shows: the screen keeps its design height above it) */
    float full_scale;            /* ...with no message (ui_scale_for) */
    ui_theme th;
    char font_path[2][512];      /* regular, bold */
    void *font_data[2];          /* ...each file read once: every size opens from memory, so a
                                    glyph loads with no file seek or read (SDL_LoadFile) */
    size_t font_len[2];
    TTF_Font *fonts[2][UI_FONT_MAX_PX];
    ui_cached_text cache[UI_TEXT_CACHE];
    struct ui_audience_cache *audience_cache; /* the drill's audience picture (ui_audience.h) */
    unsigned frame;
    int text_overflows;          /* texts cut in the last drawn frame */
    int text_overflows_total;
    char lang[4];
    const char *const *str;
    char fmtbuf[4][512];
    int fmtnext;

    pd_clock_fn clock;
    void *clock_ctx;
    int real_clock;              /* the clock is SDL's (thread-safe, real time) */
    double now_s;
    int no_devices;              /* pd_app_options.no_devices */
    int demo;
    char assets_dir[512];
    pd_topic_list topics;        /* surprise topics (bundled + the user's), read when first needed */
    int topics_read;             /* 1 once tried */
    pd_topic_list questions;     /* the audience's questions, the same way */
    int questions_read;
    char sample_path[600];
    char takes_dir[600];
    int takes_temp;              /* takes_dir is this session's own folder under $TMPDIR */
    char config_dir[600];
    pd_feedback_bounds bounds;

    int drill_s;                 /* target length, seconds */
    int len_choice;              /* 0..3 presets, 4 custom */
    int custom_s;
    int prep_s;
    pd_audience home_audience;   /* --audience: the audience of a drill from Home (size 0: none) */
    char output_device[200];     /* app.conf "output = NAME": the distraction sounds' output; "" = default */
    int headphones;              /* app.conf "headphones = yes": the sounds reach the ears only */
    int speak_questions;         /* app.conf "speak_questions": 1 (the default with eSpeak NG) spoken too */
    char input_device[200];      /* --input or app.conf "input = NAME": the microphone; "" = default */
    pd_prompt_card cards[24];
    int n_cards, card;

    pd_history *history;

    /* the desensitisation programme (exposure.h, programme.c) */
    pd_ladder ladder;            /* as stored; read on first use */
    int ladder_loaded;           /* 1 once read (or made: ladder_created) */
    int ladder_created;          /* the default ladder was made this run: build it first */
    pd_exposure_rules xrules;    /* the suggestion rules (config file keys) */
    pd_exposure *xp;             /* every exposure, oldest first (programme.c reads them) */
    int nxp, xp_cap;
    int in_session;              /* an exposure session runs: Drill returns to it, not Home */
    session_state xs;

    const pd_screen *screen;
    pd_screen_id screen_id;
    int next_screen;             /* -1 or a pd_screen_id to switch to after this frame */
    home_state home;
    drill_state drill;
    results_state results;
    history_state hist;
    compare_state cmp;
    ladder_state lad;
    progress_state prg;
    long long open_take_id;      /* Results shows this kept take (0: a new take) */
    pd_screen_id results_back;   /* where Results returns: Home or History */
    long long compare_id[2];     /* the takes Compare shows */
    char take_path[700];         /* the take in progress / shown */
    char take_lang[8];           /* the language spoken in it (analysis: words per minute) */
    double take_target_s;
    pd_interval take_exclude[PD_DISTRACT_MAX_EVENTS]; /* kept out of the take's analysis */
    size_t n_take_exclude;
    /* ...of which the input the sound system lost (pd_live_source.lost_s:
     * silence in the take), so Results can say which is which */
    pd_interval take_lost[PD_SOURCE_LOST_MAX];
    int n_take_lost;
    double take_marks[UI_QUESTIONS_MAX]; /* take time each answer to a question began, s */
    int n_take_marks;
    int quit;
    int drawn;                   /* the last pd_app_frame drew (else the picture stood) */
    int force_redraw;
    unsigned long long last_sig;
    int last_w, last_h;
    int trace;                   /* PODIUM_TRACE set: screen changes to stderr (e2e tests) */
    char banner[700];            /* a message shown in a strip under any screen */
    double banner_until_s;
    pd_msg_kind banner_kind;
    /* settings (settings_io.c): app.conf as read or last written, and what it should hold */
    pd_app_settings conf, conf_want;
    settings_state set;
    card_edit_state ced;
};

int pd_app_create(const pd_app_options *o, pd_app **out, char *err, size_t err_len);
void pd_app_destroy(pd_app *app);               /* accepts NULL */
/* One frame: events, update, draw (not present; app->drawn says whether it
 * drew: an unchanged picture is not drawn again). Returns 0 once quitting. */
int pd_app_frame(pd_app *app);
void pd_app_present(pd_app *app);
void pd_app_handle_event(pd_app *app, const SDL_Event *e);
void pd_app_switch(pd_app *app, pd_screen_id id);   /* takes effect after the frame */
/* Opens a kept take in Results (in the language it was recorded in);
 * Results returns to back (Home or History). */
void pd_app_open_take(pd_app *app, const pd_take_summary *t, pd_screen_id back);
/* The history's summary of the take in progress (app->take_path, its
 * language and target) from its report: what Keep stores. */
void pd_app_take_summary(const pd_app *app, const pd_report *rep, pd_take_summary *t);
void pd_app_set_size(pd_app *app, int w, int h);
/* The last drawn frame to a PNG file. 0 on success. */
int pd_app_save_png(pd_app *app, const char *path);
/* Reads one pixel of the last drawn frame (output coordinates). */
SDL_Color pd_app_pixel(pd_app *app, int x, int y);
/* The scale of a window ww x wh (window units) drawn on ow pixels across:
 * density = pixels per window unit (2 on a HiDPI display), scale = output
 * pixels per design unit (the design is 1280x720: z = min(ww/1280, wh/720)
 * held to 0.8..2, times density). Everything is drawn, and every font
 * rasterised, at output pixels: text stays sharp at any density. */
void ui_scale_for(int ww, int wh, int ow, float *density, float *scale);
/* A message in a strip of its own under the screen (the screen is laid out
 * above it: it covers nothing), in its kind's colour, for 6 s or longer
 * for a long one; entering the drill clears it. pd_app_banner: an error. */
void pd_app_message(pd_app *app, pd_msg_kind kind, const char *msg);
void pd_app_banner(pd_app *app, const char *msg);
/* The takes folder (takes_dir.c): data_dir + /takes, made 0700; when it
 * cannot be written, a private folder under $TMPDIR for this
 * session (app->takes_temp; why: the reason). 0 the usual folder, 1 the
 * session's own, -1 neither. ui_takes_dir_cleanup removes the session's. */
int ui_takes_dir_setup(pd_app *app, const char *data_dir, char *why, size_t why_len);
void ui_takes_dir_cleanup(pd_app *app);
/* With PODIUM_TRACE set, one line on stderr (what the app is doing). */
void pd_app_trace(pd_app *app, const char *what, const char *detail);

/* ---- the programme's data, for its screens (programme.c) ------------------- */
/* Reads the ladder from the history the first time (the default ladder in
 * the app's language when there is none yet). 0 on success; else a banner
 * says why and app->ladder holds the default ladder for this run. */
int pd_app_load_ladder(pd_app *app);
/* Writes app->ladder to the history (new steps get their ids). 0 on
 * success; else a banner says why (the stored ladder is unchanged). */
int pd_app_save_ladder(pd_app *app);
/* Saves (inserts or updates) one exposure and refreshes app->xp. 0 on
 * success; else a banner says why. */
int pd_app_save_exposure(pd_app *app, pd_exposure *e);
/* Reads every exposure into app->xp / app->nxp again. 0 on success. */
int pd_app_load_exposures(pd_app *app);

/* The `podium` entry when no verb is given (options --demo, --lang,
 * --screenshots DIR, --size WxH). Returns the exit code. */
int pd_app_main(int argc, char **argv);
/* Every screen with demo data to DIR/NN-name.png. 0 on success. */
int pd_app_screenshots(const char *dir, char *err, size_t err_len);
/* --bench-drill (bench_drill.c); seconds on a monotonic clock. */
int pd_app_bench_drill(const pd_app_options *o, double seconds, double t_start);
double pd_app_mono_s(void);
/* Between two frames: waits for input until *next, the next frame's time
 * (1/60 s after the last; an idle screen waits up to 0.5 s), and moves
 * *next on. Input ends the wait at once. A frame that drew nothing
 * presents nothing, so vsync cannot pace it: without this the loop spun
 * (a microphone drill in a quiet room took a whole core). */
void pd_app_pace(pd_app *app, double *next);
/* The warning that input was lost in the take (app->take_lost, as far as
 * take_s reaches): how many seconds, and that they are left out. Nothing
 * when none was lost. */
void pd_app_say_lost(pd_app *app, double take_s);
/* A pending pd_app_switch takes effect now (shots.c drives the app
 * between frames); mkdir -p with 0755. */
void pd_app_apply_switch(pd_app *app);
int pd_app_mkdirs(const char *path);

#endif
