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

double pd_frontend_reach_s(const pd_frontend *fe)
{
    double r = (double)fe->win_level.span * 0.001;   /* 1 ms blocks */
    double w = (double)(fe->spec_len > fe->sub_len ? fe->spec_len : fe->sub_len) / 2.0 / fe->rate_w;
    double p = (double)fe->yin_len / 2.0 / fe->rate_p;
    if (w > r) r = w;
    if (p > r) r = p;
    return r;
}

pd_frontend *pd_frontend_create(int rate_hz, int channels, double f0_min_hz, double f0_max_hz)
{
    if (channels < 1 || rate_hz < PD_MIN_RATE_HZ || rate_hz > PD_MAX_RATE_HZ) return NULL;
    pd_frontend *a = calloc(1, sizeof *a);
    if (!a) return NULL;
    a->rate = rate_hz;
    /* a DC offset (cheap USB microphones: a few %) leaks through the
     * analysis window into the low spectral bands the syllable and filler
     * stages read; y = x - x1 + R y1 with R = 1 - 2 pi 10 Hz / rate removes it
     * and leaves speech (>= 70 Hz) within 0.1 dB */
    a->dc_r = 1.0 - 2.0 * M_PI * 10.0 / rate_hz;
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
    pd_biquad plp[2], php[2];
    for (int i = 0; i < 2; i++) {
        pd_biquad_lowpass(&plp[i], a->rate_w, 1000.0, pd_butterworth_q(2, i));
        pd_biquad_highpass(&php[i], a->rate_w, PITCH_HP_HZ, pd_butterworth_q(2, i));
    }
    a->pipe_lp = pd_biquad2_pack(&plp[0], &plp[1]);
    a->pipe_hp = pd_biquad2_pack(&php[0], &php[1]);
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

/* The intensity high-pass and the decimation low-pass both start from the
 * mono mix: their first sections run side by side, then their second ones. */
static void biquad2_unpack(const pd_biquad2 *f, pd_biquad *x, pd_biquad *y)
{
    x->z1 = f->z1[0]; x->z2 = f->z2[0];
    y->z1 = f->z1[1]; y->z2 = f->z2[1];
}

/* One work sample l into the pitch-band pipeline (see frontend.h). With all
 * states and inputs zero at the start, the stages that run ahead of their
 * first real sample compute exact zeros and leave their states at zero, so
 * every real sample sees what the plain cascade would give it. Returns 1
 * when a sample leaves: *x its work-rate value, *p its pitch-band value. */
static inline int pipe_step(pd_biquad2 *lp, pd_biquad2 *hp, double v[3], float xd[4],
                            long long *n_in, double l, float *x, float *p)
{
    const pd_v2d o0 = pd_biquad2_run(lp, (pd_v2d){ l, v[0] });
    const pd_v2d o1 = pd_biquad2_run(hp, (pd_v2d){ v[1], v[2] });
    v[0] = o0[0];
    v[1] = o0[1];
    v[2] = o1[0];
    const long long n = (*n_in)++;
    xd[n & 3] = (float)l;
    if (n < 3) return 0;
    *x = xd[(n - 3) & 3];
    *p = (float)o1[1];
    return 1;
}

/* The filter states and accumulators live in locals for the whole chunk
 * (written back at the end), so the recursions stay in registers instead of
 * going through memory at every sample; the arithmetic is unchanged. */
static int feed_mono(pd_frontend *a, const float *in, size_t frames)
{
    const int ch = a->channels;
    /* lanes: (intensity high-pass, decimation low-pass) */
    pd_biquad2 s0 = pd_biquad2_pack(&a->hp[0], &a->lp[0]), s1 = pd_biquad2_pack(&a->hp[1], &a->lp[1]);
    pd_biquad lp2 = a->lp[2];
    pd_biquad2 plp = a->pipe_lp, php = a->pipe_hp;
    double pv[3] = { a->pipe_v[0], a->pipe_v[1], a->pipe_v[2] };
    long long pin = a->pipe_in;
    double peak = a->peak, blk_acc = a->blk_acc;
    const double dc_r = a->dc_r;
    double dc_x1 = a->dc_x1, dc_y1 = a->dc_y1;
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
        const double dc = m - dc_x1 + dc_r * dc_y1;   /* DC blocker */
        dc_x1 = m;
        dc_y1 = dc;
        m = dc;
        const pd_v2d hl = pd_biquad2_run(&s1, pd_biquad2_run(&s0, (pd_v2d){ m, m }));
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
            float x, p;
            if (pipe_step(&plp, &php, pv, a->pipe_xd, &pin, l, &x, &p) && !push_work(a, x, p)) {
                ok = 0;
                break;
            }
        }
    }
    biquad2_unpack(&s0, &a->hp[0], &a->lp[0]);
    biquad2_unpack(&s1, &a->hp[1], &a->lp[1]);
    a->lp[2] = lp2;
    a->pipe_lp = plp; a->pipe_hp = php;
    a->pipe_v[0] = pv[0]; a->pipe_v[1] = pv[1]; a->pipe_v[2] = pv[2];
    a->pipe_in = pin;
    a->peak = peak; a->blk_acc = blk_acc;
    a->dc_x1 = dc_x1;
    a->dc_y1 = dc_y1;
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
    /* the last (up to) three work samples are still in the pitch pipeline:
     * three more steps bring them out (what enters behind them is dropped) */
    for (int d = 0; d < 3; d++) {
        float x, p;
        if (pipe_step(&a->pipe_lp, &a->pipe_hp, a->pipe_v, a->pipe_xd, &a->pipe_in, 0.0, &x, &p) &&
            !push_work(a, x, p))
            return 0;
    }
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
