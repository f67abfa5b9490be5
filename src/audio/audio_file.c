/* audio_file.c - libsndfile reading for the analysis (see audio_file.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sndfile.h>
#include "podium/audio_file.h"

#define BLOCK_FRAMES 8192

/* libsndfile accepts a WAV, AIFF, AU or W64 file whose audio is shorter than
 * its header says and quietly shortens it; its log then holds a line
 * "NAME : claimed (should be actual)". A claim larger than what is there
 * means the file was cut. Claims of 0 or 0xFFFFFFFF are the placeholders that
 * streaming writers leave (ffmpeg writing to a pipe): the length was unknown
 * when the header was written and nothing is missing. */
static int header_says_truncated(SNDFILE *sf)
{
    static const char tag[] = "(should be ";
    char log[4096];
    sf_command(sf, SFC_GET_LOG_INFO, log, sizeof log);
    log[sizeof log - 1] = 0;
    for (const char *p = strstr(log, tag); p; p = strstr(p + 1, tag)) {
        const char *line = p;
        while (line > log && line[-1] != '\n') line--;
        const char *colon = memchr(line, ':', (size_t)(p - line));
        if (!colon) continue;
        /* only a chunk or length field: libsndfile also logs, e.g., an ADPCM
         * header's "Bytes/sec : 16000 (should be 8047)", which is harmless */
        while (line < colon && (*line == ' ' || *line == '\t')) line++;
        static const char *const fields[] = { "RIFF", "RIFX", "RF64", "data", "FORM", "SSND", "Length" };
        int length_field = 0;
        for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
            if (strncmp(line, fields[i], strlen(fields[i])) == 0) length_field = 1;
        if (!length_field) continue;
        unsigned long long claimed = strtoull(colon + 1, NULL, 10);
        unsigned long long actual = strtoull(p + sizeof tag - 1, NULL, 10);
        if (claimed > actual && claimed != 0xFFFFFFFFull && claimed != 0xFFFFFFFFFFFFFFFFull)
            return 1;
    }
    return 0;
}

static SNDFILE *open_checked(const char *path, SF_INFO *info, char *err, size_t err_len)
{
    struct stat stt;
    if (stat(path, &stt) != 0) {
        snprintf(err, err_len, "cannot open '%s': %s; check the path", path, strerror(errno));
        return NULL;
    }
    if (access(path, R_OK) != 0) {
        snprintf(err, err_len, "cannot open '%s': %s; check its permissions", path, strerror(errno));
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
            snprintf(err, err_len, "cannot read '%s': the file is damaged, truncated or not a "
                     "sound file (%s)", path, sf_strerror(NULL));
        return NULL;
    }
    if (info->frames <= 0) {
        if (header_says_truncated(sf))
            snprintf(err, err_len, "cannot analyse '%s': the file is truncated (its header promises "
                     "audio that is not there); re-export or re-record it", path);
        else
            snprintf(err, err_len, "cannot analyse '%s': it holds no audio (zero length)", path);
        sf_close(sf);
        return NULL;
    }
    if (info->channels < 1 || info->channels > 64) {
        snprintf(err, err_len, "cannot analyse '%s': it has %d channels; Podium reads 1 to 64",
                 path, info->channels);
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

typedef int (*block_fn)(void *ctx, const float *buf, size_t frames, double at_s,
                        const char *path, char *err, size_t err_len);

/* Reads the whole file in blocks and hands each to fn; checks for read
 * errors, zero length and truncation. Returns 0 or 1 (err filled). */
static int read_blocks(const char *path, SNDFILE *sf, const SF_INFO *info, block_fn fn,
                       void *ctx, char *err, size_t err_len)
{
    float *buf = malloc(sizeof(float) * BLOCK_FRAMES * (size_t)info->channels);
    if (!buf) {
        snprintf(err, err_len, "cannot read '%s': out of memory", path);
        return 1;
    }
    int rc = 1;
    sf_count_t total = 0;
    for (;;) {
        sf_count_t got = sf_readf_float(sf, buf, BLOCK_FRAMES);
        if (got <= 0) break;
        if (fn(ctx, buf, (size_t)got, (double)total / info->samplerate, path, err, err_len) != 0)
            goto done;
        total += got;
    }
    if (sf_error(sf) != SF_ERR_NO_ERROR) {
        snprintf(err, err_len, "cannot read '%s': the file is damaged or truncated after %.2f s "
                 "(%s); re-export or re-record it", path, (double)total / info->samplerate,
                 sf_strerror(sf));
        goto done;
    }
    if (total == 0) {
        snprintf(err, err_len, "cannot analyse '%s': it holds no audio (zero length)", path);
        goto done;
    }
    /* frames == SF_COUNT_MAX: the header did not know the length (a
     * streamed FLAC); for Ogg it means the last page is missing */
    int unknown_len = info->frames == SF_COUNT_MAX;
    int ogg_cut = unknown_len && (info->format & SF_FORMAT_TYPEMASK) == SF_FORMAT_OGG;
    if ((!unknown_len && total < info->frames) || ogg_cut || header_says_truncated(sf)) {
        snprintf(err, err_len, "cannot analyse '%s': the file is truncated (its header promises "
                 "more audio than it holds); re-export or re-record it", path);
        goto done;
    }
    rc = 0;
done:
    free(buf);
    return rc;
}

static int feed_block(void *ctx, const float *buf, size_t frames, double at_s,
                      const char *path, char *err, size_t err_len)
{
    pd_status st = pd_analyzer_feed(ctx, buf, frames);
    if (st == PD_ERR_BAD_SAMPLES) {
        snprintf(err, err_len, "cannot analyse '%s': it contains invalid samples (NaN or "
                 "infinity) near %.2f s; the file is corrupt, re-export it", path, at_s);
        return 1;
    }
    if (st != PD_OK) {
        snprintf(err, err_len, "cannot analyse '%s': %s", path, pd_status_str(st));
        return 1;
    }
    return 0;
}

int pd_analyse_file(const char *path, const pd_analysis_config *cfg,
                    pd_report **out, char *err, size_t err_len)
{
    SF_INFO info;
    SNDFILE *sf = open_checked(path, &info, err, err_len);
    if (!sf) return 1;
    int rc = 1;
    pd_analyzer *a = NULL;
    pd_status st = pd_analyzer_create(cfg, info.samplerate, info.channels, &a);
    if (st != PD_OK) {
        snprintf(err, err_len, "cannot analyse '%s': %s", path, pd_status_str(st));
        goto done;
    }
    /* a header's length (up to a day of audio; pipes say "unknown") sizes the
     * contours once; a wrong one only costs a reallocation */
    if (info.frames > 0 && info.frames <= 86400LL * info.samplerate)
        (void)pd_analyzer_reserve(a, info.frames);
    if (read_blocks(path, sf, &info, feed_block, a, err, err_len) != 0) goto done;
    st = pd_analyzer_finish(a, out);
    if (st != PD_OK) {
        snprintf(err, err_len, "cannot analyse '%s': %s", path, pd_status_str(st));
        goto done;
    }
    rc = 0;
done:
    pd_analyzer_destroy(a);
    sf_close(sf);
    return rc;
}

typedef struct collect {
    float *x;
    size_t frames, cap;
    int channels;
} collect;

static int collect_block(void *ctx, const float *buf, size_t frames, double at_s,
                         const char *path, char *err, size_t err_len)
{
    collect *c = ctx;
    (void)at_s;
    if (c->frames + frames > c->cap) {
        size_t nc = c->cap ? c->cap : 65536;
        while (nc < c->frames + frames) nc *= 2;
        float *nx = realloc(c->x, nc * (size_t)c->channels * sizeof *nx);
        if (!nx) {
            snprintf(err, err_len, "cannot read '%s': out of memory", path);
            return 1;
        }
        c->x = nx;
        c->cap = nc;
    }
    memcpy(c->x + c->frames * (size_t)c->channels, buf, frames * (size_t)c->channels * sizeof *buf);
    c->frames += frames;
    return 0;
}

int pd_read_file(const char *path, float **samples, size_t *frames, int *rate_hz,
                 int *channels, char *err, size_t err_len)
{
    SF_INFO info;
    SNDFILE *sf = open_checked(path, &info, err, err_len);
    if (!sf) return 1;
    collect c = { NULL, 0, 0, info.channels };
    int rc = read_blocks(path, sf, &info, collect_block, &c, err, err_len);
    sf_close(sf);
    if (rc != 0) {
        free(c.x);
        return 1;
    }
    *samples = c.x;
    *frames = c.frames;
    *rate_hz = info.samplerate;
    *channels = info.channels;
    return 0;
}

int pd_cut_file(const char *path, long long frames, char *err, size_t err_len)
{
    SF_INFO info;
    memset(&info, 0, sizeof info);
    SNDFILE *sf = sf_open(path, SFM_RDWR, &info);
    if (!sf) {
        snprintf(err, err_len, "cannot shorten '%s': %s; the whole recording is kept", path,
                 sf_strerror(NULL));
        return 1;
    }
    int rc = 0;
    sf_count_t n = frames < 0 ? 0 : (sf_count_t)frames;
    if (n < info.frames && sf_command(sf, SFC_FILE_TRUNCATE, &n, sizeof n) != 0) {
        snprintf(err, err_len, "cannot shorten '%s': %s; the whole recording is kept", path,
                 sf_strerror(sf));
        rc = 1;
    }
    if (sf_close(sf) != 0 && rc == 0) {
        snprintf(err, err_len, "cannot shorten '%s': closing it failed", path);
        rc = 1;
    }
    return rc;
}
