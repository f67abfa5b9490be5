/* live.c - live meters (see live.h for what and why).
 *
 * The per-frame features come from the analyzer's own streaming front end
 * (frontend.c: the 80 Hz high-passed intensity with Praat's 64 ms window,
 * YIN candidates on the 70 Hz-1 kHz band, sub-band energies), so the meters
 * and the report measure the same things. Per 10 ms frame, as soon as the
 * front end has it: the YIN periodicity, the threshold from level histograms of the last
 * level_window_s, and the speaking / pause state. Every 0.5 s: the pace
 * (below) and the spread of the pitch over the last pitch_window_s: a
 * robust standard deviation in semitones,
 * 1.4826 x the median absolute deviation from the median (Rousseeuw & Croux
 * 1993: the MAD estimates the SD of a normal distribution and ignores the
 * octave jumps of a raw, untracked pitch), over the clearly periodic frames
 * of speech, with at least PITCH_MIN_VOICED_S of them. Every update_s:
 * libebur128's momentary and short-term loudness and a published meter.
 *
 * Speaking time (speaking_s, and the pace's denominator) follows the
 * report's segmentation rule (pauses.c) frame by frame: a run of frames over
 * the lower (extent) threshold that reaches the pause threshold is
 * speaking once it lasts min_sounding_s, and a silence shorter than
 * min_pause_s between two such runs is bridged (counted as speaking), as the
 * report's phonation time counts it. The thresholds are the report's kind
 * over the last level_window_s (causal) instead of the whole take; the
 * report's local reference for level drops and its trimming of edge
 * stretches without a syllable are left out. On the corpus the whole take's
 * live speaking time is within -3 % .. +9 % of the report's phonation time
 * (test_live_corpus; with the one raised threshold it was 8-19 % short on
 * the noisy clips). The speaking / pause state shown keeps the single
 * threshold and its 0.1 s hold: it must follow a pause within 0.2 s, while
 * a bridged silence is only known to be one 0.25 s later.
 *
 * The pace: syllable nuclei (syllables.c, the report's detector) per second
 * of speaking, over a window of speaking time, not wall time (pauses are
 * left out as the report's articulation rate leaves them out), sized by
 * counting statistics. A count of n syllables has a relative standard
 * deviation of about 1/sqrt(n) (Poisson counting); so a rate within +/-20 %
 * with 90 % confidence needs 1.645 / sqrt(n) <= 0.2, n >= (1.645 / 0.2)^2
 * = 68 syllables: about 15 s of speaking at 4.5 syllables per second, the
 * middle of the comfortable articulation band. The window is the newest
 * pace_window_s (15 s) of speaking, reaching further back until it holds
 * pace_min_syllables (68), so a slow speaker's window holds as many; and the
 * pace is NaN (not shown, not cued) until it holds them. The model fits what
 * the corpus shows: the report's own rate over 5 s windows (3.5 s of
 * speaking, ~16 syllables: 1/sqrt(16) = 25 %, so P(|z| < 0.8) = 58 % within
 * 20 %) was within 20 % of its whole-take rate in 50-63 % of the windows of
 * spontaneous speech; the live pace over 68 syllables is within 20 % of the
 * whole take's rate in 98 % of the updates (README, podium-livepace-bench,
 * with a sweep of the threshold). */
#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <ebur128.h>
#include "podium/analysis.h"
#include "podium/live.h"
#include "frontend.h"

#define HOP_S PD_HOP_S
#define VOICED_PER 0.8         /* as pauses.c: a clearly periodic frame */
#define SPEECH_QUANTILE 0.995  /* as pauses.c, when nothing is voiced */
#define NOISE_QUANTILE 0.05
#define NOISE_MARGIN_DB 3.0
#define MAX_RAISE_DB 10.0
#define HIST_MIN_DB (-140.0)
#define HIST_STEP_DB 0.1
#define HIST_BINS 1600         /* -140 .. +20 dB */
#define EXTEND_MARGIN_DB 1.75  /* as pauses.c: the lower (extent) threshold over the noise floor */
#define PACE_EVERY 50          /* frames between pace estimates (0.5 s) */
#define PACE_SPAN_FACTOR 4     /* the pace window spans at most this many times pace_window_s */
#define PITCH_MIN_VOICED_S 1.0 /* voiced speech needed for the pitch spread */
#define MAD_TO_SD 1.4826
#define SHORTTERM_EVERY_S 0.1
#define SCRATCH_FRAMES 512
#define NEW_BIT 4u

struct pd_live {
    pd_live_config cfg;
    int rate, ch;
    ebur128_state *ebu;
    long long frames_in;
    long long next_update, next_shortterm;
    unsigned long n_updates;
    float *scratch;                    /* SCRATCH_FRAMES * ch */

    double peak_upd, peak_all;
    long clipped;
    int clip_upd;
    double mom_lufs, st_lufs;

    pd_frontend *fe;                   /* the analyzer's front end */

    /* per-frame history */
    size_t hist_len, hmask;            /* power of two */
    float *lev, *per, *sub;            /* sub: PD_NSUB per frame */
    float *f0;                         /* best YIN candidate's f0, Hz (0: none) */
    unsigned char *snd, *vflag;
    long long n_ready;
    long long win_frames;
    int hall[HIST_BINS], hvoiced[HIST_BINS];
    long long n_all, n_voiced;

    /* state */
    double thr;
    double thr_lo;                     /* the lower (extent) threshold, pauses.c */
    int range_ok;
    pd_live_state state;
    long long silent_run;
    double silence_start_s;
    int pause_counted;
    int pauses;

    /* the report's segmentation (pauses.c), frame by frame: spk[h] = 1 for
     * a frame of a kept sounding stretch or of a silence bridged between two */
    unsigned char *spk;
    long long speaking_frames;         /* frames with spk set so far */
    long long run_start;               /* first frame of the run over thr_lo; -1: none */
    int run_reached, run_kept;         /* the run reached thr; it is long enough to keep */
    long long last_kept;               /* last frame of the newest kept stretch; -1: none */

    /* pace */
    size_t pace_len;                   /* pitch spread window, frames */
    size_t span_len;                   /* longest pace window, frames (wall time) */
    long long pace_speak_frames;       /* pace_window_s of speaking, frames */
    pd_tracks t;                       /* scratch tracks of span_len frames */
    double pace;
    double pace_window_speaking_s;     /* speaking time the published pace is over */
    int pace_syllables;                /* nuclei the published pace counts */
    double pitch_sd;                   /* semitones, NaN: not enough voiced speech */
    float *st_scratch;                 /* pace_len semitone values + pace_len scratch */

    pd_live_meter cur;
    pd_live_meter slots[3];
    atomic_uint middle;                /* slot index | NEW_BIT */
    unsigned back, front;
};

void pd_live_config_init(pd_live_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->update_s = 0.02;
    cfg->silence_below_db = 25.0;
    cfg->pause_hold_s = 0.1;
    cfg->min_pause_s = 0.25;
    cfg->min_sounding_s = 0.10;
    cfg->level_window_s = 20.0;
    cfg->pace_window_s = PD_LIVE_PACE_WINDOW_S;
    cfg->pace_min_syllables = PD_LIVE_PACE_MIN_SYLLABLES;
    cfg->pitch_window_s = 5.0;
    cfg->f0_min_hz = 50.0;
    cfg->f0_max_hz = 500.0;
}

static void free_tracks(pd_tracks *t)
{
    free(t->level_db); free(t->loud_m_lufs); free(t->f0_hz); free(t->periodicity);
    free(t->formant_hz); free(t->sub_db); free(t->speech);
}

void pd_live_destroy(pd_live *m)
{
    if (!m) return;
    if (m->ebu) ebur128_destroy(&m->ebu);
    pd_frontend_destroy(m->fe);
    free(m->scratch);
    free(m->lev); free(m->per); free(m->sub); free(m->snd); free(m->vflag);
    free(m->f0); free(m->spk); free(m->st_scratch);
    free_tracks(&m->t);
    free(m);
}

pd_status pd_live_create(const pd_live_config *cfg, int rate_hz, int channels, pd_live **out)
{
    if (!out || channels < 1 || channels > 64) return PD_ERR_INVALID_ARG;
    if (rate_hz < PD_MIN_RATE_HZ || rate_hz > PD_MAX_RATE_HZ) return PD_ERR_UNSUPPORTED_RATE;
    pd_live_config c;
    if (cfg) c = *cfg;
    else pd_live_config_init(&c);
    if (!(c.update_s >= 0.005 && c.update_s <= 1.0) || !(c.pause_hold_s >= 0.0) || !(c.min_pause_s >= 0.0) || !(c.min_sounding_s >= 0.0) ||
        !(c.level_window_s >= 1.0 && c.level_window_s <= 600.0) ||
        !(c.pace_window_s >= 1.0 && c.pace_window_s <= 60.0) || c.pace_min_syllables < 1 ||
        c.pace_min_syllables > 1000 || !(c.pitch_window_s >= 1.0 && c.pitch_window_s <= 60.0) ||
        !(c.f0_min_hz > 0.0) ||
        !(c.f0_max_hz > c.f0_min_hz))
        return PD_ERR_INVALID_ARG;
    pd_live *m = calloc(1, sizeof *m);
    if (!m) return PD_ERR_NOMEM;
    m->cfg = c;
    m->rate = rate_hz;
    m->ch = channels;
    pd_status st = PD_ERR_NOMEM;
    m->ebu = ebur128_init((unsigned)channels, (unsigned long)rate_hz, EBUR128_MODE_M | EBUR128_MODE_S);
    if (!m->ebu) { st = PD_ERR_LIBRARY; goto fail; }
    m->scratch = malloc(sizeof(float) * SCRATCH_FRAMES * (size_t)channels);
    if (!m->scratch) goto fail;

    m->fe = pd_frontend_create(rate_hz, channels, c.f0_min_hz, c.f0_max_hz);
    if (!m->fe) goto fail;

    m->win_frames = llround(c.level_window_s / HOP_S);
    m->pace_len = (size_t)llround(c.pitch_window_s / HOP_S);
    m->pace_speak_frames = llround(c.pace_window_s / HOP_S);
    m->span_len = (size_t)(PACE_SPAN_FACTOR * m->pace_speak_frames);
    size_t need = (size_t)m->win_frames;
    if (need < m->pace_len) need = m->pace_len;
    if (need < m->span_len) need = m->span_len;
    need += 64;
    m->hist_len = 1;
    while (m->hist_len < need) m->hist_len <<= 1;
    m->hmask = m->hist_len - 1;
    m->lev = calloc(m->hist_len, sizeof *m->lev);
    m->per = calloc(m->hist_len, sizeof *m->per);
    m->sub = calloc(m->hist_len * PD_NSUB, sizeof *m->sub);
    m->snd = calloc(m->hist_len, 1);
    m->vflag = calloc(m->hist_len, 1);
    m->f0 = calloc(m->hist_len, sizeof *m->f0);
    m->spk = calloc(m->hist_len, 1);
    m->st_scratch = calloc(2 * m->pace_len, sizeof *m->st_scratch);
    if (!m->lev || !m->per || !m->sub || !m->snd || !m->vflag || !m->f0 || !m->spk || !m->st_scratch) goto fail;

    size_t n = m->span_len;
    m->t.hop_s = HOP_S;
    m->t.level_db = calloc(n, sizeof(float));
    m->t.loud_m_lufs = calloc(n, sizeof(float));
    m->t.f0_hz = calloc(n, sizeof(float));
    m->t.periodicity = calloc(n, sizeof(float));
    m->t.formant_hz = calloc(n * PD_NFORMANT, sizeof(float));
    m->t.sub_db = calloc(n * PD_NSUB, sizeof(float));
    m->t.speech = calloc(n, 1);
    if (!m->t.level_db || !m->t.loud_m_lufs || !m->t.f0_hz || !m->t.periodicity ||
        !m->t.formant_hz || !m->t.sub_db || !m->t.speech)
        goto fail;

    m->next_update = llround(c.update_s * rate_hz);
    m->next_shortterm = 0;
    m->peak_upd = m->peak_all = 0.0;
    m->mom_lufs = m->st_lufs = -HUGE_VAL;
    m->thr = m->thr_lo = NAN;
    m->run_start = m->last_kept = -1;
    m->pace = NAN;
    m->pace_window_speaking_s = 0.0;
    m->pitch_sd = NAN;
    m->state = PD_LIVE_WAITING;
    m->cur.pace_syl_s = NAN;
    m->cur.pitch_sd_st = NAN;
    m->cur.threshold_db = NAN;
    m->cur.level_db = NAN;
    m->back = 0;
    m->front = 2;
    atomic_init(&m->middle, 1u);
    *out = m;
    return PD_OK;
fail:
    pd_live_destroy(m);
    return st;
}

static int hist_bin(float db)
{
    int b = (int)floor((db - HIST_MIN_DB) / HIST_STEP_DB);
    return b < 0 ? 0 : b >= HIST_BINS ? HIST_BINS - 1 : b;
}

static double bin_db(int b) { return HIST_MIN_DB + (b + 0.5) * HIST_STEP_DB; }

static double hist_quantile(const int *h, long long n, double q)
{
    long long rank = (long long)floor(q * (double)(n - 1)), acc = 0;
    for (int b = 0; b < HIST_BINS; b++) {
        acc += h[b];
        if (acc > rank) return bin_db(b);
    }
    return bin_db(HIST_BINS - 1);
}

/* the threshold of pauses.c over the window's histograms */
static void update_threshold(pd_live *m)
{
    double speech = NAN;
    if (m->n_voiced > 0)
        for (int b = HIST_BINS - 1; b >= 0; b--)
            if (m->hvoiced[b]) { speech = bin_db(b); break; }
    if (isnan(speech)) speech = hist_quantile(m->hall, m->n_all, SPEECH_QUANTILE);
    double noise = hist_quantile(m->hall, m->n_all, NOISE_QUANTILE);
    double thr = speech - m->cfg.silence_below_db;
    double raised = fmin(noise + NOISE_MARGIN_DB, speech - MAX_RAISE_DB);
    if (raised > thr) thr = raised;
    m->thr = thr;
    /* a stretch's extent: Praat's threshold, or just over the noise floor */
    m->thr_lo = fmax(speech - m->cfg.silence_below_db, fmin(noise + EXTEND_MARGIN_DB, thr));
    /* speech needs a voiced frame (noise and clicks are aperiodic) and the
     * report's minimum range between the loud and quiet ends */
    m->range_ok = m->n_voiced > 0 && speech > -100.0 && speech - noise >= PD_MIN_SPEECH_RANGE_DB;
}

/* the pitch spread over the last pace_len frames (see the header) */
static void estimate_pitch_sd(pd_live *m)
{
    long long k = m->n_ready - 1;
    size_t n = m->pace_len;
    if ((long long)n > k + 1) n = (size_t)(k + 1);
    long long first = k + 1 - (long long)n;
    size_t nv = 0;
    for (size_t i = 0; i < n; i++) {
        size_t h = (size_t)(first + (long long)i) & m->hmask;
        if (m->snd[h] && m->per[h] >= VOICED_PER && m->f0[h] > 0.0f)
            m->st_scratch[nv++] = (float)(12.0 * log2(m->f0[h] / 100.0));
    }
    if ((double)nv * HOP_S < PITCH_MIN_VOICED_S) {
        m->pitch_sd = NAN;
        return;
    }
    float *tmp = m->st_scratch + m->pace_len;
    double med = pd_quantile(m->st_scratch, nv, 0.5, tmp);
    for (size_t i = 0; i < nv; i++) m->st_scratch[i] = fabsf(m->st_scratch[i] - (float)med);
    m->pitch_sd = MAD_TO_SD * pd_quantile(m->st_scratch, nv, 0.5, tmp);
}

/* The pace (see the header): nuclei per second of speaking over the newest
 * frames that hold pace_window_s of speaking, reaching further back (up to
 * span_len frames) until they hold pace_min_syllables nuclei; NaN until
 * they do. The nuclei are searched over the whole span_len (the detector's
 * noise floors are percentiles of its input: the longer, the nearer the
 * report's), then counted in the window. */
static void estimate_pace(pd_live *m)
{
    long long k = m->n_ready - 1;
    size_t n = m->span_len;
    if ((long long)n > k + 1) n = (size_t)(k + 1);
    long long first = k + 1 - (long long)n;
    long long sounding = 0;
    for (size_t i = 0; i < n; i++) {
        size_t h = (size_t)(first + (long long)i) & m->hmask;
        m->t.level_db[i] = m->lev[h];
        memcpy(m->t.sub_db + i * PD_NSUB, m->sub + h * PD_NSUB, PD_NSUB * sizeof(float));
        m->t.periodicity[i] = m->per[h];
        m->t.speech[i] = m->spk[h];
        m->t.f0_hz[i] = 0.0f;
        sounding += m->spk[h];
    }
    m->t.n = n;
    m->pace = NAN;
    if ((double)sounding * HOP_S < 1.0 || isnan(m->thr)) return;
    double *times = NULL;
    size_t n_nuclei = 0;
    if (pd_detect_nuclei(&m->t, m->thr, &times, &n_nuclei) != PD_OK) return;
    /* walk back from the newest frame: speaking frames and nuclei */
    long long spoken = 0;
    size_t counted = 0, next = n_nuclei;   /* times[next - 1]: the newest nucleus not yet counted */
    for (long long i = (long long)n - 1; i >= 0; i--) {
        spoken += m->t.speech[i];
        double t_lo = ((double)i - 0.5) * HOP_S;
        while (next > 0 && times[next - 1] >= t_lo) {
            next--;
            counted++;
        }
        if (spoken >= m->pace_speak_frames && (int)counted >= m->cfg.pace_min_syllables) break;
    }
    free(times);
    if ((int)counted < m->cfg.pace_min_syllables || spoken == 0) return;
    m->pace_window_speaking_s = (double)spoken * HOP_S;
    m->pace_syllables = (int)counted;
    m->pace = (double)counted / m->pace_window_speaking_s;
}

/* The report's segmentation (pauses.c: a run over the lower threshold that
 * reaches the upper one, kept from min_sounding_s on, silences under
 * min_pause_s between kept runs bridged), as frame k arrives. A run is
 * marked as soon as it is long enough to keep; a bridged silence when the
 * run after it is. */
static void mark_speaking(pd_live *m, long long from, long long to)
{
    if (from < m->n_ready - (long long)m->hist_len + 64) from = m->n_ready - (long long)m->hist_len + 64;
    if (from < 0) from = 0;
    for (long long j = from; j <= to; j++) {
        size_t h = (size_t)j & m->hmask;
        if (!m->spk[h]) {
            m->spk[h] = 1;
            m->speaking_frames++;
        }
    }
}

static void segment_frame(pd_live *m, long long k, float lev)
{
    m->spk[(size_t)k & m->hmask] = 0;
    int over_lo = m->range_ok && lev >= m->thr_lo, over_hi = m->range_ok && lev >= m->thr;
    if (!over_lo) {
        m->run_start = -1;
        return;
    }
    if (m->run_start < 0) {
        m->run_start = k;
        m->run_reached = m->run_kept = 0;
    }
    if (over_hi) m->run_reached = 1;
    if (!m->run_reached || (double)(k - m->run_start + 1) * HOP_S < m->cfg.min_sounding_s - 1e-9) return;
    if (!m->run_kept) {
        m->run_kept = 1;
        long long from = m->run_start;
        if (m->last_kept >= 0 && (double)(m->run_start - m->last_kept - 1) * HOP_S < m->cfg.min_pause_s)
            from = m->last_kept + 1;
        mark_speaking(m, from, k);
    } else {
        mark_speaking(m, k, k);
    }
    m->last_kept = k;
}

/* frame k has its level and periodicity */
static void frame_ready(pd_live *m, long long k)
{
    size_t h = (size_t)k & m->hmask;
    float lev = m->lev[h];
    m->hall[hist_bin(lev)]++;
    m->n_all++;
    m->vflag[h] = 0;
    if (k >= 2) {
        size_t h1 = (size_t)(k - 1) & m->hmask, h2 = (size_t)(k - 2) & m->hmask;
        if (m->per[h2] >= VOICED_PER && m->per[h1] >= VOICED_PER && m->per[h] >= VOICED_PER) {
            m->vflag[h1] = 1;
            m->hvoiced[hist_bin(m->lev[h1])]++;
            m->n_voiced++;
        }
    }
    long long old = k - m->win_frames;
    if (old >= 0) {
        m->hall[hist_bin(m->lev[(size_t)old & m->hmask])]--;
        m->n_all--;
        if (old - 1 >= 0 && m->vflag[(size_t)(old - 1) & m->hmask]) {
            m->hvoiced[hist_bin(m->lev[(size_t)(old - 1) & m->hmask])]--;
            m->n_voiced--;
        }
    }
    update_threshold(m);

    int sounding = m->range_ok && lev >= m->thr;
    m->snd[h] = (unsigned char)sounding;
    segment_frame(m, k, lev);
    double t = (double)k * HOP_S;
    if (sounding) {
        m->state = PD_LIVE_SPEAKING;
        m->silent_run = 0;
    } else {
        if (m->silent_run++ == 0) {
            /* where the level crossed the threshold, as pauses.c */
            double a = k > 0 ? m->lev[(size_t)(k - 1) & m->hmask] : lev, b = lev;
            double f = (a == b) ? 0.5 : (m->thr - a) / (b - a);
            m->silence_start_s = k > 0 ? t - HOP_S + HOP_S * fmin(fmax(f, 0.0), 1.0) : t;
            m->pause_counted = 0;
        }
        double len = t - m->silence_start_s;
        if (m->state == PD_LIVE_SPEAKING && len >= m->cfg.pause_hold_s) m->state = PD_LIVE_PAUSE;
        if (m->state == PD_LIVE_PAUSE && !m->pause_counted && len >= m->cfg.min_pause_s) {
            m->pauses++;
            m->pause_counted = 1;
        }
    }
    m->cur.level_db = lev;
    m->cur.threshold_db = m->thr;
    m->cur.state_time_s = t;
    m->cur.state = m->state;
    m->cur.pause_s = m->state == PD_LIVE_PAUSE ? fmax(t - m->silence_start_s, 0.0) : 0.0;
    m->cur.speaking_s = (double)m->speaking_frames * HOP_S;
    m->cur.pauses = m->pauses;
    if ((k + 1) % PACE_EVERY == 0) {
        estimate_pace(m);
        estimate_pitch_sd(m);
    }
    m->cur.pace_syl_s = m->pace;
    m->cur.pace_window_speaking_s = isfinite(m->pace) ? m->pace_window_speaking_s : NAN;
    m->cur.pace_syllables = isfinite(m->pace) ? m->pace_syllables : 0;
    m->cur.pitch_sd_st = m->pitch_sd;
}

/* frames the front end has completed since the last call */
static void advance_frames(pd_live *m)
{
    const pd_frontend *fe = m->fe;
    const size_t ready = pd_frontend_ready(fe);
    while ((size_t)m->n_ready < ready) {
        const size_t k = (size_t)m->n_ready, h = k & m->hmask;
        const pd_pitch_cand *c = fe->cands + k * PD_PITCH_NCAND;
        float best = 1.0f, f0 = 0.0f;
        for (int i = 0; i < PD_PITCH_NCAND; i++)
            if (c[i].f0_hz > 0.0f && c[i].dprime < best) {
                best = c[i].dprime;
                f0 = c[i].f0_hz;
            }
        m->f0[h] = f0;
        m->lev[h] = fe->level_db[k];
        m->per[h] = best < 1.0f ? 1.0f - best : 0.0f;
        memcpy(m->sub + h * PD_NSUB, fe->sub_db + k * PD_NSUB, PD_NSUB * sizeof(float));
        frame_ready(m, m->n_ready);
        m->n_ready++;
    }
}

/* peak and clipping since the previous update */
static void scan_peaks(pd_live *m, const float *x, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        double av = fabs(x[i]);
        if (av > m->peak_upd) m->peak_upd = av;
        if (av >= 0.9999) { m->clipped++; m->clip_upd = 1; }
    }
}

static double to_db(double a) { return a > 0.0 ? 20.0 * log10(a) : -HUGE_VAL; }

static void publish(pd_live *m)
{
    double v;
    if (ebur128_loudness_momentary(m->ebu, &v) == EBUR128_SUCCESS) m->mom_lufs = v;
    if (m->frames_in >= m->next_shortterm) {
        if (ebur128_loudness_shortterm(m->ebu, &v) == EBUR128_SUCCESS) m->st_lufs = v;
        m->next_shortterm = m->frames_in + llround(SHORTTERM_EVERY_S * m->rate);
    }
    if (m->peak_upd > m->peak_all) m->peak_all = m->peak_upd;
    m->cur.time_s = (double)m->frames_in / m->rate;
    m->cur.update = ++m->n_updates;
    m->cur.momentary_lufs = m->mom_lufs;
    m->cur.shortterm_lufs = m->st_lufs;
    m->cur.peak_dbfs = to_db(m->peak_upd);
    m->cur.peak_hold_dbfs = to_db(m->peak_all);
    m->cur.clipped_samples = m->clipped;
    m->cur.clipping = m->clip_upd;
    m->peak_upd = 0.0;
    m->clip_upd = 0;
    /* triple buffer: fill the back slot, swap it with the middle one */
    m->slots[m->back] = m->cur;
    m->back = atomic_exchange_explicit(&m->middle, m->back | NEW_BIT, memory_order_acq_rel) & 3u;
    if (m->cfg.on_update) m->cfg.on_update(&m->cur, m->cfg.user);
}

pd_status pd_live_feed(pd_live *m, const float *interleaved, size_t frames)
{
    if (!m || (!interleaved && frames)) return PD_ERR_INVALID_ARG;
    const size_t ch = (size_t)m->ch;
    size_t done = 0;
    while (done < frames) {
        size_t n = frames - done;
        if (n > SCRATCH_FRAMES) n = SCRATCH_FRAMES;
        long long to_update = m->next_update - m->frames_in;
        if ((long long)n > to_update) n = (size_t)to_update;
        const float *src = interleaved + done * ch;
        for (size_t i = 0; i < n * ch; i++) m->scratch[i] = isfinite(src[i]) ? src[i] : 0.0f;
        scan_peaks(m, m->scratch, n * ch);
        if (!pd_frontend_feed(m->fe, m->scratch, n)) return PD_ERR_NOMEM;
        advance_frames(m);
        if (ebur128_add_frames_float(m->ebu, m->scratch, n) != EBUR128_SUCCESS) return PD_ERR_LIBRARY;
        m->frames_in += (long long)n;
        done += n;
        if (m->frames_in >= m->next_update) {
            publish(m);
            m->next_update = llround((double)(m->n_updates + 1) * m->cfg.update_s * m->rate);
        }
    }
    return PD_OK;
}

const pd_live_meter *pd_live_current(const pd_live *m) { return &m->cur; }

int pd_live_read(pd_live *m, pd_live_meter *out)
{
    int fresh = 0;
    if (atomic_load_explicit(&m->middle, memory_order_acquire) & NEW_BIT) {
        m->front = atomic_exchange_explicit(&m->middle, m->front, memory_order_acq_rel) & 3u;
        fresh = 1;
    }
    *out = m->slots[m->front];
    return fresh;
}
