/* rating.c - the one quick input of every rating in the programme (a 0-100
 * slider: mouse, number keys, arrows, skip) and the paced-breathing guide
 * (an eased shape and the phase in words, from pd_breath_at). */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "ui.h"

void ui_rating_init(ui_rating *r, ui_rating_kind kind)
{
    memset(r, 0, sizeof *r);
    r->kind = kind;
    r->value = PD_RATING_NONE;   /* no anchor: the knob appears at the first choice */
    r->last_digit = -1;
}

int ui_rating_calm(const ui_rating *r)
{
    return r->kind == UI_RATE_SUDS && r->value >= PD_SUDS_CALM_SENTENCE;
}

static int clamp100(int v)
{
    return v < 0 ? 0 : v > 100 ? 100 : v;
}

static int value_at(const ui_rating *r, int x)
{
    if (r->track.w <= 1) return 0;
    double f = (double)(x - r->track.x) / (r->track.w - 1);
    return clamp100((int)lround(f * 100.0));
}

static int digit_of(SDL_Keycode k)
{
    if (k >= SDLK_0 && k <= SDLK_9) return (int)(k - SDLK_0);
    if (k >= SDLK_KP_1 && k <= SDLK_KP_9) return (int)(k - SDLK_KP_1) + 1;
    if (k == SDLK_KP_0) return 0;
    return -1;
}

int ui_rating_event(pd_app *app, ui_rating *r, const SDL_Event *e)
{
    if (e->type == SDL_KEYDOWN) {
        SDL_Keycode k = e->key.keysym.sym;
        int d = digit_of(k);
        if (d >= 0) {
            /* 3 = 30; "1" then "0" soon after = 100 */
            if (d == 0 && r->last_digit == 1 && app->now_s - r->digit_at_s <= UI_RATING_TENS_S) {
                r->value = 100;
                r->last_digit = -1;
            } else {
                r->value = d * 10;
                r->last_digit = d;
                r->digit_at_s = app->now_s;
            }
            r->asked = 0;
            return UI_RATING_CHANGED;
        }
        int step = k == SDLK_RIGHT || k == SDLK_UP ? 5 : k == SDLK_LEFT || k == SDLK_DOWN ? -5 : 0;
        if (step) {
            /* from nothing chosen, the first arrow starts in the middle */
            r->value = r->value == PD_RATING_NONE ? 50 : clamp100(r->value + step);
            r->last_digit = -1;
            r->asked = 0;
            return UI_RATING_CHANGED;
        }
        if (k == SDLK_s) return UI_RATING_SKIP;
        return UI_RATING_NOTHING;
    }
    if (e->type == SDL_MOUSEBUTTONDOWN && e->button.button == SDL_BUTTON_LEFT) {
        SDL_Point p = { (int)(e->button.x * app->density), (int)(e->button.y * app->density) };
        if (r->hit.w > 0 && SDL_PointInRect(&p, &r->hit)) {
            r->value = value_at(r, p.x);
            r->dragging = 1;
            r->asked = 0;
            r->last_digit = -1;
            return UI_RATING_CHANGED;
        }
    } else if (e->type == SDL_MOUSEMOTION && r->dragging) {
        if (!(e->motion.state & SDL_BUTTON_LMASK)) {
            r->dragging = 0;
            return UI_RATING_NOTHING;
        }
        int v = value_at(r, (int)(e->motion.x * app->density));
        if (v != r->value) {
            r->value = v;
            return UI_RATING_CHANGED;
        }
    } else if (e->type == SDL_MOUSEBUTTONUP && e->button.button == SDL_BUTTON_LEFT) {
        r->dragging = 0;
    }
    return UI_RATING_NOTHING;
}

void ui_rating_draw(pd_app *app, ui_rating *r, SDL_Rect box, int focused)
{
    const ui_theme *t = &app->th;
    int p = ui_px(app, 18);
    ui_fill(app, box, t->panel);
    int top_h = box.h * 40 / 100, lab_h = ui_px(app, 22);
    SDL_Rect top = { box.x + p, box.y + ui_px(app, 8), box.w - 2 * p, top_h };
    char val[32];
    int set = r->value != PD_RATING_NONE;
    if (!set) snprintf(val, sizeof val, "\xe2\x80\x93");            /* an en dash: nothing chosen */
    else if (r->kind == UI_RATE_PERCENT) snprintf(val, sizeof val, "%d %%", r->value);
    else snprintf(val, sizeof val, "%d", r->value);
    int vw = ui_text_width(app, r->kind == UI_RATE_PERCENT ? "100 %" : "100", 44, 1) + ui_px(app, 16);
    if (vw > top.w / 3) vw = top.w / 3;
    ui_text(app, (SDL_Rect){ top.x, top.y, vw, top.h }, val, 44, UI_BOLD | UI_MIDDLE, t->text);
    SDL_Rect words = { top.x + vw + ui_px(app, 12), top.y, top.w - vw - ui_px(app, 12), top.h };
    if (!set || r->asked)
        ui_text(app, words, ui_tr(app, r->asked ? S_XS_CHOOSE_FIRST : S_XS_RATE_HINT), 17,
                UI_MIDDLE | UI_WRAP, r->asked ? t->focus : t->muted);
    else if (r->kind == UI_RATE_SUDS)
        ui_text(app, words, pd_suds_words(r->value, app->lang), 26, UI_BOLD | UI_MIDDLE | UI_WRAP,
                t->text);
    /* the line: ticks every 10, numbers every 10 (every 20 when narrow) */
    int th = ui_px(app, 14);
    int ty = top.y + top.h + (box.y + box.h - lab_h - ui_px(app, 8) - (top.y + top.h) - th) / 2;
    SDL_Rect track = { box.x + p + ui_px(app, 10), ty, box.w - 2 * p - ui_px(app, 20), th };
    r->track = track;
    r->hit = (SDL_Rect){ box.x, top.y + top.h, box.w, box.y + box.h - (top.y + top.h) };
    ui_fill(app, track, t->panel2);
    ui_frame(app, track, t->line, 1);
    int every = ui_text_width(app, "100", 13, 0) * 2 > track.w / 10 ? 20 : 10;
    for (int v = 0; v <= 100; v += 10) {
        int x = track.x + (int)lround(v / 100.0 * (track.w - 1));
        ui_fill(app, (SDL_Rect){ x, track.y + track.h, 1, ui_px(app, 5) }, t->line);
        if (v % every) continue;
        char n[8];
        snprintf(n, sizeof n, "%d", v);
        int nw = ui_px(app, 40);
        ui_text(app, (SDL_Rect){ x - nw / 2, track.y + track.h + ui_px(app, 6), nw, lab_h }, n, 13,
                UI_CENTER | UI_MIDDLE, t->muted);
    }
    if (set) {
        int x = track.x + (int)lround(r->value / 100.0 * (track.w - 1));
        ui_fill(app, (SDL_Rect){ track.x, track.y, x - track.x, track.h }, t->accent);
        int kw = ui_px(app, 12), kh = track.h + ui_px(app, 16);
        ui_fill(app, (SDL_Rect){ x - kw / 2, track.y - (kh - track.h) / 2, kw, kh }, t->text);
    }
    if (focused) ui_focus_ring(app, box);
}

/* ---- the breathing guide ------------------------------------------------------ */
static void disc(pd_app *app, int cx, int cy, int rad, SDL_Color c)
{
    for (int dy = -rad; dy <= rad; dy++) {
        int half = (int)lround(sqrt((double)rad * rad - (double)dy * dy));
        ui_fill(app, (SDL_Rect){ cx - half, cy + dy, 2 * half + 1, 1 }, c);
    }
}

void ui_breath_draw(pd_app *app, SDL_Rect box, double t_s)
{
    const ui_theme *t = &app->th;
    ui_fill(app, box, t->panel);
    int p = ui_px(app, 14), head = ui_px(app, 30), words_h = ui_px(app, 40), sub_h = ui_px(app, 44);
    ui_text(app, (SDL_Rect){ box.x + p, box.y + p / 2, box.w - 2 * p, head },
            ui_tr(app, S_XS_BREATHE_TITLE), 19, UI_BOLD | UI_MIDDLE, t->text);
    int inhale = 0;
    double size = 0, left = 0;
    pd_breath_at(t_s, &inhale, &size, &left);
    SDL_Rect area = { box.x + p, box.y + p / 2 + head, box.w - 2 * p,
                      box.h - p - head - words_h - sub_h };
    int rmax = (area.w < area.h ? area.w : area.h) / 2 - ui_px(app, 4);
    if (rmax < 4) rmax = 4;
    int rmin = rmax * 30 / 100;
    int cx = area.x + area.w / 2, cy = area.y + area.h / 2;
    disc(app, cx, cy, rmax, t->panel2);                              /* the full breath */
    SDL_Color fill = { t->accent.r, t->accent.g, t->accent.b, 255 };
    disc(app, cx, cy, rmin + (int)lround((rmax - rmin) * size), fill);
    int secs = (int)ceil(left - 1e-9);
    if (secs < 1) secs = 1;
    ui_text(app, (SDL_Rect){ box.x + p, area.y + area.h, box.w - 2 * p, words_h },
            ui_trf(app, inhale ? S_XS_BREATHE_IN_FMT : S_XS_BREATHE_OUT_FMT, secs), 24,
            UI_BOLD | UI_MIDDLE | UI_CENTER, t->text);
    ui_text(app, (SDL_Rect){ box.x + p, area.y + area.h + words_h, box.w - 2 * p, sub_h },
            ui_tr(app, S_XS_BREATHE_SUB), 15, UI_CENTER | UI_MIDDLE | UI_WRAP, t->muted);
}
