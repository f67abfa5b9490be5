/* history.c - the takes of this session, in memory (until the SQLite history
 * store of issue 4 implements pd_history). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "podium/analysis.h"
#include "podium/distract.h"
#include "podium/exposure.h"
#include "ui_history.h"

#define MEM_MAX 64
typedef struct mem_history {
    pd_history base;
    pd_take_summary t[MEM_MAX];    /* oldest first; the oldest drops out when full */
    pd_interval excl[MEM_MAX][PD_DISTRACT_MAX_EVENTS]; /* ...beside each, what its analysis left out */
    int n_excl[MEM_MAX];
    pd_interval lost[MEM_MAX][PD_TAKE_LOST_MAX]; /* ...and where its recording lost input */
    int n_lost[MEM_MAX];
    int n;
    long long next_id;
    pd_ladder ladder;              /* the programme, for this session only */
    int have_ladder;
    pd_exposure x[MEM_MAX];        /* oldest first; the oldest drops out when full */
    int nx;
    long long next_step_id, next_x_id;
} mem_history;

static int mem_recent(pd_history *h, pd_take_summary *out, int max)
{
    mem_history *m = (mem_history *)h;
    int k = 0;
    for (int i = m->n - 1; i >= 0 && k < max; i--) out[k++] = m->t[i];
    return k;
}

static int mem_list(pd_history *h, int offset, pd_take_summary *out, int max)
{
    mem_history *m = (mem_history *)h;
    int k = 0;
    if (offset < 0) return -1;
    for (int i = m->n - 1 - offset; i >= 0 && k < max; i--) out[k++] = m->t[i];
    return k;
}

static int mem_count(pd_history *h)
{
    return ((mem_history *)h)->n;
}

static int mem_add(pd_history *h, pd_take_summary *t, const struct pd_report *report)
{
    mem_history *m = (mem_history *)h;
    if (m->n == MEM_MAX) {
        memmove(m->t, m->t + 1, (MEM_MAX - 1) * sizeof m->t[0]);
        memmove(m->excl, m->excl + 1, (MEM_MAX - 1) * sizeof m->excl[0]);
        memmove(m->n_excl, m->n_excl + 1, (MEM_MAX - 1) * sizeof m->n_excl[0]);
        memmove(m->lost, m->lost + 1, (MEM_MAX - 1) * sizeof m->lost[0]);
        memmove(m->n_lost, m->n_lost + 1, (MEM_MAX - 1) * sizeof m->n_lost[0]);
        m->n--;
    }
    t->id = ++m->next_id;
    int k = 0;
    for (size_t i = 0; report && i < report->n_excluded && k < PD_DISTRACT_MAX_EVENTS; i++)
        m->excl[m->n][k++] = report->excluded[i];
    m->n_excl[m->n] = k;
    int nl = 0;
    for (int i = 0; t->lost && i < t->n_lost && nl < PD_TAKE_LOST_MAX; i++) m->lost[m->n][nl++] = t->lost[i];
    m->n_lost[m->n] = nl;
    m->t[m->n] = *t;
    m->t[m->n].lost = NULL;   /* the caller's array: not kept */
    m->t[m->n++].n_lost = 0;
    return 0;
}

static int mem_moments(pd_history *h, long long id, pd_interval *excl, int max_excl, int *n_excl, double *marks,
                       int max_marks, int *n_marks)
{
    mem_history *m = (mem_history *)h;
    *n_excl = *n_marks = 0;
    for (int i = 0; i < m->n; i++) {
        if (m->t[i].id != id) continue;
        for (int k = 0; k < m->n_excl[i] && *n_excl < max_excl; k++) excl[(*n_excl)++] = m->excl[i][k];
        for (int k = 0; k < m->t[i].n_marks && *n_marks < max_marks; k++) marks[(*n_marks)++] = m->t[i].marks[k];
        return 0;
    }
    return 1;
}

static int mem_lost(pd_history *h, long long id, pd_interval *out, int max, int *n)
{
    mem_history *m = (mem_history *)h;
    *n = 0;
    for (int i = 0; i < m->n; i++) {
        if (m->t[i].id != id) continue;
        for (int k = 0; k < m->n_lost[i] && *n < max; k++) out[(*n)++] = m->lost[i][k];
        return 0;
    }
    return 1;
}

static pd_take_summary *find(mem_history *m, long long id)
{
    for (int i = 0; i < m->n; i++)
        if (m->t[i].id == id) return &m->t[i];
    return NULL;
}

static int mem_get(pd_history *h, long long id, pd_take_summary *out)
{
    pd_take_summary *t = find((mem_history *)h, id);
    if (!t) return 1;
    *out = *t;
    return 0;
}

static int mem_set_star(pd_history *h, long long id, int star)
{
    pd_take_summary *t = find((mem_history *)h, id);
    if (!t) return 1;
    t->starred = star != 0;
    return 0;
}

static int mem_set_note(pd_history *h, long long id, const char *note)
{
    pd_take_summary *t = find((mem_history *)h, id);
    if (!t) return 1;
    snprintf(t->note, sizeof t->note, "%s", note ? note : "");
    return 0;
}

static int mem_remove(pd_history *h, long long id)
{
    mem_history *m = (mem_history *)h;
    pd_take_summary *t = find(m, id);
    if (!t) return 1;
    if (t->path[0]) pd_take_file_remove(t->path);
    int i = (int)(t - m->t);
    memmove(m->t + i, m->t + i + 1, (size_t)(m->n - i - 1) * sizeof m->t[0]);
    memmove(m->excl + i, m->excl + i + 1, (size_t)(m->n - i - 1) * sizeof m->excl[0]);
    memmove(m->n_excl + i, m->n_excl + i + 1, (size_t)(m->n - i - 1) * sizeof m->n_excl[0]);
    memmove(m->lost + i, m->lost + i + 1, (size_t)(m->n - i - 1) * sizeof m->lost[0]);
    memmove(m->n_lost + i, m->n_lost + i + 1, (size_t)(m->n - i - 1) * sizeof m->n_lost[0]);
    m->n--;
    return 0;
}

static int mem_ladder(pd_history *h, const char *lang, pd_ladder *l, int *created)
{
    mem_history *m = (mem_history *)h;
    if (created) *created = !m->have_ladder;
    if (!m->have_ladder) {
        pd_ladder_default(&m->ladder, lang);
        for (int i = 0; i < m->ladder.n; i++) m->ladder.step[i].id = ++m->next_step_id;
        m->have_ladder = 1;
    }
    *l = m->ladder;
    return 0;
}

static int mem_save_ladder(pd_history *h, pd_ladder *l)
{
    mem_history *m = (mem_history *)h;
    char err[200];
    for (int i = 0; i < l->n; i++)
        if (pd_step_check(&l->step[i], err, sizeof err) != 0) return 1;
    for (int i = 0; i < l->n; i++)
        if (l->step[i].id == 0) l->step[i].id = ++m->next_step_id;
    for (int k = 0; k < m->nx; k++)   /* a removed step's exposures keep its title */
        if (m->x[k].step_id && pd_ladder_find(l, m->x[k].step_id) < 0) m->x[k].step_id = 0;
    m->ladder = *l;
    m->have_ladder = 1;
    return 0;
}

static int mem_save_exposure(pd_history *h, pd_exposure *e)
{
    mem_history *m = (mem_history *)h;
    char err[200];
    if (pd_exposure_check(e, err, sizeof err) != 0) return 1;
    for (int k = 0; k < m->nx; k++)
        if (e->id && m->x[k].id == e->id) {
            m->x[k] = *e;
            return 0;
        }
    if (e->id) return 1;
    if (m->nx == MEM_MAX) {
        memmove(m->x, m->x + 1, (MEM_MAX - 1) * sizeof m->x[0]);
        m->nx--;
    }
    e->id = ++m->next_x_id;
    m->x[m->nx++] = *e;
    return 0;
}

static int mem_exposures(pd_history *h, pd_exposure *out, int max)
{
    mem_history *m = (mem_history *)h;
    int k = 0;
    for (int i = 0; i < m->nx && k < max; i++) out[k++] = m->x[i];
    return k;
}

static void mem_destroy(pd_history *h)
{
    free(h);
}

pd_history *pd_history_memory_create(void)
{
    mem_history *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    m->base.recent = mem_recent;
    m->base.list = mem_list;
    m->base.count = mem_count;
    m->base.add = mem_add;
    m->base.get = mem_get;
    m->base.moments = mem_moments;
    m->base.lost = mem_lost;
    m->base.set_star = mem_set_star;
    m->base.set_note = mem_set_note;
    m->base.remove = mem_remove;
    m->base.ladder = mem_ladder;
    m->base.save_ladder = mem_save_ladder;
    m->base.save_exposure = mem_save_exposure;
    m->base.exposures = mem_exposures;
    m->base.destroy = mem_destroy;
    return &m->base;
}
