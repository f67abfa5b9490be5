/* report.c - JSON, TextGrid and text forms of a report (see report.h).
 * The excluded intervals (distractions Podium played: analysis.h) are
 * always listed, empty when there are none, so that a reader of the JSON or
 * the TextGrid finds the same keys and tiers in every report. */
#include <ctype.h>
#include <math.h>
#include <string.h>
#include "podium/feedback.h"
#include "podium/report.h"

static void key(pd_sb *sb, const char *k, int *first)
{
    pd_sb_puts(sb, *first ? "\n  " : ",\n  ");
    *first = 0;
    pd_sb_json_str(sb, k);
    pd_sb_puts(sb, ": ");
}

static void num(pd_sb *sb, const char *k, double v, int dec, int *first)
{
    key(sb, k, first);
    pd_sb_json_num(sb, v, dec);
}

static void intervals(pd_sb *sb, const char *k, const pd_interval *iv, size_t n, int *first)
{
    key(sb, k, first);
    pd_sb_puts(sb, "[");
    for (size_t i = 0; i < n; i++) {
        pd_sb_printf(sb, "%s{\"start_s\": %.3f, \"end_s\": %.3f}", i ? ", " : "",
                     iv[i].start_s, iv[i].end_s);
    }
    pd_sb_puts(sb, "]");
}

static const char *sev_name(pd_severity s)
{
    return s == PD_SEV_WARNING ? "warning" : s == PD_SEV_TIP ? "tip" : "info";
}

static void float_array(pd_sb *sb, const float *v, size_t n, int dec, int null_le_zero)
{
    pd_sb_puts(sb, "[");
    for (size_t i = 0; i < n; i++) {
        if (i) pd_sb_puts(sb, ",");
        if (null_le_zero && v[i] <= 0.0f) pd_sb_puts(sb, "null");
        else pd_sb_json_num(sb, v[i], dec);
    }
    pd_sb_puts(sb, "]");
}

void pd_report_json(const pd_report *r, int with_tracks, pd_sb *sb)
{
    int first = 1;
    pd_sb_puts(sb, "{");
    num(sb, "duration_s", r->duration_s, 3, &first);
    key(sb, "sample_rate_hz", &first); pd_sb_printf(sb, "%d", r->sample_rate_hz);
    key(sb, "channels", &first); pd_sb_printf(sb, "%d", r->channels);
    key(sb, "speech_detected", &first); pd_sb_puts(sb, r->speech_detected ? "true" : "false");
    num(sb, "speech_start_s", r->speech_start_s, 3, &first);
    num(sb, "speech_end_s", r->speech_end_s, 3, &first);
    num(sb, "phonation_time_s", r->phonation_time_s, 3, &first);
    key(sb, "syllables", &first); pd_sb_printf(sb, "%d", r->syllables);
    num(sb, "speech_rate_syl_s", r->speech_rate_syl_s, 2, &first);
    num(sb, "articulation_rate_syl_s", r->articulation_rate_syl_s, 2, &first);
    num(sb, "words_per_min_est", r->words_per_min_est, 0, &first);
    key(sb, "lang", &first); pd_sb_json_str(sb, r->lang);
    num(sb, "syllables_per_word", r->syllables_per_word, 2, &first);
    intervals(sb, "pauses", r->pauses, r->n_pauses, &first);
    key(sb, "long_pauses_count", &first); pd_sb_printf(sb, "%d", r->long_pauses_count);
    num(sb, "pause_total_s", r->pause_total_s, 3, &first);
    num(sb, "mean_length_of_run_syl", r->mean_length_of_run_syl, 2, &first);
    intervals(sb, "filled_pauses", r->filled_pauses, r->n_filled_pauses, &first);
    intervals(sb, "distractions", r->excluded, r->n_excluded, &first);
    num(sb, "loudness_lufs", r->loudness_lufs, 2, &first);
    num(sb, "loudness_range_lu", r->loudness_range_lu, 2, &first);
    num(sb, "peak_dbfs", r->peak_dbfs, 2, &first);
    key(sb, "clipped_samples", &first); pd_sb_printf(sb, "%ld", r->clipped_samples);
    num(sb, "noise_floor_db", r->noise_floor_db, 1, &first);
    num(sb, "speech_level_db", r->speech_level_db, 1, &first);
    num(sb, "pause_threshold_db", r->pause_threshold_db, 1, &first);
    num(sb, "f0_median_hz", r->f0_median_hz, 1, &first);
    num(sb, "f0_mean_hz", r->f0_mean_hz, 1, &first);
    num(sb, "f0_sd_st", r->f0_sd_st, 2, &first);
    num(sb, "f0_range_st", r->f0_range_st, 2, &first);
    num(sb, "f0_voiced_fraction", r->f0_voiced_fraction, 3, &first);
    key(sb, "pace_by_third_syl_s", &first);
    pd_sb_puts(sb, "[");
    for (int i = 0; i < 3; i++) {
        if (i) pd_sb_puts(sb, ", ");
        pd_sb_json_num(sb, r->pace_by_third_syl_s[i], 2);
    }
    pd_sb_puts(sb, "]");
    key(sb, "level_by_third_db", &first);
    pd_sb_puts(sb, "[");
    for (int i = 0; i < 3; i++) {
        if (i) pd_sb_puts(sb, ", ");
        pd_sb_json_num(sb, r->level_by_third_db[i], 1);
    }
    pd_sb_puts(sb, "]");
    key(sb, "syllable_nuclei_s", &first);
    pd_sb_puts(sb, "[");
    for (size_t i = 0; i < r->n_nuclei; i++) pd_sb_printf(sb, "%s%.2f", i ? ", " : "", r->nuclei_s[i]);
    pd_sb_puts(sb, "]");
    key(sb, "feedback", &first);
    pd_sb_puts(sb, "[");
    for (size_t i = 0; i < r->n_feedback; i++) {
        const pd_feedback_item *f = &r->feedback[i];
        pd_sb_puts(sb, i ? ",\n    {" : "\n    {");
        pd_sb_puts(sb, "\"id\": "); pd_sb_json_str(sb, f->id);
        pd_sb_puts(sb, ", \"severity\": "); pd_sb_json_str(sb, sev_name(f->severity));
        pd_sb_puts(sb, ", \"message\": "); pd_sb_json_str(sb, f->message);
        pd_sb_puts(sb, ", \"value\": "); pd_sb_json_num(sb, f->value, 3);
        pd_sb_puts(sb, ", \"threshold\": "); pd_sb_json_num(sb, f->threshold, 3);
        if (pd_feedback_has_moment(f))   /* the span of the take it is about (feedback.h) */
            pd_sb_printf(sb, ", \"moment\": {\"start_s\": %.2f, \"end_s\": %.2f}", f->moment.start_s,
                         f->moment.end_s);
        else
            pd_sb_puts(sb, ", \"moment\": null");
        pd_sb_puts(sb, "}");
    }
    pd_sb_puts(sb, r->n_feedback ? "\n  ]" : "]");
    if (with_tracks) {
        const pd_tracks *t = &r->tracks;
        key(sb, "tracks", &first);
        pd_sb_printf(sb, "{\"time_step_s\": %.3f, \"frames\": %zu,\n    \"level_db\": ", t->hop_s, t->n);
        float_array(sb, t->level_db, t->n, 1, 0);
        pd_sb_puts(sb, ",\n    \"loudness_momentary_lufs\": ");
        float_array(sb, t->loud_m_lufs, t->n, 1, 0);
        pd_sb_puts(sb, ",\n    \"f0_hz\": ");
        float_array(sb, t->f0_hz, t->n, 1, 1);
        pd_sb_puts(sb, ",\n    \"periodicity\": ");
        float_array(sb, t->periodicity, t->n, 2, 0);
        pd_sb_puts(sb, ",\n    \"voiced\": [");
        for (size_t i = 0; i < t->n; i++) pd_sb_puts(sb, i ? (t->f0_hz[i] > 0 ? ",1" : ",0") : (t->f0_hz[i] > 0 ? "1" : "0"));
        pd_sb_puts(sb, "],\n    \"speech\": [");
        for (size_t i = 0; i < t->n; i++) pd_sb_puts(sb, i ? (t->speech[i] ? ",1" : ",0") : (t->speech[i] ? "1" : "0"));
        pd_sb_puts(sb, "]}");
    }
    pd_sb_puts(sb, "\n}\n");
}

static void tg_interval_tier(pd_sb *sb, int idx, const char *name, double dur,
                             const pd_interval *iv, size_t n, const char *on, const char *off)
{
    /* fill the gaps between the given intervals with 'off' intervals */
    size_t count = 0;
    double t = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (iv[i].start_s > t + 1e-6) count++;
        count++;
        t = iv[i].end_s;
    }
    if (dur > t + 1e-6 || count == 0) count++;
    pd_sb_printf(sb, "    item [%d]:\n        class = \"IntervalTier\"\n        name = \"%s\"\n"
                     "        xmin = 0\n        xmax = %.6f\n        intervals: size = %zu\n",
                 idx, name, dur, count);
    size_t k = 1;
    t = 0.0;
    for (size_t i = 0; i < n; i++) {
        double s = fmax(iv[i].start_s, t), e = fmin(iv[i].end_s, dur);
        if (s > t + 1e-6)
            pd_sb_printf(sb, "        intervals [%zu]:\n            xmin = %.6f\n            xmax = %.6f\n"
                             "            text = \"%s\"\n", k++, t, s, off);
        pd_sb_printf(sb, "        intervals [%zu]:\n            xmin = %.6f\n            xmax = %.6f\n"
                         "            text = \"%s\"\n", k++, s, e, on);
        t = e;
    }
    if (dur > t + 1e-6 || n == 0)
        pd_sb_printf(sb, "        intervals [%zu]:\n            xmin = %.6f\n            xmax = %.6f\n"
                         "            text = \"%s\"\n", k++, t, dur, off);
}

void pd_report_textgrid(const pd_report *r, pd_sb *sb)
{
    const double dur = r->duration_s;
    pd_sb_printf(sb, "File type = \"ooTextFile\"\nObject class = \"TextGrid\"\n\n"
                     "xmin = 0\nxmax = %.6f\ntiers? <exists>\nsize = 4\nitem []:\n", dur);
    tg_interval_tier(sb, 1, "speech", dur, r->segments, r->n_segments, "sounding", "silent");
    pd_sb_printf(sb, "    item [2]:\n        class = \"TextTier\"\n        name = \"nuclei\"\n"
                     "        xmin = 0\n        xmax = %.6f\n        points: size = %zu\n", dur, r->n_nuclei);
    for (size_t i = 0; i < r->n_nuclei; i++)
        pd_sb_printf(sb, "        points [%zu]:\n            number = %.6f\n            mark = \"syl\"\n",
                     i + 1, r->nuclei_s[i]);
    tg_interval_tier(sb, 3, "filled", dur, r->filled_pauses, r->n_filled_pauses, "filled", "");
    tg_interval_tier(sb, 4, "distractions", dur, r->excluded, r->n_excluded, "excluded", "");
}

void pd_report_text(const pd_report *r, const char *name, const char *ui_lang, pd_sb *sb)
{
    int it = ui_lang && strcmp(ui_lang, "it") == 0;
    pd_sb_printf(sb, "%s: %s\n", it ? "Analisi di" : "Analysis of", name);
    size_t figures = sb->len;     /* the figure lines start here (after the file's name) */
    pd_sb_printf(sb, "  %-22s %.2f s, %d Hz, %d %s\n", it ? "Durata" : "Duration", r->duration_s,
                 r->sample_rate_hz, r->channels,
                 r->channels == 1 ? (it ? "canale" : "channel") : (it ? "canali" : "channels"));
    if (r->speech_detected) {
        pd_sb_printf(sb, "  %-22s %.2f - %.2f s (%.2f s %s)\n", it ? "Parlato" : "Speech",
                     r->speech_start_s, r->speech_end_s, r->phonation_time_s,
                     it ? "di fonazione" : "sounding");
        pd_sb_printf(sb, "  %-22s %d %s; %.2f %s (%s %.2f), ~%.0f %s\n", it ? "Ritmo" : "Pace",
                     r->syllables, it ? "sillabe" : "syllables", r->speech_rate_syl_s, it ? "sill/s" : "syl/s",
                     it ? "articolazione" : "articulation", r->articulation_rate_syl_s,
                     r->words_per_min_est, it ? "parole/min (stima)" : "words/min (estimate)");
        pd_sb_printf(sb, "  %-22s %.2f / %.2f / %.2f %s\n", it ? "Ritmo per terzi" : "Pace by third",
                     r->pace_by_third_syl_s[0], r->pace_by_third_syl_s[1], r->pace_by_third_syl_s[2],
                     it ? "sill/s" : "syl/s");
        pd_sb_printf(sb, "  %-22s %zu (%.1f s %s), %d >= 2 s; %.1f %s\n", it ? "Pause" : "Pauses",
                     r->n_pauses, r->pause_total_s, it ? "in tutto" : "in all", r->long_pauses_count,
                     r->mean_length_of_run_syl, it ? "sillabe tra pause" : "syllables per run");
        pd_sb_printf(sb, "  %-22s %zu\n", it ? "Pause piene" : "Filled pauses", r->n_filled_pauses);
        if (isfinite(r->f0_median_hz))
            pd_sb_printf(sb, "  %-22s %s %.0f Hz, SD %.1f st, %s %.1f st\n", it ? "Intonazione" : "Pitch",
                         it ? "mediana" : "median", r->f0_median_hz, r->f0_sd_st,
                         it ? "escursione" : "range", r->f0_range_st);
    }
    if (isfinite(r->loudness_lufs))
        pd_sb_printf(sb, "  %-22s %.1f LUFS, %s %.1f LU, %s %.1f dBFS, %ld %s\n", it ? "Volume" : "Loudness",
                     r->loudness_lufs, it ? "escursione" : "range",
                     isfinite(r->loudness_range_lu) ? r->loudness_range_lu : 0.0,
                     it ? "picco" : "peak", r->peak_dbfs, r->clipped_samples, it ? "campioni saturi" : "clipped");
    else if (isfinite(r->peak_dbfs) && r->duration_s < 0.4)   /* BS.1770's first 400 ms block */
        pd_sb_printf(sb, "  %-22s %s, %s %.1f dBFS, %ld %s\n", it ? "Volume" : "Loudness",
                     it ? "non misurabile (meno di 0,4 s)" : "not measurable (under 0.4 s)",
                     it ? "picco" : "peak", r->peak_dbfs, r->clipped_samples,
                     it ? "campioni saturi" : "clipped");
    else if (isfinite(r->peak_dbfs))
        pd_sb_printf(sb, "  %-22s %s, %s %.1f dBFS, %ld %s\n", it ? "Volume" : "Loudness",
                     it ? "sotto -70 LUFS (quasi silenzio)" : "below -70 LUFS (near silence)",
                     it ? "picco" : "peak", r->peak_dbfs, r->clipped_samples,
                     it ? "campioni saturi" : "clipped");
    else
        pd_sb_printf(sb, "  %-22s %s\n", it ? "Volume" : "Loudness",
                     it ? "silenzio digitale" : "digital silence");
    if (r->n_excluded) {
        double total = 0.0;
        for (size_t i = 0; i < r->n_excluded; i++) total += r->excluded[i].end_s - r->excluded[i].start_s;
        pd_sb_printf(sb, "  %-22s %zu (%.1f s), %s\n", it ? "Esclusi" : "Excluded", r->n_excluded, total,
                     it ? "non misurati (distrazioni)" : "not measured (distractions)");
    }
    /* Italian writes decimals with a comma (11,00 s; 2,43 sill/s), as the
     * feedback sentences already do */
    if (it && sb->data)
        for (size_t i = figures + 1; i + 1 < sb->len; i++)
            if (sb->data[i] == '.' && isdigit((unsigned char)sb->data[i - 1]) &&
                isdigit((unsigned char)sb->data[i + 1]))
                sb->data[i] = ',';
    if (r->n_feedback) pd_sb_puts(sb, it ? "\nConsigli:\n" : "\nFeedback:\n");
    for (size_t i = 0; i < r->n_feedback; i++) {
        const pd_feedback_item *f = &r->feedback[i];
        const char *mark = f->severity == PD_SEV_WARNING ? "!" : f->severity == PD_SEV_TIP ? "*" : "-";
        pd_sb_printf(sb, "  %s %s\n", mark, f->message);
    }
}
