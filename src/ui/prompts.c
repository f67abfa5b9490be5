/* prompts.c - prompt cards: plain text files, one card each.
 *
 *   First non-blank line (not starting with #): the card's title.
 *   Then one line per part: "Heading: what to say" (four parts: the
 *   elevator pitch's who I am / what I do for others / why I can be trusted /
 *   what I am looking for).
 * Bundled cards: assets/prompts/LANG/ *.txt; the user's own:
 * $XDG_CONFIG_HOME/podium/prompts/ *.txt (or ~/.config/podium/prompts).
 * Each is read with pd_read_small_file: regular files of at most 64 KiB. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "podium/text_files.h"
#include "ui.h"

static void trim_copy(char *dst, size_t cap, const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t')) s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) n--;
    if (n >= cap) n = cap - 1;
    memcpy(dst, s, n);
    dst[n] = 0;
}

int pd_prompt_parse(const char *text, pd_prompt_card *card)
{
    memset(card, 0, sizeof *card);
    int parts = 0, have_title = 0;
    const char *p = text;
    while (*p) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        char line[512];
        trim_copy(line, sizeof line, p, n);
        p += n + (e ? 1 : 0);
        if (!line[0] || line[0] == '#') continue;
        if (!have_title) {
            snprintf(card->title, sizeof card->title, "%s", line);
            have_title = 1;
            continue;
        }
        if (parts == PD_CARD_PARTS) break;
        char *colon = strchr(line, ':');
        if (colon) {
            trim_copy(card->heading[parts], sizeof card->heading[0], line, (size_t)(colon - line));
            trim_copy(card->hint[parts], sizeof card->hint[0], colon + 1, strlen(colon + 1));
        } else {
            snprintf(card->heading[parts], sizeof card->heading[0], "%s", line);
        }
        parts++;
    }
    return have_title && parts > 0 ? 0 : 1;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int load_dir(const char *dir, int user, pd_prompt_card *cards, int n, int max)
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
            if (pd_read_small_file(path, PD_PROMPT_FILE_MAX_BYTES, &text, &len, err, sizeof err) == 0) {
                if (pd_prompt_parse(text, &cards[n]) == 0) cards[n++].user = user;
                free(text);
            } else {
                fprintf(stderr, "podium: prompt card %s; left out\n", err);
            }
        }
        free(names[i]);
    }
    return n;
}

int pd_prompts_load(const char *assets_dir, const char *lang, const char *user_dir,
                    pd_prompt_card *cards, int max)
{
    char dir[700];
    snprintf(dir, sizeof dir, "%s/prompts/%s", assets_dir, lang);
    int n = load_dir(dir, 0, cards, 0, max);
    if (user_dir && *user_dir) n = load_dir(user_dir, 1, cards, n, max);
    return n;
}
