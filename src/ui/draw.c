/* draw.c - the thin drawing layer: rectangles, lines, text that always fits
 * its box (shrink, then wrap), buttons with a focus ring, waveform, contours
 * and meters; and the keyboard/mouse focus list. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ui.h"

int ui_px(const pd_app *app, double v)
{
    return (int)lround(v * app->scale);
}

void ui_fill(pd_app *app, SDL_Rect r, SDL_Color c)
{
    SDL_SetRenderDrawBlendMode(app->ren, c.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(app->ren, c.r, c.g, c.b, c.a);
    SDL_RenderFillRect(app->ren, &r);
}

void ui_frame(pd_app *app, SDL_Rect r, SDL_Color c, int t)
{
    if (t < 1) t = 1;
    ui_fill(app, (SDL_Rect){ r.x, r.y, r.w, t }, c);
    ui_fill(app, (SDL_Rect){ r.x, r.y + r.h - t, r.w, t }, c);
    ui_fill(app, (SDL_Rect){ r.x, r.y, t, r.h }, c);
    ui_fill(app, (SDL_Rect){ r.x + r.w - t, r.y, t, r.h }, c);
}

void ui_line(pd_app *app, int x0, int y0, int x1, int y1, SDL_Color c)
{
    SDL_SetRenderDrawBlendMode(app->ren, SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(app->ren, c.r, c.g, c.b, c.a);
    SDL_RenderDrawLine(app->ren, x0, y0, x1, y1);
}

void ui_focus_ring(pd_app *app, SDL_Rect r)
{
    int t = ui_px(app, 3) > 2 ? ui_px(app, 3) : 2, g = t;
    ui_frame(app, (SDL_Rect){ r.x - g - t, r.y - g - t, r.w + 2 * (g + t), r.h + 2 * (g + t) },
             app->th.focus, t);
}

/* ---- fonts and text ------------------------------------------------------ */
static TTF_Font *font(pd_app *app, int px, int bold)
{
    if (px < 6) px = 6;
    if (px >= UI_FONT_MAX_PX) px = UI_FONT_MAX_PX - 1;
    TTF_Font **f = &app->fonts[bold ? 1 : 0][px];
    if (!*f) {   /* the file's bytes, read once in pd_app_create; the font closes the RWops */
        SDL_RWops *rw = SDL_RWFromConstMem(app->font_data[bold ? 1 : 0], (int)app->font_len[bold ? 1 : 0]);
        *f = rw ? TTF_OpenFontRW(rw, 1, px) : NULL;
    }
    return *f;
}

static int size_px(pd_app *app, double size)
{
    int px = ui_px(app, size);
    return px < 6 ? 6 : px;
}

int ui_text_width(pd_app *app, const char *s, double size, int bold)
{
    int w = 0, h = 0;
    TTF_Font *f = font(app, size_px(app, size), bold);
    if (f && *s) TTF_SizeUTF8(f, s, &w, &h);
    return w;
}

static int measure(TTF_Font *f, const char *s, size_t n)
{
    char buf[1024];
    if (n >= sizeof buf) n = sizeof buf - 1;
    memcpy(buf, s, n);
    buf[n] = 0;
    int w = 0, h = 0;
    if (n) TTF_SizeUTF8(f, buf, &w, &h);
    return w;
}

static ui_cached_text *cached(pd_app *app, const char *s, int px, int bold, SDL_Color c)
{
    Uint32 rgba = ((Uint32)c.r << 24) | ((Uint32)c.g << 16) | ((Uint32)c.b << 8) | c.a;
    ui_cached_text *slot = NULL;
    for (int i = 0; i < UI_TEXT_CACHE; i++) {
        ui_cached_text *e = &app->cache[i];
        if (e->s && e->px == px && e->bold == bold && e->rgba == rgba && strcmp(e->s, s) == 0) {
            e->last_frame = app->frame;
            return e;
        }
        if (!slot || !e->s || (slot->s && e->last_frame < slot->last_frame)) slot = e;
    }
    TTF_Font *f = font(app, px, bold);
    if (!f) return NULL;
    SDL_Surface *surf = TTF_RenderUTF8_Blended(f, s, c);
    if (!surf) return NULL;
    SDL_Texture *t = SDL_CreateTextureFromSurface(app->ren, surf);
    int w = surf->w, h = surf->h;
    SDL_FreeSurface(surf);
    if (!t) return NULL;
    if (slot->tex) SDL_DestroyTexture(slot->tex);
    SDL_free(slot->s);
    slot->s = SDL_strdup(s);
    slot->px = px;
    slot->bold = bold;
    slot->rgba = rgba;
    slot->tex = t;
    slot->w = w;
    slot->h = h;
    slot->last_frame = app->frame;
    return slot;
}

void ui_text_cache_drop(pd_app *app)
{
    for (int i = 0; i < UI_TEXT_CACHE; i++) {
        ui_cached_text *e = &app->cache[i];
        if (e->tex) SDL_DestroyTexture(e->tex);
        SDL_free(e->s);
        memset(e, 0, sizeof *e);
    }
}

static void blit(pd_app *app, const char *s, size_t n, int px, int bold, SDL_Color c, int x,
                 int y, const SDL_Rect *clip)
{
    char buf[1024];
    if (n >= sizeof buf) n = sizeof buf - 1;
    memcpy(buf, s, n);
    buf[n] = 0;
    if (!buf[0]) return;
    ui_cached_text *e = cached(app, buf, px, bold, c);
    if (!e) return;
    SDL_Rect dst = { x, y, e->w, e->h };
    if (clip) SDL_RenderSetClipRect(app->ren, clip);
    SDL_RenderCopy(app->ren, e->tex, NULL, &dst);
    if (clip) SDL_RenderSetClipRect(app->ren, NULL);
}

/* Breaks s into lines no wider than w (at spaces; a word wider than w is a
 * line of its own and makes the fit fail). Returns the line count, or -1
 * when a word does not fit; starts/lens receive up to max lines. */
static int wrap(TTF_Font *f, const char *s, int w, int wrap_on, const char **starts,
                size_t *lens, int max)
{
    int n = 0, ok = 1;
    const char *p = s;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t para = nl ? (size_t)(nl - p) : strlen(p);
        if (!wrap_on) {
            if (measure(f, p, para) > w) ok = 0;
            if (n < max) starts[n] = p, lens[n] = para;
            n++;
        } else if (para == 0) {
            if (n < max) starts[n] = p, lens[n] = 0;
            n++;
        } else {
            const char *q = p, *end = p + para;
            while (q < end) {
                size_t best = 0;
                const char *r = q;
                while (r < end) {
                    const char *sp = r;
                    while (sp < end && *sp != ' ') sp++;
                    if (measure(f, q, (size_t)(sp - q)) <= w) {
                        best = (size_t)(sp - q);
                        r = sp < end ? sp + 1 : sp;
                    } else break;
                }
                if (best == 0) {                 /* a word alone too wide */
                    const char *sp = q;
                    while (sp < end && *sp != ' ') sp++;
                    best = (size_t)(sp - q);
                    ok = 0;
                    r = sp < end ? sp + 1 : sp;
                }
                if (n < max) starts[n] = q, lens[n] = best;
                n++;
                q = r;
            }
        }
        p += para + (nl ? 1 : 0);
    }
    return ok ? n : -1;
}

#define MAX_LINES 64
typedef struct fitted {
    int px, n, line_h;
    const char *starts[MAX_LINES];
    size_t lens[MAX_LINES];
} fitted;

/* The largest size from size down to 60 % at which every paragraph fits box
 * together (with gap * px between paragraphs). Returns 0 when it fits. */
static int fit(pd_app *app, SDL_Rect box, const char *const *paras, int np, double size,
               double gap, int flags, fitted *out, int *n_out)
{
    /* never under 11 px (times the HiDPI density): smaller is not readable */
    int px0 = size_px(app, size), px_min = (int)floor(px0 * 0.6);
    int floor_px = (int)lround(11 * app->density);
    if (px_min < floor_px) px_min = px0 < floor_px ? px0 : floor_px;
    for (int px = px0; px >= px_min; px--) {
        TTF_Font *f = font(app, px, flags & UI_BOLD);
        if (!f) return 1;
        int lh = TTF_FontLineSkip(f), total = 0, ok = 1;
        for (int i = 0; i < np && ok; i++) {
            int n = wrap(f, paras[i], box.w, flags & UI_WRAP, out[i].starts, out[i].lens, MAX_LINES);
            if (n < 0 || n > MAX_LINES) ok = 0;
            out[i].n = n;
            out[i].px = px;
            out[i].line_h = lh;
            total += (n > 0 ? n : 0) * lh + (i ? (int)(gap * px) : 0);
        }
        if (ok && total <= box.h) {
            *n_out = total;
            return 0;
        }
    }
    /* does not fit: lay out at the smallest size, and report it */
    TTF_Font *f = font(app, px_min, flags & UI_BOLD);
    int lh = f ? TTF_FontLineSkip(f) : px_min, total = 0;
    for (int i = 0; i < np; i++) {
        int n = f ? wrap(f, paras[i], box.w, flags & UI_WRAP, out[i].starts, out[i].lens, MAX_LINES) : 0;
        if (n < 0) n = 1;
        if (n > MAX_LINES) n = MAX_LINES;
        out[i].n = n;
        out[i].px = px_min;
        out[i].line_h = lh;
        total += n * lh + (i ? (int)(gap * px_min) : 0);
    }
    *n_out = total;
    return 1;
}

int ui_paragraphs(pd_app *app, SDL_Rect box, const char *const *paras, int np, double size,
                  double gap, int flags, SDL_Color c, const SDL_Color *bullets)
{
    return ui_paragraphs_ex(app, box, paras, np, size, gap, flags, c, bullets, NULL, NULL);
}

/* A bullet that says "this can be played": a triangle pointing right, d
 * pixels high, filled (SDL_RenderGeometry). */
static void play_bullet(pd_app *app, int x, int y, int d, SDL_Color c)
{
    SDL_Vertex v[3] = {
        { { (float)x, (float)y }, c, { 0, 0 } },
        { { (float)(x + d), (float)y + d / 2.0f }, c, { 0, 0 } },
        { { (float)x, (float)(y + d) }, c, { 0, 0 } },
    };
    SDL_SetRenderDrawBlendMode(app->ren, SDL_BLENDMODE_BLEND);
    SDL_RenderGeometry(app->ren, NULL, v, 3, NULL, 0);
}

int ui_paragraphs_ex(pd_app *app, SDL_Rect box, const char *const *paras, int np, double size,
                     double gap, int flags, SDL_Color c, const SDL_Color *bullets,
                     const unsigned char *play, SDL_Rect *boxes)
{
    if (np <= 0) return 0;
    fitted fs[16];
    if (np > 16) np = 16;
    int total = 0;
    SDL_Rect inner = box;
    int bw = bullets ? ui_px(app, 14) : 0;
    inner.x += bw;
    inner.w -= bw;
    if (fit(app, inner, paras, np, size, gap, flags, fs, &total) != 0) {
        app->text_overflows++;
        app->text_overflows_total++;
        if (getenv("PODIUM_DEBUG_TEXT"))
            fprintf(stderr, "text cut (%dx%d box): %s\n", inner.w, inner.h, paras[0]);
    }
    int y = box.y;
    if (flags & UI_MIDDLE) y += (box.h - total) / 2;
    else if (flags & UI_BOTTOM) y += box.h - total;
    TTF_Font *f = font(app, fs[0].px, flags & UI_BOLD);
    for (int i = 0; i < np; i++) {
        if (i) y += (int)(gap * fs[i].px);
        if (bullets) {
            int d = fs[i].px / 2;
            if (play && play[i])
                play_bullet(app, box.x - d / 4, y + (fs[i].line_h - d * 3 / 2) / 2, d * 3 / 2, bullets[i]);
            else
                ui_fill(app, (SDL_Rect){ box.x, y + (fs[i].line_h - d) / 2, d, d }, bullets[i]);
        }
        if (boxes) boxes[i] = (SDL_Rect){ box.x, y, box.w, fs[i].n * fs[i].line_h };
        for (int k = 0; k < fs[i].n && k < MAX_LINES; k++) {
            int lw = f ? measure(f, fs[i].starts[k], fs[i].lens[k]) : 0;
            int x = inner.x;
            if ((flags & 3) == UI_CENTER) x += (inner.w - lw) / 2;
            else if ((flags & 3) == UI_RIGHT) x += inner.w - lw;
            blit(app, fs[i].starts[k], fs[i].lens[k], fs[i].px, flags & UI_BOLD, c, x, y, &box);
            y += fs[i].line_h;
        }
    }
    return total;
}

int ui_text_lines(pd_app *app, const char *s, double size, int bold, int width)
{
    TTF_Font *f = font(app, size_px(app, size), bold);
    const char *starts[MAX_LINES];
    size_t lens[MAX_LINES];
    if (!f || !*s || width <= 0) return 1;
    int n = wrap(f, s, width, 1, starts, lens, MAX_LINES);
    return n < 0 ? MAX_LINES : n < 1 ? 1 : n;
}

int ui_text(pd_app *app, SDL_Rect box, const char *s, double size, int flags, SDL_Color c)
{
    const char *p[1] = { s };
    return ui_paragraphs(app, box, p, 1, size, 0, flags, c, NULL);
}

const char *ui_fit_line(pd_app *app, const char *s, double size, int bold, int w)
{
    char *out = app->fmtbuf[app->fmtnext];
    app->fmtnext = (app->fmtnext + 1) % 4;
    size_t cap = sizeof app->fmtbuf[0];
    snprintf(out, cap, "%s", s);
    size_t n = strlen(out);
    while (n > 0 && ui_text_width(app, out, size * 0.8, bold) > w) {
        do n--;
        while (n > 0 && (out[n] & 0xC0) == 0x80);   /* a whole UTF-8 character */
        while (n > 0 && out[n - 1] == ' ') n--;
        if (n + 4 > cap) n = cap - 4;
        memcpy(out + n, "\xe2\x80\xa6", 4);   /* an ellipsis */
    }
    return out;
}

void ui_button(pd_app *app, SDL_Rect r, const char *label, int focused, int selected)
{
    const ui_theme *t = &app->th;
    ui_fill(app, r, selected ? t->accent : t->panel2);
    ui_frame(app, r, selected ? t->accent : t->line, ui_px(app, 1));
    int pad = ui_px(app, 8);
    ui_text(app, (SDL_Rect){ r.x + pad, r.y + pad / 2, r.w - 2 * pad, r.h - pad }, label, 18,
            UI_CENTER | UI_MIDDLE | UI_WRAP | (selected ? UI_BOLD : 0), selected ? t->accent_text : t->text);
    if (focused) ui_focus_ring(app, r);
}

/* ---- plots ------------------------------------------------------------------ */
void ui_waveform(pd_app *app, SDL_Rect box, const float *mins, const float *maxs, size_t n,
                 SDL_Color c)
{
    if (!n || box.w <= 0) return;
    SDL_SetRenderDrawBlendMode(app->ren, SDL_BLENDMODE_NONE);
    SDL_SetRenderDrawColor(app->ren, c.r, c.g, c.b, 255);
    int mid = box.y + box.h / 2;
    for (int x = 0; x < box.w; x++) {
        size_t a = (size_t)((double)x / box.w * n), b = (size_t)((double)(x + 1) / box.w * n);
        if (b <= a) b = a + 1;
        if (b > n) b = n;
        float lo = 0, hi = 0;
        for (size_t k = a; k < b; k++) {
            if (mins[k] < lo) lo = mins[k];
            if (maxs[k] > hi) hi = maxs[k];
        }
        int y0 = mid - (int)(hi * box.h / 2), y1 = mid - (int)(lo * box.h / 2);
        SDL_RenderDrawLine(app->ren, box.x + x, y0, box.x + x, y1 > y0 ? y1 : y0);
    }
}

void ui_contour(pd_app *app, SDL_Rect box, const float *y, size_t n, double lo, double hi,
                double skip_below, SDL_Color c, int dots)
{
    if (!n || box.w <= 0 || hi <= lo) return;
    SDL_SetRenderDrawBlendMode(app->ren, SDL_BLENDMODE_NONE);
    SDL_SetRenderDrawColor(app->ren, c.r, c.g, c.b, 255);
    int px = -1, py = 0, r = ui_px(app, 1.5) > 1 ? ui_px(app, 1.5) : 1;
    for (int x = 0; x < box.w; x++) {
        size_t a = (size_t)((double)x / box.w * n), b = (size_t)((double)(x + 1) / box.w * n);
        if (b <= a) b = a + 1;
        if (b > n) b = n;
        double s = 0;
        int k = 0;
        for (size_t i = a; i < b; i++)
            if (isfinite(y[i]) && y[i] > skip_below) s += y[i], k++;
        if (!k) {
            px = -1;
            continue;
        }
        double v = (s / k - lo) / (hi - lo);
        if (v < 0) v = 0;
        if (v > 1) v = 1;
        int yy = box.y + box.h - 1 - (int)(v * (box.h - 1));
        if (dots) {
            SDL_Rect d = { box.x + x - r / 2, yy - r / 2, r, r };
            SDL_RenderFillRect(app->ren, &d);
        } else if (px >= 0) {
            SDL_RenderDrawLine(app->ren, px, py, box.x + x, yy);
            SDL_RenderDrawLine(app->ren, px, py + 1, box.x + x, yy + 1);
        }
        px = box.x + x;
        py = yy;
    }
}

void ui_meter(pd_app *app, SDL_Rect box, double v, double lo, double hi, double band_lo,
              double band_hi, SDL_Color fill)
{
    const ui_theme *t = &app->th;
    ui_fill(app, box, t->panel2);
    int bx0 = box.x + (int)((band_lo - lo) / (hi - lo) * box.w);
    int bx1 = box.x + (int)((band_hi - lo) / (hi - lo) * box.w);
    ui_fill(app, (SDL_Rect){ bx0, box.y, bx1 - bx0, box.h }, t->band);
    if (isfinite(v)) {
        double f = (v - lo) / (hi - lo);
        if (f < 0) f = 0;
        if (f > 1) f = 1;
        int inset = ui_px(app, 6);
        ui_fill(app, (SDL_Rect){ box.x, box.y + inset, (int)(f * box.w), box.h - 2 * inset }, fill);
        int x = box.x + (int)(f * box.w);
        ui_fill(app, (SDL_Rect){ x - ui_px(app, 2), box.y, ui_px(app, 4), box.h }, t->text);
    }
    ui_frame(app, box, t->line, 1);
}

/* ---- focus list ------------------------------------------------------------ */
void ui_focus_clear(ui_focus *f)
{
    f->n = 0;
}

void ui_focus_add(ui_focus *f, int id, SDL_Rect r)
{
    if (f->n < UI_MAX_WIDGETS) f->w[f->n++] = (ui_widget){ r, id };
}

int ui_focus_id(const ui_focus *f)
{
    return f->focus >= 0 && f->focus < f->n ? f->w[f->focus].id : -1;
}

void ui_focus_set(ui_focus *f, int id)
{
    for (int i = 0; i < f->n; i++)
        if (f->w[i].id == id) f->focus = i;
}

int ui_focus_event(pd_app *app, ui_focus *f, const SDL_Event *e, int arrows)
{
    if (f->n == 0) return -1;
    if (f->focus >= f->n) f->focus = f->n - 1;
    if (e->type == SDL_KEYDOWN) {
        SDL_Keycode k = e->key.keysym.sym;
        int back = (e->key.keysym.mod & KMOD_SHIFT) != 0;
        if (k == SDLK_TAB || (arrows && (k == SDLK_DOWN || k == SDLK_UP))) {
            if (k == SDLK_UP) back = 1;
            if (k == SDLK_DOWN) back = 0;
            f->focus = (f->focus + (back ? f->n - 1 : 1)) % f->n;
            return -1;
        }
        if (k == SDLK_RETURN || k == SDLK_KP_ENTER || k == SDLK_SPACE) return ui_focus_id(f);
    } else if (e->type == SDL_MOUSEBUTTONDOWN && e->button.button == SDL_BUTTON_LEFT) {
        SDL_Point p = { (int)(e->button.x * app->density), (int)(e->button.y * app->density) };
        for (int i = 0; i < f->n; i++)
            if (SDL_PointInRect(&p, &f->w[i].r)) {
                f->focus = i;
                return f->w[i].id;
            }
    }
    return -1;
}
