/* demo_source.c - a recording played into a drill in real time (the
 * no-microphone mode): implements pd_live_source over a file held in memory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "podium/audio_file.h"
#include "podium/live_source.h"

typedef struct demo_source {
    pd_live_source base;      /* first: the interface */
    float *samples;           /* the file, interleaved */
    size_t frames;            /* frames in the file */
    size_t period;            /* file + gap, frames */
    long long served;         /* frames handed out so far */
    pd_clock_fn clock;
    void *clock_ctx;
    double t0;
} demo_source;

static long demo_read(pd_live_source *s, float *out, size_t max_frames)
{
    demo_source *d = (demo_source *)s;
    double now = d->clock(d->clock_ctx) - d->t0;
    long long due = (long long)(now * d->base.rate_hz) - d->served;
    if (due <= 0) return 0;
    size_t n = (size_t)due < max_frames ? (size_t)due : max_frames;
    size_t ch = (size_t)d->base.channels;
    for (size_t i = 0; i < n; i++) {
        size_t k = (size_t)((d->served + (long long)i) % (long long)d->period);
        if (k < d->frames) memcpy(out + i * ch, d->samples + k * ch, ch * sizeof *out);
        else memset(out + i * ch, 0, ch * sizeof *out);
    }
    d->served += (long long)n;
    return (long)n;
}

static void demo_destroy(pd_live_source *s)
{
    demo_source *d = (demo_source *)s;
    free(d->samples);
    free(d);
}

int pd_demo_source_create(const char *path, double gap_s, pd_clock_fn clock, void *clock_ctx,
                          pd_live_source **out, char *err, size_t err_len)
{
    demo_source *d = calloc(1, sizeof *d);
    if (!d) {
        snprintf(err, err_len, "demo: out of memory");
        return 1;
    }
    if (pd_read_file(path, &d->samples, &d->frames, &d->base.rate_hz, &d->base.channels, err,
                     err_len) != 0) {
        free(d);
        return 1;
    }
    if (d->frames == 0) {
        snprintf(err, err_len, "demo: '%s' holds no audio", path);
        demo_destroy(&d->base);
        return 1;
    }
    d->period = d->frames + (size_t)(gap_s > 0 ? gap_s * d->base.rate_hz : 0);
    d->clock = clock;
    d->clock_ctx = clock_ctx;
    d->t0 = clock(clock_ctx);
    d->base.read = demo_read;
    d->base.destroy = demo_destroy;
    *out = &d->base;
    return 0;
}
