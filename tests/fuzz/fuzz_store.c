/* fuzz_store.c - the history store opening a database of any bytes and
 * every read on it (as `podium history`, show, compare, trend, export, the
 * app's history and programme screens), then a few writes. Each read
 * returns OK, or a failure with a message; DAMAGED says what to do (or
 * that a newer Podium may have written a value it does not know); the
 * JSON written is valid (pd_json_valid, and UTF-8 with controls escaped).
 * The seed is a small real store (tests/fuzz/corpus/fuzz_store/: two
 * takes, a rating, a note, a baseline, the ladder). */
#include "fuzz_util.h"
#include "podium/store.h"

static char g_dir[160], g_out[160];

static void expect(pd_store *st, pd_store_status r, const char *what)
{
    const char *m = pd_store_errmsg(st);
    /* READONLY too: a damaged header can make SQLite open the file read-only
     * (a write-version byte over 2), and a write is then refused with the
     * read-only message (the input in corpus/fuzz_store/crash-readonly-header) */
    FUZZ_CHECK(r == PD_STORE_OK || r == PD_STORE_ERR_DAMAGED || r == PD_STORE_ERR_DB ||
                   r == PD_STORE_ERR_NOT_FOUND || r == PD_STORE_ERR_IO || r == PD_STORE_ERR_READONLY,
               "%s: %s (%s)", what, pd_store_status_str(r), m);
    if (r != PD_STORE_OK) FUZZ_CHECK(m && m[0], "%s: %s without a message", what, pd_store_status_str(r));
    if (r == PD_STORE_ERR_DAMAGED)
        FUZZ_CHECK((strstr(m, "damaged") && (strstr(m, "--reset-db") || strstr(m, "podium delete"))) ||
                       strstr(m, "newer Podium"),
                   "%s: %s", what, m);
}

static void json_ok(const pd_sb *sb, const char *what)
{
    if (sb->data)
        FUZZ_CHECK(fuzz_json_bytes_ok(sb->data, sb->len) && pd_json_valid(sb->data),
                   "%s: not valid JSON:\n%s", what, sb->data);
}

static void read_take(pd_store *st, const pd_take *t)
{
    pd_sb sb;
    pd_sb_init(&sb);
    expect(st, pd_store_report_json(st, t->id, &sb), "report_json");
    pd_sb_free(&sb);
    pd_sb_init(&sb);
    pd_store_status r = pd_store_take_json(st, t, 1, &sb);
    expect(st, r, "take_json");
    if (r == PD_STORE_OK) json_ok(&sb, "take_json");
    pd_store_take_csv(t, &sb);
    pd_sb_free(&sb);
    char path[4200];
    pd_store_recording_path(st, t, path, sizeof path);
    FUZZ_CHECK(!path[0] || strncmp(path, g_dir, strlen(g_dir)) == 0, "a recording outside the store: %s",
               path);
    pd_feedback_item *f = NULL;
    size_t n = 0;
    expect(st, pd_store_feedback(st, t->id, &f, &n), "feedback");
    free(f);
    pd_distress *d = NULL;
    expect(st, pd_store_distress(st, t->id, &d, &n), "distress");
    free(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!g_dir[0]) {
        snprintf(g_dir, sizeof g_dir, "%s/store", fuzz_dir());
        snprintf(g_out, sizeof g_out, "%s/export", fuzz_dir());
    }
    char cmd[400], db[200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s' && mkdir -p '%s'", g_dir, g_out, g_dir);
    if (system(cmd) != 0) abort();
    snprintf(db, sizeof db, "%s/podium.db", g_dir);
    fuzz_write(db, data, size);

    pd_store_options o;
    pd_store_options_init(&o);
    o.data_dir = g_dir;
    o.busy_timeout_ms = 100;
    pd_store *st = NULL;
    char err[900] = "";
    pd_store_status r = pd_store_open(&o, &st, err, sizeof err);
    if (r != PD_STORE_OK) {
        /* READONLY too: a header SQLite opens read-only (see expect) on an
         * older schema: the upgrade is refused with the read-only message */
        FUZZ_CHECK(r == PD_STORE_ERR_DAMAGED || r == PD_STORE_ERR_DB || r == PD_STORE_ERR_IO ||
                       r == PD_STORE_ERR_NEWER || r == PD_STORE_ERR_READONLY,
                   "open: %s (%s)", pd_store_status_str(r), err);
        if (r == PD_STORE_ERR_NEWER) FUZZ_CHECK(strstr(err, "update Podium"), "newer: what to do: %s", err);
        FUZZ_CHECK(err[0], "open failed without a message");
        return 0;
    }
    size_t n = 0;
    expect(st, pd_store_count(st, &n), "count");
    pd_take *list = NULL;
    r = pd_store_list(st, 0, 20, &list, &n);
    expect(st, r, "list");
    if (r == PD_STORE_OK) {
        for (size_t i = 0; i < n; i++) read_take(st, &list[i]);
        free(list);
    }
    for (int64_t id = 1; id <= 3; id++) {
        pd_take t;
        r = pd_store_get(st, id, &t);
        expect(st, r, "get");
        if (r == PD_STORE_OK) read_take(st, &t);
    }
    pd_baseline b;
    expect(st, pd_store_baseline(st, 0, &b), "baseline");
    pd_compare_row rows[PD_METRIC_COUNT];
    expect(st, pd_store_compare(st, 1, 2, NULL, rows), "compare");
    for (int m = 0; m < PD_METRIC_COUNT; m += 5) {
        pd_trend_point *p = NULL;
        r = pd_store_trend(st, (pd_metric)m, &p, &n);
        expect(st, r, "trend");
        if (r == PD_STORE_OK) free(p);
    }
    static pd_ladder l;
    int exists = 0;
    expect(st, pd_store_read_ladder(st, &l, &exists), "read_ladder");
    pd_exposure *ex = NULL;
    r = pd_store_exposures(st, &ex, &n);
    expect(st, r, "exposures");
    if (r == PD_STORE_OK) {
        pd_sb sb;
        pd_sb_init(&sb);
        pd_store_exposures_json(ex, n, exists ? &l : NULL, &sb);
        json_ok(&sb, "exposures_json");
        pd_store_exposures_csv(ex, n, exists ? &l : NULL, &sb);
        pd_sb_free(&sb);
        free(ex);
    }
    char **orph = NULL;
    r = pd_store_orphans(st, &orph, &n);
    expect(st, r, "orphans");
    if (r == PD_STORE_OK) pd_store_free_strings(orph, n);
    expect(st, pd_store_check(st), "check");
    expect(st, pd_store_export(st, g_out, &n), "export");
    expect(st, pd_store_set_star(st, 1, 1), "star");
    expect(st, pd_store_set_note(st, 2, "after the damage"), "note");
    expect(st, pd_store_add_distress(st, 1, "later", 10), "rate");
    expect(st, pd_store_ladder(st, "it", &l, NULL), "ladder");
    expect(st, pd_store_delete(st, 2), "delete");
    pd_store_close(st);
    return 0;
}
