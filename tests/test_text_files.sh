#!/usr/bin/env bash
# test_text_files.sh - every text file the command reads goes through the one
# size-limited reader (issue 11, defect 2): the feedback config given with
# `analyse --config`, `import --config` and PODIUM_CONFIG (`podium bounds`),
# and a ladder file (`ladder import`). For each: /dev/zero, /dev/urandom
# (both endless: they once took all the memory), a FIFO nobody writes to
# (it once blocked for ever), a folder and a 70 000-byte file are refused
# at once (a 20 s limit each) with one line on stderr, "not a regular file"
# or "too large (70000 bytes; at most 65536)", exit 2 (a config, as every
# config error) or 1 (a ladder file), nothing on stdout,
# nothing stored. A good config of 65536 bytes is still read.
#
# Usage: test_text_files.sh PODIUM SOURCE_DIR
set -u
PODIUM=${1:?usage: test_text_files.sh PODIUM SOURCE_DIR}
SRC=${2:?usage: test_text_files.sh PODIUM SOURCE_DIR}
SAMPLE="$SRC/assets/sample_en_jfk_ask_not.wav"
. "$(dirname "$0")/check.sh"

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export HOME="$T/home"
mkdir -p "$HOME"
unset XDG_CONFIG_HOME PODIUM_CONFIG XDG_DATA_HOME LC_MESSAGES LANG
export LC_ALL=C
export PODIUM_DATA_DIR="$T/data"

mkfifo "$T/fifo"
mkdir "$T/folder"
python3 -c 'import sys; open(sys.argv[1], "w").write("# x\n" * 17500)' "$T/big.conf"
# a config of exactly 64 KiB that sets a bound: the limit is inclusive
python3 -c 'import sys; s = "pace_fast_syl_s = 5.5\n" + "# x\n" * 16378; open(sys.argv[1], "w").write(s + "#" * (65536 - len(s) - 1) + "\n")' "$T/edge.conf"
check "the edge config is 65536 bytes" [ "$(wc -c <"$T/edge.conf")" = 65536 ]

# run NAME ARGS... : podium with a 20 s limit; sets RC, OUT, ERR
run() {
    local name=$1
    shift
    OUT="$T/$name.out"
    ERR="$T/$name.err"
    timeout 20 "$PODIUM" "$@" >"$OUT" 2>"$ERR" </dev/null
    RC=$?
}
refused() {   # refused STATUS WORDS : the last run: that exit status, one line naming the problem, no output
    [ "$RC" = "$1" ] && [ "$(wc -l <"$ERR")" = 1 ] && grep -q -- "$2" "$ERR" && [ ! -s "$OUT" ] ||
        { echo "  rc $RC, stderr: $(head -c 300 "$ERR"), stdout $(wc -c <"$OUT") bytes" >&2; return 1; }
}
takes() { "$PODIUM" history --json 2>/dev/null | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }

declare -A WHY=(
    [/dev/zero]="not a regular file" [/dev/urandom]="not a regular file" [$T/fifo]="not a regular file"
    [$T/folder]="not a regular file" [$T/big.conf]="too large (70000 bytes; at most 65536)"
)
for f in /dev/zero /dev/urandom "$T/fifo" "$T/folder" "$T/big.conf"; do
    why=${WHY[$f]}
    run a analyse --config "$f" "$SAMPLE"
    check "analyse --config $f: $why" refused 2 "$why"
    check "analyse --config $f: the file named" grep -q -- "'$f'" "$ERR"
    run i import --config "$f" "$SAMPLE"
    check "import --config $f: $why" refused 2 "$why"
    PODIUM_CONFIG=$f run b bounds
    check "PODIUM_CONFIG=$f podium bounds: $why" refused 2 "$why"
    PODIUM_CONFIG=$f run a2 analyse "$SAMPLE"
    check "PODIUM_CONFIG=$f podium analyse: $why" refused 2 "$why"
    run l ladder import "$f"
    check "ladder import $f: $why" refused 1 "$why"
done
check "nothing was imported" [ "$(takes)" = 0 ]

PODIUM_CONFIG="$T/edge.conf" run e bounds
check "a 65536-byte config is read" [ "$RC" = 0 ]
check "... and applied" grep -q 'pace_fast_syl_s *= 5.5 ' "$OUT"

echo "$checks checks, $fails failed"
[ "$fails" = 0 ]
