/* fuzz_audio_file.c - the file reader (libsndfile through pd_analyse_file
 * and pd_read_file), the full analysis, the advice and the JSON, TextGrid
 * and text writers, on any bytes given as a file. A file that cannot be
 * read must give one message; one that can must give a report that holds
 * together (report_checks.h). Seeds: short slices of the bundled sample in
 * WAV (16/24/32-bit, float, 8-bit), FLAC, Ogg, AIFF, AU, and a few damaged
 * headers (data size 0, 0xFFFFFFFF). */
#include <stdio.h>
#include "podium/audio_file.h"
#include "report_checks.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[128];
    snprintf(path, sizeof path, "%s/take.audio", fuzz_dir());
    fuzz_write(path, data, size);
    pd_analysis_config cfg;
    pd_analysis_config_init(&cfg, size && (data[0] & 1) ? "it" : "en");
    pd_report *r = NULL;
    char err[1024] = "";
    if (pd_analyse_file(path, &cfg, &r, err, sizeof err) == 0) {
        FUZZ_CHECK(r != NULL, "a report");
        check_and_write_report(r);
        pd_report_destroy(r);
    } else {
        FUZZ_CHECK(r == NULL && err[0], "a refused file has a message");
    }
    float *x = NULL;
    size_t frames = 0;
    int rate = 0, ch = 0;
    err[0] = 0;
    if (pd_read_file(path, &x, &frames, &rate, &ch, err, sizeof err) == 0) {
        FUZZ_CHECK(rate > 0 && ch > 0, "rate %d channels %d", rate, ch);
        free(x);
    } else {
        FUZZ_CHECK(err[0], "a refused file has a message");
    }
    return 0;
}
