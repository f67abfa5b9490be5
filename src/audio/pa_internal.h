/* pa_internal.h - helpers shared by the PortAudio modules (devices.c,
 * recorder.c, player.c). */
#ifndef PODIUM_PA_INTERNAL_H
#define PODIUM_PA_INTERNAL_H

#include <stddef.h>
#include <portaudio.h>

/* Runs PortAudio calls with stderr sent to /dev/null (libjack and ALSA
 * write there directly). Calls nest. */
void pd_pa_quiet_begin(void);
void pd_pa_quiet_end(void);

/* Finds an input (input = 1) or output device: name == NULL gives the
 * default one. A name matches case-insensitively anywhere in the device's
 * name or in "host API: name"; an exact name wins over partial matches.
 * Returns the device index or paNoDevice with err set. */
PaDeviceIndex pd_pa_find_device(const char *name, int input, char *err, size_t err_len);

/* After a stream died: pd_audio_terminate() then leaves PortAudio alone
 * (closing a client of a dead JACK server blocks). */
void pd_pa_abandon(void);

/* "host API: name" of a device. */
void pd_pa_device_label(PaDeviceIndex d, char *out, size_t len);

#endif
