/* fillers.c - filled pauses ("uh", "um", "ehm") from the sound alone.
 *
 * A filled pause is a long, steady, voiced stretch with a flat F0 and a
 * stable spectral envelope, usually next to a silent pause (Goto, Itou &
 * Hayamizu 1999; De Jong & Pacilly's v3 add-on). Candidates are voiced runs
 * of at least MIN_LEN_S whose F0 moves little and whose cepstrum changes
 * little from frame to frame; they must touch a silence on one side. */
#include <math.h>
#include <stdlib.h>
#include "dsp.h"

#define MIN_LEN_S 0.25
#define MAX_F0_SD_ST 1.0
#define MAX_CEP_DELTA 2.5        /* mean frame-to-frame cepstral distance, dB */
#define NEAR_SILENCE_S 0.08

static int next_to_silence(const pd_interval *seg, size_t n, double s, double e)
{
    for (size_t i = 0; i < n; i++) {
        if (fabs(seg[i].start_s - s) < NEAR_SILENCE_S) return 1;
        if (fabs(seg[i].end_s - e) < NEAR_SILENCE_S) return 1;
    }
    return 0;
}

pd_status pd_detect_fillers(const pd_tracks *t, const pd_interval *segments, size_t n_segments,
                            const double *nuclei_s, size_t n_nuclei,
                            pd_interval **out, size_t *n_out)
{
    (void)nuclei_s; (void)n_nuclei;
    *out = NULL;
    *n_out = 0;
    size_t cap = 8, m = 0;
    pd_interval *iv = malloc(cap * sizeof *iv);
    if (!iv) return PD_ERR_NOMEM;
    const size_t n = t->n;
    size_t i = 0;
    while (i < n) {
        if (t->f0_hz[i] <= 0 || !t->speech[i]) { i++; continue; }
        size_t j = i;
        while (j + 1 < n && t->f0_hz[j + 1] > 0 && t->speech[j + 1]) j++;
        size_t len = j - i + 1;
        double s = (double)i * t->hop_s, e = (double)(j + 1) * t->hop_s;
        if ((double)len * t->hop_s >= MIN_LEN_S && next_to_silence(segments, n_segments, s, e)) {
            double sum = 0.0, sum2 = 0.0, cd = 0.0;
            for (size_t k = i; k <= j; k++) {
                double st = 12.0 * log2(t->f0_hz[k] / 100.0);
                sum += st; sum2 += st * st;
                if (k > i) {
                    double d2 = 0.0;
                    for (int c = 0; c < PD_NCEP; c++) {
                        double d = t->cep[k * PD_NCEP + c] - t->cep[(k - 1) * PD_NCEP + c];
                        d2 += d * d;
                    }
                    cd += sqrt(d2);
                }
            }
            double mean = sum / len;
            double sd = sqrt(fmax(0.0, sum2 / len - mean * mean));
            cd /= (double)(len - 1);
            if (sd <= MAX_F0_SD_ST && cd <= MAX_CEP_DELTA) {
                if (m == cap) {
                    cap *= 2;
                    pd_interval *nv = realloc(iv, cap * sizeof *iv);
                    if (!nv) { free(iv); return PD_ERR_NOMEM; }
                    iv = nv;
                }
                iv[m].start_s = s;
                iv[m].end_s = e;
                m++;
            }
        }
        i = j + 1;
    }
    *out = iv;
    *n_out = m;
    return PD_OK;
}
