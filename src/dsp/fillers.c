/* fillers.c - filled pauses ("uh", "um", "ehm") from the sound alone.
 *
 * A filled pause is a long, steady, voiced, schwa-like sound with a flat F0,
 * usually next to a silent pause (Goto, Itou & Hayamizu 1999; De Jong &
 * Pacilly's v3 Praat add-on scores duration, z-scored F0 and F1-F3
 * stability in Bark). Lengthened phrase-final syllables of read speech
 * ("forever...") are just as steady, so steadiness alone is not enough; a
 * stretch counts as a filler only when all of these hold (precision first:
 * a false "um" costs more trust than a missed one):
 *
 *  1. steady: its frames keep F1 and F2 within MATCH_BARK of the stretch's
 *     running mean and within SPAN_BARK overall (formants from spectrum.c;
 *     a frame may match any of its formant peaks, so a frame whose weak F1
 *     went unseen does not break the stretch), for at least MIN_DUR_S;
 *  2. voiced: mean periodicity >= MIN_PERIODICITY (the pitch track alone
 *     misses much of the voicing on noisy recordings);
 *  3. next to a silence: a silent stretch (segmentation) starts or ends
 *     within CONTEXT_S of it; after an "um" or "ehm" the context is looked
 *     for after its nasal murmur (voiced frames with F1 under
 *     NASAL_F1_MAX_HZ, the murmur's low resonance at 250-300 Hz; Fujimura
 *     1962, JASA 34:1865), which the reported interval includes. The
 *     durations below count the vowel's voiced frames only (a fricative
 *     before it is no part of a filler), and only those within HOLD_DB of
 *     the stretch's loudest frame: in a reverberant room a vowel's sound
 *     goes on after the voice stops, decaying steadily in dB (60 dB in the
 *     reverberation time; ISO 3382-1 takes the early decay time over the
 *     first 10 dB), with the vowel's formants and F0 frozen in it, so a
 *     phrase-final vowel plus its tail looks like a long steady vowel
 *     before a silence. A filler holds its level (on the corpus's fillers
 *     the level changes by under 30 dB/s, 8 dB over 0.3 s); a tail falls
 *     through 10 dB in 0.1-0.2 s (sox reverb 40 on the corpus: 57-91 dB/s). With a silence after it
 *     only, it sits where phrase-final lengthening stretches a word's last
 *     vowel (by some 30-60 %, to 0.1-0.25 s at ordinary rates; Klatt 1976,
 *     JASA 59:1208), so it must last MIN_DUR_FINAL_S (fillers average
 *     0.3-0.5 s; Shriberg 1994);
 *  4. central (schwa-like), relative to the speaker: F1 and F2 in Bark lie
 *     in a band around the take's median F1 and F2 of voiced frames, which
 *     is the centre of the speaker's vowel space (Lobanov-style speaker
 *     normalisation by centring); "uh" and "um" have an F1 at or above the
 *     centre and an F2 at or slightly behind it. The filler's vowel is
 *     language-specific (Vasilescu, Candea & Adda-Decker 2005, Interspeech;
 *     Vasilescu et al. 2010, ESCA DiSS): central [@]/[V] in English, an
 *     open-mid front [E] in Italian "eh"/"ehm", so for Italian F2 may lie
 *     up to F2_REL_MAX_IT_BARK ahead of the centre ([E] sits ~1.5 Bark
 *     ahead of a male or female Italian vowel space's centre); close front
 *     vowels stay out through the F1 bound;
 *  5. not rhotic: F3 - F2 >= MIN_F3_F2_BARK. The "-er" of "forever",
 *     "water", "errors" is a central, steady vowel too, but its F3 falls
 *     towards F2 (F3 - F2 ~1.2-1.5 Bark against ~2.3-5 for "uh"/"um");
 *     F3 lowering is the standard acoustic mark of r-colouring (Hagiwara
 *     1995; Espy-Wilson et al. 2000, JASA 108:343);
 *  6. flat or slowly falling, unremarkable F0 where the pitch track sees
 *     it (O'Shaughnessy 1992, ICASSP; Shriberg 2001, JIPA 31:153): the
 *     spread of F0 around its fitted line (10th to 90th percentile, so the
 *     perturbed first periods of a voicing onset do not count) <=
 *     MAX_F0_RANGE_ST, slope <= MAX_F0_SLOPE_ST_S, and a level
 *     between F0_REL_MIN_ST and F0_REL_MAX_ST of the take's median (fillers
 *     sit near or below the speaker's median; stressed or final-lowered
 *     syllables do not);
 *  7. not faint: mean level within MIN_LEVEL_DB of the take's loud speech
 *     (trailing, fading syllables are steady too).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "dsp.h"

#define MIN_DUR_S 0.20
#define MIN_DUR_FINAL_S 0.30    /* with a silence after it only: see 3. */
#define HOLD_DB 10.0            /* frames this far under the stretch's loudest do not count: see 3. */
#define MAX_DUR_S 2.50          /* longer steady tones are not speech */
#define MATCH_BARK 0.6
#define SPAN_BARK 1.0
#define MAX_GAP_FRAMES 3        /* frames that fit no formant peak, in a row */
#define MIN_FIT_FRACTION 0.75
#define START_PERIODICITY 0.35f /* a stretch starts on a voiced-looking frame */
#define KEEP_PERIODICITY 0.25f  /* and continues through weaker ones */
#define MIN_PERIODICITY 0.40
#define CONTEXT_S 0.20
#define GAP_MIN_S 0.15          /* a gap this long is a pause for context (stop closures are 50-100 ms) */
#define F1_REL_MIN_BARK -0.3
#define F1_REL_MAX_BARK 2.3
#define F2_REL_MIN_BARK -1.2
#define F2_REL_MAX_BARK 0.9
#define F2_REL_MAX_IT_BARK 2.0   /* Italian "eh"/"ehm" is an open-mid front vowel: see 4. */
#define MIN_F3_F2_BARK 1.8
#define MAX_F0_RANGE_ST 2.0
#define F0_TRIM_Q 0.1         /* the F0 spread leaves out this share at each end */
#define MAX_F0_SLOPE_ST_S 10.0
#define F0_REL_MIN_ST -4.0
#define F0_REL_MAX_ST 2.0
#define MIN_F0_FRACTION 0.3     /* F0 tests need this share of pitched frames */
#define MIN_LEVEL_DB -15.0
#define MIN_VOICED_FRAMES 50
#define NASAL_F1_MAX_HZ 400.0
#define MIN_NASAL_S 0.05
#define MAX_NASAL_S 0.60    /* take statistics need 0.5 s of voicing */

/* Traunmueller 1990 */
static double bark(double hz) { return 26.81 * hz / (1960.0 + hz) - 0.53; }

static double st_re100(double hz) { return 12.0 * log2(hz / 100.0); }

static void sort_small(float *w, int m)
{
    for (int a = 1; a < m; a++)
        for (int b = a; b > 0 && w[b - 1] > w[b]; b--) {
            float x = w[b];
            w[b] = w[b - 1];
            w[b - 1] = x;
        }
}

static inline float min2(float a, float b) { return a < b ? a : b; }
static inline float max2(float a, float b) { return a < b ? b : a; }

/* The median of five values without branches (the insertion sort's
 * comparisons are unpredictable): the lowest and highest of w[0..3] cannot be
 * the median of five; f and g are the other two, and the median is the
 * middle one of f, g and w[4]. It returns one of the inputs: the sort's. */
static float median5(const float w[5])
{
    const float f = max2(min2(w[0], w[1]), min2(w[2], w[3]));
    const float g = min2(max2(w[0], w[1]), max2(w[2], w[3]));
    return max2(min2(f, g), min2(max2(f, g), w[4]));
}

/* median of the positive values among v[k-2..k+2], 0 when none */
static float med5(const float *v, size_t stride, size_t n, size_t k)
{
    float w[5];
    int m = 0;
    for (long d = -2; d <= 2; d++) {
        long i = (long)k + d;
        if (i < 0 || i >= (long)n || v[(size_t)i * stride] <= 0.0f) continue;
        w[m++] = v[(size_t)i * stride];
    }
    if (m == 0) return 0.0f;
    if (m == 5) return median5(w);
    sort_small(w, m);
    return w[m / 2];
}

/* The element of rank q (0..1) of v[0..n-1], n > 0, reordering v in place
 * (nearest rank, by selection: pd_select_rank). */
static float select_q(float *v, size_t n, double q)
{
    const size_t k = (size_t)(q * (double)(n - 1) + 0.5);
    pd_select_rank(v, n, k);
    return v[k];
}

typedef struct take_stats {
    double f0_st;            /* median F0, semitones re 100 Hz (NaN: none) */
    double b1, b2;           /* median F1, F2 of voiced speech, Bark */
    double level_db;         /* 95th percentile level of speech frames */
    double f2_rel_max;       /* the language's upper F2 bound, Bark over the centre */
} take_stats;

typedef struct stretch {
    size_t i, j;             /* first and last frame */
    size_t tail;             /* last frame of a nasal murmur after it ("um"), else j */
    double b1, b2, f3_f2;    /* median F1, F2 and F3 - F2 over the stretch, Bark */
    double periodicity, level_db;
    double voiced_s;         /* its frames with START_PERIODICITY, s */
    double f0_st, f0_range_st, f0_slope_st_s, f0_fraction;
} stretch;

/* Grows a steady stretch from frame i; fills st->j and the formant summary.
 * per: smoothed periodicity; fb: the formant slots in Bark (-100 = none);
 * scratch: 3 * max_len floats. */
static void grow(const pd_tracks *t, const float *per, const float *fb, const float *b1s,
                 const float *b2s, size_t i, size_t max_len, stretch *st, float *scratch)
{
    const size_t n = t->n;
    st->b1 = st->b2 = st->f3_f2 = NAN;
    float *s1 = scratch, *s2 = scratch + max_len, *s3 = scratch + 2 * max_len;
    double r1 = b1s[i], r2 = b2s[i], sum1 = 0.0, sum2 = 0.0;
    float lo1 = b1s[i], hi1 = b1s[i], lo2 = b2s[i], hi2 = b2s[i];
    size_t last = i, good = 0;
    int gap = 0, n3 = 0;
    for (size_t k = i; k < n && k < i + max_len; k++) {
        int fits = 0;
        const float *c = fb + k * PD_NFORMANT;
        if (t->speech[k] && per[k] >= KEEP_PERIODICITY) {
            int q1 = 0;
            for (int q = 1; q < PD_NFORMANT; q++)
                if (fabs(c[q] - r1) < fabs(c[q1] - r1)) q1 = q;
            int q2 = q1 == 0 ? 1 : 0;
            for (int q = 0; q < PD_NFORMANT; q++)
                if (q != q1 && fabs(c[q] - r2) < fabs(c[q2] - r2)) q2 = q;
            float m1 = c[q1], m2 = c[q2];
            if (fabs(m1 - r1) <= MATCH_BARK && fabs(m2 - r2) <= MATCH_BARK) {
                float l1 = fminf(lo1, m1), h1 = fmaxf(hi1, m1);
                float l2 = fminf(lo2, m2), h2 = fmaxf(hi2, m2);
                if (h1 - l1 <= SPAN_BARK && h2 - l2 <= SPAN_BARK) {
                    fits = 1;
                    lo1 = l1; hi1 = h1; lo2 = l2; hi2 = h2;
                    sum1 += m1;
                    sum2 += m2;
                }
            }
        }
        if (!fits) {
            if (++gap > MAX_GAP_FRAMES) break;
            continue;
        }
        /* the summary uses the frame's own formant slots: the matching above
         * follows whichever peaks stay put, the slots say which formant a
         * peak is (a median over the stretch outvotes frames with a slot
         * missing) */
        s1[good] = c[0];
        s2[good] = c[1];
        if (c[2] > 0.0f) s3[n3++] = c[2] - c[1];
        gap = 0;
        last = k;
        good++;
        r1 = sum1 / (double)good;
        r2 = sum2 / (double)good;
    }
    st->i = i;
    st->j = last;
    if (good == 0 || (double)good < MIN_FIT_FRACTION * (double)(last - i + 1)) {
        st->j = i;   /* too ragged */
        return;
    }
    sort_small(s1, (int)good);   /* short: at most MAX_DUR_S / hop values */
    sort_small(s2, (int)good);
    sort_small(s3, n3);
    st->b1 = s1[good / 2];
    st->b2 = s2[good / 2];
    st->f3_f2 = n3 ? s3[n3 / 2] : NAN;
}

static void describe(const pd_tracks *t, const float *per, stretch *st, float *scratch)
{
    double ps = 0.0, lv = 0.0, sx = 0.0, sy = 0.0, sxx = 0.0, sxy = 0.0;
    size_t nf = 0, len = st->j - st->i + 1;
    /* the durations count voiced frames held within HOLD_DB of the
     * stretch's loudest: a reverberant tail decays (see 3.) */
    st->voiced_s = 0.0;
    float top = -HUGE_VALF;
    for (size_t k = st->i; k <= st->j; k++)
        if (t->level_db[k] > top) top = t->level_db[k];
    for (size_t k = st->i; k <= st->j; k++) {
        ps += per[k];
        lv += t->level_db[k];
        if (per[k] >= START_PERIODICITY && t->level_db[k] >= top - HOLD_DB) st->voiced_s += t->hop_s;
        if (t->f0_hz[k] > 0.0f) {
            double y = st_re100(t->f0_hz[k]), x = (double)(k - st->i) * t->hop_s;
            sx += x; sy += y; sxx += x * x; sxy += x * y;
            nf++;
        }
    }
    st->periodicity = ps / (double)len;
    st->level_db = lv / (double)len;
    st->f0_fraction = (double)nf / (double)len;
    st->f0_st = nf ? sy / (double)nf : NAN;
    double den = (double)nf * sxx - sx * sx;
    st->f0_slope_st_s = (nf > 2 && den > 0.0) ? ((double)nf * sxy - sx * sy) / den : 0.0;
    /* spread around the fitted line, between its 10th and 90th percentiles:
     * a slow fall is the filler's own contour, and the first and last few
     * pitch periods of a voicing onset or offset are perturbed */
    st->f0_range_st = NAN;
    if (nf) {
        const double x0 = sx / (double)nf;
        size_t m = 0;
        for (size_t k = st->i; k <= st->j; k++)
            if (t->f0_hz[k] > 0.0f) {
                double x = (double)(k - st->i) * t->hop_s;
                scratch[m++] = (float)(st_re100(t->f0_hz[k]) - st->f0_st - st->f0_slope_st_s * (x - x0));
            }
        const double lo = select_q(scratch, m, F0_TRIM_Q), hi = select_q(scratch, m, 1.0 - F0_TRIM_Q);
        st->f0_range_st = hi - lo;
    }
}

/* frame k is silent: outside the sounding stretches, or inside a run of at
 * least GAP_MIN_S under the silence threshold (in noise the stretches'
 * extents reach down to the noise floor and can swallow a short pause) */
static int silent_at(const pd_tracks *t, size_t k, double silence_db)
{
    if (!t->speech[k]) return 1;
    if (!(t->level_db[k] < silence_db)) return 0;
    const size_t need = (size_t)lround(GAP_MIN_S / t->hop_s);
    size_t a = k, b = k;
    while (a > 0 && t->level_db[a - 1] < silence_db && k - a + 1 < need) a--;
    while (b + 1 < t->n && t->level_db[b + 1] < silence_db && b - a + 1 < need) b++;
    return b - a + 1 >= need;
}

/* Silence within CONTEXT_S: bit 1 before the stretch, bit 2 after it. The
 * take's edges do not count: a recording may start or stop mid-word. */
static int silence_sides(const pd_tracks *t, const stretch *st, double silence_db)
{
    const size_t reach = (size_t)lround(CONTEXT_S / t->hop_s) + 1;
    int sides = 0;
    for (size_t d = 1; d <= reach; d++) {
        if (st->i >= d && silent_at(t, st->i - d, silence_db)) sides |= 1;
        if (st->tail + d < t->n && silent_at(t, st->tail + d, silence_db)) sides |= 2;
    }
    return sides;
}

/* The nasal murmur of "um"/"ehm" after the vowel: voiced speech frames whose
 * smoothed F1 sits at a nasal murmur's low resonance (Fujimura 1962, JASA
 * 34:1865: 250-300 Hz), at most MAX_NASAL_S. Returns its last frame, or st->j. */
static size_t nasal_tail(const pd_tracks *t, const float *per, const float *b1s, const stretch *st)
{
    const size_t max = (size_t)lround(MAX_NASAL_S / t->hop_s);
    const double top = bark(NASAL_F1_MAX_HZ);
    size_t k = st->j + 1, last = st->j, gap = 0;
    for (; k < t->n && k <= st->j + max; k++) {
        if (t->speech[k] && per[k] >= KEEP_PERIODICITY && b1s[k] > 0.0f && b1s[k] <= top) {
            last = k;
            gap = 0;
        } else if (++gap > MAX_GAP_FRAMES) {
            break;
        }
    }
    return (double)(last - st->j) * t->hop_s >= MIN_NASAL_S ? last : st->j;
}

static int is_filler(const stretch *st, const take_stats *ts, const pd_tracks *t, double silence_db)
{
    double dur = (double)(st->j - st->i + 1) * t->hop_s;
    int sides = silence_sides(t, st, silence_db);
    if (!sides || dur >= MAX_DUR_S) return 0;
    dur = st->voiced_s;
    if (dur < (sides & 1 ? MIN_DUR_S : MIN_DUR_FINAL_S)) return 0;
    if (st->periodicity < MIN_PERIODICITY) return 0;
    if (st->level_db < ts->level_db + MIN_LEVEL_DB) return 0;
    double d1 = st->b1 - ts->b1, d2 = st->b2 - ts->b2;
    if (d1 < F1_REL_MIN_BARK || d1 > F1_REL_MAX_BARK) return 0;
    if (d2 < F2_REL_MIN_BARK || d2 > ts->f2_rel_max) return 0;
    if (!(st->f3_f2 >= MIN_F3_F2_BARK)) return 0;
    if (st->f0_fraction >= MIN_F0_FRACTION && isfinite(ts->f0_st)) {
        double rel = st->f0_st - ts->f0_st;
        if (rel < F0_REL_MIN_ST || rel > F0_REL_MAX_ST) return 0;
        if (st->f0_range_st > MAX_F0_RANGE_ST) return 0;
        if (fabs(st->f0_slope_st_s) > MAX_F0_SLOPE_ST_S) return 0;
    }
    return 1;
}

pd_status pd_detect_fillers(const pd_tracks *t, double silence_db, const char *lang,
                            pd_interval **out, size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    const size_t n = t->n;
    pd_status status = PD_ERR_NOMEM;
    size_t cap = 8, m = 0;
    pd_interval *iv = malloc(cap * sizeof *iv);
    float *b1s = malloc((n + 1) * sizeof *b1s), *b2s = malloc((n + 1) * sizeof *b2s);
    float *per = malloc((n + 1) * sizeof *per), *tmp = malloc((n + 1) * sizeof *tmp);
    const size_t max_len = (size_t)lround(MAX_DUR_S / t->hop_s) + 1;
    float *scr = malloc((3 * max_len + n + 1) * sizeof *scr);
    float *fb = malloc((n * PD_NFORMANT + 1) * sizeof *fb);
    if (!iv || !b1s || !b2s || !per || !tmp || !scr || !fb) goto done;
    for (size_t k = 0; k < n * PD_NFORMANT; k++)
        fb[k] = t->formant_hz[k] > 0.0f ? (float)bark(t->formant_hz[k]) : -100.0f;

    /* smoothed tracks: a stretch starts from a 5-frame median, never from
     * one odd frame */
    for (size_t k = 0; k < n; k++) {
        float f1 = med5(t->formant_hz, PD_NFORMANT, n, k);
        float f2 = med5(t->formant_hz + 1, PD_NFORMANT, n, k);
        b1s[k] = f1 > 0.0f ? (float)bark(f1) : 0.0f;
        b2s[k] = f2 > 0.0f ? (float)bark(f2) : 0.0f;
        tmp[k] = t->periodicity[k] + 1e-3f;   /* med5 skips zeros */
    }
    for (size_t k = 0; k < n; k++) per[k] = med5(tmp, 1, n, k);

    /* take statistics, for the speaker-relative tests */
    take_stats ts;
    ts.f2_rel_max = lang && strcmp(lang, "it") == 0 ? F2_REL_MAX_IT_BARK : F2_REL_MAX_BARK;
    size_t nv = 0, ns = 0;
    for (size_t k = 0; k < n; k++)
        if (t->speech[k] && t->f0_hz[k] > 0.0f) tmp[nv++] = (float)st_re100(t->f0_hz[k]);
    ts.f0_st = nv >= MIN_VOICED_FRAMES ? select_q(tmp, nv, 0.5) : NAN;
    for (size_t k = 0; k < n; k++)
        if (t->speech[k]) tmp[ns++] = t->level_db[k];
    ts.level_db = ns ? select_q(tmp, ns, 0.95) : NAN;
    size_t nb = 0;
    for (size_t k = 0; k < n; k++)
        if (t->speech[k] && per[k] >= 0.5f && b1s[k] > 0.0f && b2s[k] > 0.0f) tmp[nb++] = b1s[k];
    if (nb < MIN_VOICED_FRAMES) { status = PD_OK; goto done; }
    ts.b1 = select_q(tmp, nb, 0.5);
    nb = 0;
    for (size_t k = 0; k < n; k++)
        if (t->speech[k] && per[k] >= 0.5f && b1s[k] > 0.0f && b2s[k] > 0.0f) tmp[nb++] = b2s[k];
    ts.b2 = select_q(tmp, nb, 0.5);

    size_t i = 0;
    while (i < n) {
        if (!t->speech[i] || per[i] < START_PERIODICITY || b1s[i] <= 0.0f || b2s[i] <= 0.0f) {
            i++;
            continue;
        }
        stretch st;
        grow(t, per, fb, b1s, b2s, i, max_len, &st, scr);
        if ((double)(st.j - st.i + 1) * t->hop_s < MIN_DUR_S) {
            i++;
            continue;
        }
        describe(t, per, &st, scr);
        st.tail = nasal_tail(t, per, b1s, &st);
        if (is_filler(&st, &ts, t, silence_db)) {
            if (m == cap) {
                cap *= 2;
                pd_interval *nv2 = realloc(iv, cap * sizeof *iv);
                if (!nv2) goto done;
                iv = nv2;
            }
            iv[m].start_s = (double)st.i * t->hop_s;
            iv[m].end_s = (double)(st.tail + 1) * t->hop_s;
            m++;
            i = st.tail + 1;
            continue;
        }
        i = st.j + 1;
    }
    status = PD_OK;
done:
    free(b1s); free(b2s); free(per); free(tmp); free(scr); free(fb);
    if (status != PD_OK) {
        free(iv);
        return status;
    }
    *out = iv;
    *n_out = m;
    return PD_OK;
}
