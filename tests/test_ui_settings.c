/* test_ui_settings.c - Settings and the card editor (issue 10, "what a
 * newcomer also expects"), headless as test_ui (offscreen video, software
 * renderer, dummy audio, an injected clock, the history in memory, real
 * files in a scratch XDG_CONFIG_HOME):
 * - S on Home opens Settings; Right on Language turns the app Italian at
 *   once (its texts and the Italian bundled card); Down, Right on the
 *   preparation: 15 s; both in app.conf at once, the user's comment, unknown
 *   key and line not understood kept byte for byte; a new app instance (a
 *   restart) runs in Italian with 15 s.
 * - Home's choices remembered: a 30 s length and the second card chosen on
 *   Home are in app.conf once Home is left, and the next instance starts
 *   with them; the microphone row set to demo and headphones to yes: the
 *   next instance (started without --demo) runs in demo mode, with headphones.
 * - An unwritable config folder (a folder where the temporary file must go,
 *   and, when not root, the folder made read-only): a change gives one
 *   message naming app.conf and why, app.conf keeps its bytes, the change
 *   still applies; Esc asks once before going back, the second Esc goes.
 * - A card written in the editor: N on the card row, a title and parts typed
 *   (UTF-8; Backspace takes a whole "è"; a title typed past its limit of 45
 *   characters keeps 45 and says so), Ctrl+S: the file is in the user's
 *   prompts folder, parses with no problem, is listed and is the card in use
 *   at once (Home draws its title); the next instance lists it and starts on
 *   it. Esc on changed fields asks first (the file is not written), the
 *   second Esc drops them. A bundled card, Enter: copied into a new card of
 *   the user's, the bundled file unchanged. Delete on a card of the user's
 *   asks, Enter deletes the file. A card that cannot be written: the
 *   message, the text still in the editor.
 * - A card file with a bad line (no ':') still gets the loader's message
 *   (the file and the line) in the window.
 * - 800x600 and 1280x720, English and Italian: Settings (every row chosen)
 *   and the editor draw with no text cut.
 *
 * Usage: test_ui_settings ASSETS_DIR */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"
#include "podium/text_files.h"
#include "ui.h"
#include "ui_harness.h"

static char g_cfg[600], g_conf[700], g_prompts[700];

static void frames(pd_app *app, int n)
{
    for (int i = 0; i < n; i++) pd_app_frame(app);
}

static pd_app *open_app(vclock *vc, int demo, int w, int h)
{
    pd_app_options o = { .demo = demo, .width = w, .height = h, .hidden = 1, .clock = vnow, .clock_ctx = vc,
                         .history_in_memory = 1 };
    pd_app *app = NULL;
    char err[400];
    CHECK(pd_app_create(&o, &app, err, sizeof err) == 0, "app: %s", err);
    if (app) frames(app, 2);
    return app;
}

static void key(pd_app *app, SDL_Keycode k, Uint16 mod)
{
    push_key(k, mod);
    pd_app_frame(app);
}

static void type(pd_app *app, const char *s)
{
    size_t n = strlen(s), at = 0;
    while (at < n) {   /* whole characters, at most 31 bytes an event, as SDL sends them */
        size_t k = n - at < 31 ? n - at : 31;
        while (at + k < n && ((unsigned char)s[at + k] & 0xC0) == 0x80) k--;
        SDL_Event e;
        SDL_zero(e);
        e.type = SDL_TEXTINPUT;
        memcpy(e.text.text, s + at, k);
        SDL_PushEvent(&e);
        at += k;
    }
    pd_app_frame(app);
}

static char *slurp(const char *path)
{
    char *t = NULL, err[300];
    size_t len;
    if (pd_read_small_file(path, 65536, &t, &len, err, sizeof err) != 0) return NULL;
    return t;
}

static void put_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    CHECK(f != NULL, "write %s", path);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static void reset_config(void)
{
    char cmd[800];
    snprintf(cmd, sizeof cmd, "chmod -R u+w '%s' 2>/dev/null; rm -rf '%s' && mkdir -p '%s/podium'", g_cfg, g_cfg, g_cfg);
    CHECK(system(cmd) == 0, "reset the config folder");
}

/* Settings: from Home (S), the row r chosen. */
static void open_settings(pd_app *app, set_row r)
{
    if (app->screen_id != PD_HOME) {
        pd_app_switch(app, PD_HOME);
        pd_app_frame(app);
    }
    key(app, SDLK_s, 0);
    CHECK(app->screen_id == PD_SETTINGS, "S on Home: Settings (screen %d)", (int)app->screen_id);
    for (int i = 0; i < (int)r; i++) key(app, SDLK_DOWN, 0);
    CHECK(ui_focus_id(&app->set.focus) == SET_ROW0 + (int)r, "row %d chosen (%d)", (int)r,
          ui_focus_id(&app->set.focus));
}

static void test_settings_saved(vclock *vc)
{
    reset_config();
    const char *orig = "# my own settings\nfavourite = tea\ndrill_s = 45\nprep_s = ten\n";
    put_file(g_conf, orig);
    pd_app *app = open_app(vc, 1, 1280, 720);
    if (!app) return;
    CHECK(app->drill_s == 45 && app->prep_s == 10 && strcmp(app->lang, "en") == 0, "read: %d %d %s", app->drill_s,
          app->prep_s, app->lang);
    open_settings(app, SR_LANG);
    key(app, SDLK_RIGHT, 0);
    CHECK(strcmp(app->lang, "it") == 0 && strcmp(ui_tr(app, S_SET_TITLE), "Impostazioni") == 0,
          "Italian at once: %s '%s'", app->lang, ui_tr(app, S_SET_TITLE));
    CHECK(app->n_cards > 0 && strcmp(app->cards[app->card].title, "Elevator pitch: presentati") == 0,
          "the Italian card: '%s'", app->n_cards ? app->cards[app->card].title : "");
    key(app, SDLK_DOWN, 0);
    key(app, SDLK_DOWN, 0);
    key(app, SDLK_RIGHT, 0);   /* preparation 10 -> 15 s */
    CHECK(app->prep_s == 15, "prep: %d", app->prep_s);
    char *t = slurp(g_conf);
    CHECK(t && strcmp(t, "# my own settings\nfavourite = tea\ndrill_s = 45\nprep_s = 15\nlang = it\n") == 0,
          "app.conf:\n%s", t ? t : "(none)");
    free(t);
    key(app, SDLK_ESCAPE, 0);
    CHECK(app->screen_id == PD_HOME, "Esc: Home (%d)", (int)app->screen_id);
    pd_app_destroy(app);
    app = open_app(vc, 1, 1280, 720);   /* a restart */
    if (!app) return;
    CHECK(strcmp(app->lang, "it") == 0 && app->prep_s == 15 && app->drill_s == 45, "restart: %s %d %d", app->lang,
          app->prep_s, app->drill_s);
    pd_app_destroy(app);
}

static void test_home_remembered(vclock *vc)
{
    reset_config();
    pd_app *app = open_app(vc, 0, 1280, 720);
    if (!app) return;
    CHECK(!app->demo, "not demo");
    CHECK(access(g_conf, F_OK) != 0, "no app.conf written by starting");
    ui_focus_set(&app->home.focus, HOME_LEN0 + 1);
    key(app, SDLK_LEFT, 0);    /* 60 -> 30 s */
    ui_focus_set(&app->home.focus, HOME_NEXT);
    key(app, SDLK_RETURN, 0);  /* the second card */
    char second[256];
    snprintf(second, sizeof second, "%s", app->cards[app->card].file);
    CHECK(app->drill_s == 30 && app->card == 1, "Home: %d s, card %d", app->drill_s, app->card);
    open_settings(app, SR_INPUT);   /* leaving Home saves its choices */
    char *t = slurp(g_conf);
    char want[400];
    snprintf(want, sizeof want, "drill_s = 30\ncard = %s\n", second);
    CHECK(t && strstr(t, want), "Home's choices in app.conf:\n%s", t ? t : "(none)");
    free(t);
    /* the microphone row: Left from the default is the default; Right to the end: demo */
    for (int i = 0; i < SET_DEVICES_MAX + 3; i++) key(app, SDLK_RIGHT, 0);
    CHECK(app->demo == 1, "demo chosen");
    t = slurp(g_conf);
    CHECK(t && strstr(t, "demo = yes\n"), "demo in app.conf");
    free(t);
    /* headphones: Right is yes */
    key(app, SDLK_DOWN, 0);
    key(app, SDLK_DOWN, 0);
    CHECK(ui_focus_id(&app->set.focus) == SET_ROW0 + SR_HEADPHONES, "the headphones row");
    key(app, SDLK_RIGHT, 0);
    t = slurp(g_conf);
    CHECK(app->headphones == 1 && t && strstr(t, "headphones = yes\n"), "headphones in app.conf");
    free(t);
    pd_app_destroy(app);
    app = open_app(vc, 0, 1280, 720);
    if (!app) return;
    CHECK(app->demo == 1 && app->drill_s == 30 && app->len_choice == 0 && strcmp(app->cards[app->card].file, second) == 0 &&
              app->headphones == 1,
          "restart: demo %d, %d s (choice %d), card %s, headphones %d", app->demo, app->drill_s, app->len_choice,
          app->cards[app->card].file, app->headphones);
    open_settings(app, SR_INPUT);
    key(app, SDLK_LEFT, 0);   /* back to a microphone: the demo line goes */
    CHECK(app->demo == 0, "demo off");
    t = slurp(g_conf);
    CHECK(t && !strstr(t, "demo"), "no demo line:\n%s", t ? t : "");
    free(t);
    pd_app_destroy(app);
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

/* One change that cannot be written: the message, nothing lost. */
static void unwritable_case(vclock *vc, const char *how)
{
    const char *orig = "# keep me\nprep_s = 20\n";
    char dir[700];
    snprintf(dir, sizeof dir, "%s/podium", g_cfg);
    pd_app *app = open_app(vc, 1, 1280, 720);
    if (!app) return;
    open_settings(app, SR_PREP);
    key(app, SDLK_RIGHT, 0);   /* 20 -> 30 s */
    CHECK(app->prep_s == 30, "%s: the change applies (%d)", how, app->prep_s);
    CHECK(app->banner_kind == PD_MSG_ERROR && strstr(app->banner, "Settings not saved") && strstr(app->banner, g_conf),
          "%s: one message naming app.conf: '%s'", how, app->banner);
    char *t = slurp(g_conf);
    CHECK(t && strcmp(t, orig) == 0, "%s: app.conf untouched: '%s'", how, t ? t : "(none)");
    free(t);
    CHECK(count_tmp(dir) == 0 || strcmp(how, "blocked") == 0, "%s: no temporary file", how);
    key(app, SDLK_ESCAPE, 0);
    CHECK(app->screen_id == PD_SETTINGS && app->set.leave_asked, "%s: Esc asks first", how);
    frames(app, 1);
    CHECK(app->text_overflows == 0, "%s: the question fits (%d cut)", how, app->text_overflows);
    key(app, SDLK_ESCAPE, 0);
    CHECK(app->screen_id == PD_HOME && app->prep_s == 30, "%s: the second Esc goes home, the value kept", how);
    pd_app_destroy(app);
}

static void test_unwritable(vclock *vc)
{
    const char *orig = "# keep me\nprep_s = 20\n";
    /* the temporary file's place taken by a folder: a write that fails on
     * any machine, root included */
    reset_config();
    put_file(g_conf, orig);
    char blocker[800];
    snprintf(blocker, sizeof blocker, "%s.tmp-%ld", g_conf, (long)getpid());
    CHECK(mkdir(blocker, 0700) == 0, "blocker");
    unwritable_case(vc, "blocked");
    rmdir(blocker);
    /* a read-only folder (permissions do not hold for root: then skipped) */
    reset_config();
    put_file(g_conf, orig);
    char dir[700], probe[800];
    snprintf(dir, sizeof dir, "%s/podium", g_cfg);
    chmod(dir, 0555);
    snprintf(probe, sizeof probe, "%s/probe", dir);
    FILE *f = fopen(probe, "w");
    if (f) {
        fclose(f);
        unlink(probe);
        printf("test_ui_settings: running as root: the read-only folder case is left out\n");
    } else {
        unwritable_case(vc, "read-only");
    }
    chmod(dir, 0755);
}

static int card_file_count(void)
{
    DIR *d = opendir(g_prompts);
    int n = 0;
    struct dirent *de;
    while (d && (de = readdir(d)))
        if (de->d_name[0] != '.') n++;
    if (d) closedir(d);
    return n;
}

static void test_cards(vclock *vc, const char *assets)
{
    reset_config();
    pd_app *app = open_app(vc, 1, 1280, 720);
    if (!app) return;
    int bundled = app->n_cards;
    open_settings(app, SR_CARD);
    key(app, SDLK_n, 0);
    CHECK(app->screen_id == PD_CARD_EDIT && app->ced.at == -1, "N: a new card (screen %d)", (int)app->screen_id);
    CHECK(SDL_IsTextInputActive(), "text input on in the editor");
    type(app, "Borsa di studio: colloquio è");
    key(app, SDLK_BACKSPACE, 0);   /* the whole "è" */
    CHECK(strcmp(app->ced.card.title, "Borsa di studio: colloquio ") == 0, "title: '%s'", app->ced.card.title);
    type(app, "finale");
    key(app, SDLK_DOWN, 0);        /* part 1 heading (prefilled) */
    CHECK(strcmp(app->ced.card.heading[0], "Who I am") == 0, "heading prefilled: '%s'", app->ced.card.heading[0]);
    key(app, SDLK_DOWN, 0);
    type(app, "name, course, year: in one sentence.");
    /* Esc on changes: asks; nothing written */
    key(app, SDLK_ESCAPE, 0);
    CHECK(app->screen_id == PD_CARD_EDIT && app->ced.discard_asked && card_file_count() == 0, "Esc asks first");
    type(app, " ");   /* typing again: the question dropped */
    CHECK(!app->ced.discard_asked, "typing drops the question");
    key(app, SDLK_BACKSPACE, 0);
    /* a warning shown earlier and gone (app.conf's, say) does not hide the news */
    pd_app_message(app, PD_MSG_WARNING, "an old warning");
    vc->t += 60;
    frames(app, 1);
    key(app, SDLK_s, KMOD_LCTRL);
    CHECK(app->screen_id == PD_SETTINGS, "Ctrl+S: saved, back in Settings (screen %d, '%s')", (int)app->screen_id,
          app->ced.err);
    char path[900];
    snprintf(path, sizeof path, "%s/my_borsa_di_studio_colloquio_finale.txt", g_prompts);
    char *t = slurp(path);
    CHECK(t != NULL, "the card file %s", path);
    pd_prompt_card c;
    char problems[300] = "";
    CHECK(t && pd_prompt_parse_checked(t, path, &c, problems, sizeof problems) == 0 && !problems[0] &&
              strcmp(c.title, "Borsa di studio: colloquio finale") == 0 &&
              strcmp(c.hint[0], "name, course, year: in one sentence.") == 0 && strcmp(c.heading[3], "What I am looking for") == 0,
          "it parses: '%s' '%s'", problems, t ? t : "");
    free(t);
    CHECK(app->n_cards == bundled + 1 && app->cards[app->card].user &&
              strcmp(app->cards[app->card].title, "Borsa di studio: colloquio finale") == 0,
          "listed and in use at once: %d cards, '%s'", app->n_cards, app->cards[app->card].title);
    CHECK(app->banner_kind == PD_MSG_DONE && strstr(app->banner, path), "saved: '%s'", app->banner);
    key(app, SDLK_ESCAPE, 0);
    CHECK(app->screen_id == PD_HOME && strcmp(app->cards[app->card % app->n_cards].file,
                                              "my_borsa_di_studio_colloquio_finale.txt") == 0,
          "Home shows it");
    pd_app_destroy(app);

    /* a restart lists it and starts on it */
    app = open_app(vc, 1, 1280, 720);
    if (!app) return;
    CHECK(app->n_cards == bundled + 1 && strcmp(app->cards[app->card].file, "my_borsa_di_studio_colloquio_finale.txt") == 0,
          "restart: %d cards, on '%s'", app->n_cards, app->cards[app->card].file);
    /* edit it: the title past its limit keeps 45 characters */
    open_settings(app, SR_CARD);
    key(app, SDLK_RETURN, 0);
    CHECK(app->screen_id == PD_CARD_EDIT && app->ced.at == app->card, "Enter on a card of yours: edited");
    type(app, " and a much longer title that cannot fit");
    CHECK(pd_utf8_chars(app->ced.card.title) == PD_CARD_TITLE_CHARS && app->ced.full, "title held to %d characters: %zu",
          PD_CARD_TITLE_CHARS, pd_utf8_chars(app->ced.card.title));
    frames(app, 1);
    CHECK(app->text_overflows == 0, "the editor at the limit: nothing cut (%d)", app->text_overflows);
    key(app, SDLK_ESCAPE, 0);
    key(app, SDLK_ESCAPE, 0);      /* dropped */
    CHECK(app->screen_id == PD_SETTINGS, "Esc twice: dropped");
    t = slurp(path);
    CHECK(t && strstr(t, "\nBorsa di studio: colloquio finale\n"), "the file as it was");
    free(t);

    /* a bundled card: copied, the bundled file unchanged */
    key(app, SDLK_LEFT, 0);
    key(app, SDLK_LEFT, 0);
    CHECK(!app->cards[app->card].user, "a bundled card chosen");
    char bpath[900];
    snprintf(bpath, sizeof bpath, "%s/prompts/en/%s", assets, app->cards[app->card].file);
    char *before = slurp(bpath);
    key(app, SDLK_DELETE, 0);      /* not deletable: said */
    CHECK(!app->set.confirm_delete && app->banner_kind == PD_MSG_WARNING, "bundled: not deleted, said");
    key(app, SDLK_RETURN, 0);
    CHECK(app->screen_id == PD_CARD_EDIT && app->ced.at == -1 && app->ced.from_title[0], "copied into a new card");
    key(app, SDLK_END, 0);
    type(app, " (mine)");
    key(app, SDLK_s, KMOD_LCTRL);
    char *after = slurp(bpath);
    CHECK(before && after && strcmp(before, after) == 0, "the bundled card unchanged");
    free(before);
    free(after);
    CHECK(app->n_cards == bundled + 2 && card_file_count() == 2 && app->cards[app->card].user, "the copy listed: %d",
          app->n_cards);

    /* delete the copy: asks, then deletes */
    CHECK(app->screen_id == PD_SETTINGS, "back in Settings");
    key(app, SDLK_DELETE, 0);
    CHECK(app->set.confirm_delete, "Delete asks");
    frames(app, 1);
    CHECK(app->text_overflows == 0, "the question fits (%d)", app->text_overflows);
    key(app, SDLK_ESCAPE, 0);
    CHECK(!app->set.confirm_delete && card_file_count() == 2 && app->screen_id == PD_SETTINGS, "Esc keeps it");
    key(app, SDLK_DELETE, 0);
    key(app, SDLK_RETURN, 0);
    CHECK(card_file_count() == 1 && app->n_cards == bundled + 1, "deleted: %d files, %d cards", card_file_count(),
          app->n_cards);

    /* a card that cannot be written: said, the text kept */
    char blocker[1000];
    key(app, SDLK_n, 0);
    type(app, "Blocked");
    snprintf(blocker, sizeof blocker, "%s/my_blocked.txt.tmp-%ld", g_prompts, (long)getpid());
    CHECK(mkdir(blocker, 0700) == 0, "blocker");
    key(app, SDLK_s, KMOD_LCTRL);
    CHECK(app->screen_id == PD_CARD_EDIT && strstr(app->banner, "Card not saved") && strstr(app->banner, "my_blocked.txt") &&
              strcmp(app->ced.card.title, "Blocked") == 0 && app->banner_kind == PD_MSG_ERROR,
          "not saved: '%s'", app->banner);
    frames(app, 1);
    CHECK(app->text_overflows == 0, "the failure fits (%d)", app->text_overflows);
    rmdir(blocker);
    key(app, SDLK_s, KMOD_LCTRL);
    CHECK(app->screen_id == PD_SETTINGS && card_file_count() == 2, "then saved");
    pd_app_destroy(app);

    /* a card file with a bad line: the loader's message, as before */
    put_file("/tmp/podium-dummy-unused", "");
    unlink("/tmp/podium-dummy-unused");
    char bad[900];
    snprintf(bad, sizeof bad, "%s/my_bad.txt", g_prompts);
    put_file(bad, "A bad card\nWho I am: me\nthis line has no colon\n");
    app = open_app(vc, 1, 1280, 720);
    if (!app) return;
    CHECK(strstr(app->banner, "my_bad.txt line 3") && strstr(app->banner, "no ':'"), "the loader's message: '%s'",
          app->banner);
    pd_app_destroy(app);
}

static void test_fit(vclock *vc, int w, int h)
{
    reset_config();
    /* a long device name and a long card title: the longest values */
    put_file(g_conf, "input = ALSA: USB Audio Device with a very long name indeed (hw:3,0) front left and right\n"
                     "output = JACK: system playback with an equally long name for the test\n");
    pd_app *app = open_app(vc, 0, w, h);
    if (!app) return;
    for (int lang = 0; lang < 2; lang++) {
        if (lang) ui_set_language(app, "it");
        open_settings(app, SR_LANG);
        for (int r = 0; r < SR_COUNT; r++) {
            frames(app, 1);
            CHECK(app->text_overflows == 0, "%dx%d %s Settings row %d: %d texts cut", w, h, app->lang, r,
                  app->text_overflows);
            key(app, SDLK_DOWN, 0);
        }
        ui_focus_set(&app->set.focus, SET_ROW0 + SR_CARD);
        key(app, SDLK_n, 0);
        type(app, "Un titolo piuttosto lungo per la prova");
        for (int i = 0; i < 8; i++) {
            key(app, SDLK_DOWN, 0);
            type(app, i % 2 ? "una frase lunga quanto il campo consente, con parole vere, per vedere che tutto si legge bene e che ci sta"
                            : "");
        }
        frames(app, 1);
        CHECK(app->text_overflows == 0, "%dx%d %s editor full: %d texts cut", w, h, app->lang, app->text_overflows);
        if (getenv("SHOT")) pd_app_save_png(app, getenv("SHOT"));
        key(app, SDLK_ESCAPE, 0);
        key(app, SDLK_ESCAPE, 0);
        key(app, SDLK_ESCAPE, 0);
        CHECK(app->screen_id == PD_HOME, "home again");
    }
    pd_app_destroy(app);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_ui_settings ASSETS_DIR\n");
        return 2;
    }
    const char *assets = argv[1];
    setenv("SDL_VIDEODRIVER", "offscreen", 1);
    setenv("SDL_RENDER_DRIVER", "software", 1);
    setenv("SDL_AUDIODRIVER", "dummy", 1);
    setenv("SDL_FRAMEBUFFER_ACCELERATION", "0", 1);
    setenv("PODIUM_ASSETS", assets, 1);
    unsetenv("LC_ALL");
    unsetenv("LC_MESSAGES");
    setenv("LANG", "C", 1);
    char tmpl[] = "/tmp/podium-test-settings-ui-XXXXXX";
    char *dir = mkdtemp(tmpl);
    CHECK(dir != NULL, "scratch folder");
    if (!dir) CHECK_DONE();
    char data[600];
    snprintf(g_cfg, sizeof g_cfg, "%s/config", dir);
    snprintf(g_conf, sizeof g_conf, "%s/podium/app.conf", g_cfg);
    snprintf(g_prompts, sizeof g_prompts, "%s/podium/prompts", g_cfg);
    snprintf(data, sizeof data, "%s/data", dir);
    setenv("XDG_CONFIG_HOME", g_cfg, 1);
    setenv("XDG_DATA_HOME", data, 1);
    vclock vc = { 100.0 };

    test_settings_saved(&vc);
    test_home_remembered(&vc);
    test_unwritable(&vc);
    test_cards(&vc, assets);
    test_fit(&vc, 800, 600);
    test_fit(&vc, 1280, 720);

    char cmd[700];
    snprintf(cmd, sizeof cmd, "chmod -R u+w '%s'; rm -rf '%s'", dir, dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    CHECK_DONE();
}
