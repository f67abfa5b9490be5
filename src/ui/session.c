/* session.c - an exposure session in the app, step by step: expectation,
 * distress before, preparation (card or surprise topic, countdown, the
 * breathing guide), the drill (the drill screen under the step's
 * conditions), distress at the peak, listening back, recovery, distress
 * after, the expectation check and the suggestion; repetitions; a
 * real-world step is the same walk without the drill (a log).
 *
 * Every decision is the core's (pd_xsession, pd_exposure_suggest): this file
 * feeds it the answers and saves the repetition whenever the core marks it
 * dirty, so nothing rated or recorded is lost when the session ends early.
 * The take is analysed and kept in the history here (as Results keeps one),
 * on a worker thread, so the window keeps drawing. Drawing: session_draw.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "podium/text_files.h"
#include "session_ui.h"

static void enter_phase(pd_app *app);
static void finish_session(pd_app *app);

static void remember(session_state *s, int64_t id)
{
    if (id <= 0) return;
    for (int i = 0; i < s->n_ids; i++)
        if (s->ids[i] == id) return;
    if (s->n_ids < (int)(sizeof s->ids / sizeof s->ids[0])) s->ids[s->n_ids++] = id;
}

/* After every answer: the repetition is saved when the core says it changed
 * (then it is clean), and a new phase is entered. */
static void sync(pd_app *app)
{
    session_state *s = &app->xs;
    if (s->x.dirty && pd_app_save_exposure(app, &s->x.cur) == 0) {
        s->x.dirty = 0;
        remember(s, s->x.cur.id);
    }
    if ((int)s->x.phase != s->shown) enter_phase(app);
}

const char *xs_feared(pd_app *app)
{
    session_state *s = &app->xs;
    if (s->fear == PD_FEAR_OWN) return s->own;
    if (s->fear > 0 && s->fear < PD_FEAR_COUNT) return pd_fear_text((pd_fear)s->fear, app->lang);
    return "";
}

void xs_take_facts(pd_app *app, pd_take_facts *f)
{
    session_state *s = &app->xs;
    pd_take_facts_init(f);
    const pd_report *r = s->take_ready ? s->tk.report : NULL;
    if (!r) return;
    /* the pitch ends where the first answer began (questions after it) */
    f->duration_s = s->tk.n_marks > 0 ? s->tk.marks[0] : r->duration_s;
    f->target_s = s->x.step.drill_s > 0 ? s->x.step.drill_s : NAN;
    f->speech_s = r->speech_detected ? r->speech_end_s - r->speech_start_s : 0;
    f->filled_pauses = (double)r->n_filled_pauses;
    f->long_pauses = r->long_pauses_count;
    double longest = 0;
    for (size_t i = 0; i < r->n_pauses; i++)
        if (r->pauses[i].end_s - r->pauses[i].start_s > longest)
            longest = r->pauses[i].end_s - r->pauses[i].start_s;
    f->longest_pause_s = longest;
    f->f0_sd_st = r->f0_sd_st;
    f->f0_median_hz = r->f0_median_hz;
}

/* The card of this repetition: your own (shown or hidden), a different one
 * each repetition (varied), or a surprise topic: a card other than yours,
 * shown only now that the preparation starts. */
static void topic_warning(void *ctx, const char *message)
{
    pd_app_banner((pd_app *)ctx, message);
}

/* The surprise topic of this repetition: from the bundled list of the
 * interface's language and the user's own files (text_files.h), read the
 * first time; one not marked '!' (those are for the hard steps: questions
 * of a critical audience), a different one each repetition. 0 when there is
 * no list (a damaged installation: said in the banner). */
static int pick_topic(pd_app *app)
{
    session_state *s = &app->xs;
    s->topic[0] = 0;
    if (!app->topics_read) {
        app->topics_read = 1;
        char bundled[700], user[600], err[400];
        snprintf(bundled, sizeof bundled, "%s/topics/%s.txt", app->assets_dir, app->lang);
        int has_user = pd_user_config_dir("topics", user, sizeof user) == 0;
        if (pd_topics_load(bundled, has_user ? user : NULL, &app->topics, topic_warning, app, err, sizeof err) !=
            PD_OK)
            pd_app_banner(app, err);
    }
    size_t easy = pd_topics_count(&app->topics, 0);
    if (easy == 0) return 0;
    int k = pd_xsession_pick((int)easy, s->x.rep, s->seed);
    for (size_t i = 0; i < app->topics.n; i++) {
        if (app->topics.items[i].hard) continue;
        if (k-- == 0) {
            snprintf(s->topic, sizeof s->topic, "%s", app->topics.items[i].text);
            return 1;
        }
    }
    return 0;
}

static void pick_card(pd_app *app)
{
    session_state *s = &app->xs;
    if (s->card_rep == s->x.rep) return;   /* a second try keeps its card */
    s->card_rep = s->x.rep;
    int n = app->n_cards;
    if (n <= 0) return;
    if (s->x.step.card == PD_CARD_VARIED) {
        app->card = pd_xsession_pick(n, s->x.rep, s->seed);
    } else if (s->x.step.card == PD_CARD_TOPIC && pick_topic(app)) {
        app->card = s->home_card;   /* the topic is drawn instead of the card */
    } else if (s->x.step.card == PD_CARD_TOPIC && n > 1) {   /* no topic list: another card */
        int k = pd_xsession_pick(n - 1, s->x.rep, s->seed);
        app->card = k >= s->home_card % n ? k + 1 : k;
    } else {
        app->card = s->home_card;
    }
}

static void start_drill(pd_app *app)
{
    session_state *s = &app->xs;
    ui_player_close(&s->player);
    ui_take_free(&s->tk);
    s->take_ready = 0;
    s->take_err[0] = 0;
    s->breathing = 0;
    s->in_drill = 1;
    pd_app_trace(app, "session", "drill");
    pd_app_switch(app, PD_DRILL);
}

/* The suggestion over every peak rated at this step, oldest first. */
static void suggest(pd_app *app)
{
    session_state *s = &app->xs;
    int n = 0, cap = app->nxp + 1;
    int *peaks = malloc((size_t)cap * sizeof *peaks);
    if (peaks) {
        int in_xp = 0;
        for (int i = 0; i < app->nxp; i++) {
            const pd_exposure *e = &app->xp[i];
            int same = s->x.step.id ? e->step_id == s->x.step.id : strcmp(e->step_title, s->x.step.title) == 0;
            if (e->id && e->id == s->x.cur.id) in_xp = 1;
            if (same && e->suds_peak != PD_RATING_NONE) peaks[n++] = e->suds_peak;
        }
        /* the history could not keep it: the repetition still counts here */
        if (!in_xp && s->x.cur.suds_peak != PD_RATING_NONE) peaks[n++] = s->x.cur.suds_peak;
    }
    pd_exposure_suggest(peaks, n, &app->xrules, s->step_index >= app->ladder.n - 1, app->lang, &s->sug);
    free(peaks);
    s->any_step = app->ladder.current >= 0 && app->ladder.current < app->ladder.n ? app->ladder.current
                                                                                  : s->step_index;
    s->moved = 0;
}

static void enter_phase(pd_app *app)
{
    session_state *s = &app->xs;
    s->shown = (int)s->x.phase;
    s->want_focus = -1;
    pd_app_trace(app, "session", pd_xphase_name(s->x.phase));
    switch (s->x.phase) {
    case PD_X_EXPECT:
        s->stage = XS_PICK_FEAR;
        s->fear = -1;
        s->own[0] = 0;
        s->want_focus = XS_FEAR0 + PD_FEAR_BLANK;
        if (s->x.last_feared[0]) {   /* the next repetition: the last fear is the default */
            s->fear = (int)pd_fear_of_text(s->x.last_feared);
            if (s->fear == PD_FEAR_OWN) snprintf(s->own, sizeof s->own, "%s", s->x.last_feared);
            s->want_focus = XS_FEAR0 + s->fear;
        }
        ui_rating_init(&s->rating, UI_RATE_PERCENT);
        break;
    case PD_X_BEFORE:
    case PD_X_PEAK:
    case PD_X_AFTER:
        ui_rating_init(&s->rating, UI_RATE_SUDS);
        s->want_focus = XS_RATING;
        break;
    case PD_X_CHECK:
        ui_rating_init(&s->rating, UI_RATE_PERCENT);
        s->want_focus = XS_RATING;
        break;
    case PD_X_PREPARE:
        pick_card(app);
        s->prep_done_s = 0;
        s->prep_last_s = app->now_s;
        s->want_focus = XS_START;
        break;
    case PD_X_DRILL: start_drill(app); break;
    case PD_X_LISTEN: s->want_focus = s->take_ready ? XS_PLAY : XS_CONTINUE; break;
    case PD_X_RECOVER: s->want_focus = XS_SKIP_RECOVERY; break;
    case PD_X_SUGGEST:
        suggest(app);
        s->want_focus = s->x.rep < s->x.step.reps ? XS_NEXT : XS_FINISH;
        break;
    case PD_X_DONE:
    default:
        ui_player_stop(&s->player);
        SDL_StopTextInput();
        s->breathing = 0;
        s->want_focus = XS_DONE;
        break;
    }
}

void pd_app_start_session(pd_app *app, int step_index)
{
    pd_app_load_ladder(app);
    if (step_index < 0 || step_index >= app->ladder.n) {
        pd_app_message(app, PD_MSG_WARNING, ui_tr(app, S_XS_NO_STEP));
        return;
    }
    session_state *s = &app->xs;
    finish_session(app);   /* one session at a time: one still running ends first, kept */
    memset(s, 0, sizeof *s);
    s->step_index = step_index;
    s->back = app->screen_id == PD_SESSION || app->screen_id == PD_DRILL ? PD_HOME : app->screen_id;
    s->home_card = app->card;
    s->shown = -1;
    s->fear = -1;
    pd_xsession_start(&s->x, &app->ladder.step[step_index], app->xrules.recover_s,
                      (int64_t)time(NULL), app->now_s);
    s->seed = (uint64_t)s->x.cur.session * 2654435761u + (uint64_t)step_index;
    app->in_session = 1;
    sync(app);
    /* from the session screen itself (a new session on top): no switch, whose
     * leave would end the session just started */
    if (app->screen_id != PD_SESSION) pd_app_switch(app, PD_SESSION);
}

/* ---- the take: analysed and kept on a thread ------------------------------ */
static int take_thread(void *ctx)
{
    pd_app *app = ctx;
    session_state *s = &app->xs;
    const char *lang = app->take_lang[0] ? app->take_lang : "en";
    int rc = ui_take_load_ex(app->take_path, lang, app->take_exclude, app->n_take_exclude, app->take_lost,
                             (size_t)app->n_take_lost, app->take_target_s,
                             &app->bounds, app->lang, &s->tk, s->take_err, sizeof s->take_err);
    if (rc == 0) {   /* where the answers to the audience's questions began */
        s->tk.n_marks = app->n_take_marks;
        memcpy(s->tk.marks, app->take_marks, sizeof s->tk.marks);
    }
    SDL_AtomicSet(&s->take_phase, rc == 0 ? RES_READY : RES_FAILED);
    return rc;
}

static void drill_finished(pd_app *app, int64_t take_id)
{
    session_state *s = &app->xs;
    pd_xsession_drill_done(&s->x, take_id, app->now_s);
    if (s->end_after_drill) {
        s->end_after_drill = 0;
        pd_xsession_end(&s->x);
    }
    sync(app);
}

/* The analysis is done: keep the take in the history (as Results' Keep);
 * one that cannot be analysed stays in the takes folder (added at the next
 * start, as every take left behind). */
static void keep_take(pd_app *app)
{
    session_state *s = &app->xs;
    int64_t id = 0;
    if (SDL_AtomicGet(&s->take_phase) == RES_READY) {
        s->take_ready = 1;
        pd_take_summary t;
        pd_app_take_summary(app, s->tk.report, &t);
        if (app->history && app->history->add(app->history, &t, s->tk.report) == 0) {
            id = t.id;
            snprintf(app->take_path, sizeof app->take_path, "%s", t.path);
        } else {
            pd_app_banner(app, ui_tr(app, S_ERR_NOT_SAVED));
        }
    } else {
        pd_app_banner(app, ui_trf(app, S_XS_TAKE_FAILED_FMT, s->take_err));
    }
    drill_finished(app, id);
}

static void take_done(pd_app *app)
{
    SDL_WaitThread(app->xs.thread, NULL);
    app->xs.thread = NULL;
    keep_take(app);
}

static void session_enter(pd_app *app)
{
    session_state *s = &app->xs;
    if (!s->in_drill) return;   /* a new session: pd_app_start_session set it up */
    s->in_drill = 0;            /* back from the drill */
    if (!app->take_path[0]) {   /* discarded, nothing recorded, or no microphone */
        drill_finished(app, 0);
        return;
    }
    SDL_AtomicSet(&s->take_phase, RES_ANALYSING);
    s->thread = SDL_CreateThread(take_thread, "podium-session-take", app);
    if (!s->thread) {   /* no thread: here, the window waits */
        take_thread(app);
        keep_take(app);
    }
}

/* Ends the session for good (Done, or the window closing): what the core
 * still holds is saved, the take freed, the card of Home put back. */
static void finish_session(pd_app *app)
{
    session_state *s = &app->xs;
    if (!app->in_session) return;
    if (s->thread) take_done(app);
    if (s->x.phase != PD_X_DONE) pd_xsession_end(&s->x);
    sync(app);
    ui_player_close(&s->player);
    ui_take_free(&s->tk);
    s->take_ready = 0;
    app->card = s->home_card;
    app->in_session = 0;
    SDL_StopTextInput();
}

static void session_leave(pd_app *app)
{
    SDL_StopTextInput();
    if (app->xs.in_drill) {   /* on to the drill: the session waits for it */
        ui_player_close(&app->xs.player);
        return;
    }
    finish_session(app);
}

/* ---- answers ---------------------------------------------------------------- */
static void answer(pd_app *app, int v)
{
    session_state *s = &app->xs;
    if (s->x.phase == PD_X_EXPECT) pd_xsession_expect(&s->x, xs_feared(app), v, app->now_s);
    else pd_xsession_rate(&s->x, v, app->now_s);
    sync(app);
}

static void confirm(pd_app *app)
{
    session_state *s = &app->xs;
    if (s->rating.value == PD_RATING_NONE) s->rating.asked = 1;   /* choose, or S to skip */
    else answer(app, s->rating.value);
}

static void toggle_breathing(pd_app *app)
{
    session_state *s = &app->xs;
    s->breathing = !s->breathing;
    if (s->breathing) s->breath_start_s = app->now_s;
}

static void set_current(pd_app *app, int k)
{
    session_state *s = &app->xs;
    if (k < 0 || k >= app->ladder.n) return;
    app->ladder.current = k;
    pd_app_save_ladder(app);
    s->any_step = k;
    s->moved = 1;
}

static void pause_session(pd_app *app)
{
    session_state *s = &app->xs;
    pd_xsession_pause(&s->x, app->now_s);   /* the answer in progress waits */
    ui_player_stop(&s->player);
    SDL_StopTextInput();
    s->rating.dragging = 0;
    s->rating.last_digit = -1;
    s->want_focus = XS_PAUSE_CONTINUE;
}

static void resume_session(pd_app *app)
{
    session_state *s = &app->xs;
    pd_xsession_resume(&s->x, app->now_s);
    s->prep_last_s = app->now_s;
    if (s->x.phase == PD_X_EXPECT && s->stage == XS_OWN_WORDS) SDL_StartTextInput();
    s->want_focus = s->x.phase == PD_X_EXPECT && s->stage == XS_PICK_FEAR ? XS_FEAR0 + PD_FEAR_BLANK
                    : s->x.phase == PD_X_PREPARE                          ? XS_START
                    : s->x.phase == PD_X_LISTEN   ? (s->take_ready ? XS_PLAY : XS_CONTINUE)
                    : s->x.phase == PD_X_RECOVER  ? XS_SKIP_RECOVERY
                    : s->x.phase == PD_X_SUGGEST  ? XS_FINISH
                                                  : XS_RATING;
}

static void end_session(pd_app *app)
{
    session_state *s = &app->xs;
    if (s->thread) take_done(app);   /* the take being kept is kept */
    pd_xsession_end(&s->x);
    sync(app);
}

static void close_session(pd_app *app)
{
    pd_screen_id back = app->xs.back;
    finish_session(app);
    pd_app_switch(app, back);
}

/* ---- input ------------------------------------------------------------------- */
static int is_key(const SDL_Event *e, SDL_Keycode k)
{
    return e->type == SDL_KEYDOWN && e->key.keysym.sym == k;
}

static int is_enter(const SDL_Event *e)
{
    return is_key(e, SDLK_RETURN) || is_key(e, SDLK_KP_ENTER);
}

static void rating_event(pd_app *app, const SDL_Event *e)
{
    session_state *s = &app->xs;
    int r = ui_rating_event(app, &s->rating, e);
    if (r == UI_RATING_SKIP) {
        answer(app, PD_RATING_NONE);
        return;
    }
    if (e->type == SDL_KEYDOWN) {
        if (r == UI_RATING_CHANGED) return;   /* a digit or an arrow */
        if (is_key(e, SDLK_b)) {
            toggle_breathing(app);
            return;
        }
        int f = ui_focus_id(&s->focus);
        if (is_enter(e) && (f == XS_RATING || f == XS_CONFIRM)) {
            confirm(app);
            return;
        }
    }
    int id = ui_focus_event(app, &s->focus, e, 0);
    if (id == XS_RATING && e->type == SDL_KEYDOWN) confirm(app);   /* Space on the slider */
    else if (id == XS_CONFIRM) confirm(app);
    else if (id == XS_SKIP) answer(app, PD_RATING_NONE);
    else if (id == XS_BREATHE) toggle_breathing(app);
}

static void expect_event(pd_app *app, const SDL_Event *e)
{
    session_state *s = &app->xs;
    if (s->stage == XS_LIKELIHOOD) {
        rating_event(app, e);
        return;
    }
    if (s->stage == XS_OWN_WORDS) {
        if (e->type == SDL_TEXTINPUT) {
            size_t l = strlen(s->own), add = strlen(e->text.text);
            if (l + add < sizeof s->own) memcpy(s->own + l, e->text.text, add + 1);
            return;
        }
        int done = is_enter(e);
        if (is_key(e, SDLK_BACKSPACE)) {
            size_t l = strlen(s->own);
            while (l > 0 && (s->own[l - 1] & 0xC0) == 0x80) l--;   /* a whole UTF-8 character */
            if (l > 0) l--;
            s->own[l] = 0;
            return;
        }
        if (e->type == SDL_MOUSEBUTTONDOWN && ui_focus_event(app, &s->focus, e, 0) == XS_CONFIRM) done = 1;
        if (!done) return;
        SDL_StopTextInput();
        size_t b = strspn(s->own, " ");
        memmove(s->own, s->own + b, strlen(s->own + b) + 1);
        for (size_t l = strlen(s->own); l > 0 && s->own[l - 1] == ' '; l--) s->own[l - 1] = 0;
        if (s->own[0]) {
            s->stage = XS_LIKELIHOOD;
            ui_rating_init(&s->rating, UI_RATE_PERCENT);
            s->want_focus = XS_RATING;
        } else {   /* nothing typed: back to the list */
            s->stage = XS_PICK_FEAR;
            s->want_focus = XS_FEAR0 + PD_FEAR_OWN;
        }
        return;
    }
    int id = ui_focus_event(app, &s->focus, e, 1);
    if (id > XS_FEAR0 && id < XS_FEAR0 + PD_FEAR_COUNT) {
        s->fear = id - XS_FEAR0;
        s->stage = XS_LIKELIHOOD;
        ui_rating_init(&s->rating, UI_RATE_PERCENT);
        s->want_focus = XS_RATING;
    } else if (id == XS_FEAR0 + PD_FEAR_OWN) {
        if (s->fear != PD_FEAR_OWN) s->own[0] = 0;
        s->fear = PD_FEAR_OWN;
        s->stage = XS_OWN_WORDS;
        s->want_focus = XS_CONFIRM;
        SDL_StartTextInput();
    } else if (id == XS_NO_FEAR) {
        s->fear = -1;
        pd_xsession_expect(&s->x, NULL, PD_RATING_NONE, app->now_s);
        sync(app);
    }
}

static void toggle_play(pd_app *app, double from_s)
{
    session_state *s = &app->xs;
    if (!s->take_ready) return;
    if (!s->player.dev && ui_player_open(app, &s->player, s->tk.mono, s->tk.frames, s->tk.rate) != 0)
        return;
    if (from_s >= 0) ui_player_play_from(&s->player, from_s);
    else if (s->player.playing) ui_player_stop(&s->player);
    else ui_player_play_from(&s->player, ui_player_position(&s->player));
}

static void suggest_event(pd_app *app, const SDL_Event *e)
{
    session_state *s = &app->xs;
    int f = ui_focus_id(&s->focus);
    if ((is_key(e, SDLK_LEFT) || is_key(e, SDLK_RIGHT)) && (f == XS_ANY || f == XS_ANY_PREV || f == XS_ANY_NEXT)) {
        int k = s->any_step + (is_key(e, SDLK_RIGHT) ? 1 : -1);
        if (k >= 0 && k < app->ladder.n) s->any_step = k;
        return;
    }
    int id = ui_focus_event(app, &s->focus, e, 0);
    switch (id) {
    case XS_UP: set_current(app, s->step_index + 1); break;
    case XS_STAY: set_current(app, s->step_index); break;
    case XS_BACK: set_current(app, s->step_index - 1); break;
    case XS_ANY: set_current(app, s->any_step); break;
    case XS_ANY_PREV: if (s->any_step > 0) s->any_step--; break;
    case XS_ANY_NEXT: if (s->any_step < app->ladder.n - 1) s->any_step++; break;
    case XS_NEXT:
        pd_xsession_next(&s->x, (int64_t)time(NULL), app->now_s);
        sync(app);
        break;
    case XS_FINISH:
        if (s->x.rep >= s->x.step.reps) pd_xsession_next(&s->x, (int64_t)time(NULL), app->now_s);
        else pd_xsession_end(&s->x);
        sync(app);
        break;
    default: break;
    }
}

static void session_event(pd_app *app, const SDL_Event *e)
{
    session_state *s = &app->xs;
    if (!app->in_session) return;
    xs_layout L;
    xs_layout_of(app, &L);
    xs_build_focus(app, &L);
    if (s->x.phase == PD_X_DONE) {
        if (is_key(e, SDLK_ESCAPE) || ui_focus_event(app, &s->focus, e, 1) == XS_DONE) close_session(app);
        return;
    }
    if (s->x.paused) {
        int id = is_key(e, SDLK_ESCAPE) ? XS_PAUSE_CONTINUE : ui_focus_event(app, &s->focus, e, 1);
        if (id == XS_PAUSE_CONTINUE) resume_session(app);
        else if (id == XS_PAUSE_END) end_session(app);
        return;
    }
    if (is_key(e, SDLK_ESCAPE)) {
        pause_session(app);
        return;
    }
    if (s->thread) return;   /* the take is being kept: a moment */
    int id;
    switch (s->x.phase) {
    case PD_X_EXPECT: expect_event(app, e); break;
    case PD_X_BEFORE:
    case PD_X_PEAK:
    case PD_X_AFTER:
    case PD_X_CHECK: rating_event(app, e); break;
    case PD_X_PREPARE:
        if (is_key(e, SDLK_b)) {
            toggle_breathing(app);
            break;
        }
        id = is_key(e, SDLK_SPACE) ? XS_START : ui_focus_event(app, &s->focus, e, 0);
        if (id == XS_START) {
            pd_xsession_prepared(&s->x, app->now_s);
            sync(app);
        } else if (id == XS_BREATHE) {
            toggle_breathing(app);
        }
        break;
    case PD_X_LISTEN:
        if (is_key(e, SDLK_p)) {
            toggle_play(app, -1);
            break;
        }
        id = ui_focus_event(app, &s->focus, e, 0);
        if (id == XS_PLAY) toggle_play(app, -1);
        else if (id == XS_WAVE && e->type == SDL_MOUSEBUTTONDOWN && s->wave_box.w > 0) {
            double x = e->button.x * app->density - s->wave_box.x;
            toggle_play(app, x / s->wave_box.w * ui_take_duration(&s->tk));
        } else if (id == XS_WAVE) {
            toggle_play(app, -1);
        } else if (id == XS_CONTINUE) {
            ui_player_stop(&s->player);
            pd_xsession_listened(&s->x, app->now_s);
            sync(app);
        }
        break;
    case PD_X_RECOVER:
        if (is_key(e, SDLK_b)) {
            toggle_breathing(app);
            break;
        }
        id = ui_focus_event(app, &s->focus, e, 0);
        if (id == XS_SKIP_RECOVERY) {
            pd_xsession_skip_recovery(&s->x, app->now_s);
            sync(app);
        } else if (id == XS_BREATHE) {
            toggle_breathing(app);
        }
        break;
    case PD_X_SUGGEST: suggest_event(app, e); break;
    default: break;
    }
}

static void session_update(pd_app *app)
{
    session_state *s = &app->xs;
    if (!app->in_session) return;
    /* the take is kept once analysed; while the pause dialog asks, it waits
     * for the answer (End session keeps it too) */
    if (s->thread && !s->x.paused && SDL_AtomicGet(&s->take_phase) != RES_ANALYSING) take_done(app);
    if (s->x.paused) {
        s->prep_last_s = app->now_s;
        return;
    }
    if (s->x.phase == PD_X_PREPARE) {
        if (!s->breathing) s->prep_done_s += app->now_s - s->prep_last_s;   /* held while breathing */
        s->prep_last_s = app->now_s;
        if (s->x.step.prep_s > 0 && s->prep_done_s >= s->x.step.prep_s) {
            pd_xsession_prepared(&s->x, app->now_s);
            sync(app);
        }
    } else if (s->x.phase == PD_X_RECOVER) {
        pd_xsession_tick(&s->x, app->now_s);
        sync(app);
    }
    if (s->player.dev) ui_player_position(&s->player);
}

const pd_screen pd_screen_session = {
    "session", session_enter, session_leave, session_event, session_update, xs_draw, xs_signature,
};
