/* test_synthetic.c - the analysis core on signals with known answers.
 *
 * - Loudness: EBU Tech 3341 (2016) cases 1-5, a 1 kHz sine in stereo at
 *   48 kHz, expected -23.0 or -33.0 LUFS, tolerance +/-0.1 LU (the
 *   tolerance Tech 3341 itself sets); the mono convention (one channel,
 *   as ffmpeg's ebur128 filter: a -23 dBFS sine reads -26.0 LUFS).
 * - Sample peak and clipped-sample counts on signals built sample by sample.
 * - Silence and noise alone: no speech, no syllables, a "no_speech" item.
 * - API errors: NaN/Inf samples, zero frames, unsupported rates, bad
 *   arguments, calls in the wrong order; out-pointers untouched on error.
 * - Feedback config parsing: overrides, unknown keys, bad lines (line numbers).
 * - Streaming: one buffer and odd-sized chunks give identical reports.
 * - The report's JSON parses (a small strict JSON checker below). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "fake_report.h"
#include "podium/analysis.h"
#include "podium/feedback.h"
#include "podium/report.h"

#define PI 3.14159265358979323846

/* ---- signals -------------------------------------------------------------- */

typedef struct seg {
    double dbfs;     /* sine peak level */
    double seconds;
} seg;

/* A 1 kHz sine through level steps, phase continuous, copied to every channel. */
static float *sine_steps(const seg *segs, int nseg, int rate, int channels, size_t *frames)
{
    size_t n = 0;
    for (int i = 0; i < nseg; i++) n += (size_t)llround(segs[i].seconds * rate);
    float *x = malloc(n * (size_t)channels * sizeof *x);
    if (!x) { fprintf(stderr, "out of memory\n"); exit(2); }
    size_t k = 0;
    for (int i = 0; i < nseg; i++) {
        double amp = pow(10.0, segs[i].dbfs / 20.0);
        size_t len = (size_t)llround(segs[i].seconds * rate);
        for (size_t j = 0; j < len; j++, k++) {
            float v = (float)(amp * sin(2.0 * PI * 1000.0 * (double)k / rate));
            for (int c = 0; c < channels; c++) x[k * (size_t)channels + (size_t)c] = v;
        }
    }
    *frames = n;
    return x;
}

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static double urand(void)   /* xorshift64*, uniform in (0, 1) */
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return ((double)((rng_state * 2685821657736338717ull) >> 11) + 0.5) / 9007199254740992.0;
}
static double gauss(void) { return sqrt(-2.0 * log(urand())) * cos(2.0 * PI * urand()); }

/* A speech-like test signal: "syllables" of a harmonic complex (F0 gliding
 * 110-150 Hz, 12 harmonics with a falling spectrum), raised-cosine envelopes
 * of 160 ms at 4-5 per second, phrases separated by silent gaps, plus faint
 * noise. Used where only determinism matters, not accuracy. */
static float *speechlike(int rate, int channels, double seconds, size_t *frames)
{
    size_t n = (size_t)llround(seconds * rate);
    float *x = calloc(n * (size_t)channels, sizeof *x);
    if (!x) { fprintf(stderr, "out of memory\n"); exit(2); }
    double phase = 0.0;
    for (size_t k = 0; k < n; k++) {
        double t = (double)k / rate;
        double f0 = 130.0 + 20.0 * sin(2.0 * PI * 0.3 * t);
        phase += 2.0 * PI * f0 / rate;
        double in_phrase = fmod(t, 3.0) < 2.2 && t > 0.4;   /* 0.8 s gaps */
        double ts = fmod(t, 0.22);                          /* ~4.5 syllables/s */
        double env = (in_phrase && ts < 0.16) ? 0.5 - 0.5 * cos(2.0 * PI * ts / 0.16) : 0.0;
        double v = 0.0;
        for (int h = 1; h <= 12; h++) v += sin(h * phase) / h;
        v = 0.25 * env * v + 1e-4 * gauss();
        for (int c = 0; c < channels; c++)
            x[k * (size_t)channels + (size_t)c] = (float)(v * (c == 1 ? 0.7 : 1.0));
    }
    *frames = n;
    return x;
}

/* ---- a strict JSON checker (RFC 8259 grammar, no extensions) -------------- */

typedef struct jp { const char *p; int depth; } jp;
static int j_value(jp *j);
static void j_ws(jp *j) { while (*j->p == ' ' || *j->p == '\n' || *j->p == '\r' || *j->p == '\t') j->p++; }
static int j_lit(jp *j, const char *s)
{
    size_t n = strlen(s);
    if (strncmp(j->p, s, n) != 0) return 0;
    j->p += n;
    return 1;
}
static int j_string(jp *j)
{
    if (*j->p != '"') return 0;
    j->p++;
    while (*j->p != '"') {
        unsigned char c = (unsigned char)*j->p;
        if (c < 0x20) return 0;
        if (c == '\\') {
            j->p++;
            if (*j->p == 'u') {
                for (int i = 1; i <= 4; i++)
                    if (!strchr("0123456789abcdefABCDEF", j->p[i]) || !j->p[i]) return 0;
                j->p += 5;
                continue;
            }
            if (!*j->p || !strchr("\"\\/bfnrt", *j->p)) return 0;
        }
        j->p++;
    }
    j->p++;
    return 1;
}
static int j_number(jp *j)
{
    const char *s = j->p;
    if (*s == '-') s++;
    if (*s == '0') s++;
    else if (*s >= '1' && *s <= '9') while (*s >= '0' && *s <= '9') s++;
    else return 0;
    if (*s == '.') {
        s++;
        if (!(*s >= '0' && *s <= '9')) return 0;
        while (*s >= '0' && *s <= '9') s++;
    }
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '+' || *s == '-') s++;
        if (!(*s >= '0' && *s <= '9')) return 0;
        while (*s >= '0' && *s <= '9') s++;
    }
    j->p = s;
    return 1;
}
static int j_value(jp *j)
{
    j_ws(j);
    if (++j->depth > 64) return 0;
    int ok = 0;
    if (*j->p == '{') {
        j->p++;
        j_ws(j);
        if (*j->p == '}') { j->p++; ok = 1; }
        else for (;;) {
            j_ws(j);
            if (!j_string(j)) break;
            j_ws(j);
            if (*j->p++ != ':') break;
            if (!j_value(j)) break;
            j_ws(j);
            if (*j->p == ',') { j->p++; continue; }
            if (*j->p == '}') { j->p++; ok = 1; }
            break;
        }
    } else if (*j->p == '[') {
        j->p++;
        j_ws(j);
        if (*j->p == ']') { j->p++; ok = 1; }
        else for (;;) {
            if (!j_value(j)) break;
            j_ws(j);
            if (*j->p == ',') { j->p++; continue; }
            if (*j->p == ']') { j->p++; ok = 1; }
            break;
        }
    } else if (*j->p == '"') ok = j_string(j);
    else if (*j->p == 't') ok = j_lit(j, "true");
    else if (*j->p == 'f') ok = j_lit(j, "false");
    else if (*j->p == 'n') ok = j_lit(j, "null");
    else ok = j_number(j);
    j->depth--;
    return ok;
}
/* 1 when text is exactly one JSON value (surrounding white space allowed). */
static int json_valid(const char *text)
{
    jp j = { text, 0 };
    if (!j_value(&j)) return 0;
    j_ws(&j);
    return *j.p == 0;
}

static char *report_json(const pd_report *r, int tracks)
{
    pd_sb sb;
    pd_sb_init(&sb);
    pd_report_json(r, tracks, &sb);
    if (pd_sb_status(&sb) != PD_OK) { pd_sb_free(&sb); return NULL; }
    return sb.data;   /* caller frees */
}

static int has_feedback(const pd_report *r, const char *id)
{
    for (size_t i = 0; i < r->n_feedback; i++)
        if (strcmp(r->feedback[i].id, id) == 0) return 1;
    return 0;
}

/* ---- tests ---------------------------------------------------------------- */

static void test_json_checker(void)
{
    /* the checker must itself reject what is not JSON */
    CHECK(json_valid("{\"a\": [1, -2.5e3, null, true, \"x\\n\"]}"), "valid JSON rejected");
    CHECK(!json_valid("{\"a\": nan}"), "nan accepted");
    CHECK(!json_valid("{\"a\": -inf}"), "-inf accepted");
    CHECK(!json_valid("{\"a\": 1,}"), "trailing comma accepted");
    CHECK(!json_valid("{\"a\": 1} x"), "trailing text accepted");
    CHECK(!json_valid("{\"a\": 1.}"), "bad number accepted");
    CHECK(!json_valid("{\"a\": 1,5}"), "decimal comma accepted");
}

/* EBU Tech 3341 (2016), table 1, cases 1-5: expected -23.0 LUFS (case 2:
 * -33.0), tolerance +/-0.1 LU. Stereo 1 kHz sine at 48 kHz. */
static void test_ebu3341(void)
{
    static const seg c1[] = { { -23, 20 } };
    static const seg c2[] = { { -33, 20 } };
    static const seg c3[] = { { -36, 10 }, { -23, 60 }, { -36, 10 } };
    static const seg c4[] = { { -72, 10 }, { -36, 10 }, { -23, 60 }, { -36, 10 }, { -72, 10 } };
    static const seg c5[] = { { -26, 20 }, { -20, 20.1 }, { -26, 20 } };
    static const struct { const seg *s; int n; double lufs; } cases[] = {
        { c1, 1, -23.0 }, { c2, 1, -33.0 }, { c3, 3, -23.0 }, { c4, 5, -23.0 }, { c5, 3, -23.0 },
    };
    for (int i = 0; i < 5; i++) {
        size_t frames;
        float *x = sine_steps(cases[i].s, cases[i].n, 48000, 2, &frames);
        pd_report *r = NULL;
        pd_status st = pd_analyse_buffer(NULL, x, frames, 48000, 2, &r);
        CHECK(st == PD_OK, "Tech 3341 case %d: %s", i + 1, pd_status_str(st));
        if (r) {
            char what[64];
            snprintf(what, sizeof what, "Tech 3341 case %d integrated loudness (LUFS)", i + 1);
            CHECK_NEAR(r->loudness_lufs, cases[i].lufs, 0.1, what);
            CHECK(r->channels == 2 && r->sample_rate_hz == 48000, "case %d: %d ch, %d Hz",
                  i + 1, r->channels, r->sample_rate_hz);
            CHECK_NEAR(r->duration_s, (double)frames / 48000.0, 1e-9, "duration_s");
        }
        pd_report_destroy(r);
        free(x);
    }
}

/* Mono: libebur128 and ffmpeg's ebur128 filter treat a mono file as one
 * channel (weight 1.0, no doubling), so a -23 dBFS sine reads
 * -23 + 10*log10(1/2) = -26.01 LUFS. */
static void test_mono_convention(void)
{
    static const seg s[] = { { -23, 20 } };
    size_t frames;
    float *x = sine_steps(s, 1, 48000, 1, &frames);
    pd_report *r = NULL;
    pd_status st = pd_analyse_buffer(NULL, x, frames, 48000, 1, &r);
    CHECK(st == PD_OK, "mono sine: %s", pd_status_str(st));
    if (r) CHECK_NEAR(r->loudness_lufs, -23.0 + 10.0 * log10(0.5), 0.1, "mono -23 dBFS sine (LUFS)");
    pd_report_destroy(r);
    free(x);
}

/* Sample peak and clipped samples (|x| >= 0.9999, i.e. full scale in any
 * format up to 16 bits) on signals whose values are set sample by sample. */
static void test_peak_and_clipping(void)
{
    const int rate = 16000;
    const size_t n = 3 * (size_t)rate;
    float *x = malloc(2 * n * sizeof *x);
    if (!x) exit(2);
    /* 400 Hz at 16 kHz: 40 samples a period, sample 10 is exactly the crest */
    for (size_t k = 0; k < n; k++) x[k] = (float)(0.5 * sin(2.0 * PI * 400.0 * (double)k / rate));
    pd_report *r = NULL;
    CHECK(pd_analyse_buffer(NULL, x, n, rate, 1, &r) == PD_OK, "peak signal");
    if (r) {
        CHECK_NEAR(r->peak_dbfs, 20.0 * log10(0.5), 0.001, "peak of a 0.5 sine (dBFS)");
        CHECK(r->clipped_samples == 0, "clipped samples of a 0.5 sine: %ld", r->clipped_samples);
    }
    pd_report_destroy(r);

    /* 7 samples at +1.0, 3 at -1.0 (= full scale in 16-bit: -32768/32768),
     * 2 at 0.99 (not clipped) */
    for (int i = 0; i < 7; i++) x[1000 + 997 * i] = 1.0f;
    for (int i = 0; i < 3; i++) x[20000 + 1009 * i] = -1.0f;
    x[30001] = 0.99f;
    x[30002] = -0.99f;
    r = NULL;
    CHECK(pd_analyse_buffer(NULL, x, n, rate, 1, &r) == PD_OK, "clipped signal");
    if (r) {
        CHECK_NEAR(r->peak_dbfs, 0.0, 0.001, "peak with full-scale samples (dBFS)");
        CHECK(r->clipped_samples == 10, "clipped samples: expected 10, got %ld", r->clipped_samples);
        pd_feedback_bounds b;
        pd_feedback_bounds_init(&b);
        CHECK(pd_feedback_evaluate(r, &b, "en") == PD_OK, "feedback");
        /* (feedback on a take without speech is only "no_speech") */
        if (r->speech_detected) CHECK(has_feedback(r, "clipping"), "no 'clipping' item with 10 clipped samples");
    }
    pd_report_destroy(r);

    /* stereo: each clipped sample counts, per channel; the peak is the
     * largest over all channels */
    for (size_t k = 0; k < n; k++) {
        x[2 * k] = (float)(0.25 * sin(2.0 * PI * 400.0 * (double)k / rate));
        x[2 * k + 1] = 0.0f;
    }
    x[2 * 500 + 1] = -1.0f;
    x[2 * 501 + 1] = 1.0f;
    x[2 * 800] = 1.0f;
    r = NULL;
    CHECK(pd_analyse_buffer(NULL, x, n, rate, 2, &r) == PD_OK, "stereo clipped signal");
    if (r) {
        CHECK(r->clipped_samples == 3, "stereo clipped samples: expected 3, got %ld", r->clipped_samples);
        CHECK_NEAR(r->peak_dbfs, 0.0, 0.001, "stereo peak (dBFS)");
    }
    pd_report_destroy(r);
    free(x);
}

/* Silence and noise alone are not errors: no speech, no syllables, and the
 * feedback says so. */
static void check_no_speech(const char *what, const float *x, size_t frames, int rate, int ch)
{
    pd_report *r = NULL;
    pd_status st = pd_analyse_buffer(NULL, x, frames, rate, ch, &r);
    CHECK(st == PD_OK, "%s: %s", what, pd_status_str(st));
    if (!r) return;
    CHECK(!r->speech_detected, "%s: speech_detected is true", what);
    CHECK(r->syllables == 0, "%s: %d syllables", what, r->syllables);
    CHECK(r->n_filled_pauses == 0, "%s: %zu filled pauses", what, r->n_filled_pauses);
    pd_feedback_bounds b;
    pd_feedback_bounds_init(&b);
    CHECK(pd_feedback_evaluate(r, &b, "en") == PD_OK, "%s: feedback", what);
    CHECK(has_feedback(r, "no_speech"), "%s: no 'no_speech' feedback item", what);
    char *js = report_json(r, 1);
    CHECK(js && json_valid(js), "%s: report JSON (with tracks) does not parse", what);
    CHECK(js && strstr(js, "\"speech_detected\": false"), "%s: JSON lacks speech_detected false", what);
    free(js);
    pd_report_destroy(r);
}

static void test_no_speech(void)
{
    const int rate = 16000;
    const size_t n = 10 * (size_t)rate;
    float *x = calloc(2 * n, sizeof *x);
    if (!x) exit(2);
    check_no_speech("digital silence (mono)", x, n, rate, 1);
    check_no_speech("digital silence (stereo)", x, n, rate, 2);
    /* white Gaussian noise, -40 dBFS RMS */
    for (size_t k = 0; k < n; k++) x[k] = (float)(0.01 * gauss());
    check_no_speech("white noise -40 dBFS", x, n, rate, 1);
    /* louder white noise, -20 dBFS RMS */
    for (size_t k = 0; k < n; k++) x[k] = (float)(0.1 * gauss());
    check_no_speech("white noise -20 dBFS", x, n, rate, 1);
    /* pink-ish noise (white through a one-pole low-pass at ~200 Hz), like room rumble */
    double y = 0.0;
    for (size_t k = 0; k < n; k++) {
        y += 0.08 * (gauss() - y);
        x[k] = (float)(0.05 * y);
    }
    check_no_speech("low-passed noise", x, n, rate, 1);
    /* noise at 48 kHz stereo, independent channels */
    const size_t n48 = 5 * 48000;
    float *z = malloc(2 * n48 * sizeof *z);
    if (!z) exit(2);
    for (size_t k = 0; k < 2 * n48; k++) z[k] = (float)(0.03 * gauss());
    check_no_speech("white noise, 48 kHz stereo", z, n48, 48000, 2);
    free(z);
    free(x);
}

static void test_api_errors(void)
{
    const int rate = 16000;
    float x[3200];
    for (int k = 0; k < 3200; k++) x[k] = (float)(0.1 * sin(2.0 * PI * 200.0 * k / rate));
    static pd_report dummy;
    pd_report *sentinel = &dummy;   /* out-pointers must stay untouched on error */
    pd_report *r = sentinel;

    x[1234] = NAN;
    CHECK(pd_analyse_buffer(NULL, x, 3200, rate, 1, &r) == PD_ERR_BAD_SAMPLES, "NaN sample");
    CHECK(r == sentinel, "out-pointer written on NaN error");
    x[1234] = INFINITY;
    CHECK(pd_analyse_buffer(NULL, x, 3200, rate, 1, &r) == PD_ERR_BAD_SAMPLES, "+Inf sample");
    x[1234] = -INFINITY;
    CHECK(pd_analyse_buffer(NULL, x, 1600, rate, 2, &r) == PD_ERR_BAD_SAMPLES, "-Inf sample (stereo)");
    x[1234] = 0.0f;
    x[3199] = NAN;   /* the very last sample */
    CHECK(pd_analyse_buffer(NULL, x, 3200, rate, 1, &r) == PD_ERR_BAD_SAMPLES, "NaN as last sample");
    x[3199] = 0.0f;
    CHECK(r == sentinel, "out-pointer written on error");

    CHECK(pd_analyse_buffer(NULL, x, 0, rate, 1, &r) == PD_ERR_EMPTY, "zero frames");
    CHECK(pd_analyse_buffer(NULL, NULL, 0, rate, 1, &r) == PD_ERR_EMPTY, "zero frames, NULL buffer");
    CHECK(pd_analyse_buffer(NULL, x, 3200, 4000, 1, &r) == PD_ERR_UNSUPPORTED_RATE, "4000 Hz");
    CHECK(pd_analyse_buffer(NULL, x, 3200, 7999, 1, &r) == PD_ERR_UNSUPPORTED_RATE, "7999 Hz");
    CHECK(pd_analyse_buffer(NULL, x, 3200, 384000, 1, &r) == PD_ERR_UNSUPPORTED_RATE, "384000 Hz");
    CHECK(pd_analyse_buffer(NULL, x, 3200, 0, 1, &r) == PD_ERR_UNSUPPORTED_RATE, "0 Hz");
    CHECK(pd_analyse_buffer(NULL, x, 3200, rate, 0, &r) == PD_ERR_INVALID_ARG, "0 channels");
    CHECK(pd_analyse_buffer(NULL, NULL, 10, rate, 1, &r) == PD_ERR_INVALID_ARG, "NULL samples");
    CHECK(r == sentinel, "out-pointer written on error");

    /* the edges of the supported range work */
    static const int ok_rates[] = { 8000, 192000 };
    for (int i = 0; i < 2; i++) {
        r = NULL;
        CHECK(pd_analyse_buffer(NULL, x, 3200, ok_rates[i], 1, &r) == PD_OK, "%d Hz refused", ok_rates[i]);
        pd_report_destroy(r);
    }

    /* a single frame is valid audio */
    r = NULL;
    CHECK(pd_analyse_buffer(NULL, x + 100, 1, rate, 1, &r) == PD_OK, "one frame");
    if (r) CHECK(!r->speech_detected, "one frame: speech detected");
    pd_report_destroy(r);

    /* calls in the wrong order */
    pd_analyzer *a = NULL;
    CHECK(pd_analyzer_create(NULL, rate, 1, &a) == PD_OK, "create");
    if (a) {
        CHECK(pd_analyzer_feed(a, x, 3200) == PD_OK, "feed");
        CHECK(pd_analyzer_feed(a, x, 0) == PD_OK, "feed of 0 frames");
        r = NULL;
        CHECK(pd_analyzer_finish(a, &r) == PD_OK, "finish");
        pd_report *r2 = sentinel;
        CHECK(pd_analyzer_feed(a, x, 10) == PD_ERR_STATE, "feed after finish");
        CHECK(pd_analyzer_finish(a, &r2) == PD_ERR_STATE, "finish twice");
        CHECK(r2 == sentinel, "out-pointer written by a second finish");
        pd_report_destroy(r);
    }
    pd_analyzer_destroy(a);
    a = NULL;
    CHECK(pd_analyzer_create(NULL, rate, 1, &a) == PD_OK, "create");
    if (a) {
        x[5] = NAN;
        CHECK(pd_analyzer_feed(a, x, 100) == PD_ERR_BAD_SAMPLES, "NaN while streaming");
        x[5] = 0.0f;
        CHECK(pd_analyzer_feed(a, x, 100) == PD_ERR_STATE, "feed after a bad-sample error");
        r = sentinel;
        CHECK(pd_analyzer_finish(a, &r) == PD_ERR_STATE, "finish after a bad-sample error");
        CHECK(r == sentinel, "out-pointer written after an error");
    }
    pd_analyzer_destroy(a);
    pd_analyzer_destroy(NULL);
    pd_report_destroy(NULL);
    CHECK(strlen(pd_status_str(PD_ERR_PARSE)) > 0, "status text");
}

static void test_config_parsing(void)
{
    pd_feedback_bounds d, b;
    pd_feedback_bounds_init(&d);
    char err[200];

    /* every bound in the table can be set, and the table covers the struct */
    size_t n;
    const pd_bound_info *t = pd_feedback_bound_table(&n);
    CHECK(n * sizeof(double) == sizeof(pd_feedback_bounds), "bound table has %zu rows for %zu fields",
          n, sizeof(pd_feedback_bounds) / sizeof(double));
    for (size_t i = 0; i < n; i++) {
        char line[160];
        /* a value inside the documented range (a quarter of the way), each end, and just outside */
        double mid = t[i].lo + (t[i].hi - t[i].lo) / 4;
        snprintf(line, sizeof line, "  %s = %.3f  # comment\n", t[i].name, mid);
        b = d;
        CHECK(pd_feedback_bounds_parse(&b, line, err, sizeof err) == PD_OK, "set %s: %s", t[i].name, err);
        CHECK_NEAR(*(const double *)((const char *)&b + t[i].offset), mid, 0.001, t[i].name);
        CHECK(strlen(t[i].unit) > 0 && strlen(t[i].doc) > 10, "%s is not documented", t[i].name);
        CHECK(t[i].lo < t[i].hi, "%s has a range", t[i].name);
        double dv = *(const double *)((const char *)&d + t[i].offset);
        CHECK(dv >= t[i].lo && dv <= t[i].hi, "%s's default %g inside %g..%g", t[i].name, dv, t[i].lo,
              t[i].hi);
        for (int end = 0; end < 2; end++) {
            snprintf(line, sizeof line, "%s = %.0f\n", t[i].name, end ? t[i].hi : t[i].lo);
            CHECK(pd_feedback_bounds_parse(&b, line, err, sizeof err) == PD_OK, "%s at its end: %s",
                  t[i].name, err);
            snprintf(line, sizeof line, "%s = %.0f\n", t[i].name, end ? t[i].hi + 1 : t[i].lo - 1);
            err[0] = 0;
            CHECK(pd_feedback_bounds_parse(&b, line, err, sizeof err) == PD_ERR_PARSE &&
                      strstr(err, "out of range") && strstr(err, t[i].name),
                  "%s outside its range: \"%s\"", line, err);
        }
    }

    b = d;
    const char *good = "# my bounds\n\npace_fast_syl_s = 5.5\n   \npauses_per_min_max=30 # more\n";
    CHECK(pd_feedback_bounds_parse(&b, good, err, sizeof err) == PD_OK, "good config: %s", err);
    CHECK_NEAR(b.pace_fast_syl_s, 5.5, 0.0, "overridden pace_fast_syl_s");
    CHECK_NEAR(b.pauses_per_min_max, 30.0, 0.0, "overridden pauses_per_min_max");
    CHECK_NEAR(b.pace_slow_syl_s, d.pace_slow_syl_s, 0.0, "pace_slow_syl_s kept its default");
    CHECK(pd_feedback_bounds_parse(&b, "", err, sizeof err) == PD_OK, "empty config");
    CHECK(pd_feedback_bounds_parse(&b, "pace_slow_syl_s = 2\r\n", err, sizeof err) == PD_OK,
          "CRLF line ending: %s", err);

    static const struct { const char *text; const char *line;
    } bad[] = {
        {"pace_fast_syl_s = 5\n\nno_such_bound = 3\n", "line 3"},
        {"pace_fast_syl_s 5\n", "line 1"},
        {"# ok\npace_fast_syl_s = five\n", "line 2"},
        {"pace_fast_syl_s = 5 6\n", "line 1"},
        {"pace_fast_syl_s = 5\n= 4\n", "line 2"},
        {"pace_fast_syl_s = nan\n", "line 1"},
        /* issue 11: only plain decimals, and each bound inside its range */
        {"pace_fast_syl_s = 0x10\n", "plain decimal"},
        {"loudness_quiet_lufs = 1e308\n", "plain decimal"},
        {"pace_fast_syl_s = 5e0\n", "plain decimal"},
        {"pace_fast_syl_s = inf\n", "plain decimal"},
        {"pace_fast_syl_s = +5\n", "plain decimal"},
        {"clipped_samples_max = -1\n", "out of range (0 to 1e+09 samples)"},
        {"loudness_quiet_lufs = 5\n", "out of range (-70 to 0 LUFS)"},
        {"exposure_window = 0x2\n", "line 1"},
        {"a\nb\nc\nd\n", "line 1"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        b = d;
        err[0] = 0;
        pd_status st = pd_feedback_bounds_parse(&b, bad[i].text, err, sizeof err);
        CHECK(st == PD_ERR_PARSE, "bad config %zu accepted: \"%s\"", i, bad[i].text);
        CHECK(strstr(err, bad[i].line) != NULL, "bad config %zu: message \"%s\" lacks \"%s\"",
              i, err, bad[i].line);
    }
    b = d;
    pd_feedback_bounds_parse(&b, "no_such_bound = 3\n", err, sizeof err);
    CHECK(strstr(err, "no_such_bound") != NULL, "unknown key not named: \"%s\"", err);

    /* an override changes the advice: a report at 5.0 syl/s is "too fast"
     * under the default 4.6 bound and not under 5.5 */
    pd_report r;
    memset(&r, 0, sizeof r);
    r.duration_s = 30.0;
    r.sample_rate_hz = 16000;
    r.channels = 1;
    r.speech_detected = 1;
    r.speech_start_s = 0.5;
    r.speech_end_s = 29.5;
    r.phonation_time_s = 25.0;
    r.syllables = 145;
    r.speech_rate_syl_s = 5.0;
    r.articulation_rate_syl_s = 5.8;
    r.syllables_per_word = 1.4;
    r.loudness_lufs = -20.0;
    r.peak_dbfs = -3.0;
    r.f0_median_hz = r.f0_mean_hz = 120.0;
    r.f0_sd_st = 3.0;
    r.f0_range_st = 10.0;
    for (int i = 0; i < 3; i++) { r.pace_by_third_syl_s[i] = 5.0; r.level_by_third_db[i] = -20.0; }
    b = d;
    CHECK(pd_feedback_evaluate(&r, &b, "en") == PD_OK, "evaluate");
    CHECK(has_feedback(&r, "pace_fast"), "5.0 syl/s not flagged under the default bound");
    for (size_t i = 0; i < r.n_feedback; i++)
        if (strcmp(r.feedback[i].id, "pace_fast") == 0) {
            CHECK_NEAR(r.feedback[i].value, 5.0, 1e-9, "pace_fast value");
            CHECK_NEAR(r.feedback[i].threshold, d.pace_fast_syl_s, 1e-9, "pace_fast threshold");
        }
    CHECK(pd_feedback_bounds_parse(&b, "pace_fast_syl_s = 5.5\n", err, sizeof err) == PD_OK, "override");
    CHECK(pd_feedback_evaluate(&r, &b, "it") == PD_OK, "evaluate (it)");
    CHECK(!has_feedback(&r, "pace_fast"), "5.0 syl/s flagged although the bound is 5.5");
    CHECK(r.n_feedback > 0 && strlen(r.feedback[0].message) > 0, "no message");
    free(r.feedback);
}

/* The timing rules (issue 10, defect 3): the takes (0:59 of 0:30,
 * 1:07 of 1:00, 0:12 of 0:30) and the edges of each band, by hand from the
 * defaults (over: > 5 s a tip, > 30 s a warning; short: under 2/3 of the
 * target); no target, no timing item; the bounds overridable. */
static const pd_feedback_item *find_item(const pd_report *r, const char *prefix)
{
    for (size_t i = 0; i < r->n_feedback; i++)
        if (strncmp(r->feedback[i].id, prefix, strlen(prefix)) == 0) return &r->feedback[i];
    return NULL;
}

static void test_timing_rules(void)
{
    static const struct {
        double took, target;
        const char *id;        /* NULL: no timing item */
        pd_severity sev;
        const char *words;     /* in the English message */
    } cases[] = {
        { 59, 30, "time_over", PD_SEV_TIP, "29 s over your 0:30 target (0:59): cut one part" },
        { 67, 60, "time_over", PD_SEV_TIP, "7 s over your 1:00 target (1:07)" },
        { 12, 30, "time_short", PD_SEV_TIP, "You stopped at 0:12 of 0:30, before the 0:20 minimum" },
        { 61, 30, "time_over", PD_SEV_WARNING, "past the 30 s grace" },
        { 35, 30, "time_ok", PD_SEV_INFO, "0:35 for a 0:30 target: on time" },
        { 21, 30, "time_ok", PD_SEV_INFO, "on time" },
        { 19.5, 30, "time_short", PD_SEV_TIP, "there was time for your ask" },
        { 30, NAN, NULL, PD_SEV_INFO, NULL },
        { 30, 0, NULL, PD_SEV_INFO, NULL },
    };
    pd_feedback_bounds b;
    pd_feedback_bounds_init(&b);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pd_report r;
        fake_report(&r, 3.5, 1.0, 3.0, -20.0);
        r.duration_s = cases[i].took;
        r.speech_end_s = cases[i].took - 0.5;
        CHECK(pd_feedback_evaluate_timed(&r, &b, cases[i].target, "en") == PD_OK, "evaluate");
        const pd_feedback_item *it = find_item(&r, "time_");
        if (!cases[i].id) {
            CHECK(it == NULL, "case %zu: no target, no timing item (got %s)", i, it ? it->id : "");
        } else {
            CHECK(it && strcmp(it->id, cases[i].id) == 0, "case %zu (%.1f of %.0f s): %s, want %s", i,
                  cases[i].took, cases[i].target, it ? it->id : "none", cases[i].id);
            CHECK(it && it->severity == cases[i].sev, "case %zu: severity %d, want %d", i,
                  it ? (int)it->severity : -1, (int)cases[i].sev);
            CHECK(it && strstr(it->message, cases[i].words), "case %zu: \"%s\" lacks \"%s\"", i,
                  it ? it->message : "", cases[i].words);
        }
        free(r.feedback);
    }
    /* overridable: 7 s over is on time with time_over_s = 10; the Italian words */
    char err[200];
    CHECK(pd_feedback_bounds_parse(&b, "time_over_s = 10\ntime_short_ratio = 0.5\n", err, sizeof err) == PD_OK,
          "timing bounds parse: %s", err);
    pd_report r;
    fake_report(&r, 3.5, 1.0, 3.0, -20.0);
    r.duration_s = 67;
    r.speech_end_s = 66;
    pd_feedback_evaluate_timed(&r, &b, 60, "it");
    const pd_feedback_item *it = find_item(&r, "time_");
    CHECK(it && strcmp(it->id, "time_ok") == 0 && strstr(it->message, "nei tempi"),
          "7 s over with time_over_s = 10: on time (%s: %s)", it ? it->id : "none", it ? it->message : "");
    free(r.feedback);
    fake_report(&r, 3.5, 1.0, 3.0, -20.0);
    r.duration_s = 16;
    r.speech_end_s = 15;
    pd_feedback_evaluate_timed(&r, &b, 30, "en");
    it = find_item(&r, "time_");
    CHECK(it && strcmp(it->id, "time_ok") == 0, "0:16 of 0:30 with time_short_ratio = 0.5: on time (%s)",
          it ? it->id : "none");
    free(r.feedback);
}

/* Streaming: the same signal in one buffer and in odd-sized chunks gives
 * byte-identical JSON, contours included. */
static void test_chunking(void)
{
    static const int rates[] = { 44100, 16000 };
    static const int chans[] = { 2, 1 };
    for (int v = 0; v < 2; v++) {
        size_t frames;
        float *x = speechlike(rates[v], chans[v], 12.0, &frames);
        pd_report *whole = NULL;
        CHECK(pd_analyse_buffer(NULL, x, frames, rates[v], chans[v], &whole) == PD_OK, "whole buffer");
        static const size_t sizes[] = { 1, 7, 333, 4097, 2, 160, 44100, 13 };
        pd_analyzer *a = NULL;
        CHECK(pd_analyzer_create(NULL, rates[v], chans[v], &a) == PD_OK, "create");
        size_t done = 0;
        for (int i = 0; a && done < frames; i++) {
            size_t c = sizes[i % 8];
            if (c > frames - done) c = frames - done;
            if (pd_analyzer_feed(a, x + done * (size_t)chans[v], c) != PD_OK) break;
            done += c;
        }
        CHECK(done == frames, "fed %zu of %zu frames", done, frames);
        pd_report *chunked = NULL;
        CHECK(a && pd_analyzer_finish(a, &chunked) == PD_OK, "finish");
        pd_analyzer_destroy(a);
        if (whole && chunked) {
            char *j1 = report_json(whole, 1), *j2 = report_json(chunked, 1);
            CHECK(j1 && j2 && strcmp(j1, j2) == 0, "%d Hz %d ch: chunked report differs from the whole-buffer one",
                  rates[v], chans[v]);
            CHECK(j1 && json_valid(j1), "speech-like report JSON does not parse");
            if (getenv("PD_TEST_VERBOSE")) fputs(j1, stderr);
            CHECK(whole->tracks.n == chunked->tracks.n && whole->tracks.n > 0, "track lengths");
            if (whole->tracks.n == chunked->tracks.n)
                CHECK(memcmp(whole->tracks.sub_db, chunked->tracks.sub_db,
                             whole->tracks.n * PD_NSUB * sizeof(float)) == 0 &&
                      memcmp(whole->tracks.formant_hz, chunked->tracks.formant_hz,
                             whole->tracks.n * PD_NFORMANT * sizeof(float)) == 0 &&
                      memcmp(whole->tracks.periodicity, chunked->tracks.periodicity,
                             whole->tracks.n * sizeof(float)) == 0,
                      "internal contours differ");
            CHECK(whole->loudness_lufs == chunked->loudness_lufs, "loudness differs");
            /* the signal has 12 s at 100 frames/s and ends on a frame */
            CHECK(whole->tracks.n == (size_t)(12.0 / PD_HOP_S) + 1, "frames: %zu", whole->tracks.n);
            free(j1);
            free(j2);
        }
        pd_report_destroy(whole);
        pd_report_destroy(chunked);
        free(x);
    }
}

/* JSON and TextGrid of a speech-like report: they parse, carry the fields,
 * and the contours have one value per frame. */
static void test_report_formats(void)
{
    size_t frames;
    float *x = speechlike(16000, 1, 9.0, &frames);
    pd_report *r = NULL;
    CHECK(pd_analyse_buffer(NULL, x, frames, 16000, 1, &r) == PD_OK, "analyse");
    free(x);
    if (!r) return;
    pd_feedback_bounds b;
    pd_feedback_bounds_init(&b);
    pd_feedback_evaluate(r, &b, "it");   /* Italian messages: accents must stay valid JSON */
    char *js = report_json(r, 0);
    CHECK(js && json_valid(js), "report JSON does not parse");
    static const char *keys[] = {
        "duration_s", "sample_rate_hz", "channels", "speech_detected", "speech_start_s",
        "speech_end_s", "phonation_time_s", "syllables", "speech_rate_syl_s",
        "articulation_rate_syl_s", "words_per_min_est", "lang", "pauses", "long_pauses_count",
        "mean_length_of_run_syl", "filled_pauses", "loudness_lufs", "loudness_range_lu",
        "peak_dbfs", "clipped_samples", "f0_median_hz", "f0_mean_hz", "f0_sd_st", "f0_range_st",
        "pace_by_third_syl_s", "feedback",
    };
    for (size_t i = 0; js && i < sizeof keys / sizeof keys[0]; i++) {
        char q[64];
        snprintf(q, sizeof q, "\"%s\":", keys[i]);
        CHECK(strstr(js, q) != NULL, "JSON lacks %s", keys[i]);
    }
    CHECK(js && !strstr(js, "\"tracks\""), "tracks present without asking");
    free(js);
    js = report_json(r, 1);
    CHECK(js && json_valid(js), "report JSON with tracks does not parse");
    CHECK(js && strstr(js, "\"tracks\"") && strstr(js, "\"f0_hz\"") && strstr(js, "\"voiced\"") &&
          strstr(js, "\"speech\"") && strstr(js, "\"loudness_momentary_lufs\"") &&
          strstr(js, "\"level_db\"") && strstr(js, "\"time_step_s\""), "tracks lack a contour");
    free(js);

    pd_sb sb;
    pd_sb_init(&sb);
    pd_report_textgrid(r, &sb);
    CHECK(pd_sb_status(&sb) == PD_OK && sb.data, "TextGrid");
    if (sb.data) {
        CHECK(strncmp(sb.data, "File type = \"ooTextFile\"\nObject class = \"TextGrid\"", 50) == 0,
              "TextGrid header");
        CHECK(strstr(sb.data, "name = \"speech\"") && strstr(sb.data, "name = \"nuclei\"") &&
              strstr(sb.data, "name = \"filled\""), "TextGrid tiers");
    }
    pd_sb_free(&sb);
    pd_sb_init(&sb);
    pd_report_text(r, "synthetic", "en", &sb);
    CHECK(sb.data && strstr(sb.data, "LUFS"), "text report");
    pd_sb_free(&sb);
    pd_report_destroy(r);
}

int main(void)
{
    test_json_checker();
    test_ebu3341();
    test_mono_convention();
    test_peak_and_clipping();
    test_no_speech();
    test_api_errors();
    test_config_parsing();
    test_timing_rules();
    test_chunking();
    test_report_formats();
    CHECK_DONE();
}
