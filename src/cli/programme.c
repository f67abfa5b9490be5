/* programme.c - the desensitisation programme's verbs: ladder (list,
 * export FILE, import FILE), exposure log STEP, exposure delete ID,
 * exposures. Like history.c they go through the store API (podium/store.h)
 * and the programme's pure core (podium/exposure.h) only; there is no SQL
 * here.
 *
 * Exit status: 0 done, 1 it could not be done (the store, a file, a step
 * that is not on the ladder), 2 a usage mistake (an unknown option, a
 * rating outside 0-100, a bad date). On failure nothing is stored. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "cli.h"
#include "podium/text_files.h"

#define LADDER_FILE_MAX 65536 /* a ladder file is a few KB; anything bigger is not one */

typedef struct prog_opts {
    const char *data_dir;
    int reset_db;
    int json, csv, force, yes;
    const char *lang, *config;
    const char *before, *peak, *after, *feared, *likelihood, *happened, *take, *date;
    const char *pos[8]; /* positional arguments */
    int npos;
} prog_opts;

/* The options that take a value, and where it goes. */
static const char **value_slot(prog_opts *o, const char *name)
{
    static const char *const names[] = {"data-dir", "lang",       "config",   "before", "peak", "after",
                                        "feared",   "likelihood", "happened", "take",   "date"};
    const char **slots[] = {&o->data_dir, &o->lang,       &o->config,   &o->before, &o->peak, &o->after,
                            &o->feared,   &o->likelihood, &o->happened, &o->take,   &o->date};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i]) == 0) return slots[i];
    return NULL;
}

/* Parses argv[first..] with the shared options (--data-dir, --reset-db)
 * plus those in `allowed` (names separated by spaces). 0, or 2 after a
 * usage error. */
static int parse(const char *verb, int argc, char **argv, int first, const char *allowed, prog_opts *o)
{
    memset(o, 0, sizeof *o);
    for (int i = first; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || a[1] == 0) {
            if (o->npos >= (int)(sizeof o->pos / sizeof o->pos[0])) {
                fprintf(stderr, "podium %s: too many arguments\n", verb);
                return 2;
            }
            o->pos[o->npos++] = a;
            continue;
        }
        char opt[40], allow[300];
        snprintf(opt, sizeof opt, " %s ", a + 2);
        snprintf(allow, sizeof allow, " data-dir reset-db %s ", allowed);
        if (strncmp(a, "--", 2) != 0 || strlen(a) > 30 || !strstr(allow, opt)) {
            fprintf(stderr, "podium %s: unknown option '%s'; see 'podium help'\n", verb, a);
            return 2;
        }
        const char *name = a + 2;
        const char **slot = value_slot(o, name);
        if (slot) {
            if (i + 1 >= argc) {
                fprintf(stderr, "podium %s: %s needs a value\n", verb, a);
                return 2;
            }
            *slot = argv[++i];
        } else if (strcmp(name, "reset-db") == 0)
            o->reset_db = 1;
        else if (strcmp(name, "json") == 0)
            o->json = 1;
        else if (strcmp(name, "csv") == 0)
            o->csv = 1;
        else if (strcmp(name, "force") == 0)
            o->force = 1;
        else if (strcmp(name, "yes") == 0)
            o->yes = 1;
    }
    if (o->json && o->csv) {
        fprintf(stderr, "podium %s: choose --json or --csv, not both\n", verb);
        return 2;
    }
    return 0;
}

/* The interface language: --lang, else the locale (as `podium analyse`). */
static int ui_lang(const char *verb, const prog_opts *o, const char **lang)
{
    if (!o->lang) {
        *lang = pd_cli_ui_lang();
        return 0;
    }
    if (strcmp(o->lang, "en") != 0 && strcmp(o->lang, "it") != 0) {
        fprintf(stderr, "podium %s: unknown language '%s'; use en or it\n", verb, o->lang);
        return 2;
    }
    *lang = o->lang;
    return 0;
}

static int store_error(const char *verb, pd_store *st)
{
    pd_cli_say_error(verb, pd_store_errmsg(st));
    return 1;
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

/* A rating option: absent is a skip; else a whole number 0-100. */
static int parse_rating(const char *verb, const char *opt, const char *v, int *out)
{
    *out = PD_RATING_NONE;
    if (!v) return 0;
    char *end;
    errno = 0;
    long r = strtol(v, &end, 10);
    if (errno || end == v || *end || r < 0 || r > 100) {
        fprintf(stderr, "podium %s: --%s is a rating from 0 to 100 (SUDS: 0 calm, 100 the worst you can imagine), "
                "not '%s'\n", verb, opt, v);
        return 2;
    }
    *out = (int)r;
    return 0;
}

/* --date YYYY-MM-DD: noon local time of that day (so the day shown is that
 * day in any time zone near ours); not in the future. */
static int parse_date(const char *verb, const char *v, int64_t *out)
{
    int y, m, d;
    char extra;
    if (sscanf(v, "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3 || strlen(v) != 10) {
        fprintf(stderr, "podium %s: --date wants a day as YYYY-MM-DD (e.g. 2024-03-01), not '%s'\n", verb, v);
        return 2;
    }
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    tm.tm_year = y - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = d;
    tm.tm_hour = 12;
    tm.tm_isdst = -1;
    time_t t = mktime(&tm);
    /* mktime normalises 2024-02-30 to March 1: a day that does not exist */
    if (t == (time_t)-1 || y < 1970 || tm.tm_year != y - 1900 || tm.tm_mon != m - 1 || tm.tm_mday != d) {
        fprintf(stderr, "podium %s: --date '%s' is not a day of the calendar\n", verb, v);
        return 2;
    }
    time_t now = time(NULL);
    struct tm today;
    localtime_r(&now, &today);
    if (y * 10000 + m * 100 + d >
        (today.tm_year + 1900) * 10000 + (today.tm_mon + 1) * 100 + today.tm_mday) {
        fprintf(stderr, "podium %s: --date %s is in the future; log an exposure once it is done\n", verb, v);
        return 2;
    }
    *out = t > now ? (int64_t)now : (int64_t)t; /* today before noon: now */
    return 0;
}

static void local_day(int64_t t, char *out, size_t len)
{
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    strftime(out, len, "%Y-%m-%d", &tm);
}

/* Reads a small text file whole with the one small-file reader
 * (text_files.h: a regular file of at most max bytes), with no NUL in it.
 * NULL with one line in err otherwise. Caller frees. */
static char *read_text_file(const char *path, size_t max, char *err, size_t err_len)
{
    char *buf;
    size_t len;
    if (pd_read_small_file(path, max, &buf, &len, err, err_len) != 0) return NULL;
    if (memchr(buf, 0, len)) {
        snprintf(err, err_len, "'%s' is not a text file (it holds a NUL byte)", path);
        free(buf);
        return NULL;
    }
    return buf;
}

/* The words of the ladder listing, in the interface's language. */
typedef struct ladder_words {
    const char *title, *steps, *here, *expected, *not_rated, *attempts, *attempt, *latest_peak, *empty, *made, *log;
} ladder_words;

static const ladder_words WORDS_EN = {
    "Your ladder",
    "steps, easiest first; > marks where you are",
    "you are here",
    "expected distress",
    "not rated",
    "attempts",
    "attempt",
    "latest peak",
    "The ladder is empty: bring one in with 'podium ladder import FILE'.",
    "(the default ladder was made; change it with 'podium ladder export FILE', edit, 'podium ladder import FILE')",
    "Log an exposure with: podium exposure log STEP --before N --peak N --after N",
};
static const ladder_words WORDS_IT = {
    "La tua scala",
    "passi, dal più facile; > indica dove sei",
    "sei qui",
    "disagio atteso",
    "non valutato",
    "tentativi",
    "tentativo",
    "ultimo picco",
    "La scala è vuota: importane una con 'podium ladder import FILE'.",
    "(è stata creata la scala predefinita; cambiala con 'podium ladder export FILE', modifica, 'podium ladder "
    "import FILE')",
    "Registra un'esposizione con: podium exposure log PASSO --before N --peak N --after N",
};

/* ---- podium ladder ----------------------------------------------------------------- */

/* The ladder and its progress; the default ladder is made the first time. */
static int load_ladder(const char *verb, pd_store *st, const char *lang, const pd_exposure_rules *rules,
                       pd_ladder *l, int *created, pd_exposure **ex, size_t *n, pd_step_progress *prog)
{
    if (pd_store_ladder(st, lang, l, created) != PD_STORE_OK || pd_store_exposures(st, ex, n) != PD_STORE_OK)
        return store_error(verb, st);
    if (prog) pd_ladder_progress(l, *ex, *n, rules, prog);
    return 0;
}

static int ladder_list(const prog_opts *o, const char *lang, const pd_exposure_rules *rules)
{
    pd_store *st;
    if (pd_cli_open_store("ladder", o->data_dir, o->reset_db, &st)) return 1;
    static pd_ladder l;
    static pd_step_progress prog[PD_LADDER_MAX];
    pd_exposure *ex = NULL;
    size_t n = 0;
    int created = 0;
    int rc = load_ladder("ladder", st, lang, rules, &l, &created, &ex, &n, prog);
    if (rc) goto done;
    pd_sb sb;
    pd_sb_init(&sb);
    if (o->json) {
        pd_ladder_json(&l, prog, lang, &sb);
        pd_sb_puts(&sb, "\n");
        rc = write_sb(&sb);
        pd_sb_free(&sb);
        goto done;
    }
    const ladder_words *w = strcmp(lang, "it") == 0 ? &WORDS_IT : &WORDS_EN;
    if (l.n == 0) {
        printf("%s\n", w->empty);
        goto done;
    }
    printf("%s (%d %s)\n", w->title, l.n, w->steps);
    for (int i = 0; i < l.n; i++) {
        const pd_step *s = &l.step[i];
        char desc[400], extra[400];
        pd_step_describe(s, lang, desc, sizeof desc);
        if (i == l.current)
            printf(">%3d. %s   (%s)\n", i + 1, s->title, w->here);
        else
            printf(" %3d. %s\n", i + 1, s->title);
        printf("      %s\n", desc);
        if (pd_step_needs_audience(s, lang, extra, sizeof extra)) printf("      (%s)\n", extra);
        printf("      %s ", w->expected);
        if (s->expected == PD_RATING_NONE)
            printf("%s", w->not_rated);
        else
            printf("%d", s->expected);
        printf("; %s", pd_step_status_words(prog[i].status, lang));
        if (prog[i].attempts)
            printf(", %d %s", prog[i].attempts, prog[i].attempts == 1 ? w->attempt : w->attempts);
        if (prog[i].last_peak != PD_RATING_NONE) printf(", %s %d", w->latest_peak, prog[i].last_peak);
        printf("\n");
    }
    char status[300];
    pd_programme_status(&l, ex, n, (int64_t)time(NULL), lang, status, sizeof status);
    printf("%s\n%s\n", status, w->log);
    if (created) printf("%s\n", w->made);
done:
    free(ex);
    pd_store_close(st);
    return rc;
}

static int ladder_export(const prog_opts *o, const char *lang, const char *file)
{
    pd_store *st;
    if (pd_cli_open_store("ladder export", o->data_dir, o->reset_db, &st)) return 1;
    static pd_ladder l;
    int rc = 0;
    if (pd_store_ladder(st, lang, &l, NULL) != PD_STORE_OK) {
        rc = store_error("ladder export", st);
        pd_store_close(st);
        return rc;
    }
    pd_store_close(st);
    pd_sb sb;
    pd_sb_init(&sb);
    pd_ladder_write(&l, &sb);
    if (pd_sb_status(&sb) != PD_OK) {
        pd_sb_free(&sb);
        fprintf(stderr, "podium ladder export: out of memory\n");
        return 1;
    }
    /* O_EXCL: an existing file is never replaced without --force, even one
     * that appears between a check and the write; 0600 as every file of
     * the history (expected distress is personal) */
    int fd = open(file, O_WRONLY | O_CREAT | O_CLOEXEC | (o->force ? O_TRUNC : O_EXCL), 0600);
    if (fd < 0) {
        if (errno == EEXIST)
            fprintf(stderr, "podium ladder export: '%s' exists; give --force to replace it\n", file);
        else
            fprintf(stderr, "podium ladder export: cannot write '%s': %s\n", file, strerror(errno));
        pd_sb_free(&sb);
        return 1;
    }
    size_t off = 0;
    while (off < sb.len) {
        ssize_t w = write(fd, sb.data + off, sb.len - off);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) break;
        off += (size_t)w;
    }
    int bad = off < sb.len;
    int e = errno;
    if (close(fd) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    pd_sb_free(&sb);
    if (bad) {
        fprintf(stderr, "podium ladder export: cannot write '%s': %s; check the free space\n", file, strerror(e));
        return 1;
    }
    printf("wrote the ladder (%d step%s) to %s\n", l.n, l.n == 1 ? "" : "s", file);
    return 0;
}

static int ladder_import(const prog_opts *o, const char *file)
{
    char err[600];
    char *text = read_text_file(file, LADDER_FILE_MAX, err, sizeof err);
    if (!text) {
        pd_cli_say_error("ladder import", err);
        return 1;
    }
    static pd_ladder in, cur;
    char perr[300];
    pd_status ps = pd_ladder_parse(text, &in, perr, sizeof perr);
    free(text);
    if (ps != PD_OK) {
        snprintf(err, sizeof err, "'%s': %s; the ladder was not changed", file, perr);
        pd_cli_say_error("ladder import", err);
        return 1;
    }
    pd_store *st;
    if (pd_cli_open_store("ladder import", o->data_dir, o->reset_db, &st)) return 1;
    pd_exposure *ex = NULL;
    size_t n = 0;
    int exists = 0, rc = 0;
    if (pd_store_read_ladder(st, &cur, &exists) != PD_STORE_OK || pd_store_exposures(st, &ex, &n) != PD_STORE_OK) {
        rc = store_error("ladder import", st);
        goto done;
    }
    /* A file holds no ids: a step with the title of a step on the ladder
     * now is that step (its exposures stay linked), each matched once. */
    int used[PD_LADDER_MAX] = {0}, kept = 0;
    for (int i = 0; i < in.n; i++) {
        in.step[i].id = 0;
        for (int k = 0; k < cur.n; k++)
            if (!used[k] && strcmp(cur.step[k].title, in.step[i].title) == 0) {
                used[k] = 1;
                in.step[i].id = cur.step[k].id;
                kept++;
                break;
            }
    }
    int gone = 0, unlinked = 0;
    for (int k = 0; k < cur.n; k++) {
        if (used[k]) continue;
        gone++;
        for (size_t j = 0; j < n; j++) unlinked += ex[j].step_id == cur.step[k].id;
    }
    if (pd_store_save_ladder(st, &in) != PD_STORE_OK) {
        rc = store_error("ladder import", st);
        goto done;
    }
    printf("imported the ladder from %s: %d step%s", file, in.n, in.n == 1 ? "" : "s");
    if (exists && cur.n) printf(", %d of them already on the ladder", kept);
    printf("\n");
    if (gone) {
        printf("%d step%s no longer on the ladder", gone, gone == 1 ? " is" : "s are");
        if (unlinked)
            printf("; %s %d exposure%s kept, with the step's title", gone == 1 ? "its" : "their", unlinked,
                   unlinked == 1 ? " is" : "s are");
        printf("\n");
    }
done:
    free(ex);
    pd_store_close(st);
    return rc;
}

static int cmd_ladder(int argc, char **argv)
{
    prog_opts o;
    int rc = parse("ladder", argc, argv, 1, "json lang force config", &o);
    if (rc) return rc;
    const char *lang;
    if ((rc = ui_lang("ladder", &o, &lang))) return rc;
    const char *sub = o.npos ? o.pos[0] : "";
    if (strcmp(sub, "export") == 0 || strcmp(sub, "import") == 0) {
        if (o.npos != 2 || o.json || (o.force && sub[0] == 'i')) {
            fprintf(stderr, "podium ladder %s: usage: podium ladder %s\n", sub,
                    sub[0] == 'e' ? "export FILE [--force]" : "import FILE");
            return 2;
        }
        return sub[0] == 'e' ? ladder_export(&o, lang, o.pos[1]) : ladder_import(&o, o.pos[1]);
    }
    if (o.npos || o.force) {
        fprintf(stderr, "podium ladder: usage: podium ladder [--json] [--lang en|it] | ladder export FILE "
                        "[--force] | ladder import FILE\n");
        return 2;
    }
    pd_exposure_rules rules;
    if (pd_cli_load_rules(o.config, &rules) != 0) return 2;
    return ladder_list(&o, lang, &rules);
}

/* ---- podium exposure log ------------------------------------------------------------- */

static void print_rating(const char *label, int r)
{
    if (r == PD_RATING_NONE)
        printf("%s skipped", label);
    else
        printf("%s %d", label, r);
}

static int exposure_log(const prog_opts *o, const char *lang)
{
    const char *verb = "exposure log";
    pd_exposure e;
    pd_exposure_init(&e);
    int rc;
    if ((rc = parse_rating(verb, "before", o->before, &e.suds_before)) ||
        (rc = parse_rating(verb, "peak", o->peak, &e.suds_peak)) ||
        (rc = parse_rating(verb, "after", o->after, &e.suds_after)) ||
        (rc = parse_rating(verb, "likelihood", o->likelihood, &e.likelihood)) ||
        (rc = parse_rating(verb, "happened", o->happened, &e.happened)))
        return rc;
    if (!o->before && !o->peak && !o->after) {
        fprintf(stderr, "podium %s: give your distress ratings (at least one of --before, --peak, --after, "
                "each 0-100)\n", verb);
        return 2;
    }
    if ((o->likelihood || o->happened) && !o->feared) {
        fprintf(stderr, "podium %s: --likelihood and --happened rate a fear: give it with --feared TEXT\n", verb);
        return 2;
    }
    if (o->feared) {
        /* a key of the list ("blank", "um"...) stands for its sentence */
        int f = pd_fear_find(o->feared);
        const char *text = f > 0 ? pd_fear_text((pd_fear)f, lang) : o->feared;
        if (!*text || strlen(text) >= PD_FEARED_MAX) {
            fprintf(stderr, "podium %s: --feared is one line of 1 to %d bytes\n", verb, PD_FEARED_MAX - 1);
            return 2;
        }
        snprintf(e.feared, sizeof e.feared, "%s", text);
        for (char *p = e.feared; *p; p++)
            if (*p == '\n' || *p == '\r' || *p == '\t') *p = ' ';
    }
    e.date = (int64_t)time(NULL);
    if (o->date && (rc = parse_date(verb, o->date, &e.date))) return rc;
    char *end;
    errno = 0;
    long no = strtol(o->pos[1], &end, 10);
    if (errno || end == o->pos[1] || *end || no <= 0) {
        fprintf(stderr, "podium %s: STEP is the number of a step as 'podium ladder' lists it, not '%s'\n", verb,
                o->pos[1]);
        return 2;
    }
    struct stat sb;
    if (o->take && stat(o->take, &sb) != 0) {
        fprintf(stderr, "podium %s: cannot use the take '%s': %s\n", verb, o->take, strerror(errno));
        return 1;
    }
    if (o->take && !S_ISREG(sb.st_mode)) {
        fprintf(stderr, "podium %s: cannot use the take '%s': not a regular file\n", verb, o->take);
        return 1;
    }
    char err[300];
    if (pd_exposure_check(&e, err, sizeof err) != 0) {
        pd_cli_say_error(verb, err);
        return 2;
    }
    pd_exposure_rules rules;
    pd_feedback_bounds bounds;
    if (pd_cli_load_config(o->config, &bounds, &rules) != 0) return 2;

    pd_store *st;
    if (pd_cli_open_store(verb, o->data_dir, o->reset_db, &st)) return 1;
    static pd_ladder l;
    pd_exposure *ex = NULL;
    size_t n = 0;
    rc = load_ladder(verb, st, lang, &rules, &l, NULL, &ex, &n, NULL);
    if (rc) goto done;
    if (no > l.n) {
        fprintf(stderr, "podium %s: there is no step %ld; the ladder has %d (see 'podium ladder')\n", verb, no,
                l.n);
        rc = 1;
        goto done;
    }
    const pd_step *step = &l.step[no - 1];
    e.step_id = step->id;
    snprintf(e.step_title, sizeof e.step_title, "%s", step->title);
    e.session = e.date;
    e.rep = 1;
    e.real_world = 1; /* done away from the app, logged afterwards */
    if (o->take) {
        pd_take_meta meta;
        pd_take_meta_init(&meta);
        snprintf(meta.drill, sizeof meta.drill, "exposure");
        snprintf(meta.lang, sizeof meta.lang, "%s", lang); /* spoken as the interface is */
        if (pd_store_import(st, o->take, &meta, &bounds, lang, &e.take_id) != PD_STORE_OK) {
            rc = store_error(verb, st);
            goto done;
        }
    }
    if (pd_store_save_exposure(st, &e) != PD_STORE_OK) {
        rc = store_error(verb, st);
        /* nothing stored: the take imported for it goes again */
        if (e.take_id > 0) pd_store_delete(st, e.take_id);
        goto done;
    }
    char day[16];
    local_day(e.date, day, sizeof day);
    printf("logged exposure %lld: step %ld, \"%s\", %s; distress ", (long long)e.id, no, step->title, day);
    print_rating("before", e.suds_before);
    print_rating(", peak", e.suds_peak);
    print_rating(", after", e.suds_after);
    printf("\n");
    if (e.feared[0]) {
        printf("  feared: %s", e.feared);
        if (e.likelihood != PD_RATING_NONE) printf("; expected %d %%", e.likelihood);
        if (e.happened != PD_RATING_NONE) printf("; it happened %d %%", e.happened);
        printf("\n");
    }
    if (e.take_id > 0) printf("  take %lld: %s\n", (long long)e.take_id, o->take);
    /* the suggestion over this step's peaks, oldest first (a --date in the
     * past puts the new one among them) */
    free(ex);
    ex = NULL;
    if (pd_store_exposures(st, &ex, &n) != PD_STORE_OK) {
        rc = store_error(verb, st);
        goto done;
    }
    int *peaks = malloc((n ? n : 1) * sizeof *peaks), np = 0;
    if (!peaks) {
        fprintf(stderr, "podium %s: out of memory\n", verb);
        rc = 1;
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        if (ex[i].step_id == step->id && ex[i].suds_peak != PD_RATING_NONE) peaks[np++] = ex[i].suds_peak;
    pd_suggestion sg;
    pd_exposure_suggest(peaks, np, &rules, no == l.n, lang, &sg);
    free(peaks);
    if (sg.why[0]) printf("suggestion (%s): %s\n", pd_advice_name(sg.advice), sg.why);
done:
    free(ex);
    pd_store_close(st);
    return rc;
}

/* A mistaken log is taken back with its id (from 'podium exposures'); the
 * take linked to it, if any, stays in the history. */
static int exposure_delete(const prog_opts *o)
{
    const char *verb = "exposure delete";
    char *end;
    errno = 0;
    long long id = strtoll(o->pos[1], &end, 10);
    if (errno || end == o->pos[1] || *end || id <= 0) {
        fprintf(stderr, "podium %s: '%s' is not an exposure id (a number from 'podium exposures')\n", verb,
                o->pos[1]);
        return 2;
    }
    pd_store *st;
    if (pd_cli_open_store(verb, o->data_dir, o->reset_db, &st)) return 1;
    pd_exposure *ex = NULL;
    size_t n = 0;
    int rc = 0;
    if (pd_store_exposures(st, &ex, &n) != PD_STORE_OK) {
        rc = store_error(verb, st);
        goto done;
    }
    const pd_exposure *e = NULL;
    for (size_t i = 0; i < n && !e; i++)
        if (ex[i].id == id) e = &ex[i];
    if (!e) {
        fprintf(stderr, "podium %s: there is no exposure %lld; 'podium exposures' lists them\n", verb, id);
        rc = 1;
        goto done;
    }
    if (!o->yes) {
        char day[16], line[16];
        local_day(e->date, day, sizeof day);
        fprintf(stderr, "Delete exposure %lld (%s, \"%s\")? This cannot be undone. [y/N] ", id, day,
                e->step_title);
        if (!fgets(line, sizeof line, stdin) || (line[0] != 'y' && line[0] != 'Y')) {
            fprintf(stderr, "\nnot deleted (give --yes to delete without asking)\n");
            rc = 1;
            goto done;
        }
    }
    if (pd_store_delete_exposure(st, id) != PD_STORE_OK)
        rc = store_error(verb, st);
    else
        printf("deleted exposure %lld%s\n", id, e->take_id > 0 ? " (its take stays in the history)" : "");
done:
    free(ex);
    pd_store_close(st);
    return rc;
}

static int cmd_exposure(int argc, char **argv)
{
    prog_opts o;
    int rc = parse("exposure", argc, argv, 1,
                   "lang config before peak after feared likelihood happened take date yes", &o);
    if (rc) return rc;
    if (o.npos == 2 && strcmp(o.pos[0], "delete") == 0) return exposure_delete(&o);
    if (o.npos != 2 || strcmp(o.pos[0], "log") != 0 || o.yes) {
        fprintf(stderr, "podium exposure: usage: podium exposure log STEP --before N --peak N --after N "
                        "[--feared TEXT --likelihood N --happened N] [--take FILE] [--date YYYY-MM-DD] | "
                        "exposure delete ID [--yes]\n");
        return 2;
    }
    const char *lang;
    if ((rc = ui_lang("exposure log", &o, &lang))) return rc;
    return exposure_log(&o, lang);
}

/* ---- podium exposures -------------------------------------------------------------- */

static int cmd_exposures(int argc, char **argv)
{
    prog_opts o;
    int rc = parse("exposures", argc, argv, 1, "json csv", &o);
    if (rc) return rc;
    if (o.npos) {
        fprintf(stderr, "podium exposures: usage: podium exposures [--json|--csv]\n");
        return 2;
    }
    pd_store *st;
    if (pd_cli_open_store("exposures", o.data_dir, o.reset_db, &st)) return 1;
    static pd_ladder l;
    pd_exposure *ex = NULL;
    size_t n = 0;
    /* listing writes nothing: no default ladder is made for it */
    if (pd_store_read_ladder(st, &l, NULL) != PD_STORE_OK || pd_store_exposures(st, &ex, &n) != PD_STORE_OK) {
        rc = store_error("exposures", st);
        goto done;
    }
    pd_sb sb;
    pd_sb_init(&sb);
    if (o.json || o.csv) {
        if (o.json)
            pd_store_exposures_json(ex, n, &l, &sb);
        else
            pd_store_exposures_csv(ex, n, &l, &sb);
        rc = write_sb(&sb);
        pd_sb_free(&sb);
        goto done;
    }
    if (n == 0) {
        printf("No exposures yet. Practise a step in the app, or log one done in the real world with\n"
               "  podium exposure log STEP --before N --peak N --after N\n");
        goto done;
    }
    printf("%5s  %-10s  %4s  %6s %4s %5s  %5s  %s\n", "id", "date", "step", "before", "peak", "after", "take",
           "step title");
    for (size_t i = 0; i < n; i++) {
        const pd_exposure *e = &ex[i];
        char day[16], no[8], r[3][8], take[24];
        local_day(e->date, day, sizeof day);
        int k = e->step_id > 0 ? pd_ladder_find(&l, e->step_id) : -1;
        snprintf(no, sizeof no, k >= 0 ? "%d" : "-", k + 1);
        const int v[3] = {e->suds_before, e->suds_peak, e->suds_after};
        for (int j = 0; j < 3; j++) snprintf(r[j], sizeof r[j], v[j] == PD_RATING_NONE ? "-" : "%d", v[j]);
        snprintf(take, sizeof take, e->take_id > 0 ? "%lld" : "-", (long long)e->take_id);
        printf("%5lld  %-10s  %4s  %6s %4s %5s  %5s  %s%s\n", (long long)e->id, day, no, r[0], r[1], r[2], take,
               e->step_title, k < 0 ? " (no longer on the ladder)" : "");
        if (e->feared[0]) {
            printf("%36s feared \"%s\"", "", e->feared);
            if (e->likelihood != PD_RATING_NONE) printf(", expected %d %%", e->likelihood);
            if (e->happened != PD_RATING_NONE) printf(", happened %d %%", e->happened);
            printf("\n");
        }
    }
    printf("%zu exposure%s\n", n, n == 1 ? "" : "s");
done:
    free(ex);
    pd_store_close(st);
    return rc;
}

void pd_cli_programme_usage(FILE *f)
{
    fputs("  podium ladder [--json] [--lang en|it]\n"
          "                                        the desensitisation ladder: each step in\n"
          "                                        plain words, its progress, where you are\n"
          "  podium ladder export FILE [--force] | ladder import FILE\n"
          "                                        the ladder as a small text file, to share\n"
          "  podium exposure log STEP --before N --peak N --after N [--feared TEXT\n"
          "         --likelihood N --happened N] [--take FILE] [--date YYYY-MM-DD]\n"
          "                                        log an exposure done away from the app\n"
          "                                        (ratings 0-100; STEP as 'ladder' numbers it)\n"
          "  podium exposure delete ID [--yes]     take back a mistaken log\n"
          "  podium exposures [--json|--csv]       every exposure with its ratings and take\n"
          "     (the history and programme commands all take --data-dir DIR; --reset-db\n"
          "      moves a damaged database aside)\n",
          f);
}

int pd_cli_programme_verb(const char *verb, int argc, char **argv)
{
    if (strcmp(verb, "ladder") == 0) return cmd_ladder(argc, argv);
    if (strcmp(verb, "exposure") == 0) return cmd_exposure(argc, argv);
    if (strcmp(verb, "exposures") == 0) return cmd_exposures(argc, argv);
    return -1;
}
