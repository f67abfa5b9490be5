/* distract.c - distraction sounds synthesised at run time, the drill's plan
 * of them and the intervals kept out of the analysis (distract.h). Pure
 * code: no I/O, no allocation, no globals; the same seed gives the same
 * samples at any chunking.
 *
 * Sources:
 *   - Ring cadences: ITU-T E.180 Supplement 2 (Various tones used in
 *     national networks): United Kingdom ringing tone 400+450 Hz, 0.4 s on,
 *     0.2 s off, 0.4 s on, 2.0 s off; Italy 425 Hz, 1.0 s on, 4.0 s off. A
 *     "phone" here is two rings of the cadence, without the silence after
 *     the second (UK 4.0 s, Italy 6.0 s); each tone burst has 8 ms
 *     raised-cosine ramps (no clicks).
 *   - Cough: Korpas, Sadlonova & Vrabec 1996 (Analysis of the cough sound:
 *     an overview, Pulm Pharmacol 9:261) - an explosive broadband burst,
 *     then a decaying intermediate phase, often repeated in a short
 *     series; here two bursts of band-passed noise (a 500-900 Hz and a
 *     1.8-2.8 kHz band), 6-8 ms attacks and 70-100 ms exponential decays.
 *   - Babble (the murmur of a room): the long-term average speech spectrum
 *     (Byrne et al. 1994, J Acoust Soc Am 96:2108; ANSI/ASA S3.5-1997's
 *     speech spectrum) - most energy from ~300 Hz to ~3 kHz, falling off
 *     either side; each of 4 "talkers" is noise through a 4th-order
 *     band-pass (-3.6 dB at 300 and 3000 Hz, 12 dB an octave beyond: the
 *     LTASS falls ~10 dB an octave above 1-2 kHz), under a syllabic
 *     envelope of 3-5 Hz (the modulation spectrum of speech peaks near 4
 *     Hz: Houtgast & Steeneken 1985, Ding et al. 2017) and phrases of
 *     1.5-4 s with 0.3-1.2 s gaps. Noise, not voices: it has no pitch and
 *     no words to follow.
 *   - Friction (chair scrape): stick-slip, a train of slip pulses exciting
 *     the structure's resonances (Akay 2002, Acoustics of friction, J Acoust
 *     Soc Am 111:1525; the synthesis after Farnell 2010, Designing Sound,
 *     "friction"): 30-80 Hz pulses with jitter through two resonances that
 *     sweep up as the chair moves.
 *   - Paper: crumpling is crackling noise, sparse clicks with a broad
 *     (power-law) spread of sizes (Houle & Sethna 1996, Phys Rev E 54:278);
 *     here clicks of 0.5-3 ms decaying noise, 30-250 a second in two
 *     gestures, high-passed at 2 kHz.
 *   - Door: a low thump (a damped 60-100 Hz mode of the door panel and the
 *     wall, 100-160 ms decay) and the latch's click (two short metallic
 *     rings near 2.9 and 4.3 kHz) (Farnell 2010, "door"; the mode range is
 *     our choice for a wooden interior door).
 * Levels: each sound's peak is set to PD_DISTRACT_PEAK_DBFS by a silent pass
 * over it (the same seed: the same samples), which the track runs two
 * frames a frame ahead of the sound, so that no block of the audio
 * callback pays for a whole pass (the tones' peak is known: no pass); the
 * murmur's long-term
 * RMS to PD_DISTRACT_MURMUR_DBFS from its filter's noise gain and its
 * envelopes' mean square. Every sound, and the murmur, starts and ends at 0
 * through ramps (its envelope is applied after the filters).
 *
 * The plan: intervals between one sound's end + PD_DISTRACT_MIN_GAP_S and
 * the next start are exponential with mean m = 60 / per_min - MIN_GAP -
 * E[duration] (at least PLAN_MIN_MEAN_S), so the mean start-to-start
 * interval is 60 / per_min: per_min a minute on average up to about 7 a
 * minute (en; 6.5 it), where m reaches its floor. The first starts at
 * PD_DISTRACT_FIRST_S + an exponential of mean m. Kinds are uniform, the
 * phone excluded after a phone (so 1/7 of the sounds are phones). */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <ebur128.h>
#include "podium/distract.h"
#include "prng.h"

#define PI              3.14159265358979323846
#define PLAN_MIN_MEAN_S 1.0
#define MURMUR_LO_HZ    220.0  /* each of the two band-pass stages' -3 dB edges: */
#define MURMUR_HI_HZ    4000.0 /* the cascade's -3.6 dB at 300 and 3000 Hz */
#define MURMUR_FADE_S   0.5

/* ---- the PRNG: prng.h (shared with the other half of the room) ---- */

static double noise(uint64_t st[2]) /* uniform in [-1, 1) */
{
    return 2.0 * uni(st) - 1.0;
}

/* ---- small pieces ---------------------------------------------------------------- */

static int is_italian(const char *lang)
{
    return lang && lang[0] == 'i' && lang[1] == 't';
}

/* 0 before t = 0, 1 after len, a raised cosine between */
static double ramp_in(double t, double len)
{
    if (t <= 0.0) return 0.0;
    if (t >= len) return 1.0;
    return 0.5 - 0.5 * cos(PI * t / len);
}

/* 1 inside [a, b] with raised-cosine ramps of r inside its edges, 0 outside */
static double window(double t, double a, double b, double r)
{
    return fmin(ramp_in(t - a, r), ramp_in(b - t, r));
}

/* RBJ cookbook biquads (Bristow-Johnson, Audio EQ Cookbook), normalised:
 * c = b0, b1, b2, a1, a2 */
static void bq_bandpass(double *c, double f_hz, double q, int rate)
{
    double w = 2.0 * PI * f_hz / rate, al = sin(w) / (2.0 * q), a0 = 1.0 + al;
    c[0] = al / a0;
    c[1] = 0.0;
    c[2] = -al / a0;
    c[3] = -2.0 * cos(w) / a0;
    c[4] = (1.0 - al) / a0;
}

static void bq_pass(double *c, double f_hz, int rate, int high)
{
    double w = 2.0 * PI * f_hz / rate, al = sin(w) / (2.0 * 0.70710678), a0 = 1.0 + al, cw = cos(w);
    double k = high ? (1.0 + cw) : (1.0 - cw);
    c[0] = 0.5 * k / a0;
    c[1] = (high ? -k : k) / a0;
    c[2] = 0.5 * k / a0;
    c[3] = -2.0 * cw / a0;
    c[4] = (1.0 - al) / a0;
}

/* transposed direct form II: z holds 2 states */
static double bq_run(const double *c, double *z, double x)
{
    double y = c[0] * x + z[0];
    z[0] = c[1] * x - c[3] * y + z[1];
    z[1] = c[2] * x - c[4] * y;
    return y;
}

static long long frames_of(double s, int rate)
{
    return (long long)llround(s * rate);
}

static int rate_ok(int rate_hz)
{
    return rate_hz >= PD_MIN_RATE_HZ && rate_hz <= PD_MAX_RATE_HZ;
}

double pd_distract_duration_s(pd_cue kind, const char *lang)
{
    switch (kind) {
    case PD_CUE_COUGH: return 0.8;
    case PD_CUE_PHONE: return is_italian(lang) ? 6.0 : 4.0;
    case PD_CUE_NOTIFY: return 0.4;
    case PD_CUE_CHAIR: return 0.8;
    case PD_CUE_PAPER: return 1.0;
    case PD_CUE_DOOR: return 0.8;
    default: return 0.0;
    }
}

/* ---- the sounds -------------------------------------------------------------------- */

/* the ring's bursts: [on, off) pairs from the sound's start */
static const double RING_UK[4][2] = {{0.0, 0.4}, {0.6, 1.0}, {3.0, 3.4}, {3.6, 4.0}};
static const double RING_IT[2][2] = {{0.0, 1.0}, {5.0, 6.0}};
#define RING_RAMP_S 0.008

/* one sample of a sound before its gain; advances v->i */
static double voice_raw(pd_distract_voice *v)
{
    const int rate = v->rate_hz;
    const double t = (double)v->i / rate;
    double y = 0.0;
    v->i++;
    switch (v->kind) {
    case PD_CUE_COUGH: {
        /* p: start of the second burst, its amplitude, the two decays */
        double w = noise(v->rng);
        double f = bq_run(v->c, v->z, w) + 0.5 * bq_run(v->c + 5, v->z + 2, w);
        double e1 = ramp_in(t, 0.006) * exp(-t / v->p[2]) * ramp_in(0.34 - t, 0.03);
        double t2 = t - v->p[0];
        double e2 = v->p[1] * ramp_in(t2, 0.008) * exp(-fmax(t2, 0.0) / v->p[3]) * ramp_in(0.78 - t, 0.04);
        y = (e1 + e2) * f;
        break;
    }
    case PD_CUE_PHONE: {
        double env = 0.0, tone;
        if (v->italian) {
            for (int k = 0; k < 2; k++) env += window(t, RING_IT[k][0], RING_IT[k][1], RING_RAMP_S);
            tone = sin(2.0 * PI * 425.0 * t);
        } else {
            for (int k = 0; k < 4; k++) env += window(t, RING_UK[k][0], RING_UK[k][1], RING_RAMP_S);
            tone = 0.5 * (sin(2.0 * PI * 400.0 * t) + sin(2.0 * PI * 450.0 * t));
        }
        y = env * tone;
        break;
    }
    case PD_CUE_NOTIFY: {
        /* p: the two tones' frequencies */
        for (int k = 0; k < 2; k++) {
            double a = k ? 0.19 : 0.0, b = k ? 0.40 : 0.16, ts = t - a;
            if (ts <= 0.0 || t >= b) continue;
            double env = ramp_in(ts, 0.004) * exp(-ts / (k ? 0.07 : 0.06)) * ramp_in(b - t, 0.01);
            double f = v->p[k], h2 = 2.0 * f < 0.45 * rate ? 0.2 : 0.0; /* no harmonic over Nyquist */
            y += env * (sin(2.0 * PI * f * ts) + h2 * sin(4.0 * PI * f * ts));
        }
        break;
    }
    case PD_CUE_CHAIR: {
        /* p: pulse rate from p0 to p1 Hz, resonance from p2 to p3 Hz;
         * z: pulse phase, the period's jitter, two resonators' y1, y2 */
        const double dur = 0.8, x = t / dur;
        double pr = (v->p[0] + (v->p[1] - v->p[0]) * x) * v->z[1];
        double e = 0.08 * noise(v->rng);
        v->z[0] += pr / rate;
        if (v->z[0] >= 1.0) {
            v->z[0] -= 1.0;
            e += range(v->rng, 0.5, 1.0);
            v->z[1] = range(v->rng, 0.85, 1.15);
        }
        double fr = v->p[2] * pow(v->p[3] / v->p[2], x);
        double out = 0.0;
        for (int k = 0; k < 2; k++) {
            double f = k ? 2.6 * fr : fr, bw = k ? 140.0 : 60.0;
            if (f > 0.45 * rate) continue;
            double r = exp(-PI * bw / rate), a1 = -2.0 * r * cos(2.0 * PI * f / rate), a2 = r * r;
            double *z = v->z + 2 + 2 * k;
            double yy = (1.0 - r) * e - a1 * z[0] - a2 * z[1];
            z[1] = z[0];
            z[0] = yy;
            out += k ? 0.5 * yy : yy;
        }
        double env = window(t, 0.0, dur, 0.06) * ramp_in(dur - t, 0.12) *
                     (0.75 + 0.25 * sin(2.0 * PI * 3.0 * t + v->p[4]));
        y = env * out;
        break;
    }
    case PD_CUE_PAPER: {
        /* p: the two gestures' centres; z: click envelope, its decay, high-pass states */
        double g = exp(-pow((t - v->p[0]) / 0.12, 2.0)) + 0.8 * exp(-pow((t - v->p[1]) / 0.10, 2.0));
        double rho = 30.0 + 220.0 * g; /* clicks a second */
        if (uni(v->rng) < rho / rate) {
            double u = uni(v->rng);
            v->z[0] = fmax(v->z[0], 0.1 + 0.9 * u * u * u);
            v->z[1] = exp(-1.0 / (rate * range(v->rng, 0.0005, 0.003)));
        }
        double x = v->z[0] * noise(v->rng);
        v->z[0] *= v->z[1];
        y = window(t, 0.0, 1.0, 0.03) * bq_run(v->c, v->z + 2, x);
        break;
    }
    case PD_CUE_DOOR: {
        /* p: thump frequency, its decay, the latch's click time, the second click's delay */
        double thump = ramp_in(t, 0.004) * exp(-t / v->p[1]) * sin(2.0 * PI * v->p[0] * t);
        double impact = 0.5 * ramp_in(t, 0.004) * exp(-t / 0.02) * bq_run(v->c, v->z, noise(v->rng));
        double click = 0.0;
        for (int k = 0; k < 2; k++) {
            double tc = t - v->p[2] - (k ? v->p[3] : 0.0);
            if (tc <= 0.0) continue;
            double hi = 4300.0 < 0.45 * rate ? 0.7 : 0.0; /* at 8 kHz: the lower ring only */
            click += (k ? 0.5 : 1.0) * 0.35 * ramp_in(tc, 0.0005) * exp(-tc / 0.006) *
                     (sin(2.0 * PI * 2900.0 * tc) + hi * sin(2.0 * PI * 4300.0 * tc));
        }
        y = ramp_in(0.8 - t, 0.1) * (thump + impact + click);
        break;
    }
    default: break;
    }
    return y;
}

static void voice_init(pd_distract_voice *v, pd_cue kind, int italian, uint64_t seed, int rate)
{
    memset(v, 0, sizeof *v);
    v->kind = (int)kind;
    v->rate_hz = rate;
    v->italian = italian;
    v->n = frames_of(pd_distract_duration_s(kind, italian ? "it" : "en"), rate);
    v->gain = 1.0;
    rng_seed(v->rng, seed);
    switch (kind) {
    case PD_CUE_COUGH:
        v->p[0] = range(v->rng, 0.40, 0.44);
        v->p[1] = range(v->rng, 0.60, 0.85);
        v->p[2] = range(v->rng, 0.07, 0.10);
        v->p[3] = range(v->rng, 0.07, 0.10);
        bq_bandpass(v->c, range(v->rng, 500.0, 900.0), 0.9, rate);
        bq_bandpass(v->c + 5, fmin(range(v->rng, 1800.0, 2800.0), 0.4 * rate), 1.4, rate);
        break;
    case PD_CUE_NOTIFY: {
        /* a rising fourth or fifth from E6 or so (a two-note chime) */
        double f = range(v->rng, 1250.0, 1400.0);
        v->p[0] = f;
        v->p[1] = f * (uni(v->rng) < 0.5 ? 1.3348 : 1.4983);
        break;
    }
    case PD_CUE_CHAIR:
        v->p[0] = range(v->rng, 30.0, 45.0);
        v->p[1] = range(v->rng, 55.0, 80.0);
        v->p[2] = range(v->rng, 450.0, 700.0);
        v->p[3] = range(v->rng, 900.0, 1500.0);
        v->p[4] = range(v->rng, 0.0, 2.0 * PI);
        v->z[1] = 1.0;
        break;
    case PD_CUE_PAPER:
        v->p[0] = range(v->rng, 0.20, 0.35);
        v->p[1] = range(v->rng, 0.60, 0.80);
        bq_pass(v->c, 2000.0, rate, 1);
        break;
    case PD_CUE_DOOR:
        v->p[0] = range(v->rng, 60.0, 100.0);
        v->p[1] = range(v->rng, 0.10, 0.16);
        v->p[2] = range(v->rng, 0.05, 0.09);
        v->p[3] = range(v->rng, 0.03, 0.06);
        bq_pass(v->c, 300.0, rate, 0);
        break;
    default: break;
    }
    if (kind == PD_CUE_PHONE) {
        v->gain =
            pow(10.0, PD_DISTRACT_PEAK_DBFS / 20.0); /* the tones' sum peaks at 1 (UK: within 0.05 dB) */
    }
}

/* the peak of a sound: a silent pass of it, from a copy of its start (dry),
 * run in steps (to spread the cost over the frames before the sound); when
 * done, v's gain from it */
static int dry_run(pd_distract_voice *dry, double *peak, long long frames)
{
    if (dry->kind == PD_CUE_PHONE) dry->i = dry->n; /* its peak is known */
    while (frames-- > 0 && dry->i < dry->n) *peak = fmax(*peak, fabs(voice_raw(dry)));
    return dry->i >= dry->n;
}

static void voice_set_gain(pd_distract_voice *v, const pd_distract_voice *dry, double peak)
{
    if (v->kind == PD_CUE_PHONE) {
        v->gain = dry->gain;
        return;
    }
    if (peak > 0.0) v->gain = pow(10.0, PD_DISTRACT_PEAK_DBFS / 20.0) / peak;
}

size_t pd_distract_render_one(pd_cue kind, const char *lang, uint64_t seed, int rate_hz, float *out,
                              size_t cap)
{
    if (!out || !rate_ok(rate_hz) || (int)kind < 0 || kind >= PD_CUE_COUNT) return 0;
    pd_distract_voice v, dry;
    double peak = 0.0;
    voice_init(&v, kind, is_italian(lang), seed, rate_hz);
    dry = v;
    dry_run(&dry, &peak, LLONG_MAX);
    voice_set_gain(&v, &dry, peak);
    size_t k = 0;
    for (; k < cap && v.i < v.n; k++) out[k] = (float)(v.gain * voice_raw(&v));
    return k;
}

/* ---- the plan ---------------------------------------------------------------------- */

static double exp_draw(uint64_t st[2], double mean)
{
    return -mean * log(1.0 - uni(st));
}

size_t pd_distract_plan(int per_min, double length_s, const char *lang, int crowd_n, uint64_t seed,
                        pd_distract_event *ev, size_t max)
{
    if (!ev || max == 0 || per_min <= 0 || !isfinite(length_s) || length_s <= 0.0) return 0;
    uint64_t rng[2];
    rng_seed(rng, seed ^ 0x5DEECE66DA3B9C1Full);
    /* the expected duration: the phone is 1/7 of the sounds, the others 6/35 each */
    double mean_dur = 0.0;
    for (int k = 0; k < PD_CUE_COUNT; k++)
        mean_dur += pd_distract_duration_s((pd_cue)k, lang) * (k == PD_CUE_PHONE ? 1.0 / 7.0 : 6.0 / 35.0);
    double m = fmax(60.0 / per_min - PD_DISTRACT_MIN_GAP_S - mean_dur, PLAN_MIN_MEAN_S);
    double t = PD_DISTRACT_FIRST_S + exp_draw(rng, m);
    int prev = -1;
    size_t n = 0;
    while (n < max) {
        int kind;
        if (prev == PD_CUE_PHONE) {
            kind = (int)(uni(rng) * (PD_CUE_COUNT - 1));
            if (kind >= PD_CUE_PHONE) kind++;
        } else
            kind = (int)(uni(rng) * PD_CUE_COUNT);
        double dur = pd_distract_duration_s((pd_cue)kind, lang);
        if (t + dur > length_s) break;
        int person = -1;
        if (crowd_n > 0 && kind != PD_CUE_DOOR) person = (int)(uni(rng) * crowd_n);
        ev[n].kind = (pd_cue)kind;
        ev[n].t_s = t;
        ev[n].dur_s = dur;
        ev[n].person = person;
        n++;
        prev = kind;
        t += dur + PD_DISTRACT_MIN_GAP_S + exp_draw(rng, m);
    }
    return n;
}

/* ---- the exclusions ------------------------------------------------------------------ */

size_t pd_intervals_add(pd_interval *v, size_t n, size_t cap, pd_interval iv)
{
    if (!v || !isfinite(iv.start_s) || !isfinite(iv.end_s) || iv.end_s <= iv.start_s) return n;
    size_t j = 0;   /* the first interval ending at or after iv's start */
    while (j < n && v[j].end_s < iv.start_s) j++;
    if (j < n && v[j].start_s <= iv.end_s) {   /* overlaps v[j]: widen it, swallow what it reaches */
        v[j].start_s = fmin(v[j].start_s, iv.start_s);
        v[j].end_s = fmax(v[j].end_s, iv.end_s);
        size_t k = j + 1;
        while (k < n && v[k].start_s <= v[j].end_s) {
            v[j].end_s = fmax(v[j].end_s, v[k].end_s);
            k++;
        }
        memmove(v + j + 1, v + k, (n - k) * sizeof *v);
        return n - (k - j - 1);
    }
    if (j >= cap) return n;   /* full, and iv the latest: left out */
    size_t keep = n < cap ? n : cap - 1;
    if (j < keep) memmove(v + j + 1, v + j, (keep - j) * sizeof *v);
    v[j] = iv;
    return keep + 1;
}

size_t pd_distract_exclusions(const pd_distract_event *ev, size_t n, pd_interval *out, size_t max)
{
    if (!ev || !out || max == 0) return 0;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(ev[i].t_s) || !isfinite(ev[i].dur_s) || ev[i].dur_s < 0.0) continue;
        pd_interval iv = {fmax(ev[i].t_s - PD_DISTRACT_LEAD_S, 0.0),
                          ev[i].t_s + ev[i].dur_s + PD_DISTRACT_TAIL_S};
        m = pd_intervals_add(out, m, max, iv);
    }
    return m;
}

/* ---- the track: the murmur and the events --------------------------------------------- */

static void talker_phrase(pd_distract_track *t, int k)
{
    t->talk_on[k] = t->talk_on[k] > 0.5 ? 0.0 : 1.0;
    t->talk_left[k] =
        frames_of(t->talk_on[k] > 0.5 ? range(t->rng, 1.5, 4.0) : range(t->rng, 0.3, 1.2), t->rate_hz);
    if (t->talk_left[k] < 1) t->talk_left[k] = 1;
}

void pd_distract_track_init(pd_distract_track *t, int rate_hz, int murmur, const pd_distract_event *ev,
                            size_t n_ev, const char *lang, uint64_t seed)
{
    if (!t) return;
    memset(t, 0, sizeof *t);
    t->rate_hz = rate_ok(rate_hz) ? rate_hz : 48000;
    t->murmur = murmur ? 1 : 0;
    t->ev = ev;
    t->n_ev = ev ? n_ev : 0;
    strncpy(t->lang, lang ? lang : "en", sizeof t->lang - 1);
    t->seed = seed;
    rng_seed(t->rng, seed ^ 0xC2B2AE3D27D4EB4Full);
    t->dry_ev = (size_t)-1;
    const int rate = t->rate_hz;
    /* the band-pass: two stages with -3 dB at 220 and 4000 Hz (the
     * bandwidth in octaves gives alpha: RBJ cookbook), under Nyquist at
     * 8 kHz; in cascade -3.6 dB at 300 and 3000 Hz, 12 dB an octave beyond */
    double hi = fmin(MURMUR_HI_HZ, 0.45 * rate), f0 = sqrt(MURMUR_LO_HZ * hi), w = 2.0 * PI * f0 / rate;
    double bw = log2(hi / MURMUR_LO_HZ), al = sin(w) * sinh(0.5 * log(2.0) * bw * w / sin(w)), a0 = 1.0 + al;
    t->bp_coef[0] = al / a0;
    t->bp_coef[1] = 0.0;
    t->bp_coef[2] = -al / a0;
    t->bp_coef[3] = -2.0 * cos(w) / a0;
    t->bp_coef[4] = (1.0 - al) / a0;
    /* the two in cascade: their noise power gain, the impulse response's energy */
    double z[4] = {0.0, 0.0, 0.0, 0.0}, h2 = 0.0;
    for (int i = 0; i < rate; i++) {
        double h = bq_run(t->bp_coef, z + 2, bq_run(t->bp_coef, z, i == 0 ? 1.0 : 0.0));
        h2 += h * h;
    }
    /* the talkers' envelope mean square: (0.5 - 0.5 cos)^2 averages 3/8,
     * the syllable amplitude U(0.4, 1) squared 0.52, in a phrase 2.75 s of
     * every 3.5 s; uniform noise has variance 1/3 */
    double env_ms = 0.375 * 0.52 * (2.75 / 3.5);
    t->murmur_gain = pow(10.0, PD_DISTRACT_MURMUR_DBFS / 20.0) / sqrt(4.0 * env_ms * h2 / 3.0);
    for (int k = 0; k < 4; k++) {
        t->talk_phase[k] = range(t->rng, 0.0, 2.0 * PI);
        t->talk_rate[k] = range(t->rng, 3.0, 5.0);
        t->talk_amp[k] = range(t->rng, 0.4, 1.0);
        t->talk_on[k] = uni(t->rng) < 0.79 ? 0.0 : 1.0; /* flipped by talker_phrase */
        talker_phrase(t, k);
        t->talk_left[k] = 1 + (long long)(uni(t->rng) * (double)t->talk_left[k]);
    }
}

static double murmur_next(pd_distract_track *t)
{
    const int rate = t->rate_hz;
    const double step = 2.0 * PI / rate, smooth = 1.0 - exp(-1.0 / (0.04 * rate));
    const double *c = t->bp_coef;
    double sum = 0.0;
    for (int k = 0; k < 4; k++) {
        if (--t->talk_left[k] <= 0) talker_phrase(t, k);
        t->talk_gain[k] += (t->talk_on[k] - t->talk_gain[k]) * smooth;
        t->talk_phase[k] += step * t->talk_rate[k];
        if (t->talk_phase[k] >= 2.0 * PI) {
            t->talk_phase[k] -= 2.0 * PI;
            t->talk_rate[k] = range(t->rng, 3.0, 5.0);
            t->talk_amp[k] = range(t->rng, 0.4, 1.0);
        }
        double y = noise(t->rng);
        for (int st = 0; st < 2; st++) {
            double *s = t->bp[k] + 4 * st, x = y;
            y = c[0] * x + c[1] * s[0] + c[2] * s[1] - c[3] * s[2] - c[4] * s[3];
            s[1] = s[0];
            s[0] = x;
            s[3] = s[2];
            s[2] = y;
        }
        sum += y * t->talk_gain[k] * t->talk_amp[k] * (0.5 - 0.5 * cos(t->talk_phase[k]));
    }
    return sum * t->murmur_gain * ramp_in((double)t->pos / rate, MURMUR_FADE_S);
}

static uint64_t event_seed(const pd_distract_track *t, size_t i)
{
    uint64_t vs = t->seed ^ (0xA0761D6478BD642Full * (uint64_t)(i + 1));
    return splitmix64(&vs);
}

static int event_ok(const pd_distract_track *t, const pd_distract_event *e)
{
    return isfinite(e->t_s) && (int)e->kind >= 0 && e->kind < PD_CUE_COUNT &&
           fabs(e->t_s) * t->rate_hz < 9e18;
}

/* starts the next event if it begins at this frame; events in the past
 * (before the track's position, or under the sound playing) are skipped */
static void next_event(pd_distract_track *t)
{
    while (t->ev_cur < t->n_ev) {
        const pd_distract_event *e = &t->ev[t->ev_cur];
        long long s = event_ok(t, e) ? frames_of(e->t_s, t->rate_hz) : -1;
        if (s > t->pos) return;
        if (s == t->pos) {
            voice_init(&t->voice, e->kind, is_italian(t->lang), event_seed(t, t->ev_cur), t->rate_hz);
            if (t->dry_ev != t->ev_cur) {
                /* not prepared (events closer than the sound's length) */
                t->dry = t->voice;
                t->dry_peak = 0.0;
                t->dry_ev = t->ev_cur;
            }
            dry_run(&t->dry, &t->dry_peak, LLONG_MAX);
            voice_set_gain(&t->voice, &t->dry, t->dry_peak);
        }
        t->ev_cur++;
        if (s == t->pos) return;
    }
}

/* measures the next event's peak ahead of it, DRY_STEP frames a frame */
#define DRY_STEP 2
static void prepare_next(pd_distract_track *t)
{
    if (t->ev_cur >= t->n_ev) return;
    if (t->dry_ev != t->ev_cur) {
        const pd_distract_event *e = &t->ev[t->ev_cur];
        if (!event_ok(t, e)) return;
        voice_init(&t->dry, e->kind, is_italian(t->lang), event_seed(t, t->ev_cur), t->rate_hz);
        t->dry_peak = 0.0;
        t->dry_ev = t->ev_cur;
    }
    dry_run(&t->dry, &t->dry_peak, DRY_STEP);
}

void pd_distract_render(pd_distract_track *t, float *out, size_t frames)
{
    if (!t || !out) return;
    for (size_t k = 0; k < frames; k++) {
        double y = t->murmur ? murmur_next(t) : 0.0;
        if (t->voice.i >= t->voice.n) next_event(t);
        if (t->voice.i < t->voice.n) y += t->voice.gain * voice_raw(&t->voice);
        prepare_next(t);
        out[k] = (float)y;
        t->pos++;
    }
}

/* ---- the level against the speaker's ------------------------------------------ */

double pd_distract_loudness_lufs(pd_cue kind, const char *lang, int rate_hz)
{
    if (!rate_ok(rate_hz) || (int)kind < 0 || kind >= PD_CUE_COUNT) return NAN;
    size_t cap = (size_t)ceil(pd_distract_duration_s(kind, lang) * rate_hz) + 1;
    float *x = malloc(cap * sizeof *x);
    if (!x) return NAN;
    size_t n = pd_distract_render_one(kind, lang, 1, rate_hz, x, cap);
    double v = NAN;
    ebur128_state *st = ebur128_init(1, (unsigned long)rate_hz, EBUR128_MODE_I);
    if (st && ebur128_add_frames_float(st, x, n) == EBUR128_SUCCESS && ebur128_loudness_global(st, &v) != EBUR128_SUCCESS)
        v = NAN;
    if (st) ebur128_destroy(&st);
    free(x);
    return isfinite(v) ? v : NAN;
}

double pd_distract_gain_db(double speech_lufs, double sound_lufs, double sound_peak_dbfs)
{
    if (!isfinite(speech_lufs) || !isfinite(sound_lufs)) return 0.0;
    double g = speech_lufs - PD_DISTRACT_UNDER_SPEECH_DB - sound_lufs;
    if (isfinite(sound_peak_dbfs) && sound_peak_dbfs + g > PD_DISTRACT_MAX_PEAK_DBFS)
        g = PD_DISTRACT_MAX_PEAK_DBFS - sound_peak_dbfs;
    return g;
}

double pd_distract_murmur_loudness_lufs(int rate_hz)
{
    if (!rate_ok(rate_hz)) return NAN;
    size_t n = (size_t)rate_hz * 10;
    float *x = malloc(n * sizeof *x);
    if (!x) return NAN;
    pd_distract_track t;
    pd_distract_track_init(&t, rate_hz, 1, NULL, 0, "en", 1);
    pd_distract_render(&t, x, n);
    double v = NAN;
    ebur128_state *st = ebur128_init(1, (unsigned long)rate_hz, EBUR128_MODE_I);
    if (st && ebur128_add_frames_float(st, x, n) == EBUR128_SUCCESS && ebur128_loudness_global(st, &v) != EBUR128_SUCCESS)
        v = NAN;
    if (st) ebur128_destroy(&st);
    free(x);
    return isfinite(v) ? v : NAN;
}

double pd_distract_murmur_gain_db(double speech_lufs, double murmur_lufs)
{
    if (!isfinite(speech_lufs) || !isfinite(murmur_lufs)) return 0.0;
    double g = speech_lufs - PD_DISTRACT_MURMUR_UNDER_DB - murmur_lufs;
    return g > PD_DISTRACT_MURMUR_MAX_GAIN_DB ? PD_DISTRACT_MURMUR_MAX_GAIN_DB : g;
}
