/* assets_dir.c - where Podium's data is (assets_dir.h). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "podium/assets_dir.h"

static int has_prompts(const char *dir)
{
    char p[PATH_MAX + 16];
    struct stat st;
    snprintf(p, sizeof p, "%s/prompts", dir);
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

int pd_assets_dir(char *out, size_t cap, char *why, size_t why_len)
{
    const char *env = getenv("PODIUM_ASSETS");
    if (env && *env) {
        snprintf(out, cap, "%s", env);
        return 0;
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) {
        snprintf(out, cap, "assets");
        if (why)
            snprintf(why, why_len, "cannot tell where the podium program is (/proc/self/exe "
                     "unreadable), so its data folder is unknown: set PODIUM_ASSETS=DIR");
        return -1;
    }
    exe[n] = 0;
    char *slash = strrchr(exe, '/');
    if (slash) *slash = 0;
    char installed[PATH_MAX + 32], build[PATH_MAX + 16];
    snprintf(installed, sizeof installed, "%s/../share/podium", exe);
    snprintf(build, sizeof build, "%s/assets", exe);
    /* the plain form, without "/bin/.." when it resolves */
    char real[PATH_MAX];
    const char *inst = realpath(installed, real) ? real : installed;
    if (has_prompts(inst)) {
        snprintf(out, cap, "%s", inst);
        return 0;
    }
    if (has_prompts(build)) {
        snprintf(out, cap, "%s", build);
        return 0;
    }
    snprintf(out, cap, "%s", installed);
    if (why)
        snprintf(why, why_len, "no data folder (prompt cards, sample) in %s or %s: reinstall "
                 "podium, or set PODIUM_ASSETS=DIR to a folder holding prompts/", installed, build);
    return -1;
}
