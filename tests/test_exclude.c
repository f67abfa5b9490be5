/* test_exclude.c - excluded intervals (distractions Podium played) in the
 * analysis core: the rule in analysis.h ("Excluded intervals").
 *
 * Synthetic speech, truth by construction: "syllables" are tone bursts (a
 * harmonic complex on a 130 Hz F0, 12 harmonics falling 1/h, raised-cosine
 * envelopes of 160 ms every 220 ms, as test_synthetic.c's speech-like
 * signal) in three phrases; the phrase edges are the envelopes' ends, so a
 * pause's true edges are known. Into the 1.6 s pause between the first two
 * phrases goes a loud burst (0.3 s, 6 dB over the syllables' peak): a ring
 * (a 425 Hz harmonic tone: periodic, so a "voiced" peak) or a cough (white
 * noise, 5 ms attack, 80 ms decay). Without exclusion each must disturb the
 * analysis (the pause split in two, or a nucleus in it: checked, so the test
 * would see a mask that does nothing); with the burst excluded:
 * - no nucleus within the masked frames, the same syllables as the clean
 *   take, one pause across the burst with both edges within 30 ms of the
 *   constructed edges (the bound) and within 10 ms of the clean
 *   take's, every pause of the clean take found again (10 ms);
 * - the excluded interval is in the report (merged, sorted, cut to the
 *   take), the JSON's "distractions" array and the TextGrid's
 *   "distractions" tier (its structure: 4 tiers, intervals contiguous from
 *   0 to the duration, the "excluded" interval where it was asked).
 * A burst over the middle of a phrase (speech both sides): no pause appears,
 * no nucleus in the masked frames, the syllables outside the mask are those
 * of the clean take. A span from the pause into the next phrase's onset
 * (silence one side, speech the other): the pause's end is put at the span's
 * edge next to the speech (within a frame of the masked frames' end), not
 * inside it; the same for a span from the take's start into its first
 * syllable (beyond the edge counts as silence).
 * Lost input (pd_analysis_config.lost): masked the same, and no pause: in
 * a pause it cuts the pause in two at its exact edges (the excluded span
 * leaves one pause through it), its time no pause time and out of the
 * speech rate's span; over a phrase's end into a pause the pause starts at
 * its end (the excluded span makes a 2 s "long" pause of it).
 * The API: bad intervals are PD_ERR_INVALID_ARG; the config's array is
 * copied (changed after create, the report still has the first); an
 * interval wholly after the end of the take masks nothing, and then the JSON
 * with its tracks is byte for byte the one without exclusion (the masked
 * code path changes nothing it should not).
 * The bundled sample (assets/sample_en_jfk_ask_not.wav) with a cough-like
 * burst (0.3 s of white noise, 5 ms attack, its RMS 6 dB over the take's)
 * in the middle of its longest pause: without --exclude the pauses change;
 * with the burst excluded syllables +/-0, pauses +/-0 (count), every pause
 * edge within 10 ms of the clean take's, speech rate within 0.01 syl/s,
 * integrated loudness within 0.1 LU, peak within 0.1 dB and the same clipped
 * samples as the clean take (the burst's samples are left out of them).
 * The loudness range is not compared: leaving 0.3 s out shifts its 3 s
 * windows. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "noise.h"
#include "podium/analysis.h"
#include "podium/audio_file.h"
#include "podium/report.h"

#define PI 3.14159265358979323846
#define RATE 16000
#define EDGE_TOL_S 0.030      /* a pause edge against construction (the bound) */
#define SAME_TOL_S 0.010      /* a pause edge against the clean take's */
#define REACH_S 0.032         /* the front end's reach at the defaults (analysis.h) */
#define SYL_PERIOD_S 0.22
#define SYL_LEN_S 0.16
#define SYL_AMP 0.25

/* the synthetic take: phrases from the first syllable's start to the last
 * one's end (9, 9 and 7 syllables) */
static const pd_interval phrases[] = { { 0.40, 2.32 }, { 3.98, 5.90 }, { 6.80, 8.28 } };
#define N_PHRASES 3
#define TAKE_S 8.8

static float *speech_take(size_t *frames)
{
    size_t n = (size_t)(TAKE_S * RATE);
    float *x = calloc(n, sizeof *x);
    if (!x) { fprintf(stderr, "out of memory\n"); exit(2); }
    noise_rng = 7u;
    double phase = 0.0;
    for (size_t k = 0; k < n; k++) {
        double t = (double)k / RATE;
        double f0 = 130.0 + 15.0 * sin(2.0 * PI * 0.4 * t);
        phase += 2.0 * PI * f0 / RATE;
        double env = 0.0;
        for (int p = 0; p < N_PHRASES; p++) {
            if (t < phrases[p].start_s || t >= phrases[p].end_s) continue;
            double ts = fmod(t - phrases[p].start_s, SYL_PERIOD_S);
            if (ts < SYL_LEN_S) env = 0.5 - 0.5 * cos(2.0 * PI * ts / SYL_LEN_S);
        }
        double v = 0.0;
        for (int h = 1; h <= 12; h++) v += sin(h * phase) / h;
        x[k] = (float)(SYL_AMP * env * v + 1e-4 * noise_white());
    }
    *frames = n;
    return x;
}

enum { RING, COUGH };

/* adds a burst at [t0, t0 + 0.3 s) whose peak stands `db` over amp */
static void add_burst(float *x, size_t n, int rate, int kind, double t0, double amp, double db)
{
    const double a = amp * pow(10.0, db / 20.0);
    const size_t s0 = (size_t)(t0 * rate), len = (size_t)(0.3 * rate);
    noise_rng = 99u;
    double ph = 0.0;
    for (size_t i = 0; i < len && s0 + i < n; i++) {
        double t = (double)i / rate, v;
        if (kind == RING) {
            /* a steady tone with a few harmonics, 10 ms ramps */
            ph += 2.0 * PI * 425.0 / rate;
            v = (sin(ph) + 0.5 * sin(2.0 * ph) + 0.25 * sin(3.0 * ph)) / 1.75;
            v *= fmin(1.0, fmin(t, 0.3 - t) / 0.01);
        } else {
            /* a cough: broadband noise, 5 ms attack, then a fast decay */
            v = noise_white() * fmin(1.0, t / 0.005) * exp(-t / 0.08);
        }
        double y = x[s0 + i] + a * v;
        x[s0 + i] = (float)(y > 1.0 ? 1.0 : y < -1.0 ? -1.0 : y);
    }
}

/* with spans excluded and spans of lost input (NULL, 0: none) */
static pd_report *analyse_with(const float *x, size_t n, int rate, const pd_interval *ex, size_t n_ex,
                               const pd_interval *lost, size_t n_lost)
{
    pd_analysis_config cfg;
    pd_analysis_config_init(&cfg, "en");
    cfg.exclude = ex;
    cfg.n_exclude = n_ex;
    cfg.lost = lost;
    cfg.n_lost = n_lost;
    pd_report *r = NULL;
    pd_status st = pd_analyse_buffer(&cfg, x, n, rate, 1, &r);
    CHECK(st == PD_OK, "analysis failed (%d)", (int)st);
    return st == PD_OK ? r : NULL;
}

static pd_report *analyse(const float *x, size_t n, int rate, const pd_interval *ex, size_t n_ex)
{
    return analyse_with(x, n, rate, ex, n_ex, NULL, 0);
}

static size_t nuclei_in(const pd_report *r, double a, double b)
{
    size_t c = 0;
    for (size_t i = 0; i < r->n_nuclei; i++)
        if (r->nuclei_s[i] >= a && r->nuclei_s[i] <= b) c++;
    return c;
}

/* the pause overlapping [a, b], or NULL; *count: how many overlap */
static const pd_interval *pause_over(const pd_report *r, double a, double b, int *count)
{
    const pd_interval *p = NULL;
    *count = 0;
    for (size_t i = 0; i < r->n_pauses; i++)
        if (r->pauses[i].start_s < b && r->pauses[i].end_s > a) {
            p = &r->pauses[i];
            ++*count;
        }
    return p;
}

/* every pause of `ref` again in `r`, edges within tol */
static void same_pauses(const pd_report *r, const pd_report *ref, double tol, const char *what)
{
    CHECK(r->n_pauses == ref->n_pauses, "%s: %zu pauses, the clean take %zu", what, r->n_pauses, ref->n_pauses);
    for (size_t i = 0; i < r->n_pauses && i < ref->n_pauses; i++)
        CHECK(fabs(r->pauses[i].start_s - ref->pauses[i].start_s) <= tol &&
              fabs(r->pauses[i].end_s - ref->pauses[i].end_s) <= tol,
              "%s: pause %zu %.3f-%.3f, the clean take's %.3f-%.3f", what, i, r->pauses[i].start_s,
              r->pauses[i].end_s, ref->pauses[i].start_s, ref->pauses[i].end_s);
}

/* ---- a burst in a pause (silence both sides) ------------------------------ */

static void test_burst_in_pause(int kind, const pd_report *clean)
{
    const char *what = kind == RING ? "ring in a pause" : "cough in a pause";
    size_t n;
    float *x = speech_take(&n);
    const pd_interval ex = { 3.00, 3.30 };
    add_burst(x, n, RATE, kind, ex.start_s, SYL_AMP, 6.0);

    /* without exclusion the burst disturbs the figures: the test can fail */
    pd_report *raw = analyse(x, n, RATE, NULL, 0);
    int cnt = 0;
    if (raw) {
        pause_over(raw, phrases[0].end_s, phrases[1].start_s, &cnt);
        CHECK(cnt != 1 || nuclei_in(raw, ex.start_s, ex.end_s) > 0,
              "%s, not excluded: the burst changed nothing (%d pauses, %zu nuclei in it)", what, cnt,
              nuclei_in(raw, ex.start_s, ex.end_s));
        printf("%s, not excluded: %d syllables (clean %d), %zu pauses (clean %zu), %zu nuclei in the burst\n",
               what, raw->syllables, clean->syllables, raw->n_pauses, clean->n_pauses,
               nuclei_in(raw, ex.start_s, ex.end_s));
    }
    pd_report_destroy(raw);

    pd_report *r = analyse(x, n, RATE, &ex, 1);
    if (r) {
        CHECK(nuclei_in(r, ex.start_s - REACH_S, ex.end_s + REACH_S) == 0, "%s: a nucleus in the masked frames", what);
        CHECK(r->syllables == clean->syllables, "%s: %d syllables, the clean take %d", what, r->syllables,
              clean->syllables);
        const pd_interval *p = pause_over(r, ex.start_s, ex.end_s, &cnt);
        CHECK(cnt == 1, "%s: %d pauses across the burst, want 1", what, cnt);
        if (p) {
            CHECK_NEAR(p->start_s, phrases[0].end_s, EDGE_TOL_S, "pause start against construction");
            CHECK_NEAR(p->end_s, phrases[1].start_s, EDGE_TOL_S, "pause end against construction");
            printf("%s, excluded: pause %.3f-%.3f s (constructed %.3f-%.3f), %d syllables\n", what,
                   p->start_s, p->end_s, phrases[0].end_s, phrases[1].start_s, r->syllables);
        }
        same_pauses(r, clean, SAME_TOL_S, what);
        CHECK(r->n_excluded == 1 && r->excluded[0].start_s == ex.start_s && r->excluded[0].end_s == ex.end_s,
              "%s: the report's excluded intervals", what);
        CHECK(r->n_filled_pauses == 0, "%s: %zu filled pauses", what, r->n_filled_pauses);
        CHECK_NEAR(r->speech_rate_syl_s, clean->speech_rate_syl_s, 0.005, "speech rate against the clean take");
    }
    pd_report_destroy(r);
    free(x);
}

/* ---- a burst over speech (speech both sides) ------------------------------ */

static void test_burst_over_speech(const pd_report *clean)
{
    size_t n;
    float *x = speech_take(&n);
    const pd_interval ex = { 4.80, 5.10 };
    add_burst(x, n, RATE, COUGH, ex.start_s, SYL_AMP, 6.0);
    pd_report *r = analyse(x, n, RATE, &ex, 1);
    if (r) {
        CHECK(nuclei_in(r, ex.start_s - REACH_S, ex.end_s + REACH_S) == 0, "over speech: a nucleus in the masked frames");
        int cnt;
        pause_over(r, phrases[1].start_s + 0.1, phrases[1].end_s - 0.1, &cnt);
        CHECK(cnt == 0, "over speech: %d pauses inside the phrase", cnt);
        CHECK(r->n_pauses == clean->n_pauses, "over speech: %zu pauses, the clean take %zu", r->n_pauses,
              clean->n_pauses);
        /* outside the masked frames, the clean take's nuclei (the held
         * frames may not create or remove any) */
        size_t outside_clean = clean->n_nuclei - nuclei_in(clean, ex.start_s - REACH_S, ex.end_s + REACH_S);
        CHECK(r->n_nuclei == outside_clean, "over speech: %zu nuclei, the clean take %zu outside the mask",
              r->n_nuclei, outside_clean);
        printf("burst over speech, excluded: %zu nuclei (clean %zu, %zu of them outside the mask), %zu pauses\n",
               r->n_nuclei, clean->n_nuclei, outside_clean, r->n_pauses);
        /* the masked time is no speaking time: the rate stays near the clean
         * take's instead of dropping by the nuclei lost (about 8 %) */
        CHECK(fabs(r->speech_rate_syl_s / clean->speech_rate_syl_s - 1.0) < 0.04,
              "over speech: speech rate %.3f, the clean take %.3f", r->speech_rate_syl_s, clean->speech_rate_syl_s);
    }
    pd_report_destroy(r);
    free(x);
}

/* ---- silence one side, speech the other ----------------------------------- */

static void test_span_into_onset(const pd_report *clean)
{
    size_t n;
    float *x = speech_take(&n);
    /* the phrase starts at 3.98 (its first syllable peaks at 4.06, ends at
     * 4.14): the span ends 10 ms into it, so that more than min_sounding_s
     * (0.1 s) of the syllable is left after the masked frames */
    const pd_interval ex = { 3.70, 3.99 };
    add_burst(x, n, RATE, COUGH, ex.start_s, SYL_AMP, 6.0);
    pd_report *r = analyse(x, n, RATE, &ex, 1);
    if (r) {
        int cnt;
        const pd_interval *p = pause_over(r, ex.start_s, ex.end_s, &cnt);
        CHECK(cnt == 1, "into an onset: %d pauses at the span", cnt);
        if (p) {
            CHECK_NEAR(p->start_s, phrases[0].end_s, EDGE_TOL_S, "into an onset: the pause's start");
            /* the last masked frame is the last with its centre under
             * end + reach; the boundary lies between it and the next */
            CHECK(p->end_s >= ex.end_s + REACH_S - 0.011 && p->end_s <= ex.end_s + REACH_S + 0.011,
                  "into an onset: the pause ends at %.3f, not at the span's edge %.3f + %.3f", p->end_s,
                  ex.end_s, REACH_S);
        }
        CHECK(nuclei_in(r, ex.start_s - REACH_S, ex.end_s + REACH_S) == 0, "into an onset: a nucleus masked");
        CHECK(r->n_pauses == clean->n_pauses, "into an onset: %zu pauses, the clean take %zu", r->n_pauses,
              clean->n_pauses);
    }
    pd_report_destroy(r);
    free(x);
}

/* ---- a span at the take's start, into the first word ------------------------ */

/* beyond the take's edge is silence: the span goes with it and the speech
 * starts at the span's edge, not at 0 s */
static void test_span_at_start(const pd_report *clean)
{
    size_t n;
    float *x = speech_take(&n);
    const pd_interval ex = { 0.0, 0.41 };   /* the first syllable: 0.40-0.56 s */
    add_burst(x, n, RATE, COUGH, 0.05, SYL_AMP, 6.0);
    pd_report *r = analyse(x, n, RATE, &ex, 1);
    if (r) {
        CHECK(r->speech_start_s >= ex.end_s + REACH_S - 0.011 && r->speech_start_s <= ex.end_s + REACH_S + 0.011,
              "at the start: speech starts at %.3f, not at the span's edge %.3f + %.3f", r->speech_start_s,
              ex.end_s, REACH_S);
        CHECK(nuclei_in(r, 0.0, ex.end_s + REACH_S) == 0, "at the start: a nucleus masked");
        CHECK(r->n_pauses == clean->n_pauses, "at the start: %zu pauses, the clean take %zu", r->n_pauses,
              clean->n_pauses);
    }
    pd_report_destroy(r);
    free(x);
}

/* ---- lost input (pd_analysis_config.lost) ------------------------------------ */

/* Lost input is masked as an excluded span is, and is no pause: the same
 * take (the recorder's silence written over it) analysed with the span as
 * excluded and as lost. Inside the first pause (2.32-3.98 s, silence both
 * sides) excluded, the pause goes on through it (one pause, 1.66 s); lost,
 * the pause is cut in two at the span's edges (exactly: 2.32-2.82 and
 * 3.62-3.98), its time no pause time, and the speech rate leaves it out of
 * the speech span. Over the first phrase's end and into the pause (speech
 * one side): excluded, the span goes with the pause, which starts at the
 * span's edge next to the speech (a 2 s pause, "long"); lost, the pause
 * starts at the span's end (3.5 s) and is no long pause. */
static void test_lost_input(void)
{
    size_t n;
    float *x = speech_take(&n);
    const pd_interval in_pause = { 2.82, 3.62 };
    for (size_t k = (size_t)(in_pause.start_s * RATE); k < (size_t)(in_pause.end_s * RATE); k++) x[k] = 0.0f;
    pd_report *ex = analyse(x, n, RATE, &in_pause, 1), *lo = analyse_with(x, n, RATE, NULL, 0, &in_pause, 1);
    if (ex && lo) {
        int cnt;
        const pd_interval *p = pause_over(ex, in_pause.start_s, in_pause.end_s, &cnt);
        CHECK(cnt == 1 && p && p->start_s < in_pause.start_s && p->end_s > in_pause.end_s,
              "excluded in a pause: one pause through it (%d)", cnt);
        CHECK(lo->n_pauses == ex->n_pauses + 1, "lost in a pause: the pause cut in two (%zu pauses, %zu excluded)",
              lo->n_pauses, ex->n_pauses);
        int at_a = 0, at_b = 0;
        for (size_t i = 0; i < lo->n_pauses; i++) {
            at_a |= fabs(lo->pauses[i].end_s - in_pause.start_s) < 1e-9 && fabs(lo->pauses[i].start_s - p->start_s) < 1e-9;
            at_b |= fabs(lo->pauses[i].start_s - in_pause.end_s) < 1e-9 && fabs(lo->pauses[i].end_s - p->end_s) < 1e-9;
        }
        CHECK(at_a && at_b, "lost in a pause: the parts end and start at the span's edges");
        CHECK_NEAR(lo->pause_total_s, ex->pause_total_s - (in_pause.end_s - in_pause.start_s), 1e-9,
                   "lost in a pause: its 0.8 s are no pause time");
        double span = ex->speech_end_s - ex->speech_start_s;
        CHECK(lo->syllables == ex->syllables && fabs(lo->speech_rate_syl_s - lo->syllables / (span - 0.8)) < 1e-9,
              "lost in a pause: the speech rate leaves it out (%.4f, want %.4f)", lo->speech_rate_syl_s,
              lo->syllables / (span - 0.8));
        CHECK(lo->n_excluded == 1 && lo->excluded[0].start_s == in_pause.start_s, "lost: listed as excluded");
    }
    pd_report_destroy(ex);
    pd_report_destroy(lo);
    free(x);

    x = speech_take(&n);
    const pd_interval into = { 2.0, 3.5 };
    for (size_t k = (size_t)(into.start_s * RATE); k < (size_t)(into.end_s * RATE); k++) x[k] = 0.0f;
    ex = analyse(x, n, RATE, &into, 1);
    lo = analyse_with(x, n, RATE, NULL, 0, &into, 1);
    if (ex && lo) {
        int cnt;
        const pd_interval *p = pause_over(ex, into.start_s, into.end_s, &cnt);
        CHECK(cnt == 1 && p && p->start_s <= into.start_s && ex->long_pauses_count == 1,
              "excluded over an end: the pause starts at the span (%.3f), a long one (%d)", p ? p->start_s : -1,
              ex->long_pauses_count);
        p = pause_over(lo, into.start_s, into.end_s + 0.1, &cnt);
        CHECK(cnt == 1 && p && fabs(p->start_s - into.end_s) < 1e-9 && lo->long_pauses_count == 0,
              "lost over an end: the pause starts at the span's end (%.3f), no long pause (%d)", p ? p->start_s : -1,
              lo->long_pauses_count);
    }
    pd_report_destroy(ex);
    pd_report_destroy(lo);
    free(x);
}

/* ---- the API ---------------------------------------------------------------- */

static void test_api(const float *x, size_t n)
{
    pd_analysis_config cfg;
    pd_analysis_config_init(&cfg, "en");
    CHECK(cfg.exclude == NULL && cfg.n_exclude == 0, "the default excludes nothing");
    const pd_interval bad[][1] = { { { -0.1, 1.0 } }, { { 2.0, 1.0 } }, { { 1.0, 1.0 } },
                                   { { NAN, 1.0 } }, { { 0.0, INFINITY } } };
    pd_analyzer *a = NULL;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cfg.exclude = bad[i];
        cfg.n_exclude = 1;
        a = NULL;
        pd_status st = pd_analyzer_create(&cfg, RATE, 1, &a);
        CHECK(st == PD_ERR_INVALID_ARG && a == NULL, "bad interval %zu (%g-%g): status %d", i,
              bad[i][0].start_s, bad[i][0].end_s, (int)st);
        pd_analyzer_destroy(a);
    }
    cfg.exclude = NULL;
    cfg.n_exclude = 2;
    a = NULL;
    CHECK(pd_analyzer_create(&cfg, RATE, 1, &a) == PD_ERR_INVALID_ARG, "NULL intervals with a count");
    pd_analyzer_destroy(a);

    /* copied at create; sorted, merged, cut to the take, dropped past it */
    pd_interval iv[4] = { { 7.0, 7.2 }, { 3.0, 3.2 }, { 3.1, 3.3 }, { 8.7, 20.0 } };
    cfg.exclude = iv;
    cfg.n_exclude = 4;
    a = NULL;
    pd_report *r = NULL;
    CHECK(pd_analyzer_create(&cfg, RATE, 1, &a) == PD_OK, "create with intervals");
    iv[0].start_s = 0.5;   /* the caller's array changes afterwards */
    if (a && pd_analyzer_feed(a, x, n) == PD_OK && pd_analyzer_finish(a, &r) == PD_OK) {
        CHECK(r->n_excluded == 3, "%zu excluded intervals, want 3", r->n_excluded);
        if (r->n_excluded == 3) {
            CHECK(r->excluded[0].start_s == 3.0 && r->excluded[0].end_s == 3.3, "merged %g-%g",
                  r->excluded[0].start_s, r->excluded[0].end_s);
            CHECK(r->excluded[1].start_s == 7.0 && r->excluded[1].end_s == 7.2, "the copy %g-%g",
                  r->excluded[1].start_s, r->excluded[1].end_s);
            CHECK(r->excluded[2].start_s == 8.7 && fabs(r->excluded[2].end_s - r->duration_s) < 1e-9,
                  "cut to the take: %g-%g", r->excluded[2].start_s, r->excluded[2].end_s);
        }
    } else
        CHECK(0, "analysis with intervals failed");
    pd_report_destroy(r);
    pd_analyzer_destroy(a);
}

static char *json_of(const pd_report *r, int tracks)
{
    pd_sb sb;
    pd_sb_init(&sb);
    pd_report_json(r, tracks, &sb);
    if (pd_sb_status(&sb) != PD_OK) { pd_sb_free(&sb); return NULL; }
    return sb.data;
}

/* an interval after the take's end masks nothing: the masked code path
 * must then give exactly the report without exclusion */
static void test_nothing_masked(const float *x, size_t n, const pd_report *clean)
{
    const pd_interval ex = { 100.0, 101.0 };
    pd_report *r = analyse(x, n, RATE, &ex, 1);
    if (!r) return;
    CHECK(r->n_excluded == 0, "an interval after the end is dropped");
    char *a = json_of(clean, 1), *b = json_of(r, 1);
    CHECK(a && b && strcmp(a, b) == 0, "an interval after the end changed the report");
    free(a);
    free(b);
    pd_report_destroy(r);
}

/* ---- the JSON and the TextGrid ----------------------------------------------- */

/* the number after "key = " on the line at *p, moving *p to the next line */
static int tg_line(const char **p, const char *key, double *v, char *text, size_t text_len)
{
    const char *l = *p;
    while (*l == ' ') l++;
    size_t kl = strlen(key);
    const char *nl = strchr(l, '\n');
    if (!nl || strncmp(l, key, kl) != 0 || strncmp(l + kl, " = ", 3) != 0) return 0;
    const char *val = l + kl + 3;
    if (text) {
        if (*val != '"' || nl[-1] != '"' || (size_t)(nl - val - 2) >= text_len) return 0;
        memcpy(text, val + 1, (size_t)(nl - val - 2));
        text[nl - val - 2] = 0;
    } else {
        char *end;
        *v = strtod(val, &end);
        if (end != nl) return 0;
    }
    *p = nl + 1;
    return 1;
}

static void test_formats(const float *x0, size_t n)
{
    float *x = malloc(n * sizeof *x);
    if (!x) { CHECK(0, "out of memory"); return; }
    memcpy(x, x0, n * sizeof *x);
    const pd_interval ex[2] = { { 3.0, 3.3 }, { 6.2, 6.5 } };
    add_burst(x, n, RATE, COUGH, 3.0, SYL_AMP, 6.0);
    pd_report *r = analyse(x, n, RATE, ex, 2);
    free(x);
    if (!r) return;
    char *js = json_of(r, 0);
    CHECK(js && strstr(js, "\"distractions\": [{\"start_s\": 3.000, \"end_s\": 3.300}, "
                           "{\"start_s\": 6.200, \"end_s\": 6.500}]"),
          "the JSON's distractions array: %s", js ? js : "(none)");
    free(js);

    pd_sb sb;
    pd_sb_init(&sb);
    pd_report_textgrid(r, &sb);
    CHECK(pd_sb_status(&sb) == PD_OK, "TextGrid formatting");
    const char *tg = sb.data ? sb.data : "";
    CHECK(strstr(tg, "\nsize = 4\n") != NULL, "the TextGrid has 4 tiers");
    const char *p = strstr(tg, "        name = \"distractions\"\n");
    CHECK(p != NULL, "no distractions tier");
    if (p) {
        /* name, xmin, xmax, intervals: size, then each interval */
        p = strchr(p, '\n') + 1;
        double xmin = -1, xmax = -1, size = -1;
        int ok = tg_line(&p, "xmin", &xmin, NULL, 0) && tg_line(&p, "xmax", &xmax, NULL, 0) &&
                 tg_line(&p, "intervals: size", &size, NULL, 0);
        CHECK(ok && xmin == 0.0 && fabs(xmax - r->duration_s) < 1e-6 && size == 5,
              "the tier's header: xmin %g xmax %g size %g (want 5: gap, excluded, gap, excluded, gap)",
              xmin, xmax, size);
        double edge = 0.0;
        int found = 0;
        for (int i = 0; ok && i < (int)size; i++) {
            char head[32], want[32], text[32];
            double a, b;
            snprintf(want, sizeof want, "intervals [%d]:", i + 1);
            const char *nl = strchr(p, '\n');
            size_t hl = nl ? (size_t)(nl - p) : 0;
            while (hl && *p == ' ') { p++; hl--; }
            snprintf(head, sizeof head, "%.*s", (int)hl, p);
            ok = nl && strcmp(head, want) == 0;
            if (ok) p = nl + 1;
            ok = ok && tg_line(&p, "xmin", &a, NULL, 0) && tg_line(&p, "xmax", &b, NULL, 0) &&
                 tg_line(&p, "text", NULL, text, sizeof text);
            CHECK(ok, "interval %d of the distractions tier is malformed", i + 1);
            if (!ok) break;
            CHECK(fabs(a - edge) < 1e-6 && b > a, "interval %d (%g-%g) does not follow %g", i + 1, a, b, edge);
            edge = b;
            if (strcmp(text, "excluded") == 0) {
                CHECK(fabs(a - ex[found].start_s) < 1e-6 && fabs(b - ex[found].end_s) < 1e-6,
                      "excluded interval %g-%g, want %g-%g", a, b, ex[found].start_s, ex[found].end_s);
                found++;
            } else
                CHECK(text[0] == 0, "interval %d labelled '%s'", i + 1, text);
        }
        CHECK(found == 2, "%d excluded intervals in the tier, want 2", found);
        CHECK(fabs(edge - r->duration_s) < 1e-6, "the tier ends at %g, not %g", edge, r->duration_s);
    }
    pd_sb_free(&sb);

    /* and the text report says what was left out */
    pd_sb_init(&sb);
    pd_report_text(r, "take", "en", &sb);
    CHECK(sb.data && strstr(sb.data, "Excluded               2 (0.6 s), not measured (distractions)"),
          "text report: %s", sb.data ? sb.data : "");
    pd_sb_free(&sb);
    pd_report_destroy(r);
}

/* ---- the bundled sample with a cough ------------------------------------------ */

static void test_sample(const char *assets)
{
    char path[1024], err[512];
    snprintf(path, sizeof path, "%s/sample_en_jfk_ask_not.wav", assets);
    float *x = NULL;
    size_t n = 0;
    int rate = 0, ch = 0;
    if (pd_read_file(path, &x, &n, &rate, &ch, err, sizeof err) != 0 || ch != 1) {
        CHECK(0, "cannot read the sample: %s", err);
        free(x);
        return;
    }
    pd_report *clean = analyse(x, n, rate, NULL, 0);
    if (!clean) { free(x); return; }
    /* the longest pause, and the burst in its middle */
    size_t lp = 0;
    for (size_t i = 1; i < clean->n_pauses; i++)
        if (clean->pauses[i].end_s - clean->pauses[i].start_s > clean->pauses[lp].end_s - clean->pauses[lp].start_s)
            lp = i;
    CHECK(clean->n_pauses > 0 && clean->pauses[lp].end_s - clean->pauses[lp].start_s >= 0.9,
          "the sample has no pause of 0.9 s for the burst");
    double mid = 0.5 * (clean->pauses[lp].start_s + clean->pauses[lp].end_s);
    pd_interval ex = { floor((mid - 0.15) * 100.0 + 0.5) / 100.0, 0.0 };
    ex.end_s = ex.start_s + 0.3;
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) sum += (double)x[i] * x[i];
    double rms = sqrt(sum / (double)n);
    /* uniform white noise (RMS 1/sqrt(3) of its peak) under the cough's
     * envelope (exp(-t / 0.08): mean square (0.04 / 0.3)(1 - e^-7.5) over
     * its 0.3 s): peak a for an RMS 6 dB (x 2) over the take's */
    double env_rms = sqrt(0.04 / 0.3 * (1.0 - exp(-7.5)));
    add_burst(x, n, rate, COUGH, ex.start_s, 2.0 * rms / (env_rms / sqrt(3.0)), 0.0);

    pd_report *raw = analyse(x, n, rate, NULL, 0);
    pd_report *r = analyse(x, n, rate, &ex, 1);
    if (raw && r) {
        printf("sample: clean %d syllables, %zu pauses, %.2f syl/s, %.2f LUFS, peak %.2f dBFS, %ld clipped\n",
               clean->syllables, clean->n_pauses, clean->speech_rate_syl_s, clean->loudness_lufs,
               clean->peak_dbfs, clean->clipped_samples);
        printf("sample + cough at %.2f-%.2f s: %d syllables, %zu pauses, %.2f syl/s, %.2f LUFS, peak %.2f dBFS\n",
               ex.start_s, ex.end_s, raw->syllables, raw->n_pauses, raw->speech_rate_syl_s,
               raw->loudness_lufs, raw->peak_dbfs);
        printf("sample + cough, excluded: %d syllables, %zu pauses, %.2f syl/s, %.2f LUFS, peak %.2f dBFS, %ld clipped\n",
               r->syllables, r->n_pauses, r->speech_rate_syl_s, r->loudness_lufs, r->peak_dbfs,
               r->clipped_samples);
        CHECK(raw->syllables != clean->syllables || raw->n_pauses != clean->n_pauses,
              "the cough changed nothing: the test cannot tell a mask from none");
        CHECK(r->syllables == clean->syllables, "sample: %d syllables, clean %d", r->syllables, clean->syllables);
        same_pauses(r, clean, SAME_TOL_S, "sample + cough, excluded");
        CHECK(r->n_filled_pauses == clean->n_filled_pauses, "sample: %zu filled pauses, clean %zu",
              r->n_filled_pauses, clean->n_filled_pauses);
        CHECK_NEAR(r->speech_rate_syl_s, clean->speech_rate_syl_s, 0.01, "sample: speech rate");
        CHECK_NEAR(r->loudness_lufs, clean->loudness_lufs, 0.1, "sample: integrated loudness");
        CHECK_NEAR(r->peak_dbfs, clean->peak_dbfs, 0.1, "sample: peak");
        CHECK(r->clipped_samples == clean->clipped_samples, "sample: %ld clipped, clean %ld", r->clipped_samples,
              clean->clipped_samples);
        CHECK_NEAR(r->f0_median_hz, clean->f0_median_hz, 0.5, "sample: median F0");
    }
    pd_report_destroy(raw);
    pd_report_destroy(r);
    pd_report_destroy(clean);
    free(x);
}

int main(int argc, char **argv)
{
    const char *assets = argc > 1 ? argv[1] : "assets";
    size_t n;
    float *x = speech_take(&n);
    pd_report *clean = analyse(x, n, RATE, NULL, 0);
    if (!clean) return 1;
    /* the clean take itself: the constructed pauses, found */
    CHECK(clean->n_pauses == 2, "clean take: %zu pauses, want 2", clean->n_pauses);
    for (size_t i = 0; i + 1 < N_PHRASES && i < clean->n_pauses; i++) {
        CHECK_NEAR(clean->pauses[i].start_s, phrases[i].end_s, EDGE_TOL_S, "clean pause start");
        CHECK_NEAR(clean->pauses[i].end_s, phrases[i + 1].start_s, EDGE_TOL_S, "clean pause end");
    }
    printf("clean synthetic take: %d syllables, %zu pauses\n", clean->syllables, clean->n_pauses);
    test_burst_in_pause(RING, clean);
    test_burst_in_pause(COUGH, clean);
    test_burst_over_speech(clean);
    test_span_into_onset(clean);
    test_span_at_start(clean);
    test_lost_input();
    test_api(x, n);
    test_nothing_masked(x, n, clean);
    test_formats(x, n);
    test_sample(assets);
    pd_report_destroy(clean);
    free(x);
    CHECK_DONE();
}
