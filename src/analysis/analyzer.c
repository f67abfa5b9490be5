/* analyzer.c - the full analysis of a take: the streaming front end
 * (frontend.c: per-frame intensity, pitch candidates, formants, sub-band
 * energies), libebur128 on every channel (integrated loudness, loudness
 * range, momentary loudness every 100 ms, from its 100 ms windows where the
 * rate allows: see momentary_lufs), and at the end the whole-take
 * stages: pitch path, segmentation, syllable nuclei, filled pauses,
 * statistics. Only per-frame contours are kept, never the samples.
 * Excluded intervals (a distraction Podium played) mask the frames they
 * reach before the whole-take stages: the rule and its reasons are in
 * analysis.h ("Excluded intervals"). */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <ebur128.h>
#include "podium/analysis.h"
#include "frontend.h"

#define LOUD_STEP_S 0.1

struct pd_analyzer {
    pd_analysis_config cfg;
    int rate, channels;
    ebur128_state *ebu;
    pd_frontend *fe;
    int finished, failed;
    float *loud10;           /* momentary loudness every LOUD_STEP_S */
    size_t n_loud10, cap_loud10;
    long long next_loud_at;
    int by_window;           /* momentary loudness from 100 ms windows (below) */
    double e100[4];          /* energies of the last four 100 ms windows */
    pd_interval *excl;       /* the config's excluded intervals: sorted, merged */
    size_t n_excl;
    size_t next_excl;        /* the first of them not yet behind the stream */
    pd_interval *lost;       /* the config's lost input: sorted, merged (also in excl) */
    size_t n_lost;
};

/* Where the stream stands against the excluded intervals: 1 when input
 * frame `pos` lies in one; *until: the frame where that changes (LLONG_MAX:
 * never). Intervals are in samples as llround(t * rate). */
static int excluded_at(pd_analyzer *a, long long pos, long long *until)
{
    while (a->next_excl < a->n_excl && llround(a->excl[a->next_excl].end_s * a->rate) <= pos)
        a->next_excl++;
    if (a->next_excl == a->n_excl) { *until = LLONG_MAX; return 0; }
    long long s = llround(a->excl[a->next_excl].start_s * a->rate);
    long long e = llround(a->excl[a->next_excl].end_s * a->rate);
    if (pos < s) { *until = s; return 0; }
    *until = e;
    return 1;
}

/* The momentary loudness (400 ms) every 100 ms. ebur128_loudness_momentary
 * sums the squares of the whole 400 ms each time, so every sample would be
 * squared four times for it; when 100 ms is a whole number of frames (rates
 * that are multiples of 10 Hz, as libebur128's own 100 ms blocks then are),
 * the same figure is the mean of the four last 100 ms energies, each asked of
 * libebur128 once (ebur128_loudness_window, the same K-weighted, channel-
 * weighted mean square). Windows before the start count as silence, as
 * libebur128's zeroed buffer does for the first 300 ms. */
static double momentary_lufs(pd_analyzer *a)
{
    double lm;
    if (!a->by_window) {
        if (ebur128_loudness_momentary(a->ebu, &lm) != EBUR128_SUCCESS) lm = -HUGE_VAL;
        return lm;
    }
    double l100;
    if (ebur128_loudness_window(a->ebu, 100, &l100) != EBUR128_SUCCESS) l100 = -HUGE_VAL;
    /* libebur128's loudness is 10 log10(energy) - 0.691 */
    a->e100[a->n_loud10 & 3] = isfinite(l100) ? pow(10.0, (l100 + 0.691) / 10.0) : 0.0;
    double e = (a->e100[0] + a->e100[1] + a->e100[2] + a->e100[3]) / 4.0;
    return e > 0.0 ? 10.0 * log10(e) - 0.691 : -HUGE_VAL;
}

double pd_syllables_per_word(const char *lang)
{
    if (!lang) return 0.0;
    /* English: 598 syllables / 437 words on the developer corpus, 1.4-1.5
     * in the literature; Italian 2.0-2.2 (shared/REFERENCE.md). */
    if (strcmp(lang, "en") == 0) return 1.40;
    if (strcmp(lang, "it") == 0) return 2.10;
    return 0.0;
}

void pd_analysis_config_init(pd_analysis_config *cfg, const char *lang)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->f0_min_hz = 50.0;
    cfg->f0_max_hz = 500.0;
    cfg->min_pause_s = 0.25;
    cfg->min_sounding_s = 0.10;
    cfg->long_pause_s = 2.0;
    cfg->silence_below_db = 25.0;
    const char *l = (lang && pd_syllables_per_word(lang) > 0.0) ? lang : "en";
    strncpy(cfg->lang, l, sizeof cfg->lang - 1);
    cfg->syllables_per_word = pd_syllables_per_word(l);
}

static int cmp_interval(const void *x, const void *y)
{
    const pd_interval *p = x, *q = y;
    return (p->start_s > q->start_s) - (p->start_s < q->start_s);
}

/* Checks iv[0..n-1] (0 <= start < end, finite) and returns them sorted by
 * start with overlapping or touching ones merged. */
static pd_status copy_excluded(const pd_interval *iv, size_t n, pd_interval **out, size_t *n_out)
{
    if (!iv || n > ((size_t)-1) / sizeof *iv) return PD_ERR_INVALID_ARG;
    for (size_t i = 0; i < n; i++)
        if (!isfinite(iv[i].start_s) || !isfinite(iv[i].end_s) || iv[i].start_s < 0.0 ||
            !(iv[i].start_s < iv[i].end_s))
            return PD_ERR_INVALID_ARG;
    pd_interval *c = malloc(n * sizeof *c);
    if (!c) return PD_ERR_NOMEM;
    memcpy(c, iv, n * sizeof *c);
    qsort(c, n, sizeof *c, cmp_interval);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (m > 0 && c[i].start_s <= c[m - 1].end_s) c[m - 1].end_s = fmax(c[m - 1].end_s, c[i].end_s);
        else c[m++] = c[i];
    }
    *out = c;
    *n_out = m;
    return PD_OK;
}

pd_status pd_analyzer_create(const pd_analysis_config *cfg, int rate_hz,
                             int channels, pd_analyzer **out)
{
    if (!out || channels < 1 || channels > 64) return PD_ERR_INVALID_ARG;
    if (rate_hz < PD_MIN_RATE_HZ || rate_hz > PD_MAX_RATE_HZ) return PD_ERR_UNSUPPORTED_RATE;
    pd_analyzer *a = calloc(1, sizeof *a);
    if (!a) return PD_ERR_NOMEM;
    if (cfg) a->cfg = *cfg;
    else pd_analysis_config_init(&a->cfg, "en");
    /* the config points at the caller's intervals: keep a sorted, merged copy */
    a->cfg.exclude = NULL;
    a->cfg.n_exclude = 0;
    a->cfg.lost = NULL;
    a->cfg.n_lost = 0;
    size_t n_ex = cfg ? cfg->n_exclude : 0, n_lo = cfg ? cfg->n_lost : 0;
    if (n_lo && !cfg->lost) {
        free(a);
        return PD_ERR_INVALID_ARG;
    }
    pd_status lst = n_lo ? copy_excluded(cfg->lost, n_lo, &a->lost, &a->n_lost) : PD_OK;
    if (lst != PD_OK) {
        free(a);
        return lst;
    }
    if (n_ex + n_lo) {
        /* lost input is masked as the excluded intervals are: one list */
        pd_interval *all = n_ex + n_lo <= ((size_t)-1) / sizeof *all ? malloc((n_ex + n_lo) * sizeof *all) : NULL;
        if (all && n_ex) {
            if (!cfg->exclude) {
                free(all);
                free(a->lost);
                free(a);
                return PD_ERR_INVALID_ARG;
            }
            memcpy(all, cfg->exclude, n_ex * sizeof *all);
        }
        if (all && n_lo) memcpy(all + n_ex, a->lost, a->n_lost * sizeof *all);
        pd_status est = all ? copy_excluded(all, n_ex + a->n_lost, &a->excl, &a->n_excl) : PD_ERR_NOMEM;
        free(all);
        if (est != PD_OK) {
            free(a->lost);
            free(a);
            return est;
        }
    }
    a->rate = rate_hz;
    a->channels = channels;
    a->ebu = ebur128_init((unsigned)channels, (unsigned long)rate_hz,
                          EBUR128_MODE_I | EBUR128_MODE_LRA | EBUR128_MODE_M);
    a->fe = pd_frontend_create(rate_hz, channels, a->cfg.f0_min_hz, a->cfg.f0_max_hz);
    if (!a->ebu || !a->fe) {
        pd_analyzer_destroy(a);
        return PD_ERR_NOMEM;
    }
    a->next_loud_at = llround(LOUD_STEP_S * rate_hz);
    a->by_window = rate_hz % 10 == 0;
    *out = a;
    return PD_OK;
}

void pd_analyzer_destroy(pd_analyzer *a)
{
    if (!a) return;
    if (a->ebu) ebur128_destroy(&a->ebu);
    pd_frontend_destroy(a->fe);
    free(a->loud10);
    free(a->excl);
    free(a->lost);
    free(a);
}

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap) return 1;
    size_t nc = *cap ? *cap : 1024;
    while (nc < need) nc *= 2;
    void *np = realloc(*p, nc * elem);
    if (!np) return 0;
    *p = np;
    *cap = nc;
    return 1;
}

pd_status pd_analyzer_reserve(pd_analyzer *a, long long total_frames)
{
    if (!a || total_frames < 0) return PD_ERR_INVALID_ARG;
    return pd_frontend_reserve(a->fe, pd_frontend_frame_count(a->fe, total_frames)) ? PD_OK : PD_ERR_NOMEM;
}

/* No NaN or infinity among x[0..n-1]: a float is one when its exponent bits
 * are all set; four samples at a time, one test per 64. */
static int all_finite(const float *x, size_t n)
{
    typedef unsigned pd_v4u __attribute__((vector_size(16)));
    const pd_v4u expo = { 0x7f800000u, 0x7f800000u, 0x7f800000u, 0x7f800000u };
    size_t i = 0;
    while (i + 64 <= n) {
        pd_v4u bad = { 0 };
        for (size_t j = i; j < i + 64; j += 4) {
            pd_v4u u;
            memcpy(&u, x + j, sizeof u);
            bad |= (pd_v4u)((u & expo) == expo);
        }
        if (bad[0] | bad[1] | bad[2] | bad[3]) return 0;
        i += 64;
    }
    for (; i < n; i++)
        if (!isfinite(x[i])) return 0;
    return 1;
}

pd_status pd_analyzer_feed(pd_analyzer *a, const float *interleaved, size_t frames)
{
    if (!a || (!interleaved && frames)) return PD_ERR_INVALID_ARG;
    if (a->finished || a->failed) return PD_ERR_STATE;
    if (!all_finite(interleaved, frames * (size_t)a->channels)) { a->failed = 1; return PD_ERR_BAD_SAMPLES; }
    size_t done = 0;
    while (done < frames) {
        /* split at the next momentary-loudness query */
        long long until = a->next_loud_at - a->fe->frames_in;
        size_t chunk = frames - done;
        if (until > 0 && (size_t)until < chunk) chunk = (size_t)until;
        /* and at the edges of excluded intervals: their samples reach the
         * front end (the contours go on) but neither libebur128 nor the peak
         * and clipping counts, which describe the speaker (analysis.h) */
        int excluded = 0;
        if (a->n_excl) {
            long long edge;
            excluded = excluded_at(a, a->fe->frames_in, &edge);
            if (edge != LLONG_MAX && edge - a->fe->frames_in < (long long)chunk)
                chunk = (size_t)(edge - a->fe->frames_in);
        }
        const float *p = interleaved + done * (size_t)a->channels;
        if (!excluded && ebur128_add_frames_float(a->ebu, p, chunk) != EBUR128_SUCCESS) {
            a->failed = 1;
            return PD_ERR_LIBRARY;
        }
        const double peak = a->fe->peak;
        const long clipped = a->fe->clipped;
        if (!pd_frontend_feed(a->fe, p, chunk)) { a->failed = 1; return PD_ERR_NOMEM; }
        if (excluded) {
            a->fe->peak = peak;
            a->fe->clipped = clipped;
        }
        done += chunk;
        if (a->fe->frames_in >= a->next_loud_at) {
            double lm = momentary_lufs(a);
            if (!grow((void **)&a->loud10, &a->cap_loud10, a->n_loud10 + 1, sizeof(float))) {
                a->failed = 1;
                return PD_ERR_NOMEM;
            }
            a->loud10[a->n_loud10++] = (float)(isfinite(lm) ? lm : -120.0);
            a->next_loud_at = llround((double)(a->n_loud10 + 1) * LOUD_STEP_S * a->rate);
        }
    }
    return PD_OK;
}

pd_status pd_analyse_buffer(const pd_analysis_config *cfg, const float *interleaved,
                            size_t frames, int rate_hz, int channels, pd_report **out)
{
    pd_analyzer *a = NULL;
    pd_status st = pd_analyzer_create(cfg, rate_hz, channels, &a);
    if (st != PD_OK) return st;
    st = pd_analyzer_feed(a, interleaved, frames);
    if (st == PD_OK) st = pd_analyzer_finish(a, out);
    pd_analyzer_destroy(a);
    return st;
}

void pd_report_destroy(pd_report *r)
{
    if (!r) return;
    free(r->pauses);
    free(r->filled_pauses);
    free(r->segments);
    free(r->nuclei_s);
    free(r->excluded);
    free(r->feedback);
    free(r->tracks.level_db);
    free(r->tracks.loud_m_lufs);
    free(r->tracks.f0_hz);
    free(r->tracks.periodicity);
    free(r->tracks.formant_hz);
    free(r->tracks.sub_db);
    free(r->tracks.speech);
    free(r);
}

/* ---- whole-take stages --------------------------------------------------- */

static double st_re100(double hz) { return 12.0 * log2(hz / 100.0); }

/* mask: the frames excluded intervals reach (NULL: none), left out */
static void pitch_stats(pd_report *r, const unsigned char *mask)
{
    const pd_tracks *t = &r->tracks;
    r->f0_median_hz = r->f0_mean_hz = r->f0_sd_st = r->f0_range_st = NAN;
    r->f0_voiced_fraction = 0.0;
    size_t nv = 0, ns = 0;
    for (size_t k = 0; k < t->n; k++) {
        if (!t->speech[k] || (mask && mask[k])) continue;
        ns++;
        if (t->f0_hz[k] > 0) nv++;
    }
    if (ns) r->f0_voiced_fraction = (double)nv / ns;
    if (nv < 3) return;
    double *hz = malloc(nv * sizeof *hz), *st = malloc(nv * sizeof *st);
    if (!hz || !st) { free(hz); free(st); return; }
    size_t i = 0;
    double sum = 0.0, sst = 0.0;
    for (size_t k = 0; k < t->n; k++) {
        if (!t->speech[k] || t->f0_hz[k] <= 0 || (mask && mask[k])) continue;
        hz[i] = t->f0_hz[k];
        st[i] = st_re100(hz[i]);
        sum += hz[i];
        sst += st[i];
        i++;
    }
    r->f0_mean_hz = sum / nv;
    double mst = sst / nv, var = 0.0;
    for (i = 0; i < nv; i++) var += (st[i] - mst) * (st[i] - mst);
    r->f0_sd_st = sqrt(var / (nv - 1));
    r->f0_median_hz = pd_quantile_d(hz, nv, 0.5);
    r->f0_range_st = pd_quantile_d(st, nv, 0.95) - pd_quantile_d(st, nv, 0.05);
    free(hz);
    free(st);
}

static int in_any(const pd_interval *iv, size_t n, double t)
{
    for (size_t i = 0; i < n; i++)
        if (t >= iv[i].start_s && t <= iv[i].end_s) return 1;
    return 0;
}

/* ---- excluded intervals (the rule: analysis.h) ---------------------------- */

/* The frames whose analysis window (centre +/- reach_s) overlaps an
 * excluded interval (sorted, merged); NULL on no memory. */
static unsigned char *exclusion_mask(const pd_interval *ex, size_t n_ex, size_t n, double reach_s)
{
    unsigned char *mask = calloc(n ? n : 1, 1);
    if (!mask) return NULL;
    for (size_t i = 0; i < n_ex; i++) {
        double lo = (ex[i].start_s - reach_s) / PD_HOP_S, hi = (ex[i].end_s + reach_s) / PD_HOP_S;
        /* k * hop - reach < end and k * hop + reach > start */
        for (size_t k = lo < 0.0 ? 0 : (size_t)floor(lo); k < n && (double)k < hi; k++)
            if ((double)k > lo) mask[k] = 1;
    }
    return mask;
}

/* The masked frames of v (n frames of `width` values) take, value by value,
 * the quieter of the two nearest unmasked frames: a held value moves no
 * percentile of the take and makes no peak. Beyond the take's edges is
 * silence (a take starts and ends in silence, and a span there takes the
 * side of its one neighbour only if that is silence too, as in analysis.h):
 * there the quietest unmasked value counts as the missing neighbour
 * (-120 dB when every frame is masked). */
static void hold_quieter(float *v, size_t width, size_t n, const unsigned char *mask)
{
    for (size_t w = 0; w < width; w++) {
        float quietest = -120.0f;
        int any = 0;
        for (size_t k = 0; k < n; k++)
            if (!mask[k] && (!any || v[k * width + w] < quietest)) {
                quietest = v[k * width + w];
                any = 1;
            }
        size_t k = 0;
        while (k < n) {
            if (!mask[k]) { k++; continue; }
            size_t a = k;
            while (k < n && mask[k]) k++;   /* [a, k) masked */
            float before = a > 0 ? v[(a - 1) * width + w] : quietest;
            float after = k < n ? v[k * width + w] : quietest;
            float x = fminf(before, after);
            for (size_t j = a; j < k; j++) v[j * width + w] = x;
        }
    }
}

/* A copy of n floats, NULL on no memory. */
static float *copy_floats(const float *v, size_t n)
{
    float *c = malloc((n ? n : 1) * sizeof *c);
    if (c && n) memcpy(c, v, n * sizeof *c);
    return c;
}

/* The masked spans as times, [first masked frame, last masked frame]: the
 * time in which nothing could be counted. */
static pd_interval *masked_spans(const unsigned char *mask, size_t n, size_t *n_out)
{
    size_t m = 0;
    for (size_t k = 0; k < n; k++)
        if (mask[k] && (k == 0 || !mask[k - 1])) m++;
    pd_interval *iv = malloc((m ? m : 1) * sizeof *iv);
    if (!iv) return NULL;
    m = 0;
    for (size_t k = 0; k < n; k++) {
        if (!mask[k]) continue;
        size_t a = k;
        while (k + 1 < n && mask[k + 1]) k++;
        iv[m].start_s = (double)a * PD_HOP_S;
        iv[m].end_s = (double)k * PD_HOP_S;
        m++;
    }
    *n_out = m;
    return iv;
}

/* Time within [s0, s1) both masked and inside a sounding stretch: unknown
 * time that the rates leave out of their speaking time. */
static double masked_sounding_s(const pd_interval *ms, size_t n_ms, const pd_interval *seg,
                                size_t n_seg, double s0, double s1)
{
    double sum = 0.0;
    for (size_t i = 0; i < n_ms; i++)
        for (size_t j = 0; j < n_seg; j++) {
            double a = fmax(fmax(ms[i].start_s, seg[j].start_s), s0);
            double b = fmin(fmin(ms[i].end_s, seg[j].end_s), s1);
            if (b > a) sum += b - a;
        }
    return sum;
}

static int masked_at(const unsigned char *mask, size_t n, double t)
{
    long k = lround(t / PD_HOP_S);
    return k >= 0 && (size_t)k < n && mask[k];
}

/* does [s, e) reach a masked frame? */
static int touches_mask(const unsigned char *mask, size_t n, double s, double e)
{
    for (size_t k = s > 0.0 ? (size_t)floor(s / PD_HOP_S) : 0; k < n && (double)k * PD_HOP_S < e; k++)
        if (mask[k] && (double)k * PD_HOP_S >= s - PD_HOP_S / 2) return 1;
    return 0;
}

/* The pauses p[0..n-1] (in order) less the lost input (sorted, merged):
 * each pause's parts outside every lost span, those of min_s or more kept.
 * *lost_s: the lost time inside the pauses. NULL on no memory. */
static pd_interval *cut_pauses(const pd_interval *p, size_t n, const pd_interval *lost, size_t n_lost, double min_s,
                               size_t *n_out, double *lost_s)
{
    pd_interval *out = malloc((n + n_lost) * sizeof *out);
    if (!out) return NULL;
    size_t m = 0;
    *lost_s = 0.0;
    for (size_t i = 0; i < n; i++) {
        double at = p[i].start_s;
        for (size_t j = 0; j < n_lost && at < p[i].end_s; j++) {
            if (lost[j].end_s <= at || lost[j].start_s >= p[i].end_s) continue;
            if (lost[j].start_s - at >= min_s) out[m++] = (pd_interval){ at, lost[j].start_s };
            *lost_s += fmin(lost[j].end_s, p[i].end_s) - fmax(lost[j].start_s, at);
            at = lost[j].end_s;
        }
        if (p[i].end_s - at >= min_s) out[m++] = (pd_interval){ at, p[i].end_s };
    }
    *n_out = m;
    return out;
}

/* Lost time in [s0, s1) outside the sounding stretches (inside them it is
 * masked time, counted by masked_sounding_s). */
static double lost_outside(const pd_interval *lost, size_t n_lost, const pd_interval *seg, size_t n_seg, double s0,
                           double s1)
{
    double t = 0.0;
    for (size_t j = 0; j < n_lost; j++) {
        double a = fmax(lost[j].start_s, s0), b = fmin(lost[j].end_s, s1);
        if (b <= a) continue;
        t += b - a;
        for (size_t s = 0; s < n_seg; s++) t -= fmax(0.0, fmin(b, seg[s].end_s) - fmax(a, seg[s].start_s));
    }
    return t > 0.0 ? t : 0.0;
}

/* speech[k] = 1 for the frames inside a sounding stretch, 0 elsewhere */
static void mark_speech(pd_tracks *t, const pd_interval *seg, size_t n_seg)
{
    memset(t->speech, 0, t->n * sizeof *t->speech);
    for (size_t s = 0; s < n_seg; s++) {
        size_t k0 = (size_t)ceil(seg[s].start_s / PD_HOP_S);
        size_t k1 = (size_t)floor(seg[s].end_s / PD_HOP_S);
        for (size_t k = k0; k <= k1 && k < t->n; k++) t->speech[k] = 1;
    }
}

pd_status pd_analyzer_finish(pd_analyzer *a, pd_report **out)
{
    if (!a || !out) return PD_ERR_INVALID_ARG;
    if (a->finished || a->failed) return PD_ERR_STATE;
    a->finished = 1;
    pd_frontend *fe = a->fe;
    if (fe->frames_in == 0) return PD_ERR_EMPTY;
    const double duration = (double)fe->frames_in / a->rate;
    const size_t n = pd_frontend_frame_count(fe, fe->frames_in);
    if (!pd_frontend_flush(fe, n)) return PD_ERR_NOMEM;

    pd_report *r = calloc(1, sizeof *r);
    if (!r) return PD_ERR_NOMEM;
    pd_status st = PD_ERR_NOMEM;
    unsigned char *mask = NULL;      /* frames excluded intervals reach; NULL: none */
    pd_interval *mspans = NULL;      /* their runs as times */
    size_t n_mspans = 0;
    pd_tracks work = { 0 };          /* masked copies (only with a mask) */
    r->duration_s = duration;
    r->sample_rate_hz = a->rate;
    r->channels = a->channels;
    memcpy(r->lang, a->cfg.lang, sizeof r->lang);
    r->lang[sizeof r->lang - 1] = 0;
    r->syllables_per_word = a->cfg.syllables_per_word;

    pd_tracks *t = &r->tracks;
    t->n = n;
    t->hop_s = PD_HOP_S;
    /* the per-frame arrays move into the report, trimmed to n frames */
    t->level_db = pd_frontend_take(&fe->level_db, n);
    t->formant_hz = pd_frontend_take(&fe->formant_hz, n * PD_NFORMANT);
    t->sub_db = pd_frontend_take(&fe->sub_db, n * PD_NSUB);
    t->loud_m_lufs = malloc(n * sizeof(float));
    t->f0_hz = malloc(n * sizeof(float));
    t->periodicity = malloc(n * sizeof(float));
    t->speech = calloc(n, 1);
    if (!t->level_db || !t->loud_m_lufs || !t->f0_hz ||
        !t->periodicity || !t->formant_hz || !t->sub_db || !t->speech)
        goto fail;
    for (size_t k = 0; k < n; k++) {
        /* momentary value j covers the 400 ms ending at (j+1)*100 ms */
        size_t j = (size_t)((double)k * PD_HOP_S / LOUD_STEP_S);
        if (j > 0) j--;
        t->loud_m_lufs[k] = a->n_loud10 ? a->loud10[j < a->n_loud10 ? j : a->n_loud10 - 1] : -120.0f;
    }
    /* excluded intervals: which frames they reach; those frames get no
     * pitch candidates and a held pitch-band level before the pitch path */
    if (a->n_excl) {
        size_t m = 0;
        r->excluded = malloc(a->n_excl * sizeof *r->excluded);
        mask = exclusion_mask(a->excl, a->n_excl, n, pd_frontend_reach_s(fe));
        if (!r->excluded || !mask) goto fail;
        for (size_t i = 0; i < a->n_excl; i++)
            if (a->excl[i].start_s < duration) {
                r->excluded[m].start_s = a->excl[i].start_s;
                r->excluded[m].end_s = fmin(a->excl[i].end_s, duration);
                m++;
            }
        r->n_excluded = m;
        for (size_t k = 0; k < n; k++)
            if (mask[k])
                for (int c = 0; c < PD_PITCH_NCAND; c++) {
                    fe->cands[k * PD_PITCH_NCAND + c].f0_hz = 0.0f;
                    fe->cands[k * PD_PITCH_NCAND + c].dprime = 1.0f;
                }
        hold_quieter(fe->pband_db, 1, n, mask);
        mspans = masked_spans(mask, n, &n_mspans);
        /* the stages below read copies with the masked frames held (level,
         * bands) or emptied (formants); the report keeps what was heard */
        work.level_db = copy_floats(t->level_db, n);
        work.sub_db = copy_floats(t->sub_db, n * PD_NSUB);
        work.formant_hz = copy_floats(t->formant_hz, n * PD_NFORMANT);
        if (!mspans || !work.level_db || !work.sub_db || !work.formant_hz) goto fail;
        hold_quieter(work.level_db, 1, n, mask);
        hold_quieter(work.sub_db, PD_NSUB, n, mask);
        for (size_t k = 0; k < n; k++)
            if (mask[k]) memset(work.formant_hz + k * PD_NFORMANT, 0, PD_NFORMANT * sizeof(float));
    }
    pd_pitch_track(fe->cands, fe->pband_db, n, a->cfg.f0_min_hz, a->cfg.f0_max_hz,
                   t->f0_hz, t->periodicity);
    free(fe->cands);
    fe->cands = NULL;
    free(fe->pband_db);
    fe->pband_db = NULL;
    /* what the whole-take stages read: the tracks, or their masked copies */
    pd_tracks tw = *t;
    if (mask) {
        for (size_t k = 0; k < n; k++)
            if (mask[k]) t->f0_hz[k] = t->periodicity[k] = 0.0f;
        tw.level_db = work.level_db;
        tw.sub_db = work.sub_db;
        tw.formant_hz = work.formant_hz;
    }

    /* loudness */
    double v;
    r->loudness_lufs = (ebur128_loudness_global(a->ebu, &v) == EBUR128_SUCCESS && isfinite(v)) ? v : NAN;
    r->loudness_range_lu = (ebur128_loudness_range(a->ebu, &v) == EBUR128_SUCCESS && isfinite(v)) ? v : NAN;
    if (!isfinite(r->loudness_lufs)) r->loudness_range_lu = NAN;   /* nothing measured: null, not 0 LU */
    r->peak_dbfs = fe->peak > 0.0 ? 20.0 * log10(fe->peak) : -HUGE_VAL;
    r->clipped_samples = fe->clipped;

    /* speech / silence */
    pd_vad_result vad;
    st = pd_detect_segments(&tw, &a->cfg, &vad);
    if (st != PD_OK) goto fail;
    r->segments = vad.segments;
    r->n_segments = vad.n_segments;
    r->speech_level_db = vad.speech_level_db;
    r->noise_floor_db = vad.noise_floor_db;
    r->pause_threshold_db = vad.threshold_db;
    /* Speech rises and falls: vowels, closures and pauses span 20-50 dB within
     * a take, while the short-time level of steady noise (hiss, hum, rumble,
     * fans) wanders by a few dB. A take whose loud end stands less than
     * PD_MIN_SPEECH_RANGE_DB over its quiet end holds no speech we can measure. */
    const int audible = isfinite(vad.speech_level_db) && isfinite(vad.noise_floor_db) &&
                        vad.speech_level_db - vad.noise_floor_db >= PD_MIN_SPEECH_RANGE_DB;
    if (!audible) r->n_segments = 0;
    mark_speech(t, r->segments, r->n_segments);

    /* the nucleus and filler detectors compare the level with one threshold:
     * they get the level raised by the frame's gain (the segmentation's
     * local threshold, levelled to the take's) */
    float *lv_norm = NULL;
    pd_tracks tn = tw;
    if (audible && vad.gain_db) {
        lv_norm = malloc(n * sizeof *lv_norm);
        if (!lv_norm) { free(vad.gain_db); st = PD_ERR_NOMEM; goto fail; }
        for (size_t k = 0; k < n; k++) lv_norm[k] = tw.level_db[k] + vad.gain_db[k];
        tn.level_db = lv_norm;
    }
    free(vad.gain_db);
    if (audible) st = pd_detect_nuclei_masked(&tn, vad.threshold_db, mask, &r->nuclei_s, &r->n_nuclei);
    if (st == PD_OK && audible)
        st = pd_detect_fillers(&tn, vad.threshold_db, a->cfg.lang, &r->filled_pauses, &r->n_filled_pauses);
    free(lv_norm);
    if (st != PD_OK) goto fail;
    if (mask) {
        /* nothing is counted in a masked frame: no nucleus there; a filled
         * pause reaching one has an unknown extent and is dropped, and its
         * nuclei, a hesitation's, are not counted as syllables either */
        size_t kn = 0, kf = 0;
        for (size_t i = 0; i < r->n_nuclei; i++) {
            int drop = masked_at(mask, n, r->nuclei_s[i]);
            for (size_t f = 0; f < r->n_filled_pauses && !drop; f++)
                drop = r->nuclei_s[i] >= r->filled_pauses[f].start_s &&
                       r->nuclei_s[i] <= r->filled_pauses[f].end_s &&
                       touches_mask(mask, n, r->filled_pauses[f].start_s, r->filled_pauses[f].end_s);
            if (!drop) r->nuclei_s[kn++] = r->nuclei_s[i];
        }
        r->n_nuclei = kn;
        for (size_t f = 0; f < r->n_filled_pauses; f++)
            if (!touches_mask(mask, n, r->filled_pauses[f].start_s, r->filled_pauses[f].end_s))
                r->filled_pauses[kf++] = r->filled_pauses[f];
        r->n_filled_pauses = kf;
    }
    /* the speech span comes from speech: leading and trailing sounding
     * stretches with no syllable nucleus and no filled pause (a breath, a
     * click, a noise bump at the end of a take) are not part of it */
    if (audible && r->n_segments > 0) {
        size_t before = r->n_segments;
        r->n_segments = pd_trim_edge_segments(r->segments, r->n_segments, a->cfg.min_pause_s,
                                              r->nuclei_s, r->n_nuclei,
                                              r->filled_pauses, r->n_filled_pauses);
        if (r->n_segments != before) mark_speech(t, r->segments, r->n_segments);
    }
    /* a filled pause is a hesitation, not a syllable of content: its nuclei
     * are left out of the count (the corpus's hand counts leave fillers out) */
    size_t kept = 0;
    for (size_t i = 0; i < r->n_nuclei; i++)
        if (!in_any(r->filled_pauses, r->n_filled_pauses, r->nuclei_s[i]))
            r->nuclei_s[kept++] = r->nuclei_s[i];
    r->n_nuclei = kept;
    r->syllables = (int)kept;

    r->speech_detected = r->n_segments > 0 && r->syllables > 0;
    if (!r->speech_detected && r->n_segments > 0) {
        /* sound without a single syllable nucleus (music, tones, noise bursts):
         * no speech, so no speech figures (null in the JSON), no pauses, no
         * filled pauses, no pitch statistics of "speech" */
        r->n_segments = 0;
        r->n_filled_pauses = 0;
        memset(t->speech, 0, n * sizeof *t->speech);
    }
    r->speech_start_s = r->speech_end_s = NAN;
    r->speech_rate_syl_s = r->articulation_rate_syl_s = r->words_per_min_est = NAN;
    r->mean_length_of_run_syl = NAN;
    for (int i = 0; i < 3; i++) r->pace_by_third_syl_s[i] = r->level_by_third_db[i] = NAN;
    if (r->n_segments > 0) {
        r->speech_start_s = r->segments[0].start_s;
        r->speech_end_s = r->segments[r->n_segments - 1].end_s;
        double phon = 0.0;
        for (size_t s = 0; s < r->n_segments; s++) phon += r->segments[s].end_s - r->segments[s].start_s;
        /* unknown time bridged as speech is no speaking time (analysis.h) */
        double unknown = 0.0;
        if (mask)
            unknown = masked_sounding_s(mspans, n_mspans, r->segments, r->n_segments,
                                        r->speech_start_s, r->speech_end_s);
        phon -= unknown;
        r->phonation_time_s = phon;
        r->pauses = malloc((r->n_segments > 1 ? r->n_segments - 1 : 1) * sizeof *r->pauses);
        if (!r->pauses) { st = PD_ERR_NOMEM; goto fail; }
        for (size_t s = 1; s < r->n_segments; s++) {
            pd_interval p = { r->segments[s - 1].end_s, r->segments[s].start_s };
            r->pauses[r->n_pauses++] = p;
        }
        /* lost input is no pause: the pauses are cut at it (analysis.h),
         * and its time inside them is unknown time too */
        double lost_in_pauses = 0.0;
        if (a->n_lost && r->n_pauses) {
            pd_interval *cut = cut_pauses(r->pauses, r->n_pauses, a->lost, a->n_lost, a->cfg.min_pause_s,
                                          &r->n_pauses, &lost_in_pauses);
            if (!cut) { st = PD_ERR_NOMEM; goto fail; }
            free(r->pauses);
            r->pauses = cut;
        }
        for (size_t i = 0; i < r->n_pauses; i++) {
            double len = r->pauses[i].end_s - r->pauses[i].start_s;
            r->pause_total_s += len;
            if (len >= a->cfg.long_pause_s) r->long_pauses_count++;
        }
        unknown += lost_in_pauses;
        double span = r->speech_end_s - r->speech_start_s;
        if (span - unknown > 0.0) r->speech_rate_syl_s = r->syllables / (span - unknown);
        if (phon > 0.0) r->articulation_rate_syl_s = r->syllables / phon;
        if (r->syllables_per_word > 0.0 && isfinite(r->speech_rate_syl_s))
            r->words_per_min_est = r->speech_rate_syl_s * 60.0 / r->syllables_per_word;
        r->mean_length_of_run_syl = (double)r->syllables / (double)r->n_segments;
        double third = span / 3.0;
        for (int i = 0; i < 3 && third > 0.0; i++) {
            double s0 = r->speech_start_s + i * third, s1 = s0 + third;
            int c = 0;
            for (size_t j = 0; j < r->n_nuclei; j++)
                if (r->nuclei_s[j] >= s0 && (r->nuclei_s[j] < s1 || (i == 2 && r->nuclei_s[j] <= s1))) c++;
            double known = third;
            if (mask) known -= masked_sounding_s(mspans, n_mspans, r->segments, r->n_segments, s0, s1);
            known -= lost_outside(a->lost, a->n_lost, r->segments, r->n_segments, s0, s1);
            if (known > 0.0) r->pace_by_third_syl_s[i] = c / known;
            double sum = 0.0; size_t cnt = 0;
            for (size_t k = (size_t)ceil(s0 / PD_HOP_S); k < n && (double)k * PD_HOP_S < s1; k++)
                if (t->speech[k] && !(mask && mask[k])) { sum += t->level_db[k]; cnt++; }
            if (cnt) r->level_by_third_db[i] = sum / cnt;
        }
    }
    pitch_stats(r, mask);
    free(mask);
    free(mspans);
    free(work.level_db);
    free(work.sub_db);
    free(work.formant_hz);
    *out = r;
    return PD_OK;
fail:
    free(mask);
    free(mspans);
    free(work.level_db);
    free(work.sub_db);
    free(work.formant_hz);
    pd_report_destroy(r);
    return st;
}
