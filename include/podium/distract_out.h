/* distract_out.h - the distraction sounds out of the loudspeakers: a
 * PortAudio output stream whose callback only copies from a lock-free ring
 * (never blocks; an empty ring plays silence) that the app's thread fills
 * ahead with the rendered track (distract.h). */
#ifndef PODIUM_DISTRACT_OUT_H
#define PODIUM_DISTRACT_OUT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pd_distract_out pd_distract_out;

/* Opens device (NULL: the default output; a name as `podium devices`
 * lists) for mono float samples at its own rate (written to *rate_hz) with
 * a ring of ring_s seconds, and starts it. pd_audio_init() first. 0, or 1
 * with err saying what failed and what to do. */
int pd_distract_out_open(const char *device, double ring_s, pd_distract_out **out, int *rate_hz, char *err,
                         size_t err_len);
/* Frames the ring can take now. */
size_t pd_distract_out_space(pd_distract_out *o);
/* Queues up to n frames; returns how many were taken. */
size_t pd_distract_out_write(pd_distract_out *o, const float *x, size_t n);
/* Frames the callback has played (taken from the ring or played as
 * silence when it was empty), and the stream's output latency, s. */
long long pd_distract_out_played(pd_distract_out *o);
double pd_distract_out_latency_s(pd_distract_out *o);
/* How many times the ring ran empty while the stream played (underruns). */
long pd_distract_out_underruns(pd_distract_out *o);
/* Stops, closes and frees (NULL accepted). */
void pd_distract_out_close(pd_distract_out *o);

#ifdef __cplusplus
}
#endif
#endif
