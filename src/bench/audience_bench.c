/* audience_bench.c - how long the audience takes: the behaviour model's
 * step for 20 people (every attitude, 60 steps a simulated second) and the
 * drawing of a frame with SDL's software renderer (headless, offscreen) at
 * 1280x720 and 800x600, in the box beside the timer and card. Prints
 * figures for the README; asserts nothing.
 *
 * usage: podium-audience-bench [ASSETS_DIR] [FRAMES]
 *        podium-audience-bench --table   (the behaviour table, Markdown)   (default: the
 * data folder the app finds, assets_dir.h; 300 frames). A frame is timed from the clear to the end
 * of SDL_RenderFlush (the software renderer rasterises there), without the
 * present. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "podium/assets_dir.h"
#include "ui_audience.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* CPU time of this thread: on a shared, loaded machine the wall clock
 * counts other programs' time too (both are printed). */
static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double now_s(void)
{
    return (double)SDL_GetPerformanceCounter() / (double)SDL_GetPerformanceFrequency();
}

static void bench_model(void)
{
    static pd_crowd c;
    printf("model step, 20 people, 1/60 s steps over 10 simulated minutes:\n");
    for (int a = PD_ATT_STARING; a <= PD_ATT_CRITICAL; a++) {
        pd_crowd_init(&c, &(pd_audience){ 20, (pd_attitude)a, 0, 0, 0 }, 1);
        pd_crowd_input in = { 1, 0, 0, 0, 0, 1, PD_REACT_ALL };
        int steps = 36000;
        double t0 = now_s(), c0 = cpu_s();
        for (int k = 0; k < steps; k++) {
            in.speaking = k % 1200 < 900; /* 15 s of speech, 5 s of pause */
            in.pause_s = in.speaking ? 0 : (k % 1200 - 900) / 60.0;
            pd_crowd_step(&c, 1.0 / 60, &in);
        }
        double t = now_s() - t0, ct = cpu_s() - c0;
        printf("  %-9s %6.2f us a step of CPU time (%.0f ms for 10 minutes; wall clock %.2f us)\n",
               pd_attitude_name((pd_attitude)a), 1e6 * ct / steps, 1e3 * ct, 1e6 * t / steps);
    }
}

static void bench_draw(const char *assets, int w, int h, int frames)
{
    (void)assets;
    pd_app *app = NULL;
    char err[300];
    pd_app_options o = { .demo = 1, .lang = "en", .width = w, .height = h, .hidden = 1, .history_in_memory = 1 };
    if (pd_app_create(&o, &app, err, sizeof err) != 0) {
        fprintf(stderr, "podium-audience-bench: %s\n", err);
        return;
    }
    SDL_RendererInfo ri;
    SDL_GetRendererInfo(app->ren, &ri);
    SDL_Rect box = { app->w * 45 / 100, app->h * 10 / 100, app->w * 53 / 100, app->h * 62 / 100 };
    static pd_crowd c;
    double *ms = malloc(sizeof(double) * (size_t)frames), *wall = malloc(sizeof(double) * (size_t)frames);
    if (!ms || !wall) goto done;
    printf("drawing, %dx%d (%s renderer), box %dx%d, 20 people, %d frames:\n", w, h, ri.name, box.w, box.h, frames);
    for (int a = PD_ATT_STARING; a <= PD_ATT_CRITICAL; a++) {
        pd_crowd_init(&c, &(pd_audience){ 20, (pd_attitude)a, 0, 0, 0 }, 2);
        pd_crowd_input in = { 1, 0, 0, 0, 0, 1, PD_REACT_ALL };
        double first = 0;
        for (int k = 0; k < frames; k++) {
            pd_crowd_step(&c, 1.0 / 60, &in);
            double t0 = now_s(), c0 = cpu_s();
            SDL_SetRenderDrawColor(app->ren, 18, 22, 29, 255);
            SDL_RenderClear(app->ren);
            ui_draw_audience(app, box, &c, k / 60.0);
            SDL_RenderFlush(app->ren); /* the software renderer rasterises here */
            ms[k] = 1e3 * (cpu_s() - c0);
            wall[k] = 1e3 * (now_s() - t0);
            if (!k) first = ms[0];
            SDL_RenderPresent(app->ren);
        }
        qsort(ms, (size_t)frames, sizeof *ms, cmp_double);
        qsort(wall, (size_t)frames, sizeof *wall, cmp_double);
        double sum = 0;
        for (int k = 0; k < frames; k++) sum += ms[k];
        printf("  %-9s CPU mean %5.2f ms, median %5.2f, p99 %5.2f, first %5.2f; wall median %5.2f, p99 %5.2f\n",
               pd_attitude_name((pd_attitude)a), sum / frames, ms[frames / 2], ms[frames * 99 / 100], first,
               wall[frames / 2], wall[frames * 99 / 100]);
    }
done:
    free(ms);
    free(wall);
    pd_app_destroy(app);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--table") == 0) {
        pd_sb sb;
        pd_sb_init(&sb);
        pd_crowd_table_markdown(&sb);
        if (sb.data) fputs(sb.data, stdout);
        int rc = pd_sb_status(&sb) == PD_OK ? 0 : 1;
        pd_sb_free(&sb);
        return rc;
    }
    char found[1024];
    if (argc <= 1 && pd_assets_dir(found, sizeof found, NULL, 0) != 0) {
        fprintf(stderr, "podium-audience-bench: no data folder found: give it as the first argument\n");
        return 2;
    }
    const char *assets = argc > 1 ? argv[1] : found;
    int frames = argc > 2 ? atoi(argv[2]) : 300;
    if (frames < 10) frames = 10;
    setenv("SDL_VIDEODRIVER", "offscreen", 0);
    setenv("SDL_RENDER_DRIVER", "software", 0);
    setenv("SDL_AUDIODRIVER", "dummy", 0);
    setenv("SDL_FRAMEBUFFER_ACCELERATION", "0", 0);
    setenv("PODIUM_ASSETS", assets, 1);
    char tmpl[] = "/tmp/podium-audience-bench-XXXXXX";
    char *dir = mkdtemp(tmpl);
    if (dir) { /* no user settings, no user history */
        char cfg[600];
        snprintf(cfg, sizeof cfg, "%s/config", dir);
        setenv("XDG_CONFIG_HOME", cfg, 1);
        snprintf(cfg, sizeof cfg, "%s/data", dir);
        setenv("XDG_DATA_HOME", cfg, 1);
    }
    bench_model();
    bench_draw(assets, 1280, 720, frames);
    bench_draw(assets, 800, 600, frames);
    if (dir) {
        char cmd[700];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    }
    return 0;
}
