/* live_pace.c - the live pace against a band, for the drill's pace bar and
 * its pace cue (see live.h, pd_pace_judge).
 *
 * The band is the one the report judges the articulation rate by
 * (pd_feedback_bounds articulation_slow_syl_s .. articulation_fast_syl_s),
 * and the comparisons are the bar's, so the cue, the bar and the report
 * say the same thing. A cue needs the pace outside the band for hold_s
 * without a break (hysteresis in time, as a debounced switch: one estimate
 * over the edge is not enough; PD_PACE_CUE_HOLD_S is three consecutive
 * estimates, pd_live makes one every 0.5 s); it is released at once when the pace is back
 * inside, so a pace cue is never up while the bar says fine. */
#include <math.h>
#include "podium/live.h"

void pd_pace_judge_init(pd_pace_judge *j, double slow_syl_s, double fast_syl_s)
{
    j->slow_syl_s = slow_syl_s;
    j->fast_syl_s = fast_syl_s;
    j->hold_s = PD_PACE_CUE_HOLD_S;
    j->band = 0;
    j->cue = 0;
    j->out_since_s = NAN;
}

int pd_pace_band(double pace_syl_s, double slow_syl_s, double fast_syl_s)
{
    if (!isfinite(pace_syl_s)) return 0;
    return pace_syl_s > fast_syl_s ? 1 : pace_syl_s < slow_syl_s ? -1 : 0;
}

int pd_pace_judge_update(pd_pace_judge *j, double pace_syl_s, double t_s)
{
    int band = pd_pace_band(pace_syl_s, j->slow_syl_s, j->fast_syl_s);
    if (band == 0 || band != j->band) j->out_since_s = band ? t_s : NAN;
    j->band = band;
    j->cue = band != 0 && t_s - j->out_since_s >= j->hold_s - 1e-9 ? band : 0;
    return j->cue;
}
