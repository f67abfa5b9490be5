/* rules.c - what Podium suggests after an exposure, the progress of each
 * step, where the programme stands, delivery beside distress, and the rows
 * of `podium exposures`.
 *
 * The suggestion rule is a heuristic the user sees and can change (config
 * keys exposure_*): distress falling within and between sessions both go
 * with a good outcome (Rupp, Doebler, Ehring & Vossbeck-Elsebusch 2017,
 * meta-analysis), but how far it falls does not by itself predict it
 * (Craske et al. 2008), so the suggestion is never an order. Defaults: move
 * up when the last two peaks are at or below half the first attempt's peak
 * ("stay until distress falls by about half", shared/REFERENCE.md) or at
 * or below 30 on both (mild distress, Wolpe's SUDS bands); suggest a step
 * back when the last two peaks are 80 or more; otherwise stay.
 * Delivery beside distress: Spearman's rank correlation (ties: average
 * ranks), shown from 5 exposures on. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "podium/exposure.h"
#include "podium/feedback.h"

static int is_it(const char *lang)
{
    return lang && strcmp(lang, "it") == 0;
}

/* ---- the rules and their config keys --------------------------------------------- */

static const pd_rule_info RULES[] = {
    { "exposure_up_fraction", offsetof(pd_exposure_rules, up_fraction), 0.05, 1.0, "x first peak",
      "suggest the next step when the last peaks are at or below this share of the first peak (about half: "
      "graded exposure practice, REFERENCE.md)" },
    { "exposure_up_max", offsetof(pd_exposure_rules, up_max), 0, 100, "SUDS",
      "...or when the last peaks are all at or below this (mild distress, Wolpe 1969)" },
    { "exposure_back_min", offsetof(pd_exposure_rules, back_min), 0, 100, "SUDS",
      "suggest a step back when the last peaks are all at or above this (strong distress)" },
    { "exposure_window", offsetof(pd_exposure_rules, window), 1, 10, "attempts",
      "how many recent attempts the suggestion looks at" },
    { "exposure_recover_s", offsetof(pd_exposure_rules, recover_s), 0, 1800, "s",
      "recovery before the distress-after rating" },
    { "exposure_reps", offsetof(pd_exposure_rules, reps), 1, 10, "repetitions",
      "repetitions of a new step in a session (distress fell over three speeches: Takac et al. 2019)" },
};
#define N_RULES (sizeof RULES / sizeof RULES[0])

void pd_exposure_rules_init(pd_exposure_rules *r)
{
    r->up_fraction = 0.5;
    r->up_max = 30;
    r->back_min = 80;
    r->window = 2;
    r->recover_s = 120;
    r->reps = 3;
}

const pd_rule_info *pd_exposure_rule_table(size_t *n)
{
    if (n) *n = N_RULES;
    return RULES;
}

pd_status pd_exposure_rules_parse(pd_exposure_rules *r, const char *text, char *err, size_t err_len)
{
    pd_exposure_rules t = *r;
    int lineno = 0;
    const char *p = text;
    while (p && *p) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        char line[256];
        lineno++;
        size_t take = len < sizeof line ? len : sizeof line - 1;
        memcpy(line, p, take);
        line[take] = 0;
        p += len + (eol ? 1 : 0);
        char *hash = strchr(line, '#');
        if (hash) *hash = 0;
        char name[128];
        if (sscanf(line, " %127[A-Za-z0-9_]", name) != 1) continue;
        size_t i;
        for (i = 0; i < N_RULES; i++)
            if (strcmp(RULES[i].name, name) == 0) break;
        if (i == N_RULES) continue; /* a feedback bound: pd_feedback_bounds_parse's */
        if (len >= sizeof line) {
            snprintf(err, err_len, "line %d is too long", lineno);
            return PD_ERR_PARSE;
        }
        double v;
        int off = -1;
        if (sscanf(line, " %127[A-Za-z0-9_] =%n", name, &off) != 1 || off < 0 ||
            !pd_config_value(line + off, &v)) {
            snprintf(err, err_len, "line %d: expected '%s = number'", lineno, RULES[i].name);
            return PD_ERR_PARSE;
        }
        if (v < RULES[i].lo || v > RULES[i].hi) {
            snprintf(err, err_len, "line %d: %s = %g is out of range (%g to %g %s)", lineno, RULES[i].name, v,
                     RULES[i].lo, RULES[i].hi, RULES[i].unit);
            return PD_ERR_PARSE;
        }
        *(double *)((char *)&t + RULES[i].offset) = v;
    }
    *r = t;
    return PD_OK;
}

/* ---- suggestions -------------------------------------------------------------------- */

const char *pd_advice_name(pd_advice a)
{
    switch (a) {
    case PD_ADVICE_UP: return "up";
    case PD_ADVICE_STAY: return "stay";
    case PD_ADVICE_BACK: return "back";
    default: return "none";
    }
}

static pd_advice rule(const int *peaks, int n, const pd_exposure_rules *r, int *by_fraction)
{
    int w = (int)lround(r->window);
    if (w < 1) w = 1;
    *by_fraction = 0;
    if (n <= 0) return PD_ADVICE_NONE;
    if (n < w) return PD_ADVICE_STAY;
    int all_frac = 1, all_low = 1, all_high = 1;
    for (int i = n - w; i < n; i++) {
        if (peaks[i] > r->up_fraction * peaks[0]) all_frac = 0;
        if (peaks[i] > r->up_max) all_low = 0;
        if (peaks[i] < r->back_min) all_high = 0;
    }
    if (all_frac && n > 1 && peaks[0] > 0) {
        *by_fraction = 1;
        return PD_ADVICE_UP;
    }
    if (all_low) return PD_ADVICE_UP;
    if (all_high) return PD_ADVICE_BACK;
    return PD_ADVICE_STAY;
}

/* "70 and 30", "70, 50 and 30" */
static void list_peaks(const int *v, int n, int it, char *out, size_t cap)
{
    size_t len = 0;
    out[0] = 0;
    for (int i = 0; i < n && len < cap; i++) {
        const char *sep = i == 0 ? "" : i == n - 1 ? (it ? " e " : " and ") : ", ";
        int w = snprintf(out + len, cap - len, "%s%d", sep, v[i]);
        if (w > 0) len += (size_t)w;
    }
}

void pd_exposure_suggest(const int *peaks, int n, const pd_exposure_rules *rules, int is_last, const char *lang,
                         pd_suggestion *out)
{
    pd_exposure_rules defaults;
    if (!rules) {
        pd_exposure_rules_init(&defaults);
        rules = &defaults;
    }
    int it = is_it(lang);
    memset(out, 0, sizeof *out);
    out->attempts = n > 0 ? n : 0;
    out->first_peak = n > 0 ? peaks[0] : PD_RATING_NONE;
    out->last_peak = n > 0 ? peaks[n - 1] : PD_RATING_NONE;
    int by_fraction = 0;
    out->advice = rule(peaks, n, rules, &by_fraction);
    int w = (int)lround(rules->window);
    if (w < 1) w = 1;
    char last[80];
    if (n >= w) list_peaks(peaks + n - w, w, it, last, sizeof last);
    else last[0] = 0;
    const char *next = is_last ? (it ? "sei in cima alla scala: continua nel mondo reale"
                                     : "this is the top of your ladder: keep it up in the real world")
                               : (it ? "potresti provare il passo successivo" : "you could try the next step");
    switch (out->advice) {
    case PD_ADVICE_NONE:
        snprintf(out->why, sizeof out->why, "%s",
                 it ? "Nessuna valutazione del picco ancora per questo passo: fai un tentativo e valuta il disagio."
                    : "No peak rating at this step yet: make an attempt and rate your distress.");
        break;
    case PD_ADVICE_UP:
        if (by_fraction) {
            double ratio = peaks[0] > 0 ? (double)peaks[n - 1] / peaks[0] : 0;
            const char *how = ratio >= 0.4 ? (it ? "circa la metà" : "about half")
                                           : (it ? "più della metà" : "more than half");
            snprintf(out->why, sizeof out->why,
                     it ? "Il tuo disagio al picco è sceso da %d a %d in %d tentativi (%s): %s."
                        : "Your peak distress fell from %d to %d over %d attempts (%s): %s.",
                     peaks[0], peaks[n - 1], n, how, next);
        } else
            snprintf(out->why, sizeof out->why,
                     it ? (w > 1 ? "I tuoi ultimi picchi sono stati %s, tutti %g o meno: %s."
                                 : "Il tuo ultimo picco è stato %s, %g o meno: %s.")
                        : (w > 1 ? "Your last peaks were %s, all %g or less: %s."
                                 : "Your last peak was %s, %g or less: %s."),
                     last, rules->up_max, next);
        break;
    case PD_ADVICE_BACK:
        snprintf(out->why, sizeof out->why,
                 it ? "I tuoi ultimi picchi sono stati %s, tutti %g o più: un passo indietro può aiutare; poi torna a questo."
                    : "Your last peaks were %s, all %g or more: a step back may help; come back to this one after.",
                 last, rules->back_min);
        break;
    case PD_ADVICE_STAY: {
        double target = rules->up_fraction * peaks[0];
        if (target < rules->up_max) target = rules->up_max;
        if (n < w)
            snprintf(out->why, sizeof out->why,
                     it ? (n == 1 ? "Un tentativo finora (picco %d): resta su questo passo e ripetilo."
                                  : "%d tentativi finora (ultimo picco %d): resta su questo passo e ripetilo.")
                        : (n == 1 ? "One attempt so far (peak %d): stay with this step and repeat it."
                                  : "%d attempts so far (last peak %d): stay with this step and repeat it."),
                     n == 1 ? peaks[0] : n, peaks[n - 1]);
        else
            snprintf(out->why, sizeof out->why,
                     it ? "Il tuo disagio al picco è passato da %d a %d in %d tentativi: resta su questo passo finché "
                          "scende a circa %.0f o meno."
                        : "Your peak distress went from %d to %d over %d attempts: stay with this step until it "
                          "falls to about %.0f or less.",
                     peaks[0], peaks[n - 1], n, floor(target));
        break;
    }
    }
}

/* ---- progress ------------------------------------------------------------------------ */

const char *pd_step_status_name(pd_step_status s)
{
    return s == PD_STATUS_DONE ? "done" : s == PD_STATUS_PRACTISING ? "practising" : "not started";
}

const char *pd_step_status_words(pd_step_status s, const char *lang)
{
    if (!is_it(lang)) return pd_step_status_name(s);
    return s == PD_STATUS_DONE ? "fatto" : s == PD_STATUS_PRACTISING ? "in pratica" : "da iniziare";
}

/* Exposures oldest first: indices into ex by (date, id), a merge sort (no
 * qsort: its comparator would need the array through a global). */
static int before(const pd_exposure *ex, size_t a, size_t b)
{
    if (ex[a].date != ex[b].date) return ex[a].date < ex[b].date;
    return ex[a].id <= ex[b].id;
}

static size_t *oldest_first(const pd_exposure *ex, size_t n)
{
    size_t *idx = malloc((n ? n : 1) * 2 * sizeof *idx);
    if (!idx) return NULL;
    size_t *tmp = idx + n;
    for (size_t i = 0; i < n; i++) idx[i] = i;
    for (size_t w = 1; w < n; w *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * w) {
            size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi) tmp[k++] = before(ex, idx[i], idx[j]) ? idx[i++] : idx[j++];
            while (i < mid) tmp[k++] = idx[i++];
            while (j < hi) tmp[k++] = idx[j++];
        }
        memcpy(idx, tmp, n * sizeof *idx);
    }
    return idx;
}

void pd_ladder_progress(const pd_ladder *l, const pd_exposure *ex, size_t n, const pd_exposure_rules *rules,
                        pd_step_progress *out)
{
    for (int s = 0; s < l->n; s++) {
        out[s] = (pd_step_progress){ PD_STATUS_NOT_STARTED, 0, PD_RATING_NONE, PD_RATING_NONE, 0 };
    }
    if (!n) return;
    size_t *idx = oldest_first(ex, n);
    int *peaks = malloc(n * sizeof *peaks);
    if (!idx || !peaks) {
        free(idx);
        free(peaks);
        return;
    }
    for (int s = 0; s < l->n; s++) {
        int np = 0;
        pd_step_progress *p = &out[s];
        for (size_t k = 0; k < n; k++) {
            const pd_exposure *e = &ex[idx[k]];
            if (!l->step[s].id || e->step_id != l->step[s].id) continue;
            p->attempts++;
            if (e->date > p->last_date) p->last_date = e->date;
            if (e->suds_peak != PD_RATING_NONE) {
                if (np == 0) p->first_peak = e->suds_peak;
                p->last_peak = e->suds_peak;
                peaks[np++] = e->suds_peak;
            }
        }
        if (p->attempts == 0) continue;
        int byf;
        pd_exposure_rules d;
        if (!rules) pd_exposure_rules_init(&d);
        p->status = rule(peaks, np, rules ? rules : &d, &byf) == PD_ADVICE_UP ? PD_STATUS_DONE : PD_STATUS_PRACTISING;
    }
    free(idx);
    free(peaks);
}

void pd_programme_status(const pd_ladder *l, const pd_exposure *ex, size_t n, int64_t now, const char *lang,
                         char *out, size_t out_len)
{
    int it = is_it(lang);
    if (l->n == 0) {
        snprintf(out, out_len, "%s", it ? "La tua scala è vuota: aggiungi un passo." : "Your ladder is empty: add a step.");
        return;
    }
    int64_t last = 0;
    for (size_t i = 0; i < n; i++)
        if (ex[i].date > last) last = ex[i].date;
    char when[80];
    if (!last) snprintf(when, sizeof when, "%s", it ? "nessuna esposizione ancora" : "no exposure yet");
    else {
        /* calendar days in UTC between the two dates */
        long days = (long)(now / 86400 - last / 86400);
        if (days <= 0) snprintf(when, sizeof when, "%s", it ? "ultima esposizione oggi" : "last exposure today");
        else if (days == 1) snprintf(when, sizeof when, "%s", it ? "ultima esposizione ieri" : "last exposure yesterday");
        else snprintf(when, sizeof when, it ? "ultima esposizione %ld giorni fa" : "last exposure %ld days ago", days);
    }
    snprintf(out, out_len, it ? "Passo %d di %d, %s" : "Step %d of %d, %s", l->current + 1, l->n, when);
}

/* ---- delivery beside distress ------------------------------------------------------------ */

static void ranks(const double *v, size_t n, double *r)
{
    for (size_t i = 0; i < n; i++) {
        size_t less = 0, equal = 0;
        for (size_t j = 0; j < n; j++) {
            if (v[j] < v[i]) less++;
            else if (v[j] == v[i]) equal++;
        }
        r[i] = (double)less + (double)(equal + 1) / 2.0; /* average rank, 1-based */
    }
}

double pd_spearman(const double *x, const double *y, size_t n, size_t *n_used)
{
    double *buf = malloc((n ? n : 1) * 4 * sizeof *buf);
    if (n_used) *n_used = 0;
    if (!buf) return NAN;
    double *a = buf, *b = buf + n, *ra = buf + 2 * n, *rb = buf + 3 * n;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(x[i]) && isfinite(y[i])) {
            a[m] = x[i];
            b[m] = y[i];
            m++;
        }
    if (n_used) *n_used = m;
    double rho = NAN;
    if (m >= 3) {
        ranks(a, m, ra);
        ranks(b, m, rb);
        double ma = 0, mb = 0;
        for (size_t i = 0; i < m; i++) ma += ra[i], mb += rb[i];
        ma /= (double)m;
        mb /= (double)m;
        double sab = 0, saa = 0, sbb = 0;
        for (size_t i = 0; i < m; i++) {
            sab += (ra[i] - ma) * (rb[i] - mb);
            saa += (ra[i] - ma) * (ra[i] - ma);
            sbb += (rb[i] - mb) * (rb[i] - mb);
        }
        if (saa > 0 && sbb > 0) rho = sab / sqrt(saa * sbb);
    }
    free(buf);
    return rho;
}

static void num(char *out, size_t cap, double v, int dec, int it)
{
    snprintf(out, cap, "%.*f", dec, v);
    char *dot = it ? strchr(out, '.') : NULL;
    if (dot) *dot = ',';
}

void pd_delivery_vs_distress(const double *peaks, const double *values, size_t n, const char *label, const char *unit,
                             int decimals, const char *lang, char *out, size_t out_len)
{
    int it = is_it(lang);
    size_t used = 0;
    double rho = pd_spearman(peaks, values, n, &used);
    if (used < PD_CORR_MIN_EXPOSURES) {
        snprintf(out, out_len,
                 it ? "Ancora pochi dati: per confrontare %s e disagio servono %d esposizioni con registrazione e "
                      "picco valutato (ne hai %zu)."
                    : "Too little data yet: %s beside distress needs %d exposures with a take and a peak rating "
                      "(you have %zu).",
                 label, PD_CORR_MIN_EXPOSURES, used);
        return;
    }
    double p0 = NAN, p1 = NAN, v0 = NAN, v1 = NAN;
    for (size_t i = 0; i < n; i++)
        if (isfinite(peaks[i]) && isfinite(values[i])) {
            if (!isfinite(p0)) p0 = peaks[i], v0 = values[i];
            p1 = peaks[i], v1 = values[i];
        }
    char a[32], b[32], r[32];
    num(a, sizeof a, v0, decimals, it);
    num(b, sizeof b, v1, decimals, it);
    if (isfinite(rho)) num(r, sizeof r, rho, 2, it);
    else snprintf(r, sizeof r, "%s", it ? "non calcolabile" : "not defined");
    const char *link = !isfinite(rho) || fabs(rho) < 0.3 ? (it ? "nessun legame chiaro per ora" : "no clear link yet")
                       : rho > 0 ? (it ? "si muovono insieme" : "they move together")
                                 : (it ? "si muovono in direzioni opposte" : "they move in opposite directions");
    if (p1 < p0)
        snprintf(out, out_len,
                 it ? "Mentre il tuo disagio scendeva da %.0f a %.0f, %s è passato da %s a %s %s (correlazione di rango "
                      "%s su %zu esposizioni: %s)."
                    : "As your distress fell from %.0f to %.0f, your %s went from %s to %s %s (rank correlation %s "
                      "over %zu exposures: %s).",
                 p0, p1, label, a, b, unit, r, used, link);
    else
        snprintf(out, out_len,
                 it ? "Il tuo disagio al picco è passato da %.0f a %.0f, %s da %s a %s %s (correlazione di rango %s su "
                      "%zu esposizioni: %s)."
                    : "Your peak distress went from %.0f to %.0f and your %s from %s to %s %s (rank correlation %s "
                      "over %zu exposures: %s).",
                 p0, p1, label, a, b, unit, r, used, link);
}

/* ---- exposures: checks and rows ------------------------------------------------------------- */

int pd_rating_valid(int r)
{
    return r == PD_RATING_NONE || (r >= 0 && r <= 100);
}

void pd_exposure_init(pd_exposure *e)
{
    memset(e, 0, sizeof *e);
    e->suds_before = e->suds_peak = e->suds_after = PD_RATING_NONE;
    e->likelihood = e->happened = PD_RATING_NONE;
    e->rep = 1;
}

int pd_exposure_check(const pd_exposure *e, char *err, size_t err_len)
{
    static const char *const names[5] = { "distress before", "peak distress", "distress after", "likelihood",
                                           "happened" };
    const int v[5] = { e->suds_before, e->suds_peak, e->suds_after, e->likelihood, e->happened };
    for (int i = 0; i < 5; i++)
        if (!pd_rating_valid(v[i])) {
            if (err && err_len) snprintf(err, err_len, "%s = %d: a rating is 0 to 100", names[i], v[i]);
            return 1;
        }
    if (e->rep < 1) {
        if (err && err_len) snprintf(err, err_len, "repetition %d: counts from 1", e->rep);
        return 1;
    }
    return 0;
}

static void iso(int64_t t, char *out, size_t cap)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!gmtime_r(&tt, &tm)) {
        snprintf(out, cap, "1970-01-01T00:00:00Z");
        return;
    }
    strftime(out, cap, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void jrating(pd_sb *out, const char *key, int r)
{
    if (r == PD_RATING_NONE) pd_sb_printf(out, ", \"%s\": null", key);
    else pd_sb_printf(out, ", \"%s\": %d", key, r);
}

void pd_exposure_json(const pd_exposure *e, int step_no, pd_sb *out)
{
    char d[32];
    iso(e->date, d, sizeof d);
    pd_sb_printf(out, "{\"id\": %lld, \"step\": ", (long long)e->id);
    if (step_no > 0) pd_sb_printf(out, "%d", step_no);
    else pd_sb_puts(out, "null");
    pd_sb_puts(out, ", \"step_title\": ");
    pd_sb_json_str(out, e->step_title);
    pd_sb_printf(out, ", \"date\": \"%s\", \"session\": %lld, \"rep\": %d, \"real_world\": %s", d,
                 (long long)e->session, e->rep, e->real_world ? "true" : "false");
    jrating(out, "suds_before", e->suds_before);
    jrating(out, "suds_peak", e->suds_peak);
    jrating(out, "suds_after", e->suds_after);
    pd_sb_puts(out, ", \"feared\": ");
    if (e->feared[0]) pd_sb_json_str(out, e->feared);
    else pd_sb_puts(out, "null");
    jrating(out, "likelihood", e->likelihood);
    jrating(out, "happened", e->happened);
    if (e->take_id > 0) pd_sb_printf(out, ", \"take_id\": %lld}", (long long)e->take_id);
    else pd_sb_puts(out, ", \"take_id\": null}");
}

void pd_exposure_csv_header(pd_sb *out)
{
    pd_sb_puts(out, "id,step,step_title,date,session,rep,real_world,suds_before,suds_peak,suds_after,feared,"
                    "likelihood,happened,take_id\n");
}

static void csv_text(pd_sb *out, const char *s)
{
    if (!strpbrk(s, ",\"\n\r")) {
        pd_sb_puts(out, s);
        return;
    }
    pd_sb_puts(out, "\"");
    for (; *s; s++) {
        if (*s == '"') pd_sb_puts(out, "\"\"");
        else pd_sb_printf(out, "%c", *s);
    }
    pd_sb_puts(out, "\"");
}

static void crating(pd_sb *out, int r)
{
    if (r != PD_RATING_NONE) pd_sb_printf(out, "%d", r);
    pd_sb_puts(out, ",");
}

void pd_exposure_csv(const pd_exposure *e, int step_no, pd_sb *out)
{
    char d[32];
    iso(e->date, d, sizeof d);
    pd_sb_printf(out, "%lld,", (long long)e->id);
    if (step_no > 0) pd_sb_printf(out, "%d", step_no);
    pd_sb_puts(out, ",");
    csv_text(out, e->step_title);
    pd_sb_printf(out, ",%s,%lld,%d,%d,", d, (long long)e->session, e->rep, e->real_world);
    crating(out, e->suds_before);
    crating(out, e->suds_peak);
    crating(out, e->suds_after);
    csv_text(out, e->feared);
    pd_sb_puts(out, ",");
    crating(out, e->likelihood);
    crating(out, e->happened);
    if (e->take_id > 0) pd_sb_printf(out, "%lld", (long long)e->take_id);
    pd_sb_puts(out, "\n");
}
