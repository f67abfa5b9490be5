/* test_flac_length.c - the length of a FLAC take killed mid-recording
 * (issue 11, defect 8; flac_length.c), without a sound device.
 *
 * A child writes a FLAC through libsndfile as the recorder does (16-bit,
 * the recorder's sf_write_sync, then pd_flac_set_length with the frames
 * fed), at several lengths, and dies with _exit (no sf_close: what kill -9
 * leaves). Then: libsndfile opens the file and its header gives
 * pd_flac_frames_on_disk frames (not 0), all of them read back with no
 * error and equal to what was written, sample for sample; without the
 * call the header says 0 (the defect, so the check can fail). A file that
 * is not a FLAC, or is missing, is left alone (-1). */
#include <fcntl.h>
#include <math.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"
#include "podium/flac_length.h"

#define RATE 16000

static short sample_at(long long i)
{
    return (short)(8000.0 * sin(2 * M_PI * 220.0 * (double)i / RATE) + (double)(i % 7) * 30.0);
}

/* in a child: n frames in chunks of 1000, synced every 8000 frames (as the
 * recorder every 0.5 s), then killed */
static void write_and_die(const char *path, long long n, int fix)
{
    pid_t pid = fork();
    if (pid == 0) {
        SF_INFO si = {.samplerate = RATE, .channels = 1, .format = SF_FORMAT_FLAC | SF_FORMAT_PCM_16};
        SNDFILE *sf = sf_open(path, SFM_WRITE, &si);
        if (!sf) _exit(3);
        short buf[1000];
        long long done = 0, synced = 0;
        while (done < n) {
            int k = n - done < 1000 ? (int)(n - done) : 1000;
            for (int i = 0; i < k; i++) buf[i] = sample_at(done + i);
            if (sf_writef_short(sf, buf, k) != k) _exit(4);
            done += k;
            if (done - synced >= 8000 || done == n) {
                sf_write_sync(sf);
                if (fix && pd_flac_set_length(path, done) != 0) _exit(5);
                synced = done;
            }
        }
        _exit(0); /* no sf_close: the encoder is never finished */
    }
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "writer child: status %d", status);
}

int main(void)
{
    char dir[] = "/tmp/podium-test-flac-XXXXXX";
    CHECK(mkdtemp(dir) != NULL, "scratch folder");
    char path[200];
    snprintf(path, sizeof path, "%s/take.flac", dir);
    CHECK(pd_flac_frames_on_disk(0, 4096) == 0 && pd_flac_frames_on_disk(4096, 4096) == 0 &&
              pd_flac_frames_on_disk(4097, 4096) == 4096 && pd_flac_frames_on_disk(10000, 4096) == 8192,
          "frames on disk: whole blocks less the one frame held back");
    static const long long lengths[] = {8000, 40000, 52001, 160000};
    for (size_t t = 0; t < sizeof lengths / sizeof lengths[0]; t++) {
        long long n = lengths[t];
        unlink(path);
        write_and_die(path, n, 1);
        SF_INFO si = {0};
        SNDFILE *sf = sf_open(path, SFM_READ, &si);
        CHECK(sf != NULL, "%lld frames: the killed take opens: %s", n, sf_strerror(NULL));
        if (!sf) continue;
        /* libsndfile's FLAC block size for 16 kHz: read it from the header */
        unsigned char h[12];
        FILE *f = fopen(path, "rb");
        CHECK(f && fread(h, 1, 12, f) == 12, "header");
        if (f) fclose(f);
        int bs = h[10] << 8 | h[11];
        long long want = pd_flac_frames_on_disk(n, bs);
        CHECK(si.frames == want && want > 0, "%lld frames fed: the header says %lld, want %lld (block %d)", n,
              (long long)si.frames, want, bs);
        CHECK(want >= n - bs - 1, "%lld frames: at most a block (%d) not counted", n, bs);
        short *x = malloc((size_t)(want + 10) * sizeof *x);
        sf_count_t got = x ? sf_readf_short(sf, x, want + 10) : 0;
        CHECK(got == want && sf_error(sf) == SF_ERR_NO_ERROR, "%lld: read %lld of %lld (%s)", n,
              (long long)got, want, sf_strerror(sf));
        long long diff = 0;
        for (sf_count_t i = 0; i < got; i++) diff += x[i] != sample_at(i);
        CHECK(diff == 0, "%lld: %lld samples differ from what was written", n, diff);
        free(x);
        sf_close(sf);
    }
    /* the defect, for reference: without the call a killed take says 0 */
    unlink(path);
    write_and_die(path, 40000, 0);
    SF_INFO si0 = {0};
    SNDFILE *sf0 = sf_open(path, SFM_READ, &si0);
    CHECK(sf0 == NULL || si0.frames == 0 || si0.frames == SF_COUNT_MAX,
          "without pd_flac_set_length the header gives no length (%lld)", (long long)si0.frames);
    if (sf0) sf_close(sf0);
    /* not a FLAC, missing: left alone */
    char other[220];
    snprintf(other, sizeof other, "%s/note.txt", dir);
    FILE *o = fopen(other, "w");
    if (o) {
        fputs("fLaX not a flac at all, just text here\n", o);
        fclose(o);
    }
    CHECK(pd_flac_set_length(other, 50000) == -1, "a text file is not touched");
    o = fopen(other, "r");
    char line[100] = "";
    if (o) {
        if (!fgets(line, sizeof line, o)) line[0] = 0;
        fclose(o);
    }
    CHECK(strcmp(line, "fLaX not a flac at all, just text here\n") == 0, "... unchanged");
    CHECK(pd_flac_set_length("/nonexistent/x.flac", 10) == -1, "a missing file");
    unlink(other);
    unlink(path);
    rmdir(dir);
    CHECK_DONE();
}
