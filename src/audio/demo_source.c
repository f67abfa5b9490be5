/* demo_source.c - the no-microphone drill: a recording played into the
 * take in real time (implements pd_live_source, live_source.h). Each poll
 * hands over what the clock says has been "captured" since the last one:
 * it is written to the take file and fed to the quick meters. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "podium/audio_file.h"
#include "podium/live_source.h"
#include "podium/quick_meter.h"
#include "podium/take_writer.h"

#define BLOCK_FRAMES 2048

typedef struct demo_source {
    pd_live_source base;      /* first: the interface */
    float *samples;           /* the file, interleaved */
    size_t frames;            /* frames in the file */
    size_t period;            /* file + gap, frames */
    long long served;         /* frames captured so far */
    pd_clock_fn clock;
    void *clock_ctx;
    double t0;
    pd_take_writer *writer;
    pd_quick_meter *meter;
    float block[BLOCK_FRAMES * 8];
    int failed;
} demo_source;

static int demo_poll(pd_live_source *s, char *err, size_t err_len)
{
    demo_source *d = (demo_source *)s;
    if (d->failed) return -1;
    size_t ch = (size_t)d->base.channels, max = sizeof d->block / sizeof d->block[0] / ch;
    long long due = (long long)((d->clock(d->clock_ctx) - d->t0) * d->base.rate_hz) - d->served;
    while (due > 0) {
        size_t n = (size_t)due < max ? (size_t)due : max;
        for (size_t i = 0; i < n; i++) {
            size_t k = (size_t)((d->served + (long long)i) % (long long)d->period);
            if (k < d->frames) memcpy(d->block + i * ch, d->samples + k * ch, ch * sizeof(float));
            else memset(d->block + i * ch, 0, ch * sizeof(float));
        }
        d->served += (long long)n;
        due -= (long long)n;
        if (pd_take_writer_write(d->writer, d->block, n, err, err_len) != 0) {
            d->failed = 1;
            return -1;
        }
        pd_quick_meter_feed(d->meter, d->block, n);
    }
    return 0;
}

static void demo_meter(pd_live_source *s, pd_source_meter *out)
{
    demo_source *d = (demo_source *)s;
    pd_quick_levels lv;
    pd_quick_meter_get(d->meter, &lv);
    out->t_s = lv.t_s;
    out->loudness_lufs = lv.loudness_m_lufs;
    out->heard_speech = lv.heard_speech;
    out->speaking = lv.speaking;
    out->pause_s = lv.pause_s;
    out->pace_syl_s = lv.pace_syl_s;
}

static int demo_finish(pd_live_source *s, char *err, size_t err_len)
{
    demo_source *d = (demo_source *)s;
    int rc = pd_take_writer_close(d->writer);
    d->writer = NULL;
    if (rc) snprintf(err, err_len, "the take file could not be completed; check the disk");
    return rc ? -1 : 0;
}

static void demo_destroy(pd_live_source *s)
{
    demo_source *d = (demo_source *)s;
    pd_take_writer_close(d->writer);
    pd_quick_meter_destroy(d->meter);
    free(d->samples);
    free(d);
}

int pd_demo_source_create(const char *sample_path, const char *take_path, double gap_s,
                          pd_clock_fn clock, void *clock_ctx, const char *lang,
                          pd_live_source **out, char *err, size_t err_len)
{
    demo_source *d = calloc(1, sizeof *d);
    if (!d) {
        snprintf(err, err_len, "demo: out of memory");
        return 1;
    }
    d->base.poll = demo_poll;
    d->base.meter = demo_meter;
    d->base.finish = demo_finish;
    d->base.destroy = demo_destroy;
    if (pd_read_file(sample_path, &d->samples, &d->frames, &d->base.rate_hz, &d->base.channels,
                     err, err_len) != 0)
        goto fail;
    if (d->frames == 0 || d->base.channels > 8) {
        snprintf(err, err_len, "demo: '%s' holds no usable audio", sample_path);
        goto fail;
    }
    pd_quick_meter_config mc;
    pd_quick_meter_config_init(&mc, lang);
    if (pd_quick_meter_create(&mc, d->base.rate_hz, d->base.channels, &d->meter) != 0) {
        snprintf(err, err_len, "demo: cannot meter '%s' (rate %d Hz)", sample_path, d->base.rate_hz);
        goto fail;
    }
    if (pd_take_writer_open(take_path, d->base.rate_hz, d->base.channels, &d->writer, err,
                            err_len) != 0)
        goto fail;
    d->period = d->frames + (size_t)(gap_s > 0 ? gap_s * d->base.rate_hz : 0);
    d->clock = clock;
    d->clock_ctx = clock_ctx;
    d->t0 = clock(clock_ctx);
    *out = &d->base;
    return 0;
fail:
    demo_destroy(&d->base);
    return 1;
}
