/* settings.c - app.conf's parser (settings.h). A line is cut at 255 bytes
 * (the longest value kept is 199), numbers are plain decimals checked for
 * their range before conversion (atoi's overflow is undefined). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "settings.h"

static int small_number(const char *v, int *out)
{
    size_t n = strspn(v, "0123456789");
    if (n == 0 || n > 5 || v[n]) return -1;
    *out = atoi(v);
    return 0;
}

void pd_app_settings_parse(const char *text, size_t len, pd_app_settings *s)
{
    size_t at = 0;
    while (at < len) {
        char line[256];
        size_t n = 0;
        while (at < len && text[at] != '\n') {
            if (n + 1 < sizeof line) line[n++] = text[at] ? text[at] : ' ';
            at++;
        }
        at++; /* the '\n' */
        line[n] = 0;
        char key[64], val[64];
        if (line[0] == '#' || sscanf(line, " %63[a-z_] = %63s", key, val) != 2) continue;
        if (strcmp(key, "input") == 0) { /* the rest of the line: names hold spaces */
            const char *v = strchr(line, '=') + 1;
            v += strspn(v, " \t");
            size_t m = strcspn(v, "\r\n");
            while (m && (v[m - 1] == ' ' || v[m - 1] == '\t')) m--;
            snprintf(s->input, sizeof s->input, "%.*s", (int)m, v);
            continue;
        }
        if (strcmp(key, "lang") == 0)
            snprintf(s->lang, sizeof s->lang, "%s", val);
        else if (strcmp(key, "prep_s") == 0)
            small_number(val, &s->prep_s);
        else if (strcmp(key, "drill_s") == 0)
            small_number(val, &s->drill_s);
    }
}
