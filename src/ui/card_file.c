/* card_file.c - writing a prompt card (prompt_card.h): the loader's format
 * (prompts.c: a title line, then "Heading: hint" lines), the checks that
 * make a card read back as it was written, its file name, and the UTF-8
 * editing of its fields. Pure: no SDL, no I/O. */
#include <stdio.h>
#include <string.h>
#include "prompt_card.h"

static int is_blank(const char *s)
{
    return s[strspn(s, " \t")] == 0;
}

int pd_prompt_card_check(const pd_prompt_card *c, const char *lang, char *why, size_t cap)
{
    int it = lang && strcmp(lang, "it") == 0, parts = 0;
    const char *t = c->title + strspn(c->title, " \t");
    if (!*t) {
        snprintf(why, cap, "%s", it ? "Serve un titolo." : "The card needs a title.");
        return 1;
    }
    if (*t == '#') {
        snprintf(why, cap, "%s", it ? "Il titolo non può cominciare con #." : "The title cannot begin with #.");
        return 1;
    }
    for (int i = 0; i < PD_CARD_PARTS; i++) {
        const char *h = c->heading[i] + strspn(c->heading[i], " \t");
        if (strchr(h, ':')) {
            snprintf(why, cap, it ? "Parte %d: il titolo della parte non può contenere ':'."
                                  : "Part %d: its heading cannot hold ':'.", i + 1);
            return 1;
        }
        if (*h == '#') {
            snprintf(why, cap, it ? "Parte %d: il titolo della parte non può cominciare con #."
                                  : "Part %d: its heading cannot begin with #.", i + 1);
            return 1;
        }
        if (!*h && !is_blank(c->hint[i])) {
            snprintf(why, cap, it ? "Parte %d: manca il titolo della parte." : "Part %d needs a heading.", i + 1);
            return 1;
        }
        if (*h) parts++;
    }
    if (parts == 0) {
        snprintf(why, cap, "%s", it ? "Serve almeno una parte." : "The card needs at least one part.");
        return 1;
    }
    if (why && cap) why[0] = 0;
    return 0;
}

int pd_prompt_card_format(const pd_prompt_card *c, char *out, size_t cap)
{
    size_t n = 0;
    int w = snprintf(out, cap, "# A prompt card written in Podium (Settings, prompt card).\n%s\n",
                     c->title + strspn(c->title, " \t"));
    if (w < 0 || (size_t)w >= cap) return -1;
    n = (size_t)w;
    for (int i = 0; i < PD_CARD_PARTS; i++) {
        const char *h = c->heading[i] + strspn(c->heading[i], " \t");
        if (!*h) continue;
        const char *hint = c->hint[i] + strspn(c->hint[i], " \t");
        w = snprintf(out + n, cap - n, *hint ? "%s: %s\n" : "%s:\n", h, hint);
        if (w < 0 || (size_t)w >= cap - n) return -1;
        n += (size_t)w;
    }
    return (int)n;
}

void pd_prompt_card_file_name(const char *title, int (*taken)(const char *name, void *ctx), void *ctx,
                              char *out, size_t cap)
{
    char stem[48] = "";
    size_t n = 0;
    int gap = 0;
    for (const unsigned char *p = (const unsigned char *)title; *p && n < 40; p++) {
        unsigned char ch = *p;
        if (ch >= 'A' && ch <= 'Z') ch = (unsigned char)(ch - 'A' + 'a');
        if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
            if (gap && n > 0 && n < 39) stem[n++] = '_';
            stem[n++] = (char)ch;
            gap = 0;
        } else if (ch >= 0xC0 && ch < 0xE0 && p[1]) {
            /* a Latin-1 accented letter (U+00C0..U+00FF): its base letter */
            static const char base[] = "aaaaaaaceeeeiiiidnooooo/ouuuuyty";
            unsigned cp = ((unsigned)(ch & 0x1F) << 6) | (p[1] & 0x3F);
            p++;
            if (cp >= 0xC0 && cp <= 0xFF && base[(cp - 0xC0) % 32] != '/') {
                if (gap && n > 0 && n < 39) stem[n++] = '_';
                stem[n++] = cp == 0xDF ? 's' : base[(cp - 0xC0) % 32];
                gap = 0;
            } else gap = 1;
        } else {
            gap = 1;
        }
    }
    stem[n] = 0;
    snprintf(out, cap, "my_%s.txt", n ? stem : "card");
    for (int k = 2; taken && taken(out, ctx) && k < 1000; k++)
        snprintf(out, cap, "my_%s_%d.txt", n ? stem : "card", k);
}

/* ---- UTF-8 editing ----------------------------------------------------------- */
static int is_cont(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

size_t pd_utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (!is_cont((unsigned char)*s)) n++;
    return n;
}

int pd_utf8_insert(char *s, size_t cap, size_t *caret, const char *text, size_t max_chars)
{
    size_t len = strlen(s), chars = pd_utf8_chars(s);
    int all = 1;
    for (const unsigned char *p = (const unsigned char *)text; *p;) {
        size_t k = 1;
        while (p[k] && is_cont(p[k]) && k < 4) k++;
        if (*p < 0x20 || *p == 0x7F || is_cont(*p)) {   /* control bytes, a stray continuation */
            p += k;
            continue;
        }
        if (chars + 1 > max_chars || len + k + 1 > cap) {
            all = 0;
            break;
        }
        memmove(s + *caret + k, s + *caret, len - *caret + 1);
        memcpy(s + *caret, p, k);
        *caret += k;
        len += k;
        chars++;
        p += k;
    }
    return all;
}

void pd_utf8_backspace(char *s, size_t *caret)
{
    if (*caret == 0) return;
    size_t from = *caret - 1;
    while (from > 0 && is_cont((unsigned char)s[from])) from--;
    memmove(s + from, s + *caret, strlen(s + *caret) + 1);
    *caret = from;
}

void pd_utf8_delete(char *s, size_t caret)
{
    if (!s[caret]) return;
    size_t to = caret + 1;
    while (s[to] && is_cont((unsigned char)s[to])) to++;
    memmove(s + caret, s + to, strlen(s + to) + 1);
}

size_t pd_utf8_step(const char *s, size_t caret, int d)
{
    if (d < 0) {
        if (caret == 0) return 0;
        caret--;
        while (caret > 0 && is_cont((unsigned char)s[caret])) caret--;
        return caret;
    }
    if (!s[caret]) return caret;
    caret++;
    while (s[caret] && is_cont((unsigned char)s[caret])) caret++;
    return caret;
}

void pd_utf8_backspace_word(char *s, size_t *caret)
{
    size_t from = *caret;
    while (from > 0 && (s[from - 1] == ' ' || s[from - 1] == '\t')) from--;
    while (from > 0 && s[from - 1] != ' ' && s[from - 1] != '\t') from--;   /* bytes of any letters */
    memmove(s + from, s + *caret, strlen(s + *caret) + 1);
    *caret = from;
}
