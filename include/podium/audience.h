/* audience.h - the drawn audience's behaviour model: 1..20 seated people,
 * each a small agent with its own state, timers and PRNG, stepped by the
 * caller with the live meters as input; the drawing (src/ui) only reads the
 * resulting poses. Pure code: no SDL, no I/O, no globals, no rand(); the
 * same seed and the same inputs give the same poses, frame by frame.
 *
 * Attitudes after the virtual-audience studies (Slater, Pertaub & Steed
 * 1999; Pertaub, Slater & Barker 2002; Kang, Brinkman et al. 2013, 2016;
 * Glémarec et al. 2021; Chollet et al. 2016): each behaviour has, per
 * attitude, a rate a minute, a duration and the share of people who show it
 * (the table in audience.c, printed by pd_crowd_table_markdown). Reactions
 * to the speaker (Chollet et al. 2015: an interactive audience) are driven
 * by pd_crowd_input.
 *
 * Units: seconds, rates per minute. Pose channels are unitless in -1..1 or
 * 0..1 as each field says; a seat's x is a fraction of the row's width.
 *
 * Use: pd_crowd_init(&c, &step.audience, seed) when the drill starts; each
 * frame pd_crowd_step(&c, dt, &in) with the meters and the step's
 * reactions (pd_crowd_default_reactions), pd_crowd_cue() when a
 * distraction sound starts, and ui_draw_audience() (src/ui) to draw it.
 * Thread safety: none needed (a crowd is a value; one thread steps it).
 * Allocation: none (a pd_crowd is a plain struct, about 30 kB). */
#ifndef PODIUM_AUDIENCE_H
#define PODIUM_AUDIENCE_H

#include <stdint.h>
#include "podium/exposure.h"
#include "podium/strbuf.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PD_CROWD_MAX  PD_AUDIENCE_MAX /* 20 people */
#define PD_CROWD_ROWS 3
#define PD_CROWD_PAUSE_S 3.0  /* a pause this long makes heads come up */
#define PD_CROWD_QUIET_S 1.0  /* speech under the quiet bound this long makes someone react */

/* What a person does; each has a row in the behaviour table. */
typedef enum pd_behaviour {
    PD_BEH_BLINK = 0,
    PD_BEH_AWAY,      /* gaze away (the room, the window, the ceiling) */
    PD_BEH_NEIGHBOUR, /* a glance at a neighbour */
    PD_BEH_WHISPER,   /* turns to a neighbour and whispers */
    PD_BEH_PHONE,     /* looks down at a phone in the hand */
    PD_BEH_WATCH,     /* a look at the wristwatch */
    PD_BEH_NOD,
    PD_BEH_SHAKE,     /* head shake */
    PD_BEH_TILT,      /* head tilted to one side */
    PD_BEH_LEAN_FWD,
    PD_BEH_LEAN_BACK,
    PD_BEH_ARMS,      /* arms crossed */
    PD_BEH_SMILE,
    PD_BEH_FROWN,
    PD_BEH_YAWN,
    PD_BEH_SHIFT,     /* shifting in the seat */
    PD_BEH_COUNT
} pd_behaviour;

typedef enum pd_gaze {
    PD_GAZE_SPEAKER = 0,
    PD_GAZE_AWAY,
    PD_GAZE_PHONE,     /* down at the phone */
    PD_GAZE_NEIGHBOUR,
    PD_GAZE_WATCH,     /* down at the wrist */
    PD_GAZE_COUNT
} pd_gaze;

/* Which reactions to the speaker are on (a step's choice), bits of
 * pd_crowd_input.reactions. Staring people never react: they only blink. */
enum {
    PD_REACT_PAUSE = 1,    /* a pause over PD_CROWD_PAUSE_S: heads come up (bored: the phone) */
    PD_REACT_QUIET = 2,    /* speech under the quiet bound: someone leans forward or frowns */
    PD_REACT_NOD = 4,      /* attentive/neutral people nod at a lively pitch and a steady pace */
    PD_REACT_CRITICAL = 8, /* critical people react to rushing and to filled pauses */
    PD_REACT_ALL = 15
};

/* Distraction cues: a sound played "by" a person, shown on them. */
typedef enum pd_cue {
    PD_CUE_COUGH = 0,  /* ~1.2 s: hand to mouth, head jerks */
    PD_CUE_PHONE,      /* a ring, ~4 s: the phone lights up, the owner looks down at it */
    PD_CUE_NOTIFY,     /* ~1.5 s: the phone lights up, a glance at it */
    PD_CUE_CHAIR,      /* a chair scrapes: the person shifts in the seat */
    PD_CUE_PAPER,      /* paper rustles: a look down */
    PD_CUE_DOOR,       /* a door: some heads turn towards it */
    PD_CUE_COUNT
} pd_cue;

/* What the live meters say, each frame. From a pd_live_meter m (live.h)
 * and the feedback bounds: speaking = m.state == PD_LIVE_SPEAKING, pause_s
 * = m.pause_s, pace_band = m.pace_syl_s against the pace band (NaN: 0),
 * quiet = the drill's own "speech under the band" test on the loudness. */
typedef struct pd_crowd_input {
    int speaking;        /* 1 while the speaker talks */
    double pause_s;      /* length of the current pause so far, s (0 while speaking) */
    int pace_band;       /* -1 slower than the pace band, 0 in it (or not measured), +1 faster */
    int quiet;           /* 1 while the speech is under the quiet bound */
    int filled_pauses;   /* filled pauses so far in the take: each rise is a new one */
    int pitch_lively;    /* 1 while the pitch varies enough (in or over its band) */
    unsigned reactions;  /* PD_REACT_* bits: which reactions the step turns on */
} pd_crowd_input;

/* The reactions a step with this attitude has unless it says otherwise:
 * none for a staring room (it must only stare), all for the others. */
unsigned pd_crowd_default_reactions(pd_attitude a);

/* A person's pose: what the drawing reads. Every continuous channel is
 * eased (a critically damped spring towards its target, or a smooth
 * envelope for gestures), so it never jumps between frames. */
typedef struct pd_pose {
    double gaze_x, gaze_y; /* eye direction, -1..1: +x to the person's own left (the
                              viewer's right), +y down; 0,0 = at the speaker */
    double head_yaw;       /* -1..1, same sign as gaze_x */
    double head_pitch;     /* -1 up .. +1 down (nods add to it) */
    double head_roll;      /* -1..1 tilt (+: towards the viewer's right) */
    double lean;           /* -1 back .. +1 forward */
    double shift_x;        /* -1..1 sideways in the seat (+: viewer's right) */
    double arms_crossed;   /* 0..1 */
    double mouth;          /* -1 frown .. 0 neutral .. +1 smile */
    double brows;          /* -1 knitted .. +1 raised */
    double yawn;           /* 0..1 mouth wide open */
    double whisper;        /* 0..1 mouth moving, a hand beside it */
    double lids;           /* 0 open .. 1 closed */
    double phone;          /* 0..1 phone raised in the hand */
    double watch;          /* 0..1 wrist raised to the eyes */
    double cough;          /* 0..1 hand at the mouth */
    int phone_lit;         /* the phone's screen is lit (a ring, a notification, reading) */
    int coughing;
    pd_gaze gaze;          /* where the person looks now */
} pd_pose;

/* Looks, from the seed (RGB colours). */
typedef enum pd_hair_style {
    PD_HAIR_SHORT = 0, PD_HAIR_LONG, PD_HAIR_BUN, PD_HAIR_BALD, PD_HAIR_CURLY, PD_HAIR_PONYTAIL,
    PD_HAIR_COUNT
} pd_hair_style;

typedef struct pd_looks {
    uint8_t skin[3], hair[3], clothes[3];
    pd_hair_style hair_style;
    int glasses;
    int beard;
    double width;          /* build, 0.9..1.1 of the row's seat width */
    double height;         /* sitting height, 0.94..1.06 */
} pd_looks;

/* Per-behaviour timers of a person (private to the model; read-only). */
typedef struct pd_beh_timer {
    double rate_min;   /* this person's own rate, per minute while free (0: never) */
    double next_s;     /* time until it may start */
    double left_s;     /* time left while active (0: inactive) */
    double dur_s;      /* length of the current one */
    double side;       /* -1/+1 or a direction drawn at the start */
    double aux;        /* a second one (the height of a look away) */
} pd_beh_timer;

typedef struct pd_person {
    pd_attitude attitude;     /* STARING, ATTENTIVE, NEUTRAL, BORED, CRITICAL */
    int row;                  /* 0 = front (nearest the speaker) .. 2 */
    int seat;                 /* 0.. from the viewer's left within the row */
    double x;                 /* seat centre across its row, 0..1 (staggered rows) */
    double scale;             /* size against the front row (1, 0.8, 0.64) */
    int left, right;          /* neighbours in the row (index, -1: none) */
    pd_looks looks;
    pd_pose pose;
    pd_beh_timer beh[PD_BEH_COUNT];
    long starts[PD_BEH_COUNT];/* how many of each so far (statistics, tests) */
    uint64_t rng[2];          /* own PRNG state (xoroshiro128+) */
    double sp[16][2];         /* springs: value and velocity of each eased channel */
    int settle;               /* set-up only: springs jump to their targets */
    double nod_next_s;        /* reaction timers: nods at a lively, steady delivery */
    double rush_next_s;       /* ...a critical person's reactions to rushing */
    double react_in_s;        /* a pending reaction starts in this many s (<0: none) */
    int react_kind;
    double react_side;
    double cue_left_s;        /* a cue being shown (cough, ring...) */
    double cue_dur_s;
    pd_cue cue;
    int held_up;              /* looking up during a long pause */
} pd_person;

typedef struct pd_crowd {
    int n;                    /* people, 0..PD_CROWD_MAX */
    int rows;                 /* rows in use, 1..3 (0 when n == 0) */
    int per_row[PD_CROWD_ROWS];
    pd_person p[PD_CROWD_MAX];/* front row first, viewer's left to right */
    double t_s;               /* simulated time so far */
    uint64_t rng[2];          /* the crowd's PRNG (reactions, cues) */
    pd_crowd_input prev;      /* the previous step's input */
    double quiet_s;           /* speech under the quiet bound for so long */
    double quiet_next_s;      /* the next quiet reaction after this much more */
    int pause_fired;          /* the current long pause has been reacted to */
} pd_crowd;

/* Builds the crowd a step asks for: params->size people (clamped to
 * 0..PD_CROWD_MAX), params->bored of them bored (spread over the rows),
 * the others params->attitude (NONE counts as NEUTRAL). Seats, looks and
 * every timer come from seed. params NULL: an empty crowd. */
void pd_crowd_init(pd_crowd *c, const pd_audience *params, uint64_t seed);
/* Advances by dt_s (long steps are cut in 1/60 s pieces; more than 10 s
 * counts as 10 s, a NaN or negative step as 0) with the meters in `in`
 * (NULL: silence, no reactions). Never allocates. */
void pd_crowd_step(pd_crowd *c, double dt_s, const pd_crowd_input *in);
/* Shows a distraction on a person (person -1: one chosen by the crowd's
 * PRNG, preferring someone not already cued). Returns the person used, or
 * -1 when the crowd is empty or cue is unknown. */
int pd_crowd_cue(pd_crowd *c, pd_cue cue, int person);
/* A digest of every pose, each channel rounded to 1/256 (and the time in
 * 1/30 s while someone whispers or a phone rings, which the drawing
 * animates): while it stays the same the drawn audience would look the
 * same (a screen's signature). */
uint64_t pd_crowd_pose_digest(const pd_crowd *c);
/* Share of people (0..1) whose gaze is at the speaker now. */
double pd_crowd_gaze_share(const pd_crowd *c);

/* The behaviour table, one row per behaviour, one column per attitude
 * (STARING..CRITICAL): rate a minute (while free), duration min-max, share
 * of people; for the README. */
void pd_crowd_table_markdown(pd_sb *out);
const char *pd_behaviour_name(pd_behaviour b);   /* "blink", "look away", ... */

#ifdef __cplusplus
}
#endif
#endif
