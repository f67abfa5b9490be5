/* ask.c - a spoken question's timing, its excluded interval, its sound
 * made ready (ask.h). The resampler is the band-limited interpolation of
 * Smith & Gossett (1984; J. O. Smith, "Digital Audio Resampling Home Page",
 * CCRMA) with a Blackman window: espeak's 22050 Hz to the output's rate. */
#include <ebur128.h>
#include <math.h>
#include <string.h>
#include "podium/ask.h"

void pd_ask_begin(pd_ask *a, double now_s, int will_speak)
{
    memset(a, 0, sizeof *a);
    a->shown_s = now_s;
    a->phase = will_speak ? PD_ASK_VOICING : PD_ASK_ANSWER;
    a->answer_from_s = now_s;
}

void pd_ask_scheduled(pd_ask *a, double out_start_s, double out_end_s)
{
    if (a->phase != PD_ASK_VOICING) return;
    a->phase = PD_ASK_SPEAKING;
    a->spoken = 1;
    a->out_start_s = out_start_s;
    a->out_end_s = out_end_s > out_start_s ? out_end_s : out_start_s;
}

void pd_ask_unspoken(pd_ask *a, double now_s)
{
    if (a->phase == PD_ASK_ANSWER) return;
    a->phase = PD_ASK_ANSWER;
    a->answer_from_s = now_s;
}

void pd_ask_step(pd_ask *a, double now_s, double played_s)
{
    if (a->phase == PD_ASK_SPEAKING && played_s >= a->out_end_s) {
        a->phase = PD_ASK_ANSWER;
        a->answer_from_s = now_s;
    }
}

double pd_ask_left_s(const pd_ask *a, double now_s, double window_s)
{
    if (a->phase != PD_ASK_ANSWER) return window_s;
    double left = window_s - (now_s - a->answer_from_s);
    return left > 0 ? left : 0;
}

pd_interval pd_ask_exclusion(double out_start_s, double out_end_s, double t0_take_s, double latency_s)
{
    double a = out_start_s + t0_take_s + latency_s, b = out_end_s + t0_take_s + latency_s + PD_ASK_TAIL_S;
    return (pd_interval){ a > 0 ? a : 0, b > 0 ? b : 0 };
}

size_t pd_resample_frames(size_t n, int in_hz, int out_hz)
{
    if (in_hz <= 0 || out_hz <= 0 || n == 0) return 0;
    return (size_t)floor((double)(n - 1) * out_hz / in_hz) + 1;
}

size_t pd_resample(const float *x, size_t n, int in_hz, int out_hz, float *out)
{
    size_t m = pd_resample_frames(n, in_hz, out_hz);
    if (m == 0) return 0;
    if (in_hz == out_hz) {
        memcpy(out, x, n * sizeof *x);
        return n;
    }
    const double pi = 3.14159265358979323846;
    double fc = out_hz < in_hz ? (double)out_hz / in_hz : 1.0;   /* the cut, in input Nyquists */
    double half = PD_RESAMPLE_HALF_TAPS / fc;                    /* the kernel's half width, input frames */
    double step = (double)in_hz / out_hz;
    for (size_t k = 0; k < m; k++) {
        double t = (double)k * step;
        long lo = (long)ceil(t - half), hi = (long)floor(t + half);
        if (lo < 0) lo = 0;
        if (hi > (long)n - 1) hi = (long)n - 1;
        double acc = 0.0;
        for (long j = lo; j <= hi; j++) {
            double u = t - (double)j;
            double s = fabs(u) < 1e-12 ? 1.0 : sin(pi * fc * u) / (pi * fc * u);
            double w = 0.42 + 0.5 * cos(pi * u / half) + 0.08 * cos(2.0 * pi * u / half);
            acc += x[j] * fc * s * w;
        }
        out[k] = (float)acc;
    }
    return m;
}

int pd_ask_prepare(float *x, size_t n, int rate_hz, double peak_dbfs, double *lufs)
{
    *lufs = NAN;
    float peak = 0.0f;
    for (size_t i = 0; i < n; i++) peak = fmaxf(peak, fabsf(x[i]));
    if (!(peak > 0.0f)) return 1;
    float g = (float)(pow(10.0, peak_dbfs / 20.0) / peak);
    for (size_t i = 0; i < n; i++) x[i] *= g;
    double v = NAN;
    ebur128_state *st = rate_hz > 0 ? ebur128_init(1, (unsigned long)rate_hz, EBUR128_MODE_I) : NULL;
    if (st && ebur128_add_frames_float(st, x, n) == EBUR128_SUCCESS && ebur128_loudness_global(st, &v) != EBUR128_SUCCESS)
        v = NAN;
    if (st) ebur128_destroy(&st);
    *lufs = isfinite(v) ? v : NAN;
    return 0;
}
