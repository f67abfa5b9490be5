/* analyzer.c - the streaming front end and the whole-take stages.
 *
 * Data flow per input frame:
 *   interleaved samples -> libebur128 (all channels: integrated loudness,
 *   loudness range, momentary loudness every 100 ms, sample peak)
 *   -> mono mix -> 80 Hz high-pass (4th-order Butterworth) -> 1 ms mean
 *      squares (intensity contours)
 *   -> mono mix -> low-pass + decimation to a work rate of 8-16 kHz
 *      -> spectrum per 10 ms frame (formants, sub-band energies)
 *      -> 1 kHz low-pass -> YIN candidates per 10 ms frame
 * Only contours (a few dozen bytes per 10 ms) are kept, never the samples.
 * finish() runs the whole-take stages: pitch path, segmentation, syllable
 * nuclei, filled pauses, statistics. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <ebur128.h>
#include "podium/analysis.h"
#include "../dsp/dsp.h"

#define RING_LEN 8192
#define BLK_RING 1024          /* power of two, > the widest intensity window in ms */          /* power of two, > longest frame at 16 kHz */
#define LOUD_STEP_S 0.1
/* The pitch signal is band-passed to PITCH_HP_HZ..1 kHz: the low-pass keeps
 * hiss out of the periodicity test, the high-pass removes room rumble and
 * mains hum, which are quasi-periodic at 20-60 Hz lags; YIN still finds a
 * 50-70 Hz period from the harmonics. */
#ifndef PITCH_HP_HZ
#define PITCH_HP_HZ 70.0
#endif
#define SUB_WIN_S 0.032        /* sub-band analysis window */

struct pd_analyzer {
    pd_analysis_config cfg;
    int rate, channels;
    ebur128_state *ebu;
    long long frames_in;
    double peak;
    long clipped;
    int finished, failed;

    /* intensity blocks */
    pd_biquad hp[2];
    double blk_acc;
    long blk_count;
    long long blk_end;       /* input frame index where the current block ends */
    float blk_ring[BLK_RING];  /* mean square of each 1 ms block, the latest BLK_RING */
    long long n_blocks;
    pd_intensity_win win_level;
    size_t next_int_frame;     /* next frame whose intensities are due */

    /* decimation to the work rate */
    pd_biquad lp[3];
    int decim, phase;
    double rate_w;
    long long w_count;
    float ring[RING_LEN];    /* work-rate signal, 0-4 kHz */
    pd_biquad plp[2], php[2];
    float pring[RING_LEN];   /* pitch signal: 70 Hz-1 kHz band at half the work rate */
    double rate_p;           /* rate_w / 2 */
    long long p_count;

    pd_yin *yin;
    pd_spectrum *spec;
    pd_subbands *sub;
    size_t yin_len, spec_len, sub_len;
    float *tmp;              /* frame scratch */
    size_t next_frame;
    long long frame_ready_at; /* w_count needed before next_frame can be computed */

    pd_pitch_cand *cands;
    float *pband;            /* pitch-band power per frame, dB */
    float *lvl;              /* intensity per frame, 64 ms window */
    float *fmt, *subb;
    size_t cap_frames;

    float *loud10;
    size_t n_loud10, cap_loud10;
    long long next_loud_at;
};

double pd_syllables_per_word(const char *lang)
{
    if (!lang) return 0.0;
    /* English: 598 syllables / 437 words on the developer corpus, 1.4-1.5
     * in the literature; Italian 2.0-2.2 (shared/REFERENCE.md). */
    if (strcmp(lang, "en") == 0) return 1.40;
    if (strcmp(lang, "it") == 0) return 2.10;
    return 0.0;
}

void pd_analysis_config_init(pd_analysis_config *cfg, const char *lang)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->f0_min_hz = 50.0;
    cfg->f0_max_hz = 500.0;
    cfg->min_pause_s = 0.25;
    cfg->min_sounding_s = 0.10;
    cfg->long_pause_s = 2.0;
    cfg->silence_below_db = 25.0;
    const char *l = (lang && pd_syllables_per_word(lang) > 0.0) ? lang : "en";
    strncpy(cfg->lang, l, sizeof cfg->lang - 1);
    cfg->syllables_per_word = pd_syllables_per_word(l);
}

static long long block_end(int rate, long long j)
{
    /* block j covers input frames [ceil(j*rate/1000), ceil((j+1)*rate/1000)) */
    return ((j + 1) * (long long)rate + 999) / 1000;
}

/* work-rate samples that must exist before frame k can be computed */
static long long frame_need(const pd_analyzer *a, size_t k)
{
    long long c = llround((double)k * PD_HOP_S * a->rate_w);
    long long ws = c - (long long)(a->spec_len / 2) + (long long)a->spec_len;
    long long ss = c - (long long)(a->sub_len / 2) + (long long)a->sub_len;
    if (ss > ws) ws = ss;
    long long cp = llround((double)k * PD_HOP_S * a->rate_p);
    long long ps = 2 * (cp - (long long)(a->yin_len / 2) + (long long)a->yin_len);
    return ws > ps ? ws : ps;
}

pd_status pd_analyzer_create(const pd_analysis_config *cfg, int rate_hz,
                             int channels, pd_analyzer **out)
{
    if (!out || channels < 1 || channels > 64) return PD_ERR_INVALID_ARG;
    if (rate_hz < PD_MIN_RATE_HZ || rate_hz > PD_MAX_RATE_HZ) return PD_ERR_UNSUPPORTED_RATE;
    pd_analyzer *a = calloc(1, sizeof *a);
    if (!a) return PD_ERR_NOMEM;
    if (cfg) a->cfg = *cfg;
    else pd_analysis_config_init(&a->cfg, "en");
    a->rate = rate_hz;
    a->channels = channels;
    a->ebu = ebur128_init((unsigned)channels, (unsigned long)rate_hz,
                          EBUR128_MODE_I | EBUR128_MODE_LRA | EBUR128_MODE_M);
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
    a->yin = pd_yin_create(a->rate_p, a->cfg.f0_min_hz, a->cfg.f0_max_hz);
    a->spec = pd_spectrum_create(a->rate_w);
    a->sub = pd_subbands_create(a->rate_w, SUB_WIN_S);
    if (!a->ebu || !a->yin || !a->spec || !a->sub) {
        pd_analyzer_destroy(a);
        return PD_ERR_NOMEM;
    }
    a->yin_len = pd_yin_frame_len(a->yin);
    a->spec_len = pd_spectrum_frame_len(a->spec);
    a->sub_len = pd_subbands_frame_len(a->sub);
    if (a->yin_len * 2 > RING_LEN || a->spec_len * 2 > RING_LEN || a->sub_len * 2 > RING_LEN) {
        pd_analyzer_destroy(a);
        return PD_ERR_INVALID_ARG;   /* f0_min_hz too low for the ring */
    }
    size_t tmp_len = a->yin_len > a->spec_len ? a->yin_len : a->spec_len;
    if (a->sub_len > tmp_len) tmp_len = a->sub_len;
    a->tmp = malloc(sizeof(float) * tmp_len);
    if (!a->tmp) { pd_analyzer_destroy(a); return PD_ERR_NOMEM; }
    a->frame_ready_at = frame_need(a, 0);
    a->next_loud_at = llround(LOUD_STEP_S * rate_hz);
    *out = a;
    return PD_OK;
}

void pd_analyzer_destroy(pd_analyzer *a)
{
    if (!a) return;
    if (a->ebu) ebur128_destroy(&a->ebu);
    pd_yin_destroy(a->yin);
    pd_spectrum_destroy(a->spec);
    pd_subbands_destroy(a->sub);
    free(a->tmp);
    free(a->cands); free(a->pband); free(a->fmt); free(a->subb);
    free(a->lvl);
    free(a->loud10);
    free(a);
}

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap) return 1;
    size_t nc = *cap ? *cap : 1024;
    while (nc < need) nc *= 2;
    void *np = realloc(*p, nc * elem);
    if (!np) return 0;
    *p = np;
    *cap = nc;
    return 1;
}

static int grow_frames_to(pd_analyzer *a, size_t nc)
{
    pd_pitch_cand *c = realloc(a->cands, nc * PD_PITCH_NCAND * sizeof *c);
    if (!c) return 0;
    a->cands = c;
    float *pb = realloc(a->pband, nc * sizeof *pb);
    if (!pb) return 0;
    a->pband = pb;
    float *fm = realloc(a->fmt, nc * PD_NFORMANT * sizeof *fm);
    if (!fm) return 0;
    a->fmt = fm;
    float *q = realloc(a->subb, nc * PD_NSUB * sizeof *q);
    if (!q) return 0;
    a->subb = q;
    float *l = realloc(a->lvl, nc * sizeof *l);
    if (!l) return 0;
    a->lvl = l;
    a->cap_frames = nc;
    return 1;
}

static int grow_frames(pd_analyzer *a, size_t need)
{
    if (need <= a->cap_frames) return 1;
    size_t nc = a->cap_frames ? a->cap_frames * 2 : 4096;
    while (nc < need) nc *= 2;
    return grow_frames_to(a, nc);
}

pd_status pd_analyzer_reserve(pd_analyzer *a, long long total_frames)
{
    if (!a || total_frames < 0) return PD_ERR_INVALID_ARG;
    size_t n = (size_t)floor((double)total_frames / a->rate / PD_HOP_S + 1e-9) + 1;
    if (n <= a->cap_frames) return PD_OK;
    return grow_frames_to(a, n) ? PD_OK : PD_ERR_NOMEM;
}

/* intensities of every frame whose window lies inside the blocks seen */
static int intensity_frames(pd_analyzer *a, int flush, size_t n_total)
{
    const long span = a->win_level.span;
    for (;;) {
        size_t k = a->next_int_frame;
        long long centre = (long long)k * 10;     /* PD_HOP_S in 1 ms blocks */
        if (flush ? k >= n_total : a->n_blocks <= centre + span) return 1;
        if (!grow_frames(a, k + 1)) return 0;
        a->lvl[k] = pd_intensity_at(&a->win_level, a->blk_ring, BLK_RING - 1, a->n_blocks, centre);
        a->next_int_frame++;
    }
}

/* copy L samples of ring r centred at work sample c (zeros outside the signal) */
static void ring_copy(const float *r, long long count, long long c, size_t L, float *dst)
{
    long long s = c - (long long)(L / 2);
    for (size_t i = 0; i < L; i++) {
        long long idx = s + (long long)i;
        dst[i] = (idx < 0 || idx >= count) ? 0.0f : r[idx & (RING_LEN - 1)];
    }
}

static int compute_frame(pd_analyzer *a)
{
    size_t k = a->next_frame;
    if (!grow_frames(a, k + 1)) return 0;
    long long c = llround((double)k * PD_HOP_S * a->rate_w);
    long long cp = llround((double)k * PD_HOP_S * a->rate_p);
    ring_copy(a->pring, a->p_count, cp, a->yin_len, a->tmp);
    pd_yin_frame(a->yin, a->tmp, a->cands + k * PD_PITCH_NCAND, &a->pband[k]);
    ring_copy(a->ring, a->w_count, c, a->spec_len, a->tmp);
    pd_spectrum_frame(a->spec, a->tmp, a->fmt + k * PD_NFORMANT);
    ring_copy(a->ring, a->w_count, c, a->sub_len, a->tmp);
    pd_subbands_frame(a->sub, a->tmp, a->subb + k * PD_NSUB);
    a->next_frame++;
    a->frame_ready_at = frame_need(a, a->next_frame);
    return 1;
}

static void store_work(pd_analyzer *a, float x, float xp)
{
    a->ring[a->w_count & (RING_LEN - 1)] = x;
    if ((a->w_count & 1) == 0) a->pring[a->p_count++ & (RING_LEN - 1)] = xp;
    a->w_count++;
}

static int push_work(pd_analyzer *a, float x, float xp)
{
    store_work(a, x, xp);
    while (a->w_count >= a->frame_ready_at)
        if (!compute_frame(a)) return 0;
    return 1;
}

static int feed_mono(pd_analyzer *a, const float *in, size_t frames)
{
    const int ch = a->channels;
    for (size_t f = 0; f < frames; f++) {
        double m = 0.0;
        for (int c = 0; c < ch; c++) {
            double v = in[f * ch + c];
            double av = fabs(v);
            if (av > a->peak) a->peak = av;
            if (av >= 0.9999) a->clipped++;
            m += v;
        }
        m /= ch;
        /* intensity */
        double h = pd_biquad_run(&a->hp[1], pd_biquad_run(&a->hp[0], m));
        a->blk_acc += h * h;
        a->blk_count++;
        long long idx = a->frames_in + (long long)f + 1;
        if (idx >= a->blk_end) {
            a->blk_ring[a->n_blocks & (BLK_RING - 1)] = (float)(a->blk_acc / a->blk_count);
            a->n_blocks++;
            a->blk_acc = 0.0;
            a->blk_count = 0;
            a->blk_end = block_end(a->rate, a->n_blocks);
            if (!intensity_frames(a, 0, 0)) return 0;
        }
        /* work rate */
        double l = m;
        for (int i = 0; i < 3; i++) l = pd_biquad_run(&a->lp[i], l);
        if (++a->phase >= a->decim) {
            a->phase = 0;
            double p = pd_biquad_run(&a->plp[1], pd_biquad_run(&a->plp[0], l));
            p = pd_biquad_run(&a->php[1], pd_biquad_run(&a->php[0], p));
            if (!push_work(a, (float)l, (float)p)) return 0;
        }
    }
    return 1;
}

pd_status pd_analyzer_feed(pd_analyzer *a, const float *interleaved, size_t frames)
{
    if (!a || (!interleaved && frames)) return PD_ERR_INVALID_ARG;
    if (a->finished || a->failed) return PD_ERR_STATE;
    const size_t ns = frames * (size_t)a->channels;
    for (size_t i = 0; i < ns; i++)
        if (!isfinite(interleaved[i])) { a->failed = 1; return PD_ERR_BAD_SAMPLES; }
    size_t done = 0;
    while (done < frames) {
        /* split at the next momentary-loudness query */
        long long until = a->next_loud_at - a->frames_in;
        size_t chunk = frames - done;
        if (until > 0 && (size_t)until < chunk) chunk = (size_t)until;
        const float *p = interleaved + done * (size_t)a->channels;
        if (ebur128_add_frames_float(a->ebu, p, chunk) != EBUR128_SUCCESS) {
            a->failed = 1;
            return PD_ERR_LIBRARY;
        }
        if (!feed_mono(a, p, chunk)) { a->failed = 1; return PD_ERR_NOMEM; }
        a->frames_in += (long long)chunk;
        done += chunk;
        if (a->frames_in >= a->next_loud_at) {
            double lm;
            if (ebur128_loudness_momentary(a->ebu, &lm) != EBUR128_SUCCESS) lm = -HUGE_VAL;
            if (!grow((void **)&a->loud10, &a->cap_loud10, a->n_loud10 + 1, sizeof(float))) {
                a->failed = 1;
                return PD_ERR_NOMEM;
            }
            a->loud10[a->n_loud10++] = (float)(isfinite(lm) ? lm : -120.0);
            a->next_loud_at = llround((double)(a->n_loud10 + 1) * LOUD_STEP_S * a->rate);
        }
    }
    return PD_OK;
}

pd_status pd_analyse_buffer(const pd_analysis_config *cfg, const float *interleaved,
                            size_t frames, int rate_hz, int channels, pd_report **out)
{
    pd_analyzer *a = NULL;
    pd_status st = pd_analyzer_create(cfg, rate_hz, channels, &a);
    if (st != PD_OK) return st;
    st = pd_analyzer_feed(a, interleaved, frames);
    if (st == PD_OK) st = pd_analyzer_finish(a, out);
    pd_analyzer_destroy(a);
    return st;
}

void pd_report_destroy(pd_report *r)
{
    if (!r) return;
    free(r->pauses);
    free(r->filled_pauses);
    free(r->segments);
    free(r->nuclei_s);
    free(r->feedback);
    free(r->tracks.level_db);
    free(r->tracks.loud_m_lufs);
    free(r->tracks.f0_hz);
    free(r->tracks.periodicity);
    free(r->tracks.formant_hz);
    free(r->tracks.sub_db);
    free(r->tracks.speech);
    free(r);
}

/* ---- whole-take stages --------------------------------------------------- */

static double st_re100(double hz) { return 12.0 * log2(hz / 100.0); }

static void pitch_stats(pd_report *r)
{
    const pd_tracks *t = &r->tracks;
    r->f0_median_hz = r->f0_mean_hz = r->f0_sd_st = r->f0_range_st = NAN;
    r->f0_voiced_fraction = 0.0;
    size_t nv = 0, ns = 0;
    for (size_t k = 0; k < t->n; k++) {
        if (!t->speech[k]) continue;
        ns++;
        if (t->f0_hz[k] > 0) nv++;
    }
    if (ns) r->f0_voiced_fraction = (double)nv / ns;
    if (nv < 3) return;
    double *hz = malloc(nv * sizeof *hz), *st = malloc(nv * sizeof *st);
    if (!hz || !st) { free(hz); free(st); return; }
    size_t i = 0;
    double sum = 0.0, sst = 0.0;
    for (size_t k = 0; k < t->n; k++) {
        if (!t->speech[k] || t->f0_hz[k] <= 0) continue;
        hz[i] = t->f0_hz[k];
        st[i] = st_re100(hz[i]);
        sum += hz[i];
        sst += st[i];
        i++;
    }
    r->f0_mean_hz = sum / nv;
    double mst = sst / nv, var = 0.0;
    for (i = 0; i < nv; i++) var += (st[i] - mst) * (st[i] - mst);
    r->f0_sd_st = sqrt(var / (nv - 1));
    r->f0_median_hz = pd_quantile_d(hz, nv, 0.5);
    r->f0_range_st = pd_quantile_d(st, nv, 0.95) - pd_quantile_d(st, nv, 0.05);
    free(hz);
    free(st);
}

/* hands *p over, shrunk to n elements (the growth slack is returned) */
static float *take(float **p, size_t n)
{
    float *v = *p;
    *p = NULL;
    if (!v) return NULL;
    float *s = realloc(v, (n ? n : 1) * sizeof *v);
    return s ? s : v;
}

static int in_any(const pd_interval *iv, size_t n, double t)
{
    for (size_t i = 0; i < n; i++)
        if (t >= iv[i].start_s && t <= iv[i].end_s) return 1;
    return 0;
}

pd_status pd_analyzer_finish(pd_analyzer *a, pd_report **out)
{
    if (!a || !out) return PD_ERR_INVALID_ARG;
    if (a->finished || a->failed) return PD_ERR_STATE;
    a->finished = 1;
    if (a->frames_in == 0) return PD_ERR_EMPTY;

    const double duration = (double)a->frames_in / a->rate;
    const size_t n = (size_t)floor(duration / PD_HOP_S + 1e-9) + 1;
    if (a->blk_count > 0) {
        a->blk_ring[a->n_blocks & (BLK_RING - 1)] = (float)(a->blk_acc / a->blk_count);
        a->n_blocks++;
    }
    if (!intensity_frames(a, 1, n)) return PD_ERR_NOMEM;
    /* flush: frames near the end see zeros past the last sample */
    long long real_w = a->w_count;
    while (a->next_frame < n) {
        if (a->w_count < a->frame_ready_at) {
            store_work(a, 0.0f, 0.0f);
            continue;
        }
        if (!compute_frame(a)) return PD_ERR_NOMEM;
    }
    (void)real_w;

    pd_report *r = calloc(1, sizeof *r);
    if (!r) return PD_ERR_NOMEM;
    pd_status st = PD_ERR_NOMEM;
    r->duration_s = duration;
    r->sample_rate_hz = a->rate;
    r->channels = a->channels;
    memcpy(r->lang, a->cfg.lang, sizeof r->lang);
    r->lang[sizeof r->lang - 1] = 0;
    r->syllables_per_word = a->cfg.syllables_per_word;

    pd_tracks *t = &r->tracks;
    t->n = n;
    t->hop_s = PD_HOP_S;
    /* the per-frame arrays move into the report, trimmed to n frames */
    t->level_db = take(&a->lvl, n);
    t->formant_hz = take(&a->fmt, n * PD_NFORMANT);
    t->sub_db = take(&a->subb, n * PD_NSUB);
    t->loud_m_lufs = malloc(n * sizeof(float));
    t->f0_hz = malloc(n * sizeof(float));
    t->periodicity = malloc(n * sizeof(float));
    t->speech = calloc(n, 1);
    if (!t->level_db || !t->loud_m_lufs || !t->f0_hz ||
        !t->periodicity || !t->formant_hz || !t->sub_db || !t->speech)
        goto fail;
    for (size_t k = 0; k < n; k++) {
        /* momentary value j covers the 400 ms ending at (j+1)*100 ms */
        size_t j = (size_t)((double)k * PD_HOP_S / LOUD_STEP_S);
        if (j > 0) j--;
        t->loud_m_lufs[k] = a->n_loud10 ? a->loud10[j < a->n_loud10 ? j : a->n_loud10 - 1] : -120.0f;
    }
    pd_pitch_track(a->cands, a->pband, n, a->cfg.f0_min_hz, a->cfg.f0_max_hz,
                   t->f0_hz, t->periodicity);
    free(a->cands);
    a->cands = NULL;
    free(a->pband);
    a->pband = NULL;

    /* loudness */
    double v;
    r->loudness_lufs = (ebur128_loudness_global(a->ebu, &v) == EBUR128_SUCCESS && isfinite(v)) ? v : NAN;
    r->loudness_range_lu = (ebur128_loudness_range(a->ebu, &v) == EBUR128_SUCCESS && isfinite(v)) ? v : NAN;
    r->peak_dbfs = a->peak > 0.0 ? 20.0 * log10(a->peak) : -HUGE_VAL;
    r->clipped_samples = a->clipped;

    /* speech / silence */
    pd_vad_result vad;
    st = pd_detect_segments(t, &a->cfg, &vad);
    if (st != PD_OK) goto fail;
    r->segments = vad.segments;
    r->n_segments = vad.n_segments;
    r->speech_level_db = vad.speech_level_db;
    r->noise_floor_db = vad.noise_floor_db;
    r->pause_threshold_db = vad.threshold_db;
    /* Speech rises and falls: vowels, closures and pauses span 20-50 dB within
     * a take, while the short-time level of steady noise (hiss, hum, rumble,
     * fans) wanders by a few dB. A take whose loud end stands less than
     * PD_MIN_SPEECH_RANGE_DB over its quiet end holds no speech we can measure. */
    const int audible = isfinite(vad.speech_level_db) && isfinite(vad.noise_floor_db) &&
                        vad.speech_level_db - vad.noise_floor_db >= PD_MIN_SPEECH_RANGE_DB;
    if (!audible) r->n_segments = 0;
    for (size_t s = 0; s < r->n_segments; s++) {
        size_t k0 = (size_t)ceil(r->segments[s].start_s / PD_HOP_S);
        size_t k1 = (size_t)floor(r->segments[s].end_s / PD_HOP_S);
        for (size_t k = k0; k <= k1 && k < n; k++) t->speech[k] = 1;
    }

    if (audible) st = pd_detect_nuclei(t, r->segments, r->n_segments, vad.threshold_db, &r->nuclei_s, &r->n_nuclei);
    if (st != PD_OK) goto fail;
    if (audible) st = pd_detect_fillers(t, vad.threshold_db, &r->filled_pauses, &r->n_filled_pauses);
    if (st != PD_OK) goto fail;
    /* a filled pause is a hesitation, not a syllable of content: its nuclei
     * are left out of the count (the corpus's hand counts leave fillers out) */
    size_t kept = 0;
    for (size_t i = 0; i < r->n_nuclei; i++)
        if (!in_any(r->filled_pauses, r->n_filled_pauses, r->nuclei_s[i]))
            r->nuclei_s[kept++] = r->nuclei_s[i];
    r->n_nuclei = kept;
    r->syllables = (int)kept;

    r->speech_detected = r->n_segments > 0 && r->syllables > 0;
    r->speech_start_s = r->speech_end_s = NAN;
    r->speech_rate_syl_s = r->articulation_rate_syl_s = r->words_per_min_est = NAN;
    r->mean_length_of_run_syl = NAN;
    for (int i = 0; i < 3; i++) r->pace_by_third_syl_s[i] = r->level_by_third_db[i] = NAN;
    if (r->n_segments > 0) {
        r->speech_start_s = r->segments[0].start_s;
        r->speech_end_s = r->segments[r->n_segments - 1].end_s;
        double phon = 0.0;
        for (size_t s = 0; s < r->n_segments; s++) phon += r->segments[s].end_s - r->segments[s].start_s;
        r->phonation_time_s = phon;
        r->pauses = malloc((r->n_segments > 1 ? r->n_segments - 1 : 1) * sizeof *r->pauses);
        if (!r->pauses) { st = PD_ERR_NOMEM; goto fail; }
        for (size_t s = 1; s < r->n_segments; s++) {
            pd_interval p = { r->segments[s - 1].end_s, r->segments[s].start_s };
            r->pauses[r->n_pauses++] = p;
            r->pause_total_s += p.end_s - p.start_s;
            if (p.end_s - p.start_s >= a->cfg.long_pause_s) r->long_pauses_count++;
        }
        double span = r->speech_end_s - r->speech_start_s;
        if (span > 0.0) r->speech_rate_syl_s = r->syllables / span;
        if (phon > 0.0) r->articulation_rate_syl_s = r->syllables / phon;
        if (r->syllables_per_word > 0.0 && isfinite(r->speech_rate_syl_s))
            r->words_per_min_est = r->speech_rate_syl_s * 60.0 / r->syllables_per_word;
        r->mean_length_of_run_syl = (double)r->syllables / (double)r->n_segments;
        double third = span / 3.0;
        for (int i = 0; i < 3 && third > 0.0; i++) {
            double s0 = r->speech_start_s + i * third, s1 = s0 + third;
            int c = 0;
            for (size_t j = 0; j < r->n_nuclei; j++)
                if (r->nuclei_s[j] >= s0 && (r->nuclei_s[j] < s1 || (i == 2 && r->nuclei_s[j] <= s1))) c++;
            r->pace_by_third_syl_s[i] = c / third;
            double sum = 0.0; size_t cnt = 0;
            for (size_t k = (size_t)ceil(s0 / PD_HOP_S); k < n && (double)k * PD_HOP_S < s1; k++)
                if (t->speech[k]) { sum += t->level_db[k]; cnt++; }
            if (cnt) r->level_by_third_db[i] = sum / cnt;
        }
    }
    pitch_stats(r);
    *out = r;
    return PD_OK;
fail:
    pd_report_destroy(r);
    return st;
}
