/* text_files.h - the I/O edge of the topic and question lists (topics.h):
 * reading small user text files safely, finding the user's config folder,
 * loading the bundled list and merging the user's files into it. */
#ifndef PODIUM_TEXT_FILES_H
#define PODIUM_TEXT_FILES_H

#include <stddef.h>
#include "podium/topics.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Reads the regular file at path, at most max_bytes, into a NUL-terminated
 * buffer (*out, caller frees; *len bytes before the NUL). Refuses anything
 * else without blocking on it (a FIFO, a device, a directory: "not a regular
 * file") and a larger file ("too large (N bytes; at most M)"). Returns 0, or
 * -1 with "'path': problem" in err. */
int pd_read_small_file(const char *path, size_t max_bytes, char **out, size_t *len,
                       char *err, size_t err_len);

/* Replaces the file at path with data[0..len) atomically: written to a
 * temporary file beside it, synced, then renamed over it (a reader sees the
 * old file or the new one, never a part; a crash leaves the old one). A
 * symbolic link is followed (its target is replaced). A new file gets mode
 * 0644, an existing one keeps its mode. Returns 0, or -1 with
 * "cannot write 'path': reason" in err; the old file is then untouched and
 * no temporary file is left. */
int pd_write_file_atomic(const char *path, const char *data, size_t len, char *err, size_t err_len);

/* The user's folder for sub ("topics", "questions"):
 * $XDG_CONFIG_HOME/podium/SUB, or $HOME/.config/podium/SUB when
 * XDG_CONFIG_HOME is unset or empty. Returns 0, or -1 when neither is set or
 * the path does not fit. */
int pd_user_config_dir(const char *sub, char *out, size_t out_len);

/* Receives one message per damaged user file. */
typedef void (*pd_text_warn_fn)(void *ctx, const char *message);

/* Loads the bundled list (bundled_path: ASSETS/topics/LANG.txt or
 * ASSETS/questions/LANG.txt) into *out, then merges every *.txt of user_dir
 * (sorted by name; user_dir NULL or missing: none) after it with
 * pd_topics_merge. A user file that cannot be read or parsed is named in one
 * message through warn (when not NULL) and left out: the bundled entries
 * and the other files are used. Returns PD_OK; PD_ERR_PARSE with the
 * bundled file's problem in err (then *out is empty: the installation is
 * damaged); PD_ERR_NOMEM. */
pd_status pd_topics_load(const char *bundled_path, const char *user_dir, pd_topic_list *out,
                         pd_text_warn_fn warn, void *ctx, char *err, size_t err_len);

#ifdef __cplusplus
}
#endif
#endif
