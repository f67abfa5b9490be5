/* settings.c - app.conf's parser (settings.h). Numbers are plain decimals
 * checked for their range before conversion (atoi's overflow is
 * undefined); names keep the rest of their line. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "settings.h"

#define LINE_MAX_BYTES 250

/* A whole decimal number in lo..hi, all of v; else -1. */
static long number(const char *v, long lo, long hi)
{
    size_t n = strspn(v, "0123456789");
    if (n == 0 || n > 6 || v[n]) return -1;
    long x = atol(v);
    return x < lo || x > hi ? -1 : x;
}

int pd_app_settings_parse_lines(const char *text, size_t len, pd_app_settings *s, pd_settings_bad_fn bad,
                                void *ctx)
{
    size_t at = 0;
    int lineno = 0, n_bad = 0;
    while (at < len) {
        char line[LINE_MAX_BYTES + 2];
        size_t n = 0;
        int nul = 0, longer = 0;
        while (at < len && text[at] != '\n') {
            if (!text[at]) nul = 1;
            if (!nul) {
                if (n < LINE_MAX_BYTES) line[n++] = text[at];
                else longer = 1;
            }
            at++;
        }
        at++;   /* the '\n' */
        lineno++;
        line[n] = 0;
        char *l = line + strspn(line, " \t");
        size_t m = strcspn(l, "\r\n");
        while (m && (l[m - 1] == ' ' || l[m - 1] == '\t')) m--;
        l[m] = 0;
        const char *why = NULL;
        char whybuf[96];
        if (longer) why = "the line is too long (at most 250 characters)";
        else if (!*l || *l == '#') continue;
        char key[64] = "";
        int kn = 0;
        const char *v = "";
        if (!why && (sscanf(l, "%63[a-z_] %n", key, &kn) != 1 || l[kn] != '='))
            why = "not 'name = value' (lang, prep_s, drill_s, input, output, headphones, card, demo, speak_questions)";
        if (!why) v = l + kn + 1 + strspn(l + kn + 1, " \t");
        long x;
        if (why) {
        } else if (strcmp(key, "input") == 0) {
            if (*v) snprintf(s->input, sizeof s->input, "%s", v);
            else why = "input is a microphone's name (podium devices)";
        } else if (strcmp(key, "output") == 0) {
            if (*v) snprintf(s->output, sizeof s->output, "%s", v);
            else why = "output is a sound output's name (podium devices)";
        } else if (strcmp(key, "lang") == 0) {
            if (strcmp(v, "en") == 0 || strcmp(v, "it") == 0) snprintf(s->lang, sizeof s->lang, "%s", v);
            else why = "lang is en or it";
        } else if (strcmp(key, "prep_s") == 0) {
            if ((x = number(v, 0, PD_APP_CONF_PREP_MAX_S)) >= 0) s->prep_s = (int)x;
            else {   /* the value in use: the default, or an earlier line's */
                snprintf(whybuf, sizeof whybuf, "prep_s is whole seconds, 0-120 (%d used)", s->prep_s);
                why = whybuf;
            }
        } else if (strcmp(key, "drill_s") == 0) {
            if ((x = number(v, PD_APP_CONF_DRILL_MIN_S, PD_APP_CONF_DRILL_MAX_S)) >= 0) s->drill_s = (int)x;
            else {
                snprintf(whybuf, sizeof whybuf, "drill_s is whole seconds, 15-1800 (%d used)", s->drill_s);
                why = whybuf;
            }
        } else if (strcmp(key, "headphones") == 0) {
            if (strcmp(v, "yes") == 0 || strcmp(v, "no") == 0) s->headphones = strcmp(v, "yes") == 0;
            else why = "headphones is yes or no";
        } else if (strcmp(key, "speak_questions") == 0) {
            if (strcmp(v, "yes") == 0 || strcmp(v, "no") == 0) s->speak_questions = strcmp(v, "yes") == 0;
            else why = "speak_questions is yes or no";
        } else if (strcmp(key, "card") == 0) {
            /* a file name of the prompts folder: no folder part */
            if (*v && !strchr(v, '/') && strcmp(v, ".") != 0 && strcmp(v, "..") != 0)
                snprintf(s->card, sizeof s->card, "%s", v);
            else why = "card is a prompt card's file name (e.g. 1_elevator_pitch.txt)";
        } else if (strcmp(key, "demo") == 0) {
            if (strcmp(v, "yes") == 0 || strcmp(v, "no") == 0) s->demo = v[0] == 'y';
            else why = "demo is yes or no";
        } else {
            why = "unknown (lang, prep_s, drill_s, input, output, headphones, card, demo, speak_questions)";
        }
        if (!why) continue;
        n_bad++;
        if (bad) bad(ctx, lineno, l, why);
    }
    return n_bad;
}

void pd_app_settings_parse(const char *text, size_t len, pd_app_settings *s)
{
    pd_app_settings_parse_lines(text, len, s, NULL, NULL);
}

/* ---- writing back ------------------------------------------------------------ */

/* The key of a line the parser would read as "key = ..." (the same steps
 * as pd_app_settings_parse_lines: bytes up to a NUL, at most
 * LINE_MAX_BYTES, cut at the first CR; leading blanks; [a-z_] up to 63;
 * any white space; '='), into key; 0 when it is not one. */
static int line_key(const char *l, size_t n, char *key, size_t cap)
{
    if (n > LINE_MAX_BYTES) return 0;
    const char *cr = memchr(l, '\r', n);
    if (cr) n = (size_t)(cr - l);
    size_t i = 0;
    while (i < n && (l[i] == ' ' || l[i] == '\t')) i++;
    size_t k0 = i;
    while (i < n && ((l[i] >= 'a' && l[i] <= 'z') || l[i] == '_')) i++;
    size_t kn = i - k0;
    if (kn == 0 || kn > 63 || kn >= cap) return 0;
    while (i < n && isspace((unsigned char)l[i])) i++;
    if (i >= n || l[i] != '=') return 0;
    memcpy(key, l + k0, kn);
    key[kn] = 0;
    return 1;
}

typedef struct outbuf {
    char *p;
    size_t n, cap;
    int failed;
} outbuf;

static void put(outbuf *o, const char *s, size_t n)
{
    if (o->failed) return;
    if (o->n + n + 1 > o->cap) {
        size_t cap = (o->n + n + 1) * 2;
        char *p = realloc(o->p, cap);
        if (!p) {
            o->failed = 1;
            return;
        }
        o->p = p;
        o->cap = cap;
    }
    memcpy(o->p + o->n, s, n);
    o->n += n;
    o->p[o->n] = 0;
}

static void put_setting(outbuf *o, const pd_conf_change *c, int crlf)
{
    put(o, c->key, strlen(c->key));
    put(o, " = ", 3);
    put(o, c->value, strlen(c->value));
    put(o, crlf ? "\r\n" : "\n", crlf ? 2 : 1);
}

int pd_app_conf_rewrite(const char *text, size_t len, const pd_conf_change *ch, int n, char **out,
                        size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    for (int i = 0; i < n; i++)
        if (ch[i].value && (strpbrk(ch[i].value, "\r\n") || strlen(ch[i].value) > 240)) return -1;
    int done[8] = { 0 };
    if (n > 8) return -1;
    outbuf o = { NULL, 0, 0, 0 };
    put(&o, "", 0);
    if (len == 0) {
        static const char head[] = "# Podium's settings (podium help: app.conf). The Settings screen rewrites only\n"
                                   "# the lines it changes: comments and other lines are kept.\n";
        put(&o, head, sizeof head - 1);
    }
    size_t at = 0;
    while (at < len) {
        const char *l = text + at;
        const char *e = memchr(l, '\n', len - at);
        size_t n_line = e ? (size_t)(e - l) : len - at;     /* without the '\n' */
        size_t upto = n_line;
        const char *nul = memchr(l, 0, n_line);
        if (nul) upto = (size_t)(nul - l);
        char key[64];
        int which = -1;
        if (line_key(l, upto, key, sizeof key))
            for (int i = 0; i < n && which < 0; i++)
                if (strcmp(key, ch[i].key) == 0) which = i;
        if (which < 0) {
            put(&o, l, n_line + (e ? 1 : 0));              /* kept byte for byte */
        } else if (!done[which]) {
            done[which] = 1;
            if (ch[which].value) put_setting(&o, &ch[which], n_line > 0 && l[n_line - 1] == '\r');
        }                                                  /* else: a later line of a changed key, removed */
        at += n_line + (e ? 1 : 0);
    }
    for (int i = 0; i < n; i++) {
        if (done[i] || !ch[i].value) continue;
        if (o.n > 0 && o.p[o.n - 1] != '\n') put(&o, "\n", 1);
        put_setting(&o, &ch[i], 0);
    }
    if (o.failed) {
        free(o.p);
        return -1;
    }
    *out = o.p;
    *out_len = o.n;
    return 0;
}

int pd_app_settings_diff(const pd_app_settings *a, const pd_app_settings *b, pd_conf_change *ch, char *num_buf,
                         size_t num_cap)
{
    int n = 0;
    size_t half = num_cap / 2;
    if (strcmp(a->lang, b->lang) != 0) ch[n++] = (pd_conf_change){ "lang", b->lang[0] ? b->lang : NULL };
    if (strcmp(a->input, b->input) != 0) ch[n++] = (pd_conf_change){ "input", b->input[0] ? b->input : NULL };
    if (strcmp(a->output, b->output) != 0) ch[n++] = (pd_conf_change){ "output", b->output[0] ? b->output : NULL };
    if (a->prep_s != b->prep_s && half > 0) {
        snprintf(num_buf, half, "%d", b->prep_s);
        ch[n++] = (pd_conf_change){ "prep_s", num_buf };
    }
    if (a->drill_s != b->drill_s && half > 0) {
        snprintf(num_buf + half, half, "%d", b->drill_s);
        ch[n++] = (pd_conf_change){ "drill_s", num_buf + half };
    }
    if (strcmp(a->card, b->card) != 0) ch[n++] = (pd_conf_change){ "card", b->card[0] ? b->card : NULL };
    if (a->headphones != b->headphones) ch[n++] = (pd_conf_change){ "headphones", b->headphones ? "yes" : NULL };
    if ((a->demo == 1) != (b->demo == 1)) ch[n++] = (pd_conf_change){ "demo", b->demo == 1 ? "yes" : NULL };
    /* yes is the default (when built with eSpeak NG): only "no" is written */
    if (a->speak_questions != b->speak_questions)
        ch[n++] = (pd_conf_change){ "speak_questions", b->speak_questions ? NULL : "no" };
    return n;
}

int pd_settings_walk(const int *vals, int n, int v, int d)
{
    if (d > 0) {
        for (int i = 0; i < n; i++)
            if (vals[i] > v) return vals[i];
        return vals[n - 1];
    }
    for (int i = n - 1; i >= 0; i--)
        if (vals[i] < v) return vals[i];
    return vals[0];
}

int pd_settings_walk_drill(int v, int d)
{
    static const int vals[] = { 15, 30, 45, 60, 75, 90, 120, 150, 180, 240, 300, 420, 600, 900, 1200, 1800 };
    return pd_settings_walk(vals, (int)(sizeof vals / sizeof vals[0]), v, d);
}

int pd_settings_walk_prep(int v, int d)
{
    static const int vals[] = { 0, 3, 5, 10, 15, 20, 30, 45, 60, 90, 120 };
    return pd_settings_walk(vals, (int)(sizeof vals / sizeof vals[0]), v, d);
}
