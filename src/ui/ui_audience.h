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

/* The same drawing on any renderer, only inside part (a part of box; the
 * layout is box's): what ui_draw_audience draws there. bounds: each
 * person's (ui_audience_person_bounds), or NULL to measure them here. */
void ui_audience_paint(SDL_Renderer *ren, SDL_Rect box, SDL_Rect part, const pd_crowd *c, double t_s,
                       const SDL_Rect *bounds);

/* Where person i's drawing in box can reach (whole pixels, it may pass the
 * box): every shape's corners and radii. */
SDL_Rect ui_audience_person_bounds(SDL_Rect box, const pd_crowd *c, int i, double t_s);

/* One shape of a person's drawing: a hash of what it is (the floats that
 * place it and its colour) and the bounds of its pixels. */
typedef struct ui_audience_shape {
    uint64_t hash;
    SDL_Rect r;
} ui_audience_shape;

/* Person i's shapes in drawing order into out (at most cap; *n: how many
 * there are, more than cap when out was too small); returns the bounds. */
SDL_Rect ui_audience_person_shapes(SDL_Rect box, const pd_crowd *c, int i, double t_s, ui_audience_shape *out,
                                   int cap, int *n);

/* ---- the cached audience (audience_cache.c) ----------------------------------
 * The drawing kept in a picture of its own: SDL's software renderer paints
 * the box into a surface, a streaming texture carries it to the window's
 * renderer, and a frame copies that texture. Only the people whose drawn
 * state changed (their pose, or the time where the drawing animates a
 * whisper or a ringing phone) are painted again, each in its old and new
 * bounds with everyone there, back row first; a new box, a new layout or a
 * new renderer paints all. The pixels are the software renderer's whatever
 * the window's renderer: on a GPU (or Mesa's software GL) thousands of
 * small spans a frame become one texture copy and an upload of what
 * changed. */
typedef struct ui_audience_cache ui_audience_cache;

typedef struct ui_audience_cache_stats {
    long painted_px;    /* area painted again by the last draw, pixels (box area: all) */
    long uploaded_px;   /* area sent to the texture */
    int parts;          /* rectangles painted */
    int full;           /* the last draw painted the whole box */
    double paint_ms;    /* its painting, software renderer, wall clock */
    double upload_ms;   /* its texture update and copy */
} ui_audience_cache_stats;

ui_audience_cache *ui_audience_cache_create(void);
void ui_audience_cache_destroy(ui_audience_cache *k);   /* NULL: nothing */
/* Draws c into box on ren as ui_audience_paint(ren, box, box, c, t_s)
 * would with the software renderer; 0, or 1 when a surface or texture
 * could not be made (nothing drawn: draw directly). */
int ui_audience_cache_draw(ui_audience_cache *k, SDL_Renderer *ren, SDL_Rect box, const pd_crowd *c, double t_s);
/* The renderer lost its textures (SDL_RENDER_DEVICE_RESET) or its targets
 * (SDL_RENDER_TARGETS_RESET): the texture is made again and filled from
 * the kept picture at the next draw. */
void ui_audience_cache_lost(ui_audience_cache *k);
void ui_audience_cache_get_stats(const ui_audience_cache *k, ui_audience_cache_stats *out);

/* The app's audience: through app->audience_cache (made at first use),
 * directly when that fails. */
void ui_draw_audience_cached(pd_app *app, SDL_Rect box, const pd_crowd *c, double t_s);

#endif
