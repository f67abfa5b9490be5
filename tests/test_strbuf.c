/* test_strbuf.c - the text buffer's JSON strings and shown text (strbuf.h;
 * issue 11, defect 5): every JSON string Podium writes is valid UTF-8 JSON,
 * whatever bytes a file name holds, and text output shows control
 * characters escaped.
 *
 * - valid UTF-8 (2, 3 and 4 bytes, U+FFFF, U+10FFFF) passes through unchanged;
 * - ill-formed UTF-8 becomes U+FFFD, one per maximal ill-formed part
 *   (Unicode 15.0, 3.9, table 3-8): lone continuation bytes, C0/C1 and
 *   E0 80 / F0 80 overlongs, surrogates (ED A0 80), past U+10FFFF (F4 90,
 *   F5..FF), sequences cut short (in the middle and at the end), 0xFF 0xFE;
 * - control characters escaped as before (\n, \t, \u0001), quotes and
 *   backslashes too; every result checked as strict UTF-8 with no raw
 *   control character;
 * - pd_sb_text: \n \r \t, C0, DEL and C1 controls and bad bytes as \xHH,
 *   the rest (valid UTF-8, backslashes) as it is. */
#include <stdio.h>
#include <string.h>
#include "check.h"
#include "podium/strbuf.h"

/* 1 when s is well-formed UTF-8 (RFC 3629), checked independently of strbuf.c. */
static int utf8_valid(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned c = s[i];
        size_t k = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        if (!k || i + k > n) return 0;
        unsigned long cp = k == 1 ? c : k == 2 ? c & 0x1F : k == 3 ? c & 0x0F : c & 0x07;
        for (size_t j = 1; j < k; j++) {
            if ((s[i + j] & 0xC0) != 0x80) return 0;
            cp = (cp << 6) | (s[i + j] & 0x3F);
        }
        static const unsigned long MIN[5] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < MIN[k] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
        i += k;
    }
    return 1;
}

static void json_case(const char *in, const char *want, const char *what)
{
    pd_sb sb;
    pd_sb_init(&sb);
    pd_sb_json_str(&sb, in);
    CHECK(pd_sb_status(&sb) == PD_OK && sb.data, "%s: no output", what);
    if (!sb.data) return;
    CHECK(strcmp(sb.data, want) == 0, "%s: got %s, want %s", what, sb.data, want);
    CHECK(utf8_valid((const unsigned char *)sb.data, sb.len), "%s: the JSON string is not UTF-8", what);
    for (size_t i = 0; i < sb.len; i++)
        CHECK((unsigned char)sb.data[i] >= 0x20, "%s: a raw control character at %zu", what, i);
    pd_sb_free(&sb);
}

static void text_case(const char *in, const char *want, const char *what)
{
    pd_sb sb;
    pd_sb_init(&sb);
    pd_sb_puts(&sb, "");
    pd_sb_text(&sb, in);
    CHECK(sb.data && strcmp(sb.data, want) == 0, "%s: got '%s', want '%s'", what, sb.data ? sb.data : "(null)",
          want);
    pd_sb_free(&sb);
}

#define R "\xEF\xBF\xBD" /* U+FFFD */

int main(void)
{
    /* valid text passes through */
    json_case("plain", "\"plain\"", "ASCII");
    json_case("", "\"\"", "empty");
    json_case("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80", "\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"",
              "2, 3 and 4 byte sequences");
    json_case("\xC2\x80\xDF\xBF\xE0\xA0\x80\xEF\xBF\xBF\xF0\x90\x80\x80\xF4\x8F\xBF\xBF",
              "\"\xC2\x80\xDF\xBF\xE0\xA0\x80\xEF\xBF\xBF\xF0\x90\x80\x80\xF4\x8F\xBF\xBF\"",
              "the edges: U+0080, U+07FF, U+0800, U+FFFF, U+10000, U+10FFFF");
    json_case("\xED\x9F\xBF\xEE\x80\x80", "\"\xED\x9F\xBF\xEE\x80\x80\"", "U+D7FF and U+E000 beside the surrogates");
    json_case(R, "\"" R "\"", "U+FFFD itself");
    /* control characters, quotes, backslashes: escaped as before */
    json_case("a\"b\\c\nd\re\tf\x01g\x1f", "\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\\u001f\"", "escapes");
    /* ill-formed: one U+FFFD per maximal part */
    json_case("\xFF\xFE", "\"" R R "\"", "0xFF 0xFE");
    json_case("bad\nname\xFF\xFE\".wav", "\"bad\\nname" R R "\\\".wav\"", "the issue's file name");
    json_case("\x80", "\"" R "\"", "a lone continuation byte");
    json_case("a\x80\xBF" "b", "\"a" R R "b\"", "two continuation bytes");
    json_case("\xC0\xAF", "\"" R R "\"", "overlong '/' (C0 AF)");
    json_case("\xC1\xBF", "\"" R R "\"", "overlong C1 BF");
    json_case("\xE0\x80\xAF", "\"" R R R "\"", "overlong '/' in 3 bytes (E0 80 AF)");
    json_case("\xF0\x80\x80\xAF", "\"" R R R R "\"", "overlong '/' in 4 bytes");
    json_case("\xED\xA0\x80", "\"" R R R "\"", "a high surrogate (U+D800)");
    json_case("\xED\xBF\xBF", "\"" R R R "\"", "a low surrogate (U+DFFF)");
    json_case("\xED\xA0\xBD\xED\xB8\x80", "\"" R R R R R R "\"", "a surrogate pair in CESU-8");
    json_case("\xF4\x90\x80\x80", "\"" R R R R "\"", "past U+10FFFF (F4 90 80 80)");
    json_case("\xF5\x80\x80\x80", "\"" R R R R "\"", "F5: never a lead byte");
    json_case("\xE2\x82", "\"" R "\"", "a 3 byte sequence cut at the end");
    json_case("\xE2\x82x", "\"" R "x\"", "a 3 byte sequence cut by ASCII");
    json_case("\xF0\x9F\x98", "\"" R "\"", "a 4 byte sequence cut at the end");
    json_case("\xF0\x9F\xE2\x82\xAC", "\"" R "\xE2\x82\xAC\"", "a 4 byte sequence cut by a valid one");
    json_case("\xC3", "\"" R "\"", "a lead byte at the end");
    json_case("\xC3\"", "\"" R "\\\"\"", "a lead byte before a quote (the quote still escaped)");
    json_case("\xE2\x82\n", "\"" R "\\n\"", "a cut sequence before a newline (still escaped)");

    /* shown text */
    text_case("plain caf\xC3\xA9", "plain caf\xC3\xA9", "valid text as it is");
    text_case("bad\nname\xFF\xFE\".wav", "bad\\nname\\xff\\xfe\".wav", "the issue's file name");
    text_case("a\rb\tc\x1b[31m\x7f", "a\\rb\\tc\\x1b[31m\\x7f", "controls: CR, tab, ESC, DEL");
    text_case("\xC2\x9B" "2J", "\\xc2\\x9b2J", "a C1 control (CSI)");
    text_case("C:\\dir", "C:\\dir", "a backslash as it is");
    text_case("\xED\xA0\x80", "\\xed\\xa0\\x80", "a surrogate as bytes");

    /* pd_json_valid: the checker the store runs on a stored report */
    static const char *const good[] = {"{}",
                                       " {\"a\": [1, -2.5e+3, 0, true, false, null, \"x\\u00e9\\n\"]}\n",
                                       "[]",
                                       "\"caf\xC3\xA9\"",
                                       "0",
                                       "-0.1",
                                       "{\"a\":{\"b\":[[{}]]}}"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        CHECK(pd_json_valid(good[i]), "valid JSON refused: %s", good[i]);
    static const char *const bad[] = {"",
                                      "{",
                                      "{\"a\" 1}",
                                      "{\"a\": 1,}",
                                      "[1 2]",
                                      "{\"a\": 01}",
                                      "1.",
                                      "-",
                                      "{\"a\": \"x\ny\"}",
                                      "\"\xFF\"",
                                      "\"\\x\"",
                                      "\"\\u12\"",
                                      "tru",
                                      "{} {}",
                                      "{\"a\": 1}x",
                                      "[1.5e]",
                                      "{'a': 1}",
                                      "nan",
                                      "{\"a\": inf}"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK(!pd_json_valid(bad[i]), "invalid JSON accepted: %s", bad[i]);
    char deep[200];
    memset(deep, '[', 60);
    memset(deep + 60, ']', 60);
    deep[120] = 0;
    CHECK(pd_json_valid(deep), "60 arrays deep: valid");
    memset(deep, '[', 80);
    memset(deep + 80, ']', 80);
    deep[160] = 0;
    CHECK(!pd_json_valid(deep), "nesting deeper than 64 refused (and no stack overflow)");
    CHECK_DONE();
}
