/* topics.c - the surprise-topic and audience-question format (topics.h):
 * parse, merge, count. Pure: no I/O.
 *
 * UTF-8 is checked as RFC 3629 section 4 (and the Unicode Standard's table
 * 3-7 of well-formed byte sequences) defines it: no overlong forms, no
 * surrogates (U+D800-DFFF), nothing over U+10FFFF. A text shown on screen
 * and spoken by a synthesiser must be valid, and a file saved in Latin-1
 * (an Italian "perché" as the single byte 0xE9) is caught here, by line. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "podium/topics.h"

void pd_topic_list_init(pd_topic_list *l)
{
    l->items = NULL;
    l->n = l->cap = 0;
}

void pd_topic_list_free(pd_topic_list *l)
{
    if (!l) return;
    free(l->items);
    pd_topic_list_init(l);
}

static int reserve(pd_topic_list *l, size_t need)
{
    if (need <= l->cap) return 1;
    size_t cap = l->cap ? l->cap : 64;
    while (cap < need) {
        if (cap > ((size_t)-1) / 2 / sizeof *l->items) return 0;
        cap *= 2;
    }
    pd_topic *p = realloc(l->items, cap * sizeof *p);
    if (!p) return 0;
    l->items = p;
    l->cap = cap;
    return 1;
}

/* Length of the well-formed UTF-8 sequence at s[0..n), n >= 1; 0 if the
 * bytes there are not one. */
static size_t utf8_seq(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char c = s[0];
    if (c < 0x80) { *cp = c; return 1; }
    size_t len;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; v = c & 0x1Fu; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; v = c & 0x0Fu; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; v = c & 0x07u; min = 0x10000; }
    else return 0;   /* a continuation byte, 0xC0/0xC1 (overlong) or 0xF5+ */
    if (len > n) return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0u) != 0x80u) return 0;
        v = (v << 6) | (s[i] & 0x3Fu);
    }
    if (v < min || v > 0x10FFFFu || (v >= 0xD800u && v <= 0xDFFFu)) return 0;
    *cp = v;
    return len;
}

static int blank(char c) { return c == ' ' || c == '\t'; }

/* Checks and stores line number `no`, bytes s[0..n) (no line end). Returns
 * 1 (stored or skipped), 0 (err filled) or -1 (no memory). */
static int one_line(const char *s, size_t n, size_t no, pd_topic_list *out, char *err, size_t err_len)
{
    /* the whole line is checked, comments too: a damaged byte anywhere is
     * a damaged file */
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = utf8_seq((const unsigned char *)s + i, n - i, &cp);
        if (k == 0) {
            snprintf(err, err_len, "line %zu: not valid UTF-8 (byte 0x%02X at column %zu); save the file as UTF-8",
                     no, (unsigned)(unsigned char)s[i], i + 1);
            return 0;
        }
        if ((cp < 0x20 && cp != '\t') || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
            if (cp == 0)
                snprintf(err, err_len, "line %zu: a NUL byte at column %zu (not a text file?)", no, i + 1);
            else
                snprintf(err, err_len, "line %zu: a control character (U+%04X) at column %zu", no,
                         (unsigned)cp, i + 1);
            return 0;
        }
        i += k;
    }
    size_t a = 0, b = n;
    while (a < b && blank(s[a])) a++;
    while (b > a && blank(s[b - 1])) b--;
    if (a == b || s[a] == '#') return 1;   /* blank or a comment */
    int hard = 0;
    if (s[a] == '!') {
        hard = 1;
        a++;
        while (a < b && blank(s[a])) a++;
        if (a == b) {
            snprintf(err, err_len, "line %zu: '!' with no text after it", no);
            return 0;
        }
    }
    if (b - a > PD_TOPIC_MAX_BYTES) {
        snprintf(err, err_len, "line %zu: too long (%zu bytes; at most %d)", no, b - a, PD_TOPIC_MAX_BYTES);
        return 0;
    }
    if (!reserve(out, out->n + 1)) return -1;
    pd_topic *t = &out->items[out->n++];
    memcpy(t->text, s + a, b - a);
    t->text[b - a] = 0;
    /* tabs inside an entry are shown as spaces */
    for (char *p = t->text; *p; p++)
        if (*p == '\t') *p = ' ';
    t->hard = hard;
    return 1;
}

pd_status pd_topics_parse(const char *text, size_t len, pd_topic_list *out, char *err, size_t err_len)
{
    if (!out || (!text && len)) return PD_ERR_INVALID_ARG;
    pd_topic_list_init(out);
    if (err && err_len) err[0] = 0;
    char dummy[8];
    if (!err || !err_len) { err = dummy; err_len = sizeof dummy; }
    size_t i = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) i = 3;   /* a byte-order mark */
    size_t no = 0;
    while (i < len) {
        no++;
        const char *nl = memchr(text + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - text) : len;
        size_t n = e - i;
        if (n > 0 && text[i + n - 1] == '\r') n--;   /* CR LF */
        int ok = one_line(text + i, n, no, out, err, err_len);
        if (ok <= 0) {
            pd_topic_list_free(out);
            return ok < 0 ? PD_ERR_NOMEM : PD_ERR_PARSE;
        }
        i = nl ? e + 1 : len;
    }
    return PD_OK;
}

/* FNV-1a, 64 bits */
static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

pd_status pd_topics_merge(pd_topic_list *dst, const pd_topic_list *src)
{
    if (!dst || !src) return PD_ERR_INVALID_ARG;
    if (src->n == 0) return PD_OK;
    /* room first, so that dst is unchanged on failure */
    if (!reserve(dst, dst->n + src->n)) return PD_ERR_NOMEM;
    /* an open-addressing set of the texts in dst (indices + 1; 0 = free) */
    size_t size = 16;
    while (size < 2 * (dst->n + src->n)) size *= 2;
    size_t *slot = calloc(size, sizeof *slot);
    if (!slot) return PD_ERR_NOMEM;
    const size_t n_src = src->n;   /* src may be dst itself */
    for (size_t i = 0; i < dst->n; i++) {
        size_t h = (size_t)hash(dst->items[i].text) & (size - 1);
        while (slot[h] && strcmp(dst->items[slot[h] - 1].text, dst->items[i].text) != 0)
            h = (h + 1) & (size - 1);
        if (!slot[h]) slot[h] = i + 1;   /* a duplicate within dst stays as it is */
    }
    for (size_t j = 0; j < n_src; j++) {
        const pd_topic *t = &src->items[j];
        size_t h = (size_t)hash(t->text) & (size - 1);
        while (slot[h] && strcmp(dst->items[slot[h] - 1].text, t->text) != 0)
            h = (h + 1) & (size - 1);
        if (slot[h]) continue;   /* already there */
        dst->items[dst->n] = *t;
        slot[h] = ++dst->n;
    }
    free(slot);
    return PD_OK;
}

size_t pd_topics_count(const pd_topic_list *l, int hard)
{
    size_t c = 0;
    for (size_t i = 0; l && i < l->n; i++) c += (l->items[i].hard != 0) == (hard != 0);
    return c;
}
