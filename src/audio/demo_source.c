/* demo_source.c - the no-microphone drill: a recording played into the
 * take in real time (implements pd_live_source, live_source.h). What the
 * clock says has been "captured" is written to the take file and fed to the
 * live meters (pd_live, live.h: the recorder's own meters, mapped onto
 * pd_source_meter as mic_source.c does). Threaded (real time): a capture
 * thread does that every 10 ms and publishes the meter under a mutex, so the
 * screen never waits for the disk or the pace estimate (the shape of the
 * recorder's writer thread). Unthreaded (an injected clock, tests): poll()
 * does it. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include "podium/audio_file.h"
#include "podium/live_source.h"
#include "podium/live.h"
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
    pd_live *meter;
    float block[BLOCK_FRAMES * 8];
    int failed;
    char err[300];
    int threaded;
    pthread_t thread;
    pthread_mutex_t lock;     /* guards published, failed, err, stop */
    pd_source_meter published;
    int stop;
} demo_source;

static void read_meter(demo_source *d, pd_source_meter *out)
{
    const pd_live_meter *l = pd_live_current(d->meter);
    out->t_s = l->time_s;
    out->loudness_lufs = l->update && isfinite(l->momentary_lufs) ? l->momentary_lufs : NAN;
    out->heard_speech = l->state != PD_LIVE_WAITING || l->speaking_s > 0;
    out->speaking = l->state == PD_LIVE_SPEAKING;
    out->pause_s = l->state == PD_LIVE_PAUSE ? l->pause_s : 0;
    out->pace_syl_s = l->pace_syl_s;   /* NaN until its window holds enough syllables */
    out->pitch_sd_st = l->pitch_sd_st;
}

/* Captures what is due: the file (looped) -> take file + meters; at most
 * half a second a call, so a stop is heard soon even when much is due (the
 * clock jumped: a suspend). On failure the caller marks the source failed. */
static int capture(demo_source *d, char *err, size_t err_len)
{
    size_t ch = (size_t)d->base.channels, max = sizeof d->block / sizeof d->block[0] / ch;
    long long due = (long long)((d->clock(d->clock_ctx) - d->t0) * d->base.rate_hz) - d->served;
    if (due > d->base.rate_hz / 2) due = d->base.rate_hz / 2;
    while (due > 0) {
        size_t n = (size_t)due < max ? (size_t)due : max;
        for (size_t i = 0; i < n; i++) {
            size_t k = (size_t)((d->served + (long long)i) % (long long)d->period);
            if (k < d->frames) memcpy(d->block + i * ch, d->samples + k * ch, ch * sizeof(float));
            else memset(d->block + i * ch, 0, ch * sizeof(float));
        }
        d->served += (long long)n;
        due -= (long long)n;
        if (pd_take_writer_write(d->writer, d->block, n, err, err_len) != 0) return -1;
        pd_live_feed(d->meter, d->block, n);
    }
    return 0;
}

static void *capture_thread(void *ctx)
{
    demo_source *d = ctx;
    for (;;) {
        pthread_mutex_lock(&d->lock);
        int stop = d->stop;
        pthread_mutex_unlock(&d->lock);
        if (stop) break;
        char err[300];
        int bad = capture(d, err, sizeof err) != 0;
        pd_source_meter m;
        read_meter(d, &m);
        pthread_mutex_lock(&d->lock);
        d->published = m;
        if (bad) {
            d->failed = 1;
            snprintf(d->err, sizeof d->err, "%s", err);
        }
        pthread_mutex_unlock(&d->lock);
        if (bad) break;
        struct timespec ts = { 0, 10 * 1000 * 1000 };
        nanosleep(&ts, NULL);
    }
    return NULL;
}

static int demo_poll(pd_live_source *s, char *err, size_t err_len)
{
    demo_source *d = (demo_source *)s;
    if (!d->threaded) {
        if (d->failed) return -1;
        if (capture(d, err, err_len) != 0) {
            d->failed = 1;
            return -1;
        }
        return 0;
    }
    pthread_mutex_lock(&d->lock);
    int failed = d->failed;
    if (failed) snprintf(err, err_len, "%s", d->err);
    pthread_mutex_unlock(&d->lock);
    return failed ? -1 : 0;
}

static void demo_meter(pd_live_source *s, pd_source_meter *out)
{
    demo_source *d = (demo_source *)s;
    if (!d->threaded) {
        read_meter(d, out);
        return;
    }
    pthread_mutex_lock(&d->lock);
    *out = d->published;
    pthread_mutex_unlock(&d->lock);
}

static void stop_thread(demo_source *d)
{
    if (!d->threaded) return;
    pthread_mutex_lock(&d->lock);
    d->stop = 1;
    pthread_mutex_unlock(&d->lock);
    pthread_join(d->thread, NULL);
    pthread_mutex_destroy(&d->lock);
    d->threaded = 0;
}

static int demo_finish(pd_live_source *s, char *err, size_t err_len)
{
    demo_source *d = (demo_source *)s;
    stop_thread(d);
    int rc = pd_take_writer_close(d->writer);
    d->writer = NULL;
    if (rc) snprintf(err, err_len, "the take file could not be completed; check the disk");
    return rc ? -1 : 0;
}

static void demo_destroy(pd_live_source *s)
{
    demo_source *d = (demo_source *)s;
    stop_thread(d);
    pd_take_writer_close(d->writer);
    pd_live_destroy(d->meter);
    free(d->samples);
    free(d);
}

int pd_demo_source_create(const char *sample_path, const char *take_path, double gap_s,
                          pd_clock_fn clock, void *clock_ctx, const char *lang, int threaded,
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
    d->base.demo = 1;
    const char *slash = strrchr(sample_path, '/');
    snprintf(d->base.name, sizeof d->base.name, "%s", slash ? slash + 1 : sample_path);
    if (pd_read_file(sample_path, &d->samples, &d->frames, &d->base.rate_hz, &d->base.channels,
                     err, err_len) != 0)
        goto fail;
    if (d->frames == 0 || d->base.channels > 8) {
        snprintf(err, err_len, "demo: '%s' holds no usable audio", sample_path);
        goto fail;
    }
    (void)lang;   /* pd_live's meters do not depend on the language */
    if (pd_live_create(NULL, d->base.rate_hz, d->base.channels, &d->meter) != PD_OK) {
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
    if (threaded) {
        pthread_mutex_init(&d->lock, NULL);
        d->published.loudness_lufs = d->published.pace_syl_s = d->published.pitch_sd_st = NAN;
        if (pthread_create(&d->thread, NULL, capture_thread, d) != 0) {
            pthread_mutex_destroy(&d->lock);
            snprintf(err, err_len, "demo: cannot start the capture thread");
            goto fail;
        }
        d->threaded = 1;
    }
    *out = &d->base;
    return 0;
fail:
    demo_destroy(&d->base);
    return 1;
}
