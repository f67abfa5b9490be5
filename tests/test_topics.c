/* test_topics.c - surprise topics and audience questions (topics.h,
 * text_files.h).
 *
 * - The format: comments, blank lines, CR LF, a byte-order mark, trimming,
 *   the '!' mark (with or without a space), UTF-8 of 2, 3 and 4 bytes, an
 *   entry of exactly 200 bytes.
 * - Damage, each named by its line (and column where there is one), the
 *   list left empty: a Latin-1 byte, an overlong form, a surrogate, a code
 *   point over U+10FFFF, a sequence cut by the end of the file, a lone
 *   continuation byte, a control character, a NUL byte, a '!' alone, an
 *   entry of 201 bytes.
 * - The bundled files (assets/topics, assets/questions; en, it) all parse,
 *   with >= 40 entries each, no entry twice, the questions with sceptical
 *   ('!') ones and plain ones, the Italian files not copies of the English.
 * - Merging: duplicates kept once, in order, the first '!' decides; a list
 *   merged with itself is unchanged.
 * - The loader: the bundled list plus the user's *.txt sorted by name; a
 *   damaged file, a directory and a FIFO named *.txt, and a 70000-byte file
 *   are each named in one message and left out (the FIFO without hanging:
 *   the test would block); other names and hidden files are not read; a
 *   missing bundled file is an error naming it; the config folder from
 *   XDG_CONFIG_HOME or HOME. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"
#include "podium/text_files.h"
#include "podium/topics.h"

static pd_status parse_str(const char *s, pd_topic_list *l, char *err, size_t err_len)
{
    return pd_topics_parse(s, strlen(s), l, err, err_len);
}

static void test_good(void)
{
    char big[PD_TOPIC_MAX_BYTES + 1];
    memset(big, 'x', PD_TOPIC_MAX_BYTES);
    big[PD_TOPIC_MAX_BYTES] = 0;
    char text[1024];
    snprintf(text, sizeof text,
             "\xEF\xBB\xBF# a comment\r\n"
             "\r\n"
             "   What do you do exactly?  \r\n"
             "\t# an indented comment\n"
             "! Why should I trust you?\n"
             "!Isn't that expensive?\n"
             "Perch\xC3\xA9 fai questo lavoro?\n"
             "Un caff\xC3\xA8, un \xE2\x82\xAC e un \xF0\x9F\x8E\xA4\n"
             "a\tb\n"
             "%s\n"
             "# the last line has no line end\n"
             "Last one", big);
    pd_topic_list l;
    char err[200] = "";
    CHECK(parse_str(text, &l, err, sizeof err) == PD_OK, "good text refused: %s", err);
    const char *want[] = { "What do you do exactly?", "Why should I trust you?", "Isn't that expensive?",
                           "Perch\xC3\xA9 fai questo lavoro?", "Un caff\xC3\xA8, un \xE2\x82\xAC e un \xF0\x9F\x8E\xA4",
                           "a b", big, "Last one" };
    const int hard[] = { 0, 1, 1, 0, 0, 0, 0, 0 };
    const size_t nw = sizeof want / sizeof want[0];
    CHECK(l.n == nw, "%zu entries, want %zu", l.n, nw);
    for (size_t i = 0; i < l.n && i < nw; i++) {
        CHECK(strcmp(l.items[i].text, want[i]) == 0, "entry %zu: '%s', want '%s'", i, l.items[i].text, want[i]);
        CHECK(l.items[i].hard == hard[i], "entry %zu: hard %d, want %d", i, l.items[i].hard, hard[i]);
    }
    CHECK(pd_topics_count(&l, 1) == 2 && pd_topics_count(&l, 0) == nw - 2, "counts %zu / %zu",
          pd_topics_count(&l, 1), pd_topics_count(&l, 0));
    pd_topic_list_free(&l);
    CHECK(l.n == 0 && l.items == NULL, "a freed list is empty");

    /* empty and comment-only texts: no entries, no error */
    CHECK(pd_topics_parse("", 0, &l, err, sizeof err) == PD_OK && l.n == 0, "empty text");
    CHECK(parse_str("# only\n\n   \n", &l, err, sizeof err) == PD_OK && l.n == 0, "comments only");
    pd_topic_list_free(&l);
    CHECK(pd_topics_parse(NULL, 3, &l, err, sizeof err) == PD_ERR_INVALID_ARG, "NULL text");
}

typedef struct bad_case {
    const char *text;
    size_t len;          /* 0: strlen */
    const char *message; /* expected at the start of the error */
} bad_case;

static void test_damaged(void)
{
    char long_line[400];
    memset(long_line, 0, sizeof long_line);
    strcpy(long_line, "one\ntwo\n# three\n\n  ");
    size_t k = strlen(long_line);
    memset(long_line + k, 'y', PD_TOPIC_MAX_BYTES + 1);
    strcpy(long_line + k + PD_TOPIC_MAX_BYTES + 1, "  \nsix\n");
    const bad_case cases[] = {
        { "fine\nfine too\nperch\xE9 no?\n", 0, "line 3: not valid UTF-8 (byte 0xE9 at column 6)" },
        { "\xC0\xAF overlong slash\n", 0, "line 1: not valid UTF-8 (byte 0xC0 at column 1)" },
        { "ok\nsurrogate \xED\xA0\x80 here\n", 0, "line 2: not valid UTF-8 (byte 0xED at column 11)" },
        { "too high \xF4\x90\x80\x80\n", 0, "line 1: not valid UTF-8 (byte 0xF4 at column 10)" },
        { "a\nb\ncut at the end \xE2\x82", 0, "line 3: not valid UTF-8 (byte 0xE2 at column 16)" },
        { "# lone continuation in a comment \x80\n", 0, "line 1: not valid UTF-8 (byte 0x80 at column 34)" },
        { "a bell\x07 rings\n", 0, "line 1: a control character (U+0007) at column 7" },
        { "ok\nnul\0byte\n", 12, "line 2: a NUL byte at column 4" },
        { "fine\n  !   \nnext\n", 0, "line 2: '!' with no text after it" },
        { long_line, 0, "line 5: too long (201 bytes; at most 200)" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pd_topic_list l;
        char err[200] = "";
        size_t len = cases[i].len ? cases[i].len : strlen(cases[i].text);
        pd_status st = pd_topics_parse(cases[i].text, len, &l, err, sizeof err);
        CHECK(st == PD_ERR_PARSE, "damaged case %zu: status %d", i, (int)st);
        CHECK(strncmp(err, cases[i].message, strlen(cases[i].message)) == 0,
              "damaged case %zu: message '%s', want '%s...'", i, err, cases[i].message);
        CHECK(l.n == 0 && l.items == NULL, "damaged case %zu: %zu entries kept", i, l.n);
        pd_topic_list_free(&l);
    }
}

static pd_topic_list list_of(const char *s)
{
    pd_topic_list l;
    char err[200];
    if (parse_str(s, &l, err, sizeof err) != PD_OK) {
        CHECK(0, "parse: %s", err);
        pd_topic_list_init(&l);
    }
    return l;
}

static void test_merge(void)
{
    pd_topic_list a = list_of("one\n! two\nthree\n"), b = list_of("two\nfour\nthree\nfour\n! five\n");
    CHECK(pd_topics_merge(&a, &b) == PD_OK, "merge");
    const char *want[] = { "one", "two", "three", "four", "five" };
    const int hard[] = { 0, 1, 0, 0, 1 };
    CHECK(a.n == 5, "%zu entries after the merge, want 5", a.n);
    for (size_t i = 0; i < a.n && i < 5; i++)
        CHECK(strcmp(a.items[i].text, want[i]) == 0 && a.items[i].hard == hard[i], "merged %zu: '%s' %d", i,
              a.items[i].text, a.items[i].hard);
    CHECK(pd_topics_merge(&a, &a) == PD_OK && a.n == 5, "merged with itself: %zu", a.n);
    pd_topic_list e;
    pd_topic_list_init(&e);
    CHECK(pd_topics_merge(&a, &e) == PD_OK && a.n == 5, "an empty list adds nothing");
    CHECK(pd_topics_merge(&e, &a) == PD_OK && e.n == 5, "into an empty list");
    /* many entries: the set grows (no entry lost or doubled) */
    pd_topic_list big;
    pd_topic_list_init(&big);
    char *text = malloc(5000 * 16);
    if (text) {
        size_t off = 0;
        for (int i = 0; i < 5000; i++) off += (size_t)sprintf(text + off, "entry %d\n", i % 3000);
        CHECK(pd_topics_parse(text, off, &big, NULL, 0) == PD_OK && big.n == 5000, "5000 lines");
        pd_topic_list m;
        pd_topic_list_init(&m);
        CHECK(pd_topics_merge(&m, &big) == PD_OK && m.n == 3000, "%zu distinct of 3000", m.n);
        pd_topic_list_free(&m);
        free(text);
    }
    pd_topic_list_free(&big);
    pd_topic_list_free(&a);
    pd_topic_list_free(&b);
    pd_topic_list_free(&e);
}

static void test_bundled(const char *assets)
{
    static const char *const kinds[] = { "topics", "questions" };
    static const char *const langs[] = { "en", "it" };
    for (int k = 0; k < 2; k++) {
        pd_topic_list by_lang[2];
        for (int g = 0; g < 2; g++) {
            char path[1024], err[600];
            snprintf(path, sizeof path, "%s/%s/%s.txt", assets, kinds[k], langs[g]);
            pd_topic_list *l = &by_lang[g];
            CHECK(pd_topics_load(path, NULL, l, NULL, NULL, err, sizeof err) == PD_OK, "%s: %s", path, err);
            size_t hard = pd_topics_count(l, 1);
            printf("%s/%s.txt: %zu entries, %zu marked '!'\n", kinds[k], langs[g], l->n, hard);
            CHECK(l->n >= 40, "%s: %zu entries, want >= 40", path, l->n);
            CHECK(l->n - hard >= 30, "%s: %zu entries for every step, want >= 30", path, l->n - hard);
            if (k == 1) CHECK(hard >= 10, "%s: %zu sceptical questions, want >= 10", path, hard);
            /* no entry twice: a merge into an empty list keeps them all */
            pd_topic_list m;
            pd_topic_list_init(&m);
            CHECK(pd_topics_merge(&m, l) == PD_OK && m.n == l->n, "%s: an entry appears twice", path);
            pd_topic_list_free(&m);
            /* questions end with a question mark */
            for (size_t i = 0; k == 1 && i < l->n; i++) {
                size_t len = strlen(l->items[i].text);
                CHECK(len > 0 && l->items[i].text[len - 1] == '?', "%s: '%s' is no question", path,
                      l->items[i].text);
            }
        }
        /* Italian is not the English copied */
        size_t same = 0;
        for (size_t i = 0; i < by_lang[0].n; i++)
            for (size_t j = 0; j < by_lang[1].n; j++)
                same += strcmp(by_lang[0].items[i].text, by_lang[1].items[j].text) == 0;
        CHECK(same == 0, "%s: %zu entries in both languages", kinds[k], same);
        pd_topic_list_free(&by_lang[0]);
        pd_topic_list_free(&by_lang[1]);
    }
    char err[600];
    pd_topic_list l;
    CHECK(pd_topics_load("/nonexistent/topics/xx.txt", NULL, &l, NULL, NULL, err, sizeof err) == PD_ERR_PARSE &&
          strstr(err, "/nonexistent/topics/xx.txt") != NULL && l.n == 0, "a missing bundled file: %s", err);
}

/* ---- the loader ---------------------------------------------------------- */

typedef struct warnings {
    char msg[8][800];
    int n;
} warnings;

static void collect(void *ctx, const char *message)
{
    warnings *w = ctx;
    if (w->n < 8) snprintf(w->msg[w->n], sizeof w->msg[0], "%s", message);
    w->n++;
}

static void write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len) CHECK(0, "cannot write %s", path);
    if (f) fclose(f);
}

static int has_warning(const warnings *w, const char *a, const char *b)
{
    int c = 0;
    for (int i = 0; i < w->n && i < 8; i++) c += strstr(w->msg[i], a) && strstr(w->msg[i], b);
    return c;
}

static void test_loader(void)
{
    char dir[] = "/tmp/podium_topics_XXXXXX";
    if (!mkdtemp(dir)) { CHECK(0, "mkdtemp: %s", strerror(errno)); return; }
    char path[512], user[512], bundled[512];
    snprintf(bundled, sizeof bundled, "%s/bundled.txt", dir);
    snprintf(user, sizeof user, "%s/user", dir);
    write_file(bundled, "What do you do exactly?\n! Why should I trust you?\n", 50);
    mkdir(user, 0700);
    snprintf(path, sizeof path, "%s/b_mine.txt", user);
    write_file(path, "# mine\nWhat do you do exactly?\nWho pays for it?\n", 48);
    snprintf(path, sizeof path, "%s/a_first.txt", user);
    write_file(path, "Where do you work?\n", 19);
    snprintf(path, sizeof path, "%s/c_bad.txt", user);
    write_file(path, "fine\nperch\xE9?\n", 12);
    snprintf(path, sizeof path, "%s/d_dir.txt", user);
    mkdir(path, 0700);
    snprintf(path, sizeof path, "%s/e_fifo.txt", user);
    CHECK(mkfifo(path, 0600) == 0, "mkfifo: %s", strerror(errno));
    char *big = malloc(70000);
    if (big) {
        memset(big, 'z', 70000);
        for (size_t i = 79; i < 70000; i += 80) big[i] = '\n';
        snprintf(path, sizeof path, "%s/f_big.txt", user);
        write_file(path, big, 70000);
        free(big);
    }
    snprintf(path, sizeof path, "%s/notes.md", user);
    write_file(path, "Not read\n", 9);
    snprintf(path, sizeof path, "%s/.hidden.txt", user);
    write_file(path, "Not read either\n", 16);

    warnings w = { .n = 0 };
    pd_topic_list l;
    char err[600] = "";
    pd_status st = pd_topics_load(bundled, user, &l, collect, &w, err, sizeof err);
    CHECK(st == PD_OK, "load: %d %s", (int)st, err);
    const char *want[] = { "What do you do exactly?", "Why should I trust you?", "Where do you work?",
                           "Who pays for it?" };
    CHECK(l.n == 4, "%zu entries, want 4 (bundled, then a_first, then b_mine)", l.n);
    for (size_t i = 0; i < l.n && i < 4; i++)
        CHECK(strcmp(l.items[i].text, want[i]) == 0, "entry %zu: '%s', want '%s'", i, l.items[i].text, want[i]);
    CHECK(w.n == 4, "%d messages, want 4", w.n);
    for (int i = 0; i < w.n && i < 8; i++) printf("message: %s\n", w.msg[i]);
    CHECK(has_warning(&w, "c_bad.txt", "line 2: not valid UTF-8") == 1, "the damaged file, by line");
    CHECK(has_warning(&w, "d_dir.txt", "not a regular file") == 1, "the directory");
    CHECK(has_warning(&w, "e_fifo.txt", "not a regular file") == 1, "the FIFO");
    CHECK(has_warning(&w, "f_big.txt", "too large (70000 bytes; at most 65536)") == 1, "the large file");
    CHECK(has_warning(&w, "c_bad.txt", "the bundled ones are used") == 1, "the message says what is used");
    pd_topic_list_free(&l);

    /* no user folder: the bundled list alone, no message */
    w.n = 0;
    snprintf(path, sizeof path, "%s/none", dir);
    CHECK(pd_topics_load(bundled, path, &l, collect, &w, err, sizeof err) == PD_OK && l.n == 2 && w.n == 0,
          "no user folder: %zu entries, %d messages", l.n, w.n);
    pd_topic_list_free(&l);

    /* pd_read_small_file at the limit */
    char *text;
    size_t len;
    snprintf(path, sizeof path, "%s/exact.txt", dir);
    char *exact = calloc(1, PD_TOPIC_FILE_MAX_BYTES);
    if (exact) {
        write_file(path, exact, PD_TOPIC_FILE_MAX_BYTES);
        CHECK(pd_read_small_file(path, PD_TOPIC_FILE_MAX_BYTES, &text, &len, err, sizeof err) == 0 &&
              len == PD_TOPIC_FILE_MAX_BYTES, "a file of exactly 64 KiB: %s", err);
        free(text);
        free(exact);
    }

    /* the config folder */
    setenv("XDG_CONFIG_HOME", "/x/conf", 1);
    CHECK(pd_user_config_dir("topics", path, sizeof path) == 0 && strcmp(path, "/x/conf/podium/topics") == 0,
          "XDG_CONFIG_HOME: %s", path);
    setenv("XDG_CONFIG_HOME", "", 1);
    setenv("HOME", "/home/u", 1);
    CHECK(pd_user_config_dir("questions", path, sizeof path) == 0 &&
          strcmp(path, "/home/u/.config/podium/questions") == 0, "HOME: %s", path);
    unsetenv("XDG_CONFIG_HOME");
    unsetenv("HOME");
    CHECK(pd_user_config_dir("topics", path, sizeof path) == -1, "neither set");
    char tiny[8];
    setenv("HOME", "/home/someone", 1);
    CHECK(pd_user_config_dir("topics", tiny, sizeof tiny) == -1, "a path that does not fit");

    /* clean up */
    const char *names[] = { "user/a_first.txt", "user/b_mine.txt", "user/c_bad.txt", "user/e_fifo.txt",
                            "user/f_big.txt", "user/notes.md", "user/.hidden.txt", "bundled.txt", "exact.txt" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        unlink(path);
    }
    snprintf(path, sizeof path, "%s/user/d_dir.txt", dir);
    rmdir(path);
    rmdir(user);
    rmdir(dir);
}

int main(int argc, char **argv)
{
    const char *assets = argc > 1 ? argv[1] : "assets";
    test_good();
    test_damaged();
    test_merge();
    test_bundled(assets);
    test_loader();
    CHECK_DONE();
}
