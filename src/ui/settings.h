/* settings.h - the app's settings file, app.conf ($XDG_CONFIG_HOME/podium/
 * app.conf, or ~/.config/podium/app.conf): its parser, pure (no I/O, no SDL),
 * so the tests and the fuzz target reach the code the app runs.
 *
 *   # comments
 *   lang = it           en / it (anything else: the locale's)
 *   input = USB Mic     the microphone: the rest of the line (names hold spaces)
 *   prep_s = 10         preparation seconds, 0..120 (the app's range)
 *   drill_s = 90        the drill's length in seconds
 *
 * Unknown keys and malformed lines are skipped (an older or newer app's
 * file still opens). */
#ifndef PODIUM_UI_SETTINGS_H
#define PODIUM_UI_SETTINGS_H

#include <stddef.h>

#define PD_APP_CONF_MAX_BYTES 65536 /* the reader refuses larger files */

typedef struct pd_app_settings {
    char lang[16]; /* as written (the caller checks it) */
    char input[200];
    int prep_s; /* a whole decimal number 0..99999; else left as it was */
    int drill_s;
} pd_app_settings;

/* Applies the lines of text[0..len) (NUL bytes end a line's value) to *s:
 * a key present in text replaces that field, the others keep the caller's
 * values. */
void pd_app_settings_parse(const char *text, size_t len, pd_app_settings *s);

#endif
