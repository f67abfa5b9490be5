/* ui_harness.h - what the headless app tests share: an injected clock,
 * scripted keys and clicks (SDL_PushEvent), running frames to a time,
 * waiting for an analysis thread. Header-only, static functions: each test
 * program includes it once. */
#ifndef PODIUM_UI_HARNESS_H
#define PODIUM_UI_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include "ui.h"

#if defined(__GNUC__)
#define UI_HARNESS_UNUSED __attribute__((unused))
#else
#define UI_HARNESS_UNUSED
#endif

typedef struct vclock {
    double t;
} vclock;

static UI_HARNESS_UNUSED double vnow(void *ctx)
{
    return ((vclock *)ctx)->t;
}

static UI_HARNESS_UNUSED void push_key(SDL_Keycode k, Uint16 mod)
{
    SDL_Event e;
    SDL_zero(e);
    e.type = SDL_KEYDOWN;
    e.key.state = SDL_PRESSED;
    e.key.keysym.sym = k;
    e.key.keysym.scancode = SDL_GetScancodeFromKey(k);
    e.key.keysym.mod = mod;
    SDL_PushEvent(&e);
}

static UI_HARNESS_UNUSED void push_click(SDL_Rect r)
{
    SDL_Event e;
    SDL_zero(e);
    e.type = SDL_MOUSEBUTTONDOWN;
    e.button.button = SDL_BUTTON_LEFT;
    e.button.state = SDL_PRESSED;
    e.button.x = r.x + r.w / 2;     /* offscreen: density 1 */
    e.button.y = r.y + r.h / 2;
    SDL_PushEvent(&e);
}

static UI_HARNESS_UNUSED int near_color(SDL_Color a, SDL_Color b)
{
    return abs(a.r - b.r) <= 2 && abs(a.g - b.g) <= 2 && abs(a.b - b.b) <= 2;
}

/* Advances the clock to t in steps, one frame per step. */
static UI_HARNESS_UNUSED void run_to(pd_app *app, vclock *vc, double t, double step)
{
    while (vc->t + 1e-9 < t) {
        vc->t = vc->t + step < t ? vc->t + step : t;
        pd_app_frame(app);
    }
}

/* Frames until the analysis thread behind *phase is done, then one more. */
static UI_HARNESS_UNUSED void wait_analysed(pd_app *app, SDL_atomic_t *phase)
{
    for (int i = 0; i < 4000 && SDL_AtomicGet(phase) == RES_ANALYSING; i++) {
        SDL_Delay(2);
        pd_app_frame(app);
    }
    pd_app_frame(app);
}

/* The app headless (SDL offscreen, the software renderer, no sound) with
 * the bundled assets, and a fresh scratch folder /tmp/podium-test-NAME-XXXXXX
 * whose config/ and data/ stand for the user's (XDG_CONFIG_HOME,
 * XDG_DATA_HOME). Returns the folder (static storage), NULL when it cannot be
 * made; cfg (may be NULL) receives the config folder. */
static UI_HARNESS_UNUSED char *ui_test_headless(const char *assets, const char *name, char *cfg, size_t cfg_len)
{
    static char dir[300];
    setenv("SDL_VIDEODRIVER", "offscreen", 1);
    setenv("SDL_RENDER_DRIVER", "software", 1);
    setenv("SDL_AUDIODRIVER", "dummy", 1);
    setenv("SDL_FRAMEBUFFER_ACCELERATION", "0", 1);
    setenv("PODIUM_ASSETS", assets, 1);
    snprintf(dir, sizeof dir, "/tmp/podium-test-%s-XXXXXX", name);
    if (!mkdtemp(dir)) return NULL;
    char c[400], d[400];
    snprintf(c, sizeof c, "%s/config", dir);
    snprintf(d, sizeof d, "%s/data", dir);
    setenv("XDG_CONFIG_HOME", c, 1);
    setenv("XDG_DATA_HOME", d, 1);
    if (cfg) snprintf(cfg, cfg_len, "%s", c);
    return dir;
}

#endif
