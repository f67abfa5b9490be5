/* test_app_conf.c - the app's own text files (issue 11, defect 2): app.conf
 * and the user's prompt cards, headless (offscreen video, software renderer,
 * dummy audio).
 *
 * Usage: test_app_conf ASSETS_DIR
 *
 * - pd_app_settings_parse (src/ui/settings.c, the parser the app runs):
 *   each key, a name with spaces, CRLF, comments, unknown keys; numbers that
 *   are not plain decimals of at most 5 digits (an overflow for atoi, a
 *   sign, hex) leave the value as it was.
 * - The app started with app.conf a FIFO nobody writes to (it once blocked
 *   the start for ever), /dev/zero and /dev/urandom (endless), a folder and
 *   a 70 000-byte file: it starts at once with the defaults and one message
 *   on stderr naming the file and the problem ("not a regular file", "too
 *   large (70000 bytes; at most 65536)"); a good app.conf is applied.
 * - The same five beside a good card in the user's prompts folder: the
 *   good card is loaded after the bundled ones, each bad one named. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"
#include "settings.h"
#include "ui_harness.h"

static char g_log[700];

/* collects the reasons given for the lines not understood */
static void keep_why(void *ctx, int line, const char *text, const char *why)
{
    (void)line;
    (void)text;
    size_t used = strlen((char *)ctx);
    snprintf((char *)ctx + used, 200 - used, "%s; ", why);
}

static void parse_cases(void)
{
    pd_app_settings s = {.lang = "", .input = "", .prep_s = 10, .drill_s = 60};
    const char *t =
        "# my settings\r\nlang = it\r\ninput =   USB Audio: Mic (hw:1,0)  \r\nprep_s = 15\nunknown = 3\n"
        "drill_s = 90";
    pd_app_settings_parse(t, strlen(t), &s);
    CHECK(strcmp(s.lang, "it") == 0, "lang: '%s'", s.lang);
    CHECK(strcmp(s.input, "USB Audio: Mic (hw:1,0)") == 0, "input: '%s'", s.input);
    CHECK(s.prep_s == 15 && s.drill_s == 90, "numbers: %d %d", s.prep_s, s.drill_s);
    const char *bad[] = {"prep_s = 99999999999999999999\ndrill_s = -5\n", "prep_s = 0x10\ndrill_s = 1e3\n",
                         "prep_s = 123456\ndrill_s = 12abc\n", "prep_s = \ndrill_s\n"};
    for (int i = 0; i < 4; i++) {
        pd_app_settings b = {.lang = "en", .input = "x", .prep_s = 7, .drill_s = 45};
        pd_app_settings_parse(bad[i], strlen(bad[i]), &b);
        CHECK(b.prep_s == 7 && b.drill_s == 45 && strcmp(b.input, "x") == 0 && strcmp(b.lang, "en") == 0,
              "case %d left as it was: %d %d", i, b.prep_s, b.drill_s);
    }
    /* a NUL inside: the line goes on, the value ends */
    /* speak_questions: yes or no, strictly; anything else named and the value kept */
    pd_app_settings sq = {.speak_questions = 1};
    CHECK(pd_app_settings_parse_lines("speak_questions = no\n", 21, &sq, NULL, NULL) == 0 && sq.speak_questions == 0,
          "speak_questions = no: %d", sq.speak_questions);
    CHECK(pd_app_settings_parse_lines("speak_questions=yes\n", 20, &sq, NULL, NULL) == 0 && sq.speak_questions == 1,
          "speak_questions=yes: %d", sq.speak_questions);
    CHECK(pd_app_settings_parse_lines("speak_questions = Yes\nspeak_questions = 0\n", 42, &sq, NULL, NULL) == 2 &&
              sq.speak_questions == 1,
          "speak_questions = Yes and 0: 2 lines named, the value kept (%d)", sq.speak_questions);
    /* a bad value names the one in use: an earlier line's, not the default */
    pd_app_settings dv = {.prep_s = 10, .drill_s = 60};
    char why[200] = "";
    CHECK(pd_app_settings_parse_lines("drill_s = 30\ndrill_s = ten\nprep_s = 5\nprep_s = x\n", 48, &dv, keep_why, why) == 2 &&
              dv.drill_s == 30 && strstr(why, "(30 used)") && strstr(why, "(5 used)"),
          "drill_s = ten after drill_s = 30: '30 used', prep_s '5 used' (%d: %s)", dv.drill_s, why);
    /* headphones: yes or no; anything else named and the value kept */
    pd_app_settings hp = {.headphones = 0};
    CHECK(pd_app_settings_parse_lines("headphones = yes\n", 17, &hp, NULL, NULL) == 0 && hp.headphones == 1,
          "headphones = yes: %d", hp.headphones);
    CHECK(pd_app_settings_parse_lines("headphones = no\n", 16, &hp, NULL, NULL) == 0 && hp.headphones == 0,
          "headphones = no: %d", hp.headphones);
    hp.headphones = 1;
    CHECK(pd_app_settings_parse_lines("headphones = 1\nheadphones=\n", 28, &hp, NULL, NULL) == 2 && hp.headphones == 1,
          "headphones = 1 and empty: 2 lines named, the value kept (%d)", hp.headphones);
    const char nul[] = "lang = it\0junk\nprep_s = 20\n";
    pd_app_settings n = {.prep_s = 1, .drill_s = 2};
    pd_app_settings_parse(nul, sizeof nul - 1, &n);
    CHECK(strcmp(n.lang, "it") == 0 && n.prep_s == 20, "NUL: '%s' %d", n.lang, n.prep_s);
}

/* Starts the app with stderr to g_log; returns the app (NULL: failed). */
static pd_app *start(void)
{
    fflush(stderr);
    int saved = dup(2);
    int fd = open(g_log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, 2);
    close(fd);
    vclock vc = {100.0};
    pd_app_options o = {.demo = 1,
                        .width = 1280,
                        .height = 720,
                        .hidden = 1,
                        .history_in_memory = 1,
                        .clock = vnow,
                        .clock_ctx = &vc};
    pd_app *app = NULL;
    char err[900];
    int rc = pd_app_create(&o, &app, err, sizeof err);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    CHECK(rc == 0, "app: %s", err);
    return rc == 0 ? app : NULL;
}

static int log_has(const char *a, const char *b)
{
    FILE *f = fopen(g_log, "r");
    char line[2000];
    int found = 0;
    while (f && fgets(line, sizeof line, f))
        if (strstr(line, a) && strstr(line, b)) found = 1;
    if (f) fclose(f);
    return found;
}

static int log_lines(void)
{
    FILE *f = fopen(g_log, "r");
    int n = 0, c;
    while (f && (c = fgetc(f)) != EOF) n += c == '\n';
    if (f) fclose(f);
    return n;
}

static void make_bad(const char *path, int kind)
{
    unlink(path);
    rmdir(path);
    if (kind == 0) CHECK(mkfifo(path, 0600) == 0, "mkfifo %s", path);
    if (kind == 1) CHECK(symlink("/dev/zero", path) == 0, "symlink");
    if (kind == 2) CHECK(symlink("/dev/urandom", path) == 0, "symlink");
    if (kind == 3) CHECK(mkdir(path, 0700) == 0, "mkdir");
    if (kind == 4) {
        FILE *f = fopen(path, "w");
        for (int i = 0; f && i < 17500; i++) fputs("# x\n", f); /* 70000 bytes */
        if (f) fclose(f);
    }
}

static const char *const KIND[5] = {"a FIFO", "/dev/zero", "/dev/urandom", "a folder", "70000 bytes"};
static const char *const WHY[5] = {"not a regular file", "not a regular file", "not a regular file",
                                   "not a regular file", "too large (70000 bytes; at most 65536)"};

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_app_conf ASSETS_DIR\n");
        return 2;
    }
    parse_cases();
    setenv("SDL_VIDEODRIVER", "offscreen", 1);
    setenv("SDL_RENDER_DRIVER", "software", 1);
    setenv("SDL_AUDIODRIVER", "dummy", 1);
    setenv("SDL_FRAMEBUFFER_ACCELERATION", "0", 1); /* no GL driver loaded (and leaking) */
    setenv("PODIUM_ASSETS", argv[1], 1);
    unsetenv("LC_ALL");
    unsetenv("LC_MESSAGES");
    setenv("LANG", "C", 1);
    char tmpl[] = "/tmp/podium-test-app-conf-XXXXXX";
    char *dir = mkdtemp(tmpl);
    CHECK(dir != NULL, "scratch folder");
    if (!dir) CHECK_DONE();
    char cfg[600], conf[700], prompts[700], card[800], bad_card[800];
    snprintf(cfg, sizeof cfg, "%s/config", dir);
    snprintf(conf, sizeof conf, "%s/podium/app.conf", cfg);
    snprintf(prompts, sizeof prompts, "%s/podium/prompts", cfg);
    snprintf(g_log, sizeof g_log, "%s/stderr.txt", dir);
    setenv("XDG_CONFIG_HOME", cfg, 1);
    char xdg[600];
    snprintf(xdg, sizeof xdg, "%s/xdg", dir);
    setenv("XDG_DATA_HOME", xdg, 1);
    mkdir(cfg, 0700);
    snprintf(card, sizeof card, "%s/podium", cfg);
    mkdir(card, 0700);
    mkdir(prompts, 0700);

    /* the bundled cards alone, and the defaults, for reference */
    pd_app *app = start();
    int bundled = app ? app->n_cards : 0;
    CHECK(bundled >= 1, "bundled cards: %d", bundled);
    pd_app_destroy(app);

    FILE *f = fopen(conf, "w");
    if (f) {
        fputs("lang = it\ninput = My USB Mic\nprep_s = 15\ndrill_s = 90\n", f);
        fclose(f);
    }
    app = start();
    if (app) {
        CHECK(strcmp(app->lang, "it") == 0 && strcmp(app->input_device, "My USB Mic") == 0,
              "applied: %s '%s'", app->lang, app->input_device);
        CHECK(app->prep_s == 15 && app->drill_s == 90, "numbers applied: %d %d", app->prep_s, app->drill_s);
        CHECK(log_lines() == 0, "no message for a good file (%d lines)", log_lines());
    }
    pd_app_destroy(app);

    for (int k = 0; k < 5; k++) {
        make_bad(conf, k);
        app = start();
        if (app) {
            CHECK(strcmp(app->lang, "en") == 0 && app->input_device[0] == 0 && app->drill_s == 60,
                  "app.conf %s: the defaults (%s '%s' %d)", KIND[k], app->lang, app->input_device,
                  app->drill_s);
            CHECK(log_has("app.conf", WHY[k]) && log_lines() == 1, "app.conf %s: one line, '%s'", KIND[k],
                  WHY[k]);
        }
        pd_app_destroy(app);
    }
    unlink(conf);
    rmdir(conf);

    snprintf(card, sizeof card, "%s/mine.txt", prompts);
    f = fopen(card, "w");
    if (f) {
        fputs("My own pitch\nWho I am: a name\nWhat I do: the work\n", f);
        fclose(f);
    }
    for (int k = 0; k < 5; k++) {
        snprintf(bad_card, sizeof bad_card, "%s/bad%d.txt", prompts, k);
        make_bad(bad_card, k);
    }
    app = start();
    if (app) {
        CHECK(app->n_cards == bundled + 1, "the good card beside the bad ones: %d cards", app->n_cards);
        CHECK(app->n_cards > bundled && strcmp(app->cards[bundled].title, "My own pitch") == 0 &&
                  app->cards[bundled].user,
              "the user's card loaded");
        for (int k = 0; k < 5; k++) {
            char name[32];
            snprintf(name, sizeof name, "bad%d.txt", k);
            CHECK(log_has(name, WHY[k]), "prompt card %s: '%s' named", KIND[k], WHY[k]);
        }
        CHECK(log_lines() == 5, "one line each (%d)", log_lines());
    }
    pd_app_destroy(app);

    char cmd[800];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0, "clean up");
    CHECK_DONE();
}
