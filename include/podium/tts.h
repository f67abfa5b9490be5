/* tts.h - text to speech samples with eSpeak NG (libespeak-ng, offline;
 * https://github.com/espeak-ng/espeak-ng): the audience's questions spoken
 * aloud (issue 9). A real text-to-speech engine instead of one of our own:
 * formant synthesis with English and Italian voices, packaged by Debian
 * (libespeak-ng1 + espeak-ng-data).
 *
 * The library keeps global state: it is initialised once, on the first
 * call (AUDIO_OUTPUT_SYNCHRONOUS: espeak_Synth returns when the text is
 * spoken, its samples collected by a callback), and terminated once, at the
 * process's exit (atexit: eSpeak NG 1.51 hangs in espeak_Terminate when it
 * was initialised a second time), and calls are serialised by
 * a mutex, so pd_tts_speak may be called from any one thread at a time or
 * several (they wait for each other). Never from an audio callback: it
 * allocates and takes tens of milliseconds. Built only when pkg-config
 * finds espeak-ng (PODIUM_HAVE_ESPEAK). */
#ifndef PODIUM_TTS_H
#define PODIUM_TTS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The text (UTF-8) spoken by the voice of lang ("en" or "it"; another
 * language is refused) into *samples (mono, -1..1, caller frees with
 * free()), *n frames at *rate_hz (espeak's rate: 22050 Hz). 0, or 1 with
 * err saying what failed (and *samples NULL). */
int pd_tts_speak(const char *lang, const char *text, float **samples, size_t *n, int *rate_hz, char *err,
                 size_t err_len);

#ifdef __cplusplus
}
#endif
#endif
