/* distract_out.c - the distraction sounds through PortAudio (distract_out.h).
 * The callback copies from a single-producer single-consumer ring
 * (ringbuf.c) and counts what it played: no lock, no allocation, no I/O. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <portaudio.h>
#include "podium/audio_io.h"
#include "podium/distract_out.h"
#include "podium/ringbuf.h"
#include "pa_internal.h"

struct pd_distract_out {
    PaStream *stream;
    pd_ringbuf *rb;
    int ch;
    atomic_llong played;
    atomic_long underruns;
    double latency_s;
    int started;   /* once the app wrote something: before, silence is not an underrun */
};

static int on_out(const void *input, void *output, unsigned long frames, const PaStreamCallbackTimeInfo *ti,
                  PaStreamCallbackFlags flags, void *user)
{
    (void)input;
    (void)ti;
    (void)flags;
    pd_distract_out *o = user;
    float *y = output;
    float tmp[256];
    unsigned long done = 0;
    while (done < frames) {
        size_t want = frames - done > 256 ? 256 : frames - done;
        size_t got = pd_ringbuf_read(o->rb, tmp, want);
        for (size_t i = got; i < want; i++) tmp[i] = 0.0f;
        if (got < want && o->started) atomic_fetch_add_explicit(&o->underruns, 1, memory_order_relaxed);
        for (size_t i = 0; i < want; i++)
            for (int c = 0; c < o->ch; c++) y[(done + i) * (size_t)o->ch + (size_t)c] = tmp[i];
        done += want;
    }
    atomic_fetch_add_explicit(&o->played, (long long)frames, memory_order_release);
    return paContinue;
}

int pd_distract_out_open(const char *device, double ring_s, pd_distract_out **out, int *rate_hz, char *err,
                         size_t err_len)
{
    *out = NULL;
    PaDeviceIndex dev = pd_pa_find_device(device, 0, err, err_len);
    if (dev == paNoDevice) return 1;
    const PaDeviceInfo *info = Pa_GetDeviceInfo(dev);
    char label[300];
    pd_pa_device_label(dev, label, sizeof label);
    pd_distract_out *o = calloc(1, sizeof *o);
    if (!o) {
        snprintf(err, err_len, "out of memory");
        return 1;
    }
    double rate = info->defaultSampleRate > 0 ? info->defaultSampleRate : 48000.0;
    o->ch = 1;
    PaStreamParameters p = { dev, 1, paFloat32, info->defaultHighOutputLatency, NULL };
    pd_pa_quiet_begin();
    PaError e = Pa_IsFormatSupported(NULL, &p, rate);
    if (e != paFormatIsSupported && info->maxOutputChannels >= 2) {   /* a stereo-only output */
        o->ch = p.channelCount = 2;
        e = Pa_IsFormatSupported(NULL, &p, rate);
    }
    pd_pa_quiet_end();
    if (e != paFormatIsSupported) {
        snprintf(err, err_len, "the output '%s' does not play %.0f Hz: %s", label, rate, Pa_GetErrorText(e));
        free(o);
        return 1;
    }
    size_t cap = (size_t)(ring_s * rate);
    if (cap < 1024) cap = 1024;
    if (pd_ringbuf_create(cap, sizeof(float), &o->rb) != PD_OK) {
        snprintf(err, err_len, "out of memory");
        free(o);
        return 1;
    }
    atomic_init(&o->played, 0);
    atomic_init(&o->underruns, 0);
    pd_pa_quiet_begin();
    e = Pa_OpenStream(&o->stream, NULL, &p, rate, paFramesPerBufferUnspecified, paNoFlag, on_out, o);
    if (e == paNoError) e = Pa_StartStream(o->stream);
    pd_pa_quiet_end();
    if (e != paNoError) {
        snprintf(err, err_len, "cannot play on '%s': %s", label, Pa_GetErrorText(e));
        if (o->stream) {
            pd_pa_quiet_begin();
            Pa_CloseStream(o->stream);
            pd_pa_quiet_end();
        }
        pd_ringbuf_destroy(o->rb);
        free(o);
        return 1;
    }
    const PaStreamInfo *si = Pa_GetStreamInfo(o->stream);
    o->latency_s = si ? si->outputLatency : 0.0;
    *rate_hz = (int)rate;
    *out = o;
    return 0;
}

size_t pd_distract_out_space(pd_distract_out *o) { return o ? pd_ringbuf_write_available(o->rb) : 0; }

size_t pd_distract_out_write(pd_distract_out *o, const float *x, size_t n)
{
    if (!o) return 0;
    o->started = 1;
    return pd_ringbuf_write(o->rb, x, n);
}

long long pd_distract_out_played(pd_distract_out *o)
{
    return o ? atomic_load_explicit(&o->played, memory_order_acquire) : 0;
}

double pd_distract_out_latency_s(pd_distract_out *o) { return o ? o->latency_s : 0.0; }

long pd_distract_out_underruns(pd_distract_out *o) { return o ? atomic_load(&o->underruns) : 0; }

void pd_distract_out_close(pd_distract_out *o)
{
    if (!o) return;
    pd_pa_quiet_begin();
    Pa_StopStream(o->stream);
    Pa_CloseStream(o->stream);
    pd_pa_quiet_end();
    pd_ringbuf_destroy(o->rb);
    free(o);
}
