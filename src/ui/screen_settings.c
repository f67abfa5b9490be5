/* screen_settings.c - Settings, from Home (S): the language, the drill's
 * length, the preparation, the prompt card (and the way to write, copy,
 * edit or delete a card: screen_card.c), the microphone (or demo), the
 * output of the distraction sounds, whether it is headphones, and whether
 * the audience's questions are spoken aloud. Up/Down choose a row, Left/Right change
 * it (or a click on its < or >). A change applies at once and is saved in
 * app.conf then (settings_io.c: only its line rewritten, atomically), as a
 * desktop's settings panels do: there is no Save to forget. When it cannot
 * be saved, one message says why; Esc then asks once before going back (the
 * values still apply until Podium closes), Ctrl+S tries again. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "ui.h"
#ifdef PODIUM_HAVE_RECORDER
#include "podium/audio_io.h"
#endif

static const pd_str row_names[SR_COUNT] = { S_SET_LANG, S_SET_DRILL, S_SET_PREP, S_SET_CARD, S_SET_INPUT,
                                            S_SET_OUTPUT, S_SET_HEADPHONES, S_SET_SPEAK };
static const pd_str row_help[SR_COUNT] = { S_SET_HELP_LANG, S_SET_HELP_DRILL, S_SET_HELP_PREP, S_SET_HELP_CARD,
                                           S_SET_HELP_INPUT, S_SET_HELP_OUTPUT, S_SET_HELP_HEADPHONES, S_SET_HELP_SPEAK };
#define CARDS_MAX ((int)(sizeof ((pd_app *)0)->cards / sizeof ((pd_app *)0)->cards[0]))

/* ---- the sound devices, listed on a thread ---------------------------------- */
static int list_devices(void *ctx)
{
    settings_state *s = ctx;
    s->n_in = s->n_out = 0;
#ifdef PODIUM_HAVE_RECORDER
    char err[300];
    if (pd_audio_init(err, sizeof err) == 0) {
        int n = pd_audio_device_count();
        for (int i = 0; i < n; i++) {
            pd_audio_device d;
            if (pd_audio_device_get(i, &d) != 0) continue;
            char label[200];
            snprintf(label, sizeof label, "%s: %s", d.host_api, d.name);
            if (d.max_input_channels > 0 && s->n_in < SET_DEVICES_MAX)
                snprintf(s->in[s->n_in++], sizeof s->in[0], "%s", label);
            if (d.max_output_channels > 0 && s->n_out < SET_DEVICES_MAX)
                snprintf(s->out[s->n_out++], sizeof s->out[0], "%s", label);
        }
        pd_audio_terminate();
    }
#endif
    SDL_AtomicSet(&s->listed, 1);
    return 0;
}

static void settings_enter(pd_app *app)
{
    settings_state *s = &app->set;
    SDL_Thread *old = s->lister;
    if (old) SDL_WaitThread(old, NULL);
    int row = s->editing ? s->back_row : -1;   /* back from the card editor: on the card row again */
    memset(s, 0, sizeof *s);
    s->focus.focus = -1;
    s->back_row = row;
    if (app->no_devices) {       /* the screenshots: the defaults only */
        SDL_AtomicSet(&s->listed, 1);
        return;
    }
    SDL_AtomicSet(&s->listed, 0);
    s->lister = SDL_CreateThread(list_devices, "podium-devices", s);
    if (!s->lister) list_devices(s);
}

static void settings_leave(pd_app *app)
{
    settings_state *s = &app->set;
    if (s->lister) SDL_WaitThread(s->lister, NULL);   /* PortAudio is free again for the drill */
    s->lister = NULL;
}

/* ---- the choices of the device rows ------------------------------------------ */
/* The input's choices: "" the default, the devices, the name in use when it
 * is not listed, NULL demo. Returns how many; *cur the one in use. */
static int input_choices(pd_app *app, const char **c, int max, int *cur)
{
    settings_state *s = &app->set;
    int n = 0, listed = SDL_AtomicGet(&s->listed), found = -1;
    c[n++] = "";
    for (int i = 0; listed && i < s->n_in && n < max - 2; i++) {
        if (strcmp(s->in[i], app->input_device) == 0) found = n;
        c[n++] = s->in[i];
    }
    if (app->input_device[0] && found < 0) found = n, c[n++] = app->input_device;
    c[n++] = NULL;
    *cur = app->demo ? n - 1 : app->input_device[0] ? found : 0;
    return n;
}

static int output_choices(pd_app *app, const char **c, int max, int *cur)
{
    settings_state *s = &app->set;
    int n = 0, listed = SDL_AtomicGet(&s->listed), found = -1;
    c[n++] = "";
    for (int i = 0; listed && i < s->n_out && n < max - 1; i++) {
        if (strcmp(s->out[i], app->output_device) == 0) found = n;
        c[n++] = s->out[i];
    }
    if (app->output_device[0] && found < 0) found = n, c[n++] = app->output_device;
    *cur = app->output_device[0] ? found : 0;
    return n;
}

static int is_listed(char (*list)[200], int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(list[i], name) == 0) return 1;
    return 0;
}

static int clampi(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static void set_drill(pd_app *app, int s)
{
    static const int presets[4] = { 30, 60, 90, 120 };
    app->drill_s = s;
    app->len_choice = 4;
    for (int i = 0; i < 4; i++)
        if (presets[i] == s) app->len_choice = i;
    if (app->len_choice == 4) app->custom_s = s;
}

/* Left/Right on a row: the value changes, applies and is saved. */
static void change(pd_app *app, set_row r, int d)
{
    pd_app_settings *w = &app->conf_want;
    const char *c[SET_DEVICES_MAX + 4];
    int cur = 0, n;
    switch (r) {
    case SR_LANG: {
        const char *lang = d > 0 ? "it" : "en";
        if (strcmp(app->lang, lang) == 0) return;
        ui_set_language(app, lang);
        snprintf(w->lang, sizeof w->lang, "%s", lang);
        break;
    }
    case SR_DRILL: {
        int v = pd_settings_walk_drill(app->drill_s, d);
        if (v == app->drill_s) return;
        set_drill(app, v);
        w->drill_s = v;
        break;
    }
    case SR_PREP: {
        int v = pd_settings_walk_prep(app->prep_s, d);
        if (v == app->prep_s) return;
        app->prep_s = w->prep_s = v;
        break;
    }
    case SR_CARD: {
        if (app->n_cards == 0) return;
        int k = clampi(app->card % app->n_cards + d, 0, app->n_cards - 1);
        if (k == app->card) return;
        app->card = k;
        snprintf(w->card, sizeof w->card, "%s", app->cards[k].file);
        break;
    }
    case SR_INPUT: {
        n = input_choices(app, c, (int)(sizeof c / sizeof c[0]), &cur);
        int k = clampi(cur + d, 0, n - 1);
        if (k == cur) return;
        if (!c[k]) {
            app->demo = 1;
            w->demo = 1;
        } else {
            char name[200];
            snprintf(name, sizeof name, "%s", c[k]);   /* c[k] may be input_device itself */
            app->demo = 0;
            w->demo = 0;
            snprintf(app->input_device, sizeof app->input_device, "%s", name);
            snprintf(w->input, sizeof w->input, "%s", name);
        }
        break;
    }
    case SR_OUTPUT: {
        n = output_choices(app, c, (int)(sizeof c / sizeof c[0]), &cur);
        int k = clampi(cur + d, 0, n - 1);
        if (k == cur) return;
        char name[200];
        snprintf(name, sizeof name, "%s", c[k]);
        snprintf(app->output_device, sizeof app->output_device, "%s", name);
        snprintf(w->output, sizeof w->output, "%s", name);
        break;
    }
    case SR_HEADPHONES: {
        int v = d > 0;
        if (v == app->headphones) return;
        app->headphones = w->headphones = v;
        break;
    }
    case SR_SPEAK: {
#ifdef PODIUM_HAVE_ESPEAK
        int v = d > 0;
        if (v == app->speak_questions) return;
        app->speak_questions = w->speak_questions = v;
        break;
#else
        return;   /* built without eSpeak NG: the row says so */
#endif
    }
    default: return;
    }
    app->set.leave_asked = 0;
    ui_settings_save(app);
}

static const char *row_value(pd_app *app, set_row r)
{
    settings_state *s = &app->set;
    switch (r) {
    case SR_LANG: return ui_tr(app, strcmp(app->lang, "it") == 0 ? S_SET_LANG_IT : S_SET_LANG_EN);
    case SR_DRILL: return ui_seconds_text(app, app->drill_s);
    case SR_PREP: return app->prep_s > 0 ? ui_seconds_text(app, app->prep_s) : ui_tr(app, S_SET_NO_PREP);
    case SR_CARD: {
        if (app->n_cards == 0) return ui_tr(app, S_SET_NO_CARDS);
        const pd_prompt_card *c = &app->cards[app->card % app->n_cards];
        return c->user ? ui_trf(app, S_SET_CARD_YOURS_FMT, c->title) : c->title;
    }
    case SR_INPUT:
        if (app->demo) return ui_tr(app, S_SET_MIC_DEMO);
        if (!app->input_device[0]) return ui_tr(app, S_SET_MIC_DEFAULT);
        if (SDL_AtomicGet(&s->listed) && !is_listed(s->in, s->n_in, app->input_device))
            return ui_trf(app, S_SET_MISSING_FMT, app->input_device);
        return app->input_device;
    case SR_OUTPUT:
        if (!app->output_device[0]) return ui_tr(app, S_SET_OUT_DEFAULT);
        if (SDL_AtomicGet(&s->listed) && !is_listed(s->out, s->n_out, app->output_device))
            return ui_trf(app, S_SET_MISSING_FMT, app->output_device);
        return app->output_device;
    case SR_HEADPHONES: return ui_tr(app, app->headphones ? S_SET_HEADPHONES_YES : S_SET_HEADPHONES_NO);
#ifdef PODIUM_HAVE_ESPEAK
    case SR_SPEAK: return ui_tr(app, app->speak_questions ? S_SET_SPEAK_YES : S_SET_SPEAK_NO);
#else
    case SR_SPEAK: return ui_tr(app, S_SET_SPEAK_NONE);
#endif
    default: return "";
    }
}

/* ---- layout ------------------------------------------------------------------- */
typedef struct set_layout {
    SDL_Rect title, subtitle, row[SR_COUNT], help, band, keys;
} set_layout;

static void layout(pd_app *app, set_layout *L)
{
    int W = app->w, H = app->h, m = ui_px(app, 24), g = ui_px(app, 8);
    int y = m / 2;
    L->title = (SDL_Rect){ m, y, W - 2 * m, ui_px(app, 44) };
    y += L->title.h;
    L->subtitle = (SDL_Rect){ m, y, W - 2 * m, ui_px(app, 28) };
    y += L->subtitle.h + g;
    int rh = ui_px(app, 44);
    for (int i = 0; i < SR_COUNT; i++) L->row[i] = (SDL_Rect){ m, y + i * (rh + g), W - 2 * m, rh };
    y += SR_COUNT * (rh + g);
    int keys_h = ui_px(app, 26);
    L->keys = (SDL_Rect){ m, H - m / 2 - keys_h, W - 2 * m, keys_h };
    int band_h = ui_px(app, 52);
    L->band = (SDL_Rect){ m, L->keys.y - g - band_h, W - 2 * m, band_h };
    L->help = (SDL_Rect){ m, y, W - 2 * m, L->band.y - g - y };
}

static void build_focus(pd_app *app, const set_layout *L)
{
    settings_state *s = &app->set;
    int keep = ui_focus_id(&s->focus);
    ui_focus_clear(&s->focus);
    for (int i = 0; i < SR_COUNT; i++) ui_focus_add(&s->focus, SET_ROW0 + i, L->row[i]);
    ui_focus_set(&s->focus, keep >= 0 ? keep : s->back_row > 0 ? s->back_row : SET_ROW0);
    memcpy(s->row_box, L->row, sizeof s->row_box);
}

/* ---- the card row's keys ----------------------------------------------------- */
static void delete_card(pd_app *app)
{
    settings_state *s = &app->set;
    s->confirm_delete = 0;
    if (app->n_cards == 0) return;
    const pd_prompt_card *c = &app->cards[app->card % app->n_cards];
    if (!c->user) return;
    char path[1000], title[96];
    snprintf(path, sizeof path, "%s/prompts/%s", app->config_dir, c->file);
    snprintf(title, sizeof title, "%s", c->title);
    if (unlink(path) != 0) {
        char why[300];
        snprintf(why, sizeof why, "%s", strerror(errno));
        pd_app_banner(app, ui_trf(app, S_SET_DELETE_FAIL_FMT, path, why));
        return;
    }
    int at = app->card;
    ui_cards_reload(app, NULL);
    app->card = app->n_cards ? clampi(at, 0, app->n_cards - 1) : 0;
    pd_app_message(app, PD_MSG_DONE, ui_trf(app, S_SET_DELETED_FMT, title));
    snprintf(app->conf_want.card, sizeof app->conf_want.card, "%s", app->n_cards ? app->cards[app->card].file : "");
    ui_settings_save(app);
}

static int room_for_a_card(pd_app *app)
{
    if (app->n_cards < CARDS_MAX) return 1;
    pd_app_message(app, PD_MSG_WARNING, ui_trf(app, S_SET_CARDS_FULL_FMT, app->n_cards));
    return 0;
}

static void card_key(pd_app *app, SDL_Keycode k)
{
    const pd_prompt_card *c = app->n_cards ? &app->cards[app->card % app->n_cards] : NULL;
    if (k == SDLK_RETURN || k == SDLK_KP_ENTER || k == SDLK_SPACE) {
        if (c && c->user) ui_card_edit_open(app, app->card % app->n_cards);
        else if (c && room_for_a_card(app)) ui_card_edit_open(app, app->card % app->n_cards);
        else if (!c) ui_card_edit_open(app, -1);
    } else if (k == SDLK_n) {
        if (room_for_a_card(app)) ui_card_edit_open(app, -1);
    } else if (k == SDLK_DELETE || k == SDLK_BACKSPACE) {
        if (c && c->user) app->set.confirm_delete = 1;
        else if (c) pd_app_message(app, PD_MSG_WARNING, ui_tr(app, S_SET_BUNDLED_KEEP));
    }
}

static int unsaved(const pd_app *app)
{
    pd_conf_change ch[9];
    char nums[64];
    return pd_app_settings_diff(&app->conf, &app->conf_want, ch, nums, sizeof nums) > 0;
}

static void settings_event(pd_app *app, const SDL_Event *e)
{
    settings_state *s = &app->set;
    set_layout L;
    layout(app, &L);
    build_focus(app, &L);
    int id = ui_focus_id(&s->focus);
    set_row row = id >= SET_ROW0 && id < SET_ROW0 + SR_COUNT ? (set_row)(id - SET_ROW0) : SR_LANG;
    if (s->confirm_delete) {   /* "Delete your card?": Enter deletes, Esc keeps it */
        if (e->type != SDL_KEYDOWN) return;
        SDL_Keycode k = e->key.keysym.sym;
        if (k == SDLK_RETURN || k == SDLK_KP_ENTER) delete_card(app);
        else if (k == SDLK_ESCAPE) s->confirm_delete = 0;
        return;
    }
    if (e->type == SDL_KEYDOWN) {
        SDL_Keycode k = e->key.keysym.sym;
        if (k != SDLK_ESCAPE) s->leave_asked = 0;
        if (k == SDLK_ESCAPE) {
            if (unsaved(app) && !s->leave_asked) {
                s->leave_asked = 1;
                return;
            }
            pd_app_switch(app, PD_HOME);
            return;
        }
        if (k == SDLK_s && (e->key.keysym.mod & KMOD_CTRL)) {
            ui_settings_save(app);
            return;
        }
        if (k == SDLK_LEFT || k == SDLK_RIGHT) {
            change(app, row, k == SDLK_RIGHT ? 1 : -1);
            return;
        }
        if (row == SR_CARD && k != SDLK_TAB && k != SDLK_UP && k != SDLK_DOWN) {
            card_key(app, k);
            return;
        }
        if (k == SDLK_RETURN || k == SDLK_KP_ENTER || k == SDLK_SPACE) {
            change(app, row, 1);   /* the next value, as a click on > */
            return;
        }
    }
    if (e->type == SDL_MOUSEBUTTONDOWN && e->button.button == SDL_BUTTON_LEFT) {
        SDL_Point p = { (int)(e->button.x * app->density), (int)(e->button.y * app->density) };
        for (int i = 0; i < SR_COUNT; i++) {
            SDL_Rect r = L.row[i];
            if (!SDL_PointInRect(&p, &r)) continue;
            ui_focus_set(&s->focus, SET_ROW0 + i);
            int vx = r.x + r.w * 36 / 100, aw = ui_px(app, 40);
            if (p.x >= vx && p.x < vx + aw) change(app, (set_row)i, -1);
            else if (p.x >= r.x + r.w - aw) change(app, (set_row)i, 1);
            return;
        }
    }
    ui_focus_event(app, &s->focus, e, 1);
}

static void settings_draw(pd_app *app)
{
    settings_state *s = &app->set;
    const ui_theme *t = &app->th;
    set_layout L;
    layout(app, &L);
    build_focus(app, &L);
    char conf[800];
    snprintf(conf, sizeof conf, "%s/app.conf", app->config_dir);
    ui_text(app, L.title, ui_tr(app, S_SET_TITLE), 32, UI_BOLD | UI_MIDDLE, t->text);
    ui_text(app, L.subtitle, ui_trf(app, S_SET_SUBTITLE_FMT, conf), 17, UI_MIDDLE, t->muted);
    int fid = ui_focus_id(&s->focus), pad = ui_px(app, 14), aw = ui_px(app, 40);
    for (int i = 0; i < SR_COUNT; i++) {
        SDL_Rect r = L.row[i];
        int foc = fid == SET_ROW0 + i;
        ui_fill(app, r, foc ? t->panel2 : t->panel);
        int vx = r.x + r.w * 36 / 100;
        ui_text(app, (SDL_Rect){ r.x + pad, r.y, vx - r.x - 2 * pad, r.h }, ui_tr(app, row_names[i]), 18,
                UI_MIDDLE | UI_BOLD, t->text);
        ui_text(app, (SDL_Rect){ vx, r.y, aw, r.h }, "<", 19, UI_CENTER | UI_MIDDLE | UI_BOLD, t->accent);
        ui_text(app, (SDL_Rect){ r.x + r.w - aw, r.y, aw, r.h }, ">", 19, UI_CENTER | UI_MIDDLE | UI_BOLD, t->accent);
        int vw = r.x + r.w - aw - (vx + aw);
        ui_text(app, (SDL_Rect){ vx + aw, r.y, vw, r.h }, ui_fit_line(app, row_value(app, (set_row)i), 17, 0, vw),
                17, UI_CENTER | UI_MIDDLE, t->text);
        if (foc) ui_focus_ring(app, r);
    }
    /* what the chosen row does */
    set_row row = fid >= SET_ROW0 && fid < SET_ROW0 + SR_COUNT ? (set_row)(fid - SET_ROW0) : SR_LANG;
    ui_fill(app, L.help, t->panel);
    const char *paras[2] = { ui_tr(app, row_help[row]), NULL };
    int np = 1;
    if ((row == SR_INPUT || row == SR_OUTPUT) && !SDL_AtomicGet(&s->listed)) paras[np++] = ui_tr(app, S_SET_LISTING);
    ui_paragraphs(app, (SDL_Rect){ L.help.x + pad, L.help.y + pad / 2, L.help.w - 2 * pad, L.help.h - pad }, paras, np,
                  17, 0.3, UI_WRAP | UI_MIDDLE, t->text, NULL);
    /* a question or a warning in its band */
    const char *band = NULL;
    if (s->confirm_delete && app->n_cards) {
        const pd_prompt_card *c = &app->cards[app->card % app->n_cards];
        band = ui_trf(app, S_SET_DELETE_ASK_FMT, ui_fit_line(app, c->title, 16, 1, L.band.w / 3), c->file);
    } else if (s->leave_asked) {
        band = ui_tr(app, S_SET_LEAVE_UNSAVED);
    }
    if (band) {
        ui_fill(app, L.band, s->confirm_delete ? t->red : t->yellow);
        SDL_Color fg = s->confirm_delete ? (SDL_Color){ 255, 255, 255, 255 } : (SDL_Color){ 0x14, 0x14, 0x14, 255 };
        ui_text(app, (SDL_Rect){ L.band.x + pad, L.band.y, L.band.w - 2 * pad, L.band.h }, band, 16,
                UI_MIDDLE | UI_WRAP | UI_BOLD, fg);
    }
    ui_text(app, L.keys, ui_tr(app, row == SR_CARD ? S_SET_KEYS_CARD : S_SET_KEYS), 15, UI_MIDDLE, t->muted);
}

static unsigned long long settings_signature(pd_app *app)
{
    const settings_state *s = &app->set;
    unsigned long long h = (unsigned long long)SDL_AtomicGet(&app->set.listed);
    h = h * 31 + (unsigned long long)(ui_focus_id(&s->focus) + 1);
    h = h * 31 + (unsigned long long)s->confirm_delete * 2 + (unsigned long long)s->leave_asked;
    return h * 31 + (unsigned long long)app->card;
}

const pd_screen pd_screen_settings = {
    "settings", settings_enter, settings_leave, settings_event, NULL, settings_draw, settings_signature,
};
