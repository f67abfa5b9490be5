#!/usr/bin/env bash
# test_audio.sh - `podium devices / record / play` through real PortAudio and
# ALSA, with no sound card: ALSA `file` PCMs (../shared/HEADLESS.md) act as a
# bit-exact microphone (fakemic reads a raw file) and a playback tap (tapout
# writes what is played).
#
# Usage: test_audio.sh PODIUM WAVCMP SOURCE_DIR
# - Capture: the bundled sample (11.0 s, 16 kHz) recorded to WAV and FLAC is
#   the source sample for sample (wavcmp: lag 0, max difference 0, all 176000
#   frames); the default device works too; the sidecar says 0 frames dropped.
# - Lost input keeps the timing: with a ring buffer too small for the
#   clockless fake microphone, frames are dropped and counted, the file
#   still holds exactly N s, every kept sample sits where it was in the
#   source, silence fills exactly the frames counted as lost, and the first
#   buffer-full is always kept; the sidecar's "gaps" are exactly the
#   silent spans. How much more is kept depends on when the
#   writer thread runs during the burst, so it is not asserted.
# - Replay: what tapout receives equals the file, whole and --from/--to.
# - kill -9 mid-take, WAV and FLAC: the header gives the length that can be read.
# - Errors (no microphone, no matching device, unwritable path, folder, bad
#   extension, full disk, file size limit mid-take, nothing to play): one
#   line on stderr with the expected words, exit code 1, and what was
#   captured is kept (and is a valid file).
set -u
PODIUM=${1:?usage: test_audio.sh PODIUM WAVCMP SOURCE_DIR}
WAVCMP=${2:?}
SRC=${3:?}
SAMPLE="$SRC/assets/sample_en_jfk_ask_not.wav"

. "$(dirname "$0")/check.sh"
for tool in sox python3; do
    command -v "$tool" >/dev/null || { echo "test_audio.sh: needs $tool" >&2; exit 1; }
done

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export HOME="$T/home" LC_ALL=C
mkdir -p "$HOME"
unset XDG_CONFIG_HOME PODIUM_CONFIG
# no JACK server may answer (one may run elsewhere on this machine)
export JACK_DEFAULT_SERVER="podium-test-none-$$" JACK_NO_START_SERVER=1
sox "$SAMPLE" -t raw -e signed -b 16 -L -r 16000 -c 1 "$T/src.raw"
cat > "$HOME/.asoundrc" <<ASOUND
pcm.fakemic { type file  slave.pcm "null"  file "/dev/null"  infile "$T/src.raw"  format "raw"
              hint { show on; description "Test microphone" } }
pcm.nullout { type null  hint { show on; description "Discard output" } }
pcm.tapout  { type file  slave.pcm "null"  file "$T/played.raw"  format "raw"
              hint { show on; description "Playback tap" } }
pcm.!default { type asym  capture.pcm "fakemic"  playback.pcm "nullout" }
ASOUND

# run NAME ARGS...: $T/NAME.out, $T/NAME.err, $T/NAME.rc (30 s limit)
run() {
    local name=$1
    shift
    timeout 30 "$@" >"$T/$name.out" 2>"$T/$name.err"
    echo $? >"$T/$name.rc"
}
rc_is() { [ "$(cat "$T/$1.rc")" = "$2" ]; }
err_has() { [ "$(wc -l <"$T/$1.err")" = 1 ] && grep -q -- "$2" "$T/$1.err"; }
no_err() { [ ! -s "$T/$1.err" ]; }
field() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$1" "$2"; }
cmp_ok() { # wavcmp output line matches exact capture of N frames
    local line
    line=$("$WAVCMP" "$1" "$2")
    echo "$line" | grep -q "lag=0 corr=1.000000 overlap=$3 maxdiff=0 equal=1.000000" ||
        { echo "  wavcmp $1 $2: $line" >&2; return 1; }
}

# ---- devices
run devices "$PODIUM" devices
check "devices: exit 0" rc_is devices 0
check "devices: nothing on stderr" no_err devices
check "devices: lists fakemic and tapout" grep -q tapout "$T/devices.out"
check "devices: marks the default input" grep -Eq '^\s+\*\s+default' "$T/devices.out"

# ---- capture, bit-exact
for ext in wav flac; do
    run rec_$ext "$PODIUM" record --device fakemic --rate 16000 --seconds 11 "$T/take.$ext"
    check "record $ext: exit 0" rc_is rec_$ext 0
    check "record $ext: nothing on stderr" no_err rec_$ext
    check "record $ext: equals the source sample for sample" cmp_ok "$SAMPLE" "$T/take.$ext" 176000
    check "record $ext: summary" grep -q "Recorded '$T/take.$ext': 11.00 s at 16000 Hz, mono, from 'ALSA: fakemic'; no input lost." "$T/rec_$ext.out"
    check "record $ext: then the report" grep -q "Loudness" "$T/rec_$ext.out"
    check "record $ext: sidecar finished" [ "$(field "$T/take.$ext.json" finished)" = True ]
    check "record $ext: sidecar dropped 0" [ "$(field "$T/take.$ext.json" dropped_frames)" = 0 ]
done
run rec_json "$PODIUM" record --rate 16000 --seconds 2 --json "$T/def.wav"
check "record default device: exit 0" rc_is rec_json 0
check "record --json: stdout is the JSON report" python3 -c "import json,sys; r=json.load(open(sys.argv[1])); assert abs(r['duration_s']-2.0)<1e-9" "$T/rec_json.out"
check "record --json: summary on stderr" grep -q "no input lost" "$T/rec_json.err"
check "record default device: exact" cmp_ok "$SAMPLE" "$T/def.wav" 32000

# ---- lost input keeps the timing
# The bundled sample starts with 699 zero samples, more than the first
# buffer-full (the only part kept whatever the scheduling): this take reads
# noise with no zero sample instead, so every kept frame is visible.
mkdir -p "$T/noisy"
python3 - "$T/noise.raw" <<'PY'
import sys, random, array
rng = random.Random(11)
x = array.array('h', (rng.choice((-1, 1)) * rng.randint(1, 8000) for _ in range(176000)))
open(sys.argv[1], 'wb').write(x.tobytes())
PY
sed "s|$T/src.raw|$T/noise.raw|" "$HOME/.asoundrc" >"$T/noisy/.asoundrc"
run rec_small env HOME="$T/noisy" "$PODIUM" record --device fakemic --rate 16000 --seconds 11 --buffer 0.01 "$T/small.wav"
check "small buffer: exit 0" rc_is rec_small 0
dropped=$(field "$T/small.wav.json" dropped_frames)
check "small buffer: frames dropped and counted ($dropped)" [ "$dropped" -gt 0 ]
check "small buffer: reported" grep -q "input lost: $dropped frames" "$T/rec_small.out"
check "small buffer: the file still holds 11 s" [ "$(field "$T/small.wav.json" frames)" = 176000 ]
# small_ok WHAT: the take against the noise (place, silence or first)
small_ok() {
    python3 - "$T/noise.raw" "$T/small.wav" "$1" "$dropped" <<'PY'
import sys, wave, array
src = array.array('h', open(sys.argv[1], 'rb').read())
w = wave.open(sys.argv[2]); rec = array.array('h', w.readframes(w.getnframes()))
what, dropped = sys.argv[3], int(sys.argv[4])
assert len(rec) == 176000, len(rec)
if what == 'place':
    moved = sum(1 for a, b in zip(src, rec) if b != 0 and a != b)
    assert moved == 0, moved
elif what == 'silence':
    assert rec.count(0) == dropped, (rec.count(0), dropped)
elif what == 'gaps':
    # the sidecar says where the silence is: [first frame, frames] of each
    # run of zeros (the noise has none), joined past the 64th
    import json
    gaps = json.load(open(sys.argv[2] + '.json'))['gaps']
    runs, i = [], 0
    while i < len(rec):
        if rec[i] == 0:
            j = i
            while j < len(rec) and rec[j] == 0: j += 1
            runs.append([i, j - i]); i = j
        else: i += 1
    if len(runs) > 64:
        runs = runs[:63] + [[runs[63][0], runs[-1][0] + runs[-1][1] - runs[63][0]]]
    assert gaps == runs, (len(gaps), len(runs), gaps[:3], runs[:3])
else:  # --buffer 0.01 is 160 frames, written while the ring is still empty
    assert rec[:160] == src[:160], [i for i in range(160) if rec[i] != src[i]][:5]
PY
}
check "small buffer: every kept sample in its place" small_ok place
check "small buffer: silence exactly where input was lost" small_ok silence
check "small buffer: the first buffer-full is kept" small_ok first
check "small buffer: the sidecar's gaps are the silent spans" small_ok gaps
check "small buffer: the spans counted" grep -q "input lost: $dropped frames (.*) replaced by silence in [0-9]* span" "$T/rec_small.out"

# ---- replay through the tap
rm -f "$T/played.raw"
run play "$PODIUM" play --device tapout "$T/take.wav"
check "play: exit 0" rc_is play 0
check "play: nothing on stderr" no_err play
check "play: the tap got every sample" cmp -s "$T/src.raw" "$T/played.raw"
rm -f "$T/played.raw"
run play_part "$PODIUM" play --device tapout --from 2.5 --to 4 "$T/take.flac"
check "play --from/--to: exit 0" rc_is play_part 0
sox "$SAMPLE" -t raw -e signed -b 16 -L "$T/part.raw" trim 2.5 =4
check "play --from 2.5 --to 4: exactly that part (24000 frames)" cmp -s "$T/part.raw" "$T/played.raw"
check "play part: 48000 bytes" [ "$(stat -c %s "$T/played.raw")" = 48000 ]
run play_past "$PODIUM" play --device tapout --from 20 "$T/take.wav"
check "play past the end: exit 1" rc_is play_past 1
check "play past the end: message" err_has play_past "nothing to play in .* between 20.000 s"
run play_missing "$PODIUM" play --device tapout "$T/missing.wav"
check "play missing file: exit 1" rc_is play_missing 1
check "play missing file: message" err_has play_missing "cannot play '$T/missing.wav'"
run play_nodev "$PODIUM" play --device nosuch "$T/take.wav"
check "play no such output: exit 1 and message" err_has play_nodev "no output device matches 'nosuch'"

# ---- errors
mkdir -p "$T/nomic"
run nomic env HOME="$T/nomic" "$PODIUM" record --seconds 1 "$T/nomic.wav"
check "no microphone: exit 1" rc_is nomic 1
check "no microphone: message" err_has nomic "no microphone found: connect one, or choose an input with --device"
check "no microphone: no file left" [ ! -e "$T/nomic.wav" ]
run nodev "$PODIUM" record --device "Blue Yeti" --seconds 1 "$T/nodev.wav"
check "no matching device: exit 1" rc_is nodev 1
check "no matching device: message lists the inputs" err_has nodev "no input device matches 'Blue Yeti'; the input devices are: 'fakemic'"
run nodir "$PODIUM" record --device fakemic --rate 16000 --seconds 1 "$T/no/such/dir/x.wav"
check "unwritable path: exit 1" rc_is nodir 1
check "unwritable path: message" err_has nodir "cannot write '$T/no/such/dir/x.wav': the folder does not exist; choose a writable path"
mkdir -p "$T/folder.wav"
run isdir "$PODIUM" record --device fakemic --rate 16000 --seconds 1 "$T/folder.wav"
check "path is a folder: exit 1" rc_is isdir 1
check "path is a folder: message" err_has isdir "cannot write '$T/folder.wav': it is a folder"
run badext "$PODIUM" record --device fakemic --seconds 1 "$T/take.mp3"
check "bad extension: exit 1" rc_is badext 1
check "bad extension: message" err_has badext "must end in .wav or .flac"
run badrate "$PODIUM" record --device fakemic --rate 7000 --seconds 1 "$T/r.wav"
check "bad rate: exit 2" rc_is badrate 2
ln -s /dev/full "$T/full.wav"
run full "$PODIUM" record --device fakemic --rate 16000 --seconds 1 "$T/full.wav"
check "full disk at the start: exit 1" rc_is full 1
check "full disk at the start: message" err_has full "cannot write '$T/full.wav': the disk is full"
# a file size limit of 100 KiB: the disk "fills" after 3.2 s
run limit bash -c "ulimit -f 100; exec \"\$0\" record --device fakemic --rate 16000 --seconds 10 \"\$1\"" "$PODIUM" "$T/limit.wav"
check "disk full mid-take: exit 1" rc_is limit 1
check "disk full mid-take: message" err_has limit "cannot write '$T/limit.wav': the file reached the largest size allowed (file size limit); the take so far (3.2 s) is kept"
check "disk full mid-take: summary says what was kept" grep -q "Kept '$T/limit.wav': 3.20 s" "$T/limit.out"
check "disk full mid-take: the kept part is valid and exact" cmp_ok "$SAMPLE" "$T/limit.wav" 51178
run unknown "$PODIUM" record --loud "$T/x.wav"
check "unknown option: exit 2" rc_is unknown 2

# a take named with a newline and bytes that are not UTF-8: the sidecar is
# still strict JSON (issue 11), the bad bytes as U+FFFD
BADNAME="$T/$(printf 'bad\nname\xff\xfe"').wav"
run badname "$PODIUM" record --device fakemic --rate 16000 --seconds 1 "$BADNAME"
check "record to a name that is not UTF-8: exit 0" rc_is badname 0
check "its sidecar is strict JSON" python3 -c '
import json, sys
d = json.loads(open(sys.argv[1], "rb").read().decode("utf-8"))
assert d["file"].endswith("bad\nname\ufffd\ufffd\".wav"), d["file"]' "$BADNAME.json"

# kill -9 mid-take (the file PCM delivers the sample as fast as it is read,
# so a second holds many): the header, as players read it (soxi), gives the
# length of what can be read, for WAV and FLAC (a killed FLAC once said 0
# samples: issue 11, flac_length.c)
for ext in wav flac; do
    "$PODIUM" record --device fakemic --rate 16000 "$T/killed.$ext" >/dev/null 2>&1 &
    pid=$!
    sleep 1
    kill -9 $pid
    wait $pid 2>/dev/null
    hdr=$(soxi -D "$T/killed.$ext" 2>/dev/null || echo 0)
    "$PODIUM" analyse --json "$T/killed.$ext" >"$T/killed.json" 2>/dev/null
    dur=$(field "$T/killed.json" duration_s 2>/dev/null || echo 0)
    check "kill -9 ($ext): the header gives the length (header $hdr s, read $dur s)" \
        python3 -c "import sys; h,d=map(float,sys.argv[1:]); assert h > 0.5 and abs(h - d) <= 0.3" "$hdr" "$dur"
done

echo "$checks checks, $fails failed"
[ "$fails" = 0 ]
