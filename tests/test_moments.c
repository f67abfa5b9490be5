/* test_moments.c - advice tied to moments (issue 10): the feedback items
 * about a part of the take carry its span (pd_feedback_item.moment) and name
 * its start in the message.
 *
 * - A real analysis of a speech-like signal with a known 3.0 s silence at
 *   7.20-10.12 s: the long_pauses item's moment is that pause. Tolerance 0.1 s
 *   on each edge: the segmentation works on 10 ms frames of a 64 ms window
 *   (a boundary moves by up to half the window, 32 ms) and the syllables'
 *   raised-cosine onsets stay under the pause threshold for a few ms more.
 * - The rules on reports with chosen figures (the truth is the input): the
 *   densest filled pauses (PD_FILLED_CLUSTER_S), one filled pause alone, a
 *   rushed opening (the first third), a trailing-off (the last third), the
 *   part over the target; items about the whole take have no moment.
 * - The JSON carries "moment" (an object or null). */
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

static const pd_feedback_item *find(const pd_report *r, const char *id)
{
    for (size_t i = 0; i < r->n_feedback; i++)
        if (strcmp(r->feedback[i].id, id) == 0) return &r->feedback[i];
    return NULL;
}

/* Syllables of a harmonic complex (F0 110-150 Hz, 12 harmonics), 160 ms
 * raised-cosine envelopes every 0.22 s, phrases of 2.2 s with 0.8 s gaps
 * (none reaches 2 s), silent from gap0 to gap1: the one long pause. */
static float *speech_with_gap(int rate, double seconds, double gap0, double gap1, size_t *frames)
{
    size_t n = (size_t)llround(seconds * rate);
    float *x = calloc(n, sizeof *x);
    if (!x) { fprintf(stderr, "out of memory\n"); exit(2); }
    double phase = 0.0;
    uint32_t seed = 12345u;
    for (size_t k = 0; k < n; k++) {
        double t = (double)k / rate;
        phase += 2.0 * PI * (130.0 + 20.0 * sin(2.0 * PI * 0.3 * t)) / rate;
        int in_phrase = fmod(t, 3.0) < 2.2 && t > 0.4 && !(t >= gap0 && t < gap1);
        double ts = fmod(t, 0.22);
        double env = (in_phrase && ts < 0.16) ? 0.5 - 0.5 * cos(2.0 * PI * ts / 0.16) : 0.0;
        double v = 0.0;
        for (int h = 1; h <= 12; h++) v += sin(h * phase) / h;
        seed = seed * 1664525u + 1013904223u;   /* faint noise floor */
        x[k] = (float)(0.25 * env * v + 1e-4 * ((double)(seed >> 8) / 8388608.0 - 1.0));
    }
    *frames = n;
    return x;
}

static void test_long_pause_analysed(void)
{
    const int rate = 16000;
    /* the phrases run 0.4-2.2, 3.0-5.2, 6.0-8.2, ..., syllables start every
     * 0.22 s: silence from 7.20 (the end of the syllable at 7.04) to 10.12
     * (a syllable's start) cuts the third phrase and the next gap and phrase
     * start, leaving only whole syllables around it */
    const double g0 = 7.2, g1 = 10.12;
    size_t frames;
    float *x = speech_with_gap(rate, 18.0, g0, g1, &frames);
    pd_analysis_config cfg;
    pd_analysis_config_init(&cfg, "en");
    pd_report *r = NULL;
    CHECK(pd_analyse_buffer(&cfg, x, frames, rate, 1, &r) == PD_OK && r, "analyse");
    free(x);
    if (!r) return;
    pd_feedback_bounds b;
    pd_feedback_bounds_init(&b);
    CHECK(pd_feedback_evaluate(r, &b, "en") == PD_OK, "evaluate");
    CHECK(r->long_pauses_count == 1, "one long pause (%d)", r->long_pauses_count);
    const pd_feedback_item *it = find(r, "long_pauses");
    CHECK(it && pd_feedback_has_moment(it), "long_pauses has a moment");
    if (it) {
        CHECK_NEAR(it->moment.start_s, g0, 0.1, "the long pause's start");
        CHECK_NEAR(it->moment.end_s, g1, 0.1, "the long pause's end");
        CHECK(strstr(it->message, "at 0:07") != NULL, "the message names 0:07: %s", it->message);
    }
    /* the others here are about the whole take */
    for (size_t i = 0; i < r->n_feedback; i++)
        if (&r->feedback[i] != it)
            CHECK(!pd_feedback_has_moment(&r->feedback[i]), "%s: no moment", r->feedback[i].id);
    /* the JSON: a moment object on long_pauses, null elsewhere */
    pd_sb sb = { 0 };
    pd_report_json(r, 0, &sb);
    CHECK(sb.data != NULL, "json");
    if (sb.data) {
        const char *lp = strstr(sb.data, "\"long_pauses\"");
        CHECK(lp && strstr(lp, "\"moment\": {\"start_s\": 7.") != NULL, "JSON moment of long_pauses");
        CHECK(strstr(sb.data, "\"moment\": null") != NULL || r->n_feedback == 1, "JSON moment null");
    }
    pd_sb_free(&sb);
    /* Italian names it too */
    CHECK(pd_feedback_evaluate(r, &b, "it") == PD_OK, "evaluate (it)");
    it = find(r, "long_pauses");
    CHECK(it && strstr(it->message, "a 0:07") != NULL, "Italian: %s", it ? it->message : "");
    pd_report_destroy(r);
}

static void test_filled_cluster(void)
{
    pd_feedback_bounds b;
    pd_feedback_bounds_init(&b);
    pd_report r;
    fake_report(&r, 3.5, 8.0, 3.0, -20.0);   /* 8 per 100 words: over the 5 % bound */
    CHECK(r.n_filled_pauses >= 5, "fake report holds %zu filled pauses", r.n_filled_pauses);
    /* one at 2 s, three within 10 s from 15 s, the rest spread 8 s apart from 27 s */
    static const double at[] = { 2.0, 15.0, 18.0, 23.5 };
    for (size_t i = 0; i < r.n_filled_pauses; i++) {
        double s0 = i < 4 ? at[i] : 27.0 + 8.0 * (double)(i - 4);
        r.filled_pauses[i] = (pd_interval){ s0, s0 + 0.4 };
    }
    r.duration_s = r.speech_end_s = 27.0 + 8.0 * (double)(r.n_filled_pauses - 4) + 1.0;
    CHECK(pd_feedback_evaluate(&r, &b, "en") == PD_OK, "evaluate");
    const pd_feedback_item *it = find(&r, "hesitations");
    CHECK(it && pd_feedback_has_moment(it), "hesitations has a moment");
    if (it) {
        CHECK_NEAR(it->moment.start_s, 15.0, 1e-9, "densest stretch starts at the 15 s filled pause");
        CHECK_NEAR(it->moment.end_s, 23.9, 1e-9, "and ends with the 23.5 s one");
        CHECK(strstr(it->message, "3 within 10 s from 0:15") != NULL, "message: %s", it->message);
    }
    free(r.feedback);
    r.feedback = NULL;
    /* none closer than 10 s: the first */
    for (size_t i = 0; i < r.n_filled_pauses; i++)
        r.filled_pauses[i] = (pd_interval){ 3.0 + 12.0 * (double)i, 3.5 + 12.0 * (double)i };
    CHECK(pd_feedback_evaluate(&r, &b, "it") == PD_OK, "evaluate");
    it = find(&r, "hesitations");
    CHECK(it && fabs(it->moment.start_s - 3.0) < 1e-9 && fabs(it->moment.end_s - 3.5) < 1e-9,
          "spread out: the first (%.2f-%.2f)", it ? it->moment.start_s : -1, it ? it->moment.end_s : -1);
    CHECK(it && strstr(it->message, "la prima a 0:03") != NULL, "Italian: %s", it ? it->message : "");
    free(r.feedback);
}

static void test_thirds_and_timing(void)
{
    pd_feedback_bounds b;
    pd_feedback_bounds_init(&b);
    pd_report r;
    fake_report(&r, 3.5, 0.0, 3.0, -20.0);   /* speech 0.5-29.5 s: thirds of 9.667 s */
    r.pace_by_third_syl_s[0] = 5.0;          /* 5.0 / 3.5 = 1.43 > 1.25: rushed */
    r.level_by_third_db[2] = -30.0;          /* 10 dB under the first two > 6 dB: trailing off */
    r.duration_s = 42.0;                     /* 12 s over a 30 s target */
    CHECK(pd_feedback_evaluate_timed(&r, &b, 30.0, "en") == PD_OK, "evaluate");
    const pd_feedback_item *it = find(&r, "rushing_start");
    CHECK(it && fabs(it->moment.start_s - 0.5) < 1e-9 && fabs(it->moment.end_s - (0.5 + 29.0 / 3)) < 1e-9,
          "rushed opening: the first third (%.3f-%.3f)", it ? it->moment.start_s : -1,
          it ? it->moment.end_s : -1);
    CHECK(it && strstr(it->message, "(0:00-0:10)") != NULL, "message: %s", it ? it->message : "");
    it = find(&r, "trailing_off");
    CHECK(it && fabs(it->moment.start_s - (29.5 - 29.0 / 3)) < 1e-9 && fabs(it->moment.end_s - 29.5) < 1e-9,
          "trailing off: the last third (%.3f-%.3f)", it ? it->moment.start_s : -1, it ? it->moment.end_s : -1);
    CHECK(it && strstr(it->message, "(0:19-0:29)") != NULL, "message: %s", it ? it->message : "");
    it = find(&r, "time_over");
    CHECK(it && fabs(it->moment.start_s - 30.0) < 1e-9 && fabs(it->moment.end_s - 42.0) < 1e-9,
          "over the target: 0:30 to the end (%.2f-%.2f)", it ? it->moment.start_s : -1,
          it ? it->moment.end_s : -1);
    static const char *whole[] = { "pace_ok", "pitch_ok" };
    for (size_t i = 0; i < 2; i++) {
        it = find(&r, whole[i]);
        CHECK(it && !pd_feedback_has_moment(it), "%s: about the whole take", whole[i]);
    }
    free(r.feedback);
    /* on time: no moment */
    fake_report(&r, 3.5, 0.0, 3.0, -20.0);
    CHECK(pd_feedback_evaluate_timed(&r, &b, 30.0, "en") == PD_OK, "evaluate");
    it = find(&r, "time_ok");
    CHECK(it && !pd_feedback_has_moment(it), "on time: no moment");
    free(r.feedback);
    /* a zeroed item (as the store reads one back) is about no moment */
    pd_feedback_item z;
    memset(&z, 0, sizeof z);
    CHECK(!pd_feedback_has_moment(&z) && !pd_feedback_has_moment(NULL), "zeroed: no moment");
}

int main(void)
{
    test_long_pause_analysed();
    test_filled_cluster();
    test_thirds_and_timing();
    CHECK_DONE();
}
