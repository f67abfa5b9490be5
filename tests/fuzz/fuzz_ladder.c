/* fuzz_ladder.c - a ladder file (`podium ladder import`, ladder_file.c):
 * a refused file leaves the ladder as it was and has a message; an accepted
 * one, written again and read back, gives the same file (the writer and the
 * reader agree on everything the reader accepts). */
#include "fuzz_util.h"
#include "podium/exposure.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstr(data, size);
    static pd_ladder l, before, again;
    pd_ladder_default(&l, "en");
    before = l;
    char err[300] = "";
    if (pd_ladder_parse(text, &l, err, sizeof err) != PD_OK) {
        FUZZ_CHECK(err[0], "a refused ladder has a message");
        FUZZ_CHECK(memcmp(&l, &before, sizeof l) == 0, "a refused file changes nothing");
    } else {
        FUZZ_CHECK(l.n >= 0 && l.n <= PD_LADDER_MAX &&
                       (l.n == 0 ? l.current == 0 : l.current >= 0 && l.current < l.n),
                   "n %d current %d", l.n, l.current);
        pd_sb a, b;
        pd_sb_init(&a);
        pd_sb_init(&b);
        pd_ladder_write(&l, &a);
        FUZZ_CHECK(pd_sb_status(&a) == PD_OK, "written");
        err[0] = 0;
        FUZZ_CHECK(pd_ladder_parse(a.data, &again, err, sizeof err) == PD_OK,
                   "what was written reads back: %s\n%s", err, a.data);
        pd_ladder_write(&again, &b);
        FUZZ_CHECK(a.len == b.len && memcmp(a.data, b.data, a.len) == 0, "the same file again:\n%s\n---\n%s",
                   a.data, b.data);
        pd_sb_free(&a);
        pd_sb_free(&b);
    }
    free(text);
    return 0;
}
