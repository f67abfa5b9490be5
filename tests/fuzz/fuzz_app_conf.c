/* fuzz_app_conf.c - app.conf's parser (src/ui/settings.c), the code the app
 * runs at start: every field stays NUL-terminated within its size. And its
 * writer, the Settings screen's (pd_app_conf_rewrite): the file rewritten
 * with three keys changed and one removed reads back with exactly those
 * values and every other setting as it was. */
#include <stdlib.h>
#include <string.h>
#include "fuzz_util.h"
#include "settings.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pd_app_settings s = {.lang = "en", .input = "", .prep_s = 10, .drill_s = 60, .demo = -1};
    pd_app_settings_parse((const char *)data, size, &s);
    FUZZ_CHECK(memchr(s.lang, 0, sizeof s.lang) && memchr(s.input, 0, sizeof s.input) &&
                   memchr(s.card, 0, sizeof s.card),
               "terminated");
    FUZZ_CHECK(s.prep_s >= 0 && s.drill_s >= 0, "numbers %d %d", s.prep_s, s.drill_s);

    pd_conf_change ch[4] = { { "lang", "it" }, { "prep_s", "15" }, { "card", "my_x.txt" }, { "output", NULL } };
    char *out = NULL;
    size_t len = 0;
    FUZZ_CHECK(pd_app_conf_rewrite((const char *)data, size, ch, 4, &out, &len) == 0 && out, "rewritten");
    if (!out) return 0;
    pd_app_settings a = {.lang = "en", .input = "", .output = "none", .prep_s = 10, .drill_s = 60, .demo = -1};
    pd_app_settings b = a;
    pd_app_settings_parse((const char *)data, size, &a);
    pd_app_settings_parse(out, len, &b);
    FUZZ_CHECK(strcmp(b.lang, "it") == 0 && b.prep_s == 15 && strcmp(b.card, "my_x.txt") == 0 &&
                   strcmp(b.output, "none") == 0,
               "the changes read back: '%s' %d '%s' '%s'", b.lang, b.prep_s, b.card, b.output);
    FUZZ_CHECK(strcmp(a.input, b.input) == 0 && a.drill_s == b.drill_s && a.demo == b.demo &&
                   a.headphones == b.headphones && a.speak_questions == b.speak_questions,
               "the rest as it was");
    free(out);
    return 0;
}
