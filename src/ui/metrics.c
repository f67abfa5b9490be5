/* metrics.c - the figures of a take shown by History (trend) and Compare.
 * How a change is judged is the history store's one table of directions
 * (store.h: pd_metric_table / pd_metric_verdict, with the app's feedback
 * bounds), so the app, `podium compare` and the baseline feedback agree.
 * The only figure the store does not judge is the take's length against the
 * drill's target (pd_metric_table: speech_s "compared with the drill's
 * target, not judged here"): closer to the target is better, within 2 s is
 * about the same. */
#include <math.h>
#include "podium/store.h"
#include "ui.h"

typedef struct info {
    pd_str label;
    int decimals;
    int metric;          /* pd_metric, -1: none (the duration) */
} info;

static const info table[UM_COUNT] = {
    [UM_DURATION] = { S_M_DURATION, 1, -1 },
    [UM_PACE] = { S_M_PACE, 1, PD_METRIC_SPEECH_RATE },
    [UM_PAUSES] = { S_M_PAUSES, 1, PD_METRIC_PAUSES_PER_MIN },
    [UM_LONG] = { S_M_LONG, 0, PD_METRIC_LONG_PAUSES },
    [UM_FILLED] = { S_M_FILLED, 1, PD_METRIC_FILLED_PER_100W },
    [UM_LOUD] = { S_M_LOUD, 1, PD_METRIC_LOUDNESS },
    [UM_PITCH] = { S_M_PITCH, 1, PD_METRIC_F0_SD },
};

#define DURATION_SAME_S 2.0

int ui_metric_store(ui_metric m)
{
    return table[m].metric;
}

pd_str ui_metric_label(ui_metric m)
{
    return table[m].label;
}

int ui_metric_decimals(ui_metric m)
{
    return table[m].decimals;
}

double ui_metric_value(const pd_take_summary *t, ui_metric m)
{
    switch (m) {
    case UM_DURATION: return t->duration_s;
    case UM_PACE: return t->pace_syl_s;
    case UM_PAUSES: return t->pauses_per_min;
    case UM_LONG: return t->long_pauses;
    case UM_FILLED: return t->filled_per_100w;
    case UM_LOUD: return t->loudness_lufs;
    case UM_PITCH: return t->f0_sd_st;
    default: return NAN;
    }
}

void ui_metric_limits(ui_metric m, double *lo, double *hi)
{
    *lo = 0;   /* rates, counts, shares, semitones: never below zero */
    *hi = NAN;
    if (m == UM_LOUD) *lo = NAN, *hi = 0;   /* LUFS: at most full scale */
}

double ui_metric_trend_value(const pd_take_summary *t, ui_metric m)
{
    if (m != UM_DURATION) return ui_metric_value(t, m);
    return t->target_s > 0 && isfinite(t->duration_s) ? 100.0 * t->duration_s / t->target_s : NAN;
}

void ui_metric_band(const pd_app *app, ui_metric m, const pd_take_summary *t, double *lo,
                    double *hi)
{
    const pd_feedback_bounds *b = &app->bounds;
    *lo = *hi = NAN;
    switch (m) {
    case UM_DURATION:
        if (t && t->target_s > 0) *lo = t->target_s * 2.0 / 3.0, *hi = t->target_s;
        break;
    case UM_PACE: *lo = b->pace_slow_syl_s, *hi = b->pace_fast_syl_s; break;
    case UM_PAUSES: *lo = 0, *hi = b->pauses_per_min_max; break;
    case UM_FILLED: *lo = 0, *hi = b->filled_pauses_pct_max; break;
    case UM_LOUD: *lo = b->loudness_quiet_lufs, *hi = -10.0; break;
    case UM_PITCH: *lo = b->f0_sd_flat_st; break;
    default: break;
    }
}

int ui_metric_verdict(const pd_app *app, ui_metric m, const pd_take_summary *a,
                      const pd_take_summary *b)
{
    double va = ui_metric_value(a, m), vb = ui_metric_value(b, m);
    if (!isfinite(va) || !isfinite(vb)) return 2;
    if (table[m].metric < 0) {      /* the duration: closer to the target */
        if (!(a->target_s > 0) || !(b->target_s > 0)) return 2;   /* an imported take has none */
        double gain = fabs(va - a->target_s) - fabs(vb - b->target_s);
        if (fabs(gain) <= DURATION_SAME_S) return 0;
        return gain > 0 ? 1 : -1;
    }
    switch (pd_metric_verdict((pd_metric)table[m].metric, va, vb, &app->bounds)) {
    case PD_VERDICT_BETTER: return 1;
    case PD_VERDICT_WORSE: return -1;
    case PD_VERDICT_SAME: return 0;
    default: return 2;
    }
}
