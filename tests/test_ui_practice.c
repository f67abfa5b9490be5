/* test_ui_practice.c - the everyday practice loop as a newcomer meets it
 * (issue 10), headless as test_ui (offscreen video, software renderer,
 * dummy audio, demo mode, an injected clock, the history in memory):
 * - "Stop this take?" stops the take: Esc at 0:06, 18 s of deciding, Keep:
 *   the take is 6 s long (one 0.1 s clock step of slack), the timer stood
 *   at the Esc moment under the question, and the grace limit (target +
 *   30 s) did not end the drill under it.
 * - Timing in words: a 30 s drill stopped at 0:12: Results' advice has
 *   "You stopped at 0:12 of 0:30", the same item as `podium analyse
 *   --target 30` gives for the take file (pd_feedback_evaluate_timed).
 * - Against your baseline in Results (a real store): five old takes at
 *   4.2 syl/s, then the sample (2.4 syl/s), then five newer takes with the
 *   sample's own figures. The sample's take opened in Results is held
 *   against the five before it ("... against 4.2", the median of 5), not
 *   the newest five (which equal it: no pace item); a new 12 s drill gets
 *   the section, a new 2 s one (under 3 s of speech) does not.
 * - Esc means back, and each key line says where: a new take's Results
 *   say "keep and go home" and Esc does that; opened from History they say
 *   "back to the history", Esc and the button (now "Back to the history")
 *   go there; opened from Home, "back home". Every screen's key line names
 *   Esc, in English and Italian. The step editor asks before Esc drops
 *   changed fields (a second Esc drops them); unchanged, Esc leaves at once.
 * - Messages of three kinds, each its colour, in a strip of their own under
 *   the screen: "Take discarded" green (done), "Nothing was recorded"
 *   yellow (warning), a takes folder that cannot be made red (error); the
 *   screen is laid out above the strip (every button of Home and Results
 *   ends above it), and a message is not carried into the drill (no strip
 *   there: the meters are uncovered).
 * - app.conf read strictly: "prep_s = ten", an unknown key, a line without
 *   '=' and an out-of-range drill_s are each named in the window (the file,
 *   the line, what is allowed; a warning) and keep their defaults: the
 *   preparation countdown stays 10 s (it was 0); good lines still apply.
 * - --data-dir in the app (pd_app_options.data_dir) as in the command line:
 *   the history's database and the takes folder are made there (the
 *   unwritable folder's case is test_ui's test_failures).
 * - Prompt cards name every problem once with its file and line: random
 *   bytes, an empty file, a part line without a colon, a fifth part, a
 *   400-character title (cut at a character, with an ellipsis, still valid
 *   UTF-8); the good cards load, the window warns naming the first problem.
 * - "Listening..." is not shown during the countdown (nothing records yet):
 *   "Not recording yet", then "Listening..." once the drill is live.
 * - The trend chart opens on pace; its axis stays inside what the metric
 *   can be (pauses per minute of 0, 0, 1, 0.5: not below 0; loudness of -3
 *   to -1 LUFS: not above 0); the dates of the first, middle and last points
 *   are under it; the duration is the share of each take's target (0:24 of
 *   0:30 = 80 %, 0:59 of 1:00 = 98.3 %), its band 66.7-100 %.
 *
 * Usage: test_ui_practice ASSETS_DIR */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"
#include "fake_report.h"
#include "podium/audio_file.h"
#include "podium/store.h"
#include "ui.h"
#include "ui_harness.h"
#include "ladder_internal.h"

static void frames(pd_app *app, int n)
{
    for (int i = 0; i < n; i++) pd_app_frame(app);
}

static pd_app *open_app_at(vclock *vc, const char *lang, int w, int h)
{
    pd_app_options o = { .demo = 1, .lang = lang, .width = w, .height = h, .hidden = 1,
                         .clock = vnow, .clock_ctx = vc, .history_in_memory = 1 };
    pd_app *app = NULL;
    char err[400];
    CHECK(pd_app_create(&o, &app, err, sizeof err) == 0, "app: %s", err);
    return app;
}

static pd_app *open_app(vclock *vc, const char *lang)
{
    return open_app_at(vc, lang, 1280, 720);
}

/* Home -> a live drill of target_s (the preparation skipped). */
static void start_drill(pd_app *app, vclock *vc, int target_s)
{
    app->drill_s = target_s;
    frames(app, 1);
    ui_focus_set(&app->home.focus, HOME_START);
    push_key(SDLK_RETURN, 0);
    frames(app, 1);
    push_key(SDLK_SPACE, 0);
    frames(app, 1);
    CHECK(app->screen_id == PD_DRILL && app->drill.phase == DRILL_LIVE, "a live drill (screen %d)",
          app->screen_id);
    (void)vc;
}

/* The colour c under the stop dialog's shade (black at alpha 170). */
static SDL_Color shaded(SDL_Color c)
{
    return (SDL_Color){ (Uint8)(c.r * 85 / 255), (Uint8)(c.g * 85 / 255), (Uint8)(c.b * 85 / 255), 255 };
}

static int near4(SDL_Color a, SDL_Color b)
{
    return abs(a.r - b.r) <= 4 && abs(a.g - b.g) <= 4 && abs(a.b - b.b) <= 4;
}

/* Defect 2: Esc at 0:06 on a 30 s drill, the question open until 1:10
 * (past the 30 s target + 30 s grace), then Keep. */
static void test_stop_cuts_take(void)
{
    vclock vc = { 100.0 };
    pd_app *app = open_app(&vc, "en");
    if (!app) return;
    start_drill(app, &vc, 30);
    double live0 = app->drill.live_start_s;
    run_to(app, &vc, live0 + 6.0, 0.1);
    push_key(SDLK_ESCAPE, 0);
    frames(app, 1);
    CHECK(app->drill.phase == DRILL_ASK_STOP, "Esc asks");
    run_to(app, &vc, live0 + 24.0, 0.1);   /* 18 s of deciding: the timer would be green */
    SDL_Rect tb = app->drill.timer_box;
    SDL_Color got = pd_app_pixel(app, tb.x + 3, tb.y + 3);
    SDL_Color want = shaded(app->th.neutral);
    CHECK(near4(got, want), "under the question the timer stands at 0:06 (no signal): %d,%d,%d, want %d,%d,%d",
          got.r, got.g, got.b, want.r, want.g, want.b);
    run_to(app, &vc, live0 + 70.0, 0.1);   /* past target + grace */
    CHECK(app->screen_id == PD_DRILL && app->drill.phase == DRILL_ASK_STOP,
          "the grace limit does not end the drill under the question (screen %d, phase %d)",
          app->screen_id, app->drill.phase);
    CHECK(ui_focus_id(&app->drill.focus) == DRILL_KEEP, "Keep is focused");
    push_key(SDLK_RETURN, 0);
    frames(app, 1);
    CHECK(app->screen_id == PD_RESULTS, "Keep: Results (screen %d)", app->screen_id);
    wait_analysed(app, &app->results.phase);
    CHECK(SDL_AtomicGet(&app->results.phase) == RES_READY, "analysed: %s", app->results.err);
    if (SDL_AtomicGet(&app->results.phase) == RES_READY)
        CHECK_NEAR(app->results.tk.report->duration_s, 6.0, 0.11, "the take ends at the Esc moment");
    pd_app_destroy(app);
}

static const pd_feedback_item *timing_item(const pd_report *r)
{
    for (size_t i = 0; i < r->n_feedback; i++)
        if (strncmp(r->feedback[i].id, "time_", 5) == 0) return &r->feedback[i];
    return NULL;
}

/* Defect 3: a 30 s drill stopped at 0:12 with Space. */
static void test_timing_words(void)
{
    vclock vc = { 100.0 };
    pd_app *app = open_app(&vc, "en");
    if (!app) return;
    start_drill(app, &vc, 30);
    run_to(app, &vc, app->drill.live_start_s + 12.0, 0.1);
    push_key(SDLK_SPACE, 0);
    frames(app, 1);
    CHECK(app->screen_id == PD_RESULTS, "Space: Results");
    wait_analysed(app, &app->results.phase);
    CHECK(SDL_AtomicGet(&app->results.phase) == RES_READY, "analysed: %s", app->results.err);
    if (SDL_AtomicGet(&app->results.phase) != RES_READY) {
        pd_app_destroy(app);
        return;
    }
    const pd_feedback_item *it = timing_item(app->results.tk.report);
    CHECK(it && strcmp(it->id, "time_short") == 0 && strstr(it->message, "You stopped at 0:12 of 0:30"),
          "Results: stopped early, in words (%s: %s)", it ? it->id : "none", it ? it->message : "");
    frames(app, 2);
    CHECK(app->text_overflows == 0, "Results with the timing advice: %d texts cut", app->text_overflows);
    /* the command line's evaluation of the same file */
    pd_analysis_config cfg;
    pd_analysis_config_init(&cfg, "en");
    pd_report *rep = NULL;
    char err[600];
    CHECK(pd_analyse_file(app->take_path, &cfg, &rep, err, sizeof err) == 0, "analyse: %s", err);
    if (rep) {
        pd_feedback_bounds b;
        pd_feedback_bounds_init(&b);
        pd_feedback_evaluate_timed(rep, &b, 30, "en");
        const pd_feedback_item *cli = timing_item(rep);
        CHECK(it && cli && strcmp(it->message, cli->message) == 0, "the same words: '%s' / '%s'",
              it ? it->message : "", cli ? cli->message : "");
        pd_report_destroy(rep);
    }
    pd_app_destroy(app);
}

static int has_item(const pd_feedback_item *it, int n, const char *id, const char *words)
{
    for (int i = 0; i < n; i++)
        if (strcmp(it[i].id, id) == 0 && (!words || strstr(it[i].message, words))) return 1;
    return 0;
}

/* A new drill of len_s on a 30 s target, ended with Space: Results, analysed. */
static void new_take(pd_app *app, vclock *vc, double len_s)
{
    start_drill(app, vc, 30);
    run_to(app, vc, app->drill.live_start_s + len_s, 0.1);
    push_key(SDLK_SPACE, 0);
    frames(app, 1);
    wait_analysed(app, &app->results.phase);
    frames(app, 1);
}

/* Defect 5. */
static void test_baseline_in_results(const char *assets, const char *dir)
{
    char data[700], sample[700], err[900];
    snprintf(data, sizeof data, "%s/base-data", dir);
    snprintf(sample, sizeof sample, "%s/sample_en_jfk_ask_not.wav", assets);
    setenv("PODIUM_DATA_DIR", data, 1);
    pd_store_options so;
    pd_store_options_init(&so);
    so.data_dir = data;
    pd_store *st = NULL;
    CHECK(pd_store_open(&so, &st, err, sizeof err) == PD_STORE_OK, "store: %s", err);
    if (!st) return;
    pd_analysis_config cfg;
    pd_analysis_config_init(&cfg, "en");
    pd_report *srep = NULL;
    CHECK(pd_analyse_file(sample, &cfg, &srep, err, sizeof err) == 0, "the sample: %s", err);
    if (!srep) {
        pd_store_close(st);
        return;
    }
    int64_t ids[11];
    for (int i = 0; i < 11; i++) {
        pd_report fake;
        fake_report(&fake, 4.2, 0.0, 2.0, -23.0);
        pd_take_meta meta;
        pd_take_meta_init(&meta);
        meta.recorded_at = 1700000000 + 86400 * (int64_t)i;
        meta.target_s = 30;
        CHECK(pd_store_add(st, &meta, i == 5 ? sample : NULL, i < 5 ? &fake : srep, &ids[i]) == PD_STORE_OK,
              "add take %d: %s", i, pd_store_errmsg(st));
    }
    pd_report_destroy(srep);
    pd_store_close(st);

    vclock vc = { 100.0 };
    pd_app_options o = { .demo = 1, .lang = "en", .width = 1280, .height = 720, .hidden = 1,
                         .clock = vnow, .clock_ctx = &vc };
    pd_app *app = NULL;
    CHECK(pd_app_create(&o, &app, err, sizeof err) == 0, "app: %s", err);
    if (!app) return;
    frames(app, 1);
    pd_take_summary ts;
    CHECK(app->history->get(app->history, ids[5], &ts) == 0, "the sample's take");
    pd_app_open_take(app, &ts, PD_HOME);
    frames(app, 1);
    wait_analysed(app, &app->results.phase);
    frames(app, 1);
    results_state *r = &app->results;
    CHECK(app->screen_id == PD_RESULTS && SDL_AtomicGet(&r->phase) == RES_READY, "opened in Results: %s", r->err);
    CHECK(r->base_takes == 5 && r->base_n > 0, "against the median of the 5 takes before it (%d takes, %d items)",
          r->base_takes, r->base_n);
    CHECK(has_item(r->base, r->base_n, "baseline_speech_rate_syl_s", "against 4.2"),
          "slower than the usual of its time (4.2 syl/s): %s", r->base_n > 0 ? r->base[0].message : "none");
    CHECK(app->text_overflows == 0, "Results with the baseline: %d texts cut", app->text_overflows);
    push_key(SDLK_ESCAPE, 0);
    frames(app, 2);

    new_take(app, &vc, 12.0);   /* a new take: the current baseline (the newest five) */
    CHECK(app->screen_id == PD_RESULTS && r->base_takes == 5 && r->base_n >= 0,
          "a new 12 s take: against the newest 5 (%d takes, %d items)", r->base_takes, r->base_n);
    CHECK(!has_item(r->base, r->base_n, "baseline_speech_rate_syl_s", "against 4.2"),
          "the newest five are not the old ones");
    ui_focus_set(&r->focus, RES_DISCARD);
    push_key(SDLK_RETURN, 0);
    push_key(SDLK_RETURN, 0);
    frames(app, 2);
    new_take(app, &vc, 2.0);
    CHECK(app->screen_id == PD_RESULTS && SDL_AtomicGet(&r->phase) == RES_READY && r->base_n == -1,
          "a 2 s take (%.1f s of speech): no baseline advice (%d items)",
          r->tk.report ? r->tk.report->speech_end_s - r->tk.report->speech_start_s : -1.0, r->base_n);
    pd_app_destroy(app);
    unsetenv("PODIUM_DATA_DIR");
}

/* Defect 11. */
static void test_esc_means_back(void)
{
    vclock vc = { 100.0 };
    pd_app *app = open_app(&vc, "en");
    if (!app) return;
    new_take(app, &vc, 8.0);
    CHECK(app->screen_id == PD_RESULTS && ui_results_keys(app) == S_KEYS_RESULTS &&
              ui_results_keep_label(app) == S_KEEP,
          "a new take: Keep, 'Esc: keep and go home'");
    push_key(SDLK_ESCAPE, 0);
    frames(app, 2);
    pd_take_summary ts[2];
    CHECK(app->screen_id == PD_HOME && app->history->recent(app->history, ts, 2) == 1, "Esc: kept, Home");
    push_key(SDLK_h, 0);
    frames(app, 2);
    push_key(SDLK_RETURN, 0);   /* open it from History */
    frames(app, 2);
    wait_analysed(app, &app->results.phase);
    CHECK(app->screen_id == PD_RESULTS && app->open_take_id != 0, "opened from History");
    CHECK(ui_results_keys(app) == S_KEYS_RESULTS_HIST && strstr(ui_tr(app, ui_results_keys(app)), "Esc: back to the history") &&
              ui_results_keep_label(app) == S_BACK_TO_HISTORY,
          "from History: the key line and the button say 'back to the history' ('%s')",
          ui_tr(app, ui_results_keys(app)));
    push_key(SDLK_ESCAPE, 0);
    frames(app, 2);
    CHECK(app->screen_id == PD_HISTORY, "Esc: back to the history (screen %d)", app->screen_id);
    push_key(SDLK_RETURN, 0);
    frames(app, 2);
    wait_analysed(app, &app->results.phase);
    ui_focus_set(&app->results.focus, RES_KEEP);
    push_key(SDLK_RETURN, 0);
    frames(app, 2);
    CHECK(app->screen_id == PD_HISTORY && app->history->recent(app->history, ts, 2) == 1,
          "the button: back to the history, the take still there (screen %d)", app->screen_id);
    push_key(SDLK_ESCAPE, 0);
    frames(app, 2);
    CHECK(app->screen_id == PD_HOME, "History: Esc goes home");
    ui_focus_set(&app->home.focus, HOME_RECENT0);
    push_key(SDLK_RETURN, 0);
    frames(app, 2);
    wait_analysed(app, &app->results.phase);
    CHECK(app->screen_id == PD_RESULTS && ui_results_keys(app) == S_KEYS_RESULTS_HOME &&
              ui_results_keep_label(app) == S_BACK,
          "from Home: 'Esc: back home', the button 'Back'");
    push_key(SDLK_ESCAPE, 0);
    frames(app, 2);
    CHECK(app->screen_id == PD_HOME, "Esc: Home");

    /* every key line names Esc */
    static const pd_str lines[] = { S_KEYS_HOME, S_PREP_HINT, S_KEYS_DRILL, S_KEYS_RESULTS, S_KEYS_RESULTS_HIST,
                                    S_KEYS_RESULTS_HOME, S_HIST_KEYS, S_CMP_KEYS, S_LAD_KEYS, S_LAD_EDIT_KEYS,
                                    S_LAD_BUILD_KEYS, S_PRG_KEYS, S_XS_KEYS, S_XS_KEYS_RATE, S_XS_KEYS_PREP };
    for (int l = 0; l < 2; l++)
        for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
            const char *s = (l ? pd_strings_it : pd_strings_en)[lines[i]];
            CHECK(strstr(s, "Esc") != NULL, "%s key line %zu names Esc: '%s'", l ? "it" : "en", i, s);
        }

    /* the step editor: Esc asks before changed fields are dropped */
    CHECK(pd_app_load_ladder(app) == 0 && app->ladder.n > 0, "the ladder");
    pd_app_switch(app, PD_LADDER);
    frames(app, 2);
    ladder_state *L = &app->lad;
    ladder_edit_begin(app, 0);
    frames(app, 1);
    push_key(SDLK_ESCAPE, 0);
    frames(app, 1);
    CHECK(L->mode == LADM_LIST, "unchanged: Esc leaves the editor at once");
    ladder_edit_begin(app, 0);
    int reps = app->ladder.step[0].reps;
    L->edit.reps = reps == 1 ? 2 : 1;   /* a field changed */
    push_key(SDLK_ESCAPE, 0);
    frames(app, 1);
    CHECK(L->mode == LADM_EDIT && strstr(L->err, "Unsaved changes"), "changed: Esc asks first ('%s')", L->err);
    CHECK(app->text_overflows == 0, "the question fits (%d cut)", app->text_overflows);
    push_key(SDLK_ESCAPE, 0);
    frames(app, 1);
    CHECK(L->mode == LADM_LIST && app->ladder.step[0].reps == reps, "Esc again: dropped (%d reps)",
          app->ladder.step[0].reps);
    pd_app_destroy(app);
}

/* The message strip: its kind, its colour at the bottom row, and every
 * widget of focus list f above it. */
static void check_strip(pd_app *app, const ui_focus *f, pd_msg_kind kind, SDL_Color want, const char *what)
{
    CHECK(app->banner[0] && app->banner_kind == kind, "%s: a message of kind %d (%d: '%s')", what, kind,
          app->banner_kind, app->banner);
    CHECK(app->h < app->out_h, "%s: the screen ends above the strip (%d of %d)", what, app->h, app->out_h);
    SDL_Color got = pd_app_pixel(app, 2, app->out_h - 2);
    CHECK(near_color(got, want), "%s: strip colour %d,%d,%d, want %d,%d,%d", what, got.r, got.g, got.b, want.r,
          want.g, want.b);
    for (int i = 0; f && i < f->n; i++)
        CHECK(f->w[i].r.y + f->w[i].r.h <= app->h, "%s: widget %d (y %d..%d) above the strip at %d", what,
              f->w[i].id, f->w[i].r.y, f->w[i].r.y + f->w[i].r.h, app->h);
    CHECK(app->text_overflows == 0, "%s: %d texts cut", what, app->text_overflows);
}

/* Defect 10. */
static void test_messages(int w, int h)
{
    vclock vc = { 100.0 };
    pd_app_options o = { .demo = 1, .lang = "en", .width = w, .height = h, .hidden = 1,
                         .clock = vnow, .clock_ctx = &vc, .history_in_memory = 1 };
    pd_app *app = NULL;
    char err[400];
    CHECK(pd_app_create(&o, &app, err, sizeof err) == 0, "app: %s", err);
    if (!app) return;
    /* done: a discarded take */
    start_drill(app, &vc, 30);
    run_to(app, &vc, vc.t + 3.0, 0.1);
    push_key(SDLK_ESCAPE, 0);
    frames(app, 1);
    ui_focus_set(&app->drill.focus, DRILL_DISCARD);
    push_key(SDLK_RETURN, 0);
    frames(app, 2);
    CHECK(app->screen_id == PD_HOME, "discarded: Home");
    check_strip(app, &app->home.focus, PD_MSG_DONE, app->th.green, "Take discarded");
    /* not carried into the drill */
    ui_focus_set(&app->home.focus, HOME_START);
    push_key(SDLK_RETURN, 0);
    frames(app, 2);
    CHECK(app->screen_id == PD_DRILL && !app->banner[0] && app->h == app->out_h,
          "the drill starts with no message over it (h %d of %d, '%s')", app->h, app->out_h, app->banner);
    /* warning: kept with nothing recorded (Esc at once, Keep) */
    push_key(SDLK_SPACE, 0);
    frames(app, 1);
    push_key(SDLK_ESCAPE, 0);
    frames(app, 1);
    push_key(SDLK_RETURN, 0);
    frames(app, 2);
    CHECK(app->screen_id == PD_HOME, "nothing recorded: Home (screen %d)", app->screen_id);
    check_strip(app, &app->home.focus, PD_MSG_WARNING, app->th.yellow, "Nothing was recorded");
    /* error: a takes folder that cannot be made */
    char takes[sizeof app->takes_dir];
    snprintf(takes, sizeof takes, "%s", app->takes_dir);
    snprintf(app->takes_dir, sizeof app->takes_dir, "/dev/null/takes");
    ui_focus_set(&app->home.focus, HOME_START);
    push_key(SDLK_RETURN, 0);
    frames(app, 1);
    push_key(SDLK_SPACE, 0);                  /* live: the folder is made, and cannot be */
    frames(app, 2);
    CHECK(app->screen_id == PD_HOME, "no takes folder: Home (screen %d)", app->screen_id);
    check_strip(app, &app->home.focus, PD_MSG_ERROR, app->th.red, "no takes folder");
    snprintf(app->takes_dir, sizeof app->takes_dir, "%s", takes);
    /* Results' buttons stay above a long message */
    run_to(app, &vc, vc.t + 30.0, 0.5);       /* the message has gone */
    CHECK(!(app->banner[0] && app->now_s < app->banner_until_s) && app->h == app->out_h,
          "the message goes after its time");
    new_take(app, &vc, 8.0);
    pd_app_message(app, PD_MSG_ERROR,
                   "A long message that needs more than one line at this size, to see that the buttons of the "
                   "screen stay above it and nothing is hidden under it: what failed, and what to do about it.");
    frames(app, 2);
    check_strip(app, &app->results.focus, PD_MSG_ERROR, app->th.red, "Results with a long error");
    pd_app_destroy(app);
}

/* Defect 6. */
static void test_strict_settings(const char *cfg, int w, int h)
{
    char dir[700], path[760];
    snprintf(dir, sizeof dir, "%s/podium", cfg);
    mkdir(cfg, 0700);
    mkdir(dir, 0700);
    snprintf(path, sizeof path, "%s/app.conf", dir);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL, "write %s", path);
    if (!f) return;
    fputs("# my settings\n"
          "lang = en\n"
          "prep_s = ten\n"
          "drill_s = 45\n"
          "colour = blue\n"
          "input\n"
          "drill_s = 5\n",
          f);
    fclose(f);
    vclock vc = { 100.0 };
    pd_app *app = open_app_at(&vc, NULL, w, h);
    if (app) {
        frames(app, 1);
        CHECK(app->prep_s == 10, "prep_s = ten: the default 10 s preparation is kept (%d)", app->prep_s);
        CHECK(app->drill_s == 45, "drill_s = 45 applies, drill_s = 5 is refused (%d)", app->drill_s);
        CHECK(strcmp(app->lang, "en") == 0, "lang = en applies");
        const char *b = app->banner;
        CHECK(app->banner_kind == PD_MSG_WARNING && strstr(b, "/podium/app.conf line 3 'prep_s = ten': prep_s is whole seconds, 0-120 (10 used)"),
              "the file and line 3 named with what is allowed: '%s'", b);
        CHECK(strstr(b, "; line 5 'colour = blue': unknown (lang, prep_s, drill_s, input, output, headphones, card, demo, speak_questions)"), "the unknown key named");
        CHECK(strstr(b, "; 2 more lines (see the terminal)"), "the other two counted (on stderr in full)");
        CHECK(!strstr(b, "line 2") && !strstr(b, "line 4"), "good lines not named");
        CHECK(app->text_overflows == 0 && app->h < app->out_h, "%dx%d: shown in the window, nothing cut (%d)",
              w, h, app->text_overflows);
        /* the preparation countdown is there */
        ui_focus_set(&app->home.focus, HOME_START);
        push_key(SDLK_RETURN, 0);
        frames(app, 1);
        run_to(app, &vc, vc.t + 2.0, 0.25);
        CHECK(app->screen_id == PD_DRILL && app->drill.phase == DRILL_PREP, "2 s in: still preparing (phase %d)",
              app->drill.phase);
        pd_app_destroy(app);
    }
    remove(path);
}

/* Defect 8: four takes a day apart. */
static void test_trend_chart(void)
{
    vclock vc = { 100.0 };
    pd_app *app = open_app(&vc, "en");
    if (!app) return;
    static const struct { double dur, target, ppm, lufs; } k[4] = {
        { 24, 30, 0, -3 }, { 59, 60, 0, -1 }, { 31, 30, 1, -2 }, { 45, 60, 0.5, -1.5 } };
    time_t day0 = 1764000000;
    for (int i = 0; i < 4; i++) {
        pd_take_summary t;
        memset(&t, 0, sizeof t);
        t.when = day0 + 86400 * i;
        t.target_s = k[i].target;
        t.duration_s = k[i].dur;
        t.pace_syl_s = 3.0 + 0.1 * i;
        t.pauses_per_min = k[i].ppm;
        t.loudness_lufs = k[i].lufs;
        t.f0_sd_st = 2.5;
        t.filled_per_100w = 0;
        snprintf(t.lang, sizeof t.lang, "en");
        CHECK(app->history->add(app->history, &t, NULL) == 0, "add take %d", i);
    }
    frames(app, 1);
    push_key(SDLK_h, 0);
    frames(app, 2);
    history_state *h = &app->hist;
    CHECK(app->screen_id == PD_HISTORY && h->metric == UM_PACE && h->trend_points == 4,
          "History opens on the pace trend (metric %d, %d points)", h->metric, h->trend_points);
    CHECK(h->trend_when[0] == day0 && h->trend_when[1] == day0 + 2 * 86400 && h->trend_when[2] == day0 + 3 * 86400,
          "the dates under the axis: the first, middle and last points (%lld %lld %lld)",
          (long long)h->trend_when[0], (long long)h->trend_when[1], (long long)h->trend_when[2]);
    h->metric = UM_PAUSES;
    frames(app, 2);
    CHECK(h->trend_points == 4 && h->trend_lo >= 0 && h->trend_hi > 1, "pauses per minute: axis %.2f..%.2f, not below 0",
          h->trend_lo, h->trend_hi);
    h->metric = UM_LOUD;
    frames(app, 2);
    CHECK(h->trend_points == 4 && h->trend_hi <= 0 && h->trend_lo < -3, "loudness: axis %.2f..%.2f, not above 0 LUFS",
          h->trend_lo, h->trend_hi);
    h->metric = UM_DURATION;
    frames(app, 2);
    CHECK(h->trend_points == 4, "duration: 4 points (%d)", h->trend_points);
    static const double share[4] = { 80.0, 59.0 / 60.0 * 100.0, 31.0 / 30.0 * 100.0, 75.0 };
    for (int i = 0; i < 4 && i < h->trend_n; i++)
        CHECK_NEAR(h->trend_v[i], share[i], 1e-9, "duration as the share of its own target");
    CHECK(h->trend_lo >= 0, "duration: axis from %.1f %%, not below 0", h->trend_lo);
    CHECK(app->text_overflows == 0, "the trend with dates: %d texts cut", app->text_overflows);
    pd_app_set_size(app, 800, 600);
    frames(app, 2);
    CHECK(app->text_overflows == 0, "the trend at 800x600: %d texts cut", app->text_overflows);
    pd_app_destroy(app);
}

/* Defect 7. */
static void test_data_dir(const char *dir)
{
    char data[700], db[760], takes[760];
    snprintf(data, sizeof data, "%s/chosen-data", dir);
    snprintf(db, sizeof db, "%s/podium.db", data);
    snprintf(takes, sizeof takes, "%s/takes", data);
    vclock vc = { 100.0 };
    pd_app_options o = { .demo = 1, .lang = "en", .width = 1280, .height = 720, .hidden = 1,
                         .clock = vnow, .clock_ctx = &vc, .data_dir = data };
    pd_app *app = NULL;
    char err[400];
    CHECK(pd_app_create(&o, &app, err, sizeof err) == 0, "app: %s", err);
    if (!app) return;
    CHECK(access(db, F_OK) == 0, "--data-dir: the history is there (%s)", db);
    CHECK(strcmp(app->takes_dir, takes) == 0 && !app->takes_temp && access(takes, W_OK) == 0,
          "--data-dir: the takes folder is there ('%s')", app->takes_dir);
    pd_app_destroy(app);
    unsetenv("PODIUM_DATA_DIR");
}

static void write_file(const char *path, const char *s, size_t n)
{
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL, "write %s", path);
    if (!f) return;
    fwrite(s, 1, n, f);
    fclose(f);
}

static int count_of(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *q = strstr(hay, needle); q; q = strstr(q + 1, needle)) n++;
    return n;
}

/* Defect 12. */
static void test_prompt_problems(const char *assets, const char *cfg)
{
    char dir[700], p[800];
    snprintf(dir, sizeof dir, "%s/podium", cfg);
    mkdir(cfg, 0700);
    mkdir(dir, 0700);
    snprintf(dir, sizeof dir, "%s/podium/prompts", cfg);
    mkdir(dir, 0700);
    char junk[300];
    for (int i = 0; i < 300; i++) junk[i] = (char)((i * 37 + 11) & 0xFF);   /* random bytes, NULs among them */
    snprintf(p, sizeof p, "%s/a_random.txt", dir);
    write_file(p, junk, sizeof junk);
    snprintf(p, sizeof p, "%s/b_empty.txt", dir);
    write_file(p, "", 0);
    const char *nocolon = "My card\nWho: me\nJust a line\nWhy: because\nAsk: this\nFifth: too many\n";
    snprintf(p, sizeof p, "%s/c_nocolon.txt", dir);
    write_file(p, nocolon, strlen(nocolon));
    char longt[1200] = "";
    for (int i = 0; i < 200; i++) strcat(longt, "\xc3\xa8");    /* 200 x "e-grave": 400 bytes */
    strcat(longt, "\nWho: me\nWhat: this\n");
    snprintf(p, sizeof p, "%s/d_long.txt", dir);
    write_file(p, longt, strlen(longt));

    pd_prompt_card cards[24];
    char problems[2000];
    int n = pd_prompts_load_checked(assets, "en", dir, cards, 24, problems, sizeof problems);
    int bundled = pd_prompts_load(assets, "en", NULL, cards, 24);
    n = pd_prompts_load_checked(assets, "en", dir, cards, 24, problems, sizeof problems);
    CHECK(n == bundled + 2, "the two usable cards load (%d, bundled %d)", n, bundled);
    CHECK(count_of(problems, "a_random.txt: not a text file (UTF-8), skipped") == 1, "random bytes named once: %s", problems);
    CHECK(count_of(problems, "b_empty.txt: empty (0 bytes), skipped") == 1, "the empty file named once");
    CHECK(count_of(problems, "c_nocolon.txt line 3: no ':' between the heading and its hint") == 1,
          "the line without a colon named once");
    CHECK(count_of(problems, "c_nocolon.txt line 6: a card has four parts") == 1, "the fifth part named once");
    CHECK(count_of(problems, "d_long.txt line 1: the title is longer than") == 1, "the long title named once");
    CHECK(count_of(problems, "bundled") == 0 && count_of(problems, "1_elevator") == 0, "the bundled cards are fine");
    const pd_prompt_card *lc = n >= 1 ? &cards[n - 1] : NULL;
    size_t tl = lc ? strlen(lc->title) : 0;
    CHECK(lc && tl < sizeof lc->title && tl >= 3 && strcmp(lc->title + tl - 3, "\xe2\x80\xa6") == 0,
          "the long title ends with an ellipsis (%zu bytes)", tl);
    int whole = 1;   /* every character whole: pairs of \xc3\xa8 before the ellipsis */
    for (size_t i = 0; lc && i + 3 < tl; i += 2)
        if ((unsigned char)lc->title[i] != 0xC3 || (unsigned char)lc->title[i + 1] != 0xA8) whole = 0;
    CHECK(whole && tl % 2 == 1, "cut at a character, not mid-letter");
    const pd_prompt_card *nc = n >= 2 ? &cards[n - 2] : NULL;
    CHECK(nc && strcmp(nc->heading[1], "Just a line") == 0 && !nc->hint[1][0] && strcmp(nc->heading[3], "Ask") == 0,
          "the colon-less line is a heading alone; four parts kept");

    vclock vc = { 100.0 };
    pd_app *app = open_app(&vc, "en");
    if (app) {
        frames(app, 1);
        CHECK(app->n_cards == bundled + 2, "the app has the usable cards (%d)", app->n_cards);
        CHECK(app->banner_kind == PD_MSG_WARNING && strstr(app->banner, "Prompt card ") &&
                  strstr(app->banner, "a_random.txt: not a text file") && strstr(app->banner, "4 more (see the terminal)"),
              "the window names the first problem and counts the others: '%s'", app->banner);
        CHECK(app->text_overflows == 0, "the warning fits (%d cut)", app->text_overflows);
        pd_app_destroy(app);
    }
    char cmd[800];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0, "clean up the cards");
}

/* The newcomer's list: the voice panel during the countdown. */
static void test_not_listening_yet(void)
{
    vclock vc = { 100.0 };
    pd_app *app = open_app(&vc, "en");
    if (!app) return;
    frames(app, 1);
    ui_focus_set(&app->home.focus, HOME_START);
    push_key(SDLK_RETURN, 0);
    frames(app, 2);
    run_to(app, &vc, vc.t + 1.0, 0.25);
    CHECK(app->drill.phase == DRILL_PREP && app->drill.voice_shown == S_NOT_RECORDING,
          "the countdown: 'Not recording yet' (%d)", (int)app->drill.voice_shown);
    push_key(SDLK_SPACE, 0);
    frames(app, 2);
    CHECK(app->drill.phase == DRILL_LIVE && app->drill.voice_shown == S_LISTENING,
          "live, no speech yet: 'Listening...' (%d)", (int)app->drill.voice_shown);
    CHECK(app->text_overflows_total == 0, "nothing cut (%d)", app->text_overflows_total);
    pd_app_destroy(app);
}

/* The loop between frames waits (pd_app_pace): a live drill whose frames
 * draw nothing (the injected clock stands still, so nothing changes) still
 * takes 1/60 s a frame, not a spin; an idle Home waits for input. Lower
 * bounds only (a loaded machine only makes them longer; SDL's timed waits
 * may end a millisecond early). */
static void test_pacing(void)
{
    vclock vc = { 100.0 };
    pd_app *app = open_app(&vc, "en");
    if (!app) return;
    frames(app, 3);
    double next = pd_app_mono_s(), t0 = pd_app_mono_s();
    pd_app_pace(app, &next);
    double idle = pd_app_mono_s() - t0;
    CHECK(idle >= 0.45, "Home, nothing to do: the loop waits for input (%.3f s, want 0.5)", idle);
    ui_focus_set(&app->home.focus, HOME_START);
    push_key(SDLK_RETURN, 0);
    frames(app, 1);
    push_key(SDLK_SPACE, 0);
    frames(app, 2);
    CHECK(app->drill.phase == DRILL_LIVE, "a live drill");
    int drawn = 0;
    next = t0 = pd_app_mono_s();
    for (int i = 0; i < 30; i++) {
        pd_app_frame(app);
        drawn += app->drawn;
        if (app->drawn) pd_app_present(app);
        pd_app_pace(app, &next);
    }
    double took = pd_app_mono_s() - t0;
    CHECK(drawn < 30, "the standing drill's frames draw nothing new (%d of 30 drawn)", drawn);
    /* 1/60 s each (0.5 s); a spinning loop takes a few ms for all 30 */
    CHECK(took >= 30 * 0.014, "30 frames of a live drill take about 1/60 s each (%.3f s, want 0.5)", took);
    pd_app_destroy(app);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_ui_practice ASSETS_DIR\n");
        return 2;
    }
    char cfg[600];
    char *dir = ui_test_headless(argv[1], "practice", cfg, sizeof cfg);
    CHECK(dir != NULL, "scratch folder");
    if (!dir) CHECK_DONE();

    test_stop_cuts_take();
    test_timing_words();
    test_baseline_in_results(argv[1], dir);
    test_esc_means_back();
    test_messages(1280, 720);
    test_messages(800, 600);
    test_not_listening_yet();
    test_pacing();
    test_prompt_problems(argv[1], cfg);
    test_trend_chart();
    test_data_dir(dir);
    test_strict_settings(cfg, 1280, 720);
    test_strict_settings(cfg, 800, 600);

    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    CHECK_DONE();
}
