/* axes.c - light axes for the plots (Results' pitch and loudness, the
 * waveform's time, History's trend): thin translucent grid lines at "nice"
 * values (1, 2 or 5 times a power of ten: the steps a reader counts in,
 * as in Heckbert, "Nice numbers for graph labels", Graphics Gems, 1990),
 * each labelled with its value and unit in small muted text; no boxes.
 * Labels inside a plot sit on a translucent plate of the panel's colour:
 * draw the axis after the data. */
#include <math.h>
#include <stdio.h>
#include "ui.h"

double ui_axis_step(double span, int max_ticks)
{
    if (!(span > 0) || !isfinite(span) || max_ticks < 1) return 0;
    double raw = span / max_ticks, p = pow(10.0, floor(log10(raw))), f = raw / p;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

static SDL_Color grid_color(const pd_app *app)
{
    SDL_Color c = app->th.muted;
    c.a = 46;   /* over the panel: a line that is seen, not read */
    return c;
}

int ui_axis_y(pd_app *app, SDL_Rect plot, double lo, double hi, int max_ticks, int decimals, const char *unit,
              int label_x, int label_w, int align)
{
    double step = ui_axis_step(hi - lo, max_ticks);
    if (step <= 0 || plot.h <= 0) return 0;
    SDL_Color g = grid_color(app);
    int lh = ui_px(app, 16), n = 0;
    for (double v = ceil(lo / step) * step; v <= hi + 1e-9 * step; v += step) {
        int y = plot.y + plot.h - 1 - (int)lround((v - lo) / (hi - lo) * (plot.h - 1));
        if (y < plot.y + lh / 2 || y > plot.y + plot.h - lh / 2) continue;   /* a label cut by the edge */
        ui_fill(app, (SDL_Rect){ plot.x, y, plot.w, 1 }, g);
        char s[48];
        double shown = fabs(v) < 0.5 * step * 1e-6 ? 0.0 : v;   /* no "-0" */
        snprintf(s, sizeof s, "%s%s%s", ui_num(app, shown, decimals), unit ? " " : "", unit ? unit : "");
        /* on a plate of the panel's colour, so a contour drawn before does not cross it */
        int tw = ui_text_width(app, s, 11, 0) + ui_px(app, 6);
        if (tw > label_w) tw = label_w;
        SDL_Color plate = app->th.panel;
        plate.a = 210;
        SDL_Rect lr = { align == UI_RIGHT ? label_x + label_w - tw : label_x, y - lh / 2, tw, lh };
        if (plot.x <= label_x && label_x < plot.x + plot.w) ui_fill(app, lr, plate);
        ui_text(app, (SDL_Rect){ label_x, y - lh / 2, label_w, lh }, s, 11, align | UI_MIDDLE, app->th.muted);
        n++;
    }
    return n;
}

int ui_axis_time(pd_app *app, SDL_Rect span, int y0, int y1, double duration_s, int label_y)
{
    if (!(duration_s > 0) || span.w <= 0) return 0;
    int lw = ui_px(app, 40), lh = ui_px(app, 15);
    double step = ui_axis_step(duration_s, span.w / (2 * lw) > 1 ? span.w / (2 * lw) : 1);
    if (step < 1) step = 1;   /* whole seconds: the clock reads m:ss */
    SDL_Color g = grid_color(app);
    int n = 0;
    for (double s = step; s < duration_s - 0.25 * step; s += step) {
        int x = span.x + (int)lround(s / duration_s * span.w);
        ui_fill(app, (SDL_Rect){ x, y0, 1, y1 - y0 }, g);
        ui_text(app, (SDL_Rect){ x - lw / 2, label_y, lw, lh }, ui_clock_text(app, s), 11, UI_CENTER | UI_MIDDLE,
                app->th.muted);
        n++;
    }
    return n;
}
