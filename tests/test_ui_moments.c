/* test_ui_moments.c - advice tied to moments in Results, the units legend,
 * and Compare's duration against each take's own target (issue 10, "what a
 * newcomer also expects"); headless as test_ui (offscreen video, software
 * renderer, dummy audio, demo mode, an injected clock, the history in
 * memory).
 * - A demo drill of 40 s on a 30 s target: the "time_over" advice is about
 *   0:30-0:40 (pd_feedback_item.moment) and has a play bullet. Down
 *   highlights it (the waveform shows its span in the focus colour), Enter
 *   replays from 1 s before it (UI_MOMENT_LEAD_S): the replay starts at
 *   29.0 s to the frame, and the position read next lies between that start
 *   (less a frame: the player starts on a whole frame) and the moment's end (the dummy audio driver consumes the queue in real
 *   time, so only that window is asserted, not a time). Tab reaches the same
 *   item; a click on it jumps too; Up from the buttons goes to the last.
 * - A long pause in real speech: the bundled sample with 3.0 s of silence
 *   put into its pause nearest 5 s, kept in the history and opened from
 *   Home. The long_pauses advice is about that pause: its edges are the
 *   sample's own pause edges (found by the same analysis of the sample
 *   alone), the end moved by the 3.0 s put in, within 0.1 s (the adaptive
 *   pause threshold moves with the take's level statistics, which the
 *   silence changes a little); Enter replays from 1 s before its start.
 * - The units legend ("syl/s = syllables per second") is drawn, and nothing
 *   is cut, in English and Italian at 1280x720 and 800x600.
 * - Compare: a 0:28 take on a 30 s target against a 0:58 one on a 60 s
 *   target is "about the same" (each 2 s short of its own target); held
 *   against one target either would be 30 s off. The Compare screen reads
 *   each take's own target from the history. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sndfile.h>
#include "check.h"
#include "podium/audio_file.h"
#include "podium/feedback.h"
#include "ui_harness.h"

static void frames(pd_app *app, int n)
{
    for (int i = 0; i < n; i++) pd_app_frame(app);
}

static pd_app *open_app(vclock *vc, const char *lang, int w, int h)
{
    pd_app_options o = { .demo = 1, .lang = lang, .width = w, .height = h, .hidden = 1,
                         .clock = vnow, .clock_ctx = vc, .history_in_memory = 1 };
    pd_app *app = NULL;
    char err[400];
    CHECK(pd_app_create(&o, &app, err, sizeof err) == 0, "app: %s", err);
    return app;
}

/* Home -> Start -> Space (the preparation skipped): a live demo drill */
static void start_live(pd_app *app)
{
    frames(app, 1);
    ui_focus_set(&app->home.focus, HOME_START);
    push_key(SDLK_RETURN, 0);
    frames(app, 1);
    push_key(SDLK_SPACE, 0);
    frames(app, 1);
}

static int item_index(const pd_report *r, const char *id)
{
    for (size_t i = 0; i < r->n_feedback; i++)
        if (strcmp(r->feedback[i].id, id) == 0) return (int)i;
    return -1;
}

static void test_choose_moment(const char *lang, int w, int h)
{
    vclock vc = { 100.0 };
    pd_app *app = open_app(&vc, lang, w, h);
    if (!app) return;
    app->drill_s = 30;
    start_live(app);
    CHECK(app->screen_id == PD_DRILL && app->drill.phase == DRILL_LIVE, "%s: a live drill", lang);
    run_to(app, &vc, app->drill.live_start_s + 40.0, 0.1);
    push_key(SDLK_SPACE, 0);
    frames(app, 1);
    results_state *r = &app->results;
    wait_analysed(app, &r->phase);
    CHECK(SDL_AtomicGet(&r->phase) == RES_READY, "%s: analysed: %s", lang, r->err);
    if (SDL_AtomicGet(&r->phase) != RES_READY) {
        pd_app_destroy(app);
        return;
    }
    frames(app, 2);
    const pd_report *rep = r->tk.report;
    int k = item_index(rep, "time_over");
    CHECK(k >= 0, "%s: 40 s of a 30 s target: time_over advice", lang);
    if (k < 0) {
        pd_app_destroy(app);
        return;
    }
    const pd_interval m = rep->feedback[k].moment;
    /* the take is what the clock let through: 40 s +/- one 0.1 s step */
    CHECK(fabs(m.start_s - 30.0) < 1e-9 && fabs(m.end_s - rep->duration_s) < 1e-9 && fabs(m.end_s - 40.0) < 0.11,
          "%s: its moment is 0:30 to the end (%.2f-%.2f)", lang, m.start_s, m.end_s);
    int listed = 0;
    for (int i = 0; i < r->n_moments; i++) listed |= r->moment_item[i] == k;
    CHECK(listed, "%s: drawn as advice about a moment (%d listed)", lang, r->n_moments);
    CHECK(app->text_overflows == 0, "%s %dx%d: Results with the legend and hint: %d texts cut", lang, w, h,
          app->text_overflows);

    SDL_Rect wb = r->wave_box;
    double D = ui_take_duration(&r->tk);
    int x0 = wb.x + (int)(m.start_s / D * wb.w), y = wb.y + wb.h / 2;
    CHECK(!near_color(pd_app_pixel(app, x0, y), app->th.focus), "%s: no moment shown before one is chosen", lang);
    /* Down: the first advice about a moment (the only one here) */
    push_key(SDLK_DOWN, 0);
    frames(app, 1);
    CHECK(ui_focus_id(&r->focus) == RES_ADVICE + r->moment_item[0], "%s: Down highlights the advice (focus %d)",
          lang, ui_focus_id(&r->focus));
    CHECK(near_color(pd_app_pixel(app, x0, y), app->th.focus), "%s: the waveform shows where it starts", lang);
    push_key(SDLK_RETURN, 0);
    frames(app, 1);
    const double from = m.start_s - UI_MOMENT_LEAD_S;
    CHECK(r->moment_chosen == k, "%s: Enter chose it (%d)", lang, r->moment_chosen);
    CHECK(r->player.dev != 0 && r->player.playing, "%s: the replay plays", lang);
    CHECK(r->player.rate > 0 && labs((long)r->player.start_frame - lround(from * r->player.rate)) <= 1,
          "%s: the replay starts %.1f s before the moment (at %.3f s)", lang, UI_MOMENT_LEAD_S,
          r->player.rate ? (double)r->player.start_frame / r->player.rate : -1.0);
    double pos = ui_player_position(&r->player);
    CHECK(pos >= from - 1.5 / r->player.rate && pos <= m.end_s, "%s: the cursor is in the moment's replay (%.2f s)", lang, pos);

    /* the mouse: stop, then a click on the advice */
    ui_player_stop(&r->player);
    ui_player_play_from(&r->player, 2.0);
    ui_player_stop(&r->player);
    r->moment_chosen = -1;
    ui_focus_set(&r->focus, RES_PLAY);
    frames(app, 1);
    push_click(r->moment_box[0]);
    frames(app, 1);
    CHECK(r->moment_chosen == k && labs((long)r->player.start_frame - lround(from * r->player.rate)) <= 1,
          "%s: a click on the advice jumps there (%.3f s)", lang, (double)r->player.start_frame / r->player.rate);
    /* Tab from Play: keep, discard, again, then the advice */
    ui_focus_set(&r->focus, RES_PLAY);
    for (int i = 0; i < 4; i++) push_key(SDLK_TAB, 0);
    frames(app, 1);
    CHECK(ui_focus_id(&r->focus) == RES_ADVICE + k, "%s: Tab reaches the advice (focus %d)", lang,
          ui_focus_id(&r->focus));
    /* Up from a button: the last advice about a moment */
    ui_focus_set(&r->focus, RES_KEEP);
    push_key(SDLK_UP, 0);
    frames(app, 1);
    CHECK(ui_focus_id(&r->focus) == RES_ADVICE + r->moment_item[r->n_moments - 1], "%s: Up: the last one", lang);
    CHECK(app->text_overflows_total == 0, "%s %dx%d: nothing cut (%d)", lang, w, h, app->text_overflows_total);
    pd_app_destroy(app);
}

static void test_long_pause(const char *assets, const char *dir)
{
    char sample[700], path[700], err[400];
    snprintf(sample, sizeof sample, "%s/sample_en_jfk_ask_not.wav", assets);
    snprintf(path, sizeof path, "%s/long-pause.wav", dir);
    float *x = NULL;
    size_t nfr = 0;
    int rate = 0, ch = 0;
    CHECK(pd_read_file(sample, &x, &nfr, &rate, &ch, err, sizeof err) == 0 && ch == 1, "the sample: %s", err);
    pd_analysis_config cfg;
    pd_analysis_config_init(&cfg, "en");
    pd_report *orig = NULL;
    CHECK(x && pd_analyse_buffer(&cfg, x, nfr, rate, 1, &orig) == PD_OK && orig && orig->n_pauses > 0,
          "the sample's own pauses");
    if (!x || !orig || !orig->n_pauses) {
        free(x);
        pd_report_destroy(orig);
        return;
    }
    size_t pi = 0;   /* the pause nearest 5 s */
    for (size_t i = 1; i < orig->n_pauses; i++)
        if (fabs(orig->pauses[i].start_s - 5.0) < fabs(orig->pauses[pi].start_s - 5.0)) pi = i;
    const pd_interval p0 = orig->pauses[pi];
    pd_report_destroy(orig);
    const double added = 3.0;
    size_t at = (size_t)(0.5 * (p0.start_s + p0.end_s) * rate), gap = (size_t)(added * rate);
    float *y = calloc(nfr + gap, sizeof *y);
    if (!y) {
        free(x);
        return;
    }
    memcpy(y, x, at * sizeof *y);
    memcpy(y + at + gap, x + at, (nfr - at) * sizeof *y);
    free(x);
    SF_INFO si = { .samplerate = rate, .channels = 1, .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16 };
    SNDFILE *sf = sf_open(path, SFM_WRITE, &si);
    CHECK(sf && sf_writef_float(sf, y, (sf_count_t)(nfr + gap)) == (sf_count_t)(nfr + gap),
          "write %s", path);
    if (sf) sf_close(sf);
    free(y);

    vclock vc = { 100.0 };
    pd_app *app = open_app(&vc, "en", 1280, 720);
    if (!app) return;
    pd_take_summary t;
    memset(&t, 0, sizeof t);
    t.when = 1764000000;
    t.duration_s = (double)(nfr + gap) / rate;
    snprintf(t.path, sizeof t.path, "%s", path);
    snprintf(t.lang, sizeof t.lang, "en");
    CHECK(app->history->add(app->history, &t, NULL) == 0, "the take kept");
    frames(app, 1);
    pd_app_open_take(app, &t, PD_HOME);
    frames(app, 1);
    results_state *r = &app->results;
    wait_analysed(app, &r->phase);
    frames(app, 1);
    CHECK(app->screen_id == PD_RESULTS && SDL_AtomicGet(&r->phase) == RES_READY, "Results: %s", r->err);
    int k = SDL_AtomicGet(&r->phase) == RES_READY ? item_index(r->tk.report, "long_pauses") : -1;
    CHECK(k >= 0, "a long pause is advised on");
    if (k >= 0) {
        const pd_interval m = r->tk.report->feedback[k].moment;
        CHECK_NEAR(m.start_s, p0.start_s, 0.1, "the long pause starts where the sample's pause did");
        CHECK_NEAR(m.end_s, p0.end_s + added, 0.1, "and ends 3.0 s later than it did");
        char at_s[16];
        snprintf(at_s, sizeof at_s, "at 0:%02d", (int)floor(m.start_s));
        CHECK(strstr(r->tk.report->feedback[k].message, at_s) != NULL, "the advice names %s: %s", at_s,
              r->tk.report->feedback[k].message);
        push_key(SDLK_DOWN, 0);   /* the only advice about a moment here */
        push_key(SDLK_RETURN, 0);
        frames(app, 1);
        CHECK(r->moment_chosen == k, "Down, Enter: the long pause chosen (%d)", r->moment_chosen);
        double from = m.start_s - UI_MOMENT_LEAD_S;
        CHECK(r->player.dev != 0 && labs((long)r->player.start_frame - lround(from * r->player.rate)) <= 1,
              "the replay starts 1 s before the pause (%.3f s, want %.3f)",
              r->player.rate ? (double)r->player.start_frame / r->player.rate : -1.0, from);
        double pos = ui_player_position(&r->player);
        CHECK(pos >= from - 1.5 / r->player.rate && pos <= m.end_s, "the cursor is in the pause's replay (%.2f s in %.2f-%.2f)", pos, from, m.end_s);
    }
    pd_app_destroy(app);
}

/* A microphone that lost input: the demo source's finish wrapped so that,
 * as the recorder does (recorder.c: lost input filled with silence, its
 * spans in the stats, mic_source.c hands them over), the take holds 0.6 s
 * of silence where the source says it lost input. With `played`, a sound
 * Podium played is also left out (as drill_distract.c does before the
 * source finishes). */
static int (*demo_finish)(pd_live_source *, char *, size_t);
static pd_app *lossy_app;
static double lost_a, lost_b;
static int lossy_played;

static int lossy_finish(pd_live_source *s, char *err, size_t err_len)
{
    int rc = demo_finish(s, err, err_len);
    SF_INFO fi;
    memset(&fi, 0, sizeof fi);
    SNDFILE *f = sf_open(lossy_app->take_path, SFM_RDWR, &fi);
    if (f) {
        sf_count_t a = (sf_count_t)llround(lost_a * fi.samplerate), n = (sf_count_t)llround((lost_b - lost_a) * fi.samplerate);
        short *z = calloc((size_t)(n * fi.channels), sizeof *z);
        if (z && sf_seek(f, a, SEEK_SET) == a) sf_writef_short(f, z, n);
        free(z);
        sf_close(f);
    }
    s->n_lost = 1;
    s->lost_s[0][0] = lost_a;
    s->lost_s[0][1] = lost_b;
    if (lossy_played) {
        lossy_app->take_exclude[0] = (pd_interval){ 1.0, 1.5 };
        lossy_app->n_take_exclude = 1;
    }
    return rc;
}

/* Lost input in Results: left out of the analysis (no nucleus in it, no
 * pause in it: with speech on both sides a sounding stretch goes on
 * through it), while
 * the same take analysed without it counts the silence as a pause; one
 * warning names how much was lost; the waveform's legend says what was
 * left out; kept and opened again from the history (in memory, or in a
 * real store: store_history.c, schema 7's lost_input), the same. */
static void test_lost_input(const char *assets, const char *lang, int w, int h, int played, const char *store_dir)
{
    char sample[700], err[400];
    snprintf(sample, sizeof sample, "%s/sample_en_jfk_ask_not.wav", assets);
    float *x = NULL;
    size_t nfr = 0;
    int rate = 0, ch = 0;
    CHECK(pd_read_file(sample, &x, &nfr, &rate, &ch, err, sizeof err) == 0 && ch == 1, "the sample: %s", err);
    pd_analysis_config cfg;
    pd_analysis_config_init(&cfg, "en");
    pd_report *orig = NULL;
    CHECK(x && pd_analyse_buffer(&cfg, x, nfr, rate, 1, &orig) == PD_OK && orig, "the sample analysed");
    free(x);
    /* the span: inside the sample's first sounding stretch of 1.2 s or more
     * (the demo take starts with the sample) */
    lost_a = -1;
    for (size_t i = 0; orig && i < orig->n_segments && lost_a < 0; i++)
        if (orig->segments[i].end_s - orig->segments[i].start_s >= 1.2 && orig->segments[i].start_s > 1.6)
            lost_a = orig->segments[i].start_s + 0.3;
    pd_report_destroy(orig);
    CHECK(lost_a > 0, "a sounding stretch of 1.2 s in the sample");
    if (lost_a < 0) return;
    lost_b = lost_a + 0.6;
    lossy_played = played;

    vclock vc = { 100.0 };
    pd_app *app = NULL;
    if (store_dir) {   /* the history in a real store (SQLite), not in memory */
        pd_app_options o = { .demo = 1, .lang = lang, .width = w, .height = h, .hidden = 1,
                             .clock = vnow, .clock_ctx = &vc, .data_dir = store_dir };
        CHECK(pd_app_create(&o, &app, err, sizeof err) == 0, "app with a store: %s", err);
    } else {
        app = open_app(&vc, lang, w, h);
    }
    if (!app) return;
    lossy_app = app;
    start_live(app);
    CHECK(app->screen_id == PD_DRILL && app->drill.phase == DRILL_LIVE && app->drill.source, "%s: a live drill", lang);
    if (!app->drill.source) {
        pd_app_destroy(app);
        return;
    }
    demo_finish = app->drill.source->finish;
    app->drill.source->finish = lossy_finish;
    run_to(app, &vc, app->drill.live_start_s + 9.0, 0.1);
    push_key(SDLK_SPACE, 0);
    frames(app, 1);
    results_state *r = &app->results;
    wait_analysed(app, &r->phase);
    CHECK(SDL_AtomicGet(&r->phase) == RES_READY, "%s: analysed: %s", lang, r->err);
    if (SDL_AtomicGet(&r->phase) != RES_READY) {
        pd_app_destroy(app);
        return;
    }
    frames(app, 2);
    const pd_report *rep = r->tk.report;
    CHECK(app->n_take_lost == 1 && fabs(app->take_lost[0].start_s - lost_a) < 1e-9, "%s: the lost span kept (%d)",
          lang, app->n_take_lost);
    size_t want = played ? 2 : 1, lx = played ? 1 : 0;
    CHECK(rep->n_excluded == want && fabs(rep->excluded[lx].start_s - lost_a) < 1e-6 &&
          fabs(rep->excluded[lx].end_s - lost_b) < 1e-6,
          "%s: the analysis left out %.2f-%.2f (%zu spans)", lang, lost_a, lost_b, rep->n_excluded);
    int nuclei = 0;
    double in_pause = 0;
    for (size_t i = 0; i < rep->n_nuclei; i++) nuclei += rep->nuclei_s[i] >= lost_a && rep->nuclei_s[i] <= lost_b;
    for (size_t i = 0; i < rep->n_pauses; i++)
        in_pause += fmax(0, fmin(rep->pauses[i].end_s, lost_b) - fmax(rep->pauses[i].start_s, lost_a));
    CHECK(nuclei == 0, "%s: no syllable counted in the lost span (%d)", lang, nuclei);
    /* speech on both sides (0.3 s of the stretch before it, 0.3 s or more
     * after): one sounding stretch through it, no pause (analysis.h) */
    CHECK(in_pause < 0.1, "%s: no pause in it (%.2f s of pause)", lang, in_pause);
    /* the same take without it left out: the silence is a pause */
    ui_take plain;
    memset(&plain, 0, sizeof plain);
    if (ui_take_load_ex(app->take_path, "en", NULL, 0, NULL, 0, 30, &app->bounds, lang, &plain, err, sizeof err) == 0) {
        double covered = 0;
        for (size_t i = 0; i < plain.report->n_pauses; i++)
            covered += fmax(0, fmin(plain.report->pauses[i].end_s, lost_b) - fmax(plain.report->pauses[i].start_s, lost_a));
        CHECK(covered >= 0.5, "%s: not left out, the lost input would be a pause (%.2f s of it)", lang, covered);
        ui_take_free(&plain);
    } else {
        CHECK(0, "the take analysed plain: %s", err);
    }
    CHECK(app->banner_kind == PD_MSG_WARNING && strstr(app->banner, ui_num(app, 0.6, 2)) != NULL,
          "%s: one warning says how much was lost: %s", lang, app->banner);
    pd_str want_legend = played ? S_LEGEND_EXCL_LOST : S_LEGEND_LOST;
    CHECK(r->legend_shown == want_legend, "%s: the legend says what was left out (%d, want %d)", lang,
          (int)r->legend_shown, (int)want_legend);
    CHECK(app->text_overflows == 0, "%s %dx%d: Results with the legend: %d texts cut", lang, w, h, app->text_overflows);
    /* kept, then opened again from the history: the same spans left out,
     * the lost one still named as lost */
    ui_focus_set(&r->focus, RES_KEEP);
    push_key(SDLK_RETURN, 0);
    frames(app, 2);
    pd_take_summary t;
    CHECK(app->screen_id == PD_HOME && app->history->recent(app->history, &t, 1) == 1, "%s: kept, Home", lang);
    if (app->screen_id != PD_HOME) {
        pd_app_destroy(app);
        return;
    }
    app->n_take_lost = 0;
    pd_app_open_take(app, &t, PD_HOME);
    frames(app, 1);
    wait_analysed(app, &r->phase);
    frames(app, 2);
    CHECK(SDL_AtomicGet(&r->phase) == RES_READY && r->tk.report && r->tk.report->n_excluded == want &&
              fabs(r->tk.report->excluded[lx].start_s - lost_a) < 1e-6,
          "%s: opened again, the same spans left out (%zu)", lang, r->tk.report ? r->tk.report->n_excluded : 0);
    CHECK(app->n_take_lost == 1 && r->legend_shown == want_legend, "%s: ...the lost one named as lost (%d, %d)", lang,
          app->n_take_lost, (int)r->legend_shown);
    pd_app_destroy(app);
    if (store_dir) {
        char db[800];
        snprintf(db, sizeof db, "%s/podium.db", store_dir);
        FILE *f = fopen(db, "rb");
        CHECK(f != NULL, "%s: the take was kept in the store (%s)", lang, db);
        if (f) fclose(f);
    }
}

static void test_compare_own_targets(const char *lang, int w, int h)
{
    vclock vc = { 100.0 };
    pd_app *app = open_app(&vc, lang, w, h);
    if (!app) return;
    pd_take_summary a, b;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    a.when = 1764000000;
    a.target_s = 30;
    a.duration_s = 28;       /* 2 s short of its 30 s */
    b.when = a.when + 86400;
    b.target_s = 60;
    b.duration_s = 58;       /* 2 s short of its 60 s */
    snprintf(a.lang, sizeof a.lang, "en");
    snprintf(b.lang, sizeof b.lang, "en");
    CHECK(ui_metric_verdict(app, UM_DURATION, &a, &b) == 0, "0:28/0:30 vs 0:58/1:00: about the same");
    /* one target for both would have judged: */
    pd_take_summary b30 = b, a60 = a;
    b30.target_s = 30;
    a60.target_s = 60;
    CHECK(ui_metric_verdict(app, UM_DURATION, &a, &b30) == -1, "against 0:30 both: worse");
    CHECK(ui_metric_verdict(app, UM_DURATION, &a60, &b) == 1, "against 1:00 both: better");
    b.duration_s = 66;       /* 6 s over its own 60 s, 4 s further than A's 2 s */
    CHECK(ui_metric_verdict(app, UM_DURATION, &a, &b) == -1, "0:28/0:30 vs 1:06/1:00: worse");
    b.duration_s = 58;
    /* the screen: both takes in the history, picked, compared */
    CHECK(app->history->add(app->history, &a, NULL) == 0 && app->history->add(app->history, &b, NULL) == 0,
          "two takes");
    frames(app, 1);
    push_key(SDLK_h, 0);
    frames(app, 1);
    push_key(SDLK_c, 0);
    push_key(SDLK_DOWN, 0);
    push_key(SDLK_c, 0);
    frames(app, 1);
    ui_focus_set(&app->hist.focus, HIST_COMPARE);
    push_key(SDLK_RETURN, 0);
    frames(app, 1);
    CHECK(app->screen_id == PD_COMPARE, "Compare (screen %d)", app->screen_id);
    wait_analysed(app, &app->cmp.phase);
    frames(app, 1);
    compare_state *c = &app->cmp;
    CHECK(c->s[0].target_s == 30 && c->s[1].target_s == 60, "each take keeps its own target (%.0f, %.0f)",
          c->s[0].target_s, c->s[1].target_s);
    CHECK(ui_metric_verdict(app, UM_DURATION, &c->s[0], &c->s[1]) == 0, "Compare judges the duration: the same");
    CHECK(app->text_overflows == 0, "%s %dx%d: Compare with its units line: %d texts cut", lang, w, h,
          app->text_overflows);
    /* the trend on each metric with a unit: its axis and the unit explained, nothing cut */
    push_key(SDLK_ESCAPE, 0);
    frames(app, 1);
    CHECK(app->screen_id == PD_HISTORY, "Esc: back to the history");
    static const ui_metric ms[] = { UM_PACE, UM_LOUD, UM_PITCH, UM_DURATION };
    for (size_t i = 0; i < sizeof ms / sizeof ms[0]; i++) {
        app->hist.metric = ms[i];
        frames(app, 2);
        CHECK(app->hist.trend_points == 2 && app->text_overflows == 0, "%s %dx%d: trend %d: %d points, %d texts cut",
              lang, w, h, (int)ms[i], app->hist.trend_points, app->text_overflows);
    }
    pd_app_destroy(app);
}

/* The axes' steps (Heckbert's nice numbers, by hand) and the lines drawn. */
static void test_axes(void)
{
    CHECK_NEAR(ui_axis_step(350, 4), 100, 1e-9, "50-400 Hz in at most 4: 100");
    CHECK_NEAR(ui_axis_step(350, 3), 200, 1e-9, "50-400 Hz in at most 3: 200");
    CHECK_NEAR(ui_axis_step(60, 3), 20, 1e-9, "-60-0 LUFS in at most 3: 20");
    CHECK_NEAR(ui_axis_step(0.36, 5), 0.1, 1e-12, "0.36 in at most 5: 0.1");
    CHECK_NEAR(ui_axis_step(45, 4), 20, 1e-9, "45 s in at most 4: 20");
    CHECK(ui_axis_step(0, 3) == 0 && ui_axis_step(NAN, 3) == 0 && ui_axis_step(10, 0) == 0, "no span, no step");
    vclock vc = { 100.0 };
    pd_app *app = open_app(&vc, "en", 1280, 720);
    if (!app) return;
    SDL_Rect plot = { 10, 10, 300, 120 };
    int n = ui_axis_y(app, plot, 50, 400, 4, 0, "Hz", 200, 70, UI_RIGHT);
    CHECK(n == 3, "50-400 Hz: lines at 100, 200, 300 (the top one, 400, at the edge: left out): %d", n);
    /* at most one label per 80 px (twice its 40 px box): 600 px hold 7, a step of 10 s */
    n = ui_axis_time(app, (SDL_Rect){ 10, 10, 600, 120 }, 10, 130, 40.0, 132);
    CHECK(n == 3, "a 40 s take over 600 px: 0:10, 0:20, 0:30: %d", n);
    n = ui_axis_time(app, plot, 10, 130, 40.0, 132);
    CHECK(n == 1, "over 300 px (3 labels at most, a step of 20 s): 0:20: %d", n);
    CHECK(app->text_overflows == 0, "axis labels fit: %d cut", app->text_overflows);
    pd_app_destroy(app);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_ui_moments ASSETS_DIR\n");
        return 2;
    }
    char *dir = ui_test_headless(argv[1], "moments", NULL, 0);
    CHECK(dir != NULL, "scratch folder");
    if (!dir) CHECK_DONE();

    test_long_pause(argv[1], dir);
    char store_dir[700];
    snprintf(store_dir, sizeof store_dir, "%s/lost-store", dir);
    test_lost_input(argv[1], "en", 1280, 720, 0, NULL);
    test_lost_input(argv[1], "it", 800, 600, 1, store_dir);
    test_choose_moment("en", 1280, 720);
    test_choose_moment("en", 800, 600);
    test_choose_moment("it", 1280, 720);
    test_choose_moment("it", 800, 600);
    test_compare_own_targets("en", 1280, 720);
    test_compare_own_targets("it", 800, 600);
    test_axes();

    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    CHECK_DONE();
}
