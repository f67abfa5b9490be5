/* player.c - replay of a take through SDL audio. The samples are queued
 * (SDL_QueueAudio) in one go from the chosen point, so the audio thread
 * never waits for the screen; the position is what has left the queue.
 * Replaceable by the recording library's playback (issue 3). */
#include <stdio.h>
#include "ui.h"

int ui_player_open(pd_app *app, ui_player *p, const float *mono, size_t frames, int rate)
{
    SDL_memset(p, 0, sizeof *p);
    p->samples = mono;
    p->frames = frames;
    p->rate = rate;
    if (!SDL_WasInit(SDL_INIT_AUDIO) && SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
        fprintf(stderr, "podium: no sound output: %s\n", SDL_GetError());
        pd_app_banner(app, ui_tr(app, S_ERR_NO_SOUND_OUT));
        return 1;
    }
    SDL_AudioSpec want, have;
    SDL_zero(want);
    want.freq = rate;
    want.format = AUDIO_F32SYS;
    want.channels = 1;
    want.samples = 1024;
    p->dev = SDL_OpenAudioDevice(NULL, 0, &want, &have, 0);
    if (p->dev == 0) {
        fprintf(stderr, "podium: no sound output: %s\n", SDL_GetError());
        pd_app_banner(app, ui_tr(app, S_ERR_NO_SOUND_OUT));
        return 1;
    }
    return 0;
}

void ui_player_play_from(ui_player *p, double t_s)
{
    if (!p->dev || !p->frames) return;
    SDL_PauseAudioDevice(p->dev, 1);
    SDL_ClearQueuedAudio(p->dev);
    size_t k = t_s > 0 ? (size_t)(t_s * p->rate) : 0;
    if (k >= p->frames) k = 0;
    p->start_frame = k;
    p->queued_bytes = (Uint32)((p->frames - k) * sizeof(float));
    SDL_QueueAudio(p->dev, p->samples + k, p->queued_bytes);
    SDL_PauseAudioDevice(p->dev, 0);
    p->playing = 1;
}

void ui_player_stop(ui_player *p)
{
    if (!p->dev) return;
    p->start_frame = (size_t)(ui_player_position(p) * p->rate);
    SDL_PauseAudioDevice(p->dev, 1);
    SDL_ClearQueuedAudio(p->dev);
    p->queued_bytes = 0;
    p->playing = 0;
}

double ui_player_position(ui_player *p)
{
    if (!p->dev || !p->rate) return 0;
    if (!p->playing) return (double)p->start_frame / p->rate;
    Uint32 left = SDL_GetQueuedAudioSize(p->dev);
    size_t played = (p->queued_bytes - (left < p->queued_bytes ? left : p->queued_bytes)) /
                    sizeof(float);
    if (left == 0) p->playing = 0;
    size_t pos = p->start_frame + played;
    if (!p->playing) p->start_frame = pos >= p->frames ? 0 : pos;
    return (double)(pos >= p->frames ? p->frames : pos) / p->rate;
}

void ui_player_close(ui_player *p)
{
    if (p->dev) SDL_CloseAudioDevice(p->dev);
    p->dev = 0;
    p->playing = 0;
}
