/* fuzz_topics.c - the surprise topics' and audience questions' parser
 * (topics.c) on text as it comes, NUL bytes included, then a merge: a
 * refused text leaves an empty list and a message; entries are non-empty,
 * trimmed, at most PD_TOPIC_MAX_BYTES, and merging a list into itself adds
 * nothing. */
#include "fuzz_util.h"
#include "podium/topics.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pd_topic_list l, copy;
    char err[200] = "";
    pd_status st = pd_topics_parse((const char *)data, size, &l, err, sizeof err);
    if (st != PD_OK) {
        FUZZ_CHECK(l.n == 0 && (st == PD_ERR_NOMEM || err[0]), "refused: empty, with a message");
        pd_topic_list_free(&l);
        return 0;
    }
    for (size_t i = 0; i < l.n; i++) {
        size_t n = strnlen(l.items[i].text, sizeof l.items[i].text);
        FUZZ_CHECK(n > 0 && n <= PD_TOPIC_MAX_BYTES, "entry %zu: %zu bytes", i, n);
        FUZZ_CHECK(l.items[i].text[0] != ' ' && l.items[i].text[n - 1] != ' ', "entry %zu trimmed", i);
    }
    pd_topic_list_init(&copy);
    FUZZ_CHECK(pd_topics_merge(&copy, &l) == PD_OK, "merge");
    size_t n = copy.n;
    FUZZ_CHECK(pd_topics_merge(&copy, &l) == PD_OK && copy.n == n, "merging again adds nothing");
    pd_topic_list_free(&copy);
    pd_topic_list_free(&l);
    return 0;
}
