#!/usr/bin/env bash
# bench_reliability.sh - what survives a crash, a full disk and a locked
# store (issue 11; a benchmark that prints figures, not a ctest test: the
# kill moments are random, so what is kept varies from run to run).
#
# Usage: tests/bench_reliability.sh [BUILD_DIR] [STORE_KILLS] [RECORD_KILLS] [SEED]
#        (defaults: build, 200, 20, 11)
# 1. store: STORE_KILLS `kill -9` of `podium import` (six WAV slices of the
#    bundled sample, 1.5-11 s, --again, into a fresh --data-dir), each after a
#    seeded random delay spread over one uninterrupted import's duration.
#    After each kill: `podium history --check` (SQLite's integrity_check)
#    says the database is intact, every take listed has its recording and
#    each new one opens with soxi with a length > 0 (all are opened again at
#    the end), and the take count never goes down. At the end the recordings
#    without a take that `podium history` announces (a kill between the copy
#    and its row) are imported with the command it gives. Prints kills, imports that
#    had completed before their kill, takes kept, inconsistencies (must be 0).
# 2. recording: RECORD_KILLS `kill -9` of `podium record` in WAV and as many
#    in FLAC, 1.5-4.5 s into a take (seeded), through a private JACK dummy
#    server (tests/jack.sh) fed by sndfile-jackplay. After each kill: the
#    file opens (soxi), the length its header gives matches what libsndfile
#    reads from it (`podium analyse --json`, within 0.3 s), and the seconds
#    lost = the meters' last time (--meter-log) - what the file holds. Prints
#    mean and max seconds lost for WAV and FLAC.
# 3. full disk (root only: a 300 KiB tmpfs): an import and a take that do
#    not fit; the message, the exit code, and that the takes and files there
#    before are intact (same list, same bytes, --check intact).
# 4. locked store: two `podium import` at once; an import while python3's
#    sqlite3 holds the database with BEGIN EXCLUSIVE for 2 s (under the
#    store's 5 s busy timeout) and for 8 s (over it): what it prints, its exit
#    code, its wait, and that no take is lost once the lock is released.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$here/build}
KILLS=${2:-200}
RKILLS=${3:-20}
SEED=${4:-11}
PODIUM="$BUILD/podium"
SAMPLE="$here/assets/sample_en_jfk_ask_not.wav"
[ -x "$PODIUM" ] || { echo "bench_reliability.sh: $PODIUM not found; build first" >&2; exit 1; }
for tool in sox soxi python3 jackd jack_lsp sndfile-jackplay; do
    command -v "$tool" >/dev/null || { echo "bench_reliability.sh: needs $tool" >&2; exit 1; }
done
. "$here/tests/jack.sh"

T=$(mktemp -d)
MNT=
cleanup() {
    [ -n "$JACKD_PID" ] && kill "$JACKD_PID" 2>/dev/null && wait "$JACKD_PID" 2>/dev/null
    [ -n "$MNT" ] && umount "$MNT" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
export HOME="$T/home" LC_ALL=C
mkdir -p "$HOME"
unset XDG_CONFIG_HOME PODIUM_CONFIG PODIUM_DATA_DIR
RANDOM=$SEED
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
ntakes() {   # takes listed in data dir $1 (-1 when the list fails)
    "$PODIUM" history --data-dir "$1" --json 2>/dev/null |
        python3 -c 'import json,sys; print(len(json.load(sys.stdin)))' 2>/dev/null || echo -1
}

# ================================================================ 1. store
echo "== 1. kill -9 during 'podium import' ($KILLS kills, seed $SEED)"
sox "$SAMPLE" "$T/s1.wav" trim 0.3 1.5
sox "$SAMPLE" "$T/s2.wav" trim 2.0 2.5
sox "$SAMPLE" "$T/s3.wav" trim 6.0 4.0
sox "$SAMPLE" "$T/s4.wav" trim 0 11
SLICES=("$T/s1.wav" "$T/s2.wav" "$T/s3.wav" "$T/s4.wav" "$T/s1.wav" "$T/s3.wav")
D="$T/store"
s=$(now_ms)
"$PODIUM" import --data-dir "$D" --again "${SLICES[@]}" >/dev/null 2>"$T/imp.err" ||
    { echo "bench_reliability.sh: import failed: $(cat "$T/imp.err")" >&2; exit 1; }
IMPORT_MS=$(( $(now_ms) - s ))
echo "one uninterrupted import of 6 files (1.5 + 2.5 + 4.0 + 11.0 + 1.5 + 4.0 s): $IMPORT_MS ms; kills spread over 0-$IMPORT_MS ms"
python3 - "$T" "$SEED" "$KILLS" "$IMPORT_MS" >"$T/delays" <<'PY'
import random, sys
r = random.Random(int(sys.argv[2]))
for _ in range(int(sys.argv[3])): print('%.3f' % (r.uniform(0, int(sys.argv[4])) / 1000.0))
PY
prev=$(ntakes "$D")
kills=0 completed=0 bad=0 orphans=0
: >"$T/seen"
while read -r delay; do
    "$PODIUM" import --data-dir "$D" --again "${SLICES[@]}" >/dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    rc=$?
    kills=$((kills + 1))
    [ "$rc" = 0 ] && completed=$((completed + 1))
    out=$("$PODIUM" history --data-dir "$D" --check 2>&1)
    if [ $? != 0 ] || ! grep -q "intact" <<<"$out"; then
        bad=$((bad + 1)); echo "  kill $kills (after ${delay} s): --check: $out"
    fi
    "$PODIUM" history --data-dir "$D" --json >"$T/h.json" 2>"$T/h.err"
    grep -q "no take in the history" "$T/h.err" && orphans=$((orphans + 1))
    res=$(python3 - "$T/h.json" "$T/seen" "$prev" <<'PY'
import json, os, subprocess, sys
try:
    t = json.load(open(sys.argv[1]))
except Exception as e:
    print('BAD list: %s' % e); sys.exit()
seen = set(open(sys.argv[2]).read().split())
errs = []
if len(t) < int(sys.argv[3]): errs.append('take count went down: %s -> %d' % (sys.argv[3], len(t)))
new = []
for x in t:
    p = x['recording']
    if not os.path.isfile(p): errs.append('take %s: no recording %s' % (x['id'], p)); continue
    if str(x['id']) in seen: continue
    d = subprocess.run(['soxi', '-D', p], capture_output=True, text=True)
    if d.returncode != 0 or float(d.stdout or 0) <= 0: errs.append('take %s: %s unreadable' % (x['id'], p))
    new.append(str(x['id']))
with open(sys.argv[2], 'a') as f:
    for i in new: f.write(i + '\n')
print(('BAD ' + '; '.join(errs)) if errs else len(t))
PY
)
    case "$res" in
        BAD*) bad=$((bad + 1)); echo "  kill $kills (after ${delay} s): $res" ;;
        *) prev=$res ;;
    esac
done <"$T/delays"
# every recording opened once more at the end, against its take's duration
final=$(python3 - "$T/h.json" <<'PY'
import json, os, subprocess, sys
t = json.load(open(sys.argv[1]))
bad = 0
for x in t:
    d = subprocess.run(['soxi', '-D', x['recording']], capture_output=True, text=True)
    if d.returncode != 0 or abs(float(d.stdout) - float(x['duration_s'])) > 0.05: bad += 1
print(bad)
PY
)
parts=$(find "$D" -name '*.part*' | wc -l)
flacs=$(find "$D/recordings" -name '*.flac' | wc -l)
# the recordings without a take, imported with the command 'podium history' gives
"$PODIUM" history --data-dir "$D" >/dev/null 2>"$T/h.err"
announced=$(sed -n 's/^podium: \([0-9]*\) recordings\{0,1\} in .* no take in the history.*/\1/p' "$T/h.err")
announced=${announced:-0}
adopted=0
if [ "$announced" -gt 0 ]; then
    mapfile -t orph < <(sed -n "2s/^  podium import //p" "$T/h.err" | grep -o "'[^']*'" | tr -d "'")
    "$PODIUM" import --data-dir "$D" "${orph[@]}" >/dev/null 2>"$T/adopt.err" && adopted=${#orph[@]}
fi
after=$(ntakes "$D")
"$PODIUM" history --data-dir "$D" >/dev/null 2>"$T/h2.err"
echo "kills: $kills; imports completed before their kill: $completed; takes kept: $prev" \
     "(6 of them from the import before the kills)"
echo "inconsistencies after a kill (--check not intact, a listed take without a readable recording," \
     "the count going down): $bad"
echo "at the end: recordings whose length differs from their take's: $final;" \
     "partial copies (.part) left: $parts (removed by the orphan scan once 10 min old);" \
     "recordings without a take: $((flacs - prev)) (a kill between the copy and its row;" \
     "'podium history' announced them after $orphans of the $kills kills, with the import command)"
echo "recordings announced without a take at the end: $announced; imported with the command it gives:" \
     "$adopted (takes $prev -> $after, recordings $flacs; announced after that: $(grep -c 'no take in the history' "$T/h2.err"))"
echo

# ================================================================ 2. recording
echo "== 2. kill -9 during 'podium record' ($RKILLS in WAV, $RKILLS in FLAC, 1.5-4.5 s into the take)"
export JACK_DEFAULT_SERVER=podium-bench-relia JACK_NO_AUDIO_RESERVATION=1 JACK_NO_START_SERVER=1
DEVICE="JACK Audio Connection Kit: system"
sox "$SAMPLE" -r 48000 "$T/speech.wav"
jack_start 48000 "$T/jackd.log" || exit 1
: >"$T/lost.tsv"
for ext in wav flac; do
    for i in $(seq "$RKILLS"); do
        f="$T/k$i.$ext"
        rm -f "$T/m.tsv"
        "$PODIUM" record --device "$DEVICE" --meter-log "$T/m.tsv" "$f" >/dev/null 2>"$T/rec.err" &
        pid=$!
        if ! jack_wait_port "$pid"; then
            echo "  $ext $i: podium's port did not appear: $(head -c 300 "$T/rec.err")"
            kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
            echo "$ext	noport" >>"$T/lost.tsv"; continue
        fi
        sndfile-jackplay --autoconnect=podium:in_0 "$T/speech.wav" >/dev/null 2>&1 &
        play=$!
        ms=$((1500 + RANDOM % 3000))
        sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
        kill -9 "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        kill "$play" 2>/dev/null
        wait "$play" 2>/dev/null
        seen=$(tail -n 1 "$T/m.tsv" 2>/dev/null | cut -f1)
        hdr=$(soxi -D "$f" 2>/dev/null) || hdr=
        dur=$("$PODIUM" analyse --json "$f" 2>/dev/null |
              python3 -c 'import json,sys; print(json.load(sys.stdin)["duration_s"])' 2>/dev/null) || dur=
        echo "$ext	${seen:-nan}	${hdr:-nan}	${dur:-nan}" >>"$T/lost.tsv"
        rm -f "$f" "$f.json"
    done
done
python3 - "$T/lost.tsv" <<'PY'
import math, statistics, sys
rows = [l.rstrip('\n').split('\t') for l in open(sys.argv[1]) if l.strip()]
for ext in ('wav', 'flac'):
    r = [x for x in rows if x[0] == ext]
    ok = [x for x in r if len(x) == 4 and 'nan' not in x[1:]]
    unopened = sum(1 for x in r if len(x) == 4 and (x[2] == 'nan' or x[3] == 'nan'))
    noport = sum(1 for x in r if len(x) == 2)
    seen = [float(x[1]) for x in ok]
    lost = [float(x[1]) - float(x[3]) for x in ok]
    hdiff = [abs(float(x[2]) - float(x[3])) for x in ok]
    if not ok:
        print('%s: %d kills, none measured (%d files did not open, %d without a port)' % (ext.upper(), len(r), unopened, noport))
        continue
    print('%s: %d kills; files that did not open: %d; header length != what is read (> 0.3 s): %d (max diff %.3f s);'
          % (ext.upper(), len(r), unopened, sum(1 for d in hdiff if d > 0.3), max(hdiff)))
    print('     meters had seen %.2f-%.2f s; seconds lost: mean %.3f, max %.3f (min %.3f)%s'
          % (min(seen), max(seen), statistics.mean(lost), max(lost), min(lost),
             '; %d without a JACK port' % noport if noport else ''))
PY
echo

# ================================================================ 3. full disk
echo "== 3. full disk"
if [ "$(id -u)" != 0 ]; then
    echo "skipped: not root (mounting a small tmpfs needs root; run as root to measure it)"
elif ! { mkdir -p "$T/full" && mount -t tmpfs -o size=300k tmpfs "$T/full" 2>"$T/mount.err"; }; then
    echo "skipped: mount -t tmpfs failed: $(cat "$T/mount.err")"
else
    MNT="$T/full"
    F="$MNT/data"
    "$PODIUM" import --data-dir "$F" "$T/s1.wav" >/dev/null 2>&1
    n0=$(ntakes "$F")
    sum0=$(cd "$MNT" && find . -type f ! -name '*-wal' ! -name '*-shm' ! -name podium.db -print0 | sort -z | xargs -0 md5sum)
    echo "before: $n0 take(s), $(df -k --output=used,avail "$MNT" | tail -1 | awk '{print $1 " KiB used, " $2 " KiB free"}')"
    sox "$SAMPLE" "$SAMPLE" "$T/long.wav"     # 22 s, ~700 KB: its FLAC copy cannot fit
    "$PODIUM" import --data-dir "$F" "$T/long.wav" >"$T/fi.out" 2>"$T/fi.err"
    rc=$?
    echo "import of a 22 s file: exit $rc; stderr: $(tr '\n' '|' <"$T/fi.err")"
    [ -s "$T/fi.out" ] && echo "  stdout: $(tr '\n' '|' <"$T/fi.out")"
    n1=$(ntakes "$F")
    sum1=$(cd "$MNT" && find . -type f ! -name '*-wal' ! -name '*-shm' ! -name podium.db -print0 | sort -z | xargs -0 md5sum)
    chk=$("$PODIUM" history --data-dir "$F" --check 2>&1)
    echo "after: $n1 take(s) (before: $n0); files there before the same bytes: $([ "$sum0" = "$sum1" ] && echo yes || echo NO);" \
         "--check: $chk; partial copies left: $(find "$MNT" -name '*.part*' | wc -l)"
    # a take into the full disk (the JACK server of part 2 is still up)
    avail=$(df -k --output=avail "$MNT" | tail -1)
    [ "$avail" -gt 40 ] && dd if=/dev/zero of="$MNT/filler" bs=1k count=$((avail - 40)) 2>/dev/null
    "$PODIUM" record --device "$DEVICE" --seconds 5 "$MNT/take.wav" >"$T/fr.out" 2>"$T/fr.err" &
    pid=$!
    jack_wait_port "$pid" && { sndfile-jackplay --autoconnect=podium:in_0 "$T/speech.wav" >/dev/null 2>&1 & }
    wait "$pid"
    rc=$?
    echo "a 5 s WAV take (48 kHz, ~480 KB) with 40 KiB free: exit $rc; stderr: $(tr '\n' '|' <"$T/fr.err" | head -c 600)"
    [ -e "$MNT/take.wav" ] && echo "  what is left of the take: $(stat -c %s "$MNT/take.wav") bytes, soxi: $(soxi -D "$MNT/take.wav" 2>&1) s"
    rm -f "$MNT/filler"
    echo "  the history after it: $(ntakes "$F") take(s), --check: $("$PODIUM" history --data-dir "$F" --check 2>&1)"
    umount "$MNT" && MNT=
fi
echo

# ================================================================ 4. locked store
echo "== 4. locked store"
L="$T/lock"
"$PODIUM" import --data-dir "$L" "$T/s1.wav" >/dev/null 2>&1
n0=$(ntakes "$L")
"$PODIUM" import --data-dir "$L" --again "${SLICES[@]}" >"$T/a.out" 2>"$T/a.err" &
p1=$!
"$PODIUM" import --data-dir "$L" --again "${SLICES[@]}" >"$T/b.out" 2>"$T/b.err" &
p2=$!
wait $p1; r1=$?
wait $p2; r2=$?
n1=$(ntakes "$L")
echo "two imports of 6 files at once: exit $r1 and $r2; stderr: '$(cat "$T/a.err" "$T/b.err" | tr '\n' '|')';" \
     "takes $n0 -> $n1 (expected $((n0 + 12)))"
for hold in 2 8; do
    python3 - "$L/podium.db" "$hold" "$T/locked" <<'PY' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute('BEGIN EXCLUSIVE')
open(sys.argv[3], 'w').close()
time.sleep(float(sys.argv[2]))
c.execute('ROLLBACK')
PY
    lp=$!
    for _ in $(seq 100); do [ -e "$T/locked" ] && break; sleep 0.05; done
    n0=$(ntakes "$L")
    s=$(now_ms)
    "$PODIUM" import --data-dir "$L" "$T/s2.wav" --again >"$T/l.out" 2>"$T/l.err"
    rc=$?
    w=$(( $(now_ms) - s ))
    wait $lp
    rm -f "$T/locked"
    n1=$(ntakes "$L")
    echo "import while the database is held (BEGIN EXCLUSIVE) for $hold s: exit $rc after $w ms;" \
         "stdout: '$(tr '\n' '|' <"$T/l.out")' stderr: '$(tr '\n' '|' <"$T/l.err")'"
    if [ "$rc" != 0 ]; then
        "$PODIUM" import --data-dir "$L" "$T/s2.wav" --again >/dev/null 2>"$T/l2.err"
        echo "  once released: the same import again: exit $?; takes $n0 -> $n1 -> $(ntakes "$L")" \
             "(the failed one added nothing, the retry added one)"
    else
        echo "  takes $n0 -> $n1 after the lock was released"
    fi
done
echo "--check at the end: $("$PODIUM" history --data-dir "$L" --check 2>&1);" \
     "partial copies left: $(find "$L" -name '*.part*' | wc -l)"
