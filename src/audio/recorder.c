/* recorder.c - capture through PortAudio into a WAV or FLAC file (see
 * audio_io.h for the design).
 *
 * Threads: PortAudio's callback (producer of three SPSC rings: frames,
 * gap events, callback timestamps), the writer thread (their consumer:
 * file, live meters, meter log), and the control thread (start, poll,
 * finish). The callback does no allocation, locking, I/O or logging: it
 * copies, counts, and reads the monotonic clock (vDSO, no system call).
 *
 * Finishing is bounded (issue 10, defect 14): pd_recorder_finish returns
 * within FINISH_BOUND_S, whatever the device does. The callback stops taking
 * input at once (the take ends at the stop); Pa_StopStream runs on a thread
 * of its own and is waited for STOP_WAIT_S: a JACK client whose server
 * stopped answering, or an ALSA device that stopped delivering, can block
 * it for ever, and then the stream is abandoned as a dead one is (never
 * touched again; PortAudio is not terminated). The writer drains what is
 * left until the bound: a device with no clock (an ALSA file PCM, a broken
 * driver) delivers far faster than real time, and the lost input it leaves
 * behind (silence to put in, unbounded) could take minutes to write; at the
 * bound the writer drops the rest and the file is closed with what it has. */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <sndfile.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <portaudio.h>
#include "podium/audio_io.h"
#include "podium/flac_length.h"
#include "podium/private_file.h"
#include "podium/analysis.h"
#include "podium/ringbuf.h"
#include "podium/strbuf.h"
#include "pa_internal.h"

#define CHUNK_FRAMES 480         /* writer's read size: 10 ms at 48 kHz */
#define STALL_S 2.0              /* no callback for this long: the device is gone */
#define IDLE_SLEEP_NS 4000000L   /* writer's nap when the ring is empty */
#define FINISH_BOUND_S 2.0       /* pd_recorder_finish returns within this (plus a write in progress) */
#define STOP_WAIT_S 1.0          /* of which Pa_StopStream may take this much */

typedef struct gap_event {
    long long pos;               /* timeline frame where the lost input starts */
    long long count;             /* frames lost */
} gap_event;

typedef struct cb_stamp {
    long long end;               /* timeline frame after this callback's frames */
    long long t_ns;              /* monotonic time the callback ran */
} cb_stamp;

struct pd_recorder {
    pd_record_config cfg;
    char path[1024];
    int rate, ch;
    char device[200];
    PaStream *stream;
    SNDFILE *sf;
    pd_ringbuf *rb, *gaps, *stamps;
    pd_live *live;
    FILE *log;
    pthread_t writer;
    int writer_started;

    /* written by the callback */
    long long cb_timeline;       /* callback only */
    double cb_prev_adc;          /* callback only */
    unsigned long cb_prev_frames;
    long long limit;             /* frames to capture, 0 = no limit (read-only) */
    int clock_gaps;              /* the stream clock measures lost input (read-only) */
    atomic_llong pushed;         /* timeline frames handed over (data + gaps) */
    atomic_llong ring_dropped;
    long long pend_pos, pend_n;  /* lost input not yet in the gap ring (callback) */
    atomic_long overflows;
    atomic_llong last_cb_ns;
    atomic_int complete;         /* the limit was reached */
    atomic_int stopping;         /* finishing: the callback takes no more input */

    /* written by the writer */
    long long pos;               /* timeline frames taken in */
    long long in_file;           /* frames written to the file */
    long long synced;
    long long gap_frames;        /* silence put in for lost input */
    pd_record_gap gap_at[PD_RECORD_GAPS_MAX]; /* ...and where (frames of the take) */
    int n_gap_at;
    double lat_sum_ms, lat_max_ms;
    long lat_n;
    atomic_llong written;
    atomic_int failed;
    atomic_int cut;              /* finishing ran out of time: drop what is left */
    atomic_int writer_exited;
    char werr[400];

    /* control */
    atomic_int stream_done;      /* the stream is stopped: drain and exit */
    int lost_device;             /* the stream died: never touch it again */
    pthread_t stopper;           /* runs Pa_StopStream (see the header) */
    atomic_int stop_returned;
    long long t0_ns;
    struct rusage ru0;
    int sf_closed;
};

static long long now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

void pd_record_config_init(pd_record_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->buffer_s = 20.0;
    pd_live_config_init(&cfg->live);
}

/* ---- the audio callback ---------------------------------------------------- */
/* Lost input waits in (pend_pos, pend_n) until its gap event fits in the
 * gap ring; no frame is written to the data ring meanwhile (they would land
 * before the gap), so the pending gap is always at the end of the timeline
 * and later losses simply extend it. */
static int publish_gap(pd_recorder *r)
{
    if (r->pend_n == 0) return 1;
    gap_event ev = { r->pend_pos, r->pend_n };
    if (pd_ringbuf_write(r->gaps, &ev, 1) != 1) return 0;
    r->pend_n = 0;
    return 1;
}

static void lost(pd_recorder *r, long long pos, long long count)
{
    if (r->pend_n == 0) r->pend_pos = pos;
    r->pend_n += count;
}

static int on_audio(const void *input, void *output, unsigned long frames,
                    const PaStreamCallbackTimeInfo *ti, PaStreamCallbackFlags flags, void *user)
{
    (void)output;
    pd_recorder *r = user;
    if (atomic_load_explicit(&r->stopping, memory_order_acquire)) return paComplete;
    long long t = now_ns();
    if (flags & paInputOverflow) {
        atomic_fetch_add(&r->overflows, 1);
        /* the stream clock says how much the driver lost (when it is sane) */
        double adc = ti ? ti->inputBufferAdcTime : 0.0;
        if (adc > 0.0 && r->cb_prev_adc > 0.0) {
            double gap = adc - (r->cb_prev_adc + (double)r->cb_prev_frames / r->rate);
            long long n = llround(gap * r->rate);
            if (r->clock_gaps && gap > 1.5 * r->cb_prev_frames / r->rate && gap < 60.0 && n > 0) {
                if (r->limit && r->cb_timeline + n > r->limit) n = r->limit - r->cb_timeline;
                lost(r, r->cb_timeline, n);
                r->cb_timeline += n;
            }
        }
    }
    if (ti) r->cb_prev_adc = ti->inputBufferAdcTime;
    r->cb_prev_frames = frames;
    long long n = (long long)frames;
    int done = 0;
    if (r->limit && r->cb_timeline + n >= r->limit) {
        n = r->limit - r->cb_timeline;
        done = 1;
    }
    if (n > 0) {
        size_t w = 0;
        if (input && publish_gap(r)) w = pd_ringbuf_write(r->rb, input, (size_t)n);
        if ((long long)w < n) {
            if (input) atomic_fetch_add(&r->ring_dropped, n - (long long)w);
            lost(r, r->cb_timeline + (long long)w, n - (long long)w);
        }
        r->cb_timeline += n;
    }
    publish_gap(r);
    cb_stamp s = { r->cb_timeline, t };
    pd_ringbuf_write(r->stamps, &s, 1);   /* only for the latency figure */
    atomic_store_explicit(&r->pushed, r->cb_timeline, memory_order_release);
    atomic_store_explicit(&r->last_cb_ns, t, memory_order_release);
    if (done) {
        atomic_store_explicit(&r->complete, 1, memory_order_release);
        return paComplete;
    }
    return paContinue;
}

/* ---- the writer thread -------------------------------------------------- */
/* what a failed write means, in words */
static const char *write_error_text(SNDFILE *sf, int err, char *buf, size_t len)
{
    if (err == ENOSPC || err == EDQUOT) return "the disk is full";
    if (err == EFBIG) return "the file reached the largest size allowed (file size limit)";
    if (err == EIO) return "an input/output error (was the disk removed?)";
    const char *t = sf_strerror(sf);
    if (strncmp(t, "System error : ", 15) == 0) t += 15;
    snprintf(buf, len, "%s", t);
    size_t n = strlen(buf);
    if (n > 0 && buf[n - 1] == '.') buf[n - 1] = 0;
    return buf;
}

static void writer_fail(pd_recorder *r, const char *what)
{
    if (atomic_load(&r->failed)) return;
    snprintf(r->werr, sizeof r->werr,
             "cannot write '%s': %s; the take so far (%.1f s) is kept: free some disk space "
             "or choose another place, and record again",
             r->path, what, (double)r->in_file / r->rate);
    atomic_store_explicit(&r->failed, 1, memory_order_release);
}

static void on_meter(const pd_live_meter *m, void *user)
{
    pd_recorder *r = user;
    double lat = NAN;
    long long p = llround(m->time_s * r->rate);
    cb_stamp s;
    while (pd_ringbuf_peek(r->stamps, &s, 1) == 1 && s.end < p) pd_ringbuf_skip(r->stamps, 1);
    if (pd_ringbuf_peek(r->stamps, &s, 1) == 1 && s.end >= p) {
        lat = (double)(now_ns() - s.t_ns) / 1e6;
        r->lat_sum_ms += lat;
        if (lat > r->lat_max_ms) r->lat_max_ms = lat;
        r->lat_n++;
    }
    if (r->log) {
        static const char *names[] = { "waiting", "speaking", "pause" };
        fprintf(r->log, "%.3f\t%.2f\t%.2f\t%.2f\t%.2f\t%d\t%.2f\t%.2f\t%.3f\t%s\t%.3f\t%d\t%.2f\n",
                m->time_s, lat, m->momentary_lufs, m->shortterm_lufs, m->peak_dbfs, m->clipping,
                m->level_db, m->threshold_db, m->state_time_s, names[m->state], m->pause_s,
                m->pauses, m->pace_syl_s);
        fflush(r->log);
    }
}

static int has_ext(const char *path, const char *ext);

static void sync_file(pd_recorder *r)
{
    if (!r->sf || atomic_load(&r->failed)) return;
    sf_command(r->sf, SFC_UPDATE_HEADER_NOW, NULL, 0);
    sf_write_sync(r->sf);
    /* a WAV's header now gives its length; a FLAC's only when libFLAC is
     * finished: until then the length of what is on the disk (issue 11) */
    if (has_ext(r->path, ".flac")) (void)pd_flac_set_length(r->path, r->in_file);
    r->synced = r->pos;
}

/* frames of 16-bit samples (NULL = silence) to the meters and the file */
/* Keeps where lost input is filled (writer thread): a gap that follows the
 * last one is joined to it; past PD_RECORD_GAPS_MAX the last reaches over
 * the new one too (more is left out of the analysis, never less). */
static void note_gap(pd_recorder *r, long long start, long long frames)
{
    if (frames <= 0) return;
    pd_record_gap *last = r->n_gap_at ? &r->gap_at[r->n_gap_at - 1] : NULL;
    if (last && (last->start + last->frames >= start || r->n_gap_at == PD_RECORD_GAPS_MAX)) {
        last->frames = start + frames - last->start;
        return;
    }
    r->gap_at[r->n_gap_at++] = (pd_record_gap){ start, frames };
}

static void take_in(pd_recorder *r, const short *x, long long n, float *fbuf, short *zeros)
{
    while (n > 0 && !atomic_load_explicit(&r->cut, memory_order_acquire)) {
        long long k = n > CHUNK_FRAMES ? CHUNK_FRAMES : n;
        const short *src = x ? x : zeros;
        size_t ns = (size_t)k * (size_t)r->ch;
        for (size_t i = 0; i < ns; i++) fbuf[i] = (float)src[i] / 32768.0f;
        pd_live_feed(r->live, fbuf, (size_t)k);
        if (!atomic_load(&r->failed)) {
            errno = 0;
            sf_count_t w = sf_writef_short(r->sf, src, k);
            int e = errno;
            if (w > 0) r->in_file += w;
            if (w != k) {
                char why[200];
                writer_fail(r, write_error_text(r->sf, e, why, sizeof why));
            }
        }
        r->pos += k;
        atomic_store_explicit(&r->written, r->pos, memory_order_release);
        if (x) x += ns;
        n -= k;
    }
}

static void *writer_main(void *arg)
{
    pd_recorder *r = arg;
    size_t fs = (size_t)r->ch;
    short *buf = malloc(sizeof(short) * CHUNK_FRAMES * fs);
    short *zeros = calloc(CHUNK_FRAMES * fs, sizeof(short));
    float *fbuf = malloc(sizeof(float) * CHUNK_FRAMES * fs);
    if (!buf || !zeros || !fbuf) {
        writer_fail(r, "out of memory");
        free(buf); free(zeros); free(fbuf);
        return NULL;
    }
    long long last_sync = now_ns();
    const long long sync_ns = (long long)(PD_RECORD_SYNC_S * 1e9);
    while (!atomic_load_explicit(&r->cut, memory_order_acquire)) {
        int did = 0;
        /* stop at the next gap, fill it with silence when reached */
        long long room = CHUNK_FRAMES;
        gap_event ev;
        if (pd_ringbuf_peek(r->gaps, &ev, 1) == 1) {
            if (ev.pos <= r->pos) {
                note_gap(r, r->pos, ev.count);
                take_in(r, NULL, ev.count, fbuf, zeros);
                r->gap_frames += ev.count;
                pd_ringbuf_skip(r->gaps, 1);
                continue;
            }
            if (ev.pos - r->pos < room) room = ev.pos - r->pos;
        }
        size_t n = pd_ringbuf_read(r->rb, buf, (size_t)room);
        if (n > 0) {
            take_in(r, buf, (long long)n, fbuf, zeros);
            did = 1;
        }
        long long t = now_ns();
        if (r->pos > r->synced && (t - last_sync >= sync_ns || r->pos - r->synced >= r->rate / 2)) {
            sync_file(r);
            last_sync = t;
        }
        if (!did) {
            if (atomic_load_explicit(&r->stream_done, memory_order_acquire) &&
                pd_ringbuf_read_available(r->rb) == 0 && pd_ringbuf_read_available(r->gaps) == 0)
                break;
            struct timespec ts = { 0, IDLE_SLEEP_NS };
            nanosleep(&ts, NULL);
        }
    }
    sync_file(r);
    free(buf); free(zeros); free(fbuf);
    atomic_store_explicit(&r->writer_exited, 1, memory_order_release);
    return NULL;
}

/* ---- control ---------------------------------------------------------------- */
static int has_ext(const char *path, const char *ext)
{
    size_t n = strlen(path), e = strlen(ext);
    return n > e && strcasecmp(path + n - e, ext) == 0;
}

/* A JSON string (pd_sb_json_str: escaped, bytes that are not UTF-8 replaced),
 * so a file or device name of any bytes keeps the sidecar valid JSON. */
static void put_json_str(FILE *f, const char *s)
{
    pd_sb sb;
    pd_sb_init(&sb);
    pd_sb_json_str(&sb, s);
    if (sb.data) fputs(sb.data, f);
    pd_sb_free(&sb);
}

static void write_sidecar(pd_recorder *r, const pd_record_stats *s, int finished, const char *error)
{
    char side[1100];
    snprintf(side, sizeof side, "%s.json", r->path);
    FILE *f = pd_private_fopen(side);
    if (!f) return;   /* the take matters more than its sidecar */
    fprintf(f, "{\n  \"file\": ");
    put_json_str(f, r->path);
    fprintf(f, ",\n  \"device\": ");
    put_json_str(f, r->device);
    fprintf(f, ",\n  \"rate_hz\": %d,\n  \"channels\": %d,\n  \"finished\": %s,\n", r->rate, r->ch,
            finished ? "true" : "false");
    if (s) {
        fprintf(f, "  \"frames\": %lld,\n  \"duration_s\": %.3f,\n  \"dropped_frames\": %lld,\n"
                   "  \"ring_overflow_frames\": %lld,\n  \"input_overflows\": %ld,\n"
                   "  \"cpu_percent\": %.2f,\n",
                s->frames, s->duration_s, s->dropped_frames, s->ring_overflow_frames,
                s->input_overflows, s->cpu_percent);
        /* where the silence is: [first frame, frames] of the take */
        fprintf(f, "  \"gaps\": [");
        for (int i = 0; i < s->n_gaps; i++)
            fprintf(f, "%s[%lld, %lld]", i ? ", " : "", s->gaps[i].start, s->gaps[i].frames);
        fprintf(f, "],\n");
        if (s->latency_samples > 0)
            fprintf(f, "  \"meter_latency_ms_mean\": %.2f,\n  \"meter_latency_ms_max\": %.2f,\n",
                    s->latency_mean_ms, s->latency_max_ms);
    }
    fprintf(f, "  \"error\": ");
    if (error) {
        put_json_str(f, error);
        fprintf(f, "\n}\n");
    } else {
        fprintf(f, "null\n}\n");
    }
    fclose(f);
}

static void destroy(pd_recorder *r)
{
    if (!r) return;
    if (r->stream) {
        pd_pa_quiet_begin();
        Pa_CloseStream(r->stream);
        pd_pa_quiet_end();
    }
    if (r->sf && !r->sf_closed) sf_close(r->sf);
    if (r->log) fclose(r->log);
    pd_live_destroy(r->live);
    pd_ringbuf_destroy(r->rb);
    pd_ringbuf_destroy(r->gaps);
    pd_ringbuf_destroy(r->stamps);
    free(r);
}

static int try_format(PaDeviceIndex d, int ch, double rate)
{
    PaStreamParameters p = { d, ch, paInt16, Pa_GetDeviceInfo(d)->defaultLowInputLatency, NULL };
    pd_pa_quiet_begin();
    PaError e = Pa_IsFormatSupported(&p, NULL, rate);
    pd_pa_quiet_end();
    return e == paFormatIsSupported;
}

int pd_recorder_start(const pd_record_config *cfg, pd_recorder **out, char *err, size_t err_len)
{
    if (!cfg || !cfg->path || !out) {
        snprintf(err, err_len, "no output file given");
        return 1;
    }
    int fmt;
    if (has_ext(cfg->path, ".wav")) fmt = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    else if (has_ext(cfg->path, ".flac")) fmt = SF_FORMAT_FLAC | SF_FORMAT_PCM_16;
    else {
        snprintf(err, err_len, "cannot record to '%s': the name must end in .wav or .flac", cfg->path);
        return 1;
    }
    /* the path before the device: a wrong path is the problem to report even
     * with no microphone at hand (the file itself is made once the rate is known) */
    struct stat ps;
    char dir[1024];
    snprintf(dir, sizeof dir, "%s", cfg->path);
    char *slash = strrchr(dir, '/');
    if (slash == dir) dir[1] = 0;
    else if (slash) *slash = 0;
    else snprintf(dir, sizeof dir, ".");
    const char *bad = NULL;
    if (stat(cfg->path, &ps) == 0 && S_ISDIR(ps.st_mode)) bad = "it is a folder";
    else if (stat(dir, &ps) != 0 || !S_ISDIR(ps.st_mode)) bad = "the folder does not exist";
    else if (access(dir, W_OK) != 0) bad = "permission denied";
    if (bad) {
        snprintf(err, err_len, "cannot write '%s': %s; choose a writable path", cfg->path, bad);
        return 1;
    }
    pd_recorder *r = calloc(1, sizeof *r);
    if (!r) {
        snprintf(err, err_len, "out of memory");
        return 1;
    }
    r->cfg = *cfg;
    snprintf(r->path, sizeof r->path, "%s", cfg->path);
    r->cfg.path = r->path;

    /* the device and its format */
    PaDeviceIndex dev = pd_pa_find_device(cfg->device, 1, err, err_len);
    if (dev == paNoDevice) goto fail;
    const PaDeviceInfo *info = Pa_GetDeviceInfo(dev);
    pd_pa_device_label(dev, r->device, sizeof r->device);
    int chans[2] = { cfg->channels > 0 ? cfg->channels : 1, cfg->channels > 0 ? cfg->channels : 2 };
    double rates[5] = { cfg->rate_hz, info->defaultSampleRate, 48000, 44100, 16000 };
    int n_rates = cfg->rate_hz > 0 ? 1 : 5;
    r->rate = 0;
    for (int c = 0; c < 2 && !r->rate; c++) {
        if (chans[c] > info->maxInputChannels) continue;
        for (int i = cfg->rate_hz > 0 ? 0 : 1; i < n_rates && !r->rate; i++) {
            double rt = rates[i];
            if (rt < PD_MIN_RATE_HZ || rt > PD_MAX_RATE_HZ || rt != floor(rt)) continue;
            if (try_format(dev, chans[c], rt)) {
                r->rate = (int)rt;
                r->ch = chans[c];
            }
        }
    }
    if (!r->rate) {
        if (cfg->rate_hz > 0)
            snprintf(err, err_len, "the input '%s' cannot record %d Hz 16-bit %s; try another --rate "
                     "or leave it out", r->device, cfg->rate_hz, chans[0] == 1 ? "mono" : "audio");
        else
            snprintf(err, err_len, "the input '%s' offers no usable format (16-bit at 48000, 44100 or "
                     "16000 Hz); choose another with --device", r->device);
        goto fail;
    }

    /* ALSA's timestamps come from the device clock, so a jump in them is input
     * the driver lost. JACK's come from an estimate of wall-clock time, and
     * its "xrun" means some client in the graph was late: our port still
     * gets every cycle, so nothing is inserted (the event is counted). */
    {
        const PaHostApiInfo *h = Pa_GetHostApiInfo(info->hostApi);
        r->clock_gaps = h && h->type == paALSA;
    }

    /* the file first: nothing is captured to nowhere */
    SF_INFO si = { 0 };
    si.samplerate = r->rate;
    si.channels = r->ch;
    si.format = fmt;
    int fd = pd_take_open(r->path);   /* a recording of a voice: 0600, locked while written */
    r->sf = fd >= 0 ? sf_open_fd(fd, SFM_WRITE, &si, SF_TRUE) : NULL;
    if (!r->sf) {
        if (fd >= 0) {   /* the open worked, libsndfile's write did not: keep its errno */
            int e = errno;
            close(fd);
            errno = e;
        }
        const char *why = sf_strerror(NULL);
        if (errno == ENOENT) why = "the folder does not exist";
        else if (errno == EACCES || errno == EROFS) why = "permission denied";
        else if (errno == EISDIR) why = "it is a folder";
        else if (errno == ENOSPC) why = "the disk is full";
        else if (errno == EBUSY) why = "another Podium is recording into it";
        snprintf(err, err_len, "cannot write '%s': %s; choose a writable path", r->path, why);
        goto fail;
    }
    sf_command(r->sf, SFC_UPDATE_HEADER_NOW, NULL, 0);   /* a valid empty file from the start */

    double buf_s = cfg->buffer_s > 0 ? cfg->buffer_s : 20.0;
    size_t cap = (size_t)ceil(buf_s * r->rate);
    if (cap < 64) cap = 64;
    if (pd_ringbuf_create(cap, sizeof(short) * (size_t)r->ch, &r->rb) != PD_OK ||
        pd_ringbuf_create(256, sizeof(gap_event), &r->gaps) != PD_OK ||
        pd_ringbuf_create(4096, sizeof(cb_stamp), &r->stamps) != PD_OK) {
        snprintf(err, err_len, "out of memory for a %.0f s buffer", buf_s);
        goto fail_file;
    }
    pd_live_config lc = cfg->live;
    lc.on_update = on_meter;
    lc.user = r;
    pd_status st = pd_live_create(&lc, r->rate, r->ch, &r->live);
    if (st != PD_OK) {
        snprintf(err, err_len, "cannot start the live meters: %s", pd_status_str(st));
        goto fail_file;
    }
    if (cfg->meter_log) {
        r->log = fopen(cfg->meter_log, "w");
        if (!r->log) {
            snprintf(err, err_len, "cannot write the meter log '%s': %s", cfg->meter_log, strerror(errno));
            goto fail_file;
        }
        fprintf(r->log, "time_s\tlatency_ms\tmomentary_lufs\tshortterm_lufs\tpeak_dbfs\tclipping\t"
                        "level_db\tthreshold_db\tstate_time_s\tstate\tpause_s\tpauses\tpace_syl_s\n");
        fflush(r->log);
    }
    r->limit = cfg->seconds > 0 ? llround(cfg->seconds * r->rate) : 0;
    atomic_init(&r->pushed, 0);
    atomic_init(&r->ring_dropped, 0);
    atomic_init(&r->overflows, 0);
    atomic_init(&r->complete, 0);
    atomic_init(&r->written, 0);
    atomic_init(&r->failed, 0);
    atomic_init(&r->stream_done, 0);
    atomic_init(&r->stopping, 0);
    atomic_init(&r->cut, 0);
    atomic_init(&r->writer_exited, 0);
    atomic_init(&r->stop_returned, 0);

    PaStreamParameters in = { dev, r->ch, paInt16, info->defaultLowInputLatency, NULL };
    pd_pa_quiet_begin();
    PaError e = Pa_OpenStream(&r->stream, &in, NULL, r->rate, paFramesPerBufferUnspecified,
                              paClipOff | paDitherOff, on_audio, r);
    pd_pa_quiet_end();
    if (e != paNoError) {
        r->stream = NULL;
        snprintf(err, err_len, "cannot open the input '%s': %s; is it in use by another program?",
                 r->device, Pa_GetErrorText(e));
        goto fail_file;
    }
    write_sidecar(r, NULL, 0, NULL);
    if (pthread_create(&r->writer, NULL, writer_main, r) != 0) {
        snprintf(err, err_len, "cannot start the writer thread");
        goto fail_file;
    }
    r->writer_started = 1;
    getrusage(RUSAGE_SELF, &r->ru0);
    r->t0_ns = now_ns();
    atomic_init(&r->last_cb_ns, r->t0_ns);
    pd_pa_quiet_begin();
    e = Pa_StartStream(r->stream);
    pd_pa_quiet_end();
    if (e != paNoError) {
        snprintf(err, err_len, "cannot start the input '%s': %s", r->device, Pa_GetErrorText(e));
        atomic_store(&r->stream_done, 1);
        pthread_join(r->writer, NULL);
        goto fail_file;
    }
    *out = r;
    return 0;
fail_file:
    sf_close(r->sf);
    r->sf_closed = 1;
    {
        char side[1100];
        snprintf(side, sizeof side, "%s.json", r->path);
        remove(side);
    }
    remove(r->path);
fail:
    destroy(r);
    return 1;
}

double pd_recorder_elapsed_s(const pd_recorder *r)
{
    return (double)atomic_load(&((pd_recorder *)r)->written) / r->rate;
}

void pd_recorder_format(const pd_recorder *r, char *device, size_t device_len, int *rate_hz,
                        int *channels)
{
    if (device && device_len) snprintf(device, device_len, "%s", r->device);
    if (rate_hz) *rate_hz = r->rate;
    if (channels) *channels = r->ch;
}

int pd_recorder_read_meter(pd_recorder *r, pd_live_meter *out) { return pd_live_read(r->live, out); }

int pd_recorder_poll(pd_recorder *r, char *err, size_t err_len)
{
    if (atomic_load_explicit(&r->failed, memory_order_acquire)) {
        snprintf(err, err_len, "%s", r->werr);
        return -1;
    }
    if (atomic_load_explicit(&r->complete, memory_order_acquire)) return 1;
    long long last = atomic_load_explicit(&r->last_cb_ns, memory_order_acquire);
    int active = Pa_IsStreamActive(r->stream) == 1;
    if (!active || (double)(now_ns() - last) / 1e9 > STALL_S) {
        if (atomic_load_explicit(&r->complete, memory_order_acquire)) return 1;
        r->lost_device = 1;
        snprintf(err, err_len, "the input '%s' stopped delivering sound after %.1f s (unplugged, or "
                 "its sound server stopped); the take so far is kept: check the microphone and "
                 "record again", r->device, (double)atomic_load(&r->pushed) / r->rate);
        return -1;
    }
    return 0;
}

static pd_recorder *abandoned[4];   /* recorders of dead streams (see below) */
static int n_abandoned;

static void *stopper_main(void *arg)
{
    pd_recorder *r = arg;
    Pa_StopStream(r->stream);
    atomic_store_explicit(&r->stop_returned, 1, memory_order_release);
    return NULL;
}

static void nap(void)
{
    struct timespec ts = { 0, IDLE_SLEEP_NS };
    nanosleep(&ts, NULL);
}

/* Pa_StopStream, waited for until deadline_ns; 1 when it returned. */
static int stop_stream_bounded(pd_recorder *r, long long deadline_ns)
{
    if (Pa_IsStreamStopped(r->stream) != 0) return 1;
    if (pthread_create(&r->stopper, NULL, stopper_main, r) != 0) return 0;
    while (!atomic_load_explicit(&r->stop_returned, memory_order_acquire) && now_ns() < deadline_ns) nap();
    if (atomic_load_explicit(&r->stop_returned, memory_order_acquire)) {
        pthread_join(r->stopper, NULL);
        return 1;
    }
    pthread_detach(r->stopper);   /* blocked in the host API: left there */
    return 0;
}

int pd_recorder_finish(pd_recorder *r, pd_record_stats *stats, char *err, size_t err_len)
{
    if (!r) return 0;
    int rc = 0;
    const long long t_stop = now_ns(), deadline = t_stop + (long long)(FINISH_BOUND_S * 1e9);
    atomic_store_explicit(&r->stopping, 1, memory_order_release);   /* the take ends here */
    if (!r->lost_device) {
        pd_pa_quiet_begin();
        int stopped = stop_stream_bounded(r, t_stop + (long long)(STOP_WAIT_S * 1e9));
        pd_pa_quiet_end();
        if (stopped) {
            /* the callback no longer runs: hand over its last pending gap */
            while (!publish_gap(r) && now_ns() < deadline) nap();
        } else {
            r->lost_device = 1;   /* a stream that does not stop is treated as a dead one */
        }
    }
    long long t1 = now_ns();
    atomic_store_explicit(&r->stream_done, 1, memory_order_release);
    int writer_ok = 1;
    if (r->writer_started) {
        while (!atomic_load_explicit(&r->writer_exited, memory_order_acquire) && now_ns() < deadline) nap();
        if (!atomic_load_explicit(&r->writer_exited, memory_order_acquire)) {
            atomic_store_explicit(&r->cut, 1, memory_order_release);
            /* it stops after the chunk in hand (a write or a meter update) */
            for (int i = 0; i < 50 && !atomic_load_explicit(&r->writer_exited, memory_order_acquire); i++) nap();
        }
        if (atomic_load_explicit(&r->writer_exited, memory_order_acquire)) {
            pthread_join(r->writer, NULL);
        } else {
            pthread_detach(r->writer);   /* stuck in a write: the file stays with it */
            writer_ok = 0;
        }
    }
    if (!writer_ok) {
        double kept = (double)atomic_load(&r->written) / r->rate;
        snprintf(err, err_len, "cannot finish '%s' in time: writing to the disk does not answer; the take "
                 "holds %.1f s up to its last sync: check the disk", r->path, kept);
        if (stats) memset(stats, 0, sizeof *stats);
        if (n_abandoned < 4) abandoned[n_abandoned++] = r;   /* still in use by the writer */
        if (r->lost_device) pd_pa_abandon();
        return 1;
    }
    struct rusage ru1;
    getrusage(RUSAGE_SELF, &ru1);

    pd_record_stats s;
    memset(&s, 0, sizeof s);
    snprintf(s.device, sizeof s.device, "%s", r->device);
    s.rate_hz = r->rate;
    s.channels = r->ch;
    s.frames = r->in_file;
    s.dropped_frames = r->gap_frames;
    s.ring_overflow_frames = atomic_load(&r->ring_dropped);
    s.n_gaps = r->n_gap_at;
    memcpy(s.gaps, r->gap_at, sizeof s.gaps);
    s.input_overflows = atomic_load(&r->overflows);
    s.duration_s = (double)r->in_file / r->rate;
    double cpu = (double)(ru1.ru_utime.tv_sec - r->ru0.ru_utime.tv_sec) +
                 (double)(ru1.ru_stime.tv_sec - r->ru0.ru_stime.tv_sec) +
                 1e-6 * (double)(ru1.ru_utime.tv_usec - r->ru0.ru_utime.tv_usec +
                                 ru1.ru_stime.tv_usec - r->ru0.ru_stime.tv_usec);
    double wall = (double)(t1 - r->t0_ns) / 1e9;
    s.cpu_percent = wall > 0 ? 100.0 * cpu / wall : 0.0;
    s.latency_samples = r->lat_n;
    s.latency_mean_ms = r->lat_n ? r->lat_sum_ms / (double)r->lat_n : NAN;
    s.latency_max_ms = r->lat_max_ms;

    const char *error = NULL;
    char cut_msg[400];
    if (atomic_load(&r->cut) && !atomic_load(&r->failed)) {
        snprintf(cut_msg, sizeof cut_msg,
                 "finishing the take took longer than %.0f s (the input delivered sound faster than it "
                 "could be written: a device without a clock?); it is kept with its first %.1f s: "
                 "choose another input", FINISH_BOUND_S, (double)r->in_file / r->rate);
        snprintf(err, err_len, "%s", cut_msg);
        error = cut_msg;
        rc = 1;
    }
    if (atomic_load(&r->failed)) {
        snprintf(err, err_len, "%s", r->werr);
        error = r->werr;
        rc = 1;
    }
    if (sf_close(r->sf) != 0 && rc == 0) {
        snprintf(err, err_len, "cannot finish '%s': %s; the take so far is kept", r->path,
                 sf_strerror(NULL));
        error = err;
        rc = 1;
    }
    r->sf_closed = 1;
    write_sidecar(r, &s, 1, error);
    if (stats) *stats = s;
    if (r->lost_device) {
        /* A dead stream cannot be stopped or closed (PortAudio's JACK host
         * waits for a server that is gone), and its callback might still
         * run: the file is done, the stream and what it writes to are left
         * alone (kept reachable) until the process exits. */
        if (n_abandoned < 4) abandoned[n_abandoned++] = r;
        pd_pa_abandon();
        return rc;
    }
    destroy(r);
    return rc;
}
