/* ui_audience.h - the audience drawn from the behaviour model's poses
 * (podium/audience.h): seated people in up to three rows facing the
 * speaker, further rows smaller and partly hidden, with heads, eyes whose
 * pupils follow the gaze, eyelids, brows, mouths, arms, phones, watches,
 * glasses and hair. Plain SDL2 drawing (filled spans), no artwork.
 * It reads the crowd and never changes it. */
#ifndef PODIUM_UI_AUDIENCE_H
#define PODIUM_UI_AUDIENCE_H

#include "podium/audience.h"
#include "ui.h"

/* Where person i of c is drawn in box, pose included (output pixels). */
typedef struct ui_audience_seat {
    float head_x, head_y;   /* head centre */
    float head_px;          /* head height */
    float eye_x[2], eye_y[2];/* eye centres (viewer's left, right) */
    float eye_rx;           /* half width of an eye's white */
    int small;              /* too small for eye whites: eyes are dots */
} ui_audience_seat;

void ui_audience_seat_of(SDL_Rect box, const pd_crowd *c, int i, ui_audience_seat *out);

/* Draws the crowd inside box (nothing outside it: the clip rectangle is
 * set and restored); t_s only animates what the model leaves to the
 * drawing (a whispering mouth, a ringing phone's shake). */
void ui_draw_audience(pd_app *app, SDL_Rect box, const pd_crowd *c, double t_s);

#endif
