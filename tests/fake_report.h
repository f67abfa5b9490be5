/* fake_report.h - a report with chosen figures and no contour arrays: enough
 * for the history store and the screens built on it (test_store, test_ui). */
#ifndef PODIUM_TEST_FAKE_REPORT_H
#define PODIUM_TEST_FAKE_REPORT_H

#include <math.h>
#include <stdio.h>
#include <string.h>
#include "podium/analysis.h"

static inline void fake_report(pd_report *r, double pace, double fillers_pct, double f0_sd,
                               double loudness)
{
    static pd_interval filled[256]; /* n_filled_pauses must have its intervals */
    memset(r, 0, sizeof *r);
    r->duration_s = 30.0;
    r->sample_rate_hz = 16000;
    r->channels = 1;
    r->speech_detected = 1;
    r->speech_start_s = 0.5;
    r->speech_end_s = 29.5;
    r->syllables = (int)lrint(pace * 29.0);
    r->speech_rate_syl_s = pace;
    r->articulation_rate_syl_s = pace * 1.3;
    r->syllables_per_word = 1.4;
    r->words_per_min_est = pace / 1.4 * 60.0;
    double words = r->syllables / 1.4;
    r->n_filled_pauses = (size_t)lrint(fillers_pct * words / 100.0);
    if (r->n_filled_pauses > 256) r->n_filled_pauses = 256;
    r->filled_pauses = filled;
    r->loudness_lufs = loudness;
    r->f0_sd_st = f0_sd;
    r->f0_median_hz = 120.0;
    r->f0_range_st = NAN;
    r->mean_length_of_run_syl = 8.0;
    r->level_by_third_db[0] = r->level_by_third_db[1] = r->level_by_third_db[2] = -20.0;
    r->pace_by_third_syl_s[0] = r->pace_by_third_syl_s[1] = r->pace_by_third_syl_s[2] = pace;
    snprintf(r->lang, sizeof r->lang, "en");
}

#endif
