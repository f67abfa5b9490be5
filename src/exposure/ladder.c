/* ladder.c - the steps of the exposure ladder, the default ladder (a
 * networking evening, easiest first, in English and Italian), its edits,
 * plain-words descriptions and the JSON row of `podium ladder --json`.
 *
 * The default ladder follows the graded-exposure hierarchies of 10-20 items
 * (Wolpe 1969; see shared/REFERENCE.md, "Drills and desensitisation"):
 * alone and untimed first, then memory, timing, listening back, an audience,
 * distractions, surprise topics, questions, and the real world last. */
#include <stdio.h>
#include <string.h>
#include "podium/exposure.h"

static int is_it(const char *lang)
{
    return lang && strcmp(lang, "it") == 0;
}

static const char *const CARD_NAMES[PD_CARD_COUNT] = { "own", "varied", "hidden", "topic" };
static const char *const ATT_NAMES[PD_ATT_COUNT] = { "none",  "staring", "attentive",
                                                     "neutral", "bored", "critical" };

const char *pd_card_mode_name(pd_card_mode m)
{
    return (unsigned)m < PD_CARD_COUNT ? CARD_NAMES[m] : "own";
}

int pd_card_mode_find(const char *name)
{
    for (int i = 0; name && i < PD_CARD_COUNT; i++)
        if (strcmp(name, CARD_NAMES[i]) == 0) return i;
    return -1;
}

const char *pd_attitude_name(pd_attitude a)
{
    return (unsigned)a < PD_ATT_COUNT ? ATT_NAMES[a] : "none";
}

int pd_attitude_find(const char *name)
{
    for (int i = 0; name && i < PD_ATT_COUNT; i++)
        if (strcmp(name, ATT_NAMES[i]) == 0) return i;
    return -1;
}

void pd_step_init(pd_step *s)
{
    memset(s, 0, sizeof *s);
    snprintf(s->title, sizeof s->title, "New step");
    s->drill_s = 60;
    s->prep_s = 10;
    s->card = PD_CARD_OWN;
    s->reps = 3;
    s->second_try = 1;
    s->audience.attitude = PD_ATT_NONE;
    s->expected = PD_RATING_NONE;
}

/* Valid UTF-8 (no overlongs, no surrogates), no control characters. */
static int text_ok(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        if (*p < 0x20 || *p == 0x7f) return 0;
        if (*p < 0x80) {
            p++;
            continue;
        }
        int n = *p >= 0xF0 && *p <= 0xF4 ? 3 : *p >= 0xE0 ? 2 : *p >= 0xC2 && *p < 0xE0 ? 1 : -1;
        if (n < 0 || *p > 0xF4) return 0;
        unsigned cp = *p & (0x3Fu >> n);
        for (int k = 1; k <= n; k++) {
            if ((p[k] & 0xC0) != 0x80) return 0;
            cp = (cp << 6) | (p[k] & 0x3Fu);
        }
        if ((n == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
            return 0;
        p += n + 1;
    }
    return 1;
}

int pd_step_check(const pd_step *s, char *err, size_t err_len)
{
    const char *bad = NULL;
    char what[160];
    if (!s->title[0] || strspn(s->title, " ") == strlen(s->title)) bad = "title: must not be empty";
    else if (!text_ok(s->title)) bad = "title: not valid UTF-8 text (or holds control characters)";
    else if (s->drill_s < 0 || s->drill_s > PD_DRILL_S_MAX) {
        snprintf(what, sizeof what, "drill_s = %d: allowed 0 (untimed) to %d seconds", s->drill_s, PD_DRILL_S_MAX);
        bad = what;
    } else if (s->drill_s > 0 && s->drill_s < 5) {
        snprintf(what, sizeof what, "drill_s = %d: a timed drill lasts at least 5 seconds (0 = untimed)", s->drill_s);
        bad = what;
    } else if (s->prep_s < 0 || s->prep_s > PD_PREP_S_MAX) {
        snprintf(what, sizeof what, "prep_s = %d: allowed 0 to %d seconds", s->prep_s, PD_PREP_S_MAX);
        bad = what;
    } else if ((unsigned)s->card >= PD_CARD_COUNT) bad = "card: allowed own, varied, hidden, topic";
    else if (s->reps < 1 || s->reps > PD_REPS_MAX) {
        snprintf(what, sizeof what, "repetitions = %d: allowed 1 to %d", s->reps, PD_REPS_MAX);
        bad = what;
    } else if ((s->listen_back != 0 && s->listen_back != 1) || (s->second_try != 0 && s->second_try != 1) ||
               (s->real_world != 0 && s->real_world != 1))
        bad = "listen_back, second_try, real_world: allowed yes or no";
    else if (s->audience.size < 0 || s->audience.size > PD_AUDIENCE_MAX) {
        snprintf(what, sizeof what, "audience = %d: allowed 0 (alone) to %d people", s->audience.size, PD_AUDIENCE_MAX);
        bad = what;
    } else if ((unsigned)s->audience.attitude >= PD_ATT_COUNT)
        bad = "attitude: allowed none, staring, attentive, neutral, bored, critical";
    else if (s->audience.size > 0 && s->audience.attitude == PD_ATT_NONE)
        bad = "attitude: an audience needs one (staring, attentive, neutral, bored, critical)";
    else if (s->audience.bored < 0 || s->audience.bored > s->audience.size) {
        snprintf(what, sizeof what, "bored = %d: allowed 0 to the audience's size (%d)", s->audience.bored,
                 s->audience.size);
        bad = what;
    } else if (s->audience.distractions < 0 || s->audience.distractions > 20)
        bad = "distractions: allowed 0 to 20 a minute";
    else if (s->audience.questions < 0 || s->audience.questions > 10)
        bad = "questions: allowed 0 to 10";
    else if (s->expected != PD_RATING_NONE && (s->expected < 0 || s->expected > 100)) {
        snprintf(what, sizeof what, "expected = %d: allowed 0 to 100 (or none)", s->expected);
        bad = what;
    }
    if (bad && err && err_len) snprintf(err, err_len, "%s", bad);
    return bad != NULL;
}

/* ---- plain words ------------------------------------------------------------- */

static void add(char *out, size_t cap, size_t *len, const char *sep, const char *piece)
{
    if (*len >= cap) return;
    int w = snprintf(out + *len, cap - *len, "%s%s", *len ? sep : "", piece);
    if (w > 0) *len = *len + (size_t)w < cap ? *len + (size_t)w : cap - 1;
}

static const char *attitude_words(pd_attitude a, int it)
{
    static const char *const en[PD_ATT_COUNT] = { "", "staring and silent", "attentive", "neutral", "bored",
                                                  "critical" };
    static const char *const itw[PD_ATT_COUNT] = { "", "ti fissano in silenzio", "attento", "neutro",
                                                   "annoiato", "critico" };
    return (unsigned)a < PD_ATT_COUNT ? (it ? itw[a] : en[a]) : "";
}

void pd_step_describe(const pd_step *s, const char *lang, char *out, size_t out_len)
{
    int it = is_it(lang);
    size_t len = 0;
    char b[200];
    if (!out || !out_len) return;
    out[0] = 0;
    if (s->real_world) {
        add(out, out_len, &len, ", ",
            it ? "nel mondo reale: fuori dal computer, registrato dopo" : "in the real world: done away from the computer, logged afterwards");
        return;
    }
    if (s->drill_s > 0) snprintf(b, sizeof b, it ? "%d s con il timer" : "%d s with the timer", s->drill_s);
    else snprintf(b, sizeof b, "%s", it ? "senza tempo" : "untimed");
    add(out, out_len, &len, ", ", b);
    if (s->prep_s > 0) {
        snprintf(b, sizeof b, it ? "%d s per prepararti" : "%d s to prepare", s->prep_s);
        add(out, out_len, &len, ", ", b);
    }
    static const char *const card_en[PD_CARD_COUNT] = { "your card shown", "a different card each time",
                                                        "from memory (card hidden)", "a surprise topic" };
    static const char *const card_it[PD_CARD_COUNT] = { "la tua scheda in vista", "una scheda diversa ogni volta",
                                                        "a memoria (scheda nascosta)", "un tema a sorpresa" };
    if ((unsigned)s->card < PD_CARD_COUNT) add(out, out_len, &len, ", ", it ? card_it[s->card] : card_en[s->card]);
    if (s->reps == 1) snprintf(b, sizeof b, "%s", it ? "una volta" : "once");
    else snprintf(b, sizeof b, it ? "%d volte" : "%d times", s->reps);
    add(out, out_len, &len, ", ", b);
    if (s->listen_back) add(out, out_len, &len, ", ", it ? "riascolto alla fine" : "listen back afterwards");
    if (!s->second_try) add(out, out_len, &len, ", ", it ? "nessun secondo tentativo" : "no second try");
    if (s->audience.size == 0) add(out, out_len, &len, ", ", it ? "da solo" : "alone");
    else {
        if (s->audience.size == 1)
            snprintf(b, sizeof b, it ? "1 persona, %s" : "1 person, %s", attitude_words(s->audience.attitude, it));
        else
            snprintf(b, sizeof b, it ? "%d persone, %s" : "%d people, %s", s->audience.size,
                     attitude_words(s->audience.attitude, it));
        add(out, out_len, &len, ", ", b);
        if (s->audience.bored > 0 && s->audience.attitude != PD_ATT_BORED) {
            snprintf(b, sizeof b, it ? "%d annoiati" : "%d of them bored", s->audience.bored);
            add(out, out_len, &len, ", ", b);
        }
    }
    if (s->audience.distractions > 0) {
        snprintf(b, sizeof b, it ? "%d distrazioni al minuto" : "%d distractions a minute", s->audience.distractions);
        add(out, out_len, &len, ", ", b);
    }
    if (s->audience.questions > 0) {
        if (s->audience.questions == 1) snprintf(b, sizeof b, "%s", it ? "una domanda alla fine" : "a question afterwards");
        else snprintf(b, sizeof b, it ? "%d domande alla fine" : "%d questions afterwards", s->audience.questions);
        add(out, out_len, &len, ", ", b);
    }
}

int pd_step_needs_audience(const pd_step *s, const char *lang, char *out, size_t out_len)
{
    (void)s;   /* the audience, its sounds and its questions are all in the drill now */
    (void)lang;
    if (out && out_len) out[0] = 0;
    return 0;
}

/* ---- the default ladder ------------------------------------------------------- */

typedef struct def_step {
    const char *en, *it;
    int real_world, drill_s, prep_s;
    pd_card_mode card;
    int reps, listen_back, second_try;
    int size;
    pd_attitude att;
    int bored, distractions, questions;
} def_step;

static const def_step DEFAULT_LADDER[] = {
    { "Read your introduction aloud, alone, untimed", "Leggi ad alta voce la tua presentazione, da solo, senza tempo",
      0, 0, 0, PD_CARD_OWN, 3, 0, 1, 0, PD_ATT_NONE, 0, 0, 0 },
    { "Say it from memory (card hidden)", "Dilla a memoria (scheda nascosta)",
      0, 0, 10, PD_CARD_HIDDEN, 3, 0, 1, 0, PD_ATT_NONE, 0, 0, 0 },
    { "60 seconds with the timer", "60 secondi con il timer",
      0, 60, 10, PD_CARD_OWN, 3, 0, 1, 0, PD_ATT_NONE, 0, 0, 0 },
    { "Listen back to your own take", "Riascolta la tua registrazione",
      0, 60, 10, PD_CARD_OWN, 3, 1, 1, 0, PD_ATT_NONE, 0, 0, 0 },
    { "30 seconds, from memory, no second try", "30 secondi, a memoria, senza secondo tentativo",
      0, 30, 10, PD_CARD_HIDDEN, 3, 0, 0, 0, PD_ATT_NONE, 0, 0, 0 },
    { "In front of a small silent audience that looks at you",
      "Davanti a un piccolo pubblico silenzioso che ti guarda",
      0, 60, 10, PD_CARD_HIDDEN, 3, 0, 0, 4, PD_ATT_STARING, 0, 0, 0 },
    { "A larger audience, some of them bored", "Un pubblico più grande, qualcuno annoiato",
      0, 60, 10, PD_CARD_HIDDEN, 3, 0, 0, 12, PD_ATT_NEUTRAL, 3, 0, 0 },
    { "Distractions: murmur, a cough, a phone", "Distrazioni: brusio, un colpo di tosse, un telefono",
      0, 60, 10, PD_CARD_HIDDEN, 3, 0, 0, 12, PD_ATT_ATTENTIVE, 2, 3, 0 },
    { "A surprise topic with 10 seconds to prepare", "Un tema a sorpresa con 10 secondi per prepararti",
      0, 60, 10, PD_CARD_TOPIC, 3, 0, 0, 8, PD_ATT_NEUTRAL, 0, 0, 0 },
    { "Questions from the audience after your pitch", "Domande dal pubblico dopo la tua presentazione",
      0, 60, 10, PD_CARD_HIDDEN, 3, 0, 0, 8, PD_ATT_CRITICAL, 0, 0, 2 },
    { "In the real world: introduce yourself at a networking event",
      "Nel mondo reale: presentati a un evento di networking",
      1, 60, 0, PD_CARD_HIDDEN, 1, 0, 0, 0, PD_ATT_NONE, 0, 0, 0 },
    { "In the real world: organise or host a networking event",
      "Nel mondo reale: organizza o conduci un evento di networking",
      1, 60, 0, PD_CARD_HIDDEN, 1, 0, 0, 0, PD_ATT_NONE, 0, 0, 0 },
};

void pd_ladder_default(pd_ladder *l, const char *lang)
{
    memset(l, 0, sizeof *l);
    int it = is_it(lang);
    size_t n = sizeof DEFAULT_LADDER / sizeof DEFAULT_LADDER[0];
    for (size_t i = 0; i < n; i++) {
        const def_step *d = &DEFAULT_LADDER[i];
        pd_step *s = &l->step[l->n++];
        pd_step_init(s);
        snprintf(s->title, sizeof s->title, "%s", it ? d->it : d->en);
        s->real_world = d->real_world;
        s->drill_s = d->drill_s;
        s->prep_s = d->prep_s;
        s->card = d->card;
        s->reps = d->reps;
        s->listen_back = d->listen_back;
        s->second_try = d->second_try;
        s->audience.size = d->size;
        s->audience.attitude = d->att;
        s->audience.bored = d->bored;
        s->audience.distractions = d->distractions;
        s->audience.questions = d->questions;
    }
    l->current = 0;
}

/* ---- edits --------------------------------------------------------------------- */

int pd_ladder_insert(pd_ladder *l, int at, const pd_step *s)
{
    if (l->n >= PD_LADDER_MAX || at < 0 || at > l->n) return 1;
    memmove(&l->step[at + 1], &l->step[at], (size_t)(l->n - at) * sizeof l->step[0]);
    l->step[at] = *s;
    l->n++;
    if (l->n > 1 && l->current >= at) l->current++;
    return 0;
}

int pd_ladder_remove(pd_ladder *l, int at)
{
    if (at < 0 || at >= l->n) return 1;
    memmove(&l->step[at], &l->step[at + 1], (size_t)(l->n - at - 1) * sizeof l->step[0]);
    l->n--;
    if (l->current > at || l->current >= l->n) l->current = l->current > 0 ? l->current - 1 : 0;
    return 0;
}

int pd_ladder_move(pd_ladder *l, int from, int to)
{
    if (from < 0 || from >= l->n || to < 0 || to >= l->n) return 1;
    if (from == to) return 0;
    pd_step s = l->step[from];
    int cur = l->current;
    if (from < to) memmove(&l->step[from], &l->step[from + 1], (size_t)(to - from) * sizeof s);
    else memmove(&l->step[to + 1], &l->step[to], (size_t)(from - to) * sizeof s);
    l->step[to] = s;
    if (cur == from) l->current = to;
    else if (from < cur && cur <= to) l->current = cur - 1;
    else if (to <= cur && cur < from) l->current = cur + 1;
    return 0;
}

int pd_ladder_duplicate(pd_ladder *l, int at)
{
    if (at < 0 || at >= l->n || l->n >= PD_LADDER_MAX) return 1;
    pd_step s = l->step[at];
    s.id = 0;
    size_t len = strlen(s.title);
    if (len + 4 >= sizeof s.title) {   /* cut at a character boundary to make room */
        len = sizeof s.title - 5;
        while (len > 0 && ((unsigned char)s.title[len] & 0xC0) == 0x80) len--;
        s.title[len] = 0;
    }
    snprintf(s.title + len, sizeof s.title - len, " (2)");
    return pd_ladder_insert(l, at + 1, &s);
}

void pd_ladder_sort_by_expected(pd_ladder *l)
{
    if (l->n < 2) return;
    int64_t cur_id = l->step[l->current].id;
    pd_step cur_step = l->step[l->current];
    /* insertion sort: stable, and the ladder is short */
    for (int i = 1; i < l->n; i++) {
        pd_step s = l->step[i];
        int key = s.expected == PD_RATING_NONE ? 1000 : s.expected;
        int j = i - 1;
        while (j >= 0) {
            int kj = l->step[j].expected == PD_RATING_NONE ? 1000 : l->step[j].expected;
            if (kj <= key) break;
            l->step[j + 1] = l->step[j];
            j--;
        }
        l->step[j + 1] = s;
    }
    for (int i = 0; i < l->n; i++)
        if (cur_id ? l->step[i].id == cur_id : memcmp(&l->step[i], &cur_step, sizeof cur_step) == 0) {
            l->current = i;
            break;
        }
}

int pd_ladder_start_index(const pd_ladder *l)
{
    int best = -1, easiest = -1;
    for (int i = 0; i < l->n; i++) {
        int e = l->step[i].expected;
        if (e == PD_RATING_NONE) continue;
        if (e <= PD_LADDER_START_MAX && (best < 0 || e >= l->step[best].expected)) best = i;
        if (easiest < 0 || e < l->step[easiest].expected) easiest = i;
    }
    return best >= 0 ? best : easiest >= 0 ? easiest : 0;
}

int pd_ladder_find(const pd_ladder *l, int64_t step_id)
{
    if (step_id <= 0) return -1;
    for (int i = 0; i < l->n; i++)
        if (l->step[i].id == step_id) return i;
    return -1;
}

/* ---- JSON ------------------------------------------------------------------------ */

static void json_rating(pd_sb *out, int r)
{
    if (r == PD_RATING_NONE) pd_sb_puts(out, "null");
    else pd_sb_printf(out, "%d", r);
}

void pd_ladder_json(const pd_ladder *l, const pd_step_progress *p, const char *lang, pd_sb *out)
{
    pd_sb_puts(out, "{\"current\": ");
    if (l->n > 0) pd_sb_printf(out, "%d", l->current + 1);
    else pd_sb_puts(out, "null");
    pd_sb_puts(out, ", \"steps\": [");
    for (int i = 0; i < l->n; i++) {
        const pd_step *s = &l->step[i];
        char desc[600];
        pd_step_describe(s, lang, desc, sizeof desc);
        pd_sb_printf(out, "%s\n  {\"number\": %d, \"id\": %lld, \"title\": ", i ? "," : "", i + 1, (long long)s->id);
        pd_sb_json_str(out, s->title);
        pd_sb_printf(out,
                     ", \"real_world\": %s, \"drill_s\": %d, \"prep_s\": %d, \"card\": \"%s\", \"repetitions\": %d, "
                     "\"listen_back\": %s, \"second_try\": %s, \"audience\": {\"size\": %d, \"attitude\": \"%s\", "
                     "\"bored\": %d, \"distractions\": %d, \"questions\": %d}, \"expected\": ",
                     s->real_world ? "true" : "false", s->drill_s, s->prep_s, pd_card_mode_name(s->card), s->reps,
                     s->listen_back ? "true" : "false", s->second_try ? "true" : "false", s->audience.size,
                     pd_attitude_name(s->audience.attitude), s->audience.bored, s->audience.distractions,
                     s->audience.questions);
        json_rating(out, s->expected);
        pd_sb_puts(out, ", \"current\": ");
        pd_sb_puts(out, i == l->current ? "true" : "false");
        pd_sb_puts(out, ", \"description\": ");
        pd_sb_json_str(out, desc);
        if (p) {
            pd_sb_printf(out, ", \"status\": \"%s\", \"attempts\": %d, \"first_peak\": ",
                         pd_step_status_name(p[i].status), p[i].attempts);
            json_rating(out, p[i].first_peak);
            pd_sb_puts(out, ", \"last_peak\": ");
            json_rating(out, p[i].last_peak);
        }
        pd_sb_puts(out, "}");
    }
    pd_sb_puts(out, l->n ? "\n]}\n" : "]}\n");
}
