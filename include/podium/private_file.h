/* private_file.h - recordings of someone's voice are private: takes and
 * their sidecars are created 0600 and the folders that hold them 0700,
 * whatever the umask (a umask of 000 made them 0666). */
#ifndef PODIUM_PRIVATE_FILE_H
#define PODIUM_PRIVATE_FILE_H

#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Creates or truncates path for writing, mode 0600 (an existing file is
 * set to 0600 too). Returns the descriptor, or -1 with errno set. */
int pd_private_open(const char *path);
/* The same as a stdio stream ("w"); NULL with errno set. */
FILE *pd_private_fopen(const char *path);
/* Creates path and its missing parents 0700; the last folder, when it
 * already exists and is ours, is set to 0700. 0, or -1 with errno set. */
int pd_private_mkdirs(const char *path);

#ifdef __cplusplus
}
#endif
#endif
