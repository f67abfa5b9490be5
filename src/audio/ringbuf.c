/* ringbuf.c - lock-free SPSC ring buffer (see ringbuf.h).
 *
 * head counts items ever written, tail items ever read (both wrap modulo
 * SIZE_MAX + 1, which a power-of-two capacity divides). The producer owns
 * head and publishes it with a release store after copying the items in;
 * the consumer reads head with an acquire load before copying them out, and
 * symmetrically for tail. head and tail sit on separate cache lines so the
 * two sides do not false-share. */
#include <stdalign.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include "podium/ringbuf.h"

struct pd_ringbuf {
    alignas(64) atomic_size_t head;
    alignas(64) atomic_size_t tail;
    alignas(64) size_t cap;       /* items, a power of two */
    size_t mask;
    size_t item;                  /* bytes per item */
    unsigned char *data;          /* cap * item bytes */
};

pd_status pd_ringbuf_create(size_t capacity, size_t item_size, pd_ringbuf **out)
{
    if (!out || capacity == 0 || item_size == 0 || capacity > ((size_t)1 << 40)) return PD_ERR_INVALID_ARG;
    size_t cap = 1;
    while (cap < capacity) cap <<= 1;
    if (cap > (size_t)-1 / item_size) return PD_ERR_INVALID_ARG;
    pd_ringbuf *rb = aligned_alloc(64, (sizeof *rb + 63) / 64 * 64);
    if (!rb) return PD_ERR_NOMEM;
    memset(rb, 0, sizeof *rb);
    rb->data = malloc(cap * item_size);
    if (!rb->data) {
        free(rb);
        return PD_ERR_NOMEM;
    }
    atomic_init(&rb->head, 0);
    atomic_init(&rb->tail, 0);
    rb->cap = cap;
    rb->mask = cap - 1;
    rb->item = item_size;
    *out = rb;
    return PD_OK;
}

void pd_ringbuf_destroy(pd_ringbuf *rb)
{
    if (!rb) return;
    free(rb->data);
    free(rb);
}

size_t pd_ringbuf_capacity(const pd_ringbuf *rb) { return rb->cap; }
size_t pd_ringbuf_item_size(const pd_ringbuf *rb) { return rb->item; }

size_t pd_ringbuf_write_available(const pd_ringbuf *rb)
{
    size_t head = atomic_load_explicit(&rb->head, memory_order_relaxed);
    size_t tail = atomic_load_explicit(&rb->tail, memory_order_acquire);
    return rb->cap - (head - tail);
}

size_t pd_ringbuf_read_available(const pd_ringbuf *rb)
{
    size_t tail = atomic_load_explicit(&rb->tail, memory_order_relaxed);
    size_t head = atomic_load_explicit(&rb->head, memory_order_acquire);
    return head - tail;
}

/* copies n items between the ring (starting at index pos) and buf */
static void copy_out(const pd_ringbuf *rb, size_t pos, void *buf, size_t n)
{
    size_t i = pos & rb->mask;
    size_t first = rb->cap - i < n ? rb->cap - i : n;
    memcpy(buf, rb->data + i * rb->item, first * rb->item);
    if (n > first) memcpy((unsigned char *)buf + first * rb->item, rb->data, (n - first) * rb->item);
}

size_t pd_ringbuf_write(pd_ringbuf *rb, const void *items, size_t n)
{
    size_t head = atomic_load_explicit(&rb->head, memory_order_relaxed);
    size_t tail = atomic_load_explicit(&rb->tail, memory_order_acquire);
    size_t room = rb->cap - (head - tail);
    if (n > room) n = room;
    if (n == 0) return 0;
    size_t i = head & rb->mask;
    size_t first = rb->cap - i < n ? rb->cap - i : n;
    memcpy(rb->data + i * rb->item, items, first * rb->item);
    if (n > first) memcpy(rb->data, (const unsigned char *)items + first * rb->item, (n - first) * rb->item);
    atomic_store_explicit(&rb->head, head + n, memory_order_release);
    return n;
}

size_t pd_ringbuf_peek(const pd_ringbuf *rb, void *items, size_t n)
{
    size_t tail = atomic_load_explicit(&rb->tail, memory_order_relaxed);
    size_t head = atomic_load_explicit(&rb->head, memory_order_acquire);
    if (n > head - tail) n = head - tail;
    if (n) copy_out(rb, tail, items, n);
    return n;
}

size_t pd_ringbuf_skip(pd_ringbuf *rb, size_t n)
{
    size_t tail = atomic_load_explicit(&rb->tail, memory_order_relaxed);
    size_t head = atomic_load_explicit(&rb->head, memory_order_acquire);
    if (n > head - tail) n = head - tail;
    atomic_store_explicit(&rb->tail, tail + n, memory_order_release);
    return n;
}

size_t pd_ringbuf_read(pd_ringbuf *rb, void *items, size_t n)
{
    n = pd_ringbuf_peek(rb, items, n);
    atomic_store_explicit(&rb->tail, atomic_load_explicit(&rb->tail, memory_order_relaxed) + n,
                          memory_order_release);
    return n;
}
