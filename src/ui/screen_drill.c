/* screen_drill.c - the drill: a preparation countdown, then a large timer
 * with green / yellow / red signals, the prompt card, live meters and calm,
 * occasional cues. The take is written to disk as it goes.
 *
 * Cues follow the Rhema study (U. Rochester: an occasional "louder" /
 * "slower" nudge beat a continuous meter): at most one every 15 s, shown for
 * 5 s. The bands are the feedback bounds, so the live cue and the report
 * agree: loudness_quiet_lufs, and for the pace articulation_slow/fast_syl_s,
 * because the live pace (pd_live) counts syllables per second of speaking
 * over the last 15 s of speaking, pauses excluded: the report's
 * articulation rate, not its speech rate (whose pace_slow/fast_syl_s band
 * is lower). The pace shows only once its window holds enough syllables to
 * be within 20 % (live.h), and a pace cue only while pd_pace_judge says the
 * pace has stayed outside the band: it goes as soon as the bar is back in. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>
#include "podium/audio_file.h"
#include "podium/private_file.h"
#include "ui.h"
#include "ui_audience.h"

#define CUE_EVERY_S 15.0
#define CUE_SHOW_S 5.0
#define GRACE_S 30.0             /* a drill ends by itself this long after its target */
#define LOUD_HI_LUFS (-10.0)     /* above this the peaks of speech near full scale: clipping risk */
#define LONG_PAUSE_CUE_S 4.0

int pd_drill_signal(double target_s, double elapsed_s)
{
    if (elapsed_s >= target_s) return 3;
    if (elapsed_s >= target_s * 5.0 / 6.0) return 2;
    if (elapsed_s >= target_s * 2.0 / 3.0) return 1;
    return 0;
}

/* Completes the take file (or abandons it) and frees the capture. */
static int close_take(pd_app *app)
{
    drill_state *d = &app->drill;
    ui_distract_stop(app);   /* the sounds end with the take; their intervals are known */
    int rc = 0;
    if (d->source) {
        char err[300];
        if (d->source->finish(d->source, err, sizeof err) != 0) {
            snprintf(d->err, sizeof d->err, "%s", err);
            rc = 1;
        }
        /* input the sound system lost is silence in the take: neither
         * speech nor pause, so it is left out of the analysis too */
        for (int i = 0; i < d->source->n_lost && app->n_take_lost < PD_SOURCE_LOST_MAX; i++) {
            pd_interval iv = { d->source->lost_s[i][0], d->source->lost_s[i][1] };
            if (!(iv.end_s > iv.start_s) || iv.start_s < 0) continue;
            app->take_lost[app->n_take_lost++] = iv;
            app->n_take_exclude = pd_intervals_add(app->take_exclude, app->n_take_exclude, PD_DISTRACT_MAX_EVENTS, iv);
        }
        pd_live_source_destroy(d->source);
    }
    d->source = NULL;
    return rc;
}

/* Where the drill returns when it ends without Results: Home, or the
 * exposure session it is part of. */
static pd_screen_id drill_back(const pd_app *app)
{
    return app->in_session ? PD_SESSION : PD_HOME;
}

/* An exposure session's drill: the session prepared it (no countdown here);
 * its step says the length (0 = untimed) and whether the card is hidden. */
static int untimed(const pd_app *app)
{
    return app->take_target_s <= 0;
}

static int card_hidden(const pd_app *app)
{
    return app->in_session && app->xs.x.step.card == PD_CARD_HIDDEN;
}

static void drill_enter(pd_app *app)
{
    drill_state *d = &app->drill;
    memset(d, 0, sizeof *d);
    d->phase = DRILL_PREP;
    d->prep_start_s = app->now_s;
    d->cue = S_COUNT;
    d->last_cue_s = -1e9;
    d->quiet_since_s = NAN;
    pd_pace_judge_init(&d->pace, app->bounds.articulation_slow_syl_s, app->bounds.articulation_fast_syl_s);
    d->loud_hold = NAN;
    app->take_path[0] = 0;
    app->n_take_exclude = 0;
    app->n_take_lost = 0;
    app->n_take_marks = 0;
    d->q_index = -1;
    d->q_person = -1;
    app->take_target_s = app->in_session ? app->xs.x.step.drill_s : app->drill_s;
    /* the step's audience, seeded by the session and the repetition: the
     * same session shows the same people, each repetition their own moment */
    const pd_step *st = &app->xs.x.step;
    if (app->in_session && !st->real_world && st->audience.size > 0)
        pd_crowd_init(&d->crowd, &st->audience, app->xs.seed * 1000003u + (uint64_t)app->xs.x.rep);
    else if (!app->in_session && app->home_audience.size > 0)   /* --audience, from Home */
        pd_crowd_init(&d->crowd, &app->home_audience, 1);
    else pd_crowd_init(&d->crowd, NULL, 0);
    d->crowd_at_s = app->now_s;
    /* the demo sample is English; a microphone take is in the interface's language */
    snprintf(app->take_lang, sizeof app->take_lang, "%s", app->demo ? "en" : app->lang);
    app->open_take_id = 0;
}

/* Waits for the microphone's opener thread, if any (it is quick: the device
 * open) and adopts its source. Returns 0 when there was none or it opened;
 * 1 when the open failed (the message in d->open_err). */
static int opener_join(pd_app *app)
{
    drill_state *d = &app->drill;
    if (!d->opener) return 0;
    SDL_WaitThread(d->opener, NULL);
    d->opener = NULL;
    if (d->open_rc != 0) return 1;
    d->source = d->open_src;
    d->open_src = NULL;
    d->live_start_s = app->now_s;     /* the timer starts with the recording */
    return 0;
}

static void drill_leave(pd_app *app)
{
    opener_join(app);
    close_take(app);
}

static void take_path(pd_app *app)
{
    time_t now = time(NULL);
    struct tm tmv;
    localtime_r(&now, &tmv);
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tmv);
    /* take-DATE-TIME-60s-en.wav: the target and the language spoken travel
     * with the file, so a take left behind (the app closed or killed before
     * it was kept) is recovered with them at the next start */
    for (int i = 0; i < 100; i++) {
        int n = snprintf(app->take_path, sizeof app->take_path, "%s/take-%s-%ds-%s", app->takes_dir,
                         stamp, (int)app->take_target_s, app->take_lang[0] ? app->take_lang : "en");
        /* a session's: its exposure's id, so a take left behind goes back to it */
        if (app->in_session && app->xs.x.cur.id > 0 && n > 0 && (size_t)n < sizeof app->take_path)
            n += snprintf(app->take_path + n, sizeof app->take_path - (size_t)n, "-x%lld", (long long)app->xs.x.cur.id);
        if (i > 0 && n > 0 && (size_t)n < sizeof app->take_path)
            snprintf(app->take_path + n, sizeof app->take_path - (size_t)n, "-%d", i);
        strncat(app->take_path, ".wav", sizeof app->take_path - strlen(app->take_path) - 1);
        if (access(app->take_path, F_OK) != 0) break;
    }
}

/* the takes folder holds recordings of a voice: 0700 (private_file.h) */
static int mkdir_p(const char *dir)
{
    pd_private_mkdirs(dir);
    return access(dir, W_OK) != 0;
}

static int open_thread(void *p)
{
    drill_state *d = p;
    d->open_rc = pd_mic_source_create(d->open_path, d->open_dev[0] ? d->open_dev : NULL, &d->open_src,
                                      d->open_err, sizeof d->open_err);
    SDL_AtomicSet(&d->opened, 1);
    return 0;
}

/* The opener has finished (or is about to): adopt the microphone, or say
 * why there is none and go back Home. Returns 0 when the drill goes on. */
static int mic_opened(pd_app *app)
{
    drill_state *d = &app->drill;
    int failed = d->opener ? opener_join(app) : d->open_rc != 0;
    if (!failed && !d->source && d->open_src) {   /* opened without a thread */
        d->source = d->open_src;
        d->open_src = NULL;
        d->live_start_s = app->now_s;
    }
    if (!failed) return 0;
    snprintf(d->err, sizeof d->err, "%s", d->open_err);
    pd_app_banner(app, ui_trf(app, S_ERR_MIC_FMT, d->open_err));
    app->take_path[0] = 0;
    pd_app_switch(app, drill_back(app));
    return 1;
}

static void start_live(pd_app *app)
{
    drill_state *d = &app->drill;
    char err[300];
    d->phase = DRILL_LIVE;
    d->live_start_s = app->now_s;
    pd_app_trace(app, "drill", "live");
    if (mkdir_p(app->takes_dir) != 0) {
        snprintf(d->err, sizeof d->err, "%s", ui_trf(app, S_ERR_TAKES_DIR_FMT, app->takes_dir));
        pd_app_banner(app, d->err);
        pd_app_switch(app, drill_back(app));   /* nothing can be recorded: not a drill that records nothing */
        return;
    }
    take_path(app);
#ifdef PODIUM_HAVE_RECORDER
    if (!app->demo) {   /* the microphone; without one, say so and go back */
        snprintf(d->open_path, sizeof d->open_path, "%s", app->take_path);
        snprintf(d->open_dev, sizeof d->open_dev, "%s", app->input_device);
        SDL_AtomicSet(&d->opened, 0);
        d->opener = SDL_CreateThread(open_thread, "podium-mic-open", d);
        if (!d->opener) {   /* no thread: open it here */
            open_thread(d);
            mic_opened(app);
        }
        return;
    }
#else
    if (!app->demo)   /* microphone capture comes with the recording library (issue 3) */
        pd_app_message(app, PD_MSG_WARNING, ui_tr(app, S_ERR_NO_RECORDER));
#endif
    /* real time: a capture thread; an injected clock (tests): in the frame */
    if (pd_demo_source_create(app->sample_path, app->take_path, 1.5, app->clock, app->clock_ctx,
                              app->lang, app->real_clock, &d->source, err, sizeof err) != 0) {
        snprintf(d->err, sizeof d->err, "%s", err);
        pd_app_banner(app, err);
        app->take_path[0] = 0;
        pd_app_switch(app, drill_back(app));
    }
}

/* The time the timer shows: under "Stop this take?" it stands at the Esc
 * moment (the take is cut there when kept). */
static double drill_elapsed(const pd_app *app)
{
    const drill_state *d = &app->drill;
    if (d->phase == DRILL_PREP) return 0;
    return (d->phase == DRILL_ASK_STOP ? d->ask_at_s : app->now_s) - d->live_start_s;
}

void pd_app_say_lost(pd_app *app, double take_s)
{
    double lost = 0;
    for (int i = 0; i < app->n_take_lost; i++)
        lost += fmin(app->take_lost[i].end_s, take_s) - fmin(app->take_lost[i].start_s, take_s);
    if (lost > 0) pd_app_message(app, PD_MSG_WARNING, ui_trf(app, S_LOST_INPUT_FMT, ui_num(app, lost, 2)));
}

static void finish(pd_app *app, int keep)
{
    drill_state *d = &app->drill;
    if (d->opener && mic_opened(app)) return;   /* finished while the microphone opened */
    double captured = d->source ? d->lv.t_s : 0;
    /* kept from the stop dialog: what was said before Esc, not the deciding */
    long long cut = -1;
    if (d->phase == DRILL_ASK_STOP && d->source && d->ask_audio_s < captured) {
        cut = llround(d->ask_audio_s * d->source->rate_hz);
        captured = d->ask_audio_s;
    }
    int bad = close_take(app);
    if (!bad && cut >= 0 && keep && app->take_path[0] && captured > 0) {
        char err[700];
        if (pd_cut_file(app->take_path, cut, err, sizeof err) != 0) {
            snprintf(d->err, sizeof d->err, "%s", err);
            bad = 1;
        }
    }
    if (!keep || !app->take_path[0] || captured <= 0) {
        if (app->take_path[0]) pd_take_file_remove(app->take_path);
        app->take_path[0] = 0;
        if (keep && d->err[0]) pd_app_banner(app, d->err);
        else if (keep) pd_app_message(app, PD_MSG_WARNING, ui_tr(app, S_NOTHING_RECORDED));
        else pd_app_message(app, PD_MSG_DONE, ui_tr(app, S_DISCARDED));
        pd_app_switch(app, drill_back(app));
        return;
    }
    if (bad) pd_app_banner(app, d->err);   /* what was written is still analysed */
    else pd_app_say_lost(app, captured);   /* said once, where the take is shown */
    /* a session's take is analysed and kept by the session (its peak rating comes first) */
    pd_app_switch(app, app->in_session ? PD_SESSION : PD_RESULTS);
}

static void pump(pd_app *app)
{
    drill_state *d = &app->drill;
    if (!d->source) return;
    char err[300];
    if (d->source->poll(d->source, err, sizeof err) != 0) {
        /* device lost, disk full: say so, keep what was recorded */
        snprintf(d->err, sizeof d->err, "%s", ui_trf(app, S_ERR_RECORDING_FMT, err));
        d->source->meter(d->source, &d->lv);
        finish(app, 1);
        pd_app_banner(app, d->err);
        return;
    }
    d->source->meter(d->source, &d->lv);
    /* the 400 ms momentary loudness lags: at the end of a phrase it already
     * falls. Shown: the loudest value of the last second of speaking, held
     * through the pause that follows (no flicker, and the phrase's level) */
    if (d->lv.speaking && isfinite(d->lv.loudness_lufs)) {
        int k = d->loud_n % 256;
        d->loud_t[k] = app->now_s;
        d->loud_v[k] = d->lv.loudness_lufs;
        d->loud_n++;
        double best = -INFINITY;
        for (int i = 0; i < 256 && i < d->loud_n; i++)
            if (d->loud_t[i] >= app->now_s - 1.0 && d->loud_v[i] > best) best = d->loud_v[i];
        d->loud_hold = best;
    }
}

static void cues(pd_app *app, double elapsed)
{
    drill_state *d = &app->drill;
    const pd_source_meter *lv = &d->lv;
    const pd_feedback_bounds *b = &app->bounds;
    double lufs = lv->loudness_lufs;
    int off_band = lv->speaking && isfinite(lufs) &&
                   (lufs < b->loudness_quiet_lufs || lufs > LOUD_HI_LUFS);
    if (!off_band) d->quiet_since_s = NAN;
    else if (isnan(d->quiet_since_s)) d->quiet_since_s = app->now_s;
    /* a pace cue stands only while the pace is outside the band (never
     * while the bar says fine), and comes only once it has stayed there */
    d->pace.slow_syl_s = b->articulation_slow_syl_s;   /* the bounds in use now */
    d->pace.fast_syl_s = b->articulation_fast_syl_s;
    int pace_cue = pd_pace_judge_update(&d->pace, lv->pace_syl_s, app->now_s);
    if ((d->cue == S_CUE_SLOWER && pace_cue != 1) || (d->cue == S_CUE_FASTER && pace_cue != -1))
        d->cue = S_COUNT;
    if (app->now_s - d->last_cue_s < CUE_EVERY_S || elapsed < 8.0 || !lv->heard_speech) return;
    pd_str c = S_COUNT;
    if (lv->pause_s >= LONG_PAUSE_CUE_S) c = S_CUE_GO_ON;
    else if (pace_cue == 1)
        c = S_CUE_SLOWER;
    else if (!isnan(d->quiet_since_s) && app->now_s - d->quiet_since_s >= 3.0)
        c = lufs < b->loudness_quiet_lufs ? S_CUE_LOUDER : S_CUE_SOFTER;
    else if (pace_cue == -1 && lv->speaking)
        c = S_CUE_FASTER;
    if (c != S_COUNT) {
        d->cue = c;
        d->cue_until_s = app->now_s + CUE_SHOW_S;
        d->last_cue_s = app->now_s;
    }
}

const pd_audience *pd_drill_audience(const pd_app *app)
{
    return app->in_session ? &app->xs.x.step.audience : &app->home_audience;
}

/* The audience's step: silence while the preparation counts down (every
 * eye on the speaker, waiting), then the live meters (pd_crowd_input):
 * pauses, quiet speech, the pace against the feedback bounds' articulation
 * band (as the pace cue), with the reactions the step's attitude has. */
static void crowd_update(pd_app *app)
{
    drill_state *d = &app->drill;
    if (d->crowd.n == 0) return;
    double dt = app->now_s - d->crowd_at_s;
    d->crowd_at_s = app->now_s;
    if (d->phase == DRILL_PREP || !d->source) {
        pd_crowd_step(&d->crowd, dt, NULL);
        return;
    }
    const pd_source_meter *lv = &d->lv;
    const pd_feedback_bounds *b = &app->bounds;
    pd_crowd_input in;
    memset(&in, 0, sizeof in);
    in.speaking = lv->speaking;
    in.pause_s = lv->speaking ? 0.0 : lv->pause_s;
    in.pace_band = pd_pace_band(lv->pace_syl_s, b->articulation_slow_syl_s, b->articulation_fast_syl_s);
    in.quiet = lv->speaking && isfinite(lv->loudness_lufs) && lv->loudness_lufs < b->loudness_quiet_lufs;
    in.filled_pauses = 0;   /* the live meters count no filled pauses */
    in.pitch_lively = isfinite(lv->pitch_sd_st) && lv->pitch_sd_st >= b->f0_sd_flat_st;
    in.reactions = pd_crowd_default_reactions(pd_drill_audience(app)->attitude);
    pd_crowd_step(&d->crowd, dt, &in);
}

static void drill_update(pd_app *app)
{
    drill_state *d = &app->drill;
    crowd_update(app);
    if (d->phase == DRILL_PREP) {
        if (app->in_session || app->now_s - d->prep_start_s >= app->prep_s) start_live(app);
        return;
    }
    if (d->opener) {   /* the microphone is being opened: the timer waits for it */
        if (!SDL_AtomicGet(&d->opened) || mic_opened(app)) return;
    }
    pump(app);
    if (app->next_screen >= 0) return;
    double elapsed = app->now_s - d->live_start_s;
    if (d->phase == DRILL_ASK_STOP) {   /* not ended under the question (but not forever) */
        if (app->now_s - d->ask_at_s >= PD_DRILL_S_MAX) finish(app, 1);
        return;
    }
    cues(app, elapsed);
    ui_distract_update(app);
    ui_questions_update(app);   /* the question's voice ready, its answer window open */
    /* an untimed drill ends with Space (or at the longest drill a step may ask) */
    if (ui_questions_answering(app)) {   /* an answer's time is up: the next question, or the end */
        if (ui_questions_left_s(app) <= 0 && !ui_questions_next(app)) finish(app, 1);
        return;
    }
    if (elapsed >= (untimed(app) ? PD_DRILL_S_MAX : app->take_target_s + GRACE_S) && !ui_questions_next(app))
        finish(app, 1);
}

static void drill_event(pd_app *app, const SDL_Event *e)
{
    drill_state *d = &app->drill;
    if (d->phase == DRILL_ASK_STOP) {
        if (e->type == SDL_KEYDOWN && e->key.keysym.sym == SDLK_ESCAPE) {
            d->phase = DRILL_LIVE;
            return;
        }
        int id = ui_focus_event(app, &d->focus, e, 1);
        if (id == DRILL_KEEP) finish(app, 1);
        else if (id == DRILL_DISCARD) finish(app, 0);
        else if (id == DRILL_CONTINUE) d->phase = DRILL_LIVE;
        else if (id == DRILL_END_SESSION && app->in_session) {
            app->xs.end_after_drill = 1;   /* what was said is kept, then the session ends */
            finish(app, 1);
        }
        return;
    }
    if (e->type != SDL_KEYDOWN) return;
    SDL_Keycode k = e->key.keysym.sym;
    if (d->phase == DRILL_PREP) {
        if (k == SDLK_ESCAPE) pd_app_switch(app, drill_back(app));
        else if (k == SDLK_SPACE || k == SDLK_RETURN || k == SDLK_KP_ENTER) start_live(app);
        return;
    }
    if (k == SDLK_SPACE || k == SDLK_RETURN || k == SDLK_KP_ENTER) {
        if (!ui_questions_next(app)) finish(app, 1);   /* the pitch (or an answer) done: questions first */
    } else if (k == SDLK_ESCAPE) {
        d->phase = DRILL_ASK_STOP;
        d->ask_at_s = app->now_s;
        d->ask_audio_s = d->source ? d->lv.t_s : 0;
        d->focus.focus = 0;
        d->focus.n = 0;
    }
}

/* ---- drawing ------------------------------------------------------------------ */
static void meter_panel(pd_app *app, SDL_Rect r, const char *label, const char *value,
                        double v, double lo, double hi, double blo, double bhi, int bar)
{
    const ui_theme *t = &app->th;
    ui_fill(app, r, t->panel);
    int p = ui_px(app, 12), lh = ui_px(app, 24);
    /* the value keeps its natural width (at least a third of the panel, so
     * the label does not jump as the figure changes); the label gets the rest */
    int vw = ui_text_width(app, value, 17, 0);
    if (vw < r.w / 3) vw = r.w / 3;
    if (vw > r.w / 2 - p) vw = r.w / 2 - p;
    ui_text(app, (SDL_Rect){ r.x + p, r.y + p / 2, r.w - 2 * p - vw - p / 2, lh }, label, 17,
            UI_BOLD | UI_MIDDLE, t->text);
    ui_text(app, (SDL_Rect){ r.x + r.w - p - vw, r.y + p / 2, vw, lh }, value, 17,
            UI_RIGHT | UI_MIDDLE, t->text);
    SDL_Rect m = { r.x + p, r.y + p / 2 + lh + ui_px(app, 6), r.w - 2 * p, r.h - lh - p - ui_px(app, 8) };
    if (bar) ui_meter(app, m, v, lo, hi, blo, bhi, t->accent);
}

static void draw_meters(pd_app *app, SDL_Rect r)
{
    const ui_theme *t = &app->th;
    drill_state *d = &app->drill;
    const pd_source_meter *lv = &d->lv;
    int g = ui_px(app, 12), w = (r.w - 2 * g) / 3;
    SDL_Rect a = { r.x, r.y, w, r.h }, b = { r.x + w + g, r.y, w, r.h },
             c = { r.x + 2 * (w + g), r.y, r.w - 2 * (w + g), r.h };
    int live = d->phase != DRILL_PREP && d->source;
    char val[96];
    /* the loudness of the last speech is held through pauses (no flicker) */
    if (live && isfinite(d->loud_hold))
        snprintf(val, sizeof val, "%s LUFS", ui_num(app, d->loud_hold, 0));
    else snprintf(val, sizeof val, "-");
    meter_panel(app, a, ui_tr(app, S_LOUDNESS), val, live ? d->loud_hold : NAN, -60, 0,
                app->bounds.loudness_quiet_lufs, LOUD_HI_LUFS, 1);
    /* speaking / pausing */
    ui_fill(app, b, t->panel);
    int p = ui_px(app, 12), lh = ui_px(app, 24);
    ui_text(app, (SDL_Rect){ b.x + p, b.y + p / 2, b.w - 2 * p, lh }, ui_tr(app, S_VOICE), 17,
            UI_BOLD | UI_MIDDLE, t->text);
    SDL_Rect st = { b.x + p, b.y + p / 2 + lh + ui_px(app, 6), b.w - 2 * p, b.h - lh - p - ui_px(app, 8) };
    /* "Listening..." only once the input records: not during the countdown */
    d->voice_shown = !live ? S_NOT_RECORDING : !lv->heard_speech ? S_LISTENING
                   : lv->speaking ? S_SPEAKING : S_PAUSE_FMT;
    const char *s = d->voice_shown == S_PAUSE_FMT ? ui_trf(app, S_PAUSE_FMT, ui_num(app, lv->pause_s, 1))
                                                  : ui_tr(app, d->voice_shown);
    SDL_Color dot = !live || !lv->heard_speech ? t->line : lv->speaking ? t->green
                    : lv->pause_s >= 2.0        ? t->yellow : t->muted;
    int ds = st.h < ui_px(app, 22) ? st.h : ui_px(app, 22);
    ui_fill(app, (SDL_Rect){ st.x, st.y + (st.h - ds) / 2, ds, ds }, dot);
    ui_text(app, (SDL_Rect){ st.x + ds + p, st.y, st.w - ds - p, st.h }, s, 22, UI_MIDDLE | UI_BOLD,
            t->text);
    if (live && isfinite(lv->pace_syl_s))
        snprintf(val, sizeof val, "%s %s", ui_num(app, lv->pace_syl_s, 1), ui_tr(app, S_SYL_S));
    else snprintf(val, sizeof val, "-");
    meter_panel(app, c, ui_tr(app, S_PACE), val, live ? lv->pace_syl_s : NAN, 0, 7,
                app->bounds.articulation_slow_syl_s, app->bounds.articulation_fast_syl_s, 1);
}

static void draw_dialog(pd_app *app)
{
    drill_state *d = &app->drill;
    const ui_theme *t = &app->th;
    ui_fill(app, (SDL_Rect){ 0, 0, app->w, app->h }, (SDL_Color){ 0, 0, 0, 170 });
    int w = app->w * 6 / 10, h = ui_px(app, 220);
    if (w < ui_px(app, 520)) w = app->w - ui_px(app, 48);
    SDL_Rect r = { (app->w - w) / 2, (app->h - h) / 2, w, h };
    ui_fill(app, r, t->panel);
    ui_frame(app, r, t->line, ui_px(app, 1));
    int p = ui_px(app, 20);
    ui_text(app, (SDL_Rect){ r.x + p, r.y + p, r.w - 2 * p, ui_px(app, 36) }, ui_tr(app, S_STOP_TITLE),
            26, UI_BOLD | UI_MIDDLE, t->text);
    ui_text(app, (SDL_Rect){ r.x + p, r.y + p + ui_px(app, 40), r.w - 2 * p, ui_px(app, 50) },
            ui_tr(app, S_STOP_TEXT), 18, UI_WRAP, t->muted);
    int nb = app->in_session ? 4 : 3;   /* a session's drill can also end the session */
    int bh = ui_px(app, 48), g = ui_px(app, 14), bw = (r.w - 2 * p - (nb - 1) * g) / nb;
    int by = r.y + r.h - p - bh;
    static const int ids[4] = { DRILL_KEEP, DRILL_DISCARD, DRILL_CONTINUE, DRILL_END_SESSION };
    static const pd_str labels[4] = { S_STOP_KEEP, S_STOP_DISCARD, S_STOP_CONTINUE, S_XS_STOP_END };
    int keep = d->focus.n ? d->focus.focus : 0;
    ui_focus_clear(&d->focus);
    for (int i = 0; i < nb; i++)
        ui_focus_add(&d->focus, ids[i], (SDL_Rect){ r.x + p + i * (bw + g), by, bw, bh });
    d->focus.focus = keep < nb ? keep : 0;
    for (int i = 0; i < nb; i++)
        ui_button(app, d->focus.w[i].r, ui_tr(app, labels[i]), d->focus.focus == i, i == 0);
}

static void drill_draw(pd_app *app)
{
    drill_state *d = &app->drill;
    const ui_theme *t = &app->th;
    int W = app->w, H = app->h, m = ui_px(app, 24), g = ui_px(app, 16);
    const pd_prompt_card *card = app->n_cards ? &app->cards[app->card % app->n_cards] : NULL;
    SDL_Rect head = { m, m / 2, W - 2 * m, ui_px(app, 40) };
    ui_text(app, (SDL_Rect){ head.x, head.y, head.w * 6 / 10, head.h },
            ui_fit_line(app, card ? card->title : ui_tr(app, S_APP_TITLE), 22, 1, head.w * 6 / 10), 22,
            UI_BOLD | UI_MIDDLE, t->text);
    if (d->source ? d->source->demo : app->demo)   /* a microphone drill says nothing */
        ui_text(app, (SDL_Rect){ head.x + head.w * 6 / 10 + g, head.y, head.w * 4 / 10 - g, head.h },
                ui_tr(app, S_DEMO_SOURCE), 15, UI_RIGHT | UI_MIDDLE, t->muted);
    SDL_Rect keys = { m, H - ui_px(app, 34), W - 2 * m, ui_px(app, 26) };
    ui_text(app, keys,
            d->phase == DRILL_PREP          ? ui_tr(app, S_PREP_HINT)
            : ui_questions_answering(app) ? ui_tr(app, S_KEYS_ANSWER)   /* Space: answered, not the end */
                                          : ui_tr(app, S_KEYS_DRILL),
            15, UI_MIDDLE, t->muted);
    int meters_h = ui_px(app, 96);
    SDL_Rect meters = { m, keys.y - g / 2 - meters_h, W - 2 * m, meters_h };
    int top = head.y + head.h + g / 2, bottom = meters.y - g;
    /* an audience takes the top of the room, the timer and the card stay
     * whole below it (their texts a size smaller) */
    int aud = d->crowd.n > 0;
    double k = aud ? 0.6 : 1.0;
    d->audience_box = (SDL_Rect){ 0, 0, 0, 0 };
    if (aud) {
        int ah = (bottom - top) * (card_hidden(app) ? 46 : 38) / 100;   /* a shown card needs room */
        d->audience_box = (SDL_Rect){ m, top, W - 2 * m, ah };
        top += ah + g / 2;
    }
    int left_w = (W - 2 * m - g) * 55 / 100;
    SDL_Rect timer = { m, top, left_w, bottom - top };
    SDL_Rect cardr = { m + left_w + g, top, W - 2 * m - left_w - g, bottom - top };
    d->timer_box = timer;
    if (aud) ui_draw_audience_cached(app, d->audience_box, &d->crowd, d->crowd.t_s);

    double T = app->take_target_s;
    double elapsed = drill_elapsed(app);
    int sig = d->phase == DRILL_PREP || untimed(app) ? 0 : pd_drill_signal(T, elapsed);
    SDL_Color bg = sig == 1 ? t->green : sig == 2 ? t->yellow : sig == 3 ? t->red : t->neutral;
    SDL_Color fg = sig == 2 ? (SDL_Color){ 0x14, 0x14, 0x14, 255 }
                 : sig ? (SDL_Color){ 255, 255, 255, 255 } : t->text;
    ui_fill(app, timer, bg);
    int p = ui_px(app, 18);
    SDL_Rect label = { timer.x + p, timer.y + p / 2, timer.w - 2 * p, ui_px(app, 40 * k) };
    SDL_Rect big = { timer.x + p, label.y + label.h, timer.w - 2 * p, timer.h * 45 / 100 };
    SDL_Rect sub = { timer.x + p, big.y + big.h, timer.w - 2 * p, ui_px(app, 34 * k) };
    SDL_Rect cue = { timer.x + p, sub.y + sub.h + ui_px(app, 6), timer.w - 2 * p,
                     timer.y + timer.h - p / 2 - (sub.y + sub.h + ui_px(app, 6)) };
    if (ui_questions_answering(app)) {   /* an answer: its time left */
        ui_fill(app, timer, t->neutral);
        ui_text(app, label, ui_tr(app, S_Q_ANSWER), 24 * k, UI_BOLD | UI_MIDDLE | UI_CENTER, t->text);
        ui_text(app, big, ui_clock_text(app, ceil(ui_questions_left_s(app))), 150 * k, UI_BOLD | UI_MIDDLE | UI_CENTER,
                t->text);
        ui_text(app, sub, ui_trf(app, S_Q_ANSWER_SUB_FMT, d->q_index + 1, ui_questions_asked(app)), 18 * k,
                UI_MIDDLE | UI_CENTER | UI_WRAP, t->text);
    } else if (d->phase == DRILL_PREP) {
        double left = app->prep_s - (app->now_s - d->prep_start_s);
        char n[16];
        snprintf(n, sizeof n, "%d", (int)ceil(left > 0 ? left : 0));
        ui_text(app, label, ui_tr(app, S_GET_READY), 26 * k, UI_BOLD | UI_MIDDLE | UI_CENTER, fg);
        ui_text(app, big, n, 150 * k, UI_BOLD | UI_MIDDLE | UI_CENTER, fg);
        ui_text(app, sub, ui_trf(app, S_TARGET_FMT, ui_clock_text(app, T)), 20 * k,
                UI_MIDDLE | UI_CENTER, fg);
    } else if (untimed(app)) {   /* no timer: nothing counts the seconds */
        ui_text(app, label, ui_tr(app, S_SPEAK_NOW), 24 * k, UI_BOLD | UI_MIDDLE | UI_CENTER, fg);
        ui_text(app, big, ui_tr(app, S_XS_UNTIMED), 40 * k, UI_BOLD | UI_MIDDLE | UI_CENTER | UI_WRAP, fg);
        ui_text(app, sub, ui_tr(app, S_XS_UNTIMED_SUB), 20 * k, UI_MIDDLE | UI_CENTER, fg);
    } else {
        ui_text(app, label, ui_tr(app, S_SPEAK_NOW), 24 * k, UI_BOLD | UI_MIDDLE | UI_CENTER, fg);
        ui_text(app, big, ui_clock_text(app, elapsed), 150 * k, UI_BOLD | UI_MIDDLE | UI_CENTER, fg);
        ui_text(app, sub, ui_trf(app, S_TARGET_FMT, ui_clock_text(app, T)), 20 * k,
                UI_MIDDLE | UI_CENTER, fg);
        const char *line = NULL;
        if (elapsed >= T) line = ui_tr(app, S_TIME_UP);
        else if (elapsed >= T - 10) line = ui_tr(app, S_TEN_LEFT);
        SDL_Rect c1 = { cue.x, cue.y, cue.w, cue.h / 2 }, c2 = { cue.x, cue.y + cue.h / 2, cue.w, cue.h / 2 };
        if (line) ui_text(app, c1, line, 26 * k, UI_BOLD | UI_MIDDLE | UI_CENTER, fg);
        if (d->cue != S_COUNT && app->now_s < d->cue_until_s) {
            int cw = ui_text_width(app, ui_tr(app, d->cue), 22 * k, 1) + ui_px(app, 40);
            if (cw > c2.w) cw = c2.w;
            SDL_Rect box = { c2.x + (c2.w - cw) / 2, c2.y + ui_px(app, 4), cw, c2.h - ui_px(app, 8) };
            ui_fill(app, box, t->panel);
            ui_text(app, (SDL_Rect){ box.x + ui_px(app, 12), box.y, box.w - ui_px(app, 24), box.h },
                    ui_tr(app, d->cue), 22 * k, UI_BOLD | UI_MIDDLE | UI_CENTER, t->text);
        }
    }
    /* the current part of the card: the target split in four */
    int part = d->phase == DRILL_PREP ? 0 : untimed(app) ? -1 : (int)(elapsed / (T / PD_CARD_PARTS));
    if (card_hidden(app)) {   /* from memory */
        ui_fill(app, cardr, t->panel);
        int cp = ui_px(app, 20);
        ui_text(app, (SDL_Rect){ cardr.x + cp, cardr.y + cp, cardr.w - 2 * cp, ui_px(app, 40) },
                ui_tr(app, S_XS_FROM_MEMORY), 26, UI_BOLD | UI_MIDDLE, t->text);
        ui_text(app, (SDL_Rect){ cardr.x + cp, cardr.y + cp + ui_px(app, 48), cardr.w - 2 * cp,
                                 cardr.h - 2 * cp - ui_px(app, 48) },
                ui_tr(app, S_XS_FROM_MEMORY_SUB), 18, UI_WRAP, t->muted);
    } else if (app->in_session && app->xs.x.step.card == PD_CARD_TOPIC && app->xs.topic[0]) {
        pd_draw_topic(app, cardr, app->xs.topic, 1);
    } else {
        pd_draw_prompt_card(app, cardr, part < PD_CARD_PARTS ? part : PD_CARD_PARTS - 1);
    }
    ui_questions_draw(app, d->audience_box, cardr);
    draw_meters(app, meters);
    if (d->phase == DRILL_ASK_STOP) draw_dialog(app);
}

/* Everything drill_draw shows, quantised as drawn (the timer's second, the
 * pause's tenth, a meter's bar to about a pixel). */
static unsigned long long drill_signature(pd_app *app)
{
    drill_state *d = &app->drill;
    const pd_source_meter *lv = &d->lv;
    double elapsed = d->phase == DRILL_PREP ? app->now_s - d->prep_start_s : drill_elapsed(app);
    long long v[12] = {
        d->phase,
        (long long)floor(elapsed),
        d->cue != S_COUNT && app->now_s < d->cue_until_s ? (long long)d->cue : -1LL,
        d->source != NULL,
        isfinite(d->loud_hold) ? llround(d->loud_hold * 4) : -99999,
        lv->heard_speech * 2 + lv->speaking,
        llround(lv->pause_s * 10),
        isfinite(lv->pace_syl_s) ? llround(lv->pace_syl_s * 50) : -99999,
        d->focus.focus,
        (long long)app->take_target_s,
        d->crowd.n ? (long long)pd_crowd_pose_digest(&d->crowd) : 0,   /* the audience moves */
        d->q_index >= 0 ? d->q_index * 10000LL + (long long)ceil(ui_questions_left_s(app)) : -1,
    };
    unsigned long long h = 1469598103934665603ULL;       /* FNV-1a over the values */
    for (int i = 0; i < 12; i++) {
        unsigned long long x = (unsigned long long)v[i];
        for (int b = 0; b < 8; b++) {
            h ^= (x >> (8 * b)) & 0xFF;
            h *= 1099511628211ULL;
        }
    }
    return h;
}

const pd_screen pd_screen_drill = {
    "drill", drill_enter, drill_leave, drill_event, drill_update, drill_draw, drill_signature,
};
