/* png.c - a minimal PNG writer: 8-bit RGB, zlib stream of "stored" deflate
 * blocks (RFC 1950/1951, no compression), CRC-32 per chunk (PNG spec, ISO
 * 15948 / W3C 2003). Screenshots are a few MB; no library needed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ui.h"

static unsigned long crc_update(unsigned long crc, const unsigned char *p, size_t n)
{
    static const unsigned long poly = 0xEDB88320UL;
    for (size_t i = 0; i < n; i++) {
        crc ^= p[i];
        for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (poly & (0UL - (crc & 1UL)));
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

int pd_png_write_rgb(const char *path, int w, int h, const unsigned char *rgb, int stride)
{
    if (w <= 0 || h <= 0) return 1;
    size_t row = (size_t)w * 3 + 1;              /* filter byte 0 + pixels */
    size_t raw_len = row * (size_t)h;
    size_t nblocks = (raw_len + 65534) / 65535;
    size_t z_len = 2 + raw_len + nblocks * 5 + 4;
    unsigned char *z = malloc(z_len);
    unsigned char *raw = malloc(raw_len);
    if (!z || !raw) {
        free(z);
        free(raw);
        return 1;
    }
    for (int y = 0; y < h; y++) {
        raw[(size_t)y * row] = 0;
        memcpy(raw + (size_t)y * row + 1, rgb + (size_t)y * (size_t)stride, (size_t)w * 3);
    }
    size_t o = 0;
    z[o++] = 0x78;                               /* deflate, 32 K window */
    z[o++] = 0x01;                               /* (0x7801 % 31 == 0) */
    unsigned long a = 1, b = 0;                  /* Adler-32 */
    for (size_t i = 0; i < raw_len; i++) {
        a = (a + raw[i]) % 65521UL;
        b = (b + a) % 65521UL;
    }
    for (size_t off = 0; off < raw_len; off += 65535) {
        size_t n = raw_len - off < 65535 ? raw_len - off : 65535;
        z[o++] = off + n == raw_len ? 1 : 0;     /* BFINAL, BTYPE = 00 stored */
        z[o++] = (unsigned char)(n & 0xFF);
        z[o++] = (unsigned char)(n >> 8);
        z[o++] = (unsigned char)(~n & 0xFF);
        z[o++] = (unsigned char)((~n >> 8) & 0xFF);
        memcpy(z + o, raw + off, n);
        o += n;
    }
    put32(z + o, (b << 16) | a);
    o += 4;
    free(raw);

    FILE *f = fopen(path, "wb");
    if (!f) {
        free(z);
        return 1;
    }
    static const unsigned char sig[8] = { 137, 'P', 'N', 'G', 13, 10, 26, 10 };
    unsigned char ihdr[13];
    put32(ihdr, (unsigned long)w);
    put32(ihdr + 4, (unsigned long)h);
    ihdr[8] = 8;                                 /* bit depth */
    ihdr[9] = 2;                                 /* colour type: RGB */
    ihdr[10] = ihdr[11] = ihdr[12] = 0;
    int bad = fwrite(sig, 1, 8, f) != 8;
    bad |= chunk(f, "IHDR", ihdr, 13);
    bad |= chunk(f, "IDAT", z, o);
    bad |= chunk(f, "IEND", NULL, 0);
    bad |= fclose(f) != 0;
    free(z);
    return bad;
}
