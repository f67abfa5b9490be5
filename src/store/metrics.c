/* metrics.c - the metrics kept per take and which way each one is better.
 *
 * This is the single table of directions used by compare, trend and the
 * baseline feedback. A metric with a band (pace) is better when it moves
 * closer to the comfortable band of the feedback bounds (feedback.h, so a
 * user's config moves both the advice and the verdicts), and "about the same"
 * when it stays inside it. Sources (see also feedback.c and
 * shared/REFERENCE.md):
 * - pace, articulation: comfortable band 2.6-4.6 / 3.3-6.5 syl/s (Street &
 *   Brady 1982; Amir 2016): neither faster nor slower is better in itself.
 * - pauses per minute: pause frequency lowers fluency ratings (Strik &
 *   Cucchiarini); only more than the bound is worse.
 * - mean length of run: the strongest temporal predictor of perceived
 *   fluency (Towell, Hawkins & Bazergui 1996; Kormos & Denes 2004): longer
 *   is better.
 * - filled pauses, long pauses, clipping, trailing off: fewer/less is better.
 * - pitch SD: more variation sounds livelier (Hincks 2005): higher is better.
 * - loudness: only under the "too quiet" bound is worse (the level also
 *   depends on the microphone, so louder is not better in itself). */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include "podium/store.h"

#define OFF(f) offsetof(pd_feedback_bounds, f)
#define NB     PD_BOUND_NONE

static const pd_metric_info TABLE[PD_METRIC_COUNT] = {
    {"speech_rate_syl_s", "pace", "syl/s", PD_DIR_BAND, OFF(pace_slow_syl_s), OFF(pace_fast_syl_s), 0.1, 0.3,
     "faster", "slower", "più veloce", "più lento", "closer to the comfortable pace band is better"},
    {"articulation_rate_syl_s", "artic.", "syl/s", PD_DIR_BAND, OFF(articulation_slow_syl_s),
     OFF(articulation_fast_syl_s), 0.1, 0.4, "faster between pauses", "slower between pauses",
     "più veloce tra le pause", "più lento tra le pause",
     "closer to the comfortable articulation band is better"},
    {"words_per_min_est", "wpm", "words/min", PD_DIR_NONE, NB, NB, 3.0, 0.0, "", "", "", "",
     "an estimate from the pace; judged through the pace"},
    {"pauses_per_min", "pauses/min", "per min", PD_DIR_BAND, NB, OFF(pauses_per_min_max), 1.0, 4.0,
     "more pauses", "fewer pauses", "più pause", "meno pause",
     "pauses are good until they are too many (over the bound)"},
    {"long_pauses", "long p.", "count", PD_DIR_LOWER, NB, NB, 0.5, 0.0, "", "", "", "",
     "fewer pauses of 2 s or more is better"},
    {"mean_length_of_run_syl", "run", "syl", PD_DIR_HIGHER, NB, NB, 0.5, 0.0, "", "", "", "",
     "longer runs between pauses sound more fluent (Towell et al. 1996)"},
    {"filled_pauses_per_100w", "fillers", "per 100 words", PD_DIR_LOWER, NB, NB, 0.5, 1.5,
     "more filled pauses", "fewer filled pauses", "più pause piene", "meno pause piene",
     "fewer ehm/uh is better"},
    {"f0_sd_st", "pitch SD", "semitones", PD_DIR_HIGHER, NB, NB, 0.2, 0.6, "more pitch variation",
     "less pitch variation", "più variazione di tono", "meno variazione di tono",
     "more pitch movement sounds livelier (Hincks 2005)"},
    {"f0_median_hz", "pitch", "Hz", PD_DIR_NONE, NB, NB, 3.0, 0.0, "", "", "", "",
     "a property of the voice, not a skill"},
    {"loudness_lufs", "loudness", "LUFS", PD_DIR_BAND, OFF(loudness_quiet_lufs), NB, 1.0, 4.0, "louder",
     "quieter", "più forte", "più piano",
     "only under the too-quiet bound is worse (the level depends on the microphone)"},
    {"rush_start_ratio", "start rush", "ratio", PD_DIR_BAND, NB, OFF(rush_start_ratio), 0.05, 0.0, "", "", "",
     "", "only a first third faster than the bound is worse"},
    {"trail_off_db", "trail-off", "dB", PD_DIR_BAND, NB, OFF(trail_off_db), 1.0, 0.0, "", "", "", "",
     "only a last third quieter than the bound is worse"},
    {"clipped_samples", "clipped", "samples", PD_DIR_LOWER, NB, NB, 0.5, 0.0, "", "", "", "",
     "no clipping is best"},
    {"speech_s", "speech", "s", PD_DIR_NONE, NB, NB, 0.5, 0.0, "", "", "", "",
     "how long you spoke; compared with the drill's target, not judged here"},
};

const pd_metric_info *pd_metric_table(void)
{
    return TABLE;
}

int pd_metric_find(const char *name)
{
    static const struct {
        const char *alias;
        pd_metric m;
    } ALIASES[] = {
        {"pace", PD_METRIC_SPEECH_RATE},
        {"speech_rate", PD_METRIC_SPEECH_RATE},
        {"articulation", PD_METRIC_ARTICULATION_RATE},
        {"wpm", PD_METRIC_WPM},
        {"pauses", PD_METRIC_PAUSES_PER_MIN},
        {"fillers", PD_METRIC_FILLED_PER_100W},
        {"pitch_sd", PD_METRIC_F0_SD},
        {"pitch", PD_METRIC_F0_MEDIAN},
        {"loudness", PD_METRIC_LOUDNESS},
        {"mlr", PD_METRIC_MLR},
    };
    if (!name) return -1;
    for (int i = 0; i < PD_METRIC_COUNT; i++)
        if (strcmp(name, TABLE[i].name) == 0) return i;
    for (size_t i = 0; i < sizeof ALIASES / sizeof ALIASES[0]; i++)
        if (strcmp(name, ALIASES[i].alias) == 0) return (int)ALIASES[i].m;
    return -1;
}

void pd_metrics_from_report(const pd_report *r, double m[PD_METRIC_COUNT])
{
    for (int i = 0; i < PD_METRIC_COUNT; i++) m[i] = NAN;
    m[PD_METRIC_CLIPPED] = (double)r->clipped_samples;
    m[PD_METRIC_LOUDNESS] = isfinite(r->loudness_lufs) ? r->loudness_lufs : NAN;
    if (!r->speech_detected) return;
    const double span = r->speech_end_s - r->speech_start_s;
    m[PD_METRIC_SPEECH_S] = span;
    m[PD_METRIC_SPEECH_RATE] = r->speech_rate_syl_s;
    m[PD_METRIC_ARTICULATION_RATE] = r->articulation_rate_syl_s;
    m[PD_METRIC_WPM] = r->words_per_min_est;
    m[PD_METRIC_LONG_PAUSES] = r->long_pauses_count;
    m[PD_METRIC_MLR] = r->mean_length_of_run_syl;
    if (span > 0) m[PD_METRIC_PAUSES_PER_MIN] = (double)r->n_pauses / (span / 60.0);
    /* as in feedback.c: filled pauses per 100 estimated words */
    double words = r->syllables_per_word > 0 ? r->syllables / r->syllables_per_word : r->syllables;
    m[PD_METRIC_FILLED_PER_100W] = words > 0 ? 100.0 * (double)r->n_filled_pauses / words : 0.0;
    m[PD_METRIC_F0_SD] = isfinite(r->f0_sd_st) ? r->f0_sd_st : NAN;
    m[PD_METRIC_F0_MEDIAN] = isfinite(r->f0_median_hz) ? r->f0_median_hz : NAN;
    const double *t = r->pace_by_third_syl_s;
    double rest = 0.5 * (t[1] + t[2]);
    if (span >= 6.0 && rest > 0 && isfinite(t[0])) m[PD_METRIC_RUSH_RATIO] = t[0] / rest;
    const double *lv = r->level_by_third_db;
    if (isfinite(lv[0]) && isfinite(lv[1]) && isfinite(lv[2]))
        m[PD_METRIC_TRAIL_OFF] = 0.5 * (lv[0] + lv[1]) - lv[2];
}

static double bound_at(const pd_feedback_bounds *b, size_t off, double none)
{
    return off == PD_BOUND_NONE ? none : *(const double *)((const char *)b + off);
}

/* Distance from the band (0 inside). */
static double band_distance(const pd_metric_info *mi, const pd_feedback_bounds *b, double v)
{
    double lo = bound_at(b, mi->lo, -INFINITY), hi = bound_at(b, mi->hi, INFINITY);
    return v < lo ? lo - v : v > hi ? v - hi : 0.0;
}

pd_verdict pd_metric_verdict(pd_metric m, double a, double b, const pd_feedback_bounds *bounds)
{
    if ((int)m < 0 || m >= PD_METRIC_COUNT) return PD_VERDICT_NA;
    const pd_metric_info *mi = &TABLE[m];
    if (!isfinite(a) || !isfinite(b)) return PD_VERDICT_NA;
    if (mi->dir == PD_DIR_NONE) return PD_VERDICT_NEUTRAL;
    pd_feedback_bounds def;
    if (!bounds) {
        pd_feedback_bounds_init(&def);
        bounds = &def;
    }
    double gain; /* positive: b is better than a */
    if (mi->dir == PD_DIR_LOWER)
        gain = a - b;
    else if (mi->dir == PD_DIR_HIGHER)
        gain = b - a;
    else
        gain = band_distance(mi, bounds, a) - band_distance(mi, bounds, b);
    if (fabs(gain) <= mi->same_within) return PD_VERDICT_SAME;
    return gain > 0 ? PD_VERDICT_BETTER : PD_VERDICT_WORSE;
}

const char *pd_verdict_str(pd_verdict v)
{
    switch (v) {
    case PD_VERDICT_BETTER: return "better";
    case PD_VERDICT_WORSE: return "worse";
    case PD_VERDICT_SAME: return "same";
    case PD_VERDICT_NEUTRAL: return "";
    default: return "n/a";
    }
}

size_t pd_baseline_feedback(const pd_baseline *bl, const double metric[PD_METRIC_COUNT],
                            const pd_feedback_bounds *bounds, const char *ui_lang, pd_feedback_item *items,
                            size_t max)
{
    if (!bl || bl->kind == PD_BASELINE_NONE || !metric || !items) return 0;
    double min_speech = bounds ? bounds->min_speech_s : PD_BASELINE_MIN_SPEECH_S;
    if (isfinite(metric[PD_METRIC_SPEECH_S]) && metric[PD_METRIC_SPEECH_S] < min_speech) return 0;
    const int it = ui_lang && strcmp(ui_lang, "it") == 0;
    size_t n = 0;
    for (int i = 0; i < PD_METRIC_COUNT && n < max; i++) {
        const pd_metric_info *mi = &TABLE[i];
        double v = metric[i], u = bl->metric[i];
        if (mi->notable <= 0 || !isfinite(v) || !isfinite(u) || fabs(v - u) <= mi->notable) continue;
        const char *word = v > u ? (it ? mi->more_it : mi->more_en) : (it ? mi->less_it : mi->less_en);
        pd_verdict vd = pd_metric_verdict((pd_metric)i, u, v, bounds);
        const char *judge = vd == PD_VERDICT_BETTER  ? (it ? " (meglio)" : " (better)")
                            : vd == PD_VERDICT_WORSE ? (it ? " (peggio)" : " (worse)")
                                                     : "";
        pd_feedback_item *f = &items[n++];
        memset(f, 0, sizeof *f);
        snprintf(f->id, sizeof f->id, "baseline_%s", mi->name);
        f->severity = vd == PD_VERDICT_WORSE ? PD_SEV_TIP : PD_SEV_INFO;
        f->value = v;
        f->threshold = u;
        const char *usual = bl->kind == PD_BASELINE_MARKED
                                ? (it ? "della tua prova di riferimento" : "than your baseline take")
                                : (it ? "del solito" : "than your usual");
        snprintf(f->message, sizeof f->message,
                 it ? "%c%s %s: %.1f %s contro %.1f%s." : "%c%s %s: %.1f %s against %.1f%s.",
                 word[0] - ('a' - 'A'), word + 1, usual, v, mi->unit, u, judge);
    }
    return n;
}
