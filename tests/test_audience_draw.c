/* test_audience_draw.c - the drawn audience (ui_audience.h), headless
 * (offscreen video, software renderer): each attitude at 1280x720 and
 * 800x600 in the box beside the timer and card, checked by its pixels -
 * nothing drawn outside the box, every front-row face (and most faces
 * behind) showing skin at its forehead, pupils that move with the gaze,
 * lids that cover the eyes - and saved as PNGs (OUT_DIR, default
 * /tmp/audience) for a person to look at; and the cached drawing
 * (audience_cache.c) checked against the direct one, pixel for pixel. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "check.h"
#include "ui_audience.h"

static const SDL_Color SENTINEL = { 255, 0, 255, 255 };

typedef struct frame_px {
    int w, h;
    Uint32 *px; /* ARGB8888 */
} frame_px;

static int read_frame(pd_app *app, frame_px *f)
{
    f->w = app->w, f->h = app->h;
    f->px = malloc((size_t)f->w * f->h * 4);
    if (!f->px) return 1;
    return SDL_RenderReadPixels(app->ren, NULL, SDL_PIXELFORMAT_ARGB8888, f->px, f->w * 4);
}

static SDL_Color px_at(const frame_px *f, int x, int y)
{
    if (x < 0 || y < 0 || x >= f->w || y >= f->h) return (SDL_Color){ 0, 0, 0, 0 };
    Uint32 p = f->px[(size_t)y * f->w + x];
    return (SDL_Color){ (Uint8)(p >> 16), (Uint8)(p >> 8), (Uint8)p, 255 };
}

static int close_to(SDL_Color a, SDL_Color b, int tol)
{
    return abs(a.r - b.r) <= tol && abs(a.g - b.g) <= tol && abs(a.b - b.b) <= tol;
}

static void draw_in(pd_app *app, SDL_Rect box, const pd_crowd *c, double t)
{
    SDL_SetRenderDrawColor(app->ren, SENTINEL.r, SENTINEL.g, SENTINEL.b, 255);
    SDL_RenderClear(app->ren);
    ui_draw_audience(app, box, c, t);
}

/* Pixels outside box that are not the sentinel. */
static long outside(const frame_px *f, SDL_Rect box)
{
    long n = 0;
    for (int y = 0; y < f->h; y++)
        for (int x = 0; x < f->w; x++) {
            int in = x >= box.x && x < box.x + box.w && y >= box.y && y < box.y + box.h;
            if (!in && !close_to(px_at(f, x, y), SENTINEL, 0)) n++;
        }
    return n;
}

/* Faces showing skin at the forehead (0, -0.17 head heights): front row
 * and the rows behind, counted apart. */
static void faces(const frame_px *f, SDL_Rect box, const pd_crowd *c, int *front, int *front_n, int *back,
                  int *back_n)
{
    *front = *front_n = *back = *back_n = 0;
    for (int i = 0; i < c->n; i++) {
        const pd_person *p = &c->p[i];
        ui_audience_seat s;
        ui_audience_seat_of(box, c, i, &s);
        float light = 1.0f - 0.09f * p->row;
        SDL_Color skin = { (Uint8)(p->looks.skin[0] * light), (Uint8)(p->looks.skin[1] * light),
                           (Uint8)(p->looks.skin[2] * light), 255 };
        if (p->pose.phone_lit) { /* lit by the phone's screen (audience_draw.c) */
            float t = 0.22f * (float)(p->pose.phone < 1 ? p->pose.phone : 1);
            skin.r = (Uint8)(skin.r + (190 - skin.r) * t), skin.g = (Uint8)(skin.g + (215 - skin.g) * t);
            skin.b = (Uint8)(skin.b + (255 - skin.b) * t);
        }
        int x = (int)lroundf(s.head_x + (float)p->pose.head_yaw * 0.03f * s.head_px);
        int y = (int)lroundf(s.head_y - 0.17f * s.head_px);
        int inside = x >= box.x && x < box.x + box.w && y >= box.y && y < box.y + box.h;
        int ok = inside && close_to(px_at(f, x, y), skin, 14);
        if (p->row == 0) *front += ok, (*front_n)++;
        else *back += ok, (*back_n)++;
    }
}

/* The centroid x of the pupil's pixels around the eye, or NAN; *whites counts
 * the eye white's. */
static double pupil_x(const frame_px *f, const ui_audience_seat *s, int eye, long *whites)
{
    double sx = 0;
    long n = 0, w = 0;
    int r = (int)ceilf(s->eye_rx * 1.1f), ry = (int)ceilf(s->eye_rx * 0.7f);
    int cx = (int)lroundf(s->eye_x[eye]), cy = (int)lroundf(s->eye_y[eye]);
    for (int y = cy - ry; y <= cy + ry; y++)
        for (int x = cx - r; x <= cx + r; x++) {
            SDL_Color c = px_at(f, x, y);
            if (close_to(c, (SDL_Color){ 38, 28, 24, 255 }, 4)) sx += x, n++; /* the pupil's colour */
            if (c.r > 225 && c.g > 225 && c.b > 220) w++;
        }
    if (whites) *whites = w;
    return n ? sx / n - cx : NAN;
}

/* A part of the frame, enlarged k times (nearest), to look at faces. */
static void save_zoom(const frame_px *f, SDL_Rect r, int k, const char *path)
{
    unsigned char *rgb = malloc((size_t)r.w * k * r.h * k * 3);
    if (!rgb) return;
    for (int y = 0; y < r.h * k; y++)
        for (int x = 0; x < r.w * k; x++) {
            SDL_Color c = px_at(f, r.x + x / k, r.y + y / k);
            unsigned char *o = rgb + ((size_t)y * r.w * k + x) * 3;
            o[0] = c.r, o[1] = c.g, o[2] = c.b;
        }
    pd_png_write_rgb(path, r.w * k, r.h * k, rgb, r.w * k * 3);
    free(rgb);
}

static const char *out_dir(void)
{
    const char *d = getenv("AUDIENCE_PNG_DIR");
    return d && *d ? d : "/tmp/audience";
}

/* ---- the cached drawing (audience_cache.c) gives the direct drawing's pixels ----
 * Both on SDL's software renderer (offscreen): the cache paints its picture
 * with the same renderer code and copies it 1:1, so the truth is the direct
 * drawing, pixel for pixel. Tolerance: a pixel's channels within 2 levels,
 * and at most 1 pixel in 10000 of the box off at all: where the direct
 * drawing and a repainted part split a run of one colour into different
 * batches, an edge pixel of a shape can be blended over the same colour
 * before or after a full span of it (SDL's blend rounds c over c to c or
 * c - 1). The check also holds the cache to repainting only parts: a
 * staring room where one person moves repaints under half the box. */
typedef struct diff {
    long n;       /* pixels of the box that differ */
    int max;      /* largest channel difference */
} diff;

static diff compare_box(const frame_px *a, const frame_px *b, SDL_Rect box)
{
    diff d = { 0, 0 };
    for (int y = box.y; y < box.y + box.h; y++)
        for (int x = box.x; x < box.x + box.w; x++) {
            SDL_Color p = px_at(a, x, y), q = px_at(b, x, y);
            int m = abs(p.r - q.r);
            if (abs(p.g - q.g) > m) m = abs(p.g - q.g);
            if (abs(p.b - q.b) > m) m = abs(p.b - q.b);
            if (m) d.n++;
            if (m > d.max) d.max = m;
        }
    return d;
}

/* Draws c both ways and checks the pixels; returns the cache's stats. */
static ui_audience_cache_stats both_ways(pd_app *app, ui_audience_cache *k, SDL_Rect box, const pd_crowd *c,
                                         double t, const char *what, diff *worst)
{
    frame_px direct, cached;
    ui_audience_cache_stats st;
    draw_in(app, box, c, t);
    CHECK(read_frame(app, &direct) == 0, "read pixels");
    SDL_SetRenderDrawColor(app->ren, SENTINEL.r, SENTINEL.g, SENTINEL.b, 255);
    SDL_RenderClear(app->ren);
    int rc = ui_audience_cache_draw(k, app->ren, box, c, t);
    CHECK(rc == 0, "%s: the cache did not draw", what);
    ui_audience_cache_get_stats(k, &st);
    CHECK(read_frame(app, &cached) == 0, "read pixels");
    diff d = compare_box(&direct, &cached, box);
    long area = (long)box.w * box.h;
    CHECK(d.max <= 2 && d.n * 10000 <= area, "%s: %ld pixels of %ld differ (up to %d levels)", what, d.n, area, d.max);
    long out = outside(&cached, box);
    CHECK(out == 0, "%s: the cache drew %ld pixels outside the box", what, out);
    if (d.n > worst->n) worst->n = d.n;
    if (d.max > worst->max) worst->max = d.max;
    free(direct.px), free(cached.px);
    return st;
}

static void cache_matches(pd_app *app, SDL_Rect box, int w, int h)
{
    static pd_crowd c;
    ui_audience_cache *k = ui_audience_cache_create();
    CHECK(k != NULL, "cache");
    if (!k) return;
    diff worst = { 0, 0 };
    long area = (long)box.w * box.h;
    char what[120];
    /* every attitude over a second and a half of frames, with a ringing
     * phone and a cough (the phone shakes with the time) */
    long partial = 0, frames = 0;
    double painted = 0;
    for (int a = PD_ATT_STARING; a <= PD_ATT_CRITICAL; a++) {
        pd_crowd_init(&c, &(pd_audience){ 20, (pd_attitude)a, 0, 0, 0 }, 40 + (uint64_t)a);
        pd_crowd_input in = { 1, 0, 0, 0, 0, 1, PD_REACT_ALL };
        pd_crowd_step(&c, 12, &in);
        for (int f = 0; f < 90; f++) {
            if (f == 20) pd_crowd_cue(&c, PD_CUE_PHONE, 1 + a);
            if (f == 50) pd_crowd_cue(&c, PD_CUE_COUGH, 2 * a);
            pd_crowd_step(&c, 1.0 / 60, &in);
            snprintf(what, sizeof what, "%s %dx%d frame %d", pd_attitude_name((pd_attitude)a), w, h, f);
            ui_audience_cache_stats st = both_ways(app, k, box, &c, c.t_s, what, &worst);
            if (f == 0) CHECK(st.painted_px * 2 > area, "%s: a new crowd: only %ld pixels painted", what, st.painted_px);
            if (!st.full) partial++, painted += (double)st.painted_px / area;
            frames++;
        }
    }
    CHECK(partial * 10 >= frames * 8, "%dx%d: %ld of %ld frames repainted a part only", w, h, partial, frames);

    /* one person moves in a still room: only around them */
    pd_crowd_init(&c, &(pd_audience){ 20, PD_ATT_STARING, 0, 0, 0 }, 3);
    pd_crowd_step(&c, 1, NULL);
    both_ways(app, k, box, &c, 1, "still room", &worst);
    ui_audience_cache_stats st = both_ways(app, k, box, &c, 1, "still room, again", &worst);
    CHECK(st.painted_px == 0 && st.uploaded_px == 0, "nothing moved: %ld pixels painted, %ld uploaded", st.painted_px,
          st.uploaded_px);
    c.p[7].pose.gaze_x = 0.8, c.p[7].pose.head_yaw = 0.5, c.p[7].pose.lids = 0.4;
    st = both_ways(app, k, box, &c, 1, "one person turned", &worst);
    CHECK(!st.full && st.painted_px > 0 && st.painted_px * 2 < area, "one person turned: %ld of %ld pixels painted",
          st.painted_px, area);
    c.p[0].pose.phone = 1, c.p[0].pose.phone_lit = 1;
    c.p[19].pose.arms_crossed = 1;
    st = both_ways(app, k, box, &c, 1, "two far apart", &worst);
    CHECK(st.parts >= 2 || st.painted_px * 2 < area, "two far apart: %d parts, %ld pixels", st.parts, st.painted_px);
    /* the texture lost (a device reset): filled again from the picture */
    ui_audience_cache_lost(k);
    st = both_ways(app, k, box, &c, 1, "after a device reset", &worst);
    CHECK(st.uploaded_px == area && st.painted_px == 0, "after a reset: %ld uploaded, %ld painted", st.uploaded_px,
          st.painted_px);
    /* a new box (the window resized) and fewer people: painted whole */
    SDL_Rect small = { box.x + 10, box.y + 5, box.w * 3 / 4, box.h * 3 / 4 };
    st = both_ways(app, k, small, &c, 1, "a smaller box", &worst);
    CHECK(st.full, "a new box is painted whole");
    pd_crowd_init(&c, &(pd_audience){ 5, PD_ATT_BORED, 0, 0, 0 }, 8);
    pd_crowd_step(&c, 30, &(pd_crowd_input){ 1, 0, 0, 0, 0, 1, PD_REACT_ALL });
    st = both_ways(app, k, small, &c, 30, "five people", &worst);
    CHECK(st.full, "a new layout is painted whole");
    both_ways(app, k, small, &(pd_crowd){ 0 }, 30, "an empty room", &worst);
    printf("%dx%d cached drawing: %ld frames, %ld partial (mean %.0f %% of the box painted), worst %ld pixels "
           "differ by up to %d levels\n", w, h, frames, partial, partial ? 100.0 * painted / partial : 0.0, worst.n,
           worst.max);
    ui_audience_cache_destroy(k);
    ui_audience_cache_destroy(NULL);

    /* the app told its renderer was reset: the audience and the texts are
     * drawn again from nothing (their textures made anew), the same pixels */
    pd_crowd_init(&c, &(pd_audience){ 20, PD_ATT_BORED, 0, 0, 0 }, 12);
    pd_crowd_step(&c, 5, NULL);
    frame_px before, after;
    SDL_Color fg = { 240, 240, 240, 255 };
    SDL_Rect line = { box.x, box.y + box.h + 4, box.w, 40 };
    for (int pass = 0; pass < 2; pass++) {
        if (pass) {
            SDL_Event e;
            SDL_zero(e);
            e.type = SDL_RENDER_DEVICE_RESET;
            pd_app_handle_event(app, &e);
            int left = 0;
            for (int i = 0; i < UI_TEXT_CACHE; i++) left += app->cache[i].tex != NULL;
            CHECK(left == 0, "after a device reset %d text textures are kept", left);
        }
        SDL_SetRenderDrawColor(app->ren, SENTINEL.r, SENTINEL.g, SENTINEL.b, 255);
        SDL_RenderClear(app->ren);
        ui_draw_audience_cached(app, box, &c, 5);
        ui_text(app, line, "The room is listening", 20, 0, fg);
        CHECK(read_frame(app, pass ? &after : &before) == 0, "read pixels");
    }
    SDL_Rect all = { 0, 0, app->w, app->h };
    diff d = compare_box(&before, &after, all);
    CHECK(d.n == 0, "%dx%d: after a device reset %ld pixels differ", w, h, d.n);
    long text_px = 0;
    for (int y = line.y; y < line.y + line.h; y++)
        for (int x = line.x; x < line.x + line.w; x++) text_px += !close_to(px_at(&after, x, y), SENTINEL, 0);
    CHECK(text_px > 100, "%dx%d: the text after the reset: %ld pixels", w, h, text_px);
    free(before.px), free(after.px);
}

static void one_size(const char *assets, int w, int h)
{
    (void)assets;
    pd_app *app = NULL;
    char err[300];
    pd_app_options o = { .demo = 1, .lang = "en", .width = w, .height = h, .hidden = 1, .history_in_memory = 1 };
    CHECK(pd_app_create(&o, &app, err, sizeof err) == 0, "app %dx%d: %s", w, h, err);
    if (!app) return;
    /* the space beside the timer and the card: the right part of the window */
    SDL_Rect box = { app->w * 45 / 100, app->h * 10 / 100, app->w * 53 / 100, app->h * 62 / 100 };
    static pd_crowd c;
    char path[600];
    for (int a = PD_ATT_STARING; a <= PD_ATT_CRITICAL; a++) {
        pd_crowd_init(&c, &(pd_audience){ 20, (pd_attitude)a, 0, 0, 0 }, 100 + (uint64_t)a);
        pd_crowd_input in = { 1, 0, 0, 0, 0, 1, PD_REACT_ALL };
        for (int k = 0; k < 25 * 60; k++) pd_crowd_step(&c, 1.0 / 60, &in);
        if (a == PD_ATT_BORED) pd_crowd_cue(&c, PD_CUE_PHONE, 3);
        if (a == PD_ATT_NEUTRAL) pd_crowd_cue(&c, PD_CUE_COUGH, 8);
        for (int k = 0; k < 30; k++) pd_crowd_step(&c, 1.0 / 60, &in);
        draw_in(app, box, &c, 25.5);
        frame_px f;
        CHECK(read_frame(app, &f) == 0, "read pixels");
        const char *name = pd_attitude_name((pd_attitude)a);
        snprintf(path, sizeof path, "%s/%s-%dx%d.png", out_dir(), name, w, h);
        CHECK(pd_app_save_png(app, path) == 0, "save %s", path);
        snprintf(path, sizeof path, "%s/zoom-%s-%dx%d.png", out_dir(), name, w, h);
        save_zoom(&f, (SDL_Rect){ box.x, box.y + box.h / 3, box.w / 2, box.h * 2 / 3 }, 2, path);
        long out = outside(&f, box);
        CHECK(out == 0, "%s %dx%d: %ld pixels drawn outside the box", name, w, h, out);
        int fr, frn, bk, bkn;
        faces(&f, box, &c, &fr, &frn, &bk, &bkn);
        printf("%-9s %4dx%-3d box %dx%d: faces showing skin: front %d/%d, behind %d/%d -> %s\n", name, w, h, box.w,
               box.h, fr, frn, bk, bkn, path);
        CHECK(fr == frn, "%s %dx%d: %d of %d front faces drawn", name, w, h, fr, frn);
        CHECK(bk * 10 >= bkn * 8, "%s %dx%d: %d of %d faces behind show", name, w, h, bk, bkn);
        free(f.px);
    }

    /* pupils follow the gaze, lids cover the eyes: a staring room with
     * every gaze set by hand */
    pd_crowd_init(&c, &(pd_audience){ 20, PD_ATT_STARING, 0, 0, 0 }, 5);
    pd_crowd_step(&c, 0.5, NULL);
    for (int i = 0; i < c.n; i++) c.p[i].pose.lids = 0;
    static pd_crowd left, right, shut;
    left = right = shut = c;
    for (int i = 0; i < c.n; i++) {
        left.p[i].pose.gaze_x = -1, right.p[i].pose.gaze_x = 1;
        shut.p[i].pose.lids = 1;
    }
    frame_px fl, fr, fs;
    draw_in(app, box, &left, 0);
    read_frame(app, &fl);
    draw_in(app, box, &right, 0);
    read_frame(app, &fr);
    snprintf(path, sizeof path, "%s/gaze-right-%dx%d.png", out_dir(), w, h);
    pd_app_save_png(app, path);
    draw_in(app, box, &shut, 0);
    read_frame(app, &fs);
    int moved = 0, tested = 0, closed = 0;
    for (int i = 0; i < c.n; i++) {
        ui_audience_seat s;
        ui_audience_seat_of(box, &c, i, &s);
        if (s.small || c.p[i].row > 0) continue;
        tested++;
        long wl, ws;
        double xl = pupil_x(&fl, &s, 0, &wl), xr = pupil_x(&fr, &s, 0, NULL);
        pupil_x(&fs, &s, 0, &ws);
        /* gaze +/-1 moves the pupil +/-0.04 head heights: 0.08 apart */
        if (xr - xl > 0.05 * s.head_px) moved++;
        else printf("  person %d: pupil at %.1f (left) %.1f (right), head %.0f px\n", i, xl, xr, s.head_px);
        if (wl > 4 && ws * 5 < wl) closed++;
    }
    printf("%dx%d: pupils followed the gaze in %d of %d front faces; lids closed %d of them\n", w, h, moved, tested,
           closed);
    CHECK(tested >= 5 && moved == tested, "%dx%d: pupils moved in %d of %d", w, h, moved, tested);
    CHECK(closed == tested, "%dx%d: lids closed %d of %d eyes", w, h, closed, tested);
    free(fl.px), free(fr.px), free(fs.px);

    /* a gallery: ten people of a staring room, each posed by hand */
    pd_crowd_init(&c, &(pd_audience){ 10, PD_ATT_STARING, 0, 0, 0 }, 77);
    pd_crowd_step(&c, 0.05, NULL);
    static const char *const POSES[10] = { "smile", "frown", "yawn", "whisper", "phone",
                                           "watch", "arms", "cough", "tilt+lean", "blink" };
    for (int i = 0; i < c.n; i++) {
        pd_pose *q = &c.p[i].pose;
        q->lids = 0;
        switch (i) {
        case 0: q->mouth = 1, q->brows = 0.3; break;
        case 1: q->mouth = -1, q->brows = -1; break;
        case 2: q->yawn = 1, q->lids = 0.6, q->head_pitch = -0.3; break;
        case 3: q->whisper = 1, q->gaze_x = -0.9, q->head_yaw = -0.75, q->shift_x = -0.35; break;
        case 4: q->phone = 1, q->phone_lit = 1, q->gaze_y = 0.95, q->head_pitch = 0.55, q->gaze = PD_GAZE_PHONE; break;
        case 5: q->watch = 1, q->gaze_x = 0.45, q->gaze_y = 0.85, q->head_pitch = 0.35, q->head_yaw = 0.25; break;
        case 6: q->arms_crossed = 1, q->lean = -0.8; break;
        case 7: q->cough = 1, q->coughing = 1, q->lids = 0.5, q->head_pitch = 0.15; break;
        case 8: q->head_roll = 0.35, q->lean = 0.8; break;
        case 9: q->lids = 1; break;
        }
    }
    c.p[3].beh[PD_BEH_WHISPER].side = -1;
    draw_in(app, box, &c, 1.0);
    snprintf(path, sizeof path, "%s/gallery-%dx%d.png", out_dir(), w, h);
    pd_app_save_png(app, path);
    {
        frame_px f;
        read_frame(app, &f);
        /* the yawning mouth is dark and open; the smiling one is not */
        ui_audience_seat s2, s0;
        ui_audience_seat_of(box, &c, 2, &s2);
        ui_audience_seat_of(box, &c, 0, &s0);
        SDL_Color yawn = px_at(&f, (int)s2.head_x, (int)(s2.head_y + (0.25f + 0.02f - 0.033f) * s2.head_px));
        SDL_Color smile = px_at(&f, (int)s0.head_x, (int)(s0.head_y + 0.32f * s0.head_px));
        CHECK(close_to(yawn, (SDL_Color){ 70, 26, 30, 255 }, 4), "%dx%d: the yawn is not open (%d,%d,%d)", w, h, yawn.r,
              yawn.g, yawn.b);
        CHECK(!close_to(smile, (SDL_Color){ 70, 26, 30, 255 }, 20), "%dx%d: a smile drawn as a yawn", w, h);
        printf("%dx%d gallery (%s ... %s) -> %s\n", w, h, POSES[0], POSES[9], path);
        free(f.px);
    }

    /* any box: small rooms and odd boxes stay inside */
    static const SDL_Rect BOXES[] = { { 10, 10, 120, 80 }, { 0, 0, 40, 300 }, { 300, 200, 500, 120 }, { 5, 5, 1, 1 },
                                      { 400, 60, 260, 400 } };
    static const int SIZES[] = { 1, 3, 8, 12 };
    for (size_t k = 0; k < sizeof BOXES / sizeof BOXES[0]; k++)
        for (size_t s = 0; s < sizeof SIZES / sizeof SIZES[0]; s++) {
            pd_crowd_init(&c, &(pd_audience){ SIZES[s], PD_ATT_ATTENTIVE, SIZES[s] / 4, 0, 0 }, 9);
            pd_crowd_step(&c, 3, NULL);
            draw_in(app, BOXES[k], &c, 3);
            frame_px f;
            read_frame(app, &f);
            long out = outside(&f, BOXES[k]);
            CHECK(out == 0, "box %dx%d, %d people: %ld pixels outside", BOXES[k].w, BOXES[k].h, SIZES[s], out);
            if (BOXES[k].w >= 250) {
                snprintf(path, sizeof path, "%s/box%dx%d-%d-%dx%d.png", out_dir(), BOXES[k].w, BOXES[k].h, SIZES[s], w, h);
                pd_app_save_png(app, path);
            }
            free(f.px);
        }
    /* a mixed room of 8, 2 bored, and a lone listener, for the eye */
    pd_crowd_init(&c, &(pd_audience){ 8, PD_ATT_ATTENTIVE, 2, 0, 0 }, 31);
    pd_crowd_step(&c, 20, &(pd_crowd_input){ 1, 0, 0, 0, 0, 1, PD_REACT_ALL });
    draw_in(app, box, &c, 20);
    snprintf(path, sizeof path, "%s/mixed8-%dx%d.png", out_dir(), w, h);
    pd_app_save_png(app, path);
    pd_crowd_init(&c, &(pd_audience){ 1, PD_ATT_STARING, 0, 0, 0 }, 32);
    draw_in(app, box, &c, 0);
    snprintf(path, sizeof path, "%s/one-%dx%d.png", out_dir(), w, h);
    pd_app_save_png(app, path);
    /* the clip rectangle is restored */
    SDL_Rect clip = { 1, 2, 3, 4 };
    SDL_RenderSetClipRect(app->ren, &clip);
    ui_draw_audience(app, box, &c, 0);
    SDL_Rect now;
    SDL_RenderGetClipRect(app->ren, &now);
    CHECK(now.x == 1 && now.y == 2 && now.w == 3 && now.h == 4, "clip not restored: %d,%d %dx%d", now.x, now.y,
          now.w, now.h);
    SDL_RenderSetClipRect(app->ren, NULL);
    cache_matches(app, box, w, h);
    pd_app_destroy(app);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_audience_draw ASSETS_DIR\n");
        return 2;
    }
    setenv("SDL_VIDEODRIVER", "offscreen", 1);
    setenv("SDL_RENDER_DRIVER", "software", 1);
    setenv("SDL_AUDIODRIVER", "dummy", 1);
    setenv("SDL_FRAMEBUFFER_ACCELERATION", "0", 1);
    setenv("PODIUM_ASSETS", argv[1], 1);
    char tmpl[] = "/tmp/podium-test-audience-XXXXXX";
    char *dir = mkdtemp(tmpl);
    CHECK(dir != NULL, "scratch folder");
    if (!dir) CHECK_DONE();
    char cfg[600], data[600];
    snprintf(cfg, sizeof cfg, "%s/config", dir);
    snprintf(data, sizeof data, "%s/data", dir);
    setenv("XDG_CONFIG_HOME", cfg, 1);
    setenv("XDG_DATA_HOME", data, 1);
    mkdir(out_dir(), 0755);

    one_size(argv[1], 1280, 720);
    one_size(argv[1], 800, 600);

    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    CHECK_DONE();
}
