#!/usr/bin/env bash
# test_messages.sh - the messages of issue 11, defect 7, end to end.
#
# Usage: test_messages.sh PODIUM SOURCE_DIR   (needs sox and python3)
#
# - analyse given a FIFO, /dev/stdin (a pipe), /dev/zero or /dev/urandom:
#   "not a regular file", exit 1, at once (it was "the file is empty");
# - a write to stdout that fails (> /dev/full) for analyse (text, --json,
#   --json --tracks), bounds, history and help: one line on stderr, "cannot
#   write the output: No space left on device", exit 1 (it was exit 1 and
#   nothing said);
# - config bounds: -1, 1e308 and 0x10 refused naming the line (range or
#   "plain decimal"), a value at a range's end accepted;
# - a WAV whose data-size field is 0 but which holds audio (a writer that
#   died before mending its header): read whole, the same figures as the
#   file with a right header, and one note on stderr that the header was
#   wrong; a WAV that really holds no audio still says so.
set -u
PODIUM=${1:?usage: test_messages.sh PODIUM SOURCE_DIR}
SRC=${2:?usage: test_messages.sh PODIUM SOURCE_DIR}
SAMPLE="$SRC/assets/sample_en_jfk_ask_not.wav"
. "$(dirname "$0")/check.sh"

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export HOME="$T/home"
mkdir -p "$HOME"
unset XDG_CONFIG_HOME PODIUM_CONFIG XDG_DATA_HOME LC_MESSAGES LANG
export LC_ALL=C
export PODIUM_DATA_DIR="$T/data"

run() {   # run NAME ARGS... : sets RC, OUT, ERR (20 s limit)
    local name=$1
    shift
    OUT="$T/$name.out"
    ERR="$T/$name.err"
    timeout 20 "$PODIUM" "$@" >"$OUT" 2>"$ERR" </dev/null
    RC=$?
}
one_line() {   # one_line STATUS WORDS
    [ "$RC" = "$1" ] && [ "$(wc -l <"$ERR")" = 1 ] && grep -qF -- "$2" "$ERR" ||
        { echo "  rc $RC, stderr: $(head -c 400 "$ERR")" >&2; return 1; }
}

# ---- streams are not takes
mkfifo "$T/fifo"
for f in "$T/fifo" /dev/zero /dev/urandom; do
    run s analyse "$f"
    check "analyse $f: not a regular file" one_line 1 "not a regular file"
    check "analyse $f: nothing on stdout" [ ! -s "$OUT" ]
done
cat "$SAMPLE" | timeout 20 "$PODIUM" analyse /dev/stdin >"$T/p.out" 2>"$T/p.err"
RC=$? ERR="$T/p.err"
check "analyse /dev/stdin from a pipe: not a regular file" one_line 1 "not a regular file"

# ---- a failed write to stdout is said
for v in "analyse $SAMPLE" "analyse --json $SAMPLE" "analyse --json --tracks $SAMPLE" "bounds" "history" "help"; do
    # shellcheck disable=SC2086
    timeout 60 "$PODIUM" $v >/dev/full 2>"$T/full.err"
    RC=$? ERR="$T/full.err"
    check "podium $v > /dev/full: one line, exit 1" one_line 1 "cannot write the output: No space left on device"
done

# ---- config bounds: a range each, plain decimals
printf 'clipped_samples_max = -1\n' >"$T/neg.conf"
run c1 analyse --config "$T/neg.conf" "$SAMPLE"
check "clipped_samples_max = -1 refused" one_line 2 "line 1: clipped_samples_max = -1 is out of range (0 to"
printf '# huge\nloudness_quiet_lufs = 1e308\n' >"$T/huge.conf"
run c2 analyse --config "$T/huge.conf" "$SAMPLE"
check "1e308 refused" one_line 2 "line 2: expected 'name = number' (a plain decimal"
printf 'pace_fast_syl_s = 0x10\n' >"$T/hex.conf"
run c3 analyse --config "$T/hex.conf" "$SAMPLE"
check "0x10 refused" one_line 2 "line 1: expected 'name = number' (a plain decimal"
printf 'loudness_quiet_lufs = -70\nrush_start_ratio = 10\n' >"$T/ends.conf"
PODIUM_CONFIG="$T/ends.conf" run c4 bounds
check "a range's ends accepted" grep -q '^loudness_quiet_lufs *= -70 .*(-70 to 0)' "$OUT"

# ---- a WAV whose data size is 0 but holds audio
sox "$SAMPLE" -b 16 "$T/right.wav" trim 0 3
python3 - "$T/right.wav" "$T/zero.wav" "$T/empty_data.wav" <<'PY'
import struct, sys
w = open(sys.argv[1], 'rb').read()
i = w.index(b'data')
open(sys.argv[2], 'wb').write(w[:i + 4] + struct.pack('<I', 0) + w[i + 8:])
open(sys.argv[3], 'wb').write(w[:i + 4] + struct.pack('<I', 0))
PY
run w1 analyse --json "$T/right.wav"
cp "$OUT" "$T/right.json"
run w2 analyse --json "$T/zero.wav"
check "data size 0: analysed (exit $RC)" [ "$RC" = 0 ]
check "data size 0: one note, the header was wrong" one_line 0 "the header was wrong"
check "data size 0: the same figures as with a right header" python3 - "$T/right.json" "$OUT" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
keys = ("duration_s", "syllables", "speech_rate_syl_s", "loudness_lufs", "n_pauses")
bad = [k for k in keys if a.get(k) != b.get(k)]
sys.exit(1 if bad or abs(a["duration_s"] - 3.0) > 0.001 else 0)
PY
run w3 analyse "$T/empty_data.wav"
check "a WAV with no audio after its header: still refused" one_line 1 "truncated"

echo "$checks checks, $fails failed"
[ "$fails" = 0 ]
