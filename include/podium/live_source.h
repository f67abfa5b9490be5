/* live_source.h - where a drill's samples come from, as they are captured.
 *
 * The app pulls audio through this small interface once per frame. The
 * microphone capture of the recording library (issue 3, PortAudio) is meant
 * to implement it (its callback fills a ring buffer; read() drains it); the
 * demo source below plays a file into the drill in real time, so the whole
 * flow works with no microphone (`podium --demo`, CI). */
#ifndef PODIUM_LIVE_SOURCE_H
#define PODIUM_LIVE_SOURCE_H

#include <stddef.h>
#include "podium/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pd_live_source pd_live_source;
struct pd_live_source {
    int rate_hz;
    int channels;
    /* Copies up to max_frames of the audio captured since the last call into
     * out (interleaved). Never blocks. Returns the frames copied, or -1 on a
     * failure described in err (device lost...). */
    long (*read)(pd_live_source *s, float *out, size_t max_frames);
    void (*destroy)(pd_live_source *s);
    char err[256];
};

/* Seconds on some monotonic clock: the app's (an injected one in tests). */
typedef double (*pd_clock_fn)(void *ctx);

/* A file played into the drill at the pace of clock: the file, then gap_s
 * of silence, over and over. On failure returns non-zero and writes a
 * one-line message to err. */
int pd_demo_source_create(const char *path, double gap_s, pd_clock_fn clock, void *clock_ctx,
                          pd_live_source **out, char *err, size_t err_len);

static inline void pd_live_source_destroy(pd_live_source *s)
{
    if (s) s->destroy(s);
}

#ifdef __cplusplus
}
#endif
#endif
