/* text_files.c - reading the topic and question files (text_files.h).
 *
 * A user file is opened with O_NONBLOCK and checked with fstat() on the open
 * descriptor (not stat() on the name, which could change in between): a FIFO
 * would block a plain open() or read() forever, a device could be endless,
 * and the size limit (PD_TOPIC_FILE_MAX_BYTES, 64 KiB: some 300 entries of
 * the longest kind) keeps a stray log file or a binary out of memory and
 * off the screen. Reads stop at the limit + 1 byte, so a file that grows
 * while being read is still refused. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "podium/text_files.h"

int pd_read_small_file(const char *path, size_t max_bytes, char **out, size_t *len,
                       char *err, size_t err_len)
{
    *out = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, err_len, "'%s': cannot open it: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        snprintf(err, err_len, "'%s': %s", path, strerror(errno));
        close(fd);
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(err, err_len, "'%s': not a regular file", path);
        close(fd);
        return -1;
    }
    if (st.st_size < 0 || (unsigned long long)st.st_size > max_bytes) {
        snprintf(err, err_len, "'%s': too large (%lld bytes; at most %zu)", path, (long long)st.st_size, max_bytes);
        close(fd);
        return -1;
    }
    char *buf = malloc(max_bytes + 2);
    if (!buf) {
        snprintf(err, err_len, "'%s': out of memory", path);
        close(fd);
        return -1;
    }
    size_t n = 0;
    while (n <= max_bytes) {
        ssize_t got = read(fd, buf + n, max_bytes + 1 - n);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            snprintf(err, err_len, "'%s': cannot read it: %s", path, strerror(errno));
            free(buf);
            close(fd);
            return -1;
        }
        if (got == 0) break;
        n += (size_t)got;
    }
    close(fd);
    if (n > max_bytes) {   /* it grew since fstat() */
        snprintf(err, err_len, "'%s': too large (over %zu bytes; at most %zu)", path, max_bytes, max_bytes);
        free(buf);
        return -1;
    }
    buf[n] = 0;
    *out = buf;
    *len = n;
    return 0;
}

int pd_user_config_dir(const char *sub, char *out, size_t out_len)
{
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    int w;
    if (xdg && *xdg) w = snprintf(out, out_len, "%s/podium/%s", xdg, sub);
    else if (home && *home) w = snprintf(out, out_len, "%s/.config/podium/%s", home, sub);
    else return -1;
    return w >= 0 && (size_t)w < out_len ? 0 : -1;
}

/* reads and parses one file into *l; 0, or -1 with the problem in err */
static int load_one(const char *path, pd_topic_list *l, char *err, size_t err_len, int *nomem)
{
    char *text;
    size_t len;
    pd_topic_list_init(l);
    if (pd_read_small_file(path, PD_TOPIC_FILE_MAX_BYTES, &text, &len, err, err_len) != 0) return -1;
    char perr[200];
    pd_status st = pd_topics_parse(text, len, l, perr, sizeof perr);
    free(text);
    if (st == PD_ERR_NOMEM) *nomem = 1;
    if (st != PD_OK) {
        snprintf(err, err_len, "'%s': %s", path, st == PD_ERR_NOMEM ? "out of memory" : perr);
        return -1;
    }
    return 0;
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

pd_status pd_topics_load(const char *bundled_path, const char *user_dir, pd_topic_list *out,
                         pd_text_warn_fn warn, void *ctx, char *err, size_t err_len)
{
    int nomem = 0;
    if (load_one(bundled_path, out, err, err_len, &nomem) != 0) return nomem ? PD_ERR_NOMEM : PD_ERR_PARSE;
    DIR *d = user_dir ? opendir(user_dir) : NULL;
    if (!d) return PD_OK;   /* no user files: the bundled list alone */
    char **names = NULL;
    size_t n = 0, cap = 0;
    pd_status st = PD_OK;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        size_t l = strlen(de->d_name);
        if (l <= 4 || strcmp(de->d_name + l - 4, ".txt") != 0 || de->d_name[0] == '.') continue;
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 16;
            char **nn = realloc(names, nc * sizeof *nn);
            if (!nn) { st = PD_ERR_NOMEM; break; }
            names = nn;
            cap = nc;
        }
        if (!(names[n] = strdup(de->d_name))) { st = PD_ERR_NOMEM; break; }
        n++;
    }
    closedir(d);
    if (n) qsort(names, n, sizeof *names, cmp_name);   /* a stable, visible order */
    for (size_t i = 0; i < n && st == PD_OK; i++) {
        char path[4096], msg[600];
        if ((size_t)snprintf(path, sizeof path, "%s/%s", user_dir, names[i]) >= sizeof path) continue;
        pd_topic_list user;
        if (load_one(path, &user, msg, sizeof msg, &nomem) != 0) {
            if (nomem) { st = PD_ERR_NOMEM; break; }
            if (warn) {
                char line[700];
                snprintf(line, sizeof line, "%s; left out (the bundled ones are used)", msg);
                warn(ctx, line);
            }
            continue;
        }
        st = pd_topics_merge(out, &user);
        pd_topic_list_free(&user);
    }
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
    if (st != PD_OK) {
        pd_topic_list_free(out);
        snprintf(err, err_len, "out of memory while loading '%s'", user_dir);
    }
    return st;
}

/* ---- writing a settings or card file ------------------------------------------ */
int pd_write_file_atomic(const char *path, const char *data, size_t len, char *err, size_t err_len)
{
    char target[4096], tmp[4200];
    snprintf(target, sizeof target, "%s", path);
    struct stat st;
    mode_t mode = 0644;
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {   /* a dotfiles manager's link: replace its target */
        char *real = realpath(path, NULL);
        if (real) {
            snprintf(target, sizeof target, "%s", real);
            free(real);
        }
    }
    if (stat(target, &st) == 0) mode = st.st_mode & 07777;
    int w = snprintf(tmp, sizeof tmp, "%s.tmp-%ld", target, (long)getpid());
    if (w < 0 || (size_t)w >= sizeof tmp) {
        snprintf(err, err_len, "cannot write '%s': the path is too long", path);
        return -1;
    }
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0) {
        snprintf(err, err_len, "cannot write '%s': %s", path, strerror(errno));
        return -1;
    }
    size_t done = 0;
    int e = 0;
    while (done < len && !e) {
        ssize_t k = write(fd, data + done, len - done);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) e = k < 0 ? errno : ENOSPC;
        else done += (size_t)k;
    }
    if (!e && fchmod(fd, mode) != 0) e = errno;
    if (!e && fsync(fd) != 0) e = errno;
    if (close(fd) != 0 && !e) e = errno;
    if (!e && rename(tmp, target) != 0) e = errno;
    if (e) {
        unlink(tmp);
        snprintf(err, err_len, "cannot write '%s': %s", path, strerror(e));
        return -1;
    }
    /* the rename itself reaches the disk with its folder */
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", target);
    char *slash = strrchr(dir, '/');
    if (slash) {
        *slash = 0;
        int dfd = open(slash == dir ? "/" : dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd >= 0) {
            fsync(dfd);
            close(dfd);
        }
    }
    return 0;
}
