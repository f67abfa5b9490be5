/* settings.c - app.conf's parser (settings.h). Numbers are plain decimals
 * checked for their range before conversion (atoi's overflow is
 * undefined); names keep the rest of their line. */
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
        if (longer) why = "the line is too long (at most 250 characters)";
        else if (!*l || *l == '#') continue;
        char key[64] = "";
        int kn = 0;
        const char *v = "";
        if (!why && (sscanf(l, "%63[a-z_] %n", key, &kn) != 1 || l[kn] != '='))
            why = "not 'name = value' (lang, prep_s, drill_s, input, output, headphones, speak_questions)";
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
            else why = "prep_s is whole seconds, 0-120 (10 used)";
        } else if (strcmp(key, "drill_s") == 0) {
            if ((x = number(v, PD_APP_CONF_DRILL_MIN_S, PD_APP_CONF_DRILL_MAX_S)) >= 0) s->drill_s = (int)x;
            else why = "drill_s is whole seconds, 15-1800 (60 used)";
        } else if (strcmp(key, "headphones") == 0) {
            if (strcmp(v, "yes") == 0 || strcmp(v, "no") == 0) s->headphones = strcmp(v, "yes") == 0;
            else why = "headphones is yes or no";
        } else if (strcmp(key, "speak_questions") == 0) {
            if (strcmp(v, "yes") == 0 || strcmp(v, "no") == 0) s->speak_questions = strcmp(v, "yes") == 0;
            else why = "speak_questions is yes or no";
        } else {
            why = "unknown (lang, prep_s, drill_s, input, output, headphones, speak_questions)";
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
