/* topics.h - surprise topics and audience questions: the text format and a
 * pure parser (no I/O; the files are read by text_files.h).
 *
 * Files: assets/topics/LANG.txt and assets/questions/LANG.txt (bundled, at
 * least 40 entries each), and the user's own in
 * $XDG_CONFIG_HOME/podium/topics/ *.txt and questions/ *.txt, merged after
 * the bundled ones.
 *
 * The format, one entry per line:
 *   # a comment            lines whose first non-blank character is '#'
 *                          blank lines are ignored
 *   What do you do exactly?          an entry (a topic or a question)
 *   ! Why should I trust you?        '!' first: for the hard steps only
 *                                    (sceptical questions, personal topics)
 * - UTF-8 (checked strictly: no overlong forms, no surrogates, nothing over
 *   U+10FFFF); a byte-order mark at the start is skipped; lines end with LF
 *   or CR LF;
 * - each line is trimmed of spaces and tabs at both ends (and after '!');
 * - an entry is at most PD_TOPIC_MAX_BYTES bytes after trimming (a question
 *   shown in a speech bubble must fit it: 200 bytes is two or three lines);
 * - control characters (other than tab) and NUL bytes are refused;
 * - a '!' with nothing after it is refused.
 * A problem stops the parse with one message naming the line ("line 7: not
 * valid UTF-8 (byte 0xE8 at column 12)"), so a damaged file is named once
 * and left out, never half used. The same entry twice (the exact text) is
 * kept once when lists are merged. */
#ifndef PODIUM_TOPICS_H
#define PODIUM_TOPICS_H

#include <stddef.h>
#include "podium/status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PD_TOPIC_MAX_BYTES 200
#define PD_TOPIC_FILE_MAX_BYTES 65536   /* the loader refuses larger files */

typedef struct pd_topic {
    char text[PD_TOPIC_MAX_BYTES + 1];  /* UTF-8, trimmed, NUL-terminated */
    int hard;                           /* 1: marked '!' (hard steps only) */
} pd_topic;

typedef struct pd_topic_list {
    pd_topic *items;
    size_t n, cap;
} pd_topic_list;

/* An empty list (no allocation). */
void pd_topic_list_init(pd_topic_list *l);
void pd_topic_list_free(pd_topic_list *l);   /* then empty again */

/* Parses text[0..len) (it may hold NUL bytes: refused) into *out, which is
 * initialised here. Returns PD_OK, PD_ERR_PARSE with "line N: problem" in
 * err (and *out empty), PD_ERR_NOMEM or PD_ERR_INVALID_ARG. */
pd_status pd_topics_parse(const char *text, size_t len, pd_topic_list *out, char *err, size_t err_len);

/* Appends to dst the entries of src whose text dst does not hold yet, in
 * src's order (the first one kept decides '!'). PD_OK or PD_ERR_NOMEM (dst
 * unchanged then). */
pd_status pd_topics_merge(pd_topic_list *dst, const pd_topic_list *src);

/* Entries marked hard (hard = 1) or not (hard = 0). */
size_t pd_topics_count(const pd_topic_list *l, int hard);

#ifdef __cplusplus
}
#endif
#endif
