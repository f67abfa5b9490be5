/* ladder_internal.h - what the ladder screen's two files share:
 * screen_ladder.c (the list, building the ladder, the proposed start,
 * removing) and ladder_editor.c (the step editor). */
#ifndef PODIUM_LADDER_INTERNAL_H
#define PODIUM_LADDER_INTERNAL_H

#include "ui.h"

typedef struct lad_layout {
    SDL_Rect title, status, subtitle, list, keys, side;
    SDL_Rect btn[11];                  /* the side column: LAD_START .. LAD_BACK */
    /* the editor */
    SDL_Rect field[LF_COUNT], plain, err, save, cancel;
    /* building */
    SDL_Rect b_step, b_ask, b_value, b_hint, b_explain, b_btn[4];
    /* the proposal / the remove question */
    SDL_Rect panel, panel_text, yes, no;
} lad_layout;

/* screen_ladder.c */
void ladder_save(pd_app *app);             /* pd_app_save_ladder, then where each step stands */
int ladder_clampi(int v, int lo, int hi);
int ladder_digit(SDL_Keycode k);           /* 0-9 (keypad too), -1 for any other key */
SDL_Point ladder_event_point(const pd_app *app, int x, int y);   /* window -> output pixels */

/* ladder_editor.c: the editor on a copy of step at; Save writes it back */
void ladder_edit_begin(pd_app *app, int at);
void ladder_edit_layout(pd_app *app, lad_layout *Y, int top, int bottom);
void ladder_edit_event(pd_app *app, const SDL_Event *e, const lad_layout *Y);
void ladder_edit_activate(pd_app *app, int id);   /* LAD_E_SAVE, LAD_E_CANCEL, a field */
void ladder_edit_draw(pd_app *app, const lad_layout *Y);

#endif
