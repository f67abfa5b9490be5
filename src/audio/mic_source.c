/* mic_source.c - the microphone as a drill's pd_live_source: the recording
 * library's recorder (audio_io.h: PortAudio callback -> ring buffer ->
 * writer thread that writes the take and feeds the live meters) behind the
 * app's small interface. Built only when audio_io.h is present (issue 3). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "podium/audio_io.h"
#include "podium/live_source.h"

_Static_assert(PD_SOURCE_LOST_MAX == PD_RECORD_GAPS_MAX, "a lost span for each of the recorder's gaps");

typedef struct mic_source {
    pd_live_source base;
    pd_recorder *rec;
    pd_live_meter last;
} mic_source;

static int mic_poll(pd_live_source *s, char *err, size_t err_len)
{
    mic_source *m = (mic_source *)s;
    if (!m->rec) return -1;
    return pd_recorder_poll(m->rec, err, err_len) < 0 ? -1 : 0;   /* 1 = enough: still fine */
}

static void mic_meter(pd_live_source *s, pd_source_meter *out)
{
    mic_source *m = (mic_source *)s;
    if (m->rec) pd_recorder_read_meter(m->rec, &m->last);
    const pd_live_meter *l = &m->last;
    out->t_s = l->time_s;
    out->loudness_lufs = isfinite(l->momentary_lufs) ? l->momentary_lufs : NAN;
    out->heard_speech = l->state != PD_LIVE_WAITING || l->speaking_s > 0;
    out->speaking = l->state == PD_LIVE_SPEAKING;
    out->pause_s = l->state == PD_LIVE_PAUSE ? l->pause_s : 0;
    out->pace_syl_s = l->pace_syl_s;
    out->pitch_sd_st = l->pitch_sd_st;
}

static int mic_finish(pd_live_source *s, char *err, size_t err_len)
{
    mic_source *m = (mic_source *)s;
    if (!m->rec) return 0;
    pd_record_stats st;
    memset(&st, 0, sizeof st);
    int rc = pd_recorder_finish(m->rec, &st, err, err_len);
    m->rec = NULL;
    s->n_lost = 0;
    for (int i = 0; st.rate_hz > 0 && i < st.n_gaps && i < PD_SOURCE_LOST_MAX; i++) {
        s->lost_s[s->n_lost][0] = (double)st.gaps[i].start / st.rate_hz;
        s->lost_s[s->n_lost++][1] = (double)(st.gaps[i].start + st.gaps[i].frames) / st.rate_hz;
    }
    return rc ? -1 : 0;
}

static void mic_destroy(pd_live_source *s)
{
    mic_source *m = (mic_source *)s;
    if (m->rec) {
        char err[200];
        pd_recorder_finish(m->rec, NULL, err, sizeof err);
    }
    pd_audio_terminate();
    free(m);
}

int pd_mic_source_create(const char *take_path, const char *device, pd_live_source **out,
                         char *err, size_t err_len)
{
    mic_source *m = calloc(1, sizeof *m);
    if (!m) {
        snprintf(err, err_len, "out of memory");
        return 1;
    }
    if (pd_audio_init(err, err_len) != 0) {
        free(m);
        return 1;
    }
    pd_record_config cfg;
    pd_record_config_init(&cfg);
    cfg.path = take_path;
    cfg.device = device;
    if (pd_recorder_start(&cfg, &m->rec, err, err_len) != 0) {
        pd_audio_terminate();
        free(m);
        return 1;
    }
    m->base.poll = mic_poll;
    m->base.meter = mic_meter;
    m->base.finish = mic_finish;
    m->base.destroy = mic_destroy;
    pd_recorder_format(m->rec, m->base.name, sizeof m->base.name, &m->base.rate_hz,
                       &m->base.channels);
    m->last.pace_syl_s = m->last.pitch_sd_st = NAN;
    *out = &m->base;
    return 0;
}
