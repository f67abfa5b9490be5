/* fuzz_analyzer.c - the analyzer fed raw samples: the first bytes choose
 * the rate (any, also outside 8-192 kHz: refused), the channel count (1-8,
 * or 0: refused), the chunk size of each feed (1-4096 frames), the sample
 * format (16-bit integers or raw 32-bit floats, NaN and Inf included: those
 * are PD_ERR_BAD_SAMPLES) and up to three excluded intervals; the rest are
 * the samples. A report must hold together and be written (report_checks.h). */
#include <math.h>
#include "podium/analysis.h"
#include "report_checks.h"

static unsigned take(const uint8_t **p, size_t *n, int bytes)
{
    unsigned v = 0;
    for (int i = 0; i < bytes; i++) {
        v = v << 8 | (*n ? **p : 0);
        if (*n) (*p)++, (*n)--;
    }
    return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *p = data;
    size_t n = size;
    unsigned flags = take(&p, &n, 1);
    unsigned rate_b = take(&p, &n, 3);
    int rate = flags & 0x80 ? (int)rate_b - 1000
                            : PD_MIN_RATE_HZ + (int)(rate_b % (PD_MAX_RATE_HZ - PD_MIN_RATE_HZ + 1));
    int channels = (int)(take(&p, &n, 1) % 9);
    size_t chunk = 1 + take(&p, &n, 2) % 4096;
    int floats = flags & 0x40;
    pd_analysis_config cfg;
    pd_analysis_config_init(&cfg, flags & 0x20 ? "it" : "en");
    pd_interval ex[3];
    size_t n_ex = flags & 3;
    for (size_t i = 0; i < n_ex; i++) {
        ex[i].start_s = take(&p, &n, 2) / 1000.0;
        ex[i].end_s = ex[i].start_s + take(&p, &n, 2) / 1000.0; /* may be empty: refused */
    }
    cfg.exclude = ex;
    cfg.n_exclude = n_ex;
    if (flags & 0x10) { /* the other settings at their edges */
        cfg.f0_min_hz = 30 + take(&p, &n, 1);
        cfg.f0_max_hz = cfg.f0_min_hz + 1 + take(&p, &n, 2) % 1000;
        cfg.min_pause_s = take(&p, &n, 1) / 100.0;
    }

    pd_analyzer *a = NULL;
    pd_status st = pd_analyzer_create(&cfg, rate, channels, &a);
    if (rate < PD_MIN_RATE_HZ || rate > PD_MAX_RATE_HZ || channels < 1) {
        FUZZ_CHECK(st != PD_OK && a == NULL, "rate %d channels %d refused", rate, channels);
        return 0;
    }
    if (st != PD_OK) {
        FUZZ_CHECK(st == PD_ERR_INVALID_ARG && n_ex > 0, "create: %d", (int)st); /* an empty interval */
        return 0;
    }
    size_t bps = floats ? 4 : 2, frames = n / (bps * (size_t)channels);
    float *x = malloc((frames * (size_t)channels + 1) * sizeof *x);
    if (!x) abort();
    int bad = 0;
    for (size_t i = 0; i < frames * (size_t)channels; i++) {
        if (floats) {
            uint32_t u = take(&p, &n, 4);
            memcpy(&x[i], &u, 4);
            bad |= !isfinite(x[i]);
        } else {
            x[i] = (float)(int16_t)take(&p, &n, 2) / 32768.0f;
        }
    }
    if (flags & 0x08) pd_analyzer_reserve(a, (long long)frames);
    for (size_t at = 0; at < frames && st == PD_OK; at += chunk) {
        size_t m = frames - at < chunk ? frames - at : chunk;
        st = pd_analyzer_feed(a, x + at * (size_t)channels, m);
    }
    free(x);
    if (bad) {
        FUZZ_CHECK(st == PD_ERR_BAD_SAMPLES, "NaN/Inf refused: %d", (int)st);
        pd_analyzer_destroy(a);
        return 0;
    }
    FUZZ_CHECK(st == PD_OK, "feed: %d", (int)st);
    pd_report *r = NULL;
    st = pd_analyzer_finish(a, &r);
    pd_analyzer_destroy(a);
    if (frames == 0) {   /* no audio at all: refused as empty (CI's fuzzing found the case) */
        FUZZ_CHECK(st == PD_ERR_EMPTY && !r, "no frames: %d", (int)st);
        return 0;
    }
    FUZZ_CHECK(st == PD_OK && r, "finish: %d", (int)st);
    FUZZ_CHECK(fabs(r->duration_s - (double)frames / rate) < 1e-6, "duration %g for %zu frames at %d Hz",
               r->duration_s, frames, rate);
    check_and_write_report(r);
    pd_report_destroy(r);
    return 0;
}
