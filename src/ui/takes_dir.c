/* takes_dir.c - where a drill's recording goes while it is taken: the
 * data folder + /takes ($XDG_DATA_HOME/podium or ~/.local/share/podium, or
 * --data-dir's folder, where the history then is too). When that folder
 * cannot be made or written, the session's takes go to a private folder of
 * their own under $TMPDIR (0700, removed with its takes when the app
 * closes), and the window says so before any drill: nothing is promised
 * that cannot be kept, and no drill counts down to a failure. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "podium/private_file.h"
#include "ui.h"

int ui_takes_dir_setup(pd_app *app, const char *data_dir, char *why, size_t why_len)
{
    snprintf(app->takes_dir, sizeof app->takes_dir, "%s/takes", data_dir);
    app->takes_temp = 0;
    why[0] = 0;
    pd_private_mkdirs(app->takes_dir);
    if (access(app->takes_dir, W_OK) == 0) return 0;
    snprintf(why, why_len, "%s", strerror(errno));
    const char *tmp = getenv("TMPDIR");
    char tmpl[sizeof app->takes_dir];
    snprintf(tmpl, sizeof tmpl, "%s/podium-takes-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(tmpl)) return -1;   /* nothing works: the drill says so */
    snprintf(app->takes_dir, sizeof app->takes_dir, "%s", tmpl);
    app->takes_temp = 1;
    return 1;
}

void ui_takes_dir_cleanup(pd_app *app)
{
    if (!app->takes_temp) return;
    DIR *d = opendir(app->takes_dir);
    if (d) {
        struct dirent *e;
        char p[sizeof app->takes_dir + 300];
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
            snprintf(p, sizeof p, "%s/%s", app->takes_dir, e->d_name);
            remove(p);
        }
        closedir(d);
    }
    rmdir(app->takes_dir);
    app->takes_temp = 0;
}
