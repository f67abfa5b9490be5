/* devices.c - PortAudio start-up without noise, the device list, and
 * device choice by name. */
#include <alsa/asoundlib.h>
#include <ctype.h>
#include <fcntl.h>
#include <pa_jack.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "podium/audio_io.h"
#include "pa_internal.h"

/* The app opens PortAudio on several threads (the device list, the
 * microphone's opener, the sound output's): the depth and the saved
 * descriptor are shared, so under a lock. */
static pthread_mutex_t quiet_lock = PTHREAD_MUTEX_INITIALIZER;
static int quiet_depth = 0;
static int saved_stderr = -1;

void pd_pa_quiet_begin(void)
{
    pthread_mutex_lock(&quiet_lock);
    if (quiet_depth++ == 0) {
        fflush(stderr);
        saved_stderr = dup(2);
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) {
            dup2(null, 2);
            close(null);
        }
    }
    pthread_mutex_unlock(&quiet_lock);
}

void pd_pa_quiet_end(void)
{
    pthread_mutex_lock(&quiet_lock);
    if (quiet_depth > 0 && --quiet_depth == 0 && saved_stderr >= 0) {
        dup2(saved_stderr, 2);
        close(saved_stderr);
        saved_stderr = -1;
    }
    pthread_mutex_unlock(&quiet_lock);
}

static void alsa_silent(const char *file, int line, const char *function, int err, const char *fmt, ...)
{
    (void)file; (void)line; (void)function; (void)err; (void)fmt;
}

int pd_audio_init(char *err, size_t err_len)
{
    /* never start a JACK server behind the user's back; no D-Bus device
     * reservation either (it blocks without a session bus) */
    setenv("JACK_NO_START_SERVER", "1", 0);
    setenv("JACK_NO_AUDIO_RESERVATION", "1", 0);
    snd_lib_error_set_handler(alsa_silent);
    PaJack_SetClientName("podium");
    pd_pa_quiet_begin();
    PaError e = Pa_Initialize();
    pd_pa_quiet_end();
    if (e != paNoError) {
        snprintf(err, err_len, "cannot start the audio system: %s", Pa_GetErrorText(e));
        return 1;
    }
    return 0;
}

static int abandoned = 0;
void pd_pa_abandon(void) { abandoned = 1; }

void pd_audio_terminate(void)
{
    if (abandoned) return;
    pd_pa_quiet_begin();
    Pa_Terminate();
    pd_pa_quiet_end();
}

int pd_audio_device_count(void)
{
    int n = Pa_GetDeviceCount();
    return n < 0 ? 0 : n;
}

int pd_audio_device_get(int i, pd_audio_device *out)
{
    const PaDeviceInfo *d = Pa_GetDeviceInfo(i);
    if (!d) return 1;
    const PaHostApiInfo *h = Pa_GetHostApiInfo(d->hostApi);
    memset(out, 0, sizeof *out);
    out->index = i;
    snprintf(out->name, sizeof out->name, "%s", d->name ? d->name : "?");
    snprintf(out->host_api, sizeof out->host_api, "%s", h && h->name ? h->name : "?");
    out->max_input_channels = d->maxInputChannels;
    out->max_output_channels = d->maxOutputChannels;
    out->default_rate_hz = d->defaultSampleRate;
    out->default_input = i == Pa_GetDefaultInputDevice();
    out->default_output = i == Pa_GetDefaultOutputDevice();
    return 0;
}

void pd_pa_device_label(PaDeviceIndex i, char *out, size_t len)
{
    pd_audio_device d;
    if (pd_audio_device_get(i, &d) != 0) snprintf(out, len, "device %d", i);
    else snprintf(out, len, "%s: %s", d.host_api, d.name);
}

static int contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++) {
        size_t i = 0;
        while (i < n && hay[i] && tolower((unsigned char)hay[i]) == tolower((unsigned char)needle[i])) i++;
        if (i == n) return 1;
    }
    return n == 0;
}

PaDeviceIndex pd_pa_find_device(const char *name, int input, char *err, size_t err_len)
{
    const char *what = input ? "input" : "output";
    if (!name) {
        PaDeviceIndex d = input ? Pa_GetDefaultInputDevice() : Pa_GetDefaultOutputDevice();
        if (d == paNoDevice) {
            if (input)
                snprintf(err, err_len, "no microphone found: connect one, or choose an input with "
                                       "--device NAME (see 'podium devices')");
            else
                snprintf(err, err_len, "no audio output found: connect speakers or headphones, or "
                                       "choose an output with --device NAME (see 'podium devices')");
        }
        return d;
    }
    int n = pd_audio_device_count();
    PaDeviceIndex exact = paNoDevice, partial = paNoDevice;
    char list[400] = "";
    size_t used = 0;
    for (int i = 0; i < n; i++) {
        pd_audio_device d;
        if (pd_audio_device_get(i, &d) != 0) continue;
        if ((input ? d.max_input_channels : d.max_output_channels) <= 0) continue;
        char label[200];
        snprintf(label, sizeof label, "%s: %s", d.host_api, d.name);
        if (used < sizeof list - 1) {
            int w = snprintf(list + used, sizeof list - used, "%s'%s'", used ? ", " : "", d.name);
            if (w > 0) used += (size_t)w;
        }
        if (strcasecmp(d.name, name) == 0 || strcasecmp(label, name) == 0) {
            if (exact == paNoDevice) exact = i;
        } else if (partial == paNoDevice && (contains_ci(d.name, name) || contains_ci(label, name))) {
            partial = i;
        }
    }
    if (exact != paNoDevice) return exact;
    if (partial != paNoDevice) return partial;
    if (used == 0)
        snprintf(err, err_len, "no %s device matches '%s', and there is no %s device at all: "
                               "connect one and try again", what, name, what);
    else
        snprintf(err, err_len, "no %s device matches '%s'; the %s devices are: %s "
                               "(see 'podium devices')", what, name, what, list);
    return paNoDevice;
}
