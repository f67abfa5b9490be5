/* screen_progress.c - progress you can see: the ladder at a glance (each
 * step's status, attempts and latest peak; where the user is; how far they
 * have come), the habituation charts of the selected step (distress before
 * / peak / after over the attempts, and over the repetitions of its latest
 * session), and delivery beside distress for the programme's takes (the
 * history's figures of each exposure's take next to its peak, in the
 * core's sentences: pd_delivery_vs_distress, honest with too little data):
 * pace, pauses, filled pauses, and the pitch level against the speaker's
 * own baseline (12 log2 of the take's median pitch over the baseline's, in
 * semitones: a raised pitch is a classic sign of nerves).
 * What is shown is the core's (pd_ladder_progress, pd_programme_status,
 * pd_delivery_vs_distress); this file selects the exposures and draws. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "podium/store.h"
#include "ui.h"

static const pd_str fig_labels[PRG_FIGS] = { S_PRG_PACE, S_PRG_PAUSES, S_PRG_FILLED, S_PRG_PITCH };
static const pd_str fig_units[PRG_FIGS] = { S_SYL_S, S_PRG_UNIT_PAUSES, S_PRG_UNIT_FILLED, S_PRG_UNIT_PITCH };
static const int fig_decimals[PRG_FIGS] = { 1, 1, 1, 1 };

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}


/* The takes of the programme's exposures, from the history: their delivery
 * figures beside the peak distress, and the core's sentence for each. Read
 * when the screen opens and when the exposures change, not every frame. */
static void read_delivery(pd_app *app)
{
    progress_state *P = &app->prg;
    P->read_nxp = app->nxp;
    P->nd = 0;
    int k = 0;
    /* the speaker's pitch baseline (the marked take, else the median of the
     * last five): none yet, and the pitch figure says there is too little */
    double base_hz = NAN;
    int marked = 0;
    if (app->history && app->history->baseline) {
        if (app->history->baseline(app->history, PD_METRIC_F0_MEDIAN, &base_hz, &marked) != 0) base_hz = NAN;
    } else if (app->history) {   /* no store (memory history): the same rule over the newest takes */
        pd_take_summary r[5];
        double v[5];
        int n = app->history->recent(app->history, r, 5), nv = 0;
        for (int i = 0; i < n; i++)
            if (isfinite(r[i].f0_median_hz) && r[i].f0_median_hz > 0) v[nv++] = r[i].f0_median_hz;
        qsort(v, (size_t)nv, sizeof v[0], cmp_double);
        base_hz = nv ? (nv % 2 ? v[nv / 2] : 0.5 * (v[nv / 2 - 1] + v[nv / 2])) : NAN;
    }
    /* the newest PRG_DELIVERY_MAX with a take, then oldest first */
    for (int i = app->nxp - 1; i >= 0 && k < PRG_DELIVERY_MAX; i--) {
        const pd_exposure *e = &app->xp[i];
        pd_take_summary t;
        if (e->take_id <= 0 || !app->history || app->history->get(app->history, e->take_id, &t) != 0) continue;
        P->d_date[k] = e->date;
        P->d_step[k] = pd_ladder_find(&app->ladder, e->step_id) + 1;
        P->d_peak[k] = e->suds_peak == PD_RATING_NONE ? NAN : e->suds_peak;
        P->d_fig[0][k] = t.pace_syl_s;
        P->d_fig[1][k] = t.pauses_per_min;
        P->d_fig[2][k] = t.filled_per_100w;
        P->d_fig[3][k] = isfinite(base_hz) && base_hz > 0 && isfinite(t.f0_median_hz) && t.f0_median_hz > 0
                             ? 12.0 * log2(t.f0_median_hz / base_hz) : NAN;
        k++;
    }
    for (int a = 0, b = k - 1; a < b; a++, b--) {
        int64_t dd = P->d_date[a];
        P->d_date[a] = P->d_date[b];
        P->d_date[b] = dd;
        int ds = P->d_step[a];
        P->d_step[a] = P->d_step[b];
        P->d_step[b] = ds;
        double dp = P->d_peak[a];
        P->d_peak[a] = P->d_peak[b];
        P->d_peak[b] = dp;
        for (int f = 0; f < PRG_FIGS; f++) {
            double v = P->d_fig[f][a];
            P->d_fig[f][a] = P->d_fig[f][b];
            P->d_fig[f][b] = v;
        }
    }
    P->nd = k;
    for (int f = 0; f < PRG_FIGS; f++)
        pd_delivery_vs_distress(P->d_peak, P->d_fig[f], (size_t)k, ui_tr(app, fig_labels[f]),
                                ui_tr(app, fig_units[f]), fig_decimals[f], app->lang,
                                P->delivery[f], sizeof P->delivery[f]);
    if (!isfinite(base_hz))   /* why there is no pitch figure */
        snprintf(P->delivery[3], sizeof P->delivery[3], "%s", ui_tr(app, S_PRG_NO_PITCH_BASE));
}

static void refresh(pd_app *app)
{
    progress_state *P = &app->prg;
    pd_ladder_progress(&app->ladder, app->xp, app->nxp > 0 ? (size_t)app->nxp : 0, &app->xrules, P->prog);
    if (P->sel >= app->ladder.n) P->sel = app->ladder.n - 1;
    if (P->sel < 0) P->sel = 0;
    if (P->read_nxp != app->nxp) read_delivery(app);
}

static void progress_enter(pd_app *app)
{
    progress_state *P = &app->prg;
    pd_app_load_ladder(app);
    memset(P, 0, sizeof *P);
    P->read_nxp = -1;
    P->focus.focus = -1;
    P->sel = app->ladder.current;
    refresh(app);
}

static void progress_leave(pd_app *app)
{
    (void)app;
}

/* ---- layout ---------------------------------------------------------------------- */
typedef struct prg_layout {
    SDL_Rect title, status, summary, bar, list, chart, session, delivery, keys, back;
} prg_layout;

static void layout(pd_app *app, prg_layout *Y)
{
    int W = app->w, H = app->h, m = ui_px(app, 20), g = ui_px(app, 12);
    Y->title = (SDL_Rect){ m, m / 2, (W - 2 * m) / 3, ui_px(app, 42) };
    Y->status = (SDL_Rect){ m + Y->title.w, m / 2, W - 2 * m - Y->title.w, ui_px(app, 42) };
    int y = Y->title.y + Y->title.h;
    Y->summary = (SDL_Rect){ m, y, (W - 2 * m) * 45 / 100, ui_px(app, 30) };
    Y->bar = (SDL_Rect){ m + Y->summary.w + g, y + ui_px(app, 3), W - 2 * m - Y->summary.w - g, ui_px(app, 24) };
    y += Y->summary.h + g / 2;
    int bh = ui_px(app, 42);
    Y->back = (SDL_Rect){ W - m - ui_px(app, 240), H - m / 2 - bh, ui_px(app, 240), bh };
    Y->keys = (SDL_Rect){ m, Y->back.y, Y->back.x - m - g, bh };
    int bottom = Y->back.y - g, h = bottom - y, top_h = h * 56 / 100;
    int left_w = (W - 2 * m - g) * 40 / 100, rx = m + left_w + g, rw = W - m - rx;
    Y->list = (SDL_Rect){ m, y, left_w, top_h };
    Y->chart = (SDL_Rect){ rx, y, rw, top_h };
    Y->session = (SDL_Rect){ m, y + top_h + g, left_w, h - top_h - g };
    Y->delivery = (SDL_Rect){ rx, y + top_h + g, rw, h - top_h - g };
}

static void build_focus(pd_app *app, const prg_layout *Y)
{
    progress_state *P = &app->prg;
    int keep = ui_focus_id(&P->focus);
    ui_focus_clear(&P->focus);
    ui_focus_add(&P->focus, PRG_LIST, Y->list);
    ui_focus_add(&P->focus, PRG_BACK, Y->back);
    P->focus.focus = -1;
    ui_focus_set(&P->focus, keep >= 0 ? keep : PRG_LIST);
}

/* ---- events ------------------------------------------------------------------------- */
static void progress_event(pd_app *app, const SDL_Event *e)
{
    progress_state *P = &app->prg;
    prg_layout Y;
    layout(app, &Y);
    build_focus(app, &Y);
    int n = app->ladder.n;
    if (e->type == SDL_KEYDOWN) {
        switch (e->key.keysym.sym) {
        case SDLK_UP: if (P->sel > 0) P->sel--; return;
        case SDLK_DOWN: if (P->sel < n - 1) P->sel++; return;
        case SDLK_HOME: P->sel = 0; return;
        case SDLK_END: P->sel = n > 0 ? n - 1 : 0; return;
        case SDLK_ESCAPE: case SDLK_l: pd_app_switch(app, PD_LADDER); return;
        default: break;
        }
    }
    if (e->type == SDL_MOUSEWHEEL) {
        int dy = e->wheel.direction == SDL_MOUSEWHEEL_FLIPPED ? -e->wheel.y : e->wheel.y;
        P->sel -= dy;
        if (P->sel > n - 1) P->sel = n - 1;
        if (P->sel < 0) P->sel = 0;
        return;
    }
    if (e->type == SDL_MOUSEBUTTONDOWN && e->button.button == SDL_BUTTON_LEFT) {
        SDL_Point p = { (int)(e->button.x * app->density), (int)(e->button.y * app->density) };
        for (int i = 0; i < n; i++)
            if (P->row_box[i].w > 0 && SDL_PointInRect(&p, &P->row_box[i])) {
                P->sel = i;
                ui_focus_set(&P->focus, PRG_LIST);
                return;
            }
    }
    int id = ui_focus_event(app, &P->focus, e, 0);
    if (id == PRG_BACK) pd_app_switch(app, PD_LADDER);
}

/* ---- drawing ------------------------------------------------------------------------ */
static SDL_Color status_color(const pd_app *app, pd_step_status s)
{
    return s == PD_STATUS_DONE ? app->th.pitch : s == PD_STATUS_PRACTISING ? app->th.yellow : app->th.muted;
}

static const char *date_text(pd_app *app, int64_t when, int with_time)
{
    char *out = app->fmtbuf[app->fmtnext];
    app->fmtnext = (app->fmtnext + 1) % 4;
    time_t tt = (time_t)when;
    struct tm tmv;
    localtime_r(&tt, &tmv);
    strftime(out, sizeof app->fmtbuf[0], with_time ? "%Y-%m-%d %H:%M" : "%Y-%m-%d", &tmv);
    return out;
}

/* Every step in one bar, easiest on the left: its status's colour, the
 * current step framed. */
static void draw_bar(pd_app *app, SDL_Rect r)
{
    const progress_state *P = &app->prg;
    const ui_theme *t = &app->th;
    int n = app->ladder.n;
    if (n <= 0) return;
    int gap = ui_px(app, 3);
    for (int i = 0; i < n; i++) {
        int x0 = r.x + (int)((long)r.w * i / n), x1 = r.x + (int)((long)r.w * (i + 1) / n) - gap;
        SDL_Rect s = { x0, r.y, x1 - x0, r.h };
        pd_step_status st = P->prog[i].status;
        ui_fill(app, s, st == PD_STATUS_NOT_STARTED ? t->panel2 : status_color(app, st));
        if (i == app->ladder.current) ui_frame(app, (SDL_Rect){ s.x - gap, s.y - gap, s.w + 2 * gap, s.h + 2 * gap },
                                               t->focus, ui_px(app, 2));
        char num[8];
        snprintf(num, sizeof num, "%d", i + 1);
        if (s.w >= ui_px(app, 14))
            ui_text(app, s, num, 13, UI_CENTER | UI_MIDDLE | UI_BOLD,
                    st == PD_STATUS_NOT_STARTED ? t->muted : t->accent_text);
    }
}

/* A glance row: the title, then the status (attempts, latest peak, "you
 * are here" on the current step), each wrapped to at most 2 lines. */
typedef struct glance_row {
    char title[200], status[300];
    int title_lines, status_lines, h;
} glance_row;

static int lines2(int n)
{
    return n < 1 ? 1 : n > 2 ? 2 : n;
}

static void glance_measure(pd_app *app, int i, int w, glance_row *g)
{
    const pd_step_progress *p = &app->prg.prog[i];
    snprintf(g->title, sizeof g->title, "%d. %s", i + 1, app->ladder.step[i].title);
    const char *st = pd_step_status_words(p->status, app->lang);
    char peak[16];
    if (p->last_peak == PD_RATING_NONE) snprintf(peak, sizeof peak, "-");
    else snprintf(peak, sizeof peak, "%d", p->last_peak);
    snprintf(g->status, sizeof g->status, "%s%s%s",
             p->attempts ? ui_trf(app, S_LAD_STATUS_FMT, st, p->attempts, peak) : st,
             i == app->ladder.current ? "  \xc2\xb7  " : "", i == app->ladder.current ? ui_tr(app, S_LAD_HERE) : "");
    g->title_lines = lines2(ui_text_lines(app, g->title, 16, 1, w));
    g->status_lines = lines2(ui_text_lines(app, g->status, 14, i == app->ladder.current, w));
    g->h = g->title_lines * ui_px(app, 20) + g->status_lines * ui_px(app, 18) + ui_px(app, 8);
}

static void draw_glance(pd_app *app, SDL_Rect box, int focused)
{
    progress_state *P = &app->prg;
    const ui_theme *t = &app->th;
    int n = app->ladder.n, pad = ui_px(app, 12), head = ui_px(app, 30);
    ui_fill(app, box, t->panel);
    ui_text(app, (SDL_Rect){ box.x + pad, box.y + ui_px(app, 4), box.w - 2 * pad, head }, ui_tr(app, S_PRG_GLANCE), 17,
            UI_BOLD | UI_MIDDLE, t->text);
    SDL_Rect list = { box.x + ui_px(app, 6), box.y + head + ui_px(app, 6), box.w - ui_px(app, 12),
                      box.h - head - ui_px(app, 12) };
    P->list_box = list;
    memset(P->row_box, 0, sizeof P->row_box);
    int gap = ui_px(app, 4), tw = list.w - ui_px(app, 20);
    glance_row g;
    /* the selection in view: top moves as little as it must */
    if (P->sel < P->top) P->top = P->sel;
    for (;;) {
        int y = 0, last = P->top - 1;
        for (int i = P->top; i < n; i++) {
            glance_measure(app, i, tw, &g);
            y += g.h + gap;
            if (y - gap > list.h) break;
            last = i;
        }
        if (last >= P->sel || P->top >= P->sel) break;
        P->top++;
    }
    int y = list.y, shown = 0;
    for (int i = P->top; i < n; i++) {
        glance_measure(app, i, tw, &g);
        if (y + g.h > list.y + list.h) break;
        int cur = i == app->ladder.current;
        SDL_Rect r = { list.x, y, list.w, g.h };
        P->row_box[i] = r;
        ui_fill(app, r, i == P->sel ? t->panel2 : t->panel);
        if (i == P->sel) ui_fill(app, (SDL_Rect){ r.x, r.y, ui_px(app, 4), r.h }, t->accent);
        if (cur) ui_fill(app, (SDL_Rect){ r.x + r.w - ui_px(app, 4), r.y, ui_px(app, 4), r.h }, t->focus);
        int x = r.x + ui_px(app, 10), ry = r.y + ui_px(app, 4), th = g.title_lines * ui_px(app, 20);
        ui_text(app, (SDL_Rect){ x, ry, tw, th }, g.title, 16, UI_BOLD | UI_MIDDLE | UI_WRAP, t->text);
        ui_text(app, (SDL_Rect){ x, ry + th, tw, g.status_lines * ui_px(app, 18) }, g.status, 14,
                UI_MIDDLE | UI_WRAP | (cur ? UI_BOLD : 0), cur ? t->focus : status_color(app, P->prog[i].status));
        y += g.h + gap;
        shown++;
    }
    P->rows = shown;
    if (focused) ui_focus_ring(app, box);
}

static int clamp_rating(int v)
{
    return v < 0 ? 0 : v > 100 ? 100 : v;
}

/* The habituation chart: before / peak / after of exposures ex[0..n-1]
 * (in order) on a 0-100 axis; x labels the dates, or the repetitions. */
static void draw_chart(pd_app *app, SDL_Rect r, const char *title, const pd_exposure *const *ex, int n,
                       int by_rep, const char *empty)
{
    const ui_theme *t = &app->th;
    int pad = ui_px(app, 12), lh = ui_px(app, 22);
    ui_fill(app, r, t->panel);
    ui_text(app, (SDL_Rect){ r.x + pad, r.y + ui_px(app, 4), r.w - 2 * pad, lh + ui_px(app, 4) }, title, 16,
            UI_BOLD | UI_MIDDLE, t->text);
    int y = r.y + lh + ui_px(app, 8);
    SDL_Color col[3] = { t->accent, t->filled, t->pitch };
    static const pd_str names[3] = { S_PRG_BEFORE, S_PRG_PEAK, S_PRG_AFTER };
    /* the y axis's name on the left, the legend on the right */
    int lx = r.x + r.w - pad, sw = ui_px(app, 10), yw = ui_text_width(app, ui_tr(app, S_PRG_Y_AXIS), 13, 0);
    ui_text(app, (SDL_Rect){ r.x + pad, y, yw + ui_px(app, 4), ui_px(app, 18) }, ui_tr(app, S_PRG_Y_AXIS), 13,
            UI_MIDDLE, t->muted);
    for (int s = 2; s >= 0; s--) {
        const char *nm = ui_tr(app, names[s]);
        int tw = ui_text_width(app, nm, 13, 0) + ui_px(app, 2);
        lx -= tw;
        ui_text(app, (SDL_Rect){ lx, y, tw, ui_px(app, 18) }, nm, 13, UI_MIDDLE, t->text);
        lx -= sw + ui_px(app, 4);
        ui_fill(app, (SDL_Rect){ lx, y + ui_px(app, 4), sw, sw }, col[s]);
        lx -= ui_px(app, 12);
    }
    y += ui_px(app, 22);
    int axis_w = ui_px(app, 34), xlab_h = ui_px(app, 18);
    SDL_Rect plot = { r.x + pad + axis_w, y + ui_px(app, 6), r.w - 2 * pad - axis_w - ui_px(app, 8),
                      r.y + r.h - pad / 2 - 2 * xlab_h - ui_px(app, 4) - (y + ui_px(app, 6)) };
    if (plot.h < ui_px(app, 30) || n == 0) {
        ui_text(app, (SDL_Rect){ r.x + pad, y, r.w - 2 * pad, r.y + r.h - pad - y }, empty, 15,
                UI_WRAP | UI_MIDDLE | UI_CENTER, t->muted);
        return;
    }
    ui_fill(app, plot, t->panel2);
    for (int v = 0; v <= 100; v += 25) {   /* grid and the y axis's values */
        int gy = plot.y + plot.h - 1 - (int)lround(v / 100.0 * (plot.h - 1));
        ui_fill(app, (SDL_Rect){ plot.x, gy, plot.w, 1 }, t->line);
        if (v % 50 == 0) {
            char lab[8];
            snprintf(lab, sizeof lab, "%d", v);
            ui_text(app, (SDL_Rect){ r.x + pad, gy - ui_px(app, 9), axis_w - ui_px(app, 4), ui_px(app, 18) }, lab, 12,
                    UI_RIGHT | UI_MIDDLE, t->muted);
        }
    }
    int inset = ui_px(app, 12), span = plot.w - 2 * inset;
#define PX(i) (plot.x + inset + (n == 1 ? span / 2 : (int)((long)span * (i) / (n - 1))))
#define PY(v) (plot.y + plot.h - 1 - (int)lround(clamp_rating(v) / 100.0 * (plot.h - 1)))
    int d = ui_px(app, 4) > 2 ? ui_px(app, 4) : 2;
    for (int s = 0; s < 3; s++) {
        int px = -1, py = 0;
        for (int i = 0; i < n; i++) {
            int v = s == 0 ? ex[i]->suds_before : s == 1 ? ex[i]->suds_peak : ex[i]->suds_after;
            if (v == PD_RATING_NONE) continue;   /* skipped: no point, the line joins the next */
            int x = PX(i), yy = PY(v);
            if (px >= 0) {
                ui_line(app, px, py, x, yy, col[s]);
                ui_line(app, px, py + 1, x, yy + 1, col[s]);
            }
            int ds = s == 1 ? d + 1 : d;   /* the peak's marker is larger: the rule reads it */
            if (s == 0) ui_frame(app, (SDL_Rect){ x - ds, yy - ds, 2 * ds, 2 * ds }, col[s], ui_px(app, 2));
            else ui_fill(app, (SDL_Rect){ x - ds, yy - ds, 2 * ds, 2 * ds }, col[s]);
            px = x;
            py = yy;
        }
    }
    /* the x axis: dates (or repetitions), as many as stand apart */
    int ly = plot.y + plot.h + ui_px(app, 3), lw = by_rep ? ui_px(app, 30) : ui_px(app, 84), last_x = r.x - 1000;
    char prev[32] = "";
    for (int i = 0; i < n; i++) {
        char lab[32];
        if (by_rep) snprintf(lab, sizeof lab, "%d", ex[i]->rep > 0 ? ex[i]->rep : i + 1);
        else snprintf(lab, sizeof lab, "%s", date_text(app, ex[i]->date, 0));
        int x = PX(i);
        /* the label's box kept inside the panel (the first and last dates at its ends) */
        int bx = x - lw / 2;
        if (bx + lw > r.x + r.w - ui_px(app, 2)) bx = r.x + r.w - ui_px(app, 2) - lw;
        if (bx < r.x + ui_px(app, 2)) bx = r.x + ui_px(app, 2);
        if (bx < last_x + ui_px(app, 6) || strcmp(lab, prev) == 0) continue;
        ui_fill(app, (SDL_Rect){ x, plot.y + plot.h, 1, ui_px(app, 3) }, t->muted);
        ui_text(app, (SDL_Rect){ bx, ly, lw, xlab_h }, lab, 12, UI_CENTER | UI_MIDDLE, t->muted);
        last_x = bx + lw;
        snprintf(prev, sizeof prev, "%s", lab);
    }
    ui_text(app, (SDL_Rect){ plot.x, ly + xlab_h, plot.w, xlab_h }, ui_tr(app, by_rep ? S_PRG_X_REPS : S_PRG_X_ATTEMPTS),
            13, UI_CENTER | UI_MIDDLE, t->muted);
#undef PX
#undef PY
}

/* The selected step's attempts (the newest PRG_CHART_MAX) and the
 * repetitions of its latest session with more than one. */
static void draw_charts(pd_app *app, const prg_layout *Y)
{
    progress_state *P = &app->prg;
    const pd_exposure *at[PRG_CHART_MAX] = { 0 }, *rep[PD_REPS_MAX * 4] = { 0 };
    int na = 0, nr = 0;
    long long session = 0;
    int64_t sid = app->ladder.n > 0 ? app->ladder.step[P->sel].id : 0;
    int first = 0;
    if (sid) {
        int total = 0;
        for (int i = 0; i < app->nxp; i++) total += app->xp[i].step_id == sid;
        int skip = total > PRG_CHART_MAX ? total - PRG_CHART_MAX : 0;
        for (int i = 0; i < app->nxp; i++) {
            if (app->xp[i].step_id != sid) continue;
            if (skip) {
                skip--;
                continue;
            }
            at[na++] = &app->xp[i];
        }
        /* the newest session with two or more repetitions, among the step's
         * attempts drawn */
        for (int i = na - 1; i >= 0 && !session; i--) {
            if (!at[i]->session) continue;
            int c = 0;
            for (int k = 0; k < na && c < 2; k++) c += at[k]->session == at[i]->session;
            if (c >= 2) session = at[i]->session;
        }
        for (int i = 0; session && i < app->nxp && nr < PD_REPS_MAX * 4; i++)
            if (app->xp[i].step_id == sid && app->xp[i].session == session) {
                if (!nr) first = i;
                rep[nr++] = &app->xp[i];
            }
    }
    P->attempts_drawn = na;
    P->reps_drawn = nr;
    P->session_drawn = session;
    draw_chart(app, Y->chart, ui_trf(app, S_PRG_CHART_FMT, P->sel + 1), at, na, 0, ui_tr(app, S_PRG_NO_ATTEMPTS));
    const char *st = session ? ui_trf(app, S_PRG_SESSION_FMT, date_text(app, app->xp[first].date, 1))
                             : ui_tr(app, S_PRG_SESSION_NONE);
    draw_chart(app, Y->session, st, rep, nr, 1, ui_tr(app, S_PRG_NO_REPS));
}

/* Delivery beside distress: the core's sentence for each figure, then the
 * newest exposures with a take, their peak next to the figures. */
static void draw_delivery(pd_app *app, SDL_Rect r)
{
    progress_state *P = &app->prg;
    const ui_theme *t = &app->th;
    int pad = ui_px(app, 12), lh = ui_px(app, 22);
    ui_fill(app, r, t->panel);
    ui_text(app, (SDL_Rect){ r.x + pad, r.y + ui_px(app, 4), r.w * 55 / 100, lh + ui_px(app, 4) },
            ui_tr(app, S_PRG_DELIVERY), 16, UI_BOLD | UI_MIDDLE, t->text);
    ui_text(app, (SDL_Rect){ r.x + r.w * 55 / 100, r.y + ui_px(app, 4), r.w * 45 / 100 - pad, lh + ui_px(app, 4) },
            ui_trf(app, S_PRG_TAKES_FMT, P->nd), 13, UI_RIGHT | UI_MIDDLE, t->muted);
    int y = r.y + lh + ui_px(app, 10), row_h = ui_px(app, 19);
    int avail = r.y + r.h - pad / 2 - y;
    /* the sentences first; the table gets the rows left (at most 4) */
    int need = 0, tw = r.w - 2 * pad - ui_px(app, 14);
    for (int f = 0; f < PRG_FIGS; f++) need += ui_text_lines(app, P->delivery[f], 14, 0, tw) * ui_px(app, 17) + ui_px(app, 5);
    int table_rows = (avail - need - ui_px(app, 6)) / row_h - 1;
    if (table_rows > 4) table_rows = 4;
    if (table_rows > P->nd) table_rows = P->nd;
    if (table_rows < 1) table_rows = 0;
    int sent_h = avail - (table_rows ? (table_rows + 1) * row_h + ui_px(app, 6) : 0);
    const char *paras[PRG_FIGS] = { P->delivery[0], P->delivery[1], P->delivery[2], P->delivery[3] };
    SDL_Color bullets[PRG_FIGS] = { t->accent, t->accent, t->accent, t->accent };
    ui_paragraphs(app, (SDL_Rect){ r.x + pad, y, r.w - 2 * pad, sent_h }, paras, PRG_FIGS, 14, 0.25, UI_WRAP, t->text,
                  bullets);
    if (!table_rows) return;
    y += sent_h + ui_px(app, 6);
    static const pd_str cols[7] = { S_PRG_COL_DATE, S_PRG_COL_STEP, S_PRG_COL_PEAK, S_PRG_COL_PACE, S_PRG_COL_PAUSES,
                                    S_PRG_COL_FILLED, S_PRG_COL_PITCH };
    static const int share[7] = { 19, 10, 9, 12, 18, 17, 15 };   /* percent of the width */
    int x0 = r.x + pad, w = r.w - 2 * pad, cx[8];
    cx[0] = x0;
    for (int c = 0; c < 7; c++) cx[c + 1] = cx[c] + w * share[c] / 100;
    for (int c = 0; c < 7; c++)
        ui_text(app, (SDL_Rect){ cx[c], y, cx[c + 1] - cx[c] - ui_px(app, 4), row_h }, ui_tr(app, cols[c]), 12,
                UI_BOLD | UI_MIDDLE | (c ? UI_RIGHT : 0), t->muted);
    y += row_h;
    for (int k = 0; k < table_rows; k++) {
        int i = P->nd - 1 - k;               /* the newest first */
        char stp[16];
        if (P->d_step[i] > 0) snprintf(stp, sizeof stp, "%d", P->d_step[i]);
        else snprintf(stp, sizeof stp, "-");
        char cell[7][40];   /* the formatters' buffers rotate: copy each */
        snprintf(cell[0], sizeof cell[0], "%s", date_text(app, P->d_date[i], 0));
        snprintf(cell[1], sizeof cell[1], "%s", stp);
        snprintf(cell[2], sizeof cell[2], "%s", ui_num(app, P->d_peak[i], 0));
        for (int f = 0; f < PRG_FIGS; f++)
            snprintf(cell[3 + f], sizeof cell[3 + f], "%s", ui_num(app, P->d_fig[f][i], fig_decimals[f]));
        const char *cells[7] = { cell[0], cell[1], cell[2], cell[3], cell[4], cell[5], cell[6] };
        if (k % 2 == 0) ui_fill(app, (SDL_Rect){ x0, y, w, row_h }, t->panel2);
        for (int c = 0; c < 7; c++)
            ui_text(app, (SDL_Rect){ cx[c] + (c ? 0 : ui_px(app, 4)), y, cx[c + 1] - cx[c] - ui_px(app, 4), row_h },
                    cells[c], 13, UI_MIDDLE | (c ? UI_RIGHT : 0), c == 2 ? t->filled : t->text);
        y += row_h;
    }
}

static void progress_draw(pd_app *app)
{
    progress_state *P = &app->prg;
    const ui_theme *t = &app->th;
    prg_layout Y;
    refresh(app);
    layout(app, &Y);
    build_focus(app, &Y);
    int fid = ui_focus_id(&P->focus);
    ui_text(app, Y.title, ui_tr(app, S_PRG_TITLE), 26, UI_BOLD | UI_MIDDLE, t->text);
    char status[400];
    pd_programme_status(&app->ladder, app->xp, app->nxp > 0 ? (size_t)app->nxp : 0, (int64_t)time(NULL), app->lang,
                        status, sizeof status);
    ui_text(app, Y.status, status, 16, UI_RIGHT | UI_MIDDLE, t->muted);
    int done = 0;
    for (int i = 0; i < app->ladder.n; i++) done += P->prog[i].status == PD_STATUS_DONE;
    ui_text(app, Y.summary, ui_trf(app, S_PRG_SUMMARY_FMT, done, app->ladder.n, app->nxp), 16, UI_BOLD | UI_MIDDLE,
            t->text);
    draw_bar(app, Y.bar);
    draw_glance(app, Y.list, fid == PRG_LIST);
    draw_charts(app, &Y);
    draw_delivery(app, Y.delivery);
    ui_text(app, Y.keys, ui_tr(app, S_PRG_KEYS), 14, UI_MIDDLE | UI_WRAP, t->muted);
    ui_button(app, Y.back, ui_tr(app, S_PRG_LADDER), fid == PRG_BACK, 0);
}

const pd_screen pd_screen_progress = {
    "progress", progress_enter, progress_leave, progress_event, NULL, progress_draw, NULL,
};
