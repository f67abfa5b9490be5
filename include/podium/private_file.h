/* private_file.h - recordings of someone's voice are private: takes and
 * their sidecars are created 0600 and the folders that hold them 0700,
 * whatever the umask (a umask of 000 made them 0666). */
#ifndef PODIUM_PRIVATE_FILE_H
#define PODIUM_PRIVATE_FILE_H

#include <stdio.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Creates or truncates path for writing, mode 0600 (an existing file is
 * set to 0600 too). Returns the descriptor, or -1 with errno set. */
int pd_private_open(const char *path);
/* A take being recorded: pd_private_open, and the file then held under an
 * advisory lock (flock, exclusive) for as long as it stays open. The
 * kernel drops the lock when the writer closes the file or its process
 * ends in any way (a signal, kill -9, a crash), so a take whose lock can
 * be taken is not being written by anyone. A file system without flock
 * leaves the file unlocked (pd_take_claim then goes by the file's age).
 * Returns the descriptor, or -1 with errno set. */
int pd_take_open(const char *path);
/* Claims the take at path for recovery: 1 with *lock_fd holding its lock
 * (close it when done: the recovery reads, imports and removes the file
 * under it, so two Podiums starting together do not both import it); 0
 * when it is being recorded (its lock is held), is empty and from the last
 * 30 s (between its creation and its lock), cannot be opened, or, where
 * flock is not supported, was written in the last 30 s. */
int pd_take_claim(const char *path, time_t now, int *lock_fd);
/* The same as a stdio stream ("w"); NULL with errno set. */
FILE *pd_private_fopen(const char *path);
/* Creates path and its missing parents 0700; the last folder, when it
 * already exists and is ours, is set to 0700. 0, or -1 with errno set. */
int pd_private_mkdirs(const char *path);

#ifdef __cplusplus
}
#endif
#endif
