/* livepace_bench.c - does the drill's live pace agree with the report?
 * (issue 10, defect 4). Prints figures for the README; asserts nothing.
 *
 * usage: podium-livepace-bench [--window SPEAKING_S] [--min-syllables N] CORPUS_DIR SAMPLE.wav
 * (the options change pd_live's pace window and its showing threshold, to
 * see the trade-off; the defaults are pd_live's)
 *
 * The files: the corpus clips (CORPUS_DIR/MANIFEST.tsv) of at least
 * MIN_CLIP_S and the spontaneous ones (named *_spont.wav), plus SAMPLE (the
 * bundled assets/sample_en_jfk_ask_not.wav; the corpus's copy of it is
 * shorter than MIN_CLIP_S and so not counted twice).
 *
 * Each file is fed through pd_live (live.h, default settings, as the demo
 * and microphone sources create it) in 10 ms chunks, as a capture thread
 * does in real time; the meters are a pure function of the samples, so no
 * clock is needed. The reference is the report of the whole take
 * (pd_analyse_file, as `podium analyse --json`): articulation_rate_syl_s.
 *
 * - Agreement: the meter read once a second of audio (t = 1, 2, 3 ... s),
 *   counted once the meter's speaking_s has reached WARMUP_SPEAKING_S;
 *   of those, the ones showing a pace (pace_syl_s is NaN until its window
 *   holds pace_min_syllables: nothing is shown then). Share of those updates
 *   within AGREE_TOL of the report's articulation rate, and the median
 *   live/report ratio. The goal: within 20 % in 90 % of the updates.
 * - Cues: the drill's cues() (src/ui/screen_drill.c) replayed on every 10 ms
 *   chunk with the default feedback bounds: "go on" after a 4 s pause,
 *   "slower" when pd_pace_judge says so (over articulation_fast_syl_s for
 *   its 1 s hold), "louder"/"softer" after 3 s out of the loudness band,
 *   "faster" when pd_pace_judge says under articulation_slow_syl_s, while
 *   speaking; at most one cue every 15 s, none before 8 s. The drill's
 *   constants are copied here (they are private to the drill). A pace cue is
 *   contradicted when the report disagrees: "slower" with the report's
 *   articulation rate at or under articulation_fast_syl_s, "faster" with it
 *   at or over articulation_slow_syl_s. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "podium/analysis.h"
#include "podium/audio_file.h"
#include "podium/feedback.h"
#include "podium/live.h"

#define MIN_CLIP_S        20.0 /* the corpus's "longer clips" */
#define CHUNK_S           0.01 /* a capture thread's 10 ms */
#define WARMUP_SPEAKING_S 5.0  /* the issue: after the first 5 s of speaking */
#define AGREE_TOL         0.20 /* the issue: within 20 % */
#define GOAL_SHARE        0.90 /* the issue: in 90 % of the updates */
#define MAX_FILES         64
#define MAX_UPDATES       4096

/* src/ui/screen_drill.c */
#define CUE_EVERY_S      15.0
#define CUE_FIRST_S      8.0
#define LONG_PAUSE_CUE_S 4.0
#define LOUD_HI_LUFS     (-10.0)
#define QUIET_CUE_S      3.0

typedef struct result {
    char name[128];
    double report_ar;
    int after_warmup;          /* 1 s updates after WARMUP_SPEAKING_S of speaking */
    int updates, within;       /* of those, the ones showing a pace; within 20 % */
    double first_shown_speaking_s; /* speaking_s at the first counted pace */
    double median_ratio;
    int slower, faster, contradicted;
    double live_min, live_max;
    /* where a difference comes from (same 5 s windows as the live pace) */
    int live_local_within;     /* live pace within 20 % of the report's own rate in the window */
    int cues_locally_backed;   /* pace cues the report's own rate in the window agrees with */
    int local_within;          /* report's own rate in the window within 20 % of its whole-take rate */
    double med_nuclei_ratio;   /* live nuclei / report nuclei in the window, median */
    double med_speaking_ratio; /* live speaking / report sounding time in the window, median */
    double live_speaking_s, report_phonation_s;
    int report_fillers; /* filled pauses the report found (their nuclei it leaves out) */
} result;

static double ratios_all[MAX_FILES * MAX_UPDATES];
static int n_ratios_all;

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    if (n <= 0) return NAN;
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

/* The window the newest live pace was measured on (pd_live estimates it
 * every 50 frames, over the newest frames that hold the meter's
 * pace_window_speaking_s of speaking; last_fr is the newest frame the
 * meter has reached): the report's nuclei and sounding time there, and
 * the live meter's speaking time there (from spk, speaking_s after each
 * frame). 0 when the window is not known or the report has nothing there. */
static int pace_window(const pd_report *rep, const double *spk, size_t n_fr, long long last_fr,
                       double win_speaking_s, double *rn, double *rep_spk, double *live_spk)
{
    long long kp = (last_fr + 1) / 50 * 50 - 1;
    if (kp < 1 || kp >= (long long)n_fr || !isfinite(win_speaking_s)) return 0;
    long long k0 = kp;
    while (k0 > 0 && spk[kp] - spk[k0 - 1] < win_speaking_s - 0.5 * PD_HOP_S) k0--;
    if (k0 < 1) return 0;
    double lo = (k0 - 0.5) * PD_HOP_S, hi = (kp + 0.5) * PD_HOP_S;
    int nn = 0, ns = 0;
    for (size_t i = 0; i < rep->n_nuclei; i++) nn += rep->nuclei_s[i] >= lo && rep->nuclei_s[i] < hi;
    for (long long k = k0; k <= kp && k < (long long)rep->tracks.n; k++) ns += rep->tracks.speech[k];
    *rn = nn;
    *rep_spk = ns * PD_HOP_S;
    *live_spk = spk[kp] - spk[k0 - 1];
    return nn > 0 && ns > 0;
}

/* one file through pd_live and the report; 0 or -1 (message printed) */
static int run_file(const char *path, const char *lang, const pd_feedback_bounds *b,
                    const pd_live_config *lcfg, result *r)
{
    char err[512];
    memset(r, 0, sizeof *r);
    snprintf(r->name, sizeof r->name, "%s", base_name(path));
    pd_analysis_config acfg;
    pd_analysis_config_init(&acfg, lang);
    pd_report *rep = NULL;
    if (pd_analyse_file(path, &acfg, &rep, err, sizeof err) != 0) {
        fprintf(stderr, "podium-livepace-bench: %s\n", err);
        return -1;
    }
    r->report_ar = rep->articulation_rate_syl_s;
    r->report_phonation_s = rep->phonation_time_s;
    r->report_fillers = (int)rep->n_filled_pauses;

    float *x = NULL;
    size_t frames = 0;
    int rate = 0, ch = 0;
    if (pd_read_file(path, &x, &frames, &rate, &ch, err, sizeof err) != 0) {
        fprintf(stderr, "podium-livepace-bench: %s\n", err);
        pd_report_destroy(rep);
        return -1;
    }
    pd_live *lv = NULL;
    if (pd_live_create(lcfg, rate, ch, &lv) != PD_OK) {
        fprintf(stderr, "podium-livepace-bench: %s: the live meters cannot run at %d Hz, %d channels\n", path,
                rate, ch);
        free(x);
        pd_report_destroy(rep);
        return -1;
    }
    static double ratios[MAX_UPDATES];
    static double nuc_q[MAX_UPDATES], spk_q[MAX_UPDATES];
    /* speaking_s after each 10 ms frame of the meter (state_time_s tells
     * which frame the meter has reached), to know the live pace's window */
    size_t n_fr = frames / (size_t)(rate / 100) + 8;
    double *spk = calloc(n_fr, sizeof *spk);
    if (!spk) {
        free(x);
        pd_live_destroy(lv);
        pd_report_destroy(rep);
        return -1;
    }
    long long last_fr = -1;
    int n_diag = 0;
    size_t chunk = (size_t)llround(CHUNK_S * rate);
    double next_read_s = 1.0, last_cue_s = -1e9, quiet_since_s = NAN;
    pd_pace_judge judge;
    pd_pace_judge_init(&judge, b->articulation_slow_syl_s, b->articulation_fast_syl_s);
    r->first_shown_speaking_s = NAN;
    r->live_min = INFINITY;
    r->live_max = -INFINITY;
    for (size_t done = 0; done < frames; done += chunk) {
        size_t n = frames - done < chunk ? frames - done : chunk;
        if (pd_live_feed(lv, x + done * (size_t)ch, n) != PD_OK) {
            fprintf(stderr, "podium-livepace-bench: %s: the live meters failed\n", path);
            break;
        }
        const pd_live_meter *m = pd_live_current(lv);
        double now = (double)(done + n) / rate;
        double pace = m->pace_syl_s;
        if (m->update) {
            long long fr = llround(m->state_time_s / PD_HOP_S);
            for (long long k = last_fr + 1; k <= fr && k < (long long)n_fr; k++) spk[k] = m->speaking_s;
            if (fr > last_fr) last_fr = fr;
        }
        /* the agreement, once a second */
        if (now + 1e-9 >= next_read_s) {
            next_read_s += 1.0;
            if (m->speaking_s >= WARMUP_SPEAKING_S) r->after_warmup++;
            if (m->speaking_s >= WARMUP_SPEAKING_S && isfinite(pace) && r->updates < MAX_UPDATES) {
                if (isnan(r->first_shown_speaking_s)) r->first_shown_speaking_s = m->speaking_s;
                double q = pace / r->report_ar;
                ratios[r->updates++] = q;
                if (n_ratios_all < MAX_FILES * MAX_UPDATES) ratios_all[n_ratios_all++] = q;
                if (fabs(q - 1.0) <= AGREE_TOL) r->within++;
                if (pace < r->live_min) r->live_min = pace;
                if (pace > r->live_max) r->live_max = pace;
                double rn, rep_spk, live_spk;
                if (n_diag < MAX_UPDATES &&
                    pace_window(rep, spk, n_fr, last_fr, m->pace_window_speaking_s, &rn, &rep_spk, &live_spk)) {
                    double loc = rn / rep_spk;
                    if (fabs(loc / r->report_ar - 1.0) <= AGREE_TOL) r->local_within++;
                    if (fabs(pace / loc - 1.0) <= AGREE_TOL) r->live_local_within++;
                    nuc_q[n_diag] = pace * live_spk / rn;
                    spk_q[n_diag] = live_spk / rep_spk;
                    n_diag++;
                }
            }
        }
        /* the drill's cues (as the sources map a pd_live_meter) */
        int speaking = m->state == PD_LIVE_SPEAKING;
        int heard = m->state != PD_LIVE_WAITING || m->speaking_s > 0;
        double pause_s = m->state == PD_LIVE_PAUSE ? m->pause_s : 0;
        double lufs = m->update && isfinite(m->momentary_lufs) ? m->momentary_lufs : NAN;
        int off_band = speaking && isfinite(lufs) && (lufs < b->loudness_quiet_lufs || lufs > LOUD_HI_LUFS);
        if (!off_band)
            quiet_since_s = NAN;
        else if (isnan(quiet_since_s))
            quiet_since_s = now;
        int judged = pd_pace_judge_update(&judge, pace, now);
        if (now - last_cue_s < CUE_EVERY_S || now < CUE_FIRST_S || !heard) continue;
        int cue = 0, pace_cue = 0; /* pace_cue: 1 slower, -1 faster */
        if (pause_s >= LONG_PAUSE_CUE_S)
            cue = 1;
        else if (judged == 1)
            cue = 1, pace_cue = 1;
        else if (!isnan(quiet_since_s) && now - quiet_since_s >= QUIET_CUE_S)
            cue = 1;
        else if (judged == -1 && speaking)
            cue = 1, pace_cue = -1;
        if (!cue) continue;
        last_cue_s = now;
        if (pace_cue > 0) {
            r->slower++;
            if (r->report_ar <= b->articulation_fast_syl_s) r->contradicted++;
        } else if (pace_cue < 0) {
            r->faster++;
            if (r->report_ar >= b->articulation_slow_syl_s) r->contradicted++;
        }
        double rn, rep_spk, live_spk;
        if (pace_cue &&
            pace_window(rep, spk, n_fr, last_fr, m->pace_window_speaking_s, &rn, &rep_spk, &live_spk)) {
            double loc = rn / rep_spk;
            if (pace_cue > 0 ? loc > b->articulation_fast_syl_s : loc < b->articulation_slow_syl_s)
                r->cues_locally_backed++;
        }
    }
    r->median_ratio = median(ratios, r->updates);
    r->med_nuclei_ratio = median(nuc_q, n_diag);
    r->med_speaking_ratio = median(spk_q, n_diag);
    r->live_speaking_s = pd_live_current(lv)->speaking_s;
    free(spk);
    pd_live_destroy(lv);
    pd_report_destroy(rep);
    free(x);
    return 0;
}

/* the corpus files chosen from MANIFEST.tsv (columns: file, lang, ...,
 * duration_s in the 7th) */
static int pick_corpus(const char *dir, char paths[][1024], char langs[][8], int max)
{
    char mpath[1024];
    snprintf(mpath, sizeof mpath, "%s/MANIFEST.tsv", dir);
    FILE *f = fopen(mpath, "r");
    if (!f) {
        fprintf(stderr,
                "podium-livepace-bench: cannot open %s: give the corpus folder (it holds MANIFEST.tsv)\n",
                mpath);
        return -1;
    }
    static char line[16384];
    int n = 0, first = 1;
    while (fgets(line, sizeof line, f) && n < max) {
        if (first) {
            first = 0;
            continue;
        } /* the header */
        char *col[8] = {0};
        int k = 0;
        for (char *p = line; k < 8 && p; k++) {
            col[k] = p;
            p = strchr(p, '\t');
            if (p) *p++ = '\0';
        }
        if (k < 7) continue;
        double dur = atof(col[6]);
        int spont = strstr(col[0], "_spont.") != NULL;
        if (dur < MIN_CLIP_S && !spont) continue;
        snprintf(paths[n], 1024, "%s/%s", dir, col[0]);
        snprintf(langs[n], 8, "%s", col[1]);
        n++;
    }
    fclose(f);
    if (n == 0)
        fprintf(stderr, "podium-livepace-bench: %s names no clip of %.0f s or more\n", mpath, MIN_CLIP_S);
    return n ? n : -1;
}

int main(int argc, char **argv)
{
    pd_live_config lcfg;
    pd_live_config_init(&lcfg);
    int ai = 1;
    for (; ai + 1 < argc && argv[ai][0] == '-' && argv[ai][1] == '-'; ai += 2) {
        if (!strcmp(argv[ai], "--window")) lcfg.pace_window_s = atof(argv[ai + 1]);
        else if (!strcmp(argv[ai], "--min-syllables")) lcfg.pace_min_syllables = atoi(argv[ai + 1]);
        else break;
    }
    if (argc - ai != 2) {
        fprintf(stderr, "usage: podium-livepace-bench [--window SPEAKING_S] [--min-syllables N] CORPUS_DIR "
                        "SAMPLE.wav\n"
                        "  e.g. podium-livepace-bench ../shared/corpus assets/sample_en_jfk_ask_not.wav\n");
        return 2;
    }
    pd_live *probe = NULL;
    if (pd_live_create(&lcfg, 16000, 1, &probe) != PD_OK) {
        fprintf(stderr, "podium-livepace-bench: --window must be 1-60 s and --min-syllables 1-1000\n");
        return 2;
    }
    pd_live_destroy(probe);
    static char paths[MAX_FILES][1024];
    static char langs[MAX_FILES][8];
    int n = pick_corpus(argv[ai], paths, langs, MAX_FILES - 1);
    if (n < 0) return 1;
    snprintf(paths[n], 1024, "%s", argv[ai + 1]);
    snprintf(langs[n], 8, "en");
    n++;
    pd_feedback_bounds b;
    pd_feedback_bounds_init(&b);
    printf("live pace (pd_live, 10 ms chunks; window %.0f s of speaking, shown from %d syllables) against\n"
           "the report's articulation rate; meter read every 1 s after %.0f s of speaking; band %.1f-%.1f syl/s\n"
           "(default feedback bounds)\n\n",
           lcfg.pace_window_s, lcfg.pace_min_syllables, WARMUP_SPEAKING_S, b.articulation_slow_syl_s,
           b.articulation_fast_syl_s);
    printf("| file | report artic. syl/s | updates after 5 s of speaking | pace shown | first shown at speaking s "
           "| within 20 %% | median live/report | live range syl/s | pace cues (slower/faster) | contradicted "
           "|\n|---|---|---|---|---|---|---|---|---|---|\n");
    static result res[MAX_FILES];
    int n_res = 0;
    int after = 0, upd = 0, within = 0, cues = 0, contra = 0, files_met = 0, files = 0, failed = 0;
    for (int i = 0; i < n; i++) {
        result r;
        if (run_file(paths[i], langs[i], &b, &lcfg, &r) != 0) {
            failed++;
            continue;
        }
        files++;
        res[n_res++] = r;
        after += r.after_warmup;
        upd += r.updates;
        within += r.within;
        cues += r.slower + r.faster;
        contra += r.contradicted;
        double share = r.updates ? (double)r.within / r.updates : NAN;
        if (r.updates && share >= GOAL_SHARE) files_met++;
        if (r.updates)
            printf("| %s | %.2f | %d | %d | %.1f | %d (%.0f %%) | %.2f | %.1f-%.1f | %d/%d | %d |\n", r.name,
                   r.report_ar, r.after_warmup, r.updates, r.first_shown_speaking_s, r.within, 100.0 * share,
                   r.median_ratio, r.live_min, r.live_max, r.slower, r.faster, r.contradicted);
        else
            printf("| %s | %.2f | %d | 0 | - | - | - | - | %d/%d | %d |\n", r.name, r.report_ar, r.after_warmup,
                   r.slower, r.faster, r.contradicted);
    }
    printf("\noverall: %d updates after 5 s of speaking, %d show a pace, %d of those within 20 %% (%.0f %%); "
           "median live/report %.2f; goal (90 %% within 20 %%) met on %d of %d files with a pace shown, "
           "overall %s; %d pace cues, %d contradicted by the report\n",
           after, upd, within, upd ? 100.0 * within / upd : 0.0, median(ratios_all, n_ratios_all), files_met,
           files, upd && (double)within / upd >= GOAL_SHARE ? "met" : "NOT met", cues, contra);
    printf("\nwhere the difference comes from, on the same updates (each live pace's window; \"report's own\":\n"
           "the whole take's report, its nuclei over its sounding frames in that window):\n"
           "| file | report's own window rate within 20 %% of its whole-take rate | live within 20 %% of the "
           "report's own window rate | live/report nuclei (median) | live/report speaking time (median) | "
           "whole take: live speaking_s / report phonation s | report's filled pauses | pace cues the "
           "report's own window rate backs |\n|---|---|---|---|---|---|---|---|\n");
    for (int i = 0; i < n_res; i++) {
        const result *r = &res[i];
        char lw[16] = "-", llw[16] = "-", nq[16] = "-", sq[16] = "-";
        if (r->updates) {
            snprintf(lw, sizeof lw, "%.0f %%", 100.0 * r->local_within / r->updates);
            snprintf(llw, sizeof llw, "%.0f %%", 100.0 * r->live_local_within / r->updates);
        }
        if (isfinite(r->med_nuclei_ratio)) snprintf(nq, sizeof nq, "%.2f", r->med_nuclei_ratio);
        if (isfinite(r->med_speaking_ratio)) snprintf(sq, sizeof sq, "%.2f", r->med_speaking_ratio);
        printf("| %s | %s | %s | %s | %s | %.1f / %.1f | %d | %d of %d |\n", r->name, lw, llw, nq, sq, r->live_speaking_s, r->report_phonation_s, r->report_fillers,
               r->cues_locally_backed, r->slower + r->faster);
    }
    return failed ? 1 : 0;
}
