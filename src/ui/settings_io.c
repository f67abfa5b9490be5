/* settings_io.c - the app's settings and cards on disk, for the Settings
 * screen and the card editor: app.conf rewritten (only the keys that
 * changed: pd_app_conf_rewrite, settings.c) and replaced atomically
 * (pd_write_file_atomic: a temporary file, synced, renamed); the cards read
 * again after one is written or deleted; the language changed while the app
 * runs. A failure to write is one message naming the file and why, and
 * nothing is lost: the file stays as it was and the values still apply. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "podium/text_files.h"
#include "ui.h"

int ui_settings_save(pd_app *app)
{
    pd_conf_change ch[9];
    char nums[64];
    int n = pd_app_settings_diff(&app->conf, &app->conf_want, ch, nums, sizeof nums);
    if (n == 0) return 0;
    char path[700], err[900] = "";
    snprintf(path, sizeof path, "%s/app.conf", app->config_dir);
    char *old = NULL, *text = NULL;
    size_t len = 0, new_len = 0;
    int rc = -1;
    if (access(path, F_OK) == 0) {
        if (pd_read_small_file(path, PD_APP_CONF_MAX_BYTES, &old, &len, err, sizeof err) != 0) goto done;
    } else if (pd_app_mkdirs(app->config_dir) != 0) {
        snprintf(err, sizeof err, "cannot make the folder '%s'", app->config_dir);
        goto done;
    }
    if (pd_app_conf_rewrite(old ? old : "", len, ch, n, &text, &new_len) != 0) {
        snprintf(err, sizeof err, "'%s': a value cannot be written (a line break in it, or over 240 bytes)", path);
        goto done;
    }
    if (pd_write_file_atomic(path, text, new_len, err, sizeof err) != 0) goto done;
    app->conf = app->conf_want;
    rc = 0;
    pd_app_trace(app, "settings saved", path);
done:
    free(old);
    free(text);
    if (rc != 0) {
        fprintf(stderr, "podium: settings not saved: %s\n", err);
        pd_app_banner(app, ui_trf(app, S_SET_NOT_SAVED_FMT, err));
    }
    return rc;
}

void ui_settings_remember_home(pd_app *app)
{
    app->conf_want.drill_s = app->drill_s;
    /* the card: unless it is the one app.conf names already (none named: the first) */
    int named = app->conf_want.card[0] ? ui_card_find(app, app->conf_want.card) : 0;
    if (app->n_cards > 0 && app->card % app->n_cards != named)
        snprintf(app->conf_want.card, sizeof app->conf_want.card, "%s", app->cards[app->card % app->n_cards].file);
    ui_settings_save(app);
}

int ui_card_find(const pd_app *app, const char *file)
{
    if (!file || !*file) return -1;
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < app->n_cards; i++)
            if (app->cards[i].user == !pass && strcmp(app->cards[i].file, file) == 0) return i;
    return -1;
}

int ui_cards_reload(pd_app *app, const char *file)
{
    char keep[256], user_prompts[700], problems[600];
    snprintf(keep, sizeof keep, "%s", file ? file : "");
    snprintf(user_prompts, sizeof user_prompts, "%s/prompts", app->config_dir);
    app->n_cards = pd_prompts_load_checked(app->assets_dir, app->lang, user_prompts, app->cards,
                                           (int)(sizeof app->cards / sizeof app->cards[0]), problems, sizeof problems);
    int k = ui_card_find(app, keep);
    app->card = k >= 0 ? k : 0;
    if (problems[0]) {   /* as at the start: each on stderr, the first in the window */
        int more = 0;
        for (const char *q = problems; *q;) {
            size_t l = strcspn(q, "\n");
            fprintf(stderr, "podium: prompt card %.*s\n", (int)l, q);
            q += l;
            if (*q == '\n') q++, more++;
        }
        char *cut = strchr(problems, '\n');
        if (cut) *cut = 0;
        char msg[800];
        snprintf(msg, sizeof msg, "Prompt card %s%s", problems, more ? "; more (see the terminal)" : "");
        pd_app_message(app, PD_MSG_WARNING, msg);
        return 1;
    }
    return 0;
}

void ui_set_language(pd_app *app, const char *lang)
{
    int it = strcmp(lang, "it") == 0;
    snprintf(app->lang, sizeof app->lang, "%s", it ? "it" : "en");
    app->str = it ? pd_strings_it : pd_strings_en;
    char file[256] = "";
    if (app->n_cards > 0) snprintf(file, sizeof file, "%s", app->cards[app->card % app->n_cards].file);
    int at = app->card;
    ui_cards_reload(app, file);
    if (ui_card_find(app, file) < 0 && at < app->n_cards) app->card = at;   /* the same place in the list */
    pd_topic_list_free(&app->topics);   /* read again, in this language, when next needed */
    pd_topic_list_free(&app->questions);
    app->topics_read = app->questions_read = 0;
}
