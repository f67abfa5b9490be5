/* test_settings_file.c - the pure parts of Settings and the card editor,
 * without SDL (settings.h, prompt_card.h), and the atomic writer
 * (text_files.h) on real files:
 * - pd_app_conf_rewrite: only the changed keys' lines are rewritten; every
 *   comment, blank line, unknown key and line not understood is kept byte
 *   for byte; a key's later lines (which would override it) are removed; a
 *   CRLF line keeps its CRLF; a missing key is appended (after a last line
 *   without '\n'); a removed key leaves no line; the result parses back to
 *   the values asked for; a value with a line break is refused.
 * - pd_app_settings_diff and the walks of the drill's length and the
 *   preparation (Home's presets among them, the ends held).
 * - the new keys card and demo parsed strictly.
 * - a card: checks (no title, no part, ':' in a heading, '#' first, a hint
 *   without a heading), pd_prompt_card_format read back by the loader's own
 *   parser (pd_prompt_parse_checked) equal, field by field, with no problem
 *   named, at the editor's limits in characters of 2-byte letters; the file
 *   name from a title (accents dropped, taken names numbered).
 * - UTF-8 editing: insert at the caret, Backspace and Delete take a whole
 *   character (2, 3 and 4 bytes), the limits in characters and bytes, the
 *   caret's steps, control characters left out.
 * - pd_write_file_atomic: the file replaced, its mode kept, a symbolic link
 *   followed (the link stays a link), and a write that cannot happen (the
 *   temporary file's place taken by a folder; a folder that is a file)
 *   says so and leaves the old file as it was and no temporary file.
 *
 * Usage: test_settings_file */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"
#include "podium/text_files.h"
#include "prompt_card.h"
#include "settings.h"

/* the loader's parser (prompts.c) */
int pd_prompt_parse_checked(const char *text, const char *file, pd_prompt_card *card, char *problems, size_t cap);

static char *rewrite(const char *text, const pd_conf_change *ch, int n)
{
    char *out = NULL;
    size_t len = 0;
    int rc = pd_app_conf_rewrite(text, strlen(text), ch, n, &out, &len);
    CHECK(rc == 0 && out && strlen(out) == len, "rewrite: rc %d", rc);
    return out;
}

static void test_rewrite(void)
{
    const char *orig = "# my settings, by hand\r\n"
                       "lang = en\r\n"
                       "\n"
                       "colour = blue\n"
                       "prep_s = ten\n"
                       "  # an indented comment\n"
                       "drill_s = 90\n"
                       "input = USB Mic\n"
                       "drill_s = 45\n"
                       "just words";
    pd_conf_change ch[] = { { "lang", "it" }, { "prep_s", "15" }, { "drill_s", "120" }, { "input", NULL },
                            { "card", "my_card.txt" } };
    char *out = rewrite(orig, ch, 5);
    const char *want = "# my settings, by hand\r\n"
                       "lang = it\r\n"
                       "\n"
                       "colour = blue\n"
                       "prep_s = 15\n"
                       "  # an indented comment\n"
                       "drill_s = 120\n"
                       "just words\n"
                       "card = my_card.txt\n";
    CHECK(out && strcmp(out, want) == 0, "rewritten:\n[%s]\nwanted:\n[%s]", out ? out : "", want);
    pd_app_settings s = { .lang = "en", .input = "x", .prep_s = 10, .drill_s = 60, .demo = -1 };
    int bad = out ? pd_app_settings_parse_lines(out, strlen(out), &s, NULL, NULL) : -1;
    /* "colour = blue" and "just words" stay not understood, as before */
    CHECK(bad == 2, "lines not understood after the rewrite: %d (2: the user's own)", bad);
    CHECK(strcmp(s.lang, "it") == 0 && s.prep_s == 15 && s.drill_s == 120 && strcmp(s.card, "my_card.txt") == 0 &&
              strcmp(s.input, "x") == 0,
          "read back: %s %d %d '%s' '%s'", s.lang, s.prep_s, s.drill_s, s.card, s.input);
    free(out);

    /* nothing changed: byte for byte; an empty file gets a header comment */
    out = rewrite(orig, NULL, 0);
    CHECK(out && strcmp(out, orig) == 0, "no change: the same bytes");
    free(out);
    pd_conf_change one = { "demo", "yes" };
    out = rewrite("", &one, 1);
    CHECK(out && out[0] == '#' && strstr(out, "\ndemo = yes\n"), "a new file: '%s'", out ? out : "");
    pd_app_settings d = { .demo = -1 };
    if (out) pd_app_settings_parse(out, strlen(out), &d);
    CHECK(d.demo == 1, "demo read back: %d", d.demo);
    free(out);

    /* a NUL inside a line: the line is kept whole (the parser ends it there) */
    const char nul[] = "lang = en\0junk\nprep_s = 3\n";
    char *o2 = NULL;
    size_t l2 = 0;
    pd_conf_change p = { "prep_s", "20" };
    CHECK(pd_app_conf_rewrite(nul, sizeof nul - 1, &p, 1, &o2, &l2) == 0 && l2 == sizeof nul - 1 + 1 &&
              memcmp(o2, nul, 15) == 0 && strcmp(o2 + 15, "prep_s = 20\n") == 0,
          "NUL line kept, %zu bytes", l2);
    free(o2);

    /* refused: a line break in a value, or too long */
    pd_conf_change nl = { "input", "a\nlang = it" };
    char *o3 = (char *)1;
    size_t l3;
    CHECK(pd_app_conf_rewrite("", 0, &nl, 1, &o3, &l3) == -1 && o3 == NULL, "a line break refused");
    char longv[300];
    memset(longv, 'a', sizeof longv - 1);
    longv[sizeof longv - 1] = 0;
    pd_conf_change lv = { "input", longv };
    CHECK(pd_app_conf_rewrite("", 0, &lv, 1, &o3, &l3) == -1, "300 bytes refused");
}

static void test_diff_walks(void)
{
    pd_app_settings a = { .lang = "", .prep_s = 10, .drill_s = 60, .demo = -1 }, b = a;
    pd_conf_change ch[9];
    char nums[64];
    CHECK(pd_app_settings_diff(&a, &b, ch, nums, sizeof nums) == 0, "no difference");
    snprintf(b.lang, sizeof b.lang, "it");
    b.prep_s = 5;
    b.demo = 0;   /* -1 and 0 both mean no demo line */
    snprintf(b.output, sizeof b.output, "ALSA: pulse");
    int n = pd_app_settings_diff(&a, &b, ch, nums, sizeof nums);
    CHECK(n == 3 && strcmp(ch[0].key, "lang") == 0 && strcmp(ch[0].value, "it") == 0 &&
              strcmp(ch[1].key, "output") == 0 && strcmp(ch[2].key, "prep_s") == 0 && strcmp(ch[2].value, "5") == 0,
          "diff: %d", n);
    a = b;
    b.output[0] = 0;
    b.demo = 1;
    b.headphones = 1;
    n = pd_app_settings_diff(&a, &b, ch, nums, sizeof nums);
    CHECK(n == 3 && ch[0].value == NULL && strcmp(ch[1].key, "headphones") == 0 && strcmp(ch[1].value, "yes") == 0 &&
              strcmp(ch[2].key, "demo") == 0 && strcmp(ch[2].value, "yes") == 0,
          "output removed, headphones and demo on: %d", n);
    /* spoken questions: yes is the default, so only "no" is written */
    a = b;
    a.speak_questions = 1;
    b = a;
    b.speak_questions = 0;
    n = pd_app_settings_diff(&a, &b, ch, nums, sizeof nums);
    CHECK(n == 1 && strcmp(ch[0].key, "speak_questions") == 0 && ch[0].value && strcmp(ch[0].value, "no") == 0,
          "speak_questions off: %d", n);
    n = pd_app_settings_diff(&b, &a, ch, nums, sizeof nums);
    CHECK(n == 1 && strcmp(ch[0].key, "speak_questions") == 0 && ch[0].value == NULL, "speak_questions back on: %d", n);

    static const struct { int v, d, want; } drill[] = {
        { 60, 1, 75 }, { 60, -1, 45 }, { 15, -1, 15 }, { 1800, 1, 1800 }, { 100, 1, 120 }, { 100, -1, 90 },
        { 90, 1, 120 }, { 120, -1, 90 },
    };
    for (size_t i = 0; i < sizeof drill / sizeof drill[0]; i++)
        CHECK(pd_settings_walk_drill(drill[i].v, drill[i].d) == drill[i].want, "drill %d %+d: %d", drill[i].v,
              drill[i].d, pd_settings_walk_drill(drill[i].v, drill[i].d));
    CHECK(pd_settings_walk_prep(0, -1) == 0 && pd_settings_walk_prep(10, 1) == 15 && pd_settings_walk_prep(120, 1) == 120 &&
              pd_settings_walk_prep(7, -1) == 5,
          "prep walk");
    /* a walk never leaves what the parser accepts */
    for (int v = 15; v <= 1800; v = pd_settings_walk_drill(v, 1)) {
        CHECK(v >= PD_APP_CONF_DRILL_MIN_S && v <= PD_APP_CONF_DRILL_MAX_S, "drill %d in range", v);
        if (v == 1800) break;
    }
}

static void test_new_keys(void)
{
    const char *t = "card = my_x.txt\ndemo = no\ncard = ../etc/passwd\ndemo = maybe\ncard =\n";
    pd_app_settings s = { .demo = -1 };
    int bad = pd_app_settings_parse_lines(t, strlen(t), &s, NULL, NULL);
    CHECK(bad == 3 && strcmp(s.card, "my_x.txt") == 0 && s.demo == 0, "card/demo: %d bad, '%s' %d", bad, s.card, s.demo);
}

static void fill(char *dst, size_t cap, const char *unit, size_t times)
{
    dst[0] = 0;
    for (size_t i = 0; i < times && strlen(dst) + strlen(unit) < cap; i++) strcat(dst, unit);
}

static int taken_two(const char *name, void *ctx)
{
    (void)ctx;
    return strcmp(name, "my_perche_fidarsi.txt") == 0 || strcmp(name, "my_perche_fidarsi_2.txt") == 0;
}

static void test_card(void)
{
    pd_prompt_card c;
    memset(&c, 0, sizeof c);
    char why[200];
    CHECK(pd_prompt_card_check(&c, "en", why, sizeof why) != 0 && strstr(why, "title"), "no title: %s", why);
    snprintf(c.title, sizeof c.title, "Interview");
    CHECK(pd_prompt_card_check(&c, "it", why, sizeof why) != 0 && strstr(why, "parte"), "no part (it): %s", why);
    snprintf(c.hint[1], sizeof c.hint[1], "a hint");
    CHECK(pd_prompt_card_check(&c, "en", why, sizeof why) != 0 && strstr(why, "Part 2"), "hint without heading: %s", why);
    snprintf(c.heading[1], sizeof c.heading[1], "Time: now");
    CHECK(pd_prompt_card_check(&c, "en", why, sizeof why) != 0 && strstr(why, "':'"), "colon: %s", why);
    snprintf(c.heading[1], sizeof c.heading[1], "#2");
    CHECK(pd_prompt_card_check(&c, "en", why, sizeof why) != 0 && strstr(why, "#"), "hash heading: %s", why);
    snprintf(c.heading[1], sizeof c.heading[1], "Why me");
    snprintf(c.title, sizeof c.title, " # no");
    CHECK(pd_prompt_card_check(&c, "en", why, sizeof why) != 0, "hash title");

    /* at the limits, in 2-byte letters (Italian accents): read back equal */
    memset(&c, 0, sizeof c);
    fill(c.title, sizeof c.title, "\xc3\xa8", PD_CARD_TITLE_CHARS);
    for (int p = 0; p < PD_CARD_PARTS; p++) {
        c.heading[p][0] = (char)('A' + p);
        fill(c.heading[p] + 1, sizeof c.heading[p] - 1, "\xc3\xa0", PD_CARD_HEADING_CHARS - 1);
        fill(c.hint[p], sizeof c.hint[p], p == 2 ? "a: \xc3\xb9" : "\xc3\xb9", PD_CARD_HINT_CHARS);
    }
    c.hint[3][0] = 0;   /* a part with no hint yet */
    CHECK(pd_prompt_card_check(&c, "en", why, sizeof why) == 0, "valid: %s", why);
    char text[2048], problems[600] = "";
    int n = pd_prompt_card_format(&c, text, sizeof text);
    CHECK(n > 0 && (size_t)n == strlen(text), "formatted: %d", n);
    pd_prompt_card back;
    CHECK(pd_prompt_parse_checked(text, "card.txt", &back, problems, sizeof problems) == 0 && problems[0] == 0,
          "read back, problems: '%s'", problems);
    CHECK(strcmp(back.title, c.title) == 0, "title back");
    for (int p = 0; p < PD_CARD_PARTS; p++)
        CHECK(strcmp(back.heading[p], c.heading[p]) == 0 && strcmp(back.hint[p], c.hint[p]) == 0,
              "part %d back: '%s' / '%s'", p + 1, back.heading[p], back.hint[p]);
    CHECK(pd_prompt_card_format(&c, text, 100) == -1, "too small a buffer: -1");

    char name[256];
    pd_prompt_card_file_name("Perché fidarsi?", taken_two, NULL, name, sizeof name);
    CHECK(strcmp(name, "my_perche_fidarsi_3.txt") == 0, "file name: %s", name);
    pd_prompt_card_file_name("  !!  ", NULL, NULL, name, sizeof name);
    CHECK(strcmp(name, "my_card.txt") == 0, "nothing left: %s", name);
    pd_prompt_card_file_name("Straße für Ärzte 2026 \xe2\x9c\x93 done", NULL, NULL, name, sizeof name);
    CHECK(strcmp(name, "my_strasse_fur_arzte_2026_done.txt") == 0 || strcmp(name, "my_strase_fur_arzte_2026_done.txt") == 0,
          "accents: %s", name);
}

static void test_utf8(void)
{
    char s[12] = "";
    size_t caret = 0;
    CHECK(pd_utf8_insert(s, sizeof s, &caret, "ab\xc3\xa8\xe2\x82\xac", 10) == 1 && strcmp(s, "ab\xc3\xa8\xe2\x82\xac") == 0 &&
              caret == 7 && pd_utf8_chars(s) == 4,
          "insert: '%s' %zu", s, caret);
    pd_utf8_backspace(s, &caret);   /* the euro sign: 3 bytes */
    CHECK(strcmp(s, "ab\xc3\xa8") == 0 && caret == 4, "backspace 3 bytes: %zu", caret);
    pd_utf8_backspace(s, &caret);   /* e grave: 2 bytes */
    CHECK(strcmp(s, "ab") == 0 && caret == 2, "backspace 2 bytes");
    caret = pd_utf8_step(s, caret, -1);
    CHECK(pd_utf8_insert(s, sizeof s, &caret, "\xf0\x9f\x98\x80\t\n", 10) == 1 && strcmp(s, "a\xf0\x9f\x98\x80" "b") == 0 &&
              caret == 5,
          "insert 4 bytes mid-text, controls left out: '%s'", s);
    size_t c2 = 1;
    pd_utf8_delete(s, c2);
    CHECK(strcmp(s, "ab") == 0, "delete 4 bytes: '%s'", s);
    caret = 2;
    CHECK(pd_utf8_insert(s, sizeof s, &caret, "cdefghijk", 5) == 0 && strcmp(s, "abcde") == 0, "char limit: '%s'", s);
    CHECK(pd_utf8_insert(s, sizeof s, &caret, "\xc3\xa8\xc3\xa8\xc3\xa8\xc3\xa8", 20) == 0 && strlen(s) <= sizeof s - 1 &&
              strcmp(s, "abcde\xc3\xa8\xc3\xa8\xc3\xa8") == 0,
          "byte limit, whole characters: '%s' %zu", s, strlen(s));
    char w[40] = "due parole  \xc3\xa8" "cco";
    size_t wc = strlen(w);
    pd_utf8_backspace_word(w, &wc);
    CHECK(strcmp(w, "due parole  ") == 0 && wc == strlen(w), "word: '%s'", w);
    pd_utf8_backspace_word(w, &wc);
    CHECK(strcmp(w, "due ") == 0 && wc == 4, "word and blanks: '%s'", w);
    CHECK(pd_utf8_step(s, strlen(s), 1) == strlen(s) && pd_utf8_step(s, 0, -1) == 0 && pd_utf8_step(s, 5, 1) == 7,
          "steps");
}

static int count_tmp(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *de;
    while (d && (de = readdir(d)))
        if (strstr(de->d_name, ".tmp-")) n++;
    if (d) closedir(d);
    return n;
}

static char *slurp(const char *path)
{
    char *t = NULL, err[300];
    size_t len;
    if (pd_read_small_file(path, 65536, &t, &len, err, sizeof err) != 0) return NULL;
    return t;
}

static void test_atomic(void)
{
    char tmpl[] = "/tmp/podium-test-settings-XXXXXX";
    char *dir = mkdtemp(tmpl);
    CHECK(dir != NULL, "scratch folder");
    if (!dir) return;
    char path[700], err[900], link[700], real[700];
    snprintf(path, sizeof path, "%s/app.conf", dir);
    CHECK(pd_write_file_atomic(path, "lang = it\n", 10, err, sizeof err) == 0, "new file: %s", err);
    struct stat st;
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0644, "new file 0644: %o", (unsigned)(st.st_mode & 0777));
    chmod(path, 0600);
    CHECK(pd_write_file_atomic(path, "lang = en\n", 10, err, sizeof err) == 0, "replace: %s", err);
    char *t = slurp(path);
    CHECK(t && strcmp(t, "lang = en\n") == 0 && stat(path, &st) == 0 && (st.st_mode & 0777) == 0600,
          "replaced, mode kept: %o", (unsigned)(st.st_mode & 0777));
    free(t);
    /* a link to a dotfiles folder: the target is replaced, the link stays */
    snprintf(real, sizeof real, "%s/dotfiles-app.conf", dir);
    snprintf(link, sizeof link, "%s/linked.conf", dir);
    CHECK(pd_write_file_atomic(real, "a\n", 2, err, sizeof err) == 0 && symlink(real, link) == 0, "link made");
    CHECK(pd_write_file_atomic(link, "b\n", 2, err, sizeof err) == 0, "through the link: %s", err);
    t = slurp(real);
    CHECK(lstat(link, &st) == 0 && S_ISLNK(st.st_mode) && t && strcmp(t, "b\n") == 0, "link kept, target written");
    free(t);
    /* the temporary file's place taken (a folder): refused, old file intact */
    char blocker[800];
    snprintf(blocker, sizeof blocker, "%s.tmp-%ld", path, (long)getpid());
    CHECK(mkdir(blocker, 0700) == 0, "blocker");
    CHECK(pd_write_file_atomic(path, "lang = it\n", 10, err, sizeof err) == -1 && strstr(err, path) &&
              strstr(err, "cannot write"),
          "refused: '%s'", err);
    t = slurp(path);
    CHECK(t && strcmp(t, "lang = en\n") == 0, "old file untouched");
    free(t);
    rmdir(blocker);
    CHECK(count_tmp(dir) == 0, "no temporary file left");
    /* a folder that is a file */
    char under[800];
    snprintf(under, sizeof under, "%s/app.conf/x.conf", dir);
    CHECK(pd_write_file_atomic(under, "x", 1, err, sizeof err) == -1 && strstr(err, "Not a directory"), "ENOTDIR: '%s'",
          err);
    char cmd[800];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0, "cleanup");
}

int main(void)
{
    test_rewrite();
    test_diff_walks();
    test_new_keys();
    test_card();
    test_utf8();
    test_atomic();
    CHECK_DONE();
}
