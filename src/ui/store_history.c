/* store_history.c - the practice history store (issue 4, store.h: SQLite,
 * recordings kept as FLAC beside it) behind the app's pd_history interface;
 * the History screen's trend and baseline come from pd_store_trend() and
 * pd_store_baseline().
 * Built only when store.h is present. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "podium/text_files.h"
#include "podium/store.h"
#include "ui_history.h"

typedef struct store_history {
    pd_history base;
    pd_store *st;
    char failure[700]; /* the store's message of a failure not yet taken by error() */
    char taken[700];   /* what error() returned last */
} store_history;

/* A failed store call: its message kept for the app's banner (error()). */
static int failed(store_history *s)
{
    snprintf(s->failure, sizeof s->failure, "%s", pd_store_errmsg(s->st));
    return 1;
}

static const char *st_error(pd_history *h)
{
    store_history *s = (store_history *)h;
    memcpy(s->taken, s->failure, sizeof s->taken);
    s->failure[0] = 0;
    return s->taken;
}

static void to_summary(pd_store *st, const pd_take *t, pd_take_summary *o)
{
    memset(o, 0, sizeof *o);
    o->id = t->id;
    o->when = (time_t)t->recorded_at;
    pd_store_recording_path(st, t, o->path, sizeof o->path);
    o->target_s = isfinite(t->target_s) ? t->target_s : 0;
    o->duration_s = t->duration_s;
    const double *m = t->metric;
    o->pace_syl_s = m[PD_METRIC_SPEECH_RATE];
    o->wpm_est = m[PD_METRIC_WPM];
    o->pauses_per_min = m[PD_METRIC_PAUSES_PER_MIN];
    o->long_pauses = isfinite(m[PD_METRIC_LONG_PAUSES]) ? (int)m[PD_METRIC_LONG_PAUSES] : 0;
    o->filled_per_100w = m[PD_METRIC_FILLED_PER_100W];
    double speech_min = isfinite(m[PD_METRIC_SPEECH_S]) ? m[PD_METRIC_SPEECH_S] / 60.0 : 0;
    double words = isfinite(o->wpm_est) ? o->wpm_est * speech_min : 0;
    o->pauses = isfinite(o->pauses_per_min) ? (int)lround(o->pauses_per_min * speech_min) : 0;
    o->filled_pauses = isfinite(o->filled_per_100w) ? (int)lround(o->filled_per_100w * words / 100) : 0;
    o->loudness_lufs = m[PD_METRIC_LOUDNESS];
    o->f0_sd_st = m[PD_METRIC_F0_SD];
    o->f0_median_hz = m[PD_METRIC_F0_MEDIAN];
    o->starred = t->star;
    snprintf(o->note, sizeof o->note, "%s", t->note);
    snprintf(o->lang, sizeof o->lang, "%s", t->lang[0] ? t->lang : "en");
}

static int st_recent(pd_history *h, pd_take_summary *out, int max)
{
    store_history *s = (store_history *)h;
    pd_take *takes = NULL;
    size_t n = 0;
    if (pd_store_list(s->st, 0, (size_t)max, &takes, &n) != PD_STORE_OK) {
        failed(s);
        return 0;
    }
    for (size_t i = 0; i < n && (int)i < max; i++) to_summary(s->st, &takes[i], &out[i]);
    free(takes);
    return (int)n < max ? (int)n : max;
}

/* The frames a microphone take lost, from the recorder's sidecar (PATH.json,
 * "dropped_frames": N); 0 when there is none (demo takes, files). */
static long sidecar_dropped(const char *path)
{
    char side[760], err[1000], *buf;
    size_t n;
    snprintf(side, sizeof side, "%s.json", path);
    /* the one small-file reader: a FIFO or a device in its place is not waited on */
    if (pd_read_small_file(side, 65536, &buf, &n, err, sizeof err) != 0) return 0;
    const char *k = strstr(buf, "\"dropped_frames\":");
    long v = k ? strtol(k + strlen("\"dropped_frames\":"), NULL, 10) : 0;
    free(buf);
    return v > 0 ? v : 0;
}

static int st_list(pd_history *h, int offset, pd_take_summary *out, int max)
{
    store_history *s = (store_history *)h;
    if (offset < 0 || max <= 0) return offset < 0 ? -1 : 0;
    pd_take *takes = NULL;
    size_t n = 0;
    if (pd_store_list(s->st, (size_t)offset, (size_t)max, &takes, &n) != PD_STORE_OK) {
        failed(s);
        return -1;
    }
    int k = 0;
    for (; (size_t)k < n && k < max; k++) to_summary(s->st, &takes[k], &out[k]);
    free(takes);
    return k;
}

static int st_count(pd_history *h)
{
    size_t n = 0;
    if (pd_store_count(((store_history *)h)->st, &n) != PD_STORE_OK) {
        failed((store_history *)h);
        return -1;
    }
    return n > (size_t)0x7fffffff ? 0x7fffffff : (int)n;
}

static int st_add(pd_history *h, pd_take_summary *t, const pd_report *r)
{
    store_history *s = (store_history *)h;
    if (!r) return 1;
    pd_take_meta meta;
    pd_take_meta_init(&meta);
    meta.recorded_at = (int64_t)t->when;
    snprintf(meta.drill, sizeof meta.drill, "elevator");
    meta.target_s = t->target_s;
    snprintf(meta.lang, sizeof meta.lang, "%s", r->lang);
    meta.dropped_frames = sidecar_dropped(t->path);
    for (int i = 0; i < t->n_marks && i < PD_TAKE_MARKS_MAX && meta.n_answers < PD_STORE_ANSWERS_MAX; i++)
        meta.answers_s[meta.n_answers++] = t->marks[i];
    for (int i = 0; t->lost && i < t->n_lost && meta.n_lost < PD_STORE_LOST_MAX; i++) meta.lost[meta.n_lost++] = t->lost[i];
    int64_t id = 0;
    if (pd_store_add(s->st, &meta, t->path, r, &id) != PD_STORE_OK) return failed(s);
    /* the store keeps its own copy (FLAC): the take file is no longer needed */
    pd_take_file_remove(t->path);
    pd_take row;
    if (pd_store_get(s->st, id, &row) == PD_STORE_OK) to_summary(s->st, &row, t);
    t->id = id;
    return 0;
}

static int st_get(pd_history *h, long long id, pd_take_summary *out)
{
    store_history *s = (store_history *)h;
    pd_take row;
    if (pd_store_get(s->st, id, &row) != PD_STORE_OK) return failed(s);
    to_summary(s->st, &row, out);
    return 0;
}

static int st_lost(pd_history *h, long long id, pd_interval *out, int max, int *n)
{
    store_history *s = (store_history *)h;
    pd_interval *x = NULL;
    size_t nx = 0;
    *n = 0;
    if (pd_store_lost(s->st, id, &x, &nx) != PD_STORE_OK) return failed(s);
    for (size_t i = 0; i < nx && *n < max; i++) out[(*n)++] = x[i];
    free(x);
    return 0;
}

static int st_moments(pd_history *h, long long id, pd_interval *excl, int max_excl, int *n_excl, double *marks,
                      int max_marks, int *n_marks)
{
    store_history *s = (store_history *)h;
    pd_interval *x = NULL;
    double *a = NULL;
    size_t nx = 0, na = 0;
    *n_excl = *n_marks = 0;
    if (pd_store_moments(s->st, id, &x, &nx, &a, &na) != PD_STORE_OK) return failed(s);
    for (size_t i = 0; i < nx && *n_excl < max_excl; i++) excl[(*n_excl)++] = x[i];
    for (size_t i = 0; i < na && *n_marks < max_marks; i++) marks[(*n_marks)++] = a[i];
    free(x);
    free(a);
    return 0;
}

static int st_star(pd_history *h, long long id, int star)
{
    store_history *s = (store_history *)h;
    return pd_store_set_star(s->st, id, star) != PD_STORE_OK ? failed(s) : 0;
}

static int st_note(pd_history *h, long long id, const char *note)
{
    store_history *s = (store_history *)h;
    return pd_store_set_note(s->st, id, note) != PD_STORE_OK ? failed(s) : 0;
}

static int st_remove(pd_history *h, long long id)
{
    store_history *s = (store_history *)h;
    return pd_store_delete(s->st, id) != PD_STORE_OK ? failed(s) : 0;
}

static int st_trend(pd_history *h, int metric, long long *ids, double *values, int max)
{
    store_history *s = (store_history *)h;
    if (metric < 0 || metric >= PD_METRIC_COUNT || max <= 0) return -1;
    pd_trend_point *pts = NULL;
    size_t n = 0;
    if (pd_store_trend(s->st, (pd_metric)metric, &pts, &n) != PD_STORE_OK) {
        failed(s);
        return -1;
    }
    size_t first = n > (size_t)max ? n - (size_t)max : 0;   /* the newest max points */
    int k = 0;
    for (size_t i = first; i < n; i++, k++) {
        ids[k] = pts[i].id;
        values[k] = pts[i].value;
    }
    free(pts);
    return k;
}

static int st_baseline(pd_history *h, int metric, double *value, int *marked)
{
    store_history *s = (store_history *)h;
    *value = NAN;
    *marked = 0;
    if (metric < 0 || metric >= PD_METRIC_COUNT) return 1;
    pd_baseline b;
    if (pd_store_baseline(s->st, 0, &b) != PD_STORE_OK) return failed(s);
    if (b.kind != PD_BASELINE_NONE) *value = b.metric[metric];
    *marked = b.kind == PD_BASELINE_MARKED;
    return 0;
}

static int st_baseline_advice(pd_history *h, long long id, const pd_report *r, const pd_feedback_bounds *bounds,
                              const char *ui_lang, pd_feedback_item *items, int max, int *n_takes)
{
    store_history *s = (store_history *)h;
    *n_takes = -1;
    pd_baseline b;
    pd_store_status rc = id > 0 ? pd_store_baseline_before(s->st, id, &b) : pd_store_baseline(s->st, 0, &b);
    if (rc != PD_STORE_OK) {
        failed(s);
        return -1;
    }
    if (b.kind == PD_BASELINE_NONE) return 0;
    double metric[PD_METRIC_COUNT];
    pd_metrics_from_report(r, metric);
    if (isfinite(metric[PD_METRIC_SPEECH_S]) && metric[PD_METRIC_SPEECH_S] < bounds->min_speech_s) return 0;
    *n_takes = b.kind == PD_BASELINE_MARKED ? 0 : b.n_takes;
    return (int)pd_baseline_feedback(&b, metric, bounds, ui_lang, items, max > 0 ? (size_t)max : 0);
}

static int st_recover(pd_history *h, const char *path, double target_s, const char *lang,
                      const char *ui_lang, long long *id_out)
{
    store_history *s = (store_history *)h;
    pd_take_meta meta;
    pd_take_meta_init(&meta);                 /* recorded_at: the file's time */
    snprintf(meta.drill, sizeof meta.drill, "elevator");
    meta.target_s = target_s > 0 ? target_s : NAN;
    snprintf(meta.lang, sizeof meta.lang, "%s", lang && lang[0] ? lang : "en");
    meta.dropped_frames = sidecar_dropped(path);
    int64_t id = 0;
    if (pd_store_import(s->st, path, &meta, NULL, ui_lang, &id) != PD_STORE_OK) return 1;
    pd_take_file_remove(path);
    if (id_out) *id_out = id;
    return 0;
}

static int st_ladder(pd_history *h, const char *lang, pd_ladder *l, int *created)
{
    return pd_store_ladder(((store_history *)h)->st, lang, l, created) != PD_STORE_OK;
}

static int st_save_ladder(pd_history *h, pd_ladder *l)
{
    return pd_store_save_ladder(((store_history *)h)->st, l) != PD_STORE_OK;
}

static int st_save_exposure(pd_history *h, pd_exposure *e)
{
    return pd_store_save_exposure(((store_history *)h)->st, e) != PD_STORE_OK;
}

static int st_exposures(pd_history *h, pd_exposure *out, int max)
{
    pd_exposure *ex = NULL;
    size_t n = 0;
    if (max < 0 || pd_store_exposures(((store_history *)h)->st, &ex, &n) != PD_STORE_OK) return -1;
    size_t first = n > (size_t)max ? n - (size_t)max : 0;   /* the newest max */
    int k = 0;
    for (size_t i = first; i < n; i++) out[k++] = ex[i];
    free(ex);
    return k;
}

static void st_destroy(pd_history *h)
{
    store_history *s = (store_history *)h;
    pd_store_close(s->st);
    free(s);
}

pd_history *pd_history_store_create(char *err, size_t err_len)
{
    store_history *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, err_len, "out of memory");
        return NULL;
    }
    pd_store_options o;
    pd_store_options_init(&o);
    if (pd_store_open(&o, &s->st, err, err_len) != PD_STORE_OK) {
        free(s);
        return NULL;
    }
    s->base.recent = st_recent;
    s->base.list = st_list;
    s->base.count = st_count;
    s->base.add = st_add;
    s->base.get = st_get;
    s->base.moments = st_moments;
    s->base.lost = st_lost;
    s->base.set_star = st_star;
    s->base.set_note = st_note;
    s->base.remove = st_remove;
    s->base.trend = st_trend;
    s->base.baseline = st_baseline;
    s->base.baseline_advice = st_baseline_advice;
    s->base.recover = st_recover;
    s->base.ladder = st_ladder;
    s->base.save_ladder = st_save_ladder;
    s->base.save_exposure = st_save_exposure;
    s->base.exposures = st_exposures;
    s->base.error = st_error;
    s->base.destroy = st_destroy;
    return &s->base;
}
