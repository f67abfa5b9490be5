/* audio_io.h - the microphone and the speaker: PortAudio capture into files
 * written with libsndfile, replay of takes, and the device list.
 *
 * Recording (the shape of PortAudio's paex_record_file.c): the audio
 * callback only copies the captured frames into a lock-free SPSC ring
 * buffer (ringbuf.h) and counts what did not fit; a writer thread drains the
 * ring, feeds the live meters (live.h) and writes the file, rewriting its
 * header and syncing it to disk every PD_RECORD_SYNC_S, so that a killed
 * process or a power cut loses at most that much. Input that is lost (ring
 * overflow, or a driver overflow whose length the stream clock tells) is
 * replaced by as much silence, so the take's timing stays true, and counted.
 *
 * All functions are called from one control thread (the one that created
 * the recorder); pd_recorder_read_meter may be called from it while the
 * writer runs. Every failure comes back as one line in err saying what
 * happened and what to do. */
#ifndef PODIUM_AUDIO_IO_H
#define PODIUM_AUDIO_IO_H

#include <stddef.h>
#include "podium/live.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PD_RECORD_SYNC_S 0.5   /* header rewritten and data synced this often */

/* ---- PortAudio set-up and the device list ----------------------------- */
typedef struct pd_audio_device {
    int index;               /* PortAudio device index */
    char name[128];
    char host_api[48];
    int max_input_channels, max_output_channels;
    double default_rate_hz;
    int default_input, default_output;   /* 1 for the default devices */
} pd_audio_device;

/* Pa_Initialize without the ALSA/JACK start-up noise on stderr (and
 * without starting a JACK server). Returns 0, or non-zero with err set. */
int pd_audio_init(char *err, size_t err_len);
void pd_audio_terminate(void);
int pd_audio_device_count(void);
int pd_audio_device_get(int i, pd_audio_device *out);   /* 0 on success */

/* ---- recording ----------------------------------------------------------- */
typedef struct pd_record_config {
    const char *path;        /* .wav (16-bit PCM) or .flac (16-bit) */
    const char *device;      /* input name substring (case-insensitive); NULL = default */
    int rate_hz;             /* 0: the device's native rate, else 48000, 44100, 16000 */
    int channels;            /* 0: mono, else stereo when the device needs it */
    double seconds;          /* stop after this much audio; 0 = until stopped */
    double buffer_s;         /* ring buffer length, default 20 s */
    const char *meter_log;   /* optional: every meter update as a TSV line */
    pd_live_config live;
} pd_record_config;

/* Where lost input was filled with silence, in frames of the take (the
 * file's own frames). A drill leaves these spans out of the analysis: they
 * are neither speech nor pause. */
#define PD_RECORD_GAPS_MAX 64
typedef struct pd_record_gap {
    long long start, frames;
} pd_record_gap;

typedef struct pd_record_stats {
    char device[200];        /* "host API: name" */
    int rate_hz, channels;
    long long frames;        /* frames in the file, silence for lost input included */
    long long dropped_frames;      /* lost input replaced by silence */
    long long ring_overflow_frames;
    pd_record_gap gaps[PD_RECORD_GAPS_MAX]; /* in take order, adjacent ones joined; past the */
    int n_gaps;                    /* 64th, the last one reaches over the rest */
    long input_overflows;    /* driver overflow reports (paInputOverflow) */
    double duration_s;
    double cpu_percent;      /* process CPU while recording, % of one core */
    double latency_mean_ms, latency_max_ms; /* callback -> published meter */
    long latency_samples;
} pd_record_stats;

typedef struct pd_recorder pd_recorder;

void pd_record_config_init(pd_record_config *cfg);
/* Opens the file, then the device, and starts recording. On failure
 * returns non-zero with err set, and nothing is left running (a file that
 * was created is removed only when no sound was captured). */
int pd_recorder_start(const pd_record_config *cfg, pd_recorder **out, char *err, size_t err_len);
/* 0 while recording, 1 when --seconds worth was captured, -1 on a failure
 * during the take (device lost, disk full): err says which. */
int pd_recorder_poll(pd_recorder *r, char *err, size_t err_len);
double pd_recorder_elapsed_s(const pd_recorder *r);
/* The input being recorded ("host API: name", as in the stats), its rate
 * and channels; any out pointer may be NULL. */
void pd_recorder_format(const pd_recorder *r, char *device, size_t device_len, int *rate_hz,
                        int *channels);
/* The newest meter (any time; returns 1 when it is new). */
int pd_recorder_read_meter(pd_recorder *r, pd_live_meter *out);
/* Stops, drains, finalises the file (header, sync, close), writes the
 * sidecar "<path>.json", frees the recorder. Returns 0, or non-zero with
 * err set when the file could not be completed (it keeps what was written).
 * stats may be NULL. Bounded: returns within 2 s (plus a disk write in
 * progress) whatever the device does. The take ends when it is called; a
 * stream that does not stop within 1 s (a frozen sound server, a device
 * that stopped delivering) is abandoned as a dead one; what is still to be
 * written at 2 s (the backlog of a device with no clock) is dropped, and
 * err says how long the take is. */
int pd_recorder_finish(pd_recorder *r, pd_record_stats *stats, char *err, size_t err_len);

/* ---- replay ------------------------------------------------------------- */
typedef struct pd_play_config {
    const char *path;
    const char *device;      /* output name substring; NULL = default */
    double from_s;           /* start, s (0 = beginning) */
    double to_s;             /* end, s (< 0 = end of file) */
} pd_play_config;

typedef void (*pd_play_progress_fn)(double pos_s, double end_s, void *user);

/* Plays [from_s, to_s) of the file at its own rate; returns when done or
 * when *stop becomes non-zero. progress (may be NULL) is called from this
 * thread about 10 times a second. 0 on success, else err set. */
int pd_play_file(const pd_play_config *cfg, const volatile int *stop, pd_play_progress_fn progress,
                 void *user, char *err, size_t err_len);

#ifdef __cplusplus
}
#endif
#endif
