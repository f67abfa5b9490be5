#!/usr/bin/env bash
# bench_store.sh - speed of the practice history (a benchmark, not a test).
#
# Usage: tests/bench_store.sh [BUILD_DIR] [TAKES]
# Builds a 60 s, 16 kHz recording from the bundled sample (repeated with sox)
# and runs podium-store-bench on it: a new store filled with TAKES takes
# (default 10000) through the store API, then the history list, a trend
# query, the baseline, a compare and an orphan scan (best of 5), and the
# import of the 60 s recording (analysis + FLAC copy + fsync + commit).
# Goals (issue 4): list and trend < 50 ms, import < 1 s.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
takes=${2:-10000}
bench="$build/podium-store-bench"
[ -x "$bench" ] || { echo "bench_store.sh: $bench not found; build first" >&2; exit 1; }
command -v sox >/dev/null || { echo "bench_store.sh: needs sox" >&2; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
sample="$here/assets/sample_en_jfk_ask_not.wav"
sox "$sample" "$sample" "$sample" "$sample" "$sample" "$sample" -r 16000 -c 1 "$T/x.wav"
sox "$T/x.wav" "$T/60s.wav" trim 0 60
echo "== $takes takes without recordings"
TMPDIR="$T" "$bench" --takes "$takes" "$T/60s.wav"
echo
echo "== $takes takes, each with a 1 s recording (a recordings folder of $takes files)"
TMPDIR="$T" "$bench" --takes "$takes" --recordings --keep "$T/store" "$T/60s.wav"
echo
echo "== the whole 'podium history' command on that store (process start, open, orphan scan,"
echo "   list, baseline, printing), best of 5, wall clock"
podium="$build/podium"
best=
for i in 1 2 3 4 5; do
    s=$(date +%s%N)
    "$podium" history --data-dir "$T/store" >/dev/null
    e=$(( ($(date +%s%N) - s) / 1000000 ))
    if [ -z "$best" ] || [ "$e" -lt "$best" ]; then best=$e; fi
done
echo "podium history: $best ms"
best=
for i in 1 2 3 4 5; do
    s=$(date +%s%N)
    "$podium" trend pace --data-dir "$T/store" >/dev/null
    e=$(( ($(date +%s%N) - s) / 1000000 ))
    if [ -z "$best" ] || [ "$e" -lt "$best" ]; then best=$e; fi
done
echo "podium trend pace: $best ms"
