/* test_exposure.c - the desensitisation programme's pure core: the
 * suggestion rules (table-driven, every branch and the config overrides),
 * the session state machine (every path: skip, pause, end early,
 * repetitions, second try, real-world log), the ladder's edits, ordering
 * and start step, the ladder file (round trip and every kind of damage),
 * progress, Spearman's correlation against hand-computed values, the fears'
 * measured facts and the breathing guide. */
#include <math.h>
#include <string.h>
#include "check.h"
#include "podium/exposure.h"
#include "podium/feedback.h"

/* ---- suggestions ----------------------------------------------------------------- */

typedef struct sugg_case {
    const char *what;
    int peaks[8];
    int n;
    pd_advice want;
} sugg_case;

static void test_suggest(void)
{
    /* the defaults: up when the last two peaks <= half the first, or <= 30
     * both; back when the last two >= 80; otherwise stay */
    static const sugg_case cases[] = {
        { "no attempt", { 0 }, 0, PD_ADVICE_NONE },
        { "one attempt, low", { 20 }, 1, PD_ADVICE_STAY },
        { "one attempt, high", { 90 }, 1, PD_ADVICE_STAY },
        { "70 -> 30 over 4: half", { 70, 60, 35, 30 }, 4, PD_ADVICE_UP },
        { "70, 36, 35: 36 is just above half, both above 30", { 70, 50, 36, 35 }, 4, PD_ADVICE_STAY },
        { "both <= 30", { 40, 30, 25 }, 3, PD_ADVICE_UP },
        { "one of two over 30, not half", { 50, 30, 31 }, 3, PD_ADVICE_STAY },
        { "two >= 80", { 70, 80, 85 }, 3, PD_ADVICE_BACK },
        { "one >= 80 only", { 70, 90, 75 }, 3, PD_ADVICE_STAY },
        { "all zero", { 0, 0 }, 2, PD_ADVICE_UP },
        { "two at 90: back", { 90, 90 }, 2, PD_ADVICE_BACK },
        { "rising", { 40, 60, 70 }, 3, PD_ADVICE_STAY },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const sugg_case *c = &cases[i];
        pd_advice want = c->want;
        pd_suggestion s;
        pd_exposure_suggest(c->peaks, c->n, NULL, 0, "en", &s);
        CHECK(s.advice == want, "%s: advice %s, want %s (%s)", c->what, pd_advice_name(s.advice),
              pd_advice_name(want), s.why);
        CHECK(s.why[0] != 0, "%s: a reason", c->what);
        CHECK(s.attempts == c->n, "%s: attempts %d", c->what, s.attempts);
        pd_suggestion it;
        pd_exposure_suggest(c->peaks, c->n, NULL, 0, "it", &it);
        CHECK(it.advice == s.advice && strcmp(it.why, s.why) != 0, "%s: Italian '%s'", c->what, it.why);
    }
    /* the reason carries the figures */
    int p[4] = { 70, 60, 35, 30 };
    pd_suggestion s;
    pd_exposure_suggest(p, 4, NULL, 0, "en", &s);
    CHECK(strstr(s.why, "70") && strstr(s.why, "30") && strstr(s.why, "4 attempts") && strstr(s.why, "next step"),
          "why: '%s'", s.why);
    pd_exposure_suggest(p, 4, NULL, 1, "en", &s);
    CHECK(strstr(s.why, "top of your ladder") != NULL, "top step: '%s'", s.why);

    /* overrides from the config file, shared with the feedback bounds */
    const char *conf = "pace_fast_syl_s = 6.0\nexposure_up_max = 40 # milder\nexposure_back_min = 70\n";
    pd_exposure_rules r;
    pd_exposure_rules_init(&r);
    char err[200] = "";
    CHECK(pd_exposure_rules_parse(&r, conf, err, sizeof err) == PD_OK, "rules parse: %s", err);
    CHECK(r.up_max == 40 && r.back_min == 70 && r.up_fraction == 0.5, "rules %g %g %g", r.up_max, r.back_min,
          r.up_fraction);
    pd_feedback_bounds b;
    pd_feedback_bounds_init(&b);
    CHECK(pd_feedback_bounds_parse(&b, conf, err, sizeof err) == PD_OK, "the bounds parser skips the rules: %s", err);
    CHECK(b.pace_fast_syl_s == 6.0, "bound read");
    int q[3] = { 50, 40, 35 };
    pd_exposure_suggest(q, 3, &r, 0, "en", &s);
    CHECK(s.advice == PD_ADVICE_UP, "up_max 40: %s", pd_advice_name(s.advice));
    int h[3] = { 60, 70, 75 };
    pd_exposure_suggest(h, 3, &r, 0, "en", &s);
    CHECK(s.advice == PD_ADVICE_BACK, "back_min 70: %s", pd_advice_name(s.advice));
    /* bad values: named, nothing changed */
    pd_exposure_rules before = r;
    CHECK(pd_exposure_rules_parse(&r, "exposure_up_max = 120\n", err, sizeof err) == PD_ERR_PARSE, "120 refused");
    CHECK(strstr(err, "line 1") && strstr(err, "0 to 100"), "message '%s'", err);
    CHECK(pd_exposure_rules_parse(&r, "\nexposure_window = two\n", err, sizeof err) == PD_ERR_PARSE, "text refused");
    CHECK(strstr(err, "line 2") != NULL, "message '%s'", err);
    CHECK(memcmp(&before, &r, sizeof r) == 0, "rules unchanged after a bad file");
    CHECK(pd_feedback_bounds_parse(&b, "exposure_nonsense = 1\n", err, sizeof err) == PD_ERR_PARSE,
          "an unknown exposure_ key is still unknown");
}

/* ---- the session state machine ---------------------------------------------------- */

static pd_step drill_step(int reps, int listen, int second_try)
{
    pd_step s;
    pd_step_init(&s);
    s.id = 7;
    snprintf(s.title, sizeof s.title, "Say it from memory");
    s.reps = reps;
    s.listen_back = listen;
    s.second_try = second_try;
    return s;
}

static void test_session(void)
{
    pd_xsession x;
    /* a whole repetition with every answer, listen back on */
    pd_step st = drill_step(2, 1, 1);
    pd_xsession_start(&x, &st, 120, 1000, 0.0);
    CHECK(x.phase == PD_X_EXPECT && x.rep == 1 && !x.dirty, "start: %s", pd_xphase_name(x.phase));
    CHECK(pd_xsession_rate(&x, 50, 0) != 0, "no rating in EXPECT");
    CHECK(pd_xsession_expect(&x, "my mind goes blank", 120, 0) != 0, "likelihood 120 refused");
    CHECK(x.phase == PD_X_EXPECT, "still EXPECT");
    CHECK(pd_xsession_expect(&x, "my mind goes blank", 70, 1) == 0 && x.phase == PD_X_BEFORE, "-> BEFORE");
    CHECK(x.dirty, "a fear is worth saving");
    x.dirty = 0;
    CHECK(pd_xsession_rate(&x, -5, 2) != 0 && pd_xsession_rate(&x, 101, 2) != 0, "bad ratings refused");
    CHECK(pd_xsession_rate(&x, 60, 2) == 0 && x.phase == PD_X_PREPARE && x.cur.suds_before == 60 && x.dirty,
          "before 60 -> PREPARE");
    CHECK(pd_xsession_prepared(&x, 12) == 0 && x.phase == PD_X_DRILL, "-> DRILL");
    CHECK(pd_xsession_drill_done(&x, 42, 75) == 0 && x.phase == PD_X_PEAK && x.cur.take_id == 42, "take 42 -> PEAK");
    CHECK(pd_xsession_rate(&x, 80, 76) == 0 && x.phase == PD_X_LISTEN, "peak -> LISTEN");
    CHECK(pd_xsession_listened(&x, 100) == 0 && x.phase == PD_X_RECOVER, "-> RECOVER");
    CHECK_NEAR(pd_xsession_recover_left(&x, 130), 90, 1e-9, "recovery left after 30 s");
    /* a pause stops the countdown */
    pd_xsession_pause(&x, 130);
    pd_xsession_tick(&x, 400);
    CHECK(x.phase == PD_X_RECOVER, "paused: the recovery does not run out");
    CHECK_NEAR(pd_xsession_recover_left(&x, 400), 90, 1e-9, "paused: left stands");
    CHECK(pd_xsession_skip_recovery(&x, 400) != 0, "no skip while paused");
    pd_xsession_resume(&x, 400);
    CHECK_NEAR(pd_xsession_recover_left(&x, 410), 80, 1e-9, "resumed: left 80");
    pd_xsession_tick(&x, 489);
    CHECK(x.phase == PD_X_RECOVER, "1 s left");
    pd_xsession_tick(&x, 490);
    CHECK(x.phase == PD_X_AFTER, "ran out -> AFTER");
    CHECK(pd_xsession_rate(&x, 30, 491) == 0 && x.phase == PD_X_CHECK, "after -> CHECK (a fear was given)");
    CHECK(pd_xsession_rate(&x, 10, 492) == 0 && x.phase == PD_X_SUGGEST, "happened -> SUGGEST");
    CHECK(x.cur.suds_before == 60 && x.cur.suds_peak == 80 && x.cur.suds_after == 30 && x.cur.happened == 10 &&
              x.cur.likelihood == 70 && strcmp(x.cur.feared, "my mind goes blank") == 0 && x.cur.rep == 1 &&
              x.cur.step_id == 7 && x.cur.session == 1000 && x.cur.date == 1000,
          "the exposure holds every answer");
    CHECK(pd_xsession_next(&x, 2000, 500) == 0 && x.phase == PD_X_EXPECT && x.rep == 2 && x.saved == 1, "rep 2");
    CHECK(x.cur.suds_before == PD_RATING_NONE && x.cur.take_id == 0 && x.cur.session == 1000 && x.cur.date == 2000 &&
              x.cur.rep == 2 && !x.dirty,
          "rep 2 starts empty, same session");
    CHECK(strcmp(x.last_feared, "my mind goes blank") == 0 && x.last_likelihood == 70, "the fear is the default");

    /* rep 2: everything skipped, the drill discarded with a second try */
    CHECK(pd_xsession_expect(&x, NULL, PD_RATING_NONE, 501) == 0 && x.phase == PD_X_BEFORE, "skip the expectation");
    CHECK(pd_xsession_rate(&x, PD_RATING_NONE, 502) == 0 && x.phase == PD_X_PREPARE, "skip before");
    CHECK(!x.dirty, "nothing to save yet");
    pd_xsession_prepared(&x, 503);
    CHECK(pd_xsession_drill_done(&x, 0, 510) == 0 && x.phase == PD_X_PREPARE && x.drill_failed, "discarded: again");
    pd_xsession_prepared(&x, 511);
    pd_xsession_drill_done(&x, 43, 570);
    CHECK(x.phase == PD_X_PEAK && !x.drill_failed, "second try kept");
    CHECK(pd_xsession_rate(&x, 50, 571) == 0 && x.phase == PD_X_LISTEN, "peak 50");
    pd_xsession_listened(&x, 580);
    CHECK(pd_xsession_skip_recovery(&x, 581) == 0 && x.phase == PD_X_AFTER, "recovery skipped");
    CHECK(pd_xsession_rate(&x, PD_RATING_NONE, 582) == 0 && x.phase == PD_X_SUGGEST, "no fear: no CHECK");
    CHECK(pd_xsession_next(&x, 3000, 590) == 0 && x.phase == PD_X_DONE && x.saved == 2, "the last rep -> DONE");
    CHECK(pd_xsession_next(&x, 3000, 590) != 0, "nothing after DONE");

    /* no second try: a discarded drill still asks the peak */
    st = drill_step(1, 1, 0);
    pd_xsession_start(&x, &st, 0, 1000, 0);
    pd_xsession_expect(&x, "", 0, 0);
    pd_xsession_rate(&x, 40, 0);
    pd_xsession_prepared(&x, 0);
    pd_xsession_drill_done(&x, 0, 1);
    CHECK(x.phase == PD_X_PEAK, "no second try: PEAK");
    pd_xsession_rate(&x, 70, 2);
    CHECK(x.phase == PD_X_AFTER, "no take: no listening; recovery 0: straight to AFTER (%s)", pd_xphase_name(x.phase));

    /* end early: what was rated is kept */
    st = drill_step(3, 0, 1);
    pd_xsession_start(&x, &st, 120, 1000, 0);
    pd_xsession_expect(&x, NULL, PD_RATING_NONE, 0);
    pd_xsession_rate(&x, 55, 1);
    x.dirty = 0;
    pd_xsession_pause(&x, 2);
    CHECK(x.paused && x.phase == PD_X_PREPARE, "paused in PREPARE");
    CHECK(pd_xsession_prepared(&x, 3) != 0, "nothing moves while paused");
    pd_xsession_end(&x);
    CHECK(x.phase == PD_X_DONE && x.dirty && x.cur.suds_before == 55, "ended: the rating is to be saved");
    /* end before anything: nothing to save */
    pd_xsession_start(&x, &st, 120, 1000, 0);
    pd_xsession_end(&x);
    CHECK(x.phase == PD_X_DONE && !x.dirty, "ended at once: nothing to save");

    /* a real-world log: no preparation, drill, listening or recovery */
    pd_step rw = drill_step(1, 1, 1);
    rw.real_world = 1;
    pd_xsession_start(&x, &rw, 120, 5000, 0);
    pd_xsession_expect(&x, "they look bored", 60, 0);
    pd_xsession_rate(&x, 50, 0);
    CHECK(x.phase == PD_X_PEAK, "real world: before -> PEAK (%s)", pd_xphase_name(x.phase));
    pd_xsession_rate(&x, 75, 0);
    CHECK(x.phase == PD_X_AFTER, "real world: peak -> AFTER (%s)", pd_xphase_name(x.phase));
    pd_xsession_rate(&x, 20, 0);
    pd_xsession_rate(&x, 30, 0);
    CHECK(x.phase == PD_X_SUGGEST && x.cur.real_world && x.cur.happened == 30, "real world logged");

    /* cards: reproducible, never the same twice in a row */
    for (int n = 2; n <= 9; n++)
        for (uint64_t seed = 0; seed < 20; seed++) {
            int prev = -1;
            for (int rep = 1; rep <= 10; rep++) {
                int k = pd_xsession_pick(n, rep, seed);
                CHECK(k >= 0 && k < n, "pick in range");
                CHECK(k != prev, "n %d seed %llu rep %d: the same card twice", n, (unsigned long long)seed, rep);
                CHECK(k == pd_xsession_pick(n, rep, seed), "reproducible");
                prev = k;
            }
        }
    CHECK(pd_xsession_pick(1, 3, 9) == 0, "one card");
}

/* ---- the ladder ------------------------------------------------------------------------ */

static void test_ladder(void)
{
    pd_ladder l;
    const char *langs[2] = { "en", "it" };
    for (int k = 0; k < 2; k++) {
        pd_ladder_default(&l, langs[k]);
        CHECK(l.n >= 10 && l.n <= 12, "%s: %d steps (the issue: 10-12)", langs[k], l.n);
        int real = 0;
        for (int i = 0; i < l.n; i++) {
            char err[200] = "";
            CHECK(pd_step_check(&l.step[i], err, sizeof err) == 0, "%s step %d: %s", langs[k], i + 1, err);
            char d[400];
            pd_step_describe(&l.step[i], langs[k], d, sizeof d);
            CHECK(strlen(d) > 5, "%s step %d described", langs[k], i + 1);
            real += l.step[i].real_world;
        }
        CHECK(real >= 1 && l.step[l.n - 1].real_world, "%s: the real world comes last", langs[k]);
        CHECK(!pd_step_needs_audience(&l.step[0], langs[k], NULL, 0), "alone: no audience needed");
    }
    pd_ladder en, it;
    pd_ladder_default(&en, "en");
    pd_ladder_default(&it, "it");
    CHECK(strcmp(en.step[1].title, it.step[1].title) != 0, "Italian titles");
    char d[400];
    pd_step_describe(&en.step[4], "en", d, sizeof d);
    CHECK(strstr(d, "30 s with the timer") && strstr(d, "from memory") && strstr(d, "no second try"), "'%s'", d);
    char aud[300];
    CHECK(!pd_step_needs_audience(&en.step[5], "en", aud, sizeof aud) && !aud[0],
          "a drawn audience is there: nothing to come ('%s')", aud);
    CHECK(!pd_step_needs_audience(&en.step[7], "en", aud, sizeof aud) && !aud[0],
          "distraction sounds are there: nothing to come ('%s')", aud);
    CHECK(!pd_step_needs_audience(&en.step[9], "en", aud, sizeof aud) && !aud[0],
          "questions are there: nothing to come ('%s')", aud);

    /* edits keep current on its step */
    l = en;
    for (int i = 0; i < l.n; i++) l.step[i].id = 100 + i;
    l.current = 3;
    CHECK(pd_ladder_move(&l, 3, 0) == 0 && l.current == 0 && l.step[0].id == 103, "move current to the top");
    CHECK(pd_ladder_move(&l, 5, 1) == 0 && l.current == 0, "move another above: current stays");
    CHECK(pd_ladder_move(&l, 0, 6) == 0 && l.current == 6 && l.step[6].id == 103, "move current down");
    int n0 = l.n;
    CHECK(pd_ladder_duplicate(&l, 6) == 0 && l.n == n0 + 1 && l.step[7].id == 0 && strstr(l.step[7].title, "(2)"),
          "duplicate");
    CHECK(l.current == 6, "current unchanged by a copy after it");
    CHECK(pd_ladder_remove(&l, 0) == 0 && l.current == 5, "remove above current");
    CHECK(pd_ladder_remove(&l, 5) == 0 && l.current == 5 && l.step[5].id == 0, "remove current: the next one");
    pd_step ns;
    pd_step_init(&ns);
    CHECK(pd_ladder_insert(&l, 0, &ns) == 0 && l.current == 6, "insert above");
    CHECK(pd_ladder_remove(&l, 99) != 0 && pd_ladder_move(&l, 0, 99) != 0, "out of range refused");
    while (l.n < PD_LADDER_MAX) pd_ladder_insert(&l, l.n, &ns);
    CHECK(pd_ladder_insert(&l, 0, &ns) != 0 && pd_ladder_duplicate(&l, 0) != 0, "a full ladder refuses more");

    /* order by expected distress; the start: the hardest rated 40 or less */
    l = en;
    static const int expected[12] = { 10, 35, 20, 45, 50, 60, PD_RATING_NONE, 70, 40, 80, 85, 95 };
    for (int i = 0; i < l.n; i++) {
        l.step[i].expected = expected[i];
        l.step[i].id = i + 1;
    }
    l.current = 1;
    pd_ladder_sort_by_expected(&l);
    for (int i = 1; i < l.n; i++) {
        int a = l.step[i - 1].expected, b = l.step[i].expected;
        CHECK(b == PD_RATING_NONE || (a != PD_RATING_NONE && a <= b), "sorted at %d: %d then %d", i, a, b);
    }
    CHECK(l.step[l.n - 1].expected == PD_RATING_NONE, "the unrated step last");
    CHECK(l.step[l.current].id == 2, "current follows its step");
    int s0 = pd_ladder_start_index(&l);
    CHECK(l.step[s0].expected == 40, "start at the step rated 40 (got %d)", l.step[s0].expected);
    for (int i = 0; i < l.n; i++) l.step[i].expected = 60 + i;
    CHECK(pd_ladder_start_index(&l) == 0, "all above 40: the easiest");
    for (int i = 0; i < l.n; i++) l.step[i].expected = PD_RATING_NONE;
    CHECK(pd_ladder_start_index(&l) == 0, "none rated: the first");

    /* step checks */
    pd_step bad = en.step[0];
    char err[200];
    bad.reps = 0;
    CHECK(pd_step_check(&bad, err, sizeof err) != 0 && strstr(err, "repetitions"), "reps 0: '%s'", err);
    bad = en.step[0];
    bad.audience.size = 3;
    CHECK(pd_step_check(&bad, err, sizeof err) != 0 && strstr(err, "attitude"), "audience without attitude");
    bad.audience.attitude = PD_ATT_BORED;
    bad.audience.bored = 4;
    CHECK(pd_step_check(&bad, err, sizeof err) != 0 && strstr(err, "bored"), "bored > size");
    bad = en.step[0];
    snprintf(bad.title, sizeof bad.title, "bad \xff title");
    CHECK(pd_step_check(&bad, err, sizeof err) != 0 && strstr(err, "UTF-8"), "invalid UTF-8 title");
    bad.title[0] = 0;
    CHECK(pd_step_check(&bad, err, sizeof err) != 0, "empty title");
    bad = en.step[0];
    bad.expected = 101;
    CHECK(pd_step_check(&bad, err, sizeof err) != 0, "expected 101");
}

static void test_ladder_file(void)
{
    pd_ladder l, back;
    pd_ladder_default(&l, "it");
    l.current = 4;
    l.step[2].expected = 35;
    l.step[3].audience.size = 5;
    l.step[3].audience.attitude = PD_ATT_CRITICAL;
    l.step[3].audience.bored = 2;
    l.step[3].audience.questions = 3;
    pd_sb sb;
    pd_sb_init(&sb);
    pd_ladder_write(&l, &sb);
    char err[300] = "";
    CHECK(pd_ladder_parse(sb.data, &back, err, sizeof err) == PD_OK, "round trip: %s", err);
    CHECK(back.n == l.n && back.current == 4, "n %d current %d", back.n, back.current);
    for (int i = 0; i < l.n && i < back.n; i++) {
        pd_step a = l.step[i], b = back.step[i];
        a.id = b.id = 0;
        CHECK(memcmp(&a, &b, sizeof a) == 0, "step %d round trip ('%s' / '%s')", i + 1, a.title, b.title);
    }
    pd_sb_free(&sb);

    /* damage: each named by its line, the ladder kept */
    typedef struct bad_file {
        const char *text, *line, *word;
    } bad_file;
    static const bad_file bads[] = {
        { "hello\n", "line 1", "not a Podium ladder" },
        { "", "line 1", "not a Podium ladder" },
        { "podium-ladder 2\n", "line 1", "version 2" },
        { "podium-ladder 1\n[step]\ntitle = A\nrepetitions = 0\n", "line 4", "repetitions = 0: allowed 1 to 10" },
        { "podium-ladder 1\n[step]\ntitle = A\ndrill_s = 3\n", "line 4", "at least 5 seconds" },
        { "podium-ladder 1\n[step]\ntitle = A\naudience = 3\n", "line 2", "attitude" },
        { "podium-ladder 1\n[step]\ntitle = A\ndrill_s = ten\n", "line 4", "whole number" },
        { "podium-ladder 1\n[step]\ntitle = A\ndrill_s = 0x10\n", "line 4", "whole number" },
        { "podium-ladder 1\n[step]\ntitle = A\ncard = upside\n", "line 4", "card" },
        { "podium-ladder 1\n[step]\ntitle = A\ncolour = red\n", "line 4", "unknown key" },
        { "podium-ladder 1\n[step]\nrepetitions = 2\n[step]\ntitle = B\n", "line 2", "no title" },
        { "podium-ladder 1\ncurrent = 3\n[step]\ntitle = A\n", "line 2", "current = 3" },
        { "podium-ladder 1\ntitle = A\n", "line 2", "before the first [step]" },
        { "podium-ladder 1\n[step]\ntitle = A\nexpected = 120\n", "line 4", "expected" },
        { "podium-ladder 1\n[step]\ntitle = A\nlisten_back = maybe\n", "line 4", "yes or no" },
        { "podium-ladder 1\n[step]\ntitle = A\njust words\n", "line 4", "key = value" },
        { "podium-ladder 1\n[step]\ntitle = \xc3\x28\n", "line 2", "UTF-8" },
    };
    pd_ladder keep;
    pd_ladder_default(&keep, "en");
    for (size_t i = 0; i < sizeof bads / sizeof bads[0]; i++) {
        pd_ladder t = keep;
        err[0] = 0;
        CHECK(pd_ladder_parse(bads[i].text, &t, err, sizeof err) == PD_ERR_PARSE, "bad file %zu accepted", i);
        CHECK(strstr(err, bads[i].line) && strstr(err, bads[i].word), "bad file %zu: '%s' (want %s, %s)", i, err,
              bads[i].line, bads[i].word);
        CHECK(memcmp(&t, &keep, sizeof t) == 0, "bad file %zu: the ladder is unchanged", i);
    }
    /* a long line */
    char big[2000];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = 0;
    memcpy(big, "podium-ladder 1\n", 16);
    CHECK(pd_ladder_parse(big, &back, err, sizeof err) == PD_ERR_PARSE && strstr(err, "too long"), "'%s'", err);
    /* an empty ladder is a ladder */
    CHECK(pd_ladder_parse("# nothing\npodium-ladder 1\n", &back, err, sizeof err) == PD_OK && back.n == 0,
          "an empty ladder");
}

/* ---- progress, status, correlation ----------------------------------------------------- */

static pd_exposure ex(int64_t id, int64_t step, int64_t date, int before, int peak, int after)
{
    pd_exposure e;
    pd_exposure_init(&e);
    e.id = id;
    e.step_id = step;
    e.date = date;
    e.session = date;
    e.suds_before = before;
    e.suds_peak = peak;
    e.suds_after = after;
    return e;
}

static void test_progress(void)
{
    pd_ladder l;
    pd_ladder_default(&l, "en");
    for (int i = 0; i < l.n; i++) l.step[i].id = i + 1;
    l.current = 1;
    const int64_t day = 86400, t0 = 20000 * day;
    /* given in scrambled order: progress sorts by date */
    pd_exposure e[6] = {
        ex(3, 1, t0 + 2 * day, 40, 20, 10),  ex(1, 1, t0, 50, 60, 30),
        ex(2, 1, t0 + day, 50, 25, 20),      ex(4, 2, t0 + 3 * day, 60, 70, 40),
        ex(5, 2, t0 + 4 * day, 60, PD_RATING_NONE, 30), ex(6, 99, t0, 10, 10, 10), /* a removed step */
    };
    pd_step_progress p[PD_LADDER_MAX];
    pd_ladder_progress(&l, e, 6, NULL, p);
    CHECK(p[0].status == PD_STATUS_DONE && p[0].attempts == 3 && p[0].first_peak == 60 && p[0].last_peak == 20,
          "step 1: %s %d %d %d", pd_step_status_name(p[0].status), p[0].attempts, p[0].first_peak, p[0].last_peak);
    CHECK(p[1].status == PD_STATUS_PRACTISING && p[1].attempts == 2 && p[1].last_peak == 70 &&
              p[1].last_date == t0 + 4 * day,
          "step 2: %s %d", pd_step_status_name(p[1].status), p[1].attempts);
    CHECK(p[2].status == PD_STATUS_NOT_STARTED && p[2].attempts == 0 && p[2].last_peak == PD_RATING_NONE, "step 3");
    char s[200];
    pd_programme_status(&l, e, 6, t0 + 7 * day, "en", s, sizeof s);
    CHECK(strstr(s, "Step 2 of 12") && strstr(s, "3 days ago"), "'%s'", s);
    pd_programme_status(&l, e, 6, t0 + 4 * day + 100, "it", s, sizeof s);
    CHECK(strstr(s, "Passo 2 di 12") && strstr(s, "oggi"), "'%s'", s);
    pd_programme_status(&l, e, 0, t0, "en", s, sizeof s);
    CHECK(strstr(s, "no exposure yet") != NULL, "'%s'", s);

    /* Spearman against hand-computed values */
    double x[5] = { 1, 2, 3, 4, 5 }, y[5] = { 5, 6, 7, 8, 7 };
    size_t used;
    /* by hand: ranks of y 1, 2, 3.5, 5, 3.5; rho = 8 / sqrt(10 * 9.5) */
    double rho = pd_spearman(x, y, 5, &used);
    CHECK(used == 5, "used %zu", used);
    CHECK_NEAR(rho, 0.8207826816681233, 1e-9, "rho with a tie (8 / sqrt(95))");
    double yd[5] = { 10, 8, 6, 4, 2 };
    CHECK_NEAR(pd_spearman(x, yd, 5, NULL), -1.0, 1e-12, "perfectly opposite");
    double yn[5] = { 1, NAN, 3, 2, NAN };
    rho = pd_spearman(x, yn, 5, &used);
    CHECK(used == 3, "NaN pairs left out: %zu", used);
    CHECK_NEAR(rho, 0.5, 1e-12, "rho of (1,3,4) vs (1,3,2)");
    double yc[5] = { 2, 2, 2, 2, 2 };
    CHECK(isnan(pd_spearman(x, yc, 5, NULL)), "constant side: NaN");
    CHECK(isnan(pd_spearman(x, y, 2, NULL)), "two pairs: NaN");

    /* delivery beside distress: honest with too little data */
    double peaks[6] = { 80, 70, 60, 50, 40, 30 }, pace[6] = { 5.1, 4.9, 4.8, 4.5, 4.3, 4.2 };
    char out[400];
    pd_delivery_vs_distress(peaks, pace, 4, "pace", "syl/s", 1, "en", out, sizeof out);
    CHECK(strstr(out, "Too little data") && strstr(out, "5 exposures") && strstr(out, "you have 4"), "'%s'", out);
    pd_delivery_vs_distress(peaks, pace, 6, "pace", "syl/s", 1, "en", out, sizeof out);
    CHECK(strstr(out, "fell from 80 to 30") && strstr(out, "5.1 to 4.2 syl/s") && strstr(out, "1.00"), "'%s'", out);
    pd_delivery_vs_distress(peaks, pace, 6, "ritmo", "sill/s", 1, "it", out, sizeof out);
    CHECK(strstr(out, "5,1") && strstr(out, "4,2"), "Italian decimals: '%s'", out);
}

/* ---- fears, rows, SUDS words, breathing ------------------------------------------------------- */

static void test_fears_rows(void)
{
    for (int f = 0; f < PD_FEAR_COUNT; f++) {
        CHECK(pd_fear_find(pd_fear_key((pd_fear)f)) == f, "fear key %d", f);
        CHECK(pd_fear_of_text(pd_fear_text((pd_fear)f, "it")) == (f == 0 ? PD_FEAR_OWN : (pd_fear)f), "fear %d", f);
    }
    CHECK(pd_fear_of_text("people laugh") == PD_FEAR_OWN, "own words");
    pd_take_facts fx;
    pd_take_facts_init(&fx);
    char out[200];
    CHECK(pd_fear_fact(PD_FEAR_UM, &fx, "en", out, sizeof out) == 0 && !out[0], "nothing measured: nothing said");
    fx.duration_s = 58.4;
    fx.target_s = 60;
    fx.filled_pauses = 2;
    fx.long_pauses = 1;
    fx.longest_pause_s = 2.34;
    fx.f0_median_hz = 220;
    fx.baseline_f0_hz = 200;
    CHECK(pd_fear_fact(PD_FEAR_UM, &fx, "en", out, sizeof out) && strcmp(out, "2 filled pauses (um) in 0:58") == 0,
          "'%s'", out);
    CHECK(pd_fear_fact(PD_FEAR_TIME, &fx, "en", out, sizeof out) && strcmp(out, "you finished at 0:58 of 1:00") == 0,
          "'%s'", out);
    fx.duration_s = 67;
    CHECK(pd_fear_fact(PD_FEAR_TIME, &fx, "it", out, sizeof out) && strstr(out, "1:07 su 1:00"), "'%s'", out);
    CHECK(pd_fear_fact(PD_FEAR_BLANK, &fx, "it", out, sizeof out) && strstr(out, "2,3 s"), "'%s'", out);
    CHECK(pd_fear_fact(PD_FEAR_SHAKE, &fx, "en", out, sizeof out) && strstr(out, "10 % higher"), "'%s'", out);
    CHECK(pd_fear_fact(PD_FEAR_BORED, &fx, "en", out, sizeof out) == 0, "no audience measured");

    static const struct { int r; const char *w; } suds[] = { { 0, "calm" }, { 9, "calm" }, { 10, "mild" },
        { 39, "mild" }, { 40, "moderate" }, { 59, "moderate" }, { 60, "strong" }, { 89, "strong" },
        { 90, "the worst you can imagine" }, { 100, "the worst you can imagine" } };
    for (size_t i = 0; i < sizeof suds / sizeof suds[0]; i++)
        CHECK(strcmp(pd_suds_words(suds[i].r, "en"), suds[i].w) == 0, "SUDS %d: %s", suds[i].r,
              pd_suds_words(suds[i].r, "en"));
    CHECK(strcmp(pd_suds_words(50, "it"), "moderato") == 0, "Italian SUDS words");

    pd_exposure e = ex(12, 3, 1764748800, 40, PD_RATING_NONE, 20); /* 2025-12-03T08:00:00Z */
    snprintf(e.step_title, sizeof e.step_title, "Say \"it\", from memory");
    snprintf(e.feared, sizeof e.feared, "my voice shakes");
    e.likelihood = 70;
    e.take_id = 5;
    pd_sb sb;
    pd_sb_init(&sb);
    pd_exposure_json(&e, 2, &sb);
    CHECK(strstr(sb.data, "\"step\": 2") && strstr(sb.data, "\"suds_peak\": null") &&
              strstr(sb.data, "\"date\": \"2025-12-03T08:00:00Z\"") && strstr(sb.data, "\"take_id\": 5") &&
              strstr(sb.data, "\\\"it\\\""),
          "json: %s", sb.data);
    pd_sb_free(&sb);
    pd_sb_init(&sb);
    pd_exposure_json(&e, 0, &sb);
    CHECK(strstr(sb.data, "\"step\": null") != NULL, "removed step: null");
    pd_sb_free(&sb);
    pd_sb_init(&sb);
    pd_exposure_csv_header(&sb);
    pd_exposure_csv(&e, 2, &sb);
    CHECK(strstr(sb.data, "12,2,\"Say \"\"it\"\", from memory\",2025-12-03T08:00:00Z,1764748800,1,0,40,,20,"
                          "my voice shakes,70,,5\n") != NULL,
          "csv: %s", sb.data);
    pd_sb_free(&sb);
    pd_exposure bad = e;
    char err[100];
    bad.suds_after = 120;
    CHECK(pd_exposure_check(&bad, err, sizeof err) != 0 && strstr(err, "distress after = 120"), "'%s'", err);

    /* breathing: 4 s in, 6 s out, eased, 6 breaths a minute */
    int in;
    double size, left;
    pd_breath_at(0, &in, &size, &left);
    CHECK(in && size < 1e-9 && fabs(left - 4) < 1e-9, "start: in, small, 4 s left");
    pd_breath_at(2, &in, &size, &left);
    CHECK(in && fabs(size - 0.5) < 1e-9, "half way in: half size");
    pd_breath_at(4.0001, &in, &size, &left);
    CHECK(!in && size > 0.999 && fabs(left - 6) < 1e-3, "turn: out, full, 6 s left");
    pd_breath_at(10 * 6 + 7, &in, &size, &left);
    CHECK(!in && fabs(left - 3) < 1e-9, "a minute later: the same phase (6 breaths a minute)");
    double prev = -1;
    int monotone = 1;
    for (double t = 0; t < 4; t += 0.05) {
        pd_breath_at(t, NULL, &size, NULL);
        if (size < prev) monotone = 0;
        prev = size;
    }
    CHECK(monotone, "the shape grows through the inhale");
}

int main(void)
{
    test_suggest();
    test_session();
    test_ladder();
    test_ladder_file();
    test_progress();
    test_fears_rows();
    CHECK_DONE();
}
