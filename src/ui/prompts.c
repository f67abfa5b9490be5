/* prompts.c - prompt cards: plain text files, one card each.
 *
 *   First non-blank line (not starting with #): the card's title.
 *   Then one line per part: "Heading: what to say" (four parts: the
 *   elevator pitch's who I am / what I do for others / why I can be trusted /
 *   what I am looking for).
 * Bundled cards: assets/prompts/LANG/ *.txt; the user's own:
 * $XDG_CONFIG_HOME/podium/prompts/ *.txt (or ~/.config/podium/prompts).
 * Each is read with pd_read_small_file: regular files of at most 64 KiB.
 * Every problem is named once with its file and line (not text, empty, no
 * colon, a fifth part, a text longer than its box: cut at a character with
 * an ellipsis), for the window and the terminal. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "podium/text_files.h"
#include "ui.h"

/* The bytes of s up to n that fit cap - 1, cut at a character (UTF-8) with
 * an ellipsis when it is longer; returns 1 when it was cut. */
static int fit_copy(char *dst, size_t cap, const char *s, size_t n)
{
    if (n < cap) {
        memcpy(dst, s, n);
        dst[n] = 0;
        return 0;
    }
    size_t k = cap - 4;                     /* room for "\xe2\x80\xa6" and the NUL */
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80) k--;   /* not inside a character */
    memcpy(dst, s, k);
    memcpy(dst + k, "\xe2\x80\xa6", 4);
    return 1;
}

static int trim_copy(char *dst, size_t cap, const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t')) s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) n--;
    return fit_copy(dst, cap, s, n);
}

/* Appends "FILE line N: what" (or "FILE: what") to the problems, one a line. */
static void problem(char *out, size_t cap, const char *file, int line, const char *what)
{
    if (!out || !cap) return;
    size_t used = strlen(out);
    if (used + 4 >= cap) return;
    if (line > 0)
        snprintf(out + used, cap - used, "%s%s line %d: %s", used ? "\n" : "", file, line, what);
    else
        snprintf(out + used, cap - used, "%s%s: %s", used ? "\n" : "", file, what);
}

/* Valid UTF-8 with no NUL or other control bytes than tab, CR, LF. */
static int is_text(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if (c < 0x20 && c != '\t' && c != '\r' && c != '\n') return 0;
            i++;
            continue;
        }
        int len = c >= 0xF0 && c < 0xF5 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
        if (len == 0 || (c >= 0xF5)) return 0;
        if (i + (size_t)len > n) return 0;
        for (int k = 1; k < len; k++)
            if (((unsigned char)s[i + (size_t)k] & 0xC0) != 0x80) return 0;
        i += (size_t)len;
    }
    return 1;
}

int pd_prompt_parse_checked(const char *text, const char *file, pd_prompt_card *card, char *problems,
                            size_t cap)
{
    memset(card, 0, sizeof *card);
    if (!is_text(text, strlen(text))) {
        problem(problems, cap, file, 0, "not a text file (UTF-8), skipped");
        return 1;
    }
    int parts = 0, have_title = 0, lineno = 0;
    const char *p = text;
    char what[200];
    while (*p) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        char line[512];
        lineno++;
        trim_copy(line, sizeof line, p, n);
        p += n + (e ? 1 : 0);
        if (!line[0] || line[0] == '#') continue;
        if (!have_title) {
            if (trim_copy(card->title, sizeof card->title, line, strlen(line))) {
                snprintf(what, sizeof what, "the title is longer than %zu bytes, cut with an ellipsis",
                         sizeof card->title - 4);
                problem(problems, cap, file, lineno, what);
            }
            have_title = 1;
            continue;
        }
        if (parts == PD_CARD_PARTS) {
            problem(problems, cap, file, lineno, "a card has four parts, this one and any after it are left out");
            break;
        }
        char *colon = strchr(line, ':');
        int cut = 0;
        if (colon) {
            cut |= trim_copy(card->heading[parts], sizeof card->heading[0], line, (size_t)(colon - line));
            cut |= trim_copy(card->hint[parts], sizeof card->hint[0], colon + 1, strlen(colon + 1));
        } else {
            cut |= trim_copy(card->heading[parts], sizeof card->heading[0], line, strlen(line));
            problem(problems, cap, file, lineno, "no ':' between the heading and its hint, used as a heading alone");
        }
        if (cut) problem(problems, cap, file, lineno, "longer than a part can show, cut with an ellipsis");
        parts++;
    }
    if (!have_title || parts == 0) {
        problem(problems, cap, file, 0,
                have_title ? "a title but no 'Heading: hint' lines, skipped" : "empty: no title and no parts, skipped");
        return 1;
    }
    return 0;
}

int pd_prompt_parse(const char *text, pd_prompt_card *card)
{
    return pd_prompt_parse_checked(text, "", card, NULL, 0);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int load_dir(const char *dir, int user, pd_prompt_card *cards, int n, int max, char *problems,
                    size_t cap)
{
    DIR *d = opendir(dir);
    if (!d) return n;
    char *names[64];
    int k = 0;
    struct dirent *de;
    while ((de = readdir(d)) && k < 64) {
        size_t l = strlen(de->d_name);
        if (l > 4 && strcmp(de->d_name + l - 4, ".txt") == 0) names[k++] = strdup(de->d_name);
    }
    closedir(d);
    qsort(names, (size_t)k, sizeof names[0], cmp_str);
    for (int i = 0; i < k; i++) {
        if (names[i] && n < max) {
            char path[1200];
            snprintf(path, sizeof path, "%s/%s", dir, names[i]);
            char *text, err[1400];
            size_t len;
            if (pd_read_small_file(path, PD_PROMPT_FILE_MAX_BYTES, &text, &len, err, sizeof err) != 0) {
                /* err: "'PATH': problem" */
                const char *why = strstr(err, "': ");
                problem(problems, cap, path, 0, why ? why + 3 : err);
            } else {
                if (len == 0) problem(problems, cap, path, 0, "empty (0 bytes), skipped");
                else if (memchr(text, 0, len)) problem(problems, cap, path, 0, "not a text file (UTF-8), skipped");
                else if (pd_prompt_parse_checked(text, path, &cards[n], problems, cap) == 0) {
                    snprintf(cards[n].file, sizeof cards[n].file, "%s", names[i]);
                    cards[n++].user = user;
                }
                free(text);
            }
        }
        free(names[i]);
    }
    return n;
}

int pd_prompts_load_checked(const char *assets_dir, const char *lang, const char *user_dir,
                            pd_prompt_card *cards, int max, char *problems, size_t cap)
{
    if (problems && cap) problems[0] = 0;
    char dir[700];
    snprintf(dir, sizeof dir, "%s/prompts/%s", assets_dir, lang);
    int n = load_dir(dir, 0, cards, 0, max, problems, cap);
    if (user_dir && *user_dir) n = load_dir(user_dir, 1, cards, n, max, problems, cap);
    return n;
}

int pd_prompts_load(const char *assets_dir, const char *lang, const char *user_dir,
                    pd_prompt_card *cards, int max)
{
    return pd_prompts_load_checked(assets_dir, lang, user_dir, cards, max, NULL, 0);
}
