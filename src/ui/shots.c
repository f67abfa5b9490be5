/* shots.c - `podium --screenshots DIR`: every screen drawn offscreen in
 * English at 1280x720 and 800x600 and in Italian, a virtual clock driving
 * demo drills, an exposure session, the audience and the programme, each
 * picture a PNG (for the README and for looking at every screen). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sndfile.h>
#include "podium/audio_file.h"
#include "podium/distract.h"
#include "ui.h"

/* ---- screenshots: a virtual clock drives a demo drill ------------------------ */
typedef struct vclock {
    double t;
} vclock;

static double vclock_now(void *ctx)
{
    return ((vclock *)ctx)->t;
}

static void key(pd_app *app, SDL_Keycode k)
{
    SDL_Event e;
    SDL_zero(e);
    e.type = SDL_KEYDOWN;
    e.key.keysym.sym = k;
    e.key.keysym.scancode = SDL_GetScancodeFromKey(k);
    pd_app_handle_event(app, &e);
    pd_app_apply_switch(app);
}

/* Typed text, as SDL's text input delivers it. */
static void type_text(pd_app *app, const char *utf8)
{
    /* in events of at most 31 bytes, whole characters, as SDL splits it */
    size_t n = strlen(utf8), at = 0;
    while (at < n) {
        size_t k = n - at < sizeof ((SDL_Event *)0)->text.text - 1 ? n - at : sizeof ((SDL_Event *)0)->text.text - 1;
        while (at + k < n && ((unsigned char)utf8[at + k] & 0xC0) == 0x80) k--;
        SDL_Event e;
        SDL_zero(e);
        e.type = SDL_TEXTINPUT;
        memcpy(e.text.text, utf8 + at, k);
        pd_app_handle_event(app, &e);
        at += k;
    }
}

static int shot(pd_app *app, const char *dir, const char *name, char *err, size_t err_len)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/%s.png", dir, name);
    pd_app_frame(app);
    pd_app_frame(app);   /* texts cached, sizes settled */
    if (pd_app_save_png(app, path) != 0) {
        snprintf(err, err_len, "cannot write '%s'", path);
        return 1;
    }
    if (app->text_overflows)
        fprintf(stderr, "podium: %s: %d text(s) did not fit\n", name, app->text_overflows);
    printf("%s\n", path);
    return 0;
}

static void run_until(pd_app *app, vclock *vc, double until, double step)
{
    while (vc->t < until) {
        vc->t += step;
        pd_app_frame(app);
    }
}

static int wait_results(pd_app *app)
{
    for (int i = 0; i < 2000 && SDL_AtomicGet(&app->results.phase) == RES_ANALYSING; i++) {
        SDL_Delay(5);
        pd_app_frame(app);
    }
    return SDL_AtomicGet(&app->results.phase) == RES_READY ? 0 : 1;
}

/* A drill kept without pictures: Start, skip the preparation, speak for
 * seconds, finish, keep. */
static void quick_take(pd_app *app, vclock *vc, double seconds)
{
    ui_focus_set(&app->home.focus, HOME_START);
    key(app, SDLK_RETURN);
    key(app, SDLK_SPACE);
    run_until(app, vc, vc->t + seconds, 0.1);
    key(app, SDLK_SPACE);
    wait_results(app);
    key(app, SDLK_ESCAPE);
    pd_app_frame(app);
}

/* An exposure session of the third step: a rating, the breathing guide in
 * the preparation, and the expectation check after a demo drill. */
static int session_shots(pd_app *app, vclock *vc, const char *dir, const char *suffix, char *err,
                         size_t err_len)
{
    char name[64];
    int rc = 0;
    pd_app_load_ladder(app);
    pd_app_start_session(app, app->ladder.n > 2 ? 2 : 0);
    pd_app_frame(app);
    key(app, SDLK_RETURN);                       /* "my mind goes blank" */
    key(app, SDLK_7);                            /* how likely: 70 % */
    key(app, SDLK_RETURN);
    key(app, SDLK_6);                            /* distress before: 60 */
    snprintf(name, sizeof name, "09-session-rating%s", suffix);
    rc |= shot(app, dir, name, err, err_len);
    key(app, SDLK_RETURN);
    key(app, SDLK_b);                            /* the breathing guide */
    run_until(app, vc, vc->t + 1.6, 0.1);
    snprintf(name, sizeof name, "10-session-breathing%s", suffix);
    rc |= shot(app, dir, name, err, err_len);
    key(app, SDLK_b);
    key(app, SDLK_SPACE);                        /* the drill */
    run_until(app, vc, vc->t + 55.0, 0.1);
    key(app, SDLK_SPACE);
    for (int i = 0; i < 2000 && app->xs.thread; i++) {
        SDL_Delay(5);
        pd_app_frame(app);
    }
    key(app, SDLK_8);                            /* peak 80 */
    key(app, SDLK_RETURN);
    if (app->xs.x.phase == PD_X_LISTEN) {
        ui_focus_set(&app->xs.focus, XS_CONTINUE);
        key(app, SDLK_RETURN);
    }
    ui_focus_set(&app->xs.focus, XS_SKIP_RECOVERY);
    key(app, SDLK_RETURN);
    key(app, SDLK_3);                            /* after 30 */
    key(app, SDLK_RETURN);
    key(app, SDLK_1);                            /* it happened: 10 % */
    if (app->xs.x.phase != PD_X_CHECK) {
        snprintf(err, err_len, "the session did not reach the expectation check (%s)",
                 pd_xphase_name(app->xs.x.phase));
        rc = 1;
    }
    snprintf(name, sizeof name, "11-session-check%s", suffix);
    rc |= shot(app, dir, name, err, err_len);
    key(app, SDLK_ESCAPE);                       /* end the session */
    ui_focus_set(&app->xs.focus, XS_PAUSE_END);
    key(app, SDLK_RETURN);
    key(app, SDLK_RETURN);
    pd_app_frame(app);
    return rc;
}

/* A drill before an audience: the default ladder's seventh step (a larger
 * audience, some of them bored), 20 s into the drill. Numbered after the
 * programme's shots (12-16). */
static int audience_shot(pd_app *app, vclock *vc, const char *dir, const char *suffix, char *err,
                         size_t err_len)
{
    char name[64];
    pd_app_load_ladder(app);
    int step = app->ladder.n > 6 ? 6 : app->ladder.n - 1;
    pd_app_start_session(app, step);
    pd_app_frame(app);
    key(app, SDLK_RETURN);                       /* a fear */
    key(app, SDLK_6);                            /* how likely: 60 % */
    key(app, SDLK_RETURN);
    key(app, SDLK_5);                            /* distress before: 50 */
    key(app, SDLK_RETURN);
    key(app, SDLK_SPACE);                        /* the drill */
    if (app->screen_id != PD_DRILL || app->drill.crowd.n == 0) {
        snprintf(err, err_len, "the audience's drill did not start (screen %d, %d people)",
                 (int)app->screen_id, app->drill.crowd.n);
        return 1;
    }
    run_until(app, vc, vc->t + 20.0, 1.0 / 30.0);
    snprintf(name, sizeof name, "17-drill-audience%s", suffix);
    int rc = shot(app, dir, name, err, err_len);
    key(app, SDLK_ESCAPE);                       /* stop: discard */
    ui_focus_set(&app->drill.focus, DRILL_DISCARD);
    key(app, SDLK_RETURN);
    pd_app_frame(app);
    /* the tenth step: a critical audience's question after the pitch */
    if (app->ladder.n > 9) {
        pd_app_start_session(app, 9);
        pd_app_frame(app);
        key(app, SDLK_RETURN);
        key(app, SDLK_6);
        key(app, SDLK_RETURN);
        key(app, SDLK_5);
        key(app, SDLK_RETURN);
        key(app, SDLK_SPACE);                    /* the drill */
        run_until(app, vc, vc->t + 6.0, 1.0 / 30.0);
        key(app, SDLK_SPACE);                    /* the pitch done: a question */
        run_until(app, vc, vc->t + 1.0, 1.0 / 30.0);
        if (app->drill.q_index != 0) {
            snprintf(err, err_len, "the audience's question was not asked (screen %d)", (int)app->screen_id);
            return 1;
        }
        snprintf(name, sizeof name, "18-drill-question%s", suffix);
        rc |= shot(app, dir, name, err, err_len);
        key(app, SDLK_ESCAPE);
        ui_focus_set(&app->drill.focus, DRILL_DISCARD);
        key(app, SDLK_RETURN);
        pd_app_frame(app);
    }
    return rc;
}

/* The audience in each attitude (20 people, no distractions) in a drill
 * from Home (as `--audience ATTITUDE`), 20 s in: a fresh app each, so
 * every room starts from its seed. Numbered after the question (18). */
static int attitude_shots(const char *dir, const char *lang, int w, int h, const char *suffix, int all,
                          char *err, size_t err_len)
{
    int rc = 0;
    for (int a = PD_ATT_STARING; a <= PD_ATT_CRITICAL && !rc; a++) {
        if (!all && a != PD_ATT_STARING) continue;
        vclock vc = { 1000.0 };
        pd_app_options o = { .demo = 1, .lang = lang, .width = w, .height = h, .hidden = 1,
                             .clock = vclock_now, .clock_ctx = &vc, .history_in_memory = 1, .no_devices = 1,
                             .audience = { 20, (pd_attitude)a, 0, 0, 0 } };
        pd_app *app = NULL;
        if (pd_app_create(&o, &app, err, err_len) != 0) return 1;
        pd_app_frame(app);
        ui_focus_set(&app->home.focus, HOME_START);
        key(app, SDLK_RETURN);                   /* Start */
        key(app, SDLK_SPACE);                    /* no preparation */
        if (app->screen_id != PD_DRILL || app->drill.crowd.n == 0) {
            snprintf(err, err_len, "the %s audience's drill did not start (screen %d, %d people)",
                     pd_attitude_name((pd_attitude)a), (int)app->screen_id, app->drill.crowd.n);
            rc = 1;
        } else {
            run_until(app, &vc, vc.t + 20.0, 1.0 / 30.0);
            char name[64];
            snprintf(name, sizeof name, "19-audience-%s%s", pd_attitude_name((pd_attitude)a), suffix);
            rc = shot(app, dir, name, err, err_len);
        }
        pd_app_destroy(app);
    }
    return rc;
}

/* The programme: building the ladder (a rating asked, the proposed start),
 * the ladder, the step editor, progress over demo exposures (three sessions
 * at the start step, the kept takes beside two of them). Numbered after
 * the session's shots (09-11). */
static int programme_shots(pd_app *app, const char *dir, const char *suffix, char *err, size_t err_len)
{
    char name[64];
    int rc = 0;
    pd_app_switch(app, PD_HOME);                 /* from wherever the shots before ended */
    pd_app_apply_switch(app);
    key(app, SDLK_p);                            /* the ladder: built first */
    key(app, SDLK_3);
    snprintf(name, sizeof name, "12-ladder-build%s", suffix);
    rc |= shot(app, dir, name, err, err_len);
    static const SDL_Keycode tens[12] = { SDLK_1, SDLK_2, SDLK_3, SDLK_3, SDLK_4, SDLK_5,
                                          SDLK_6, SDLK_7, SDLK_7, SDLK_8, SDLK_9, SDLK_9 };
    for (int i = 0; i < app->ladder.n && app->lad.mode == LADM_BUILD; i++) {
        key(app, tens[i % 12]);
        if (i == 4) key(app, SDLK_RIGHT);        /* 45 */
        key(app, SDLK_RETURN);
    }
    snprintf(name, sizeof name, "13-ladder-start%s", suffix);
    rc |= shot(app, dir, name, err, err_len);
    key(app, SDLK_RETURN);                       /* begin at the proposed step */
    /* demo exposures at the current step: 3 + 3 + 1, the two kept takes beside
     * the first and the last */
    pd_take_summary takes[2];
    int nt = app->history->recent(app->history, takes, 2);
    const pd_step *st = &app->ladder.step[app->ladder.current];
    static const int r[7][3] = { { 55, 75, 45 }, { 50, 70, 40 }, { 45, 60, -1 }, { 40, 55, 30 },
                                 { 35, 50, 25 }, { 30, 40, 20 }, { 25, 35, 15 } };
    int64_t day = 86400, t0 = (int64_t)time(NULL) - 10 * day;
    for (int i = 0; i < 7; i++) {
        pd_exposure e;
        pd_exposure_init(&e);
        e.step_id = st->id;
        snprintf(e.step_title, sizeof e.step_title, "%s", st->title);
        int s = i < 3 ? 0 : i < 6 ? 1 : 2;
        e.session = t0 + s * 4 * day;
        e.rep = i < 6 ? i % 3 + 1 : 1;
        e.date = e.session + (e.rep - 1) * 420;
        e.suds_before = r[i][0];
        e.suds_peak = r[i][1];
        e.suds_after = r[i][2];
        if (i == 0 && nt == 2) e.take_id = takes[1].id;
        if (i == 6 && nt >= 1) e.take_id = takes[0].id;
        pd_app_save_exposure(app, &e);
    }
    pd_app_switch(app, PD_LADDER);               /* read again: where each step stands */
    pd_app_apply_switch(app);
    snprintf(name, sizeof name, "14-ladder%s", suffix);
    rc |= shot(app, dir, name, err, err_len);
    key(app, SDLK_e);
    snprintf(name, sizeof name, "15-ladder-edit%s", suffix);
    rc |= shot(app, dir, name, err, err_len);
    key(app, SDLK_ESCAPE);
    key(app, SDLK_p);
    snprintf(name, sizeof name, "16-progress%s", suffix);
    rc |= shot(app, dir, name, err, err_len);
    return rc;
}

/* Results with advice about a moment chosen: a 40 s demo take on a 30 s
 * target ("10 s over": its moment 0:30-0:40), Down highlights it, Enter
 * replays from a second before it; the waveform shows the span and the
 * cursor. The take is discarded, the drill length put back. */
static int moment_shot(pd_app *app, vclock *vc, const char *dir, const char *suffix, char *err, size_t err_len)
{
    char name[64];
    int drill_s = app->drill_s;
    pd_app_switch(app, PD_HOME);
    pd_app_apply_switch(app);
    app->drill_s = 30;
    ui_focus_set(&app->home.focus, HOME_START);
    key(app, SDLK_RETURN);
    key(app, SDLK_SPACE);                        /* skip the preparation */
    run_until(app, vc, vc->t + 40.0, 0.1);
    key(app, SDLK_SPACE);
    int rc = 0;
    if (app->screen_id != PD_RESULTS || wait_results(app) != 0) {
        snprintf(err, err_len, "the demo take could not be analysed (screen %d): %s", (int)app->screen_id,
                 app->results.err);
        rc = 1;
    }
    pd_app_frame(app);
    key(app, SDLK_DOWN);
    key(app, SDLK_RETURN);
    vc->t += 0.1;
    snprintf(name, sizeof name, "19-results-moment%s", suffix);
    rc |= shot(app, dir, name, err, err_len);
    ui_player_stop(&app->results.player);
    ui_focus_set(&app->results.focus, RES_DISCARD);
    key(app, SDLK_RETURN);
    key(app, SDLK_RETURN);                       /* confirm: the take is not kept */
    app->drill_s = drill_s;
    return rc;
}

/* A made take for Results: x (mono, n frames) written as `file` (16-bit
 * WAV) in the scratch takes folder and made the take Results opens next, a
 * new one from Home, in the sample's language (English), on a 30 s target,
 * nothing left out yet. 0, or 1 with err set. */
static int scratch_take(pd_app *app, const char *file, const float *x, size_t n, int rate, char *err, size_t err_len)
{
    char path[800];
    snprintf(path, sizeof path, "%s/%s", app->takes_dir, file);
    SF_INFO si = { .samplerate = rate, .channels = 1, .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16 };
    SNDFILE *sf = sf_open(path, SFM_WRITE, &si);
    if (!sf || sf_writef_float(sf, x, (sf_count_t)n) != (sf_count_t)n) {
        snprintf(err, err_len, "cannot write '%s': %s", path, sf_strerror(sf));
        if (sf) sf_close(sf);
        return 1;
    }
    sf_close(sf);
    pd_app_switch(app, PD_HOME);
    pd_app_apply_switch(app);
    app->open_take_id = 0;
    app->results_back = PD_HOME;
    snprintf(app->take_path, sizeof app->take_path, "%s", path);
    snprintf(app->take_lang, sizeof app->take_lang, "en");
    app->take_target_s = 30;
    app->n_take_marks = 0;
    app->n_take_lost = 0;
    app->n_take_exclude = 0;
    return 0;
}

/* Results of a take a microphone made through loudspeakers: the demo
 * sample twice (the second two semitones up is not needed: the picture
 * only), with a step's distraction sounds (12 a minute, from a fixed seed)
 * mixed in where they played, as the microphone heard them, and analysed
 * with their intervals left out: the yellow bands on the waveform. The
 * file is written in the scratch takes folder and discarded after. */
static int distract_results_shot(pd_app *app, const char *dir, const char *suffix, char *err, size_t err_len)
{
    float *x = NULL, *y = NULL, *track = NULL;
    size_t n = 0;
    int rate = 0, ch = 0, rc = 1;
    char name[64];
    if (pd_read_file(app->sample_path, &x, &n, &rate, &ch, err, err_len) != 0) return 1;
    size_t m = 2 * n;
    y = malloc(m * sizeof *y);
    track = malloc(m * sizeof *track);
    if (!y || !track) {
        snprintf(err, err_len, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < m; i++) y[i] = x[(i % n) * (size_t)ch];
    static pd_distract_event ev[PD_DISTRACT_MAX_EVENTS];
    static pd_interval exc[PD_DISTRACT_MAX_EVENTS];
    size_t n_ev = pd_distract_plan(12, (double)m / rate, app->lang, 0, 29, ev, PD_DISTRACT_MAX_EVENTS);
    static pd_distract_track tr;
    pd_distract_track_init(&tr, rate, 0, ev, n_ev, app->lang, 29);
    pd_distract_render(&tr, track, m);
    for (size_t i = 0; i < m; i++) {
        float v = y[i] + track[i];
        y[i] = v > 1.0f ? 1.0f : v < -1.0f ? -1.0f : v;
    }
    if (scratch_take(app, "shots-loudspeakers.wav", y, m, rate, err, err_len) != 0) goto done;
    app->n_take_exclude = pd_distract_exclusions(ev, n_ev, exc, PD_DISTRACT_MAX_EVENTS);
    memcpy(app->take_exclude, exc, app->n_take_exclude * sizeof exc[0]);
    pd_app_switch(app, PD_RESULTS);
    pd_app_apply_switch(app);
    if (wait_results(app) != 0 || !app->results.tk.report || app->results.tk.report->n_excluded == 0) {
        snprintf(err, err_len, "the take with distraction sounds could not be analysed: %s", app->results.err);
        goto done;
    }
    snprintf(name, sizeof name, "22-results-distractions%s", suffix);
    rc = shot(app, dir, name, err, err_len);
    ui_focus_set(&app->results.focus, RES_DISCARD);
    key(app, SDLK_RETURN);
    key(app, SDLK_RETURN);                       /* confirm: the take is not kept */
    app->n_take_exclude = 0;
done:
    free(x);
    free(y);
    free(track);
    return rc;
}

/* Results of a microphone take in which the sound system lost 0.6 s of
 * input (a busy computer): the demo sample with 0.6 s silenced inside its
 * first sounding stretch of 1.2 s past 1.6 s, as the recorder fills lost
 * input, left out of the analysis as a drill leaves it (screen_drill.c),
 * and the message the drill shows. Discarded after. */
static int lost_results_shot(pd_app *app, const char *dir, const char *suffix, char *err, size_t err_len)
{
    float *x = NULL;
    size_t n = 0;
    int rate = 0, ch = 0, rc = 1;
    char name[64];
    pd_report *rep = NULL;
    if (pd_read_file(app->sample_path, &x, &n, &rate, &ch, err, err_len) != 0) return 1;
    for (size_t i = 0; ch > 1 && i < n; i++) x[i] = x[i * (size_t)ch];
    pd_analysis_config cfg;
    pd_analysis_config_init(&cfg, "en");
    double a = -1;
    if (pd_analyse_buffer(&cfg, x, n, rate, 1, &rep) == PD_OK)
        for (size_t i = 0; i < rep->n_segments && a < 0; i++)
            if (rep->segments[i].end_s - rep->segments[i].start_s >= 1.2 && rep->segments[i].start_s > 1.6)
                a = rep->segments[i].start_s + 0.3;
    pd_report_destroy(rep);
    if (a < 0) {
        snprintf(err, err_len, "the sample has no sounding stretch of 1.2 s for the lost-input picture");
        goto done;
    }
    const double b = a + 0.6;
    for (size_t i = (size_t)(a * rate); i < (size_t)(b * rate) && i < n; i++) x[i] = 0;
    if (scratch_take(app, "shots-lost-input.wav", x, n, rate, err, err_len) != 0) goto done;
    app->take_lost[0] = (pd_interval){ a, b };
    app->n_take_lost = 1;
    app->take_exclude[0] = app->take_lost[0];
    app->n_take_exclude = 1;
    pd_app_say_lost(app, (double)n / rate);   /* the message the drill gives */
    pd_app_switch(app, PD_RESULTS);
    pd_app_apply_switch(app);
    if (wait_results(app) != 0 || !app->results.tk.report || app->results.tk.report->n_excluded != 1) {
        snprintf(err, err_len, "the take with lost input could not be analysed: %s", app->results.err);
        goto done;
    }
    snprintf(name, sizeof name, "23-results-lost-input%s", suffix);
    rc = shot(app, dir, name, err, err_len);
    ui_focus_set(&app->results.focus, RES_DISCARD);
    key(app, SDLK_RETURN);
    key(app, SDLK_RETURN);                       /* confirm: the take is not kept */
done:
    app->n_take_exclude = 0;
    app->n_take_lost = 0;
    free(x);
    return rc;
}

/* Settings (from Home: S) with the prompt card row chosen, then the card
 * editor writing a new card (not saved: the scratch config folder stays
 * empty). Numbered after the audience's shots (17-19). */
static int settings_shots(pd_app *app, const char *dir, const char *suffix, char *err, size_t err_len)
{
    char name[64];
    int rc = 0;
    pd_app_switch(app, PD_HOME);
    pd_app_apply_switch(app);
    key(app, SDLK_s);
    pd_app_frame(app);
    ui_focus_set(&app->set.focus, SET_ROW0 + SR_CARD);
    snprintf(name, sizeof name, "20-settings%s", suffix);
    rc |= shot(app, dir, name, err, err_len);
    key(app, SDLK_n);                            /* a new card */
    int it = app->lang[0] == 'i';
    type_text(app, it ? "Colloquio per la borsa di studio" : "Scholarship interview");
    key(app, SDLK_DOWN);
    key(app, SDLK_DOWN);
    type_text(app, it ? "nome, corso di laurea, anno: in una frase." : "name, course, year: one sentence.");
    key(app, SDLK_DOWN);
    key(app, SDLK_DOWN);
    type_text(app, it ? "il progetto di ricerca, e a chi serve." : "the research project, and who it helps.");
    snprintf(name, sizeof name, "21-card-edit%s", suffix);
    rc |= shot(app, dir, name, err, err_len);
    key(app, SDLK_ESCAPE);                       /* asks */
    key(app, SDLK_ESCAPE);                       /* drops it */
    key(app, SDLK_ESCAPE);                       /* Settings: back home */
    pd_app_frame(app);
    return rc;
}

static int shots_for(const char *dir, const char *lang, int w, int h, const char *suffix,
                     int full, char *err, size_t err_len)
{
    vclock vc = { 1000.0 };
    pd_app_options o = { .demo = 1, .lang = lang, .width = w, .height = h, .hidden = 1,
                         .clock = vclock_now, .clock_ctx = &vc, .history_in_memory = 1, .no_devices = 1 };
    pd_app *app = NULL;
    if (pd_app_create(&o, &app, err, err_len) != 0) return 1;
    app->speak_questions = 0;   /* pictures: the question's bubble, not its voice */
    char name[64];
    int rc = 0;
    /* a first take, kept, so Home lists one and Compare has two */
    quick_take(app, &vc, 24.0);
    pd_take_summary first;
    if (app->history->recent(app->history, &first, 1) == 1)
        app->history->set_note(app->history, first.id,
                               app->lang[0] == 'i' ? "prima prova, di corsa" : "first try, rushed");
    snprintf(name, sizeof name, "01-home%s", suffix);
    rc |= shot(app, dir, name, err, err_len);
    if (full) {
        ui_focus_set(&app->home.focus, HOME_START);
        key(app, SDLK_RETURN);                   /* Start */
        run_until(app, &vc, vc.t + 3.2, 0.1);
        snprintf(name, sizeof name, "02-drill-prepare%s", suffix);
        rc |= shot(app, dir, name, err, err_len);
        run_until(app, &vc, vc.t + app->prep_s - 3.2 + 42.5, 0.05);
        snprintf(name, sizeof name, "03-drill-live%s", suffix);
        rc |= shot(app, dir, name, err, err_len);
        run_until(app, &vc, vc.t + 9.0, 0.05);
        snprintf(name, sizeof name, "04-drill-ten-left%s", suffix);
        rc |= shot(app, dir, name, err, err_len);
        key(app, SDLK_ESCAPE);
        snprintf(name, sizeof name, "05-drill-stop%s", suffix);
        rc |= shot(app, dir, name, err, err_len);
        key(app, SDLK_ESCAPE);                   /* continue */
        run_until(app, &vc, vc.t + 5.0, 0.05);
        key(app, SDLK_SPACE);                    /* finish */
        if (wait_results(app) != 0) {
            snprintf(err, err_len, "the demo take could not be analysed: %s", app->results.err);
            rc = 1;
        }
        vc.t += 0.1;
        snprintf(name, sizeof name, "06-results%s", suffix);
        rc |= shot(app, dir, name, err, err_len);
        key(app, SDLK_ESCAPE);                   /* keep, home */
        key(app, SDLK_h);                        /* history */
        key(app, SDLK_s);                        /* star the newest */
        key(app, SDLK_c);                        /* pick it ... */
        key(app, SDLK_DOWN);
        key(app, SDLK_c);                        /* ... and the first take */
        key(app, SDLK_RIGHT);                    /* trend: pace */
        snprintf(name, sizeof name, "07-history%s", suffix);
        rc |= shot(app, dir, name, err, err_len);
        ui_focus_set(&app->hist.focus, HIST_COMPARE);
        key(app, SDLK_RETURN);
        for (int i = 0; i < 2000 && SDL_AtomicGet(&app->cmp.phase) == RES_ANALYSING; i++) {
            SDL_Delay(5);
            pd_app_frame(app);
        }
        snprintf(name, sizeof name, "08-compare%s", suffix);
        rc |= shot(app, dir, name, err, err_len);
        rc |= moment_shot(app, &vc, dir, suffix, err, err_len);
        rc |= session_shots(app, &vc, dir, suffix, err, err_len);
        rc |= programme_shots(app, dir, suffix, err, err_len);
        rc |= audience_shot(app, &vc, dir, suffix, err, err_len);
        rc |= settings_shots(app, dir, suffix, err, err_len);
        rc |= distract_results_shot(app, dir, suffix, err, err_len);
        rc |= lost_results_shot(app, dir, suffix, err, err_len);
    }
    pd_app_destroy(app);
    /* every attitude at 1280x720 in English; the staring room in the others */
    if (!rc && full) rc = attitude_shots(dir, lang, w, h, suffix, !strcmp(lang, "en") && w == 1280, err, err_len);
    return rc;
}

int pd_app_screenshots(const char *dir, char *err, size_t err_len)
{
    if (pd_app_mkdirs(dir) != 0) {
        snprintf(err, err_len, "cannot create '%s': %s", dir, strerror(errno));
        return 1;
    }
    /* takes go to a scratch folder, not the user's history */
    char tmpl[] = "/tmp/podium-shots-XXXXXX";
    char *data = mkdtemp(tmpl);
    if (!data) {
        snprintf(err, err_len, "cannot create a scratch folder in /tmp: %s", strerror(errno));
        return 1;
    }
    char *old = getenv("XDG_DATA_HOME") ? strdup(getenv("XDG_DATA_HOME")) : NULL;
    char *old_cfg = getenv("XDG_CONFIG_HOME") ? strdup(getenv("XDG_CONFIG_HOME")) : NULL;
    setenv("XDG_DATA_HOME", data, 1);
    /* and the settings: the drills' choices are remembered, not in the user's app.conf */
    char cfg[600];
    snprintf(cfg, sizeof cfg, "%s/config", data);
    setenv("XDG_CONFIG_HOME", cfg, 1);
    int rc = shots_for(dir, "en", 1280, 720, "", 1, err, err_len);
    if (!rc) rc = shots_for(dir, "en", 800, 600, "-800x600", 1, err, err_len);
    if (!rc) rc = shots_for(dir, "it", 1280, 720, "-it", 1, err, err_len);
    if (old) setenv("XDG_DATA_HOME", old, 1);
    else unsetenv("XDG_DATA_HOME");
    if (old_cfg) setenv("XDG_CONFIG_HOME", old_cfg, 1);
    else unsetenv("XDG_CONFIG_HOME");
    free(old);
    free(old_cfg);
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", data);
    if (system(cmd) != 0) fprintf(stderr, "podium: could not remove %s\n", data);
    return rc;
}

