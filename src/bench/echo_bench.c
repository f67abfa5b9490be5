/* echo_bench.c - what acoustic echo cancellation (libspeexdsp) would gain
 * Podium over the exclusions (issue 9: "measure what it gains before
 * keeping it"). Prints figures for the README; asserts nothing. No I/O but
 * reading the corpus's WAV files and printing.
 *
 * usage: podium-echo-bench [--filter-ms MS] [--brief] CORPUS_DIR
 *   (CORPUS_DIR holds MANIFEST.tsv; --filter-ms the canceller's filter
 *   length, default 200 ms; --brief prints the summary only)
 *
 * The takes. Every clip of CORPUS_DIR/MANIFEST.tsv that is speech (all of
 * its rows are real speakers, README.md there: a row with a transcript of
 * at least one word), read with pd_read_file, mixed to mono, repeated end
 * to end to at least TAKE_MIN_S so that a drill's plan has sounds in it
 * (none comes before PD_DISTRACT_FIRST_S). That is "the take without
 * distractions" (the clean speech), as dry as it was recorded: the speaker
 * is near the microphone, the loudspeaker is not.
 *
 * The played signal: the drill's own plan (pd_distract_plan, PER_MIN a
 * minute, seeded by the file's name) rendered by pd_distract_render, each
 * sound at the gain the app gives it against the speaker's loudness
 * (pd_distract_gain_db, 3 dB under; the speaker's loudness here is the
 * clean take's BS.1770 integrated loudness where the app uses its live
 * meter's), and in the "murmur" conditions the room's murmur added under
 * the whole take at the app's headphones level (pd_distract_murmur_gain_db,
 * 12 dB under), which through loudspeakers the app does not play today.
 *
 * The microphone: clean + (played * h) + noise, where h is the echo path:
 * - "ideal": a pure delay of LATENCY_S, no noise: what the JACK loopback
 *   test (test_app_jack) hears;
 * - "room": Polack's statistical model of a room's impulse response
 *   (J.-D. Polack, "Playing billiards in the concert hall: the
 *   mathematical foundations of geometrical room acoustics", Applied
 *   Acoustics 38, 1993; the exponential energy decay of Schroeder,
 *   "New method of measuring reverberation time", JASA 37, 1965): a
 *   direct-path impulse, then Gaussian white noise under exp(-6.91 t /
 *   RT60) (60 dB in RT60), its energy DRR_DB under the direct sound's (a
 *   loudspeaker near the critical distance), RT60 0.3 s (a furnished room)
 *   and 0.6 s (a bare one), the whole response of unit energy. Its delay:
 *   LATENCY_S of output latency that nobody knows (the app's exclusions
 *   and the canceller's reference are placed by the output's reported
 *   latency; this is the error in it) plus a direct path of 5-40 ms
 *   (the converters' buffering and a metre or two of air), drawn
 *   from the file's seed; white noise at MIC_NOISE_DBFS RMS.
 * The echo path is FFT-convolved (kissfft, overlap-add).
 *
 * The canceller: speexdsp's MDF echo canceller (J.-M. Valin, "On adjusting
 * the learning rate in frequency domain echo cancellation with double-talk",
 * IEEE Trans. ASLP 15(3), 2007; Soo & Pang's multidelay block filter, IEEE
 * Trans. ASSP 38(2), 1990), speex_echo_state_init with a frame of about 10
 * ms (a power of two: 256 at 16 kHz, 512 at 44.1) and a filter of
 * --filter-ms, SPEEX_ECHO_SET_SAMPLING_RATE, speex_echo_cancellation with
 * the played signal as the reference, on 16-bit samples, after the take as
 * the app could run it on its analysis copy (the take file is what the
 * microphone heard and stays so). "AEC+RES" adds speexdsp's preprocessor
 * with SPEEX_PREPROCESS_SET_ECHO_STATE (residual echo suppression; its
 * noise suppression set to RES_NOISE_DB, the least it allows to be on, as
 * with it off no gain is applied at all), output re-aligned by its delay.
 *
 * What is measured, per file and condition:
 * - ERLE, echo return loss enhancement (ITU-T G.168, 3.7: the attenuation
 *   of the echo by the canceller), dB, over the 10 ms frames where only the
 *   played sound is present: the clean take's analysis has them out of its
 *   sounding stretches (pd_tracks.speech 0) and the echo is 10 dB or more
 *   over the near end there. G.168's figure: microphone power over output
 *   power (bounded by the near end's noise). "echo": the echo's power over
 *   the residual's, output minus near end (unbounded: the canceller alone).
 * - with the analysis core (pd_analyse_buffer, default config of the
 *   clip's language): syllables, pauses and filled pauses of the clean
 *   take, of the microphone without and with the exclusions the app makes
 *   today (pd_distract_exclusions: each sound's interval, 50 ms before to
 *   0.3 s after), after AEC without and with them, after AEC+RES without;
 *   and the seconds the exclusions keep out of the analysis.
 * Issue 9's bound (the loopback's): syllables within 5 %, pauses and
 * filled pauses within 1 of the take without distractions. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <kiss_fftr.h>
#include <speex/speex_echo.h>
#include <speex/speex_preprocess.h>
#include "podium/analysis.h"
#include "podium/audio_file.h"
#include "podium/distract.h"

#define TAKE_MIN_S     30.0   /* each take at least this long (clips repeated) */
#define PER_MIN        6      /* sounds a minute (a step's "distractions = 6") */
#define LATENCY_S      0.020  /* output latency nobody knows */
#define DIRECT_MIN_S   0.005  /* direct path's delay, drawn in this range */
#define DIRECT_MAX_S   0.040
#define DRR_DB         0.0    /* direct-to-reverberant energy ratio */
#define MIC_NOISE_DBFS (-65.0) /* the microphone's own noise, RMS */
#define FILTER_MS      200.0  /* default canceller filter length (400 ms: a little worse, README) */
#define RES_NOISE_DB   (-1)   /* preprocessor's noise suppression, dB (echo's stays at -40) */
#define ST_ECHO_OVER_DB 10.0  /* single talk: echo this far over the near end */
#define SYL_TOL        0.05   /* issue 9: syllables within 5 % */
#define COUNT_TOL      1      /* pauses, filled pauses within 1 */
#define MAX_FILES      64
#define N_COND         6

typedef struct cond {
    const char *name;
    double rt60_s;             /* 0: a pure delay, no noise (the loopback) */
    int murmur;
} cond;

static const cond CONDS[N_COND] = {
    {"ideal", 0.0, 0}, {"room 0.3 s", 0.3, 0}, {"room 0.6 s", 0.6, 0},
    {"ideal+murmur", 0.0, 1}, {"room 0.3+murmur", 0.3, 1}, {"room 0.6+murmur", 0.6, 1},
};

enum { A_CLEAN, A_RAW, A_EXCL, A_AEC1, A_AEC, A_AECX, A_RES, A_N };
static const char *const A_NAME[A_N] = {"clean", "mic", "mic+excl", "AEC 1 pass", "AEC", "AEC+excl", "AEC+RES"};

typedef struct counts {
    int syl, pauses, filled;
} counts;

typedef struct row {
    double erle1_db, erle_db, erle_echo_db, erle_res_db;
    counts c[A_N];
    counts clean_masked;       /* the clean take with the same exclusions */
    double excl_s, take_s;
} row;

/* ---- a seeded PRNG (splitmix64), Gaussian by Box-Muller ---- */
static uint64_t next_u64(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static double uniform01(uint64_t *s) { return ((double)(next_u64(s) >> 11) + 0.5) / 9007199254740992.0; }

static double gauss(uint64_t *s)
{
    double u = uniform01(s), v = uniform01(s);
    return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

static uint64_t name_seed(const char *s)   /* FNV-1a: a file's seed from its name */
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* The echo path, unit energy, *len taps (see the header). NULL: no memory. */
static float *room_ir(int rate, double rt60_s, double delay_s, uint64_t *rng, size_t *len)
{
    size_t d = (size_t)lround(delay_s * rate);
    size_t n = d + 1 + (rt60_s > 0 ? (size_t)(rt60_s * rate) : 0);
    float *h = calloc(n, sizeof *h);
    if (!h) return NULL;
    *len = n;
    h[d] = 1.0f;
    if (rt60_s <= 0) return h;
    double tail = 0.0;
    for (size_t i = d + 1; i < n; i++) {
        double v = gauss(rng) * exp(-6.907755 * (double)(i - d) / (rt60_s * rate));
        h[i] = (float)v;
        tail += v * v;
    }
    double g = sqrt(pow(10.0, -DRR_DB / 10.0) / tail);   /* tail energy = direct's / DRR */
    for (size_t i = d + 1; i < n; i++) h[i] = (float)(h[i] * g);
    double norm = 1.0 / sqrt(1.0 + pow(10.0, -DRR_DB / 10.0));
    for (size_t i = d; i < n; i++) h[i] = (float)(h[i] * norm);
    return h;
}

/* y[0..n) = (x * h)[0..n), by FFT overlap-add. 0, or -1 when out of memory. */
static int convolve(const float *x, size_t n, const float *h, size_t m, float *y)
{
    size_t nfft = 1024;
    while (nfft < 2 * m) nfft *= 2;
    size_t blk = nfft - m + 1, nb = nfft / 2 + 1;
    kiss_fftr_cfg fwd = kiss_fftr_alloc((int)nfft, 0, NULL, NULL);
    kiss_fftr_cfg inv = kiss_fftr_alloc((int)nfft, 1, NULL, NULL);
    float *buf = malloc(nfft * sizeof *buf);
    kiss_fft_cpx *H = malloc(nb * sizeof *H), *X = malloc(nb * sizeof *X);
    int rc = -1;
    if (!fwd || !inv || !buf || !H || !X) goto done;
    memset(buf, 0, nfft * sizeof *buf);
    memcpy(buf, h, m * sizeof *buf);
    kiss_fftr(fwd, buf, H);
    memset(y, 0, n * sizeof *y);
    for (size_t s = 0; s < n; s += blk) {
        size_t k = n - s < blk ? n - s : blk;
        memset(buf, 0, nfft * sizeof *buf);
        memcpy(buf, x + s, k * sizeof *buf);
        kiss_fftr(fwd, buf, X);
        for (size_t i = 0; i < nb; i++) {
            float re = X[i].r * H[i].r - X[i].i * H[i].i, im = X[i].r * H[i].i + X[i].i * H[i].r;
            X[i].r = re;
            X[i].i = im;
        }
        kiss_fftri(inv, X, buf);
        for (size_t i = 0; i < nfft && s + i < n; i++) y[s + i] += buf[i] / (float)nfft;
    }
    rc = 0;
done:
    kiss_fftr_free(fwd);
    kiss_fftr_free(inv);
    free(buf);
    free(H);
    free(X);
    return rc;
}

/* The drill's sounds as the app plays them into a take of n frames: each
 * event at its gain against the speaker's loudness; the murmur under all
 * when murmur. */
static void played_signal(int rate, const char *lang, const pd_distract_event *ev, size_t n_ev, uint64_t seed,
                          double speech_lufs, int murmur, float *p, size_t n)
{
    pd_distract_track tr;
    pd_distract_track_init(&tr, rate, 0, ev, n_ev, lang, seed);
    pd_distract_render(&tr, p, n);
    for (size_t i = 0; i < n_ev; i++) {
        double lufs = pd_distract_loudness_lufs(ev[i].kind, lang, rate);
        double g = pow(10.0, pd_distract_gain_db(speech_lufs, lufs, PD_DISTRACT_PEAK_DBFS) / 20.0);
        size_t a = (size_t)(ev[i].t_s * rate), b = (size_t)((ev[i].t_s + ev[i].dur_s) * rate) + 1;
        for (size_t k = a; k < b && k < n; k++) p[k] = (float)(p[k] * g);
    }
    if (!murmur) return;
    pd_distract_track mt;
    pd_distract_track_init(&mt, rate, 1, NULL, 0, lang, seed ^ 0x5851F42D4C957F2Dull);
    double g = pow(10.0, pd_distract_murmur_gain_db(speech_lufs, pd_distract_murmur_loudness_lufs(rate)) / 20.0);
    float blk[1024];
    for (size_t s = 0; s < n; s += 1024) {
        size_t k = n - s < 1024 ? n - s : 1024;
        pd_distract_render(&mt, blk, k);
        for (size_t i = 0; i < k; i++) p[s + i] += (float)(blk[i] * g);
    }
}

static short to_s16(float v)
{
    double x = v * 32768.0;
    return (short)(x > 32767.0 ? 32767 : x < -32768.0 ? -32768 : lrint(x));
}

/* speexdsp's canceller on mic with ref as the played signal: out (AEC) and,
 * when out_res, out_res (AEC + residual echo suppression, re-aligned).
 * Adds the canceller's CPU time to *cpu_aec, the preprocessor's to
 * *cpu_res. 0, or -1 when out of memory. */
static int cancel(const float *mic, const float *ref, size_t n, int rate, double filter_ms, int passes, float *out,
                  float *out_res, double *cpu_aec, double *cpu_res)
{
    int frame = 1;
    while (frame < rate / 100) frame *= 2;
    int taps = (int)lround(filter_ms * 1e-3 * rate);
    SpeexEchoState *st = speex_echo_state_init(frame, taps);
    SpeexPreprocessState *pp = out_res ? speex_preprocess_state_init(frame, rate) : NULL;
    short *r = malloc(3 * (size_t)frame * sizeof *r), *p = r + frame, *e = p + frame;
    if (!st || (out_res && !pp) || !r) {
        speex_echo_state_destroy(st);
        if (pp) speex_preprocess_state_destroy(pp);
        free(r);
        return -1;
    }
    speex_echo_ctl(st, SPEEX_ECHO_SET_SAMPLING_RATE, &rate);
    if (pp) {
        spx_int32_t v = RES_NOISE_DB;
        speex_preprocess_ctl(pp, SPEEX_PREPROCESS_SET_ECHO_STATE, st);
        speex_preprocess_ctl(pp, SPEEX_PREPROCESS_SET_NOISE_SUPPRESS, &v);
    }
    /* the preprocessor's output lags its input by one frame (its overlap-add) */
    size_t lag = pp ? (size_t)frame : 0;
    for (int pass = 1; pass < passes; pass++)   /* the filter learnt over the whole take first */
        for (size_t s = 0; s < n; s += (size_t)frame) {
            for (int i = 0; i < frame; i++) {
                size_t k = s + (size_t)i;
                r[i] = k < n ? to_s16(mic[k]) : 0;
                p[i] = k < n ? to_s16(ref[k]) : 0;
            }
            speex_echo_cancellation(st, r, p, e);
        }
    for (size_t s = 0; s < n + lag; s += (size_t)frame) {
        for (int i = 0; i < frame; i++) {
            size_t k = s + (size_t)i;
            r[i] = k < n ? to_s16(mic[k]) : 0;
            p[i] = k < n ? to_s16(ref[k]) : 0;
        }
        double c0 = cpu_s();
        speex_echo_cancellation(st, r, p, e);
        double c1 = cpu_s();
        *cpu_aec += c1 - c0;
        for (int i = 0; i < frame && s + (size_t)i < n; i++) out[s + (size_t)i] = e[i] / 32768.0f;
        if (pp) {
            speex_preprocess_run(pp, e);
            *cpu_res += cpu_s() - c1;
            for (int i = 0; i < frame; i++) {
                size_t k = s + (size_t)i;
                if (k >= lag && k - lag < n) out_res[k - lag] = e[i] / 32768.0f;
            }
        }
    }
    speex_echo_state_destroy(st);
    if (pp) speex_preprocess_state_destroy(pp);
    free(r);
    return 0;
}

/* The analysis's counts of x with these exclusions; *excl_s the seconds
 * excluded (merged, cut to the take) when not NULL. 0, or -1. */
static int analyse(const float *x, size_t n, int rate, const char *lang, const pd_interval *ex, size_t n_ex,
                   counts *c, double *excl_s, pd_report **keep)
{
    pd_analysis_config cfg;
    pd_analysis_config_init(&cfg, lang);
    cfg.exclude = ex;
    cfg.n_exclude = n_ex;
    pd_report *r = NULL;
    if (pd_analyse_buffer(&cfg, x, n, rate, 1, &r) != PD_OK) return -1;
    c->syl = r->syllables;
    c->pauses = (int)r->n_pauses;
    c->filled = (int)r->n_filled_pauses;
    if (excl_s) {
        *excl_s = 0.0;
        for (size_t i = 0; i < r->n_excluded; i++) *excl_s += r->excluded[i].end_s - r->excluded[i].start_s;
    }
    if (keep) *keep = r;
    else pd_report_destroy(r);
    return 0;
}

/* ERLE over the single-talk frames (see the header): G.168's mic/out and
 * the echo's echo/(out - near). NaN when there is no such frame. */
static void erle(const float *mic, const float *out, const float *echo, const float *near, size_t n, int rate,
                 const pd_report *clean, double *g168_db, double *echo_db)
{
    double sm = 0, so = 0, se = 0, sr = 0;
    size_t hop = (size_t)lround(PD_HOP_S * rate);
    for (size_t k = 1; k < clean->tracks.n; k++) {
        if (clean->tracks.speech[k]) continue;
        size_t a = k * hop - hop / 2, b = a + hop;
        if (b > n) break;
        double m = 0, o = 0, e = 0, r = 0, q = 0;
        for (size_t i = a; i < b; i++) {
            m += (double)mic[i] * mic[i];
            o += (double)out[i] * out[i];
            e += (double)echo[i] * echo[i];
            q += (double)near[i] * near[i];
            double d = (double)out[i] - near[i];
            r += d * d;
        }
        if (e < q * pow(10.0, ST_ECHO_OVER_DB / 10.0) || e <= 0) continue;
        sm += m;
        so += o;
        se += e;
        sr += r;
    }
    *g168_db = se > 0 && so > 0 ? 10.0 * log10(sm / so) : NAN;
    *echo_db = se > 0 && sr > 0 ? 10.0 * log10(se / sr) : NAN;
}

static int within(counts a, counts ref)
{
    return abs(a.syl - ref.syl) <= SYL_TOL * ref.syl && abs(a.pauses - ref.pauses) <= COUNT_TOL &&
           abs(a.filled - ref.filled) <= COUNT_TOL;
}

typedef struct clip {
    char name[128], lang[8];
} clip;

/* The speech clips of MANIFEST.tsv: name (column 1), language (2), words (11) > 0. */
static int read_manifest(const char *dir, clip *cl, int max)
{
    char path[1200], line[8192];
    snprintf(path, sizeof path, "%s/MANIFEST.tsv", dir);
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "podium-echo-bench: cannot open '%s'; give the corpus folder\n", path);
        return -1;
    }
    int n = 0, first = 1;
    while (fgets(line, sizeof line, f) && n < max) {
        if (first) { first = 0; continue; }   /* the header */
        char *col[12] = {0};
        int nc = 0;
        for (char *p = line; nc < 12; nc++) {
            col[nc] = p;
            p = strchr(p, '\t');
            if (!p) { nc++; break; }
            *p++ = 0;
        }
        if (nc < 11 || atoi(col[10]) <= 0) continue;
        snprintf(cl[n].name, sizeof cl[n].name, "%s", col[0]);
        snprintf(cl[n].lang, sizeof cl[n].lang, "%s", col[1]);
        n++;
    }
    fclose(f);
    return n;
}

/* One clip: its take, its plan, every condition's row. 0, or -1. */
static int run_clip(const char *dir, const clip *cl, double filter_ms, int brief, row rows[N_COND],
                    double cpu[2], double *audio_s)
{
    char path[1400], err[600];
    snprintf(path, sizeof path, "%s/%s", dir, cl->name);
    float *in = NULL;
    size_t frames = 0;
    int rate = 0, ch = 0;
    if (pd_read_file(path, &in, &frames, &rate, &ch, err, sizeof err) != 0) {
        fprintf(stderr, "podium-echo-bench: %s\n", err);
        return -1;
    }
    size_t reps = (size_t)ceil(TAKE_MIN_S * rate / (double)frames), n = frames * reps;
    float *buf = malloc(8 * n * sizeof *buf);
    pd_report *clean_rep = NULL;
    int rc = -1;
    if (!buf) goto done;
    float *clean = buf, *play = buf + n, *echo = buf + 2 * n, *near = buf + 3 * n, *mic = buf + 4 * n,
          *aec = buf + 5 * n, *res = buf + 6 * n, *aec1 = buf + 7 * n;
    for (size_t i = 0; i < frames; i++) {
        double s = 0;
        for (int c = 0; c < ch; c++) s += in[i * (size_t)ch + (size_t)c];
        clean[i] = (float)(s / ch);
    }
    for (size_t r = 1; r < reps; r++) memcpy(clean + r * frames, clean, frames * sizeof *clean);
    counts c_clean;
    if (analyse(clean, n, rate, cl->lang, NULL, 0, &c_clean, NULL, &clean_rep) != 0) goto done;
    double take_s = (double)n / rate;
    uint64_t seed = name_seed(cl->name);
    static pd_distract_event ev[PD_DISTRACT_MAX_EVENTS];
    size_t n_ev = pd_distract_plan(PER_MIN, take_s, cl->lang, 0, seed, ev, PD_DISTRACT_MAX_EVENTS);
    static pd_interval ex[PD_DISTRACT_MAX_EVENTS];
    size_t n_ex = pd_distract_exclusions(ev, n_ev, ex, PD_DISTRACT_MAX_EVENTS);
    counts c_masked;
    double excl_s;
    if (analyse(clean, n, rate, cl->lang, ex, n_ex, &c_masked, &excl_s, NULL) != 0) goto done;
    if (!brief) printf("%s (%s, %d Hz): %.1f s x %zu = %.1f s, %zu sounds\n", cl->name, cl->lang, rate,
                       (double)frames / rate, reps, take_s, n_ev);
    for (int k = 0; k < N_COND; k++) {
        const cond *cd = &CONDS[k];
        uint64_t rng = seed ^ (0xD1B54A32D192ED03ull * (uint64_t)(k + 1));
        played_signal(rate, cl->lang, ev, n_ev, seed, clean_rep->loudness_lufs, cd->murmur, play, n);
        double delay = LATENCY_S + (cd->rt60_s > 0 ? DIRECT_MIN_S + (DIRECT_MAX_S - DIRECT_MIN_S) * uniform01(&rng) : 0);
        size_t m = 0;
        float *h = room_ir(rate, cd->rt60_s, delay, &rng, &m);
        if (!h) goto done;
        int cv = convolve(play, n, h, m, echo);
        free(h);
        if (cv != 0) goto done;
        double noise = cd->rt60_s > 0 ? pow(10.0, MIC_NOISE_DBFS / 20.0) : 0.0;
        for (size_t i = 0; i < n; i++) {
            near[i] = (float)(clean[i] + noise * gauss(&rng));
            mic[i] = near[i] + echo[i];
        }
        row *rw = &rows[k];
        rw->c[A_CLEAN] = c_clean;
        rw->clean_masked = c_masked;
        rw->excl_s = excl_s;
        rw->take_s = take_s;
        double unused = 0;
        if (cancel(mic, play, n, rate, filter_ms, 1, aec1, NULL, &cpu[0], &unused) != 0 ||
            cancel(mic, play, n, rate, filter_ms, 2, aec, res, &unused, &cpu[1]) != 0)
            goto done;
        *audio_s += take_s;
        erle(mic, aec1, echo, near, n, rate, clean_rep, &rw->erle1_db, &unused);
        erle(mic, aec, echo, near, n, rate, clean_rep, &rw->erle_db, &rw->erle_echo_db);
        erle(mic, res, echo, near, n, rate, clean_rep, &rw->erle_res_db, &unused);
        if (analyse(mic, n, rate, cl->lang, NULL, 0, &rw->c[A_RAW], NULL, NULL) != 0 ||
            analyse(mic, n, rate, cl->lang, ex, n_ex, &rw->c[A_EXCL], NULL, NULL) != 0 ||
            analyse(aec1, n, rate, cl->lang, NULL, 0, &rw->c[A_AEC1], NULL, NULL) != 0 ||
            analyse(aec, n, rate, cl->lang, NULL, 0, &rw->c[A_AEC], NULL, NULL) != 0 ||
            analyse(aec, n, rate, cl->lang, ex, n_ex, &rw->c[A_AECX], NULL, NULL) != 0 ||
            analyse(res, n, rate, cl->lang, NULL, 0, &rw->c[A_RES], NULL, NULL) != 0)
            goto done;
        if (brief) continue;
        printf("  %-15s %2.0f ms  ERLE %5.1f, 1 pass %5.1f, echo %5.1f, +RES %5.1f dB |", cd->name, 1e3 * delay,
               rw->erle_db, rw->erle1_db, rw->erle_echo_db, rw->erle_res_db);
        for (int a = 0; a < A_N; a++)
            printf(" %s%3d/%2d/%d", within(rw->c[a], c_clean) ? " " : "*", rw->c[a].syl, rw->c[a].pauses,
                   rw->c[a].filled);
        printf("\n");
    }
    if (!brief) {
        printf("  (syllables/pauses/filled pauses:");
        for (int a = 0; a < A_N; a++) printf(" %s", A_NAME[a]);
        printf("; * outside issue 9's bounds; the clean take masked alike %d/%d/%d, %.1f s excluded)\n",
               c_masked.syl, c_masked.pauses, c_masked.filled, excl_s);
    }
    rc = 0;
done:
    if (rc != 0 && !buf) fprintf(stderr, "podium-echo-bench: out of memory\n");
    pd_report_destroy(clean_rep);
    free(buf);
    free(in);
    return rc;
}

/* The canceller's steady state, for scale: 20 s of white noise at -20 dBFS
 * RMS played alone through each echo path (no near-end speech, the
 * microphone's noise), ERLE (G.168) over the last 5 s. */
static void calibrate(double filter_ms)
{
    const int rate = 16000;
    size_t n = (size_t)rate * 20;
    float *buf = malloc(4 * n * sizeof *buf);
    if (!buf) return;
    float *p = buf, *echo = buf + n, *mic = buf + 2 * n, *out = buf + 3 * n;
    printf("\nsteady state (white noise alone, 16 kHz, filter %.0f ms, ERLE over 15-20 s):", filter_ms);
    for (int k = 0; k < 3; k++) {
        uint64_t rng = 12345u + (uint64_t)k;
        for (size_t i = 0; i < n; i++) p[i] = (float)(0.1 * gauss(&rng));
        size_t m = 0;
        float *h = room_ir(rate, CONDS[k].rt60_s, LATENCY_S + (k ? 0.02 : 0.0), &rng, &m);
        double unused = 0, noise = k ? pow(10.0, MIC_NOISE_DBFS / 20.0) : 0.0;
        if (!h || convolve(p, n, h, m, echo) != 0) {
            free(h);
            break;
        }
        free(h);
        for (size_t i = 0; i < n; i++) mic[i] = (float)(echo[i] + noise * gauss(&rng));
        if (cancel(mic, p, n, rate, filter_ms, 1, out, NULL, &unused, &unused) != 0) break;
        double sm = 0, so = 0;
        for (size_t i = n * 3 / 4; i < n; i++) {
            sm += (double)mic[i] * mic[i];
            so += (double)out[i] * out[i];
        }
        printf(" %s %.1f dB%s", CONDS[k].name, 10.0 * log10(sm / so), k < 2 ? "," : "\n");
    }
    free(buf);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    int m = 0;
    for (int i = 0; i < n; i++)
        if (isfinite(v[i])) v[m++] = v[i];
    if (m == 0) return NAN;
    qsort(v, (size_t)m, sizeof *v, cmp_double);
    return m % 2 ? v[m / 2] : 0.5 * (v[m / 2 - 1] + v[m / 2]);
}

static row rows_all[MAX_FILES][N_COND];

int main(int argc, char **argv)
{
    double filter_ms = FILTER_MS;
    int brief = 0;
    const char *dir = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--filter-ms") == 0 && i + 1 < argc) filter_ms = atof(argv[++i]);
        else if (strcmp(argv[i], "--brief") == 0) brief = 1;
        else if (!dir && argv[i][0] != '-') dir = argv[i];
        else dir = NULL, i = argc;
    }
    if (!dir || !(filter_ms >= 20.0 && filter_ms <= 2000.0)) {
        fprintf(stderr, "usage: podium-echo-bench [--filter-ms 20-2000] [--brief] CORPUS_DIR\n");
        return 2;
    }
    static clip cl[MAX_FILES];
    int nf = read_manifest(dir, cl, MAX_FILES);
    if (nf <= 0) return 1;
    double cpu[2] = {0, 0}, audio_s = 0;
    for (int f = 0; f < nf; f++)
        if (run_clip(dir, &cl[f], filter_ms, brief, rows_all[f], cpu, &audio_s) != 0) return 1;

    printf("\n%d clips, %d sounds a minute, filter %.0f ms. ERLE: median (min-max) over the files, dB (AEC: 2 "
           "passes; 1 pass: as it streams). Then per approach: files within issue 9's bounds (syllables 5 %%, "
           "pauses and filled pauses 1) of the clean take [for the exclusions: of the clean take masked alike]; "
           "in brackets the sum over files of |syllables - clean|.\n", nf, PER_MIN, filter_ms);
    printf("| condition | ERLE | 1 pass | echo | +RES |");
    for (int a = 1; a < A_N; a++) printf(" %s |", A_NAME[a]);
    printf(" excluded |\n|");
    for (int a = 0; a < A_N + 5; a++) printf(" --- |");
    printf("\n");
    for (int k = 0; k < N_COND; k++) {
        double e[4][MAX_FILES], lo = INFINITY, hi = -INFINITY, ex = 0, take = 0;
        int ok[A_N] = {0}, okm[A_N] = {0}, dsyl[A_N] = {0};
        for (int f = 0; f < nf; f++) {
            const row *r = &rows_all[f][k];
            e[0][f] = r->erle_db;
            e[1][f] = r->erle1_db;
            e[2][f] = r->erle_echo_db;
            e[3][f] = r->erle_res_db;
            if (isfinite(r->erle_db)) {
                lo = fmin(lo, r->erle_db);
                hi = fmax(hi, r->erle_db);
            }
            ex += r->excl_s;
            take += r->take_s;
            for (int a = 1; a < A_N; a++) {
                ok[a] += within(r->c[a], r->c[A_CLEAN]);
                okm[a] += within(r->c[a], r->clean_masked);
                dsyl[a] += abs(r->c[a].syl - r->c[A_CLEAN].syl);
            }
        }
        double med = median(e[0], nf);
        printf("| %s | %.1f (%.1f-%.1f) |", CONDS[k].name, med, lo, hi);
        for (int q = 1; q < 4; q++) printf(" %.1f |", median(e[q], nf));
        for (int a = 1; a < A_N; a++) {
            if (a == A_EXCL || a == A_AECX) printf(" %d [%d] (%d) |", ok[a], okm[a], dsyl[a]);
            else printf(" %d (%d) |", ok[a], dsyl[a]);
        }
        printf(" %.0f of %.0f s (%.1f %%) |\n", ex, take, 100.0 * ex / take);
        rows_all[0][k].erle_db = med;   /* kept for the verdict */
        rows_all[0][k].excl_s = ex / take;
        for (int a = 1; a < A_N; a++) rows_all[0][k].c[a].syl = ok[a], rows_all[0][k].c[a].pauses = okm[a];
    }
    printf("\n");
    for (int k = 0; k < N_COND; k++) {
        const row *v = &rows_all[0][k];
        int x = v->c[A_EXCL].syl, xm = v->c[A_EXCL].pauses, a1 = v->c[A_AEC1].syl, a = v->c[A_AEC].syl;
        const char *say = a > x ? "AEC keeps the whole take and beats today's exclusions"
                          : a == x ? "AEC does as well as today's exclusions"
                                   : "today's exclusions beat AEC";
        printf("verdict %-15s: %s: %d of %d files within issue 9's bounds after AEC (%d in 1 pass; ERLE median "
               "%.1f dB), %d with the exclusions (%d against the clean take masked alike, %.1f %% of it left "
               "out); %d with neither\n",
               CONDS[k].name, say, a, nf, a1, v->erle_db, x, xm, 100.0 * v->excl_s, v->c[A_RAW].syl);
    }
    calibrate(filter_ms);
    printf("\ncanceller CPU (this thread): AEC %.2f ms per s of audio (%.1f %% of a core), the residual echo "
           "suppressor %.2f ms more, over %.0f s of audio\n",
           1e3 * cpu[0] / audio_s, 100.0 * cpu[0] / audio_s, 1e3 * cpu[1] / audio_s, audio_s);
    return 0;
}
