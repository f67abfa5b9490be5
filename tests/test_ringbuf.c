/* test_ringbuf.c - the lock-free SPSC ring buffer: order, wrap-around,
 * peek/skip, bounds, and a producer and a consumer thread racing through
 * two million items (every item must arrive once, in order). */
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include "check.h"
#include "podium/ringbuf.h"

#define N_ITEMS 2000000u

static void *producer(void *arg)
{
    pd_ringbuf *rb = arg;
    uint32_t next = 0, chunk[97];
    unsigned seed = 1;
    while (next < N_ITEMS) {
        seed = seed * 1103515245u + 12345u;
        size_t n = 1 + (seed >> 16) % 97;
        if (n > N_ITEMS - next) n = N_ITEMS - next;
        for (size_t i = 0; i < n; i++) chunk[i] = next + (uint32_t)i;
        size_t done = 0;
        while (done < n) done += pd_ringbuf_write(rb, chunk + done, n - done);
        next += (uint32_t)n;
    }
    return NULL;
}

int main(void)
{
    pd_ringbuf *rb = NULL;
    CHECK(pd_ringbuf_create(0, 4, &rb) == PD_ERR_INVALID_ARG, "zero capacity refused");
    CHECK(pd_ringbuf_create(8, 0, &rb) == PD_ERR_INVALID_ARG, "zero item size refused");
    CHECK(rb == NULL, "out untouched on error");
    pd_ringbuf_destroy(NULL);

    /* 3-byte items, capacity 5 -> 8 */
    CHECK(pd_ringbuf_create(5, 3, &rb) == PD_OK && rb, "create");
    CHECK(pd_ringbuf_capacity(rb) == 8, "capacity rounded to 8, got %zu", pd_ringbuf_capacity(rb));
    CHECK(pd_ringbuf_item_size(rb) == 3, "item size");
    unsigned char in[30], out[30];
    for (int i = 0; i < 30; i++) in[i] = (unsigned char)(i + 1);
    CHECK(pd_ringbuf_write(rb, in, 10) == 8, "write stops at capacity");
    CHECK(pd_ringbuf_write_available(rb) == 0, "full");
    CHECK(pd_ringbuf_read_available(rb) == 8, "8 to read");
    CHECK(pd_ringbuf_peek(rb, out, 2) == 2 && memcmp(out, in, 6) == 0, "peek sees the first items");
    CHECK(pd_ringbuf_read_available(rb) == 8, "peek frees nothing");
    CHECK(pd_ringbuf_skip(rb, 3) == 3, "skip 3");
    CHECK(pd_ringbuf_read(rb, out, 2) == 2 && memcmp(out, in + 9, 6) == 0, "read after skip");
    /* wrap around: 3 left, write 5 more, read 8 */
    CHECK(pd_ringbuf_write(rb, in + 24, 2) == 2, "write across the end");
    CHECK(pd_ringbuf_read(rb, out, 10) == 5, "read all 5");
    CHECK(memcmp(out, in + 15, 9) == 0 && memcmp(out + 9, in + 24, 6) == 0, "order kept across the wrap");
    CHECK(pd_ringbuf_read(rb, out, 1) == 0 && pd_ringbuf_skip(rb, 1) == 0, "empty");
    pd_ringbuf_destroy(rb);

    /* two threads */
    CHECK(pd_ringbuf_create(1000, sizeof(uint32_t), &rb) == PD_OK, "create 1024");
    pthread_t t;
    pthread_create(&t, NULL, producer, rb);
    uint32_t expect = 0, buf[300];
    long bad = 0;
    unsigned seed = 7;
    while (expect < N_ITEMS) {
        seed = seed * 1103515245u + 12345u;
        size_t n = pd_ringbuf_read(rb, buf, 1 + (seed >> 16) % 300);
        for (size_t i = 0; i < n; i++) {
            if (buf[i] != expect) bad++;
            expect = buf[i] + 1;
        }
    }
    pthread_join(t, NULL);
    CHECK(bad == 0, "%ld items out of order", bad);
    CHECK(expect == N_ITEMS, "all items arrived: %u", expect);
    CHECK(pd_ringbuf_read_available(rb) == 0, "nothing left");
    pd_ringbuf_destroy(rb);
    CHECK_DONE();
}
