/* report_checks.h - what every report must satisfy, whatever the input, and
 * the three writers (JSON, TextGrid, text) run on it; shared by the file and
 * the analyzer targets. */
#ifndef PODIUM_FUZZ_REPORT_CHECKS_H
#define PODIUM_FUZZ_REPORT_CHECKS_H

#include <math.h>
#include "fuzz_util.h"
#include "podium/feedback.h"
#include "podium/report.h"

static inline void check_intervals(const pd_interval *iv, size_t n, double dur, const char *what)
{
    for (size_t i = 0; i < n; i++) {
        FUZZ_CHECK(isfinite(iv[i].start_s) && isfinite(iv[i].end_s) && iv[i].start_s <= iv[i].end_s,
                   "%s %zu: %g..%g", what, i, iv[i].start_s, iv[i].end_s);
        FUZZ_CHECK(iv[i].start_s >= -0.1 && iv[i].end_s <= dur + 0.1, "%s %zu: %g..%g outside 0..%g", what, i,
                   iv[i].start_s, iv[i].end_s, dur);
    }
}

/* The report's invariants, the advice, then each writer into a buffer. */
static inline void check_and_write_report(pd_report *r)
{
    FUZZ_CHECK(isfinite(r->duration_s) && r->duration_s >= 0, "duration %g", r->duration_s);
    check_intervals(r->pauses, r->n_pauses, r->duration_s, "pause");
    check_intervals(r->filled_pauses, r->n_filled_pauses, r->duration_s, "filled pause");
    check_intervals(r->segments, r->n_segments, r->duration_s, "segment");
    check_intervals(r->excluded, r->n_excluded, r->duration_s, "excluded");
    FUZZ_CHECK(r->syllables >= 0 && r->clipped_samples >= 0, "counts %d %ld", r->syllables,
               r->clipped_samples);
    pd_feedback_bounds b;
    pd_feedback_bounds_init(&b);
    FUZZ_CHECK(pd_feedback_evaluate(r, &b, "it") == PD_OK, "feedback (it)");
    FUZZ_CHECK(pd_feedback_evaluate(r, &b, "en") == PD_OK, "feedback (en)");
    for (size_t i = 0; i < r->n_feedback; i++) {
        FUZZ_CHECK(memchr(r->feedback[i].message, 0, sizeof r->feedback[i].message) != NULL, "message %zu",
                   i);
        /* a moment the advice is about lies inside the take (feedback.h) */
        const pd_interval *m = &r->feedback[i].moment;
        FUZZ_CHECK(!pd_feedback_has_moment(&r->feedback[i]) ||
                       (m->start_s >= 0 && m->end_s <= r->duration_s + 1e-6),
                   "%s: moment %g-%g outside the take (%g s)", r->feedback[i].id, m->start_s, m->end_s,
                   r->duration_s);
    }
    pd_sb sb;
    pd_sb_init(&sb);
    pd_report_json(r, 1, &sb);
    FUZZ_CHECK(pd_sb_status(&sb) == PD_OK && sb.len > 2 && sb.data[0] == '{', "json");
    FUZZ_CHECK(strlen(sb.data) == sb.len, "json: no NUL inside");
    FUZZ_CHECK(fuzz_json_bytes_ok(sb.data, sb.len) && pd_json_valid(sb.data), "json: valid:\n%s", sb.data);
    pd_sb_free(&sb);
    pd_sb_init(&sb);
    pd_report_textgrid(r, &sb);
    FUZZ_CHECK(pd_sb_status(&sb) == PD_OK && strncmp(sb.data, "File type", 9) == 0, "textgrid");
    pd_sb_free(&sb);
    pd_sb_init(&sb);
    pd_report_text(r, "take \xff\xfe\n.wav", "it", &sb);
    FUZZ_CHECK(pd_sb_status(&sb) == PD_OK && sb.len > 0, "text");
    pd_sb_free(&sb);
}

#endif
