/* prng.h - the exposure room's own seeded PRNG, shared by the audience's
 * model and the distraction sounds: xoroshiro128+ seeded through
 * splitmix64 (Blackman & Vigna), so a seed gives the same people and the
 * same sounds on every machine. Private to src/exposure (static inline). */
#ifndef PODIUM_EXPOSURE_PRNG_H
#define PODIUM_EXPOSURE_PRNG_H

#include <stdint.h>

static inline uint64_t splitmix64(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static inline void rng_seed(uint64_t st[2], uint64_t seed)
{
    st[0] = splitmix64(&seed);
    st[1] = splitmix64(&seed);
    if (!st[0] && !st[1]) st[1] = 1;
}

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static inline uint64_t rng_next(uint64_t st[2])
{
    uint64_t s0 = st[0], s1 = st[1], r = s0 + s1;
    s1 ^= s0;
    st[0] = rotl(s0, 24) ^ s1 ^ (s1 << 16);
    st[1] = rotl(s1, 37);
    return r;
}

static inline double uni(uint64_t st[2]) /* [0, 1) */
{
    return (double)(rng_next(st) >> 11) * (1.0 / 9007199254740992.0);
}

static inline double range(uint64_t st[2], double lo, double hi)
{
    return lo + (hi - lo) * uni(st);
}

#endif
