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

void pd_sb_json_str(pd_sb *sb, const char *s)
{
    pd_sb_puts(sb, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': pd_sb_puts(sb, "\\\""); break;
        case '\\': pd_sb_puts(sb, "\\\\"); break;
        case '\n': pd_sb_puts(sb, "\\n"); break;
        case '\r': pd_sb_puts(sb, "\\r"); break;
        case '\t': pd_sb_puts(sb, "\\t"); break;
        default:
            if (*p < 0x20) pd_sb_printf(sb, "\\u%04x", *p);
            else {
                char c[2] = { (char)*p, 0 };
                pd_sb_puts(sb, c);
            }
        }
    }
    pd_sb_puts(sb, "\"");
}

void pd_sb_json_num(pd_sb *sb, double v, int decimals)
{
    if (!isfinite(v)) pd_sb_puts(sb, "null");
    else pd_sb_printf(sb, "%.*f", decimals, v);
}

pd_status pd_sb_status(const pd_sb *sb) { return sb->failed ? PD_ERR_NOMEM : PD_OK; }
