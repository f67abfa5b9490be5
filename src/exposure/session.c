/* session.c - one exposure session, step by step (a state machine driven
 * by the screens and tested directly), the fears of the expectancy check
 * with the measured fact beside each, the SUDS anchor words and the
 * paced-breathing guide.
 *
 * The order of an exposure follows the inhibitory-learning approach
 * (Craske et al. 2014): expectation (what do you fear, how likely), SUDS
 * before (Wolpe 1969), preparation, the drill, SUDS at the peak, listening
 * back, SUDS after a short recovery, and the check of the expectation
 * against what happened; three repetitions by default (Takac et al. 2019),
 * each with a different card where the step allows (variability, Craske
 * et al. 2014). Breathing: about 6 breaths a minute, inhale 4 s, exhale
 * 6 s (resonance-frequency breathing, Lehrer & Gevirtz 2014). */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "podium/exposure.h"

static int is_it(const char *lang)
{
    return lang && strcmp(lang, "it") == 0;
}

/* ---- fears -------------------------------------------------------------------- */

static const char *const FEAR_KEYS[PD_FEAR_COUNT] = { "own", "blank", "shake", "bored", "time", "um" };
static const char *const FEAR_EN[PD_FEAR_COUNT] = { "in my own words", "my mind goes blank", "my voice shakes",
                                                    "they look bored", "I run out of time",
                                                    "I say um all the time" };
static const char *const FEAR_IT[PD_FEAR_COUNT] = { "con parole mie", "ho un vuoto di memoria", "mi trema la voce",
                                                    "sembrano annoiati", "non mi basta il tempo",
                                                    "dico sempre ehm" };

const char *pd_fear_key(pd_fear f)
{
    return (unsigned)f < PD_FEAR_COUNT ? FEAR_KEYS[f] : "own";
}

int pd_fear_find(const char *key)
{
    for (int i = 0; key && i < PD_FEAR_COUNT; i++)
        if (strcmp(key, FEAR_KEYS[i]) == 0) return i;
    return -1;
}

const char *pd_fear_text(pd_fear f, const char *lang)
{
    if ((unsigned)f >= PD_FEAR_COUNT) f = PD_FEAR_OWN;
    return is_it(lang) ? FEAR_IT[f] : FEAR_EN[f];
}

pd_fear pd_fear_of_text(const char *text)
{
    for (int i = 1; text && i < PD_FEAR_COUNT; i++)
        if (strcmp(text, FEAR_EN[i]) == 0 || strcmp(text, FEAR_IT[i]) == 0) return (pd_fear)i;
    return PD_FEAR_OWN;
}

void pd_take_facts_init(pd_take_facts *f)
{
    f->duration_s = f->target_s = f->speech_s = NAN;
    f->filled_pauses = f->long_pauses = f->longest_pause_s = NAN;
    f->f0_sd_st = f->f0_median_hz = f->baseline_f0_hz = NAN;
}

static void clock_text(double s, char *out, size_t cap)
{
    long t = lround(s < 0 ? 0 : s);
    snprintf(out, cap, "%ld:%02ld", t / 60, t % 60);
}

static void num1(double v, int it, char *out, size_t cap)
{
    snprintf(out, cap, "%.1f", v);
    char *dot = it ? strchr(out, '.') : NULL;
    if (dot) *dot = ',';
}

int pd_fear_fact(pd_fear f, const pd_take_facts *x, const char *lang, char *out, size_t out_len)
{
    int it = is_it(lang);
    char a[32], b[32];
    out[0] = 0;
    switch (f) {
    case PD_FEAR_UM:
        if (!isfinite(x->filled_pauses) || !isfinite(x->duration_s)) return 0;
        clock_text(x->duration_s, a, sizeof a);
        if (lround(x->filled_pauses) == 1)
            snprintf(out, out_len, it ? "1 pausa piena (ehm) in %s" : "1 filled pause (um) in %s", a);
        else
            snprintf(out, out_len, it ? "%ld pause piene (ehm) in %s" : "%ld filled pauses (um) in %s",
                     lround(x->filled_pauses), a);
        return 1;
    case PD_FEAR_TIME:
        if (!isfinite(x->duration_s)) return 0;
        clock_text(x->duration_s, a, sizeof a);
        if (isfinite(x->target_s) && x->target_s > 0) {
            clock_text(x->target_s, b, sizeof b);
            snprintf(out, out_len,
                     x->duration_s <= x->target_s ? (it ? "hai finito a %s su %s" : "you finished at %s of %s")
                                                  : (it ? "sei andato avanti fino a %s su %s" : "you went on to %s of %s"),
                     a, b);
        } else
            snprintf(out, out_len, it ? "hai parlato per %s (senza tempo)" : "you spoke for %s (untimed)", a);
        return 1;
    case PD_FEAR_BLANK:
        if (!isfinite(x->longest_pause_s) || !isfinite(x->long_pauses)) return 0;
        num1(x->longest_pause_s, it, a, sizeof a);
        if (lround(x->long_pauses) == 0)
            snprintf(out, out_len, it ? "nessuna pausa lunga; la più lunga è durata %s s"
                                      : "no long pause; the longest lasted %s s", a);
        else
            snprintf(out, out_len, it ? "%ld pause lunghe; la più lunga è durata %s s"
                                      : "%ld long pauses; the longest lasted %s s", lround(x->long_pauses), a);
        return 1;
    case PD_FEAR_SHAKE:
        /* a tremor itself is not measured; a raised pitch is the sign of nerves the analysis sees */
        if (!isfinite(x->f0_median_hz) || !isfinite(x->baseline_f0_hz) || x->baseline_f0_hz <= 0) return 0;
        {
            double pct = 100.0 * (x->f0_median_hz / x->baseline_f0_hz - 1.0);
            long p = lround(fabs(pct));
            if (p < 3)
                snprintf(out, out_len, "%s",
                         it ? "il tono della voce era quello di sempre (entro il 3 %)"
                            : "your pitch was at your usual level (within 3 %)");
            else
                snprintf(out, out_len,
                         pct > 0 ? (it ? "il tono della voce era il %ld %% più alto del solito"
                                       : "your pitch was %ld %% higher than your usual")
                                 : (it ? "il tono della voce era il %ld %% più basso del solito"
                                       : "your pitch was %ld %% lower than your usual"),
                         p);
        }
        return 1;
    default: return 0; /* the analysis cannot speak to it */
    }
}

const char *pd_suds_words(int r, const char *lang)
{
    int it = is_it(lang);
    if (r < 0) return "";
    if (r <= 9) return it ? "calmo" : "calm";
    if (r <= 39) return it ? "lieve" : "mild";
    if (r <= 59) return it ? "moderato" : "moderate";
    if (r <= 89) return it ? "forte" : "strong";
    return it ? "il peggio che puoi immaginare" : "the worst you can imagine";
}

/* ---- the session ---------------------------------------------------------------- */

const char *pd_xphase_name(pd_xphase p)
{
    static const char *const names[PD_X_COUNT] = { "expect",  "before", "prepare", "drill", "peak", "listen",
                                                   "recover", "after",  "check",   "suggest", "done" };
    return (unsigned)p < PD_X_COUNT ? names[p] : "?";
}

int pd_exposure_has_data(const pd_exposure *e)
{
    return e->suds_before != PD_RATING_NONE || e->suds_peak != PD_RATING_NONE || e->suds_after != PD_RATING_NONE ||
           e->feared[0] || e->take_id > 0 || e->happened != PD_RATING_NONE;
}

static void new_rep(pd_xsession *s, int64_t now)
{
    int64_t session = s->cur.session;
    pd_exposure_init(&s->cur);
    s->cur.step_id = s->step.id;
    snprintf(s->cur.step_title, sizeof s->cur.step_title, "%s", s->step.title);
    s->cur.date = now;
    s->cur.session = session ? session : now;
    s->cur.rep = s->rep;
    s->cur.real_world = s->step.real_world;
    s->drill_failed = 0;
}

static void go(pd_xsession *s, pd_xphase p, double t_s)
{
    s->phase = p;
    s->phase_start_s = t_s;
    if (pd_exposure_has_data(&s->cur)) s->dirty = 1;
    if (p == PD_X_RECOVER && s->recover_s <= 0) s->phase = PD_X_AFTER;
}

void pd_xsession_start(pd_xsession *s, const pd_step *step, double recover_s, int64_t now, double t_s)
{
    memset(s, 0, sizeof *s);
    s->step = *step;
    if (s->step.reps < 1) s->step.reps = 1;
    s->rep = 1;
    s->recover_s = recover_s;
    s->last_likelihood = PD_RATING_NONE;
    s->cur.session = 0;
    new_rep(s, now);
    s->phase = PD_X_EXPECT;
    s->phase_start_s = t_s;
}

int pd_xsession_expect(pd_xsession *s, const char *feared, int likelihood, double t_s)
{
    if (s->phase != PD_X_EXPECT || s->paused) return 1;
    if (feared && feared[0]) {
        if (!pd_rating_valid(likelihood)) return 1;
        snprintf(s->cur.feared, sizeof s->cur.feared, "%s", feared);
        s->cur.likelihood = likelihood;
        snprintf(s->last_feared, sizeof s->last_feared, "%s", feared);
        s->last_likelihood = likelihood;
    } else {
        s->cur.feared[0] = 0;
        s->cur.likelihood = PD_RATING_NONE;
    }
    go(s, PD_X_BEFORE, t_s);
    return 0;
}

int pd_xsession_rate(pd_xsession *s, int rating, double t_s)
{
    if (s->paused || !pd_rating_valid(rating)) return 1;
    switch (s->phase) {
    case PD_X_BEFORE:
        s->cur.suds_before = rating;
        go(s, s->step.real_world ? PD_X_PEAK : PD_X_PREPARE, t_s);
        return 0;
    case PD_X_PEAK:
        s->cur.suds_peak = rating;
        if (s->step.real_world) go(s, PD_X_AFTER, t_s);
        else if (s->step.listen_back && s->cur.take_id > 0) go(s, PD_X_LISTEN, t_s);
        else go(s, PD_X_RECOVER, t_s);
        return 0;
    case PD_X_AFTER:
        s->cur.suds_after = rating;
        go(s, s->cur.feared[0] ? PD_X_CHECK : PD_X_SUGGEST, t_s);
        return 0;
    case PD_X_CHECK:
        s->cur.happened = rating;
        go(s, PD_X_SUGGEST, t_s);
        return 0;
    default: return 1;
    }
}

int pd_xsession_prepared(pd_xsession *s, double t_s)
{
    if (s->phase != PD_X_PREPARE || s->paused) return 1;
    go(s, PD_X_DRILL, t_s);
    return 0;
}

int pd_xsession_drill_done(pd_xsession *s, int64_t take_id, double t_s)
{
    if (s->phase != PD_X_DRILL) return 1;
    s->paused = 0;
    if (take_id > 0) {
        s->cur.take_id = take_id;
        s->drill_failed = 0;
        go(s, PD_X_PEAK, t_s);
        return 0;
    }
    s->drill_failed = 1;
    go(s, s->step.second_try ? PD_X_PREPARE : PD_X_PEAK, t_s);
    return 0;
}

int pd_xsession_listened(pd_xsession *s, double t_s)
{
    if (s->phase != PD_X_LISTEN || s->paused) return 1;
    go(s, PD_X_RECOVER, t_s);
    return 0;
}

double pd_xsession_recover_left(const pd_xsession *s, double t_s)
{
    if (s->phase != PD_X_RECOVER) return 0;
    double now = s->paused ? s->paused_at_s : t_s;
    double left = s->recover_s - (now - s->phase_start_s);
    return left > 0 ? left : 0;
}

void pd_xsession_tick(pd_xsession *s, double t_s)
{
    if (s->phase == PD_X_RECOVER && !s->paused && pd_xsession_recover_left(s, t_s) <= 0) go(s, PD_X_AFTER, t_s);
}

int pd_xsession_skip_recovery(pd_xsession *s, double t_s)
{
    if (s->phase != PD_X_RECOVER || s->paused) return 1;
    go(s, PD_X_AFTER, t_s);
    return 0;
}

int pd_xsession_next(pd_xsession *s, int64_t now, double t_s)
{
    if (s->phase != PD_X_SUGGEST || s->paused) return 1;
    s->saved++;
    if (s->rep >= s->step.reps) {
        s->phase = PD_X_DONE;
        return 0;
    }
    s->rep++;
    new_rep(s, now);
    s->dirty = 0; /* the new repetition holds nothing yet */
    s->phase = PD_X_EXPECT;
    s->phase_start_s = t_s;
    return 0;
}

void pd_xsession_pause(pd_xsession *s, double t_s)
{
    if (s->paused || s->phase == PD_X_DONE) return;
    s->paused = 1;
    s->paused_at_s = t_s;
}

void pd_xsession_resume(pd_xsession *s, double t_s)
{
    if (!s->paused) return;
    s->paused = 0;
    if (s->phase == PD_X_RECOVER || s->phase == PD_X_PREPARE) s->phase_start_s += t_s - s->paused_at_s;
}

void pd_xsession_end(pd_xsession *s)
{
    s->paused = 0;
    if (s->phase != PD_X_DONE && pd_exposure_has_data(&s->cur)) s->dirty = 1;
    s->phase = PD_X_DONE;
}

/* splitmix64 (Steele, Lea & Flood 2014): a small, seedable mix */
static uint64_t mix(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

int pd_xsession_pick(int n, int rep, uint64_t seed)
{
    if (n <= 1) return 0;
    if (rep < 1) rep = 1;
    uint64_t first = mix(seed) % (uint64_t)n;
    uint64_t stride = 1 + mix(seed ^ 0x5DEECE66Dull) % (uint64_t)(n - 1); /* 1..n-1: never 0 */
    return (int)((first + (uint64_t)(rep - 1) * stride) % (uint64_t)n);
}

void pd_breath_at(double t_s, int *inhale, double *size, double *left)
{
    const double cycle = PD_BREATH_IN_S + PD_BREATH_OUT_S;
    double t = fmod(t_s < 0 ? 0 : t_s, cycle);
    double x, sz;
    if (t < PD_BREATH_IN_S) {
        x = t / PD_BREATH_IN_S;
        sz = 0.5 - 0.5 * cos(M_PI * x); /* eased: slow at the turns */
        if (inhale) *inhale = 1;
        if (left) *left = PD_BREATH_IN_S - t;
    } else {
        x = (t - PD_BREATH_IN_S) / PD_BREATH_OUT_S;
        sz = 0.5 + 0.5 * cos(M_PI * x);
        if (inhale) *inhale = 0;
        if (left) *left = cycle - t;
    }
    if (size) *size = sz;
}
