/* session_ui.h - what session.c (the session's logic and input) and
 * session_draw.c (its layout and drawing) share. Private to those two. */
#ifndef PODIUM_SESSION_UI_H
#define PODIUM_SESSION_UI_H

#include "ui.h"

#define XS_MAX_ORDER 24
typedef struct xs_layout {
    SDL_Rect head, strip, keys, body;
    SDL_Rect main, side;          /* side: the breathing guide (w 0: not shown) */
    SDL_Rect question, sub, widget, note, text_box;
    SDL_Rect card, card_note, count, info;  /* the preparation */
    SDL_Rect tiles, check, advice, choice, now_at;   /* the suggestion */
    SDL_Rect dialog;              /* the pause dialog (w 0: not paused) */
    SDL_Rect btn[XS_DONE + 1];    /* each widget by id (w 0: not shown) */
    int order[XS_MAX_ORDER];      /* the focus order */
    int n;
} xs_layout;

/* The layout of what the session shows now, and its focus list from it. */
void xs_layout_of(pd_app *app, xs_layout *L);
void xs_build_focus(pd_app *app, const xs_layout *L);
/* The fear of the repetition as text ("" none). */
const char *xs_feared(pd_app *app);
/* What the analysis of this repetition's take can say about a fear. */
void xs_take_facts(pd_app *app, pd_take_facts *f);
/* A rating as text ("70", "70 %", or "skipped"). */
const char *xs_rating_text(pd_app *app, int v, int percent);
/* The "you expected 70 % that ...: 10 %" line (happened may be NONE: "...") */
const char *xs_check_line(pd_app *app, const pd_exposure *e, int happened, int pending);

void xs_draw(pd_app *app);
unsigned long long xs_signature(pd_app *app);

#endif
