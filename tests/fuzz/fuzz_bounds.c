/* fuzz_bounds.c - the feedback config's parsers as `podium analyse
 * --config`, PODIUM_CONFIG and import --config run them on one text: the
 * bounds (pd_feedback_bounds_parse) and the exposure rules
 * (pd_exposure_rules_parse). A refused text has a message; an accepted one
 * leaves every bound inside its documented range. */
#include <math.h>
#include "fuzz_util.h"
#include "podium/exposure.h"
#include "podium/feedback.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstr(data, size);
    pd_feedback_bounds b;
    pd_feedback_bounds_init(&b);
    char err[300] = "";
    if (pd_feedback_bounds_parse(&b, text, err, sizeof err) == PD_OK) {
        size_t n = 0;
        const pd_bound_info *t = pd_feedback_bound_table(&n);
        for (size_t i = 0; i < n; i++) {
            double v;
            memcpy(&v, (const char *)&b + t[i].offset, sizeof v);
            FUZZ_CHECK(isfinite(v) && v >= t[i].lo && v <= t[i].hi, "%s = %g accepted", t[i].name, v);
        }
    } else {
        FUZZ_CHECK(err[0], "a refused config has a message");
    }
    pd_exposure_rules r;
    pd_exposure_rules_init(&r);
    err[0] = 0;
    if (pd_exposure_rules_parse(&r, text, err, sizeof err) != PD_OK) FUZZ_CHECK(err[0], "a message");
    free(text);
    return 0;
}
