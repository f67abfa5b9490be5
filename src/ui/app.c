/* app.c - the app context, the main loop (poll events -> update -> draw ->
 * present), settings, languages and `podium` with no verb (the
 * screenshots mode is in shots.c). */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "podium/assets_dir.h"
#include "podium/private_file.h"
#include "podium/text_files.h"
#include "settings.h"
#include "ui.h"
#include "ui_audience.h"

static const char *const font_candidates[2][3] = {
    { "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans.ttf",
      "/usr/local/share/fonts/DejaVuSans.ttf" },
    { "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
      "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf", "/usr/local/share/fonts/DejaVuSans-Bold.ttf" },
};

static double sdl_clock(void *ctx)
{
    (void)ctx;
    return (double)SDL_GetPerformanceCounter() / (double)SDL_GetPerformanceFrequency();
}

static int exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0;
}

static int mkdirs(const char *path)
{
    char tmp[700];
    snprintf(tmp, sizeof tmp, "%s", path);
    for (char *p = tmp + 1; *p; p++)
        if (*p == '/') {
            *p = 0;
            if (mkdir(tmp, 0755) != 0 && errno != EEXIST) return 1;
            *p = '/';
        }
    return mkdir(tmp, 0755) != 0 && errno != EEXIST;
}

static void xdg_dir(char *out, size_t cap, const char *var, const char *fallback)
{
    const char *x = getenv(var), *home = getenv("HOME");
    if (x && *x) snprintf(out, cap, "%s/podium", x);
    else snprintf(out, cap, "%s/%s/podium", home && *home ? home : "/tmp", fallback);
}

static void set_theme(ui_theme *t)
{
    /* dark theme; text contrast >= 7:1 on the panels (WCAG AAA), >= 5:1 for white
     * on the green and red signals and dark text on yellow 11:1 (WCAG AA) */
    *t = (ui_theme){
        .bg = { 0x12, 0x16, 0x1D, 255 },     .panel = { 0x1D, 0x23, 0x2D, 255 },
        .panel2 = { 0x2A, 0x32, 0x3F, 255 }, .line = { 0x44, 0x4E, 0x5E, 255 },
        .text = { 0xEE, 0xF1, 0xF5, 255 },   .muted = { 0xB4, 0xBE, 0xCC, 255 },
        .accent = { 0x5C, 0xAE, 0xFF, 255 }, .accent_text = { 0x0A, 0x14, 0x24, 255 },
        .focus = { 0xFF, 0xD5, 0x4F, 255 },  .green = { 0x1E, 0x7F, 0x45, 255 },
        .yellow = { 0xF2, 0xC2, 0x1B, 255 }, .red = { 0xC0, 0x39, 0x2B, 255 },
        .neutral = { 0x2A, 0x32, 0x3F, 255 }, .wave = { 0x8F, 0xC8, 0xFF, 255 },
        .pause = { 0x55, 0x4A, 0x8A, 150 },  .filled = { 0xFF, 0x8C, 0x42, 255 },
        .pitch = { 0x7E, 0xE0, 0xA8, 255 },  .loud = { 0xFF, 0xB8, 0x6B, 255 },
        .band = { 0x2F, 0x5A, 0x45, 255 },
    };
}

typedef struct conf_report {
    const char *path;
    char *warn;
    size_t cap;
    int bad;
} conf_report;

/* every line not understood on stderr, the first two in the window's
 * warning (the others counted) */
static void conf_bad(void *ctx, int line, const char *text, const char *why)
{
    conf_report *r = ctx;
    fprintf(stderr, "podium: %s, line %d: '%s': %s\n", r->path, line, text, why);
    size_t used = strlen(r->warn);
    if (r->bad == 0) snprintf(r->warn, r->cap, "%s line %d '%.32s': %s", r->path, line, text, why);
    else if (r->bad == 1 && used + 1 < r->cap)
        snprintf(r->warn + used, r->cap - used, "; line %d '%.32s': %s", line, text, why);
    r->bad++;
}

/* app.conf through the one small-file reader (regular files only, 64 KiB),
 * read as strictly as feedback.conf (settings.c): a missing file is no
 * settings; a line not understood is named (the file, the line, what is
 * allowed) and the setting keeps its default; a file that cannot be read
 * is said and left out. */
static void read_settings(pd_app *app, char *lang, size_t cap, char *warn, size_t warn_cap)
{
    char path[700];
    snprintf(path, sizeof path, "%s/app.conf", app->config_dir);
    warn[0] = 0;
    pd_app_settings s = {.prep_s = app->prep_s, .drill_s = app->drill_s, .headphones = app->headphones,
                         .speak_questions = app->speak_questions, .demo = -1};
    snprintf(s.lang, sizeof s.lang, "%s", lang);
    app->conf = app->conf_want = s;   /* what app.conf holds (Settings writes back the differences) */
    if (access(path, F_OK) != 0) return;
    char *text, err[900];
    size_t len;
    if (pd_read_small_file(path, PD_APP_CONF_MAX_BYTES, &text, &len, err, sizeof err) != 0) {
        fprintf(stderr, "podium: settings %s; left out (fix or remove it)\n", err);
        snprintf(warn, warn_cap, "settings %s; left out (fix or remove it)", err);
        return;
    }
    snprintf(s.input, sizeof s.input, "%s", app->input_device);
    snprintf(s.output, sizeof s.output, "%s", app->output_device);
    conf_report r = { path, warn, warn_cap, 0 };
    pd_app_settings_parse_lines(text, len, &s, conf_bad, &r);
    free(text);
    size_t used = strlen(warn);
    if (r.bad > 2 && used + 1 < warn_cap)
        snprintf(warn + used, warn_cap - used, "; %d more line%s (see the terminal)", r.bad - 2, r.bad == 3 ? "" : "s");
    snprintf(lang, cap, "%s", s.lang);
    snprintf(app->input_device, sizeof app->input_device, "%s", s.input);
    snprintf(app->output_device, sizeof app->output_device, "%s", s.output);
    app->prep_s = s.prep_s;
    app->drill_s = s.drill_s;
    app->headphones = s.headphones;
    app->speak_questions = s.speak_questions;
    if (s.demo == 1) app->demo = 1;
    app->conf = app->conf_want = s;
}

static const char *locale_lang(void)
{
    const char *vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
    for (int i = 0; i < 3; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v) return strncmp(v, "it", 2) == 0 ? "it" : "en";
    }
    return "en";
}

void pd_app_set_size(pd_app *app, int w, int h)
{
    SDL_SetWindowSize(app->win, w, h);
}

void ui_scale_for(int ww, int wh, int ow, float *density, float *scale)
{
    *density = (float)ow / (float)ww;
    /* the design is made at 1280x720; smaller windows shrink it (to 80 %),
     * larger ones grow it, so proportions hold */
    double z = fmin(ww / 1280.0, wh / 720.0);
    if (z < 0.8) z = 0.8;
    if (z > 2.0) z = 2.0;
    *scale = (float)(*density * z);
}

/* The message strip's height in pixels (0: no message shown): as many
 * lines as the message needs wrapped (up to 3), at the window's own scale. */
static int message_h(pd_app *app)
{
    if (!app->banner[0] || app->now_s >= app->banner_until_s) return 0;
    int m = ui_px(app, 16), tw = app->w - 4 * m;
    int w = ui_text_width(app, app->banner, 17, 1);
    int lines = tw > 0 ? (w + tw - 1) / tw : 1;
    if (lines > 1) lines++;                /* word breaks waste part of each line */
    lines = lines < 1 ? 1 : lines > 3 ? 3 : lines;
    return ui_px(app, 20) + lines * ui_px(app, 24);
}

/* The screen above the message strip: its height less the strip's, and its
 * scale shrunk in proportion, so it keeps its design height (720 units at
 * 1280x720) and lays out as without a message, a little smaller: nothing
 * cut, nothing covered. */
static void fit_message(pd_app *app)
{
    app->scale = app->full_scale;
    int mh = message_h(app);
    app->h = app->out_h - mh;
    if (mh > 0) app->scale = app->full_scale * (float)app->h / (float)app->out_h;
}

static void update_size(pd_app *app)
{
    int ww = 0, wh = 0, ow = 0, oh = 0;
    SDL_GetWindowSize(app->win, &ww, &wh);
    SDL_GetRendererOutputSize(app->ren, &ow, &oh);
    if (ww <= 0 || wh <= 0 || ow <= 0) return;
    app->w = ow;
    app->out_h = oh;
    ui_scale_for(ww, wh, ow, &app->density, &app->full_scale);
    fit_message(app);
}

/* Takes left in the takes folder (the app closed or killed during a drill or
 * before Keep) are analysed and added to the history at the next start, with
 * the target and language their names carry (take-DATE-TIME-60s-en.wav;
 * older names: no target, the interface's language). A file that cannot be
 * analysed stays where it is and is counted. A take another Podium window is
 * recording holds its file's lock and is left alone (pd_take_claim). */
/* A recovered take of an exposure session (the app ended during its drill):
 * the exposure, saved with its ratings before the drill, gets its take, so
 * the programme's delivery beside distress has it (only if it has none). */
static void attach_take(pd_app *app, long long exposure_id, long long take_id)
{
    if (!app->history->exposures || !app->history->save_exposure) return;
    enum { MAX = 4096 };
    pd_exposure *ex = malloc(MAX * sizeof *ex);
    if (!ex) return;
    int n = app->history->exposures(app->history, ex, MAX);
    for (int i = 0; i < n; i++)
        if (ex[i].id == exposure_id && ex[i].take_id <= 0) {
            ex[i].take_id = take_id;
            app->history->save_exposure(app->history, &ex[i]);
            break;
        }
    free(ex);
}

static void recover_takes(pd_app *app, int *ok, int *failed)
{
    if (!app->history || !app->history->recover) return;
    DIR *dir = opendir(app->takes_dir);
    if (!dir) return;
    struct dirent *de;
    while ((de = readdir(dir)) != NULL) {
        const char *nm = de->d_name;
        size_t len = strlen(nm);
        if (strncmp(nm, "take-", 5) != 0 || len < 9 || strcmp(nm + len - 4, ".wav") != 0) continue;
        char path[1200], lang[8] = "";
        snprintf(path, sizeof path, "%s/%s", app->takes_dir, nm);
        int lock_fd;   /* a take another Podium window is recording holds its lock: left alone */
        if (!pd_take_claim(path, time(NULL), &lock_fd)) continue;
        int target = 0;
        if (sscanf(nm, "take-%*8[0-9]-%*6[0-9]-%ds-%2[a-z]", &target, lang) != 2) {
            target = 0;
            snprintf(lang, sizeof lang, "%s", app->lang);
        }
        long long id = 0;
        if (app->history->recover(app->history, path, target, lang, app->lang, &id) == 0) {
            (*ok)++;
            /* a session's take ("-xID"): given back to its exposure */
            const char *x = strstr(nm, "-x");
            long long xid = 0;
            if (x && sscanf(x, "-x%lld", &xid) == 1 && xid > 0 && id > 0) attach_take(app, xid, id);
        } else {
            (*failed)++;
        }
        close(lock_fd);
    }
    closedir(dir);
}

int pd_app_create(const pd_app_options *o, pd_app **out, char *err, size_t err_len)
{
    /* what the audio library sets before PortAudio starts (devices.c), set
     * here on the main thread before any thread of the app runs: setenv on
     * the device lister's or the microphone opener's thread raced every
     * getenv of the others (SDL reads its hints from the environment) */
    setenv("JACK_NO_START_SERVER", "1", 0);
    setenv("JACK_NO_AUDIO_RESERVATION", "1", 0);
    pd_app *app = calloc(1, sizeof *app);
    if (!app) {
        snprintf(err, err_len, "out of memory");
        return 1;
    }
    app->next_screen = -1;
    app->trace = getenv("PODIUM_TRACE") != NULL;
    app->clock = o->clock ? o->clock : sdl_clock;
    app->real_clock = o->clock == NULL;
    app->clock_ctx = o->clock_ctx;
    app->demo = o->demo;
    app->no_devices = o->no_devices;
    app->drill_s = 60;
    app->custom_s = 45;
    app->prep_s = 10;
#ifdef PODIUM_HAVE_ESPEAK
    app->speak_questions = 1;   /* app.conf may say no */
#endif
    app->hist.metric = UM_PACE;   /* History's trend opens on pace (History keeps the choice after) */
    set_theme(&app->th);
    pd_feedback_bounds_init(&app->bounds);
    pd_exposure_rules_init(&app->xrules);

    /* the prompt cards and the sample: without them no drill can run */
    if (pd_assets_dir(app->assets_dir, sizeof app->assets_dir, err, err_len) != 0) {
        free(app);
        return 1;
    }
    pd_app_trace(app, "assets", app->assets_dir);
    snprintf(app->sample_path, sizeof app->sample_path, "%s/sample_en_jfk_ask_not.wav",
             app->assets_dir);
    xdg_dir(app->config_dir, sizeof app->config_dir, "XDG_CONFIG_HOME", ".config");
    char data[600], takes_why[200];
    xdg_dir(data, sizeof data, "XDG_DATA_HOME", ".local/share");
    /* --data-dir is the command line's: the same as $PODIUM_DATA_DIR for this run */
    if (o->data_dir && *o->data_dir) setenv("PODIUM_DATA_DIR", o->data_dir, 1);
    if (o->data_dir && *o->data_dir) snprintf(data, sizeof data, "%s", o->data_dir);
    char wanted[sizeof app->takes_dir];
    snprintf(wanted, sizeof wanted, "%s/takes", data);   /* named if it cannot be used */
    int takes = ui_takes_dir_setup(app, data, takes_why, sizeof takes_why);

    char lang[16] = "", conf_warn[600];
    read_settings(app, lang, sizeof lang, conf_warn, sizeof conf_warn);
    if (o->input) snprintf(app->input_device, sizeof app->input_device, "%s", o->input);
    if (o->input) app->demo = 0;   /* the command line's microphone over app.conf's demo */
    app->home_audience = o->audience;
    if (o->lang) snprintf(lang, sizeof lang, "%s", o->lang);
    if (!lang[0]) snprintf(lang, sizeof lang, "%s", locale_lang());
    snprintf(app->lang, sizeof app->lang, "%s", strcmp(lang, "it") == 0 ? "it" : "en");
    app->str = strcmp(app->lang, "it") == 0 ? pd_strings_it : pd_strings_en;
    if (app->prep_s < 0 || app->prep_s > 120) app->prep_s = 10;
    static const int presets[4] = { 30, 60, 90, 120 };
    app->len_choice = 4;
    for (int i = 0; i < 4; i++)
        if (presets[i] == app->drill_s) app->len_choice = i;
    if (app->drill_s < PD_DRILL_MIN_S || app->drill_s > PD_DRILL_MAX_S) app->drill_s = 60, app->len_choice = 1;
    if (app->len_choice == 4) app->custom_s = app->drill_s;

    char user_prompts[700];
    snprintf(user_prompts, sizeof user_prompts, "%s/prompts", app->config_dir);
    char card_warn[600];
    app->n_cards = pd_prompts_load_checked(app->assets_dir, app->lang, user_prompts, app->cards, 24, card_warn,
                                           sizeof card_warn);
    if (app->conf.card[0] && ui_card_find(app, app->conf.card) >= 0) app->card = ui_card_find(app, app->conf.card);
    if (card_warn[0]) {   /* every problem on stderr, one a line; the first in the window (a warning) */
        int more = 0;
        for (const char *q = card_warn; *q;) {
            size_t l = strcspn(q, "\n");
            fprintf(stderr, "podium: prompt card %.*s\n", (int)l, q);
            q += l;
            if (*q == '\n') q++, more++;
        }
        char *cut = strchr(card_warn, '\n');
        if (cut) *cut = 0;
        size_t used = strlen(conf_warn);
        snprintf(conf_warn + used, sizeof conf_warn - used, "%sPrompt card %s", used ? "  " : "", card_warn);
        used = strlen(conf_warn);
        if (more) snprintf(conf_warn + used, sizeof conf_warn - used, "; %d more (see the terminal)", more);
    }
    char store_err[300] = "";
#ifdef PODIUM_HAVE_STORE
    if (!o->history_in_memory && !(app->history = pd_history_store_create(store_err, sizeof store_err)))
        fprintf(stderr, "podium: %s\n", store_err);
#endif
    if (!app->history) app->history = pd_history_memory_create();

    for (int b = 0; b < 2; b++)
        for (int i = 0; i < 3 && !app->font_path[b][0]; i++)
            if (exists(font_candidates[b][i]))
                snprintf(app->font_path[b], sizeof app->font_path[b], "%s", font_candidates[b][i]);
    if (!app->font_path[0][0]) {
        snprintf(err, err_len, "no DejaVu font found (install fonts-dejavu-core)");
        goto fail;
    }
    if (!app->font_path[1][0]) memcpy(app->font_path[1], app->font_path[0], sizeof app->font_path[0]);
    for (int b = 0; b < 2; b++)
        if (!(app->font_data[b] = SDL_LoadFile(app->font_path[b], &app->font_len[b])) || app->font_len[b] > INT_MAX) {
            snprintf(err, err_len, "cannot read the font %s: %s (reinstall fonts-dejavu-core)", app->font_path[b],
                     app->font_data[b] ? "too large" : SDL_GetError());
            goto fail;
        }

    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        snprintf(err, err_len, "cannot open a window: %s (is there a display? try "
                 "SDL_VIDEODRIVER=offscreen for no display)", SDL_GetError());
        goto fail;
    }
    /* with no display SDL falls back to an invisible driver: an app nobody
     * can see would run for ever, so say so instead (unless asked for) */
    const char *drv = SDL_GetCurrentVideoDriver();
    if (o->need_display && !getenv("SDL_VIDEODRIVER") && drv &&
        (strcmp(drv, "offscreen") == 0 || strcmp(drv, "dummy") == 0)) {
        snprintf(err, err_len, "no display found: the app needs a graphical session (DISPLAY or "
                 "WAYLAND_DISPLAY); without one, 'podium --screenshots DIR' draws every screen "
                 "to PNG files and 'podium analyse FILE' works as before");
        goto fail;
    }
    if (TTF_Init() != 0) {
        snprintf(err, err_len, "cannot start the font renderer: %s", TTF_GetError());
        goto fail;
    }
    Uint32 flags = SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI |
                   (o->hidden ? SDL_WINDOW_HIDDEN : SDL_WINDOW_SHOWN);
    app->win = SDL_CreateWindow("Podium", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                                o->width > 0 ? o->width : 1280, o->height > 0 ? o->height : 720,
                                flags);
    if (!app->win) {
        snprintf(err, err_len, "cannot open a window: %s", SDL_GetError());
        goto fail;
    }
    SDL_SetWindowMinimumSize(app->win, 800, 600);   /* the smallest size every screen fits */
    SDL_StopTextInput();   /* only while a note is typed: letters are shortcuts */
    const char *rdrv = getenv("SDL_RENDER_DRIVER");
    Uint32 rflags = rdrv && strcmp(rdrv, "software") == 0
                        ? SDL_RENDERER_SOFTWARE
                        : SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC;
    app->ren = SDL_CreateRenderer(app->win, -1, rflags);
    if (!app->ren) app->ren = SDL_CreateRenderer(app->win, -1, SDL_RENDERER_SOFTWARE);
    if (!app->ren) {
        snprintf(err, err_len, "cannot draw in the window: %s", SDL_GetError());
        goto fail;
    }
    update_size(app);
    app->now_s = app->clock(app->clock_ctx);
    int recovered = 0, unrecovered = 0;
    if (!o->history_in_memory) recover_takes(app, &recovered, &unrecovered);
    app->screen = &pd_screen_home;
    app->screen_id = PD_HOME;
    app->screen->enter(app);
    if (takes > 0) {   /* said before any drill: where this session's takes go */
        char msg[sizeof app->banner];
        snprintf(msg, sizeof msg, "%s%s%s", store_err[0] ? ui_trf(app, S_ERR_HISTORY_FMT, store_err) : "",
                 store_err[0] ? "  " : "", ui_trf(app, S_TAKES_TEMP_FMT, wanted, takes_why, app->takes_dir));
        pd_app_message(app, PD_MSG_WARNING, msg);
    } else if (store_err[0]) {   /* the history could not be opened: say so, keep going */
        pd_app_banner(app, ui_trf(app, S_ERR_HISTORY_FMT, store_err));
    } else if (recovered || unrecovered || conf_warn[0]) {
        char a[16], b[16], msg[sizeof app->banner] = "";
        snprintf(a, sizeof a, "%d", recovered);
        snprintf(b, sizeof b, "%d", unrecovered);
        if (recovered || unrecovered)
            snprintf(msg, sizeof msg, "%s", unrecovered ? ui_trf(app, S_RECOVERED_SOME_FMT, a, b, app->takes_dir)
                                                        : ui_trf(app, S_RECOVERED_FMT, a));
        if (conf_warn[0]) {   /* a line of app.conf not understood: named, first */
            char both[sizeof app->banner];
            snprintf(both, sizeof both, "%s%s%s", conf_warn, msg[0] ? "  " : "", msg);
            snprintf(msg, sizeof msg, "%s", both);
        }
        pd_app_message(app, unrecovered || conf_warn[0] ? PD_MSG_WARNING : PD_MSG_DONE, msg);
    }
    pd_app_trace(app, "video", SDL_GetCurrentVideoDriver());
    pd_app_trace(app, "screen", app->screen->name);
    *out = app;
    return 0;
fail:
    pd_app_destroy(app);
    return 1;
}

void pd_app_destroy(pd_app *app)
{
    if (!app) return;
    if (app->screen && app->screen->leave) app->screen->leave(app);
    free(app->xp);
    pd_topic_list_free(&app->topics);
    pd_topic_list_free(&app->questions);
    for (int i = 0; i < UI_TEXT_CACHE; i++) {
        if (app->cache[i].tex) SDL_DestroyTexture(app->cache[i].tex);
        SDL_free(app->cache[i].s);
    }
    ui_audience_cache_destroy(app->audience_cache);
    for (int b = 0; b < 2; b++)
        for (int i = 0; i < UI_FONT_MAX_PX; i++)
            if (app->fonts[b][i]) TTF_CloseFont(app->fonts[b][i]);
    for (int b = 0; b < 2; b++) SDL_free(app->font_data[b]);   /* after every font made from it */
    if (app->ren) SDL_DestroyRenderer(app->ren);
    if (app->win) SDL_DestroyWindow(app->win);
    pd_history_destroy(app->history);
    ui_takes_dir_cleanup(app);
    if (TTF_WasInit()) TTF_Quit();
    if (SDL_WasInit(0)) SDL_Quit();
    free(app);
}

void pd_app_switch(pd_app *app, pd_screen_id id)
{
    app->next_screen = (int)id;
}

void pd_app_open_take(pd_app *app, const pd_take_summary *t, pd_screen_id back)
{
    app->open_take_id = t->id;
    app->results_back = back;
    snprintf(app->take_lang, sizeof app->take_lang, "%s", t->lang);
    snprintf(app->take_path, sizeof app->take_path, "%s", t->path);
    app->take_target_s = t->target_s;
    /* as it was analysed when kept: the distraction sounds its drill played
     * left out, its answers marked */
    int nx = 0, nm = 0;
    if (!app->history || !app->history->moments ||
        app->history->moments(app->history, t->id, app->take_exclude, PD_DISTRACT_MAX_EVENTS, &nx,
                              app->take_marks, UI_QUESTIONS_MAX, &nm) != 0)
        nx = nm = 0;
    app->n_take_exclude = (size_t)nx;
    app->n_take_marks = nm;
    int nl = 0;
    if (!app->history || !app->history->lost ||
        app->history->lost(app->history, t->id, app->take_lost, PD_SOURCE_LOST_MAX, &nl) != 0)
        nl = 0;
    app->n_take_lost = nl;
    pd_app_switch(app, PD_RESULTS);
}

void pd_app_trace(pd_app *app, const char *what, const char *detail)
{
    if (app->trace) fprintf(stderr, "podium: %s %s\n", what, detail ? detail : "");
}

/* The libraries' messages name the command line's options; in the window
 * the same advice reads with the app's own (podium --input NAME) and with
 * the whole command for the history's --reset-db. */
static void app_wording(const char *msg, char *out, size_t cap)
{
    static const char *const from[] = { "Run the command again with --reset-db",
                                        "choose an output with --device NAME",
                                        "with --device NAME", "with --device" };
    static const char *const to[] = { "Run 'podium history --reset-db' in a terminal",
                                      "choose an output in Settings (S on Home) or with 'output = NAME' in app.conf",
                                      "with 'podium --input NAME' (or 'input = NAME' in app.conf)",
                                      "with 'podium --input NAME'" };
    size_t o = 0;
    while (*msg && o + 1 < cap) {
        int hit = -1;
        for (int i = 0; i < (int)(sizeof from / sizeof from[0]) && hit < 0; i++)
            if (strncmp(msg, from[i], strlen(from[i])) == 0) hit = i;
        if (hit < 0) {
            out[o++] = *msg++;
            continue;
        }
        int w = snprintf(out + o, cap - o, "%s", to[hit]);
        o = w > 0 && (size_t)w < cap - o ? o + (size_t)w : cap - 1;
        msg += strlen(from[hit]);
    }
    out[o] = 0;
}

void pd_app_banner(pd_app *app, const char *msg)
{
    pd_app_message(app, PD_MSG_ERROR, msg);
}

void pd_app_message(pd_app *app, pd_msg_kind kind, const char *msg)
{
    static const char *const kinds[3] = { "error", "warning", "done" };
    char what[32];
    snprintf(what, sizeof what, "message (%s)", kinds[kind]);
    pd_app_trace(app, what, msg);
    app->banner_kind = kind;
    app_wording(msg, app->banner, sizeof app->banner);
    /* long enough to read: 6 s, plus a second per 25 characters past 100 */
    size_t len = strlen(app->banner);
    double extra = len > 100 ? (double)(len - 100) / 25.0 : 0;
    app->banner_until_s = app->now_s + 6.0 + (extra > 14 ? 14 : extra);
}

static const pd_screen *screen_of(pd_screen_id id)
{
    switch (id) {
    case PD_DRILL: return &pd_screen_drill;
    case PD_RESULTS: return &pd_screen_results;
    case PD_HISTORY: return &pd_screen_history;
    case PD_COMPARE: return &pd_screen_compare;
    case PD_SESSION: return &pd_screen_session;
    case PD_LADDER: return &pd_screen_ladder;
    case PD_PROGRESS: return &pd_screen_progress;
    case PD_SETTINGS: return &pd_screen_settings;
    case PD_CARD_EDIT: return &pd_screen_card_edit;
    default: return &pd_screen_home;
    }
}

void pd_app_handle_event(pd_app *app, const SDL_Event *e)
{
    app->force_redraw = 1;
    if (e->type == SDL_QUIT) {
        app->quit = 1;
        return;
    }
    if (e->type == SDL_WINDOWEVENT) {
        update_size(app);
        return;
    }
    if (e->type == SDL_RENDER_TARGETS_RESET || e->type == SDL_RENDER_DEVICE_RESET) {
        /* the textures' contents (all of them, at a device reset) are gone:
         * made again from what they show at the next frame */
        ui_audience_cache_lost(app->audience_cache);
        if (e->type == SDL_RENDER_DEVICE_RESET) ui_text_cache_drop(app);
        return;
    }
    if (app->screen->event) app->screen->event(app, e);
}

static void draw(pd_app *app)
{
    app->frame++;
    app->text_overflows = 0;
    fit_message(app);   /* a message set (or gone) since the frame began */
    SDL_SetRenderDrawColor(app->ren, app->th.bg.r, app->th.bg.g, app->th.bg.b, 255);
    SDL_RenderClear(app->ren);
    app->screen->draw(app);
    if (app->h < app->out_h) {
        /* the message's own strip under the screen: error red, warning
         * yellow (dark text), done green; white text >= 5:1 on red and green */
        const ui_theme *t = &app->th;
        SDL_Rect r = { 0, app->h, app->w, app->out_h - app->h };
        SDL_Color bg = app->banner_kind == PD_MSG_WARNING ? t->yellow
                       : app->banner_kind == PD_MSG_DONE  ? t->green : t->red;
        SDL_Color fg = app->banner_kind == PD_MSG_WARNING ? (SDL_Color){ 0x14, 0x14, 0x14, 255 }
                                                          : (SDL_Color){ 255, 255, 255, 255 };
        int m = ui_px(app, 16);
        ui_fill(app, r, bg);
        ui_text(app, (SDL_Rect){ r.x + 2 * m, r.y + ui_px(app, 6), r.w - 4 * m, r.h - ui_px(app, 12) },
                app->banner, 17, UI_MIDDLE | UI_BOLD | UI_WRAP, fg);
    }
}

static void do_switch(pd_app *app)
{
    while (app->next_screen >= 0) {
        pd_screen_id id = (pd_screen_id)app->next_screen;
        app->next_screen = -1;
        if (app->screen->leave) app->screen->leave(app);
        app->screen = screen_of(id);
        app->screen_id = id;
        if (id == PD_DRILL) app->banner[0] = 0;   /* no message carried over the drill */
        app->screen->enter(app);
        app->force_redraw = 1;
        pd_app_trace(app, "screen", app->screen->name);
    }
}

void pd_app_apply_switch(pd_app *app) { do_switch(app); }

int pd_app_mkdirs(const char *path) { return mkdirs(path); }

int pd_app_frame(pd_app *app)
{
    SDL_Event e;
    while (SDL_PollEvent(&e)) {
        pd_app_handle_event(app, &e);
        do_switch(app);
    }
    update_size(app);
    app->now_s = app->clock(app->clock_ctx);
    if (app->screen->update) app->screen->update(app);
    do_switch(app);
    /* draw only what changed: input, a new size, a message, or the screen's
     * own digest of what it shows */
    int banner = app->banner[0] && app->now_s < app->banner_until_s;
    unsigned long long sig = app->screen->signature ? app->screen->signature(app) : app->frame + 1;
    sig = sig * 31 + (unsigned long long)banner;
    app->drawn = app->force_redraw || sig != app->last_sig || app->w != app->last_w ||
                 app->h != app->last_h || !app->screen->signature;
    if (app->drawn) {
        draw(app);
        app->force_redraw = 0;
        app->last_sig = sig;
        app->last_w = app->w;
        app->last_h = app->h;
    }
    return !app->quit;
}

void pd_app_present(pd_app *app)
{
    SDL_RenderPresent(app->ren);
}

static unsigned char *read_rgb(pd_app *app)
{
    unsigned char *argb = malloc((size_t)app->w * (size_t)app->out_h * 4);
    unsigned char *rgb = malloc((size_t)app->w * (size_t)app->out_h * 3);
    if (!argb || !rgb ||
        SDL_RenderReadPixels(app->ren, NULL, SDL_PIXELFORMAT_ARGB8888, argb, app->w * 4) != 0) {
        free(argb);
        free(rgb);
        return NULL;
    }
    for (size_t i = 0; i < (size_t)app->w * (size_t)app->out_h; i++) {
        Uint32 px;
        memcpy(&px, argb + 4 * i, 4);
        rgb[3 * i] = (unsigned char)(px >> 16);
        rgb[3 * i + 1] = (unsigned char)(px >> 8);
        rgb[3 * i + 2] = (unsigned char)px;
    }
    free(argb);
    return rgb;
}

int pd_app_save_png(pd_app *app, const char *path)
{
    unsigned char *rgb = read_rgb(app);
    if (!rgb) return 1;
    int rc = pd_png_write_rgb(path, app->w, app->out_h, rgb, app->w * 3);
    free(rgb);
    return rc;
}

SDL_Color pd_app_pixel(pd_app *app, int x, int y)
{
    Uint32 px = 0;
    SDL_Rect r = { x, y, 1, 1 };
    SDL_RenderReadPixels(app->ren, &r, SDL_PIXELFORMAT_ARGB8888, &px, 4);
    return (SDL_Color){ (Uint8)(px >> 16), (Uint8)(px >> 8), (Uint8)px, 255 };
}

/* A screen with nothing moving: no drill, analysis, replay or message. */
static int is_idle(pd_app *app)
{
    if (app->banner[0] && app->now_s < app->banner_until_s) return 0;
    switch (app->screen_id) {
    case PD_HOME:
    case PD_HISTORY:
    case PD_LADDER:
    case PD_CARD_EDIT:
    case PD_PROGRESS: return 1;
    case PD_SETTINGS: return SDL_AtomicGet(&app->set.listed) != 0;
    case PD_RESULTS:
        return SDL_AtomicGet(&app->results.phase) != RES_ANALYSING && !app->results.player.playing;
    case PD_COMPARE:
        return SDL_AtomicGet(&app->cmp.phase) != RES_ANALYSING && !app->cmp.player.playing;
    default: return 0;
    }
}

void pd_app_pace(pd_app *app, double *next)
{
    /* nothing moves on this screen: sleep until input (or half a second) */
    if (is_idle(app)) {
        SDL_WaitEventTimeout(NULL, 500);
        *next = pd_app_mono_s();
        return;
    }
    /* else the rest of the frame's 1/60 s: a present with vsync may have
     * used it already (then no wait), one without vsync or no present at
     * all has not */
    *next += 1.0 / 60.0;
    double now = pd_app_mono_s(), wait = *next - now;
    if (wait <= 0) {               /* late (a slow frame): a new cadence from here */
        *next = now;
        return;
    }
    if (wait > 1.0 / 60.0) {       /* input ended the last wait early: a frame at most */
        wait = 1.0 / 60.0;
        *next = now + wait;
    }
    if (wait >= 0.001) SDL_WaitEventTimeout(NULL, (int)ceil(wait * 1000.0));
}

/* SIGTERM (a logout, a shutdown, kill), SIGINT (Ctrl-C) and SIGHUP end the
 * app as closing its window does: the take in progress is left for the
 * next start to recover, a kept one is already in the history. The audio
 * libraries may change the process's handlers and the main thread's mask
 * when a stream opens or closes (after a JACK microphone drill SIGTERM was
 * found blocked and SIGINT ignored), so they are claimed again every frame:
 * two cheap system calls each. */
static volatile sig_atomic_t quit_signal;

static void on_quit_signal(int sig)
{
    quit_signal = sig;
}

static void claim_signals(void)
{
    static const int sigs[3] = { SIGTERM, SIGINT, SIGHUP };
    sigset_t set;
    sigemptyset(&set);
    for (int i = 0; i < 3; i++) {
        struct sigaction old;
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != on_quit_signal) {
            struct sigaction sa;
            memset(&sa, 0, sizeof sa);
            sa.sa_handler = on_quit_signal;
            sigemptyset(&sa.sa_mask);
            sigaction(sigs[i], &sa, NULL);
        }
        sigaddset(&set, sigs[i]);
    }
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

int pd_app_main(int argc, char **argv)
{
    double t_start = pd_app_mono_s();
    double bench = 0;
    pd_app_options o = { .need_display = 1 };
    const char *shots = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--demo") == 0) o.demo = 1;
        else if (strcmp(argv[i], "--lang") == 0) {
            if (i + 1 >= argc || (strcmp(argv[i + 1], "en") != 0 && strcmp(argv[i + 1], "it") != 0)) {
                if (i + 1 >= argc) fprintf(stderr, "podium: --lang wants en or it\n");
                else fprintf(stderr, "podium: unknown language '%s'; use en or it\n", argv[i + 1]);
                return 2;
            }
            o.lang = argv[++i];
        }
        else if (strcmp(argv[i], "--screenshots") == 0 && i + 1 < argc) shots = argv[++i];
        else if (strcmp(argv[i], "--bench-drill") == 0 && i + 1 < argc) {
            char *end;
            bench = strtod(argv[++i], &end);
            if (*end || !(bench > 0 && bench <= 3600)) {
                fprintf(stderr, "podium: --bench-drill wants SECONDS (more than 0, at most 3600)\n");
                return 2;
            }
        } else if (strcmp(argv[i], "--input") == 0 && i + 1 < argc) o.input = argv[++i];
        else if (strcmp(argv[i], "--audience") == 0 && i + 1 < argc) {
            const char *v = argv[++i];
            int a = -1;
            for (int k = 1; k < PD_ATT_COUNT; k++)
                if (strcmp(v, pd_attitude_name((pd_attitude)k)) == 0) a = k;
            if (a < 0) {
                fprintf(stderr, "podium: --audience wants staring, attentive, neutral, bored or critical, not '%s'\n", v);
                return 2;
            }
            o.audience.attitude = (pd_attitude)a;
            if (o.audience.size == 0) o.audience.size = PD_AUDIENCE_MAX;
        } else if ((strcmp(argv[i], "--audience-size") == 0 || strcmp(argv[i], "--distractions") == 0) &&
                   i + 1 < argc) {
            int big = argv[i][2] == 'd';
            char *end;
            long v = strtol(argv[++i], &end, 10);
            long hi = big ? 20 : PD_AUDIENCE_MAX;
            if (*end || v < (big ? 0 : 1) || v > hi) {
                fprintf(stderr, "podium: %s wants a whole number, %d to %ld\n", argv[i - 1], big ? 0 : 1, hi);
                return 2;
            }
            if (big) o.audience.distractions = (int)v;
            else o.audience.size = (int)v;
        }
        else if (strcmp(argv[i], "--data-dir") == 0) {
            if (i + 1 >= argc || !argv[i + 1][0]) {
                fprintf(stderr, "podium: --data-dir wants a folder, e.g. --data-dir ~/podium-data\n");
                return 2;
            }
            o.data_dir = argv[++i];
        }
        else if (strcmp(argv[i], "--size") == 0 && i + 1 < argc) {
            if (sscanf(argv[++i], "%dx%d", &o.width, &o.height) != 2) {
                fprintf(stderr, "podium: --size wants WxH, e.g. 1280x720\n");
                return 2;
            }
        } else {
            fprintf(stderr, "podium: unknown option '%s'; run 'podium help'\n", argv[i]);
            return 2;
        }
    }
    if ((o.audience.size > 0 || o.audience.distractions > 0) && o.audience.attitude == PD_ATT_NONE) {
        fprintf(stderr, "podium: --audience-size and --distractions go with --audience ATTITUDE\n");
        return 2;
    }
    if (o.input && o.demo) {
        fprintf(stderr, "podium: --demo plays the sample, --input records a microphone: "
                        "give one of them\n");
        return 2;
    }
#ifndef PODIUM_HAVE_RECORDER
    if (o.input) {
        fprintf(stderr, "podium: --input: this build has no microphone capture (PortAudio)\n");
        return 2;
    }
#endif
    char err[400];
    if (shots) {
        if (!getenv("SDL_VIDEODRIVER")) setenv("SDL_VIDEODRIVER", "offscreen", 1);
        if (!getenv("SDL_RENDER_DRIVER")) setenv("SDL_RENDER_DRIVER", "software", 1);
        if (!getenv("SDL_AUDIODRIVER")) setenv("SDL_AUDIODRIVER", "dummy", 1);
        if (!getenv("SDL_FRAMEBUFFER_ACCELERATION")) setenv("SDL_FRAMEBUFFER_ACCELERATION", "0", 1);
        if (pd_app_screenshots(shots, err, sizeof err) != 0) {
            fprintf(stderr, "podium: screenshots: %s\n", err);
            return 1;
        }
        return 0;
    }
    if (bench > 0) {
        o.demo = !o.input;   /* the microphone only when named */
        return pd_app_bench_drill(&o, bench, t_start);
    }
    pd_app *app = NULL;
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");   /* ours, below */
    claim_signals();
    if (pd_app_create(&o, &app, err, sizeof err) != 0) {
        fprintf(stderr, "podium: %s\n", err);
        return 1;
    }
    double next = pd_app_mono_s();
    while (pd_app_frame(app)) {
        claim_signals();
        if (quit_signal) {
            pd_app_trace(app, "signal", quit_signal == SIGTERM ? "SIGTERM" : quit_signal == SIGINT ? "SIGINT" : "SIGHUP");
            break;
        }
        if (app->drawn) pd_app_present(app);
        pd_app_pace(app, &next);
    }
    pd_app_destroy(app);
    return 0;
}
