/* fuzz_prompt.c - a prompt card's parser (src/ui/prompts.c, the user's
 * ~/.config/podium/prompts/ *.txt): fields NUL-terminated, a card accepted
 * only with a title and a part. */
#include "fuzz_util.h"
#include "ui.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstr(data, size);
    pd_prompt_card c;
    if (pd_prompt_parse(text, &c) == 0) {
        FUZZ_CHECK(c.title[0] && memchr(c.title, 0, sizeof c.title), "a title");
        for (int i = 0; i < PD_CARD_PARTS; i++)
            FUZZ_CHECK(memchr(c.heading[i], 0, sizeof c.heading[i]) && memchr(c.hint[i], 0, sizeof c.hint[i]),
                       "part %d terminated", i);
    }
    free(text);
    return 0;
}
