/* store_files.c - the files of the history (see store.h): recordings
 * (copied as FLAC, fsynced and renamed into place, and the directory
 * fsynced, before their row is committed; while a recording is being saved
 * its file holds an flock(), so another process does not take it for an
 * orphan), orphans (recordings without a take), a take as a JSON or CSV
 * row, and the export of the whole history. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <sndfile.h>
#include "store_internal.h"

#define PART_SUFFIX  ".part"
#define STALE_PART_S 600 /* an unlocked .part older than this is a crashed save */

/* ---- recordings ------------------------------------------------------------ */

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

int pd_store_rec_name_ok(const char *name)
{
    size_t n = strlen(name);
    if (n <= strlen(".flac") || n >= sizeof((pd_take *)0)->recording || name[0] == '.' ||
        !ends_with(name, ".flac") || strchr(name, '/') || strstr(name, ".."))
        return 0;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p < 0x20 || *p == 0x7f) return 0;
    return 1;
}

void pd_store_recording_path(const pd_store *st, const pd_take *t, char *out, size_t out_len)
{
    /* a name of another form is a damaged row: never a path (it could lead
     * out of recordings/) */
    if (!t->recording[0] || !pd_store_rec_name_ok(t->recording)) {
        if (out_len) out[0] = 0;
        return;
    }
    snprintf(out, out_len, "%s/%s", st->rec_dir, t->recording);
}

/* Copies any libsndfile-readable file into an open, empty file as FLAC. */
static pd_store_status write_flac(pd_store *st, const char *src, int fd)
{
    SF_INFO in_info;
    memset(&in_info, 0, sizeof in_info);
    SNDFILE *in = sf_open(src, SFM_READ, &in_info);
    if (!in)
        return pd_store_fail(st, PD_STORE_ERR_AUDIO, "cannot read the recording '%s': %s", src,
                             sf_strerror(NULL));
    pd_store_status r = PD_STORE_OK;
    SNDFILE *outf = NULL;
    float *buf = NULL;
    if (in_info.channels > 8) {
        r = pd_store_fail(st, PD_STORE_ERR_AUDIO,
                          "cannot keep '%s': FLAC holds at most 8 channels (it has %d); "
                          "mix it down first",
                          src, in_info.channels);
        goto done;
    }
    int sub = in_info.format & SF_FORMAT_SUBMASK;
    SF_INFO oi;
    memset(&oi, 0, sizeof oi);
    oi.samplerate = in_info.samplerate;
    oi.channels = in_info.channels;
    oi.format =
        SF_FORMAT_FLAC |
        (sub == SF_FORMAT_PCM_S8 || sub == SF_FORMAT_PCM_U8 || sub == SF_FORMAT_PCM_16 ? SF_FORMAT_PCM_16
                                                                                       : SF_FORMAT_PCM_24);
    outf = sf_open_fd(fd, SFM_WRITE, &oi, 0);
    if (!outf) {
        r = pd_store_fail(st, PD_STORE_ERR_AUDIO, "cannot write a FLAC copy of '%s': %s", src,
                          sf_strerror(NULL));
        goto done;
    }
    sf_command(outf, SFC_SET_CLIPPING, NULL, SF_TRUE);
    const sf_count_t block = 4096;
    buf = malloc((size_t)block * (size_t)in_info.channels * sizeof *buf);
    if (!buf) {
        r = pd_store_fail(st, PD_STORE_ERR_NOMEM, "out of memory copying '%s'", src);
        goto done;
    }
    for (;;) {
        sf_count_t got = sf_readf_float(in, buf, block);
        if (got <= 0) break;
        if (sf_writef_float(outf, buf, got) != got) {
            r = pd_store_fail(st, PD_STORE_ERR_IO,
                              "cannot write the FLAC copy of '%s' into '%s': %s; check "
                              "the free space",
                              src, st->rec_dir, sf_strerror(outf));
            goto done;
        }
    }
done:
    free(buf);
    if (outf && sf_close(outf) != 0 && r == PD_STORE_OK)
        r = pd_store_fail(st, PD_STORE_ERR_IO, "cannot finish the FLAC copy of '%s'", src);
    sf_close(in);
    return r;
}

void pd_store_release_rec(saved_rec *sr)
{
    if (sr->fd >= 0) close(sr->fd);
    sr->fd = -1;
}

/* Undoes a save whose row was not committed. */
void pd_store_discard_rec(pd_store *st, saved_rec *sr)
{
    if (sr->name[0] && !sr->adopted) {
        char path[PATH_MAX + 128];
        snprintf(path, sizeof path, "%s/%s", st->rec_dir, sr->name);
        unlink(path);
    }
    pd_store_release_rec(sr);
}

/* When src is already a .flac directly inside recordings/ (an orphan being
 * imported again), the file is kept where it is. */
static int adopt_name(pd_store *st, const char *src, char *name, size_t len)
{
    char real_src[PATH_MAX], real_dir[PATH_MAX];
    if (!realpath(src, real_src) || !realpath(st->rec_dir, real_dir)) return 0;
    size_t n = strlen(real_dir);
    if (strncmp(real_src, real_dir, n) != 0 || real_src[n] != '/') return 0;
    const char *base = real_src + n + 1;
    if (!pd_store_rec_name_ok(base) || strlen(base) >= len) return 0; /* else copied under a new name */
    snprintf(name, len, "%s", base);
    return 1;
}

pd_store_status pd_store_save_recording(pd_store *st, const char *src, int64_t when, saved_rec *sr)
{
    memset(sr, 0, sizeof *sr);
    sr->fd = -1;
    char path[PATH_MAX + 128];
    if (adopt_name(st, src, sr->name, sizeof sr->name)) {
        sr->adopted = 1;
        snprintf(path, sizeof path, "%s/%s", st->rec_dir, sr->name);
        sr->fd = open(path, O_RDONLY | O_CLOEXEC);
        if (sr->fd < 0 || flock(sr->fd, LOCK_EX | LOCK_NB) != 0) {
            pd_store_release_rec(sr);
            return pd_store_fail(st, PD_STORE_ERR_BUSY, "'%s' is being saved by another Podium process",
                                 path);
        }
        return PD_STORE_OK;
    }
    static unsigned counter;
    struct tm tm;
    time_t t = (time_t)when;
    gmtime_r(&t, &tm);
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    char part[PATH_MAX + 160];
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    int fd = -1;
    for (int attempt = 0; attempt < 100 && fd < 0; attempt++) {
        unsigned salt = (unsigned)ts.tv_nsec ^ ((unsigned)getpid() << 16) ^ (++counter * 2654435761u);
        snprintf(sr->name, sizeof sr->name, "%s-%08x.flac", stamp, salt);
        snprintf(part, sizeof part, "%s/%s" PART_SUFFIX, st->rec_dir, sr->name);
        snprintf(path, sizeof path, "%s/%s", st->rec_dir, sr->name);
        if (access(path, F_OK) == 0) continue;
        fd = open(part, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0 && errno != EEXIST) {
            int e = errno;
            sr->name[0] = 0;
            return pd_store_fail(st, pd_store_is_ro_errno(e) ? PD_STORE_ERR_READONLY : PD_STORE_ERR_IO,
                                 "cannot save the recording in '%s': %s", st->rec_dir, strerror(e));
        }
    }
    if (fd < 0) {
        sr->name[0] = 0;
        return pd_store_fail(st, PD_STORE_ERR_IO, "cannot find a free recording name in '%s'", st->rec_dir);
    }
    sr->fd = fd;
    flock(fd, LOCK_EX);
    pd_store_status r = write_flac(st, src, fd);
    if (r == PD_STORE_OK && fsync(fd) != 0)
        r = pd_store_fail(st, PD_STORE_ERR_IO, "cannot save the recording '%s': %s", part, strerror(errno));
    int renamed = 0;
    if (r == PD_STORE_OK) {
        if (rename(part, path) != 0)
            r = pd_store_fail(st, PD_STORE_ERR_IO, "cannot save the recording '%s': %s", path,
                              strerror(errno));
        else
            renamed = 1;
    }
    if (r == PD_STORE_OK && pd_store_fsync_dir(st->rec_dir) != 0)
        r = pd_store_fail(st, PD_STORE_ERR_IO, "cannot sync '%s': %s", st->rec_dir, strerror(errno));
    if (r != PD_STORE_OK) {
        unlink(renamed ? path : part);
        sr->name[0] = 0;
        pd_store_release_rec(sr);
    }
    return r;
}

/* ---- orphans ---------------------------------------------------------------- */

void pd_store_free_strings(char **s, size_t n)
{
    if (!s) return;
    for (size_t i = 0; i < n; i++) free(s[i]);
    free(s);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every recording name the takes use, sorted (one query, then bsearch: a
 * statement per file would cost ~30 ms for 10 000 recordings). */
static pd_store_status used_names(pd_store *st, char ***names, size_t *n)
{
    sqlite3_stmt *s;
    pd_store_status r = pd_store_prepare(st, "SELECT recording FROM take WHERE recording IS NOT NULL", &s,
                                         "looking for orphans");
    if (r != PD_STORE_OK) return r;
    char **v = NULL;
    size_t len = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (pd_store_grow(&v, &cap, len, sizeof *v, 256) != 0) {
            r = pd_store_fail(st, PD_STORE_ERR_NOMEM, "out of memory");
            break;
        }
        const char *name;
        if ((r = pd_store_col_str(st, s, 0, &name, "looking for orphans")) != PD_STORE_OK) break;
        if (!(v[len] = strdup(name))) {
            r = pd_store_fail(st, PD_STORE_ERR_NOMEM, "out of memory");
            break;
        }
        len++;
    }
    if (r == PD_STORE_OK && rc != SQLITE_DONE) r = pd_store_db_fail(st, "looking for orphans");
    sqlite3_finalize(s);
    if (r != PD_STORE_OK) {
        pd_store_free_strings(v, len);
        return r;
    }
    if (len) qsort(v, len, sizeof *v, cmp_str);
    *names = v;
    *n = len;
    return PD_STORE_OK;
}

/* Whether a row names the recording now (one committed after the list was read). */
static int name_used_now(pd_store *st, const char *name)
{
    sqlite3_stmt *s;
    int used = 0;
    if (sqlite3_prepare_v2(st->db, "SELECT 1 FROM take WHERE recording = ?", -1, &s, NULL) == SQLITE_OK) {
        sqlite3_bind_text(s, 1, name, -1, SQLITE_TRANSIENT);
        used = sqlite3_step(s) == SQLITE_ROW;
        sqlite3_finalize(s);
    }
    return used;
}

pd_store_status pd_store_orphans(pd_store *st, char ***paths, size_t *n)
{
    *paths = NULL;
    *n = 0;
    DIR *d = opendir(st->rec_dir);
    if (!d) return pd_store_fail(st, PD_STORE_ERR_IO, "cannot read '%s': %s", st->rec_dir, strerror(errno));
    char **used = NULL;
    size_t n_used = 0;
    pd_store_status r = used_names(st, &used, &n_used);
    if (r != PD_STORE_OK) {
        closedir(d);
        return r;
    }
    char **v = NULL;
    size_t len = 0, cap = 0;
    time_t now = time(NULL);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        char path[PATH_MAX + 300];
        snprintf(path, sizeof path, "%s/%s", st->rec_dir, e->d_name);
        if (ends_with(e->d_name, ".flac" PART_SUFFIX)) {
            /* a copy a crash interrupted (its source is still where it was):
             * removed once old and not locked by a save in progress */
            int fd = open(path, O_RDONLY | O_CLOEXEC);
            struct stat sb;
            if (fd >= 0 && fstat(fd, &sb) == 0 && now - sb.st_mtime > STALE_PART_S &&
                flock(fd, LOCK_EX | LOCK_NB) == 0)
                unlink(path);
            if (fd >= 0) close(fd);
            continue;
        }
        if (!pd_store_rec_name_ok(e->d_name)) continue; /* not a name the store gives */
        const char *key = e->d_name;
        if (n_used && bsearch(&key, used, n_used, sizeof *used, cmp_str)) continue;
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) continue;
        int busy = flock(fd, LOCK_SH | LOCK_NB) != 0; /* being saved right now */
        close(fd);
        if (busy || name_used_now(st, e->d_name)) continue;
        if (pd_store_grow(&v, &cap, len, sizeof *v, 8) != 0) {
            r = pd_store_fail(st, PD_STORE_ERR_NOMEM, "out of memory");
            break;
        }
        if (!(v[len] = strdup(path))) {
            r = pd_store_fail(st, PD_STORE_ERR_NOMEM, "out of memory");
            break;
        }
        len++;
    }
    pd_store_free_strings(used, n_used);
    closedir(d);
    if (r != PD_STORE_OK) {
        pd_store_free_strings(v, len);
        return r;
    }
    *paths = v;
    *n = len;
    return PD_STORE_OK;
}

/* ---- JSON, CSV, export ------------------------------------------------------- */

static void iso_time(int64_t t, char *out, size_t len)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

pd_store_status pd_store_take_json(pd_store *st, const pd_take *t, int with_report, pd_sb *out)
{
    char when[32], path[PATH_MAX + 128];
    iso_time(t->recorded_at, when, sizeof when);
    pd_sb_printf(out, "{\"id\": %lld, \"recorded_at\": ", (long long)t->id);
    pd_sb_json_str(out, when);
    pd_sb_printf(out, ", \"recorded_at_unix\": %lld, \"drill\": ", (long long)t->recorded_at);
    pd_sb_json_str(out, t->drill);
    pd_sb_puts(out, ", \"target_s\": ");
    pd_sb_json_num(out, t->target_s, 1);
    pd_sb_puts(out, ", \"lang\": ");
    pd_sb_json_str(out, t->lang);
    pd_sb_puts(out, ", \"recording\": ");
    pd_store_recording_path(st, t, path, sizeof path);
    if (path[0])
        pd_sb_json_str(out, path);
    else
        pd_sb_puts(out, "null");
    pd_sb_puts(out, ", \"source\": ");
    pd_sb_json_str(out, t->source);
    pd_sb_puts(out, ", \"duration_s\": ");
    pd_sb_json_num(out, t->duration_s, 3);
    pd_sb_printf(out,
                 ", \"dropped_frames\": %ld, \"speech_detected\": %s, \"star\": %s, "
                 "\"baseline\": %s, \"note\": ",
                 t->dropped_frames, t->speech_detected ? "true" : "false", t->star ? "true" : "false",
                 t->is_baseline ? "true" : "false");
    pd_sb_json_str(out, t->note);
    pd_sb_puts(out, ", \"metrics\": {");
    const pd_metric_info *mt = pd_metric_table();
    for (int i = 0; i < PD_METRIC_COUNT; i++) {
        pd_sb_printf(out, "%s\"%s\": ", i ? ", " : "", mt[i].name);
        pd_sb_json_num(out, t->metric[i], 3);
    }
    pd_sb_puts(out, "}");
    if (with_report) {
        pd_distress *d = NULL;
        size_t nd = 0;
        pd_store_status r = pd_store_distress(st, t->id, &d, &nd);
        if (r != PD_STORE_OK) return r;
        pd_sb_puts(out, ", \"distress\": [");
        for (size_t i = 0; i < nd; i++) {
            pd_sb_puts(out, i ? ", {\"moment\": " : "{\"moment\": ");
            pd_sb_json_str(out, d[i].moment);
            pd_sb_printf(out, ", \"rating\": %d}", d[i].rating);
        }
        free(d);
        /* where its answers to the audience's questions began (the excluded
         * intervals are in the report: its distractions array) */
        pd_interval *x = NULL;
        double *a = NULL;
        size_t nx = 0, na = 0;
        if ((r = pd_store_moments(st, t->id, &x, &nx, &a, &na)) != PD_STORE_OK) return r;
        pd_sb_puts(out, "], \"answers_s\": [");
        for (size_t i = 0; i < na; i++) {
            if (i) pd_sb_puts(out, ", ");
            pd_sb_json_num(out, a[i], 3);
        }
        free(x);
        free(a);
        /* where the recording lost input (silence, left out of the analysis) */
        if ((r = pd_store_lost(st, t->id, &x, &nx)) != PD_STORE_OK) return r;
        pd_sb_puts(out, "], \"lost_s\": [");
        for (size_t i = 0; i < nx; i++) {
            pd_sb_puts(out, i ? ", [" : "[");
            pd_sb_json_num(out, x[i].start_s, 3);
            pd_sb_puts(out, ", ");
            pd_sb_json_num(out, x[i].end_s, 3);
            pd_sb_puts(out, "]");
        }
        free(x);
        pd_sb_puts(out, "], \"report\": ");
        if ((r = pd_store_report_json(st, t->id, out)) != PD_STORE_OK) return r;
    }
    pd_sb_puts(out, "}");
    return pd_sb_status(out) == PD_OK ? PD_STORE_OK : pd_store_fail(st, PD_STORE_ERR_NOMEM, "out of memory");
}

void pd_store_csv_header(pd_sb *out)
{
    pd_sb_puts(out, "id,recorded_at,drill,target_s,lang,duration_s,dropped_frames,speech_detected,"
                    "star,baseline");
    const pd_metric_info *mt = pd_metric_table();
    for (int i = 0; i < PD_METRIC_COUNT; i++) pd_sb_printf(out, ",%s", mt[i].name);
    pd_sb_puts(out, ",recording,source,note\n");
}

static void csv_str(pd_sb *out, const char *s)
{
    pd_sb_puts(out, ",\"");
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            pd_sb_puts(out, "\"\"");
        else
            pd_sb_printf(out, "%c", *p);
    }
    pd_sb_puts(out, "\"");
}

static void csv_num(pd_sb *out, double v, int dec)
{
    if (isfinite(v))
        pd_sb_printf(out, ",%.*f", dec, v);
    else
        pd_sb_puts(out, ",");
}

void pd_store_take_csv(const pd_take *t, pd_sb *out)
{
    char when[32];
    iso_time(t->recorded_at, when, sizeof when);
    pd_sb_printf(out, "%lld,%s", (long long)t->id, when);
    csv_str(out, t->drill);
    csv_num(out, t->target_s, 1);
    csv_str(out, t->lang);
    csv_num(out, t->duration_s, 3);
    pd_sb_printf(out, ",%ld,%d,%d,%d", t->dropped_frames, t->speech_detected, t->star, t->is_baseline);
    for (int i = 0; i < PD_METRIC_COUNT; i++) csv_num(out, t->metric[i], 3);
    csv_str(out, t->recording);
    csv_str(out, t->source);
    csv_str(out, t->note);
    pd_sb_puts(out, "\n");
}

pd_store_status pd_store_write_file(pd_store *st, const char *path, const pd_sb *sb)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return pd_store_fail(st, pd_store_is_ro_errno(errno) ? PD_STORE_ERR_READONLY : PD_STORE_ERR_IO,
                             "cannot write '%s': %s", path, strerror(errno));
    size_t off = 0;
    while (off < sb->len) {
        ssize_t w = write(fd, sb->data + off, sb->len - off);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) {
            int e = errno;
            close(fd);
            return pd_store_fail(st, PD_STORE_ERR_IO, "cannot write '%s': %s; check the free space", path,
                                 strerror(e));
        }
        off += (size_t)w;
    }
    if (close(fd) != 0)
        return pd_store_fail(st, PD_STORE_ERR_IO, "cannot write '%s': %s", path, strerror(errno));
    return PD_STORE_OK;
}

static pd_store_status copy_file(pd_store *st, const char *from, const char *to)
{
    int in = open(from, O_RDONLY | O_CLOEXEC);
    if (in < 0) return pd_store_fail(st, PD_STORE_ERR_IO, "cannot read '%s': %s", from, strerror(errno));
    int outfd = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (outfd < 0) {
        int e = errno;
        close(in);
        return pd_store_fail(st, pd_store_is_ro_errno(e) ? PD_STORE_ERR_READONLY : PD_STORE_ERR_IO,
                             "cannot write '%s': %s", to, strerror(e));
    }
    char buf[65536];
    pd_store_status r = PD_STORE_OK;
    for (;;) {
        ssize_t got = read(in, buf, sizeof buf);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            r = pd_store_fail(st, PD_STORE_ERR_IO, "cannot read '%s': %s", from, strerror(errno));
            break;
        }
        if (got == 0) break;
        ssize_t off = 0;
        while (off < got) {
            ssize_t w = write(outfd, buf + off, (size_t)(got - off));
            if (w < 0 && errno == EINTR) continue;
            if (w <= 0) break;
            off += w;
        }
        if (off < got) {
            r = pd_store_fail(st, PD_STORE_ERR_IO, "cannot write '%s': %s; check the free space", to,
                              strerror(errno));
            break;
        }
    }
    close(in);
    if (close(outfd) != 0 && r == PD_STORE_OK)
        r = pd_store_fail(st, PD_STORE_ERR_IO, "cannot write '%s': %s", to, strerror(errno));
    return r;
}

/* DAMAGED when a take names its recording in a form the store does not give
 * (a damaged row): nothing is exported, nothing is read through that name. */
static pd_store_status check_names(pd_store *st, const pd_take *t, size_t n)
{
    for (size_t i = n; i-- > 0;) {
        if (!t[i].recording[0] || pd_store_rec_name_ok(t[i].recording)) continue;
        pd_sb name;
        pd_sb_init(&name);
        pd_sb_text(&name, t[i].recording);
        pd_store_status r = pd_store_fail(
            st, PD_STORE_ERR_DAMAGED,
            "the history database '%s' is damaged: take %lld names its recording '%s', not a name Podium "
            "gives (NAME.flac in '%s'); nothing was exported. Delete that take ('podium delete %lld' removes "
            "its row and no file) and export again",
            st->db_path, (long long)t[i].id, name.data ? name.data : "", st->rec_dir, (long long)t[i].id);
        pd_sb_free(&name);
        return r;
    }
    return PD_STORE_OK;
}

pd_store_status pd_store_export(pd_store *st, const char *dir_out, size_t *n_takes)
{
    pd_take *t = NULL;
    size_t n = 0;
    pd_store_status r = pd_store_list(st, 0, 0, &t, &n);
    if (r != PD_STORE_OK) return r;
    if ((r = check_names(st, t, n)) != PD_STORE_OK) {
        free(t);
        return r;
    }
    char rec_out[PATH_MAX];
    snprintf(rec_out, sizeof rec_out, "%.*s/recordings", PATH_MAX - 16, dir_out);
    if (pd_store_mkdir_p(rec_out, 0700) != 0) {
        r = pd_store_fail(st, pd_store_is_ro_errno(errno) ? PD_STORE_ERR_READONLY : PD_STORE_ERR_IO,
                          "cannot create '%s': %s; choose another folder", rec_out, strerror(errno));
        free(t);
        return r;
    }
    pd_sb csv, json;
    pd_sb_init(&csv);
    pd_sb_init(&json);
    pd_store_csv_header(&csv);
    pd_sb_puts(&json, "[");
    for (size_t i = n; i-- > 0 && r == PD_STORE_OK;) { /* oldest first */
        pd_take *x = &t[i];
        pd_store_take_csv(x, &csv);
        pd_sb_puts(&json, i + 1 == n ? "\n" : ",\n");
        r = pd_store_take_json(st, x, 1, &json);
        if (r == PD_STORE_OK && x->recording[0]) {
            char from[PATH_MAX + 128], to[PATH_MAX + 64];
            pd_store_recording_path(st, x, from, sizeof from);
            snprintf(to, sizeof to, "%s/take-%lld.flac", rec_out, (long long)x->id);
            r = copy_file(st, from, to);
        }
    }
    pd_sb_puts(&json, "\n]\n");
    if (r == PD_STORE_OK && (pd_sb_status(&csv) != PD_OK || pd_sb_status(&json) != PD_OK))
        r = pd_store_fail(st, PD_STORE_ERR_NOMEM, "out of memory exporting");
    char path[PATH_MAX + 32];
    if (r == PD_STORE_OK) {
        snprintf(path, sizeof path, "%s/takes.csv", dir_out);
        r = pd_store_write_file(st, path, &csv);
    }
    if (r == PD_STORE_OK) {
        snprintf(path, sizeof path, "%s/takes.json", dir_out);
        r = pd_store_write_file(st, path, &json);
    }
    if (r == PD_STORE_OK) r = pd_store_export_programme(st, dir_out);
    pd_sb_free(&csv);
    pd_sb_free(&json);
    free(t);
    if (r == PD_STORE_OK && n_takes) *n_takes = n;
    return r;
}
