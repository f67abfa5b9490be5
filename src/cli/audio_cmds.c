/* audio_cmds.c - "podium devices", "podium record", "podium play". */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "cli.h"
#include "cli_audio.h"
#include "podium/audio_io.h"

static volatile sig_atomic_t g_stop = 0;
static void on_signal(int sig) { (void)sig; g_stop = 1; }

static void catch_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    /* a file size limit makes writes fail (EFBIG) instead of killing us */
    signal(SIGXFSZ, SIG_IGN);
}

static void nap_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

/* parses a number option; returns 0 and prints a message when bad */
static int number_arg(const char *verb, const char *opt, const char *v, double lo, double hi, double *out)
{
    char *end;
    double x = strtod(v, &end);
    if (end == v || *end || !(x >= lo && x <= hi)) {
        fprintf(stderr, "podium %s: %s needs a number from %g to %g, not '%s'\n", verb, opt, lo, hi, v);
        return 0;
    }
    *out = x;
    return 1;
}

int pd_cli_devices(int argc, char **argv)
{
    (void)argv;
    if (argc > 1) {
        fprintf(stderr, "podium devices: takes no arguments\n");
        return 2;
    }
    char err[400];
    if (pd_audio_init(err, sizeof err) != 0) {
        fprintf(stderr, "podium: %s\n", err);
        return 1;
    }
    int n = pd_audio_device_count();
    for (int pass = 0; pass < 2; pass++) {
        printf("%s devices (* = default):\n", pass == 0 ? "Input" : "Output");
        int any = 0;
        for (int i = 0; i < n; i++) {
            pd_audio_device d;
            if (pd_audio_device_get(i, &d) != 0) continue;
            int ch = pass == 0 ? d.max_input_channels : d.max_output_channels;
            if (ch <= 0) continue;
            int def = pass == 0 ? d.default_input : d.default_output;
            printf("  %c %-36s %-28s %3d ch  %6.0f Hz\n", def ? '*' : ' ', d.name, d.host_api, ch,
                   d.default_rate_hz);
            any = 1;
        }
        if (!any) printf("    (none)\n");
    }
    pd_audio_terminate();
    return 0;
}

static void show_meter(const pd_live_meter *m, double elapsed)
{
    static const char *state[] = { "waiting ", "speaking", "pause   " };
    char bar[31];
    double l = isfinite(m->momentary_lufs) ? m->momentary_lufs : -100.0;
    int fill = (int)lround((l + 60.0) / 60.0 * 30.0);
    if (fill < 0) fill = 0;
    if (fill > 30) fill = 30;
    for (int i = 0; i < 30; i++) bar[i] = i < fill ? '#' : '.';
    bar[30] = 0;
    char loud[16] = "  -- LUFS", pause[24] = "", pace[24] = "  -- syl/s";
    if (isfinite(m->momentary_lufs)) snprintf(loud, sizeof loud, "%4.0f LUFS", m->momentary_lufs);
    if (m->state == 2) snprintf(pause, sizeof pause, "%4.1f s", m->pause_s);
    if (isfinite(m->pace_syl_s)) snprintf(pace, sizeof pace, "%4.1f syl/s", m->pace_syl_s);
    int min = (int)(elapsed / 60.0);
    printf("\r %02d:%04.1f [%s] %s %s %-7s %s%s  ", min, elapsed - 60.0 * min, bar, loud,
           state[m->state], pause, pace, m->clipping ? " CLIP" : "     ");
    fflush(stdout);
}

int pd_cli_record(int argc, char **argv)
{
    pd_record_config cfg;
    pd_record_config_init(&cfg);
    int json = 0, force = 0;
    const char *lang = "en", *config = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--json") == 0) { json = 1; continue; }
        if (strcmp(a, "--force") == 0) {
            force = 1;
            continue;
        }
        static const char *valued[] = { "--device", "--seconds", "--rate", "--channels", "--buffer",
                                        "--meter-log", "--lang", "--config" };
        int k = -1;
        for (int j = 0; j < 8; j++)
            if (strcmp(a, valued[j]) == 0) k = j;
        if (k >= 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "podium record: %s needs a value\n", a);
                return 2;
            }
            const char *v = argv[++i];
            double x;
            switch (k) {
            case 0: cfg.device = v; break;
            case 1: if (!number_arg("record", a, v, 0.01, 1e6, &cfg.seconds)) return 2; break;
            case 2:
                if (!number_arg("record", a, v, 8000, 192000, &x)) return 2;
                if (x != floor(x)) {
                    fprintf(stderr, "podium record: --rate needs a whole number of Hz, not '%s'\n", v);
                    return 2;
                }
                cfg.rate_hz = (int)x;
                break;
            case 3: if (!number_arg("record", a, v, 1, 2, &x)) return 2; cfg.channels = (int)x; break;
            case 4: if (!number_arg("record", a, v, 0.01, 600, &cfg.buffer_s)) return 2; break;
            case 5: cfg.meter_log = v; break;
            case 6: lang = v; break;
            default: config = v; break;
            }
        } else if (a[0] == '-' && a[1] != 0) {
            fprintf(stderr, "podium record: unknown option '%s'; see 'podium help'\n", a);
            return 2;
        } else if (!cfg.path) {
            cfg.path = a;
        } else {
            fprintf(stderr, "podium record: one file at a time ('%s' is extra)\n", a);
            return 2;
        }
    }
    if (!cfg.path) {
        fprintf(stderr, "podium record: no file given; usage: podium record [--seconds N] OUT.wav\n");
        return 2;
    }
    if (pd_syllables_per_word(lang) <= 0.0) {
        fprintf(stderr, "podium record: unknown language '%s'; use en or it\n", lang);
        return 2;
    }
    pd_feedback_bounds bounds;
    if (pd_cli_load_bounds(config, &bounds) != 0) return 2;   /* before the take, not after */
    /* the take, its sidecar and the meter log: none replaces a file unless
     * --force, none is the config or another of them (outputs.c) */
    char sidecar[4200];
    snprintf(sidecar, sizeof sidecar, "%s.json", cfg.path);
    const char *ins[3] = {config, cfg.meter_log, sidecar};
    int orc = pd_cli_check_output("record", cfg.path, ins, 3, force);
    if (!orc) orc = pd_cli_check_output("record", sidecar, ins, 2, force);
    if (!orc && cfg.meter_log)
        orc = pd_cli_check_output("record", cfg.meter_log, (const char *[]){config}, 1, force);
    if (orc) return orc;

    char err[600];
    if (pd_audio_init(err, sizeof err) != 0) {
        fprintf(stderr, "podium: %s\n", err);
        return 1;
    }
    catch_signals();
    pd_recorder *rec = NULL;
    if (pd_recorder_start(&cfg, &rec, err, sizeof err) != 0) {
        fprintf(stderr, "podium: %s\n", err);
        pd_audio_terminate();
        return 1;
    }
    int tty = isatty(1);
    if (tty) printf("Recording to '%s'%s: press Ctrl-C to stop.\n", cfg.path,
                    cfg.seconds > 0 ? " (or wait for the time given)" : "");
    int st = 0, tick = 0;
    while (!g_stop) {
        st = pd_recorder_poll(rec, err, sizeof err);
        if (st != 0) break;
        nap_ms(20);
        if (tty && ++tick % 5 == 0) {
            pd_live_meter m;
            pd_recorder_read_meter(rec, &m);
            show_meter(&m, pd_recorder_elapsed_s(rec));
        }
    }
    if (tty) printf("\n");
    int rc = 0;
    if (st < 0) {
        fprintf(stderr, "podium: %s\n", err);
        rc = 1;
    }
    pd_record_stats s;
    char ferr[600];
    if (pd_recorder_finish(rec, &s, ferr, sizeof ferr) != 0) {
        if (rc == 0 || strcmp(ferr, err) != 0) fprintf(stderr, "podium: %s\n", ferr);
        rc = 1;
    }
    pd_audio_terminate();
    FILE *o = json ? stderr : stdout;
    fprintf(o, "%s '%s': %.2f s at %d Hz, %s, from '%s'; ", rc ? "Kept" : "Recorded", cfg.path, s.duration_s, s.rate_hz,
            s.channels == 1 ? "mono" : "stereo", s.device);
    if (s.dropped_frames == 0 && s.input_overflows == 0) fprintf(o, "no input lost.\n");
    else
        fprintf(o, "input lost: %lld frames (%.3f s) replaced by silence in %d span%s%s, %ld driver overflow%s.\n",
                s.dropped_frames, (double)s.dropped_frames / s.rate_hz, s.n_gaps, s.n_gaps == 1 ? "" : "s",
                s.n_gaps == PD_RECORD_GAPS_MAX ? " (the last reaching over the rest)" : "", s.input_overflows,
                s.input_overflows == 1 ? "" : "s");
    fflush(o);
    if (rc != 0 || s.frames == 0) return rc ? rc : 1;
    if (!json) printf("\n");
    fflush(stdout);
    char *av[8];
    int ac = 0;
    av[ac++] = (char *)"analyse";
    if (json) av[ac++] = (char *)"--json";
    av[ac++] = (char *)"--lang";
    av[ac++] = (char *)lang;
    if (config) {
        av[ac++] = (char *)"--config";
        av[ac++] = (char *)config;
    }
    av[ac++] = (char *)cfg.path;
    av[ac] = NULL;
    return pd_cli_analyse(ac, av);
}

static void show_position(double pos, double end, void *user)
{
    (void)user;
    printf("\r %02d:%04.1f / %02d:%04.1f ", (int)(pos / 60), fmod(pos, 60.0), (int)(end / 60),
           fmod(end, 60.0));
    fflush(stdout);
}

int pd_cli_play(int argc, char **argv)
{
    pd_play_config cfg = { NULL, NULL, 0.0, -1.0 };
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--device") == 0 || strcmp(a, "--from") == 0 || strcmp(a, "--to") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "podium play: %s needs a value\n", a);
                return 2;
            }
            const char *v = argv[++i];
            if (a[2] == 'd') cfg.device = v;
            else if (!number_arg("play", a, v, 0, 1e7, a[2] == 'f' ? &cfg.from_s : &cfg.to_s)) return 2;
        } else if (a[0] == '-' && a[1] != 0) {
            fprintf(stderr, "podium play: unknown option '%s'; see 'podium help'\n", a);
            return 2;
        } else if (!cfg.path) {
            cfg.path = a;
        } else {
            fprintf(stderr, "podium play: one file at a time ('%s' is extra)\n", a);
            return 2;
        }
    }
    if (!cfg.path) {
        fprintf(stderr, "podium play: no file given; usage: podium play [--from S] [--to S] FILE\n");
        return 2;
    }
    if (cfg.to_s > 0 && cfg.from_s >= cfg.to_s) {
        fprintf(stderr, "podium play: --from %g is not before --to %g; give the start first\n", cfg.from_s,
                cfg.to_s);
        return 2;
    }
    char err[600];
    if (pd_audio_init(err, sizeof err) != 0) {
        fprintf(stderr, "podium: %s\n", err);
        return 1;
    }
    catch_signals();
    int tty = isatty(1);
    int rc = pd_play_file(&cfg, (const volatile int *)&g_stop, tty ? show_position : NULL, NULL, err,
                          sizeof err);
    if (tty) printf("\n");
    pd_audio_terminate();
    if (rc != 0) {
        fprintf(stderr, "podium: %s\n", err);
        return 1;
    }
    return 0;
}
