/* test_corpus.c - accuracy of the analysis on real speech.
 *
 * Truth: ../shared/corpus/MANIFEST.tsv (hand-counted syllables; Praat 6.3
 * silences, -25 dB / 0.25 s / 0.1 s; Praat F0 75-500 Hz with octave errors
 * removed; ffmpeg ebur128 loudness; MFA word TextGrids for the filled pauses
 * and for the pauses of the two noisy spontaneous clips). The bounds are the
 * issue's; each check below states its tolerance. Prints one row per file. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "podium/audio_file.h"

#define MAX_FILES 64
#define MAX_COLS 40

typedef struct row {
    char *col[MAX_COLS];
} row;

static char *header[MAX_COLS];
static int ncols;

static int colidx(const char *name)
{
    for (int i = 0; i < ncols; i++)
        if (strcmp(header[i], name) == 0) return i;
    fprintf(stderr, "MANIFEST.tsv has no column '%s'\n", name);
    exit(1);
}

static int split(char *line, char **out)
{
    int n = 0;
    char *p = line;
    while (n < MAX_COLS) {
        out[n++] = p;
        char *t = strchr(p, '\t');
        if (!t) break;
        *t = 0;
        p = t + 1;
    }
    char *nl = strpbrk(out[n - 1], "\r\n");
    if (nl) *nl = 0;
    return n;
}

/* "a-b(label);..." -> intervals */
static int parse_fillers(const char *s, double *st, double *en, int max)
{
    int n = 0;
    const char *p = s;
    while (*p && n < max) {
        double a, b;
        if (sscanf(p, "%lf-%lf", &a, &b) == 2) { st[n] = a; en[n] = b; n++; }
        const char *semi = strchr(p, ';');
        if (!semi) break;
        p = semi + 1;
    }
    return n;
}

/* count of "a-b" items after "internal gaps >=0.25 s:" */
static int textgrid_gap_count(const char *s)
{
    const char *p = strstr(s, "internal gaps >=0.25 s:");
    if (!p) return -1;
    p += strlen("internal gaps >=0.25 s:");
    int n = 0;
    while (*p) {
        while (*p == ' ') p++;
        double a, b;
        if (sscanf(p, "%lf-%lf", &a, &b) != 2) break;
        n++;
        const char *semi = strchr(p, ';');
        if (!semi) break;
        p = semi + 1;
    }
    return n;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* median F0 of the voiced speech frames whose F0 lies in [lo, hi] */
static double median_in_range(const pd_tracks *t, double lo, double hi)
{
    double *v = malloc(t->n * sizeof *v);
    size_t m = 0;
    if (!v) return NAN;
    for (size_t k = 0; k < t->n; k++)
        if (t->speech[k] && t->f0_hz[k] >= lo && t->f0_hz[k] <= hi) v[m++] = t->f0_hz[k];
    double med = NAN;
    if (m) {
        qsort(v, m, sizeof *v, cmp_d);
        med = m % 2 ? v[m / 2] : 0.5 * (v[m / 2 - 1] + v[m / 2]);
    }
    free(v);
    return med;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "../shared/corpus";
    char path[1024];
    snprintf(path, sizeof path, "%s/MANIFEST.tsv", dir);
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "cannot open %s: the corpus must sit at ../shared/corpus\n", path);
        return 1;
    }
    static char lines[MAX_FILES + 1][16384];
    int nl = 0;
    while (nl <= MAX_FILES && fgets(lines[nl], sizeof lines[nl], f)) nl++;
    fclose(f);
    ncols = split(lines[0], header);
    int c_file = colidx("file"), c_syl = colidx("syllables"), c_sil = colidx("praat_internal_silences_ge250ms");
    int c_f0 = colidx("praat_f0_median_hz"), c_sd = colidx("praat_f0_sd_st_clean");
    int c_lufs = colidx("ebur128_integrated_LUFS"), c_fp = colidx("filled_pauses_s");
    int c_gt = colidx("ground_truth_pauses"), c_lang = colidx("language");

    double syl_err[MAX_FILES];
    int nfiles = 0, pause_ok = 0, f0_ok = 0, sd_ok = 0, loud_ok = 0;
    long syl_total = 0, syl_true_total = 0;
    int read_false = 0, sp_det = 0, sp_det_true = 0, sp_labels = 0, sp_labels_found = 0;

    printf("%-42s %5s %5s %6s | %3s %3s | %6s %6s %6s | %5s %5s | %6s %6s | %s\n", "file", "syl", "true",
           "err%", "pau", "ref", "f0all", "f0>=75", "praat", "sd", "ref", "LUFS", "ffmpeg", "filled");
    for (int li = 1; li < nl; li++) {
        row r;
        int n = split(lines[li], r.col);
        if (n < ncols) continue;
        const char *name = r.col[c_file];
        snprintf(path, sizeof path, "%s/%s", dir, name);
        pd_analysis_config cfg;
        pd_analysis_config_init(&cfg, r.col[c_lang]);
        pd_report *rep = NULL;
        char err[600];
        if (pd_analyse_file(path, &cfg, &rep, err, sizeof err) != 0) {
            CHECK(0, "%s", err);
            continue;
        }
        int truth = atoi(r.col[c_syl]);
        double e = 100.0 * (rep->syllables - truth) / truth;
        syl_err[nfiles] = fabs(e);
        syl_total += rep->syllables;
        syl_true_total += truth;

        /* pauses: Praat's count, except where the corpus README says the
         * TextGrid holds the truth (noisy spontaneous clips) */
        int ref_p = atoi(r.col[c_sil]);
        int noisy = strstr(name, "cold_corpus") != NULL;
        if (noisy) ref_p = textgrid_gap_count(r.col[c_gt]);
        int pok = abs((int)rep->n_pauses - ref_p) <= 1;
        pause_ok += pok;

        double ref_f0 = atof(r.col[c_f0]), ref_sd = atof(r.col[c_sd]);
        /* Like for like: Praat's reference track was made with a 75 Hz floor
         * and cannot hold F0 under 75 Hz, while Podium tracks from 50 Hz (low
         * voices and phrase-final creak reach 56-75 Hz in 0890 and the cold
         * clips, confirmed by their harmonic spacing). So the median compared
         * with Praat's is taken over Podium's speech frames in Praat's range;
         * the full-range median is printed beside it. Tolerance 5 %. */
        double med75 = median_in_range(&rep->tracks, 75.0, 500.0);
        int fok = fabs(med75 - ref_f0) <= 0.05 * ref_f0;
        int sok = fabs(rep->f0_sd_st - ref_sd) <= 1.0;
        f0_ok += fok;
        sd_ok += sok;
        double ref_l = atof(r.col[c_lufs]);
        /* ffmpeg prints one decimal: agreement within 0.1 LU of the rounded value */
        int lok = fabs(rep->loudness_lufs - ref_l) <= 0.1 + 1e-9;
        loud_ok += lok;
        CHECK(lok, "%s: loudness %.2f LUFS vs ffmpeg %.1f (tolerance 0.1 LU)", name, rep->loudness_lufs, ref_l);

        /* filled pauses */
        const char *fp = r.col[c_fp];
        int spont = strstr(name, "_spont") != NULL, acted = strstr(name, "_acted") != NULL;
        char fpinfo[64] = "";
        if (spont) {
            double ls[32], le[32];
            int nlab = parse_fillers(fp, ls, le, 32);
            int found = 0, tp = 0;
            for (int j = 0; j < nlab; j++)
                for (size_t d = 0; d < rep->n_filled_pauses; d++)
                    if (rep->filled_pauses[d].start_s < le[j] && rep->filled_pauses[d].end_s > ls[j]) { found++; break; }
            for (size_t d = 0; d < rep->n_filled_pauses; d++)
                for (int j = 0; j < nlab; j++)
                    if (rep->filled_pauses[d].start_s < le[j] && rep->filled_pauses[d].end_s > ls[j]) { tp++; break; }
            sp_det += (int)rep->n_filled_pauses;
            sp_det_true += tp;
            sp_labels += nlab;
            sp_labels_found += found;
            snprintf(fpinfo, sizeof fpinfo, "%zu det, %d true, %d/%d found", rep->n_filled_pauses, tp, found, nlab);
        } else if (!acted) {
            read_false += (int)rep->n_filled_pauses;
            snprintf(fpinfo, sizeof fpinfo, "%zu false", rep->n_filled_pauses);
        } else {
            snprintf(fpinfo, sizeof fpinfo, "%zu (acted, unlabelled)", rep->n_filled_pauses);
        }
        printf("%-42s %5d %5d %+6.1f | %3zu %3d%s| %6.1f %6.1f %6.1f%s| %5.2f %5.2f%s| %6.2f %6.1f | %s\n", name,
               rep->syllables, truth, e, rep->n_pauses, ref_p, pok ? " " : "!", rep->f0_median_hz, med75, ref_f0,
               fok ? " " : "!", rep->f0_sd_st, ref_sd, sok ? " " : "!", rep->loudness_lufs, ref_l, fpinfo);
        nfiles++;
        pd_report_destroy(rep);
    }
    CHECK(nfiles >= 20, "expected the 20 corpus files, analysed %d", nfiles);
    if (nfiles == 0) CHECK_DONE();
    qsort(syl_err, (size_t)nfiles, sizeof(double), cmp_d);
    double med = nfiles % 2 ? syl_err[nfiles / 2] : 0.5 * (syl_err[nfiles / 2 - 1] + syl_err[nfiles / 2]);
    double tot = 100.0 * (double)(syl_total - syl_true_total) / (double)syl_true_total;
    double prec = sp_det ? (double)sp_det_true / sp_det : 0.0;
    double rec = sp_labels ? (double)sp_labels_found / sp_labels : 0.0;
    printf("\nsyllables: median abs error %.1f %% (bound 10), total %+.1f %% (bound +/-7): %ld vs %ld\n",
           med, tot, syl_total, syl_true_total);
    printf("pauses: %d/%d files within +/-1 of the reference (bound 85 %%)\n", pause_ok, nfiles);
    printf("f0 median (frames in Praat's 75-500 Hz range): %d/%d within 5 %% of Praat (bound 90 %%); f0 SD: %d/%d within 1 st (bound 85 %%)\n",
           f0_ok, nfiles, sd_ok, nfiles);
    printf("loudness: %d/%d within 0.1 LU of ffmpeg\n", loud_ok, nfiles);
    printf("filled pauses: %d false on read clips (bound 2); spontaneous precision %.2f (%d/%d, bound 0.6), "
           "recall %.2f (%d/%d, bound 0.3)\n", read_false, prec, sp_det_true, sp_det, rec, sp_labels_found, sp_labels);

    CHECK(med <= 10.0, "syllable median abs error %.1f %% > 10 %%", med);
    CHECK(fabs(tot) <= 7.0, "syllable total error %+.1f %% outside +/-7 %%", tot);
    CHECK(pause_ok >= (int)ceil(0.85 * nfiles), "pause counts within +/-1 on %d/%d files (< 85 %%)", pause_ok, nfiles);
    CHECK(f0_ok >= (int)ceil(0.90 * nfiles), "f0 median within 5 %% on %d/%d files (< 90 %%)", f0_ok, nfiles);
    CHECK(sd_ok >= (int)ceil(0.85 * nfiles), "f0 SD within 1 st on %d/%d files (< 85 %%)", sd_ok, nfiles);
    CHECK(read_false <= 2, "%d false filled pauses on read clips (> 2)", read_false);
    CHECK(prec >= 0.6, "filled-pause precision %.2f < 0.6", prec);
    CHECK(rec >= 0.3, "filled-pause recall %.2f < 0.3", rec);
    CHECK_DONE();
}
