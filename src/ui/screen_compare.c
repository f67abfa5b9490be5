/* screen_compare.c - two takes side by side on one time axis, each
 * replayable (click a waveform to play it from there), with every metric's
 * change from A (the older) to B marked better or worse. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "ui.h"

/* Each take on its own: one that cannot be read (its file gone, damaged)
 * leaves the other playable; the reason goes to that take's box. */
static int load_thread(void *ctx)
{
    pd_app *app = ctx;
    compare_state *c = &app->cmp;
    for (int k = 0; k < 2; k++) {       /* (the message is made on the screen's thread) */
        c->missing[k] = c->s[k].path[0] && access(c->s[k].path, F_OK) != 0;
        if (c->s[k].path[0] && !c->missing[k] &&
            ui_take_load_ex(c->s[k].path, c->s[k].lang[0] ? c->s[k].lang : "en", c->excl[k], (size_t)c->n_excl[k],
                            c->lost[k], (size_t)c->n_lost[k], c->s[k].target_s, &app->bounds, app->lang, &c->tk[k], c->take_err[k],
                            sizeof c->take_err[k]) == 0) {
            c->ok[k] = 1;
            c->tk[k].n_marks = c->n_marks[k];
            memcpy(c->tk[k].marks, c->marks[k], sizeof c->tk[k].marks);
        }
    }
    SDL_AtomicSet(&c->phase, RES_READY);
    return 0;
}

static void compare_enter(pd_app *app)
{
    compare_state *c = &app->cmp;
    memset(c, 0, sizeof *c);
    c->playing = -1;
    SDL_AtomicSet(&c->phase, RES_ANALYSING);
    for (int k = 0; k < 2; k++)
        if (!app->history || app->history->get(app->history, app->compare_id[k], &c->s[k]) != 0) {
            char id[32];
            snprintf(id, sizeof id, "%lld", app->compare_id[k]);
            snprintf(c->err, sizeof c->err, "%s", ui_trf(app, S_ERR_NOT_IN_HISTORY_FMT, id));
            SDL_AtomicSet(&c->phase, RES_FAILED);
            return;
        }
    /* each analysed as when it was kept: its distraction sounds left out */
    for (int k = 0; k < 2; k++)
        if (!app->history->moments ||
            app->history->moments(app->history, app->compare_id[k], c->excl[k], PD_DISTRACT_MAX_EVENTS,
                                  &c->n_excl[k], c->marks[k], UI_QUESTIONS_MAX, &c->n_marks[k]) != 0)
            c->n_excl[k] = c->n_marks[k] = 0;
    for (int k = 0; k < 2; k++)   /* ...and its lost input no pause */
        if (!app->history->lost ||
            app->history->lost(app->history, app->compare_id[k], c->lost[k], PD_SOURCE_LOST_MAX, &c->n_lost[k]) != 0)
            c->n_lost[k] = 0;
    c->thread = SDL_CreateThread(load_thread, "podium-compare", app);
    if (!c->thread) {
        snprintf(c->err, sizeof c->err, "cannot start the analysis: %s", SDL_GetError());
        SDL_AtomicSet(&c->phase, RES_FAILED);
    }
}

static void compare_leave(pd_app *app)
{
    compare_state *c = &app->cmp;
    if (c->thread) SDL_WaitThread(c->thread, NULL);
    ui_player_close(&c->player);
    ui_take_free(&c->tk[0]);
    ui_take_free(&c->tk[1]);
    memset(c, 0, sizeof *c);
}

static void play(pd_app *app, int k, double from_s, int toggle)
{
    compare_state *c = &app->cmp;
    if (SDL_AtomicGet(&c->phase) != RES_READY || !c->ok[k]) return;
    if (c->playing != k) {
        ui_player_close(&c->player);
        ui_player_open(app, &c->player, c->tk[k].mono, c->tk[k].frames, c->tk[k].rate);
        c->playing = k;
    }
    if (toggle && c->player.playing) ui_player_stop(&c->player);
    else ui_player_play_from(&c->player, from_s >= 0 ? from_s : ui_player_position(&c->player));
}

static void compare_event(pd_app *app, const SDL_Event *e)
{
    compare_state *c = &app->cmp;
    if (e->type == SDL_KEYDOWN) {
        SDL_Keycode k = e->key.keysym.sym;
        if (k == SDLK_ESCAPE) {
            pd_app_switch(app, PD_HISTORY);
            return;
        }
        if (k == SDLK_a || k == SDLK_b) {
            play(app, k == SDLK_a ? 0 : 1, -1, 1);
            return;
        }
    }
    int id = ui_focus_event(app, &c->focus, e, 0);
    if (id == CMP_BACK) pd_app_switch(app, PD_HISTORY);
    else if (id == CMP_PLAY_A || id == CMP_PLAY_B) play(app, id == CMP_PLAY_A ? 0 : 1, -1, 1);
    else if (id == CMP_WAVE_A || id == CMP_WAVE_B) {
        int k = id == CMP_WAVE_A ? 0 : 1;
        double from = 0;
        if (e->type == SDL_MOUSEBUTTONDOWN && c->wave[k].w > 0) {
            double axis = fmax(ui_take_duration(&c->tk[0]), ui_take_duration(&c->tk[1]));
            from = (e->button.x * app->density - c->wave[k].x) / c->wave[k].w * axis;
        }
        play(app, k, from, 0);
    }
}

static void draw_table(pd_app *app, SDL_Rect r)
{
    const ui_theme *t = &app->th;
    compare_state *c = &app->cmp;
    ui_fill(app, r, t->panel);
    int p = ui_px(app, 12), rows = UM_COUNT + 2, rh = (r.h - p) / rows;   /* + the units' line */
    int cw[4] = { r.w * 36 / 100, r.w * 16 / 100, r.w * 16 / 100, 0 };
    cw[3] = r.w - 2 * p - cw[0] - cw[1] - cw[2];
    const char *hdr[4] = { ui_tr(app, S_CMP_METRIC), "A", "B", ui_tr(app, S_CMP_CHANGE) };
    int x = r.x + p, y = r.y + p / 2;
    for (int i = 0; i < 4; i++) {
        int gap = i == 3 ? 3 * p : 0;     /* the verdicts stand apart from the numbers */
        ui_text(app, (SDL_Rect){ x + gap, y, cw[i] - p / 2 - gap, rh }, hdr[i], 16,
                UI_BOLD | UI_MIDDLE | (i == 1 || i == 2 ? UI_RIGHT : 0), t->text);
        x += cw[i];
    }
    c->table_rows = 0;
    for (int m = 0; m < UM_COUNT; m++, c->table_rows++) {
        y = r.y + p / 2 + (m + 1) * rh;
        if (m % 2 == 0) ui_fill(app, (SDL_Rect){ r.x + p / 2, y, r.w - p, rh }, t->panel2);
        x = r.x + p;
        int dec = ui_metric_decimals((ui_metric)m);
        const char *cells[3] = { ui_tr(app, ui_metric_label((ui_metric)m)), NULL, NULL };
        char a[32], b[32];
        snprintf(a, sizeof a, "%s", ui_num(app, ui_metric_value(&c->s[0], (ui_metric)m), dec));
        snprintf(b, sizeof b, "%s", ui_num(app, ui_metric_value(&c->s[1], (ui_metric)m), dec));
        cells[1] = a;
        cells[2] = b;
        for (int i = 0; i < 3; i++) {
            ui_text(app, (SDL_Rect){ x, y, cw[i] - p / 2, rh }, cells[i], 16,
                    UI_MIDDLE | (i ? UI_RIGHT : 0), t->text);
            x += cw[i];
        }
        int v = ui_metric_verdict(app, (ui_metric)m, &c->s[0], &c->s[1]);
        const char *word = v == 1 ? ui_tr(app, S_BETTER) : v == -1 ? ui_tr(app, S_WORSE)
                         : v == 0 ? ui_tr(app, S_SAME) : "-";
        char cell[80];
        snprintf(cell, sizeof cell, "%s%s", v == 1 ? "\xe2\x96\xb2 " : v == -1 ? "\xe2\x96\xbc " : "",
                 word);
        SDL_Color col = v == 1 ? t->green : v == -1 ? t->red : t->muted;
        if (v == 1) col = (SDL_Color){ 0x6B, 0xD8, 0x8E, 255 };   /* lighter: contrast on the panel */
        if (v == -1) col = (SDL_Color){ 0xFF, 0x8A, 0x8A, 255 };
        ui_text(app, (SDL_Rect){ x + 3 * p, y, cw[3] - 3 * p - p / 2, rh }, cell, 16, UI_MIDDLE | UI_BOLD, col);
    }
    /* the units of the rows, explained once */
    ui_text(app, (SDL_Rect){ r.x + p, r.y + p / 2 + (UM_COUNT + 1) * rh, r.w - 2 * p, rh }, ui_units_legend(app), 13,
            UI_MIDDLE | UI_WRAP, t->muted);
}

static void compare_draw(pd_app *app)
{
    compare_state *c = &app->cmp;
    const ui_theme *t = &app->th;
    int W = app->w, H = app->h, m = ui_px(app, 20), g = ui_px(app, 12);
    SDL_Rect head = { m, m / 2, W - 2 * m, ui_px(app, 40) };
    ui_text(app, head, ui_tr(app, S_COMPARE_TITLE), 26, UI_BOLD | UI_MIDDLE, t->text);
    SDL_Rect keys = { m, H - ui_px(app, 30), W - 2 * m, ui_px(app, 24) };
    ui_text(app, keys, ui_tr(app, S_CMP_KEYS), 14, UI_MIDDLE, t->muted);
    int bh = ui_px(app, 44);
    SDL_Rect bar = { m, keys.y - ui_px(app, 6) - bh, W - 2 * m, bh };
    int top = head.y + head.h + g / 2, bottom = bar.y - g, ch = bottom - top;
    int label_h = ui_px(app, 26), wave_h = ch * 22 / 100;
    SDL_Rect la = { m, top, W - 2 * m, label_h };
    c->wave[0] = (SDL_Rect){ m, la.y + label_h, W - 2 * m, wave_h };
    SDL_Rect lb = { m, c->wave[0].y + wave_h + ui_px(app, 6), W - 2 * m, label_h };
    c->wave[1] = (SDL_Rect){ m, lb.y + label_h, W - 2 * m, wave_h };
    SDL_Rect table = { m, c->wave[1].y + wave_h + g, W - 2 * m, bottom - (c->wave[1].y + wave_h + g) };

    int keepf = ui_focus_id(&c->focus);
    ui_focus_clear(&c->focus);
    ui_focus_add(&c->focus, CMP_WAVE_A, c->wave[0]);
    ui_focus_add(&c->focus, CMP_WAVE_B, c->wave[1]);
    int bw = (bar.w - 2 * g) / 3;
    static const int ids[3] = { CMP_PLAY_A, CMP_PLAY_B, CMP_BACK };
    for (int i = 0; i < 3; i++)
        ui_focus_add(&c->focus, ids[i], (SDL_Rect){ bar.x + i * (bw + g), bar.y, bw, bh });
    ui_focus_set(&c->focus, keepf >= 0 ? keepf : CMP_PLAY_A);
    int fid = ui_focus_id(&c->focus);

    int phase = SDL_AtomicGet(&c->phase);
    for (int k = 0; k < 2; k++) {
        char lab[200], when[64];
        struct tm tmv;
        localtime_r(&c->s[k].when, &tmv);
        strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tmv);
        char dt[64];   /* duration / target; an imported take has no target */
        if (c->s[k].target_s > 0)
            snprintf(dt, sizeof dt, "%s / %s", ui_clock_text(app, c->s[k].duration_s),
                     ui_clock_text(app, c->s[k].target_s));
        else snprintf(dt, sizeof dt, "%s", ui_clock_text(app, c->s[k].duration_s));
        snprintf(lab, sizeof lab, "%s   %s   %s%s%s", k ? "B" : "A", when, dt, c->s[k].note[0] ? "   " : "",
                 c->s[k].note);
        ui_text(app, k ? lb : la, lab, 16, UI_BOLD | UI_MIDDLE, t->text);
    }
    if (phase == RES_READY) {
        double axis = fmax(ui_take_duration(&c->tk[0]), ui_take_duration(&c->tk[1]));
        for (int k = 0; k < 2; k++) {
            if (c->ok[k]) {
                c->shown_err[k][0] = 0;
                ui_take_draw_wave(app, c->wave[k], &c->tk[k], axis);
                continue;
            }
            SDL_Rect w = c->wave[k];
            ui_fill(app, w, t->panel);
            const char *name = k ? "B" : "A";
            const char *msg = !c->s[k].path[0] ? ui_trf(app, S_CMP_NO_RECORDING_FMT, name)
                            : c->missing[k]    ? ui_trf(app, S_CMP_TAKE_MISSING_FMT, name, c->s[k].path)
                                               : ui_trf(app, S_CMP_TAKE_ERR_FMT, name, c->s[k].path,
                                                        c->take_err[k]);
            snprintf(c->shown_err[k], sizeof c->shown_err[k], "%s", msg);
            ui_text(app, (SDL_Rect){ w.x + m, w.y, w.w - 2 * m, w.h }, msg, 16,
                    UI_CENTER | UI_MIDDLE | UI_WRAP, t->red);
        }
        if (c->playing >= 0 && axis > 0) {
            double pos = ui_player_position(&c->player);
            if (c->player.playing || pos > 0) {
                SDL_Rect w = c->wave[c->playing];
                int x = w.x + (int)(pos / axis * w.w);
                ui_fill(app, (SDL_Rect){ x - 1, w.y, ui_px(app, 2) > 1 ? ui_px(app, 2) : 1, w.h },
                        t->focus);
            }
        }
        draw_table(app, table);
    } else {
        SDL_Rect msg = { m, c->wave[0].y, W - 2 * m, c->wave[1].y + wave_h - c->wave[0].y };
        ui_fill(app, msg, t->panel);
        const char *s = phase == RES_ANALYSING ? ui_tr(app, S_ANALYSING)
                                               : ui_trf(app, S_ERR_ANALYSE_FMT, c->err);
        ui_text(app, (SDL_Rect){ msg.x + m, msg.y, msg.w - 2 * m, msg.h }, s, 20,
                UI_CENTER | UI_MIDDLE | UI_WRAP, phase == RES_FAILED ? t->red : t->text);
        draw_table(app, table);
    }
    if (fid == CMP_WAVE_A || fid == CMP_WAVE_B) ui_focus_ring(app, c->wave[fid == CMP_WAVE_B]);
    for (int i = 0; i < 3; i++) {
        const char *lab = i < 2 && c->playing == i && c->player.playing
                              ? ui_tr(app, S_STOP_PLAY)
                              : ui_tr(app, i == 0 ? S_CMP_PLAY_A : i == 1 ? S_CMP_PLAY_B : S_BACK);
        ui_button(app, c->focus.w[i + 2].r, lab, fid == ids[i], 0);
    }
}

const pd_screen pd_screen_compare = {
    "compare", compare_enter, compare_leave, compare_event, NULL, compare_draw, NULL,
};
