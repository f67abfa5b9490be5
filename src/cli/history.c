/* history.c - the history verbs: history, show, compare, trend, import,
 * export, delete, baseline, star, note, rate, and the store helpers the
 * programme's verbs share (cli.h). Every one goes through the store API
 * (podium/store.h), the same functions the app's History and Compare
 * screens use; there is no SQL here. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "cli.h"
#include "podium/store.h"

typedef struct hist_opts {
    const char *data_dir;
    int reset_db;
    int json, csv, yes, check, clear, off, force, again;
    const char *lang, *drill, *config;
    double target_s;
    const char *pos[64]; /* positional arguments */
    int npos;
} hist_opts;

/* One line on stderr, even when the message holds a line break. */
void pd_cli_say_error(const char *verb, const char *msg)
{
    fprintf(stderr, "podium %s: ", verb);
    for (const char *p = msg; *p; p++) fputc(*p == '\n' || *p == '\r' ? ' ' : *p, stderr);
    fputc('\n', stderr);
}

/* Parses the options every verb shares plus the ones in `allowed` (a list
 * of names separated by spaces). Returns 0, or 2 after printing a usage error. */
static int parse(const char *verb, int argc, char **argv, const char *allowed, hist_opts *o)
{
    memset(o, 0, sizeof *o);
    o->target_s = NAN;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || a[1] == 0 || (a[1] >= '0' && a[1] <= '9')) {
            if (o->npos >= (int)(sizeof o->pos / sizeof o->pos[0])) {
                fprintf(stderr, "podium %s: too many arguments\n", verb);
                return 2;
            }
            o->pos[o->npos++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            for (i++; i < argc && o->npos < 64; i++) o->pos[o->npos++] = argv[i];
            break;
        }
        char opt[40];
        snprintf(opt, sizeof opt, " %s ", a + 2);
        char allow[300];
        snprintf(allow, sizeof allow, " data-dir reset-db %s ", allowed);
        if (strncmp(a, "--", 2) != 0 || !strstr(allow, opt)) {
            fprintf(stderr, "podium %s: unknown option '%s'; see 'podium help'\n", verb, a);
            return 2;
        }
        const char *name = a + 2;
        int takes_value = strcmp(name, "data-dir") == 0 || strcmp(name, "lang") == 0 ||
                          strcmp(name, "drill") == 0 || strcmp(name, "config") == 0 ||
                          strcmp(name, "target") == 0;
        const char *v = NULL;
        if (takes_value) {
            if (i + 1 >= argc) {
                fprintf(stderr, "podium %s: %s needs a value\n", verb, a);
                return 2;
            }
            v = argv[++i];
        }
        if (strcmp(name, "data-dir") == 0)
            o->data_dir = v;
        else if (strcmp(name, "reset-db") == 0)
            o->reset_db = 1;
        else if (strcmp(name, "json") == 0)
            o->json = 1;
        else if (strcmp(name, "csv") == 0)
            o->csv = 1;
        else if (strcmp(name, "yes") == 0)
            o->yes = 1;
        else if (strcmp(name, "force") == 0)
            o->force = 1;
        else if (strcmp(name, "check") == 0)
            o->check = 1;
        else if (strcmp(name, "clear") == 0)
            o->clear = 1;
        else if (strcmp(name, "off") == 0)
            o->off = 1;
        else if (strcmp(name, "again") == 0)
            o->again = 1;
        else if (strcmp(name, "lang") == 0)
            o->lang = v;
        else if (strcmp(name, "drill") == 0)
            o->drill = v;
        else if (strcmp(name, "config") == 0)
            o->config = v;
        else if (strcmp(name, "target") == 0) {
            char *end;
            o->target_s = strtod(v, &end);
            if (*end || !(o->target_s > 0)) {
                fprintf(stderr, "podium %s: --target wants seconds, e.g. 60\n", verb);
                return 2;
            }
        }
    }
    if (o->json && o->csv) {
        fprintf(stderr, "podium %s: choose --json or --csv, not both\n", verb);
        return 2;
    }
    return 0;
}

static int want_args(const char *verb, const hist_opts *o, int lo, int hi, const char *usage)
{
    if (o->npos < lo || o->npos > hi) {
        fprintf(stderr, "podium %s: usage: podium %s\n", verb, usage);
        return 2;
    }
    return 0;
}

static int parse_id(const char *verb, const char *s, int64_t *id)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || v <= 0) {
        fprintf(stderr, "podium %s: '%s' is not a take id (a number from 'podium history')\n", verb, s);
        return 2;
    }
    *id = v;
    return 0;
}

int pd_cli_open_store(const char *verb, const char *data_dir, int reset_db, pd_store **st)
{
    pd_store_options so;
    pd_store_options_init(&so);
    so.data_dir = data_dir;
    so.reset_damaged = reset_db;
    char err[900];
    pd_store_status r = pd_store_open(&so, st, err, sizeof err);
    if (r != PD_STORE_OK) {
        pd_cli_say_error(verb, err);
        return 1;
    }
    if (pd_store_notice(*st)[0]) fprintf(stderr, "podium: %s\n", pd_store_notice(*st));
    return 0;
}

static int open_store(const char *verb, const hist_opts *o, pd_store **st)
{
    return pd_cli_open_store(verb, o->data_dir, o->reset_db, st);
}

static int store_error(const char *verb, pd_store *st)
{
    pd_cli_say_error(verb, pd_store_errmsg(st));
    return 1;
}

/* Text from the history as the text output shows it (pd_sb_text: \n, \xff,
 * ...), so a file name, a source or a note cannot break a line or the
 * table, nor send a terminal escape. put_text() prints it whole; shown()
 * keeps at most len - 1 bytes, cut before a character. */
static void put_text(FILE *f, const char *s)
{
    pd_sb sb;
    pd_sb_init(&sb);
    pd_sb_text(&sb, s);
    if (sb.data) fputs(sb.data, f);
    pd_sb_free(&sb);
}

static const char *shown(char *out, size_t len, const char *s)
{
    pd_sb sb;
    pd_sb_init(&sb);
    pd_sb_text(&sb, s);
    size_t n = sb.data ? sb.len : 0;
    if (n >= len) {
        n = len - 1;
        while (n > 0 && ((unsigned char)sb.data[n] & 0xC0) == 0x80) n--;
    }
    if (n) memcpy(out, sb.data, n);
    out[n] = 0;
    pd_sb_free(&sb);
    return out;
}

/* A recording without a take (a crash between saving the file and its row). */
static pd_store_status orphan_notice(pd_store *st)
{
    char **o = NULL;
    size_t n = 0;
    pd_store_status r = pd_store_orphans(st, &o, &n);
    if (r != PD_STORE_OK || n == 0) return r;
    fprintf(stderr, "podium: %zu recording%s in '", n, n == 1 ? "" : "s");
    put_text(stderr, pd_store_dir(st));
    fprintf(stderr,
            "/recordings' %s no take in the history (an interrupted save?). Import %s with:\n  podium import",
            n == 1 ? "has" : "have", n == 1 ? "it" : "them");
    for (size_t i = 0; i < n; i++) {
        fputs(" '", stderr);
        put_text(stderr, o[i]);
        fputc('\'', stderr);
    }
    fputc('\n', stderr);
    pd_store_free_strings(o, n);
    return PD_STORE_OK;
}

static void local_time(int64_t t, char *out, size_t len)
{
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    strftime(out, len, "%Y-%m-%d %H:%M", &tm);
}

static void put_num(double v, int width, int dec)
{
    if (isfinite(v))
        printf(" %*.*f", width, dec, v);
    else
        printf(" %*s", width, "-");
}

static int write_sb(const pd_sb *sb)
{
    if (pd_sb_status(sb) != PD_OK) {
        fprintf(stderr, "podium: out of memory\n");
        return 1;
    }
    fwrite(sb->data, 1, sb->len, stdout);
    return fflush(stdout) != 0;
}

/* The columns of the history table. */
static const pd_metric LIST_METRICS[] = {
    PD_METRIC_SPEECH_RATE,     PD_METRIC_WPM,   PD_METRIC_PAUSES_PER_MIN,
    PD_METRIC_FILLED_PER_100W, PD_METRIC_F0_SD, PD_METRIC_LOUDNESS,
};
#define N_LIST (sizeof LIST_METRICS / sizeof LIST_METRICS[0])

static void baseline_line(const pd_baseline *b)
{
    const pd_metric_info *mt = pd_metric_table();
    if (b->kind == PD_BASELINE_NONE) {
        printf("baseline: none yet (no take with speech)\n");
        return;
    }
    if (b->kind == PD_BASELINE_MARKED)
        printf("baseline: take %lld (marked):", (long long)b->take_id);
    else
        printf("baseline: median of the last %d take%s:", b->n_takes, b->n_takes == 1 ? "" : "s");
    for (size_t i = 0; i < N_LIST; i++) {
        double v = b->metric[LIST_METRICS[i]];
        if (isfinite(v)) printf(" %s %.1f %s;", mt[LIST_METRICS[i]].label, v, mt[LIST_METRICS[i]].unit);
    }
    printf("\n");
}

static int cmd_history(int argc, char **argv)
{
    hist_opts o;
    int rc = parse("history", argc, argv, "json csv check", &o);
    if (rc || (rc = want_args("history", &o, 0, 0, "history [--json|--csv] [--check] [--data-dir DIR]")))
        return rc;
    pd_store *st;
    if (open_store("history", &o, &st)) return 1;
    if (o.check) {
        rc = pd_store_check(st) == PD_STORE_OK ? (printf("the history database is intact\n"), 0)
                                               : store_error("history", st);
        pd_store_close(st);
        return rc;
    }
    pd_take *t = NULL;
    size_t n = 0;
    /* a damaged database is named (its message) wherever it is found */
    if (orphan_notice(st) != PD_STORE_OK || pd_store_list(st, 0, 0, &t, &n) != PD_STORE_OK) {
        rc = store_error("history", st);
        pd_store_close(st);
        return rc;
    }
    pd_sb sb;
    pd_sb_init(&sb);
    if (o.json) {
        pd_sb_puts(&sb, "[");
        for (size_t i = 0; i < n && rc == 0; i++) {
            pd_sb_puts(&sb, i ? ",\n" : "\n");
            if (pd_store_take_json(st, &t[i], 0, &sb) != PD_STORE_OK) rc = store_error("history", st);
        }
        pd_sb_puts(&sb, "\n]\n");
        if (rc == 0) rc = write_sb(&sb);
    } else if (o.csv) {
        pd_store_csv_header(&sb);
        for (size_t i = 0; i < n; i++) pd_store_take_csv(&t[i], &sb);
        rc = write_sb(&sb);
    } else if (n == 0) {
        printf("No takes yet. Record one, or bring existing recordings in with "
               "'podium import FILE...'.\n");
    } else {
        const pd_metric_info *mt = pd_metric_table();
        printf("%6s  %-16s  %-10s %7s", "id", "recorded", "drill", "length");
        for (size_t k = 0; k < N_LIST; k++) printf(" %10s", mt[LIST_METRICS[k]].label);
        printf("  note\n");
        for (size_t i = 0; i < n; i++) {
            char when[32], drill[11], note[41];
            local_time(t[i].recorded_at, when, sizeof when);
            printf("%6lld  %-16s  %-10s %6.1fs", (long long)t[i].id, when, shown(drill, sizeof drill, t[i].drill),
                   t[i].duration_s);
            for (size_t k = 0; k < N_LIST; k++)
                put_num(t[i].metric[LIST_METRICS[k]], 10, LIST_METRICS[k] == PD_METRIC_WPM ? 0 : 1);
            printf("  %s%s%s\n", t[i].star ? "* " : "", t[i].is_baseline ? "[baseline] " : "",
                   shown(note, sizeof note, t[i].note));
        }
        pd_baseline b;
        if (pd_store_baseline(st, 0, &b) != PD_STORE_OK)
            rc = store_error("history", st);
        else {
            baseline_line(&b);
            printf("%zu take%s (", n, n == 1 ? "" : "s");
            put_text(stdout, pd_store_dir(st));
            printf(")\n");
        }
    }
    pd_sb_free(&sb);
    free(t);
    pd_store_close(st);
    return rc;
}

static const char *sev_word(pd_severity s)
{
    return s == PD_SEV_WARNING ? "!" : s == PD_SEV_TIP ? "tip" : "-";
}

static int cmd_show(int argc, char **argv)
{
    hist_opts o;
    int64_t id;
    int rc = parse("show", argc, argv, "json", &o);
    if (rc || (rc = want_args("show", &o, 1, 1, "show ID [--json]")) ||
        (rc = parse_id("show", o.pos[0], &id)))
        return rc;
    pd_store *st;
    if (open_store("show", &o, &st)) return 1;
    pd_take t;
    pd_sb sb;
    pd_sb_init(&sb);
    if (pd_store_get(st, id, &t) != PD_STORE_OK) {
        rc = store_error("show", st);
        goto done;
    }
    if (o.json) {
        if (pd_store_take_json(st, &t, 1, &sb) != PD_STORE_OK)
            rc = store_error("show", st);
        else {
            pd_sb_puts(&sb, "\n");
            rc = write_sb(&sb);
        }
        goto done;
    }
    char when[32], path[4400];
    local_time(t.recorded_at, when, sizeof when);
    pd_store_recording_path(st, &t, path, sizeof path);
    printf("Take %lld, %s%s%s\n", (long long)t.id, when, t.star ? ", starred" : "",
           t.is_baseline ? ", your baseline" : "");
    printf("  drill ");
    put_text(stdout, t.drill);
    if (isfinite(t.target_s)) printf(" (target %.0f s)", t.target_s);
    printf(", language ");
    put_text(stdout, t.lang);
    printf(", length %.1f s", t.duration_s);
    if (t.dropped_frames) printf(", %ld frames dropped while recording", t.dropped_frames);
    printf("\n  recording: ");
    if (path[0])
        put_text(stdout, path);
    else if (t.recording[0]) { /* a name the store never gives: not followed (store.h) */
        printf("(not followed: the history names it '");
        put_text(stdout, t.recording);
        printf("', not a name Podium gives; the database is damaged there)");
    } else
        printf("(none kept)");
    printf("\n");
    if (t.source[0]) {
        printf("  imported from: ");
        put_text(stdout, t.source);
        printf("\n");
    }
    if (t.note[0]) {
        printf("  note: ");
        put_text(stdout, t.note);
        printf("\n");
    }
    pd_distress *d = NULL;
    size_t nd = 0;
    if (pd_store_distress(st, id, &d, &nd) != PD_STORE_OK) {
        rc = store_error("show", st);
        goto done;
    }
    if (nd) {
        printf("  distress (0-100):");
        for (size_t i = 0; i < nd; i++) {
            printf(" ");
            put_text(stdout, d[i].moment);
            printf(" %d;", d[i].rating);
        }
        printf("\n");
    }
    free(d);
    const pd_metric_info *mt = pd_metric_table();
    printf("\nFigures\n");
    for (int i = 0; i < PD_METRIC_COUNT; i++)
        if (isfinite(t.metric[i])) printf("  %-24s %9.2f %s\n", mt[i].name, t.metric[i], mt[i].unit);
    /* the units that are not words, explained once */
    printf(strcmp(pd_cli_ui_lang(), "it") == 0
               ? "  (syl/s = sillabe al secondo; LUFS = unità di volume rispetto al fondo scala, EBU R 128)\n"
               : "  (syl/s = syllables per second; LUFS = loudness units relative to full scale, EBU R 128)\n");
    pd_feedback_item *f = NULL;
    size_t nf = 0;
    if (pd_store_feedback(st, id, &f, &nf) != PD_STORE_OK) {
        rc = store_error("show", st);
        goto done;
    }
    if (nf) {
        printf("\nAdvice\n");
        for (size_t i = 0; i < nf; i++) {
            printf("  %-3s ", sev_word(f[i].severity));
            put_text(stdout, f[i].message);
            printf("\n");
        }
    }
    free(f);
    pd_baseline b;
    pd_feedback_bounds bounds;
    if (pd_cli_load_bounds(NULL, &bounds) != 0) pd_feedback_bounds_init(&bounds);
    /* the baseline of the take's own time; none for a take too short to judge */
    if (pd_store_baseline_before(st, id, &b) != PD_STORE_OK) {
        rc = store_error("show", st);
        goto done;
    }
    int too_short = isfinite(t.metric[PD_METRIC_SPEECH_S]) && t.metric[PD_METRIC_SPEECH_S] < bounds.min_speech_s;
    if (b.kind != PD_BASELINE_NONE && !too_short) {
        pd_feedback_item items[PD_METRIC_COUNT];
        size_t k = pd_baseline_feedback(&b, t.metric, &bounds, pd_cli_ui_lang(), items, PD_METRIC_COUNT);
        if (b.kind == PD_BASELINE_MARKED) printf("\nAgainst your baseline (the take you marked)\n");
        else printf("\nAgainst your baseline (median of the %d take%s before this one)\n", b.n_takes,
                    b.n_takes == 1 ? "" : "s");
        if (k == 0) printf("  -   close to your usual on every figure\n");
        for (size_t i = 0; i < k; i++) printf("  %-3s %s\n", sev_word(items[i].severity), items[i].message);
    }
done:
    pd_sb_free(&sb);
    pd_store_close(st);
    return rc;
}

static int cmd_compare(int argc, char **argv)
{
    hist_opts o;
    int64_t a, b;
    int rc = parse("compare", argc, argv, "json", &o);
    if (rc || (rc = want_args("compare", &o, 2, 2, "compare ID1 ID2")) ||
        (rc = parse_id("compare", o.pos[0], &a)) || (rc = parse_id("compare", o.pos[1], &b)))
        return rc;
    pd_feedback_bounds bounds;
    if (pd_cli_load_bounds(NULL, &bounds) != 0) return 2;
    pd_store *st;
    if (open_store("compare", &o, &st)) return 1;
    pd_compare_row rows[PD_METRIC_COUNT];
    if (pd_store_compare(st, a, b, &bounds, rows) != PD_STORE_OK) {
        rc = store_error("compare", st);
        pd_store_close(st);
        return rc;
    }
    const pd_metric_info *mt = pd_metric_table();
    if (o.json) {
        pd_sb sb;
        pd_sb_init(&sb);
        pd_sb_printf(&sb, "{\"a\": %lld, \"b\": %lld, \"metrics\": [", (long long)a, (long long)b);
        for (int i = 0; i < PD_METRIC_COUNT; i++) {
            pd_sb_printf(&sb, "%s\n  {\"metric\": \"%s\", \"a\": ", i ? "," : "", mt[i].name);
            pd_sb_json_num(&sb, rows[i].a, 3);
            pd_sb_puts(&sb, ", \"b\": ");
            pd_sb_json_num(&sb, rows[i].b, 3);
            pd_sb_printf(&sb, ", \"verdict\": \"%s\"}", pd_verdict_str(rows[i].verdict));
        }
        pd_sb_puts(&sb, "\n]}\n");
        rc = write_sb(&sb);
        pd_sb_free(&sb);
    } else {
        char ha[24], hb[24];
        snprintf(ha, sizeof ha, "take %lld", (long long)a);
        snprintf(hb, sizeof hb, "take %lld", (long long)b);
        printf("%-24s %10s %10s %9s  %-14s\n", "", ha, hb, "change", "unit");
        for (int i = 0; i < PD_METRIC_COUNT; i++) {
            printf("%-24s", mt[i].name);
            put_num(rows[i].a, 10, 2);
            put_num(rows[i].b, 10, 2);
            if (isfinite(rows[i].a) && isfinite(rows[i].b))
                printf(" %+9.2f", rows[i].b - rows[i].a);
            else
                printf(" %9s", "");
            printf("  %-14s %s\n", mt[i].unit, pd_verdict_str(rows[i].verdict));
        }
    }
    pd_store_close(st);
    return rc;
}

static int cmd_trend(int argc, char **argv)
{
    hist_opts o;
    int rc = parse("trend", argc, argv, "json", &o);
    if (rc || (rc = want_args("trend", &o, 1, 1, "trend METRIC (e.g. speech_rate_syl_s, fillers)")))
        return rc;
    int m = pd_metric_find(o.pos[0]);
    if (m < 0) {
        fprintf(stderr, "podium trend: unknown metric '%s'; one of:", o.pos[0]);
        for (int i = 0; i < PD_METRIC_COUNT; i++) fprintf(stderr, " %s", pd_metric_table()[i].name);
        fputc('\n', stderr);
        return 2;
    }
    pd_store *st;
    if (open_store("trend", &o, &st)) return 1;
    pd_trend_point *p = NULL;
    size_t n = 0;
    pd_baseline b;
    if (pd_store_trend(st, (pd_metric)m, &p, &n) != PD_STORE_OK ||
        pd_store_baseline(st, 0, &b) != PD_STORE_OK) {
        rc = store_error("trend", st);
        pd_store_close(st);
        return rc;
    }
    const pd_metric_info *mi = &pd_metric_table()[m];
    double base = b.metric[m];
    pd_feedback_bounds bounds;   /* the verdicts of compare: the same bounds */
    if (pd_cli_load_bounds(NULL, &bounds) != 0) pd_feedback_bounds_init(&bounds);
    if (o.json) {
        pd_sb sb;
        pd_sb_init(&sb);
        pd_sb_printf(&sb, "{\"metric\": \"%s\", \"unit\": \"%s\", \"baseline\": ", mi->name, mi->unit);
        pd_sb_json_num(&sb, base, 3);
        pd_sb_puts(&sb, ", \"points\": [");
        for (size_t i = 0; i < n; i++) {
            pd_sb_printf(&sb, "%s{\"id\": %lld, \"recorded_at_unix\": %lld, \"value\": ", i ? ", " : "",
                         (long long)p[i].id, (long long)p[i].recorded_at);
            pd_sb_json_num(&sb, p[i].value, 3);
            pd_sb_puts(&sb, "}");
        }
        pd_sb_puts(&sb, "]}\n");
        rc = write_sb(&sb);
        pd_sb_free(&sb);
    } else {
        printf("%s (%s), %zu take%s", mi->name, mi->unit, n, n == 1 ? "" : "s");
        if (isfinite(base))
            printf("; baseline %.2f (%s)", base,
                   b.kind == PD_BASELINE_MARKED ? "marked take" : "median of the last takes");
        printf("\n");
        double lo = INFINITY, hi = -INFINITY;
        for (size_t i = 0; i < n; i++) {
            lo = fmin(lo, p[i].value);
            hi = fmax(hi, p[i].value);
        }
        if (isfinite(base)) {
            lo = fmin(lo, base);
            hi = fmax(hi, base);
        }
        for (size_t i = 0; i < n; i++) {
            char when[32], bar[41];
            local_time(p[i].recorded_at, when, sizeof when);
            int w = hi > lo ? (int)lrint(40.0 * (p[i].value - lo) / (hi - lo)) : 20;
            int bw = isfinite(base) && hi > lo ? (int)lrint(40.0 * (base - lo) / (hi - lo)) : -1;
            for (int k = 0; k < 40; k++) bar[k] = k == bw ? '|' : k < w ? '#' : ' ';
            bar[40] = 0;
            const char *vd =
                isfinite(base) ? pd_verdict_str(pd_metric_verdict((pd_metric)m, base, p[i].value, &bounds)) : "";
            printf("%s  %6lld %9.2f  %s %s\n", when, (long long)p[i].id, p[i].value, bar, vd);
        }
    }
    free(p);
    pd_store_close(st);
    return rc;
}

static int cmd_import(int argc, char **argv)
{
    hist_opts o;
    int rc = parse("import", argc, argv, "lang drill target config again", &o);
    if (rc ||
        (rc = want_args("import", &o, 1, 64, "import [--lang en|it] [--drill KIND] [--target S] [--again] FILE...")))
        return rc;
    pd_take_meta meta;
    pd_take_meta_init(&meta);
    if (o.lang) {
        if (pd_syllables_per_word(o.lang) <= 0.0) {
            fprintf(stderr, "podium import: unknown language '%s'; use en or it\n", o.lang);
            return 2;
        }
        snprintf(meta.lang, sizeof meta.lang, "%s", o.lang);
    }
    if (o.drill) snprintf(meta.drill, sizeof meta.drill, "%s", o.drill);
    if (isfinite(o.target_s)) meta.target_s = o.target_s;
    pd_feedback_bounds bounds;
    if (pd_cli_load_bounds(o.config, &bounds) != 0) return 2;
    pd_store *st;
    if (open_store("import", &o, &st)) return 1;
    const char *ui = pd_cli_ui_lang();
    int failed = 0;
    for (int i = 0; i < o.npos; i++) {
        int64_t id;
        meta.recorded_at = 0;
        meta.source[0] = 0;
        /* the same file again: said, and skipped unless --again */
        char real[PATH_MAX];
        int64_t before = 0;
        if (!o.again && realpath(o.pos[i], real) && pd_store_find_source(st, real, &before) != PD_STORE_OK) {
            pd_cli_say_error("import", pd_store_errmsg(st));
            failed++;
            continue;
        }
        if (before > 0) {
            fprintf(stderr, "podium import: '");
            put_text(stderr, o.pos[i]);
            fprintf(stderr, "' is already in your history as take %lld; not imported again "
                            "(use --again to import it once more)\n", (long long)before);
            failed++;
            continue;
        }
        if (pd_store_import(st, o.pos[i], &meta, &bounds, ui, &id) != PD_STORE_OK) {
            pd_cli_say_error("import", pd_store_errmsg(st));
            failed++;
            continue;
        }
        pd_take t;
        if (pd_store_get(st, id, &t) != PD_STORE_OK) {
            store_error("import", st);
            failed++;
        } else {
            printf("take %lld: ", (long long)id);
            put_text(stdout, o.pos[i]);
            if (t.speech_detected)
                printf(" (%.1f s, %.1f syl/s, %.1f filled pauses per 100 words)", t.duration_s,
                       t.metric[PD_METRIC_SPEECH_RATE], t.metric[PD_METRIC_FILLED_PER_100W]);
            else
                printf(" (%.1f s, no speech detected)", t.duration_s);
            printf("\n");
            pd_baseline b;
            if (pd_store_baseline_before(st, id, &b) != PD_STORE_OK) {
                store_error("import", st);
                failed++;
            } else {
                pd_feedback_item items[PD_METRIC_COUNT];
                size_t k = pd_baseline_feedback(&b, t.metric, &bounds, ui, items, PD_METRIC_COUNT);
                for (size_t j = 0; j < k; j++) printf("  %s\n", items[j].message);
            }
        }
    }
    pd_store_close(st);
    return failed ? 1 : 0;
}

static int cmd_export(int argc, char **argv)
{
    hist_opts o;
    int rc = parse("export", argc, argv, "force", &o);
    if (rc || (rc = want_args("export", &o, 1, 1, "export [--force] DIR"))) return rc;
    pd_store *st;
    if (open_store("export", &o, &st)) return 1;
    /* never into the history itself (a copy onto its own recording empties
     * it), and never over an earlier export unless --force (outputs.c) */
    char rec[4200];
    snprintf(rec, sizeof rec, "%s/recordings", pd_store_dir(st));
    if (pd_cli_same_file(o.pos[0], pd_store_dir(st)) || pd_cli_same_file(o.pos[0], rec)) {
        fprintf(stderr, "podium export: '%s' is the history's own folder; give another folder\n", o.pos[0]);
        pd_store_close(st);
        return 2;
    }
    DIR *d = opendir(o.pos[0]);
    int used = 0;
    for (struct dirent *de; d && (de = readdir(d)) != NULL;)
        if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0) used = 1;
    if (d) closedir(d);
    if (used && !o.force) {
        fprintf(stderr,
                "podium export: '%s' is not empty; give --force to write over its files (or an empty "
                "or new folder)\n",
                o.pos[0]);
        pd_store_close(st);
        return 1;
    }
    size_t n = 0;
    if (pd_store_export(st, o.pos[0], &n) != PD_STORE_OK)
        rc = store_error("export", st);
    else
        printf("exported %zu take%s to %s (takes.csv, takes.json, recordings/; the programme: "
               "exposures.csv, exposures.json, ladder.txt)\n",
               n, n == 1 ? "" : "s", o.pos[0]);
    pd_store_close(st);
    return rc;
}

static int cmd_delete(int argc, char **argv)
{
    hist_opts o;
    int64_t id;
    int rc = parse("delete", argc, argv, "yes", &o);
    if (rc || (rc = want_args("delete", &o, 1, 1, "delete ID [--yes]")) ||
        (rc = parse_id("delete", o.pos[0], &id)))
        return rc;
    pd_store *st;
    if (open_store("delete", &o, &st)) return 1;
    pd_take t;
    if (pd_store_get(st, id, &t) != PD_STORE_OK) {
        rc = store_error("delete", st);
        pd_store_close(st);
        return rc;
    }
    if (!o.yes) {
        char when[32], line[16];
        local_time(t.recorded_at, when, sizeof when);
        fprintf(stderr, "Delete take %lld (%s, %.1f s)%s? This cannot be undone. [y/N] ", (long long)id, when,
                t.duration_s, t.recording[0] ? " and its recording" : "");
        if (!fgets(line, sizeof line, stdin) || (line[0] != 'y' && line[0] != 'Y')) {
            fprintf(stderr, "\nnot deleted (give --yes to delete without asking)\n");
            pd_store_close(st);
            return 1;
        }
    }
    if (pd_store_delete(st, id) != PD_STORE_OK)
        rc = store_error("delete", st);
    else
        printf("deleted take %lld\n", (long long)id);
    pd_store_close(st);
    return rc;
}

static int cmd_baseline(int argc, char **argv)
{
    hist_opts o;
    int64_t id = 0;
    int rc = parse("baseline", argc, argv, "clear", &o);
    if (rc || (rc = want_args("baseline", &o, 0, 1, "baseline [ID | --clear]"))) return rc;
    if (o.npos == 1 && (rc = parse_id("baseline", o.pos[0], &id))) return rc;
    pd_store *st;
    if (open_store("baseline", &o, &st)) return 1;
    if ((o.npos == 1 || o.clear) && pd_store_set_baseline(st, id) != PD_STORE_OK)
        rc = store_error("baseline", st);
    pd_baseline b;
    if (rc == 0) {
        if (pd_store_baseline(st, 0, &b) != PD_STORE_OK)
            rc = store_error("baseline", st);
        else
            baseline_line(&b);
    }
    pd_store_close(st);
    return rc;
}

static int cmd_star(int argc, char **argv)
{
    hist_opts o;
    int64_t id;
    int rc = parse("star", argc, argv, "off", &o);
    if (rc || (rc = want_args("star", &o, 1, 1, "star ID [--off]")) || (rc = parse_id("star", o.pos[0], &id)))
        return rc;
    pd_store *st;
    if (open_store("star", &o, &st)) return 1;
    if (pd_store_set_star(st, id, !o.off) != PD_STORE_OK) rc = store_error("star", st);
    else printf("take %lld: %s\n", (long long)id, o.off ? "star removed" : "starred");
    pd_store_close(st);
    return rc;
}

static int cmd_note(int argc, char **argv)
{
    hist_opts o;
    int64_t id;
    int rc = parse("note", argc, argv, "", &o);
    if (rc || (rc = want_args("note", &o, 1, 2, "note ID [TEXT] (no TEXT clears it)")) ||
        (rc = parse_id("note", o.pos[0], &id)))
        return rc;
    pd_store *st;
    if (open_store("note", &o, &st)) return 1;
    const char *note = o.npos == 2 ? o.pos[1] : "";
    if (pd_store_set_note(st, id, note) != PD_STORE_OK) rc = store_error("note", st);
    else printf("take %lld: %s\n", (long long)id, note[0] ? "note saved" : "note cleared");
    pd_store_close(st);
    return rc;
}

static int cmd_rate(int argc, char **argv)
{
    hist_opts o;
    int64_t id;
    int rc = parse("rate", argc, argv, "", &o);
    if (rc || (rc = want_args("rate", &o, 3, 3, "rate ID MOMENT RATING (e.g. rate 4 before 60)")) ||
        (rc = parse_id("rate", o.pos[0], &id)))
        return rc;
    char *end;
    long v = strtol(o.pos[2], &end, 10);
    if (*end || v < 0 || v > 100) {
        fprintf(stderr, "podium rate: the rating is a number 0-100 (SUDS)\n");
        return 2;
    }
    pd_store *st;
    if (open_store("rate", &o, &st)) return 1;
    if (pd_store_add_distress(st, id, o.pos[1], (int)v) != PD_STORE_OK) rc = store_error("rate", st);
    pd_store_close(st);
    return rc;
}

void pd_cli_history_usage(FILE *f)
{
    fputs("  podium history [--json|--csv] [--check]  the takes kept, newest first, with the\n"
          "                                        main figures and the baseline\n"
          "  podium show ID [--json]               one take: figures, advice, against the baseline\n"
          "  podium compare ID1 ID2 [--json]       the figures side by side, better or worse\n"
          "  podium trend METRIC [--json]          a figure over time, with the baseline\n"
          "  podium import [--lang L] [--drill K] [--target S] [--again] FILE...\n"
          "                                        analyse recordings and keep them (a file\n"
          "                                        already imported: only with --again)\n"
          "  podium export [--force] DIR           recordings + takes.csv + takes.json, and the\n"
          "                                        programme: exposures.csv, exposures.json, ladder.txt\n"
          "  podium delete ID [--yes]              a take and its recording\n"
          "  podium baseline [ID | --clear]        mark your calm baseline take (default:\n"
          "                                        the median of your last 5 takes)\n"
          "  podium star ID [--off] | note ID [TEXT] | rate ID MOMENT 0-100\n",
          f);
}

int pd_cli_history_verb(const char *verb, int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*fn)(int, char **);
    } VERBS[] = {
        {"history", cmd_history}, {"show", cmd_show},         {"compare", cmd_compare},
        {"trend", cmd_trend},     {"import", cmd_import},     {"export", cmd_export},
        {"delete", cmd_delete},   {"baseline", cmd_baseline}, {"star", cmd_star},
        {"note", cmd_note},       {"rate", cmd_rate},
    };
    for (size_t i = 0; i < sizeof VERBS / sizeof VERBS[0]; i++)
        if (strcmp(verb, VERBS[i].name) == 0) return VERBS[i].fn(argc, argv);
    return -1;
}
