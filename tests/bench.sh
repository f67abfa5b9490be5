#!/usr/bin/env bash
# bench.sh - speed and memory of the full analysis (a benchmark, not a test).
#
# Usage: tests/bench.sh [BUILD_DIR] [CORPUS_DIR]
#   BUILD_DIR  where podium-bench was built (default: build)
#   CORPUS_DIR speech clips to build the recordings from (default:
#              ../shared/corpus, else the bundled assets/ sample)
#
# Builds, in a temporary folder, a 60 s and a 60 min recording at 16 kHz
# (corpus clips joined end to end, resampled with sox) and a 60 s one at
# 48 kHz, and runs podium-bench on each in its own process, pinned to one
# core: seconds of audio analysed per CPU second (whole analysis: reading,
# loudness, pitch, segmentation, syllables, filled pauses, feedback) and the
# process's peak resident memory. Goals (issue 2): >= 1000x real time, < 100 MB
# for the 60 min file. When Praat is installed it also times Praat's pitch +
# intensity + silences on the same 60 s file, and `podium analyse` on it as a
# whole process, and prints the ratio.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
corpus=${2:-$here/../shared/corpus}
bench="$build/podium-bench"
podium="$build/podium"
if [ ! -x "$bench" ]; then
    echo "bench.sh: $bench not found; build first (cmake -S . -B build && cmake --build build)" >&2
    exit 1
fi
command -v sox >/dev/null || { echo "bench.sh: needs sox" >&2; exit 1; }

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pin=()
command -v taskset >/dev/null && pin=(taskset -c 0)

# ---- the recordings ---------------------------------------------------------
clips=()
if [ -d "$corpus" ]; then
    for f in "$corpus"/*.wav; do clips+=("$f"); done
fi
[ ${#clips[@]} -gt 0 ] || clips=("$here/assets/sample_en_jfk_ask_not.wav")
i=0
for f in "${clips[@]}"; do
    sox -D "$f" -r 16000 -c 1 -b 16 "$T/clip_$(printf %03d $i).wav"
    i=$((i + 1))
done
sox "$T"/clip_*.wav "$T/joined.wav"
joined_s=$(soxi -D "$T/joined.wav")
reps=$(awk -v d="$joined_s" 'BEGIN { print int(3600 / d) + 1 }')
sox "$T/joined.wav" "$T/60s_16k.wav" repeat "$(awk -v d="$joined_s" 'BEGIN { print int(60 / d) + 1 }')" trim 0 60
sox "$T/joined.wav" "$T/60min_16k.wav" repeat "$reps" trim 0 3600
sox -D "$T/60s_16k.wav" -r 48000 "$T/60s_48k.wav"
echo "recordings: ${#clips[@]} clips (${joined_s%.*} s) joined and repeated, in $T"

# ---- Podium -----------------------------------------------------------------
printf '\n%-12s %10s %9s %12s %12s\n' recording audio_s cpu_s x_realtime peak_rss_mb
for name in 60s_16k 60s_48k 60min_16k; do
    repeat=3
    [ "$name" = 60min_16k ] && repeat=1
    line=$("${pin[@]}" "$bench" "$T/$name.wav" "$repeat")
    audio=$(sed -E 's/.*audio_s=([^ ]+).*/\1/' <<<"$line")
    cpu=$(sed -E 's/.*cpu_s=([^ ]+).*/\1/' <<<"$line")
    x=$(sed -E 's/.*realtime_x=([^ ]+).*/\1/' <<<"$line")
    rss=$(sed -E 's/.*peak_rss_mb=([^ ]+).*/\1/' <<<"$line")
    printf '%-12s %10s %9s %12s %12s\n' "$name" "$audio" "$cpu" "$x" "$rss"
done

# ---- Praat, on the same 60 s file ---------------------------------------------
# whole processes on both sides: start-up, reading the file and the analysis.
if ! command -v praat >/dev/null; then
    echo
    echo "praat not installed: no comparison (apt-get install praat)"
    exit 0
fi
cat >"$T/praat_bench.praat" <<'EOF'
form Pitch, intensity and silences
  sentence path
endform
s = Read from file: path$
selectObject: s
p = To Pitch: 0, 75, 500
selectObject: s
i = To Intensity: 100, 0, "yes"
selectObject: s
tg = To TextGrid (silences): 100, 0, -25, 0.25, 0.1, "silent", "sounding"
EOF
# best CPU time (user + sys) of 3 runs of a command
cpu_of() {
    local best=""
    for _ in 1 2 3; do
        local t
        t=$( { TIMEFORMAT='%U %S'; time "${pin[@]}" "$@" >/dev/null 2>&1; } 2>&1 | awk '{ print $1 + $2 }')
        best=$(awk -v a="$t" -v b="${best:-1e9}" 'BEGIN { print (a < b) ? a : b }')
    done
    echo "$best"
}
praat_cpu=$(cpu_of praat --run "$T/praat_bench.praat" "$T/60s_16k.wav")
podium_cpu=$(cpu_of "$podium" analyse --json "$T/60s_16k.wav")
echo
echo "60 s, 16 kHz, whole process (start-up + reading + analysis), best of 3, CPU s:"
printf '  Praat (To Pitch 75-500 Hz, To Intensity, To TextGrid (silences)): %s s\n' "$praat_cpu"
printf '  podium analyse --json (everything in the report):                 %s s\n' "$podium_cpu"
awk -v a="$praat_cpu" -v b="$podium_cpu" 'BEGIN { if (b > 0) printf "  ratio Praat / Podium: %.1fx\n", a / b }'
