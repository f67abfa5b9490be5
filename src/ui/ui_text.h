/* ui_text.h - every string the app shows, by id; one table per language
 * (strings_en.c, strings_it.c). Formats hold only %s and %d (numbers are
 * formatted by ui_num, which knows the decimal comma); test_ui checks both
 * tables are complete and use the same conversions. */
#ifndef PODIUM_UI_TEXT_H
#define PODIUM_UI_TEXT_H

typedef enum pd_str {
    S_APP_TITLE,
    S_HOME_TITLE, S_HOME_SUBTITLE, S_LENGTH, S_LEN_30, S_LEN_60, S_LEN_90, S_LEN_120,
    S_LEN_CUSTOM_FMT, S_CUSTOM_HINT, S_PROMPT_CARD, S_PREV_CARD, S_NEXT_CARD, S_START,
    S_RECENT, S_NO_TAKES, S_DEMO_BADGE, S_KEYS_HOME, S_TAKE_ROW_FMT, S_STARRED,
    S_GET_READY, S_PREP_HINT, S_SPEAK_NOW, S_TARGET_FMT, S_TEN_LEFT, S_TIME_UP,
    S_LOUDNESS, S_PACE, S_VOICE, S_SPEAKING, S_PAUSE_FMT, S_LISTENING, S_SYL_S, S_WPM_FMT,
    S_TOO_QUIET, S_KEYS_DRILL, S_CUE_SLOWER, S_CUE_FASTER, S_CUE_LOUDER, S_CUE_SOFTER,
    S_CUE_GOOD, S_CUE_GO_ON, S_STOP_TITLE, S_STOP_TEXT, S_STOP_KEEP, S_STOP_DISCARD,
    S_STOP_CONTINUE, S_DEMO_SOURCE,
    S_RESULTS_TITLE, S_ANALYSING, S_TILE_DURATION, S_TILE_PACE, S_TILE_PAUSES, S_TILE_HESIT,
    S_TILE_LOUD, S_TILE_PITCH, S_OF_TARGET_FMT, S_PAUSES_SUB_FMT, S_HESIT_SUB_FMT,
    S_LOUD_SUB, S_PITCH_SUB, S_NO_SPEECH, S_PLAY, S_PAUSE_BTN, S_KEEP, S_DISCARD, S_AGAIN,
    S_WAVE_HINT, S_PITCH_LABEL, S_LOUD_LABEL, S_LEGEND_PAUSE, S_LEGEND_FILLED, S_FEEDBACK,
    S_ERR_ANALYSE_FMT, S_KEPT, S_KEYS_RESULTS, S_DISCARDED,
    S_COUNT
} pd_str;

extern const char *const pd_strings_en[S_COUNT];
extern const char *const pd_strings_it[S_COUNT];

#endif
