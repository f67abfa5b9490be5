/* strbuf.h - a growable text buffer, so the core can format reports
 * (JSON, TextGrid, plain text) without doing any I/O itself. */
#ifndef PODIUM_STRBUF_H
#define PODIUM_STRBUF_H

#include <stddef.h>
#include "podium/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pd_sb {
    char *data;     /* NUL-terminated; NULL until the first append */
    size_t len;     /* bytes used, not counting the NUL */
    size_t cap;
    int failed;     /* set once an allocation failed; later appends are no-ops */
} pd_sb;

void pd_sb_init(pd_sb *sb);
void pd_sb_free(pd_sb *sb);
void pd_sb_puts(pd_sb *sb, const char *s);
void pd_sb_printf(pd_sb *sb, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Appends s as a JSON string literal, quotes included: control characters
 * escaped, and bytes that are not UTF-8 replaced by U+FFFD (one for each
 * maximal ill-formed part), so the result is always valid JSON. */
void pd_sb_json_str(pd_sb *sb, const char *s);
/* Appends s for a terminal or a text file: newline, return and tab as \n \r
 * \t, other control characters (C0, DEL, C1) and bytes that are not UTF-8 as
 * \xHH, so a name or a note cannot break a line or send a terminal escape;
 * the rest (valid UTF-8, backslashes too) as it is. */
void pd_sb_text(pd_sb *sb, const char *s);
/* 1 when s is well-formed UTF-8 with no control character other than
 * space, tab, CR and LF: bytes that may stand in a JSON text as they are
 * (a stored document is checked so before it is copied into another). */
int pd_sb_json_bytes_ok(const char *s);
/* 1 when s is one valid JSON text (RFC 8259: a value with optional white
 * space around it, strings of valid UTF-8 with controls escaped, nesting
 * at most 64 deep), else 0. For a stored document before it is copied into
 * another, and for the tests and fuzz targets to check what is written. */
int pd_json_valid(const char *s);
/* Appends a number, or null when it is not finite. */
void pd_sb_json_num(pd_sb *sb, double v, int decimals);
pd_status pd_sb_status(const pd_sb *sb);

#ifdef __cplusplus
}
#endif
#endif
