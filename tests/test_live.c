/* test_live.c - the live meters on signals with known answers.
 *
 * - Loudness: a 1 kHz sine at amplitude 0.1 reads -23.0 LUFS momentary and
 *   short-term (EBU Tech 3341: a 0 dBFS 1 kHz sine is -3.01 LUFS), +/-0.1.
 * - Peak and clipping: exact by construction.
 * - Speaking / pause: synthetic voiced "syllables" (a 140 Hz harmonic complex,
 *   4 per second, 12 dB dips between them) with a 1.5 s gap of digital
 *   silence and a 1.2 s gap of low noise (-66 dBFS): the pause must show
 *   within 0.2 s of each gap's start and speech within 0.2 s of its end;
 *   pause_s must grow with the gap (+/-0.08 s); no pause inside the speech.
 * - Pace: 4 syllables per second of speaking, +/-15 %, over a window of
 *   5 s of speaking shown from 16 syllables (a test setting); not shown
 *   before it holds them (at 4.5 s: 3.5 s of speech, 14 syllables); with the
 *   default window (15 s of speaking, 68 syllables) the 41 syllables of the
 *   whole signal show no pace.
 * - Pitch spread (1.4826 x the median absolute deviation, semitones): the
 *   same syllables on one pitch read under 0.3 st; on three pitches (-4, 0,
 *   +4 st around 140 Hz, a third of the time each) the definition gives
 *   1.4826 x 4 = 5.93 st, +/-0.4; NaN before 1 s of voiced speech.
 * - Updates at least 10 per second; pd_live_read from another thread sees
 *   whole meters (no torn reads: time_s always matches update number).
 * - Bad arguments and non-finite samples. */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include "check.h"
#include "podium/live.h"

#define RATE 16000
#define MAX_UPD 4000

static pd_live_meter log_[MAX_UPD];
static int n_log = 0;

static void on_update(const pd_live_meter *m, void *user)
{
    (void)user;
    if (n_log < MAX_UPD) log_[n_log++] = *m;
}

static unsigned rng = 12345;
static double noise(void)
{
    rng = rng * 1664525u + 1013904223u;
    return ((double)(rng >> 8) / 16777216.0) * 2.0 - 1.0;
}

/* fills x[0..n) from time t0: speech(t) in [a, b), noise elsewhere */
static double syllables(double t)
{
    double ph = fmod(t, 0.25) / 0.25;   /* 4 syllables per second */
    double env = 0.25 + 0.75 * 0.5 * (1.0 - cos(2.0 * M_PI * ph));
    double s = 0.0;
    for (int k = 1; k * 140.0 < 3000.0; k++) s += sin(2.0 * M_PI * 140.0 * k * t) / k;
    return 0.15 * env * s;
}

/* voiced syllables whose pitch steps through levels_st (semitones around
 * 140 Hz), one level per step_s, phase-continuous; 8 s at RATE */
static double pitch_spread_of(const double *levels_st, int n_levels, double step_s, double *early)
{
    pd_live *m = NULL;
    if (pd_live_create(NULL, RATE, 1, &m) != PD_OK) return NAN;
    static float x[RATE / 10];
    double ph = 0.0, t = 0.0;
    *early = 0.0;
    for (int block = 0; block < 80; block++) {
        for (int i = 0; i < RATE / 10; i++, t += 1.0 / RATE) {
            int lv = (int)(t / step_s) % n_levels;
            double f0 = 140.0 * pow(2.0, levels_st[lv] / 12.0);
            ph += 2.0 * M_PI * f0 / RATE;
            double env = 0.25 + 0.75 * 0.5 * (1.0 - cos(2.0 * M_PI * fmod(t, 0.25) / 0.25));
            double v = 0.0;
            for (int k = 1; k * f0 < 3000.0; k++) v += sin(k * ph) / k;
            x[i] = (float)(0.15 * env * v);
        }
        pd_live_feed(m, x, RATE / 10);
        if (block == 7 && !isnan(pd_live_current(m)->pitch_sd_st)) *early = 1.0;   /* 0.8 s */
    }
    double sd = pd_live_current(m)->pitch_sd_st;
    pd_live_destroy(m);
    return sd;
}

static atomic_int stop_reader;
static long torn = 0, reads = 0;
static void *reader(void *arg)
{
    pd_live *m = arg;
    unsigned long last = 0;
    while (!atomic_load(&stop_reader)) {
        pd_live_meter r;
        if (pd_live_read(m, &r)) {
            reads++;
            if (fabs(r.time_s - r.update * 0.02) > 1e-6 || r.update < last) torn++;
            last = r.update;
        }
    }
    return NULL;
}

int main(void)
{
    pd_live *m = NULL;
    CHECK(pd_live_create(NULL, 4000, 1, &m) == PD_ERR_UNSUPPORTED_RATE, "4 kHz refused");
    CHECK(pd_live_create(NULL, RATE, 0, &m) == PD_ERR_INVALID_ARG, "0 channels refused");
    CHECK(m == NULL, "out untouched");
    pd_live_destroy(NULL);

    /* loudness, peak, clipping */
    CHECK(pd_live_create(NULL, 48000, 2, &m) == PD_OK, "create stereo");
    static float st[48000 * 2];
    for (int sec = 0; sec < 4; sec++) {
        for (int i = 0; i < 48000; i++)
            st[2 * i] = st[2 * i + 1] = (float)(0.1 * sin(2.0 * M_PI * 1000.0 * (sec * 48000 + i) / 48000.0));
        pd_live_feed(m, st, 48000);
    }
    const pd_live_meter *c = pd_live_current(m);
    /* two channels sum in BS.1770: +3.01 */
    CHECK_NEAR(c->momentary_lufs, -23.0 + 3.01, 0.1, "momentary loudness of a -20 dBFS sine, stereo");
    CHECK_NEAR(c->shortterm_lufs, -23.0 + 3.01, 0.1, "short-term loudness");
    CHECK_NEAR(c->peak_dbfs, -20.0, 0.01, "peak");
    CHECK(c->clipped_samples == 0 && !c->clipping, "no clipping");
    CHECK(c->state == PD_LIVE_WAITING, "a steady tone is not speech (no range)");
    st[10] = 1.0f;
    st[11] = NAN;
    pd_live_feed(m, st, 1000);
    c = pd_live_current(m);
    CHECK(c->clipped_samples == 1 && c->clipping, "one clipped sample: %ld", c->clipped_samples);
    CHECK(c->peak_dbfs == 0.0, "peak 0 dBFS, got %f", c->peak_dbfs);
    CHECK(isfinite(c->momentary_lufs), "NaN sample treated as silence");
    pd_live_destroy(m);
    m = NULL;

    /* speech with two gaps, fed in odd-sized chunks, read from a thread */
    pd_live_config cfg;
    pd_live_config_init(&cfg);
    cfg.on_update = on_update;
    cfg.pace_window_s = 5.0;
    cfg.pace_min_syllables = 16;
    CHECK(pd_live_create(&cfg, RATE, 1, &m) == PD_OK, "create");
    pd_live *md = NULL;   /* the defaults, fed the same samples */
    CHECK(pd_live_create(NULL, RATE, 1, &md) == PD_OK, "create with the defaults");
    const double total = 14.0;
    /* 0-1 noise, 1-5 speech, 5-6.5 digital silence, 6.5-9 speech, 9-10.2 noise, 10.2-14 speech */
    const double gap_a[2] = { 5.0, 9.0 }, gap_b[2] = { 6.5, 10.2 };
    pthread_t th;
    atomic_init(&stop_reader, 0);
    pthread_create(&th, NULL, reader, m);
    float buf[777];
    long i = 0, n = (long)(total * RATE), feed_errors = 0;
    while (i < n) {
        long k = n - i < 777 ? n - i : 777;
        for (long j = 0; j < k; j++) {
            double t = (double)(i + j) / RATE;
            double v;
            if (t < 1.0) v = 0.0005 * noise();
            else if (t >= 5.0 && t < 6.5) v = 0.0;
            else if (t >= 9.0 && t < 10.2) v = 0.0005 * noise();
            else v = syllables(t);
            buf[j] = (float)v;
        }
        if (pd_live_feed(m, buf, (size_t)k) != PD_OK) feed_errors++;
        if (md && pd_live_feed(md, buf, (size_t)k) != PD_OK) feed_errors++;
        i += k;
    }
    CHECK(feed_errors == 0, "%ld feeds failed", feed_errors);
    atomic_store(&stop_reader, 1);
    pthread_join(th, NULL);
    CHECK(torn == 0, "%ld torn reads of %ld", torn, reads);
    CHECK(reads > 10, "the reader saw %ld updates", reads);
    CHECK(n_log >= (int)(10 * total), "at least 10 updates per second: %d in %.0f s", n_log, total);

    double first_speech = -1;
    for (int u = 0; u < n_log; u++)
        if (log_[u].state == PD_LIVE_SPEAKING) { first_speech = log_[u].time_s; break; }
    CHECK(first_speech >= 1.0 && first_speech <= 1.2, "speech shown at %.3f s (starts at 1.0)", first_speech);
    for (int g = 0; g < 2; g++) {
        double shown = -1, back = -1, pause_at_end = -1;
        int false_pause = 0;
        for (int u = 0; u < n_log; u++) {
            const pd_live_meter *x = &log_[u];
            if (x->time_s > gap_a[g] - 2.3 && x->time_s < gap_a[g] &&
                x->state != PD_LIVE_SPEAKING)
                false_pause++;
            if (shown < 0 && x->time_s >= gap_a[g] && x->state == PD_LIVE_PAUSE) shown = x->time_s;
            if (x->time_s <= gap_b[g] && x->state == PD_LIVE_PAUSE) pause_at_end = x->pause_s;
            if (back < 0 && x->time_s >= gap_b[g] && x->state == PD_LIVE_SPEAKING) back = x->time_s;
        }
        CHECK(false_pause == 0, "gap %d: %d updates without speech in the 2.3 s of speech before it", g, false_pause);
        CHECK(shown >= gap_a[g] && shown - gap_a[g] <= 0.2, "gap %d: pause shown at %.3f s (starts %.2f)", g,
              shown, gap_a[g]);
        CHECK(back >= gap_b[g] && back - gap_b[g] <= 0.2, "gap %d: speech shown at %.3f s (resumes %.2f)", g,
              back, gap_b[g]);
        CHECK_NEAR(pause_at_end, gap_b[g] - gap_a[g], 0.08, "pause length near its end");
    }
    const pd_live_meter *e = pd_live_current(m);
    CHECK(e->pauses == 2, "two pauses counted, got %d", e->pauses);
    CHECK_NEAR(e->pace_syl_s, 4.0, 0.6, "pace over the last 5 s of speaking (4 syllables/s)");
    CHECK(e->pace_syllables >= 16 && fabs(e->pace_window_speaking_s - 5.0) < 0.2,
          "the window: %d syllables over %.2f s of speaking", e->pace_syllables, e->pace_window_speaking_s);
    double sp = 0, sp_early = 0;
    for (int u = 0; u < n_log; u++) {
        if (fabs(log_[u].time_s - 8.0) < 0.011) sp = log_[u].pace_syl_s;
        if (fabs(log_[u].time_s - 4.5) < 0.011) sp_early = log_[u].pace_syl_s;
    }
    CHECK_NEAR(sp, 4.0, 0.6, "pace at 8 s");
    CHECK(isnan(sp_early), "no pace at 4.5 s (14 syllables of the 16 needed), got %.2f", sp_early);
    if (md) {
        const pd_live_meter *ed = pd_live_current(md);
        CHECK(isnan(ed->pace_syl_s) && ed->pace_syllables == 0,
              "defaults: no pace from ~41 syllables (needs %d), got %.2f", PD_LIVE_PACE_MIN_SYLLABLES,
              ed->pace_syl_s);
        CHECK_NEAR(ed->speaking_s, e->speaking_s, 1e-9, "the pace settings do not change the time speaking");
    }
    pd_live_destroy(md);
    CHECK_NEAR(e->speaking_s, 4.0 + 2.5 + 3.8, 0.3, "time speaking");
    pd_live_destroy(m);

    /* pitch spread */
    double early = 0;
    const double one[1] = { 0.0 }, three[3] = { -4.0, 0.0, 4.0 };
    double flat = pitch_spread_of(one, 1, 1.0, &early);
    CHECK(isfinite(flat) && flat < 0.3, "one pitch: spread %.2f st (truth 0)", flat);
    CHECK(early == 0.0, "no spread before 1 s of voiced speech");
    double lively = pitch_spread_of(three, 3, 0.33, &early);
    CHECK_NEAR(lively, 1.4826 * 4.0, 0.4, "three pitches -4/0/+4 st: robust spread (truth 5.93 st)");
    CHECK_DONE();
}
