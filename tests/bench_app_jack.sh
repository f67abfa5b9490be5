#!/usr/bin/env bash
# bench_app_jack.sh - the app's drill benchmark (`podium --bench-drill`) fed
# by a microphone in real time instead of the demo source: a private JACK
# dummy server (48 kHz, 256-frame periods, its own server name; paced by the
# clock like a sound card) is the input "JACK Audio Connection Kit: system",
# and sndfile-jackplay plays the bundled sample (resampled to 48 kHz) into
# podium:in_0 over and over once the app's port exists.
#
# Usage: tests/bench_app_jack.sh [BUILD_DIR] [SECONDS] [mic|demo|both]
#        (defaults: build, 30, both)
# Runs `podium --bench-drill SECONDS --input "JACK Audio Connection Kit: system"`
# (mic) and, for comparison in the same conditions, `podium --bench-drill
# SECONDS` (demo: the sample fed by the app itself), one run at a time, in:
#   x11-default   a real X11 window under Xvfb, SDL's default renderer
#   x11-software  the same window, SDL_RENDER_DRIVER=software
#   offscreen     SDL_VIDEODRIVER=offscreen, SDL_RENDER_DRIVER=software and
#                 SDL_FRAMEBUFFER_ACCELERATION=0 (the window's pixels in plain
#                 memory, as --screenshots; without it SDL 2.26 puts them in
#                 a GL texture on Mesa's software GL, ~5 ms more a frame)
# and prints what each printed (source, first frame, frames drawn, frame time
# median / p99, CPU of the whole process: for the mic the JACK thread, the
# recorder's writer thread with the take file and the live meters, the main
# loop), the mic take's dropped frames and JACK xrun reports (from its
# sidecar), then a summary table. Not a ctest: a benchmark, load-sensitive
# (2 cores shared). Exit 1 when a run fails (the drill did not go live, no
# audio arrived, no speech heard, the port never appeared).
set -u
BUILD=${1:-build}
SECS=${2:-30}
FEEDS=${3:-both}
case $FEEDS in
mic | demo) ;;
both) FEEDS="mic demo" ;;
*) echo "usage: bench_app_jack.sh [BUILD_DIR] [SECONDS] [mic|demo|both]" >&2; exit 2 ;;
esac
SRC=$(cd "$(dirname "$0")/.." && pwd)
PODIUM="$BUILD/podium"
INPUT="JACK Audio Connection Kit: system"
for tool in jackd jack_lsp sndfile-jackplay sox python3 xvfb-run; do
    command -v "$tool" >/dev/null || { echo "bench_app_jack.sh: needs $tool" >&2; exit 1; }
done
[ -x "$PODIUM" ] || { echo "bench_app_jack.sh: no $PODIUM (build first)" >&2; exit 1; }

. "$(dirname "$0")/jack.sh"
T=$(mktemp -d /tmp/podium-benchapp-XXXXXX)
PLAY=
cleanup() {
    [ -n "$PLAY" ] && kill "$PLAY" 2>/dev/null && wait "$PLAY" 2>/dev/null
    [ -n "$JACKD_PID" ] && kill "$JACKD_PID" 2>/dev/null && wait "$JACKD_PID" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
export HOME="$T/home" LC_ALL=C SDL_AUDIODRIVER=dummy
export JACK_DEFAULT_SERVER="podium-benchapp-$$" JACK_NO_AUDIO_RESERVATION=1 JACK_NO_START_SERVER=1
mkdir -p "$HOME"
# Under the sanitizers (BUILD_DIR a -DPODIUM_SANITIZE=ON build): no leak
# check, as in test_app_x11.sh: SDL unloads libX11 and libdbus in SDL_Quit,
# so LeakSanitizer cannot tell their allocations from ours.
export ASAN_OPTIONS="${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}detect_leaks=0"
sox "$SRC/assets/sample_en_jfk_ask_not.wav" -r 48000 "$T/s.wav"

jack_start 48000 "$T/jackd.log" || exit 1

fails=0
# run FEED NAME COMMAND...: one benchmark run with its own config and data dirs
run() {
    local feed=$1 name=$2
    shift 2
    local dir="$T/$feed-$name"
    mkdir -p "$dir/config/podium" "$dir/data"
    printf 'lang = en\n' >"$dir/config/podium/app.conf"
    local input=(--input "$INPUT")
    [ "$feed" = demo ] && input=()
    env XDG_CONFIG_HOME="$dir/config" XDG_DATA_HOME="$dir/data" "$@" "$PODIUM" \
        --bench-drill "$SECS" "${input[@]}" >"$dir/out" 2>"$dir/err" &
    local pid=$! port=0
    [ "$feed" = demo ] && port=-
    for _ in $(seq 400); do
        [ "$feed" = demo ] && break
        jack_lsp 2>/dev/null | grep -q '^podium:in_0$' && { port=1; break; }
        kill -0 $pid 2>/dev/null || break
        sleep 0.025
    done
    [ $port = 1 ] && { sndfile-jackplay --loop=0 --autoconnect=podium:in_0 "$T/s.wav" >/dev/null 2>&1 & PLAY=$!; }
    wait $pid
    local rc=$?
    [ -n "$PLAY" ] && { kill "$PLAY" 2>/dev/null; wait "$PLAY" 2>/dev/null; PLAY=; }
    echo "== $feed, $name"
    cat "$dir/out"
    grep -v '^podium: could not remove' "$dir/err" | sed 's/^/  stderr: /'
    local side
    side=$(ls "$dir"/data/podium/takes/*.wav.json 2>/dev/null | head -1)
    [ -n "$side" ] && python3 -c "
import json, sys; s = json.load(open(sys.argv[1]))
print('take: %.1f s at %d Hz, dropped frames %d, JACK xrun reports %d'
      % (s.get('duration_s', 0), s['rate_hz'], s.get('dropped_frames', -1), s.get('input_overflows', -1)))" "$side"
    if [ $rc != 0 ] || [ $port = 0 ] || ! grep -q 'speech heard' "$dir/out"; then
        echo "bench_app_jack.sh: FAILED: $feed, $name (exit $rc, port seen $port)" >&2
        fails=$((fails + 1))
    fi
}

XVFB=(xvfb-run -a -s "-screen 0 1280x800x24 -noreset")
for feed in $FEEDS; do
    run "$feed" x11-default "${XVFB[@]}"
    run "$feed" x11-software "${XVFB[@]}" env SDL_RENDER_DRIVER=software
    run "$feed" offscreen env SDL_VIDEODRIVER=offscreen SDL_RENDER_DRIVER=software \
        SDL_FRAMEBUFFER_ACCELERATION=0
done

echo "== summary ($SECS s; mic: $INPUT, JACK dummy 48 kHz / 256 frames; demo: the sample fed by the app)"
python3 - "$T" <<'PY'
import os, re, sys
print('%-18s %-9s %11s %12s %9s %8s %7s %9s' % ('run', 'renderer', 'first frame', 'frames drawn',
      'median', 'p99', 'CPU', 'audio fed'))
for name in ('mic-x11-default', 'mic-x11-software', 'mic-offscreen',
             'demo-x11-default', 'demo-x11-software', 'demo-offscreen'):
    try:
        out = open(os.path.join(sys.argv[1], name, 'out')).read()
    except OSError:
        continue
    def f(rx, default='-'):
        m = re.search(rx, out)
        return m.group(1) if m else default
    print('%-18s %-9s %8s ms %12s %6s ms %5s ms %5s %% %7s s' % (
        name, f(r'renderer ([^,\s]+)'), f(r'first frame (\d+) ms'), f(r'(\d+) frames drawn'),
        f(r'median ([\d.]+) ms'), f(r'p99 ([\d.]+) ms'), f(r'CPU ([\d.]+) %'),
        f(r'live, ([\d.]+) s of audio fed')))
PY
[ $fails = 0 ]
