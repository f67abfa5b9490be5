/* ladder_file.c - the ladder as a small text file, to share a ladder with a
 * coach or a friend (`podium ladder export` / `import`). The format (README,
 * "Ladder files"):
 *
 *   # Podium ladder            comments: lines starting with #
 *   podium-ladder 1            the first line that is not a comment
 *   current = 3                the step the user is on (1-based; optional)
 *   [step]                     each step starts so; then its parameters,
 *   title = Say it from memory   one "key = value" a line, any order:
 *   real_world = no            yes / no
 *   drill_s = 60               0 = untimed, 5..1800
 *   prep_s = 10                0..600
 *   card = hidden              own / varied / hidden / topic
 *   repetitions = 3            1..10
 *   listen_back = no           yes / no
 *   second_try = yes           yes / no
 *   audience = 4               people, 0..20
 *   attitude = staring         none / staring / attentive / neutral / bored / critical
 *   bored = 0                  of the audience, how many are bored
 *   distractions = 0           a minute, 0..20
 *   questions = 0              after the pitch, 0..10
 *   expected = 30              expected distress 0..100, or none
 *
 * A key left out takes its default (pd_step_init). Anything else is an
 * error naming the line: the reader replaces nothing unless the whole file
 * is good. */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "podium/exposure.h"

#define LINE_MAX_BYTES 600

void pd_ladder_write(const pd_ladder *l, pd_sb *out)
{
    pd_sb_puts(out, "# Podium ladder: the steps of a desensitisation programme, easiest first.\n"
                    "# Import it with 'podium ladder import FILE'; the format is in Podium's README.\n"
                    "podium-ladder 1\n");
    if (l->n > 0) pd_sb_printf(out, "current = %d\n", l->current + 1);
    for (int i = 0; i < l->n; i++) {
        const pd_step *s = &l->step[i];
        pd_sb_printf(out, "\n[step]\ntitle = %s\nreal_world = %s\ndrill_s = %d\nprep_s = %d\ncard = %s\n"
                          "repetitions = %d\nlisten_back = %s\nsecond_try = %s\naudience = %d\nattitude = %s\n"
                          "bored = %d\ndistractions = %d\nquestions = %d\n",
                     s->title, s->real_world ? "yes" : "no", s->drill_s, s->prep_s, pd_card_mode_name(s->card),
                     s->reps, s->listen_back ? "yes" : "no", s->second_try ? "yes" : "no", s->audience.size,
                     pd_attitude_name(s->audience.attitude), s->audience.bored, s->audience.distractions,
                     s->audience.questions);
        if (s->expected == PD_RATING_NONE) pd_sb_puts(out, "expected = none\n");
        else pd_sb_printf(out, "expected = %d\n", s->expected);
    }
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) s[--n] = 0;
    return s;
}

/* A whole decimal number, no sign, no hex, no spaces. */
static int parse_int(const char *v, int *out)
{
    if (!*v || strspn(v, "0123456789") != strlen(v) || strlen(v) > 6) return 1;
    *out = (int)strtol(v, NULL, 10);
    return 0;
}

static int parse_bool(const char *v, int *out)
{
    if (strcmp(v, "yes") == 0) *out = 1;
    else if (strcmp(v, "no") == 0) *out = 0;
    else return 1;
    return 0;
}

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static pd_status bad(char *err, size_t err_len, int line, const char *fmt, ...)
{
    char msg[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (err && err_len) snprintf(err, err_len, "line %d: %s", line, msg);
    return PD_ERR_PARSE;
}

pd_status pd_ladder_parse(const char *text, pd_ladder *l, char *err, size_t err_len)
{
    pd_ladder tmp; /* l is replaced only when the whole file is good */
    pd_ladder *t = &tmp;
    memset(t, 0, sizeof *t);
    if (!text || !l) return PD_ERR_INVALID_ARG;
    int lineno = 0, have_magic = 0, current = 0, current_line = 0, step_line = 0, have_title = 0;
    const char *p = text;
    while (*p) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        char buf[LINE_MAX_BYTES];
        lineno++;
        if (len >= sizeof buf) return bad(err, err_len, lineno, "too long (at most %d bytes a line)", LINE_MAX_BYTES - 1);
        memcpy(buf, p, len);
        buf[len] = 0;
        p += len + (eol ? 1 : 0);
        char *line = trim(buf);
        if (!*line || *line == '#') continue;
        if (!have_magic) {
            int version = 0;
            char rest[4];
            if (sscanf(line, "podium-ladder %d%3s", &version, rest) != 1)
                return bad(err, err_len, lineno, "not a Podium ladder file (the first line must be 'podium-ladder 1')");
            if (version != 1)
                return bad(err, err_len, lineno, "ladder file version %d; this Podium reads version 1", version);
            have_magic = 1;
            continue;
        }
        if (strcmp(line, "[step]") == 0) {
            if (t->n > 0 && !have_title) return bad(err, err_len, step_line, "this step has no title");
            if (t->n > 0) {
                char why[200];
                if (pd_step_check(&t->step[t->n - 1], why, sizeof why))
                    return bad(err, err_len, step_line, "step %d: %s", t->n, why);
            }
            if (t->n >= PD_LADDER_MAX) return bad(err, err_len, lineno, "too many steps (at most %d)", PD_LADDER_MAX);
            pd_step_init(&t->step[t->n++]);
            step_line = lineno;
            have_title = 0;
            continue;
        }
        char *eq = strchr(line, '=');
        if (!eq) return bad(err, err_len, lineno, "expected 'key = value' or '[step]'");
        *eq = 0;
        char *key = trim(line), *val = trim(eq + 1);
        if (t->n == 0) {
            if (strcmp(key, "current") != 0)
                return bad(err, err_len, lineno, "'%s' before the first [step] (only 'current' may come there)", key);
            if (parse_int(val, &current) || current < 1)
                return bad(err, err_len, lineno, "current = '%s': a step number, 1 or more", val);
            current_line = lineno;
            continue;
        }
        pd_step *s = &t->step[t->n - 1];
        int v = 0, ok = 1;
        if (strcmp(key, "title") == 0) {
            if (!*val) return bad(err, err_len, lineno, "an empty title");
            if (strlen(val) >= sizeof s->title)
                return bad(err, err_len, lineno, "a title of %zu bytes (at most %zu)", strlen(val), sizeof s->title - 1);
            snprintf(s->title, sizeof s->title, "%s", val);
            have_title = 1;
        } else if (strcmp(key, "real_world") == 0) ok = !parse_bool(val, &s->real_world);
        else if (strcmp(key, "listen_back") == 0) ok = !parse_bool(val, &s->listen_back);
        else if (strcmp(key, "second_try") == 0) ok = !parse_bool(val, &s->second_try);
        else if (strcmp(key, "card") == 0) {
            if ((v = pd_card_mode_find(val)) < 0) return bad(err, err_len, lineno, "card = '%s': allowed own, varied, hidden, topic", val);
            s->card = (pd_card_mode)v;
        } else if (strcmp(key, "attitude") == 0) {
            if ((v = pd_attitude_find(val)) < 0)
                return bad(err, err_len, lineno, "attitude = '%s': allowed none, staring, attentive, neutral, bored, critical", val);
            s->audience.attitude = (pd_attitude)v;
        } else if (strcmp(key, "expected") == 0) {
            if (strcmp(val, "none") == 0) s->expected = PD_RATING_NONE;
            else if (parse_int(val, &s->expected) || s->expected > 100)
                return bad(err, err_len, lineno, "expected = '%s': allowed 0 to 100, or none", val);
        } else {
            /* each value's own range is checked on its line; what ties two
             * keys (an audience needs an attitude) at the end of the step */
            static const struct { const char *key; size_t off; int lo, hi; } ints[] = {
                { "drill_s", offsetof(pd_step, drill_s), 0, PD_DRILL_S_MAX },
                { "prep_s", offsetof(pd_step, prep_s), 0, PD_PREP_S_MAX },
                { "repetitions", offsetof(pd_step, reps), 1, PD_REPS_MAX },
                { "audience", offsetof(pd_step, audience.size), 0, PD_AUDIENCE_MAX },
                { "bored", offsetof(pd_step, audience.bored), 0, PD_AUDIENCE_MAX },
                { "distractions", offsetof(pd_step, audience.distractions), 0, 20 },
                { "questions", offsetof(pd_step, audience.questions), 0, 10 },
            };
            size_t i;
            for (i = 0; i < sizeof ints / sizeof ints[0]; i++)
                if (strcmp(key, ints[i].key) == 0) break;
            if (i == sizeof ints / sizeof ints[0]) return bad(err, err_len, lineno, "unknown key '%s'", key);
            if (parse_int(val, &v)) return bad(err, err_len, lineno, "%s = '%s': a whole number is needed", key, val);
            if (v < ints[i].lo || v > ints[i].hi)
                return bad(err, err_len, lineno, "%s = %d: allowed %d to %d", key, v, ints[i].lo, ints[i].hi);
            if (i == 0 && v > 0 && v < 5)
                return bad(err, err_len, lineno, "drill_s = %d: a timed drill lasts at least 5 seconds (0 = untimed)", v);
            *(int *)((char *)s + ints[i].off) = v;
        }
        if (!ok) return bad(err, err_len, lineno, "%s = '%s': allowed yes or no", key, val);
    }
    if (!have_magic) return bad(err, err_len, lineno ? lineno : 1, "not a Podium ladder file (no 'podium-ladder 1' line)");
    if (t->n > 0) {
        if (!have_title) return bad(err, err_len, step_line, "this step has no title");
        char why[200];
        if (pd_step_check(&t->step[t->n - 1], why, sizeof why))
            return bad(err, err_len, step_line, "step %d: %s", t->n, why);
    }
    if (current > t->n && current > 0)
        return bad(err, err_len, current_line, "current = %d, but the ladder has %d steps", current, t->n);
    t->current = current > 0 ? current - 1 : 0;
    *l = *t;
    return PD_OK;
}
