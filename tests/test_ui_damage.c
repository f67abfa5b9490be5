/* test_ui_damage.c - the app on a damaged history (issue 11, defect 1),
 * headless (offscreen video, software renderer, dummy audio).
 *
 * Usage: test_ui_damage ASSETS_DIR
 *
 * A store of three takes, one of them with a NULL where the schema says NOT
 * NULL (what SQLite returns for a record damaged on its page): the app
 * starts, Home and History draw without a crash, and History's banner is the
 * store's message (damaged, with the app's wording of --reset-db) instead of
 * an empty list. The in-memory history (no error function) is unchanged. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "fake_report.h"
#include "null_column.h"
#include "podium/store.h"
#include "ui_harness.h"

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_ui_damage ASSETS_DIR\n");
        return 2;
    }
    setenv("SDL_VIDEODRIVER", "offscreen", 1);
    setenv("SDL_RENDER_DRIVER", "software", 1);
    setenv("SDL_AUDIODRIVER", "dummy", 1);
    setenv("SDL_FRAMEBUFFER_ACCELERATION", "0", 1);
    setenv("PODIUM_ASSETS", argv[1], 1);
    char tmpl[] = "/tmp/podium-test-ui-damage-XXXXXX";
    char *dir = mkdtemp(tmpl);
    CHECK(dir != NULL, "scratch folder");
    if (!dir) CHECK_DONE();
    char cfg[600], xdg[600], data[600], err[900];
    snprintf(cfg, sizeof cfg, "%s/config", dir);
    snprintf(xdg, sizeof xdg, "%s/xdg", dir);
    snprintf(data, sizeof data, "%s/data", dir);
    setenv("XDG_CONFIG_HOME", cfg, 1); /* no user settings */
    setenv("XDG_DATA_HOME", xdg, 1);   /* no user takes folder */
    setenv("PODIUM_DATA_DIR", data, 1);

    pd_store_options so;
    pd_store_options_init(&so);
    so.data_dir = data;
    pd_store *st = NULL;
    CHECK(pd_store_open(&so, &st, err, sizeof err) == PD_STORE_OK, "store: %s", err);
    for (int i = 0; st && i < 3; i++) {
        pd_report rep;
        fake_report(&rep, 3.5 + 0.5 * i, 1.0, 2.0, -23.0);
        pd_take_meta m;
        pd_take_meta_init(&m);
        m.recorded_at = 1700000000 + 3600 * i;
        int64_t id;
        CHECK(pd_store_add(st, &m, NULL, &rep, &id) == PD_STORE_OK, "add: %s", pd_store_errmsg(st));
    }
    pd_store_close(st);
    write_null(data, "take", "drill", "id = 2");

    vclock vc = {100.0};
    pd_app_options o = {.demo = 1, .lang = "en", .width = 1280, .height = 720, .hidden = 1, .clock = vnow,
                        .clock_ctx = &vc};
    pd_app *app = NULL;
    CHECK(pd_app_create(&o, &app, err, sizeof err) == 0, "app: %s", err);
    if (app) {
        run_to(app, &vc, 101.0, 0.1); /* Home with its recent takes */
        push_key(SDLK_h, 0);
        run_to(app, &vc, 102.0, 0.1);
        CHECK(app->screen_id == PD_HISTORY, "History (screen %d)", (int)app->screen_id);
        CHECK(strstr(app->banner, "damaged") && strstr(app->banner, "podium history --reset-db"),
              "History says the history is damaged and what to do: '%s'", app->banner);
        push_key(SDLK_DOWN, 0);
        push_key(SDLK_DOWN, 0);
        push_key(SDLK_s, 0); /* star: a write on the damaged store */
        run_to(app, &vc, 103.0, 0.1);
        CHECK(app->screen_id == PD_HISTORY, "still History after keys on it");
        pd_app_destroy(app);
    }

    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (check_failures == 0 && system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    CHECK_DONE();
}
