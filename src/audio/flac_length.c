/* flac_length.c - the total-samples field of a FLAC being written
 * (flac_length.h).
 *
 * The layout (FLAC format, https://xiph.org/flac/format.html, and RFC 9639
 * section 8.2): "fLaC", then the first metadata block, always STREAMINFO:
 * a 4-byte block header (type 0), then 2 bytes minimum and 2 bytes maximum
 * block size, 3 + 3 bytes frame sizes, then 20 bits sample rate, 3 bits
 * channels - 1, 5 bits bits per sample - 1 and 36 bits total samples: the
 * low 4 bits of byte 21 and bytes 22-25 of the file. libsndfile's encoder
 * uses one fixed block size (minimum = maximum) and libFLAC encodes a block
 * once it holds block size + 1 samples, writing it at once through
 * libsndfile's descriptor; so after F frames were fed,
 * floor((F - 1) / bs) * bs frames are on the disk. */
#include <fcntl.h>
#include <unistd.h>
#include "podium/flac_length.h"

long long pd_flac_frames_on_disk(long long frames_fed, int bs)
{
    if (frames_fed <= 0 || bs <= 0) return 0;
    return (frames_fed - 1) / bs * bs;
}

int pd_flac_set_length(const char *path, long long frames_fed)
{
    int fd = open(path, O_RDWR | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) return -1;
    unsigned char h[26];
    int rc = -1;
    if (pread(fd, h, sizeof h, 0) == (ssize_t)sizeof h && h[0] == 'f' && h[1] == 'L' && h[2] == 'a' &&
        h[3] == 'C' && (h[4] & 0x7F) == 0) {
        int min_bs = h[8] << 8 | h[9], max_bs = h[10] << 8 | h[11];
        long long n = pd_flac_frames_on_disk(frames_fed, max_bs);
        if (min_bs == max_bs && min_bs >= 16 && n < (1LL << 36)) {
            unsigned char f[5] = {(unsigned char)((h[21] & 0xF0) | (n >> 32 & 0x0F)),
                                  (unsigned char)(n >> 24), (unsigned char)(n >> 16), (unsigned char)(n >> 8),
                                  (unsigned char)n};
            if (pwrite(fd, f, sizeof f, 21) == (ssize_t)sizeof f) rc = 0;
        }
    }
    if (close(fd) != 0) rc = -1;
    return rc;
}
