/* drill_questions.c - questions from the audience after the pitch (issue 9):
 * a step with `questions = N` does not end its drill when the pitch ends
 * (Space, or the time limit): a person of the audience raises a hand and
 * asks a question in a speech bubble, and the speaker answers in the same
 * take, within PD_ASK_ANSWER_S (Space: answered, the next question or the end).
 * Each answer's start is marked in the take's time (app->take_marks), so
 * Results and the listening back show the answers as their own parts.
 *
 * The questions come from assets/questions/LANG.txt and the user's own
 * files (text_files.h), read the first time: a critical audience asks the
 * sceptical ones (marked '!'), the others the rest; a different one each
 * question, from the session's seed and the repetition (pd_xsession_pick).
 * Without an audience the question comes from "the room": the bubble is
 * over the card.
 *
 * Spoken aloud too (app.conf speak_questions, yes by default when built
 * with eSpeak NG, tts.h): a worker thread synthesises the question in the
 * interface's language (the questions file's), resamples it from espeak's
 * 22050 Hz to the drill's sound output's rate and makes it ready
 * (pd_ask_prepare); the UI thread then mixes it into the output's track
 * (drill_distract.c renders it ahead into the ring: the callback never
 * waits, the frames never wait for the voice) at the level of the
 * distraction sounds against the speaker's loudness (pd_distract_gain_db:
 * 3 dB under, never clipping). The answer's 30 s start when the question has
 * come out of the output (pd_ask); without a voice, when it is shown. The
 * answer's mark stays where the question was asked: the part "Q1" holds the
 * question and its answer. Through loudspeakers the question's interval is
 * kept out of the analysis as a distraction sound's is (ui_distract_stop). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "podium/text_files.h"
#ifdef PODIUM_HAVE_ESPEAK
#include "podium/tts.h"
#endif
#include "ui.h"
#include "ui_audience.h"

int ui_questions_asked(const pd_app *app)
{
    if (app->in_session && app->xs.x.step.real_world) return 0;
    return pd_drill_audience(app)->questions;
}

int ui_questions_speak(const pd_app *app)
{
#ifdef PODIUM_HAVE_ESPEAK
    return app->speak_questions && ui_questions_asked(app) > 0;
#else
    (void)app;
    return 0;
#endif
}

#ifdef PODIUM_HAVE_ESPEAK
/* The worker: the question's sound, ready to mix at the output's rate. */
static int voice_worker(void *data)
{
    ui_speech *s = data;
    float *y = NULL, *z = NULL;
    size_t n = 0;
    int rate = 0;
    s->rc = pd_tts_speak(s->lang, s->text, &y, &n, &rate, s->err, sizeof s->err);
    if (s->rc == 0) {
        size_t m = pd_resample_frames(n, rate, s->rate_hz);
        z = m ? malloc(m * sizeof *z) : NULL;
        if (!z) {
            s->rc = 1;
            snprintf(s->err, sizeof s->err, "out of memory");
        } else if (pd_resample(y, n, rate, s->rate_hz, z) != m ||
                   pd_ask_prepare(z, m, s->rate_hz, PD_DISTRACT_PEAK_DBFS, &s->lufs) != 0) {
            s->rc = 1;
            snprintf(s->err, sizeof s->err, "eSpeak NG gave silence");
        } else {
            s->x = z;
            s->n = m;
            z = NULL;
        }
    }
    free(y);
    free(z);
    SDL_AtomicSet(&s->done, 1);
    return 0;
}
#endif

/* The voice of the question before: its worker joined (it takes tens of
 * ms: only when Space comes that soon), its sound ended where rendered. */
static void speech_end(pd_app *app)
{
    ui_distract *x = &app->drill.dx;
    ui_speech *s = &x->sp;
    if (s->worker) SDL_WaitThread(s->worker, NULL);
    s->worker = NULL;
    if (s->start >= 0 && x->n_q_played > 0) {
        long long *p = x->q_played[x->n_q_played - 1];
        if (p[1] > x->track.pos) p[1] = x->track.pos > p[0] ? x->track.pos : p[0];
    }
    s->start = -1;
    free(s->x);
    s->x = NULL;
    s->n = 0;
}

void ui_questions_stop(pd_app *app)
{
    speech_end(app);
}

void ui_questions_update(pd_app *app)
{
    drill_state *d = &app->drill;
    if (d->q_index < 0) return;
    ui_distract *x = &d->dx;
    ui_speech *s = &x->sp;
    if (d->ask.phase == PD_ASK_VOICING && s->worker && SDL_AtomicGet(&s->done)) {
        SDL_WaitThread(s->worker, NULL);   /* finished: returns at once */
        s->worker = NULL;
        if (s->rc == 0 && x->out) {
            /* from the next frames rendered into the ring, about AHEAD_S on */
            s->start = x->track.pos;
            s->gain = pow(10.0, pd_distract_gain_db(d->loud_hold, s->lufs, PD_DISTRACT_PEAK_DBFS) / 20.0);
            if (x->n_q_played < UI_QUESTIONS_MAX) {
                x->q_played[x->n_q_played][0] = s->start;
                x->q_played[x->n_q_played][1] = s->start + (long long)s->n;
                x->n_q_played++;
            }
            pd_ask_scheduled(&d->ask, (double)s->start / x->rate_hz, (double)(s->start + (long long)s->n) / x->rate_hz);
            pd_app_trace(app, "drill", "question spoken");
        } else {
            pd_ask_unspoken(&d->ask, app->now_s);
            pd_app_banner(app, ui_trf(app, S_ERR_SPEAK_FMT, s->rc ? s->err : "no sound output"));
        }
    }
    pd_ask_step(&d->ask, app->now_s, ui_distract_played_s(app));
}

static void warn(void *ctx, const char *message)
{
    pd_app_message((pd_app *)ctx, PD_MSG_WARNING, message);
}

/* The k-th question (0-based) of this drill into d->q_text; 0 when there is
 * no list. */
static int pick(pd_app *app, int k)
{
    drill_state *d = &app->drill;
    if (!app->questions_read) {
        app->questions_read = 1;
        char bundled[700], user[600], err[400];
        snprintf(bundled, sizeof bundled, "%s/questions/%s.txt", app->assets_dir, app->lang);
        int has_user = pd_user_config_dir("questions", user, sizeof user) == 0;
        if (pd_topics_load(bundled, has_user ? user : NULL, &app->questions, warn, app, err, sizeof err) != PD_OK)
            pd_app_banner(app, err);
    }
    int hard = pd_drill_audience(app)->attitude == PD_ATT_CRITICAL;
    size_t n = pd_topics_count(&app->questions, hard);
    if (n == 0) {   /* a list without sceptical ones: the others */
        hard = !hard;
        n = pd_topics_count(&app->questions, hard);
    }
    if (n == 0) return 0;
    uint64_t seed = app->in_session ? app->xs.seed : 11u;
    int rep = app->in_session ? app->xs.x.rep : 1;
    size_t want = ((size_t)pd_xsession_pick((int)n, rep, seed) + (size_t)k) % n;
    for (size_t i = 0; i < app->questions.n; i++) {
        if (app->questions.items[i].hard != hard) continue;
        if (want-- == 0) {
            snprintf(d->q_text, sizeof d->q_text, "%s", app->questions.items[i].text);
            return 1;
        }
    }
    return 0;
}

int ui_questions_next(pd_app *app)
{
    drill_state *d = &app->drill;
    int total = ui_questions_asked(app);
    if (!d->source || d->q_index + 1 >= total || d->q_index + 1 >= UI_QUESTIONS_MAX) return 0;
    if (!pick(app, d->q_index + 1)) return 0;
    d->q_index++;
    d->q_at_s = app->now_s;
    /* who asks: someone of the audience, a different one each time */
    d->q_person = d->crowd.n > 0 ? (int)((app->xs.seed + (uint64_t)d->q_index * 7u) % (uint64_t)d->crowd.n) : -1;
    if (app->n_take_marks < UI_QUESTIONS_MAX) app->take_marks[app->n_take_marks++] = d->lv.t_s;
    speech_end(app);
    int speak = 0;
#ifdef PODIUM_HAVE_ESPEAK
    ui_distract *x = &d->dx;
    if (ui_questions_speak(app) && x->out) {   /* the output opened with the take (drill_distract.c) */
        ui_speech *s = &x->sp;
        snprintf(s->lang, sizeof s->lang, "%s", app->lang);
        snprintf(s->text, sizeof s->text, "%s", d->q_text);
        s->rate_hz = x->rate_hz;
        s->rc = 1;
        s->err[0] = 0;
        SDL_AtomicSet(&s->done, 0);
        s->worker = SDL_CreateThread(voice_worker, "podium-voice", s);
        speak = s->worker != NULL;
    }
#endif
    pd_ask_begin(&d->ask, app->now_s, speak);
    pd_app_trace(app, "drill", "question");
    return 1;
}

int ui_questions_answering(const pd_app *app)
{
    return app->drill.q_index >= 0;
}

double ui_questions_left_s(const pd_app *app)
{
    return pd_ask_left_s(&app->drill.ask, app->now_s, PD_ASK_ANSWER_S);
}

/* The bubble: a rounded panel with the question, its tail towards the asker
 * (or up to the room), and the asker's hand raised beside the head. */
void ui_questions_draw(pd_app *app, SDL_Rect audience_box, SDL_Rect card_box)
{
    drill_state *d = &app->drill;
    if (d->q_index < 0) return;
    const ui_theme *t = &app->th;
    ui_audience_seat seat;
    int have_seat = d->q_person >= 0 && audience_box.w > 0;
    if (have_seat) ui_audience_seat_of(audience_box, &d->crowd, d->q_person, &seat);
    SDL_Rect area = have_seat ? audience_box : card_box;
    int pad = ui_px(app, 12);
    int bw = area.w * 40 / 100, bh = area.h * 46 / 100;
    if (bw < ui_px(app, 260)) bw = area.w - 2 * pad;
    int bx, by = area.y + pad;
    if (have_seat) {   /* beside the asker, on the side with more room */
        int hx = (int)seat.head_x;
        bx = hx < area.x + area.w / 2 ? hx + (int)seat.head_px : hx - (int)seat.head_px - bw;
        if (bx < area.x + pad) bx = area.x + pad;
        if (bx + bw > area.x + area.w - pad) bx = area.x + area.w - pad - bw;
        /* the hand raised beside the head: the forearm in the clothes'
         * colour, the palm in the skin's, inside the audience's box */
        const pd_looks *lk = &d->crowd.p[d->q_person].looks;
        SDL_Color skin = { lk->skin[0], lk->skin[1], lk->skin[2], 255 };
        SDL_Color sleeve = { lk->clothes[0], lk->clothes[1], lk->clothes[2], 255 };
        int hp = (int)seat.head_px;
        int side = bx > (int)seat.head_x ? 1 : -1;   /* the hand on the bubble's side */
        int ax = (int)seat.head_x + side * (hp * 7 / 10) - hp / 8, ay = (int)seat.head_y - hp * 7 / 10;
        SDL_Rect old_clip;
        SDL_RenderGetClipRect(app->ren, &old_clip);
        SDL_RenderSetClipRect(app->ren, &audience_box);
        ui_fill(app, (SDL_Rect){ ax, ay + hp / 3, hp / 4, hp * 9 / 10 }, sleeve);
        ui_fill(app, (SDL_Rect){ ax - hp / 20, ay, hp / 3, hp * 2 / 5 }, skin);
        SDL_RenderSetClipRect(app->ren, old_clip.w > 0 ? &old_clip : NULL);
    } else {
        bx = area.x + (area.w - bw) / 2;
        by = area.y + (area.h - bh) / 2;
    }
    SDL_Rect b = { bx, by, bw, bh };
    SDL_Color fill = { 0xF4, 0xF1, 0xE8, 255 }, ink = { 0x18, 0x1C, 0x24, 255 };
    ui_fill(app, b, fill);
    ui_frame(app, b, t->line, ui_px(app, 1));
    if (have_seat) {   /* the tail: a short stepped wedge towards the head */
        int tx = (int)seat.head_x < b.x ? b.x : b.x + b.w;
        int dir = (int)seat.head_x < b.x ? -1 : 1;
        int ty = b.y + b.h * 2 / 3;
        for (int i = 0; i < ui_px(app, 14); i++)
            ui_fill(app, (SDL_Rect){ dir > 0 ? tx + i : tx - i - 1, ty + i / 2, 1, ui_px(app, 14) - i }, fill);
    }
    d->bubble_box = b;
    char head[80];
    snprintf(head, sizeof head, "%s", ui_trf(app, S_Q_HEAD_FMT, d->q_index + 1, ui_questions_asked(app)));
    ui_text(app, (SDL_Rect){ b.x + pad, b.y + pad / 2, b.w - 2 * pad, ui_px(app, 22) }, head, 14, UI_BOLD | UI_MIDDLE,
            (SDL_Color){ 0x55, 0x5E, 0x6E, 255 });
    ui_text(app, (SDL_Rect){ b.x + pad, b.y + pad / 2 + ui_px(app, 24), b.w - 2 * pad, b.h - pad - ui_px(app, 24) },
            d->q_text, 20, UI_BOLD | UI_WRAP | UI_MIDDLE, ink);
}
