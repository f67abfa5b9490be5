/* screen_home.c - choose a drill length, read the prompt card, see the
 * recent takes, start; where the desensitisation programme stands, and the
 * way to its ladder. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "ui.h"

static const int presets[4] = { 30, 60, 90, 120 };
static const pd_str preset_names[4] = { S_LEN_30, S_LEN_60, S_LEN_90, S_LEN_120 };

static void home_enter(pd_app *app)
{
    home_state *h = &app->home;
    memset(h, 0, sizeof *h);
    h->focus.focus = -1;            /* set to Start by the first layout */
    pd_app_load_ladder(app);        /* the programme's line (read once a run) */
    h->n_recent = app->history ? app->history->recent(app->history, h->recent, HOME_RECENT_MAX) : 0;
    if (h->n_recent < 0) h->n_recent = 0;
}

static void home_leave(pd_app *app)
{
    ui_settings_remember_home(app);   /* the length and the card chosen here, for the next run too */
}

static void set_length(pd_app *app, int choice)
{
    app->len_choice = choice;
    app->drill_s = choice < 4 ? presets[choice] : app->custom_s;
}

typedef struct home_layout {
    SDL_Rect title, subtitle, demo, len_label, len[5], card, prev, next, start, recent, history, keys;
    SDL_Rect programme, programme_box;
    SDL_Rect recent_head, recent_empty, rows[HOME_RECENT_MAX];
    int n_rows;                     /* the recent takes that fit */
} home_layout;

static void layout(pd_app *app, home_layout *L)
{
    int W = app->w, H = app->h, m = ui_px(app, 24), g = ui_px(app, 12);
    int y = m;
    L->title = (SDL_Rect){ m, y, W - 2 * m, ui_px(app, 44) };
    y += L->title.h;
    L->subtitle = (SDL_Rect){ m, y, W - 2 * m, ui_px(app, 28) };
    y += L->subtitle.h + g;
    L->demo = (SDL_Rect){ m, y, W - 2 * m, app->demo ? ui_px(app, 30) : 0 };
    if (app->demo) y += L->demo.h + g;
    int keys_h = ui_px(app, 26);
    L->keys = (SDL_Rect){ m, H - m / 2 - keys_h, W - 2 * m, keys_h };
    int bottom = L->keys.y - g;
    int left_w = (int)((W - 2 * m - g * 2) * 0.6);
    int right_x = m + left_w + 2 * g;
    L->len_label = (SDL_Rect){ m, y, left_w, ui_px(app, 26) };
    y += L->len_label.h + ui_px(app, 6);
    int bh = ui_px(app, 46), bw = (left_w - 4 * g) / 5;
    for (int i = 0; i < 5; i++) L->len[i] = (SDL_Rect){ m + i * (bw + g), y, bw, bh };
    y += bh + g + ui_px(app, 8);
    int start_h = ui_px(app, 56);
    L->start = (SDL_Rect){ m, bottom - start_h, left_w, start_h };
    int nav_h = ui_px(app, 40);
    L->prev = (SDL_Rect){ m, L->start.y - g - nav_h - ui_px(app, 6), (left_w - g) / 2, nav_h };
    L->next = (SDL_Rect){ m + (left_w + g) / 2, L->prev.y, (left_w - g) / 2, nav_h };
    L->card = (SDL_Rect){ m, y, left_w, L->prev.y - g - y };
    int right_w = W - m - right_x, prog_h = ui_px(app, 118);
    L->programme = (SDL_Rect){ right_x, L->start.y, (right_w - g) / 2, start_h };
    L->history = (SDL_Rect){ right_x + (right_w + g) / 2, L->start.y, right_w - (right_w + g) / 2, start_h };
    L->programme_box = (SDL_Rect){ right_x, L->start.y - g - prog_h, right_w, prog_h };
    L->recent = (SDL_Rect){ right_x, L->len_label.y, right_w, L->programme_box.y - g - L->len_label.y };
    /* the recent takes: a heading, then one row per take while rows fit */
    SDL_Rect r = L->recent;
    int p = ui_px(app, 16), ry = r.y + p, head_h = ui_px(app, 30), row_h = ui_px(app, 64);
    L->recent_head = (SDL_Rect){ r.x + p, ry, r.w - 2 * p, head_h };
    ry += head_h + ui_px(app, 8);
    L->recent_empty = (SDL_Rect){ r.x + p, ry, r.w - 2 * p, r.y + r.h - p - ry };
    L->n_rows = 0;
    for (int i = 0; i < app->home.n_recent && ry + row_h <= r.y + r.h - p; i++, ry += row_h)
        L->rows[L->n_rows++] = (SDL_Rect){ r.x + p, ry, r.w - 2 * p, row_h - ui_px(app, 8) };
}

static void build_focus(pd_app *app, const home_layout *L)
{
    home_state *h = &app->home;
    int keep = ui_focus_id(&h->focus);
    ui_focus_clear(&h->focus);
    for (int i = 0; i < 5; i++) ui_focus_add(&h->focus, HOME_LEN0 + i, L->len[i]);
    ui_focus_add(&h->focus, HOME_PREV, L->prev);
    ui_focus_add(&h->focus, HOME_NEXT, L->next);
    ui_focus_add(&h->focus, HOME_START, L->start);
    for (int i = 0; i < L->n_rows; i++) ui_focus_add(&h->focus, HOME_RECENT0 + i, L->rows[i]);
    ui_focus_add(&h->focus, HOME_PROGRAMME, L->programme);
    ui_focus_add(&h->focus, HOME_HISTORY, L->history);
    ui_focus_set(&h->focus, keep >= 0 ? keep : HOME_START);
}

static void activate(pd_app *app, int id)
{
    if (id >= HOME_LEN0 && id < HOME_LEN0 + 5) set_length(app, id - HOME_LEN0);
    else if (id == HOME_PREV && app->n_cards) app->card = (app->card + app->n_cards - 1) % app->n_cards;
    else if (id == HOME_NEXT && app->n_cards) app->card = (app->card + 1) % app->n_cards;
    else if (id == HOME_START) pd_app_switch(app, PD_DRILL);
    else if (id == HOME_HISTORY) pd_app_switch(app, PD_HISTORY);
    else if (id == HOME_PROGRAMME) pd_app_switch(app, PD_LADDER);
    else if (id >= HOME_RECENT0 && id < HOME_RECENT0 + app->home.n_recent) {
        pd_app_open_take(app, &app->home.recent[id - HOME_RECENT0], PD_HOME);
    }
}

static void home_event(pd_app *app, const SDL_Event *e)
{
    home_state *h = &app->home;
    home_layout L;
    layout(app, &L);
    build_focus(app, &L);
    if (e->type == SDL_KEYDOWN) {
        SDL_Keycode k = e->key.keysym.sym;
        int id = ui_focus_id(&h->focus);
        if (k == SDLK_ESCAPE) {
            app->quit = 1;
            return;
        }
        if (k == SDLK_h) {
            activate(app, HOME_HISTORY);
            return;
        }
        if (k == SDLK_p) {
            activate(app, HOME_PROGRAMME);
            return;
        }
        if (k == SDLK_s) {
            pd_app_switch(app, PD_SETTINGS);
            return;
        }
        if ((k == SDLK_LEFT || k == SDLK_RIGHT) && id >= HOME_LEN0 && id < HOME_LEN0 + 5) {
            int d = k == SDLK_RIGHT ? 1 : -1;
            if (id == HOME_LEN_CUSTOM && app->len_choice == 4) {
                int s = app->custom_s + 15 * d;    /* custom: 15 s .. 30 min */
                app->custom_s = s < PD_DRILL_MIN_S ? PD_DRILL_MIN_S : s > PD_DRILL_MAX_S ? PD_DRILL_MAX_S : s;
                set_length(app, 4);
            } else {
                int c = id - HOME_LEN0 + d;
                if (c >= 0 && c < 5) {
                    set_length(app, c);
                    ui_focus_set(&h->focus, HOME_LEN0 + c);
                }
            }
            return;
        }
        if ((k == SDLK_UP || k == SDLK_DOWN) && id >= HOME_RECENT0 && id < HOME_RECENT0 + L.n_rows) {
            int i = id - HOME_RECENT0 + (k == SDLK_DOWN ? 1 : -1);
            if (i >= 0 && i < L.n_rows) ui_focus_set(&h->focus, HOME_RECENT0 + i);
            return;
        }
        if ((k == SDLK_LEFT || k == SDLK_RIGHT) && (id == HOME_PREV || id == HOME_NEXT)) {
            activate(app, k == SDLK_LEFT ? HOME_PREV : HOME_NEXT);
            return;
        }
    }
    int id = ui_focus_event(app, &h->focus, e, 0);
    if (id >= 0) activate(app, id);
}

static void draw_card(pd_app *app, SDL_Rect r, const pd_prompt_card *c, int current)
{
    const ui_theme *t = &app->th;
    ui_fill(app, r, t->panel);
    int p = ui_px(app, 16), y = r.y + p;
    int head_h = ui_px(app, 30);
    ui_text(app, (SDL_Rect){ r.x + p, y, r.w - 2 * p, head_h }, c->title, 21, UI_BOLD | UI_MIDDLE,
            t->text);
    y += head_h + ui_px(app, 8);
    int slot = (r.y + r.h - p - y) / PD_CARD_PARTS;
    for (int i = 0; i < PD_CARD_PARTS && c->heading[i][0]; i++) {
        SDL_Rect s = { r.x + p, y + i * slot, r.w - 2 * p, slot - ui_px(app, 6) };
        if (i == current) {
            ui_fill(app, (SDL_Rect){ s.x - p / 2, s.y - ui_px(app, 2), s.w + p, s.h + ui_px(app, 4) },
                    t->panel2);
            ui_fill(app, (SDL_Rect){ s.x - p / 2, s.y - ui_px(app, 2), ui_px(app, 4), s.h + ui_px(app, 4) },
                    t->accent);
        }
        char num[8];
        snprintf(num, sizeof num, "%d", i + 1);
        int nw = ui_px(app, 28);
        ui_text(app, (SDL_Rect){ s.x, s.y, nw, s.h / 2 }, num, 20, UI_BOLD | UI_MIDDLE, t->accent);
        ui_text(app, (SDL_Rect){ s.x + nw, s.y, s.w - nw, s.h * 2 / 5 }, c->heading[i], 19,
                UI_BOLD | UI_MIDDLE, t->text);
        ui_text(app, (SDL_Rect){ s.x + nw, s.y + s.h * 2 / 5, s.w - nw, s.h * 3 / 5 }, c->hint[i],
                17, UI_WRAP, t->muted);
    }
}

void pd_draw_topic(pd_app *app, SDL_Rect r, const char *topic, int heading)
{
    const ui_theme *t = &app->th;
    ui_fill(app, r, t->panel);
    int p = ui_px(app, 20), hh = heading ? ui_px(app, 30) : 0;
    if (heading)
        ui_text(app, (SDL_Rect){ r.x + p, r.y + p / 2, r.w - 2 * p, hh }, ui_tr(app, S_XS_TOPIC), 18,
                UI_BOLD | UI_MIDDLE, t->muted);
    int hint_h = ui_px(app, 64);
    SDL_Rect body = { r.x + p, r.y + p / 2 + hh + ui_px(app, 6), r.w - 2 * p,
                      r.h - p - hh - ui_px(app, 6) - hint_h };
    ui_text(app, body, topic, 26, UI_BOLD | UI_WRAP | UI_MIDDLE, t->text);
    ui_text(app, (SDL_Rect){ r.x + p, r.y + r.h - p / 2 - hint_h, r.w - 2 * p, hint_h }, ui_tr(app, S_XS_TOPIC_HINT),
            15, UI_WRAP, t->muted);
}

void pd_draw_prompt_card(pd_app *app, SDL_Rect r, int current)
{
    if (app->n_cards > 0) draw_card(app, r, &app->cards[app->card % app->n_cards], current);
    else ui_fill(app, r, app->th.panel);
}

static void draw_recent(pd_app *app, const home_layout *L, int fid)
{
    const ui_theme *t = &app->th;
    ui_fill(app, L->recent, t->panel);
    ui_text(app, L->recent_head, ui_tr(app, S_RECENT), 21, UI_BOLD | UI_MIDDLE, t->text);
    if (app->home.n_recent == 0) {
        ui_text(app, L->recent_empty, ui_tr(app, S_NO_TAKES), 17, UI_WRAP, t->muted);
        return;
    }
    for (int i = 0; i < L->n_rows; i++) {
        const pd_take_summary *k = &app->home.recent[i];
        SDL_Rect row = L->rows[i];
        ui_fill(app, row, t->panel2);
        char when[64];
        struct tm tmv;
        localtime_r(&k->when, &tmv);
        strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tmv);
        char line1[160];
        if (k->target_s > 0)
            snprintf(line1, sizeof line1, "%s   %s / %s", when, ui_clock_text(app, k->duration_s),
                     ui_clock_text(app, k->target_s));
        else snprintf(line1, sizeof line1, "%s   %s", when, ui_clock_text(app, k->duration_s));
        int ip = ui_px(app, 10);
        ui_text(app, (SDL_Rect){ row.x + ip, row.y + ip / 2, row.w - 2 * ip, row.h / 2 - ip / 2 },
                line1, 16, UI_BOLD | UI_MIDDLE, t->text);
        const char *l2 = ui_trf(app, S_TAKE_ROW_FMT, ui_num(app, k->pace_syl_s, 1),
                                k->long_pauses, k->filled_pauses);
        ui_text(app, (SDL_Rect){ row.x + ip, row.y + row.h / 2, row.w - 2 * ip, row.h / 2 - ip / 2 },
                l2, 15, UI_MIDDLE, t->muted);
        if (fid == HOME_RECENT0 + i) ui_focus_ring(app, row);
    }
}

/* Where the programme stands (pd_programme_status) and how often to practise. */
static void draw_programme(pd_app *app, SDL_Rect r)
{
    const ui_theme *t = &app->th;
    ui_fill(app, r, t->panel);
    ui_fill(app, (SDL_Rect){ r.x, r.y, ui_px(app, 4), r.h }, t->focus);
    char status[300];
    pd_programme_status(&app->ladder, app->xp, app->nxp > 0 ? (size_t)app->nxp : 0, (int64_t)time(NULL),
                        app->lang, status, sizeof status);
    int p = ui_px(app, 14), head_h = ui_px(app, 26);
    ui_text(app, (SDL_Rect){ r.x + p, r.y + ui_px(app, 6), r.w - 2 * p, head_h }, ui_tr(app, S_LAD_HOME_HEAD), 17,
            UI_BOLD | UI_MIDDLE, t->text);
    const char *paras[2] = { status, ui_tr(app, S_LAD_HOME_ADVICE) };
    SDL_Rect body = { r.x + p, r.y + ui_px(app, 6) + head_h, r.w - 2 * p, r.h - head_h - ui_px(app, 12) };
    SDL_Rect line = { body.x, body.y, body.w, ui_px(app, 24) };
    int used = ui_paragraphs(app, line, paras, 1, 16, 0, UI_WRAP | UI_BOLD, t->focus, NULL) + ui_px(app, 4);
    ui_paragraphs(app, (SDL_Rect){ body.x, body.y + used, body.w, body.h - used }, paras + 1, 1, 15, 0,
                  UI_WRAP, t->muted, NULL);
}

static void home_draw(pd_app *app)
{
    home_state *h = &app->home;
    const ui_theme *t = &app->th;
    home_layout L;
    layout(app, &L);
    build_focus(app, &L);
    ui_text(app, L.title, ui_tr(app, S_HOME_TITLE), 32, UI_BOLD | UI_MIDDLE, t->text);
    ui_text(app, L.subtitle, ui_tr(app, S_HOME_SUBTITLE), 18, UI_MIDDLE, t->muted);
    if (app->demo) {
        ui_fill(app, L.demo, t->panel2);
        ui_fill(app, (SDL_Rect){ L.demo.x, L.demo.y, ui_px(app, 4), L.demo.h }, t->focus);
        ui_text(app, (SDL_Rect){ L.demo.x + ui_px(app, 14), L.demo.y, L.demo.w - ui_px(app, 20), L.demo.h },
                ui_tr(app, S_DEMO_BADGE), 16, UI_MIDDLE, t->text);
    }
    int fid = ui_focus_id(&h->focus);
    ui_text(app, L.len_label,
            fid == HOME_LEN_CUSTOM ? ui_tr(app, S_CUSTOM_HINT) : ui_tr(app, S_LENGTH), 18,
            UI_BOLD | UI_MIDDLE, t->text);
    for (int i = 0; i < 5; i++) {
        const char *label = i < 4 ? ui_tr(app, preset_names[i])
                                  : ui_trf(app, S_LEN_CUSTOM_FMT, ui_clock_text(app, app->custom_s));
        ui_button(app, L.len[i], label, fid == HOME_LEN0 + i, app->len_choice == i);
    }
    pd_draw_prompt_card(app, L.card, -1);
    ui_button(app, L.prev, ui_tr(app, S_PREV_CARD), fid == HOME_PREV, 0);
    ui_button(app, L.next, ui_tr(app, S_NEXT_CARD), fid == HOME_NEXT, 0);
    char start[160];
    snprintf(start, sizeof start, "%s  (%s)", ui_tr(app, S_START), ui_clock_text(app, app->drill_s));
    ui_button(app, L.start, start, fid == HOME_START, 1);
    draw_recent(app, &L, fid);
    draw_programme(app, L.programme_box);
    ui_button(app, L.programme, ui_tr(app, S_LAD_HOME_BTN), fid == HOME_PROGRAMME, 0);
    ui_button(app, L.history, ui_tr(app, S_HISTORY_BTN), fid == HOME_HISTORY, 0);
    ui_text(app, L.keys, ui_tr(app, S_KEYS_HOME), 15, UI_MIDDLE, t->muted);
}

const pd_screen pd_screen_home = {
    "home", home_enter, home_leave, home_event, NULL, home_draw, NULL,
};
