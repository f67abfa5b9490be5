/* test_ask.c - a question spoken: its answer window, its excluded interval,
 * its sound resampled and made ready (src/exposure/ask.c). Pure: times are
 * given, not measured (no clock, no SDL, no sound device).
 *
 * - The window: spoken, the 30 s wait while the voice is synthesised and
 *   while it plays, and run from the frame the output's clock reaches its
 *   end; not spoken, from when the question is shown (today's behaviour);
 *   a synthesis that fails opens it at once.
 * - The exclusion: [start + t0 + latency, end + t0 + latency + 0.3 s],
 *   clipped at 0; added to distraction intervals in time order, merged with
 *   what it overlaps or touches, a full list keeping the earliest.
 * - The resampler (espeak's 22050 Hz to the output's 48 kHz, and down to
 *   16 kHz): a 440 Hz and a 5 kHz sine against the same sine computed at
 *   the new rate, away from the ends (16 input periods): max error under
 *   2e-3 of full scale (Blackman-windowed sinc of 32 taps: its passband
 *   ripple and the stopband leak of -58 dB are under 1e-3; Smith,
 *   "Digital Audio Resampling"); a 10 kHz tone resampled to 16 kHz (over its
 *   Nyquist) is removed: RMS under -30 dB of the input's; frame counts.
 * - Made ready: the peak at -12 dBFS (within 1e-4 dB); a 1 kHz sine's
 *   loudness then -15.01 LUFS +/- 0.1 (BS.1770: a 0 dBFS 1 kHz sine reads
 *   -3.01 LUFS, EBU Tech 3341); silence refused. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "check.h"
#include "podium/ask.h"
#include "podium/distract.h"

static const double PI = 3.14159265358979323846;

static void window(void)
{
    pd_ask a;
    /* spoken: shown at 100 s, the voice ready at 100.2 s, on the output's
     * clock from 3.5 to 5.75 s */
    pd_ask_begin(&a, 100.0, 1);
    CHECK(a.phase == PD_ASK_VOICING && pd_ask_left_s(&a, 100.1, PD_ASK_ANSWER_S) == PD_ASK_ANSWER_S,
          "voicing: the window waits (%.2f)", pd_ask_left_s(&a, 100.1, PD_ASK_ANSWER_S));
    pd_ask_step(&a, 100.1, 99.0);   /* the output far ahead: nothing scheduled yet */
    CHECK(a.phase == PD_ASK_VOICING, "voicing: not opened by the output's clock (%d)", a.phase);
    pd_ask_scheduled(&a, 3.5, 5.75);
    pd_ask_step(&a, 101.0, 4.0);
    CHECK(a.phase == PD_ASK_SPEAKING && pd_ask_left_s(&a, 140.0, 30.0) == 30.0,
          "speaking at 4.0 of 3.5-5.75: the window waits (%d, %.2f)", a.phase, pd_ask_left_s(&a, 140.0, 30.0));
    pd_ask_step(&a, 102.7, 5.74);
    CHECK(a.phase == PD_ASK_SPEAKING, "5.74 s: still speaking (%d)", a.phase);
    pd_ask_step(&a, 102.76, 5.75);
    CHECK(a.phase == PD_ASK_ANSWER && a.spoken && a.answer_from_s == 102.76, "5.75 s: the answer from 102.76 (%d, %.2f)",
          a.phase, a.answer_from_s);
    CHECK_NEAR(pd_ask_left_s(&a, 112.76, 30.0), 20.0, 1e-9, "10 s into the answer: 20 s left");
    CHECK(pd_ask_left_s(&a, 132.8, 30.0) == 0.0 && pd_ask_left_s(&a, 200.0, 30.0) == 0.0, "the window ran out: 0");
    pd_ask_step(&a, 150.0, 9.0);
    CHECK(a.answer_from_s == 102.76, "opened once: later steps keep its start (%.2f)", a.answer_from_s);
    pd_ask_scheduled(&a, 7.0, 9.0);
    CHECK(a.phase == PD_ASK_ANSWER && a.out_end_s == 5.75, "scheduled again once answering: ignored (%d)", a.phase);

    /* not spoken: from when it is shown */
    pd_ask_begin(&a, 40.0, 0);
    CHECK(a.phase == PD_ASK_ANSWER && !a.spoken, "the bubble alone: answering at once (%d)", a.phase);
    CHECK_NEAR(pd_ask_left_s(&a, 45.5, 30.0), 24.5, 1e-9, "the bubble alone: 5.5 s after it, 24.5 s left");

    /* the synthesis failed: opened when it is known */
    pd_ask_begin(&a, 40.0, 1);
    pd_ask_unspoken(&a, 40.3);
    CHECK(a.phase == PD_ASK_ANSWER && !a.spoken && a.answer_from_s == 40.3, "unspoken: the answer from 40.3 (%.2f)",
          a.answer_from_s);
    pd_ask_scheduled(&a, 1.0, 2.0);
    CHECK(a.phase == PD_ASK_ANSWER && !a.spoken, "unspoken, then scheduled: still the bubble alone");
    /* an empty (or reversed) sound ends where it starts */
    pd_ask_begin(&a, 0.0, 1);
    pd_ask_scheduled(&a, 2.0, 1.0);
    pd_ask_step(&a, 3.0, 2.0);
    CHECK(a.phase == PD_ASK_ANSWER, "a reversed interval: over at its start (%d)", a.phase);
}

static void exclusion(void)
{
    pd_interval iv = pd_ask_exclusion(3.5, 5.75, 12.0, 0.08);
    CHECK_NEAR(iv.start_s, 15.58, 1e-9, "the spoken question's start: 3.5 + t0 12 + latency 0.08");
    CHECK_NEAR(iv.end_s, 18.13, 1e-9, "its end: 5.75 + 12 + 0.08 + the 0.3 s tail");
    iv = pd_ask_exclusion(0.0, 1.0, -0.5, 0.0);
    CHECK(iv.start_s == 0.0 && fabs(iv.end_s - 0.8) < 1e-12, "clipped at 0: %.2f-%.2f", iv.start_s, iv.end_s);

    pd_interval v[4] = { {1, 2}, {5, 6} };
    size_t n = pd_intervals_add(v, 2, 4, (pd_interval){3, 4});
    CHECK(n == 3 && v[1].start_s == 3 && v[2].start_s == 5, "between: in time order (%zu: %.0f %.0f %.0f)", n,
          v[0].start_s, v[1].start_s, v[2].start_s);
    n = pd_intervals_add(v, n, 4, (pd_interval){7, 8});
    CHECK(n == 4 && v[3].start_s == 7, "after: at the end (%zu)", n);
    n = pd_intervals_add(v, n, 4, (pd_interval){1.5, 5.2});
    CHECK(n == 2 && v[0].start_s == 1 && v[0].end_s == 6 && v[1].start_s == 7,
          "overlapping three: merged into 1-6 (%zu: %.1f-%.1f, %.1f)", n, v[0].start_s, v[0].end_s, v[1].start_s);
    n = pd_intervals_add(v, n, 4, (pd_interval){6, 7});
    CHECK(n == 1 && v[0].start_s == 1 && v[0].end_s == 8, "touching both: one 1-8 (%zu: %.1f-%.1f)", n, v[0].start_s,
          v[0].end_s);
    n = pd_intervals_add(v, n, 4, (pd_interval){NAN, 9});
    n = pd_intervals_add(v, n, 4, (pd_interval){9, 9});
    n = pd_intervals_add(v, n, 4, (pd_interval){10, 9});
    CHECK(n == 1, "NaN, empty and reversed intervals left out (%zu)", n);
    pd_interval f[2] = { {1, 2}, {5, 6} };
    n = pd_intervals_add(f, 2, 2, (pd_interval){8, 9});
    CHECK(n == 2 && f[1].start_s == 5, "full, the latest new one dropped (%zu, %.0f)", n, f[1].start_s);
    n = pd_intervals_add(f, 2, 2, (pd_interval){3, 4});
    CHECK(n == 2 && f[0].start_s == 1 && f[1].start_s == 3, "full, an earlier one kept, the latest dropped (%.0f %.0f)",
          f[0].start_s, f[1].start_s);
    n = pd_intervals_add(f, 2, 2, (pd_interval){3.5, 10});
    CHECK(n == 2 && f[1].end_s == 10, "full, an overlapping one still merges (%.0f)", f[1].end_s);
}

static double sine_err(double hz, int in_hz, int out_hz)
{
    size_t n = (size_t)in_hz / 2;
    float *x = malloc(n * sizeof *x);
    size_t m = pd_resample_frames(n, in_hz, out_hz);
    float *y = malloc(m * sizeof *y);
    for (size_t i = 0; i < n; i++) x[i] = (float)(0.9 * sin(2 * PI * hz * (double)i / in_hz));
    CHECK(pd_resample(x, n, in_hz, out_hz, y) == m, "%d to %d Hz: %zu frames", in_hz, out_hz, m);
    double worst = 0;
    double edge = (double)PD_RESAMPLE_HALF_TAPS * out_hz / in_hz * (out_hz < in_hz ? (double)in_hz / out_hz : 1.0);
    for (size_t k = (size_t)edge + 1; k + (size_t)edge + 1 < m; k++)
        worst = fmax(worst, fabs(y[k] - 0.9 * sin(2 * PI * hz * (double)k / out_hz)));
    free(x);
    free(y);
    return worst;
}

static void resample(void)
{
    /* the last output frame at or before the last input frame: floor(22049 * 48000 / 22050) + 1 */
    CHECK(pd_resample_frames(22050, 22050, 48000) == 47998, "22050 frames at 48 kHz: %zu",
          pd_resample_frames(22050, 22050, 48000));
    CHECK(pd_resample_frames(0, 22050, 48000) == 0 && pd_resample_frames(10, 0, 48000) == 0, "nothing: 0");
    double e1 = sine_err(440.0, 22050, 48000), e2 = sine_err(5000.0, 22050, 48000);
    double e3 = sine_err(440.0, 22050, 16000), e4 = sine_err(5000.0, 22050, 16000);
    printf("resampling error (max, full scale): 440 Hz %.2e, 5 kHz %.2e up to 48 kHz; %.2e, %.2e down to 16 kHz\n", e1,
           e2, e3, e4);
    CHECK(e1 < 2e-3 && e2 < 2e-3, "22050 to 48000: 440 Hz %.2e, 5 kHz %.2e (under 2e-3)", e1, e2);
    CHECK(e3 < 2e-3 && e4 < 2e-3, "22050 to 16000: 440 Hz %.2e, 5 kHz %.2e (under 2e-3)", e3, e4);
    /* over the new Nyquist: removed */
    size_t n = 22050, m = pd_resample_frames(n, 22050, 16000);
    float *x = malloc(n * sizeof *x), *y = malloc(m * sizeof *y);
    for (size_t i = 0; i < n; i++) x[i] = (float)(0.9 * sin(2 * PI * 10000.0 * (double)i / 22050));
    pd_resample(x, n, 22050, 16000, y);
    double s = 0;
    for (size_t k = 100; k + 100 < m; k++) s += (double)y[k] * y[k];
    double rel_db = 10 * log10(s / (double)(m - 200) / (0.81 / 2));
    CHECK(rel_db < -30.0, "10 kHz to 16 kHz: %.1f dB of the input (under -30)", rel_db);
    free(x);
    free(y);
}

static void prepare(void)
{
    int rate = 48000;
    size_t n = (size_t)rate * 3;
    float *x = malloc(n * sizeof *x);
    for (size_t i = 0; i < n; i++) x[i] = (float)(0.3 * sin(2 * PI * 1000.0 * (double)i / rate));
    double lufs = 0;
    CHECK(pd_ask_prepare(x, n, rate, -12.0, &lufs) == 0, "a sine made ready");
    float peak = 0;
    for (size_t i = 0; i < n; i++) peak = fmaxf(peak, fabsf(x[i]));
    CHECK_NEAR(20 * log10(peak), -12.0, 1e-4, "its peak, dBFS");
    CHECK_NEAR(lufs, -15.01, 0.1, "a -12 dBFS 1 kHz sine's loudness, LUFS");
    for (size_t i = 0; i < n; i++) x[i] = 0;
    CHECK(pd_ask_prepare(x, n, rate, -12.0, &lufs) == 1 && isnan(lufs), "silence refused");
    free(x);
}

int main(void)
{
    window();
    exclusion();
    resample();
    prepare();
    CHECK_DONE();
}
