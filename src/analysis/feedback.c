/* feedback.c - the rules that turn figures into advice (see feedback.h).
 *
 * Sources for the default bounds (details in shared/REFERENCE.md):
 * - pace: comfortable presentation pace 140-160 wpm (Street & Brady 1982),
 *   flags below ~110-120 and above ~170-180 wpm; in syllables per second,
 *   the language-neutral unit, 2.6 and 4.6 syl/s (~110 and ~195 wpm in
 *   English). Broadcast articulation rate ~6.3 syl/s (Amir 2016).
 * - pauses: pause frequency drives fluency ratings (Strik & Cucchiarini);
 *   pauses over ~2-4 s impair uptake.
 * - filled pauses: < 2 % of words excellent, 2-5 % fine, > 5 % worth work.
 * - pitch: F0 SD < 2 semitones flat (Hincks 2005; Hincks & Edlund 2009).
 * - loudness: speech recorded under -40 LUFS is faint on any playback.
 * - timing: Toastmasters' timing rules (Toastmasters International, Speech
 *   Contest Rulebook, "Timing"): a speech is disqualified more than 30 s over
 *   its maximum time or under its minimum, the green light shows at the
 *   minimum; here the target is the maximum, 2/3 of it the minimum (the
 *   drill's green signal), advice from 5 s over (the red light is on) and a
 *   warning past the 30 s grace.
 * Moments (feedback.h): advice about a part of the take carries its span so
 * the app can replay it. Filled pauses are placed by their densest 10 s
 * (PD_FILLED_CLUSTER_S: about two sentences at a comfortable pace, the
 * stretch over which a listener hears them as a habit rather than a slip);
 * the trailing-off span is the last third, because that is what the
 * analysis measures (level_by_third_db), not the level at each phrase end. */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "podium/feedback.h"
#include "podium/exposure.h"

void pd_feedback_bounds_init(pd_feedback_bounds *b)
{
    b->pace_fast_syl_s = 4.6;
    b->pace_slow_syl_s = 2.6;
    b->articulation_fast_syl_s = 6.5;
    b->articulation_slow_syl_s = 3.3;
    b->rush_start_ratio = 1.25;
    b->pauses_per_min_max = 30.0;
    b->long_pauses_max = 0.0;
    b->filled_pauses_pct_max = 5.0;
    b->f0_sd_flat_st = 2.0;
    b->loudness_quiet_lufs = -40.0;
    b->clipped_samples_max = 0.0;
    b->trail_off_db = 6.0;
    b->min_speech_s = 3.0;
    b->time_over_s = 5.0;
    b->time_grace_s = 30.0;
    b->time_short_ratio = 2.0 / 3.0;
}

/* The ranges: wide enough for any speaker or room, narrow enough that a
 * typo (a sign, a missing decimal point) is caught; loudness down to -70
 * LUFS, BS.1770's absolute gate (nothing quieter is measured). */
#define B(f, u, d, lo, hi) { #f, offsetof(pd_feedback_bounds, f), u, d, lo, hi }
static const pd_bound_info TABLE[] = {
    B(pace_fast_syl_s, "syl/s", "speech rate (pauses included) above this is too fast", 0, 20),
    B(pace_slow_syl_s, "syl/s", "speech rate (pauses included) below this is too slow", 0, 20),
    B(articulation_fast_syl_s, "syl/s", "articulation rate (pauses excluded) above this is rushed", 0, 20),
    B(articulation_slow_syl_s, "syl/s", "articulation rate (pauses excluded) below this is drawn out", 0, 20),
    B(rush_start_ratio, "ratio", "pace of the first third over the rest's above this is rushing the start", 1,
      10),
    B(pauses_per_min_max, "per min", "silent pauses per minute of speaking time above this are too many", 0,
      120),
    B(long_pauses_max, "count", "pauses of 2 s or more allowed before advice", 0, 1000),
    B(filled_pauses_pct_max, "% of words", "filled pauses per 100 estimated words above this are too many", 0,
      100),
    B(f0_sd_flat_st, "semitones", "pitch standard deviation below this sounds flat", 0, 24),
    B(loudness_quiet_lufs, "LUFS", "integrated loudness below this is too quiet", -70, 0),
    B(clipped_samples_max, "samples", "clipped samples allowed before advice", 0, 1000000000),
    B(trail_off_db, "dB", "last third of the speech quieter than the first two by this much is trailing off",
      0, 60),
    B(min_speech_s, "s", "speech shorter than this gets no pace, pause or pitch advice", 0, 3600),
    B(time_over_s, "s", "a take longer than its target by more than this gets advice to cut", 0, 3600),
    B(time_grace_s, "s", "over the target by more than this is past a contest's grace (Toastmasters: 30 s)", 0, 3600),
    B(time_short_ratio, "ratio", "a take shorter than this share of its target stopped early (green light: 2/3)", 0, 1),
};
#undef B

const pd_bound_info *pd_feedback_bound_table(size_t *n)
{
    *n = sizeof TABLE / sizeof TABLE[0];
    return TABLE;
}

int pd_config_value(const char *s, double *v)
{
    while (*s == ' ' || *s == '\t') s++;
    const char *start = s;
    if (*s == '-') s++;
    int digits = 0;
    while (*s >= '0' && *s <= '9') s++, digits++;
    if (*s == '.') {
        s++;
        while (*s >= '0' && *s <= '9') s++, digits++;
    }
    size_t len = (size_t)(s - start);
    if (!digits || len > 24) return 0;
    char buf[32];
    memcpy(buf, start, len);
    buf[len] = 0;
    while (*s == ' ' || *s == '\t' || *s == '\r') s++;
    if (*s) return 0;
    *v = strtod(buf, NULL);
    return 1;
}

pd_status pd_feedback_bounds_parse(pd_feedback_bounds *b, const char *text,
                                   char *err, size_t err_len)
{
    int lineno = 0;
    const char *p = text;
    while (*p) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        char line[256];
        lineno++;
        if (len >= sizeof line) {
            snprintf(err, err_len, "line %d is too long", lineno);
            return PD_ERR_PARSE;
        }
        memcpy(line, p, len);
        line[len] = 0;
        p += len + (eol ? 1 : 0);
        char *hash = strchr(line, '#');
        if (hash) *hash = 0;
        char name[128], tmp[2];
        double value;
        int off = -1;
        if (sscanf(line, " %1s", tmp) != 1) continue; /* blank line */
        if (sscanf(line, " %127[A-Za-z0-9_] =%n", name, &off) != 1 || off < 0 ||
            !pd_config_value(line + off, &value)) {
            snprintf(err, err_len, "line %d: expected 'name = number' (a plain decimal such as 4.5)", lineno);
            return PD_ERR_PARSE;
        }
        size_t n;
        const pd_bound_info *t = pd_feedback_bound_table(&n);
        size_t i;
        for (i = 0; i < n; i++)
            if (strcmp(t[i].name, name) == 0) break;
        if (i == n) {
            size_t nr;
            const pd_rule_info *rt = pd_exposure_rule_table(&nr);
            for (i = 0; i < nr; i++)   /* the programme's rules share the file */
                if (strcmp(rt[i].name, name) == 0) break;
            if (i < nr) continue;
            snprintf(err, err_len, "line %d: unknown setting '%s' (see 'podium bounds')", lineno, name);
            return PD_ERR_PARSE;
        }
        if (value < t[i].lo || value > t[i].hi) {
            snprintf(err, err_len, "line %d: %s = %g is out of range (%g to %g %s)", lineno, name, value,
                     t[i].lo, t[i].hi, t[i].unit);
            return PD_ERR_PARSE;
        }
        *(double *)((char *)b + t[i].offset) = value;
    }
    return PD_OK;
}

typedef struct fb_ctx {
    pd_report *r;
    int it;
    size_t cap;
    pd_status st;
} fb_ctx;

static pd_feedback_item *add(fb_ctx *c, const char *id, pd_severity sev, double value, double thr,
                             const char *fmt_en, const char *fmt_it, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 8)))
#endif
    ;

static pd_feedback_item *add(fb_ctx *c, const char *id, pd_severity sev, double value, double thr,
                             const char *fmt_en, const char *fmt_it, ...)
{
    if (c->st != PD_OK) return NULL;
    pd_report *r = c->r;
    if (r->n_feedback == c->cap) {
        size_t nc = c->cap ? c->cap * 2 : 8;
        pd_feedback_item *nf = realloc(r->feedback, nc * sizeof *nf);
        if (!nf) { c->st = PD_ERR_NOMEM; return NULL; }
        r->feedback = nf;
        c->cap = nc;
    }
    pd_feedback_item *it = &r->feedback[r->n_feedback++];
    memset(it, 0, sizeof *it);
    snprintf(it->id, sizeof it->id, "%s", id);
    it->severity = sev;
    it->value = value;
    it->threshold = thr;
    va_list ap;
    va_start(ap, fmt_it);
    /* both formats take the same arguments in the same order */
    vsnprintf(it->message, sizeof it->message, c->it ? fmt_it : fmt_en, ap);
    va_end(ap);
    if (c->it) {
        /* Italian writes decimals with a comma: 2,5 sillabe al secondo */
        for (char *q = it->message + 1; *q && q[1]; q++)
            if (*q == '.' && q[-1] >= '0' && q[-1] <= '9' && q[1] >= '0' && q[1] <= '9') *q = ',';
    }
    return it;
}

int pd_feedback_has_moment(const pd_feedback_item *f)
{
    return f && isfinite(f->moment.start_s) && isfinite(f->moment.end_s) && f->moment.end_s > f->moment.start_s;
}

/* The item (NULL: not added) is about [s0, s1) of the take. */
static void about(pd_feedback_item *it, double s0, double s1)
{
    if (it && isfinite(s0) && isfinite(s1) && s1 > s0) it->moment = (pd_interval){ s0 > 0 ? s0 : 0, s1 };
}

/* A moment's start, "0:12": rounded down, so replaying from it begins at or
 * before what it names. */
static void at_text(double s, char *out, size_t cap)
{
    long v = (long)floor(s > 0 ? s : 0);
    snprintf(out, cap, "%ld:%02ld", v / 60, v % 60);
}

/* The densest filled pauses: the PD_FILLED_CLUSTER_S window (starting at a
 * filled pause) holding the most; the earliest on a tie. *count gets how many. */
static pd_interval densest_filled(const pd_report *r, int *count)
{
    size_t best = 0, best_n = 0, best_last = 0;
    for (size_t i = 0; i < r->n_filled_pauses; i++) {
        size_t j = i;
        while (j + 1 < r->n_filled_pauses &&
               r->filled_pauses[j + 1].start_s < r->filled_pauses[i].start_s + PD_FILLED_CLUSTER_S)
            j++;
        if (j - i + 1 > best_n) best = i, best_n = j - i + 1, best_last = j;
    }
    *count = (int)best_n;
    if (!best_n) return (pd_interval){ 0, 0 };
    return (pd_interval){ r->filled_pauses[best].start_s, r->filled_pauses[best_last].end_s };
}

static double wpm(const pd_report *r, double syl_s)
{
    return r->syllables_per_word > 0 ? syl_s * 60.0 / r->syllables_per_word : NAN;
}

/* "1:07" */
static void clock_text(double s, char *out, size_t cap)
{
    long v = lround(s > 0 ? s : 0);
    snprintf(out, cap, "%ld:%02ld", v / 60, v % 60);
}

/* The take's length against its target: over (cut a part), short (there
 * was time left), or on time. */
static void timing(fb_ctx *c, const pd_feedback_bounds *b, double target_s)
{
    const pd_report *r = c->r;
    if (!(target_s > 0) || !isfinite(target_s) || !isfinite(r->duration_s)) return;
    double over = r->duration_s - target_s;
    char took[16], tgt[16];
    clock_text(r->duration_s, took, sizeof took);
    clock_text(target_s, tgt, sizeof tgt);
    if (over > b->time_grace_s)
        about(add(c, "time_over", PD_SEV_WARNING, over, b->time_grace_s,
            "%.0f s over your %s target (%s), past the %.0f s grace a timed contest allows: "
            "cut one part, or give each part less time.",
            "%.0f s oltre l'obiettivo di %s (%s), oltre i %.0f s di tolleranza di una gara a tempo: "
            "togli una parte, o dai meno tempo a ciascuna.",
            over, tgt, took, b->time_grace_s), target_s, r->duration_s);
    else if (over > b->time_over_s)
        about(add(c, "time_over", PD_SEV_TIP, over, b->time_over_s,
                  "%.0f s over your %s target (%s): cut one part, or give each part less time.",
                  "%.0f s oltre l'obiettivo di %s (%s): togli una parte, o dai meno tempo a ciascuna.",
                  over, tgt, took),
              target_s, r->duration_s);
    else if (r->duration_s < target_s * b->time_short_ratio) {
        char min[16];
        clock_text(target_s * b->time_short_ratio, min, sizeof min);
        add(c, "time_short", PD_SEV_TIP, r->duration_s, target_s * b->time_short_ratio,
            "You stopped at %s of %s, before the %s minimum: there was time for your ask.",
            "Ti sei fermato a %s di %s, prima del minimo di %s: c'era tempo per la tua richiesta.",
            took, tgt, min);
    } else
        add(c, "time_ok", PD_SEV_INFO, r->duration_s, target_s,
            "%s for a %s target: on time.", "%s per un obiettivo di %s: nei tempi.", took, tgt);
}

pd_status pd_feedback_evaluate(pd_report *r, const pd_feedback_bounds *b, const char *ui_lang)
{
    return pd_feedback_evaluate_timed(r, b, NAN, ui_lang);
}

pd_status pd_feedback_evaluate_timed(pd_report *r, const pd_feedback_bounds *b, double target_s,
                                     const char *ui_lang)
{
    free(r->feedback);
    r->feedback = NULL;
    r->n_feedback = 0;
    fb_ctx c = { r, ui_lang && strcmp(ui_lang, "it") == 0, 0, PD_OK };

    if (r->clipped_samples > b->clipped_samples_max)
        add(&c, "clipping", PD_SEV_WARNING, (double)r->clipped_samples, b->clipped_samples_max,
            "%ld samples hit full scale (peak %.1f dBFS): the recording is distorted. "
            "Lower the microphone gain or move back a little.",
            "%ld campioni toccano il fondo scala (picco %.1f dBFS): la registrazione è distorta. "
            "Abbassa il guadagno del microfono o allontanati un poco.",
            r->clipped_samples, r->peak_dbfs);
    if (!r->speech_detected) {
        if (!isfinite(r->peak_dbfs))
            add(&c, "no_speech", PD_SEV_WARNING, r->peak_dbfs, NAN,
                "The recording is silent: every sample is zero. Check that the right microphone "
                "is selected and not muted, then try again.",
                "La registrazione è muta: tutti i campioni sono zero. Controlla di aver scelto "
                "il microfono giusto e che non sia silenziato, poi riprova.");
        else if (!(r->speech_level_db - r->noise_floor_db >= PD_MIN_SPEECH_RANGE_DB))
            add(&c, "no_speech", PD_SEV_WARNING, r->speech_level_db - r->noise_floor_db,
                PD_MIN_SPEECH_RANGE_DB,
                "No speech was heard: the loudest moments stand only %.1f dB over the background "
                "(%.1f dBFS); speech needs at least %.0f dB. Check that the microphone is on and "
                "close to you, then try again.",
                "Non si sente parlato: i momenti più forti superano di soli %.1f dB il fondo "
                "(%.1f dBFS); il parlato ne richiede almeno %.0f. Controlla che il microfono sia "
                "acceso e vicino, poi riprova.",
                r->speech_level_db - r->noise_floor_db, r->noise_floor_db, PD_MIN_SPEECH_RANGE_DB);
        else
            add(&c, "no_speech", PD_SEV_WARNING, 0.0, NAN,
                "No speech was heard: there were sounds, but no voiced syllables. If you did "
                "speak, move closer to the microphone and try again.",
                "Non si sente parlato: c'erano suoni, ma nessuna sillaba sonora. Se hai parlato, "
                "avvicinati al microfono e riprova.");
        return c.st;
    }
    timing(&c, b, target_s);
    if (isfinite(r->loudness_lufs) && r->loudness_lufs < b->loudness_quiet_lufs)
        add(&c, "too_quiet", PD_SEV_WARNING, r->loudness_lufs, b->loudness_quiet_lufs,
            "Your loudness was %.1f LUFS, under %.0f LUFS: speak up, or bring the microphone closer.",
            "Il volume era %.1f LUFS, sotto %.0f LUFS: parla più forte o avvicina il microfono.",
            r->loudness_lufs, b->loudness_quiet_lufs);
    const double span = r->speech_end_s - r->speech_start_s;
    const int enough = span >= b->min_speech_s;
    if (!enough) {
        add(&c, "short_take", PD_SEV_INFO, span, b->min_speech_s,
            "You spoke for %.1f s; pace, pause and pitch advice needs at least %.0f s of speech.",
            "Hai parlato per %.1f s; i consigli su ritmo, pause e intonazione richiedono almeno %.0f s.",
            span, b->min_speech_s);
        return c.st;
    }

    const double sr = r->speech_rate_syl_s, ar = r->articulation_rate_syl_s;
    if (sr > b->pace_fast_syl_s)
        add(&c, "pace_fast", PD_SEV_WARNING, sr, b->pace_fast_syl_s,
            "You spoke at %.1f syllables per second (about %.0f words per minute), above %.1f: "
            "slow down and give each point a moment to land.",
            "Hai parlato a %.1f sillabe al secondo (circa %.0f parole al minuto), sopra %.1f: "
            "rallenta e lascia a ogni punto il tempo di arrivare.",
            sr, wpm(r, sr), b->pace_fast_syl_s);
    else if (sr < b->pace_slow_syl_s) {
        if (ar >= b->articulation_slow_syl_s)
            add(&c, "pace_slow_pauses", PD_SEV_TIP, sr, b->pace_slow_syl_s,
                "Your overall pace was %.1f syllables per second (about %.0f words per minute), "
                "under %.1f, but your words themselves came at %.1f syl/s: the slowness comes from "
                "pausing. Join your phrases a little more.",
                "Il ritmo complessivo era %.1f sillabe al secondo (circa %.0f parole al minuto), "
                "sotto %.1f, ma le parole stesse andavano a %.1f sill/s: la lentezza viene dalle "
                "pause. Lega un po' di più le frasi.",
                sr, wpm(r, sr), b->pace_slow_syl_s, ar);
        else
            add(&c, "pace_slow", PD_SEV_TIP, sr, b->pace_slow_syl_s,
                "You spoke at %.1f syllables per second (about %.0f words per minute), under %.1f, "
                "and drew your words out (%.1f syl/s between pauses). Pick up the pace a little.",
                "Hai parlato a %.1f sillabe al secondo (circa %.0f parole al minuto), sotto %.1f, "
                "allungando le parole (%.1f sill/s tra le pause). Accelera un poco.",
                sr, wpm(r, sr), b->pace_slow_syl_s, ar);
    } else
        add(&c, "pace_ok", PD_SEV_INFO, sr, b->pace_fast_syl_s,
            "Your pace was %.1f syllables per second (about %.0f words per minute), inside the "
            "comfortable band %.1f-%.1f.",
            "Il ritmo era %.1f sillabe al secondo (circa %.0f parole al minuto), dentro la "
            "fascia comoda %.1f-%.1f.",
            sr, wpm(r, sr), b->pace_slow_syl_s, b->pace_fast_syl_s);
    if (ar > b->articulation_fast_syl_s && sr <= b->pace_fast_syl_s)
        add(&c, "articulation_fast", PD_SEV_TIP, ar, b->articulation_fast_syl_s,
            "Between pauses you rushed: %.1f syllables per second, above %.1f. Your pauses save "
            "the overall pace; slow the words themselves.",
            "Tra una pausa e l'altra hai corso: %.1f sillabe al secondo, sopra %.1f. Le pause "
            "salvano il ritmo complessivo; rallenta le parole stesse.",
            ar, b->articulation_fast_syl_s);

    const double *t = r->pace_by_third_syl_s;
    double rest = 0.5 * (t[1] + t[2]);
    if (span >= 6.0 && rest > 0 && t[0] / rest > b->rush_start_ratio) {
        double e0 = r->speech_start_s + span / 3.0;
        char a0[16], a1[16];
        at_text(r->speech_start_s, a0, sizeof a0);
        at_text(e0, a1, sizeof a1);
        about(add(&c, "rushing_start", PD_SEV_TIP, t[0] / rest, b->rush_start_ratio,
                  "You rushed the opening (%s-%s): %.1f syl/s in the first third against %.1f afterwards "
                  "(%.2fx, bound %.2fx). Take a breath before you start.",
                  "Hai accelerato all'inizio (%s-%s): %.1f sill/s nel primo terzo contro %.1f dopo "
                  "(%.2fx, limite %.2fx). Fai un respiro prima di cominciare.",
                  a0, a1, t[0], rest, t[0] / rest, b->rush_start_ratio),
              r->speech_start_s, e0);
    }

    double ppm = r->n_pauses / (span / 60.0);
    if (ppm > b->pauses_per_min_max)
        add(&c, "many_pauses", PD_SEV_TIP, ppm, b->pauses_per_min_max,
            "You paused %.0f times a minute (more than %.0f): the speech sounds broken up. "
            "Say whole phrases before you stop.",
            "Ti sei fermato %.0f volte al minuto (più di %.0f): il discorso suona spezzato. "
            "Di' frasi intere prima di fermarti.",
            ppm, b->pauses_per_min_max);
    if (r->long_pauses_count > b->long_pauses_max) {
        double longest = 0.0;
        size_t li = 0;
        for (size_t i = 0; i < r->n_pauses; i++)
            if (r->pauses[i].end_s - r->pauses[i].start_s > longest)
                longest = r->pauses[i].end_s - r->pauses[i].start_s, li = i;
        char at[16];
        at_text(r->n_pauses ? r->pauses[li].start_s : 0, at, sizeof at);
        pd_feedback_item *it = add(&c, "long_pauses", PD_SEV_TIP, r->long_pauses_count, b->long_pauses_max,
            "%d pause(s) lasted 2 s or more (the longest %.1f s, at %s). A short pause helps; a long one "
            "loses the listener.",
            "%d pausa/e sono durate 2 s o più (la più lunga %.1f s, a %s). Una pausa breve aiuta; "
            "una lunga fa perdere chi ascolta.",
            r->long_pauses_count, longest, at);
        if (r->n_pauses) about(it, r->pauses[li].start_s, r->pauses[li].end_s);
    }
    double words = r->syllables_per_word > 0 ? r->syllables / r->syllables_per_word : r->syllables;
    double pct = words > 0 ? 100.0 * r->n_filled_pauses / words : 0.0;
    if (pct > b->filled_pauses_pct_max) {
        int in_cluster = 0;
        pd_interval m = densest_filled(r, &in_cluster);
        char at[16], where[120];
        at_text(m.start_s, at, sizeof at);
        if (in_cluster > 1)
            snprintf(where, sizeof where, c.it ? "%d in %.0f s da %s" : "%d within %.0f s from %s", in_cluster,
                     PD_FILLED_CLUSTER_S, at);
        else
            snprintf(where, sizeof where, c.it ? "la prima a %s" : "the first at %s", at);
        about(add(&c, "hesitations", PD_SEV_TIP, pct, b->filled_pauses_pct_max,
                  "%zu filled pauses (\"ehm\", \"uh\"; %s): %.1f per 100 words, above %.0f. "
                  "A silent pause sounds more confident than a filled one.",
                  "%zu pause piene (\"ehm\", \"uh\"; %s): %.1f ogni 100 parole, sopra %.0f. "
                  "Una pausa silenziosa suona più sicura di una piena.",
                  r->n_filled_pauses, where, pct, b->filled_pauses_pct_max),
              m.start_s, m.end_s);
    }
    if (isfinite(r->f0_sd_st) && r->f0_sd_st >= b->f0_sd_flat_st)
        add(&c, "pitch_ok", PD_SEV_INFO, r->f0_sd_st, b->f0_sd_flat_st,
            "Your pitch varied by %.1f semitones (standard deviation), over the %.1f under which "
            "a voice sounds flat: a lively delivery.",
            "L'intonazione variava di %.1f semitoni (deviazione standard), sopra i %.1f sotto cui "
            "una voce suona piatta: un tono vivace.",
            r->f0_sd_st, b->f0_sd_flat_st);
    if (isfinite(r->f0_sd_st) && r->f0_sd_st < b->f0_sd_flat_st)
        add(&c, "flat_pitch", PD_SEV_TIP, r->f0_sd_st, b->f0_sd_flat_st,
            "Your pitch varied by %.1f semitones (standard deviation), under %.1f: the delivery "
            "sounds flat. Let your voice rise and fall on the words that matter.",
            "L'intonazione variava di %.1f semitoni (deviazione standard), sotto %.1f: il tono "
            "suona piatto. Lascia salire e scendere la voce sulle parole importanti.",
            r->f0_sd_st, b->f0_sd_flat_st);
    const double *lv = r->level_by_third_db;
    if (isfinite(lv[0]) && isfinite(lv[1]) && isfinite(lv[2])) {
        double drop = 0.5 * (lv[0] + lv[1]) - lv[2];
        if (drop > b->trail_off_db) {
            double s0 = r->speech_end_s - span / 3.0;
            char a0[16], a1[16];
            at_text(s0, a0, sizeof a0);
            at_text(r->speech_end_s, a1, sizeof a1);
            about(add(&c, "trailing_off", PD_SEV_TIP, drop, b->trail_off_db,
                      "You trailed off: the last third (%s-%s) was %.1f dB quieter than the first two "
                      "(bound %.0f dB). Keep your voice up to the last word.",
                      "La voce si è spenta: l'ultimo terzo (%s-%s) era %.1f dB più basso dei primi due "
                      "(limite %.0f dB). Tieni la voce fino all'ultima parola.",
                      a0, a1, drop, b->trail_off_db),
                  s0, r->speech_end_s);
        }
    }
    return c.st;
}
