/* take_view.c - a take made ready for the screens: its report (the same
 * pd_analyse_file as `podium analyse`, with the feedback in the interface's
 * language), its samples for replay and a min/max envelope per 10 ms for
 * the waveform; and the waveform drawing shared by Results and Compare
 * (pauses shaded, filled pauses marked, what was kept out of the analysis
 * banded). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "podium/audio_file.h"
#include "ui.h"

int ui_take_load(const char *path, const char *lang, double target_s, const pd_feedback_bounds *b,
                 const char *ui_lang, ui_take *out, char *err, size_t err_len)
{
    return ui_take_load_ex(path, lang, NULL, 0, NULL, 0, target_s, b, ui_lang, out, err, err_len);
}

int ui_take_load_ex(const char *path, const char *lang, const pd_interval *exclude, size_t n_exclude,
                    const pd_interval *lost, size_t n_lost, double target_s, const pd_feedback_bounds *b,
                    const char *ui_lang, ui_take *out, char *err, size_t err_len)
{
    memset(out, 0, sizeof *out);
    pd_analysis_config cfg;
    pd_analysis_config_init(&cfg, lang);
    cfg.exclude = exclude;
    cfg.n_exclude = n_exclude;
    cfg.lost = lost;
    cfg.n_lost = n_lost;
    pd_report *rep = NULL;
    if (pd_analyse_file(path, &cfg, &rep, err, err_len) != 0) return 1;
    pd_feedback_evaluate_timed(rep, b, target_s, ui_lang);
    float *x = NULL;
    size_t frames = 0;
    int rate = 0, ch = 0;
    if (pd_read_file(path, &x, &frames, &rate, &ch, err, err_len) != 0) {
        pd_report_destroy(rep);
        return 1;
    }
    for (size_t i = 0; i < frames; i++) {       /* mono mix, in place */
        double s = 0;
        for (int c = 0; c < ch; c++) s += x[i * (size_t)ch + (size_t)c];
        x[i] = (float)(s / ch);
    }
    if (ch > 1 && frames > 0) {   /* keep only the mono mix */
        float *m = realloc(x, frames * sizeof *x);
        if (m) x = m;
    }
    size_t hop = (size_t)(rate / 100), nw = (frames + hop - 1) / hop;
    float *mn = calloc(nw ? nw : 1, sizeof *mn), *mx = calloc(nw ? nw : 1, sizeof *mx);
    if (!mn || !mx) {
        free(mn);
        free(mx);
        free(x);
        pd_report_destroy(rep);
        snprintf(err, err_len, "out of memory reading '%s'", path);
        return 1;
    }
    for (size_t i = 0; i < frames; i++) {
        size_t k = i / hop;
        if (x[i] < mn[k]) mn[k] = x[i];
        if (x[i] > mx[k]) mx[k] = x[i];
    }
    out->report = rep;
    out->mono = x;
    out->frames = frames;
    out->rate = rate;
    out->wmin = mn;
    out->wmax = mx;
    out->nw = nw;
    return 0;
}

void ui_take_free(ui_take *t)
{
    pd_report_destroy(t->report);
    free(t->mono);
    free(t->wmin);
    free(t->wmax);
    memset(t, 0, sizeof *t);
}

double ui_take_duration(const ui_take *t)
{
    return t->rate > 0 ? (double)t->frames / t->rate : 0;
}

void ui_take_draw_wave(pd_app *app, SDL_Rect box, const ui_take *tk, double axis_s)
{
    const ui_theme *t = &app->th;
    ui_fill(app, box, t->panel);
    double D = ui_take_duration(tk);
    if (D <= 0 || !tk->report || axis_s <= 0) return;
    const pd_report *rep = tk->report;
    SDL_Rect w = { box.x, box.y, (int)(box.w * (D < axis_s ? D / axis_s : 1.0)), box.h };
    for (size_t i = 0; i < rep->n_pauses; i++) {
        int x0 = w.x + (int)(rep->pauses[i].start_s / D * w.w);
        int x1 = w.x + (int)(rep->pauses[i].end_s / D * w.w);
        ui_fill(app, (SDL_Rect){ x0, w.y, x1 - x0 > 1 ? x1 - x0 : 1, w.h }, t->pause);
    }
    ui_waveform(app, w, tk->wmin, tk->wmax, tk->nw, t->wave);
    /* what was kept out of the analysis (a distraction sound): a translucent
     * band over the wave, and a bar along its bottom */
    for (size_t i = 0; i < rep->n_excluded; i++) {
        int x0 = w.x + (int)(rep->excluded[i].start_s / D * w.w);
        int x1 = w.x + (int)(rep->excluded[i].end_s / D * w.w);
        if (x1 > w.x + w.w) x1 = w.x + w.w;
        int ww = x1 - x0 > 1 ? x1 - x0 : 1;
        SDL_Color band = t->yellow;
        band.a = 70;
        ui_fill(app, (SDL_Rect){ x0, w.y, ww, w.h }, band);
        ui_fill(app, (SDL_Rect){ x0, w.y + w.h - ui_px(app, 3), ww, ui_px(app, 3) }, t->yellow);
    }
    /* the answers to the audience's questions: a line and "Q1", "Q2"... */
    for (int i = 0; i < tk->n_marks && i < UI_QUESTIONS_MAX; i++) {
        int x = w.x + (int)(tk->marks[i] / D * w.w);
        ui_fill(app, (SDL_Rect){ x, w.y, ui_px(app, 2), w.h }, t->accent);
        char q[8];
        snprintf(q, sizeof q, "Q%d", i + 1);
        ui_text(app, (SDL_Rect){ x + ui_px(app, 4), w.y + ui_px(app, 2), ui_px(app, 40), ui_px(app, 18) }, q, 13,
                UI_BOLD, t->accent);
    }
    int mh = ui_px(app, 8);
    for (size_t i = 0; i < rep->n_filled_pauses; i++) {
        int x0 = w.x + (int)(rep->filled_pauses[i].start_s / D * w.w);
        int x1 = w.x + (int)(rep->filled_pauses[i].end_s / D * w.w);
        int ww = x1 - x0 > ui_px(app, 4) ? x1 - x0 : ui_px(app, 4);
        ui_fill(app, (SDL_Rect){ x0, w.y, ww, mh }, t->filled);
        ui_fill(app, (SDL_Rect){ x0, w.y + w.h - mh, ww, mh }, t->filled);
    }
}
