/* analyse.c - "podium analyse": the report of a recording.
 * --exclude START-END[,START-END...] (seconds) masks those spans of the
 * take as a drill masks the distractions it played (analysis.h). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "podium/audio_file.h"
#include "podium/report.h"
#include "podium/text_files.h"

const char *pd_cli_ui_lang(void)
{
    const char *vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
    for (int i = 0; i < 3; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v) return strncmp(v, "it", 2) == 0 ? "it" : "en";
    }
    return "en";
}

/* Prints "podium: msg" as exactly one line: libsndfile's texts may hold
 * line breaks, and a file name may too. */
static void one_line_error(const char *msg)
{
    fputs("podium: ", stderr);
    for (const char *p = msg; *p; p++) fputc(*p == '\n' || *p == '\r' ? ' ' : *p, stderr);
    fputc('\n', stderr);
}

/* The config through the one small-file reader (text_files.h): a regular
 * file of at most PD_CONFIG_MAX_BYTES, so /dev/zero or a FIFO is refused at
 * once instead of read for ever. */
#define PD_CONFIG_MAX_BYTES 65536

static char *slurp(const char *path, char *err, size_t err_len)
{
    char *text, why[1200];
    size_t len;
    if (pd_read_small_file(path, PD_CONFIG_MAX_BYTES, &text, &len, why, sizeof why) != 0) {
        snprintf(err, err_len, "config %s; give a feedback config file (see 'podium bounds')", why);
        return NULL;
    }
    if (memchr(text, 0, len)) {
        snprintf(err, err_len, "config '%s' is not a text file (it holds a NUL byte)", path);
        free(text);
        return NULL;
    }
    return text;
}

int pd_cli_load_bounds(const char *path, pd_feedback_bounds *b)
{
    return pd_cli_load_config(path, b, NULL);
}

int pd_cli_load_rules(const char *path, pd_exposure_rules *r)
{
    pd_feedback_bounds b;
    return pd_cli_load_config(path, &b, r);
}

int pd_cli_load_config(const char *path, pd_feedback_bounds *b, pd_exposure_rules *rules)
{
    pd_feedback_bounds_init(b);
    if (rules) pd_exposure_rules_init(rules);
    char def[1024];
    int explicit_path = path != NULL;
    if (!path) path = getenv("PODIUM_CONFIG");
    if (path && *path) explicit_path = 1;
    else {
        const char *xdg = getenv("XDG_CONFIG_HOME");
        const char *home = getenv("HOME");
        if (xdg && *xdg) snprintf(def, sizeof def, "%s/podium/feedback.conf", xdg);
        else if (home && *home) snprintf(def, sizeof def, "%s/.config/podium/feedback.conf", home);
        else return 0;
        if (access(def, F_OK) != 0) return 0; /* no user config: defaults */
        path = def;
    }
    char err[1400];
    char *text = slurp(path, err, sizeof err);
    if (!text) {
        one_line_error(err);
        return explicit_path ? 1 : 0;
    }
    char perr[200];
    pd_status st = pd_feedback_bounds_parse(b, text, perr, sizeof perr);
    if (st == PD_OK) st = pd_exposure_rules_parse(rules ? rules : &(pd_exposure_rules){ 0 }, text, perr, sizeof perr);
    free(text);
    if (st != PD_OK) {
        fprintf(stderr, "podium: config '%s': %s; fix it or remove it\n", path, perr);
        return 1;
    }
    return 0;
}

#define EXCLUDE_MAX 1000          /* intervals in one --exclude */
#define EXCLUDE_MAX_S 86400.0     /* a day: beyond any take */

/* A plain decimal number of seconds ("2", "2.5", ".5"), no sign, exponent,
 * hex, inf or nan: what a person types. Returns the end, or NULL. */
static const char *seconds(const char *p, double *v)
{
    const char *s = p;
    int digits = 0;
    while (*p >= '0' && *p <= '9') { p++; digits++; }
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9') { p++; digits++; }
    }
    if (!digits || p - s > 32) return NULL;
    char buf[40];
    memcpy(buf, s, (size_t)(p - s));
    buf[p - s] = 0;
    *v = strtod(buf, NULL);
    return p;
}

/* Parses START-END[,START-END...] into *out (caller frees). Returns 0, or -1
 * with a one-line reason in err. */
static int parse_exclude(const char *arg, pd_interval **out, size_t *n_out, char *err, size_t err_len)
{
    *out = NULL;
    *n_out = 0;
    size_t n = 1;
    for (const char *p = arg; *p; p++) n += *p == ',';
    if (n > EXCLUDE_MAX) {
        snprintf(err, err_len, "%zu intervals; at most %d", n, EXCLUDE_MAX);
        return -1;
    }
    pd_interval *iv = malloc(n * sizeof *iv);
    if (!iv) { snprintf(err, err_len, "out of memory"); return -1; }
    const char *p = arg;
    for (size_t i = 0; i < n; i++) {
        const char *item = p;
        size_t len = strcspn(item, ",");
        double a, b;
        const char *q = seconds(item, &a);
        if (q && *q == '-') q = seconds(q + 1, &b);
        else q = NULL;
        if (len == 0) {
            snprintf(err, err_len, "an empty interval in '%.60s' (a comma too many?)", arg);
            free(iv);
            return -1;
        }
        if (!q || q != item + len) {
            snprintf(err, err_len, "'%.*s' is not START-END in seconds (e.g. 2.5-2.8)", (int)(len > 60 ? 60 : len), item);
            free(iv);
            return -1;
        }
        if (!(a < b)) {
            snprintf(err, err_len, "'%.*s': the start must come before the end", (int)len, item);
            free(iv);
            return -1;
        }
        if (b > EXCLUDE_MAX_S) {
            snprintf(err, err_len, "'%.*s': ends after %.0f s (a day), beyond any take", (int)len, item, EXCLUDE_MAX_S);
            free(iv);
            return -1;
        }
        iv[i].start_s = a;
        iv[i].end_s = b;
        p = item + len + (item[len] == ',');
    }
    *out = iv;
    *n_out = n;
    return 0;
}

/* Writes sb to a new file (an existing one only with force: outputs.c). */
static int write_text_file(const char *path, const pd_sb *sb, int force)
{
    int fd = pd_cli_create_output("analyse", path, force);
    if (fd < 0) return 1;
    size_t off = 0;
    while (off < sb->len) {
        ssize_t w = write(fd, sb->data + off, sb->len - off);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) break;
        off += (size_t)w;
    }
    int bad = off < sb->len, e = errno;
    if (close(fd) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    if (bad) {
        fprintf(stderr, "podium: cannot write '%s': %s; check the free space\n", path, strerror(e));
        return 1;
    }
    return 0;
}

int pd_cli_analyse(int argc, char **argv)
{
    int json = 0, tracks = 0, force = 0;
    const char *textgrid = NULL, *lang = "en", *config = NULL, *file = NULL, *exclude = NULL;
    double target_s = NAN;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--json") == 0) json = 1;
        else if (strcmp(a, "--tracks") == 0) tracks = 1;
        else if (strcmp(a, "--force") == 0)
            force = 1;
        else if ((strcmp(a, "--textgrid") == 0 || strcmp(a, "--lang") == 0 ||
                  strcmp(a, "--config") == 0 || strcmp(a, "--exclude") == 0 ||
                  strcmp(a, "--target") == 0)) {
            if (i + 1 >= argc) {
                fprintf(stderr, "podium analyse: %s needs a value\n", a);
                return 2;
            }
            const char *v = argv[++i];
            if (strcmp(a, "--target") == 0) {
                char *end;
                target_s = strtod(v, &end);
                if (end == v || *end || !(target_s > 0) || target_s > 86400) {
                    fprintf(stderr, "podium analyse: --target wants the target length in seconds, "
                                    "e.g. --target 60 (got '%s')\n", v);
                    return 2;
                }
            } else if (a[2] == 't') textgrid = v;
            else if (a[2] == 'l') lang = v;
            else if (a[2] == 'e') exclude = v;
            else config = v;
        } else if (a[0] == '-' && a[1] != 0) {
            fprintf(stderr, "podium analyse: unknown option '%s'; see 'podium help'\n", a);
            return 2;
        } else if (!file) file = a;
        else {
            fprintf(stderr, "podium analyse: one file at a time ('%s' is extra)\n", a);
            return 2;
        }
    }
    if (!file) {
        fprintf(stderr, "podium analyse: no file given; usage: podium analyse [--json] FILE\n");
        return 2;
    }
    if (pd_syllables_per_word(lang) <= 0.0) {
        fprintf(stderr, "podium analyse: unknown language '%s'; use en or it\n", lang);
        return 2;
    }
    pd_feedback_bounds bounds;
    if (pd_cli_load_bounds(config, &bounds) != 0) return 2;
    if (textgrid) { /* before the analysis: the TextGrid never replaces the take or a file */
        const char *inputs[2] = {file, config};
        int orc = pd_cli_check_output("analyse", textgrid, inputs, 2, force);
        if (orc) return orc;
    }

    pd_interval *excl = NULL;
    size_t n_excl = 0;
    char err[600];
    if (exclude && parse_exclude(exclude, &excl, &n_excl, err, sizeof err) != 0) {
        fprintf(stderr, "podium analyse: --exclude: %s\n", err);
        return 2;
    }

    pd_analysis_config cfg;
    pd_analysis_config_init(&cfg, lang);
    cfg.exclude = excl;
    cfg.n_exclude = n_excl;
    pd_report *r = NULL;
    if (pd_analyse_file(file, &cfg, &r, err, sizeof err) != 0) {
        free(excl);
        one_line_error(err);
        return 1;
    }
    if (err[0]) one_line_error(err); /* a note: the file was read, its header was wrong */
    /* the take's length is known only now */
    for (size_t i = 0; i < n_excl; i++)
        if (excl[i].start_s >= r->duration_s) {
            fprintf(stderr, "podium analyse: --exclude: '%g-%g' starts after the end of '%s' (%.2f s)\n",
                    excl[i].start_s, excl[i].end_s, file, r->duration_s);
            free(excl);
            pd_report_destroy(r);
            return 2;
        }
    free(excl);
    const char *ui = pd_cli_ui_lang();
    int rc = 0;
    if (pd_feedback_evaluate_timed(r, &bounds, target_s, ui) != PD_OK) {
        fprintf(stderr, "podium: out of memory while writing feedback\n");
        rc = 1;
        goto done;
    }
    pd_sb sb;
    pd_sb_init(&sb);
    if (json) pd_report_json(r, tracks, &sb);
    else pd_report_text(r, file, ui, &sb);
    if (pd_sb_status(&sb) != PD_OK) {
        fprintf(stderr, "podium: out of memory while formatting the report\n");
        rc = 1;
    } else {
        if (fwrite(sb.data, 1, sb.len, stdout) != sb.len ||
            fflush(stdout) != 0) { /* before the TextGrid is written; said in main() */
            pd_cli_stdout_errno = errno;
            rc = 1;
        }
    }
    pd_sb_free(&sb);
    if (rc == 0 && textgrid) {
        pd_sb tg;
        pd_sb_init(&tg);
        pd_report_textgrid(r, &tg);
        rc = pd_sb_status(&tg) != PD_OK ? 1 : write_text_file(textgrid, &tg, force);
        pd_sb_free(&tg);
    }
done:
    pd_report_destroy(r);
    return rc;
}

int pd_cli_bounds(int argc, char **argv)
{
    (void)argc; (void)argv;
    pd_feedback_bounds b;
    pd_exposure_rules r;
    if (pd_cli_load_config(NULL, &b, &r) != 0) return 2;
    size_t n;
    const pd_bound_info *t = pd_feedback_bound_table(&n);
    printf("# Podium feedback bounds (current values). Override any of them in\n"
           "# $XDG_CONFIG_HOME/podium/feedback.conf (or --config FILE) as 'name = value'.\n");
    for (size_t i = 0; i < n; i++)
        printf("%-26s = %-7g # %s (%g to %g), %s\n", t[i].name,
               *(const double *)((const char *)&b + t[i].offset), t[i].unit, t[i].lo, t[i].hi, t[i].doc);
    const pd_rule_info *rt = pd_exposure_rule_table(&n);
    printf("# The desensitisation programme's suggestion rules (same file).\n");
    for (size_t i = 0; i < n; i++)
        printf("%-26s = %-7g # %s (%g to %g), %s\n", rt[i].name, *(const double *)((const char *)&r + rt[i].offset),
               rt[i].unit, rt[i].lo, rt[i].hi, rt[i].doc);
    return 0;
}
