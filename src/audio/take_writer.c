/* take_writer.c - a take written to a 16-bit WAV file as it is captured.
 * Like the recorder (audio_io.h), it rewrites the header and syncs the data
 * every PD_TAKE_SYNC_S of audio, so a take killed mid-drill is a WAV whose
 * header gives its length (other tools read it, not only Podium's
 * recovery). */
#include <errno.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "podium/private_file.h"
#include "podium/take_writer.h"

#define PD_TAKE_SYNC_S 0.5 /* as the recorder's PD_RECORD_SYNC_S */

struct pd_take_writer {
    SNDFILE *f;
    int channels;
    int rate_hz;
    long long frames;
    long long synced; /* frames the header and the disk hold */
};

static void sync_now(pd_take_writer *w)
{
    sf_command(w->f, SFC_UPDATE_HEADER_NOW, NULL, 0);
    sf_write_sync(w->f);
    w->synced = w->frames;
}

int pd_take_writer_open(const char *path, int rate_hz, int channels, pd_take_writer **out,
                        char *err, size_t err_len)
{
    pd_take_writer *w = calloc(1, sizeof *w);
    if (!w) {
        snprintf(err, err_len, "cannot record '%s': out of memory", path);
        return 1;
    }
    SF_INFO info = { 0 };
    info.samplerate = rate_hz;
    info.channels = channels;
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    int fd = pd_take_open(path);   /* 0600, locked while written */
    w->f = fd >= 0 ? sf_open_fd(fd, SFM_WRITE, &info, SF_TRUE) : NULL;
    if (!w->f) {
        if (fd >= 0) {
            int e = errno;
            close(fd);
            errno = e;
        }
        snprintf(err, err_len, "cannot record to '%s': %s; check the folder exists and is writable",
                 path, sf_strerror(NULL));
        free(w);
        return 1;
    }
    /* floats outside [-1, 1] are clipped, not wrapped */
    sf_command(w->f, SFC_SET_CLIPPING, NULL, SF_TRUE);
    w->channels = channels;
    w->rate_hz = rate_hz;
    sync_now(w); /* a valid empty file from the start */
    *out = w;
    return 0;
}

int pd_take_writer_write(pd_take_writer *w, const float *x, size_t frames, char *err,
                         size_t err_len)
{
    sf_count_t n = sf_writef_float(w->f, x, (sf_count_t)frames);
    if (n > 0) w->frames += n;
    if (w->frames - w->synced >= (long long)(PD_TAKE_SYNC_S * w->rate_hz)) sync_now(w);
    if (n != (sf_count_t)frames) {
        snprintf(err, err_len, "cannot write the take: %s; free some disk space (what was "
                 "recorded so far is kept)", sf_strerror(w->f));
        return 1;
    }
    return 0;
}

long long pd_take_writer_frames(const pd_take_writer *w)
{
    return w ? w->frames : 0;
}

int pd_take_writer_close(pd_take_writer *w)
{
    if (!w) return 0;
    int rc = sf_close(w->f) != 0;
    free(w);
    return rc;
}
