/* cli.h - the command-line verbs. Each returns the process exit code. */
#ifndef PODIUM_CLI_H
#define PODIUM_CLI_H

#include <stdio.h>
#include "podium/exposure.h"
#include "podium/feedback.h"
#include "podium/store.h"

#ifndef PODIUM_VERSION
#define PODIUM_VERSION "0.1.0"
#endif

int pd_cli_analyse(int argc, char **argv);
int pd_cli_bounds(int argc, char **argv);
/* The history verbs (history.c): returns -1 when verb is not one of them. */
int pd_cli_history_verb(const char *verb, int argc, char **argv);
void pd_cli_history_usage(FILE *f);
/* The programme verbs (programme.c): ladder, exposure, exposures; -1 when
 * verb is not one of them. */
int pd_cli_programme_verb(const char *verb, int argc, char **argv);
void pd_cli_programme_usage(FILE *f);

/* Shared by the verbs that use the store (history.c): an error as
 * "podium VERB: msg" on one line, and opening the store (--data-dir,
 * --reset-db) with that error on failure (returns 1) and its notice. */
void pd_cli_say_error(const char *verb, const char *msg);
int pd_cli_open_store(const char *verb, const char *data_dir, int reset_db, pd_store **st);

/* "it" when the locale (LC_ALL, LC_MESSAGES, LANG) is Italian, else "en". */
const char *pd_cli_ui_lang(void);
/* Loads feedback bounds: defaults, then the config file (explicit path, or
 * $PODIUM_CONFIG, or $XDG_CONFIG_HOME/podium/feedback.conf when it exists).
 * Returns non-zero after printing a message when an explicit file is bad. */
int pd_cli_load_bounds(const char *path, pd_feedback_bounds *b);
/* The same file also holds the programme's suggestion rules (exposure_*
 * keys): both at once, or the rules alone. */
int pd_cli_load_config(const char *path, pd_feedback_bounds *b, pd_exposure_rules *rules);
int pd_cli_load_rules(const char *path, pd_exposure_rules *r);

/* errno of a failed flush of stdout inside a verb (0: none), for main()'s
 * one message about it */
extern int pd_cli_stdout_errno;

/* Output files (outputs.c). 1 when a and b name the same file (the same
 * name, or the same st_dev + st_ino). */
int pd_cli_same_file(const char *a, const char *b);
/* Before writing out: refused (a message, then 2) when it is one of the
 * inputs, even with force; refused (1) when it is an existing regular file
 * and !force; else 0 (a folder or a device is left to the writer). */
int pd_cli_check_output(const char *verb, const char *out, const char *const *inputs, int n_inputs,
                        int force);
/* Creates out for writing (O_EXCL unless force, which truncates); the fd,
 * or -1 after a message. */
int pd_cli_create_output(const char *verb, const char *out, int force);

#endif
