/* strings.c - text lookup and number formatting in the app's language. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "ui.h"

const char *ui_tr(const pd_app *app, pd_str id)
{
    const char *s = id < S_COUNT ? app->str[id] : NULL;
    if (!s) s = id < S_COUNT ? pd_strings_en[id] : NULL;
    return s ? s : "?";
}

/* The formats come from our own tables, which test_ui checks for the same
 * conversions in every language: the one place a non-literal format is used. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
const char *ui_trf(pd_app *app, pd_str id, ...)
{
    char *out = app->fmtbuf[app->fmtnext];
    app->fmtnext = (app->fmtnext + 1) % 4;
    va_list ap;
    va_start(ap, id);
    vsnprintf(out, sizeof app->fmtbuf[0], ui_tr(app, id), ap);
    va_end(ap);
    return out;
}
#pragma GCC diagnostic pop

const char *ui_num(pd_app *app, double v, int decimals)
{
    char *out = app->fmtbuf[app->fmtnext];
    app->fmtnext = (app->fmtnext + 1) % 4;
    if (!isfinite(v)) {
        snprintf(out, sizeof app->fmtbuf[0], "-");
        return out;
    }
    snprintf(out, sizeof app->fmtbuf[0], "%.*f", decimals, v);
    if (strcmp(app->lang, "it") == 0) {
        char *dot = strchr(out, '.');
        if (dot) *dot = ',';
    }
    /* a true minus sign reads better than a hyphen */
    if (out[0] == '-') {
        memmove(out + 3, out + 1, strlen(out));
        memcpy(out, "\xe2\x88\x92", 3);
    }
    return out;
}

const char *ui_seconds_text(pd_app *app, int s)
{
    if (s < 60) return ui_trf(app, S_LAD_SEC_FMT, s);
    char m[16];
    if (s % 60 == 0) snprintf(m, sizeof m, "%d", s / 60);
    else snprintf(m, sizeof m, "%s", ui_clock_text(app, s));
    return ui_trf(app, S_LAD_MIN_FMT, m);
}

const char *ui_clock_text(pd_app *app, double s)
{
    char *out = app->fmtbuf[app->fmtnext];
    app->fmtnext = (app->fmtnext + 1) % 4;
    if (!(s >= 0)) s = 0;
    long t = (long)floor(s);
    snprintf(out, sizeof app->fmtbuf[0], "%ld:%02ld", t / 60, t % 60);
    return out;
}
