/* ringbuf.h - a lock-free single-producer / single-consumer ring buffer.
 *
 * The hand-off between a real-time audio callback and an ordinary thread
 * (PortAudio's paex_record_file.c, miniaudio's ma_pcm_rb): the callback
 * writes, one other thread reads, and neither ever blocks, locks or
 * allocates. Items have a fixed size (a frame of samples, an event record);
 * the capacity is rounded up to a power of two.
 *
 * Thread safety: exactly one producer thread may call the *_write functions
 * and pd_ringbuf_write_available(), and exactly one consumer thread the
 * *_read / *_peek / *_skip functions and pd_ringbuf_read_available(), at the
 * same time (C11 atomics, acquire/release). create and destroy are called
 * while neither side runs. Write, read, peek and skip never allocate, lock
 * or make system calls, so they are safe inside an audio callback. */
#ifndef PODIUM_RINGBUF_H
#define PODIUM_RINGBUF_H

#include <stddef.h>
#include "podium/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pd_ringbuf pd_ringbuf;

/* capacity: items (rounded up to a power of two); item_size: bytes per item.
 * Returns PD_ERR_INVALID_ARG or PD_ERR_NOMEM; *out untouched on error. */
pd_status pd_ringbuf_create(size_t capacity, size_t item_size, pd_ringbuf **out);
void pd_ringbuf_destroy(pd_ringbuf *rb);   /* accepts NULL */

size_t pd_ringbuf_capacity(const pd_ringbuf *rb);          /* items */
size_t pd_ringbuf_item_size(const pd_ringbuf *rb);         /* bytes */

/* Producer: copies up to n items in; returns how many fit (0..n). */
size_t pd_ringbuf_write(pd_ringbuf *rb, const void *items, size_t n);
size_t pd_ringbuf_write_available(const pd_ringbuf *rb);   /* free items */

/* Consumer: copies up to n items out and frees them; returns the count. */
size_t pd_ringbuf_read(pd_ringbuf *rb, void *items, size_t n);
/* Consumer: copies up to n items out without freeing them. */
size_t pd_ringbuf_peek(const pd_ringbuf *rb, void *items, size_t n);
/* Consumer: frees up to n items unread; returns the count. */
size_t pd_ringbuf_skip(pd_ringbuf *rb, size_t n);
size_t pd_ringbuf_read_available(const pd_ringbuf *rb);    /* filled items */

#ifdef __cplusplus
}
#endif
#endif
