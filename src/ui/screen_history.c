/* screen_history.c - every kept take with its main figures: star, note,
 * delete, open in Results, pick two to compare; a trend chart per metric
 * with the personal baseline drawn. The list covers every take but holds
 * only a window of HIST_WIN rows around the visible ones, read a page at a
 * time (pd_history list/count: pd_store_list with an offset,
 * pd_store_count). With the history store the trend's points are
 * pd_store_trend() (the newest HIST_TREND_MAX) and the baseline
 * pd_store_baseline() (the marked take, else the median of the last 5 takes
 * with speech), through the pd_history trend/baseline functions; otherwise
 * (the in-memory history, and the duration, which the store does not keep)
 * the newest HIST_TREND_MAX takes and the same rule on them: the median of
 * the newest PD_BASELINE_TAKES measured values. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "podium/store.h"
#include "ui.h"

/* A read of the history failed (a damaged database...): its own message,
 * which says what to do, in the banner instead of an empty list. */
static void history_failed(pd_app *app)
{
    const char *msg = app->history && app->history->error ? app->history->error(app->history) : "";
    if (msg && msg[0]) pd_app_banner(app, msg);
}

/* Reads rows lo..hi (clamped) into the window unless they are there: a
 * window of HIST_WIN rows centred on them, from the store's pages. */
static void ensure_rows(pd_app *app, int lo, int hi)
{
    history_state *h = &app->hist;
    if (!app->history || h->n <= 0) {
        h->nw = 0;
        return;
    }
    if (lo < 0) lo = 0;
    if (hi > h->n - 1) hi = h->n - 1;
    if (hi < lo) hi = lo;
    if (lo >= h->off && hi < h->off + h->nw) return;
    int off = lo - (HIST_WIN - (hi - lo + 1)) / 2;
    if (off > h->n - HIST_WIN) off = h->n - HIST_WIN;
    if (off < 0) off = 0;
    int got = app->history->list ? app->history->list(app->history, off, h->takes, HIST_WIN)
            : off == 0           ? app->history->recent(app->history, h->takes, HIST_WIN)
                                 : -1;
    h->off = off;
    h->nw = got > 0 ? got : 0;
    if (got < 0) history_failed(app);
    if (got >= 0 && got < HIST_WIN && off + got < h->n) h->n = off + got;   /* fewer than counted */
}

const pd_take_summary *ui_history_row(pd_app *app, int i)
{
    history_state *h = &app->hist;
    if (i < 0 || i >= h->n) return NULL;
    ensure_rows(app, i, i);
    return i >= h->off && i < h->off + h->nw ? &h->takes[i - h->off] : NULL;
}

/* The count from the store, the window read again around the selection
 * (after a change: star, note, delete), picks that were deleted forgotten. */
static void reload(pd_app *app)
{
    history_state *h = &app->hist;
    pd_history *hs = app->history;
    h->n = 0;
    if (hs) h->n = hs->count ? hs->count(hs) : hs->recent(hs, h->takes, HIST_WIN);
    if (h->n < 0) {
        history_failed(app);
        h->n = 0;
    }
    if (h->sel >= h->n) h->sel = h->n ? h->n - 1 : 0;
    if (h->top > h->sel) h->top = h->sel;
    h->off = h->nw = 0;
    ensure_rows(app, h->top, h->sel);
    if (h->sel >= h->n) h->sel = h->n ? h->n - 1 : 0;
    for (int k = 0; k < 2; k++) {                   /* forget picks that were deleted */
        pd_take_summary t;
        if (h->pick[k] && (!hs || hs->get(hs, h->pick[k], &t) != 0)) h->pick[k] = 0;
        else if (h->pick[k]) h->pick_when[k] = t.when;
    }
    if (!h->pick[0] && h->pick[1]) {
        h->pick[0] = h->pick[1], h->pick_when[0] = h->pick_when[1];
        h->pick[1] = 0;
    }
    h->trend_n = -1;                                /* read the trend again */
}

static void history_enter(pd_app *app)
{
    history_state *h = &app->hist;
    long long keep[2] = { h->pick[0], h->pick[1] };
    time_t keep_when[2] = { h->pick_when[0], h->pick_when[1] };
    int metric = h->metric, sel = h->sel, top = h->top;
    memset(h, 0, sizeof *h);
    h->pick[0] = keep[0];
    h->pick[1] = keep[1];
    h->pick_when[0] = keep_when[0];
    h->pick_when[1] = keep_when[1];
    h->metric = metric;
    h->sel = sel;
    h->top = top;
    h->rows = 1;
    h->focus.focus = 0;
    reload(app);
    SDL_StopTextInput();
}

static void history_leave(pd_app *app)
{
    (void)app;
    SDL_StopTextInput();
}

static const pd_take_summary *selected(pd_app *app)
{
    return ui_history_row(app, app->hist.sel);
}

static int picked(const history_state *h, long long id)
{
    return id && h->pick[0] == id ? 1 : id && h->pick[1] == id ? 2 : 0;
}

/* The badge of a picked take as Compare will show it: A = the older. */
static const char *badge(const history_state *h, const pd_take_summary *k)
{
    int p = picked(h, k->id);
    if (!p) return NULL;
    long long oid = h->pick[2 - p];
    if (!oid) return "A";
    time_t ow = h->pick_when[2 - p];
    int older = k->when < ow || (k->when == ow && k->id < oid);
    return older ? "A" : "B";
}

/* Moves the selection to row i (clamped). */
static void select_row(history_state *h, int i)
{
    if (i > h->n - 1) i = h->n - 1;
    if (i < 0) i = 0;
    h->sel = i;
    h->confirm_delete = 0;
}

static void activate(pd_app *app, int id)
{
    history_state *h = &app->hist;
    const pd_take_summary *t = selected(app);
    if (id != HIST_DELETE) h->confirm_delete = 0;
    switch (id) {
    case HIST_LIST:
    case HIST_OPEN:
        if (!t) break;
        pd_app_open_take(app, t, PD_HISTORY);
        break;
    case HIST_STAR:
        if (t) app->history->set_star(app->history, t->id, !t->starred);
        reload(app);
        break;
    case HIST_NOTE:
        if (!t) break;
        h->editing = 1;
        snprintf(h->note, sizeof h->note, "%s", t->note);
        SDL_StartTextInput();
        break;
    case HIST_DELETE:
        if (!t) break;
        if (!h->confirm_delete) {
            h->confirm_delete = 1;
            break;
        }
        h->confirm_delete = 0;
        app->history->remove(app->history, t->id);
        reload(app);
        break;
    case HIST_PICK:
        if (!t) break;
        if (picked(h, t->id) == 1) {
            h->pick[0] = h->pick[1], h->pick_when[0] = h->pick_when[1];
            h->pick[1] = 0;
        } else if (picked(h, t->id) == 2) h->pick[1] = 0;
        else if (!h->pick[0]) h->pick[0] = t->id, h->pick_when[0] = t->when;
        else if (!h->pick[1]) h->pick[1] = t->id, h->pick_when[1] = t->when;
        else {
            h->pick[0] = h->pick[1], h->pick_when[0] = h->pick_when[1];
            h->pick[1] = t->id, h->pick_when[1] = t->when;
        }
        break;
    case HIST_COMPARE: {
        if (!h->pick[0] || !h->pick[1]) break;
        pd_take_summary a, b;
        if (app->history->get(app->history, h->pick[0], &a) ||
            app->history->get(app->history, h->pick[1], &b))
            break;
        int a_first = a.when < b.when || (a.when == b.when && a.id < b.id);   /* A = older */
        app->compare_id[0] = a_first ? a.id : b.id;
        app->compare_id[1] = a_first ? b.id : a.id;
        pd_app_switch(app, PD_COMPARE);
        break;
    }
    case HIST_BACK: pd_app_switch(app, PD_HOME); break;
    default: break;
    }
}

static void edit_event(pd_app *app, const SDL_Event *e)
{
    history_state *h = &app->hist;
    if (e->type == SDL_TEXTINPUT) {
        size_t l = strlen(h->note), add = strlen(e->text.text);
        if (l + add < sizeof h->note) memcpy(h->note + l, e->text.text, add + 1);
    } else if (e->type == SDL_KEYDOWN) {
        SDL_Keycode k = e->key.keysym.sym;
        if (k == SDLK_BACKSPACE) {
            size_t l = strlen(h->note);
            while (l > 0 && (h->note[l - 1] & 0xC0) == 0x80) l--;   /* a whole UTF-8 character */
            if (l > 0) l--;
            h->note[l] = 0;
        } else if (k == SDLK_RETURN || k == SDLK_KP_ENTER || k == SDLK_ESCAPE) {
            const pd_take_summary *t = selected(app);
            if (k != SDLK_ESCAPE && t) app->history->set_note(app->history, t->id, h->note);
            h->editing = 0;
            SDL_StopTextInput();
            reload(app);
        }
    }
}

static void history_event(pd_app *app, const SDL_Event *e)
{
    history_state *h = &app->hist;
    if (h->editing) {
        edit_event(app, e);
        return;
    }
    if (e->type == SDL_KEYDOWN) {
        SDL_Keycode k = e->key.keysym.sym;
        int act = -1;
        switch (k) {
        case SDLK_UP: select_row(h, h->sel - 1); return;
        case SDLK_DOWN: select_row(h, h->sel + 1); return;
        case SDLK_PAGEUP: select_row(h, h->sel - (h->rows > 1 ? h->rows : 1)); return;
        case SDLK_PAGEDOWN: select_row(h, h->sel + (h->rows > 1 ? h->rows : 1)); return;
        case SDLK_HOME: select_row(h, 0); return;
        case SDLK_END: select_row(h, h->n - 1); return;
        case SDLK_LEFT: h->metric = (h->metric + UM_COUNT - 1) % UM_COUNT; return;
        case SDLK_RIGHT: h->metric = (h->metric + 1) % UM_COUNT; return;
        case SDLK_ESCAPE: case SDLK_h: act = HIST_BACK; break;
        case SDLK_s: act = HIST_STAR; break;
        case SDLK_n: act = HIST_NOTE; break;
        case SDLK_DELETE: act = HIST_DELETE; break;
        case SDLK_c: act = HIST_PICK; break;
        default: break;
        }
        if (act >= 0) {
            activate(app, act);
            return;
        }
    }
    if (e->type == SDL_MOUSEWHEEL && h->n > 0) {      /* 3 rows a notch; the selection stays in view */
        int dy = e->wheel.direction == SDL_MOUSEWHEEL_FLIPPED ? -e->wheel.y : e->wheel.y;
        int rows = h->rows > 1 ? h->rows : 1, last_top = h->n > rows ? h->n - rows : 0;
        h->top -= 3 * dy;
        if (h->top > last_top) h->top = last_top;
        if (h->top < 0) h->top = 0;
        if (h->sel < h->top) select_row(h, h->top);
        if (h->sel > h->top + rows - 1) select_row(h, h->top + rows - 1);
        return;
    }
    if (e->type == SDL_MOUSEBUTTONDOWN && e->button.button == SDL_BUTTON_LEFT && h->row_h > 0) {
        SDL_Point p = { (int)(e->button.x * app->density), (int)(e->button.y * app->density) };
        if (SDL_PointInRect(&p, &h->list_box)) {
            int row = h->top + (p.y - h->list_box.y) / h->row_h;
            if (row < h->n) {
                if (row == h->sel && e->button.clicks >= 2) activate(app, HIST_OPEN);
                else select_row(h, row);
            }
            ui_focus_set(&h->focus, HIST_LIST);
            return;
        }
    }
    int id = ui_focus_event(app, &h->focus, e, 0);
    if (id >= 0) activate(app, id);
}

/* ---- drawing ------------------------------------------------------------------ */
static void draw_row(pd_app *app, SDL_Rect r, const pd_take_summary *k, int sel, const char *pick)
{
    const ui_theme *t = &app->th;
    ui_fill(app, r, sel ? t->panel2 : t->panel);
    if (sel) ui_fill(app, (SDL_Rect){ r.x, r.y, ui_px(app, 4), r.h }, t->accent);
    int p = ui_px(app, 12), lh = (r.h - ui_px(app, 8)) / 3;
    char when[64], l1[200];
    struct tm tmv;
    localtime_r(&k->when, &tmv);
    strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tmv);
    char dt[64];   /* duration / target; an imported take has no target */
    if (k->target_s > 0)
        snprintf(dt, sizeof dt, "%s / %s", ui_clock_text(app, k->duration_s), ui_clock_text(app, k->target_s));
    else snprintf(dt, sizeof dt, "%s", ui_clock_text(app, k->duration_s));
    snprintf(l1, sizeof l1, "%s%s   %s", k->starred ? "\xe2\x98\x85 " : "", when, dt);
    int bw = pick ? ui_px(app, 30) : 0;
    ui_text(app, (SDL_Rect){ r.x + p, r.y + ui_px(app, 4), r.w - 2 * p - bw, lh }, l1, 16,
            UI_BOLD | UI_MIDDLE, k->starred ? t->focus : t->text);
    if (pick) {
        SDL_Rect b = { r.x + r.w - p - bw + ui_px(app, 4), r.y + ui_px(app, 4), bw - ui_px(app, 4), lh };
        ui_fill(app, b, t->accent);
        ui_text(app, b, pick, 15, UI_BOLD | UI_CENTER | UI_MIDDLE, t->accent_text);
    }
    char l2[200];
    snprintf(l2, sizeof l2, "%s", ui_trf(app, S_TAKE_ROW_FMT, ui_num(app, k->pace_syl_s, 1),
                                         k->long_pauses, k->filled_pauses));
    size_t n = strlen(l2);
    snprintf(l2 + n, sizeof l2 - n, "   %s LUFS   %s st", ui_num(app, k->loudness_lufs, 1),
             ui_num(app, k->f0_sd_st, 1));
    ui_text(app, (SDL_Rect){ r.x + p, r.y + ui_px(app, 4) + lh, r.w - 2 * p, lh }, l2, 15,
            UI_MIDDLE, t->muted);
    if (k->note[0])
        ui_text(app, (SDL_Rect){ r.x + p, r.y + ui_px(app, 4) + 2 * lh, r.w - 2 * p, lh }, k->note,
                15, UI_MIDDLE, t->text);
}

/* The trend's points, oldest first: the store's trend (pd_store_trend) of
 * the newest HIST_TREND_MAX takes where the metric was measured; else (the
 * in-memory history, the duration, which the store does not keep) the
 * newest HIST_TREND_MAX takes, read in pages beside the list's window. Read
 * when History opens, the takes change or another metric is chosen, not
 * every frame. */
static void read_trend(pd_app *app)
{
    history_state *h = &app->hist;
    ui_metric m = (ui_metric)h->metric;
    pd_history *hs = app->history;
    int n = -1, pm = ui_metric_store(m);
    h->trend_metric = h->metric;
    if (pm >= 0 && hs && hs->trend && (n = hs->trend(hs, pm, h->trend_ids, h->trend_v, HIST_TREND_MAX)) < 0)
        history_failed(app);
    if (n < 0) {                        /* the newest takes (listed newest first) */
        enum { PAGE = 16 };
        pd_take_summary page[PAGE];
        int total = h->n < HIST_TREND_MAX ? h->n : HIST_TREND_MAX, got = 0;
        n = 0;
        while (hs && got < total) {
            int k = hs->list ? hs->list(hs, got, page, PAGE) : got ? 0 : hs->recent(hs, page, PAGE);
            if (k <= 0) break;
            for (int i = 0; i < k && got < total; i++, got++) {
                int at = total - 1 - got;           /* oldest first */
                h->trend_ids[at] = page[i].id;
                h->trend_v[at] = ui_metric_trend_value(&page[i], m);
            }
        }
        if (got < total) {                  /* fewer than counted: keep the ones read */
            memmove(h->trend_ids, h->trend_ids + (total - got), (size_t)got * sizeof h->trend_ids[0]);
            memmove(h->trend_v, h->trend_v + (total - got), (size_t)got * sizeof h->trend_v[0]);
        }
        n = got;
    }
    h->trend_n = n;
    /* the dates under the axis: the first, middle and last points' */
    int at[3] = { 0, n / 2, n - 1 };
    for (int k = 0; k < 3; k++) {
        pd_take_summary t;
        h->trend_when[k] = n > 0 && hs && hs->get(hs, h->trend_ids[at[k]], &t) == 0 ? t.when : 0;
    }
}

static void draw_trend(pd_app *app, SDL_Rect r)
{
    const ui_theme *t = &app->th;
    history_state *h = &app->hist;
    ui_fill(app, r, t->panel);
    int p = ui_px(app, 14), hh = ui_px(app, 30);
    ui_metric m = (ui_metric)h->metric;
    char title[200];
    snprintf(title, sizeof title, "< %s >",
             ui_trf(app, S_TREND_FMT, ui_tr(app, m == UM_DURATION ? S_M_DURATION_SHARE : ui_metric_label(m))));
    ui_text(app, (SDL_Rect){ r.x + p, r.y + p / 2, r.w - 2 * p, hh }, title, 18, UI_BOLD | UI_MIDDLE,
            t->text);
    SDL_Rect plot = { r.x + p + ui_px(app, 50), r.y + p + hh + ui_px(app, 6),
                      r.w - 2 * p - ui_px(app, 50), r.h - 2 * p - hh - ui_px(app, 104) };
    if (h->trend_n < 0 || h->trend_metric != h->metric) read_trend(app);
    const double *v = h->trend_v;
    const long long *ids = h->trend_ids;
    int n = h->trend_n, pm = ui_metric_store(m);
    pd_history *hs = app->history;
    double sorted[HIST_TREND_MAX];
    int nv = 0;
    for (int i = 0; i < n; i++)
        if (isfinite(v[i])) sorted[nv++] = v[i];
    double base = NAN;
    int marked = 0;
    if (!(pm >= 0 && hs && hs->baseline && hs->baseline(hs, pm, &base, &marked) == 0)) {
        double last[PD_BASELINE_TAKES];
        int nl = 0;
        for (int i = n - 1; i >= 0 && nl < PD_BASELINE_TAKES; i--)
            if (isfinite(v[i])) last[nl++] = v[i];
        for (int i = 1; i < nl; i++)
            for (int k = i; k > 0 && last[k - 1] > last[k]; k--) {
                double x = last[k];
                last[k] = last[k - 1];
                last[k - 1] = x;
            }
        if (nl) base = nl % 2 ? last[nl / 2] : 0.5 * (last[nl / 2 - 1] + last[nl / 2]);
        marked = 0;
    }
    h->trend_base = base;
    h->trend_base_marked = marked;
    h->trend_points = nv;
    if (nv < 2) {
        ui_text(app, plot, ui_tr(app, S_TREND_FEW), 16, UI_WRAP | UI_MIDDLE | UI_CENTER, t->muted);
        return;
    }
    for (int i = 1; i < nv; i++)
        for (int k = i; k > 0 && sorted[k - 1] > sorted[k]; k--) {
            double x = sorted[k];
            sorted[k] = sorted[k - 1];
            sorted[k - 1] = x;
        }
    if (isfinite(base)) {               /* a marked take older than the points shown */
        sorted[0] = fmin(sorted[0], base);
        sorted[nv - 1] = fmax(sorted[nv - 1], base);
    }
    double lo = sorted[0], hi = sorted[nv - 1], blo, bhi;
    ui_metric_band(app, m, selected(app), &blo, &bhi);
    if (m == UM_DURATION) blo = 100.0 * 2.0 / 3.0, bhi = 100.0;   /* the share of each take's target */
    if (isfinite(blo) && blo > lo - (hi - lo) && blo < hi + (hi - lo) + 1) lo = fmin(lo, blo);
    if (isfinite(bhi) && bhi < hi + (hi - lo) + 1 && bhi > lo - (hi - lo)) hi = fmax(hi, bhi);
    if (hi - lo < 1e-6) lo -= 1, hi += 1;
    double pad = (hi - lo) * 0.1, min, max;
    lo -= pad;
    hi += pad;
    ui_metric_limits(m, &min, &max);   /* no pace under 0, no loudness over 0 LUFS */
    if (isfinite(min) && lo < min) lo = min;
    if (isfinite(max) && hi > max) hi = max;
    h->trend_lo = lo;
    h->trend_hi = hi;
    ui_fill(app, plot, t->panel2);
#define Y(val) (plot.y + plot.h - 1 - (int)(((val) - lo) / (hi - lo) * (plot.h - 1)))
    if (isfinite(blo) || isfinite(bhi)) {
        int y0 = Y(isfinite(bhi) ? fmin(bhi, hi) : hi), y1 = Y(isfinite(blo) ? fmax(blo, lo) : lo);
        if (y1 > y0) ui_fill(app, (SDL_Rect){ plot.x, y0, plot.w, y1 - y0 }, t->band);
    }
    int yb = isfinite(base) ? Y(base) : 0;
    for (int x = plot.x; isfinite(base) && x < plot.x + plot.w; x += ui_px(app, 12))
        ui_fill(app, (SDL_Rect){ x, yb - 1, ui_px(app, 7), ui_px(app, 2) > 1 ? ui_px(app, 2) : 1 },
                t->focus);
    /* every point joined; a marker on each while they stand apart (up to
     * HIST_TREND_MAX points share the axis), the selected take's always */
    int d = ui_px(app, 4) > 2 ? ui_px(app, 4) : 2, px = -1, py = 0, sx = -1, sy = 0;
    int dots = n < 2 || (double)(plot.w - 1) / (n - 1) >= 2.5 * d;
    const pd_take_summary *st = selected(app);
    long long sel_id = st ? st->id : 0;
    for (int i = 0; i < n; i++) {
        int x = plot.x + (n == 1 ? plot.w / 2 : (int)((double)i / (n - 1) * (plot.w - 1)));
        if (!isfinite(v[i])) continue;
        int y = Y(v[i]);
        if (px >= 0) ui_line(app, px, py, x, y, t->accent);
        if (ids[i] == sel_id) sx = x, sy = y;
        else if (dots) ui_fill(app, (SDL_Rect){ x - d, y - d, 2 * d, 2 * d }, t->accent);
        px = x;
        py = y;
    }
    if (sx >= 0) ui_fill(app, (SDL_Rect){ sx - d, sy - d, 2 * d, 2 * d }, t->focus);
    int dec = ui_metric_decimals(m);
    int lw = ui_px(app, 48);
    {   /* light axis: nice values at the left (the unit is in the title) */
        double ast = ui_axis_step(hi - lo, plot.h / ui_px(app, 64) > 2 ? plot.h / ui_px(app, 64) : 2);
        int adec = ast >= 1 || ast <= 0 ? 0 : ast >= 0.1 ? 1 : 2;
        ui_axis_y(app, plot, lo, hi, plot.h / ui_px(app, 64) > 2 ? plot.h / ui_px(app, 64) : 2,
                  adec > dec ? adec : dec, NULL, plot.x - lw - ui_px(app, 4), lw, UI_RIGHT);
    }
    /* the dates of the first, middle and last points under the axis */
    int dh = ui_px(app, 18), dw = plot.w / 3;
    for (int k = 0; k < 3; k++) {
        if (!h->trend_when[k] || (k == 1 && n < 3)) continue;
        struct tm tmv;
        char day[16];
        localtime_r(&h->trend_when[k], &tmv);
        strftime(day, sizeof day, "%Y-%m-%d", &tmv);
        SDL_Rect dr = { k == 0 ? plot.x : k == 1 ? plot.x + (plot.w - dw) / 2 : plot.x + plot.w - dw,
                        plot.y + plot.h + ui_px(app, 2), dw, dh };
        ui_text(app, dr, day, 12, UI_MIDDLE | (k == 0 ? UI_LEFT : k == 1 ? UI_CENTER : UI_RIGHT), t->muted);
    }
    char bl[160];
    snprintf(bl, sizeof bl, "- - %s: %s", ui_tr(app, S_BASELINE), ui_num(app, base, dec));
    ui_text(app, (SDL_Rect){ plot.x, plot.y + plot.h + dh + ui_px(app, 4), plot.w, ui_px(app, 22) }, bl,
            15, UI_MIDDLE, t->focus);
    int below = plot.y + plot.h + dh + ui_px(app, 26);
    if (n == HIST_TREND_MAX) {          /* not every take: say which */
        ui_text(app, (SDL_Rect){ plot.x, below, plot.w, ui_px(app, 18) },
                ui_trf(app, S_TREND_NEWEST_FMT, n), 13, UI_MIDDLE, t->muted);
        below += ui_px(app, 18);
    }
    pd_str unit = m == UM_PACE ? S_UNIT_SYL_S : m == UM_LOUD ? S_UNIT_LUFS : m == UM_PITCH ? S_UNIT_ST : S_COUNT;
    if (unit != S_COUNT)                /* the unit in the title, explained */
        ui_text(app, (SDL_Rect){ plot.x, below, plot.w, ui_px(app, 34) }, ui_tr(app, unit), 13, UI_WRAP,
                t->muted);
#undef Y
}

static void history_draw(pd_app *app)
{
    history_state *h = &app->hist;
    const ui_theme *t = &app->th;
    int W = app->w, H = app->h, m = ui_px(app, 20), g = ui_px(app, 12);
    SDL_Rect head = { m, m / 2, W - 2 * m, ui_px(app, 40) };
    ui_text(app, (SDL_Rect){ head.x, head.y, head.w / 2, head.h }, ui_tr(app, S_HISTORY_TITLE), 26,
            UI_BOLD | UI_MIDDLE, t->text);
    int npick = (h->pick[0] != 0) + (h->pick[1] != 0);
    char right[200] = "";
    if (h->n > 0) snprintf(right, sizeof right, "%s   ", ui_trf(app, S_HIST_POS_FMT, h->sel + 1, h->n));
    snprintf(right + strlen(right), sizeof right - strlen(right), "%s", ui_trf(app, S_CMP_PICKED_FMT, npick));
    ui_text(app, (SDL_Rect){ head.x + head.w / 2, head.y, head.w / 2, head.h }, right, 15,
            UI_RIGHT | UI_MIDDLE, t->muted);
    SDL_Rect keys = { m, H - ui_px(app, 30), W - 2 * m, ui_px(app, 24) };
    ui_text(app, keys, ui_tr(app, S_HIST_KEYS), 14, UI_MIDDLE, t->muted);
    int bh = ui_px(app, 44);
    SDL_Rect bar = { m, keys.y - ui_px(app, 6) - bh, W - 2 * m, bh };
    int top = head.y + head.h + g / 2, bottom = bar.y - g;
    int left_w = (W - 2 * m - g) * 58 / 100;
    SDL_Rect list = { m, top, left_w, bottom - top };
    SDL_Rect trend = { m + left_w + g, top, W - 2 * m - left_w - g, bottom - top };

    int keepf = ui_focus_id(&h->focus);
    ui_focus_clear(&h->focus);
    ui_focus_add(&h->focus, HIST_LIST, list);
    static const int ids[7] = { HIST_OPEN, HIST_STAR, HIST_NOTE, HIST_DELETE, HIST_PICK,
                                HIST_COMPARE, HIST_BACK };
    const pd_take_summary *sel = selected(app);
    const pd_str labels[7] = { S_HIST_OPEN, sel && sel->starred ? S_HIST_UNSTAR : S_HIST_STAR,
                               S_HIST_NOTE, S_HIST_DELETE, S_HIST_PICK, S_HIST_COMPARE, S_BACK };
    int bw = (bar.w - 6 * g) / 7;
    for (int i = 0; i < 7; i++)
        ui_focus_add(&h->focus, ids[i], (SDL_Rect){ bar.x + i * (bw + g), bar.y, bw, bh });
    ui_focus_set(&h->focus, keepf >= 0 ? keepf : HIST_LIST);
    int fid = ui_focus_id(&h->focus);

    ui_fill(app, list, t->panel);
    h->list_box = list;
    h->row_h = ui_px(app, 76);
    if (h->n == 0) {
        ui_text(app, (SDL_Rect){ list.x + m, list.y, list.w - 2 * m, list.h }, ui_tr(app, S_HIST_EMPTY),
                18, UI_WRAP | UI_MIDDLE | UI_CENTER, t->muted);
    } else {
        int extra = h->editing || h->confirm_delete ? ui_px(app, 60) : 0;
        int rows = (list.h - extra) / h->row_h;
        if (rows < 1) rows = 1;
        if (!extra) h->rows = rows;
        if (h->sel < h->top) h->top = h->sel;
        if (h->sel >= h->top + rows) h->top = h->sel - rows + 1;
        if (h->top > h->n - rows) h->top = h->n > rows ? h->n - rows : 0;
        ensure_rows(app, h->top, h->top + rows - 1);
        int bar_w = h->n > rows ? ui_px(app, 6) : 0;   /* where the rows shown stand in all */
        for (int i = 0; i < rows && h->top + i < h->n; i++) {
            const pd_take_summary *k = ui_history_row(app, h->top + i);
            if (!k) break;
            SDL_Rect r = { list.x, list.y + i * h->row_h, list.w - bar_w, h->row_h - ui_px(app, 4) };
            draw_row(app, r, k, h->top + i == h->sel, badge(h, k));
        }
        if (bar_w) {
            int span = rows * h->row_h, th = span * rows / h->n;
            if (th < ui_px(app, 16)) th = ui_px(app, 16);
            int ty = list.y + (int)((double)(span - th) * h->top / (h->n - rows));
            ui_fill(app, (SDL_Rect){ list.x + list.w - bar_w + ui_px(app, 2), ty, bar_w - ui_px(app, 2), th },
                    t->muted);
        }
        SDL_Rect msg = { list.x + ui_px(app, 10), list.y + list.h - extra + ui_px(app, 6),
                         list.w - ui_px(app, 20), extra - ui_px(app, 12) };
        if (h->editing) {
            ui_fill(app, msg, t->panel2);
            ui_frame(app, msg, t->focus, ui_px(app, 2));
            char line[400];
            snprintf(line, sizeof line, "%s %s|", ui_tr(app, S_HIST_NOTE_PROMPT), h->note);
            ui_text(app, (SDL_Rect){ msg.x + ui_px(app, 8), msg.y, msg.w - ui_px(app, 16), msg.h }, line,
                    16, UI_MIDDLE | UI_WRAP, t->text);
        } else if (h->confirm_delete) {
            ui_fill(app, msg, t->red);
            ui_text(app, (SDL_Rect){ msg.x + ui_px(app, 8), msg.y, msg.w - ui_px(app, 16), msg.h },
                    ui_tr(app, S_HIST_CONFIRM_DELETE), 16, UI_MIDDLE | UI_WRAP | UI_BOLD,
                    (SDL_Color){ 255, 255, 255, 255 });
        }
    }
    if (fid == HIST_LIST) ui_focus_ring(app, list);
    draw_trend(app, trend);
    for (int i = 0; i < 7; i++)
        ui_button(app, h->focus.w[i + 1].r, ui_tr(app, labels[i]), fid == ids[i],
                  ids[i] == HIST_COMPARE && npick == 2);
}

const pd_screen pd_screen_history = {
    "history", history_enter, history_leave, history_event, NULL, history_draw, NULL,
};
