/* audience_draw.c - the audience (ui_audience.h): each person is built of
 * filled ellipses, convex polygons and thick strokes, rasterised into
 * spans drawn with SDL_RenderFillRects, back row first so the front rows
 * hide part of the ones behind. Sizes are in units of the person's head height, so one
 * figure fits any box: the front row's head size comes from the box's width
 * (the seats of the fullest row) and height (three rows stacked), the rows
 * behind are 0.8x smaller each (perspective) and staggered by a fifth of
 * a seat so their faces show between the heads in front. The drill draws
 * through audience_cache.c, which paints with this code into a picture of
 * its own and again only where a shape changed (measured here: each
 * shape's hash and bounds, without drawing). */
#include <math.h>
#include <string.h>
#include "ui_audience.h"

/* ---- spans: shapes filled as one-pixel-high rectangles -------------------------- */
/* Every shape is rasterised here into horizontal spans and drawn with
 * SDL_RenderFillRects, one call per run of one colour; each row is
 * sampled at two heights and its edge pixels get the alpha of their
 * coverage (in quarters), a cheap antialiasing. SDL's software renderer tests every pixel of a triangle's
 * bounding box (and blends a translucent triangle through a temporary
 * surface), so a fan of thin triangles costs many times its area; spans
 * cost their area, on any renderer. */
#define BATCH_RECTS 1024
#define AA_LEVELS 3    /* edge pixels a quarter, half, three quarters covered */
#define BATCH_AA 256

typedef struct batch {
    SDL_Renderer *ren;
    SDL_Rect clip;         /* the box (or the part redrawn): spans are cut to it */
    int measure;           /* only grow the bounds below: nothing is drawn */
    float bx0, by0, bx1, by1;
    ui_audience_shape *shapes; /* measuring: each shape's hash and bounds (NULL: none) */
    int n_shapes, cap_shapes;
    SDL_Color col;         /* colour of the queued spans */
    int n, na[AA_LEVELS];
    SDL_Rect r[BATCH_RECTS];
    SDL_Rect ra[AA_LEVELS][BATCH_AA]; /* partly covered edge pixels, by coverage */
} batch;

static void flush(batch *b)
{
    if (b->n) {
        SDL_SetRenderDrawBlendMode(b->ren, b->col.a < 255 ? SDL_BLENDMODE_BLEND : SDL_BLENDMODE_NONE);
        SDL_SetRenderDrawColor(b->ren, b->col.r, b->col.g, b->col.b, b->col.a);
        SDL_RenderFillRects(b->ren, b->r, b->n);
    }
    for (int k = 0; k < AA_LEVELS; k++) {
        if (!b->na[k]) continue;
        SDL_SetRenderDrawBlendMode(b->ren, SDL_BLENDMODE_BLEND);
        SDL_SetRenderDrawColor(b->ren, b->col.r, b->col.g, b->col.b, (Uint8)(b->col.a * (k + 1) / 4));
        SDL_RenderFillRects(b->ren, b->ra[k], b->na[k]);
        b->na[k] = 0;
    }
    b->n = 0;
}

static void use_color(batch *b, SDL_Color c)
{
    if (c.r != b->col.r || c.g != b->col.g || c.b != b->col.b || c.a != b->col.a) flush(b);
    b->col = c;
}

static void run(batch *b, int x0, int x1, int y) /* pixels x0..x1 of row y, fully covered */
{
    if (x0 < b->clip.x) x0 = b->clip.x;
    if (x1 > b->clip.x + b->clip.w - 1) x1 = b->clip.x + b->clip.w - 1;
    if (x1 < x0) return;
    if (b->n == BATCH_RECTS) flush(b);
    b->r[b->n++] = (SDL_Rect){ x0, y, x1 - x0 + 1, 1 };
}

/* A pixel covered `cover` (0..1): drawn with that much alpha (in
 * quarters); full ones join the runs, neighbours of one level one rect. */
static void edge(batch *b, int x, int y, float cover)
{
    int k = (int)(cover * 4 + 0.5f) - 1;
    if (k < 0 || x < b->clip.x || x >= b->clip.x + b->clip.w) return;
    if (k >= AA_LEVELS) {
        run(b, x, x, y);
        return;
    }
    SDL_Rect *last = b->na[k] ? &b->ra[k][b->na[k] - 1] : NULL;
    if (last && last->y == y && last->x + last->w == x) {
        last->w++;
        return;
    }
    if (b->na[k] == BATCH_AA) flush(b);
    b->ra[k][b->na[k]++] = (SDL_Rect){ x, y, 1, 1 };
}

static float overlap(float x, float lo, float hi) /* of [x, x+1] and [lo, hi] */
{
    float l = lo > x ? lo : x, r = hi < x + 1 ? hi : x + 1;
    return r > l ? r - l : 0;
}

/* Row y, sampled at two heights (a quarter and three quarters down): the
 * shape covers [a0, a1] at the first, [b0, b1] at the second (lo > hi:
 * nothing). A pixel's coverage is the mean of the two, so edges are
 * smoothed along the rows too; the pixels covered at both are one run. */
static void span2(batch *b, int y, float a0, float a1, float b0, float b1)
{
    if (y < b->clip.y || y >= b->clip.y + b->clip.h) return;
    int ha = a1 > a0, hb = b1 > b0;
    if (!ha && !hb) return;
    float lo = ha && hb ? fminf(a0, b0) : ha ? a0 : b0, hi = ha && hb ? fmaxf(a1, b1) : ha ? a1 : b1;
    int x0 = (int)floorf(lo), x1 = (int)floorf(hi);
    int f0 = x1 + 1, f1 = x1; /* the fully covered pixels f0..f1 (none yet) */
    if (ha && hb) {
        f0 = (int)ceilf(fmaxf(a0, b0));
        f1 = (int)floorf(fminf(a1, b1)) - 1;
        if (f1 < f0) f0 = x1 + 1, f1 = x1;
    }
    int left_end = f1 >= f0 ? f0 - 1 : x1;
    if (left_end - x0 > 4096) left_end = x0 + 4096; /* (a wild coordinate: keep it bounded) */
    for (int x = x0; x <= left_end; x++)
        edge(b, x, y, 0.5f * ((ha ? overlap((float)x, a0, a1) : 0) + (hb ? overlap((float)x, b0, b1) : 0)));
    if (f1 >= f0) {
        run(b, f0, f1, y);
        for (int x = f1 + 1; x <= x1 && x <= f1 + 4096; x++)
            edge(b, x, y, 0.5f * ((ha ? overlap((float)x, a0, a1) : 0) + (hb ? overlap((float)x, b0, b1) : 0)));
    }
}

/* Measuring: the bounds grow to hold (x, y). */
static void grow(batch *b, float x, float y)
{
    if (x < b->bx0) b->bx0 = x;
    if (x > b->bx1) b->bx1 = x;
    if (y < b->by0) b->by0 = y;
    if (y > b->by1) b->by1 = y;
}

/* Measuring: shape k's hash (what it is: the floats that place it, its
 * colour) and its pixels' bounds [x0, x1] x [y0, y1] (the corners). */
static void record(batch *b, const float *v, int nv, SDL_Color col, float x0, float y0, float x1, float y1)
{
    int k = b->n_shapes++;
    if (!b->shapes || k >= b->cap_shapes) return;
    uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a over the bytes */
    unsigned char bytes[4 * 18 + 4];
    size_t nb = (size_t)nv * sizeof(float);
    if (nb > sizeof bytes - 4) nb = sizeof bytes - 4;
    memcpy(bytes, v, nb);
    bytes[nb] = col.r, bytes[nb + 1] = col.g, bytes[nb + 2] = col.b, bytes[nb + 3] = col.a;
    for (size_t i = 0; i < nb + 4; i++) h = (h ^ bytes[i]) * 0x100000001b3ull;
    int ix0 = (int)floorf(x0) - 1, iy0 = (int)floorf(y0) - 1;
    b->shapes[k].hash = h;
    b->shapes[k].r = (SDL_Rect){ ix0, iy0, (int)ceilf(x1) + 2 - ix0, (int)ceilf(y1) + 2 - iy0 };
}

/* A local frame: point (x, y) in units of u, rotated by (c, s), at (ox, oy). */
typedef struct xf {
    float ox, oy, u, c, s;
} xf;

static SDL_FPoint at(const xf *f, float x, float y)
{
    return (SDL_FPoint){ f->ox + f->u * (f->c * x - f->s * y), f->oy + f->u * (f->s * x + f->c * y) };
}

static xf frame(float ox, float oy, float u, float angle)
{
    return (xf){ ox, oy, u, cosf(angle), sinf(angle) };
}

static SDL_Color rgb(const uint8_t c[3])
{
    return (SDL_Color){ c[0], c[1], c[2], 255 };
}

static SDL_Color shade(SDL_Color c, float f)
{
    float r = c.r * f, g = c.g * f, b = c.b * f;
    return (SDL_Color){ (Uint8)(r > 255 ? 255 : r), (Uint8)(g > 255 ? 255 : g), (Uint8)(b > 255 ? 255 : b), c.a };
}

static SDL_Color mix(SDL_Color a, SDL_Color b, float t)
{
    return (SDL_Color){ (Uint8)(a.r + (b.r - a.r) * t), (Uint8)(a.g + (b.g - a.g) * t),
                        (Uint8)(a.b + (b.b - a.b) * t), (Uint8)(a.a + (b.a - a.a) * t) };
}

/* A filled ellipse centred (cx, cy), radii rx, ry, in frame f (rotated
 * with it): per row, the two roots of the ellipse's equation in x. */
static void ellipse(batch *b, const xf *f, float cx, float cy, float rx, float ry, SDL_Color col)
{
    SDL_FPoint p = at(f, cx, cy);
    float a = rx * f->u, e = ry * f->u;
    if (a < 0.3f || e < 0.3f) return;
    if (!b->measure) use_color(b, col);
    float c = f->c, s = f->s, ia = 1 / (a * a), ie = 1 / (e * e);
    float A = c * c * ia + s * s * ie, Bk = 2 * c * s * (ia - ie), Ck = s * s * ia + c * c * ie;
    float R = a > e ? a : e;
    if (b->measure) {
        grow(b, p.x - R, p.y - R);
        grow(b, p.x + R, p.y + R);
        const float v[6] = { p.x, p.y, a, e, c, s };
        record(b, v, 6, col, p.x - R, p.y - R, p.x + R, p.y + R);
        return;
    }
    int y0 = (int)floorf(p.y - R), y1 = (int)ceilf(p.y + R);
    if (y0 < b->clip.y) y0 = b->clip.y;
    if (y1 > b->clip.y + b->clip.h) y1 = b->clip.y + b->clip.h;
    for (int y = y0; y < y1; y++) {
        float x[2][2] = { { 1, 0 }, { 1, 0 } }; /* empty */
        for (int h = 0; h < 2; h++) {
            float dy = y + 0.25f + 0.5f * h - p.y, B = Bk * dy, C = Ck * dy * dy - 1, d = B * B - 4 * A * C;
            if (d < 0) continue;
            float q = sqrtf(d);
            x[h][0] = p.x + (-B - q) / (2 * A), x[h][1] = p.x + (-B + q) / (2 * A);
        }
        span2(b, y, x[0][0], x[0][1], x[1][0], x[1][1]);
    }
}

/* A convex polygon, its points in order (either way round). */
static void poly(batch *b, const xf *f, const float (*pt)[2], int n, SDL_Color col)
{
    SDL_FPoint v[8];
    if (n > 8) n = 8;
    float top = 1e9f, bot = -1e9f, left = 1e9f, right = -1e9f, xy[16];
    for (int k = 0; k < n; k++) {
        v[k] = at(f, pt[k][0], pt[k][1]);
        if (v[k].y < top) top = v[k].y;
        if (v[k].y > bot) bot = v[k].y;
        if (v[k].x < left) left = v[k].x;
        if (v[k].x > right) right = v[k].x;
        xy[2 * k] = v[k].x, xy[2 * k + 1] = v[k].y;
    }
    if (b->measure) {
        grow(b, left, top);
        grow(b, right, bot);
        record(b, xy, 2 * n, col, left, top, right, bot);
        return;
    }
    use_color(b, col);
    int y0 = (int)floorf(top), y1 = (int)ceilf(bot);
    if (y0 < b->clip.y) y0 = b->clip.y;
    if (y1 > b->clip.y + b->clip.h) y1 = b->clip.y + b->clip.h;
    for (int y = y0; y < y1; y++) {
        float x[2][2];
        for (int h = 0; h < 2; h++) {
            float yc = y + 0.25f + 0.5f * h, lo = 1e9f, hi = -1e9f;
            for (int k = 0; k < n; k++) {
                SDL_FPoint p = v[k], q = v[(k + 1) % n];
                if ((yc < p.y) == (yc < q.y)) continue; /* the edge does not cross this height */
                float xe = p.x + (q.x - p.x) * (yc - p.y) / (q.y - p.y);
                if (xe < lo) lo = xe;
                if (xe > hi) hi = xe;
            }
            x[h][0] = lo, x[h][1] = hi;
        }
        span2(b, y, x[0][0], x[0][1], x[1][0], x[1][1]);
    }
}

/* A thick stroke through n points, width w (joints are not mitred: the
 * strokes here are short and gently curved). */
static void stroke(batch *b, const xf *f, const float (*pt)[2], int n, float w, SDL_Color col)
{
    for (int k = 0; k + 1 < n; k++) {
        float dx = pt[k + 1][0] - pt[k][0], dy = pt[k + 1][1] - pt[k][1], l = sqrtf(dx * dx + dy * dy);
        if (l <= 0) continue;
        float nx = -dy / l * w / 2, ny = dx / l * w / 2;
        /* extend each piece a little so the joints close */
        float ex = dx / l * w * 0.3f, ey = dy / l * w * 0.3f;
        float q[4][2] = { { pt[k][0] + nx - ex, pt[k][1] + ny - ey },
                          { pt[k + 1][0] + nx + ex, pt[k + 1][1] + ny + ey },
                          { pt[k + 1][0] - nx + ex, pt[k + 1][1] - ny + ey },
                          { pt[k][0] - nx - ex, pt[k][1] - ny - ey } };
        poly(b, f, (const float(*)[2])q, 4, col);
    }
}

static void segment(batch *b, const xf *f, float x0, float y0, float x1, float y1, float w, SDL_Color col)
{
    float pt[2][2] = { { x0, y0 }, { x1, y1 } };
    stroke(b, f, (const float(*)[2])pt, 2, w, col);
}

/* An ellipse's outline of width w. */
static void ring(batch *b, const xf *f, float cx, float cy, float rx, float ry, float w, SDL_Color col)
{
    float pt[17][2];
    for (int k = 0; k <= 16; k++) {
        float a = 6.2831853f * k / 16;
        pt[k][0] = cx + rx * cosf(a), pt[k][1] = cy + ry * sinf(a);
    }
    stroke(b, f, (const float(*)[2])pt, 17, w, col);
}

/* ---- layout -------------------------------------------------------------------- */

typedef struct layout {
    float head0;                 /* front row head height, px */
    float row_y[PD_CROWD_ROWS];  /* head centres at rest, px */
    float row_x0[PD_CROWD_ROWS], row_w[PD_CROWD_ROWS];
} layout;

/* Rows from the front: scale 0.8^k; a seat is at least 1.35 heads wide
 * (at most 2.4: a few people sit together, not spread over the box); the
 * front row's head centre stands 1.5-2.3 heads over the box's bottom (the
 * laps are cut off), each row behind 0.95-1.8 heads of the row in front
 * higher (a raked hall), the back row's hair under the box's top. */
static void layout_of(SDL_Rect box, const pd_crowd *c, layout *L)
{
    memset(L, 0, sizeof *L);
    if (c->rows <= 0 || box.w <= 0 || box.h <= 0) return;
    float hw = 1e9f, sum = 0, s = 1;
    for (int r = 0; r < c->rows; r++, s *= 0.8f) {
        float pitch = box.w * 0.94f / (c->per_row[r] > 0 ? c->per_row[r] : 1);
        if (pitch / (1.35f * s) < hw) hw = pitch / (1.35f * s);
        if (r < c->rows - 1) sum += s;
    }
    float last = powf(0.8f, (float)(c->rows - 1)), avail = box.h * 0.96f;
    float hh = avail / (1.5f + 0.95f * sum + 0.75f * last);
    float h = hw < hh ? hw : hh;
    if (h > box.h * 0.40f) h = box.h * 0.40f; /* a lone person does not fill the box */
    float gap = sum > 0 ? (avail / h - 1.5f - 0.75f * last) / sum : 0;
    gap = gap < 0.95f ? 0.95f : gap > 1.8f ? 1.8f : gap; /* more: a raked hall */
    L->head0 = h;
    /* height to spare after that: show more of the front row (up to 2.3
     * heads over the bottom: the chests), the rest stays wall */
    float spare = avail / h - (1.5f + gap * sum + 0.75f * last);
    float front = 1.5f + (spare > 0.8f ? 0.8f : spare > 0 ? spare : 0);
    float y = box.y + box.h - front * h;
    s = 1;
    for (int r = 0; r < c->rows; r++, s *= 0.8f) {
        L->row_y[r] = y;
        y -= gap * h * s;
        /* a row no wider than 2.4 heads a seat: few people sit together */
        float w = box.w * 0.94f, most = c->per_row[r] * 2.4f * h * s;
        if (w > most) w = most;
        L->row_w[r] = w;
        L->row_x0[r] = box.x + (box.w - w) / 2.0f;
    }
}

/* The pose's effect on the head's place and size (shared by the drawing
 * and ui_audience_seat_of). */
typedef struct figure {
    float bx, by, u;   /* body frame origin (the head's rest centre) and head height, px */
    float hx, hy, hu;  /* head centre and size */
    float roll;        /* radians */
    float fx, fy;      /* features' shift in the face (yaw, pitch), head units */
} figure;

static void figure_of(const layout *L, const pd_person *p, figure *g)
{
    const pd_pose *o = &p->pose;
    float h = L->head0 * (float)p->scale * (float)p->looks.height;
    float x = L->row_x0[p->row] + L->row_w[p->row] * (float)p->x;
    float y = L->row_y[p->row];
    float lean = (float)o->lean;
    float grow = 1 + 0.07f * lean;
    g->bx = x + (float)o->shift_x * 0.25f * h;
    g->by = y + 0.06f * fabsf(lean) * h;
    g->u = h * grow;
    g->hu = g->u;
    g->hx = g->bx + (float)o->shift_x * 0.05f * h;
    g->hy = g->by + 0.08f * (lean > 0 ? lean : 0) * h + 0.04f * (float)o->head_pitch * h;
    g->roll = (float)o->head_roll * 0.35f;
    g->fx = (float)o->head_yaw * 0.13f;
    g->fy = (float)o->head_pitch * 0.11f;
}

#define EYE_X 0.145f
#define EYE_Y (-0.02f)
#define EYE_RX 0.075f
#define EYE_RY 0.045f

void ui_audience_seat_of(SDL_Rect box, const pd_crowd *c, int i, ui_audience_seat *out)
{
    memset(out, 0, sizeof *out);
    if (!c || i < 0 || i >= c->n) return;
    layout L;
    layout_of(box, c, &L);
    figure g;
    figure_of(&L, &c->p[i], &g);
    xf f = frame(g.hx, g.hy, g.hu, g.roll);
    out->head_x = g.hx, out->head_y = g.hy, out->head_px = g.hu;
    for (int k = 0; k < 2; k++) {
        SDL_FPoint e = at(&f, (k ? EYE_X : -EYE_X) + g.fx, EYE_Y + g.fy);
        out->eye_x[k] = e.x, out->eye_y[k] = e.y;
    }
    out->eye_rx = EYE_RX * g.hu;
    out->small = g.hu < 22;
}

/* ---- one person ------------------------------------------------------------------- */

static float lerpf(float a, float b, float t)
{
    return a + (b - a) * t;
}

static void hair_back(batch *b, const xf *f, const pd_looks *lk, SDL_Color hair, float fx, float pitch)
{
    float dy = 0.04f * (pitch > 0 ? pitch : 0);
    switch (lk->hair_style) {
    case PD_HAIR_LONG:
        ellipse(b, f, -fx * 0.2f, 0.20f, 0.47f, 0.62f, shade(hair, 0.85f));
        ellipse(b, f, -fx * 0.2f, -0.07f + dy, 0.43f, 0.49f, hair);
        break;
    case PD_HAIR_PONYTAIL:
        ellipse(b, f, 0.33f, 0.22f, 0.09f, 0.26f, shade(hair, 0.8f));
        ellipse(b, f, -fx * 0.2f, -0.07f + dy, 0.42f, 0.48f, hair);
        break;
    case PD_HAIR_BUN:
        ellipse(b, f, -fx * 0.3f, -0.53f + dy, 0.16f, 0.13f, shade(hair, 0.9f));
        ellipse(b, f, -fx * 0.2f, -0.07f + dy, 0.42f, 0.48f, hair);
        break;
    case PD_HAIR_CURLY:
        for (int k = 0; k <= 8; k++) {
            float a = 3.1415927f * (1.05f + 0.9f * k / 8);
            ellipse(b, f, 0.39f * cosf(a) - fx * 0.2f, -0.06f + 0.47f * sinf(a) + dy, 0.14f, 0.14f, hair);
        }
        ellipse(b, f, -fx * 0.2f, -0.06f + dy, 0.44f, 0.5f, hair);
        break;
    case PD_HAIR_BALD:
        break;
    default:
        ellipse(b, f, -fx * 0.2f, -0.07f + dy, 0.415f, 0.47f, hair);
        break;
    }
}

static void hair_front(batch *b, const xf *f, const pd_looks *lk, SDL_Color hair, float fx, float fy)
{
    float x = fx * 0.6f, y = fy * 0.5f;
    switch (lk->hair_style) {
    case PD_HAIR_SHORT:
        ellipse(b, f, x, -0.37f + y, 0.35f, 0.13f, hair);
        break;
    case PD_HAIR_LONG:
        ellipse(b, f, x + 0.04f, -0.36f + y, 0.34f, 0.12f, hair);
        ellipse(b, f, -0.35f + x * 0.5f, 0.02f + y, 0.085f, 0.33f, hair);
        ellipse(b, f, 0.35f + x * 0.5f, 0.02f + y, 0.085f, 0.33f, hair);
        break;
    case PD_HAIR_CURLY:
        for (int k = 0; k < 5; k++)
            ellipse(b, f, x - 0.24f + 0.12f * k, -0.35f + y + 0.02f * (k % 2), 0.09f, 0.09f, hair);
        break;
    case PD_HAIR_BUN: case PD_HAIR_PONYTAIL:
        ellipse(b, f, x, -0.39f + y, 0.34f, 0.09f, hair);
        break;
    case PD_HAIR_BALD: /* a fringe of hair at the sides */
        ellipse(b, f, -0.355f + x * 0.5f, -0.03f + y, 0.05f, 0.13f, hair);
        ellipse(b, f, 0.355f + x * 0.5f, -0.03f + y, 0.05f, 0.13f, hair);
        break;
    default:
        break;
    }
}

static void draw_person(batch *b, const layout *L, const pd_person *p, double t_s)
{
    const pd_pose *o = &p->pose;
    const pd_looks *lk = &p->looks;
    figure g;
    figure_of(L, p, &g);
    float light = 1.0f - 0.09f * p->row; /* the front rows are nearer the stage light */
    SDL_Color skin = shade(rgb(lk->skin), light), hair = shade(rgb(lk->hair), light);
    if (o->phone_lit) /* the screen's cold light on the face */
        skin = mix(skin, (SDL_Color){ 190, 215, 255, 255 }, 0.22f * (float)(o->phone < 1 ? o->phone : 1));
    SDL_Color cloth = shade(rgb(lk->clothes), light);
    SDL_Color dark = shade(cloth, 0.78f);
    float W = (float)lk->width;
    xf body = frame(g.bx, g.by, g.u, 0);

    /* the chair's back, behind the shoulders */
    SDL_Color chair = shade((SDL_Color){ 70, 46, 40, 255 }, light);
    float cb[4][2] = { { -0.95f * W, 0.52f }, { 0.95f * W, 0.52f }, { 0.98f * W, 3.2f }, { -0.98f * W, 3.2f } };
    poly(b, &body, (const float(*)[2])cb, 4, chair);
    ellipse(b, &body, 0, 0.56f, 0.95f * W, 0.09f, shade(chair, 1.15f));

    /* long hair falls behind the shoulders */
    xf head = frame(g.hx, g.hy, g.hu, g.roll);
    float tx = (g.hx - g.bx) / g.u;
    if (lk->hair_style == PD_HAIR_LONG) ellipse(b, &body, tx, 0.55f, 0.5f, 0.45f, shade(hair, 0.8f));

    /* torso: shoulders, then the body down past the box */
    float sh = 0.78f * W;
    ellipse(b, &body, 0, 0.98f, sh, 0.3f, cloth);
    float tq[4][2] = { { -sh, 0.98f }, { sh, 0.98f }, { sh * 1.08f, 3.3f }, { -sh * 1.08f, 3.3f } };
    poly(b, &body, (const float(*)[2])tq, 4, cloth);
    /* upper arms along the sides */
    ellipse(b, &body, -sh * 0.93f, 1.5f, 0.17f, 0.6f, dark);
    ellipse(b, &body, sh * 0.93f, 1.5f, 0.17f, 0.6f, dark);
    /* neck and collar */
    float nq[4][2] = { { tx - 0.13f, 0.3f }, { tx + 0.13f, 0.3f }, { 0.14f, 0.78f }, { -0.14f, 0.78f } };
    poly(b, &body, (const float(*)[2])nq, 4, shade(skin, 0.82f));
    float col[3][2] = { { -0.2f, 0.72f }, { 0.2f, 0.72f }, { 0, 0.98f } };
    poly(b, &body, (const float(*)[2])col, 3, shade(skin, 0.82f));
    segment(b, &body, -0.21f, 0.72f, 0, 1.0f, 0.06f, shade(cloth, 1.25f));
    segment(b, &body, 0.21f, 0.72f, 0, 1.0f, 0.06f, shade(cloth, 1.25f));

    /* the head */
    float fx = g.fx, fy = g.fy, pitch = (float)o->head_pitch;
    hair_back(b, &head, lk, hair, fx, pitch);
    ellipse(b, &head, -0.375f + fx * 0.3f, 0.03f + fy * 0.5f, 0.06f, 0.1f, shade(skin, 0.9f));
    ellipse(b, &head, 0.375f + fx * 0.3f, 0.03f + fy * 0.5f, 0.06f, 0.1f, shade(skin, 0.9f));
    float face_ry = 0.46f * (1 - 0.08f * fabsf(pitch));
    ellipse(b, &head, fx * 0.25f, 0.05f + 0.05f * pitch, 0.365f, face_ry, skin);
    if (lk->beard) ellipse(b, &head, fx * 0.5f, 0.3f + fy, 0.27f, 0.17f, shade(hair, 0.95f));
    hair_front(b, &head, lk, hair, fx, fy);

    /* eyes: whites, pupils after the gaze, lids sliding down over them */
    SDL_Color brow = shade(rgb(lk->hair), lk->hair[0] > 150 ? 0.55f * light : 0.8f * light);
    float gx = (float)o->gaze_x, gy = (float)o->gaze_y, lids = (float)o->lids;
    if (lids > 1) lids = 1;
    int small = g.hu < 22;
    for (int k = 0; k < 2; k++) {
        float ex = (k ? EYE_X : -EYE_X) + fx, ey = EYE_Y + fy;
        if (small) {
            if (lids < 0.5f) ellipse(b, &head, ex + gx * 0.03f, ey + gy * 0.02f, 0.045f, 0.045f, (SDL_Color){ 30, 24, 22, 255 });
            continue;
        }
        ellipse(b, &head, ex, ey, EYE_RX, EYE_RY, (SDL_Color){ 242, 240, 234, 255 });
        ellipse(b, &head, ex + gx * 0.04f, ey + gy * 0.022f, 0.037f, 0.037f, (SDL_Color){ 38, 28, 24, 255 });
        ellipse(b, &head, ex, ey - 2 * EYE_RY * (1 - lids) - 0.004f, EYE_RX + 0.01f, EYE_RY + 0.004f, skin);
        /* the lid's edge: the lashes */
        float ly = ey - EYE_RY + 2 * EYE_RY * lids, r = (ly - ey) / EYE_RY;
        float half = EYE_RX * sqrtf(fmaxf(0, 1 - r * r));
        if (lids > 0.92f) half = EYE_RX;
        if (half > 0.01f) segment(b, &head, ex - half, ly, ex + half, ly, 0.014f, shade(skin, 0.45f));
    }
    /* brows: raised at a pause, knitted in a frown */
    float bw = (float)o->brows;
    for (int k = -1; k <= 1; k += 2) {
        float ex = k * EYE_X + fx, by = EYE_Y - 0.1f + fy - 0.03f * bw;
        float inner = bw < 0 ? -bw * 0.06f : 0;
        segment(b, &head, ex - k * 0.07f, by + inner, ex + k * 0.085f, by - 0.012f - inner * 0.4f, small ? 0.05f : 0.035f, brow);
    }
    if (lk->glasses) {
        SDL_Color fr = { 28, 28, 32, 255 };
        float w = small ? 0.04f : 0.024f;
        ring(b, &head, -EYE_X + fx, EYE_Y + fy, 0.105f, 0.075f, w, fr);
        ring(b, &head, EYE_X + fx, EYE_Y + fy, 0.105f, 0.075f, w, fr);
        segment(b, &head, -EYE_X + 0.105f + fx, EYE_Y + fy - 0.01f, EYE_X - 0.105f + fx, EYE_Y + fy - 0.01f, w, fr);
    }
    /* nose */
    ellipse(b, &head, fx * 1.25f, 0.11f + fy, 0.035f, 0.05f, shade(skin, 0.86f));
    /* mouth: a yawn, a whisper, or a line curved by the smile / frown */
    float mx = fx * 1.1f, my = 0.25f + fy * 0.9f;
    SDL_Color lip = mix(shade(skin, 0.55f), (SDL_Color){ 150, 60, 60, 255 }, 0.35f);
    float yawn = (float)o->yawn, wh = (float)o->whisper;
    if (yawn > 0.08f) {
        ellipse(b, &head, mx, my + 0.02f * yawn, 0.06f + 0.015f * yawn, 0.015f + 0.095f * yawn, (SDL_Color){ 70, 26, 30, 255 });
    } else if (wh > 0.1f) {
        float open = 0.5f + 0.5f * sinf((float)t_s * 17.0f + (float)p->seat);
        ellipse(b, &head, mx + 0.03f * (float)p->beh[PD_BEH_WHISPER].side, my, 0.035f,
                0.012f + 0.025f * wh * open, (SDL_Color){ 80, 30, 34, 255 });
    } else {
        float m = (float)o->mouth, hw = 0.085f + 0.02f * (m > 0 ? m : 0), k = m * 0.05f;
        float pt[7][2];
        for (int i = 0; i < 7; i++) {
            float x = -hw + 2 * hw * i / 6, u = x / hw;
            pt[i][0] = mx + x, pt[i][1] = my + k * (1 - u * u) - k * 0.5f;
        }
        stroke(b, &head, (const float(*)[2])pt, 7, small ? 0.04f : 0.024f, lip);
    }

    /* hands and forearms, in front of the body */
    SDL_Color sleeve = shade(cloth, 0.92f), hand = shade(skin, 0.95f);
    float ac = (float)o->arms_crossed, ph = (float)o->phone, wa = (float)o->watch, cg = (float)o->cough;
    /* a forearm across the body gets a darker edge (it shows on a sleeve of
     * its own colour); resting in the lap it has none */
    float raised = fmaxf(fmaxf(ac, ph), fmaxf(fmaxf(wa, cg), (float)o->whisper));
    SDL_Color edge = mix(sleeve, shade(cloth, 0.6f), raised > 1 ? 1 : raised);
    /* the right hand (viewer's left) goes to the phone or the mouth; else to the lap or across */
    float rhx = lerpf(-0.2f, 0.5f * W, ac), rhy = lerpf(2.7f, 1.32f, ac);
    rhx = lerpf(rhx, -0.08f, ph), rhy = lerpf(rhy, 1.42f, ph);
    float mbx = tx + mx, mby = (g.hy - g.by) / g.u + 0.3f; /* the mouth in body units */
    rhx = lerpf(rhx, mbx - 0.02f, cg), rhy = lerpf(rhy, mby + 0.02f, cg);
    float lhx = lerpf(0.2f, -0.5f * W, ac), lhy = lerpf(2.7f, 1.36f, ac);
    lhx = lerpf(lhx, tx + 0.25f, wa), lhy = lerpf(lhy, mby + 0.45f, wa);
    if (wh > 0.1f) { /* a hand beside the whispering mouth */
        float s = (float)p->beh[PD_BEH_WHISPER].side;
        if (s < 0) rhx = lerpf(rhx, mbx - 0.17f, wh), rhy = lerpf(rhy, mby, wh);
        else lhx = lerpf(lhx, mbx + 0.17f, wh), lhy = lerpf(lhy, mby, wh);
    }
    /* elbows: they rise with a hand raised to the face, so a forearm keeps
     * its length (about 1.2 heads) */
    float rup = fmaxf(cg, wh * (p->beh[PD_BEH_WHISPER].side < 0)), lup = fmaxf(wa, wh * (p->beh[PD_BEH_WHISPER].side > 0));
    float rex = -sh * lerpf(0.9f, 0.78f, rup), rey = lerpf(1.95f, 1.45f, rup);
    float lex = sh * lerpf(0.9f, 0.78f, lup), ley = lerpf(1.95f, 1.5f, lup);
    /* crossed: the left forearm lies over the right */
    segment(b, &body, rex, rey, rhx, rhy, 0.3f, edge);
    segment(b, &body, rex, rey, rhx, rhy, 0.23f, sleeve);
    ellipse(b, &body, rhx, rhy, 0.11f, 0.1f, hand);
    if (ph > 0.05f) { /* the phone, its back to us; lit, it glows */
        float px = rhx + 0.02f, py = rhy - 0.18f;
        float jig = 0;
        if (p->cue_left_s > 0 && p->cue == PD_CUE_PHONE) jig = 0.02f * sinf((float)t_s * 60.0f);
        if (o->phone_lit) ellipse(b, &body, px + jig, py, 0.26f, 0.3f, (SDL_Color){ 150, 190, 255, 60 });
        float pq[4][2] = { { px - 0.1f + jig, py - 0.17f }, { px + 0.1f + jig, py - 0.17f },
                           { px + 0.1f + jig, py + 0.17f }, { px - 0.1f + jig, py + 0.17f } };
        poly(b, &body, (const float(*)[2])pq, 4, (SDL_Color){ 22, 22, 28, (Uint8)(255 * fminf(1, ph * 1.5f)) });
        if (o->phone_lit) {
            float sq[4][2] = { { px - 0.1f + jig, py - 0.17f }, { px + 0.1f + jig, py - 0.17f },
                               { px + 0.1f + jig, py - 0.13f }, { px - 0.1f + jig, py - 0.13f } };
            poly(b, &body, (const float(*)[2])sq, 4, (SDL_Color){ 200, 225, 255, 255 });
        }
        ellipse(b, &body, rhx, rhy, 0.11f, 0.1f, hand); /* fingers over the phone */
    }
    segment(b, &body, lex, ley, lhx, lhy, 0.3f, edge);
    segment(b, &body, lex, ley, lhx, lhy, 0.23f, sleeve);
    ellipse(b, &body, lhx, lhy, 0.11f, 0.1f, hand);
    if (wa > 0.05f) { /* the watch on the raised wrist */
        float dx = lex - lhx, dy = ley - lhy, l = sqrtf(dx * dx + dy * dy);
        float wx = lhx + dx / l * 0.16f, wy = lhy + dy / l * 0.16f;
        ellipse(b, &body, wx, wy, 0.085f, 0.085f, (SDL_Color){ 40, 40, 44, 255 });
        ellipse(b, &body, wx, wy, 0.055f, 0.055f, (SDL_Color){ 225, 225, 215, 255 });
    }
}

/* ---- the room -------------------------------------------------------------------------- */

/* Where person p's drawing can reach, whole pixels (it may pass the box):
 * the shapes' corners and radii, measured without drawing; with shapes,
 * each shape's hash and bounds too (its count returned in *n_shapes). */
static SDL_Rect person_bounds(const layout *L, const pd_person *p, double t_s, ui_audience_shape *shapes, int cap,
                              int *n_shapes)
{
    batch m; /* only the bounds are used: the span arrays stay untouched */
    m.ren = NULL;
    m.measure = 1;
    m.clip = (SDL_Rect){ -(1 << 28), -(1 << 28), 1 << 29, 1 << 29 };
    m.bx0 = m.by0 = 1e9f, m.bx1 = m.by1 = -1e9f;
    m.shapes = shapes, m.n_shapes = 0, m.cap_shapes = cap;
    draw_person(&m, L, p, t_s);
    if (n_shapes) *n_shapes = m.n_shapes;
    if (m.bx1 < m.bx0) return (SDL_Rect){ 0, 0, 0, 0 };
    /* a span reaches floor(x) and the row floor(y); one pixel more each
     * side for the rounding */
    int x0 = (int)floorf(m.bx0) - 1, y0 = (int)floorf(m.by0) - 1;
    return (SDL_Rect){ x0, y0, (int)ceilf(m.bx1) + 2 - x0, (int)ceilf(m.by1) + 2 - y0 };
}

SDL_Rect ui_audience_person_bounds(SDL_Rect box, const pd_crowd *c, int i, double t_s)
{
    return ui_audience_person_shapes(box, c, i, t_s, NULL, 0, NULL);
}

SDL_Rect ui_audience_person_shapes(SDL_Rect box, const pd_crowd *c, int i, double t_s, ui_audience_shape *out,
                                   int cap, int *n)
{
    if (n) *n = 0;
    if (!c || i < 0 || i >= c->n || box.w <= 0 || box.h <= 0) return (SDL_Rect){ 0, 0, 0, 0 };
    layout L;
    layout_of(box, c, &L);
    return person_bounds(&L, &c->p[i], t_s, out, out ? cap : 0, n);
}

/* The room, each row's riser and its people, back row first, inside
 * b->clip (the box or a part of it). A person whose bounds miss a part is
 * skipped: it would draw nothing there. */
static void paint(batch *b, SDL_Rect box, const pd_crowd *c, double t_s, const SDL_Rect *bounds)
{
    const SDL_Rect *cl = &b->clip;
    int part = cl->x > box.x || cl->y > box.y || cl->x + cl->w < box.x + box.w || cl->y + cl->h < box.y + box.h;
    /* the room: a dim wall, a lighter floor towards the speaker, in bands */
    {
        SDL_Color top = { 30, 34, 44, 255 }, mid = { 44, 46, 56, 255 }, bot = { 58, 54, 58, 255 };
        int bands = box.h < 48 ? box.h : 48;
        for (int k = 0; k < bands; k++) {
            float t = (k + 0.5f) / bands;
            SDL_Color band = t < 0.45f ? mix(top, mid, t / 0.45f) : mix(mid, bot, (t - 0.45f) / 0.55f);
            int y0 = box.y + box.h * k / bands, y1 = box.y + box.h * (k + 1) / bands;
            if (y0 < cl->y) y0 = cl->y;
            if (y1 > cl->y + cl->h) y1 = cl->y + cl->h;
            if (y1 <= y0) continue;
            use_color(b, band);
            for (int y = y0; y < y1; y++) run(b, box.x, box.x + box.w - 1, y);
        }
    }
    if (!c || c->n <= 0) return;
    layout L;
    layout_of(box, c, &L);
    for (int r = c->rows - 1; r >= 0; r--) {
        float h = L.head0 * powf(0.8f, (float)r);
        xf id = frame(0, 0, 1, 0);
        float q[4][2] = { { (float)box.x, L.row_y[r] + 1.2f * h }, { (float)(box.x + box.w), L.row_y[r] + 1.2f * h },
                          { (float)(box.x + box.w), (float)(box.y + box.h) }, { (float)box.x, (float)(box.y + box.h) } };
        poly(b, &id, (const float(*)[2])q, 4, (SDL_Color){ (Uint8)(40 - 5 * r), (Uint8)(38 - 5 * r), (Uint8)(44 - 5 * r), 255 });
        for (int i = 0; i < c->n; i++) {
            if (c->p[i].row != r) continue;
            if (part) {
                SDL_Rect pb = bounds ? bounds[i] : person_bounds(&L, &c->p[i], t_s, NULL, 0, NULL);
                if (!SDL_HasIntersection(&pb, cl)) continue;
            }
            draw_person(b, &L, &c->p[i], t_s);
        }
    }
}

void ui_audience_paint(SDL_Renderer *ren, SDL_Rect box, SDL_Rect part, const pd_crowd *c, double t_s,
                       const SDL_Rect *bounds)
{
    SDL_Rect clip;
    if (!ren || box.w <= 0 || box.h <= 0 || !SDL_IntersectRect(&box, &part, &clip)) return;
    SDL_Rect old_clip;
    SDL_bool clipped = SDL_RenderIsClipEnabled(ren);
    SDL_RenderGetClipRect(ren, &old_clip);
    SDL_RenderSetClipRect(ren, &clip);
    SDL_BlendMode old_blend;
    SDL_GetRenderDrawBlendMode(ren, &old_blend);
    SDL_SetRenderDrawBlendMode(ren, SDL_BLENDMODE_BLEND);

    batch bt; /* about 28 kB on the stack: no allocation per frame */
    batch *b = &bt;
    b->ren = ren;
    b->clip = clip;
    b->measure = 0;
    b->shapes = NULL;
    b->n_shapes = b->cap_shapes = 0;
    b->n = 0;
    memset(b->na, 0, sizeof b->na);
    b->col = (SDL_Color){ 0, 0, 0, 255 };
    paint(b, box, c, t_s, bounds);
    flush(b);
    SDL_SetRenderDrawBlendMode(ren, old_blend);
    SDL_RenderSetClipRect(ren, clipped ? &old_clip : NULL);
}

void ui_draw_audience(pd_app *app, SDL_Rect box, const pd_crowd *c, double t_s)
{
    if (!app || !app->ren) return;
    ui_audience_paint(app->ren, box, box, c, t_s, NULL);
}
