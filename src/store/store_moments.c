/* store_moments.c - the moments kept with a take (schema 6, table moment;
 * schema 7, table lost_input):
 * the intervals its analysis left out (the distraction sounds its drill
 * played, issue 9: the report's `excluded`) and the starts of its answers to
 * the audience's questions, and the spans where its recording lost input
 * (lost_input: silence in the take, among the excluded ones too). A kept take
 * re-analysed later (Results opened from the history) is analysed with the
 * same intervals left out, shows the same answer marks as when it was new
 * and names the lost input as such. */
#include <math.h>
#include <stdlib.h>
#include "store_internal.h"

pd_store_status pd_store_insert_moments(pd_store *st, int64_t id, const pd_report *r, const pd_take_meta *m)
{
    size_t n_answers = m ? m->n_answers : 0, n_lost = m ? m->n_lost : 0;
    if (n_answers > PD_STORE_ANSWERS_MAX) n_answers = PD_STORE_ANSWERS_MAX;
    if (n_lost > PD_STORE_LOST_MAX) n_lost = PD_STORE_LOST_MAX;
    if ((!r || r->n_excluded == 0) && n_answers == 0 && n_lost == 0) return PD_STORE_OK;
    sqlite3_stmt *s;
    pd_store_status res = pd_store_prepare(
        st, "INSERT INTO moment (take_id, kind, seq, start_s, end_s) VALUES (?, ?, ?, ?, ?)", &s,
        "saving the take's moments");
    if (res != PD_STORE_OK) return res;
    int seq = 0;
    for (size_t i = 0; r && i < r->n_excluded && res == PD_STORE_OK; i++) {
        const pd_interval *x = &r->excluded[i];
        if (!isfinite(x->start_s) || !isfinite(x->end_s) || x->start_s < 0 || x->end_s < x->start_s) continue;
        sqlite3_reset(s);
        sqlite3_bind_int64(s, 1, id);
        sqlite3_bind_text(s, 2, "excluded", -1, SQLITE_STATIC);
        sqlite3_bind_int(s, 3, seq++);
        sqlite3_bind_double(s, 4, x->start_s);
        sqlite3_bind_double(s, 5, x->end_s);
        if (sqlite3_step(s) != SQLITE_DONE) res = pd_store_db_fail(st, "saving the take's moments");
    }
    seq = 0;
    for (size_t i = 0; i < n_answers && res == PD_STORE_OK; i++) {
        double a = m->answers_s[i];
        if (!isfinite(a) || a < 0) continue;
        sqlite3_reset(s);
        sqlite3_bind_int64(s, 1, id);
        sqlite3_bind_text(s, 2, "answer", -1, SQLITE_STATIC);
        sqlite3_bind_int(s, 3, seq++);
        sqlite3_bind_double(s, 4, a);
        sqlite3_bind_null(s, 5);
        if (sqlite3_step(s) != SQLITE_DONE) res = pd_store_db_fail(st, "saving the take's moments");
    }
    sqlite3_finalize(s);
    if (res != PD_STORE_OK || n_lost == 0) return res;
    res = pd_store_prepare(st, "INSERT INTO lost_input (take_id, seq, start_s, end_s) VALUES (?, ?, ?, ?)", &s,
                           "saving the take's moments");
    if (res != PD_STORE_OK) return res;
    seq = 0;
    for (size_t i = 0; i < n_lost && res == PD_STORE_OK; i++) {
        const pd_interval *x = &m->lost[i];
        if (!isfinite(x->start_s) || !isfinite(x->end_s) || x->start_s < 0 || x->end_s <= x->start_s) continue;
        sqlite3_reset(s);
        sqlite3_bind_int64(s, 1, id);
        sqlite3_bind_int(s, 2, seq++);
        sqlite3_bind_double(s, 3, x->start_s);
        sqlite3_bind_double(s, 4, x->end_s);
        if (sqlite3_step(s) != SQLITE_DONE) res = pd_store_db_fail(st, "saving the take's moments");
    }
    sqlite3_finalize(s);
    return res;
}

/* The rows of sql (take_id bound to ?): (is an answer, start_s, end_s),
 * answers' starts to *answers, intervals to *excluded. */
static pd_store_status read_moments(pd_store *st, const char *sql, int64_t id, pd_interval **excluded,
                                    size_t *n_excluded, double **answers, size_t *n_answers)
{
    *excluded = NULL;
    *answers = NULL;
    *n_excluded = *n_answers = 0;
    sqlite3_stmt *s;
    pd_store_status r = pd_store_prepare(st, sql, &s, "reading the take's moments");
    if (r != PD_STORE_OK) return r;
    sqlite3_bind_int64(s, 1, id);
    pd_interval *x = NULL;
    double *a = NULL;
    size_t nx = 0, cx = 0, na = 0, ca = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int is_answer = sqlite3_column_int(s, 0);
        double start = pd_store_col_num(s, 1), end = pd_store_col_num(s, 2);
        /* SQLite reads a record damaged on its page as NULLs whatever the
         * schema says: such a row is a damaged database, not a moment */
        if (!isfinite(start) || (!is_answer && !(end >= start))) {
            r = pd_store_damaged(st, "a take's moment with no valid time");
            break;
        }
        if (is_answer) {
            if (pd_store_grow(&a, &ca, na, sizeof *a, 4) != 0) {
                r = pd_store_fail(st, PD_STORE_ERR_NOMEM, "out of memory");
                break;
            }
            a[na++] = start;
        } else {
            if (pd_store_grow(&x, &cx, nx, sizeof *x, 8) != 0) {
                r = pd_store_fail(st, PD_STORE_ERR_NOMEM, "out of memory");
                break;
            }
            x[nx].start_s = start;
            x[nx++].end_s = end;
        }
    }
    if (r == PD_STORE_OK && rc != SQLITE_DONE) r = pd_store_db_fail(st, "reading the take's moments");
    sqlite3_finalize(s);
    if (r != PD_STORE_OK) {
        free(x);
        free(a);
        return r;
    }
    *excluded = x;
    *n_excluded = nx;
    *answers = a;
    *n_answers = na;
    return PD_STORE_OK;
}

pd_store_status pd_store_lost(pd_store *st, int64_t id, pd_interval **lost, size_t *n_lost)
{
    if (!st || !lost || !n_lost) return PD_STORE_ERR_INVALID;
    double *none = NULL;
    size_t n_none = 0;
    pd_store_status r = read_moments(st, "SELECT 0, start_s, end_s FROM lost_input WHERE take_id = ? ORDER BY start_s, seq",
                                     id, lost, n_lost, &none, &n_none);
    free(none);
    return r;
}

pd_store_status pd_store_moments(pd_store *st, int64_t id, pd_interval **excluded, size_t *n_excluded,
                                 double **answers, size_t *n_answers)
{
    if (!st || !excluded || !n_excluded || !answers || !n_answers) return PD_STORE_ERR_INVALID;
    return read_moments(st,
                        "SELECT kind = 'answer', start_s, end_s FROM moment WHERE take_id = ? "
                        "ORDER BY kind, start_s, seq",
                        id, excluded, n_excluded, answers, n_answers);
}
