/* tts.c - the questions spoken by eSpeak NG (tts.h). espeak_Synth in
 * AUDIO_OUTPUT_SYNCHRONOUS mode calls back with 16-bit samples in pieces
 * (buflength ms each) until the text is spoken; the callback appends them
 * to the buffer of the call in progress (a piece may come with no event
 * that carries the call's user data, so the buffer is the file's, under the
 * lock). The library's state is global: one mutex around initialisation,
 * voice selection and synthesis. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <espeak-ng/speak_lib.h>
#include "podium/tts.h"

#define PIECE_MS 100   /* espeak's callback buffer, ms */

typedef struct collect {
    float *x;
    size_t n, cap;
    int oom;
} collect;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int rate_hz_init;   /* > 0 once initialised (espeak's sample rate) */
static collect *current;   /* the call in progress (under lock) */

static int on_synth(short *wav, int n, espeak_EVENT *ev)
{
    (void)ev;
    collect *c = current;
    if (!c || !wav || n <= 0) return 0;
    if (c->n + (size_t)n > c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 32768;
        while (cap < c->n + (size_t)n) cap *= 2;
        float *y = realloc(c->x, cap * sizeof *y);
        if (!y) {
            c->oom = 1;
            return 1;   /* stop the synthesis */
        }
        c->x = y;
        c->cap = cap;
    }
    for (int i = 0; i < n; i++) c->x[c->n + (size_t)i] = (float)wav[i] / 32768.0f;
    c->n += (size_t)n;
    return 0;
}

/* At the process's exit (atexit, registered by the first start). */
static void terminate_at_exit(void)
{
    pthread_mutex_lock(&lock);
    if (rate_hz_init > 0) espeak_Terminate();
    rate_hz_init = -1;
    pthread_mutex_unlock(&lock);
}

int pd_tts_speak(const char *lang, const char *text, float **samples, size_t *n, int *rate_hz, char *err,
                 size_t err_len)
{
    *samples = NULL;
    *n = 0;
    if (!lang || (strcmp(lang, "en") != 0 && strcmp(lang, "it") != 0)) {
        snprintf(err, err_len, "no voice for the language '%s' (en or it)", lang ? lang : "");
        return 1;
    }
    if (!text || !*text) {
        snprintf(err, err_len, "nothing to say (an empty text)");
        return 1;
    }
    pthread_mutex_lock(&lock);
    int rc = 1;
    collect c = {0};
    if (rate_hz_init < 0) {
        snprintf(err, err_len, "eSpeak NG has been shut down (the program is ending)");
        goto done;
    }
    if (rate_hz_init == 0) {
        /* DONT_EXIT: a missing espeak-ng-data is an error here, not exit() */
        int r = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, PIECE_MS, NULL, espeakINITIALIZE_DONT_EXIT);
        if (r <= 0) {
            snprintf(err, err_len, "eSpeak NG did not start (is espeak-ng-data installed?)");
            goto done;
        }
        rate_hz_init = r;
        espeak_SetSynthCallback(on_synth);
        atexit(terminate_at_exit);
    }
    if (espeak_SetVoiceByName(lang) != EE_OK) {
        snprintf(err, err_len, "eSpeak NG has no '%s' voice (is espeak-ng-data installed?)", lang);
        goto done;
    }
    current = &c;
    espeak_ERROR e = espeak_Synth(text, strlen(text) + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL, NULL);
    /* synchronous: it returns when the text is spoken (espeak_Synchronize
     * is for the other modes, and waits forever here after a restart) */
    current = NULL;
    if (e != EE_OK || c.oom) {
        snprintf(err, err_len, "%s", c.oom ? "out of memory while speaking" : "eSpeak NG could not speak the text");
        goto done;
    }
    if (c.n == 0) {
        snprintf(err, err_len, "eSpeak NG gave no sound for the text");
        goto done;
    }
    *samples = c.x;
    *n = c.n;
    *rate_hz = rate_hz_init;
    c.x = NULL;
    rc = 0;
done:
    pthread_mutex_unlock(&lock);
    free(c.x);
    return rc;
}
