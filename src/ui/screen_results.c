/* screen_results.c - what happened in the take: waveform with pauses shaded
 * and filled pauses marked, pitch and loudness contours on the same time
 * axis, figure tiles, the feedback sentences, replay with a moving cursor
 * (click the waveform to play from there); keep, discard or try again.
 * Advice about a moment of the take (the longest pause, the densest filled
 * pauses, a rushed opening, a trailing-off, the part over the target:
 * pd_feedback_item.moment) has a play bullet: Up/Down (or Tab) highlights
 * it, Enter or a click replays from UI_MOMENT_LEAD_S before it, and the
 * waveform shows its span.
 *
 * The take is analysed on a worker thread (pd_analyse_file, the same code as
 * `podium analyse`), so the window keeps drawing meanwhile. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "podium/audio_file.h"
#include "ui.h"

static int analyse_thread(void *ctx)
{
    pd_app *app = ctx;
    results_state *r = &app->results;
    /* in the language spoken (a kept take: the one stored with it; a new
     * take: the interface's, or English for the demo sample) */
    const char *lang = app->take_lang[0] ? app->take_lang : "en";
    /* what its drill kept out (distraction sounds) and where its answers
     * began: a new take's from its drill, a kept take's as stored with it
     * (pd_app_open_take) */
    if (ui_take_load_ex(app->take_path, lang, app->take_exclude, app->n_take_exclude, app->take_lost,
                        (size_t)app->n_take_lost, app->take_target_s,
                        &app->bounds, app->lang, &r->tk, r->err, sizeof r->err) != 0) {
        SDL_AtomicSet(&r->phase, RES_FAILED);
        return 1;
    }
    r->tk.n_marks = app->n_take_marks;
    memcpy(r->tk.marks, app->take_marks, sizeof r->tk.marks);
    SDL_AtomicSet(&r->phase, RES_READY);
    return 0;
}

static void results_enter(pd_app *app)
{
    results_state *r = &app->results;
    memset(r, 0, sizeof *r);
    SDL_AtomicSet(&r->phase, RES_ANALYSING);
    r->focus.focus = -1;
    r->moment_chosen = -1;
    r->kept = app->open_take_id != 0;     /* opened from the history */
    r->thread = SDL_CreateThread(analyse_thread, "podium-analyse", app);
    if (!r->thread) {
        snprintf(r->err, sizeof r->err, "cannot start the analysis: %s", SDL_GetError());
        SDL_AtomicSet(&r->phase, RES_FAILED);
    }
}

static void keep(pd_app *app);

static void results_leave(pd_app *app)
{
    results_state *r = &app->results;
    if (r->thread) SDL_WaitThread(r->thread, NULL);
    r->thread = NULL;
    if (r->keep_wanted) {   /* Keep / Try again came before the analysis was done */
        r->keep_wanted = 0;
        keep(app);
    }
    ui_player_close(&r->player);
    ui_take_free(&r->tk);
    memset(r, 0, sizeof *r);
}

_Static_assert(PD_TAKE_LOST_MAX == PD_SOURCE_LOST_MAX, "a take keeps every lost span its source gave");

void pd_app_take_summary(const pd_app *app, const pd_report *rep, pd_take_summary *t)
{
    memset(t, 0, sizeof *t);
    t->when = time(NULL);
    snprintf(t->path, sizeof t->path, "%s", app->take_path);
    snprintf(t->lang, sizeof t->lang, "%s", app->take_lang[0] ? app->take_lang : "en");
    t->target_s = app->take_target_s;
    for (int i = 0; i < app->n_take_marks && t->n_marks < PD_TAKE_MARKS_MAX; i++) t->marks[t->n_marks++] = app->take_marks[i];
    t->lost = app->take_lost;   /* kept with it, so Results opened later names them */
    t->n_lost = app->n_take_lost;
    t->duration_s = rep->duration_s;
    t->pace_syl_s = rep->speech_detected ? rep->speech_rate_syl_s : NAN;
    t->wpm_est = rep->speech_detected ? rep->words_per_min_est : NAN;
    t->pauses = (int)rep->n_pauses;
    t->long_pauses = rep->long_pauses_count;
    t->filled_pauses = (int)rep->n_filled_pauses;
    double span = rep->speech_end_s - rep->speech_start_s;
    double words = rep->syllables_per_word > 0 ? rep->syllables / rep->syllables_per_word : 0;
    t->pauses_per_min = rep->speech_detected && span > 0 ? rep->n_pauses * 60.0 / span : NAN;
    t->filled_per_100w = words > 0 ? 100.0 * rep->n_filled_pauses / words : NAN;
    t->loudness_lufs = rep->loudness_lufs;
    t->f0_sd_st = rep->f0_sd_st;
    t->f0_median_hz = rep->f0_median_hz;
}

/* Keeps a new take in the history. Before its analysis is done: marked, and
 * kept on leaving (results_leave waits for the analysis); when it cannot be
 * analysed the recording stays in the takes folder, and the window says so. */
static void keep(pd_app *app)
{
    results_state *r = &app->results;
    if (r->kept) return;
    int phase = SDL_AtomicGet(&r->phase);
    if (phase == RES_ANALYSING) {
        r->keep_wanted = 1;
        return;
    }
    if (phase == RES_FAILED) {
        if (app->take_path[0]) pd_app_banner(app, ui_trf(app, S_ERR_NOT_ANALYSED_KEPT_FMT, app->take_path));
        return;
    }
    pd_take_summary t;
    pd_app_take_summary(app, r->tk.report, &t);
    if (app->history && app->history->add(app->history, &t, r->tk.report) == 0) {
        r->kept = 1;
        snprintf(app->take_path, sizeof app->take_path, "%s", t.path);   /* the store's copy */
    } else {
        pd_app_banner(app, ui_tr(app, S_ERR_NOT_SAVED));
    }
}

static void activate(pd_app *app, int id, double wave_t)
{
    results_state *r = &app->results;
    int ready = SDL_AtomicGet(&r->phase) == RES_READY;
    if (id != RES_DISCARD) r->confirm_discard = 0;
    if (id == RES_PLAY && ready) {
        if (!r->player.dev) ui_player_open(app, &r->player, r->tk.mono, r->tk.frames, r->tk.rate);
        if (r->player.playing) ui_player_stop(&r->player);
        else ui_player_play_from(&r->player, ui_player_position(&r->player));
    } else if (id == RES_WAVE && ready) {
        if (!r->player.dev) ui_player_open(app, &r->player, r->tk.mono, r->tk.frames, r->tk.rate);
        ui_player_play_from(&r->player, wave_t >= 0 ? wave_t : 0);
    } else if (id >= RES_ADVICE && ready) {   /* advice about a moment: hear it */
        size_t i = (size_t)(id - RES_ADVICE);
        const pd_report *rep = r->tk.report;
        if (i >= rep->n_feedback || !pd_feedback_has_moment(&rep->feedback[i])) return;
        if (!r->player.dev) ui_player_open(app, &r->player, r->tk.mono, r->tk.frames, r->tk.rate);
        double from = rep->feedback[i].moment.start_s - UI_MOMENT_LEAD_S;
        r->moment_chosen = (int)i;
        ui_player_play_from(&r->player, from > 0 ? from : 0);
        char d[120];
        snprintf(d, sizeof d, "moment %s %.2f-%.2f s, replay from %.2f s", rep->feedback[i].id,
                 rep->feedback[i].moment.start_s, rep->feedback[i].moment.end_s, from > 0 ? from : 0);
        pd_app_trace(app, "results", d);
    } else if (id == RES_KEEP) {
        keep(app);
        pd_app_switch(app, app->open_take_id ? app->results_back : PD_HOME);
    } else if (id == RES_DISCARD && !r->confirm_discard) {
        r->confirm_discard = 1;   /* deleting a take asks twice, as History's Delete */
    } else if (id == RES_DISCARD) {
        if (r->thread) {   /* the analysis reads the file: let it finish first */
            SDL_WaitThread(r->thread, NULL);
            r->thread = NULL;
        }
        if (app->open_take_id) app->history->remove(app->history, app->open_take_id);
        else if (!r->kept && app->take_path[0]) pd_take_file_remove(app->take_path);
        pd_app_message(app, PD_MSG_DONE, ui_tr(app, S_DISCARDED));
        pd_app_switch(app, app->open_take_id ? app->results_back : PD_HOME);
    } else if (id == RES_AGAIN) {
        keep(app);     /* kept, so the next take can be compared with it */
        pd_app_switch(app, PD_DRILL);
    }
}

static void results_event(pd_app *app, const SDL_Event *e)
{
    results_state *r = &app->results;
    if (e->type == SDL_KEYDOWN) {
        SDL_Keycode k = e->key.keysym.sym;
        if (k == SDLK_ESCAPE) {
            activate(app, RES_KEEP, -1);
            return;
        }
        if (k == SDLK_p) {
            activate(app, RES_PLAY, -1);
            return;
        }
        if ((k == SDLK_DOWN || k == SDLK_UP) && r->n_moments > 0) {   /* through the advice with a moment */
            int cur = -1, f = ui_focus_id(&r->focus);
            for (int i = 0; i < r->n_moments; i++)
                if (RES_ADVICE + r->moment_item[i] == f) cur = i;
            int next = cur < 0 ? (k == SDLK_DOWN ? 0 : r->n_moments - 1)
                               : (cur + (k == SDLK_DOWN ? 1 : r->n_moments - 1)) % r->n_moments;
            ui_focus_set(&r->focus, RES_ADVICE + r->moment_item[next]);
            return;
        }
    }
    int id = ui_focus_event(app, &r->focus, e, 0);
    double t = -1;
    if (id == RES_WAVE && e->type == SDL_MOUSEBUTTONDOWN && r->wave_box.w > 0 &&
        SDL_AtomicGet(&r->phase) == RES_READY && r->tk.rate) {   /* tk is the thread's until then */
        double x = e->button.x * app->density - r->wave_box.x;
        t = x / r->wave_box.w * ((double)r->tk.frames / r->tk.rate);
    }
    if (id >= 0) activate(app, id, t);
}

/* The take against the baseline (of its own time, for a kept take), as
 * `podium show` says it; read on this thread once the analysis is done. */
static void read_baseline(pd_app *app)
{
    results_state *r = &app->results;
    r->base_read = 1;
    r->base_n = -1;
    pd_history *h = app->history;
    if (!h || !h->baseline_advice) return;
    int n = h->baseline_advice(h, app->open_take_id, r->tk.report, &app->bounds, app->lang, r->base,
                               (int)(sizeof r->base / sizeof r->base[0]), &r->base_takes);
    if (n < 0) {
        const char *why = h->error ? h->error(h) : "";
        if (why && why[0]) pd_app_banner(app, why);
        return;
    }
    r->base_n = r->base_takes < 0 ? -1 : n;
}

static void results_update(pd_app *app)
{
    results_state *r = &app->results;
    int phase = SDL_AtomicGet(&r->phase);
    if (phase == RES_READY && !r->base_read) read_baseline(app);
    if (phase != RES_ANALYSING && !r->announced) {
        r->announced = 1;
        char d[120];
        if (phase == RES_READY)
            snprintf(d, sizeof d, "ready %.2f s, %zu pauses, %zu feedback items",
                     r->tk.report->duration_s, r->tk.report->n_pauses, r->tk.report->n_feedback);
        else snprintf(d, sizeof d, "failed");
        pd_app_trace(app, "results", d);
    }
}

pd_str ui_results_keys(const pd_app *app)
{
    if (!app->open_take_id) return S_KEYS_RESULTS;
    return app->results_back == PD_HISTORY ? S_KEYS_RESULTS_HIST : S_KEYS_RESULTS_HOME;
}

pd_str ui_results_keep_label(const pd_app *app)
{
    if (!app->open_take_id) return S_KEEP;
    return app->results_back == PD_HISTORY ? S_BACK_TO_HISTORY : S_BACK;
}

/* ---- drawing ---------------------------------------------------------------- */
static void tile(pd_app *app, SDL_Rect r, const char *label, const char *value, const char *sub,
                 SDL_Color mark)
{
    const ui_theme *t = &app->th;
    ui_fill(app, r, t->panel);
    ui_fill(app, (SDL_Rect){ r.x, r.y, ui_px(app, 4), r.h }, mark);
    int p = ui_px(app, 12);
    int lh = r.h * 28 / 100, vh = r.h * 40 / 100;
    ui_text(app, (SDL_Rect){ r.x + p, r.y + p / 2, r.w - 2 * p, lh }, label, 16, UI_MIDDLE, t->muted);
    ui_text(app, (SDL_Rect){ r.x + p, r.y + p / 2 + lh, r.w - 2 * p, vh }, value, 28,
            UI_BOLD | UI_MIDDLE, t->text);
    ui_text(app, (SDL_Rect){ r.x + p, r.y + p / 2 + lh + vh, r.w - 2 * p, r.h - p - lh - vh }, sub,
            15, UI_MIDDLE | UI_WRAP, t->muted);
}

static SDL_Color sev_color(const pd_app *app, pd_severity s)
{
    return s == PD_SEV_WARNING ? app->th.red : s == PD_SEV_TIP ? app->th.yellow : app->th.green;
}

static int has_feedback(const pd_report *rep, const char *prefix)
{
    for (size_t i = 0; i < rep->n_feedback; i++)
        if (strncmp(rep->feedback[i].id, prefix, strlen(prefix)) == 0 &&
            rep->feedback[i].severity != PD_SEV_INFO)
            return 1;
    return 0;
}

/* A plot's name on its own small plate at the top left (over the data). */
static void plot_label(pd_app *app, SDL_Rect box, const char *s, SDL_Color c)
{
    int w = ui_text_width(app, s, 14, 1) + ui_px(app, 12), h = ui_px(app, 20);
    if (w > box.w / 3) w = box.w / 3;
    SDL_Rect r = { box.x, box.y, w, h };
    ui_fill(app, r, app->th.panel2);
    ui_text(app, (SDL_Rect){ r.x + ui_px(app, 6), r.y, r.w - ui_px(app, 8), r.h }, s, 14,
            UI_MIDDLE | UI_BOLD, c);
}

/* What the waveform's "left out" line says: the sounds Podium played, the
 * input the sound system lost (app->take_lost), or both. A span left out
 * that lies inside a lost one is lost input; one that only touches a lost
 * one is both merged. */
static pd_str left_out_wording(const pd_app *app, const pd_report *rep)
{
    int lost = 0, played = 0;
    for (size_t i = 0; i < rep->n_excluded; i++) {
        const pd_interval *x = &rep->excluded[i];
        int inside = 0, touches = 0;
        for (int k = 0; k < app->n_take_lost; k++) {
            const pd_interval *l = &app->take_lost[k];
            if (l->start_s <= x->start_s + 1e-6 && l->end_s >= x->end_s - 1e-6) inside = 1;
            else if (l->start_s < x->end_s && l->end_s > x->start_s) touches = 1;
        }
        if (inside) lost = 1;
        else {
            played = 1;
            lost |= touches;
        }
    }
    return lost ? (played ? S_LEGEND_EXCL_LOST : S_LEGEND_LOST) : S_LEGEND_EXCLUDED;
}

static void draw_plots(pd_app *app, SDL_Rect wave, SDL_Rect pitch, SDL_Rect loud)
{
    const ui_theme *t = &app->th;
    results_state *r = &app->results;
    const pd_report *rep = r->tk.report;
    double D = ui_take_duration(&r->tk);
    if (D <= 0) return;
    ui_take_draw_wave(app, wave, &r->tk, D);
    /* the moment of the advice highlighted (or chosen last): a band and its edges */
    int shown = r->moment_chosen, f = ui_focus_id(&r->focus);
    if (f >= RES_ADVICE && (size_t)(f - RES_ADVICE) < rep->n_feedback) shown = f - RES_ADVICE;
    if (shown >= 0 && (size_t)shown < rep->n_feedback && pd_feedback_has_moment(&rep->feedback[shown])) {
        const pd_interval *m = &rep->feedback[shown].moment;
        int x0 = wave.x + (int)(m->start_s / D * wave.w), x1 = wave.x + (int)(m->end_s / D * wave.w);
        if (x1 > wave.x + wave.w) x1 = wave.x + wave.w;
        if (x1 - x0 < ui_px(app, 3)) x1 = x0 + ui_px(app, 3);
        SDL_Color band = t->focus;
        band.a = 60;
        ui_fill(app, (SDL_Rect){ x0, wave.y, x1 - x0, wave.h }, band);
        int lw = ui_px(app, 2) > 1 ? ui_px(app, 2) : 1;
        ui_fill(app, (SDL_Rect){ x0, wave.y, lw, wave.h }, t->focus);
        ui_fill(app, (SDL_Rect){ x1 - lw, wave.y, lw, wave.h }, t->focus);
    }
    int mh = ui_px(app, 8);
    /* legend, top left */
    int lh = ui_px(app, 22), lw = ui_px(app, 14);
    SDL_Rect lg = { wave.x + ui_px(app, 8), wave.y + mh + ui_px(app, 4), wave.w / 2, lh };
    int tw = ui_text_width(app, ui_tr(app, S_LEGEND_PAUSE), 14, 0);
    SDL_Color under = t->panel;   /* the legend readable over the wave */
    under.a = 215;
    ui_fill(app, (SDL_Rect){ lg.x - ui_px(app, 4), lg.y, lw + tw + ui_px(app, 30) + lw +
                             ui_text_width(app, ui_tr(app, S_LEGEND_FILLED), 14, 0) + ui_px(app, 8), lh }, under);
    ui_fill(app, (SDL_Rect){ lg.x, lg.y + lh / 4, lw, lh / 2 }, t->pause);
    ui_text(app, (SDL_Rect){ lg.x + lw + ui_px(app, 6), lg.y, tw + ui_px(app, 4), lh },
            ui_tr(app, S_LEGEND_PAUSE), 14, UI_MIDDLE, t->text);
    int x2 = lg.x + lw + tw + ui_px(app, 22);
    ui_fill(app, (SDL_Rect){ x2, lg.y + lh / 4, lw, lh / 2 }, t->filled);
    int tw2 = ui_text_width(app, ui_tr(app, S_LEGEND_FILLED), 14, 0);
    ui_text(app, (SDL_Rect){ x2 + lw + ui_px(app, 6), lg.y, tw2 + ui_px(app, 4), lh },
            ui_tr(app, S_LEGEND_FILLED), 14, UI_MIDDLE, t->text);
    r->legend_shown = S_COUNT;
    if (rep->n_excluded > 0) {   /* the spans left out: a line of its own, under the others */
        pd_str what = left_out_wording(app, rep);
        r->legend_shown = what;
        SDL_Rect l3 = { lg.x, lg.y + lh, wave.w - ui_px(app, 16), lh };
        int tw3 = ui_text_width(app, ui_tr(app, what), 14, 0) + ui_px(app, 4);
        if (tw3 > l3.w - lw - ui_px(app, 6)) tw3 = l3.w - lw - ui_px(app, 6);
        ui_fill(app, (SDL_Rect){ l3.x - ui_px(app, 4), l3.y, lw + tw3 + ui_px(app, 14), lh }, under);
        SDL_Color band = t->yellow;
        band.a = 110;
        ui_fill(app, (SDL_Rect){ l3.x, l3.y + lh / 4, lw, lh / 2 }, band);
        ui_fill(app, (SDL_Rect){ l3.x, l3.y + lh / 4 + lh / 2 - ui_px(app, 3), lw, ui_px(app, 3) }, t->yellow);
        ui_text(app, (SDL_Rect){ l3.x + lw + ui_px(app, 6), l3.y, tw3, lh }, ui_tr(app, what), 14,
                UI_MIDDLE, t->text);
    }
    int hw = ui_text_width(app, ui_tr(app, S_WAVE_HINT), 14, 0) + ui_px(app, 4);
    if (hw > wave.w / 2) hw = wave.w / 2;
    ui_text(app, (SDL_Rect){ wave.x + wave.w - hw - ui_px(app, 8), lg.y, hw, lh },
            ui_tr(app, S_WAVE_HINT), 14, UI_MIDDLE | UI_RIGHT, t->muted);

    /* contours on the same time axis (frame k at k * hop_s) */
    const pd_tracks *tr = &rep->tracks;
    double span = tr->n * tr->hop_s / D;
    if (span > 1) span = 1;
    SDL_Rect pw = { pitch.x, pitch.y, (int)(pitch.w * span), pitch.h };
    SDL_Rect lwr = { loud.x, loud.y, (int)(loud.w * span), loud.h };
    ui_fill(app, pitch, t->panel);
    ui_fill(app, loud, t->panel);
    if (tr->n) {
        ui_contour(app, pw, tr->f0_hz, tr->n, 50, 400, 1.0, t->pitch, 1);
        ui_contour(app, lwr, tr->loud_m_lufs, tr->n, -60, 0, -70, t->loud, 0);
    }
    /* light axes over the data: values and units at the right, the take's
     * time along the bottom */
    int alw = ui_px(app, 70), ah = ui_px(app, 17);   /* a label per 17 px at most */
    ui_axis_y(app, pitch, 50, 400, pitch.h / ah, 0, "Hz", pitch.x + pitch.w - alw - ui_px(app, 4), alw, UI_RIGHT);
    ui_axis_y(app, loud, -60, 0, loud.h / ah, 0, "LUFS", loud.x + loud.w - alw - ui_px(app, 4), alw, UI_RIGHT);
    ui_axis_time(app, wave, wave.y, loud.y + loud.h, D, loud.y + loud.h + ui_px(app, 1));
    plot_label(app, pitch, ui_tr(app, S_PITCH_LABEL), t->pitch);
    plot_label(app, loud, ui_tr(app, S_LOUD_LABEL), t->loud);
    /* the replay cursor */
    double pos = ui_player_position(&r->player);
    if (r->player.playing || pos > 0) {
        int x = wave.x + (int)(pos / D * wave.w);
        ui_fill(app, (SDL_Rect){ x - ui_px(app, 1), wave.y, ui_px(app, 2) > 1 ? ui_px(app, 2) : 1,
                                 loud.y + loud.h - wave.y }, t->focus);
    }
}

static void draw_tiles(pd_app *app, SDL_Rect area)
{
    const ui_theme *t = &app->th;
    const pd_report *rep = app->results.tk.report;
    int g = ui_px(app, 10), cols = 3, rows = 2;
    int tw = (area.w - (cols - 1) * g) / cols, th = (area.h - (rows - 1) * g) / rows;
    SDL_Rect r[6];
    for (int i = 0; i < 6; i++)
        r[i] = (SDL_Rect){ area.x + (i % cols) * (tw + g), area.y + (i / cols) * (th + g), tw, th };
    char v[6][64], sub[6][160];
    SDL_Color mk[6];
    int speech = rep->speech_detected;
    double words = rep->syllables_per_word > 0 ? rep->syllables / rep->syllables_per_word : 0;
    snprintf(v[0], 64, "%s", ui_clock_text(app, rep->duration_s));
    if (app->take_target_s > 0) {
        double dur_ratio = rep->duration_s / app->take_target_s;
        snprintf(sub[0], 160, "%s", ui_trf(app, S_OF_TARGET_FMT, ui_clock_text(app, app->take_target_s)));
        mk[0] = dur_ratio > 1.0 ? t->red : dur_ratio >= 2.0 / 3.0 ? t->green : t->yellow;
    } else {   /* an imported recording: no drill, no target */
        snprintf(sub[0], 160, "%s", ui_tr(app, S_NO_TARGET));
        mk[0] = t->line;
    }
    if (speech) {
        snprintf(v[1], 64, "%s %s", ui_num(app, rep->speech_rate_syl_s, 1), ui_tr(app, S_SYL_S));
        snprintf(sub[1], 160, "%s", ui_trf(app, S_WPM_FMT, (int)lround(rep->words_per_min_est)));
    } else {
        snprintf(v[1], 64, "-");
        snprintf(sub[1], 160, "%s", ui_tr(app, S_NO_SPEECH));
    }
    mk[1] = has_feedback(rep, "pace") || has_feedback(rep, "articulation") || has_feedback(rep, "rush")
                ? t->yellow : t->green;
    snprintf(v[2], 64, "%zu", rep->n_pauses);
    snprintf(sub[2], 160, "%s", ui_trf(app, S_PAUSES_SUB_FMT, rep->long_pauses_count));
    mk[2] = has_feedback(rep, "pause") || has_feedback(rep, "long") ? t->yellow : t->green;
    snprintf(v[3], 64, "%zu", rep->n_filled_pauses);
    snprintf(sub[3], 160, "%s", ui_trf(app, S_HESIT_SUB_FMT,
                    ui_num(app, words > 0 ? 100.0 * rep->n_filled_pauses / words : 0, 1)));
    mk[3] = has_feedback(rep, "filled") ? t->yellow : t->green;
    snprintf(v[4], 64, "%s LUFS", ui_num(app, rep->loudness_lufs, 1));
    snprintf(sub[4], 160, "%s", ui_tr(app, S_LOUD_SUB));
    mk[4] = has_feedback(rep, "too_quiet") || has_feedback(rep, "clipping") || has_feedback(rep, "trail")
                ? t->yellow : t->green;
    snprintf(v[5], 64, "%s st", ui_num(app, rep->f0_sd_st, 1));
    snprintf(sub[5], 160, "%s", ui_tr(app, S_PITCH_SUB));
    mk[5] = has_feedback(rep, "pitch") || has_feedback(rep, "flat") ? t->yellow : t->green;
    static const pd_str labels[6] = { S_TILE_DURATION, S_TILE_PACE, S_TILE_PAUSES,
                                      S_TILE_HESIT, S_TILE_LOUD, S_TILE_PITCH };
    for (int i = 0; i < 6; i++) tile(app, r[i], ui_tr(app, labels[i]), v[i], sub[i], mk[i]);
}

/* The units on this screen, explained once: "syl/s = syllables per second
 * · LUFS = ... · st = ...", for Results, Compare and the trend (ui.h). */
const char *ui_units_legend(pd_app *app)
{
    char *out = app->fmtbuf[app->fmtnext];
    app->fmtnext = (app->fmtnext + 1) % 4;
    snprintf(out, sizeof app->fmtbuf[0], "%s · %s · %s", ui_tr(app, S_UNIT_SYL_S), ui_tr(app, S_UNIT_LUFS),
             ui_tr(app, S_UNIT_ST));
    return out;
}

static void draw_feedback(pd_app *app, SDL_Rect r)
{
    const ui_theme *t = &app->th;
    results_state *rs = &app->results;
    const pd_report *rep = rs->tk.report;
    ui_fill(app, r, t->panel);
    int p = ui_px(app, 14), hh = ui_px(app, 30);
    ui_text(app, (SDL_Rect){ r.x + p, r.y + p / 2, r.w - 2 * p, hh }, ui_tr(app, S_FEEDBACK), 20,
            UI_BOLD | UI_MIDDLE, t->text);
    const char *paras[16];
    SDL_Color bul[16];
    unsigned char play[16] = { 0 };
    int item[16];
    int n = 0, any_moment = 0;
    for (size_t i = 0; i < rep->n_feedback && n < 16; i++) {
        item[n] = (int)i;
        play[n] = (unsigned char)pd_feedback_has_moment(&rep->feedback[i]);
        any_moment |= play[n];
        paras[n] = rep->feedback[i].message;
        bul[n++] = sev_color(app, rep->feedback[i].severity);
    }
    if (rs->base_n >= 0 && n < 16) {   /* against the baseline, under its own heading (a grey mark) */
        item[n] = -1;
        paras[n] = rs->base_takes > 0 ? ui_trf(app, S_VS_BASE_MEDIAN_FMT, rs->base_takes)
                                      : ui_tr(app, S_VS_BASE_MARKED);
        bul[n++] = t->line;
        if (rs->base_n == 0 && n < 16) {
            item[n] = -1;
            paras[n] = ui_tr(app, S_VS_BASE_SAME);
            bul[n++] = t->green;
        }
        for (int i = 0; i < rs->base_n && n < 16; i++) {
            item[n] = -1;
            paras[n] = rs->base[i].message;
            bul[n++] = sev_color(app, rs->base[i].severity);
        }
    }
    /* at the bottom: how to hear a moment (when there is one), then the units */
    const char *legend = ui_units_legend(app);
    int iw = r.w - 2 * p, lh = ui_px(app, 17);
    int legend_h = ui_text_lines(app, legend, 13, 0, iw) * lh;
    int hint_h = any_moment ? ui_text_lines(app, ui_tr(app, S_MOMENT_HINT), 13, 0, iw) * lh : 0;
    int foot = legend_h + hint_h + ui_px(app, 8);
    SDL_Rect lg = { r.x + p, r.y + r.h - p / 2 - legend_h, iw, legend_h };
    ui_text(app, lg, legend, 13, UI_WRAP | UI_BOTTOM, t->muted);
    if (hint_h)
        ui_text(app, (SDL_Rect){ lg.x, lg.y - hint_h, iw, hint_h }, ui_tr(app, S_MOMENT_HINT), 13,
                UI_WRAP | UI_BOTTOM, t->focus);
    SDL_Rect boxes[16];
    ui_paragraphs_ex(app, (SDL_Rect){ r.x + p, r.y + p / 2 + hh + ui_px(app, 6), iw,
                                      r.h - p - hh - ui_px(app, 6) - foot },
                     paras, n, 16, 0.6, UI_WRAP, t->text, bul, play, boxes);
    rs->n_moments = 0;
    for (int k = 0; k < n; k++)
        if (item[k] >= 0 && play[k]) {
            rs->moment_item[rs->n_moments] = item[k];
            rs->moment_box[rs->n_moments++] = boxes[k];
        }
    /* the highlighted advice: a thin frame (the lists' gap is too narrow for the focus ring) */
    int f = ui_focus_id(&rs->focus);
    for (int k = 0; k < rs->n_moments; k++)
        if (RES_ADVICE + rs->moment_item[k] == f) {
            SDL_Rect b = rs->moment_box[k];
            int g = ui_px(app, 4);
            ui_frame(app, (SDL_Rect){ b.x - g, b.y - g / 2, b.w + 2 * g, b.h + g }, t->focus,
                     ui_px(app, 2) > 1 ? ui_px(app, 2) : 1);
        }
}

static void results_draw(pd_app *app)
{
    results_state *r = &app->results;
    const ui_theme *t = &app->th;
    int W = app->w, H = app->h, m = ui_px(app, 20), g = ui_px(app, 12);
    int phase = SDL_AtomicGet(&r->phase);
    SDL_Rect head = { m, m / 2, W - 2 * m, ui_px(app, 40) };
    ui_text(app, (SDL_Rect){ head.x, head.y, head.w / 2, head.h }, ui_tr(app, S_RESULTS_TITLE), 26,
            UI_BOLD | UI_MIDDLE, t->text);
    if (r->kept)
        ui_text(app, (SDL_Rect){ head.x + head.w / 2, head.y, head.w / 2, head.h }, ui_tr(app, S_KEPT),
                16, UI_RIGHT | UI_MIDDLE, (SDL_Color){ 0x6B, 0xD8, 0x8E, 255 });
    SDL_Rect keys = { m, H - ui_px(app, 30), W - 2 * m, ui_px(app, 24) };
    ui_text(app, keys, ui_tr(app, ui_results_keys(app)), 14, UI_MIDDLE, t->muted);
    int bh = ui_px(app, 46);
    SDL_Rect bar = { m, keys.y - ui_px(app, 6) - bh, W - 2 * m, bh };
    int top = head.y + head.h + g / 2, bottom = bar.y - g;

    /* the buttons (focus order: waveform, play, keep, discard, again) */
    int keepf = ui_focus_id(&r->focus);
    ui_focus_clear(&r->focus);
    int left_w = (W - 2 * m - g) * 62 / 100;
    int ch = bottom - top;
    SDL_Rect wave = { m, top, left_w, ch * 34 / 100 };
    SDL_Rect pitch = { m, wave.y + wave.h + ui_px(app, 4), left_w, ch * 12 / 100 };
    SDL_Rect loud = { m, pitch.y + pitch.h + ui_px(app, 4), left_w, ch * 12 / 100 };
    int time_h = ui_px(app, 16);   /* the time axis' labels, under the plots */
    SDL_Rect tiles = { m, loud.y + loud.h + time_h + g / 2, left_w, bottom - (loud.y + loud.h + time_h + g / 2) };
    SDL_Rect fb = { m + left_w + g, top, W - 2 * m - left_w - g, ch };
    r->wave_box = wave;
    int bw = (bar.w - 3 * g) / 4;
    static const int ids[4] = { RES_PLAY, RES_KEEP, RES_DISCARD, RES_AGAIN };
    ui_focus_add(&r->focus, RES_WAVE, wave);
    for (int i = 0; i < 4; i++)
        ui_focus_add(&r->focus, ids[i], (SDL_Rect){ bar.x + i * (bw + g), bar.y, bw, bh });
    if (phase == RES_READY)   /* the advice about moments, where the last frame drew it */
        for (int i = 0; i < r->n_moments; i++)
            ui_focus_add(&r->focus, RES_ADVICE + r->moment_item[i], r->moment_box[i]);
    ui_focus_set(&r->focus, keepf >= 0 ? keepf : RES_PLAY);
    int fid = ui_focus_id(&r->focus);

    if (phase == RES_READY) {
        draw_plots(app, wave, pitch, loud);
        draw_tiles(app, tiles);
        draw_feedback(app, fb);
    } else {
        SDL_Rect msg = { m, top, W - 2 * m, ch };
        ui_fill(app, msg, t->panel);
        const char *s = phase == RES_ANALYSING ? ui_tr(app, S_ANALYSING)
                                               : ui_trf(app, S_ERR_ANALYSE_FMT, r->err);
        ui_text(app, (SDL_Rect){ msg.x + m, msg.y, msg.w - 2 * m, msg.h }, s, 22,
                UI_CENTER | UI_MIDDLE | UI_WRAP, phase == RES_FAILED ? t->red : t->text);
    }
    if (fid == RES_WAVE) ui_focus_ring(app, wave);
    static const pd_str labels[4] = { S_PLAY, S_KEEP, S_DISCARD, S_AGAIN };
    for (int i = 0; i < 4; i++) {
        const char *lab = i == 0 && r->player.playing ? ui_tr(app, S_PAUSE_BTN)
                          : i == 2 && r->confirm_discard ? ui_tr(app, S_DISCARD_CONFIRM)
                          : i == 1                       ? ui_tr(app, ui_results_keep_label(app))
                                                         : ui_tr(app, labels[i]);
        ui_button(app, r->focus.w[i + 1].r, lab, fid == ids[i], i == 3);
    }
}

const pd_screen pd_screen_results = {
    "results", results_enter, results_leave, results_event, results_update, results_draw, NULL,
};
