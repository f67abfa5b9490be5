/* private_file.c - files and folders only their owner reads (see
 * private_file.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include "podium/private_file.h"

/* open for writing, created 0600, and made 0600 when it was not (a device
 * or FIFO is not ours to change); lock: an exclusive flock taken before the
 * file is emptied, so a take being recorded is never cut by a second open */
static int private_open(const char *path, int lock)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (lock ? 0 : O_TRUNC), 0600);
    if (fd < 0) return -1;
    struct stat st;
    int e = 0;
    /* not blocking: the name is the take's own (its second and target); a
     * file system without flock (EINVAL, ENOLCK, EOPNOTSUPP) records on */
    if (lock && flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK) e = EBUSY;
    else if (lock && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && ftruncate(fd, 0) != 0) e = errno;
    else if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0777) != 0600 && fchmod(fd, 0600) != 0)
        e = errno;
    if (e) {
        close(fd);
        errno = e;
        return -1;
    }
    return fd;
}

int pd_private_open(const char *path)
{
    return private_open(path, 0);
}

int pd_take_open(const char *path)
{
    return private_open(path, 1);
}

int pd_take_claim(const char *path, time_t now, int *lock_fd)
{
    *lock_fd = -1;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) return 0;
    struct stat st;
    int locked = flock(fd, LOCK_EX | LOCK_NB) == 0;
    int busy = !locked && errno == EWOULDBLOCK;
    /* locked: not being written, but a file still empty and new may be
     * between its creation and its lock (pd_take_open); without flock, the
     * file's age says it */
    if (busy || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
        ((!locked || st.st_size == 0) && now - st.st_mtime < 30)) {
        close(fd);
        return 0;
    }
    *lock_fd = fd;
    return 1;
}

FILE *pd_private_fopen(const char *path)
{
    int fd = pd_private_open(path);
    if (fd < 0) return NULL;
    FILE *f = fdopen(fd, "w");
    if (!f) {
        int e = errno;
        close(fd);
        errno = e;
    }
    return f;
}

int pd_private_mkdirs(const char *path)
{
    char tmp[1024];
    if (snprintf(tmp, sizeof tmp, "%s", path) >= (int)sizeof tmp) {
        errno = ENAMETOOLONG;
        return -1;
    }
    for (char *p = tmp + 1; *p; p++)
        if (*p == '/') {
            *p = 0;
            if (mkdir(tmp, 0700) != 0 && errno != EEXIST) return -1;
            *p = '/';
        }
    if (mkdir(tmp, 0700) == 0) return 0;
    if (errno != EEXIST) return -1;
    struct stat st;
    if (stat(tmp, &st) != 0) return -1;
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    if (st.st_uid == getuid() && (st.st_mode & 0077)) chmod(tmp, 0700);
    return 0;
}
