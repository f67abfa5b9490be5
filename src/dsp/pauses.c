/* pauses.c - speech / silence segmentation with an adaptive threshold.
 *
 * As Praat's To TextGrid (silences) (Boersma & Weenink; Praat source
 * Intensity_to_TextGrid_detectSilences) and De Jong & Wempe (2009): a frame
 * is silent when its intensity (80 Hz high-passed, 64 ms window: the
 * level_db track, which follows Praat's 80-8000 Hz band-passed intensity
 * within ~0.3 dB on speech) is more than silence_below_db under the
 * loudest frame; sounding stretches shorter than min_sounding_s are dropped
 * first, then silences shorter than min_pause_s.
 *
 * Two changes make the threshold hold where Praat's does not:
 * - The reference is the loudest *voiced* frame (periodicity >= VOICED_PER on
 *   three consecutive frames), not the loudest frame. On clean speech the two
 *   are the same frame (a vowel); a cough, click or bump is aperiodic and no
 *   longer pushes quiet speech under the threshold.
 * - In a noisy room the threshold is kept NOISE_MARGIN_DB over the noise
 *   floor (a low quantile of the frame levels), so that pauses, which sit at
 *   the noise floor, stay under it. The margin is a few times the frame-to-
 *   frame spread of a stationary noise level under a 64 ms window (< 1 dB).
 * - When the noise raises the threshold, a sounding stretch is measured with
 *   two thresholds, as in Rabiner & Sambur's endpoint detector (Bell Syst.
 *   Tech. J. 54(2), 1975): it must reach the threshold above, but its extent
 *   is where it stays over a lower one, EXTEND_MARGIN_DB over the noise
 *   floor. In a noisy room the onsets, codas and weak syllables of quiet
 *   words sink to within a few dB of the noise; measured at the raised
 *   threshold a short word shrinks under min_sounding_s and is dropped, and
 *   the closures around it become false pauses. The lower threshold never
 *   goes under Praat's (speech level - silence_below_db), so on a clean
 *   recording both thresholds are Praat's and nothing changes.
 * - A level change inside the take (the speaker turns away or steps back)
 *   gets a local reference, as in adaptive endpoint detectors (Rabiner &
 *   Sambur 1975; L. F. Lamel, L. R. Rabiner, A. E. Rosenberg & J. G. Wilpon,
 *   "An improved endpoint detector for isolated word recognition", IEEE
 *   Trans. ASSP 29(4), 1981) or a slow AGC: the loudest voiced frame within
 *   +/-LOCAL_WIN_S, used where it is at least LOCAL_MIN_DROP_DB under the
 *   take's (natural phrase-to-phrase variation stays under it: on the corpus
 *   a smaller dead zone lowered the threshold in the deliberately quieter
 *   part of en_mfa_acoustic_corpus_spont and took pauses Praat finds).
 *   Only voiced frames LOCAL_MIN_SNR_DB over the noise floor count, and a
 *   lowered threshold stays LOCAL_NOISE_MARGIN_DB over the noise floor, so a
 *   long pause of room noise (or hum, which is periodic) stays silent.
 *   The per-frame drop is returned (gain_db) so that the nucleus and filler
 *   detectors use the same threshold. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "dsp.h"

#define SPEECH_QUANTILE 0.995   /* reference when nothing is voiced */
#define NOISE_QUANTILE 0.05
#define VOICED_PER 0.8          /* 1 - YIN d' of a clearly periodic frame */
#define NOISE_MARGIN_DB 3.0     /* threshold at least this far over the noise floor */
#define MAX_RAISE_DB 10.0       /* but never closer than this to the speech level */
#define EXTEND_MARGIN_DB 1.75    /* lower threshold (stretch extent) over the noise floor */
#define LOCAL_WIN_S 4.0          /* half-width of the local reference's window */
#define LOCAL_MIN_DROP_DB 9.0    /* a local reference nearer the take's than this is not used */
#define LOCAL_MIN_SNR_DB 13.0    /* voiced frames this far over the noise floor make the local reference */
#define LOCAL_NOISE_MARGIN_DB 8.0 /* a lowered threshold stays this far over the noise floor */

static int is_voiced(const pd_tracks *t, size_t i)
{
    return i > 0 && i + 1 < t->n && t->periodicity[i - 1] >= VOICED_PER &&
           t->periodicity[i] >= VOICED_PER && t->periodicity[i + 1] >= VOICED_PER;
}

/* loudest frame that is periodic together with both neighbours; NaN if none */
static double voiced_max(const pd_tracks *t)
{
    double best = NAN;
    for (size_t i = 1; i + 1 < t->n; i++) {
        if (!is_voiced(t, i)) continue;
        if (isnan(best) || t->level_db[i] > best) best = t->level_db[i];
    }
    return best;
}

/* The local reference, ref[i]: the loudest voiced frame within
 * +/-LOCAL_WIN_S of frame i (a running maximum), counting only voiced frames
 * at least LOCAL_MIN_SNR_DB over the noise floor; the take's reference
 * `speech` where there is none, and where the local one is less than
 * LOCAL_MIN_DROP_DB under it. Sliding maximum over a monotonic deque. */
static pd_status local_reference(const pd_tracks *t, double speech, double noise, float *ref)
{
    const size_t n = t->n;
    const size_t w = (size_t)(LOCAL_WIN_S / t->hop_s + 0.5);
    const double floor_db = noise + LOCAL_MIN_SNR_DB;
    size_t *dq = malloc(n * sizeof *dq);
    if (!dq) return PD_ERR_NOMEM;
    size_t h = 0, e = 0, next = 0;   /* dq[h..e): candidate frames, levels decreasing */
    for (size_t i = 0; i < n; i++) {
        size_t hi = i + w < n ? i + w : n - 1;
        for (; next <= hi; next++) {
            if (!is_voiced(t, next) || t->level_db[next] < floor_db) continue;
            while (e > h && t->level_db[dq[e - 1]] <= t->level_db[next]) e--;
            dq[e++] = next;
        }
        while (h < e && dq[h] + w < i) h++;
        double r = h < e ? t->level_db[dq[h]] : speech;
        if (speech - r < LOCAL_MIN_DROP_DB) r = speech;
        ref[i] = (float)fmin(r, speech);
    }
    free(dq);
    return PD_OK;
}

/* time where the level crosses thr between frames i and i+1 */
static double crossing(const float *db, size_t i, double thr, double hop)
{
    double a = db[i], b = db[i + 1];
    double f = (a == b) ? 0.5 : (thr - a) / (b - a);
    if (f < 0.0) f = 0.0;
    if (f > 1.0) f = 1.0;
    return ((double)i + f) * hop;
}

pd_status pd_detect_segments(const pd_tracks *t, const pd_analysis_config *cfg,
                             pd_vad_result *out)
{
    memset(out, 0, sizeof *out);
    const size_t n = t->n;
    out->speech_level_db = out->noise_floor_db = out->threshold_db = NAN;
    if (n < 2) return PD_OK;
    float *scratch = malloc(n * sizeof *scratch);
    if (!scratch) return PD_ERR_NOMEM;
    double speech = voiced_max(t);
    if (isnan(speech)) speech = pd_quantile(t->level_db, n, SPEECH_QUANTILE, scratch);
    double noise = pd_quantile(t->level_db, n, NOISE_QUANTILE, scratch);
    free(scratch);
    const double sb = cfg->silence_below_db;
    double thr = fmax(speech - sb, fmin(noise + NOISE_MARGIN_DB, speech - MAX_RAISE_DB));
    out->speech_level_db = speech;
    out->noise_floor_db = noise;
    out->threshold_db = thr;
    if (speech < -100.0) return PD_OK;   /* digital silence */

    /* per frame: the threshold (hi) and the lower extent threshold (lo), from
     * the local reference; gain = how far hi stands under the take's threshold */
    float *ref = malloc(n * sizeof *ref), *dhi = malloc(n * sizeof *dhi), *dlo = malloc(n * sizeof *dlo);
    float *gain = malloc(n * sizeof *gain);
    if (!ref || !dhi || !dlo || !gain) { free(ref); free(dhi); free(dlo); free(gain); return PD_ERR_NOMEM; }
    if (local_reference(t, speech, noise, ref) != PD_OK) {
        free(ref); free(dhi); free(dlo); free(gain);
        return PD_ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        double L = ref[i];
        double hi = fmax(L - sb, fmin(noise + NOISE_MARGIN_DB, L - MAX_RAISE_DB));
        hi = fmax(hi, fmin(thr, noise + LOCAL_NOISE_MARGIN_DB));
        /* lower (extent) threshold: Praat's, or just over the noise floor */
        double lo = fmax(L - sb, fmin(noise + EXTEND_MARGIN_DB, hi));
        dhi[i] = (float)(t->level_db[i] - hi);
        dlo[i] = (float)(t->level_db[i] - lo);
        gain[i] = (float)(thr - hi);
    }
    free(ref);

    /* raw sounding runs: over lo, reaching hi */
    size_t cap = 16, m = 0;
    pd_interval *iv = malloc(cap * sizeof *iv);
    if (!iv) { free(dhi); free(dlo); free(gain); return PD_ERR_NOMEM; }
    const double hop = t->hop_s;
    size_t i = 0;
    while (i < n) {
        if (dlo[i] < 0.0f) { i++; continue; }
        size_t j = i;
        int reached = dhi[i] >= 0.0f;
        while (j + 1 < n && dlo[j + 1] >= 0.0f) {
            j++;
            if (dhi[j] >= 0.0f) reached = 1;
        }
        if (!reached) { i = j + 1; continue; }
        double s = i == 0 ? 0.0 : crossing(dlo, i - 1, 0.0, hop);
        double e = j + 1 >= n ? (double)(n - 1) * hop : crossing(dlo, j, 0.0, hop);
        if (m == cap) {
            cap *= 2;
            pd_interval *nv = realloc(iv, cap * sizeof *iv);
            if (!nv) { free(iv); free(dhi); free(dlo); free(gain); return PD_ERR_NOMEM; }
            iv = nv;
        }
        iv[m].start_s = s;
        iv[m].end_s = e;
        m++;
        i = j + 1;
    }
    free(dhi);
    free(dlo);
    /* drop short sounding stretches, then bridge short silences */
    size_t k = 0;
    for (size_t a = 0; a < m; a++)
        if (iv[a].end_s - iv[a].start_s >= cfg->min_sounding_s) iv[k++] = iv[a];
    m = k;
    k = 0;
    for (size_t a = 0; a < m; a++) {
        if (k > 0 && iv[a].start_s - iv[k - 1].end_s < cfg->min_pause_s)
            iv[k - 1].end_s = iv[a].end_s;
        else
            iv[k++] = iv[a];
    }
    out->segments = iv;
    out->n_segments = k;
    out->gain_db = gain;
    return PD_OK;
}

/* Is stretch s speech: does a syllable nucleus or a filled pause lie in it
 * or within reach (less than a pause, min_pause_s) of it?
 * The reach keeps the fricative or plosive coda of a last word whose vowel
 * was too short a stretch on its own (under min_sounding_s, dropped) and so
 * lies just before the coda's stretch; a breath or a noise after a real
 * pause stays out. */
static int holds_speech(const pd_interval *s, double reach, const double *nuclei,
                        size_t n_nuclei, const pd_interval *filled, size_t n_filled)
{
    for (size_t i = 0; i < n_nuclei; i++)
        if (nuclei[i] > s->start_s - reach && nuclei[i] < s->end_s + reach) return 1;
    for (size_t i = 0; i < n_filled; i++)
        if (filled[i].start_s < s->end_s + reach && filled[i].end_s > s->start_s - reach) return 1;
    return 0;
}

size_t pd_trim_edge_segments(pd_interval *seg, size_t n, double min_pause_s,
                             const double *nuclei, size_t n_nuclei,
                             const pd_interval *filled, size_t n_filled)
{
    size_t a = 0, b = n;
    while (a < b && !holds_speech(&seg[a], min_pause_s, nuclei, n_nuclei, filled, n_filled)) a++;
    while (b > a && !holds_speech(&seg[b - 1], min_pause_s, nuclei, n_nuclei, filled, n_filled)) b--;
    if (a > 0) memmove(seg, seg + a, (b - a) * sizeof *seg);
    return b - a;
}
