/* ladder_editor.c - the ladder screen's step editor: every parameter of a
 * step (title by SDL text input; drill length incl. untimed, preparation,
 * card, repetitions, listen back, second try, real world, the audience's
 * size, attitude, bored, distractions, questions, expected distress) by
 * keys (Up/Down choose, Left/Right change) or the mouse (a field's < and >),
 * the step in plain words as it is edited (pd_step_describe), checked by
 * pd_step_check before it is saved. */
#include <stdio.h>
#include <string.h>
#include "ladder_internal.h"
#include "settings.h"

/* the values Left/Right walk through in the editor */
static const int drill_values[] = { 0, 10, 15, 20, 30, 45, 60, 75, 90, 120, 150, 180, 240, 300, 420,
                                    600, 900, 1200, 1800 };
static const int prep_values[] = { 0, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300, 600 };
#define DISTRACTIONS_MAX 20 /* a minute (pd_step_check) */
#define QUESTIONS_MAX 10

static const pd_str card_names[PD_CARD_COUNT] = { S_LAD_CARD_OWN, S_LAD_CARD_VARIED, S_LAD_CARD_HIDDEN,
                                                  S_LAD_CARD_TOPIC };
static const pd_str attitude_names[PD_ATT_COUNT] = { S_LAD_ATT_NONE, S_LAD_ATT_STARING, S_LAD_ATT_ATTENTIVE,
                                                     S_LAD_ATT_NEUTRAL, S_LAD_ATT_BORED, S_LAD_ATT_CRITICAL };
static const pd_str field_names[LF_COUNT] = { S_LAD_F_TITLE, S_LAD_F_REAL, S_LAD_F_DRILL, S_LAD_F_PREP,
                                              S_LAD_F_CARD, S_LAD_F_REPS, S_LAD_F_LISTEN, S_LAD_F_SECOND,
                                              S_LAD_F_SIZE, S_LAD_F_ATT, S_LAD_F_BORED, S_LAD_F_DISTR,
                                              S_LAD_F_QUEST, S_LAD_F_EXPECTED };

void ladder_edit_begin(pd_app *app, int at)
{
    ladder_state *L = &app->lad;
    if (at < 0 || at >= app->ladder.n) return;
    L->edit = app->ladder.step[at];
    L->edit_at = at;
    L->renaming = 0;
    L->err[0] = 0;
    L->cancel_asked = 0;
    L->mode = LADM_EDIT;
    L->focus.focus = -1;
}

static void rename_begin(ladder_state *L)
{
    L->renaming = 1;
    snprintf(L->title, sizeof L->title, "%s", L->edit.title);
    SDL_StartTextInput();
}

static void rename_end(ladder_state *L, int keep)
{
    if (keep) {
        const char *s = L->title;
        while (*s == ' ') s++;
        if (*s) snprintf(L->edit.title, sizeof L->edit.title, "%s", s);
    }
    L->renaming = 0;
    SDL_StopTextInput();
}

static void edit_save(pd_app *app)
{
    ladder_state *L = &app->lad;
    char err[300];
    if (L->renaming) rename_end(L, 1);
    if (pd_step_check(&L->edit, err, sizeof err) != 0) {
        snprintf(L->err, sizeof L->err, "%s", ui_trf(app, S_LAD_INVALID_FMT, err));
        return;
    }
    app->ladder.step[L->edit_at] = L->edit;
    ladder_save(app);
    L->sel = L->edit_at;
    L->mode = LADM_LIST;
    L->focus.focus = -1;
}

static void edit_cancel(pd_app *app)
{
    ladder_state *L = &app->lad;
    if (L->renaming) rename_end(L, 0);
    L->mode = LADM_LIST;
    L->focus.focus = -1;
}

static void field_change(ladder_state *L, ladder_field f, int d)
{
    pd_step *s = &L->edit;
    pd_audience *a = &s->audience;
    switch (f) {
    case LF_TITLE: break;
    case LF_REAL: s->real_world = !s->real_world; break;
    case LF_DRILL:
        s->drill_s = pd_settings_walk(drill_values, (int)(sizeof drill_values / sizeof drill_values[0]), s->drill_s, d);
        break;
    case LF_PREP:
        s->prep_s = pd_settings_walk(prep_values, (int)(sizeof prep_values / sizeof prep_values[0]), s->prep_s, d);
        break;
    case LF_CARD: s->card = (pd_card_mode)((s->card + PD_CARD_COUNT + d) % PD_CARD_COUNT); break;
    case LF_REPS: s->reps = ladder_clampi(s->reps + d, 1, PD_REPS_MAX); break;
    case LF_LISTEN: s->listen_back = !s->listen_back; break;
    case LF_SECOND: s->second_try = !s->second_try; break;
    case LF_SIZE:
        a->size = ladder_clampi(a->size + d, 0, PD_AUDIENCE_MAX);
        if (a->size == 0) a->attitude = PD_ATT_NONE;     /* alone: nobody to look at you */
        else if (a->attitude == PD_ATT_NONE) a->attitude = PD_ATT_NEUTRAL;
        if (a->bored > a->size) a->bored = a->size;
        break;
    case LF_ATT:   /* an attitude needs an audience */
        if (a->size > 0) {
            int k = PD_ATT_COUNT - 1, i = ((int)a->attitude - 1 + k + d) % k;
            a->attitude = (pd_attitude)(i + 1);
        }
        break;
    case LF_BORED: a->bored = ladder_clampi(a->bored + d, 0, a->size); break;
    case LF_DISTR: a->distractions = ladder_clampi(a->distractions + d, 0, DISTRACTIONS_MAX); break;
    case LF_QUEST: a->questions = ladder_clampi(a->questions + d, 0, QUESTIONS_MAX); break;
    case LF_EXPECTED:
        if (s->expected == PD_RATING_NONE) s->expected = d > 0 ? 0 : PD_RATING_NONE;
        else if (s->expected == 0 && d < 0) s->expected = PD_RATING_NONE;
        else s->expected = ladder_clampi(s->expected + 5 * d, 0, 100);
        break;
    default: break;
    }
}

static const char *field_value(pd_app *app, ladder_field f)
{
    const ladder_state *L = &app->lad;
    const pd_step *s = &L->edit;
    const pd_audience *a = &s->audience;
    static const pd_str yn[2] = { S_LAD_NO, S_LAD_YES };
    char *out = app->fmtbuf[app->fmtnext];
    app->fmtnext = (app->fmtnext + 1) % 4;
    size_t cap = sizeof app->fmtbuf[0];
    switch (f) {
    case LF_TITLE:
        if (L->renaming) snprintf(out, cap, "%s|", L->title);
        else snprintf(out, cap, "%s", s->title);
        return out;
    case LF_REAL: return ui_tr(app, yn[s->real_world != 0]);
    case LF_DRILL: return s->drill_s > 0 ? ui_seconds_text(app, s->drill_s) : ui_tr(app, S_LAD_UNTIMED);
    case LF_PREP: return s->prep_s > 0 ? ui_seconds_text(app, s->prep_s) : ui_tr(app, S_LAD_NONE);
    case LF_CARD: return ui_tr(app, card_names[(int)s->card % PD_CARD_COUNT]);
    case LF_LISTEN: return ui_tr(app, yn[s->listen_back != 0]);
    case LF_SECOND: return ui_tr(app, yn[s->second_try != 0]);
    case LF_SIZE: if (a->size == 0) return ui_tr(app, S_LAD_ALONE); snprintf(out, cap, "%d", a->size); return out;
    case LF_ATT: return ui_tr(app, attitude_names[(int)a->attitude % PD_ATT_COUNT]);
    case LF_DISTR: if (a->distractions == 0) return ui_tr(app, S_LAD_NONE); snprintf(out, cap, "%d", a->distractions); return out;
    case LF_QUEST: if (a->questions == 0) return ui_tr(app, S_LAD_NONE); snprintf(out, cap, "%d", a->questions); return out;
    case LF_EXPECTED:
        if (s->expected == PD_RATING_NONE) return ui_tr(app, S_LAD_NOT_RATED);
        /* the scale's words, the top one short: the field is narrow */
        snprintf(out, cap, "%d  (%s)", s->expected,
                 s->expected >= 90 ? ui_tr(app, S_LAD_SUDS_TOP) : pd_suds_words(s->expected, app->lang));
        return out;
    case LF_REPS: snprintf(out, cap, "%d", s->reps); return out;
    case LF_BORED: snprintf(out, cap, "%d", a->bored); return out;
    default: return "";
    }
}

void ladder_edit_layout(pd_app *app, lad_layout *Y, int top, int bottom)
{
    int W = app->w, m = ui_px(app, 20), g = ui_px(app, 12);
    int y = top, fh = ui_px(app, 40), fg = ui_px(app, 8), colw = (W - 2 * m - g) / 2;
    Y->field[LF_TITLE] = (SDL_Rect){ m, y, W - 2 * m, fh };
    y += fh + fg + ui_px(app, 4);
    static const ladder_field left[7] = { LF_REAL, LF_DRILL, LF_PREP, LF_CARD, LF_REPS, LF_LISTEN, LF_SECOND };
    static const ladder_field right[6] = { LF_SIZE, LF_ATT, LF_BORED, LF_DISTR, LF_QUEST, LF_EXPECTED };
    for (int i = 0; i < 7; i++) Y->field[left[i]] = (SDL_Rect){ m, y + i * (fh + fg), colw, fh };
    for (int i = 0; i < 6; i++) Y->field[right[i]] = (SDL_Rect){ m + colw + g, y + i * (fh + fg), colw, fh };
    y += 7 * (fh + fg) + ui_px(app, 4);
    int bh2 = ui_px(app, 46), bw = ui_px(app, 200);
    Y->save = (SDL_Rect){ W - m - 2 * bw - g, bottom - bh2, bw, bh2 };
    Y->cancel = (SDL_Rect){ W - m - bw, bottom - bh2, bw, bh2 };
    Y->err = (SDL_Rect){ m, Y->save.y, Y->save.x - m - g, bh2 };
    Y->plain = (SDL_Rect){ m, y, W - 2 * m, Y->save.y - g / 2 - y };
}

void ladder_edit_activate(pd_app *app, int id)
{
    ladder_state *L = &app->lad;
    if (id == LAD_E_SAVE) edit_save(app);
    else if (id == LAD_E_CANCEL) edit_cancel(app);
    else if (id >= LAD_E_FIELD0 && id < LAD_E_FIELD0 + LF_COUNT) {
        ladder_field f = (ladder_field)(id - LAD_E_FIELD0);
        if (f == LF_TITLE) rename_begin(L);
        else if (f == LF_REAL || f == LF_LISTEN || f == LF_SECOND) field_change(L, f, 1);
    }
}

void ladder_edit_event(pd_app *app, const SDL_Event *e, const lad_layout *Y)
{
    ladder_state *L = &app->lad;
    if (L->renaming) {
        if (e->type == SDL_TEXTINPUT) {
            size_t l = strlen(L->title), add = strlen(e->text.text);
            if (l + add < sizeof L->title) memcpy(L->title + l, e->text.text, add + 1);
        } else if (e->type == SDL_KEYDOWN) {
            SDL_Keycode k = e->key.keysym.sym;
            if (k == SDLK_BACKSPACE) {
                size_t l = strlen(L->title);
                while (l > 0 && (L->title[l - 1] & 0xC0) == 0x80) l--;   /* a whole UTF-8 character */
                if (l > 0) l--;
                L->title[l] = 0;
            } else if (k == SDLK_RETURN || k == SDLK_KP_ENTER || k == SDLK_TAB) {
                rename_end(L, 1);
            } else if (k == SDLK_ESCAPE) {
                rename_end(L, 0);
            }
        }
        return;
    }
    int fid = ui_focus_id(&L->focus);
    int field = fid >= LAD_E_FIELD0 && fid < LAD_E_FIELD0 + LF_COUNT ? fid - LAD_E_FIELD0 : -1;
    if (e->type == SDL_KEYDOWN) {
        SDL_Keycode k = e->key.keysym.sym;
        if (k != SDLK_ESCAPE) L->cancel_asked = 0;
        if (k == SDLK_ESCAPE) {   /* changes would be lost: asks first */
            if (!L->cancel_asked && memcmp(&L->edit, &app->ladder.step[L->edit_at], sizeof L->edit) != 0) {
                L->cancel_asked = 1;
                snprintf(L->err, sizeof L->err, "%s", ui_tr(app, S_LAD_UNSAVED));
                return;
            }
            edit_cancel(app);
            return;
        }
        if (k == SDLK_s && (e->key.keysym.mod & KMOD_CTRL)) {
            edit_save(app);
            return;
        }
        if ((k == SDLK_LEFT || k == SDLK_RIGHT) && field >= 0) {
            field_change(L, (ladder_field)field, k == SDLK_RIGHT ? 1 : -1);
            return;
        }
        int d = ladder_digit(k);
        if (d >= 0 && field == LF_EXPECTED) {   /* the quick input of a rating: 3 = 30 */
            L->edit.expected = d * 10;
            return;
        }
    }
    if (e->type == SDL_MOUSEBUTTONDOWN && e->button.button == SDL_BUTTON_LEFT) {
        /* a field's arrows: < on the left of its value, > on the right */
        SDL_Point p = ladder_event_point(app, e->button.x, e->button.y);
        for (int f = 1; f < LF_COUNT; f++) {
            SDL_Rect r = Y->field[f];
            if (!SDL_PointInRect(&p, &r)) continue;
            int vx = r.x + r.w * 45 / 100, aw = ui_px(app, 36);
            ui_focus_set(&L->focus, LAD_E_FIELD0 + f);
            if (p.x >= vx && p.x < vx + aw) field_change(L, (ladder_field)f, -1);
            else if (p.x >= r.x + r.w - aw) field_change(L, (ladder_field)f, 1);
            else ladder_edit_activate(app, LAD_E_FIELD0 + f);
            return;
        }
    }
    int id = ui_focus_event(app, &L->focus, e, 1);
    if (id >= 0) ladder_edit_activate(app, id);
}

void ladder_edit_draw(pd_app *app, const lad_layout *Y)
{
    ladder_state *L = &app->lad;
    const ui_theme *t = &app->th;
    int fid = ui_focus_id(&L->focus);
    for (int f = 0; f < LF_COUNT; f++) {
        SDL_Rect r = Y->field[f];
        int foc = fid == LAD_E_FIELD0 + f;
        ui_fill(app, r, foc ? t->panel2 : t->panel);
        int pad = ui_px(app, 10), lw = f == LF_TITLE ? ui_px(app, 140) : r.w * 45 / 100 - pad;
        ui_text(app, (SDL_Rect){ r.x + pad, r.y, lw - pad, r.h }, ui_tr(app, field_names[f]), 16,
                UI_MIDDLE | UI_BOLD, t->text);
        int vx = f == LF_TITLE ? r.x + lw : r.x + r.w * 45 / 100, aw = ui_px(app, 36);
        SDL_Color vc = (f == LF_ATT && L->edit.audience.size == 0) ? t->muted : t->text;
        if (f == LF_TITLE) {
            if (L->renaming) ui_frame(app, (SDL_Rect){ vx, r.y + ui_px(app, 4), r.x + r.w - pad - vx, r.h - ui_px(app, 8) },
                                      t->focus, ui_px(app, 2));
            ui_text(app, (SDL_Rect){ vx + pad, r.y, r.x + r.w - 2 * pad - vx, r.h }, field_value(app, LF_TITLE), 17,
                    UI_MIDDLE, t->text);
        } else {
            ui_text(app, (SDL_Rect){ vx, r.y, aw, r.h }, "<", 18, UI_CENTER | UI_MIDDLE | UI_BOLD, t->accent);
            ui_text(app, (SDL_Rect){ r.x + r.w - aw, r.y, aw, r.h }, ">", 18, UI_CENTER | UI_MIDDLE | UI_BOLD, t->accent);
            ui_text(app, (SDL_Rect){ vx + aw, r.y, r.x + r.w - 2 * aw - vx, r.h }, field_value(app, (ladder_field)f), 16,
                    UI_CENTER | UI_MIDDLE, vc);
        }
        if (foc) ui_focus_ring(app, r);
    }
    /* the step in plain words, as the ladder will show it */
    SDL_Rect pr = Y->plain;
    ui_fill(app, pr, t->panel);
    int pad = ui_px(app, 12);
    char desc[400], aud[300], line[800];
    pd_step_describe(&L->edit, app->lang, desc, sizeof desc);
    snprintf(line, sizeof line, "%s %s", ui_tr(app, S_LAD_PLAIN), desc);
    const char *paras[3] = { line, NULL, NULL };
    SDL_Color bullets[3] = { t->text, t->text, t->text };
    int np = 1;
    if (pd_step_needs_audience(&L->edit, app->lang, aud, sizeof aud)) {
        bullets[np] = t->accent;
        paras[np++] = aud;
    }
    if (L->renaming) {
        bullets[np] = t->focus;
        paras[np++] = ui_tr(app, S_LAD_RENAME_HINT);
    }
    ui_paragraphs(app, (SDL_Rect){ pr.x + pad, pr.y + pad / 2, pr.w - 2 * pad, pr.h - pad }, paras, np, 16, 0.3,
                  UI_WRAP | UI_MIDDLE, t->text, bullets);
    if (L->err[0]) {
        ui_fill(app, Y->err, t->red);
        ui_text(app, (SDL_Rect){ Y->err.x + pad, Y->err.y, Y->err.w - 2 * pad, Y->err.h }, L->err, 15,
                UI_MIDDLE | UI_WRAP | UI_BOLD, (SDL_Color){ 255, 255, 255, 255 });
    }
    ui_button(app, Y->save, ui_tr(app, S_LAD_SAVE), fid == LAD_E_SAVE, 1);
    ui_button(app, Y->cancel, ui_tr(app, S_LAD_CANCEL), fid == LAD_E_CANCEL, 0);
}
