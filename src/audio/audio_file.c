/* audio_file.c - libsndfile reading for the analysis (see audio_file.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sndfile.h>
#include "podium/audio_file.h"

#define BLOCK_FRAMES 8192

static SNDFILE *open_checked(const char *path, SF_INFO *info, char *err, size_t err_len)
{
    struct stat stt;
    if (stat(path, &stt) != 0) {
        snprintf(err, err_len, "cannot open '%s': %s; check the path", path, strerror(errno));
        return NULL;
    }
    if (S_ISDIR(stt.st_mode)) {
        snprintf(err, err_len, "cannot open '%s': it is a directory; give a sound file", path);
        return NULL;
    }
    if (stt.st_size == 0) {
        snprintf(err, err_len, "cannot read '%s': the file is empty (0 bytes); record or copy the take again", path);
        return NULL;
    }
    memset(info, 0, sizeof *info);
    SNDFILE *sf = sf_open(path, SFM_READ, info);
    if (!sf) {
        int e = sf_error(NULL);
        if (e == SF_ERR_UNRECOGNISED_FORMAT)
            snprintf(err, err_len, "cannot read '%s': not a sound file Podium can read "
                     "(WAV, FLAC, OGG/Vorbis, AIFF, ...)", path);
        else if (e == SF_ERR_MALFORMED_FILE)
            snprintf(err, err_len, "cannot read '%s': the file is damaged or truncated (%s)",
                     path, sf_strerror(NULL));
        else
            snprintf(err, err_len, "cannot read '%s': %s", path, sf_strerror(NULL));
        return NULL;
    }
    if (info->frames <= 0) {
        snprintf(err, err_len, "cannot analyse '%s': it holds no audio (zero length)", path);
        sf_close(sf);
        return NULL;
    }
    if (info->samplerate < PD_MIN_RATE_HZ || info->samplerate > PD_MAX_RATE_HZ) {
        snprintf(err, err_len, "cannot analyse '%s': its sample rate %d Hz is outside %d-%d Hz; "
                 "resample it (e.g. sox in.wav -r 16000 out.wav)", path, info->samplerate,
                 PD_MIN_RATE_HZ, PD_MAX_RATE_HZ);
        sf_close(sf);
        return NULL;
    }
    return sf;
}

/* libsndfile accepts a WAV whose data chunk is shorter than its header says
 * and quietly shortens it; its log says so. */
static int header_says_truncated(SNDFILE *sf)
{
    char log[2048];
    sf_command(sf, SFC_GET_LOG_INFO, log, sizeof log);
    return strstr(log, "is wrong") != NULL || strstr(log, "truncated") != NULL ||
           strstr(log, "should be") != NULL;
}

int pd_analyse_file(const char *path, const pd_analysis_config *cfg,
                    pd_report **out, char *err, size_t err_len)
{
    SF_INFO info;
    SNDFILE *sf = open_checked(path, &info, err, err_len);
    if (!sf) return 1;
    int rc = 1;
    float *buf = NULL;
    pd_analyzer *a = NULL;
    pd_status st = pd_analyzer_create(cfg, info.samplerate, info.channels, &a);
    if (st != PD_OK) {
        snprintf(err, err_len, "cannot analyse '%s': %s", path, pd_status_str(st));
        goto done;
    }
    buf = malloc(sizeof(float) * BLOCK_FRAMES * (size_t)info.channels);
    if (!buf) {
        snprintf(err, err_len, "cannot analyse '%s': out of memory", path);
        goto done;
    }
    sf_count_t total = 0;
    for (;;) {
        sf_count_t got = sf_readf_float(sf, buf, BLOCK_FRAMES);
        if (got <= 0) break;
        st = pd_analyzer_feed(a, buf, (size_t)got);
        if (st == PD_ERR_BAD_SAMPLES) {
            snprintf(err, err_len, "cannot analyse '%s': it contains invalid samples (NaN or "
                     "infinity) near %.2f s; the file is corrupt", path,
                     (double)total / info.samplerate);
            goto done;
        }
        if (st != PD_OK) {
            snprintf(err, err_len, "cannot analyse '%s': %s", path, pd_status_str(st));
            goto done;
        }
        total += got;
    }
    if (sf_error(sf) != SF_ERR_NO_ERROR) {
        snprintf(err, err_len, "cannot read '%s': %s after %.2f s", path, sf_strerror(sf),
                 (double)total / info.samplerate);
        goto done;
    }
    if (total == 0) {
        snprintf(err, err_len, "cannot analyse '%s': it holds no audio (zero length)", path);
        goto done;
    }
    if (total < info.frames || header_says_truncated(sf)) {
        snprintf(err, err_len, "cannot analyse '%s': the file is truncated (its header promises "
                 "more audio than it holds); re-export or re-record it", path);
        goto done;
    }
    st = pd_analyzer_finish(a, out);
    if (st != PD_OK) {
        snprintf(err, err_len, "cannot analyse '%s': %s", path, pd_status_str(st));
        goto done;
    }
    rc = 0;
done:
    pd_analyzer_destroy(a);
    free(buf);
    sf_close(sf);
    return rc;
}

int pd_read_file(const char *path, float **samples, size_t *frames, int *rate_hz,
                 int *channels, char *err, size_t err_len)
{
    SF_INFO info;
    SNDFILE *sf = open_checked(path, &info, err, err_len);
    if (!sf) return 1;
    size_t n = (size_t)info.frames * (size_t)info.channels;
    float *buf = malloc(n * sizeof *buf);
    if (!buf) {
        snprintf(err, err_len, "cannot read '%s': out of memory", path);
        sf_close(sf);
        return 1;
    }
    sf_count_t got = sf_readf_float(sf, buf, info.frames);
    sf_close(sf);
    if (got <= 0) {
        snprintf(err, err_len, "cannot read '%s': no audio could be read", path);
        free(buf);
        return 1;
    }
    *samples = buf;
    *frames = (size_t)got;
    *rate_hz = info.samplerate;
    *channels = info.channels;
    return 0;
}
