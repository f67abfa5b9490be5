/* drill_distract.c - a session step's distraction sounds in the drill
 * (issue 9): planned when the take starts (pd_distract_plan: the step's
 * rate a minute over the drill's length, seeded by the session and the
 * repetition), rendered ahead into the sound output's ring each frame
 * (about half a second ahead: the callback never waits, the window never
 * waits for the sound), each one shown on a person of the audience
 * (pd_crowd_cue) as it plays. A microphone hears the loudspeakers, so a
 * microphone take keeps the intervals of the sounds played out of its
 * analysis (pd_distract_exclusions, shifted by the output's latency and by
 * when the output started in the take). Each sound's level is set when it
 * starts against the speaker's loudness as the live meter holds it
 * (pd_distract_gain_db: 3 dB under it, never clipping; as rendered before
 * the speaker was heard). The demo source does not hear
 * them, and its analysis keeps everything. Without a sound output the step
 * goes on without sounds, and says so once.
 *
 * With headphones (app.conf "headphones = yes") the microphone hears none of
 * it: nothing is left out of the analysis, and the murmur of a room plays
 * under the whole drill, PD_DISTRACT_MURMUR_UNDER_DB (12 dB, issue 9's
 * 10-15 dB) under the speaker's loudness as the live meter holds it, moving
 * towards that level at MURMUR_SLEW_DB_S (no audible steps). Through
 * loudspeakers the murmur does not play: a sound that never stops cannot be
 * kept out of the analysis.
 *
 * The same output speaks the audience's questions (drill_questions.c): a
 * step with questions to be spoken opens it with the take even without
 * distractions, the voice is mixed into the chunks rendered ahead, and
 * through loudspeakers each spoken question's interval as it played is
 * added to the excluded ones (pd_ask_exclusion, pd_intervals_add). */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "ui.h"
#ifdef PODIUM_HAVE_RECORDER
#include "podium/audio_io.h"
#include "podium/distract_out.h"
#endif

#define AHEAD_S 0.5      /* rendered ahead of what has played */
#define CHUNK 1024
#define MURMUR_SLEW_DB_S 6.0 /* the murmur's level follows the speaker's at most this fast */

static double thread_cpu_s(void) /* this thread's CPU time (the bench's figures) */
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int wanted(const pd_app *app)
{
    if (app->in_session && app->xs.x.step.real_world) return 0;
    return pd_drill_audience(app)->distractions > 0 || ui_questions_speak(app);
}

/* The drill's clock of the sounds: what the output has played, or the
 * drill's own time without an output (the people still react on cue). */
double ui_distract_played_s(pd_app *app)
{
    ui_distract *x = &app->drill.dx;
#ifdef PODIUM_HAVE_RECORDER
    if (x->out) return (double)pd_distract_out_played(x->out) / x->rate_hz - x->latency_s;
#endif
    return app->now_s - app->drill.live_start_s - x->t0_take_s;
}

/* Without an output: the step's sounds are missed, said in a banner; the
 * questions' voice alone is an extra (the bubble is the question), said on
 * the terminal only, the drill's screen left as it is. */
static void no_output(pd_app *app, const char *why)
{
    if (app->drill.dx.sounds) pd_app_banner(app, ui_trf(app, S_ERR_DISTRACT_OUT_FMT, why));
    else fprintf(stderr, "podium: the questions are shown, not spoken: %s\n", why);
}

/* The opener thread: PortAudio, the output, each sound's loudness, the
 * tracks. It writes only what the UI thread does not read until opened. */
static int open_thread(void *data)
{
    pd_app *app = data;
    ui_distract *x = &app->drill.dx;
    double c0 = thread_cpu_s();
    x->rate_hz = 48000;
    x->opening_out = NULL;
#ifdef PODIUM_HAVE_RECORDER
    if (pd_audio_init(x->open_err, sizeof x->open_err) == 0) {
        x->pa_init = 1;
        if (pd_distract_out_open(x->device[0] ? x->device : NULL, 2.0, &x->opening_out, &x->rate_hz, x->open_err,
                                 sizeof x->open_err) != 0)
            x->opening_out = NULL;
        else x->latency_s = pd_distract_out_latency_s(x->opening_out);
    }
#else
    snprintf(x->open_err, sizeof x->open_err, "no sound library");
#endif
    if (x->murmur) {
        x->murmur_lufs = pd_distract_murmur_loudness_lufs(x->rate_hz);
        x->murmur_gain_db = 0.0;
        pd_distract_track_init(&x->murmur_track, x->rate_hz, 1, NULL, 0, app->lang, x->seed ^ 0x5851F42D4C957F2Dull);
    }
    for (int k = 0; k < PD_CUE_COUNT; k++) x->kind_lufs[k] = pd_distract_loudness_lufs((pd_cue)k, app->lang, x->rate_hz);
    memset(x->ev_gain_set, 0, sizeof x->ev_gain_set);
    pd_distract_track_init(&x->track, x->rate_hz, 0, x->ev, x->n_ev, app->lang, x->seed ^ 0x9E3779B97F4A7C15ull);
    x->start_cpu_s = thread_cpu_s() - c0;
    SDL_AtomicSet(&x->opened, 1);
    return 0;
}

/* The opener finished (or is waited for, wait 1): its output adopted, its
 * clock placed in the take's time (t0: the take's time when the output's
 * first frame played, whatever the wait), or the missing output said. */
static void take_output(pd_app *app);
static void adopt(pd_app *app, int wait)
{
    drill_state *d = &app->drill;
    ui_distract *x = &d->dx;
    if (!x->opener || (!wait && !SDL_AtomicGet(&x->opened))) return;
    SDL_WaitThread(x->opener, NULL);
    x->opener = NULL;
    take_output(app);
}

static void take_output(pd_app *app)
{
    drill_state *d = &app->drill;
    ui_distract *x = &d->dx;
    x->out = x->opening_out;
    x->opening_out = NULL;
#ifdef PODIUM_HAVE_RECORDER
    if (x->out) {
        x->t0_take_s = app->now_s - d->live_start_s - (double)pd_distract_out_played(x->out) / x->rate_hz;
        return;
    }
#endif
    no_output(app, x->open_err);
}

static void start(pd_app *app)
{
    drill_state *d = &app->drill;
    ui_distract *x = &d->dx;
    x->started = 1;
    x->sounds = pd_drill_audience(app)->distractions > 0;
    x->sp.start = -1;
    x->n_q_played = 0;
    double len = app->take_target_s > 0 ? app->take_target_s : PD_DRILL_S_MAX;
    uint64_t seed = app->in_session ? app->xs.seed * 7919u + (uint64_t)app->xs.x.rep * 104729u + 17u : 17u;
    x->n_ev = pd_distract_plan(pd_drill_audience(app)->distractions, len, app->lang, d->crowd.n, seed, x->ev,
                               PD_DISTRACT_MAX_EVENTS);
    x->cued = 0;
    x->t0_take_s = app->now_s - d->live_start_s;   /* the drill's clock until the output plays */
    x->rate_hz = 48000;
    x->out = NULL;
    x->seed = seed;
    x->open_err[0] = 0;
    snprintf(x->device, sizeof x->device, "%s", app->output_device);
    /* the continuous murmur only into headphones: through loudspeakers a
     * sound that never stops cannot be kept out of the analysis (the
     * loopback test measured +3 syllables of 39 from a -40 dBFS murmur at
     * the edges of pauses) */
    x->murmur = app->headphones && x->sounds;
    SDL_AtomicSet(&x->opened, 0);
    x->opener = SDL_CreateThread(open_thread, "podium-sound-out", app);
    if (!x->opener) {   /* no thread: here, then */
        open_thread(app);
        take_output(app);
    }
}

#ifdef PODIUM_HAVE_RECORDER
/* The gain of the frames [pos, pos + n): that of the sound sounding in
 * them (at most one: they are seconds apart), set at its first frames. */
static double chunk_gain(pd_app *app, long long pos, int n)
{
    ui_distract *x = &app->drill.dx;
    for (size_t i = 0; i < x->n_ev; i++) {
        long long a = (long long)(x->ev[i].t_s * x->rate_hz);
        long long b = (long long)((x->ev[i].t_s + x->ev[i].dur_s) * x->rate_hz) + 1;
        if (b <= pos || a >= pos + n) continue;
        if (!x->ev_gain_set[i]) {
            double g = pd_distract_gain_db(app->drill.loud_hold, x->kind_lufs[x->ev[i].kind], PD_DISTRACT_PEAK_DBFS);
            x->ev_gain[i] = pow(10.0, g / 20.0);
            x->ev_gain_set[i] = 1;
        }
        return x->ev_gain[i];
    }
    return 1.0;
}

/* The question's voice into the frames [pos, pos + n), if it sounds there. */
static void mix_speech(const ui_speech *s, float *buf, long long pos, int n)
{
    if (s->start < 0 || !s->x) return;
    long long a = s->start, b = s->start + (long long)s->n;
    for (int i = 0; i < n; i++)
        if (pos + i >= a && pos + i < b) buf[i] += (float)(s->gain * s->x[pos + i - a]);
}
#endif

void ui_distract_update(pd_app *app)
{
    drill_state *d = &app->drill;
    ui_distract *x = &d->dx;
    if (!wanted(app) || d->phase == DRILL_PREP || !d->source) return;
    if (!x->started) {
        start(app);
        x->synth_cpu_s = 0;
    }
    adopt(app, 0);
#ifdef PODIUM_HAVE_RECORDER
    if (x->out) {
        double c0 = thread_cpu_s();
        long long ahead = (long long)(AHEAD_S * x->rate_hz);
        float buf[CHUNK];
        while (x->track.pos - pd_distract_out_played(x->out) < ahead && pd_distract_out_space(x->out) >= CHUNK) {
            long long pos = x->track.pos;
            double g = chunk_gain(app, pos, CHUNK);
            pd_distract_render(&x->track, buf, CHUNK);
            if (g != 1.0)
                for (int i = 0; i < CHUNK; i++) buf[i] *= (float)g;
            if (x->murmur) {
                /* the murmur's gain ramps within the chunk from where it was */
                float mb[CHUNK];
                pd_distract_render(&x->murmur_track, mb, CHUNK);
                double want = pd_distract_murmur_gain_db(d->loud_hold, x->murmur_lufs);
                double step = MURMUR_SLEW_DB_S * CHUNK / x->rate_hz, g0 = x->murmur_gain_db;
                double g1 = want > g0 + step ? g0 + step : want < g0 - step ? g0 - step : want;
                double a = pow(10.0, g0 / 20.0), b = pow(10.0, g1 / 20.0);
                for (int i = 0; i < CHUNK; i++) buf[i] += (float)(mb[i] * (a + (b - a) * (i + 1) / CHUNK));
                x->murmur_gain_db = g1;
            }
            mix_speech(&x->sp, buf, pos, CHUNK);
            pd_distract_out_write(x->out, buf, CHUNK);
        }
        x->synth_cpu_s += thread_cpu_s() - c0;
    }
#endif
    double now = ui_distract_played_s(app);
    while (x->cued < x->n_ev && x->ev[x->cued].t_s <= now) {
        const pd_distract_event *e = &x->ev[x->cued++];
        if (d->crowd.n > 0 && e->person >= 0) pd_crowd_cue(&d->crowd, e->kind, e->person);
    }
}

void ui_distract_stop(pd_app *app)
{
    drill_state *d = &app->drill;
    ui_distract *x = &d->dx;
    ui_questions_stop(app);   /* the voice's worker joined; what it played is in q_played */
    if (!x->started) return;
    adopt(app, 1);            /* an opener still at work: waited for (its open is bounded) */
    double now = ui_distract_played_s(app);
    /* a microphone heard what played: those intervals, in the take's time */
    int heard = (d->source ? !d->source->demo : !app->demo) && !app->headphones; /* not through headphones */
    size_t n = 0;
    while (n < x->n_ev && x->ev[n].t_s <= now) n++;
    pd_distract_event shifted[PD_DISTRACT_MAX_EVENTS];
    for (size_t i = 0; i < n; i++) {
        shifted[i] = x->ev[i];
        shifted[i].t_s += x->t0_take_s + x->latency_s;
    }
    app->n_take_exclude = heard && x->out ? pd_distract_exclusions(shifted, n, app->take_exclude,
                                                                   PD_DISTRACT_MAX_EVENTS)
                                          : 0;
    /* the spoken questions, as far as they played */
    long long played = 0;
#ifdef PODIUM_HAVE_RECORDER
    played = pd_distract_out_played(x->out);
#endif
    for (int i = 0; heard && x->out && i < x->n_q_played; i++) {
        long long a = x->q_played[i][0], b = x->q_played[i][1] < played ? x->q_played[i][1] : played;
        if (b <= a) continue;
        pd_interval iv = pd_ask_exclusion((double)a / x->rate_hz, (double)b / x->rate_hz, x->t0_take_s, x->latency_s);
        app->n_take_exclude = pd_intervals_add(app->take_exclude, app->n_take_exclude, PD_DISTRACT_MAX_EVENTS, iv);
    }
#ifdef PODIUM_HAVE_RECORDER
    pd_distract_out_close(x->out);
    x->out = NULL;
    if (x->pa_init) pd_audio_terminate();
    x->pa_init = 0;
#endif
    x->started = 0;
}
