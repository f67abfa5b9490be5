/* main.c - the podium command: dispatches to the verbs. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "cli_audio.h"
#include "ui.h"

static void usage(FILE *f)
{
    fprintf(f,
            "Podium %s - an offline public-speaking practice coach\n\n"
            "Usage:\n"
            "  podium [--demo | --input NAME] [--lang en|it] [--size WxH] [--data-dir DIR]\n"
            "         [--audience ATTITUDE [--audience-size N] [--distractions N]]\n"
            "                                        open the app (--demo: drills play the\n"
            "                                        bundled sample, no microphone needed;\n"
            "                                        --input: the microphone, by name;\n"
            "                                        --audience staring|attentive|neutral|\n"
            "                                        bored|critical: people before every drill\n"
            "                                        from Home, 20 or N, with N sounds a minute)\n"
            "  podium --screenshots DIR              every screen with demo data, as PNG\n"
            "  podium --bench-drill SECONDS [--input NAME] [--audience ATTITUDE ...]\n"
            "                                        frame time and CPU during a live drill\n"
            "                                        (the demo sample, or that microphone)\n"
            "  podium analyse [--json] [--tracks] [--textgrid OUT] [--lang en|it]\n"
            "                 [--config FILE] [--exclude S-E[,S-E...]] [--target S] [--force] FILE\n"
            "                                        measure pace, pauses, hesitations,\n"
            "                                        loudness and pitch of a recording;\n"
            "                                        --exclude: spans (s) not measured;\n"
            "                                        --target: timing advice for that length;\n"
            "                                        --force: replace an existing TextGrid\n"
            "  podium record [--device NAME] [--seconds N] [--rate HZ] [--json] [--lang en|it]\n"
            "                [--meter-log FILE] [--force] OUT.wav|OUT.flac\n"
            "                                        record from the microphone until N seconds\n"
            "                                        or Ctrl-C, with live meters; then the report\n"
            "                                        (--force: replace an existing file)\n"
            "  podium play [--device NAME] [--from S] [--to S] FILE\n"
            "                                        play a take, or the part from S to S\n"
            "  podium devices                        the sound inputs and outputs\n"
            "  podium bounds                         the feedback bounds and their defaults\n",
            PODIUM_VERSION);
    pd_cli_history_usage(f);
    pd_cli_programme_usage(f);
    fprintf(f, "  podium help | --help                  this text\n"
               "  podium version | --version\n");
}

static int run(int argc, char **argv)
{
    /* no verb, or app options (--demo, --input, --lang, --screenshots, --size,
     * --bench-drill): the app */
    if (argc < 2 || (strncmp(argv[1], "--", 2) == 0 && strcmp(argv[1], "--help") != 0 &&
                     strcmp(argv[1], "--version") != 0))
        return pd_app_main(argc, argv);
    const char *verb = argv[1];
    if (strcmp(verb, "analyse") == 0 || strcmp(verb, "analyze") == 0)
        return pd_cli_analyse(argc - 1, argv + 1);
    if (strcmp(verb, "record") == 0)
        return pd_cli_record(argc - 1, argv + 1);
    if (strcmp(verb, "play") == 0)
        return pd_cli_play(argc - 1, argv + 1);
    if (strcmp(verb, "devices") == 0)
        return pd_cli_devices(argc - 1, argv + 1);
    if (strcmp(verb, "bounds") == 0)
        return pd_cli_bounds(argc - 1, argv + 1);
    int hrc = pd_cli_history_verb(verb, argc - 1, argv + 1);
    if (hrc >= 0) return hrc;
    int prc = pd_cli_programme_verb(verb, argc - 1, argv + 1);
    if (prc >= 0) return prc;
    if (strcmp(verb, "help") == 0 || strcmp(verb, "--help") == 0 || strcmp(verb, "-h") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(verb, "version") == 0 || strcmp(verb, "--version") == 0) {
        printf("podium %s\n", PODIUM_VERSION);
        return 0;
    }
    fprintf(stderr, "podium: unknown command '%s'; run 'podium help' for the list\n", verb);
    return 2;
}

/* Every verb's output ends here: a write to stdout that failed (a full disk,
 * `> /dev/full`, a closed pipe) is said on stderr and is exit 1, never a
 * silent failure or a silent success. */
int pd_cli_stdout_errno;

int main(int argc, char **argv)
{
    int rc = run(argc, argv);
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        int e = pd_cli_stdout_errno ? pd_cli_stdout_errno : errno;
        fprintf(stderr,
                "podium: cannot write the output: %s; check the free space, or where the output goes\n",
                e ? strerror(e) : "write error");
        if (rc == 0) rc = 1;
    }
    return rc;
}
