/* audience.c - the drawn audience's behaviour model (audience.h): seated
 * people, each an agent with its own timers and PRNG, whose behaviours come
 * from one table (TABLE below: rate a minute, duration, share of people per
 * attitude) and whose reactions to the speaker come from the live meters.
 *
 * Sources of the table:
 *   - Attitudes and their cues: Slater, Pertaub & Steed 1999 and Pertaub,
 *     Slater & Barker 2002 (a friendly audience: looking at the speaker,
 *     nodding, smiling, leaning forward; a hostile/bored one: yawning,
 *     slumping back, looking away or at a watch, whispering, walking out);
 *     Kang, Brinkman et al. 2013 and 2016 (attentiveness - gaze at the
 *     speaker, posture leaning forward or back - is the cue people notice
 *     most, then friendliness from face and head); Glémarec et al. 2021
 *     (indifferent, critical and enthusiastic audiences from rules of
 *     posture, head, face and gaze, each with a frequency and a share of
 *     the audience: critical = arms crossed, frowns, head shakes, leaning
 *     back while still watching; indifferent = gaze away, phone, slumped);
 *     Chollet et al. 2016 (an audience's mood is read from the share of its
 *     members showing it, so shares are exact per attitude group here).
 *   - "Staring and silent": every eye on the speaker, nothing but blinks
 *     (the programme's hardest gaze step, issue 9).
 *   - Blinks: about 17 a minute at rest in conversation-free viewing
 *     (Bentivoglio et al. 1997: 17/min at rest), 100-150 ms each (issue 9;
 *     Caffier et al. 2003 measure ~100-150 ms lid closure in alert people).
 *   - Yawns last about 6 s (Provine 1986: mean 6 s); nods 0.5-1.2 s with
 *     one or two dips (Hadar et al. 1985 on listener head movements).
 *   - Reactions (Chollet et al. 2015, an interactive audience): a pause over
 *     3 s brings heads up (a bored person reaches for the phone); quiet
 *     speech makes someone lean forward or frown; attentive people nod at a
 *     lively pitch and a steady pace; critical ones react to rushing and to
 *     filled pauses.
 * The rates and durations are our reading of those descriptions, tuned so
 * that the share of time looking at the speaker lands where each attitude
 * is described (staring 100 %, attentive >= 80 %, neutral ~75 %, critical
 * ~70 %, bored <= 40 %); tests/test_audience.c measures them.
 *
 * Model: a behaviour's rate counts its starts per minute of the time the
 * person is free to start it (no other behaviour of its channel running);
 * intervals are uniform in (1 +/- spread) x the mean (blinks 0.4, others
 * 0.75: regular enough that 10 minutes give a stable rate), blinks counted
 * start to start; each person's rates are the table's times 0.92..1.08
 * (blinks 16.5-18.5 a minute: people differ). A pose channel is
 * a critically damped spring towards the target the running behaviours set
 * (exact solution, so any step is stable), plus smooth envelopes for the
 * gestures (nods, shakes, blinks, yawns, coughs) that start and end at 0. */
#include <math.h>
#include <stddef.h>
#include <string.h>
#include "podium/audience.h"
#include "prng.h"

/* ---- the behaviour table ------------------------------------------------------ */

typedef struct beh_rule {
    double rate_min;   /* starts a minute while free; 0 = never */
    double dur_lo_s, dur_hi_s;
    double share;      /* of the attitude's people who show it at all */
} beh_rule;

#define NATT 5 /* STARING, ATTENTIVE, NEUTRAL, BORED, CRITICAL */
#define NONE_ { 0, 0, 0, 0 }

/* TABLE[behaviour][attitude - PD_ATT_STARING] */
static const beh_rule TABLE[PD_BEH_COUNT][NATT] = {
    /*                 staring              attentive              neutral                bored                  critical */
    [PD_BEH_BLINK]     = { { 17.5, 0.10, 0.15, 1 }, { 17.5, 0.10, 0.15, 1 }, { 17.5, 0.10, 0.15, 1 }, { 17.5, 0.10, 0.15, 1 }, { 17.5, 0.10, 0.15, 1 } },
    [PD_BEH_AWAY]      = { NONE_,                   { 1.0, 1.0, 2.5, 1 },    { 3.5, 2.0, 6.0, 1 },    { 6.0, 5.0, 12.0, 1 },   { 3.0, 2.0, 6.0, 1 } },
    [PD_BEH_NEIGHBOUR] = { NONE_,                   { 0.3, 1.0, 2.0, 0.5 },  { 1.0, 1.0, 3.0, 0.6 },  { 1.0, 2.0, 4.0, 0.6 },  { 1.2, 1.5, 3.0, 0.6 } },
    [PD_BEH_WHISPER]   = { NONE_,                   NONE_,                   { 0.3, 2.0, 4.0, 0.3 },  { 0.5, 3.0, 6.0, 0.5 },  { 1.2, 3.0, 6.0, 0.6 } },
    [PD_BEH_PHONE]     = { NONE_,                   NONE_,                   { 0.4, 8.0, 20.0, 0.4 }, { 2.0, 20.0, 40.0, 1 },   NONE_ },
    [PD_BEH_WATCH]     = { NONE_,                   NONE_,                   { 0.2, 1.0, 2.0, 0.4 },  { 0.5, 1.0, 2.0, 0.7 },  { 0.6, 1.0, 2.5, 0.6 } },
    [PD_BEH_NOD]       = { NONE_,                   { 3.0, 0.6, 1.2, 0.8 },  { 0.8, 0.6, 1.0, 0.5 },  NONE_,                   NONE_ },
    [PD_BEH_SHAKE]     = { NONE_,                   NONE_,                   NONE_,                   NONE_,                   { 1.0, 0.8, 1.4, 0.5 } },
    [PD_BEH_TILT]      = { NONE_,                   { 0.8, 2.0, 5.0, 0.6 },  { 0.5, 2.0, 4.0, 0.5 },  { 0.5, 3.0, 8.0, 0.5 },  { 0.6, 2.0, 5.0, 0.5 } },
    [PD_BEH_LEAN_FWD]  = { NONE_,                   { 0.5, 10.0, 30.0, 0.6 },{ 0.3, 5.0, 15.0, 0.3 }, NONE_,                   NONE_ },
    [PD_BEH_LEAN_BACK] = { NONE_,                   NONE_,                   { 0.3, 10.0, 30.0, 0.3 },{ 0.8, 20.0, 60.0, 0.8 }, { 0.6, 20.0, 60.0, 0.6 } },
    [PD_BEH_ARMS]      = { NONE_,                   NONE_,                   { 0.2, 20.0, 60.0, 0.2 },{ 0.3, 20.0, 60.0, 0.4 }, { 0.8, 30.0, 90.0, 0.7 } },
    [PD_BEH_SMILE]     = { NONE_,                   { 1.2, 2.0, 6.0, 0.7 },  { 0.4, 1.5, 3.0, 0.4 },  NONE_,                   NONE_ },
    [PD_BEH_FROWN]     = { NONE_,                   NONE_,                   { 0.2, 1.0, 3.0, 0.2 },  { 0.3, 2.0, 5.0, 0.3 },  { 1.5, 2.0, 8.0, 0.7 } },
    [PD_BEH_YAWN]      = { NONE_,                   NONE_,                   { 0.1, 4.0, 6.0, 0.2 },  { 0.6, 4.0, 7.0, 0.6 },  { 0.1, 4.0, 6.0, 0.2 } },
    [PD_BEH_SHIFT]     = { NONE_,                   { 0.3, 0.8, 1.5, 1 },    { 0.5, 0.8, 1.5, 1 },    { 1.0, 1.0, 2.0, 1 },    { 0.6, 0.8, 1.5, 1 } },
};

static const char *const BEH_NAMES[PD_BEH_COUNT] = {
    "blink", "look away", "glance at a neighbour", "whisper to a neighbour", "phone", "look at the watch",
    "nod", "head shake", "head tilt", "lean forward", "lean back", "arms crossed", "smile", "frown",
    "yawn", "shift in the seat"
};

/* Reaction rates and latencies (see the file header). */
#define REACT_NOD_ATTENTIVE_MIN 4.0  /* extra nods a minute at a lively, steady delivery */
#define REACT_NOD_NEUTRAL_MIN   1.5
#define REACT_RUSH_MIN          3.0  /* a critical person's reactions a minute to rushing */
#define REACT_FILLED_SHARE      0.5  /* of critical people react to each filled pause */
#define REACT_PHONE_SHARE       0.35 /* of bored people reach for the phone at a long pause */
#define RATE_JITTER             0.08 /* people's own rates: table x (1 +/- this) */
#define BLINK_JITTER            0.057 /* ...blinks: 16.5-18.5 a minute (17.5 +/- 1) */

const char *pd_behaviour_name(pd_behaviour b)
{
    return (unsigned)b < PD_BEH_COUNT ? BEH_NAMES[b] : "?";
}

static const beh_rule *rule(pd_attitude a, pd_behaviour b)
{
    if (a < PD_ATT_STARING || a > PD_ATT_CRITICAL) a = PD_ATT_NEUTRAL;
    return &TABLE[b][a - PD_ATT_STARING];
}

/* ---- the PRNG: prng.h (shared with the other half of the room) ---- */

static int pick(uint64_t st[2], int n) /* 0..n-1 */
{
    int k = (int)(uni(st) * n);
    return k < n ? k : n - 1;
}

/* ---- channels: which behaviours exclude each other ------------------------------ */

static int is_gaze(int b)
{
    return b == PD_BEH_AWAY || b == PD_BEH_NEIGHBOUR || b == PD_BEH_WHISPER || b == PD_BEH_PHONE ||
           b == PD_BEH_WATCH;
}

static int active(const pd_person *p, int b)
{
    return p->beh[b].left_s > 0;
}

static int gaze_busy(const pd_person *p)
{
    for (int b = PD_BEH_AWAY; b <= PD_BEH_WATCH; b++)
        if (active(p, b)) return 1;
    return 0;
}

/* Whether b may start now (its channel is free). */
static int is_free(const pd_person *p, int b)
{
    switch (b) {
    case PD_BEH_AWAY: case PD_BEH_NEIGHBOUR: case PD_BEH_PHONE: case PD_BEH_WATCH:
        return !gaze_busy(p) && !p->held_up && p->cue_left_s <= 0;
    case PD_BEH_WHISPER:
        return !gaze_busy(p) && !p->held_up && p->cue_left_s <= 0 && !active(p, PD_BEH_YAWN);
    case PD_BEH_NOD: case PD_BEH_SHAKE: /* while watching the speaker */
        return !active(p, PD_BEH_NOD) && !active(p, PD_BEH_SHAKE) && !gaze_busy(p) &&
               !active(p, PD_BEH_YAWN) && p->cue_left_s <= 0;
    case PD_BEH_SMILE: case PD_BEH_FROWN:
        return !active(p, PD_BEH_SMILE) && !active(p, PD_BEH_FROWN) && !active(p, PD_BEH_YAWN);
    case PD_BEH_YAWN:
        return !active(p, PD_BEH_WHISPER) && !active(p, PD_BEH_YAWN) && p->cue_left_s <= 0;
    case PD_BEH_LEAN_FWD: case PD_BEH_LEAN_BACK:
        return !active(p, PD_BEH_LEAN_FWD) && !active(p, PD_BEH_LEAN_BACK);
    default:
        return !active(p, b);
    }
}

/* The wait before the next start: uniform in (1 +/- spread) x 60 / rate. */
static double interval(pd_person *p, int b)
{
    double r = p->beh[b].rate_min;
    if (r <= 0) return 1e30;
    double spread = b == PD_BEH_BLINK ? 0.4 : 0.75;
    return 60.0 / r * range(p->rng, 1 - spread, 1 + spread);
}

/* ---- starting and ending behaviours -------------------------------------------- */

static void end_beh(pd_person *p, int b)
{
    if (p->beh[b].left_s <= 0) return;
    p->beh[b].left_s = 0;
    p->beh[b].next_s = interval(p, b);
}

/* The direction (-1 viewer's left, +1 right) of a neighbour; 0 when alone. */
static double neighbour_side(pd_person *p)
{
    if (p->left >= 0 && p->right >= 0) return uni(p->rng) < 0.5 ? -1 : 1;
    if (p->left >= 0) return -1;
    if (p->right >= 0) return 1;
    return 0;
}

static void start_beh(pd_crowd *c, pd_person *p, int b, double dur_s)
{
    pd_beh_timer *t = &p->beh[b];
    /* the channel's other behaviours give way to a forced start */
    if (is_gaze(b))
        for (int g = PD_BEH_AWAY; g <= PD_BEH_WATCH; g++) end_beh(p, g);
    if (b == PD_BEH_SMILE) end_beh(p, PD_BEH_FROWN);
    if (b == PD_BEH_FROWN) end_beh(p, PD_BEH_SMILE);
    if (b == PD_BEH_LEAN_FWD) end_beh(p, PD_BEH_LEAN_BACK);
    if (b == PD_BEH_LEAN_BACK) end_beh(p, PD_BEH_LEAN_FWD);
    /* gestures drawn as envelopes (nod, shake, shift, yawn, blink) are never
     * cut or restarted: the callers wait until they are over */
    t->dur_s = t->left_s = dur_s;
    p->starts[b]++;
    t->side = uni(p->rng) < 0.5 ? -1 : 1;
    t->aux = 0;
    switch (b) {
    case PD_BEH_AWAY:
        t->side *= range(p->rng, 0.5, 1.0);
        t->aux = range(p->rng, -0.5, 0.35);
        break;
    case PD_BEH_WATCH:
        t->side = 1; /* a watch on the left wrist: the viewer's right */
        break;
    case PD_BEH_NEIGHBOUR: case PD_BEH_WHISPER: {
        double s = neighbour_side(p);
        if (s == 0) { /* nobody beside: a look sideways instead */
            t->aux = 0.1;
            break;
        }
        t->side = s;
        /* the neighbour whispered to often looks back */
        int k = s < 0 ? p->left : p->right;
        pd_person *q = &c->p[k];
        if (b == PD_BEH_WHISPER && q->beh[PD_BEH_NEIGHBOUR].rate_min > 0 && is_free(q, PD_BEH_NEIGHBOUR) &&
            uni(p->rng) < 0.7) {
            start_beh(c, q, PD_BEH_NEIGHBOUR, dur_s * 0.9);
            q->beh[PD_BEH_NEIGHBOUR].side = -s;
        }
        break;
    }
    default:
        break;
    }
}

static double dur_for(pd_person *p, int b)
{
    const beh_rule *r = rule(p->attitude, (pd_behaviour)b);
    double lo = r->dur_lo_s, hi = r->dur_hi_s;
    if (hi <= 0) { /* forced on someone whose attitude never does it: the neutral row */
        r = rule(PD_ATT_NEUTRAL, (pd_behaviour)b);
        lo = r->dur_lo_s, hi = r->dur_hi_s;
        if (hi <= 0) lo = 1, hi = 2;
    }
    return range(p->rng, lo, hi);
}

/* ---- set-up: rows, seats, looks, shares ------------------------------------------ */

static const uint8_t SKIN[][3] = {
    { 255, 224, 196 }, { 243, 201, 168 }, { 234, 188, 150 }, { 224, 172, 130 }, { 205, 150, 110 },
    { 186, 128, 90 },  { 160, 105, 70 },  { 134, 86, 58 },   { 108, 68, 46 },   { 84, 54, 38 },
    { 238, 196, 160 }, { 198, 156, 118 },
};
static const uint8_t HAIR[][3] = {
    { 24, 20, 18 },   { 46, 32, 24 },   { 74, 50, 34 },   { 110, 74, 44 },  { 150, 98, 56 },
    { 200, 160, 96 }, { 226, 200, 140 }, { 130, 60, 34 }, { 160, 160, 160 }, { 220, 220, 215 },
};
static const uint8_t CLOTHES[][3] = {
    { 44, 62, 96 },   { 120, 40, 48 },  { 52, 96, 70 },   { 200, 200, 196 }, { 70, 70, 76 },
    { 150, 110, 60 }, { 90, 60, 120 },  { 40, 110, 130 }, { 220, 150, 60 },  { 170, 70, 100 },
    { 30, 30, 36 },   { 110, 130, 150 },
};
#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

static void looks_init(pd_looks *l, uint64_t st[2])
{
    memcpy(l->skin, SKIN[pick(st, NELEM(SKIN))], 3);
    int h = pick(st, NELEM(HAIR));
    /* grey and white hair are rarer; so is baldness (and mostly with short grey hair) */
    if (h >= 8 && uni(st) < 0.5) h = pick(st, 8);
    memcpy(l->hair, HAIR[h], 3);
    memcpy(l->clothes, CLOTHES[pick(st, NELEM(CLOTHES))], 3);
    static const double style_w[PD_HAIR_COUNT] = { 0.34, 0.22, 0.10, 0.08, 0.14, 0.12 };
    double u = uni(st), acc = 0;
    l->hair_style = PD_HAIR_SHORT;
    for (int i = 0; i < PD_HAIR_COUNT; i++) {
        acc += style_w[i];
        if (u < acc) {
            l->hair_style = (pd_hair_style)i;
            break;
        }
    }
    l->glasses = uni(st) < 0.3;
    l->beard = (l->hair_style == PD_HAIR_SHORT || l->hair_style == PD_HAIR_BALD) && uni(st) < 0.35;
    l->width = range(st, 0.9, 1.1);
    l->height = range(st, 0.94, 1.06);
}

/* Per-row counts: back rows (smaller, so more fit) take the remainder. */
static void layout_rows(pd_crowd *c)
{
    int n = c->n;
    c->rows = n == 0 ? 0 : n <= 5 ? 1 : n <= 11 ? 2 : 3;
    memset(c->per_row, 0, sizeof c->per_row);
    for (int r = 0; r < c->rows; r++) c->per_row[r] = n / c->rows;
    for (int r = c->rows - 1, left = n % (c->rows ? c->rows : 1); left > 0; r--, left--) c->per_row[r]++;
}

void pd_crowd_init(pd_crowd *c, const pd_audience *params, uint64_t seed)
{
    memset(c, 0, sizeof *c);
    rng_seed(c->rng, seed);
    c->quiet_next_s = 0;
    if (!params) return;
    int n = params->size < 0 ? 0 : params->size > PD_CROWD_MAX ? PD_CROWD_MAX : params->size;
    int nb = params->bored < 0 ? 0 : params->bored > n ? n : params->bored;
    pd_attitude most = params->attitude;
    if (most < PD_ATT_STARING || most >= PD_ATT_COUNT) most = PD_ATT_NEUTRAL;
    c->n = n;
    layout_rows(c);

    /* seats: front row first, each row left to right; alternate rows are
     * staggered by a fifth of a seat so the faces behind show between heads */
    int k = 0;
    for (int r = 0; r < c->rows; r++) {
        int m = c->per_row[r];
        double stagger = c->rows > 1 ? (r % 2 ? 0.2 : -0.2) : 0;
        if (m == 1) stagger = 0;
        for (int s = 0; s < m; s++, k++) {
            pd_person *p = &c->p[k];
            rng_seed(p->rng, seed ^ (0xA0761D6478BD642Full * (uint64_t)(k + 1)));
            p->row = r;
            p->seat = s;
            p->scale = pow(0.8, r);
            double jitter = range(p->rng, -0.12, 0.12);
            p->x = 0.03 + 0.94 * (s + 0.5 + stagger * (m > 1) + jitter) / m;
            if (p->x < 0.04) p->x = 0.04;
            if (p->x > 0.96) p->x = 0.96;
            p->left = s > 0 ? k - 1 : -1;
            p->right = s < m - 1 ? k + 1 : -1;
            p->attitude = most;
            looks_init(&p->looks, p->rng);
            p->react_in_s = -1;
        }
    }
    /* which of them are bored instead: spread at random over the seats */
    int order[PD_CROWD_MAX];
    for (int i = 0; i < n; i++) order[i] = i;
    for (int i = n - 1; i > 0; i--) {
        int j = pick(c->rng, i + 1), t = order[i];
        order[i] = order[j], order[j] = t;
    }
    for (int i = 0; i < nb; i++) c->p[order[i]].attitude = PD_ATT_BORED;

    /* shares: in each attitude group, floor(share x m + u) people show a
     * behaviour (exact shares in expectation, Chollet et al. 2016) */
    for (int a = PD_ATT_STARING; a <= PD_ATT_CRITICAL; a++) {
        int grp[PD_CROWD_MAX], m = 0;
        for (int i = 0; i < n; i++)
            if (c->p[i].attitude == (pd_attitude)a) grp[m++] = i;
        if (!m) continue;
        for (int b = 0; b < PD_BEH_COUNT; b++) {
            const beh_rule *r = rule((pd_attitude)a, (pd_behaviour)b);
            if (r->rate_min <= 0) continue;
            int want = (int)floor(r->share * m + uni(c->rng));
            if (want > m) want = m;
            for (int i = m - 1; i > 0; i--) {
                int j = pick(c->rng, i + 1), t = grp[i];
                grp[i] = grp[j], grp[j] = t;
            }
            for (int i = 0; i < want; i++) {
                pd_person *p = &c->p[grp[i]];
                double j = b == PD_BEH_BLINK ? BLINK_JITTER : RATE_JITTER;
                p->beh[b].rate_min = r->rate_min * range(p->rng, 1 - j, 1 + j);
            }
        }
    }
    /* timers: a random phase, and the long behaviours already running in
     * their steady-state share, so the first minute looks like any other */
    for (int i = 0; i < n; i++) {
        pd_person *p = &c->p[i];
        for (int b = 0; b < PD_BEH_COUNT; b++) {
            pd_beh_timer *t = &p->beh[b];
            t->next_s = t->rate_min > 0 ? range(p->rng, 0, 60.0 / t->rate_min) : 1e30;
            if (t->rate_min <= 0 || b == PD_BEH_BLINK) continue;
            double d = dur_for(p, b), busy = t->rate_min / 60 * d;
            if (uni(p->rng) < busy / (1 + busy) && is_free(p, b)) {
                start_beh(c, p, b, d);
                t->left_s = range(p->rng, 0.2, 1.0) * d;
                p->starts[b]--; /* already running: not a start seen */
            }
        }
        p->nod_next_s = range(p->rng, 0, 60.0 / REACT_NOD_ATTENTIVE_MIN);
        p->rush_next_s = range(p->rng, 0, 60.0 / REACT_RUSH_MIN);
    }
    /* the springs start at their targets: no settling movement at t = 0 */
    for (int i = 0; i < n; i++) c->p[i].settle = 1;
    pd_crowd_step(c, 0, NULL);
    for (int i = 0; i < n; i++) c->p[i].settle = 0;
}

/* ---- reactions -------------------------------------------------------------------- */

enum { RK_NONE = 0, RK_LOOK_UP, RK_PHONE, RK_FROWN, RK_SHAKE, RK_GLANCE, RK_DOOR };

static void react_later(pd_person *p, int kind, double lo_s, double hi_s, double side)
{
    if (p->react_in_s >= 0 && p->react_kind != RK_LOOK_UP && kind != RK_LOOK_UP) return;
    p->react_kind = kind;
    p->react_in_s = range(p->rng, lo_s, hi_s);
    p->react_side = side;
}

static void react_now(pd_crowd *c, pd_person *p)
{
    int kind = p->react_kind;
    p->react_kind = RK_NONE;
    p->react_in_s = -1;
    switch (kind) {
    case RK_LOOK_UP:
        for (int g = PD_BEH_AWAY; g <= PD_BEH_WATCH; g++) end_beh(p, g);
        p->held_up = 1;
        break;
    case RK_PHONE:
        if (!active(p, PD_BEH_PHONE)) start_beh(c, p, PD_BEH_PHONE, dur_for(p, PD_BEH_PHONE));
        break;
    case RK_FROWN:
        start_beh(c, p, PD_BEH_FROWN, range(p->rng, 2.0, 4.0));
        break;
    case RK_SHAKE:
        if (is_free(p, PD_BEH_SHAKE)) start_beh(c, p, PD_BEH_SHAKE, range(p->rng, 0.8, 1.4));
        else start_beh(c, p, PD_BEH_FROWN, range(p->rng, 2.0, 4.0));
        break;
    case RK_GLANCE: /* a look exchanged with a neighbour */
        if (neighbour_side(p) != 0) start_beh(c, p, PD_BEH_NEIGHBOUR, range(p->rng, 1.0, 2.0));
        else start_beh(c, p, PD_BEH_FROWN, range(p->rng, 2.0, 4.0));
        break;
    case RK_DOOR:
        start_beh(c, p, PD_BEH_AWAY, range(p->rng, 1.0, 2.5));
        p->beh[PD_BEH_AWAY].side = p->react_side;
        p->beh[PD_BEH_AWAY].aux = -0.1;
        break;
    default:
        break;
    }
}

static void crowd_reactions(pd_crowd *c, double dt, const pd_crowd_input *in)
{
    unsigned on = in->reactions;
    /* a long pause: heads come up; some bored people reach for the phone */
    int long_pause = !in->speaking && in->pause_s >= PD_CROWD_PAUSE_S;
    if (long_pause && !c->pause_fired && (on & PD_REACT_PAUSE)) {
        c->pause_fired = 1;
        for (int i = 0; i < c->n; i++) {
            pd_person *p = &c->p[i];
            if (p->attitude == PD_ATT_STARING) continue;
            int phone = p->attitude == PD_ATT_BORED &&
                        (active(p, PD_BEH_PHONE) ? uni(c->rng) < 0.5 : uni(c->rng) < REACT_PHONE_SHARE);
            react_later(p, phone ? RK_PHONE : RK_LOOK_UP, 0.2, 1.0, 0);
        }
    }
    if (!long_pause && c->pause_fired) {
        c->pause_fired = 0;
        for (int i = 0; i < c->n; i++) {
            c->p[i].held_up = 0;
            if (c->p[i].react_kind == RK_LOOK_UP || c->p[i].react_kind == RK_PHONE) c->p[i].react_in_s = -1;
        }
    }
    /* quiet speech: every few seconds someone leans forward (to hear) or frowns */
    if ((on & PD_REACT_QUIET) && in->speaking && in->quiet) {
        c->quiet_s += dt;
        if (c->quiet_s >= PD_CROWD_QUIET_S) {
            c->quiet_next_s -= dt;
            if (c->quiet_next_s <= 0) {
                c->quiet_next_s = range(c->rng, 2.5, 5.0);
                int cand[PD_CROWD_MAX], m = 0;
                for (int i = 0; i < c->n; i++)
                    if (c->p[i].attitude != PD_ATT_STARING) cand[m++] = i;
                if (m) {
                    pd_person *p = &c->p[cand[pick(c->rng, m)]];
                    int frown = p->attitude == PD_ATT_CRITICAL ||
                                (p->attitude == PD_ATT_BORED && uni(c->rng) < 0.5);
                    if (frown) {
                        start_beh(c, p, PD_BEH_FROWN, range(p->rng, 2.0, 4.0));
                    } else {
                        start_beh(c, p, PD_BEH_LEAN_FWD, range(p->rng, 3.0, 6.0));
                        if (!active(p, PD_BEH_TILT)) start_beh(c, p, PD_BEH_TILT, range(p->rng, 2.0, 4.0));
                    }
                }
            }
        }
    } else {
        c->quiet_s = 0;
        c->quiet_next_s = 0;
    }
    /* a filled pause: some critical people frown, shake their head or exchange a look */
    if ((on & PD_REACT_CRITICAL) && in->filled_pauses > c->prev.filled_pauses)
        for (int i = 0; i < c->n; i++) {
            pd_person *p = &c->p[i];
            if (p->attitude != PD_ATT_CRITICAL || uni(c->rng) >= REACT_FILLED_SHARE) continue;
            static const int kinds[3] = { RK_FROWN, RK_SHAKE, RK_GLANCE };
            react_later(p, kinds[pick(c->rng, 3)], 0.3, 0.9, 0);
        }
}

/* Per person, the reactions with their own rates (nods, rushing). */
static void person_reactions(pd_crowd *c, pd_person *p, double dt, const pd_crowd_input *in)
{
    unsigned on = in->reactions;
    double nod_rate = p->attitude == PD_ATT_ATTENTIVE ? REACT_NOD_ATTENTIVE_MIN
                      : p->attitude == PD_ATT_NEUTRAL ? REACT_NOD_NEUTRAL_MIN : 0;
    if ((on & PD_REACT_NOD) && nod_rate > 0 && in->speaking && in->pitch_lively && in->pace_band == 0 &&
        is_free(p, PD_BEH_NOD)) {
        p->nod_next_s -= dt;
        if (p->nod_next_s <= 0) {
            start_beh(c, p, PD_BEH_NOD, range(p->rng, 0.6, 1.2));
            p->nod_next_s = 60.0 / nod_rate * range(p->rng, 0.25, 1.75);
        }
    }
    if ((on & PD_REACT_CRITICAL) && p->attitude == PD_ATT_CRITICAL && in->speaking && in->pace_band > 0 &&
        p->react_in_s < 0) {
        p->rush_next_s -= dt;
        if (p->rush_next_s <= 0) {
            static const int kinds[4] = { RK_SHAKE, RK_FROWN, RK_GLANCE, RK_FROWN };
            p->react_kind = kinds[pick(p->rng, 4)];
            if (p->react_kind == RK_GLANCE && uni(p->rng) < 0.5) { /* "hurry up": a look at the watch */
                p->react_kind = RK_NONE;
                if (is_free(p, PD_BEH_WATCH)) start_beh(c, p, PD_BEH_WATCH, range(p->rng, 1.0, 2.0));
            } else {
                react_now(c, p);
            }
            p->rush_next_s = 60.0 / REACT_RUSH_MIN * range(p->rng, 0.25, 1.75);
        }
    }
}

/* ---- poses ------------------------------------------------------------------------- */

enum { SP_GX, SP_GY, SP_YAW, SP_PITCH, SP_ROLL, SP_LEAN, SP_SHIFT, SP_ARMS, SP_MOUTH, SP_BROWS, SP_PHONE,
       SP_WATCH, SP_WHISPER, SP_COUGH, SP_COUNT };
/* time constants, s: eyes move fast (saccades), heads slower, the body slowest */
static const double SP_TAU[SP_COUNT] = { 0.05, 0.05, 0.18, 0.18, 0.30, 0.50, 0.40, 0.35, 0.20, 0.15, 0.30, 0.25,
                                         0.12, 0.10 };
_Static_assert(SP_COUNT <= sizeof(((pd_person *)0)->sp) / sizeof(((pd_person *)0)->sp[0]), "pd_person.sp too small");

/* A critically damped spring towards target over dt: exact solution of
 * x'' = -w^2 (x - T) - 2 w x', so any step size is stable and exact. */
static void spring(double s[2], double target, double tau, double dt)
{
    double w = 1.0 / tau, c1 = s[0] - target, c2 = s[1] + w * c1, e = exp(-w * dt);
    s[0] = target + (c1 + c2 * dt) * e;
    s[1] = (c2 - w * (c1 + c2 * dt)) * e;
}

/* 0 -> 1 -> 0 over phase 0..1, rising in `in` and falling in `out` (smoothstep edges). */
static double bump(double ph, double in, double out)
{
    if (ph <= 0 || ph >= 1) return 0;
    double a = ph < in ? ph / in : 1, b = ph > 1 - out ? (1 - ph) / out : 1;
    a = a * a * (3 - 2 * a);
    b = b * b * (3 - 2 * b);
    return a * b;
}

static double phase(const pd_person *p, int b)
{
    const pd_beh_timer *t = &p->beh[b];
    return t->left_s > 0 && t->dur_s > 0 ? 1 - t->left_s / t->dur_s : -1;
}

static void pose_update(pd_person *p, double dt, double t_s)
{
    double tg[SP_COUNT] = { 0 };
    pd_gaze gaze = PD_GAZE_SPEAKER;
    const pd_beh_timer *bt = p->beh;
    if (active(p, PD_BEH_PHONE)) {
        gaze = PD_GAZE_PHONE;
        tg[SP_GX] = 0.1, tg[SP_GY] = 0.95, tg[SP_PITCH] = 0.55, tg[SP_PHONE] = 1;
    } else if (active(p, PD_BEH_WATCH)) {
        gaze = PD_GAZE_WATCH;
        tg[SP_GX] = 0.45, tg[SP_GY] = 0.85, tg[SP_PITCH] = 0.35, tg[SP_YAW] = 0.25, tg[SP_WATCH] = 1;
    } else if (active(p, PD_BEH_WHISPER)) {
        gaze = PD_GAZE_NEIGHBOUR;
        double s = bt[PD_BEH_WHISPER].side;
        tg[SP_GX] = 0.9 * s, tg[SP_YAW] = 0.75 * s, tg[SP_SHIFT] = 0.35 * s, tg[SP_LEAN] = 0.2;
        tg[SP_PITCH] = 0.1;
    } else if (active(p, PD_BEH_NEIGHBOUR)) {
        gaze = PD_GAZE_NEIGHBOUR;
        double s = bt[PD_BEH_NEIGHBOUR].side;
        tg[SP_GX] = 0.9 * s, tg[SP_GY] = bt[PD_BEH_NEIGHBOUR].aux, tg[SP_YAW] = 0.6 * s;
    } else if (active(p, PD_BEH_AWAY)) {
        gaze = PD_GAZE_AWAY;
        double s = bt[PD_BEH_AWAY].side, y = bt[PD_BEH_AWAY].aux;
        tg[SP_GX] = s, tg[SP_GY] = y, tg[SP_YAW] = 0.55 * s, tg[SP_PITCH] = 0.4 * y;
    }
    if (p->cue_left_s > 0 && p->cue == PD_CUE_PAPER) {
        gaze = PD_GAZE_AWAY;
        tg[SP_GX] = 0.2, tg[SP_GY] = 0.9, tg[SP_PITCH] = 0.45;
    }
    if (active(p, PD_BEH_TILT)) tg[SP_ROLL] = 0.35 * bt[PD_BEH_TILT].side;
    if (active(p, PD_BEH_LEAN_FWD)) tg[SP_LEAN] = 0.8;
    if (active(p, PD_BEH_LEAN_BACK)) tg[SP_LEAN] = -0.8;
    if (active(p, PD_BEH_ARMS) && !active(p, PD_BEH_PHONE) && !active(p, PD_BEH_WATCH)) tg[SP_ARMS] = 1;
    if (active(p, PD_BEH_SMILE)) tg[SP_MOUTH] = 0.8;
    if (active(p, PD_BEH_FROWN)) tg[SP_MOUTH] = -0.8, tg[SP_BROWS] = -0.8;
    if (p->held_up && !active(p, PD_BEH_FROWN)) tg[SP_BROWS] = 0.5; /* "why did they stop?" */
    if (p->beh[PD_BEH_SHAKE].left_s > 0 && tg[SP_BROWS] == 0) tg[SP_BROWS] = -0.4;
    if (active(p, PD_BEH_WHISPER)) tg[SP_WHISPER] = 1;
    if (p->cue_left_s > 0 && p->cue == PD_CUE_COUGH) tg[SP_COUGH] = 1;

    for (int k = 0; k < SP_COUNT; k++) {
        if (p->settle) p->sp[k][0] = tg[k], p->sp[k][1] = 0;
        else spring(p->sp[k], tg[k], SP_TAU[k], dt);
    }

    pd_pose *o = &p->pose;
    o->gaze = gaze;
    o->gaze_x = p->sp[SP_GX][0];
    o->gaze_y = p->sp[SP_GY][0];
    o->head_yaw = p->sp[SP_YAW][0];
    o->head_pitch = p->sp[SP_PITCH][0];
    o->head_roll = p->sp[SP_ROLL][0];
    o->lean = p->sp[SP_LEAN][0];
    o->shift_x = p->sp[SP_SHIFT][0];
    o->arms_crossed = p->sp[SP_ARMS][0];
    o->mouth = p->sp[SP_MOUTH][0];
    o->brows = p->sp[SP_BROWS][0];
    o->phone = p->sp[SP_PHONE][0];
    o->watch = p->sp[SP_WATCH][0];

    /* gestures: smooth envelopes that start and end at 0 */
    const double two_pi = 6.283185307179586;
    double ph;
    if ((ph = phase(p, PD_BEH_NOD)) >= 0) /* two dips: down, up, down, up */
        o->head_pitch += 0.22 * 0.5 * (1 - cos(two_pi * 2 * ph)) * bump(ph, 0.15, 0.15);
    if ((ph = phase(p, PD_BEH_SHAKE)) >= 0)
        o->head_yaw += 0.3 * sin(two_pi * 2.5 * ph) * bump(ph, 0.15, 0.15);
    if ((ph = phase(p, PD_BEH_SHIFT)) >= 0) {
        double e = bump(ph, 0.4, 0.4);
        o->shift_x += 0.22 * bt[PD_BEH_SHIFT].side * e;
        o->head_roll += -0.08 * bt[PD_BEH_SHIFT].side * e;
    }
    o->yawn = 0;
    if ((ph = phase(p, PD_BEH_YAWN)) >= 0) {
        o->yawn = bump(ph, 0.35, 0.3);
        o->head_pitch -= 0.3 * o->yawn; /* the head goes back */
    }
    o->whisper = p->sp[SP_WHISPER][0];
    o->lids = 0;
    if ((ph = phase(p, PD_BEH_BLINK)) >= 0) o->lids = sin(3.141592653589793 * ph);
    o->lids += (1 - o->lids) * (0.55 * o->yawn + 0.3 * (o->phone > 0.5 ? o->phone - 0.5 : 0));
    /* a cough: the hand at the mouth, the head jerking forward 2.5 times a
     * second and the eyes squeezing (a clock of the crowd's, so a second
     * cough on the same person does not restart it) */
    o->cough = p->sp[SP_COUGH][0];
    o->coughing = p->cue_left_s > 0 && p->cue == PD_CUE_COUGH;
    double jerk = 0.5 * (1 - cos(two_pi * 2.5 * t_s)) * o->cough;
    o->head_pitch += 0.18 * jerk;
    o->lids += (1 - o->lids) * 0.5 * jerk;
    o->phone_lit = active(p, PD_BEH_PHONE) && o->phone > 0.3;
    if (p->cue_left_s > 0 && (p->cue == PD_CUE_PHONE || p->cue == PD_CUE_NOTIFY)) o->phone_lit = 1;
}

/* ---- stepping ----------------------------------------------------------------------- */

static void person_step(pd_crowd *c, pd_person *p, double dt, const pd_crowd_input *in)
{
    if (p->cue_left_s > 0) p->cue_left_s -= dt;
    if (p->react_in_s >= 0) {
        p->react_in_s -= dt;
        if (p->react_in_s < 0) {
            p->react_in_s = 0;
            react_now(c, p);
        }
    }
    person_reactions(c, p, dt, in);
    for (int b = 0; b < PD_BEH_COUNT; b++) {
        pd_beh_timer *t = &p->beh[b];
        if (t->left_s > 0) {
            t->left_s -= dt;
            if (t->left_s <= 0) {
                t->left_s = 0;
                t->next_s = interval(p, b);
                /* blinks are counted start to start (a rate a minute, not while free) */
                if (b == PD_BEH_BLINK) t->next_s = t->next_s > t->dur_s + 0.05 ? t->next_s - t->dur_s : 0.05;
            }
        } else if (t->rate_min > 0 && is_free(p, b)) {
            t->next_s -= dt;
            if (t->next_s <= 0) start_beh(c, p, b, dur_for(p, b));
        }
    }
    pose_update(p, dt, c->t_s + dt);
}

void pd_crowd_step(pd_crowd *c, double dt_s, const pd_crowd_input *in)
{
    static const pd_crowd_input silence = { 0, 0, 0, 0, 0, 0, 0 };
    if (!in) in = &silence;
    if (!(dt_s >= 0)) dt_s = 0;
    if (dt_s > 10) dt_s = 10; /* a stalled frame: no more than 10 s to catch up */
    /* long steps in pieces: behaviours start and end at most 1/60 s late */
    do {
        double dt = dt_s > 1.0 / 60 ? 1.0 / 60 : dt_s;
        crowd_reactions(c, dt, in);
        for (int i = 0; i < c->n; i++) person_step(c, &c->p[i], dt, in);
        c->prev = *in;
        c->t_s += dt;
        dt_s -= dt;
    } while (dt_s > 1e-12);
}

int pd_crowd_cue(pd_crowd *c, pd_cue cue, int person)
{
    static const double CUE_S[PD_CUE_COUNT] = { 1.2, 4.0, 1.5, 1.2, 1.5, 2.0 };
    if (c->n <= 0 || (unsigned)cue >= PD_CUE_COUNT) return -1;
    if (person < 0 || person >= c->n) {
        int cand[PD_CROWD_MAX], m = 0;
        for (int i = 0; i < c->n; i++)
            if (c->p[i].cue_left_s <= 0) cand[m++] = i;
        person = m ? cand[pick(c->rng, m)] : pick(c->rng, c->n);
    }
    pd_person *p = &c->p[person];
    p->cue = cue;
    p->cue_dur_s = p->cue_left_s = CUE_S[cue];
    switch (cue) {
    case PD_CUE_PHONE: case PD_CUE_NOTIFY:
        start_beh(c, p, PD_BEH_PHONE, CUE_S[cue]);
        if (cue == PD_CUE_PHONE) /* a ring turns the neighbours' heads */
            for (int s = -1; s <= 1; s += 2) {
                int k = s < 0 ? p->left : p->right;
                if (k < 0 || c->p[k].attitude == PD_ATT_STARING || uni(c->rng) >= 0.6) continue;
                start_beh(c, &c->p[k], PD_BEH_NEIGHBOUR, range(c->rng, 1.0, 2.0));
                c->p[k].beh[PD_BEH_NEIGHBOUR].side = -s;
            }
        break;
    case PD_CUE_CHAIR: /* (already shifting: that is the scrape) */
        if (!active(p, PD_BEH_SHIFT)) start_beh(c, p, PD_BEH_SHIFT, CUE_S[cue]);
        break;
    case PD_CUE_PAPER: /* a look down at the papers (pose_update) */
        for (int g = PD_BEH_AWAY; g <= PD_BEH_WATCH; g++) end_beh(p, g);
        break;
    case PD_CUE_DOOR: { /* a door on one side: its nearest people turn, some others too */
        double side = uni(c->rng) < 0.5 ? -1 : 1;
        for (int i = 0; i < c->n; i++) {
            pd_person *q = &c->p[i];
            if (i != person && (q->attitude == PD_ATT_STARING || uni(c->rng) >= 0.4)) continue;
            react_later(q, RK_DOOR, i == person ? 0.1 : 0.2, i == person ? 0.2 : 0.7, side);
        }
        break;
    }
    default:
        break;
    }
    return person;
}

uint64_t pd_crowd_pose_digest(const pd_crowd *c)
{
    uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a over the rounded channels */
    for (int i = 0; i < c->n; i++) {
        const pd_pose *o = &c->p[i].pose;
        const double ch[] = { o->gaze_x, o->gaze_y, o->head_yaw, o->head_pitch, o->head_roll, o->lean, o->shift_x,
                              o->arms_crossed, o->mouth, o->brows, o->yawn, o->whisper, o->lids, o->phone,
                              o->watch, o->cough, o->phone_lit, o->coughing };
        for (size_t k = 0; k <= sizeof ch / sizeof ch[0]; k++) {
            int64_t q = k < sizeof ch / sizeof ch[0] ? (int64_t)llround(ch[k] * 256) : 0;
            /* the drawing animates a whispering mouth and a ringing phone from
             * the time: then the time (in 1/30 s) is part of the digest */
            if (k == sizeof ch / sizeof ch[0] &&
                (o->whisper > 0.1 || (c->p[i].cue_left_s > 0 && c->p[i].cue == PD_CUE_PHONE)))
                q = (int64_t)(c->t_s * 30);
            for (int byte = 0; byte < 8; byte++) h = (h ^ (uint8_t)(q >> (8 * byte))) * 0x100000001b3ull;
        }
    }
    return h;
}

unsigned pd_crowd_default_reactions(pd_attitude a)
{
    return a == PD_ATT_STARING || a == PD_ATT_NONE ? 0u : (unsigned)PD_REACT_ALL;
}

double pd_crowd_gaze_share(const pd_crowd *c)
{
    if (c->n <= 0) return 0;
    int k = 0;
    for (int i = 0; i < c->n; i++) k += c->p[i].pose.gaze == PD_GAZE_SPEAKER;
    return (double)k / c->n;
}

/* ---- the table for the README ---------------------------------------------------------- */

void pd_crowd_table_markdown(pd_sb *out)
{
    pd_sb_puts(out, "| behaviour |");
    for (int a = PD_ATT_STARING; a <= PD_ATT_CRITICAL; a++) pd_sb_printf(out, " %s |", pd_attitude_name((pd_attitude)a));
    pd_sb_puts(out, "\n|---|");
    for (int a = PD_ATT_STARING; a <= PD_ATT_CRITICAL; a++) pd_sb_puts(out, "---|");
    pd_sb_puts(out, "\n");
    for (int b = 0; b < PD_BEH_COUNT; b++) {
        pd_sb_printf(out, "| %s |", BEH_NAMES[b]);
        for (int a = 0; a < NATT; a++) {
            const beh_rule *r = &TABLE[b][a];
            if (r->rate_min <= 0) {
                pd_sb_puts(out, " - |");
                continue;
            }
            pd_sb_printf(out, " %g/min, %g-%g s, %.0f %% |", r->rate_min, r->dur_lo_s, r->dur_hi_s, 100 * r->share);
        }
        pd_sb_puts(out, "\n");
    }
    pd_sb_printf(out,
                 "\nRates count starts per minute of the time a person is free to start the behaviour (no other "
                 "behaviour of its channel running: the gaze ones - look away, neighbour, whisper, phone, watch - "
                 "exclude each other); intervals are uniform in 0.25-1.75 x the mean (blinks 0.6-1.4 x, counted "
                 "start to start); each person's rates are the table's x %.2f-%.2f (blinks %.1f-%.1f a minute); the share is of the people of that attitude "
                 "(floor(share x n + u), u uniform).\n",
                 1 - RATE_JITTER, 1 + RATE_JITTER, 17.5 * (1 - BLINK_JITTER), 17.5 * (1 + BLINK_JITTER));
    pd_sb_printf(out,
                 "\nReactions (the step's bits): a pause of %.0f s or more brings heads up after 0.2-1.0 s and "
                 "holds them up until speech resumes, while %.0f %% of bored people reach for the phone (half of "
                 "those already on it stay there); speech under the quiet bound for %.0f s makes someone lean "
                 "forward (and tilt the head) or, if critical (half of the bored), frown, every 2.5-5 s; at a "
                 "lively pitch and a pace in band attentive people nod %.0f more times a minute, neutral ones "
                 "%.1f; critical people react to rushing %.0f times a minute (head shake, frown, a look at a "
                 "neighbour or at the watch) and %.0f %% of them to each filled pause after 0.3-0.9 s. Staring "
                 "people never react: they only blink.\n",
                 PD_CROWD_PAUSE_S, 100 * REACT_PHONE_SHARE, PD_CROWD_QUIET_S, REACT_NOD_ATTENTIVE_MIN,
                 REACT_NOD_NEUTRAL_MIN, REACT_RUSH_MIN, 100 * REACT_FILLED_SHARE);
}
