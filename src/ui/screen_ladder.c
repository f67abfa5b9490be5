/* screen_ladder.c - the programme's ladder: the steps easiest first, each in
 * plain words with its expected distress and where it stands; start a step,
 * make it the current one, edit it (every parameter), add, duplicate,
 * remove (asks first), reorder. Building the ladder asks how hard each step
 * would feel, orders the steps by it and proposes where to start (the step
 * editor is ladder_editor.c). The model is the core's (exposure.h): this
 * file only shows it and edits it through pd_ladder_*; every change goes to
 * the history (pd_app_save_ladder). */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "ladder_internal.h"

static pd_ladder *ladder(pd_app *app)
{
    return &app->ladder;
}

/* Where every step stands, from the exposures (pd_ladder_progress). */
static void refresh(pd_app *app)
{
    ladder_state *L = &app->lad;
    pd_ladder_progress(ladder(app), app->xp, app->nxp > 0 ? (size_t)app->nxp : 0, &app->xrules, L->prog);
    int n = ladder(app)->n;
    if (L->sel >= n) L->sel = n - 1;
    if (L->sel < 0) L->sel = 0;
}

void ladder_save(pd_app *app)
{
    pd_app_save_ladder(app);
    refresh(app);
}

int ladder_clampi(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* ---- building the ladder ---------------------------------------------------- */
static void build_show(pd_app *app, int i)
{
    ladder_state *L = &app->lad;
    L->build_i = i;
    L->build_val = ladder(app)->step[i].expected;   /* PD_RATING_NONE: nothing chosen yet */
    L->dragging = 0;
    ui_focus_set(&L->focus, LAD_B_CONFIRM);
}

static void build_begin(pd_app *app)
{
    ladder_state *L = &app->lad;
    if (ladder(app)->n == 0) return;
    L->mode = LADM_BUILD;
    L->focus.focus = -1;
    build_show(app, 0);
}

/* Every step asked: order them by the answers, propose the start. */
static void build_finish(pd_app *app)
{
    ladder_state *L = &app->lad;
    pd_ladder_sort_by_expected(ladder(app));
    L->propose = pd_ladder_start_index(ladder(app));
    app->ladder_created = 0;
    ladder_save(app);
    L->mode = LADM_PROPOSE;
    L->sel = L->propose;
    L->focus.focus = -1;
}

/* rating: 0-100, or PD_RATING_NONE to skip (the step keeps what it had). */
static void build_answer(pd_app *app, int rating)
{
    ladder_state *L = &app->lad;
    if (rating != PD_RATING_NONE) {
        ladder(app)->step[L->build_i].expected = rating;
        ladder_save(app);                     /* kept even if the app is closed half way */
    }
    if (L->build_i + 1 < ladder(app)->n) build_show(app, L->build_i + 1);
    else build_finish(app);
}

/* Esc: what was rated is kept; the order is left as it is. */
static void build_later(pd_app *app)
{
    ladder_state *L = &app->lad;
    app->ladder_created = 0;
    ladder_save(app);
    L->mode = LADM_LIST;
    L->focus.focus = -1;
}

static int scale_value(const ladder_state *L, int x)
{
    if (L->scale.w <= 1) return 0;
    double f = (double)(x - L->scale.x) / (L->scale.w - 1);
    int v = (int)lround(f * 100.0);
    return v < 0 ? 0 : v > 100 ? 100 : v;
}

/* ---- layout ----------------------------------------------------------------------- */
static void layout(pd_app *app, lad_layout *Y)
{
    ladder_state *L = &app->lad;
    int W = app->w, H = app->h, m = ui_px(app, 20), g = ui_px(app, 12);
    memset(Y, 0, sizeof *Y);
    Y->title = (SDL_Rect){ m, m / 2, (W - 2 * m) * 2 / 5, ui_px(app, 42) };
    Y->status = (SDL_Rect){ m + Y->title.w, m / 2, W - 2 * m - Y->title.w, ui_px(app, 42) };
    Y->subtitle = (SDL_Rect){ m, Y->title.y + Y->title.h, W - 2 * m, ui_px(app, 26) };
    int keys_h = ui_px(app, 40);
    Y->keys = (SDL_Rect){ m, H - keys_h - ui_px(app, 6), W - 2 * m, keys_h };
    int top = Y->subtitle.y + Y->subtitle.h + g, bottom = Y->keys.y - g / 2;
    int side_w = ui_px(app, 230);
    Y->side = (SDL_Rect){ W - m - side_w, top, side_w, bottom - top };
    Y->list = (SDL_Rect){ m, top, W - 2 * m - side_w - g, bottom - top };
    int nb = 11, bg = ui_px(app, 8), bh = (Y->side.h - (nb - 1) * bg) / nb;
    if (bh > ui_px(app, 48)) bh = ui_px(app, 48);
    for (int i = 0; i < nb; i++)
        Y->btn[i] = (SDL_Rect){ Y->side.x, Y->side.y + i * (bh + bg), side_w, bh };
    if (L->mode == LADM_PROPOSE) {     /* the proposal above the list */
        int ph = ui_px(app, 190);
        Y->panel = (SDL_Rect){ m, top, W - 2 * m, ph };
        int p = ui_px(app, 14), bw = ui_px(app, 260), bh2 = ui_px(app, 46);
        Y->panel_text = (SDL_Rect){ Y->panel.x + p, Y->panel.y + p, Y->panel.w - 2 * p - bw - g, ph - 2 * p };
        Y->yes = (SDL_Rect){ Y->panel.x + Y->panel.w - p - bw, Y->panel.y + p, bw, bh2 };
        Y->no = (SDL_Rect){ Y->yes.x, Y->yes.y + bh2 + g, bw, bh2 };
        Y->list = (SDL_Rect){ m, top + ph + g, W - 2 * m, bottom - top - ph - g };
    } else if (L->mode == LADM_CONFIRM_REMOVE) {
        int pw = Y->list.w * 4 / 5, ph = ui_px(app, 170);
        Y->panel = (SDL_Rect){ Y->list.x + (Y->list.w - pw) / 2, Y->list.y + (Y->list.h - ph) / 2, pw, ph };
        int p = ui_px(app, 16), bh2 = ui_px(app, 46), bw = (pw - 3 * p) / 2;
        Y->panel_text = (SDL_Rect){ Y->panel.x + p, Y->panel.y + p, pw - 2 * p, ph - 3 * p - bh2 };
        Y->yes = (SDL_Rect){ Y->panel.x + p, Y->panel.y + ph - p - bh2, bw, bh2 };
        Y->no = (SDL_Rect){ Y->yes.x + bw + p, Y->yes.y, bw, bh2 };
    } else if (L->mode == LADM_EDIT) {
        ladder_edit_layout(app, Y, top, bottom);
    } else if (L->mode == LADM_BUILD) {
        int y = Y->subtitle.y, w = W - 2 * m;
        Y->b_explain = (SDL_Rect){ m, y, w, ui_px(app, 50) };
        y += Y->b_explain.h + g;
        Y->b_step = (SDL_Rect){ m, y, w, ui_px(app, 150) };
        y += Y->b_step.h + g;
        /* the question, the value and the scale in the middle of what is left */
        int block = ui_px(app, 36 + 40 + 6 + 40 + 24 + 26), room = bottom - ui_px(app, 46) - g - y - block;
        if (room > 0) y += room / 2;
        Y->b_ask = (SDL_Rect){ m, y, w, ui_px(app, 36) };
        y += Y->b_ask.h;
        Y->b_value = (SDL_Rect){ m, y, w, ui_px(app, 40) };
        y += Y->b_value.h + ui_px(app, 6);
        int sm = ui_px(app, 30);
        /* the scale: its labels below it */
        L->scale = (SDL_Rect){ m + sm, y, w - 2 * sm, ui_px(app, 40) };
        y += ui_px(app, 40) + ui_px(app, 24);
        Y->b_hint = (SDL_Rect){ m, y, w, ui_px(app, 26) };
        int bh2 = ui_px(app, 46), bw = (w - 3 * g) / 4;
        for (int i = 0; i < 4; i++) Y->b_btn[i] = (SDL_Rect){ m + i * (bw + g), bottom - bh2, bw, bh2 };
    }
}

/* ---- the list -------------------------------------------------------------------- */
/* A row: the title line, the plain words (wrapped, up to 3 lines), the
 * status line, and what the audience will add (wrapped, up to 3). */
typedef struct row_fit {
    int title_lines, desc_lines, aud_lines, h;
    int right_w;                       /* the expected rating (and "you are here") on the title's right */
    char right[200], desc[400], aud[300];
} row_fit;

static int row_text_w(pd_app *app, int list_w)
{
    return list_w - ui_px(app, 10) - 2 * ui_px(app, 12) - ui_px(app, 44);
}

static int clamp_lines(int n)
{
    return n < 1 ? 1 : n > 3 ? 3 : n;
}

static void row_measure(pd_app *app, int i, int list_w, row_fit *f)
{
    const pd_step *s = &ladder(app)->step[i];
    int w = row_text_w(app, list_w), cur = i == ladder(app)->current;
    const char *ex = s->expected == PD_RATING_NONE ? ui_tr(app, S_LAD_NOT_RATED) : ui_num(app, s->expected, 0);
    if (cur) snprintf(f->right, sizeof f->right, "%s  \xc2\xb7  %s", ui_tr(app, S_LAD_HERE), ui_trf(app, S_LAD_EXPECTED_FMT, ex));
    else snprintf(f->right, sizeof f->right, "%s", ui_trf(app, S_LAD_EXPECTED_FMT, ex));
    f->right_w = ui_text_width(app, f->right, 15, cur) + ui_px(app, 4);
    if (f->right_w > w / 2) f->right_w = w / 2;
    int tl = ui_text_lines(app, s->title, 17, 1, w - f->right_w - ui_px(app, 12));
    f->title_lines = tl < 1 ? 1 : tl > 2 ? 2 : tl;
    pd_step_describe(s, app->lang, f->desc, sizeof f->desc);
    f->desc_lines = clamp_lines(ui_text_lines(app, f->desc, 15, 0, w));
    f->aud_lines = pd_step_needs_audience(s, app->lang, f->aud, sizeof f->aud)
                       ? clamp_lines(ui_text_lines(app, f->aud, 14, 0, w)) : 0;
    f->h = f->title_lines * ui_px(app, 22) + ui_px(app, 2) + f->desc_lines * ui_px(app, 19) + ui_px(app, 22) + f->aud_lines * ui_px(app, 18) +
           ui_px(app, 12);
}

/* Keeps the selection in view: top moves as little as it must. */
static void scroll_to_sel(pd_app *app, SDL_Rect box)
{
    ladder_state *L = &app->lad;
    int n = ladder(app)->n, gap = ui_px(app, 6);
    row_fit f;
    if (L->top > L->sel) L->top = L->sel;
    for (;;) {
        int y = 0, last = L->top - 1;
        for (int i = L->top; i < n; i++) {
            row_measure(app, i, box.w, &f);
            y += f.h + gap;
            if (y - gap > box.h) break;
            last = i;
        }
        if (last >= L->sel || L->top >= L->sel) break;
        L->top++;
    }
    if (L->top < 0) L->top = 0;
}

static void build_focus(pd_app *app, const lad_layout *Y)
{
    ladder_state *L = &app->lad;
    int keep = ui_focus_id(&L->focus);
    ui_focus_clear(&L->focus);
    int def = LAD_LIST;
    switch (L->mode) {
    case LADM_LIST:
        ui_focus_add(&L->focus, LAD_LIST, Y->list);
        for (int i = 0; i < 11; i++) ui_focus_add(&L->focus, LAD_START + i, Y->btn[i]);
        break;
    case LADM_PROPOSE:
    case LADM_CONFIRM_REMOVE:
        ui_focus_add(&L->focus, LAD_YES, Y->yes);
        ui_focus_add(&L->focus, LAD_NO, Y->no);
        def = L->mode == LADM_PROPOSE ? LAD_YES : LAD_NO;   /* removing: Cancel first */
        break;
    case LADM_EDIT:
        for (int f = 0; f < LF_COUNT; f++) ui_focus_add(&L->focus, LAD_E_FIELD0 + f, Y->field[f]);
        ui_focus_add(&L->focus, LAD_E_SAVE, Y->save);
        ui_focus_add(&L->focus, LAD_E_CANCEL, Y->cancel);
        def = LAD_E_FIELD0 + LF_TITLE;
        break;
    case LADM_BUILD:
        ui_focus_add(&L->focus, LAD_B_SCALE, L->scale);
        for (int i = 0; i < 4; i++) ui_focus_add(&L->focus, LAD_B_CONFIRM + i, Y->b_btn[i]);
        def = LAD_B_CONFIRM;
        break;
    }
    L->focus.focus = -1;
    ui_focus_set(&L->focus, keep >= 0 ? keep : def);
    if (L->focus.focus < 0) ui_focus_set(&L->focus, def);
}

/* ---- actions --------------------------------------------------------------------- */
static void move_sel(pd_app *app, int d)
{
    ladder_state *L = &app->lad;
    int to = L->sel + d;
    if (to < 0 || to >= ladder(app)->n) return;
    if (pd_ladder_move(ladder(app), L->sel, to) == 0) {
        L->sel = to;
        ladder_save(app);
    }
}

static void activate(pd_app *app, int id)
{
    ladder_state *L = &app->lad;
    pd_ladder *l = ladder(app);
    switch (id) {
    case LAD_LIST:
    case LAD_START:
        if (l->n > 0) pd_app_start_session(app, L->sel);
        break;
    case LAD_CURRENT:
        if (l->n > 0) {
            l->current = L->sel;
            ladder_save(app);
        }
        break;
    case LAD_EDIT: ladder_edit_begin(app, L->sel); break;
    case LAD_ADD: {
        pd_step s;
        pd_step_init(&s);
        snprintf(s.title, sizeof s.title, "%s", ui_tr(app, S_LAD_NEW_STEP));
        int reps = (int)lround(app->xrules.reps);   /* the rules' default repetitions */
        if (reps >= 1 && reps <= PD_REPS_MAX) s.reps = reps;
        int at = l->n ? L->sel + 1 : 0;
        if (pd_ladder_insert(l, at, &s) != 0) {
            pd_app_message(app, PD_MSG_WARNING, ui_trf(app, S_LAD_FULL_FMT, PD_LADDER_MAX));
            break;
        }
        L->sel = at;
        ladder_save(app);
        ladder_edit_begin(app, at);
        break;
    }
    case LAD_DUP:
        if (pd_ladder_duplicate(l, L->sel) != 0) {
            pd_app_message(app, PD_MSG_WARNING, ui_trf(app, S_LAD_FULL_FMT, PD_LADDER_MAX));
            break;
        }
        L->sel++;
        ladder_save(app);
        break;
    case LAD_REMOVE:
        if (l->n <= 1) {
            pd_app_message(app, PD_MSG_WARNING, ui_tr(app, S_LAD_KEEP_ONE));
            break;
        }
        L->mode = LADM_CONFIRM_REMOVE;
        L->focus.focus = -1;
        break;
    case LAD_UP: move_sel(app, -1); break;
    case LAD_DOWN: move_sel(app, 1); break;
    case LAD_RATE: build_begin(app); break;
    case LAD_PROGRESS: pd_app_switch(app, PD_PROGRESS); break;
    case LAD_BACK: pd_app_switch(app, PD_HOME); break;
    case LAD_YES:
        if (L->mode == LADM_CONFIRM_REMOVE) {
            if (pd_ladder_remove(l, L->sel) == 0) ladder_save(app);
        } else {                       /* the proposed start */
            l->current = L->propose;
            L->sel = L->propose;
            ladder_save(app);
        }
        L->mode = LADM_LIST;
        L->focus.focus = -1;
        break;
    case LAD_NO:
        L->mode = LADM_LIST;
        L->focus.focus = -1;
        break;
    case LAD_B_SCALE:
    case LAD_B_CONFIRM:
        if (L->build_val != PD_RATING_NONE) build_answer(app, L->build_val);
        break;
    case LAD_B_SKIP: build_answer(app, PD_RATING_NONE); break;
    case LAD_B_PREV:
        if (L->build_i > 0) build_show(app, L->build_i - 1);
        break;
    case LAD_B_LATER: build_later(app); break;
    default: ladder_edit_activate(app, id); break;   /* the editor's Save, Cancel, fields */
    }
}

/* ---- events ----------------------------------------------------------------------- */
int ladder_digit(SDL_Keycode k)
{
    if (k >= SDLK_0 && k <= SDLK_9) return (int)(k - SDLK_0);
    if (k >= SDLK_KP_1 && k <= SDLK_KP_9) return (int)(k - SDLK_KP_1) + 1;
    if (k == SDLK_KP_0) return 0;
    return -1;
}

SDL_Point ladder_event_point(const pd_app *app, int x, int y)
{
    return (SDL_Point){ (int)(x * app->density), (int)(y * app->density) };
}

static void build_event(pd_app *app, const SDL_Event *e)
{
    ladder_state *L = &app->lad;
    if (e->type == SDL_KEYDOWN) {
        SDL_Keycode k = e->key.keysym.sym;
        int d = ladder_digit(k), v = L->build_val == PD_RATING_NONE ? 50 : L->build_val;
        if (d >= 0) L->build_val = d * 10;
        else if (k == SDLK_LEFT || k == SDLK_DOWN) L->build_val = ladder_clampi(v - 5, 0, 100);
        else if (k == SDLK_RIGHT || k == SDLK_UP) L->build_val = ladder_clampi(v + 5, 0, 100);
        else if (k == SDLK_HOME) L->build_val = 0;
        else if (k == SDLK_END) L->build_val = 100;
        else if (k == SDLK_s) activate(app, LAD_B_SKIP);
        else if (k == SDLK_BACKSPACE) activate(app, LAD_B_PREV);
        else if (k == SDLK_ESCAPE) activate(app, LAD_B_LATER);
        else {
            int id = ui_focus_event(app, &L->focus, e, 0);
            if (id >= 0) activate(app, id);
        }
        return;
    }
    if (e->type == SDL_MOUSEBUTTONDOWN && e->button.button == SDL_BUTTON_LEFT) {
        SDL_Point p = ladder_event_point(app, e->button.x, e->button.y);
        SDL_Rect hit = { L->scale.x - ui_px(app, 12), L->scale.y - ui_px(app, 8), L->scale.w + ui_px(app, 24),
                         L->scale.h + ui_px(app, 16) };
        if (SDL_PointInRect(&p, &hit)) {
            L->build_val = scale_value(L, p.x);
            L->dragging = 1;
            ui_focus_set(&L->focus, LAD_B_SCALE);
            return;
        }
    } else if (e->type == SDL_MOUSEMOTION && L->dragging) {
        L->build_val = scale_value(L, ladder_event_point(app, e->motion.x, e->motion.y).x);
        return;
    } else if (e->type == SDL_MOUSEBUTTONUP) {
        L->dragging = 0;
        return;
    }
    int id = ui_focus_event(app, &L->focus, e, 0);
    if (id >= 0) activate(app, id);
}

static void list_event(pd_app *app, const SDL_Event *e)
{
    ladder_state *L = &app->lad;
    int n = ladder(app)->n;
    if (e->type == SDL_KEYDOWN) {
        SDL_Keycode k = e->key.keysym.sym;
        int shift = (e->key.keysym.mod & KMOD_SHIFT) != 0, act = -1;
        switch (k) {
        case SDLK_UP:
            if (shift) act = LAD_UP;
            else if (L->sel > 0) L->sel--;
            break;
        case SDLK_DOWN:
            if (shift) act = LAD_DOWN;
            else if (L->sel < n - 1) L->sel++;
            break;
        case SDLK_PAGEUP: L->sel = ladder_clampi(L->sel - (L->rows > 1 ? L->rows : 1), 0, n - 1); break;
        case SDLK_PAGEDOWN: L->sel = ladder_clampi(L->sel + (L->rows > 1 ? L->rows : 1), 0, n - 1); break;
        case SDLK_HOME: L->sel = 0; break;
        case SDLK_END: L->sel = n - 1; break;
        case SDLK_ESCAPE: act = LAD_BACK; break;
        case SDLK_e: act = LAD_EDIT; break;
        case SDLK_c: act = LAD_CURRENT; break;
        case SDLK_a: case SDLK_INSERT: act = LAD_ADD; break;
        case SDLK_d: act = LAD_DUP; break;
        case SDLK_DELETE: act = LAD_REMOVE; break;
        case SDLK_r: act = LAD_RATE; break;
        case SDLK_p: act = LAD_PROGRESS; break;
        default: {
            int id = ui_focus_event(app, &L->focus, e, 0);
            if (id >= 0) activate(app, id);
            return;
        }
        }
        if (act >= 0) activate(app, act);
        return;
    }
    if (e->type == SDL_MOUSEWHEEL) {
        int dy = e->wheel.direction == SDL_MOUSEWHEEL_FLIPPED ? -e->wheel.y : e->wheel.y;
        L->sel = ladder_clampi(L->sel - dy, 0, n - 1);
        return;
    }
    if (e->type == SDL_MOUSEBUTTONDOWN && e->button.button == SDL_BUTTON_LEFT) {
        SDL_Point p = ladder_event_point(app, e->button.x, e->button.y);
        for (int i = 0; i < n; i++)
            if (L->row_box[i].w > 0 && SDL_PointInRect(&p, &L->row_box[i])) {
                if (i == L->sel && e->button.clicks >= 2) activate(app, LAD_EDIT);
                L->sel = i;
                ui_focus_set(&L->focus, LAD_LIST);
                return;
            }
    }
    int id = ui_focus_event(app, &L->focus, e, 0);
    if (id >= 0) activate(app, id);
}

static void ladder_event(pd_app *app, const SDL_Event *e)
{
    ladder_state *L = &app->lad;
    lad_layout Y;
    layout(app, &Y);
    build_focus(app, &Y);
    switch (L->mode) {
    case LADM_BUILD: build_event(app, e); break;
    case LADM_EDIT: ladder_edit_event(app, e, &Y); break;
    case LADM_LIST: list_event(app, e); break;
    case LADM_PROPOSE:
    case LADM_CONFIRM_REMOVE:
        if (e->type == SDL_KEYDOWN && e->key.keysym.sym == SDLK_ESCAPE) {
            activate(app, LAD_NO);
            return;
        }
        if (L->mode == LADM_CONFIRM_REMOVE && e->type == SDL_KEYDOWN && e->key.keysym.sym == SDLK_DELETE) {
            activate(app, LAD_YES);   /* Del twice removes, as History's Delete */
            return;
        }
        {
            int id = ui_focus_event(app, &L->focus, e, 1);
            if (id >= 0) activate(app, id);
        }
        break;
    }
}

/* ---- drawing ---------------------------------------------------------------------- */
static SDL_Color status_color(const pd_app *app, pd_step_status s)
{
    return s == PD_STATUS_DONE ? app->th.pitch : s == PD_STATUS_PRACTISING ? app->th.yellow : app->th.muted;
}

/* "practising, attempts: 3, latest peak: 45" (only the status when never tried). */
static const char *status_text(pd_app *app, const pd_step_progress *p)
{
    const char *w = pd_step_status_words(p->status, app->lang);
    if (p->attempts == 0) return w;
    char peak[16];
    if (p->last_peak == PD_RATING_NONE) snprintf(peak, sizeof peak, "-");
    else snprintf(peak, sizeof peak, "%d", p->last_peak);
    return ui_trf(app, S_LAD_STATUS_FMT, w, p->attempts, peak);
}

static void draw_row(pd_app *app, SDL_Rect r, int i, int sel, int highlight, const row_fit *f)
{
    const ui_theme *t = &app->th;
    const pd_ladder *l = ladder(app);
    const pd_step *s = &l->step[i];
    const pd_step_progress *p = &app->lad.prog[i];
    int cur = i == l->current;
    ui_fill(app, r, sel ? t->panel2 : t->panel);
    if (sel) ui_fill(app, (SDL_Rect){ r.x, r.y, ui_px(app, 4), r.h }, t->accent);
    if (highlight) ui_frame(app, r, t->focus, ui_px(app, 2));
    int pad = ui_px(app, 12), lh = f->title_lines * ui_px(app, 22) + ui_px(app, 2), y = r.y + ui_px(app, 6);
    int nw = ui_px(app, 44);
    char num[16];
    snprintf(num, sizeof num, "%d", i + 1);
    SDL_Rect nb = { r.x + pad, y, nw - ui_px(app, 8), ui_px(app, 24) };
    if (cur) ui_fill(app, nb, t->focus);
    ui_text(app, nb, num, 16, UI_BOLD | UI_CENTER | UI_MIDDLE, cur ? t->accent_text : t->accent);
    int x = r.x + pad + nw, w = r.x + r.w - pad - x;
    int rw = f->right_w;
    /* the title takes the rest of the line, wrapped to two when it must */
    ui_text(app, (SDL_Rect){ x, y, w - rw - pad, lh }, s->title, 17, UI_BOLD | UI_MIDDLE | UI_WRAP, t->text);
    ui_text(app, (SDL_Rect){ x + w - rw, y, rw, ui_px(app, 24) }, f->right, 15,
            UI_RIGHT | UI_MIDDLE | (cur ? UI_BOLD : 0), cur ? t->focus : t->muted);
    y += lh;
    int dh = f->desc_lines * ui_px(app, 19);
    ui_text(app, (SDL_Rect){ x, y, w, dh }, f->desc, 15, UI_MIDDLE | UI_WRAP, t->muted);
    y += dh;
    ui_text(app, (SDL_Rect){ x, y, w, ui_px(app, 22) }, status_text(app, p), 15, UI_MIDDLE,
            status_color(app, p->status));
    y += ui_px(app, 22);
    if (f->aud_lines)
        ui_text(app, (SDL_Rect){ x, y, w, f->aud_lines * ui_px(app, 18) }, f->aud, 14, UI_MIDDLE | UI_WRAP, t->accent);
}

static void draw_list(pd_app *app, SDL_Rect box, int focused, int highlight)
{
    ladder_state *L = &app->lad;
    const ui_theme *t = &app->th;
    int n = ladder(app)->n, gap = ui_px(app, 6);
    memset(L->row_box, 0, sizeof L->row_box);
    L->list_box = box;
    scroll_to_sel(app, box);
    int y = box.y, shown = 0;
    int bar_w = ui_px(app, 6);
    row_fit f;
    for (int i = L->top; i < n; i++) {
        row_measure(app, i, box.w, &f);
        if (y + f.h > box.y + box.h) break;
        SDL_Rect r = { box.x, y, box.w - bar_w - ui_px(app, 4), f.h };
        draw_row(app, r, i, i == L->sel, i == highlight, &f);
        L->row_box[i] = r;
        y += f.h + gap;
        shown++;
    }
    L->rows = shown;
    if (shown < n && n > 0) {            /* where the rows shown stand in all */
        int th = box.h * shown / n, ty = box.y + (box.h - th) * L->top / (n - shown > 0 ? n - shown : 1);
        ui_fill(app, (SDL_Rect){ box.x + box.w - bar_w, box.y, bar_w, box.h }, t->panel);
        ui_fill(app, (SDL_Rect){ box.x + box.w - bar_w, ty, bar_w, th }, t->muted);
    }
    if (focused) ui_focus_ring(app, box);
}

static void draw_header(pd_app *app, const lad_layout *Y, const char *title, const char *right)
{
    const ui_theme *t = &app->th;
    ui_text(app, Y->title, title, 26, UI_BOLD | UI_MIDDLE, t->text);
    if (right) ui_text(app, Y->status, right, 16, UI_RIGHT | UI_MIDDLE, t->muted);
}

static const char *programme_line(pd_app *app)
{
    char *out = app->fmtbuf[app->fmtnext];
    app->fmtnext = (app->fmtnext + 1) % 4;
    pd_programme_status(ladder(app), app->xp, app->nxp > 0 ? (size_t)app->nxp : 0, (int64_t)time(NULL),
                        app->lang, out, sizeof app->fmtbuf[0]);
    return out;
}

static void draw_build(pd_app *app, const lad_layout *Y)
{
    ladder_state *L = &app->lad;
    const ui_theme *t = &app->th;
    const pd_step *s = &ladder(app)->step[L->build_i];
    int fid = ui_focus_id(&L->focus), pad = ui_px(app, 16);
    ui_text(app, Y->b_explain, ui_tr(app, S_LAD_BUILD_EXPLAIN), 16, UI_WRAP | UI_MIDDLE, t->muted);
    SDL_Rect c = Y->b_step;
    ui_fill(app, c, t->panel);
    ui_fill(app, (SDL_Rect){ c.x, c.y, ui_px(app, 4), c.h }, t->accent);
    char desc[400], aud[300];
    pd_step_describe(s, app->lang, desc, sizeof desc);
    int y = c.y + pad / 2, lh = ui_px(app, 26);
    ui_text(app, (SDL_Rect){ c.x + pad, y, c.w - 2 * pad, lh }, ui_trf(app, S_LAD_BUILD_POS_FMT, L->build_i + 1,
            ladder(app)->n), 15, UI_MIDDLE | UI_BOLD, t->accent);
    y += lh;
    ui_text(app, (SDL_Rect){ c.x + pad, y, c.w - 2 * pad, ui_px(app, 36) }, s->title, 24, UI_BOLD | UI_MIDDLE, t->text);
    y += ui_px(app, 38);
    const char *paras[2] = { desc, NULL };
    int np = 1;
    if (pd_step_needs_audience(s, app->lang, aud, sizeof aud)) paras[np++] = aud;
    ui_paragraphs(app, (SDL_Rect){ c.x + pad, y, c.w - 2 * pad, c.y + c.h - pad / 2 - y }, paras, np, 17, 0.2,
                  UI_WRAP, t->muted, NULL);
    ui_text(app, Y->b_ask, ui_tr(app, S_LAD_BUILD_ASK), 22, UI_BOLD | UI_MIDDLE | UI_CENTER, t->text);
    int v = L->build_val;
    char val[160];
    if (v == PD_RATING_NONE) snprintf(val, sizeof val, "-");
    else snprintf(val, sizeof val, "%d  \xc2\xb7  %s", v, pd_suds_words(v, app->lang));
    ui_text(app, Y->b_value, val, 22, UI_BOLD | UI_MIDDLE | UI_CENTER, v == PD_RATING_NONE ? t->muted : t->focus);
    /* the scale: 0..100, the 40 of the start marked by its ticks, the value's knob */
    SDL_Rect sc = L->scale;
    ui_fill(app, sc, t->panel2);
    if (v != PD_RATING_NONE) {
        int fx = sc.x + (int)lround(v / 100.0 * (sc.w - 1));
        ui_fill(app, (SDL_Rect){ sc.x, sc.y + sc.h / 3, fx - sc.x, sc.h / 3 }, t->accent);
        ui_fill(app, (SDL_Rect){ fx - ui_px(app, 5), sc.y, ui_px(app, 10), sc.h }, t->text);
    }
    ui_frame(app, sc, t->line, 1);
    for (int k = 0; k <= 10; k++) {
        int tx = sc.x + (int)lround(k / 10.0 * (sc.w - 1));
        ui_fill(app, (SDL_Rect){ tx, sc.y + sc.h, 1, ui_px(app, 5) }, t->muted);
        char lab[8];
        snprintf(lab, sizeof lab, "%d", k * 10);
        ui_text(app, (SDL_Rect){ tx - ui_px(app, 20), sc.y + sc.h + ui_px(app, 5), ui_px(app, 40), ui_px(app, 18) },
                lab, 13, UI_CENTER | UI_MIDDLE, t->muted);
    }
    if (fid == LAD_B_SCALE) ui_focus_ring(app, sc);
    if (v == PD_RATING_NONE)
        ui_text(app, Y->b_hint, ui_tr(app, S_LAD_BUILD_CHOOSE), 16, UI_MIDDLE | UI_CENTER, t->muted);
    static const pd_str labels[4] = { S_LAD_CONFIRM, S_LAD_SKIP, S_LAD_PREV, S_LAD_LATER };
    for (int i = 0; i < 4; i++)
        ui_button(app, Y->b_btn[i], ui_tr(app, labels[i]), fid == LAD_B_CONFIRM + i,
                  i == 0 && v != PD_RATING_NONE);
}

static void draw_panel(pd_app *app, const lad_layout *Y)
{
    ladder_state *L = &app->lad;
    const ui_theme *t = &app->th;
    const pd_ladder *l = ladder(app);
    int fid = ui_focus_id(&L->focus);
    ui_fill(app, Y->panel, t->panel2);
    if (L->mode == LADM_CONFIRM_REMOVE) {
        ui_frame(app, Y->panel, t->red, ui_px(app, 3));
        ui_text(app, Y->panel_text, ui_trf(app, S_LAD_CONFIRM_REMOVE_FMT, L->sel + 1, l->step[L->sel].title), 18,
                UI_WRAP | UI_MIDDLE | UI_BOLD, t->text);
        ui_button(app, Y->yes, ui_tr(app, S_LAD_REMOVE), fid == LAD_YES, 0);
        ui_button(app, Y->no, ui_tr(app, S_LAD_CANCEL), fid == LAD_NO, 0);
        return;
    }
    ui_frame(app, Y->panel, t->focus, ui_px(app, 2));
    const pd_step *s = &l->step[L->propose];
    const char *why;
    int rated = 0;
    for (int i = 0; i < l->n; i++) rated += l->step[i].expected != PD_RATING_NONE;
    if (!rated) why = ui_tr(app, S_LAD_PROPOSE_NONE);
    else if (s->expected <= PD_LADDER_START_MAX)
        why = ui_trf(app, S_LAD_PROPOSE_FMT, L->propose + 1, s->title, s->expected, PD_LADDER_START_MAX);
    else why = ui_trf(app, S_LAD_PROPOSE_ABOVE_FMT, L->propose + 1, s->title, s->expected, PD_LADDER_START_MAX);
    const char *paras[3] = { ui_tr(app, S_LAD_PROPOSE_TITLE), why, ui_tr(app, S_LAD_PROPOSE_REORDER) };
    ui_paragraphs(app, Y->panel_text, paras, 3, 17, 0.35, UI_WRAP | UI_MIDDLE, t->text, NULL);
    ui_button(app, Y->yes, ui_trf(app, S_LAD_ACCEPT_FMT, L->propose + 1), fid == LAD_YES, 1);
    ui_button(app, Y->no, ui_tr(app, S_LAD_CHOOSE_OWN), fid == LAD_NO, 0);
}

static void ladder_draw(pd_app *app)
{
    ladder_state *L = &app->lad;
    const ui_theme *t = &app->th;
    lad_layout Y;
    refresh(app);
    layout(app, &Y);
    build_focus(app, &Y);
    int fid = ui_focus_id(&L->focus);
    switch (L->mode) {
    case LADM_EDIT:
        draw_header(app, &Y, ui_trf(app, S_LAD_EDIT_TITLE_FMT, L->edit_at + 1), NULL);
        ladder_edit_draw(app, &Y);
        ui_text(app, Y.keys, ui_tr(app, S_LAD_EDIT_KEYS), 14, UI_MIDDLE | UI_WRAP, t->muted);
        return;
    case LADM_BUILD:
        draw_header(app, &Y, ui_tr(app, S_LAD_BUILD_TITLE), NULL);
        draw_build(app, &Y);
        ui_text(app, Y.keys, ui_tr(app, S_LAD_BUILD_KEYS), 14, UI_MIDDLE | UI_WRAP, t->muted);
        return;
    default: break;
    }
    draw_header(app, &Y, ui_tr(app, S_LAD_TITLE), programme_line(app));
    ui_text(app, Y.subtitle, ui_tr(app, S_LAD_SUBTITLE), 16, UI_MIDDLE, t->muted);
    if (L->mode == LADM_PROPOSE) {
        draw_list(app, Y.list, 0, L->propose);
        draw_panel(app, &Y);
        return;
    }
    draw_list(app, Y.list, fid == LAD_LIST && L->mode == LADM_LIST, -1);
    static const pd_str labels[11] = { S_LAD_START_FMT, S_LAD_SET_CURRENT, S_LAD_EDIT, S_LAD_ADD, S_LAD_DUPLICATE,
                                       S_LAD_REMOVE, S_LAD_UP, S_LAD_DOWN, S_LAD_RATE, S_LAD_PROGRESS, S_BACK };
    for (int i = 0; i < 11; i++) {
        const char *lab = i == 0 ? ui_trf(app, S_LAD_START_FMT, L->sel + 1) : ui_tr(app, labels[i]);
        ui_button(app, Y.btn[i], lab, L->mode == LADM_LIST && fid == LAD_START + i, i == 0);
    }
    if (L->mode == LADM_CONFIRM_REMOVE) draw_panel(app, &Y);
    ui_text(app, Y.keys, ui_tr(app, S_LAD_KEYS), 14, UI_MIDDLE | UI_WRAP, t->muted);
}

static void ladder_enter(pd_app *app)
{
    ladder_state *L = &app->lad;
    pd_app_load_ladder(app);
    memset(L, 0, sizeof *L);
    L->focus.focus = -1;
    L->mode = LADM_LIST;
    L->sel = ladder(app)->current;
    L->build_val = PD_RATING_NONE;
    refresh(app);
    if (app->ladder_created) build_begin(app);   /* a new ladder: build it first */
    SDL_StopTextInput();
}

static void ladder_leave(pd_app *app)
{
    app->lad.renaming = 0;
    SDL_StopTextInput();
}

const pd_screen pd_screen_ladder = {
    "ladder", ladder_enter, ladder_leave, ladder_event, NULL, ladder_draw, NULL,
};
