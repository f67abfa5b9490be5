/* audio_file.h - reading takes from disk with libsndfile (the I/O edge of
 * the analysis: the core never opens files). */
#ifndef PODIUM_AUDIO_FILE_H
#define PODIUM_AUDIO_FILE_H

#include <stddef.h>
#include "podium/analysis.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Streams the file through an analyzer in blocks (memory does not grow
 * with the file's length, apart from the contours) and returns the report.
 * On failure returns non-zero and writes one line to err that names the
 * file, the problem and what to do. On success err holds "" or a note to
 * show (a WAV whose header said it held no audio was read to its end: "the
 * header was wrong"). Only regular files are read: a FIFO or a device is
 * "not a regular file". */
int pd_analyse_file(const char *path, const pd_analysis_config *cfg,
                    pd_report **out, char *err, size_t err_len);

/* Reads a whole file as interleaved floats (for tests and replays of short
 * takes). Caller frees *samples. Same error convention. */
int pd_read_file(const char *path, float **samples, size_t *frames, int *rate_hz,
                 int *channels, char *err, size_t err_len);

/* Shortens a sound file in place to its first `frames` frames (a take
 * stopped at an earlier moment than its recording ran: the drill's "Stop
 * this take?" keeps what came before the question). The header is
 * rewritten. A file already that short is left as it is. 0, or non-zero +
 * one line in err. */
int pd_cut_file(const char *path, long long frames, char *err, size_t err_len);

#ifdef __cplusplus
}
#endif
#endif
