/* session_draw.c - the exposure session's screens: one layout per phase
 * (shared with the input in session.c through xs_layout), a header with the
 * step and the repetition, a strip of the phases, the keys line, and the
 * pause dialog over any of them. Nothing here decides anything. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "session_ui.h"

static int is_rating(const session_state *s)
{
    switch (s->x.phase) {
    case PD_X_BEFORE:
    case PD_X_PEAK:
    case PD_X_AFTER:
    case PD_X_CHECK: return 1;
    case PD_X_EXPECT: return s->stage == XS_LIKELIHOOD;
    default: return 0;
    }
}

static SDL_Rect below(SDL_Rect r, int gap, int h)
{
    return (SDL_Rect){ r.x, r.y + r.h + gap, r.w, h };
}

static void add(xs_layout *L, int id, SDL_Rect r)
{
    L->btn[id] = r;
    if (L->n < XS_MAX_ORDER) L->order[L->n++] = id;
}

/* Buttons side by side from the left of bar, each at most 300 units wide. */
static void row(pd_app *app, xs_layout *L, SDL_Rect bar, const int *ids, int n)
{
    int g = ui_px(app, 12), w = (bar.w - (n - 1) * g) / n;
    if (w > ui_px(app, 300)) w = ui_px(app, 300);
    for (int i = 0; i < n; i++) add(L, ids[i], (SDL_Rect){ bar.x + i * (w + g), bar.y, w, bar.h });
}

static void rating_layout(pd_app *app, xs_layout *L, SDL_Rect c, SDL_Rect bar)
{
    session_state *s = &app->xs;
    int g = ui_px(app, 12);
    SDL_Rect mn = c;
    if (s->breathing) {
        mn.w = c.w * 60 / 100;
        L->side = (SDL_Rect){ c.x + mn.w + g, c.y, c.w - mn.w - g, c.h };
    }
    L->main = mn;
    L->question = (SDL_Rect){ mn.x, mn.y, mn.w, ui_px(app, 72) };
    L->sub = below(L->question, ui_px(app, 2), ui_px(app, 56));
    L->widget = below(L->sub, ui_px(app, 8), ui_px(app, 160));
    L->note = below(L->widget, g, mn.y + mn.h - (L->widget.y + L->widget.h + g));
    add(L, XS_RATING, L->widget);
    int ids[3] = { XS_CONFIRM, XS_SKIP, XS_BREATHE };
    row(app, L, bar, ids, ui_rating_calm(&s->rating) || s->breathing ? 3 : 2);
}

static void expect_layout(pd_app *app, xs_layout *L, SDL_Rect c, SDL_Rect bar)
{
    session_state *s = &app->xs;
    int g = ui_px(app, 12);
    L->question = (SDL_Rect){ c.x, c.y, c.w, ui_px(app, 50) };
    L->sub = below(L->question, 0, ui_px(app, 30));
    if (s->stage == XS_OWN_WORDS) {
        L->text_box = below(L->sub, g, ui_px(app, 56));
        int ids[1] = { XS_CONFIRM };
        row(app, L, bar, ids, 1);
        return;
    }
    L->note = below(L->sub, ui_px(app, 2), ui_px(app, 26));
    int y0 = L->note.y + L->note.h + g, gap = ui_px(app, 6);
    int h = (c.y + c.h + ui_px(app, 60) - y0 - 7 * gap) / 7;   /* the list may use the buttons' row */
    if (h > ui_px(app, 46)) h = ui_px(app, 46);
    int w = c.w < ui_px(app, 640) ? c.w : ui_px(app, 640);
    int k = 0;
    for (int f = PD_FEAR_BLANK; f < PD_FEAR_COUNT; f++, k++)
        add(L, XS_FEAR0 + f, (SDL_Rect){ c.x, y0 + k * (h + gap), w, h });
    add(L, XS_FEAR0 + PD_FEAR_OWN, (SDL_Rect){ c.x, y0 + k * (h + gap), w, h });
    k++;
    add(L, XS_NO_FEAR, (SDL_Rect){ c.x, y0 + k * (h + gap) + gap, w, h });   /* set apart a little */
    (void)bar;
}

static void suggest_layout(pd_app *app, xs_layout *L, SDL_Rect c, SDL_Rect bar)
{
    session_state *s = &app->xs;
    L->tiles = (SDL_Rect){ c.x, c.y, c.w, ui_px(app, 86) };
    L->check = below(L->tiles, ui_px(app, 8), s->x.cur.feared[0] ? ui_px(app, 60) : 0);
    L->advice = below(L->check, ui_px(app, 8), ui_px(app, 112));
    L->choice = below(L->advice, ui_px(app, 10), ui_px(app, 26));
    L->now_at = below(L->choice, 0, ui_px(app, 26));
    SDL_Rect r = below(L->now_at, ui_px(app, 6), ui_px(app, 46));
    int g = ui_px(app, 10), x = r.x, bw = ui_px(app, 150), aw = ui_px(app, 46);
    if (s->step_index < app->ladder.n - 1) {
        add(L, XS_UP, (SDL_Rect){ x, r.y, bw, r.h });
        x += bw + g;
    }
    add(L, XS_STAY, (SDL_Rect){ x, r.y, bw, r.h });
    x += bw + g;
    if (s->step_index > 0) {
        add(L, XS_BACK, (SDL_Rect){ x, r.y, bw, r.h });
        x += bw + g;
    }
    add(L, XS_ANY_PREV, (SDL_Rect){ x, r.y, aw, r.h });
    int anyw = r.x + r.w - x - 2 * (aw + g);
    add(L, XS_ANY, (SDL_Rect){ x + aw + g, r.y, anyw, r.h });
    add(L, XS_ANY_NEXT, (SDL_Rect){ x + aw + g + anyw + g, r.y, aw, r.h });
    int ids[2] = { XS_NEXT, XS_FINISH };
    if (s->x.rep < s->x.step.reps) row(app, L, bar, ids, 2);
    else row(app, L, bar, ids + 1, 1);
}

void xs_layout_of(pd_app *app, xs_layout *L)
{
    session_state *s = &app->xs;
    memset(L, 0, sizeof *L);
    int W = app->w, H = app->h, m = ui_px(app, 24), g = ui_px(app, 12);
    L->head = (SDL_Rect){ m, m / 2, W - 2 * m, ui_px(app, 38) };
    L->strip = below(L->head, ui_px(app, 4), ui_px(app, 26));
    L->keys = (SDL_Rect){ m, H - ui_px(app, 30), W - 2 * m, ui_px(app, 24) };
    int top = L->strip.y + L->strip.h + g, bottom = L->keys.y - ui_px(app, 6);
    L->body = (SDL_Rect){ m, top, W - 2 * m, bottom - top };
    int bh = ui_px(app, 48);
    SDL_Rect bar = { m, bottom - bh, W - 2 * m, bh };
    SDL_Rect c = { m, top, W - 2 * m, bar.y - g - top };
    L->main = c;
    if (is_rating(s)) {
        rating_layout(app, L, c, bar);
    } else if (s->x.phase == PD_X_EXPECT) {
        expect_layout(app, L, c, bar);
    } else if (s->x.phase == PD_X_PREPARE) {
        int lw = c.w * 57 / 100;
        /* a line over the card for a surprise topic or a card to be hidden */
        int noted = s->x.step.card == PD_CARD_TOPIC || s->x.step.card == PD_CARD_HIDDEN;
        L->card_note = (SDL_Rect){ c.x, c.y, lw, noted ? ui_px(app, 30) : 0 };
        L->card = below(L->card_note, noted ? ui_px(app, 4) : 0, c.h - L->card_note.h - (noted ? ui_px(app, 4) : 0));
        SDL_Rect right = { c.x + lw + g, c.y, c.w - lw - g, c.h };
        L->count = (SDL_Rect){ right.x, right.y, right.w, right.h * (s->breathing ? 36 : 52) / 100 };
        SDL_Rect rest = below(L->count, g, right.y + right.h - (L->count.y + L->count.h + g));
        if (s->breathing) L->side = rest;
        else L->info = rest;
        int ids[2] = { XS_START, XS_BREATHE };
        row(app, L, bar, ids, 2);
    } else if (s->x.phase == PD_X_LISTEN) {
        L->question = (SDL_Rect){ c.x, c.y, c.w, ui_px(app, 44) };
        L->sub = below(L->question, 0, ui_px(app, 50));
        L->widget = below(L->sub, g, c.y + c.h - (L->sub.y + L->sub.h + g));
        if (s->take_ready) {
            add(L, XS_WAVE, L->widget);
            int ids[2] = { XS_PLAY, XS_CONTINUE };
            row(app, L, bar, ids, 2);
        } else {
            int ids[1] = { XS_CONTINUE };
            row(app, L, bar, ids, 1);
        }
    } else if (s->x.phase == PD_X_RECOVER) {
        SDL_Rect mn = c;
        if (s->breathing) {
            mn.w = c.w * 55 / 100;
            L->side = (SDL_Rect){ c.x + mn.w + g, c.y, c.w - mn.w - g, c.h };
        }
        L->main = mn;
        L->question = (SDL_Rect){ mn.x, mn.y, mn.w, ui_px(app, 44) };
        L->sub = below(L->question, 0, ui_px(app, 56));
        L->count = below(L->sub, g, mn.y + mn.h - (L->sub.y + L->sub.h + g));
        int ids[2] = { XS_SKIP_RECOVERY, XS_BREATHE };
        row(app, L, bar, ids, 2);
    } else if (s->x.phase == PD_X_SUGGEST) {
        suggest_layout(app, L, c, bar);
    } else if (s->x.phase == PD_X_DONE) {
        L->question = (SDL_Rect){ c.x, c.y, c.w, ui_px(app, 44) };
        L->sub = below(L->question, 0, ui_px(app, 50));
        L->now_at = below(L->sub, 0, ui_px(app, 28));
        L->note = below(L->now_at, g, c.y + c.h - (L->now_at.y + L->now_at.h + g));
        int ids[1] = { XS_DONE };
        row(app, L, bar, ids, 1);
    }
    if (s->x.paused && s->x.phase != PD_X_DONE) {
        int w = W * 6 / 10, h = ui_px(app, 230);
        if (w < ui_px(app, 560)) w = W - 2 * m;
        L->dialog = (SDL_Rect){ (W - w) / 2, (H - h) / 2, w, h };
        L->n = 0;
        int p = ui_px(app, 20), bw = (w - 2 * p - g) / 2, by = L->dialog.y + h - p - bh;
        add(L, XS_PAUSE_CONTINUE, (SDL_Rect){ L->dialog.x + p, by, bw, bh });
        add(L, XS_PAUSE_END, (SDL_Rect){ L->dialog.x + p + bw + g, by, bw, bh });
    }
}

void xs_build_focus(pd_app *app, const xs_layout *L)
{
    session_state *s = &app->xs;
    int keep = ui_focus_id(&s->focus);
    ui_focus_clear(&s->focus);
    for (int i = 0; i < L->n; i++) ui_focus_add(&s->focus, L->order[i], L->btn[L->order[i]]);
    int want = s->want_focus >= 0 ? s->want_focus : keep;
    s->focus.focus = 0;
    if (want >= 0) ui_focus_set(&s->focus, want);
    s->want_focus = -1;
}

/* ---- texts --------------------------------------------------------------------- */
static char *scratch(pd_app *app)
{
    char *out = app->fmtbuf[app->fmtnext];
    app->fmtnext = (app->fmtnext + 1) % 4;
    return out;
}

const char *xs_rating_text(pd_app *app, int v, int percent)
{
    char *out = scratch(app);
    if (v == PD_RATING_NONE) snprintf(out, sizeof app->fmtbuf[0], "%s", ui_tr(app, S_XS_SKIPPED));
    else snprintf(out, sizeof app->fmtbuf[0], percent ? "%d %%" : "%d", v);
    return out;
}

const char *xs_check_line(pd_app *app, const pd_exposure *e, int happened, int pending)
{
    char lk[32], hp[64];
    snprintf(lk, sizeof lk, "%d %%", e->likelihood);
    snprintf(hp, sizeof hp, "%s", happened == PD_RATING_NONE && pending ? ui_tr(app, S_XS_NOT_YET)
                                  : xs_rating_text(app, happened, 1));
    if (e->likelihood == PD_RATING_NONE) return ui_trf(app, S_XS_CHECK_NOLIKELY_FMT, e->feared, hp);
    return ui_trf(app, S_XS_CHECK_LINE_FMT, lk, e->feared, hp);
}

/* ---- pieces ---------------------------------------------------------------------- */
static int strip_phases(const session_state *s, pd_xphase *out)
{
    int n = 0, rw = s->x.step.real_world;
    out[n++] = PD_X_EXPECT;
    out[n++] = PD_X_BEFORE;
    if (!rw) out[n++] = PD_X_PREPARE, out[n++] = PD_X_DRILL;
    out[n++] = PD_X_PEAK;
    if (!rw && s->x.step.listen_back) out[n++] = PD_X_LISTEN;
    if (!rw) out[n++] = PD_X_RECOVER;
    out[n++] = PD_X_AFTER;
    if (s->x.cur.feared[0] || s->x.phase == PD_X_EXPECT) out[n++] = PD_X_CHECK;
    out[n++] = PD_X_SUGGEST;
    return n;
}

static void draw_head(pd_app *app, const xs_layout *L)
{
    session_state *s = &app->xs;
    const ui_theme *t = &app->th;
    SDL_Rect h = L->head;
    const char *right = s->x.step.real_world ? ui_tr(app, S_XS_REAL_WORLD)
                                             : ui_trf(app, S_XS_REP_FMT, s->x.rep, s->x.step.reps);
    /* the step's title takes what the right-hand label leaves */
    int rw = ui_text_width(app, right, 17, 0) + ui_px(app, 4);
    if (rw > h.w * 38 / 100) rw = h.w * 38 / 100;
    int lw = h.w - rw - ui_px(app, 12);
    const char *title = ui_fit_line(app, ui_trf(app, S_XS_STEP_FMT, s->step_index + 1, s->x.step.title),
                                    22, 1, lw);
    ui_text(app, (SDL_Rect){ h.x, h.y, lw, h.h }, title, 22, UI_BOLD | UI_MIDDLE, t->text);
    ui_text(app, (SDL_Rect){ h.x + lw + ui_px(app, 12), h.y, h.w - lw - ui_px(app, 12), h.h }, right,
            17, UI_RIGHT | UI_MIDDLE | UI_WRAP, t->muted);
    pd_xphase ph[PD_X_COUNT];
    int n = strip_phases(s, ph), g = ui_px(app, 4);
    int w = (L->strip.w - (n - 1) * g) / n;
    static const pd_str names[PD_X_COUNT] = { S_XS_PH_EXPECT, S_XS_PH_BEFORE, S_XS_PH_PREPARE,
                                              S_XS_PH_DRILL, S_XS_PH_PEAK, S_XS_PH_LISTEN,
                                              S_XS_PH_RECOVER, S_XS_PH_AFTER, S_XS_PH_CHECK,
                                              S_XS_PH_SUGGEST, S_XS_PH_SUGGEST };
    for (int i = 0; i < n; i++) {
        SDL_Rect r = { L->strip.x + i * (w + g), L->strip.y, w, L->strip.h };
        int cur = ph[i] == s->x.phase, past = ph[i] < s->x.phase;
        ui_fill(app, r, cur ? t->accent : past ? t->panel2 : t->panel);
        ui_text(app, (SDL_Rect){ r.x + g, r.y, r.w - 2 * g, r.h }, ui_tr(app, names[ph[i]]), 14,
                UI_CENTER | UI_MIDDLE | (cur ? UI_BOLD : 0), cur ? t->accent_text : past ? t->text : t->muted);
    }
}

static void panel_text(pd_app *app, SDL_Rect r, const char *s, double size, int flags, SDL_Color stripe)
{
    const ui_theme *t = &app->th;
    ui_fill(app, r, t->panel);
    ui_fill(app, (SDL_Rect){ r.x, r.y, ui_px(app, 4), r.h }, stripe);
    int p = ui_px(app, 14);
    ui_text(app, (SDL_Rect){ r.x + p, r.y + p / 2, r.w - 2 * p, r.h - p }, s, size, flags | UI_WRAP, t->text);
}

static void button(pd_app *app, const xs_layout *L, int id, const char *label, int fid, int selected)
{
    if (L->btn[id].w > 0) ui_button(app, L->btn[id], label, fid == id, selected);
}

static void draw_rating(pd_app *app, const xs_layout *L, int fid)
{
    session_state *s = &app->xs;
    const ui_theme *t = &app->th;
    int rw = s->x.step.real_world;
    pd_str q = S_XS_Q_CHECK;
    switch (s->x.phase) {
    case PD_X_EXPECT: q = rw ? S_XS_Q_LIKELY_RW : S_XS_Q_LIKELY; break;
    case PD_X_BEFORE: q = rw ? S_XS_Q_BEFORE_RW : S_XS_Q_BEFORE; break;
    case PD_X_PEAK: q = rw ? S_XS_Q_PEAK_RW : S_XS_Q_PEAK; break;
    case PD_X_AFTER: q = rw ? S_XS_Q_AFTER_RW : S_XS_Q_AFTER; break;
    default: break;
    }
    ui_text(app, L->question, ui_tr(app, q), 26, UI_BOLD | UI_WRAP | UI_BOTTOM, t->text);
    const char *sub = s->x.phase == PD_X_EXPECT ? ui_trf(app, S_XS_FEARED_FMT, xs_feared(app))
                      : s->x.phase == PD_X_CHECK ? xs_check_line(app, &s->x.cur, s->rating.value, 1)
                                                 : ui_tr(app, S_XS_SUDS_SUB);
    ui_text(app, L->sub, sub, 18, UI_WRAP | UI_MIDDLE, s->x.phase == PD_X_CHECK ? t->text : t->muted);
    ui_rating_draw(app, &s->rating, L->widget, fid == XS_RATING);
    if (ui_rating_calm(&s->rating)) {
        panel_text(app, (SDL_Rect){ L->note.x, L->note.y, L->note.w, L->note.h < ui_px(app, 110) ? L->note.h : ui_px(app, 110) },
                   ui_tr(app, S_XS_CALM), 17, UI_MIDDLE, t->pitch);
    } else if (s->x.phase == PD_X_CHECK) {
        pd_take_facts f;
        xs_take_facts(app, &f);
        char fact[300];
        if (pd_fear_fact(pd_fear_of_text(s->x.cur.feared), &f, app->lang, fact, sizeof fact))
            panel_text(app, (SDL_Rect){ L->note.x, L->note.y, L->note.w, ui_px(app, 64) },
                       ui_trf(app, S_XS_MEASURED_FMT, fact), 18, UI_MIDDLE, t->accent);
    }
    if (L->side.w > 0) ui_breath_draw(app, L->side, app->now_s - s->breath_start_s);
    button(app, L, XS_CONFIRM, ui_tr(app, S_XS_CONFIRM), fid, 1);
    button(app, L, XS_SKIP, ui_tr(app, S_XS_SKIP), fid, 0);
    button(app, L, XS_BREATHE, ui_tr(app, s->breathing ? S_XS_BREATHE_HIDE : S_XS_BREATHE_BTN), fid, 0);
}

static void draw_expect(pd_app *app, const xs_layout *L, int fid)
{
    session_state *s = &app->xs;
    const ui_theme *t = &app->th;
    int rw = s->x.step.real_world;
    ui_text(app, L->question, ui_tr(app, rw ? S_XS_Q_FEAR_RW : S_XS_Q_FEAR), 26, UI_BOLD | UI_MIDDLE,
            t->text);
    if (s->stage == XS_OWN_WORDS) {
        ui_text(app, L->sub, ui_tr(app, S_XS_OWN_PROMPT), 18, UI_MIDDLE, t->muted);
        SDL_Rect b = L->text_box;
        ui_fill(app, b, t->panel2);
        ui_frame(app, b, t->focus, ui_px(app, 2));
        char line[PD_FEARED_MAX + 8];
        snprintf(line, sizeof line, "%s|", s->own);   /* the caret */
        int p = ui_px(app, 12);
        ui_text(app, (SDL_Rect){ b.x + p, b.y, b.w - 2 * p, b.h }, line, 20, UI_MIDDLE | UI_WRAP, t->text);
        button(app, L, XS_CONFIRM, ui_tr(app, S_XS_CONFIRM), -1, 1);
        return;
    }
    ui_text(app, L->sub, ui_tr(app, S_XS_FEAR_SUB), 17, UI_MIDDLE | UI_WRAP, t->muted);
    if (s->x.last_feared[0])
        ui_text(app, L->note, ui_trf(app, S_XS_LAST_FEAR_FMT, s->x.last_feared), 16, UI_MIDDLE, t->muted);
    for (int f = PD_FEAR_BLANK; f < PD_FEAR_COUNT; f++)
        button(app, L, XS_FEAR0 + f, pd_fear_text((pd_fear)f, app->lang), fid, 0);
    button(app, L, XS_FEAR0 + PD_FEAR_OWN, ui_tr(app, S_XS_OWN_WORDS), fid, 0);
    button(app, L, XS_NO_FEAR, ui_tr(app, S_XS_NO_FEAR), fid, 0);
}

static void draw_prepare(pd_app *app, const xs_layout *L, int fid)
{
    session_state *s = &app->xs;
    const ui_theme *t = &app->th;
    pd_card_mode cm = s->x.step.card;
    if (cm == PD_CARD_TOPIC || cm == PD_CARD_HIDDEN)
        ui_text(app, L->card_note, ui_tr(app, cm == PD_CARD_TOPIC ? S_XS_TOPIC : S_XS_HIDDEN_NOTE), 18,
                UI_BOLD | UI_MIDDLE, t->focus);
    if (cm == PD_CARD_TOPIC && s->topic[0]) pd_draw_topic(app, L->card, s->topic, 0);
    else pd_draw_prompt_card(app, L->card, -1);
    SDL_Rect c = L->count;
    ui_fill(app, c, t->neutral);
    int p = ui_px(app, 14);
    ui_text(app, (SDL_Rect){ c.x + p, c.y + p / 2, c.w - 2 * p, ui_px(app, 34) }, ui_tr(app, S_XS_PREP_TITLE),
            22, UI_BOLD | UI_MIDDLE | UI_CENTER, t->text);
    SDL_Rect big = { c.x + p, c.y + ui_px(app, 40), c.w - 2 * p, c.h - ui_px(app, 40) - ui_px(app, 48) };
    SDL_Rect hint = { c.x + p, c.y + c.h - ui_px(app, 48), c.w - 2 * p, ui_px(app, 44) };
    if (s->x.step.prep_s > 0) {
        double left = s->x.step.prep_s - s->prep_done_s;
        char n[16];
        snprintf(n, sizeof n, "%d", (int)ceil(left > 0 ? left : 0));
        ui_text(app, big, n, 110, UI_BOLD | UI_MIDDLE | UI_CENTER, t->text);
        ui_text(app, hint, ui_tr(app, s->breathing ? S_XS_PREP_HELD : S_XS_PREP_AUTO), 15,
                UI_MIDDLE | UI_CENTER | UI_WRAP, t->muted);
    } else {
        ui_text(app, big, ui_tr(app, S_XS_PREP_NONE), 26, UI_BOLD | UI_MIDDLE | UI_CENTER | UI_WRAP, t->text);
    }
    if (L->info.w > 0) {
        char desc[400], aud[300];
        pd_step_describe(&s->x.step, app->lang, desc, sizeof desc);
        const char *paras[3] = { desc, NULL, NULL };
        int np = 1;
        if (pd_step_needs_audience(&s->x.step, app->lang, aud, sizeof aud))
            paras[np++] = ui_trf(app, S_XS_AUDIENCE_FMT, aud);
        else if (s->x.step.audience.distractions > 0 && !s->x.step.real_world)
            paras[np++] = ui_tr(app, app->headphones ? S_XS_HEADPHONES_ON : S_XS_HEADPHONES);
        ui_fill(app, L->info, t->panel);
        SDL_Rect in = { L->info.x + p, L->info.y + p / 2, L->info.w - 2 * p, L->info.h - p };
        ui_paragraphs(app, in, paras, np, 16, 0.5, UI_WRAP, t->muted, NULL);
    }
    if (L->side.w > 0) ui_breath_draw(app, L->side, app->now_s - s->breath_start_s);
    button(app, L, XS_START, ui_tr(app, S_XS_START_NOW), fid, 1);
    button(app, L, XS_BREATHE, ui_tr(app, s->breathing ? S_XS_BREATHE_HIDE : S_XS_BREATHE_BTN), fid, 0);
}

static void draw_listen(pd_app *app, const xs_layout *L, int fid)
{
    session_state *s = &app->xs;
    const ui_theme *t = &app->th;
    ui_text(app, L->question, ui_tr(app, S_XS_LISTEN_TITLE), 26, UI_BOLD | UI_MIDDLE, t->text);
    ui_text(app, L->sub, ui_tr(app, S_XS_LISTEN_SUB), 18, UI_MIDDLE | UI_WRAP, t->muted);
    SDL_Rect w = L->widget;
    s->wave_box = w;
    if (s->take_ready) {
        double D = ui_take_duration(&s->tk);
        ui_take_draw_wave(app, w, &s->tk, D);
        double pos = ui_player_position(&s->player);
        if ((s->player.playing || pos > 0) && D > 0) {
            int x = w.x + (int)(pos / D * w.w);
            ui_fill(app, (SDL_Rect){ x - 1, w.y, ui_px(app, 2) > 1 ? ui_px(app, 2) : 1, w.h }, t->focus);
        }
        if (fid == XS_WAVE) ui_focus_ring(app, w);
    } else {
        ui_fill(app, w, t->panel);
        ui_text(app, (SDL_Rect){ w.x + ui_px(app, 20), w.y, w.w - ui_px(app, 40), w.h },
                ui_tr(app, S_XS_NO_TAKE), 20, UI_MIDDLE | UI_CENTER | UI_WRAP, t->muted);
    }
    button(app, L, XS_PLAY, ui_tr(app, s->player.playing ? S_XS_PAUSE_PLAY : S_XS_PLAY), fid, 0);
    button(app, L, XS_CONTINUE, ui_tr(app, S_XS_CONTINUE), fid, 1);
}

static void draw_recover(pd_app *app, const xs_layout *L, int fid)
{
    session_state *s = &app->xs;
    const ui_theme *t = &app->th;
    ui_text(app, L->question, ui_tr(app, S_XS_RECOVER_TITLE), 26, UI_BOLD | UI_MIDDLE, t->text);
    ui_text(app, L->sub, ui_tr(app, S_XS_RECOVER_SUB), 18, UI_MIDDLE | UI_WRAP, t->muted);
    ui_fill(app, L->count, t->panel);
    double left = pd_xsession_recover_left(&s->x, app->now_s);
    ui_text(app, L->count, ui_clock_text(app, ceil(left)), 120, UI_BOLD | UI_MIDDLE | UI_CENTER, t->text);
    if (L->side.w > 0) ui_breath_draw(app, L->side, app->now_s - s->breath_start_s);
    button(app, L, XS_SKIP_RECOVERY, ui_tr(app, S_XS_SKIP_RECOVERY), fid, 0);
    button(app, L, XS_BREATHE, ui_tr(app, s->breathing ? S_XS_BREATHE_HIDE : S_XS_BREATHE_BTN), fid, 0);
}

static void rating_tile(pd_app *app, SDL_Rect r, pd_str label, int v)
{
    const ui_theme *t = &app->th;
    ui_fill(app, r, t->panel);
    int p = ui_px(app, 12), lh = r.h * 34 / 100;
    ui_text(app, (SDL_Rect){ r.x + p, r.y + p / 2, r.w - 2 * p, lh }, ui_tr(app, label), 15, UI_MIDDLE, t->muted);
    SDL_Rect val = { r.x + p, r.y + p / 2 + lh, r.w - 2 * p, r.h - p - lh };
    int vw = ui_text_width(app, "100", 28, 1) + ui_px(app, 10);
    ui_text(app, (SDL_Rect){ val.x, val.y, v == PD_RATING_NONE ? val.w : vw, val.h }, xs_rating_text(app, v, 0),
            v == PD_RATING_NONE ? 18 : 28, UI_BOLD | UI_MIDDLE, v == PD_RATING_NONE ? t->muted : t->text);
    if (v != PD_RATING_NONE)   /* the anchor words of its band beside it */
        ui_text(app, (SDL_Rect){ val.x + vw, val.y, val.w - vw, val.h }, pd_suds_words(v, app->lang), 15,
                UI_MIDDLE | UI_WRAP, t->muted);
}

static void draw_suggest(pd_app *app, const xs_layout *L, int fid)
{
    session_state *s = &app->xs;
    const ui_theme *t = &app->th;
    const pd_exposure *e = &s->x.cur;
    int g = ui_px(app, 10), tw = (L->tiles.w - 2 * g) / 3;
    int v[3] = { e->suds_before, e->suds_peak, e->suds_after };
    static const pd_str lab[3] = { S_XS_BEFORE, S_XS_PEAK, S_XS_AFTER };
    for (int i = 0; i < 3; i++)
        rating_tile(app, (SDL_Rect){ L->tiles.x + i * (tw + g), L->tiles.y, tw, L->tiles.h }, lab[i], v[i]);
    if (L->check.h > 0) {
        pd_take_facts f;
        xs_take_facts(app, &f);
        char fact[300];
        const char *paras[2] = { xs_check_line(app, e, e->happened, 0), NULL };
        int np = 1;
        if (pd_fear_fact(pd_fear_of_text(e->feared), &f, app->lang, fact, sizeof fact))
            paras[np++] = ui_trf(app, S_XS_MEASURED_FMT, fact);
        ui_fill(app, L->check, t->panel);
        int p = ui_px(app, 14);
        ui_paragraphs(app, (SDL_Rect){ L->check.x + p, L->check.y + p / 3, L->check.w - 2 * p, L->check.h - 2 * p / 3 },
                      paras, np, 17, 0.2, UI_WRAP | UI_MIDDLE, t->text, NULL);
    }
    SDL_Rect a = L->advice;
    static const pd_str adv[4] = { S_XS_ADVICE_NONE, S_XS_ADVICE_UP, S_XS_ADVICE_STAY, S_XS_ADVICE_BACK };
    ui_fill(app, a, t->panel2);
    ui_fill(app, (SDL_Rect){ a.x, a.y, ui_px(app, 4), a.h }, t->accent);
    int p = ui_px(app, 16);
    ui_text(app, (SDL_Rect){ a.x + p, a.y + p / 2, a.w - 2 * p, ui_px(app, 34) },
            ui_tr(app, adv[s->sug.advice < 4 ? s->sug.advice : 0]), 22, UI_BOLD | UI_MIDDLE, t->text);
    ui_text(app, (SDL_Rect){ a.x + p, a.y + p / 2 + ui_px(app, 36), a.w - 2 * p, a.h - p - ui_px(app, 36) },
            s->sug.why, 17, UI_WRAP, t->muted);
    ui_text(app, L->choice, ui_tr(app, S_XS_CHOICE), 17, UI_BOLD | UI_MIDDLE, t->text);
    int cur = app->ladder.current;
    if (cur >= 0 && cur < app->ladder.n)
        ui_text(app, L->now_at,
                ui_fit_line(app, ui_trf(app, S_XS_NOW_AT_FMT, cur + 1, app->ladder.n, app->ladder.step[cur].title),
                         16, 0, L->now_at.w),
                16, UI_MIDDLE, s->moved ? t->focus : t->muted);
    button(app, L, XS_UP, ui_tr(app, S_XS_MOVE_UP), fid, s->sug.advice == PD_ADVICE_UP);
    button(app, L, XS_STAY, ui_tr(app, S_XS_STAY), fid, s->sug.advice == PD_ADVICE_STAY);
    button(app, L, XS_BACK, ui_tr(app, S_XS_STEP_BACK), fid, s->sug.advice == PD_ADVICE_BACK);
    button(app, L, XS_ANY_PREV, "\xe2\x80\xb9", fid, 0);
    button(app, L, XS_ANY_NEXT, "\xe2\x80\xba", fid, 0);
    if (L->btn[XS_ANY].w > 0 && s->any_step >= 0 && s->any_step < app->ladder.n) {
        const char *lab_any = ui_trf(app, S_XS_GOTO_FMT, s->any_step + 1, app->ladder.step[s->any_step].title);
        button(app, L, XS_ANY, ui_fit_line(app, lab_any, 18, 0, (L->btn[XS_ANY].w - ui_px(app, 16)) * 2), fid, 0);
    }
    if (s->x.rep < s->x.step.reps)
        button(app, L, XS_NEXT, ui_trf(app, S_XS_NEXT_REP_FMT, s->x.rep + 1, s->x.step.reps), fid, 1);
    button(app, L, XS_FINISH, ui_tr(app, S_XS_FINISH), fid, s->x.rep >= s->x.step.reps);
}

static void draw_done(pd_app *app, const xs_layout *L, int fid)
{
    session_state *s = &app->xs;
    const ui_theme *t = &app->th;
    ui_text(app, L->question, ui_tr(app, S_XS_DONE_TITLE), 28, UI_BOLD | UI_MIDDLE, t->text);
    int n = 0;
    const pd_exposure *rows[PD_REPS_MAX * 2];
    for (int i = 0; i < s->n_ids; i++)
        for (int k = 0; k < app->nxp; k++)
            if (app->xp[k].id == s->ids[i]) rows[n++] = &app->xp[k];
    ui_text(app, L->sub, n ? ui_trf(app, S_XS_DONE_SUB_FMT, n) : ui_tr(app, S_XS_DONE_NONE), 18,
            UI_MIDDLE | UI_WRAP, t->muted);
    int cur = app->ladder.current;
    if (cur >= 0 && cur < app->ladder.n)
        ui_text(app, L->now_at,
                ui_fit_line(app, ui_trf(app, S_XS_NOW_AT_FMT, cur + 1, app->ladder.n, app->ladder.step[cur].title),
                         16, 0, L->now_at.w),
                16, UI_MIDDLE, t->muted);
    int rh = ui_px(app, 58), g = ui_px(app, 6), p = ui_px(app, 12);
    for (int i = 0; i < n && (i + 1) * (rh + g) <= L->note.h; i++) {
        const pd_exposure *e = rows[i];
        SDL_Rect r = { L->note.x, L->note.y + i * (rh + g), L->note.w, rh };
        ui_fill(app, r, t->panel);
        char b[3][64];
        snprintf(b[0], 64, "%s", xs_rating_text(app, e->suds_before, 0));
        snprintf(b[1], 64, "%s", xs_rating_text(app, e->suds_peak, 0));
        snprintf(b[2], 64, "%s", xs_rating_text(app, e->suds_after, 0));
        SDL_Rect l1 = { r.x + p, r.y + ui_px(app, 3), r.w - 2 * p, e->feared[0] ? rh / 2 : rh - ui_px(app, 6) };
        ui_text(app, l1, ui_trf(app, S_XS_DONE_ROW_FMT, e->rep, b[0], b[1], b[2]), 17, UI_BOLD | UI_MIDDLE, t->text);
        if (e->feared[0])
            ui_text(app, (SDL_Rect){ r.x + p, r.y + rh / 2, r.w - 2 * p, rh / 2 - ui_px(app, 3) },
                    xs_check_line(app, e, e->happened, 0), 15, UI_MIDDLE, t->muted);
    }
    button(app, L, XS_DONE, ui_tr(app, S_XS_DONE_BTN), fid, 1);
}

static void draw_dialog(pd_app *app, const xs_layout *L, int fid)
{
    const ui_theme *t = &app->th;
    ui_fill(app, (SDL_Rect){ 0, 0, app->w, app->h }, (SDL_Color){ 0, 0, 0, 170 });
    SDL_Rect r = L->dialog;
    ui_fill(app, r, t->panel);
    ui_frame(app, r, t->line, ui_px(app, 1));
    int p = ui_px(app, 20);
    ui_text(app, (SDL_Rect){ r.x + p, r.y + p, r.w - 2 * p, ui_px(app, 36) }, ui_tr(app, S_XS_PAUSED), 26,
            UI_BOLD | UI_MIDDLE, t->text);
    ui_text(app, (SDL_Rect){ r.x + p, r.y + p + ui_px(app, 42), r.w - 2 * p, ui_px(app, 70) },
            ui_tr(app, S_XS_PAUSE_TEXT), 18, UI_WRAP, t->muted);
    button(app, L, XS_PAUSE_CONTINUE, ui_tr(app, S_XS_PAUSE_CONTINUE), fid, 1);
    button(app, L, XS_PAUSE_END, ui_tr(app, S_XS_END_SESSION), fid, 0);
}

static pd_str keys_line(const session_state *s)
{
    if (s->x.phase == PD_X_EXPECT && s->stage == XS_OWN_WORDS) return S_XS_KEYS_TYPE;
    if (is_rating(s)) return S_XS_KEYS_RATE;
    if (s->x.phase == PD_X_PREPARE) return S_XS_KEYS_PREP;
    if (s->x.phase == PD_X_SUGGEST) return S_XS_KEYS_SUGGEST;
    if (s->x.phase == PD_X_DONE) return S_XS_KEYS_DONE;
    return S_XS_KEYS;
}

void xs_draw(pd_app *app)
{
    session_state *s = &app->xs;
    if (!app->in_session) return;
    const ui_theme *t = &app->th;
    xs_layout L;
    xs_layout_of(app, &L);
    xs_build_focus(app, &L);
    int paused = L.dialog.w > 0;
    int fid = paused ? -1 : ui_focus_id(&s->focus);
    draw_head(app, &L);
    if (s->thread) {
        ui_fill(app, L.main, t->panel);
        ui_text(app, L.main, ui_tr(app, S_XS_KEEPING), 24, UI_CENTER | UI_MIDDLE, t->text);
    } else if (is_rating(s)) {
        draw_rating(app, &L, fid);
    } else {
        switch (s->x.phase) {
        case PD_X_EXPECT: draw_expect(app, &L, fid); break;
        case PD_X_PREPARE: draw_prepare(app, &L, fid); break;
        case PD_X_LISTEN: draw_listen(app, &L, fid); break;
        case PD_X_RECOVER: draw_recover(app, &L, fid); break;
        case PD_X_SUGGEST: draw_suggest(app, &L, fid); break;
        case PD_X_DONE: draw_done(app, &L, fid); break;
        default: break;
        }
    }
    ui_text(app, L.keys, ui_tr(app, keys_line(s)), 15, UI_MIDDLE, t->muted);
    if (paused) draw_dialog(app, &L, ui_focus_id(&s->focus));
}

unsigned long long xs_signature(pd_app *app)
{
    session_state *s = &app->xs;
    double pos = s->player.dev ? ui_player_position(&s->player) : 0;
    unsigned long long own = 0;
    for (const char *c = s->own; *c; c++) own = own * 131 + (unsigned char)*c;
    long long v[20] = {
        app->in_session, s->x.phase, s->x.paused, s->x.rep, s->stage, s->fear, (long long)own,
        s->rating.value, s->rating.asked, s->focus.focus, s->breathing,
        s->breathing ? llround((app->now_s - s->breath_start_s) * 20) : 0,
        s->x.phase == PD_X_PREPARE ? (long long)ceil(s->x.step.prep_s - s->prep_done_s) : 0,
        s->x.phase == PD_X_RECOVER ? (long long)ceil(pd_xsession_recover_left(&s->x, app->now_s)) : 0,
        s->thread != NULL, s->take_ready * 2 + s->player.playing, llround(pos * 30),
        s->any_step, app->ladder.current * 2 + s->moved, s->n_ids,
    };
    unsigned long long h = 1469598103934665603ULL;   /* FNV-1a over the values */
    for (int i = 0; i < 20; i++) {
        unsigned long long x = (unsigned long long)v[i];
        for (int b = 0; b < 8; b++) {
            h ^= (x >> (8 * b)) & 0xFF;
            h *= 1099511628211ULL;
        }
    }
    return h;
}
