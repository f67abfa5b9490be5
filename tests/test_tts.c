/* test_tts.c - the audience's questions spoken by eSpeak NG (src/audio/tts.c,
 * the real library and its data; skipped, exit 77, only when Podium is built
 * without it).
 *
 * - An English and an Italian question from the bundled lists: a buffer at
 *   espeak's 22050 Hz whose length is 0.04-0.2 s per character of the text.
 *   The bound: eSpeak NG's default rate is 175 words a minute (speak_lib.h,
 *   espeakRATE_NORMAL), about 15 characters a second (5-6 characters a word
 *   with its space): 0.067 s a character, plus the pause it adds at the end;
 *   0.04 s (25 a second) is faster than any voice at its default rate, 0.2 s
 *   three times slower than it. Its level is speech, not silence: RMS over
 *   -40 dBFS and peak over -20 dBFS (espeak speaks near full scale).
 * - The voices differ: one Italian sentence said by the "en" and the "it"
 *   voice gives different samples (lengths or content).
 * - A language without a voice here ("fr": Podium speaks en and it) and an
 *   empty text are refused with a message, nothing returned. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#ifdef PODIUM_HAVE_ESPEAK
#include "podium/tts.h"

static void level(const float *x, size_t n, double *rms_db, double *peak_db)
{
    double s = 0, p = 0;
    for (size_t i = 0; i < n; i++) {
        s += (double)x[i] * x[i];
        p = fmax(p, fabs(x[i]));
    }
    *rms_db = 10.0 * log10(s / (double)(n ? n : 1) + 1e-30);
    *peak_db = 20.0 * log10(p + 1e-30);
}

static void question(const char *lang, const char *text)
{
    float *x = NULL;
    size_t n = 0;
    int rate = 0;
    char err[300] = "";
    int rc = pd_tts_speak(lang, text, &x, &n, &rate, err, sizeof err);
    CHECK(rc == 0 && x && n > 0, "%s '%s' spoken: %s", lang, text, err);
    if (rc != 0 || !x) return;
    CHECK(rate == 22050, "%s: espeak's rate %d Hz", lang, rate);
    double dur = (double)n / rate, chars = (double)strlen(text);
    CHECK(dur >= 0.04 * chars && dur <= 0.2 * chars, "%s '%s': %.2f s for %.0f characters (%.3f s each; 0.04-0.2)",
          lang, text, dur, chars, dur / chars);
    double rms, peak;
    level(x, n, &rms, &peak);
    CHECK(rms > -40.0 && peak > -20.0, "%s: RMS %.1f dBFS, peak %.1f dBFS (speech: over -40 and -20)", lang, rms, peak);
    printf("%s '%s': %.2f s (%.3f s a character), RMS %.1f dBFS, peak %.1f dBFS\n", lang, text, dur, dur / chars, rms,
           peak);
    free(x);
}

int main(void)
{
    question("en", "What do you do exactly?");
    question("en", "Why should I trust you?");
    question("it", "Ma di preciso, che cosa fai?");
    question("it", "Quanto costa?");
    question("it", "Perché dovrei fidarmi di te?");

    /* one sentence, two voices */
    const char *s = "Quanto costa il tuo servizio?";
    float *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;
    int ra = 0, rb = 0;
    char err[300] = "";
    CHECK(pd_tts_speak("en", s, &a, &na, &ra, err, sizeof err) == 0, "en voice: %s", err);
    CHECK(pd_tts_speak("it", s, &b, &nb, &rb, err, sizeof err) == 0, "it voice: %s", err);
    int differ = !a || !b || na != nb || memcmp(a, b, na * sizeof *a) != 0;
    CHECK(a && b && differ, "the Italian voice differs from the English one (%zu vs %zu frames)", na, nb);
    printf("'%s': en %zu frames, it %zu frames\n", s, na, nb);
    free(a);
    free(b);

    /* refused: a language without a voice, an empty text */
    float *x = (float *)&ra;
    size_t n = 7;
    int rate = 0;
    err[0] = 0;
    CHECK(pd_tts_speak("fr", "Bonjour", &x, &n, &rate, err, sizeof err) == 1 && !x && n == 0 && strstr(err, "fr"),
          "fr refused: '%s'", err);
    err[0] = 0;
    CHECK(pd_tts_speak("en", "", &x, &n, &rate, err, sizeof err) == 1 && !x && err[0], "empty text refused: '%s'", err);

    CHECK_DONE();
}
#else
int main(void)
{
    printf("SKIP: Podium was built without eSpeak NG (pkg-config did not find espeak-ng, or -DPODIUM_ESPEAK=OFF): "
           "the questions are shown, not spoken; install libespeak-ng-dev and espeak-ng-data to test the voice\n");
    return 77;
}
#endif
