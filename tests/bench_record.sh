#!/usr/bin/env bash
# bench_record.sh - what recording with live meters costs, with a real-time
# feed: a JACK dummy server (48 kHz, 256-frame periods) started here, and
# sndfile-jackplay playing speech into `podium record`.
#
# Usage: tests/bench_record.sh [BUILD_DIR] [SECONDS]   (defaults: build, 30)
# Prints:
# - CPU of the whole podium process while recording (PortAudio's JACK
#   thread, the writer thread with the file and the live meters, the
#   control loop), as % of one core: getrusage over the take, from the
#   take's sidecar; and the same from /proc for the whole run (start-up and
#   the final report included);
# - meter latency: from the callback that delivered a sample to the meter
#   update that includes it being published (mean, median, 95th percentile,
#   max over every update), and the meters' own windows.
set -eu
BUILD=${1:-build}
SECS=${2:-30}
SRC=$(cd "$(dirname "$0")/.." && pwd)
PODIUM="$BUILD/podium"
for tool in jackd sndfile-jackplay jack_lsp sox python3; do
    command -v "$tool" >/dev/null || { echo "bench_record.sh: needs $tool" >&2; exit 1; }
done
T=$(mktemp -d)
JACKD=
trap '[ -n "$JACKD" ] && kill $JACKD 2>/dev/null; rm -rf "$T"' EXIT
export HOME="$T" JACK_DEFAULT_SERVER="podium-bench-$$" JACK_NO_AUDIO_RESERVATION=1 JACK_NO_START_SERVER=1
jackd --no-realtime -d dummy -r 48000 -p 256 >"$T/jackd.log" 2>&1 &
JACKD=$!
for _ in $(seq 100); do jack_lsp >/dev/null 2>&1 && break; sleep 0.1; done
# speech for the whole take: the bundled sample, repeated
n=$(( SECS / 11 + 1 ))
files=()
for _ in $(seq $n); do files+=("$SRC/assets/sample_en_jfk_ask_not.wav"); done
sox "${files[@]}" -r 48000 "$T/speech.wav"

"$PODIUM" record --device "JACK Audio Connection Kit: system" --seconds "$SECS" \
    --meter-log "$T/meters.tsv" "$T/take.wav" >/dev/null 2>"$T/err" &
PID=$!
for _ in $(seq 100); do jack_lsp 2>/dev/null | grep -q '^podium:in_0$' && break; sleep 0.05; done
sndfile-jackplay --autoconnect=podium:in_0 "$T/speech.wav" >/dev/null 2>&1 &
# /proc CPU of the podium process, sampled just before it ends
ticks=0
while kill -0 $PID 2>/dev/null; do
    t=$(awk '{print $14 + $15}' /proc/$PID/stat 2>/dev/null || echo "$ticks")
    ticks=$t
    sleep 0.5
done
wait $PID || { echo "bench_record.sh: podium failed:" >&2; cat "$T/err" >&2; exit 1; }
python3 - "$T/take.wav.json" "$T/meters.tsv" "$ticks" "$(getconf CLK_TCK)" "$SECS" <<'PY'
import json, sys, statistics
side = json.load(open(sys.argv[1]))
rows = [l.rstrip('\n').split('\t') for l in open(sys.argv[2])][1:]
lat = sorted(float(r[1]) for r in rows if r[1] != 'nan')
ticks, hz, secs = int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
print('take: %.1f s at %d Hz, dropped frames %d, JACK xruns %d, %d meter updates (%.0f per second)'
      % (side['duration_s'], side['rate_hz'], side['dropped_frames'], side['input_overflows'],
         len(rows), len(rows) / side['duration_s']))
print('CPU while recording (getrusage, whole process): %.2f %% of one core' % side['cpu_percent'])
print('CPU of the whole run incl. start-up (/proc, sampled every 0.5 s): ~%.2f %% of one core'
      % (100.0 * ticks / hz / secs))
if lat:
    print('callback -> published meter: mean %.2f ms, median %.2f ms, 95th pct %.2f ms, max %.2f ms (%d updates)'
          % (statistics.mean(lat), lat[len(lat) // 2], lat[int(0.95 * (len(lat) - 1))], lat[-1], len(lat)))
print("meters' own windows: speaking/pause level 64 ms Gaussian (known 22 ms after its centre), "
      'update period 20 ms, pause shown after 0.1 s of silence; momentary loudness 400 ms, '
      'short-term 3 s (refreshed every 0.1 s)')
PY
