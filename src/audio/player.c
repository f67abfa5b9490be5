/* player.c - replay of a take (or part of it) through PortAudio.
 *
 * PortAudio's blocking write API, from the calling thread: nothing runs in
 * a real-time callback, and the file is read in small blocks, so an hour
 * long take plays in constant memory. Samples go out as 16-bit at the
 * file's own rate, unchanged (a mono take on a stereo-only output is
 * copied to both channels). */
#include <errno.h>
#include <math.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <portaudio.h>
#include "podium/audio_io.h"
#include "pa_internal.h"

#define BLOCK_FRAMES 1024

static int supported(PaDeviceIndex d, int ch, double rate)
{
    PaStreamParameters p = { d, ch, paInt16, Pa_GetDeviceInfo(d)->defaultLowOutputLatency, NULL };
    pd_pa_quiet_begin();
    PaError e = Pa_IsFormatSupported(NULL, &p, rate);
    pd_pa_quiet_end();
    return e == paFormatIsSupported;
}

int pd_play_file(const pd_play_config *cfg, const volatile int *stop, pd_play_progress_fn progress,
                 void *user, char *err, size_t err_len)
{
    SF_INFO si = { 0 };
    struct stat st;   /* the usual mistakes, named as `podium analyse` names them */
    if (stat(cfg->path, &st) != 0) {
        snprintf(err, err_len, "cannot play '%s': %s; check the path", cfg->path, strerror(errno));
        return 1;
    }
    if (S_ISDIR(st.st_mode)) {
        snprintf(err, err_len, "cannot play '%s': it is a directory; give a sound file", cfg->path);
        return 1;
    }
    if (st.st_size == 0) {
        snprintf(err, err_len, "cannot play '%s': the file is empty (0 bytes)", cfg->path);
        return 1;
    }
    SNDFILE *sf = sf_open(cfg->path, SFM_READ, &si);
    if (!sf) {
        snprintf(err, err_len, "cannot play '%s': %s", cfg->path,
                 sf_error(NULL) == SF_ERR_UNRECOGNISED_FORMAT
                     ? "not a sound file Podium can read (WAV, FLAC, OGG/Vorbis, AIFF, ...)"
                     : sf_strerror(NULL));
        return 1;
    }
    int rc = 1;
    PaStream *stream = NULL;
    short *in = NULL, *out = NULL;
    double total = (double)si.frames / si.samplerate;
    double from = cfg->from_s > 0 ? cfg->from_s : 0.0;
    double to = cfg->to_s >= 0 ? fmin(cfg->to_s, total) : total;
    if (from >= total || to <= from) {
        snprintf(err, err_len, "nothing to play in '%s' between %.3f s and %.3f s (the take lasts %.3f s)",
                 cfg->path, from, cfg->to_s >= 0 ? cfg->to_s : total, total);
        goto done;
    }
    sf_count_t first = (sf_count_t)llround(from * si.samplerate);
    sf_count_t last = (sf_count_t)llround(to * si.samplerate);
    if (last > si.frames) last = si.frames;
    if (sf_seek(sf, first, SEEK_SET) < 0) {
        snprintf(err, err_len, "cannot seek to %.3f s in '%s': %s", from, cfg->path, sf_strerror(sf));
        goto done;
    }

    PaDeviceIndex dev = pd_pa_find_device(cfg->device, 0, err, err_len);
    if (dev == paNoDevice) goto done;
    char label[200];
    pd_pa_device_label(dev, label, sizeof label);
    int och = si.channels;
    if (!supported(dev, och, si.samplerate)) {
        if (si.channels == 1 && supported(dev, 2, si.samplerate)) och = 2;
        else {
            snprintf(err, err_len, "the output '%s' cannot play %d Hz %d-channel audio; choose another "
                     "with --device (see 'podium devices')", label, si.samplerate, si.channels);
            goto done;
        }
    }
    in = malloc(sizeof(short) * BLOCK_FRAMES * (size_t)si.channels);
    out = malloc(sizeof(short) * BLOCK_FRAMES * (size_t)och);
    if (!in || !out) {
        snprintf(err, err_len, "out of memory");
        goto done;
    }
    PaStreamParameters op = { dev, och, paInt16, Pa_GetDeviceInfo(dev)->defaultHighOutputLatency, NULL };
    pd_pa_quiet_begin();
    PaError e = Pa_OpenStream(&stream, NULL, &op, si.samplerate, BLOCK_FRAMES, paClipOff | paDitherOff,
                              NULL, NULL);
    if (e == paNoError) e = Pa_StartStream(stream);
    pd_pa_quiet_end();
    if (e != paNoError) {
        snprintf(err, err_len, "cannot open the output '%s': %s; is it in use by another program?", label,
                 Pa_GetErrorText(e));
        goto done;
    }
    sf_count_t pos = first;
    double next_report = 0.0;
    while (pos < last && !(stop && *stop)) {
        sf_count_t want = last - pos < BLOCK_FRAMES ? last - pos : BLOCK_FRAMES;
        sf_count_t got = sf_readf_short(sf, in, want);
        if (got <= 0) break;   /* shorter than its header said */
        const short *src = in;
        if (och != si.channels) {
            for (sf_count_t i = 0; i < got; i++) out[2 * i] = out[2 * i + 1] = in[i];
            src = out;
        }
        e = Pa_WriteStream(stream, src, (unsigned long)got);
        if (e != paNoError && e != paOutputUnderflowed) {
            snprintf(err, err_len, "the output '%s' failed at %.1f s: %s", label,
                     (double)pos / si.samplerate, Pa_GetErrorText(e));
            goto done;
        }
        pos += got;
        double t = (double)pos / si.samplerate;
        if (progress && t >= next_report) {
            progress(t, to, user);
            next_report = t + 0.1;
        }
    }
    if (progress) progress((double)pos / si.samplerate, to, user);
    rc = 0;
done:
    if (stream) {
        pd_pa_quiet_begin();
        if (stop && *stop) Pa_AbortStream(stream);
        else Pa_StopStream(stream);   /* plays out what is queued */
        Pa_CloseStream(stream);
        pd_pa_quiet_end();
    }
    free(in);
    free(out);
    sf_close(sf);
    return rc;
}
