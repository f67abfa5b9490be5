/* fuzz_import.c - an import (`podium import FILE`): any bytes as the file,
 * pd_store_import into a real store (made once), then the take read back
 * and deleted, so the store stays small. A refused file has a message and
 * adds no take; an imported one is listed, has its report, and its delete
 * leaves the count as it was. */
#include "fuzz_util.h"
#include "podium/store.h"

static pd_store *g_st;

static void close_store(void)
{
    pd_store_close(g_st);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!g_st) {
        char dir[200], err[900];
        snprintf(dir, sizeof dir, "%s/store", fuzz_dir());
        pd_store_options o;
        pd_store_options_init(&o);
        o.data_dir = dir;
        if (pd_store_open(&o, &g_st, err, sizeof err) != PD_STORE_OK) {
            fprintf(stderr, "cannot open a store in %s: %s\n", dir, err);
            abort();
        }
        atexit(close_store); /* registered after fuzz_dir's removal: runs first */
    }
    char path[200];
    snprintf(path, sizeof path, "%s/in \xff name.wav", fuzz_dir());
    fuzz_write(path, data, size);
    size_t before = 0, after = 0;
    FUZZ_CHECK(pd_store_count(g_st, &before) == PD_STORE_OK, "count");
    pd_take_meta m;
    pd_take_meta_init(&m);
    m.recorded_at = 1700000000;
    int64_t id = 0;
    pd_store_status r = pd_store_import(g_st, path, &m, NULL, "en", &id);
    FUZZ_CHECK(pd_store_count(g_st, &after) == PD_STORE_OK, "count");
    if (r != PD_STORE_OK) {
        FUZZ_CHECK(pd_store_errmsg(g_st)[0], "a refused import has a message (%s)", pd_store_status_str(r));
        FUZZ_CHECK(after == before, "a refused import adds no take (%zu -> %zu)", before, after);
        return 0;
    }
    FUZZ_CHECK(after == before + 1, "one take more (%zu -> %zu)", before, after);
    pd_take t;
    FUZZ_CHECK(pd_store_get(g_st, id, &t) == PD_STORE_OK, "get: %s", pd_store_errmsg(g_st));
    pd_sb sb;
    pd_sb_init(&sb);
    FUZZ_CHECK(pd_store_take_json(g_st, &t, 1, &sb) == PD_STORE_OK, "take_json");
    FUZZ_CHECK(fuzz_json_bytes_ok(sb.data, sb.len) && pd_json_valid(sb.data), "valid JSON:\n%s", sb.data);
    pd_sb_free(&sb);
    FUZZ_CHECK(pd_store_delete(g_st, id) == PD_STORE_OK, "delete: %s", pd_store_errmsg(g_st));
    FUZZ_CHECK(pd_store_count(g_st, &after) == PD_STORE_OK && after == before, "deleted");
    return 0;
}
