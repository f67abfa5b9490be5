/* outputs.c - the files a command writes (issue 11, defect 6): an existing
 * file is never replaced unless --force is given, and an output that is one
 * of the command's inputs (the same file: st_dev and st_ino, so another
 * name, a hard link or a symlink to it counts too) is always refused, even
 * with --force: `analyse --textgrid take.wav take.wav` once overwrote the
 * recording with the TextGrid. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli.h"

int pd_cli_same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    if (strcmp(a, b) == 0) return 1;
    if (stat(a, &sa) != 0 || stat(b, &sb) != 0) return 0;
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int pd_cli_check_output(const char *verb, const char *out, const char *const *inputs, int n_inputs, int force)
{
    for (int i = 0; i < n_inputs; i++)
        if (inputs[i] && pd_cli_same_file(out, inputs[i])) {
            fprintf(stderr, "podium %s: '%s' is also the input '%s'; give another output file\n", verb, out,
                    inputs[i]);
            return 2;
        }
    /* a regular file (or a link to one) holds something to lose; a folder
     * or a device is left to the writer, which names it */
    struct stat st;
    if (!force && stat(out, &st) == 0 && S_ISREG(st.st_mode)) {
        fprintf(stderr, "podium %s: '%s' exists; give --force to replace it (or another name)\n", verb, out);
        return 1;
    }
    return 0;
}

int pd_cli_create_output(const char *verb, const char *out, int force)
{
    int fd = open(out, O_WRONLY | O_CREAT | O_CLOEXEC | (force ? O_TRUNC : O_EXCL), 0644);
    if (fd < 0 && errno == EEXIST)
        fprintf(stderr, "podium %s: '%s' exists; give --force to replace it (or another name)\n", verb, out);
    else if (fd < 0)
        fprintf(stderr, "podium %s: cannot write '%s': %s; choose a writable path\n", verb, out,
                strerror(errno));
    return fd;
}
