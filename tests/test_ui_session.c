/* test_ui_session.c - the exposure session screens, headless (offscreen
 * video, software renderer, dummy audio), in demo mode with the history in
 * memory and an injected clock: whole sessions walked with the keyboard only
 * and with the mouse, at 1280x720 and 800x600, in English and Italian
 * (expectation, ratings by number keys, arrows, skip and the slider, the
 * breathing guide, the drill under the step's conditions, listening back,
 * recovery skipped and run out, the expectation check, the suggestion and
 * the ladder choice, a second repetition), Esc -> end session with what was
 * rated kept, a real-world log, an untimed drill from memory and a surprise
 * topic; no text cut on any of these screens; and with the SQLite history,
 * a session, the app closed and opened again: all of it is in the store.
 * PNGs go to /tmp/uisession/.
 *
 * Usage: test_ui_session ASSETS_DIR */
#include <string.h>
#include <sys/stat.h>
#include "check.h"
#include "session_ui.h"
#include "ui.h"
#include "ui_harness.h"

#define SHOTS "/tmp/uisession"

static char tag[64];   /* "en 800x600 keys": which run a failed check belongs to */

static void frames(pd_app *app, int n)
{
    for (int i = 0; i < n; i++) pd_app_frame(app);
}

static void key(pd_app *app, SDL_Keycode k)
{
    push_key(k, 0);
    frames(app, 2);
}

static void click(pd_app *app, SDL_Rect r)
{
    push_click(r);
    frames(app, 2);
}

static void push_text(const char *s)
{
    SDL_Event e;
    SDL_zero(e);
    e.type = SDL_TEXTINPUT;
    snprintf(e.text.text, sizeof e.text.text, "%s", s);
    SDL_PushEvent(&e);
}

static void push_motion(int x, int y, Uint32 state)
{
    SDL_Event e;
    SDL_zero(e);
    e.type = SDL_MOUSEMOTION;
    e.motion.x = x;
    e.motion.y = y;
    e.motion.state = state;
    SDL_PushEvent(&e);
}

static void push_up(int x, int y)
{
    SDL_Event e;
    SDL_zero(e);
    e.type = SDL_MOUSEBUTTONUP;
    e.button.button = SDL_BUTTON_LEFT;
    e.button.x = x;
    e.button.y = y;
    SDL_PushEvent(&e);
}

/* The rect of a widget of the session's focus list (w 0 when not shown). */
static SDL_Rect widget(pd_app *app, int id)
{
    const ui_focus *f = &app->xs.focus;
    for (int i = 0; i < f->n; i++)
        if (f->w[i].id == id) return f->w[i].r;
    return (SDL_Rect){ 0, 0, 0, 0 };
}

/* Tab until the widget id has the focus; 0 when it did. */
static int tab_to(pd_app *app, int id)
{
    for (int i = 0; i < 40 && ui_focus_id(&app->xs.focus) != id; i++) key(app, SDLK_TAB);
    return ui_focus_id(&app->xs.focus) == id ? 0 : 1;
}

static void press(pd_app *app, int id, int mouse)
{
    if (mouse) {
        SDL_Rect r = widget(app, id);
        CHECK(r.w > 0, "%s: widget %d shown (phase %s)", tag, id, pd_xphase_name(app->xs.x.phase));
        click(app, r);
    } else {
        CHECK(tab_to(app, id) == 0, "%s: widget %d reached with Tab (phase %s)", tag, id,
              pd_xphase_name(app->xs.x.phase));
        key(app, SDLK_RETURN);
    }
}

/* A click on the slider at value v. */
static void slide_to(pd_app *app, int v)
{
    SDL_Rect t = app->xs.rating.track;
    click(app, (SDL_Rect){ t.x + (int)lround(v / 100.0 * (t.w - 1)), t.y + t.h / 2, 1, 1 });
}

static void no_cut(pd_app *app, const char *what)
{
    app->force_redraw = 1;
    pd_app_frame(app);
    CHECK(app->text_overflows == 0, "%s %s: %d texts cut", tag, what, app->text_overflows);
}

static void shot(pd_app *app, const char *name)
{
    char path[300];
    mkdir(SHOTS, 0755);
    snprintf(path, sizeof path, SHOTS "/%s-%dx%d-%s.png", app->lang, app->w, app->h, name);
    app->force_redraw = 1;
    pd_app_frame(app);
    CHECK(pd_app_save_png(app, path) == 0, "%s: wrote %s", tag, path);
}

static void wait_take(pd_app *app)
{
    for (int i = 0; i < 5000 && app->xs.thread; i++) {
        SDL_Delay(2);
        pd_app_frame(app);
    }
    frames(app, 2);
}

static pd_app *open_app(vclock *vc, int w, int h, const char *lang)
{
    pd_app_options o = { .demo = 1, .lang = lang, .width = w, .height = h, .hidden = 1,
                         .clock = vnow, .clock_ctx = vc, .history_in_memory = 1 };
    pd_app *app = NULL;
    char err[300];
    CHECK(pd_app_create(&o, &app, err, sizeof err) == 0, "app: %s", err);
    if (!app) return NULL;
    pd_app_frame(app);
    CHECK(pd_app_load_ladder(app) == 0 && app->ladder.n >= 10, "%s: the default ladder (%d steps)", tag,
          app->ladder.n);
    return app;
}

static const pd_exposure *exposure_of(pd_app *app, int64_t id)
{
    for (int i = 0; i < app->nxp; i++)
        if (app->xp[i].id == id) return &app->xp[i];
    return NULL;
}

/* ---- the rating widget on its own ---------------------------------------------- */
static void test_rating(void)
{
    vclock vc = { 100.0 };
    snprintf(tag, sizeof tag, "rating");
    pd_app *app = open_app(&vc, 1280, 720, "en");
    if (!app) return;
    ui_rating r;
    ui_rating_init(&r, UI_RATE_SUDS);
    CHECK(r.value == PD_RATING_NONE, "nothing chosen at first");
    SDL_Event e;
    SDL_zero(e);
    e.type = SDL_KEYDOWN;
    e.key.keysym.sym = SDLK_3;
    CHECK(ui_rating_event(app, &r, &e) == UI_RATING_CHANGED && r.value == 30, "3 = 30 (%d)", r.value);
    e.key.keysym.sym = SDLK_0;
    ui_rating_event(app, &r, &e);
    CHECK(r.value == 0, "0 = 0 (%d)", r.value);
    e.key.keysym.sym = SDLK_1;
    ui_rating_event(app, &r, &e);
    CHECK(r.value == 10, "1 = 10 (%d)", r.value);
    app->now_s += 0.5;
    e.key.keysym.sym = SDLK_0;
    ui_rating_event(app, &r, &e);
    CHECK(r.value == 100, "1 then 0 = 100 (%d)", r.value);
    e.key.keysym.sym = SDLK_RIGHT;
    ui_rating_event(app, &r, &e);
    CHECK(r.value == 100, "held at 100 (%d)", r.value);
    e.key.keysym.sym = SDLK_DOWN;
    ui_rating_event(app, &r, &e);
    CHECK(r.value == 95, "Down: -5 (%d)", r.value);
    CHECK(ui_rating_calm(&r), "95 gets the calm sentence");
    e.key.keysym.sym = SDLK_1;
    ui_rating_event(app, &r, &e);
    app->now_s += UI_RATING_TENS_S + 0.5;   /* too late for 100 */
    e.key.keysym.sym = SDLK_0;
    ui_rating_event(app, &r, &e);
    CHECK(r.value == 0, "1, a pause, then 0 = 0 (%d)", r.value);
    e.key.keysym.sym = SDLK_LEFT;
    ui_rating_event(app, &r, &e);
    CHECK(r.value == 0, "held at 0 (%d)", r.value);
    e.key.keysym.sym = SDLK_KP_7;
    ui_rating_event(app, &r, &e);
    CHECK(r.value == 70, "keypad 7 = 70 (%d)", r.value);
    e.key.keysym.sym = SDLK_s;
    CHECK(ui_rating_event(app, &r, &e) == UI_RATING_SKIP, "S skips");
    ui_rating_init(&r, UI_RATE_PERCENT);
    e.key.keysym.sym = SDLK_UP;
    ui_rating_event(app, &r, &e);
    CHECK(r.value == 50, "the first arrow starts in the middle (%d)", r.value);
    CHECK(!ui_rating_calm(&r), "a likelihood is not a distress rating");
    pd_app_destroy(app);
}

/* ---- a whole session ------------------------------------------------------------- */
/* The "Listen back" step, made short for the test: 20 s, 5 s to prepare, two
 * repetitions, a different card each time. */
static int listen_step(pd_app *app)
{
    int k = -1;
    for (int i = 0; i < app->ladder.n && k < 0; i++)
        if (app->ladder.step[i].listen_back && !app->ladder.step[i].real_world) k = i;
    CHECK(k >= 0, "%s: the ladder has a listen-back step", tag);
    if (k < 0) return 0;
    pd_step *s = &app->ladder.step[k];
    s->drill_s = 20;
    s->prep_s = 5;
    s->reps = 2;
    s->card = PD_CARD_VARIED;
    s->second_try = 0;
    CHECK(pd_app_save_ladder(app) == 0 && s->id > 0, "%s: the ladder saved", tag);
    return k;
}

static void session_flow(int w, int h, const char *lang, int mouse)
{
    vclock vc = { 500.0 };
    snprintf(tag, sizeof tag, "%s %dx%d %s", lang, w, h, mouse ? "mouse" : "keys");
    pd_app *app = open_app(&vc, w, h, lang);
    if (!app) return;
    int big = w == 800 && !mouse;   /* the screenshots: 800x600, keyboard runs */
    int k = listen_step(app);
    const pd_step *st = &app->ladder.step[k];
    int home_card = app->card;
    pd_app_start_session(app, k);
    frames(app, 2);
    session_state *s = &app->xs;
    CHECK(app->screen_id == PD_SESSION && app->in_session, "%s: the session screen", tag);
    CHECK(s->x.phase == PD_X_EXPECT && s->x.rep == 1, "%s: expectation first", tag);
    no_cut(app, "expectation");
    if (big) shot(app, "expect");

    /* 1. expectation: "my mind goes blank", 70 % */
    if (mouse) press(app, XS_FEAR0 + PD_FEAR_BLANK, 1);
    else {
        CHECK(ui_focus_id(&s->focus) == XS_FEAR0 + PD_FEAR_BLANK, "%s: the first fear has the focus", tag);
        key(app, SDLK_DOWN);
        CHECK(ui_focus_id(&s->focus) == XS_FEAR0 + PD_FEAR_SHAKE, "%s: Down moves in the list", tag);
        key(app, SDLK_UP);
        key(app, SDLK_RETURN);
    }
    CHECK(s->stage == XS_LIKELIHOOD, "%s: how likely", tag);
    if (mouse) slide_to(app, 70);
    else key(app, SDLK_7);
    CHECK(s->rating.value == 70, "%s: likelihood 70 (%d)", tag, s->rating.value);
    no_cut(app, "likelihood");
    if (big) shot(app, "likelihood");
    if (mouse) press(app, XS_CONFIRM, 1);
    else key(app, SDLK_RETURN);
    CHECK(s->x.phase == PD_X_BEFORE, "%s: distress before (%s)", tag, pd_xphase_name(s->x.phase));
    CHECK(strcmp(s->x.cur.feared, pd_fear_text(PD_FEAR_BLANK, lang)) == 0 && s->x.cur.likelihood == 70,
          "%s: the expectation '%s' %d", tag, s->x.cur.feared, s->x.cur.likelihood);
    CHECK(app->nxp == 1 && app->xp[0].likelihood == 70 && !s->x.dirty, "%s: saved at once (%d)", tag, app->nxp);

    /* 2. distress before: 90 -> the calm sentence and the guide; then 80 */
    key(app, SDLK_RETURN);
    CHECK(s->x.phase == PD_X_BEFORE && s->rating.asked, "%s: Enter with no value asks for one", tag);
    if (mouse) {   /* a drag along the slider, 20 -> 90 */
        SDL_Rect t = s->rating.track;
        int y = t.y + t.h / 2;
        push_click((SDL_Rect){ t.x + (t.w - 1) / 5, y, 1, 1 });
        push_motion(t.x + (t.w - 1) / 2, y, SDL_BUTTON_LMASK);
        push_motion(t.x + (int)lround(0.9 * (t.w - 1)), y, SDL_BUTTON_LMASK);
        push_up(t.x + (int)lround(0.9 * (t.w - 1)), y);
        frames(app, 2);
    } else {
        key(app, SDLK_9);
    }
    CHECK(s->rating.value == 90, "%s: 90 (%d)", tag, s->rating.value);
    CHECK(widget(app, XS_BREATHE).w > 0, "%s: at 90 the breathing guide is offered", tag);
    no_cut(app, "rating 90");
    if (big || (w == 800 && mouse)) shot(app, "rating-calm");
    if (mouse) press(app, XS_BREATHE, 1);
    else key(app, SDLK_b);
    CHECK(s->breathing, "%s: the breathing guide shows", tag);
    double b0 = vc.t;
    run_to(app, &vc, b0 + 2.0, 0.1);
    no_cut(app, "breathing guide");
    if (big) shot(app, "breathing-in");
    int inhale = 0;
    pd_breath_at(app->now_s - s->breath_start_s, &inhale, NULL, NULL);
    CHECK(inhale, "%s: 2 s in, breathing in", tag);
    run_to(app, &vc, b0 + 6.0, 0.1);
    pd_breath_at(app->now_s - s->breath_start_s, &inhale, NULL, NULL);
    CHECK(!inhale, "%s: 6 s in, breathing out", tag);
    if (big) shot(app, "breathing-out");
    if (mouse) slide_to(app, 80);
    else {
        key(app, SDLK_RIGHT);
        CHECK(s->rating.value == 95, "%s: Right +5 (%d)", tag, s->rating.value);
        key(app, SDLK_LEFT);
        key(app, SDLK_LEFT);
        key(app, SDLK_DOWN);
    }
    CHECK(s->rating.value == 80, "%s: 80 (%d)", tag, s->rating.value);
    if (mouse) press(app, XS_CONFIRM, 1);
    else key(app, SDLK_RETURN);
    CHECK(s->x.phase == PD_X_PREPARE && s->x.cur.suds_before == 80, "%s: preparing, before 80 (%d)", tag,
          s->x.cur.suds_before);
    CHECK(app->nxp == 1 && app->xp[0].suds_before == 80, "%s: the rating saved", tag);

    /* 3. preparation: a card picked for the repetition; the countdown waits while breathing */
    int card1 = app->card;
    CHECK(app->n_cards < 2 || card1 == pd_xsession_pick(app->n_cards, 1, s->seed), "%s: the varied card", tag);
    CHECK(s->breathing, "%s: the guide stays open", tag);
    double p0 = vc.t;
    run_to(app, &vc, p0 + 7.0, 0.1);
    CHECK(s->x.phase == PD_X_PREPARE, "%s: the countdown waits while breathing", tag);
    no_cut(app, "preparation with the guide");
    if (big) shot(app, "prepare-breathing");
    if (mouse) press(app, XS_BREATHE, 1);
    else key(app, SDLK_b);
    CHECK(!s->breathing, "%s: the guide closed", tag);
    no_cut(app, "preparation");
    if (big) shot(app, "prepare");
    /* a step with distraction sounds says so, and that headphones are best */
    for (int hp = 0; hp < 2; hp++) {
        s->x.step.audience.distractions = 3;
        app->headphones = hp;
        frames(app, 1);
        no_cut(app, hp ? "preparation, sounds into headphones" : "preparation, sounds: headphones are best");
        if (big) shot(app, hp ? "prepare-headphones" : "prepare-sounds");
        s->x.step.audience.distractions = 0;
        app->headphones = 0;
    }
    run_to(app, &vc, vc.t + st->prep_s - 0.5, 0.1);
    CHECK(s->x.phase == PD_X_PREPARE, "%s: still preparing", tag);
    run_to(app, &vc, vc.t + 0.6, 0.1);
    frames(app, 1);

    /* 4. the drill: the drill screen, the step's length, live at once */
    CHECK(app->screen_id == PD_DRILL && app->drill.phase == DRILL_LIVE, "%s: the drill runs (%d)", tag,
          app->screen_id);
    CHECK(app->take_target_s == 20, "%s: the step's length (%.0f)", tag, app->take_target_s);
    run_to(app, &vc, vc.t + 21.0, 0.05);
    no_cut(app, "drill");
    if (big) shot(app, "drill");
    if (mouse) run_to(app, &vc, vc.t + 30.0, 0.1);   /* the drill ends by itself */
    else key(app, SDLK_SPACE);
    frames(app, 1);
    CHECK(app->screen_id == PD_SESSION, "%s: back to the session, not Results (%d)", tag, app->screen_id);
    wait_take(app);
    CHECK(s->x.phase == PD_X_PEAK, "%s: distress at the peak (%s)", tag, pd_xphase_name(s->x.phase));
    CHECK(s->x.cur.take_id > 0 && s->take_ready, "%s: the take kept: %lld", tag, (long long)s->x.cur.take_id);
    pd_take_summary kept;
    CHECK(app->history->get(app->history, s->x.cur.take_id, &kept) == 0 && kept.target_s == 20,
          "%s: the take is in the history", tag);

    /* 5. peak: 1 then 0 = 100 */
    if (mouse) slide_to(app, 100);
    else {
        key(app, SDLK_1);
        key(app, SDLK_0);
    }
    CHECK(s->rating.value == 100, "%s: peak 100 (%d)", tag, s->rating.value);
    no_cut(app, "peak");
    press(app, XS_CONFIRM, mouse);
    CHECK(s->x.phase == PD_X_LISTEN && s->x.cur.suds_peak == 100, "%s: listen back (%s)", tag,
          pd_xphase_name(s->x.phase));

    /* 6. listen back */
    no_cut(app, "listen");
    if (big) shot(app, "listen");
    if (mouse) press(app, XS_PLAY, 1);
    else key(app, SDLK_p);
    CHECK(s->player.dev != 0 && s->player.playing, "%s: the take plays", tag);
    if (mouse) {   /* the waveform: play from its middle */
        SDL_Rect wv = widget(app, XS_WAVE);
        click(app, wv);
        CHECK(ui_player_position(&s->player) >= 0.3 * ui_take_duration(&s->tk), "%s: played from the click", tag);
    }
    press(app, XS_CONTINUE, mouse);
    CHECK(s->x.phase == PD_X_RECOVER && !s->player.playing, "%s: recovery (%s)", tag, pd_xphase_name(s->x.phase));

    /* 7. recovery: the keyboard run lets it run out, the mouse run skips it */
    no_cut(app, "recovery");
    if (big) shot(app, "recover");
    if (mouse) {
        press(app, XS_SKIP_RECOVERY, 1);
    } else {
        double r0 = vc.t;
        run_to(app, &vc, r0 + app->xrules.recover_s - 1.0, 0.5);
        CHECK(s->x.phase == PD_X_RECOVER, "%s: still recovering", tag);
        run_to(app, &vc, r0 + app->xrules.recover_s + 0.5, 0.5);
    }
    CHECK(s->x.phase == PD_X_AFTER, "%s: distress after (%s)", tag, pd_xphase_name(s->x.phase));

    /* 8. after: 30 */
    if (mouse) slide_to(app, 30);
    else key(app, SDLK_3);
    press(app, XS_CONFIRM, mouse);
    CHECK(s->x.phase == PD_X_CHECK && s->x.cur.suds_after == 30, "%s: the expectation check (%s)", tag,
          pd_xphase_name(s->x.phase));

    /* 9. the expectation check: 10 %, beside the 70 % expected, and the measured fact */
    if (mouse) slide_to(app, 10);
    else key(app, SDLK_1);
    const char *line = xs_check_line(app, &s->x.cur, 10, 1);
    CHECK(strstr(line, "70 %") && strstr(line, "10 %") && strstr(line, s->x.cur.feared),
          "%s: expected beside happened: '%s'", tag, line);
    pd_take_facts f;
    xs_take_facts(app, &f);
    char fact[300];
    CHECK(pd_fear_fact(PD_FEAR_BLANK, &f, lang, fact, sizeof fact) && fact[0],
          "%s: the take speaks to a blank mind: '%s'", tag, fact);
    no_cut(app, "check");
    if (big || (w == 800 && mouse)) shot(app, "check");
    press(app, XS_CONFIRM, mouse);
    CHECK(s->x.phase == PD_X_SUGGEST && s->x.cur.happened == 10, "%s: the suggestion (%s)", tag,
          pd_xphase_name(s->x.phase));
    const pd_exposure *e1 = exposure_of(app, s->x.cur.id);
    CHECK(e1 && e1->suds_before == 80 && e1->suds_peak == 100 && e1->suds_after == 30 && e1->likelihood == 70 &&
          e1->happened == 10 && e1->take_id == s->x.cur.take_id && e1->rep == 1,
          "%s: the first repetition stored whole", tag);

    /* 10. the suggestion: the core's, over the step's peaks */
    int peaks[1] = { 100 };
    pd_suggestion want;
    pd_exposure_suggest(peaks, 1, &app->xrules, k == app->ladder.n - 1, lang, &want);
    CHECK(s->sug.advice == want.advice && strcmp(s->sug.why, want.why) == 0, "%s: the suggestion '%s'", tag,
          s->sug.why);
    no_cut(app, "suggestion");
    if (big || (w == 800 && mouse)) shot(app, "suggest");
    if (mouse) {
        press(app, XS_UP, 1);
        CHECK(app->ladder.current == k + 1, "%s: moved up to %d", tag, app->ladder.current);
        pd_ladder stored;
        int created = 0;
        CHECK(app->history->ladder(app->history, lang, &stored, &created) == 0 && stored.current == k + 1,
              "%s: the choice is in the history (%d)", tag, stored.current);
    } else {
        press(app, XS_STAY, 0);
        CHECK(app->ladder.current == k, "%s: stays at %d", tag, app->ladder.current);
        CHECK(tab_to(app, XS_ANY) == 0, "%s: any step", tag);
        key(app, SDLK_RIGHT);
        key(app, SDLK_RIGHT);
        CHECK(s->any_step == k + 2, "%s: Right picks a step (%d)", tag, s->any_step);
        key(app, SDLK_RETURN);
        CHECK(app->ladder.current == k + 2, "%s: any step chosen (%d)", tag, app->ladder.current);
        press(app, XS_BACK, 0);
        CHECK(app->ladder.current == k - 1, "%s: a step back (%d)", tag, app->ladder.current);
    }
    no_cut(app, "suggestion chosen");
    press(app, XS_NEXT, mouse);

    /* 11. the second repetition: the last fear offered again; own words; skips */
    CHECK(s->x.phase == PD_X_EXPECT && s->x.rep == 2, "%s: repetition 2 (%s)", tag, pd_xphase_name(s->x.phase));
    CHECK(ui_focus_id(&s->focus) == XS_FEAR0 + PD_FEAR_BLANK, "%s: the last fear has the focus", tag);
    no_cut(app, "expectation 2");
    press(app, XS_FEAR0 + PD_FEAR_OWN, mouse);
    CHECK(s->stage == XS_OWN_WORDS, "%s: typing", tag);
    const char *own = strcmp(lang, "it") == 0 ? "mi tremano le mani" : "my hands tremble";
    push_text(own);
    push_text("x");
    frames(app, 2);
    key(app, SDLK_BACKSPACE);
    no_cut(app, "own words");
    if (big) shot(app, "own-words");
    if (mouse) press(app, XS_CONFIRM, 1);
    else key(app, SDLK_RETURN);
    CHECK(s->stage == XS_LIKELIHOOD && strcmp(s->own, own) == 0, "%s: own words '%s'", tag, s->own);
    key(app, SDLK_s);   /* skip how likely */
    CHECK(s->x.phase == PD_X_BEFORE && strcmp(s->x.cur.feared, own) == 0 && s->x.cur.likelihood == PD_RATING_NONE,
          "%s: fear without a likelihood", tag);
    if (mouse) press(app, XS_SKIP, 1);
    else key(app, SDLK_s);
    CHECK(s->x.phase == PD_X_PREPARE && s->x.cur.suds_before == PD_RATING_NONE, "%s: before skipped", tag);
    CHECK(app->n_cards < 2 || app->card != card1, "%s: a different card this time (%d, %d)", tag, card1, app->card);
    if (mouse) press(app, XS_START, 1);
    else key(app, SDLK_SPACE);
    frames(app, 1);
    CHECK(app->screen_id == PD_DRILL, "%s: the second drill", tag);
    run_to(app, &vc, vc.t + 6.0, 0.05);

    /* 12. Esc in the drill: end the session; the take and the ratings are kept */
    key(app, SDLK_ESCAPE);
    CHECK(app->drill.phase == DRILL_ASK_STOP && app->drill.focus.n == 4, "%s: the drill asks (%d buttons)", tag,
          app->drill.focus.n);
    no_cut(app, "drill stop dialog");
    if (mouse) click(app, app->drill.focus.w[3].r);
    else {
        for (int i = 0; i < 3; i++) key(app, SDLK_TAB);
        key(app, SDLK_RETURN);
    }
    frames(app, 1);
    wait_take(app);
    CHECK(app->screen_id == PD_SESSION && s->x.phase == PD_X_DONE, "%s: the session ended (%s)", tag,
          pd_xphase_name(s->x.phase));
    CHECK(s->n_ids == 2 && app->nxp == 2, "%s: two exposures (%d, %d)", tag, s->n_ids, app->nxp);
    const pd_exposure *e2 = app->nxp == 2 ? &app->xp[1] : NULL;
    CHECK(e2 && e2->rep == 2 && strcmp(e2->feared, own) == 0 && e2->take_id > 0 &&
          e2->take_id != app->xp[0].take_id && e2->suds_before == PD_RATING_NONE &&
          e2->suds_peak == PD_RATING_NONE && e2->session == app->xp[0].session,
          "%s: the second repetition kept with its take", tag);
    no_cut(app, "done");
    if (big) shot(app, "done");
    press(app, XS_DONE, mouse);
    frames(app, 1);
    CHECK(app->screen_id == PD_HOME && !app->in_session && app->card == home_card,
          "%s: back Home, the card put back", tag);
    CHECK(app->text_overflows_total == 0, "%s: %d texts cut in the whole session", tag, app->text_overflows_total);
    pd_app_destroy(app);
}

/* Esc at a rating: Continue, then End session; what was rated is kept. */
static void pause_flow(int w, int h, const char *lang)
{
    vclock vc = { 800.0 };
    snprintf(tag, sizeof tag, "%s %dx%d pause", lang, w, h);
    pd_app *app = open_app(&vc, w, h, lang);
    if (!app) return;
    app->ladder.step[0].prep_s = 10;
    pd_app_save_ladder(app);
    pd_app_start_session(app, 0);
    frames(app, 2);
    session_state *s = &app->xs;
    press(app, XS_NO_FEAR, 0);
    CHECK(s->x.phase == PD_X_BEFORE && s->x.cur.feared[0] == 0, "%s: no expectation", tag);
    key(app, SDLK_4);
    key(app, SDLK_ESCAPE);
    CHECK(s->x.paused, "%s: paused", tag);
    no_cut(app, "pause dialog");
    if (w == 800) shot(app, "pause");
    key(app, SDLK_6);   /* the dialog holds the keys */
    CHECK(s->rating.value == 40, "%s: the answer in progress waits (%d)", tag, s->rating.value);
    press(app, XS_PAUSE_CONTINUE, 0);
    CHECK(!s->x.paused && s->x.phase == PD_X_BEFORE, "%s: continued", tag);
    key(app, SDLK_RETURN);
    CHECK(s->x.phase == PD_X_PREPARE && app->nxp == 1 && app->xp[0].suds_before == 40, "%s: before 40 saved", tag);
    run_to(app, &vc, vc.t + 2.0, 0.1);
    key(app, SDLK_ESCAPE);
    run_to(app, &vc, vc.t + 30.0, 0.5);   /* paused: the preparation waits */
    CHECK(s->x.phase == PD_X_PREPARE, "%s: the countdown stood still", tag);
    push_click(widget(app, XS_PAUSE_END));
    frames(app, 2);
    CHECK(s->x.phase == PD_X_DONE && app->nxp == 1 && app->xp[0].suds_before == 40 && app->xp[0].take_id == 0,
          "%s: ended, the rating kept", tag);
    key(app, SDLK_RETURN);
    CHECK(app->screen_id == PD_HOME, "%s: home", tag);
    CHECK(app->text_overflows_total == 0, "%s: %d texts cut", tag, app->text_overflows_total);
    pd_app_destroy(app);
}

/* A real-world step: a log, no drill. */
static void real_world_flow(int w, int h, const char *lang, int mouse)
{
    vclock vc = { 900.0 };
    snprintf(tag, sizeof tag, "%s %dx%d real world", lang, w, h);
    pd_app *app = open_app(&vc, w, h, lang);
    if (!app) return;
    int k = -1;
    for (int i = 0; i < app->ladder.n && k < 0; i++)
        if (app->ladder.step[i].real_world) k = i;
    CHECK(k >= 0, "%s: a real-world step", tag);
    if (k < 0) {
        pd_app_destroy(app);
        return;
    }
    pd_app_start_session(app, k);
    frames(app, 2);
    session_state *s = &app->xs;
    no_cut(app, "real-world expectation");
    press(app, XS_FEAR0 + PD_FEAR_BORED, mouse);
    key(app, SDLK_6);
    press(app, XS_CONFIRM, mouse);
    CHECK(s->x.phase == PD_X_BEFORE, "%s: before", tag);
    no_cut(app, "real-world before");
    if (w == 800) shot(app, "real-world");
    key(app, SDLK_5);
    key(app, SDLK_RETURN);
    CHECK(s->x.phase == PD_X_PEAK, "%s: peak right after before (%s)", tag, pd_xphase_name(s->x.phase));
    key(app, SDLK_8);
    key(app, SDLK_RETURN);
    CHECK(s->x.phase == PD_X_AFTER, "%s: after (%s)", tag, pd_xphase_name(s->x.phase));
    key(app, SDLK_2);
    key(app, SDLK_RETURN);
    CHECK(s->x.phase == PD_X_CHECK, "%s: check (%s)", tag, pd_xphase_name(s->x.phase));
    no_cut(app, "real-world check");
    key(app, SDLK_3);
    key(app, SDLK_RETURN);
    CHECK(s->x.phase == PD_X_SUGGEST, "%s: suggestion (%s)", tag, pd_xphase_name(s->x.phase));
    CHECK(app->screen_id == PD_SESSION, "%s: never left for a drill", tag);
    no_cut(app, "real-world suggestion");
    const pd_exposure *e = app->nxp ? &app->xp[app->nxp - 1] : NULL;
    CHECK(e && e->real_world && e->take_id == 0 && e->suds_before == 50 && e->suds_peak == 80 &&
          e->suds_after == 20 && e->likelihood == 60 && e->happened == 30 &&
          strcmp(e->feared, pd_fear_text(PD_FEAR_BORED, lang)) == 0, "%s: the log stored", tag);
    press(app, XS_FINISH, mouse);
    CHECK(s->x.phase == PD_X_DONE, "%s: finished early (%s)", tag, pd_xphase_name(s->x.phase));
    press(app, XS_DONE, mouse);
    CHECK(app->screen_id == PD_HOME && app->nxp == 1, "%s: one exposure", tag);
    CHECK(app->text_overflows_total == 0, "%s: %d texts cut", tag, app->text_overflows_total);
    pd_app_destroy(app);
}

/* An untimed drill from memory; a surprise topic hidden until the preparation. */
static void conditions_flow(int w, int h, const char *lang)
{
    vclock vc = { 1200.0 };
    snprintf(tag, sizeof tag, "%s %dx%d conditions", lang, w, h);
    pd_app *app = open_app(&vc, w, h, lang);
    if (!app) return;
    pd_step *st = &app->ladder.step[1];
    st->drill_s = 0;
    st->card = PD_CARD_HIDDEN;
    st->prep_s = 0;
    st->listen_back = 0;
    st->reps = 1;
    pd_step *tp = &app->ladder.step[2];
    tp->card = PD_CARD_TOPIC;
    tp->reps = 2;
    pd_app_save_ladder(app);
    int home_card = app->card;

    pd_app_start_session(app, 1);
    frames(app, 2);
    session_state *s = &app->xs;
    press(app, XS_NO_FEAR, 0);
    key(app, SDLK_s);
    CHECK(s->x.phase == PD_X_PREPARE, "%s: prepare", tag);
    no_cut(app, "no countdown");
    run_to(app, &vc, vc.t + 20.0, 0.5);
    CHECK(s->x.phase == PD_X_PREPARE, "%s: no countdown: waits for Start", tag);
    key(app, SDLK_SPACE);
    frames(app, 1);
    CHECK(app->screen_id == PD_DRILL && app->take_target_s == 0, "%s: an untimed drill", tag);
    run_to(app, &vc, vc.t + 100.0, 0.1);
    CHECK(app->screen_id == PD_DRILL, "%s: untimed: it does not end by itself", tag);
    SDL_Rect tb = app->drill.timer_box;
    CHECK(near_color(pd_app_pixel(app, tb.x + 3, tb.y + 3), app->th.neutral), "%s: no timing signal", tag);
    no_cut(app, "untimed drill from memory");
    if (w == 800) shot(app, "drill-untimed-hidden");
    /* Esc while the take is being kept: the dialog stays until answered */
    push_key(SDLK_SPACE, 0);
    frames(app, 1);
    CHECK(app->screen_id == PD_SESSION && s->thread, "%s: keeping the take", tag);
    push_key(SDLK_ESCAPE, 0);
    frames(app, 1);
    CHECK(s->x.paused, "%s: paused while keeping", tag);
    for (int i = 0; i < 5000 && SDL_AtomicGet(&s->take_phase) == RES_ANALYSING; i++) SDL_Delay(2);
    frames(app, 3);
    CHECK(s->x.paused && s->x.phase == PD_X_DRILL, "%s: the dialog waits for its answer (%s)", tag,
          pd_xphase_name(s->x.phase));
    press(app, XS_PAUSE_CONTINUE, 0);
    wait_take(app);
    CHECK(s->x.phase == PD_X_PEAK && s->x.cur.take_id > 0, "%s: kept (%s)", tag, pd_xphase_name(s->x.phase));
    key(app, SDLK_5);
    key(app, SDLK_RETURN);
    CHECK(s->x.phase == PD_X_RECOVER, "%s: no listening back (%s)", tag, pd_xphase_name(s->x.phase));
    press(app, XS_SKIP_RECOVERY, 0);
    key(app, SDLK_s);
    CHECK(s->x.phase == PD_X_SUGGEST, "%s: no fear: no check (%s)", tag, pd_xphase_name(s->x.phase));
    CHECK(widget(app, XS_NEXT).w == 0 && widget(app, XS_FINISH).w > 0, "%s: one repetition: Finish only", tag);
    press(app, XS_FINISH, 0);
    CHECK(s->x.phase == PD_X_DONE, "%s: done", tag);
    key(app, SDLK_RETURN);

    /* the surprise topic: none until the preparation, then one of the bundled
     * list of the interface's language (not one marked '!' for the hard steps) */
    pd_app_start_session(app, 2);
    frames(app, 2);
    CHECK(app->card == home_card && !s->topic[0], "%s: no topic before the preparation", tag);
    press(app, XS_NO_FEAR, 0);
    key(app, SDLK_s);
    CHECK(s->x.phase == PD_X_PREPARE, "%s: prepare the topic", tag);
    char want[PD_TOPIC_MAX_BYTES + 3], path[700];
    snprintf(path, sizeof path, "%s/topics/%s.txt", app->assets_dir, lang);
    snprintf(want, sizeof want, "\n%s\n", s->topic);
    FILE *tf = fopen(path, "rb");
    static char list[70000];
    size_t tl = tf ? fread(list + 1, 1, sizeof list - 2, tf) : 0;
    if (tf) fclose(tf);
    list[0] = '\n';
    list[tl + 1] = 0;
    CHECK(s->topic[0] && strstr(list, want) != NULL, "%s: the topic '%s' is one of %s's, unmarked", tag, s->topic,
          path);
    no_cut(app, "surprise topic");
    if (w == 800) shot(app, "topic");
    key(app, SDLK_ESCAPE);
    press(app, XS_PAUSE_END, 0);
    CHECK(s->x.phase == PD_X_DONE, "%s: ended", tag);
    key(app, SDLK_RETURN);
    CHECK(app->card == home_card && !app->in_session, "%s: Home's card back", tag);
    CHECK(app->text_overflows_total == 0, "%s: %d texts cut", tag, app->text_overflows_total);
    pd_app_destroy(app);
}

/* A step with an audience: it is drawn above the timer and the card (none
 * of them cut or covered), stares from the preparation on, moves (the
 * picture is drawn again as people blink) on the drill's own clock; a step
 * alone draws none. */
static void audience_flow(int w, int h, const char *lang)
{
    vclock vc = { 3000.0 };
    snprintf(tag, sizeof tag, "%s %dx%d audience", lang, w, h);
    pd_app *app = open_app(&vc, w, h, lang);
    if (!app) return;
    pd_step *st = &app->ladder.step[0];
    st->audience.size = 6;
    st->audience.attitude = PD_ATT_STARING;
    st->audience.bored = 0;
    st->drill_s = 30;
    st->prep_s = 0;
    st->reps = 1;
    st->listen_back = 0;
    pd_app_save_ladder(app);
    pd_app_start_session(app, 0);
    frames(app, 2);
    session_state *s = &app->xs;
    s->seed = 42;   /* the same people and moments in every run */
    press(app, XS_NO_FEAR, 0);
    key(app, SDLK_s);
    CHECK(s->x.phase == PD_X_PREPARE, "%s: prepare (%s)", tag, pd_xphase_name(s->x.phase));
    key(app, SDLK_SPACE);
    frames(app, 1);
    drill_state *d = &app->drill;
    CHECK(app->screen_id == PD_DRILL && d->crowd.n == 6, "%s: a drill before 6 people (%d)", tag, d->crowd.n);
    SDL_Rect a = d->audience_box, tb = d->timer_box;
    CHECK(a.w > w / 2 && a.h > h / 5 && a.x >= 0 && a.y >= 0 && a.x + a.w <= w && a.y + a.h <= h,
          "%s: the audience's box %d,%d %dx%d in the window", tag, a.x, a.y, a.w, a.h);
    CHECK(tb.y >= a.y + a.h && tb.h > h / 5, "%s: the timer (y %d, h %d) below the audience, whole", tag,
          tb.y, tb.h);
    /* people drawn: most of the box is not the room's plain background */
    SDL_Color bg = pd_app_pixel(app, a.x + 2, a.y + 2);
    long differ = 0, total = 0;
    for (int y = a.y; y < a.y + a.h; y += 3)
        for (int x = a.x; x < a.x + a.w; x += 3) {
            total++;
            if (!near_color(pd_app_pixel(app, x, y), bg)) differ++;
        }
    CHECK(differ > total / 10, "%s: people drawn (%ld of %ld sampled pixels differ)", tag, differ, total);
    no_cut(app, "drill before an audience");
    if (w == 800) shot(app, "drill-audience");
    double t0 = d->crowd.t_s, c0 = vc.t;
    int drawn = 0, staring = 1;
    for (int i = 0; i < 90; i++) {
        vc.t += 1.0 / 30.0;
        pd_app_frame(app);
        drawn += app->drawn;
        if (pd_crowd_gaze_share(&d->crowd) < 1.0) staring = 0;
    }
    CHECK(fabs((d->crowd.t_s - t0) - (vc.t - c0)) < 0.05, "%s: the audience runs on the drill's clock (%.2f s in %.2f s)",
          tag, d->crowd.t_s - t0, vc.t - c0);
    CHECK(staring, "%s: a staring audience: every eye on the speaker all along", tag);
    CHECK(drawn >= 3, "%s: drawn again as the audience moves (%d of 90 frames)", tag, drawn);
    CHECK(app->text_overflows_total == 0, "%s: %d texts cut", tag, app->text_overflows_total);
    pd_app_destroy(app);

    /* alone: no audience */
    app = open_app(&vc, w, h, lang);
    if (!app) return;
    pd_app_start_session(app, 1);
    frames(app, 2);
    press(app, XS_NO_FEAR, 0);
    key(app, SDLK_s);
    key(app, SDLK_SPACE);
    frames(app, 1);
    CHECK(app->screen_id == PD_DRILL && app->drill.crowd.n == 0 && app->drill.audience_box.w == 0,
          "%s: a step alone: no audience (%d people)", tag, app->drill.crowd.n);
    pd_app_destroy(app);
}

/* Questions after the pitch: a step with 2 questions and an audience of 4;
 * Space after 5 s of pitch asks the first (a bubble over the audience, a
 * question of the bundled list, the answer's clock), Space after 3 s of
 * answer the second, whose 30 s run out by themselves: the drill ends, one
 * take, the answers' starts marked where they began (+/-0.2 s: the frame
 * step), drawn on the listening back's waveform. */
static void questions_flow(int w, int h, const char *lang)
{
    vclock vc = { 4000.0 };
    snprintf(tag, sizeof tag, "%s %dx%d questions", lang, w, h);
    pd_app *app = open_app(&vc, w, h, lang);
    if (!app) return;
    pd_step *st = &app->ladder.step[0];
    st->audience.size = 4;
    st->audience.attitude = PD_ATT_ATTENTIVE;
    st->audience.questions = 2;
    st->drill_s = 30;
    st->prep_s = 0;
    st->reps = 1;
    st->listen_back = 1;
    pd_app_save_ladder(app);
    pd_app_start_session(app, 0);
    frames(app, 2);
    session_state *s = &app->xs;
    s->seed = 5;
    press(app, XS_NO_FEAR, 0);
    key(app, SDLK_s);
    key(app, SDLK_SPACE);
    frames(app, 1);
    drill_state *d = &app->drill;
    CHECK(app->screen_id == PD_DRILL && d->q_index == -1, "%s: the pitch", tag);
    run_to(app, &vc, vc.t + 5.0, 0.05);
    double at1 = d->lv.t_s;
    key(app, SDLK_SPACE);
    frames(app, 1);
    CHECK(app->screen_id == PD_DRILL && d->q_index == 0 && d->q_text[0], "%s: Space: the first question ('%s')", tag,
          d->q_text);
    char path[700], want[PD_TOPIC_MAX_BYTES + 3];
    snprintf(path, sizeof path, "%s/questions/%s.txt", app->assets_dir, lang);
    FILE *qf = fopen(path, "rb");
    static char list[70000];
    size_t ql = qf ? fread(list + 1, 1, sizeof list - 2, qf) : 0;
    if (qf) fclose(qf);
    list[0] = '\n';
    list[ql + 1] = 0;
    snprintf(want, sizeof want, "\n%s\n", d->q_text);
    CHECK(strstr(list, want) != NULL, "%s: '%s' is one of %s's, unmarked", tag, d->q_text, path);
    SDL_Rect b = d->bubble_box, a = d->audience_box;
    CHECK(b.w > 100 && b.h > 40 && b.x >= a.x && b.y >= a.y && b.x + b.w <= a.x + a.w && b.y + b.h <= a.y + a.h,
          "%s: the bubble %d,%d %dx%d inside the audience %d,%d %dx%d", tag, b.x, b.y, b.w, b.h, a.x, a.y, a.w, a.h);
    no_cut(app, "a question");
    if (w == 800) shot(app, "drill-question");
    run_to(app, &vc, vc.t + 3.0, 0.05);
    double at2 = d->lv.t_s;
    key(app, SDLK_SPACE);
    frames(app, 1);
    CHECK(app->screen_id == PD_DRILL && d->q_index == 1, "%s: Space: the second question (%d)", tag, d->q_index);
    run_to(app, &vc, vc.t + 31.0, 0.1);
    CHECK(app->screen_id == PD_SESSION, "%s: the answer's 30 s ran out: the drill ended (screen %d)", tag,
          app->screen_id);
    CHECK(app->n_take_marks == 2 && fabs(app->take_marks[0] - at1) < 0.2 && fabs(app->take_marks[1] - at2) < 0.2,
          "%s: the answers marked at %.2f and %.2f s (%d marks: %.2f, %.2f)", tag, at1, at2, app->n_take_marks,
          app->take_marks[0], app->take_marks[1]);
    wait_take(app);
    CHECK(s->tk.n_marks == 2 && s->tk.report && s->tk.report->duration_s > at2 + 25,
          "%s: one take holding the answers (%.1f s, %d marks)", tag, s->tk.report ? s->tk.report->duration_s : 0,
          s->tk.n_marks);
    /* kept with the take: opened again from the history, its Results show
     * the same answer marks */
    double m0 = app->take_marks[0], m1 = app->take_marks[1];
    pd_take_summary kept;
    CHECK(app->history->recent(app->history, &kept, 1) == 1, "%s: the take kept", tag);
    app->n_take_marks = 0;
    memset(app->take_marks, 0, sizeof app->take_marks);
    pd_app_open_take(app, &kept, PD_HOME);
    frames(app, 2);
    for (int i = 0; i < 4000 && SDL_AtomicGet(&app->results.phase) == RES_ANALYSING; i++) {
        SDL_Delay(2);
        pd_app_frame(app);
    }
    CHECK(app->screen_id == PD_RESULTS && SDL_AtomicGet(&app->results.phase) == RES_READY &&
              app->results.tk.n_marks == 2 && app->results.tk.marks[0] == m0 && app->results.tk.marks[1] == m1,
          "%s: reopened from the history, the answers marked at %.2f and %.2f s (%d: %.2f %.2f)", tag, m0, m1,
          app->results.tk.n_marks, app->results.tk.marks[0], app->results.tk.marks[1]);
    CHECK(app->text_overflows_total == 0, "%s: %d texts cut", tag, app->text_overflows_total);
    pd_app_destroy(app);
}

/* A drill discarded: with a second try allowed, back to the preparation
 * (same card); without one, the distress still counts: the peak is asked,
 * and there is nothing to listen back to. */
static void discard_flow(int w, int h, const char *lang)
{
    vclock vc = { 2000.0 };
    snprintf(tag, sizeof tag, "%s %dx%d discard", lang, w, h);
    pd_app *app = open_app(&vc, w, h, lang);
    if (!app) return;
    for (int pass = 0; pass < 2; pass++) {
        pd_step *st = &app->ladder.step[3];
        st->second_try = pass == 0;
        st->listen_back = 1;
        st->card = PD_CARD_VARIED;
        pd_app_save_ladder(app);
        pd_app_start_session(app, 3);
        frames(app, 2);
        session_state *s = &app->xs;
        press(app, XS_NO_FEAR, 0);
        key(app, SDLK_s);
        int card = app->card;
        key(app, SDLK_SPACE);
        frames(app, 1);
        run_to(app, &vc, vc.t + 3.0, 0.05);
        key(app, SDLK_ESCAPE);
        key(app, SDLK_TAB);   /* Keep -> Discard */
        key(app, SDLK_RETURN);
        frames(app, 1);
        CHECK(app->screen_id == PD_SESSION && s->x.cur.take_id == 0, "%s %d: back, no take", tag, pass);
        if (pass == 0) {
            CHECK(s->x.phase == PD_X_PREPARE && app->card == card, "%s: a second try, same card (%s)", tag,
                  pd_xphase_name(s->x.phase));
        } else {
            CHECK(s->x.phase == PD_X_PEAK, "%s: the peak still asked (%s)", tag, pd_xphase_name(s->x.phase));
            key(app, SDLK_6);
            key(app, SDLK_RETURN);
            CHECK(s->x.phase == PD_X_RECOVER, "%s: nothing to listen back to (%s)", tag, pd_xphase_name(s->x.phase));
        }
        key(app, SDLK_ESCAPE);
        press(app, XS_PAUSE_END, 0);
        CHECK(s->x.phase == PD_X_DONE, "%s: ended", tag);
        key(app, SDLK_RETURN);
    }
    CHECK(app->nxp == 1 && app->xp[0].suds_peak == 60 && app->xp[0].take_id == 0, "%s: the peak kept", tag);
    CHECK(app->text_overflows_total == 0, "%s: %d texts cut", tag, app->text_overflows_total);
    pd_app_destroy(app);
}

/* The SQLite history: a session, the app closed and opened again: the
 * exposure with its ratings, its take and the ladder's new place are there. */
static void store_flow(void)
{
    vclock vc = { 1500.0 };
    snprintf(tag, sizeof tag, "store");
    pd_app_options o = { .demo = 1, .lang = "en", .width = 1280, .height = 720, .hidden = 1,
                         .clock = vnow, .clock_ctx = &vc };
    pd_app *app = NULL;
    char err[300];
    CHECK(pd_app_create(&o, &app, err, sizeof err) == 0, "app with the store: %s", err);
    if (!app) return;
    pd_app_frame(app);
    CHECK(pd_app_load_ladder(app) == 0 && app->ladder.n >= 10, "%s: the ladder from the store", tag);
    int k = 2;
    int64_t step_id = app->ladder.step[k].id;
    CHECK(step_id > 0, "%s: stored steps have ids", tag);
    pd_app_start_session(app, k);
    frames(app, 2);
    session_state *s = &app->xs;
    press(app, XS_FEAR0 + PD_FEAR_UM, 0);
    key(app, SDLK_5);
    key(app, SDLK_RETURN);
    key(app, SDLK_6);
    key(app, SDLK_RETURN);
    key(app, SDLK_SPACE);
    frames(app, 1);
    run_to(app, &vc, vc.t + 8.0, 0.05);
    key(app, SDLK_SPACE);
    frames(app, 1);
    wait_take(app);
    CHECK(s->x.phase == PD_X_PEAK && s->x.cur.take_id > 0, "%s: the take kept (%s)", tag, pd_xphase_name(s->x.phase));
    int64_t take = s->x.cur.take_id;
    key(app, SDLK_7);
    key(app, SDLK_RETURN);
    if (s->x.phase == PD_X_LISTEN) press(app, XS_CONTINUE, 0);
    press(app, XS_SKIP_RECOVERY, 0);
    key(app, SDLK_3);
    key(app, SDLK_RETURN);
    key(app, SDLK_2);
    key(app, SDLK_RETURN);
    CHECK(s->x.phase == PD_X_SUGGEST, "%s: the suggestion (%s)", tag, pd_xphase_name(s->x.phase));
    press(app, XS_UP, 0);
    press(app, XS_FINISH, 0);
    CHECK(s->x.phase == PD_X_DONE, "%s: done", tag);
    key(app, SDLK_RETURN);
    CHECK(app->text_overflows_total == 0, "%s: %d texts cut", tag, app->text_overflows_total);
    pd_app_destroy(app);

    app = NULL;
    CHECK(pd_app_create(&o, &app, err, sizeof err) == 0, "app opened again: %s", err);
    if (!app) return;
    pd_app_frame(app);
    CHECK(pd_app_load_ladder(app) == 0, "%s: the ladder read again", tag);
    CHECK(app->ladder.current == k + 1, "%s: the ladder's place kept (%d)", tag, app->ladder.current);
    const pd_exposure *e = app->nxp == 1 ? &app->xp[0] : NULL;
    CHECK(e != NULL, "%s: one exposure stored (%d)", tag, app->nxp);
    if (e) {
        CHECK(e->step_id == step_id && e->take_id == take && e->rep == 1 && !e->real_world, "%s: its step and take", tag);
        CHECK(e->suds_before == 60 && e->suds_peak == 70 && e->suds_after == 30 && e->likelihood == 50 &&
              e->happened == 20 && strcmp(e->feared, pd_fear_text(PD_FEAR_UM, "en")) == 0,
              "%s: its ratings %d %d %d, %d -> %d", tag, e->suds_before, e->suds_peak, e->suds_after,
              e->likelihood, e->happened);
    }
    pd_take_summary ts;
    CHECK(app->history->get(app->history, take, &ts) == 0, "%s: the take is in the history", tag);
    pd_app_destroy(app);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_ui_session ASSETS_DIR\n");
        return 2;
    }
    char *dir = ui_test_headless(argv[1], "session", NULL, 0);
    CHECK(dir != NULL, "scratch folder");
    if (!dir) CHECK_DONE();

    test_rating();
    store_flow();
    static const char *const langs[2] = { "en", "it" };
    static const int sizes[2][2] = { { 1280, 720 }, { 800, 600 } };
    for (int l = 0; l < 2; l++)
        for (int z = 0; z < 2; z++) {
            session_flow(sizes[z][0], sizes[z][1], langs[l], 0);
            session_flow(sizes[z][0], sizes[z][1], langs[l], 1);
            pause_flow(sizes[z][0], sizes[z][1], langs[l]);
            real_world_flow(sizes[z][0], sizes[z][1], langs[l], z == 0);
            conditions_flow(sizes[z][0], sizes[z][1], langs[l]);
            discard_flow(sizes[z][0], sizes[z][1], langs[l]);
            audience_flow(sizes[z][0], sizes[z][1], langs[l]);
            questions_flow(sizes[z][0], sizes[z][1], langs[l]);
        }

    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    CHECK_DONE();
}
