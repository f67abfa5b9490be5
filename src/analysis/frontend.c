/* frontend.c - the streaming front end (see frontend.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "frontend.h"

/* The pitch signal is band-passed to PITCH_HP_HZ..1 kHz: the low-pass keeps
 * hiss out of the periodicity test, the high-pass removes room rumble and
 * mains hum, which are quasi-periodic at 20-60 Hz lags; YIN still finds a
 * 50-70 Hz period from the harmonics. */
#define PITCH_HP_HZ 70.0
#define SUB_WIN_S 0.032        /* sub-band analysis window */

static long long block_end(int rate, long long j)
{
    /* block j covers input frames [ceil(j*rate/1000), ceil((j+1)*rate/1000)) */
    return ((j + 1) * (long long)rate + 999) / 1000;
}

/* work-rate samples that must exist before frame k can be computed */
static long long frame_need(const pd_frontend *a, size_t k)
{
    long long c = llround((double)k * PD_HOP_S * a->rate_w);
    long long ws = c - (long long)(a->spec_len / 2) + (long long)a->spec_len;
    long long ss = c - (long long)(a->sub_len / 2) + (long long)a->sub_len;
    if (ss > ws) ws = ss;
    long long cp = llround((double)k * PD_HOP_S * a->rate_p);
    long long ps = 2 * (cp - (long long)(a->yin_len / 2) + (long long)a->yin_len);
    return ws > ps ? ws : ps;
}

pd_frontend *pd_frontend_create(int rate_hz, int channels, double f0_min_hz, double f0_max_hz)
{
    if (channels < 1 || rate_hz < PD_MIN_RATE_HZ || rate_hz > PD_MAX_RATE_HZ) return NULL;
    pd_frontend *a = calloc(1, sizeof *a);
    if (!a) return NULL;
    a->rate = rate_hz;
    a->channels = channels;
    for (int i = 0; i < 2; i++)
        pd_biquad_highpass(&a->hp[i], rate_hz, 80.0, pd_butterworth_q(2, i));
    a->blk_end = block_end(rate_hz, 0);
    /* Praat's To Intensity window: 6.4 / minimum pitch, for 100 Hz (as its
     * silence detector) */
    pd_intensity_win_init(&a->win_level, 6.4 / 100.0);
    a->decim = rate_hz / 8000;
    if (a->decim < 1) a->decim = 1;
    a->rate_w = (double)rate_hz / a->decim;
    double cut = fmin(3800.0, 0.45 * a->rate_w);
    for (int i = 0; i < 3; i++)
        pd_biquad_lowpass(&a->lp[i], rate_hz, cut, pd_butterworth_q(3, i));
    for (int i = 0; i < 2; i++) {
        pd_biquad_lowpass(&a->plp[i], a->rate_w, 1000.0, pd_butterworth_q(2, i));
        pd_biquad_highpass(&a->php[i], a->rate_w, PITCH_HP_HZ, pd_butterworth_q(2, i));
    }
    a->rate_p = a->rate_w / 2.0;   /* the 1 kHz low-pass is the anti-alias filter */
    a->yin = pd_yin_create(a->rate_p, f0_min_hz, f0_max_hz);
    a->spec = pd_spectrum_create(a->rate_w);
    a->sub = pd_subbands_create(a->rate_w, SUB_WIN_S);
    if (!a->yin || !a->spec || !a->sub) {
        pd_frontend_destroy(a);
        return NULL;
    }
    a->yin_len = pd_yin_frame_len(a->yin);
    a->spec_len = pd_spectrum_frame_len(a->spec);
    a->sub_len = pd_subbands_frame_len(a->sub);
    if (a->yin_len * 2 > PD_FE_RING || a->spec_len * 2 > PD_FE_RING || a->sub_len * 2 > PD_FE_RING) {
        pd_frontend_destroy(a);
        return NULL;   /* f0_min_hz too low for the ring */
    }
    size_t tmp_len = a->yin_len > a->spec_len ? a->yin_len : a->spec_len;
    if (a->sub_len > tmp_len) tmp_len = a->sub_len;
    a->tmp = malloc(sizeof(float) * tmp_len);
    if (!a->tmp) { pd_frontend_destroy(a); return NULL; }
    a->frame_ready_at = frame_need(a, 0);
    return a;
}

void pd_frontend_destroy(pd_frontend *a)
{
    if (!a) return;
    pd_yin_destroy(a->yin);
    pd_spectrum_destroy(a->spec);
    pd_subbands_destroy(a->sub);
    free(a->tmp);
    free(a->cands); free(a->pband_db); free(a->formant_hz); free(a->sub_db);
    free(a->level_db);
    free(a);
}

static int grow_frames_to(pd_frontend *a, size_t nc)
{
    pd_pitch_cand *c = realloc(a->cands, nc * PD_PITCH_NCAND * sizeof *c);
    if (!c) return 0;
    a->cands = c;
    float *pb = realloc(a->pband_db, nc * sizeof *pb);
    if (!pb) return 0;
    a->pband_db = pb;
    float *fm = realloc(a->formant_hz, nc * PD_NFORMANT * sizeof *fm);
    if (!fm) return 0;
    a->formant_hz = fm;
    float *q = realloc(a->sub_db, nc * PD_NSUB * sizeof *q);
    if (!q) return 0;
    a->sub_db = q;
    float *l = realloc(a->level_db, nc * sizeof *l);
    if (!l) return 0;
    a->level_db = l;
    a->cap_frames = nc;
    return 1;
}

static int grow_frames(pd_frontend *a, size_t need)
{
    if (need <= a->cap_frames) return 1;
    size_t nc = a->cap_frames ? a->cap_frames * 2 : 4096;
    while (nc < need) nc *= 2;
    return grow_frames_to(a, nc);
}

int pd_frontend_reserve(pd_frontend *a, size_t n)
{
    return n <= a->cap_frames || grow_frames_to(a, n);
}

size_t pd_frontend_frame_count(const pd_frontend *a, long long frames)
{
    return (size_t)floor((double)frames / a->rate / PD_HOP_S + 1e-9) + 1;
}

/* intensities of every frame whose window lies inside the blocks seen */
static int intensity_frames(pd_frontend *a, int flush, size_t n_total)
{
    const long span = a->win_level.span;
    for (;;) {
        size_t k = a->next_int_frame;
        long long centre = (long long)k * 10;     /* PD_HOP_S in 1 ms blocks */
        if (flush ? k >= n_total : a->n_blocks <= centre + span) return 1;
        if (!grow_frames(a, k + 1)) return 0;
        a->level_db[k] = pd_intensity_at(&a->win_level, a->blk_ring, PD_FE_BLK_RING - 1, a->n_blocks, centre);
        a->next_int_frame++;
    }
}

/* copy L samples of ring r centred at work sample c (zeros outside the signal) */
static void ring_copy(const float *r, long long count, long long c, size_t L, float *dst)
{
    long long s = c - (long long)(L / 2);
    if (s >= 0 && s + (long long)L <= count) {
        /* inside the signal: at most two runs of the ring */
        size_t at = (size_t)s & (PD_FE_RING - 1), first = PD_FE_RING - at;
        if (first > L) first = L;
        memcpy(dst, r + at, first * sizeof *dst);
        memcpy(dst + first, r, (L - first) * sizeof *dst);
        return;
    }
    for (size_t i = 0; i < L; i++) {
        long long idx = s + (long long)i;
        dst[i] = (idx < 0 || idx >= count) ? 0.0f : r[idx & (PD_FE_RING - 1)];
    }
}

static int compute_frame(pd_frontend *a)
{
    size_t k = a->next_frame;
    if (!grow_frames(a, k + 1)) return 0;
    long long c = llround((double)k * PD_HOP_S * a->rate_w);
    long long cp = llround((double)k * PD_HOP_S * a->rate_p);
    ring_copy(a->pring, a->p_count, cp, a->yin_len, a->tmp);
    pd_yin_frame(a->yin, a->tmp, a->cands + k * PD_PITCH_NCAND, &a->pband_db[k]);
    ring_copy(a->ring, a->w_count, c, a->spec_len, a->tmp);
    pd_spectrum_frame(a->spec, a->tmp, a->formant_hz + k * PD_NFORMANT);
    ring_copy(a->ring, a->w_count, c, a->sub_len, a->tmp);
    pd_subbands_frame(a->sub, a->tmp, a->sub_db + k * PD_NSUB);
    a->next_frame++;
    a->frame_ready_at = frame_need(a, a->next_frame);
    return 1;
}

static void store_work(pd_frontend *a, float x, float xp)
{
    a->ring[a->w_count & (PD_FE_RING - 1)] = x;
    if ((a->w_count & 1) == 0) a->pring[a->p_count++ & (PD_FE_RING - 1)] = xp;
    a->w_count++;
}

static int push_work(pd_frontend *a, float x, float xp)
{
    store_work(a, x, xp);
    while (a->w_count >= a->frame_ready_at)
        if (!compute_frame(a)) return 0;
    return 1;
}

/* Two biquads side by side, one per lane: the intensity high-pass and the
 * decimation low-pass both start from the mono mix, so their first sections
 * run together, then their second ones. Each lane computes exactly what
 * pd_biquad_run does. */
typedef struct biquad2 {
    pd_v2d b0, b1, b2, a1, a2, z1, z2;
} biquad2;

static biquad2 biquad2_pack(const pd_biquad *x, const pd_biquad *y)
{
    biquad2 f = { { x->b0, y->b0 }, { x->b1, y->b1 }, { x->b2, y->b2 }, { x->a1, y->a1 },
                  { x->a2, y->a2 }, { x->z1, y->z1 }, { x->z2, y->z2 } };
    return f;
}

static void biquad2_unpack(const biquad2 *f, pd_biquad *x, pd_biquad *y)
{
    x->z1 = f->z1[0]; x->z2 = f->z2[0];
    y->z1 = f->z1[1]; y->z2 = f->z2[1];
}

static inline pd_v2d biquad2_run(biquad2 *f, pd_v2d x)
{
    pd_v2d y = f->b0 * x + f->z1;
    f->z1 = f->b1 * x - f->a1 * y + f->z2;
    f->z2 = f->b2 * x - f->a2 * y;
    return y;
}

/* The filter states and accumulators live in locals for the whole chunk
 * (written back at the end), so the recursions stay in registers instead of
 * going through memory at every sample; the arithmetic is unchanged. */
static int feed_mono(pd_frontend *a, const float *in, size_t frames)
{
    const int ch = a->channels;
    /* lanes: (intensity high-pass, decimation low-pass) */
    biquad2 s0 = biquad2_pack(&a->hp[0], &a->lp[0]), s1 = biquad2_pack(&a->hp[1], &a->lp[1]);
    pd_biquad lp2 = a->lp[2];
    pd_biquad plp0 = a->plp[0], plp1 = a->plp[1], php0 = a->php[0], php1 = a->php[1];
    double peak = a->peak, blk_acc = a->blk_acc;
    long clipped = a->clipped, blk_count = a->blk_count;
    int phase = a->phase, ok = 1;
    const int decim = a->decim;
    for (size_t f = 0; f < frames; f++) {
        double m;
        if (ch == 1) {
            m = in[f];
            double av = fabs(m);
            if (av > peak) peak = av;
            if (av >= 0.9999) clipped++;
        } else {
            m = 0.0;
            for (int c = 0; c < ch; c++) {
                double v = in[f * ch + c];
                double av = fabs(v);
                if (av > peak) peak = av;
                if (av >= 0.9999) clipped++;
                m += v;
            }
            m /= ch;
        }
        const pd_v2d hl = biquad2_run(&s1, biquad2_run(&s0, (pd_v2d){ m, m }));
        /* intensity */
        const double h = hl[0];
        blk_acc += h * h;
        blk_count++;
        long long idx = a->frames_in + (long long)f + 1;
        if (idx >= a->blk_end) {
            a->blk_ring[a->n_blocks & (PD_FE_BLK_RING - 1)] = (float)(blk_acc / blk_count);
            a->n_blocks++;
            blk_acc = 0.0;
            blk_count = 0;
            a->blk_end = block_end(a->rate, a->n_blocks);
            if (!intensity_frames(a, 0, 0)) { ok = 0; break; }
        }
        /* work rate */
        double l = pd_biquad_run(&lp2, hl[1]);
        if (++phase >= decim) {
            phase = 0;
            double p = pd_biquad_run(&plp1, pd_biquad_run(&plp0, l));
            p = pd_biquad_run(&php1, pd_biquad_run(&php0, p));
            if (!push_work(a, (float)l, (float)p)) { ok = 0; break; }
        }
    }
    biquad2_unpack(&s0, &a->hp[0], &a->lp[0]);
    biquad2_unpack(&s1, &a->hp[1], &a->lp[1]);
    a->lp[2] = lp2;
    a->plp[0] = plp0; a->plp[1] = plp1; a->php[0] = php0; a->php[1] = php1;
    a->peak = peak; a->blk_acc = blk_acc;
    a->clipped = clipped; a->blk_count = blk_count;
    a->phase = phase;
    return ok;
}

int pd_frontend_feed(pd_frontend *a, const float *interleaved, size_t frames)
{
    if (!feed_mono(a, interleaved, frames)) return 0;
    a->frames_in += (long long)frames;
    return 1;
}

int pd_frontend_flush(pd_frontend *a, size_t n)
{
    if (a->blk_count > 0) {
        a->blk_ring[a->n_blocks & (PD_FE_BLK_RING - 1)] = (float)(a->blk_acc / a->blk_count);
        a->n_blocks++;
        a->blk_acc = 0.0;
        a->blk_count = 0;
    }
    if (!intensity_frames(a, 1, n)) return 0;
    /* frames near the end see zeros past the last sample */
    while (a->next_frame < n) {
        if (a->w_count < a->frame_ready_at) {
            store_work(a, 0.0f, 0.0f);
            continue;
        }
        if (!compute_frame(a)) return 0;
    }
    return 1;
}

float *pd_frontend_take(float **p, size_t n)
{
    float *v = *p;
    *p = NULL;
    if (!v) return NULL;
    float *s = realloc(v, (n ? n : 1) * sizeof *v);
    return s ? s : v;
}
