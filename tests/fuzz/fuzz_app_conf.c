/* fuzz_app_conf.c - app.conf's parser (src/ui/settings.c), the code the app
 * runs at start: every field stays NUL-terminated within its size. */
#include "fuzz_util.h"
#include "settings.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pd_app_settings s = {.lang = "en", .input = "", .prep_s = 10, .drill_s = 60};
    pd_app_settings_parse((const char *)data, size, &s);
    FUZZ_CHECK(memchr(s.lang, 0, sizeof s.lang) && memchr(s.input, 0, sizeof s.input), "terminated");
    FUZZ_CHECK(s.prep_s >= 0 && s.drill_s >= 0, "numbers %d %d", s.prep_s, s.drill_s);
    return 0;
}
