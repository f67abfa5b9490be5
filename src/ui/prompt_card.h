/* prompt_card.h - a prompt card (the elevator pitch's four parts) and what
 * the card editor needs to write one: its serialisation in the format the
 * loader reads (prompts.c), the checks that make it read back the same,
 * a file name from its title, and UTF-8 editing of its fields. Pure: no
 * SDL, no I/O (card_file.c). */
#ifndef PODIUM_UI_PROMPT_CARD_H
#define PODIUM_UI_PROMPT_CARD_H

#include <stddef.h>

#define PD_CARD_PARTS 4
typedef struct pd_prompt_card {
    char title[96];
    char heading[PD_CARD_PARTS][96];
    char hint[PD_CARD_PARTS][240];
    int user;                              /* 1 = from the user's config folder */
    char file[256];                        /* its file name in its folder ("" not from a file) */
} pd_prompt_card;

/* What the editor lets a field hold, in characters (each field's bytes are
 * limited by its array too: 95 for a title or heading, 239 for a hint). A
 * text that fits is never cut by the loader. */
#define PD_CARD_TITLE_CHARS 45
#define PD_CARD_HEADING_CHARS 45
#define PD_CARD_HINT_CHARS 115

/* Why the card cannot be saved as it is, in the language lang ("en", "it"),
 * into why; 0 when it can: a title, at least one part, each part with a
 * heading when it has a hint, no heading holding ':' (it would end the
 * heading), no title or heading starting with '#' (a comment line). */
int pd_prompt_card_check(const pd_prompt_card *c, const char *lang, char *why, size_t cap);
/* The card as a card file: a comment, the title, one "Heading: hint" line
 * per part (empty parts left out). Returns the bytes written (cap - 1 at
 * most), -1 when it does not fit. */
int pd_prompt_card_format(const pd_prompt_card *c, char *out, size_t cap);
/* A file name for a new card titled title: lowercase letters and digits of
 * the title (accents dropped), '_' between words, at most 40 of them,
 * "my_" before it and ".txt" after ("my_card.txt" when nothing is left);
 * taken(name, ctx) != 0 (an existing file): "_2", "_3"... before ".txt". */
void pd_prompt_card_file_name(const char *title, int (*taken)(const char *name, void *ctx), void *ctx,
                              char *out, size_t cap);

/* ---- UTF-8 editing of a field (the card editor's text input) --------------
 * s holds a NUL-terminated UTF-8 text of at most cap - 1 bytes; *caret is a
 * byte offset at a character boundary. */
size_t pd_utf8_chars(const char *s);
/* Inserts text at the caret (control characters left out), as far as
 * max_chars characters and cap - 1 bytes allow, whole characters only.
 * Returns 1 when all of it went in, 0 when some was refused. */
int pd_utf8_insert(char *s, size_t cap, size_t *caret, const char *text, size_t max_chars);
/* Backspace (the whole character before the caret), Delete (the one after). */
void pd_utf8_backspace(char *s, size_t *caret);
void pd_utf8_delete(char *s, size_t caret);
/* Ctrl+Backspace: the word before the caret and the blanks after it. */
void pd_utf8_backspace_word(char *s, size_t *caret);
/* The caret moved one character left (d < 0) or right. */
size_t pd_utf8_step(const char *s, size_t caret, int d);

#endif
