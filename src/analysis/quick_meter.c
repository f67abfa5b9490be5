/* quick_meter.c - live loudness, speaking/pausing and pace (see quick_meter.h).
 *
 * Momentary loudness: ITU-R BS.1770-4 / EBU R128 400 ms window (libebur128).
 * Pauses: the analysis's rule (a stretch silence_below_db under the speech
 * level lasting min_pause_s), with the speech level followed live as a peak
 * of the smoothed 10 ms levels that decays slowly. Pace: the analysis core
 * on the last window_s seconds (De Jong & Wempe 2009 style syllable nuclei,
 * as in the report). */
#include <ebur128.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "podium/analysis.h"
#include "podium/quick_meter.h"

struct pd_quick_meter {
    pd_quick_meter_config cfg;
    int rate, channels;
    ebur128_state *ebu;
    /* 10 ms blocks of the mono mix */
    size_t block_len, block_fill;
    double block_sum;
    double smooth_ms;        /* exponentially smoothed mean square */
    double ref_db;           /* decaying peak of the speech level */
    long long frames;
    double last_sound_s;
    double speech_s;
    int heard;
    /* mono ring of the last window_s seconds, for the pace */
    float *ring, *scratch;
    size_t ring_len, ring_pos, ring_fill;
    long long next_pace_frame;
    double pace, wpm;
    pd_analysis_config acfg;
};

void pd_quick_meter_config_init(pd_quick_meter_config *cfg, const char *lang)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->window_s = 8.0;
    cfg->pace_every_s = 1.0;
    cfg->silence_below_db = 25.0;
    cfg->min_pause_s = 0.25;
    cfg->level_decay_db_s = 1.0;
    strncpy(cfg->lang, lang && strcmp(lang, "it") == 0 ? "it" : "en", sizeof cfg->lang - 1);
}

pd_status pd_quick_meter_create(const pd_quick_meter_config *cfg, int rate_hz, int channels,
                               pd_quick_meter **out)
{
    if (!cfg || !out || channels < 1 || cfg->window_s < 2.0 || cfg->pace_every_s <= 0)
        return PD_ERR_INVALID_ARG;
    if (rate_hz < PD_MIN_RATE_HZ || rate_hz > PD_MAX_RATE_HZ) return PD_ERR_UNSUPPORTED_RATE;
    pd_quick_meter *m = calloc(1, sizeof *m);
    if (!m) return PD_ERR_NOMEM;
    m->cfg = *cfg;
    m->rate = rate_hz;
    m->channels = channels;
    m->block_len = (size_t)(rate_hz / 100);
    m->ref_db = -120.0;
    m->last_sound_s = 0.0;
    m->pace = m->wpm = NAN;
    m->ring_len = (size_t)(cfg->window_s * rate_hz);
    m->ring = calloc(m->ring_len, sizeof *m->ring);
    m->scratch = calloc(m->ring_len, sizeof *m->scratch);
    m->ebu = ebur128_init((unsigned)channels, (unsigned long)rate_hz, EBUR128_MODE_M);
    if (!m->ring || !m->scratch || !m->ebu) {
        pd_quick_meter_destroy(m);
        return PD_ERR_NOMEM;
    }
    pd_analysis_config_init(&m->acfg, cfg->lang);
    m->acfg.min_pause_s = cfg->min_pause_s;
    m->acfg.silence_below_db = cfg->silence_below_db;
    m->next_pace_frame = (long long)(cfg->pace_every_s * rate_hz);
    *out = m;
    return PD_OK;
}

static void end_block(pd_quick_meter *m)
{
    double ms = m->block_sum / (double)m->block_len;
    m->block_sum = 0;
    m->block_fill = 0;
    /* ~30 ms smoothing: syllable-scale dips stay, sample noise goes */
    m->smooth_ms += (ms - m->smooth_ms) * (1.0 - exp(-0.01 / 0.03));
    double db = 10.0 * log10(m->smooth_ms + 1e-12);
    m->ref_db -= m->cfg.level_decay_db_s * 0.01;
    if (db > m->ref_db) m->ref_db = db;
    double now = (double)m->frames / m->rate;
    /* -70 dBFS: the absolute floor under which nothing counts as speech */
    if (db > m->ref_db - m->cfg.silence_below_db && db > -70.0) {
        m->last_sound_s = now;
        m->speech_s += 0.01;
        m->heard = 1;
    }
}

static void run_pace(pd_quick_meter *m)
{
    size_t n = m->ring_fill;
    size_t start = (m->ring_pos + m->ring_len - n) % m->ring_len;
    size_t first = n < m->ring_len - start ? n : m->ring_len - start;
    memcpy(m->scratch, m->ring + start, first * sizeof *m->scratch);
    memcpy(m->scratch + first, m->ring, (n - first) * sizeof *m->scratch);
    pd_report *r = NULL;
    if (pd_analyse_buffer(&m->acfg, m->scratch, n, m->rate, 1, &r) != PD_OK) return;
    /* a rate needs a couple of seconds of speech in the window */
    if (r->speech_detected && r->speech_end_s - r->speech_start_s >= 2.0) {
        m->pace = r->speech_rate_syl_s;
        m->wpm = r->words_per_min_est;
    }
    pd_report_destroy(r);
}

pd_status pd_quick_meter_feed(pd_quick_meter *m, const float *x, size_t frames)
{
    if (!m || (!x && frames)) return PD_ERR_INVALID_ARG;
    for (size_t i = 0; i < frames; i++) {
        const float *f = x + i * (size_t)m->channels;
        double s = 0;
        for (int c = 0; c < m->channels; c++) s += f[c];
        float mono = (float)(s / m->channels);
        if (!isfinite(mono)) return PD_ERR_BAD_SAMPLES;
        m->block_sum += (double)mono * mono;
        m->ring[m->ring_pos] = mono;
        m->ring_pos = (m->ring_pos + 1) % m->ring_len;
        if (m->ring_fill < m->ring_len) m->ring_fill++;
        m->frames++;
        if (++m->block_fill == m->block_len) end_block(m);
        if (m->frames >= m->next_pace_frame) {
            m->next_pace_frame += (long long)(m->cfg.pace_every_s * m->rate);
            run_pace(m);
        }
    }
    if (ebur128_add_frames_float(m->ebu, x, frames) != EBUR128_SUCCESS) return PD_ERR_LIBRARY;
    return PD_OK;
}

void pd_quick_meter_get(const pd_quick_meter *m, pd_quick_levels *o)
{
    memset(o, 0, sizeof *o);
    o->t_s = (double)m->frames / m->rate;
    double lufs = NAN;
    if (o->t_s >= 0.4 && ebur128_loudness_momentary(m->ebu, &lufs) == EBUR128_SUCCESS &&
        !(lufs > -70.0))
        lufs = NAN;
    o->loudness_m_lufs = lufs;
    o->level_db = 10.0 * log10(m->smooth_ms + 1e-12);
    double gap = o->t_s - m->last_sound_s;
    o->speaking = m->heard && gap < m->cfg.min_pause_s;
    o->pause_s = m->heard && !o->speaking ? gap : 0.0;
    o->pace_syl_s = m->pace;
    o->wpm_est = m->wpm;
    o->speech_s = m->speech_s;
    o->heard_speech = m->heard;
}

void pd_quick_meter_destroy(pd_quick_meter *m)
{
    if (!m) return;
    if (m->ebu) ebur128_destroy(&m->ebu);
    free(m->ring);
    free(m->scratch);
    free(m);
}
