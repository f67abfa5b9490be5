/* syllables.c - syllable nuclei, after N. H. de Jong & T. Wempe, "Praat
 * script to detect syllable nuclei and measure speech rate automatically",
 * Behavior Research Methods 41(2), 2009: a nucleus is a voiced peak of the
 * intensity contour, above the silence threshold, separated from the
 * previous nucleus by a dip of at least MIN_DIP_DB. */
#include <math.h>
#include <stdlib.h>
#include "dsp.h"

#define MIN_DIP_DB 2.0

static int inside(const pd_interval *seg, size_t n, double t)
{
    for (size_t i = 0; i < n; i++)
        if (t >= seg[i].start_s && t <= seg[i].end_s) return 1;
    return 0;
}

pd_status pd_detect_nuclei(const pd_tracks *t, const pd_interval *segments, size_t n_segments,
                           double threshold_db, double **times_out, size_t *n_out)
{
    *times_out = NULL;
    *n_out = 0;
    const size_t n = t->n;
    const float *db = t->int_db;
    size_t cap = 64, m = 0;
    double *times = malloc(cap * sizeof *times);
    if (!times) return PD_ERR_NOMEM;
    double last_peak = NAN;
    size_t last_i = 0;
    for (size_t i = 1; i + 1 < n; i++) {
        if (!(db[i] > db[i - 1] && db[i] >= db[i + 1])) continue;
        if (db[i] < threshold_db) continue;
        if (!isnan(last_peak)) {
            float dip = db[i];
            for (size_t j = last_i; j <= i; j++) if (db[j] < dip) dip = db[j];
            if (db[i] - dip < MIN_DIP_DB) {
                /* same nucleus: keep the higher peak */
                if (db[i] > last_peak && m > 0 && t->f0_hz[i] > 0) {
                    times[m - 1] = (double)i * t->hop_s;
                    last_peak = db[i];
                    last_i = i;
                }
                continue;
            }
        }
        if (t->f0_hz[i] <= 0) continue;
        double ti = (double)i * t->hop_s;
        if (!inside(segments, n_segments, ti)) continue;
        if (m == cap) {
            cap *= 2;
            double *nt = realloc(times, cap * sizeof *times);
            if (!nt) { free(times); return PD_ERR_NOMEM; }
            times = nt;
        }
        times[m++] = ti;
        last_peak = db[i];
        last_i = i;
    }
    *times_out = times;
    *n_out = m;
    return PD_OK;
}
