/* settings.h - the app's settings file, app.conf ($XDG_CONFIG_HOME/podium/
 * app.conf, or ~/.config/podium/app.conf): its parser, pure (no I/O, no SDL),
 * so the tests and the fuzz target reach the code the app runs.
 *
 *   # comments, blank lines
 *   lang = it           en or it
 *   input = USB Mic     the microphone: the rest of the line (names hold spaces)
 *   output = Speakers   where the distraction sounds play (the rest of the line)
 *   prep_s = 10         preparation seconds, whole, 0..120
 *   drill_s = 90        the drill's length, whole seconds, 15..1800
 *   headphones = yes    the distraction sounds go to headphones (yes or no):
 *                       the room's murmur plays under the drill and nothing
 *                       is left out of the analysis; no (the default): they
 *                       come out of loudspeakers, the microphone hears them,
 *                       their intervals are left out and no murmur plays
 *   speak_questions = no  the audience's questions spoken aloud (eSpeak NG)
 *                       as well as shown (yes, the default when Podium is
 *                       built with it) or shown only (no)
 *   card = FILE.txt     the prompt card shown first: its file name (the
 *                       user's card of that name, else the bundled one)
 *   demo = yes          drills play the bundled sample (yes or no)
 *
 * Read as strictly as feedback.conf: any other line (an unknown key, a line
 * without '=', a value out of its range or not a plain decimal, a line over
 * 250 characters) is named with what is allowed, and that setting keeps the
 * value it had. A NUL byte ends its line (the rest of that line is left
 * out). */
#ifndef PODIUM_UI_SETTINGS_H
#define PODIUM_UI_SETTINGS_H

#include <stddef.h>

#define PD_APP_CONF_MAX_BYTES 65536   /* the reader refuses larger files */
#define PD_APP_CONF_PREP_MAX_S 120
#define PD_APP_CONF_DRILL_MIN_S 15    /* = PD_DRILL_MIN_S (ui.h) */
#define PD_APP_CONF_DRILL_MAX_S 1800  /* = PD_DRILL_MAX_S */

typedef struct pd_app_settings {
    char lang[16];
    char input[200];
    char output[200];
    int prep_s;
    int drill_s;
    int headphones;   /* 0 or 1 */
    int speak_questions;   /* 0 or 1 */
    char card[256];      /* "" = the first card */
    int demo;            /* 1 yes, 0 no, -1 not said */
} pd_app_settings;

/* Called for each line not understood: its number (from 1), its text
 * (trimmed, cut to 250 bytes) and what is allowed. */
typedef void (*pd_settings_bad_fn)(void *ctx, int line, const char *text, const char *why);

/* Applies the lines of text[0..len) to *s: a key present with an allowed
 * value replaces that field, the others keep the caller's values. Returns
 * how many lines were not understood (each given to bad when not NULL). */
int pd_app_settings_parse_lines(const char *text, size_t len, pd_app_settings *s, pd_settings_bad_fn bad,
                                void *ctx);
/* The same without the report. */
void pd_app_settings_parse(const char *text, size_t len, pd_app_settings *s);


/* ---- writing app.conf back (the Settings screen) ----------------------------
 * Only the keys that change are rewritten: every other line (comments, blank
 * lines, unknown keys, lines not understood) is kept byte for byte. */
typedef struct pd_conf_change {
    const char *key;     /* lang, input, output, prep_s, drill_s, headphones, card, demo, speak_questions */
    const char *value;   /* NULL: the key's lines are removed (its default applies) */
} pd_conf_change;

/* The new text of app.conf: the first line of each changed key becomes
 * "key = value" (keeping the line's CRLF), later lines of that key are
 * removed (they would override it), a key not there yet is appended at the
 * end. A value holding a line break, a NUL or over 240 bytes is refused
 * (returns -1, *out NULL). Returns 0 and a malloc'd *out (NUL-terminated,
 * *out_len bytes), or -1 when memory runs out. */
int pd_app_conf_rewrite(const char *text, size_t len, const pd_conf_change *ch, int n, char **out,
                        size_t *out_len);

/* The changes between two settings (at most 9: one per key) into ch, whose
 * values point into b. Returns how many. */
int pd_app_settings_diff(const pd_app_settings *a, const pd_app_settings *b, pd_conf_change *ch, char *num_buf,
                         size_t num_cap);

/* The values Left/Right walk through in the Settings screen: the drill's
 * length (Home's presets among them) and the preparation. The next value
 * after v going d (+1/-1; v need not be in the list). */
int pd_settings_walk_drill(int v, int d);
int pd_settings_walk_prep(int v, int d);
/* The same for any list vals[0..n) in increasing order (the step editor's
 * fields too): the next value after v going d; the ends held. */
int pd_settings_walk(const int *vals, int n, int v, int d);

#endif
