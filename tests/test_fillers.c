/* test_fillers.c - filled-pause detection on synthetic speech.
 *
 * A formant synthesiser (impulse train at F0, -12 dB/octave glottal tilt,
 * cascade of Klatt 1980 resonators) builds a take: CV syllables whose
 * vowels cycle through Peterson & Barney's (1952) male averages with a
 * rise-fall F0 around 120 Hz, then a silence, then a 400 ms test vowel,
 * then more syllables. Truth is by construction:
 *  - a steady schwa (500/1500/2500 Hz, flat F0) after the silence is a
 *    filled pause and must be found (an interval overlapping it);
 *  - the same vowel with a falling F0 glide (130 -> 95 Hz, -5.4 semitones),
 *    with a moving F2 (1000 -> 2000 Hz), or r-coloured (F3 lowered to
 *    1800 Hz, 1.2 Bark above F2, as in "-er") must not be;
 *  - the steady schwa inside a run of syllables, with no silence near it,
 *    must not be (a filler is told from a long vowel by its context);
 *  - the context syllables themselves are never fillers (every take);
 *  - a schwa whose F0 falls slowly (122 -> 105 Hz, -2.6 st in 0.4 s, a
 *    filler's usual contour) after a silence must be found;
 *  - "um" (the schwa, then a 0.25 s nasal murmur at 270/1050/2300 Hz) with
 *    the silence after the murmur only must be found, its interval reaching
 *    at least 0.1 s into the murmur; the same inside a run of syllables not;
 *  - an open-mid front [E] (580/2150/2900 Hz, ~1.4 Bark ahead of the
 *    context's F2 centre) after a silence is a filler in an Italian take
 *    ("eh") and not in an English one; a close [e] (400/2050) is not one
 *    in Italian either (its F1 is under the centre).
 * The same takes are also run at 8, 44.1 and 48 kHz. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "podium/analysis.h"

#define MAX_S 12.0

typedef struct synth {
    double rate;
    double phase;                  /* glottal phase, cycles */
    double tilt1, tilt2;           /* glottal low-pass states */
    double z[4][2];                /* resonator states */
    unsigned rng;
    float *out;
    size_t n, cap;
} synth;

static double noise(synth *s)
{
    s->rng = s->rng * 1664525u + 1013904223u;
    return ((double)(s->rng >> 8) / 16777216.0) * 2.0 - 1.0;
}

/* one Klatt resonator step (unity gain at DC) */
static double reson(double z[2], double x, double f, double bw, double rate)
{
    double c = -exp(-2.0 * M_PI * bw / rate);
    double b = 2.0 * exp(-M_PI * bw / rate) * cos(2.0 * M_PI * f / rate);
    double y = (1.0 - b - c) * x + b * z[0] + c * z[1];
    z[1] = z[0];
    z[0] = y;
    return y;
}

static void push(synth *s, double v)
{
    if (s->n < s->cap) s->out[s->n++] = (float)v;
}

static void silence(synth *s, double dur)
{
    size_t m = (size_t)(dur * s->rate);
    for (size_t i = 0; i < m; i++) push(s, 0.0005 * noise(s));   /* -66 dBFS floor */
    memset(s->z, 0, sizeof s->z);
}

/* A voiced stretch: F0 and F1-F3 move linearly from (a) to (b). */
typedef struct voice { double f0, f1, f2, f3; } voice;

static void vowel(synth *s, double dur, voice a, voice b, double amp)
{
    size_t m = (size_t)(dur * s->rate);
    for (size_t i = 0; i < m; i++) {
        double u = (double)i / (double)m;
        double f0 = a.f0 + (b.f0 - a.f0) * u;
        double f1 = a.f1 + (b.f1 - a.f1) * u, f2 = a.f2 + (b.f2 - a.f2) * u;
        double f3 = a.f3 + (b.f3 - a.f3) * u;
        s->phase += f0 / s->rate;
        double x = 0.0;
        if (s->phase >= 1.0) { s->phase -= 1.0; x = 1.0; }
        x += 0.01 * noise(s);                         /* a little aspiration */
        s->tilt1 += 0.1 * (x - s->tilt1);             /* glottal spectrum, -12 dB/oct */
        s->tilt2 += 0.1 * (s->tilt1 - s->tilt2);
        double y = s->tilt2;
        y = reson(s->z[0], y, f1, 70.0, s->rate);
        y = reson(s->z[1], y, f2, 90.0, s->rate);
        y = reson(s->z[2], y, f3, 150.0, s->rate);
        if (s->rate > 8000.0) y = reson(s->z[3], y, 3500.0, 200.0, s->rate);
        double env = fmin(1.0, fmin(u, 1.0 - u) * dur / 0.02);   /* 20 ms ramps */
        push(s, amp * 40.0 * env * y);
    }
}

/* Peterson & Barney 1952, men: iy ih eh ae ah aa ao uh uw er, plus the two
 * commonest English vowels again so the vowel space is not back-heavy */
static const double pb[][3] = {
    { 270, 2290, 3010 }, { 390, 1990, 2550 }, { 530, 1840, 2480 }, { 660, 1720, 2410 },
    { 520, 1190, 2390 }, { 730, 1090, 2440 }, { 570, 840, 2410 },  { 440, 1020, 2240 },
    { 300, 870, 2240 },  { 390, 1990, 2550 }, { 530, 1840, 2480 }, { 660, 1720, 2410 },
};
#define NPB (sizeof pb / sizeof pb[0])

/* n CV syllables: a 50 ms fricative burst, then a 150 ms vowel, F0 rising
 * and falling 2 semitones around 120 Hz across each phrase */
static void syllables(synth *s, int n, int *next)
{
    for (int k = 0; k < n; k++) {
        size_t m = (size_t)(0.05 * s->rate);
        double hp = 0.0;
        for (size_t i = 0; i < m; i++) {           /* crude fricative: differenced noise */
            double w = noise(s);
            push(s, 0.02 * (w - hp));
            hp = w;
        }
        const double *v = pb[(size_t)(*next)++ % NPB];
        double pos = (double)k / (double)(n > 1 ? n - 1 : 1);
        double f0a = 120.0 * pow(2.0, (2.0 * sin(M_PI * pos) - 1.0) / 12.0);
        double f0b = f0a * pow(2.0, -0.5 / 12.0);
        voice a = { f0a, v[0], v[1], v[2] }, b = { f0b, v[0], v[1], v[2] };
        vowel(s, 0.15, a, b, 0.5);
    }
}

typedef enum test_vowel { STEADY, F0_GLIDE, F2_MOVES, RHOTIC, SLOW_FALL, UM, EH, CLOSE_E } test_vowel;

/* where the silence is: before the test vowel, after it, or nowhere */
enum { CTX_NONE, CTX_BEFORE, CTX_AFTER };

/* Builds a take and returns the test vowel's start and end times; *tn is
 * where a nasal murmur after it starts (= *t1 when there is none). */
static void build(synth *s, test_vowel tv, int ctx, double *t0, double *tn, double *t1)
{
    int next = 0;
    s->n = 0;
    silence(s, 0.3);
    syllables(s, 12, &next);
    if (ctx == CTX_BEFORE) silence(s, 0.45);
    voice a = { 115.0, 500.0, 1500.0, 2500.0 }, b = a;
    switch (tv) {
    case STEADY: case UM: break;
    case F0_GLIDE: a.f0 = 130.0; b.f0 = 95.0; break;
    case F2_MOVES: a.f2 = 1000.0; b.f2 = 2000.0; break;
    case RHOTIC: a.f3 = b.f3 = 1800.0; break;   /* F3 - F2 = 1.2 Bark */
    case SLOW_FALL: a.f0 = 122.0; b.f0 = 105.0; break;   /* -2.6 st in 0.4 s */
    case EH: a.f1 = b.f1 = 580.0; a.f2 = b.f2 = 2150.0; a.f3 = b.f3 = 2900.0; break; /* [E] */
    case CLOSE_E: a.f1 = b.f1 = 400.0; a.f2 = b.f2 = 2050.0; break; /* Italian [e] */
    }
    *t0 = (double)s->n / s->rate;
    vowel(s, 0.40, a, b, 0.45);
    *t1 = *tn = (double)s->n / s->rate;
    if (tv == UM) {
        /* the [m] of "um": a nasal murmur (Fujimura 1962: resonances near
         * 250-300 and 1000 Hz, much weaker above), 7 dB under the vowel */
        voice m = { b.f0, 270.0, 1050.0, 2300.0 };
        vowel(s, 0.25, m, m, 0.2);
        *t1 = (double)s->n / s->rate;
    }
    if (ctx == CTX_BEFORE) silence(s, 0.05);
    if (ctx == CTX_AFTER) silence(s, 0.45);
    syllables(s, 10, &next);
    silence(s, 0.4);
    syllables(s, 8, &next);
    silence(s, 0.3);
}

static int overlaps(const pd_report *r, double t0, double t1, double *end)
{
    int c = 0;
    for (size_t i = 0; i < r->n_filled_pauses; i++)
        if (r->filled_pauses[i].start_s < t1 && r->filled_pauses[i].end_s > t0) {
            c++;
            *end = r->filled_pauses[i].end_s;
        }
    return c;
}

static void run_lang(int rate, test_vowel tv, int ctx, const char *lang, int expect, const char *what)
{
    synth s;
    memset(&s, 0, sizeof s);
    s.rate = rate;
    s.rng = 12345u;
    s.cap = (size_t)(MAX_S * rate);
    s.out = malloc(s.cap * sizeof *s.out);
    if (!s.out) { CHECK(0, "out of memory"); return; }
    double t0, tn, t1, end = 0.0;
    build(&s, tv, ctx, &t0, &tn, &t1);
    pd_analysis_config cfg;
    pd_analysis_config_init(&cfg, lang);
    pd_report *r = NULL;
    pd_status st = pd_analyse_buffer(&cfg, s.out, s.n, rate, 1, &r);
    CHECK(st == PD_OK, "%s @ %d Hz: analysis failed (%d)", what, rate, (int)st);
    if (st == PD_OK) {
        int hit = overlaps(r, t0, t1, &end);
        int other = (int)r->n_filled_pauses - hit;
        if (expect) {
            CHECK(hit == 1, "%s @ %d Hz: test vowel %.2f-%.2f s found %d times, expected once",
                  what, rate, t0, t1, hit);
            /* the murmur belongs to the filler: the interval reaches at
             * least 0.1 s into it (it is 0.25 s long) */
            if (hit == 1 && t1 > tn)
                CHECK(end >= tn + 0.1, "%s @ %d Hz: interval ends at %.2f s, nasal murmur %.2f-%.2f s",
                      what, rate, end, tn, t1);
        } else
            CHECK(hit == 0, "%s @ %d Hz: test vowel %.2f-%.2f s taken for a filler", what, rate, t0, t1);
        CHECK(other == 0, "%s @ %d Hz: %d filled pauses among the context syllables", what, rate, other);
    }
    pd_report_destroy(r);
    free(s.out);
}

static void run(int rate, test_vowel tv, int ctx, int expect, const char *what)
{
    run_lang(rate, tv, ctx, "en", expect, what);
}

int main(void)
{
    static const int rates[] = { 16000, 8000, 44100, 48000 };
    for (size_t i = 0; i < sizeof rates / sizeof rates[0]; i++) {
        int rate = rates[i];
        run(rate, STEADY, CTX_BEFORE, 1, "steady schwa after a silence");
        run(rate, F0_GLIDE, CTX_BEFORE, 0, "schwa with a falling F0 glide");
        run(rate, F2_MOVES, CTX_BEFORE, 0, "schwa with a moving F2");
        run(rate, RHOTIC, CTX_BEFORE, 0, "r-coloured vowel");
        run(rate, STEADY, CTX_NONE, 0, "steady schwa inside a run of syllables");
        run(rate, SLOW_FALL, CTX_BEFORE, 1, "schwa with a slowly falling F0");
        run(rate, UM, CTX_AFTER, 1, "\"um\" (schwa, nasal murmur) before a silence");
        run(rate, UM, CTX_NONE, 0, "\"um\" inside a run of syllables");
        run_lang(rate, EH, CTX_BEFORE, "it", 1, "Italian \"eh\" after a silence");
        run_lang(rate, EH, CTX_BEFORE, "en", 0, "front [E] after a silence in English");
        run_lang(rate, CLOSE_E, CTX_BEFORE, "it", 0, "Italian close [e] after a silence");
    }
    CHECK_DONE();
}
