/* bench_drill.c - `podium --bench-drill SECONDS [--input NAME] [--audience
 * ...]`: the app opened, a drill started at once and run in real time at 60
 * frames a second; prints what fed it, the first frame's time, the drawn
 * frames' time (median, p99, max) and the process CPU (README: Speed). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#include "ui.h"
#include "ui_audience.h"

/* ---- the drill benchmark: frame time and CPU during a live demo drill ----- */
double pd_app_mono_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double cpu_s(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
}

/* ---- CPU by thread (Linux: /proc/self/task/TID/schedstat, ns on a CPU) ---- */
#define MAX_THREADS 64
typedef struct thread_cpu {
    int tid;
    char name[24];
    double cpu_s;
} thread_cpu;

static int read_threads(thread_cpu *t)
{
    DIR *dir = opendir("/proc/self/task");
    if (!dir) return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(dir)) && n < MAX_THREADS) {
        int tid = atoi(e->d_name);
        if (tid <= 0) continue;
        char path[80];
        snprintf(path, sizeof path, "/proc/self/task/%d/schedstat", tid);
        FILE *f = fopen(path, "r");
        unsigned long long ns = 0;
        int ok = f && fscanf(f, "%llu", &ns) == 1;
        if (f) fclose(f);
        if (!ok) continue;
        t[n].tid = tid;
        t[n].cpu_s = (double)ns * 1e-9;
        snprintf(path, sizeof path, "/proc/self/task/%d/comm", tid);
        f = fopen(path, "r");
        if (!f || !fgets(t[n].name, sizeof t[n].name, f)) snprintf(t[n].name, sizeof t[n].name, "?");
        if (f) fclose(f);
        t[n].name[strcspn(t[n].name, "\n")] = 0;
        if (tid == (int)getpid()) snprintf(t[n].name, sizeof t[n].name, "main");
        n++;
    }
    closedir(dir);
    return n;
}

/* Each thread's CPU over the run, % of one core (threads started during it
 * count from 0). */
static void print_threads(const thread_cpu *a, int na, const thread_cpu *b, int nb, double wall, size_t frames)
{
    double main_s = 0, llvmpipe_s = 0;
    printf("CPU by thread, %% of one core:");
    for (int i = 0; i < nb; i++) {
        double c0 = 0;
        for (int j = 0; j < na; j++)
            if (a[j].tid == b[i].tid) c0 = a[j].cpu_s;
        double used = b[i].cpu_s - c0, pc = 100.0 * used / wall;
        if (!strcmp(b[i].name, "main")) main_s += used;
        if (!strncmp(b[i].name, "llvmpipe", 8)) llvmpipe_s += used;
        if (pc >= 0.05) printf(" %s %.1f,", b[i].name, pc);
    }
    printf("\n");
    /* CPU time, not the wall clock: what other programs on the machine do not change */
    if (frames)
        printf("CPU a drawn frame: main thread %.2f ms, Mesa's llvmpipe threads together %.2f ms\n",
               1e3 * main_s / (double)frames, 1e3 * llvmpipe_s / (double)frames);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Opens the app, starts a drill at once and runs it for seconds at 60
 * frames per second, fed in real time by the demo source (the bundled
 * sample) or, with o->input, by that microphone. Prints what fed it and how
 * much audio arrived, the time from start to the first presented frame, the
 * frame time (events + update + draw + present) median and 99th percentile,
 * and the process CPU as % of one core. 1, with one line on stderr, when the
 * drill did not go live (no such input...), stopped, or got no audio. */
int pd_app_bench_drill(const pd_app_options *o, double seconds, double t_start)
{
    char err[400];
    pd_app *app = NULL;
    if (pd_app_create(o, &app, err, sizeof err) != 0) {
        fprintf(stderr, "podium: %s\n", err);
        return 1;
    }
    double t_made = pd_app_mono_s();
    pd_app_frame(app);
    double t_drawn = pd_app_mono_s();
    pd_app_present(app);
    double first = pd_app_mono_s() - t_start;
    app->prep_s = 0;
    ui_focus_set(&app->home.focus, HOME_START);
    SDL_Event e;
    SDL_zero(e);
    e.type = SDL_KEYDOWN;
    e.key.keysym.sym = SDLK_RETURN;
    SDL_PushEvent(&e);
    size_t cap = (size_t)(seconds * 70) + 16, n = 0;
    double *ft = malloc(cap * sizeof *ft), *pt = malloc(cap * sizeof *pt), *prt = malloc(cap * sizeof *prt);
    if (!ft || !pt || !prt) {
        free(ft);
        free(pt);
        free(prt);
        pd_app_destroy(app);
        return 1;
    }
    size_t np = 0;        /* frames that drew the audience: its painting's share and time */
    double painted = 0, uploaded = 0;
    const drill_state *d = &app->drill;
    static thread_cpu th0[MAX_THREADS], th1[MAX_THREADS];
    int nth0 = read_threads(th0);
    double t0 = pd_app_mono_s(), c0 = cpu_s(), next = t0, open_ms = 0, open_t0 = 0, start_ms = 0;
    size_t loops = 0, skipped = 0;
    int went_live = 0, stopped = 0, started = 0;
    while (pd_app_mono_s() - t0 < seconds && n < cap) {
        double a = pd_app_mono_s();
        pd_app_frame(app);
        double b = pd_app_mono_s();
        if (app->drawn) pd_app_present(app);
        double dt = (pd_app_mono_s() - a) * 1000.0;
        if (app->drawn) {
            prt[n] = (pd_app_mono_s() - b) * 1000.0;
            ft[n++] = dt;
        }
        else skipped++;
        if (app->drawn && app->screen_id == PD_DRILL && d->crowd.n > 0 && app->audience_cache) {
            ui_audience_cache_stats st;
            ui_audience_cache_get_stats(app->audience_cache, &st);
            double box = (double)d->audience_box.w * d->audience_box.h;
            painted += box > 0 ? st.painted_px / box : 0;
            uploaded += box > 0 ? st.uploaded_px / box : 0;
            pt[np++] = st.paint_ms;
        }
        loops++;
        int in_drill = app->screen_id == PD_DRILL && d->phase == DRILL_LIVE;
        int live = in_drill && d->source, opening = in_drill && !d->source && d->opener;
        if (in_drill && !started) {   /* this frame started the drill (and the input's opening) */
            started = 1;
            start_ms = dt;
            open_t0 = a;
        }
        if (live && !went_live) open_ms = (pd_app_mono_s() - open_t0) * 1000.0;
        if (live) went_live = 1;
        else if (!opening && (went_live || loops >= 3)) {   /* gone home or to the results: say why */
            stopped = 1;
            break;
        }
        pd_app_pace(app, &next);   /* the app's own pacing (app.c), so its CPU is the app's */
    }
    double wall = pd_app_mono_s() - t0, cpu = cpu_s() - c0;
    int nth1 = read_threads(th1);
    const char *why = d->err[0] ? d->err : app->banner[0] ? app->banner : "no reason given";
    if (stopped) {
        if (went_live)
            fprintf(stderr, "podium: --bench-drill: the drill stopped after %.1f s: %s\n", wall, why);
        else fprintf(stderr, "podium: --bench-drill: the drill did not go live: %s\n", why);
        free(ft);
        free(pt);
        free(prt);
        pd_app_destroy(app);
        return 1;
    }
    double fed = d->lv.t_s;
    const pd_live_source *src = d->source;
    qsort(ft, n, sizeof *ft, cmp_double);
    SDL_RendererInfo ri;
    SDL_GetRendererInfo(app->ren, &ri);
    printf("video %s, renderer %s, %dx%d\n", SDL_GetCurrentVideoDriver(), ri.name, app->w, app->out_h);
    if (src->demo)
        printf("source: demo, the sample %s (%d Hz) played in real time\n", src->name, src->rate_hz);
    else
        printf("source: microphone '%s', %d Hz, %d channel%s (opened in %.0f ms on its own "
               "thread; the frame that started the drill took %.1f ms)\n", src->name, src->rate_hz,
               src->channels, src->channels == 1 ? "" : "s", open_ms, start_ms);
    if (d->crowd.n > 0)
        printf("audience: %d people, %s, %d distraction sounds a minute (%zu played; sound output %s)\n",
               d->crowd.n, pd_attitude_name(app->home_audience.attitude), app->home_audience.distractions,
               d->dx.cued, d->dx.out ? "open" : app->home_audience.distractions ? "none: not heard" : "not used");
    printf("first frame %.0f ms after start (the app made in %.0f ms: SDL, window, renderer, fonts, data; "
           "the frame drawn in %.0f ms, presented in %.0f ms)\n", first * 1000.0, (t_made - t_start) * 1000.0,
           (t_drawn - t_made) * 1000.0, (first - (t_drawn - t_start)) * 1000.0);
    printf("drill %.1f s (live, %.1f s of audio fed, speech %s): %zu loops (%.1f per second), "
           "%zu frames drawn, %zu unchanged\n", wall, fed, d->lv.heard_speech ? "heard" : "NOT heard",
           loops, loops / wall, n, skipped);
    if (n) printf("drawn frame time median %.2f ms, p99 %.2f ms, max %.2f ms\n", ft[n / 2],
                  ft[(size_t)(n * 0.99)], ft[n - 1]);
    if (n) {   /* the present: the renderer runs the frame's queued drawing, then shows it */
        qsort(prt, n, sizeof *prt, cmp_double);
        printf("of which the present (the renderer draws the queued frame and shows it) median %.2f ms, "
               "p99 %.2f ms\n", prt[n / 2], prt[(size_t)(n * 0.99)]);
    }
    if (np) {
        qsort(pt, np, sizeof *pt, cmp_double);
        printf("audience picture: %.0f %% of its box painted again a frame (mean), %.0f %% uploaded; "
               "painting median %.2f ms, p99 %.2f ms (software renderer)\n", 100.0 * painted / np,
               100.0 * uploaded / np, pt[np / 2], pt[(size_t)(np * 0.99)]);
    }
    printf("CPU %.1f %% of one core\n", 100.0 * cpu / wall);
    print_threads(th0, nth0, th1, nth1, wall, n);
    if (d->dx.started)
        printf("distraction sounds: synthesis into the output's ring %.2f %% of one core (main thread), "
               "%.0f ms of CPU at the start on a thread of its own (output opened, each sound measured once)\n",
               100.0 * d->dx.synth_cpu_s / wall, 1e3 * d->dx.start_cpu_s);
    free(ft);
    free(pt);
    free(prt);
    int rc = 0;
    if (fed <= 0) {
        fflush(stdout);
        fprintf(stderr, "podium: --bench-drill: no audio arrived from %s in %.1f s\n",
                src->demo ? "the demo source" : src->name, wall);
        rc = 1;
    }
    pd_app_destroy(app);
    return rc;
}

