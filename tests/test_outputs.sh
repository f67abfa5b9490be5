#!/usr/bin/env bash
# test_outputs.sh - no command replaces a file without asking (issue 11,
# defect 6), end to end.
#
# Usage: test_outputs.sh PODIUM SOURCE_DIR   (needs sox; the microphone is an
# ALSA file PCM fed the sample, as in test_audio.sh)
#
# - record: an existing take (an 11 s recording), its sidecar or its meter
#   log is refused without --force, byte for byte unchanged; with --force it
#   is replaced; a meter log that is the take itself is refused even with
#   --force;
# - analyse --textgrid: an existing file refused without --force and kept;
#   replaced with --force; the recording itself as the TextGrid (the same
#   name, another path to it, a hard link, a symlink) or the config refused
#   even with --force, the recording unchanged;
# - export: a folder that is not empty refused without --force (its files
#   unchanged), written with --force; the history's own folder (or its
#   recordings folder) refused even with --force, the recordings intact.
set -u
PODIUM=${1:?usage: test_outputs.sh PODIUM SOURCE_DIR}
SRC=${2:?usage: test_outputs.sh PODIUM SOURCE_DIR}
SAMPLE="$SRC/assets/sample_en_jfk_ask_not.wav"
. "$(dirname "$0")/check.sh"
command -v sox >/dev/null || { echo "test_outputs.sh: needs sox" >&2; exit 1; }

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export HOME="$T/home" LC_ALL=C
mkdir -p "$HOME"
unset XDG_CONFIG_HOME PODIUM_CONFIG XDG_DATA_HOME
export PODIUM_DATA_DIR="$T/data"
export JACK_DEFAULT_SERVER="podium-test-none-$$" JACK_NO_START_SERVER=1
sox "$SAMPLE" -t raw -e signed -b 16 -L -r 16000 -c 1 "$T/src.raw"
cat > "$HOME/.asoundrc" <<ASOUND
pcm.fakemic { type file  slave.pcm "null"  file "/dev/null"  infile "$T/src.raw"  format "raw"
              hint { show on; description "Test microphone" } }
pcm.nullout { type null  hint { show on; description "Discard output" } }
pcm.!default { type asym  capture.pcm "fakemic"  playback.pcm "nullout" }
ASOUND

run() {   # run NAME ARGS... : sets RC, OUT, ERR
    local name=$1
    shift
    OUT="$T/$name.out"
    ERR="$T/$name.err"
    timeout 60 "$PODIUM" "$@" >"$OUT" 2>"$ERR" </dev/null
    RC=$?
}
refused() {   # refused STATUS WORDS : one line on stderr
    [ "$RC" = "$1" ] && [ "$(wc -l <"$ERR")" = 1 ] && grep -qF -- "$2" "$ERR" ||
        { echo "  rc $RC, stderr: $(head -c 300 "$ERR")" >&2; return 1; }
}
sum() { md5sum "$1" | cut -d' ' -f1; }

# ---- record
cp "$SAMPLE" "$T/mine.wav"   # someone's 11 s recording
before=$(sum "$T/mine.wav")
run r1 record --device fakemic --rate 16000 --seconds 1 "$T/mine.wav"
check "record over an existing take: refused" refused 1 "'$T/mine.wav' exists; give --force"
check "... the 11 s recording unchanged" [ "$(sum "$T/mine.wav")" = "$before" ]
echo '{}' >"$T/new.wav.json"
run r2 record --device fakemic --rate 16000 --seconds 1 "$T/new.wav"
check "record over an existing sidecar: refused" refused 1 "'$T/new.wav.json' exists"
check "... no take made" [ ! -e "$T/new.wav" ]
rm "$T/new.wav.json"
echo keep >"$T/meters.tsv"
run r3 record --device fakemic --rate 16000 --seconds 1 --meter-log "$T/meters.tsv" "$T/new.wav"
check "record over an existing meter log: refused" refused 1 "'$T/meters.tsv' exists"
check "... the log unchanged" [ "$(cat "$T/meters.tsv")" = keep ]
run r4 record --device fakemic --rate 16000 --seconds 1 --force --meter-log "$T/new.wav" "$T/new.wav"
check "a meter log that is the take: refused even with --force" refused 2 "give another output file"
run r5 record --device fakemic --rate 16000 --seconds 1 --force "$T/mine.wav"
check "record --force over it: done (exit $RC)" [ "$RC" = 0 ]
check "... replaced by the 1 s take" [ "$(soxi -D "$T/mine.wav" 2>/dev/null | cut -c1-4)" = "1.00" ]

# ---- analyse --textgrid
cp "$SAMPLE" "$T/take.wav"
before=$(sum "$T/take.wav")
mkdir -p "$T/sub"
ln "$T/take.wav" "$T/hard.wav"
ln -s "$T/take.wav" "$T/soft.TextGrid"
for out in "$T/take.wav" "$T/sub/../take.wav" "$T/hard.wav" "$T/soft.TextGrid"; do
    run a1 analyse --force --textgrid "$out" "$T/take.wav"
    check "analyse --textgrid $out (the recording): refused even with --force" refused 2 "is also the input"
    check "... nothing on stdout" [ ! -s "$OUT" ]
done
check "... the recording unchanged" [ "$(sum "$T/take.wav")" = "$before" ]
printf 'pace_fast_syl_s = 5\n' >"$T/my.conf"
run a2 analyse --config "$T/my.conf" --force --textgrid "$T/my.conf" "$T/take.wav"
check "analyse --textgrid onto its --config: refused" refused 2 "is also the input"
check "... the config unchanged" [ "$(cat "$T/my.conf")" = "pace_fast_syl_s = 5" ]
echo old >"$T/old.TextGrid"
run a3 analyse --textgrid "$T/old.TextGrid" "$T/take.wav"
check "analyse --textgrid over a file: refused" refused 1 "'$T/old.TextGrid' exists; give --force"
check "... kept" [ "$(cat "$T/old.TextGrid")" = old ]
run a4 analyse --force --textgrid "$T/old.TextGrid" "$T/take.wav"
check "analyse --textgrid --force: done" [ "$RC" = 0 ]
check "... replaced by a TextGrid" grep -q 'ooTextFile' "$T/old.TextGrid"
run a5 analyse --textgrid "$T/fresh.TextGrid" "$T/take.wav"
check "a new TextGrid: written" grep -q 'ooTextFile' "$T/fresh.TextGrid"

# ---- export
run i1 import "$T/take.wav"
check "import: done" [ "$RC" = 0 ]
mkdir -p "$T/out"
echo mine >"$T/out/takes.csv"
run e1 export "$T/out"
check "export into a folder that is not empty: refused" refused 1 "is not empty; give --force"
check "... its file unchanged" [ "$(cat "$T/out/takes.csv")" = mine ]
run e2 export --force "$T/out"
check "export --force: done" [ "$RC" = 0 ]
check "... written" grep -q '^id' "$T/out/takes.csv"
rec=$(ls "$T/data/recordings/"*.flac)
rsum=$(sum "$rec")
for d in "$T/data" "$T/data/recordings" "$T/data/../data"; do
    run e3 export --force "$d"
    check "export into the history's own folder $d: refused" refused 2 "the history's own folder"
done
check "... the recording intact" [ "$(sum "$rec")" = "$rsum" ]
run e4 export "$T/new-export"
check "export into a new folder: done" [ "$RC" = 0 ]

echo "$checks checks, $fails failed"
[ "$fails" = 0 ]
