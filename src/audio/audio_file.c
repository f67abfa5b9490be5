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

/* A WAV whose data chunk says 0 bytes but is followed by audio: a writer
 * that died before it could fill in the length (or one that never does).
 * libsndfile then reads nothing. The file is read through libsndfile's
 * virtual I/O with the size field shown as 0xFFFFFFFF, the placeholder it
 * takes for "to the end of the file", so what is there is read; the caller
 * is told the header was wrong. */
typedef struct patched_wav {
    FILE *f;
    sf_count_t size, at;
    sf_count_t patch_at; /* offset of the data chunk's size field */
} patched_wav;

static sf_count_t pw_len(void *u)
{
    return ((patched_wav *)u)->size;
}
static sf_count_t pw_tell(void *u)
{
    return ((patched_wav *)u)->at;
}

static sf_count_t pw_seek(sf_count_t off, int whence, void *u)
{
    patched_wav *w = u;
    sf_count_t to = whence == SEEK_SET ? off : whence == SEEK_CUR ? w->at + off : w->size + off;
    if (to < 0 || to > w->size) return -1;
    w->at = to;
    return to;
}

static sf_count_t pw_read(void *ptr, sf_count_t n, void *u)
{
    patched_wav *w = u;
    if (n <= 0 || w->at >= w->size) return 0;
    if (n > w->size - w->at) n = w->size - w->at;
    if (fseeko(w->f, (off_t)w->at, SEEK_SET) != 0) return 0;
    size_t got = fread(ptr, 1, (size_t)n, w->f);
    for (sf_count_t i = 0; i < 4; i++) { /* the size field reads as FF FF FF FF */
        sf_count_t k = w->patch_at + i - w->at;
        if (k >= 0 && k < (sf_count_t)got) ((unsigned char *)ptr)[k] = 0xFF;
    }
    w->at += (sf_count_t)got;
    return (sf_count_t)got;
}

static sf_count_t pw_write(const void *ptr, sf_count_t n, void *u)
{
    (void)ptr, (void)n, (void)u;
    return 0;
}

/* The offset of a RIFF/WAVE file's data chunk size field when that field is
 * 0 and bytes follow it; -1 otherwise. */
static sf_count_t zero_data_size_at(FILE *f, sf_count_t size)
{
    unsigned char h[12];
    if (fseeko(f, 0, SEEK_SET) != 0 || fread(h, 1, 12, f) != 12) return -1;
    if (memcmp(h, "RIFF", 4) != 0 || memcmp(h + 8, "WAVE", 4) != 0) return -1;
    sf_count_t at = 12;
    for (int chunks = 0; chunks < 64 && at + 8 <= size; chunks++) {
        unsigned char c[8];
        if (fseeko(f, (off_t)at, SEEK_SET) != 0 || fread(c, 1, 8, f) != 8) return -1;
        unsigned long n =
            c[4] | (unsigned long)c[5] << 8 | (unsigned long)c[6] << 16 | (unsigned long)c[7] << 24;
        if (memcmp(c, "data", 4) == 0) return n == 0 && at + 8 < size ? at + 4 : -1;
        at += 8 + (sf_count_t)n + (sf_count_t)(n & 1);
    }
    return -1;
}

/* A file opened for reading: libsndfile's handle, and the patched view of
 * a WAV with a zero data size (NULL when read as it is). */
typedef struct opened {
    SNDFILE *sf;
    patched_wav *pw;
} opened;

static void close_opened(opened *o)
{
    if (o->sf) sf_close(o->sf);
    if (o->pw) {
        fclose(o->pw->f);
        free(o->pw);
    }
    o->sf = NULL;
    o->pw = NULL;
}

static int open_checked(const char *path, SF_INFO *info, opened *o, char *err, size_t err_len)
{
    o->sf = NULL;
    o->pw = NULL;
    struct stat stt;
    if (stat(path, &stt) != 0) {
        snprintf(err, err_len, "cannot open '%s': %s; check the path", path, strerror(errno));
        return 1;
    }
    if (access(path, R_OK) != 0) {
        snprintf(err, err_len, "cannot open '%s': %s; check its permissions", path, strerror(errno));
        return 1;
    }
    if (S_ISDIR(stt.st_mode)) {
        snprintf(err, err_len, "cannot open '%s': it is a directory; give a sound file", path);
        return 1;
    }
    if (!S_ISREG(stt.st_mode)) { /* a FIFO, /dev/stdin, /dev/zero: a stream, not a take */
        snprintf(err, err_len,
                 "cannot read '%s': not a regular file (a pipe or a device); save the recording to "
                 "a file and give that",
                 path);
        return 1;
    }
    if (stt.st_size == 0) {
        snprintf(err, err_len, "cannot read '%s': the file is empty (0 bytes); record or copy the take again", path);
        return 1;
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
        return 1;
    }
    if (info->frames <= 0 && (info->format & SF_FORMAT_TYPEMASK) == SF_FORMAT_WAV) {
        FILE *f = fopen(path, "rb");
        sf_count_t at = f ? zero_data_size_at(f, (sf_count_t)stt.st_size) : -1;
        patched_wav *pw = at >= 0 ? malloc(sizeof *pw) : NULL;
        if (pw) {
            *pw = (patched_wav){f, (sf_count_t)stt.st_size, 0, at};
            static SF_VIRTUAL_IO io = {pw_len, pw_seek, pw_read, pw_write, pw_tell};
            SF_INFO pinfo;
            memset(&pinfo, 0, sizeof pinfo);
            SNDFILE *psf = sf_open_virtual(&io, SFM_READ, &pinfo, pw);
            if (psf && pinfo.frames > 0) {
                sf_close(sf);
                sf = psf;
                *info = pinfo;
                o->pw = pw;
                f = NULL;
            } else {
                if (psf) sf_close(psf);
                free(pw);
            }
        }
        if (f) fclose(f);
    }
    o->sf = sf;
    if (info->frames <= 0) {
        if (header_says_truncated(sf))
            snprintf(err, err_len, "cannot analyse '%s': the file is truncated (its header promises "
                     "audio that is not there); re-export or re-record it", path);
        else
            snprintf(err, err_len, "cannot analyse '%s': it holds no audio (zero length)", path);
        close_opened(o);
        return 1;
    }
    if (info->channels < 1 || info->channels > 64) {
        snprintf(err, err_len, "cannot analyse '%s': it has %d channels; Podium reads 1 to 64",
                 path, info->channels);
        close_opened(o);
        return 1;
    }
    if (info->samplerate < PD_MIN_RATE_HZ || info->samplerate > PD_MAX_RATE_HZ) {
        snprintf(err, err_len, "cannot analyse '%s': its sample rate %d Hz is outside %d-%d Hz; "
                 "resample it (e.g. sox in.wav -r 16000 out.wav)", path, info->samplerate,
                 PD_MIN_RATE_HZ, PD_MAX_RATE_HZ);
        close_opened(o);
        return 1;
    }
    return 0;
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

/* the note of a file read through the patched view */
static void header_note(const opened *o, const char *path, const SF_INFO *info, char *err, size_t err_len)
{
    if (o->pw)
        snprintf(err, err_len,
                 "note: '%s': its header says it holds no audio, but %.2f s follow it: read them "
                 "all (the header was wrong; re-save the file to mend it)",
                 path, (double)info->frames / info->samplerate);
}

int pd_analyse_file(const char *path, const pd_analysis_config *cfg,
                    pd_report **out, char *err, size_t err_len)
{
    SF_INFO info;
    opened o;
    if (err_len) err[0] = 0;
    if (open_checked(path, &info, &o, err, err_len) != 0) return 1;
    SNDFILE *sf = o.sf;
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
    header_note(&o, path, &info, err, err_len);
done:
    pd_analyzer_destroy(a);
    close_opened(&o);
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
    opened o;
    if (err_len) err[0] = 0;
    if (open_checked(path, &info, &o, err, err_len) != 0) return 1;
    collect c = { NULL, 0, 0, info.channels };
    int rc = read_blocks(path, o.sf, &info, collect_block, &c, err, err_len);
    if (rc == 0) header_note(&o, path, &info, err, err_len);
    close_opened(&o);
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
