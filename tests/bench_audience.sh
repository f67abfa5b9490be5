#!/usr/bin/env bash
# bench_audience.sh - issue 9's speed figures: `podium --bench-drill SECONDS
# --audience ATTITUDE --distractions 6` (20 people) for each attitude, and
# the drill without an audience, in a real X11 window under Xvfb at 1280x720
# with the distraction sounds played: a private JACK dummy server (48 kHz,
# 256-frame periods, its own server name) is the output named in a scratch
# app.conf ("output = JACK Audio Connection Kit: system"). The demo source
# feeds the drill. One run at a time, RUNS runs of each row; prints what
# each run printed and a table with the low and high figure of each column.
#
# Usage: tests/bench_audience.sh [BUILD_DIR] [SECONDS] [RUNS] [default|software]
#        (defaults: build, 15, 2, default: SDL's default renderer)
# Not a ctest: a benchmark, load-sensitive (the load average is printed
# before and after). Exit 1 when a run fails.
set -u
BUILD=${1:-build}
SECS=${2:-15}
RUNS=${3:-2}
RENDER=${4:-default}
PODIUM="$BUILD/podium"
for tool in jackd jack_lsp Xvfb python3; do
    command -v "$tool" >/dev/null || { echo "bench_audience.sh: needs $tool" >&2; exit 1; }
done
[ -x "$PODIUM" ] || { echo "bench_audience.sh: no $PODIUM: build first" >&2; exit 1; }
. "$(dirname "$0")/jack.sh"
T=$(mktemp -d)
XPID=
cleanup() {
    [ -n "$XPID" ] && kill "$XPID" 2>/dev/null
    [ -n "${JACKD_PID:-}" ] && kill "$JACKD_PID" 2>/dev/null && wait "$JACKD_PID" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
export HOME="$T/home" XDG_CONFIG_HOME="$T/config" XDG_DATA_HOME="$T/data" LC_ALL=C
mkdir -p "$HOME" "$XDG_CONFIG_HOME/podium"
printf 'lang = en\noutput = JACK Audio Connection Kit: system\n' >"$XDG_CONFIG_HOME/podium/app.conf"
export JACK_DEFAULT_SERVER="podium-bench-audience-$$" JACK_NO_AUDIO_RESERVATION=1 JACK_NO_START_SERVER=1
jack_start 48000 "$T/jackd.log" || exit 1
DISP=
for d in $(seq 150 199); do
    [ -e "/tmp/.X11-unix/X$d" ] || [ -e "/tmp/.X$d-lock" ] && continue
    Xvfb ":$d" -screen 0 1280x800x24 -nolisten tcp -noreset >/dev/null 2>&1 &
    XPID=$!
    sleep 1
    if kill -0 "$XPID" 2>/dev/null; then DISP=":$d"; break; fi
done
[ -n "$DISP" ] || { echo "bench_audience.sh: no Xvfb display could start" >&2; exit 1; }
[ "$RENDER" = software ] && export SDL_RENDER_DRIVER=software
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for a in none staring attentive neutral bored critical; do
    for r in $(seq "$RUNS"); do
        args=(--bench-drill "$SECS")
        [ "$a" != none ] && args+=(--audience "$a" --distractions 6)
        echo "== $a, run $r"
        # a second apart: a window opened as the last one closes waits ~45 ms
        # in SDL_Init while the X server clears up after the closed one
        sleep 1
        if ! DISPLAY=$DISP "$PODIUM" "${args[@]}" >"$T/$a-$r.out" 2>&1; then
            cat "$T/$a-$r.out"
            echo "bench_audience.sh: FAILED: $a run $r" >&2
            exit 1
        fi
        cat "$T/$a-$r.out"
    done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$T" "$RUNS" "$RENDER" <<'PY'
import re, sys
d, runs, render = sys.argv[1], int(sys.argv[2]), sys.argv[3]
pat = {
    'first': r'first frame (\d+) ms',
    'median': r'drawn frame time median ([\d.]+) ms',
    'p99': r'drawn frame time median [\d.]+ ms, p99 ([\d.]+) ms',
    'present': r'of which the present .* median ([\d.]+) ms',
    'cpu': r'^CPU ([\d.]+) % of one core',
    'sound': r'synthesis into the output.s ring ([\d.]+) % of one core',
}
def rng(v, f):
    if not v: return ''
    lo, hi = min(v), max(v)
    return (f % lo) if lo == hi else (f + '-' + f) % (lo, hi)
print('\n| audience (%s renderer) | first frame, ms | frame median, ms | p99, ms | present median, ms | CPU, %% of a core | sound synthesis, %% of a core |' % render)
print('|---|---|---|---|---|---|---|')
for a in ['none', 'staring', 'attentive', 'neutral', 'bored', 'critical']:
    got = {k: [] for k in pat}
    for r in range(1, runs + 1):
        t = open('%s/%s-%d.out' % (d, a, r)).read()
        for k, p in pat.items():
            m = re.search(p, t, re.M)
            if m: got[k].append(float(m.group(1)))
    print('| %s | %s | %s | %s | %s | %s | %s |' % (a, rng(got['first'], '%.0f'), rng(got['median'], '%.2f'),
          rng(got['p99'], '%.1f'), rng(got['present'], '%.2f'), rng(got['cpu'], '%.1f'), rng(got['sound'], '%.2f')))
PY
