#!/usr/bin/env bash
# test_jack.sh - real-time recording through PortAudio's JACK host API, with
# a JACK dummy server (no sound card; paced by the clock like a real one)
# started here under its own name, and sndfile-jackplay feeding podium.
#
# Usage: test_jack.sh PODIUM WAVCMP SOURCE_DIR
# Skips (exit 77) only when jackd or sndfile-jackplay is not installed
# (.ci/run installs both, so in CI it runs).
# - A 30 s take of a 28.2 s source (the bundled sample twice, cut in the
#   middle of words at known places where 1.5, 2.0 and 1.2 s of digital
#   silence are inserted): no dropped frames; the recording is the source
#   (cross-correlation >= 0.999 at the best lag, JACK's float samples
#   converted back to 16 bits within 1 step; block by block when a JACK
#   xrun made the player skip a cycle); at least 10 meter updates a
#   second; the meters show each inserted pause within 0.2 s of its start,
#   keep showing it to its end, report its length within 0.2 s, and show
#   speech again within 0.2 s of its end (the truth is where the silence was
#   inserted, mapped to the take through the cross-correlation lag).
# - kill -9 in the middle of a take (WAV and FLAC): the file opens, its
#   header gives its length (for FLAC: the recorder's periodic STREAMINFO
#   count, flac_length.c), and it holds
#   all but at most the last second of what the meters had seen.
# - The server dies mid-take: one clear message, exit 1, the take so far kept.
# Prints the CPU used (% of one core) and the meter latency of the 30 s take.
set -u
PODIUM=${1:?usage: test_jack.sh PODIUM WAVCMP SOURCE_DIR}
WAVCMP=${2:?}
SRC=${3:?}
SAMPLE="$SRC/assets/sample_en_jfk_ask_not.wav"
for tool in jackd sndfile-jackplay jack_lsp; do
    if ! command -v "$tool" >/dev/null; then
        echo "test_jack.sh: SKIPPED: $tool is not installed (apt-get install jackd2 sndfile-tools)"
        exit 77
    fi
done
for tool in sox python3; do
    command -v "$tool" >/dev/null || { echo "test_jack.sh: needs $tool" >&2; exit 1; }
done

. "$(dirname "$0")/check.sh"
. "$(dirname "$0")/jack.sh"

T=$(mktemp -d)
cleanup() {
    [ -n "$JACKD_PID" ] && kill "$JACKD_PID" 2>/dev/null && wait "$JACKD_PID" 2>/dev/null
    jobs -p | xargs -r kill 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
export HOME="$T/home" LC_ALL=C   # no .asoundrc: no ALSA devices to pick by mistake
mkdir -p "$HOME"
unset XDG_CONFIG_HOME PODIUM_CONFIG
# One fixed server name per checkout (two checkouts can run this at once):
# a server killed on purpose (below) stays in JACK's
# registry of 8 servers, and only an entry of the same name is reused.
export JACK_DEFAULT_SERVER="podium-test-$(printf %s "$SRC" | cksum | cut -d" " -f1)" JACK_NO_AUDIO_RESERVATION=1 JACK_NO_START_SERVER=1
DEVICE="JACK Audio Connection Kit: system"
RATE=48000

field() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$1" "$2"; }

# ---- the source: cuts in the middle of words (level within 6 dB of the
# speech level for +/-50 ms around each cut, from `podium analyse --tracks`)
sox "$SAMPLE" -r $RATE "$T/s.wav"
piece() { sox "$T/s.wav" "$T/$1.wav" trim "$2"s "$3"s; }
gap() { sox -n -r $RATE -c 1 -b 16 "$T/$1.wav" trim 0 "$2"; }
piece a 0 72000                       # 0-1.5 s
gap g1 1.5
piece b 72000 254400                  # 1.5-6.8 s
gap g2 2.0
piece c 326400 201600                 # 6.8-11.0 s
gap g3 1.0
piece d 0 432000                      # 0-9.0 s
gap g4 1.2
piece e 432000 96000                  # 9.0-11.0 s
gap tail 0.5
sox "$T"/{a,g1,b,g2,c,g3,d,g4,e,tail}.wav "$T/source.wav"
# inserted silences in source time (g3 is left out: the sample begins
# with 0.33 s of room noise, so that pause has no exact end)
GAPS="1.5:3.0 8.3:10.3 24.5:25.7"

jack_start $RATE "$T/jackd.log" || exit 1

# ---- a 30 s real-time take
# (run in $T with core dumps on, so a crash leaves a core to explain it)
(cd "$T" && ulimit -c unlimited 2>/dev/null
 exec "$PODIUM" record --device "$DEVICE" --seconds 30 --meter-log "$T/meters.tsv" "$T/take.wav") \
    >"$T/take.out" 2>"$T/take.err" &
PID=$!
jack_wait_port || fail "podium's JACK port did not appear"
sndfile-jackplay --autoconnect=podium:in_0 "$T/source.wav" >/dev/null 2>&1 &
wait $PID
RC=$?
crash_report "$RC" "$PODIUM" "$T"
check "30 s take: exit 0, got $RC (stderr: $(head -c 300 "$T/take.err"))" [ $RC = 0 ]
check "30 s take: no dropped frames" [ "$(field "$T/take.wav.json" dropped_frames)" = 0 ]
check "30 s take: no ring overflow" [ "$(field "$T/take.wav.json" ring_overflow_frames)" = 0 ]
check "30 s take: 30 s in the file" [ "$(field "$T/take.wav.json" frames)" = $((30 * RATE)) ]
check "30 s take: summary" grep -q "Recorded '$T/take.wav': 30.00 s at 48000 Hz, mono, from '$DEVICE'" "$T/take.out"
line=$(WAVCMP_LAGS="$T/lags.txt" "$WAVCMP" --blocks "$T/source.wav" "$T/take.wav")
# xruns: those PortAudio reported to podium plus those the server logged for
# any client (a late player is logged by jackd, not always seen by podium)
pa_xruns=$(field "$T/take.wav.json" input_overflows)
srv_xruns=$(grep -c 'XRun: client .* not finished' "$T/jackd.log")
xruns=$((pa_xruns + srv_xruns))
echo "  source vs take: $line; JACK xruns: $pa_xruns seen by podium, $srv_xruns logged by jackd"
LAG=$(echo "$line" | sed -n 's/.*lag=\([-0-9]*\).*/\1/p')
# Every 0.5 s block is the source (correlation >= 0.999, JACK's floats come
# back within 1 step). A JACK xrun (some client late, usually the player on
# a loaded machine) may shift the player's stream by a cycle: each may cost
# the two blocks around it and one lag change; without xruns, one lag for all.
check "30 s take: the recording is the source" python3 -c "
import sys; kv=dict(x.split('=') for x in sys.argv[1].split()); x=int(sys.argv[2])
b, g, s = int(kv['blocks']), int(kv['good']), int(kv['shifts'])
assert b >= 40 and s <= x and g >= b - 2 * s, kv
assert x > 0 or (float(kv['corr']) >= 0.999 and float(kv['maxdiff']) <= 1), kv" "$line" "$xruns"
# Meter times are take times; the truth is in source times: each meter time
# is mapped through the lag of the 0.5 s block it falls in (the lag of the
# last good block that starts before it: one lag for all without xruns).
check "30 s take: meters right at every inserted pause" python3 - "$T/meters.tsv" "${LAG:-0}" $RATE "$GAPS" "$T/lags.txt" <<'PY'
import bisect, sys
rows = [l.rstrip('\n').split('\t') for l in open(sys.argv[1])]
head, rows = rows[0], rows[1:]
col = {n: i for i, n in enumerate(head)}
rate = float(sys.argv[3])
blocks = sorted(tuple(int(v) for v in l.split()) for l in open(sys.argv[5]) if l.strip())
starts = [b[0] / rate for b in blocks]
def lag_at(t):
    if not blocks: return int(sys.argv[2]) / rate
    i = bisect.bisect_right(starts, t) - 1
    return blocks[max(i, 0)][1] / rate
# meter updates in source time
m = [(float(r[col['time_s']]) - lag_at(float(r[col['time_s']])), r[col['state']], float(r[col['pause_s']]))
     for r in rows]
ok = True
per_s = len(m) / 30.0
print('  meter updates per second: %.1f' % per_s)
if per_s < 10: ok = False; print('  FAIL: fewer than 10 updates per second')
def lag_around(gs, ge):
    """the lag of the good blocks just before and just after the pause when they
    agree and lie within 1.5 s of it, else None: on a loaded machine xruns move
    the stream in between, and meter times cannot be mapped there"""
    if not blocks: return int(sys.argv[2]) / rate
    src = [(b[0] / rate - b[1] / rate, b[1]) for b in blocks]
    before = [l for t, l in src if gs - 1.5 <= t <= gs - 0.5]
    after = [l for t, l in src if ge <= t <= ge + 1.5]
    if before and after and before[-1] == after[0]: return before[-1]
    return None
checked = 0
for g in sys.argv[4].split():
    gs, ge = map(float, g.split(':'))
    if lag_around(gs, ge) is None:
        print('  pause %.1f-%.1f s: not checked (JACK xruns moved the stream around it: no good block of one lag on '
              'both sides)' % (gs, ge))
        continue
    checked += 1
    shown = next((t for t, s, p in m if t >= gs - 0.3 and s == 'pause'), None)
    back = next((t for t, s, p in m if t >= ge - 0.3 and s == 'speaking'), None)
    length = max((p for t, s, p in m if gs <= t <= ge and s == 'pause'), default=0)
    held = all(s == 'pause' for t, s, p in m if gs + 0.2 <= t <= ge)
    print('  pause %.1f-%.1f s: shown after %+.3f s, held %s, length %.2f s, speech again after %+.3f s'
          % (gs, ge, (shown or 0) - gs, held, length, (back or 0) - ge))
    if shown is None or abs(shown - gs) > 0.2: ok = False; print('  FAIL: pause not shown within 0.2 s')
    if not held: ok = False; print('  FAIL: pause not held to its end')
    if abs(length - (ge - gs)) > 0.2: ok = False; print('  FAIL: pause length')
    if back is None or abs(back - ge) > 0.2: ok = False; print('  FAIL: speech not shown within 0.2 s')
print('  %d of 3 pauses checked' % checked)
sys.exit(0 if ok else 1)
PY
cpu=$(field "$T/take.wav.json" cpu_percent)
lat=$(field "$T/take.wav.json" meter_latency_ms_mean)
latmax=$(field "$T/take.wav.json" meter_latency_ms_max)
echo "  figures: CPU ${cpu} % of one core (recording + live meters, whole process);" \
     "callback -> meter latency mean ${lat} ms, max ${latmax} ms"

# ---- kill -9 in the middle of a take
for ext in wav flac; do
    rm -f "$T/meters.tsv"
    x0=$(grep -c 'XRun: client .* not finished' "$T/jackd.log")
    "$PODIUM" record --device "$DEVICE" --meter-log "$T/meters.tsv" "$T/killed.$ext" >/dev/null 2>&1 &
    PID=$!
    jack_wait_port || fail "podium's JACK port did not appear"
    sndfile-jackplay --autoconnect=podium:in_0 "$T/s.wav" >/dev/null 2>&1 &
    PLAY=$!
    sleep 3.3
    kill -9 $PID
    wait $PID 2>/dev/null
    kill $PLAY 2>/dev/null
    wait $PLAY 2>/dev/null
    seen=$(tail -n 1 "$T/meters.tsv" | cut -f1)
    "$PODIUM" analyse --json "$T/killed.$ext" >"$T/killed.json" 2>"$T/killed.err"
    check "kill -9 ($ext): the file opens (stderr: $(head -c 200 "$T/killed.err"))" [ $? = 0 ]
    dur=$(field "$T/killed.json" duration_s 2>/dev/null || echo 0)
    # the header's own length, as players read it (soxi: the STREAMINFO or
    # data-chunk count; a killed FLAC once said 0 samples, issue 11)
    hdr=$(soxi -D "$T/killed.$ext" 2>/dev/null || echo 0)
    echo "  kill -9 ($ext): the meters had seen ${seen} s, the file holds ${dur} s, its header says ${hdr} s"
    check "kill -9 ($ext): the header gives the length (header $hdr s, read $dur s, seen $seen s)" \
        python3 -c "import sys; h,d,s=map(float,sys.argv[1:]); assert h >= s - 1.0 and abs(h - d) <= 0.3" "$hdr" "$dur" "$seen"
    check "kill -9 ($ext): at most the last second lost (seen $seen s, kept $dur s)" \
        python3 -c "import sys; s,d=map(float,sys.argv[1:]); assert s > 2.0 and d >= s - 1.0 and d <= s + 0.1" "$seen" "$dur"
    line=$("$WAVCMP" --blocks "$T/s.wav" "$T/killed.$ext")
    x=$(( $(grep -c 'XRun: client .* not finished' "$T/jackd.log") - x0 ))
    # every block is the source; each JACK xrun the server logged during this
    # take (a client late on a loaded machine; at least one allowed: the
    # player's own disk thread can be late unlogged) may spoil the blocks
    # around it and shift the player's stream by a cycle (see the 30 s take);
    # with no xrun and no shift, the whole file correlates
    check "kill -9 ($ext): what is kept is the source ($line; $x xruns logged)" python3 -c "
import sys; kv=dict(x.split('=') for x in sys.argv[1].split()); x=int(sys.argv[2])
b, g, s = int(kv['blocks']), int(kv['good']), int(kv['shifts']); a = max(x, 1)
assert b >= 4 and s <= a and g >= b - 2 * a, kv
assert x > 0 or s > 0 or float(kv['corr']) >= 0.999, kv" "$line" "$x"
done

# ---- the server dies mid-take
"$PODIUM" record --device "$DEVICE" "$T/lost.wav" >"$T/lost.out" 2>"$T/lost.err" &
PID=$!
jack_wait_port || fail "podium's JACK port did not appear"
sndfile-jackplay --autoconnect=podium:in_0 "$T/source.wav" >/dev/null 2>&1 &
sleep 1.5
kill -9 "$JACKD_PID"
wait "$JACKD_PID" 2>/dev/null
JACKD_PID=
for _ in $(seq 100); do kill -0 $PID 2>/dev/null || break; sleep 0.1; done
if kill -0 $PID 2>/dev/null; then
    fail "server lost: podium still runs 10 s later"
    kill -9 $PID
fi
wait $PID
check "server lost: exit 1" [ $? = 1 ]
check "server lost: one line on stderr" [ "$(wc -l <"$T/lost.err")" = 1 ]
check "server lost: the message" grep -q "podium: the input '$DEVICE' stopped delivering sound after .* s (unplugged, or its sound server stopped); the take so far is kept" "$T/lost.err"
"$PODIUM" analyse --json "$T/lost.wav" >"$T/lost.json" 2>/dev/null
check "server lost: the take so far is a valid file" [ $? = 0 ]
check "server lost: about 1.5 s kept" python3 -c "import json,sys; d=json.load(open(sys.argv[1]))['duration_s']; assert 0.8 <= d <= 3.0, d" "$T/lost.json"

echo "$checks checks, $fails failed"
[ "$fails" = 0 ]
