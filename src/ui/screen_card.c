/* screen_card.c - the card editor, from Settings' card row: a card's title
 * and its four parts (a heading and what to say: who I am, what I do for
 * others, why I can be trusted, what I am looking for), typed with SDL text
 * input (UTF-8; Backspace and Delete take a whole character; each field's
 * length shown against its limit, prompt_card.h). Ctrl+S (or Save) checks
 * the card (pd_prompt_card_check), writes it atomically into the user's
 * prompts folder ($XDG_CONFIG_HOME/podium/prompts, where prompts.c reads
 * it) and makes it the card in use at once. A card of the user's is edited
 * in its own file; a bundled card is copied into a new one (my_TITLE.txt).
 * Esc goes back to Settings, asking first when changes would be lost. A
 * failure to write says why in one message and keeps the text. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "podium/text_files.h"
#include "ui.h"

#define CARDS_MAX ((int)(sizeof ((pd_app *)0)->cards / sizeof ((pd_app *)0)->cards[0]))

/* Field i: 0 the title, then part p's heading (1 + 2p) and hint (2 + 2p). */
static char *field(pd_prompt_card *c, int i, size_t *cap, size_t *max_chars)
{
    if (i == 0) {
        *cap = sizeof c->title;
        *max_chars = PD_CARD_TITLE_CHARS;
        return c->title;
    }
    int p = (i - 1) / 2;
    if ((i - 1) % 2 == 0) {
        *cap = sizeof c->heading[0];
        *max_chars = PD_CARD_HEADING_CHARS;
        return c->heading[p];
    }
    *cap = sizeof c->hint[0];
    *max_chars = PD_CARD_HINT_CHARS;
    return c->hint[p];
}

static int changed(card_edit_state *s)
{
    for (int i = 0; i < CE_FIELDS; i++) {
        size_t cap, mx;
        if (strcmp(field(&s->card, i, &cap, &mx), field(&s->orig, i, &cap, &mx)) != 0) return 1;
    }
    return 0;
}

void ui_card_edit_open(pd_app *app, int at)
{
    card_edit_state *s = &app->ced;
    memset(s, 0, sizeof *s);
    s->at = -1;
    if (at >= 0 && at < app->n_cards) {
        s->card = app->cards[at];
        if (app->cards[at].user) s->at = at;
        else {   /* a bundled card: a new card of the user's, from it */
            snprintf(s->from_title, sizeof s->from_title, "%s", s->card.title);
            s->card.file[0] = 0;
            s->card.user = 1;
        }
    } else {
        static const pd_str heads[PD_CARD_PARTS] = { S_CE_H1, S_CE_H2, S_CE_H3, S_CE_H4 };
        for (int p = 0; p < PD_CARD_PARTS; p++)
            snprintf(s->card.heading[p], sizeof s->card.heading[p], "%s", ui_tr(app, heads[p]));
        s->card.user = 1;
    }
    s->orig = s->card;
    for (int i = 0; i < CE_FIELDS; i++) {
        size_t cap, mx;
        s->caret[i] = strlen(field(&s->card, i, &cap, &mx));
    }
    s->focus.focus = -1;
    app->set.editing = 1;   /* Settings opens on the card row again */
    app->set.back_row = SET_ROW0 + SR_CARD;
    pd_app_switch(app, PD_CARD_EDIT);
}

static void card_enter(pd_app *app)
{
    (void)app;
    SDL_StartTextInput();
}

static void card_leave(pd_app *app)
{
    (void)app;
    SDL_StopTextInput();
}

typedef struct ce_layout {
    SDL_Rect title, subtitle, f[CE_FIELDS], label[1 + PD_CARD_PARTS], err, save, cancel, keys;
} ce_layout;

static void layout(pd_app *app, ce_layout *L)
{
    int W = app->w, H = app->h, m = ui_px(app, 24), g = ui_px(app, 8);
    int y = m / 2;
    L->title = (SDL_Rect){ m, y, W - 2 * m, ui_px(app, 40) };
    y += L->title.h;
    L->subtitle = (SDL_Rect){ m, y, W - 2 * m, ui_px(app, 40) };   /* two lines: a long path */
    y += L->subtitle.h + g;
    int lw = ui_px(app, 110), fx = m + lw, fw = W - m - fx;
    L->label[0] = (SDL_Rect){ m, y, lw, ui_px(app, 48) };
    L->f[0] = (SDL_Rect){ fx, y, fw, ui_px(app, 48) };
    y += L->f[0].h + g + ui_px(app, 4);
    int ph = ui_px(app, 80), hw = fw * 34 / 100;
    for (int p = 0; p < PD_CARD_PARTS; p++) {
        L->label[1 + p] = (SDL_Rect){ m, y, lw, ph };
        L->f[1 + 2 * p] = (SDL_Rect){ fx, y, hw, ph };
        L->f[2 + 2 * p] = (SDL_Rect){ fx + hw + g, y, fw - hw - g, ph };
        y += ph + g;
    }
    int keys_h = ui_px(app, 26), bh = ui_px(app, 46), bw = ui_px(app, 200);
    L->keys = (SDL_Rect){ m, H - m / 2 - keys_h, W - 2 * m, keys_h };
    L->save = (SDL_Rect){ W - m - 2 * bw - g, L->keys.y - g - bh, bw, bh };
    L->cancel = (SDL_Rect){ W - m - bw, L->save.y, bw, bh };
    L->err = (SDL_Rect){ m, y, W - 2 * m, L->save.y - g - y };
    if (L->err.h < 0) L->err.h = 0;
    if (L->err.h > ui_px(app, 60)) L->err.h = ui_px(app, 60);
}

static void build_focus(pd_app *app, const ce_layout *L)
{
    card_edit_state *s = &app->ced;
    int keep = ui_focus_id(&s->focus);
    ui_focus_clear(&s->focus);
    for (int i = 0; i < CE_FIELDS; i++) ui_focus_add(&s->focus, CE_FIELD0 + i, L->f[i]);
    ui_focus_add(&s->focus, CE_SAVE, L->save);
    ui_focus_add(&s->focus, CE_CANCEL, L->cancel);
    ui_focus_set(&s->focus, keep >= 0 ? keep : CE_FIELD0);
}

static int file_taken(const char *name, void *ctx)
{
    char path[1000];
    snprintf(path, sizeof path, "%s/%s", (const char *)ctx, name);
    return access(path, F_OK) == 0;
}

static void save(pd_app *app)
{
    card_edit_state *s = &app->ced;
    char why[300];
    s->discard_asked = 0;
    if (pd_prompt_card_check(&s->card, app->lang, why, sizeof why) != 0) {
        snprintf(s->err, sizeof s->err, "%s", ui_trf(app, S_CE_INVALID_FMT, why));
        return;
    }
    if (s->at < 0 && app->n_cards >= CARDS_MAX) {
        snprintf(s->err, sizeof s->err, "%s", ui_trf(app, S_SET_CARDS_FULL_FMT, app->n_cards));
        return;
    }
    char dir[700], path[1000], text[2048], err[1200];
    snprintf(dir, sizeof dir, "%s/prompts", app->config_dir);
    char file[256];
    if (s->at >= 0) snprintf(file, sizeof file, "%s", s->card.file);
    else pd_prompt_card_file_name(s->card.title, file_taken, dir, file, sizeof file);
    snprintf(path, sizeof path, "%s/%s", dir, file);
    int n = pd_prompt_card_format(&s->card, text, sizeof text);
    int rc = n < 0 ? -1 : 0;
    if (n < 0) snprintf(err, sizeof err, "'%s': the card does not fit 2048 bytes", path);
    else if (pd_app_mkdirs(dir) != 0) {
        snprintf(err, sizeof err, "cannot make the folder '%s'", dir);
        rc = -1;
    } else rc = pd_write_file_atomic(path, text, (size_t)n, err, sizeof err);
    if (rc != 0) {   /* one message (the strip, as Settings'); the text stays in the editor */
        fprintf(stderr, "podium: card not saved: %s\n", err);
        s->err[0] = 0;
        pd_app_banner(app, ui_trf(app, S_CE_NOT_SAVED_FMT, err));
        return;
    }
    pd_app_trace(app, "card saved", path);
    int problems = ui_cards_reload(app, file);   /* another card's problem: its warning shows instead */
    snprintf(app->conf_want.card, sizeof app->conf_want.card, "%s", file);
    if (ui_settings_save(app) == 0 && !problems) pd_app_message(app, PD_MSG_DONE, ui_trf(app, S_CE_SAVED_FMT, path));
    pd_app_switch(app, PD_SETTINGS);
}

static void back(pd_app *app)
{
    card_edit_state *s = &app->ced;
    if (changed(s) && !s->discard_asked) {
        s->discard_asked = 1;
        snprintf(s->err, sizeof s->err, "%s", ui_tr(app, S_LAD_UNSAVED));
        return;
    }
    pd_app_switch(app, PD_SETTINGS);
}

static void card_event(pd_app *app, const SDL_Event *e)
{
    card_edit_state *s = &app->ced;
    ce_layout L;
    layout(app, &L);
    build_focus(app, &L);
    int id = ui_focus_id(&s->focus), fi = id >= CE_FIELD0 && id < CE_FIELD0 + CE_FIELDS ? id - CE_FIELD0 : -1;
    size_t cap = 0, mx = 0;
    char *f = fi >= 0 ? field(&s->card, fi, &cap, &mx) : NULL;
    if (e->type == SDL_TEXTINPUT) {
        if (f) {
            s->full = !pd_utf8_insert(f, cap, &s->caret[fi], e->text.text, mx);
            s->discard_asked = 0;
            s->err[0] = 0;
        }
        return;
    }
    if (e->type == SDL_KEYDOWN) {
        SDL_Keycode k = e->key.keysym.sym;
        int ctrl = (e->key.keysym.mod & KMOD_CTRL) != 0;
        if (k == SDLK_ESCAPE) {
            back(app);
            return;
        }
        if (k == SDLK_s && ctrl) {
            save(app);
            return;
        }
        int modifier = k == SDLK_LSHIFT || k == SDLK_RSHIFT || k == SDLK_LCTRL || k == SDLK_RCTRL ||
                       k == SDLK_LALT || k == SDLK_RALT || k == SDLK_LGUI || k == SDLK_RGUI;
        if (s->discard_asked && !modifier) {   /* another key: the question is dropped */
            s->discard_asked = 0;
            s->err[0] = 0;
        }
        if (f) {
            size_t *c = &s->caret[fi];
            if (*c > strlen(f)) *c = strlen(f);
            switch (k) {
            case SDLK_BACKSPACE:
                if (ctrl) pd_utf8_backspace_word(f, c);
                else pd_utf8_backspace(f, c);
                s->full = 0;
                return;
            case SDLK_DELETE: pd_utf8_delete(f, *c); s->full = 0; return;
            case SDLK_LEFT: *c = pd_utf8_step(f, *c, -1); return;
            case SDLK_RIGHT: *c = pd_utf8_step(f, *c, 1); return;
            case SDLK_HOME: *c = 0; return;
            case SDLK_END: *c = strlen(f); return;
            case SDLK_RETURN:
            case SDLK_KP_ENTER: ui_focus_set(&s->focus, fi + 1 < CE_FIELDS ? CE_FIELD0 + fi + 1 : CE_SAVE); return;
            case SDLK_SPACE: return;   /* typed: the text input has it */
            default: break;
            }
        }
        if (k == SDLK_UP || k == SDLK_DOWN || k == SDLK_TAB) s->full = 0;
    }
    int act = ui_focus_event(app, &s->focus, e, 1);
    if (act == CE_SAVE) save(app);
    else if (act == CE_CANCEL) back(app);
}

static void card_draw(pd_app *app)
{
    card_edit_state *s = &app->ced;
    const ui_theme *t = &app->th;
    ce_layout L;
    layout(app, &L);
    build_focus(app, &L);
    const char *head = s->at >= 0 ? ui_trf(app, S_CE_EDIT_FMT, s->card.file)
                       : s->from_title[0] ? ui_trf(app, S_CE_COPY_FMT, ui_fit_line(app, s->from_title, 30, 1, L.title.w / 2))
                                          : ui_tr(app, S_CE_NEW);
    ui_text(app, L.title, head, 30, UI_BOLD | UI_MIDDLE, t->text);
    char dir[800], file[256];
    snprintf(dir, sizeof dir, "%s/prompts", app->config_dir);
    if (s->at >= 0) snprintf(file, sizeof file, "%s", s->card.file);
    else pd_prompt_card_file_name(s->card.title, file_taken, dir, file, sizeof file);   /* as Save would name it */
    size_t dl = strlen(dir);
    snprintf(dir + dl, sizeof dir - dl, "/%s", file);
    ui_text(app, L.subtitle, ui_trf(app, S_CE_WHERE_FMT, dir), 16, UI_MIDDLE | UI_WRAP, t->muted);
    int fid = ui_focus_id(&s->focus), pad = ui_px(app, 10);
    ui_text(app, L.label[0], ui_tr(app, S_CE_TITLE), 18, UI_BOLD | UI_MIDDLE, t->text);
    for (int p = 0; p < PD_CARD_PARTS; p++)
        ui_text(app, L.label[1 + p], ui_trf(app, S_CE_PART_FMT, p + 1), 18, UI_BOLD | UI_MIDDLE, t->accent);
    for (int i = 0; i < CE_FIELDS; i++) {
        SDL_Rect r = L.f[i];
        int foc = fid == CE_FIELD0 + i;
        size_t cap, mx;
        char *f = field(&s->card, i, &cap, &mx);
        ui_fill(app, r, foc ? t->panel2 : t->panel);
        /* the field's name and its length against the limit, on its top line */
        int top = ui_px(app, i == 0 ? 0 : 22);
        const char *count = ui_trf(app, S_CE_COUNT_FMT, (int)pd_utf8_chars(f), (int)mx);
        int cw = ui_px(app, 70);
        SDL_Color cc = foc && s->full ? t->focus : t->muted;
        if (i == 0) {
            ui_text(app, (SDL_Rect){ r.x + r.w - cw - pad, r.y, cw, r.h }, count, 14, UI_RIGHT | UI_MIDDLE, cc);
        } else {
            ui_text(app, (SDL_Rect){ r.x + pad, r.y + ui_px(app, 2), r.w - cw - 3 * pad, top },
                    ui_tr(app, (i - 1) % 2 == 0 ? S_CE_HEADING : S_CE_HINT), 14, UI_MIDDLE, t->muted);
            ui_text(app, (SDL_Rect){ r.x + r.w - cw - pad, r.y + ui_px(app, 2), cw, top }, count, 14,
                    UI_RIGHT | UI_MIDDLE, cc);
        }
        char shown[sizeof s->card.hint[0] + 4];
        size_t c = s->caret[i] <= strlen(f) ? s->caret[i] : strlen(f);
        if (foc) snprintf(shown, sizeof shown, "%.*s|%s", (int)c, f, f + c);
        else snprintf(shown, sizeof shown, "%s", f);
        SDL_Rect tb = { r.x + pad, r.y + top, r.w - 2 * pad - (i == 0 ? cw + pad : 0), r.h - top - ui_px(app, 2) };
        ui_text(app, tb, shown, i == 0 ? 19 : 16, (i == 0 ? UI_BOLD : 0) | UI_MIDDLE | UI_WRAP, t->text);
        if (foc) ui_focus_ring(app, r);
    }
    if (s->err[0] || s->full) {
        const char *msg = s->err[0] ? s->err : ui_tr(app, S_CE_FULL);
        int warn = !s->err[0] || s->discard_asked;
        ui_fill(app, L.err, warn ? t->yellow : t->red);
        SDL_Color fg = warn ? (SDL_Color){ 0x14, 0x14, 0x14, 255 } : (SDL_Color){ 255, 255, 255, 255 };
        ui_text(app, (SDL_Rect){ L.err.x + pad, L.err.y, L.err.w - 2 * pad, L.err.h }, msg, 15,
                UI_MIDDLE | UI_WRAP | UI_BOLD, fg);
    }
    ui_button(app, L.save, ui_tr(app, S_CE_SAVE), fid == CE_SAVE, 1);
    ui_button(app, L.cancel, ui_tr(app, S_CE_CANCEL), fid == CE_CANCEL, 0);
    ui_text(app, L.keys, ui_tr(app, S_CE_KEYS), 15, UI_MIDDLE, t->muted);
}

const pd_screen pd_screen_card_edit = {
    "card editor", card_enter, card_leave, card_event, NULL, card_draw, NULL,
};
