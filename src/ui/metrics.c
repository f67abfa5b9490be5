/* metrics.c - the figures of a take shown by History (trend) and Compare,
 * and how a change is judged. A stand-in for the history store's table of
 * directions (issue 4, pd_metric_table / pd_metric_verdict), on the same
 * principle: where the feedback has a comfortable band (pace, pauses per
 * minute, loudness) closer to the band is better; fewer long pauses and
 * filled pauses is better; more pitch variation is better (a flat voice is
 * the fault the feedback names); for the duration, closer to the target.
 * Changes within same_within are "about the same". */
#include <math.h>
#include "ui.h"

typedef struct info {
    pd_str label;
    int decimals;
    int dir;             /* 0 band, -1 lower better, +1 higher better */
    double same_within;
} info;

static const info table[UM_COUNT] = {
    [UM_DURATION] = { S_M_DURATION, 1, 0, 2.0 },
    [UM_PACE] = { S_M_PACE, 1, 0, 0.2 },
    [UM_PAUSES] = { S_M_PAUSES, 1, 0, 2.0 },
    [UM_LONG] = { S_M_LONG, 0, -1, 0.5 },
    [UM_FILLED] = { S_M_FILLED, 1, -1, 0.5 },
    [UM_LOUD] = { S_M_LOUD, 1, 0, 1.0 },
    [UM_PITCH] = { S_M_PITCH, 1, +1, 0.3 },
};

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

static double band_distance(double v, double lo, double hi)
{
    if (!isnan(lo) && v < lo) return lo - v;
    if (!isnan(hi) && v > hi) return v - hi;
    return 0;
}

int ui_metric_verdict(const pd_app *app, ui_metric m, const pd_take_summary *a,
                      const pd_take_summary *b)
{
    double va = ui_metric_value(a, m), vb = ui_metric_value(b, m);
    if (!isfinite(va) || !isfinite(vb)) return 2;
    const info *in = &table[m];
    double ga, gb;    /* "goodness": larger is better */
    if (m == UM_DURATION) {
        ga = -fabs(va - a->target_s);
        gb = -fabs(vb - b->target_s);
    } else if (in->dir == 0) {
        double lo, hi;
        ui_metric_band(app, m, NULL, &lo, &hi);
        ga = -band_distance(va, lo, hi);
        gb = -band_distance(vb, lo, hi);
    } else {
        ga = in->dir * va;
        gb = in->dir * vb;
    }
    if (fabs(gb - ga) <= in->same_within) return 0;
    return gb > ga ? 1 : -1;
}
