/* audience_cache.c - the audience kept in a picture of its own
 * (ui_audience.h). The drawing (audience_draw.c) is thousands of one-pixel
 * high spans: Mesa's software GL (llvmpipe) took about 25 ms a frame over
 * them for 20 people (README: Speed). Here SDL's software renderer paints
 * them into a surface (a few ms for the whole box, less for the people that
 * moved), a streaming texture takes the changed rectangles, and the
 * window's renderer copies one texture a frame.
 *
 * What is painted again: a person whose drawn state changed (the pose
 * channels, looks, seat, and the time while the drawing animates a whisper
 * or a ringing phone) is painted again in its old and new bounds, with the
 * room and everyone else there, back row first; everything outside those
 * rectangles is unchanged pixel for pixel, since the spans a shape makes do
 * not depend on the part being drawn. The surface is as large as the box's
 * far corner, so the box is drawn at its own coordinates, the same floats
 * as a direct drawing. */
#include <stdlib.h>
#include <string.h>
#include "ui_audience.h"

#define KEY_N 40
#define SHAPES_MAX 192   /* a person is about 60-110 shapes (glasses: 33 strokes) */
#define PARTS_MAX 96

struct ui_audience_cache {
    SDL_Renderer *ren;       /* the renderer tex belongs to (borrowed) */
    SDL_Texture *tex;        /* box.w x box.h, streaming */
    int tex_full;            /* tex must be filled whole from surf */
    SDL_Surface *surf;       /* (box.x + box.w) x (box.y + box.h), RGB888 */
    SDL_Renderer *sw;        /* SDL's software renderer on surf */
    SDL_Rect box;
    int valid;               /* surf holds c as keys and bounds say */
    int n, rows, per_row[PD_CROWD_ROWS];
    double key[PD_CROWD_MAX][KEY_N];
    SDL_Rect bounds[PD_CROWD_MAX];
    ui_audience_shape shapes[PD_CROWD_MAX][SHAPES_MAX];
    int n_shapes[PD_CROWD_MAX];
    ui_audience_cache_stats stats;
};

/* Everything draw_person reads of person p (audience_draw.c), as numbers. */
static void key_of(const pd_person *p, double t_s, double *k)
{
    const pd_pose *o = &p->pose;
    const pd_looks *l = &p->looks;
    int n = 0;
    const double pose[] = { o->gaze_x, o->gaze_y, o->head_yaw, o->head_pitch, o->head_roll, o->lean,
                            o->shift_x, o->arms_crossed, o->mouth, o->brows, o->yawn, o->whisper,
                            o->lids, o->phone, o->watch, o->cough, o->phone_lit, o->coughing };
    for (size_t i = 0; i < sizeof pose / sizeof pose[0]; i++) k[n++] = pose[i];
    for (int i = 0; i < 3; i++) {
        k[n++] = l->skin[i];
        k[n++] = l->hair[i];
        k[n++] = l->clothes[i];
    }
    k[n++] = l->hair_style, k[n++] = l->glasses, k[n++] = l->beard, k[n++] = l->width, k[n++] = l->height;
    k[n++] = p->row, k[n++] = p->seat, k[n++] = p->x, k[n++] = p->scale;
    int ringing = p->cue_left_s > 0 && p->cue == PD_CUE_PHONE;
    k[n++] = p->beh[PD_BEH_WHISPER].side;
    k[n++] = ringing;
    /* the drawing moves a whispering mouth and a ringing phone with the time */
    k[n++] = o->whisper > 0.1 || ringing ? t_s : 0;
    while (n < KEY_N) k[n++] = 0;
}

static int same_key(const double *a, const double *b)
{
    for (int i = 0; i < KEY_N; i++)
        if (!(a[i] == b[i])) return 0; /* (a NaN is never the same: painted again) */
    return 1;
}

ui_audience_cache *ui_audience_cache_create(void)
{
    return calloc(1, sizeof(ui_audience_cache));
}

static void drop_picture(ui_audience_cache *k)
{
    if (k->sw) SDL_DestroyRenderer(k->sw);
    if (k->surf) SDL_FreeSurface(k->surf);
    k->sw = NULL, k->surf = NULL;
    k->valid = 0;
}

static void drop_texture(ui_audience_cache *k)
{
    if (k->tex) SDL_DestroyTexture(k->tex);
    k->tex = NULL;
    k->tex_full = 1;
}

void ui_audience_cache_destroy(ui_audience_cache *k)
{
    if (!k) return;
    drop_texture(k);
    drop_picture(k);
    free(k);
}

void ui_audience_cache_lost(ui_audience_cache *k)
{
    if (k) drop_texture(k);
}

void ui_audience_cache_get_stats(const ui_audience_cache *k, ui_audience_cache_stats *out)
{
    if (k) *out = k->stats;
    else memset(out, 0, sizeof *out);
}

/* The surface, its renderer and the texture for box on ren; 0 when ready. */
static int prepare(ui_audience_cache *k, SDL_Renderer *ren, SDL_Rect box)
{
    int same_box = box.x == k->box.x && box.y == k->box.y && box.w == k->box.w && box.h == k->box.h;
    if (!same_box || !k->surf) {
        drop_picture(k);
        drop_texture(k);
        k->box = box;
        k->surf = SDL_CreateRGBSurfaceWithFormat(0, box.x + box.w, box.y + box.h, 32, SDL_PIXELFORMAT_RGB888);
        if (k->surf) k->sw = SDL_CreateSoftwareRenderer(k->surf);
        if (!k->sw) {
            drop_picture(k);
            return 1;
        }
    }
    if (k->ren != ren) drop_texture(k);
    k->ren = ren;
    if (!k->tex) {
        k->tex = SDL_CreateTexture(ren, SDL_PIXELFORMAT_RGB888, SDL_TEXTUREACCESS_STREAMING, box.w, box.h);
        if (!k->tex) return 1;
        SDL_SetTextureBlendMode(k->tex, SDL_BLENDMODE_NONE);
        k->tex_full = 1;
    }
    return 0;
}

static void upload(ui_audience_cache *k, SDL_Rect r)
{
    const Uint8 *px = (const Uint8 *)k->surf->pixels + (size_t)r.y * (size_t)k->surf->pitch + (size_t)r.x * 4;
    SDL_Rect t = { r.x - k->box.x, r.y - k->box.y, r.w, r.h };
    SDL_UpdateTexture(k->tex, &t, px, k->surf->pitch);
    k->stats.uploaded_px += (long)r.w * r.h;
}

/* Adds r (cut to box) to the n rectangles to paint, joining any it
 * overlaps; with PARTS_MAX already, r joins the last one. */
static int add_part(SDL_Rect *parts, int n, SDL_Rect r, SDL_Rect box)
{
    if (!SDL_IntersectRect(&r, &box, &r)) return n;
    if (n == PARTS_MAX) {
        SDL_UnionRect(&parts[n - 1], &r, &r);
        n--;
    }
    for (int i = 0; i < n; i++) {
        if (!SDL_HasIntersection(&parts[i], &r)) continue;
        SDL_UnionRect(&parts[i], &r, &r);
        parts[i] = parts[--n];
        i = -1; /* the union may now overlap one seen already */
    }
    parts[n++] = r;
    return n;
}

/* The parts person i changed, from its shapes before (old, no) and now
 * (cur, nn): each shape that differs, old and new bounds; from the first
 * difference on when shapes came or went (those after it moved up). */
static int changed_parts(SDL_Rect *parts, int np, SDL_Rect box, const ui_audience_shape *old, int no,
                         const ui_audience_shape *cur, int nn, SDL_Rect old_bounds, SDL_Rect new_bounds)
{
    SDL_Rect r;
    if (no > SHAPES_MAX || nn > SHAPES_MAX) { /* not all kept: the whole person */
        SDL_UnionRect(&old_bounds, &new_bounds, &r);
        return add_part(parts, np, r, box);
    }
    if (no == nn) {
        for (int j = 0; j < nn; j++)
            if (old[j].hash != cur[j].hash) {
                SDL_UnionRect(&old[j].r, &cur[j].r, &r);
                np = add_part(parts, np, r, box);
            }
        return np;
    }
    int j0 = 0;
    while (j0 < no && j0 < nn && old[j0].hash == cur[j0].hash) j0++;
    r = (SDL_Rect){ 0, 0, 0, 0 };
    for (int j = j0; j < no; j++) SDL_UnionRect(&r, &old[j].r, &r);
    for (int j = j0; j < nn; j++) SDL_UnionRect(&r, &cur[j].r, &r);
    return add_part(parts, np, r, box);
}

int ui_audience_cache_draw(ui_audience_cache *k, SDL_Renderer *ren, SDL_Rect box, const pd_crowd *c, double t_s)
{
    if (!k || !ren || box.w <= 0 || box.h <= 0 || box.x < 0 || box.y < 0) return 1;
    if (prepare(k, ren, box) != 0) return 1;
    int n = c ? c->n : 0;
    int same_layout = k->valid && n == k->n && (n == 0 || (c->rows == k->rows &&
                      memcmp(c->per_row, k->per_row, sizeof k->per_row) == 0));
    memset(&k->stats, 0, sizeof k->stats);
    SDL_Rect parts[PARTS_MAX];
    int np = 0;
    double key[KEY_N];
    ui_audience_shape cur[SHAPES_MAX];
    if (!same_layout) {
        parts[np++] = box;
        k->stats.full = 1;
    }
    for (int i = 0; i < n; i++) {
        key_of(&c->p[i], t_s, key);
        if (same_layout && same_key(key, k->key[i])) continue;
        int nn = 0;
        SDL_Rect nb = ui_audience_person_shapes(box, c, i, t_s, cur, SHAPES_MAX, &nn);
        if (same_layout)
            np = changed_parts(parts, np, box, k->shapes[i], k->n_shapes[i], cur, nn, k->bounds[i], nb);
        memcpy(k->key[i], key, sizeof key);
        memcpy(k->shapes[i], cur, sizeof(ui_audience_shape) * (size_t)(nn < SHAPES_MAX ? nn : SHAPES_MAX));
        k->n_shapes[i] = nn;
        k->bounds[i] = nb;
    }
    k->n = n;
    if (c && n) {
        k->rows = c->rows;
        memcpy(k->per_row, c->per_row, sizeof k->per_row);
    }
    k->valid = 1;
    Uint64 t0 = SDL_GetPerformanceCounter();
    for (int i = 0; i < np; i++) {
        ui_audience_paint(k->sw, box, parts[i], c, t_s, k->bounds);
        k->stats.painted_px += (long)parts[i].w * parts[i].h;
    }
    k->stats.parts = np;
    if (np) SDL_RenderFlush(k->sw); /* the software renderer paints here */
    Uint64 t1 = SDL_GetPerformanceCounter();
    if (k->tex_full) {
        upload(k, box);
        k->tex_full = 0;
    } else {
        for (int i = 0; i < np; i++) upload(k, parts[i]);
    }
    SDL_Rect old_clip;
    SDL_bool clipped = SDL_RenderIsClipEnabled(ren);
    SDL_RenderGetClipRect(ren, &old_clip);
    SDL_RenderSetClipRect(ren, &box); /* as the direct drawing: the box, whatever clip was set */
    SDL_RenderCopy(ren, k->tex, NULL, &box);
    SDL_RenderSetClipRect(ren, clipped ? &old_clip : NULL);
    double f = (double)SDL_GetPerformanceFrequency();
    k->stats.paint_ms = 1e3 * (double)(t1 - t0) / f;
    k->stats.upload_ms = 1e3 * (double)(SDL_GetPerformanceCounter() - t1) / f;
    return 0;
}

void ui_draw_audience_cached(pd_app *app, SDL_Rect box, const pd_crowd *c, double t_s)
{
    if (!app || !app->ren) return;
    if (!app->audience_cache) app->audience_cache = ui_audience_cache_create();
    if (ui_audience_cache_draw(app->audience_cache, app->ren, box, c, t_s) != 0) ui_draw_audience(app, box, c, t_s);
}
