/* take_writer.h - a take written to disk as it is captured (16-bit WAV).
 *
 * Minimal and replaceable: the recording library (issue 3) writes takes from
 * its own thread; the app only needs open / write / close. */
#ifndef PODIUM_TAKE_WRITER_H
#define PODIUM_TAKE_WRITER_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pd_take_writer pd_take_writer;

/* Creates path (and not its folder). Non-zero + one-line err on failure. */
int pd_take_writer_open(const char *path, int rate_hz, int channels, pd_take_writer **out,
                        char *err, size_t err_len);
/* Non-zero + err on a write failure (disk full): what was written stays. */
int pd_take_writer_write(pd_take_writer *w, const float *interleaved, size_t frames,
                         char *err, size_t err_len);
long long pd_take_writer_frames(const pd_take_writer *w);
/* Closes and frees; accepts NULL. Returns non-zero when the close failed. */
int pd_take_writer_close(pd_take_writer *w);

#ifdef __cplusplus
}
#endif
#endif
