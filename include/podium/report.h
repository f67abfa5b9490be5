/* report.h - formats a pd_report as JSON, a Praat TextGrid or plain text
 * into a pd_sb (the caller writes it wherever it wants). */
#ifndef PODIUM_REPORT_H
#define PODIUM_REPORT_H

#include "podium/analysis.h"
#include "podium/strbuf.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One JSON object; with_tracks adds the per-frame contours. */
void pd_report_json(const pd_report *r, int with_tracks, pd_sb *sb);
/* Praat "ooTextFile" TextGrid with tiers: speech (sounding/silent),
 * nuclei (points), filled (filled pauses) and distractions (the excluded
 * intervals, "excluded"; one empty interval when there are none).
 * The JSON lists the excluded intervals as "distractions" (always there,
 * [] when none). */
void pd_report_textgrid(const pd_report *r, pd_sb *sb);
/* A short human report: figures and feedback. name: shown in the title. */
void pd_report_text(const pd_report *r, const char *name, const char *ui_lang, pd_sb *sb);

#ifdef __cplusplus
}
#endif
#endif
