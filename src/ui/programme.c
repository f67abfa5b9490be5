/* programme.c - the desensitisation programme's data for the app's screens:
 * the ladder and the exposures, read from and written to the history
 * (ui_history.h; the SQLite store, or memory in tests and screenshots).
 * The programme's logic is in src/exposure (exposure.h); nothing here
 * decides anything, it only loads and saves. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ui.h"

#define XP_MAX 4096 /* exposures held for the charts (years of practice) */

static int can_keep(pd_app *app)
{
    pd_history *h = app->history;
    return h && h->ladder && h->save_ladder && h->save_exposure && h->exposures;
}

int pd_app_load_ladder(pd_app *app)
{
    if (app->ladder_loaded) return 0;
    app->ladder_loaded = 1;
    if (!can_keep(app)) {
        pd_ladder_default(&app->ladder, app->lang);
        app->ladder_created = 1;
        pd_app_banner(app, ui_tr(app, S_ERR_PROGRAMME_NONE));
        return 1;
    }
    int created = 0;
    if (app->history->ladder(app->history, app->lang, &app->ladder, &created) != 0) {
        pd_ladder_default(&app->ladder, app->lang);
        app->ladder_created = 1;
        pd_app_banner(app, ui_trf(app, S_ERR_PROGRAMME_FMT, "ladder"));
        return 1;
    }
    app->ladder_created = created;
    pd_app_load_exposures(app);
    return 0;
}

int pd_app_save_ladder(pd_app *app)
{
    if (!can_keep(app)) return 1;
    pd_ladder l = app->ladder;
    if (app->history->save_ladder(app->history, &l) != 0) {
        pd_app_banner(app, ui_trf(app, S_ERR_PROGRAMME_FMT, "ladder"));
        return 1;
    }
    app->ladder = l;
    return 0;
}

int pd_app_load_exposures(pd_app *app)
{
    if (!can_keep(app)) return 1;
    if (!app->xp) {
        app->xp = calloc(XP_MAX, sizeof *app->xp);
        if (!app->xp) return 1;
        app->xp_cap = XP_MAX;
    }
    int n = app->history->exposures(app->history, app->xp, app->xp_cap);
    if (n < 0) {
        pd_app_banner(app, ui_trf(app, S_ERR_PROGRAMME_FMT, "exposures"));
        return 1;
    }
    app->nxp = n;
    return 0;
}

int pd_app_save_exposure(pd_app *app, pd_exposure *e)
{
    if (!can_keep(app) || app->history->save_exposure(app->history, e) != 0) {
        pd_app_banner(app, ui_trf(app, S_ERR_PROGRAMME_FMT, "exposure"));
        return 1;
    }
    return pd_app_load_exposures(app);
}
