/* test_ui_ladder.c - the programme's ladder and progress screens, headless
 * (offscreen video, software renderer, dummy audio) under an injected
 * clock: Home -> the ladder; building it (every step rated by keys, one by
 * the mouse, one skipped) and the order and start it proposes; the step
 * editor (rename, length, card, a mouse click on an arrow), add, duplicate,
 * remove (asked first), move, make current, Start (the session's entry);
 * the progress screen from exposures saved through pd_app_save_exposure
 * (two steps, sessions of repetitions, skipped ratings, takes beside their
 * peaks); no text cut on any screen at 1280x720 and 800x600 in English and
 * Italian; the ladder as left after closing and reopening the app on a
 * real store. Pictures go to /tmp/uiladder/ (look at them).
 *
 * Usage: test_ui_ladder ASSETS_DIR */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include "check.h"
#include "ui.h"
#include "ui_harness.h"

#define SHOTS "/tmp/uiladder"

static void key(pd_app *app, SDL_Keycode k, Uint16 mod)
{
    push_key(k, mod);
    pd_app_frame(app);
}

static void type_text(pd_app *app, const char *s)
{
    SDL_Event e;
    SDL_zero(e);
    e.type = SDL_TEXTINPUT;
    snprintf(e.text.text, sizeof e.text.text, "%s", s);
    SDL_PushEvent(&e);
    pd_app_frame(app);
}

static void click(pd_app *app, SDL_Rect r)
{
    push_click(r);
    pd_app_frame(app);
    SDL_Event e;   /* and let go */
    SDL_zero(e);
    e.type = SDL_MOUSEBUTTONUP;
    e.button.button = SDL_BUTTON_LEFT;
    e.button.x = r.x + r.w / 2;
    e.button.y = r.y + r.h / 2;
    SDL_PushEvent(&e);
    pd_app_frame(app);
}

static SDL_Rect widget(const ui_focus *f, int id)
{
    for (int i = 0; i < f->n; i++)
        if (f->w[i].id == id) return f->w[i].r;
    return (SDL_Rect){ -100, -100, 1, 1 };
}

/* The focus ring is drawn around r (ui_focus_ring: a frame outside it). */
static int ring_around(pd_app *app, SDL_Rect r)
{
    int t = ui_px(app, 3) > 2 ? ui_px(app, 3) : 2;
    SDL_Color c = pd_app_pixel(app, r.x - 2 * t + t / 2, r.y + r.h / 2);
    return near_color(c, app->th.focus);
}

/* Two frames (texts cached), nothing cut, the picture to SHOTS/name.png. */
static void look(pd_app *app, const char *name, const char *where)
{
    pd_app_frame(app);
    pd_app_frame(app);
    CHECK(app->text_overflows == 0, "%s: %d texts cut", where, app->text_overflows);
    if (name) {
        char path[300];
        snprintf(path, sizeof path, "%s/%s.png", SHOTS, name);
        CHECK(pd_app_save_png(app, path) == 0, "write %s", path);
    }
}

static pd_app *open_app(vclock *vc, const char *lang, int w, int h, int in_memory)
{
    pd_app_options o = { .demo = 1, .lang = lang, .width = w, .height = h, .hidden = 1,
                         .clock = vnow, .clock_ctx = vc, .history_in_memory = in_memory };
    pd_app *app = NULL;
    char err[400];
    CHECK(pd_app_create(&o, &app, err, sizeof err) == 0, "app: %s", err);
    if (app) pd_app_frame(app);
    return app;
}

/* A take in the history with these delivery figures (no recording). */
static long long add_take(pd_app *app, time_t when, double pace, double ppm, double filled, double f0_hz)
{
    pd_take_summary t;
    memset(&t, 0, sizeof t);
    t.when = when;
    t.target_s = 60;
    t.duration_s = 58;
    t.pace_syl_s = pace;
    t.wpm_est = pace * 40;
    t.pauses_per_min = ppm;
    t.filled_per_100w = filled;
    t.loudness_lufs = -22;
    t.f0_sd_st = 2.5;
    t.f0_median_hz = f0_hz;
    snprintf(t.lang, sizeof t.lang, "en");
    CHECK(app->history->add(app->history, &t, NULL) == 0, "add a take");
    return t.id;
}

static pd_exposure exposure(const pd_step *s, int64_t date, int64_t session, int rep, int before, int peak,
                            int after, long long take)
{
    pd_exposure e;
    pd_exposure_init(&e);
    e.step_id = s->id;
    snprintf(e.step_title, sizeof e.step_title, "%s", s->title);
    e.date = date;
    e.session = session;
    e.rep = rep;
    e.suds_before = before;
    e.suds_peak = peak;
    e.suds_after = after;
    e.take_id = take;
    return e;
}

/* Building: rates the 12 default steps (keys, one by the mouse, one skipped,
 * one redone after Backspace) and checks the order and the proposed start. */
static void build(pd_app *app, const char *tag, int shots)
{
    ladder_state *L = &app->lad;
    CHECK(app->screen_id == PD_LADDER && L->mode == LADM_BUILD && L->build_i == 0,
          "%s: a new ladder is built first (screen %d mode %d)", tag, app->screen_id, L->mode);
    int n = app->ladder.n;
    CHECK(n == 12, "%s: the default ladder has %d steps", tag, n);
    if (n != 12) return;
    char titles[12][PD_STEP_TITLE_MAX];
    for (int i = 0; i < n; i++) snprintf(titles[i], sizeof titles[i], "%s", app->ladder.step[i].title);
    CHECK(L->build_val == PD_RATING_NONE, "%s: nothing chosen before the first answer", tag);
    key(app, SDLK_RETURN, 0);          /* Enter with nothing chosen: still asking step 1 */
    CHECK(L->build_i == 0, "%s: Enter without a value does not move on", tag);
    key(app, SDLK_3, 0);
    CHECK(L->build_val == 30, "%s: 3 = 30 (%d)", tag, L->build_val);
    if (shots) look(app, shots == 1 ? "build-en-800x600" : "build-it-800x600", tag);
    else look(app, NULL, tag);
    key(app, SDLK_LEFT, 0);
    key(app, SDLK_LEFT, 0);            /* 20 */
    CHECK(L->build_val == 20, "%s: arrows 5 less (%d)", tag, L->build_val);
    key(app, SDLK_RETURN, 0);          /* step 1: 20 */
    key(app, SDLK_4, 0);
    key(app, SDLK_RIGHT, 0);           /* step 2: 45 */
    key(app, SDLK_RETURN, 0);
    key(app, SDLK_9, 0);               /* step 3: 90, then back to step 2 and ... */
    key(app, SDLK_BACKSPACE, 0);
    CHECK(L->build_i == 1 && L->build_val == 45, "%s: Backspace goes back to step 2 as rated (%d, %d)", tag,
          L->build_i, L->build_val);
    key(app, SDLK_5, 0);               /* ... step 2 is 50 after all */
    key(app, SDLK_RETURN, 0);
    key(app, SDLK_3, 0);               /* step 3: 30 */
    key(app, SDLK_RETURN, 0);
    /* step 4 by the mouse: the scale at 55 %, then Confirm */
    CHECK(L->build_i == 3, "%s: at step 4 (%d)", tag, L->build_i + 1);
    SDL_Rect sc = L->scale;
    int x = sc.x + (int)lround(0.55 * (sc.w - 1));
    click(app, (SDL_Rect){ x, sc.y, 1, sc.h });
    CHECK(L->build_val == 55, "%s: the click at 55 %% of the scale is 55 (%d)", tag, L->build_val);
    click(app, widget(&L->focus, LAD_B_CONFIRM));
    CHECK(L->build_i == 4, "%s: Confirm clicked: step 5 (%d)", tag, L->build_i + 1);
    key(app, SDLK_s, 0);               /* step 5: skipped */
    static const SDL_Keycode rest[7] = { SDLK_6, SDLK_1, SDLK_7, SDLK_8, SDLK_8, SDLK_9, SDLK_END };
    for (int i = 0; i < 7; i++) {      /* steps 6..12: 60 10 70 80 85 90 100 */
        key(app, rest[i], 0);
        if (i == 4) key(app, SDLK_RIGHT, 0);
        key(app, SDLK_RETURN, 0);
    }
    /* easiest first: 10 (6) 20 (0) 30 (2) 50 (1) 55 (3) 60 (5) 70 (7) 80 (8)
     * 85 (9) 90 (10) 100 (11), then the skipped one (4) */
    static const int order[12] = { 6, 0, 2, 1, 3, 5, 7, 8, 9, 10, 11, 4 };
    static const int rating[12] = { 10, 20, 30, 50, 55, 60, 70, 80, 85, 90, 100, PD_RATING_NONE };
    CHECK(L->mode == LADM_PROPOSE, "%s: after the last step the start is proposed (mode %d)", tag, L->mode);
    for (int i = 0; i < n; i++) {
        CHECK(strcmp(app->ladder.step[i].title, titles[order[i]]) == 0, "%s: step %d is '%s', not '%s'", tag, i + 1,
              app->ladder.step[i].title, titles[order[i]]);
        CHECK(app->ladder.step[i].expected == rating[i], "%s: step %d expected %d, not %d", tag, i + 1,
              app->ladder.step[i].expected, rating[i]);
    }
    CHECK(L->propose == 2 && L->propose == pd_ladder_start_index(&app->ladder),
          "%s: start proposed at step %d: the hardest rated 40 or less is 3", tag, L->propose + 1);
    CHECK(!app->ladder_created, "%s: built", tag);
    if (shots) look(app, shots == 1 ? "propose-en-800x600" : "propose-it-800x600", tag);
    else look(app, NULL, tag);
    key(app, SDLK_RETURN, 0);          /* Begin at step 3 */
    CHECK(L->mode == LADM_LIST && app->ladder.current == 2 && L->sel == 2,
          "%s: begun at step 3 (mode %d, current %d)", tag, L->mode, app->ladder.current + 1);
}

/* The editor, add, duplicate, remove, move, make current, Start. */
static void edit(pd_app *app, const char *tag, int shots)
{
    ladder_state *L = &app->lad;
    pd_ladder *l = &app->ladder;
    key(app, SDLK_HOME, 0);
    CHECK(L->sel == 0, "%s: Home selects step 1", tag);
    pd_step before = l->step[0];
    key(app, SDLK_e, 0);
    CHECK(L->mode == LADM_EDIT && L->edit_at == 0, "%s: E edits step 1", tag);
    CHECK(ui_focus_id(&L->focus) == LAD_E_FIELD0 + LF_TITLE, "%s: the title first", tag);
    key(app, SDLK_RETURN, 0);
    CHECK(L->renaming && SDL_IsTextInputActive(), "%s: Enter on the title renames (text input on)", tag);
    for (int i = 0; i < PD_STEP_TITLE_MAX; i++) push_key(SDLK_BACKSPACE, 0);
    pd_app_frame(app);
    CHECK(L->title[0] == 0, "%s: the old title erased ('%s')", tag, L->title);
    type_text(app, "Read it to the mirror \xc3\xa8");
    key(app, SDLK_BACKSPACE, 0);       /* the two-byte character goes whole */
    key(app, SDLK_RETURN, 0);
    CHECK(!L->renaming && !SDL_IsTextInputActive() && strcmp(L->edit.title, "Read it to the mirror ") == 0,
          "%s: renamed '%s'", tag, L->edit.title);
    /* the expected distress in words, its longest (90-100) too, not cut */
    int was = L->edit.expected;
    L->edit.expected = 95;
    look(app, NULL, "the editor, expected 95");
    L->edit.expected = was;
    /* the length: all the way down to untimed, then up to 45 s */
    key(app, SDLK_DOWN, 0);
    key(app, SDLK_DOWN, 0);
    CHECK(ui_focus_id(&L->focus) == LAD_E_FIELD0 + LF_DRILL, "%s: Down, Down: the drill length", tag);
    for (int i = 0; i < 25; i++) push_key(SDLK_LEFT, 0);
    pd_app_frame(app);
    CHECK(L->edit.drill_s == 0, "%s: Left to untimed (%d)", tag, L->edit.drill_s);
    for (int i = 0; i < 5; i++) key(app, SDLK_RIGHT, 0);
    CHECK(L->edit.drill_s == 45, "%s: 10, 15, 20, 30, 45 s (%d)", tag, L->edit.drill_s);
    key(app, SDLK_DOWN, 0);
    key(app, SDLK_DOWN, 0);
    CHECK(ui_focus_id(&L->focus) == LAD_E_FIELD0 + LF_CARD, "%s: the card", tag);
    pd_card_mode want_card = (pd_card_mode)((before.card + 1) % PD_CARD_COUNT);
    key(app, SDLK_RIGHT, 0);
    CHECK(L->edit.card == want_card, "%s: card %d -> %d", tag, before.card, L->edit.card);
    /* the mouse: the repetitions' > arrow (the right end of the field) */
    SDL_Rect reps = widget(&L->focus, LAD_E_FIELD0 + LF_REPS);
    int want_reps = before.reps < PD_REPS_MAX ? before.reps + 1 : before.reps;
    click(app, (SDL_Rect){ reps.x + reps.w - ui_px(app, 10), reps.y, 1, reps.h });
    CHECK(L->edit.reps == want_reps, "%s: the > of repetitions clicked: %d (want %d)", tag, L->edit.reps, want_reps);
    /* an audience of 3, two bored */
    ui_focus_set(&L->focus, LAD_E_FIELD0 + LF_SIZE);
    for (int i = 0; i < PD_AUDIENCE_MAX + 1; i++) push_key(SDLK_LEFT, 0);
    pd_app_frame(app);
    for (int i = 0; i < 3; i++) key(app, SDLK_RIGHT, 0);
    key(app, SDLK_DOWN, 0);
    key(app, SDLK_DOWN, 0);
    key(app, SDLK_RIGHT, 0);
    key(app, SDLK_RIGHT, 0);
    CHECK(L->edit.audience.size == 3 && L->edit.audience.attitude != PD_ATT_NONE && L->edit.audience.bored == 2,
          "%s: audience %d (attitude %d), bored %d", tag, L->edit.audience.size, L->edit.audience.attitude,
          L->edit.audience.bored);
    CHECK(!pd_step_needs_audience(&L->edit, app->lang, NULL, 0),
          "%s: an audience is drawn: nothing said to be coming", tag);
    if (shots) look(app, shots == 1 ? "editor-en-800x600" : "editor-it-800x600", tag);
    else look(app, NULL, tag);
    key(app, SDLK_s, KMOD_LCTRL);
    CHECK(L->mode == LADM_LIST, "%s: Ctrl+S saves (mode %d, err '%s')", tag, L->mode, L->err);
    CHECK(strcmp(l->step[0].title, "Read it to the mirror ") == 0 && l->step[0].drill_s == 45 &&
              l->step[0].card == want_card && l->step[0].reps == want_reps && l->step[0].audience.bored == 2,
          "%s: step 1 saved as edited ('%s', %d s, card %d)", tag, l->step[0].title, l->step[0].drill_s,
          l->step[0].card);
    CHECK(l->step[0].id == before.id && l->step[0].expected == before.expected, "%s: same step, same rating", tag);
    if (shots) look(app, shots == 1 ? "ladder-en-800x600" : "ladder-it-800x600", tag);
    else look(app, NULL, tag);

    /* Esc in the editor keeps the step as it was */
    key(app, SDLK_e, 0);
    key(app, SDLK_RETURN, 0);
    type_text(app, "xyz");
    key(app, SDLK_ESCAPE, 0);           /* the typing */
    key(app, SDLK_ESCAPE, 0);           /* the editor */
    CHECK(L->mode == LADM_LIST && strcmp(l->step[0].title, "Read it to the mirror ") == 0,
          "%s: Esc cancels ('%s')", tag, l->step[0].title);

    /* add after step 1: a new step in the editor; Esc keeps it as made */
    int n0 = l->n;
    key(app, SDLK_a, 0);
    CHECK(l->n == n0 + 1 && L->mode == LADM_EDIT && L->edit_at == 1, "%s: A adds step 2 and edits it", tag);
    key(app, SDLK_ESCAPE, 0);
    const char *new_title = ui_tr(app, S_LAD_NEW_STEP);
    CHECK(strcmp(l->step[1].title, new_title) == 0 && l->step[1].id > 0, "%s: step 2 '%s' saved (id %lld)", tag,
          l->step[1].title, (long long)l->step[1].id);
    CHECK(l->current == 3, "%s: the current step follows its step (%d)", tag, l->current + 1);
    /* duplicate it */
    key(app, SDLK_d, 0);
    char dup[PD_STEP_TITLE_MAX + 8];
    snprintf(dup, sizeof dup, "%s (2)", new_title);
    CHECK(l->n == n0 + 2 && L->sel == 2 && strcmp(l->step[2].title, dup) == 0 && l->step[2].id > 0 &&
              l->step[2].id != l->step[1].id,
          "%s: D duplicates: step 3 '%s'", tag, l->step[2].title);
    /* remove asks first: Cancel (focused first), then Del twice */
    key(app, SDLK_DELETE, 0);
    CHECK(L->mode == LADM_CONFIRM_REMOVE, "%s: Del asks first", tag);
    if (shots) look(app, shots == 1 ? "remove-en-800x600" : "remove-it-800x600", tag);
    else look(app, NULL, tag);
    key(app, SDLK_RETURN, 0);
    CHECK(L->mode == LADM_LIST && l->n == n0 + 2, "%s: Enter on Cancel keeps it", tag);
    key(app, SDLK_DELETE, 0);
    key(app, SDLK_DELETE, 0);
    CHECK(L->mode == LADM_LIST && l->n == n0 + 1 && strcmp(l->step[2].title, dup) != 0,
          "%s: Del twice removes step 3 (%d steps)", tag, l->n);
    /* move step 2 down and back up, by keys and by the button */
    key(app, SDLK_UP, 0);
    CHECK(L->sel == 1, "%s: step 2 selected", tag);
    int64_t id2 = l->step[1].id, id3 = l->step[2].id;
    key(app, SDLK_DOWN, KMOD_LSHIFT);
    CHECK(L->sel == 2 && l->step[2].id == id2 && l->step[1].id == id3, "%s: Shift+Down moves it to 3", tag);
    click(app, widget(&L->focus, LAD_UP));
    CHECK(L->sel == 1 && l->step[1].id == id2 && l->step[2].id == id3, "%s: Move up moves it back", tag);
    /* make step 4 current */
    key(app, SDLK_DOWN, 0);
    key(app, SDLK_DOWN, 0);
    key(app, SDLK_c, 0);
    CHECK(l->current == 3 && L->sel == 3, "%s: C makes step 4 current (%d)", tag, l->current + 1);
    /* Tab reaches every button with the ring; Start is the session's entry */
    ui_focus_set(&L->focus, LAD_LIST);
    pd_app_frame(app);
    CHECK(ring_around(app, L->list_box), "%s: the ring on the list", tag);
    for (int id = LAD_START; id <= LAD_BACK; id++) {   /* the list, then every button in turn */
        key(app, SDLK_TAB, 0);
        CHECK(ui_focus_id(&L->focus) == id && ring_around(app, widget(&L->focus, id)),
              "%s: Tab reaches button %d, ringed", tag, id);
    }
    key(app, SDLK_TAB, 0);
    CHECK(ui_focus_id(&L->focus) == LAD_LIST, "%s: and round to the list", tag);
    key(app, SDLK_TAB, 0);
    CHECK(ui_focus_id(&L->focus) == LAD_START, "%s: Tab: Start", tag);
    key(app, SDLK_RETURN, 0);
    CHECK(app->screen_id != PD_LADDER, "%s: Start leaves the ladder for the session (screen %d)", tag, app->screen_id);
    pd_app_switch(app, PD_LADDER);
    pd_app_frame(app);
    CHECK(app->screen_id == PD_LADDER && L->mode == LADM_LIST && L->sel == l->current,
          "%s: the ladder again, at the current step", tag);
}

/* Exposures at two steps; the progress screen's charts and delivery. */
static void progress(pd_app *app, const char *tag, int shots)
{
    progress_state *P = &app->prg;
    pd_ladder *l = &app->ladder;
    const pd_step *a = &l->step[l->current], *b = &l->step[l->current + 1];
    int64_t day = 86400, t0 = (int64_t)time(NULL) - 9 * day;
    /* step a: a session of 3 on day 0 (one "after" skipped), 3 on day 4, 1 on day 8 (before skipped) */
    static const int r[7][3] = { { 50, 80, 40 }, { 45, 70, PD_RATING_NONE }, { 40, 65, 30 }, { 35, 55, 25 },
                                 { 30, 45, 20 }, { 30, 40, 15 }, { PD_RATING_NONE, 30, 10 } };
    static const double pace[7] = { 5.2, 5.0, 4.9, 4.6, 4.4, 4.3, 4.1 };
    int64_t s1 = t0, s2 = t0 + 4 * day, s3 = t0 + 8 * day;
    int64_t when[7] = { s1, s1 + 300, s1 + 600, s2, s2 + 300, s2 + 600, s3 };
    int64_t sess[7] = { s1, s1, s1, s2, s2, s2, s3 };
    int rep[7] = { 1, 2, 3, 1, 2, 3, 1 };
    double peaks[7], paces[7];
    int nt = 0;
    for (int i = 0; i < 7; i++) {
        long long take = 0;
        if (i != 1 && i != 6) {        /* 5 with a take */
            take = add_take(app, (time_t)when[i], pace[i], 8.0 - i * 0.5, 4.0 - i * 0.4, 130.0 - 3.0 * i);
            peaks[nt] = r[i][1];
            paces[nt++] = pace[i];
        }
        pd_exposure e = exposure(a, when[i], sess[i], rep[i], r[i][0], r[i][1], r[i][2], take);
        CHECK(pd_app_save_exposure(app, &e) == 0 && e.id > 0, "%s: exposure %d saved", tag, i + 1);
        if (i == 2) {                  /* 2 takes so far: too little data, said honestly (the core's words) */
            char few[400];
            pd_delivery_vs_distress(peaks, paces, (size_t)nt, ui_tr(app, S_PRG_PACE), ui_tr(app, S_SYL_S), 1,
                                    app->lang, few, sizeof few);
            key(app, SDLK_p, 0);
            CHECK(app->screen_id == PD_PROGRESS && P->nd == 2 && strcmp(P->delivery[0], few) == 0 &&
                      strstr(few, "5") != NULL,
                  "%s: with 2 takes '%s' (the core: '%s')", tag, P->delivery[0], few);
            look(app, NULL, tag);
            key(app, SDLK_l, 0);
            CHECK(app->screen_id == PD_LADDER, "%s: L: back to the ladder", tag);
        }
    }
    pd_exposure e = exposure(b, t0 + 8 * day + 900, t0 + 8 * day + 900, 1, 60, PD_RATING_NONE, 50, 0);
    CHECK(pd_app_save_exposure(app, &e) == 0, "%s: an exposure at the next step, peak skipped", tag);
    CHECK(app->nxp == 8, "%s: 8 exposures (%d)", tag, app->nxp);

    key(app, SDLK_p, 0);
    CHECK(app->screen_id == PD_PROGRESS && P->sel == l->current, "%s: P: progress at the current step", tag);
    if (shots) look(app, shots == 1 ? "progress-en-800x600" : "progress-it-800x600", tag);
    else look(app, NULL, tag);
    CHECK(P->attempts_drawn == 7, "%s: 7 attempts between sessions (%d)", tag, P->attempts_drawn);
    CHECK(P->reps_drawn == 3 && P->session_drawn == s2, "%s: the latest session of repetitions: %d reps of %lld",
          tag, P->reps_drawn, P->session_drawn);
    pd_step_progress want[PD_LADDER_MAX];
    pd_ladder_progress(l, app->xp, (size_t)app->nxp, &app->xrules, want);
    for (int i = 0; i < l->n; i++)
        CHECK(memcmp(&want[i], &P->prog[i], sizeof want[i]) == 0, "%s: step %d's progress is the core's", tag, i + 1);
    CHECK(P->prog[l->current].attempts == 7 && P->prog[l->current].last_peak == 30, "%s: 7 attempts, latest peak 30",
          tag);
    CHECK(P->nd == 5, "%s: 5 exposures with a take (%d)", tag, P->nd);
    char sentence[400];
    pd_delivery_vs_distress(peaks, paces, (size_t)nt, ui_tr(app, S_PRG_PACE), ui_tr(app, S_SYL_S), 1, app->lang,
                            sentence, sizeof sentence);
    CHECK(strcmp(P->delivery[0], sentence) == 0, "%s: pace beside distress '%s', the core says '%s'", tag,
          P->delivery[0], sentence);
    /* the pitch level against the baseline (the median pitch of the newest
     * five takes: no store here), in semitones, beside the peak */
    pd_take_summary newest[5];
    int nn = app->history->recent(app->history, newest, 5);
    double f0s[5];
    int nf = 0;
    for (int i = 0; i < nn; i++)
        if (isfinite(newest[i].f0_median_hz)) f0s[nf++] = newest[i].f0_median_hz;
    for (int i = 1; i < nf; i++)
        for (int j = i; j > 0 && f0s[j - 1] > f0s[j]; j--) {
            double x = f0s[j];
            f0s[j] = f0s[j - 1];
            f0s[j - 1] = x;
        }
    double base = nf ? (nf % 2 ? f0s[nf / 2] : 0.5 * (f0s[nf / 2 - 1] + f0s[nf / 2])) : NAN;
    double st[7];
    int ns = 0, pitch_ok = isfinite(base);
    for (int i = 0; i < 7; i++)
        if (i != 1 && i != 6) st[ns++] = 12.0 * log2((130.0 - 3.0 * i) / base);
    for (int k = 0; k < P->nd && k < ns; k++)
        if (fabs(P->d_fig[3][k] - st[k]) > 1e-9) pitch_ok = 0;
    CHECK(pitch_ok && ns == P->nd, "%s: pitch against the baseline (%.1f Hz) beside each peak", tag, base);
    pd_delivery_vs_distress(peaks, st, (size_t)ns, ui_tr(app, S_PRG_PITCH), ui_tr(app, S_PRG_UNIT_PITCH), 1,
                            app->lang, sentence, sizeof sentence);
    CHECK(strcmp(P->delivery[3], sentence) == 0 && strstr(sentence, "5") != NULL,
          "%s: pitch beside distress '%s', the core says '%s'", tag, P->delivery[3], sentence);
    key(app, SDLK_DOWN, 0);
    pd_app_frame(app);
    CHECK(P->sel == l->current + 1 && P->attempts_drawn == 1 && P->reps_drawn == 0,
          "%s: the next step: 1 attempt, no repetitions (%d, %d)", tag, P->attempts_drawn, P->reps_drawn);
    look(app, NULL, tag);
    key(app, SDLK_ESCAPE, 0);
    CHECK(app->screen_id == PD_LADDER, "%s: Esc: back to the ladder", tag);
    look(app, NULL, tag);
    key(app, SDLK_ESCAPE, 0);
    CHECK(app->screen_id == PD_HOME, "%s: Esc: Home", tag);
    look(app, shots == 1 ? "home-en-800x600" : shots == 2 ? "home-it-800x600" : NULL, tag);
}

static void flow(const char *lang, int w, int h, int shots)
{
    char tag[64];
    snprintf(tag, sizeof tag, "%s %dx%d", lang, w, h);
    vclock vc = { 100.0 };
    pd_app *app = open_app(&vc, lang, w, h, 1);
    if (!app) return;
    look(app, NULL, tag);
    CHECK(app->ladder_loaded && app->ladder.n == 12, "%s: Home reads the ladder for its line", tag);
    /* Tab reaches the Programme button (the visible ring is drawn on it) */
    ui_focus_set(&app->home.focus, HOME_HISTORY);
    key(app, SDLK_TAB, KMOD_LSHIFT);
    CHECK(ui_focus_id(&app->home.focus) == HOME_PROGRAMME, "%s: Shift+Tab from History: Programme", tag);
    pd_app_frame(app);
    CHECK(ring_around(app, widget(&app->home.focus, HOME_PROGRAMME)), "%s: the ring on Programme", tag);
    key(app, SDLK_RETURN, 0);
    build(app, tag, shots);
    edit(app, tag, shots);
    progress(app, tag, shots);
    CHECK(app->text_overflows_total == 0, "%s: %d texts cut in all", tag, app->text_overflows_total);
    pd_app_destroy(app);
}

/* The reason of the proposed start when no step is rated, and when every
 * one is above 40. */
static void proposals(void)
{
    vclock vc = { 100.0 };
    pd_app *app = open_app(&vc, "en", 800, 600, 1);
    if (!app) return;
    key(app, SDLK_p, 0);
    for (int i = 0; i < 12; i++) key(app, SDLK_s, 0);
    CHECK(app->lad.mode == LADM_PROPOSE && app->lad.propose == 0, "none rated: propose step 1 (%d)",
          app->lad.propose + 1);
    look(app, NULL, "none rated");
    key(app, SDLK_ESCAPE, 0);
    CHECK(app->lad.mode == LADM_LIST && app->ladder.current == 0, "Esc: I will choose");
    key(app, SDLK_r, 0);                /* rate again: every step 50 or more, the last easiest */
    CHECK(app->lad.mode == LADM_BUILD && app->lad.build_i == 0, "R rates the steps again");
    for (int i = 0; i < 12; i++) {
        key(app, i == 11 ? SDLK_5 : SDLK_9, 0);
        key(app, SDLK_RETURN, 0);
    }
    CHECK(app->lad.mode == LADM_PROPOSE && app->lad.propose == 0 && app->ladder.step[0].expected == 50,
          "all above 40: the easiest, now first (%d, rated %d)", app->lad.propose + 1, app->ladder.step[0].expected);
    look(app, "propose-above-en-800x600", "all above");
    CHECK(app->text_overflows_total == 0, "proposals: %d texts cut", app->text_overflows_total);
    pd_app_destroy(app);
}

/* The ladder survives closing the app: a real store in a scratch folder. */
static void reopen(const char *dir)
{
    char data[700];
    snprintf(data, sizeof data, "%s/store", dir);
    setenv("PODIUM_DATA_DIR", data, 1);
    vclock vc = { 100.0 };
    pd_app *app = open_app(&vc, "en", 1280, 720, 0);
    if (!app) return;
    key(app, SDLK_p, 0);
    CHECK(app->screen_id == PD_LADDER && app->lad.mode == LADM_BUILD, "store: a new ladder is built first");
    for (int i = 0; i < 3; i++) {      /* closed half way through the building */
        key(app, (SDL_Keycode)(SDLK_2 + 2 * i), 0);
        key(app, SDLK_RETURN, 0);
    }
    pd_app_destroy(app);
    app = open_app(&vc, "en", 1280, 720, 0);
    if (!app) return;
    key(app, SDLK_p, 0);
    CHECK(app->screen_id == PD_LADDER && app->lad.mode == LADM_LIST, "store: built once, not asked again (mode %d)",
          app->lad.mode);
    CHECK(app->ladder.step[0].expected == 20 && app->ladder.step[1].expected == 40 &&
              app->ladder.step[2].expected == 60 && app->ladder.step[3].expected == PD_RATING_NONE,
          "store: the ratings given before closing are kept (%d %d %d %d)", app->ladder.step[0].expected,
          app->ladder.step[1].expected, app->ladder.step[2].expected, app->ladder.step[3].expected);
    key(app, SDLK_r, 0);               /* rate them all again */
    CHECK(app->lad.mode == LADM_BUILD, "store: R builds the ladder again");
    for (int i = 0; i < app->ladder.n; i++) {
        key(app, (SDL_Keycode)(SDLK_0 + (i * 7) % 10), 0);
        key(app, SDLK_RETURN, 0);
    }
    key(app, SDLK_TAB, 0);
    key(app, SDLK_RETURN, 0);          /* I will choose */
    key(app, SDLK_END, 0);
    key(app, SDLK_e, 0);
    key(app, SDLK_RETURN, 0);
    type_text(app, " (with a friend)");
    key(app, SDLK_RETURN, 0);
    key(app, SDLK_s, KMOD_LCTRL);
    key(app, SDLK_HOME, 0);
    key(app, SDLK_DOWN, 0);
    key(app, SDLK_d, 0);               /* duplicate step 2 */
    key(app, SDLK_c, 0);               /* the copy is current */
    key(app, SDLK_UP, KMOD_LSHIFT);    /* and moves up to 2 */
    pd_ladder left = app->ladder;
    CHECK(left.n == 13 && left.current == 1, "store: 13 steps, current 2 (%d, %d)", left.n, left.current + 1);
    CHECK(app->text_overflows_total == 0, "store: %d texts cut", app->text_overflows_total);
    pd_app_destroy(app);

    app = open_app(&vc, "en", 1280, 720, 0);
    if (!app) return;
    key(app, SDLK_p, 0);
    CHECK(app->screen_id == PD_LADDER && app->lad.mode == LADM_LIST, "store: reopened, no building again (mode %d)",
          app->lad.mode);
    const pd_ladder *l = &app->ladder;
    CHECK(l->n == left.n && l->current == left.current, "store: %d steps, current %d as left", l->n, l->current + 1);
    for (int i = 0; i < l->n && i < left.n; i++) {
        const pd_step *a = &l->step[i], *b = &left.step[i];
        int same = a->id == b->id && strcmp(a->title, b->title) == 0 && a->drill_s == b->drill_s &&
                   a->prep_s == b->prep_s && a->card == b->card && a->reps == b->reps &&
                   a->listen_back == b->listen_back && a->second_try == b->second_try &&
                   a->real_world == b->real_world && a->expected == b->expected &&
                   memcmp(&a->audience, &b->audience, sizeof a->audience) == 0;
        CHECK(same, "store: step %d '%s' as left ('%s')", i + 1, a->title, b->title);
        if (!same) break;
    }
    CHECK(strstr(l->step[l->n - 1].title, " (with a friend)") != NULL, "store: the rename is kept ('%s')",
          l->step[l->n - 1].title);
    pd_app_destroy(app);
    unsetenv("PODIUM_DATA_DIR");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_ui_ladder ASSETS_DIR\n");
        return 2;
    }
    char *dir = ui_test_headless(argv[1], "ladder", NULL, 0);
    CHECK(dir != NULL, "scratch folder");
    if (!dir) CHECK_DONE();
    CHECK(mkdir(SHOTS, 0755) == 0 || errno == EEXIST, "create %s", SHOTS);

    flow("en", 1280, 720, 0);
    flow("en", 800, 600, 1);
    flow("it", 1280, 720, 0);
    flow("it", 800, 600, 2);
    proposals();
    reopen(dir);

    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    CHECK_DONE();
}
