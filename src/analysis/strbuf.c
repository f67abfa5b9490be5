/* strbuf.c - growable text buffer (see strbuf.h). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "podium/strbuf.h"

void pd_sb_init(pd_sb *sb) { memset(sb, 0, sizeof *sb); }

void pd_sb_free(pd_sb *sb)
{
    free(sb->data);
    memset(sb, 0, sizeof *sb);
}

static int reserve(pd_sb *sb, size_t extra)
{
    if (sb->failed) return 0;
    if (sb->len + extra + 1 <= sb->cap) return 1;
    size_t nc = sb->cap ? sb->cap : 256;
    while (nc < sb->len + extra + 1) nc *= 2;
    char *nd = realloc(sb->data, nc);
    if (!nd) { sb->failed = 1; return 0; }
    sb->data = nd;
    sb->cap = nc;
    return 1;
}

void pd_sb_puts(pd_sb *sb, const char *s)
{
    size_t n = strlen(s);
    if (!reserve(sb, n)) return;
    memcpy(sb->data + sb->len, s, n + 1);
    sb->len += n;
}

void pd_sb_printf(pd_sb *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !reserve(sb, (size_t)n)) return;
    va_start(ap, fmt);
    vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb->len += (size_t)n;
}

/* The length of the well-formed UTF-8 sequence at p (RFC 3629: no overlong
 * form, no surrogate, nothing past U+10FFFF), *cp its code point; or 0 when
 * it is ill-formed, *bad then the length of its maximal ill-formed part
 * (Unicode 15.0, 3.9: each such part is replaced by one U+FFFD, as decoders
 * and browsers do). Stops at the NUL. */
static size_t utf8_seq(const unsigned char *p, size_t *bad, unsigned *cp)
{
    unsigned c = p[0], lo = 0x80, hi = 0xBF, v;
    size_t n;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        v = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        v = c & 0x0F;
        if (c == 0xE0) lo = 0xA0; /* overlong below U+0800 */
        if (c == 0xED) hi = 0x9F; /* surrogates U+D800..DFFF */
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        v = c & 0x07;
        if (c == 0xF0) lo = 0x90; /* overlong below U+10000 */
        if (c == 0xF4) hi = 0x8F; /* past U+10FFFF */
    } else {
        *bad = 1; /* a continuation byte, C0, C1 (overlong), F5..FF */
        return 0;
    }
    for (size_t i = 1; i < n; i++) {
        unsigned b = p[i];
        if (b < lo || b > hi) {
            *bad = i;
            return 0;
        }
        v = (v << 6) | (b & 0x3F);
        lo = 0x80;
        hi = 0xBF;
    }
    *cp = v;
    return n;
}

static void put_bytes(pd_sb *sb, const unsigned char *p, size_t n)
{
    char c[5];
    memcpy(c, p, n);
    c[n] = 0;
    pd_sb_puts(sb, c);
}

void pd_sb_json_str(pd_sb *sb, const char *s)
{
    pd_sb_puts(sb, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        size_t bad = 0;
        unsigned cp;
        size_t n = utf8_seq(p, &bad, &cp);
        if (n == 0) { /* JSON is UTF-8 (RFC 8259): a byte that is not is replaced */
            pd_sb_puts(sb, "\xEF\xBF\xBD");
            p += bad;
            continue;
        }
        switch (cp) {
        case '"': pd_sb_puts(sb, "\\\""); break;
        case '\\': pd_sb_puts(sb, "\\\\"); break;
        case '\n': pd_sb_puts(sb, "\\n"); break;
        case '\r': pd_sb_puts(sb, "\\r"); break;
        case '\t': pd_sb_puts(sb, "\\t"); break;
        default:
            if (cp < 0x20) pd_sb_printf(sb, "\\u%04x", cp);
            else put_bytes(sb, p, n);
        }
        p += n;
    }
    pd_sb_puts(sb, "\"");
}

void pd_sb_text(pd_sb *sb, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        size_t bad = 0;
        unsigned cp;
        size_t n = utf8_seq(p, &bad, &cp);
        if (n == 0) {
            for (size_t i = 0; i < bad; i++) pd_sb_printf(sb, "\\x%02x", p[i]);
            p += bad;
            continue;
        }
        if (cp == '\n') pd_sb_puts(sb, "\\n");
        else if (cp == '\r') pd_sb_puts(sb, "\\r");
        else if (cp == '\t') pd_sb_puts(sb, "\\t");
        else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) /* C0, DEL, C1: terminal controls */
            for (size_t i = 0; i < n; i++) pd_sb_printf(sb, "\\x%02x", p[i]);
        else put_bytes(sb, p, n);
        p += n;
    }
}

void pd_sb_json_num(pd_sb *sb, double v, int decimals)
{
    if (!isfinite(v)) pd_sb_puts(sb, "null");
    else pd_sb_printf(sb, "%.*f", decimals, v);
}

int pd_sb_json_bytes_ok(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        size_t bad = 0;
        unsigned cp = 0;
        size_t n = utf8_seq(p, &bad, &cp);
        if (n == 0 || (cp < 0x20 && cp != ' ' && cp != '\t' && cp != '\r' && cp != '\n') || cp == 0x7F)
            return 0;
        p += n;
    }
    return 1;
}

/* ---- a JSON checker (RFC 8259), recursive descent, depth-limited -------- */
static const char *json_ws(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
    return p;
}

static const char *json_value(const char *p, int depth);

static const char *json_string(const char *p)
{
    if (*p++ != '"') return NULL;
    while (*p != '"') {
        unsigned char c = (unsigned char)*p;
        if (c < 0x20) return NULL; /* the NUL too: an unterminated string */
        if (c == '\\') {
            p++;
            if (*p == 'u') {
                for (int i = 1; i <= 4; i++)
                    if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f') ||
                          (p[i] >= 'A' && p[i] <= 'F')))
                        return NULL;
                p += 5;
            } else if (*p && strchr("\"\\/bfnrt", *p)) {
                p++;
            } else {
                return NULL;
            }
            continue;
        }
        size_t bad = 0;
        unsigned cp = 0;
        size_t n = utf8_seq((const unsigned char *)p, &bad, &cp);
        if (n == 0) return NULL;
        p += n;
    }
    return p + 1;
}

static const char *json_number(const char *p)
{
    if (*p == '-') p++;
    if (*p == '0')
        p++;
    else if (*p >= '1' && *p <= '9')
        while (*p >= '0' && *p <= '9') p++;
    else
        return NULL;
    if (*p == '.') {
        p++;
        if (!(*p >= '0' && *p <= '9')) return NULL;
        while (*p >= '0' && *p <= '9') p++;
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-') p++;
        if (!(*p >= '0' && *p <= '9')) return NULL;
        while (*p >= '0' && *p <= '9') p++;
    }
    return p;
}

static const char *json_value(const char *p, int depth)
{
    p = json_ws(p);
    if (depth > 64) return NULL;
    if (*p == '{' || *p == '[') {
        char close = *p == '{' ? '}' : ']';
        int object = *p == '{';
        p = json_ws(p + 1);
        if (*p == close) return p + 1;
        for (;;) {
            if (object) {
                if (!(p = json_string(json_ws(p)))) return NULL;
                p = json_ws(p);
                if (*p++ != ':') return NULL;
            }
            if (!(p = json_value(p, depth + 1))) return NULL;
            p = json_ws(p);
            if (*p == close) return p + 1;
            if (*p++ != ',') return NULL;
        }
    }
    if (*p == '"') return json_string(p);
    if (strncmp(p, "true", 4) == 0) return p + 4;
    if (strncmp(p, "false", 5) == 0) return p + 5;
    if (strncmp(p, "null", 4) == 0) return p + 4;
    return json_number(p);
}

int pd_json_valid(const char *s)
{
    const char *p = json_value(s, 0);
    return p && *json_ws(p) == 0;
}

pd_status pd_sb_status(const pd_sb *sb) { return sb->failed ? PD_ERR_NOMEM : PD_OK; }
