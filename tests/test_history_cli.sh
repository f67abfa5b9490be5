#!/usr/bin/env bash
# test_history_cli.sh - the history commands end to end.
#
# Usage: test_history_cli.sh PODIUM SOURCE_DIR
# Needs python3 (reads the JSON and CSV). Uses the bundled sample
# assets/sample_en_jfk_ask_not.wav (11.0 s) and copies of it.
#
# - import, history (text, --json, --csv), show, compare, trend, baseline,
#   star, note, rate, export, delete (asks; --yes) agree with each other;
# - the data directory: --data-dir, then PODIUM_DATA_DIR, then
#   $XDG_DATA_HOME/podium, then ~/.local/share/podium; created 0700, files 0600;
# - a recording without a take is announced by `podium history` and can be
#   imported; a damaged database gives a clear message and stays untouched
#   until --reset-db moves it aside (same bytes); a read-only data directory
#   gives a clear message;
# - two `podium import` at once lose nothing; `podium import` killed with
#   SIGKILL at random moments leaves an intact database in which every row's
#   recording exists.
set -u

PODIUM=${1:?usage: test_history_cli.sh PODIUM SOURCE_DIR}
SRC=${2:?usage: test_history_cli.sh PODIUM SOURCE_DIR}
SAMPLE="$SRC/assets/sample_en_jfk_ask_not.wav"

. "$(dirname "$0")/check.sh"

command -v python3 >/dev/null || { echo "test_history_cli.sh: needs python3" >&2; exit 1; }
if [ ! -x "$PODIUM" ] || [ ! -f "$SAMPLE" ]; then
    echo "test_history_cli.sh: missing $PODIUM or $SAMPLE" >&2
    exit 1
fi

T=$(mktemp -d)
chmod 755 "$T"   # the read-only check runs as another user when we are root
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
export HOME="$T/home"
mkdir -p "$HOME"
unset XDG_CONFIG_HOME PODIUM_CONFIG XDG_DATA_HOME PODIUM_DATA_DIR
export LC_ALL=C
D="$T/data"

run() {   # run NAME ARGS... : podium with a time limit; sets RC, OUT, ERR
    local name=$1
    shift
    OUT="$T/$name.out"
    ERR="$T/$name.err"
    timeout 120 "$PODIUM" "$@" >"$OUT" 2>"$ERR" </dev/null
    RC=$?
}
lines() { wc -l <"$1" | tr -d ' '; }
has() { grep -q -- "$2" "$1"; }
mode() { stat -c %a "$1"; }

# ---- empty, import --------------------------------------------------------
run empty history --data-dir "$D"
check "empty history exits 0" [ "$RC" = 0 ]
check "empty history says so" has "$OUT" "No takes yet"
check "data dir created 0700" [ "$(mode "$D")" = 700 ]
check "database created 0600" [ "$(mode "$D/podium.db")" = 600 ]

cp "$SAMPLE" "$T/a.wav"
cp "$SAMPLE" "$T/b.wav"
touch -d '2024-03-01 10:00' "$T/a.wav"
touch -d '2024-03-02 10:00' "$T/b.wav"
run imp import --data-dir "$D" --drill elevator --target 60 "$T/a.wav" "$T/b.wav"
check "import two files" [ "$RC" = 0 ]
check "import names the takes" has "$OUT" "take 2:"
# the same file again (issue 10, defect 9): said, not imported, exit 1
run imp_dup import --data-dir "$D" "$T/a.wav"
check "a file imported again: exit 1" [ "$RC" = 1 ]
check "says it is already take 1 and how to force it" has "$ERR" "'$T/a.wav' is already in your history as take 1; not imported again (use --again"
check "one line, nothing imported" sh -c "[ $(lines "$ERR") = 1 ] && [ ! -s '$OUT' ]"
check "still two takes" [ "$(ls "$D"/recordings/*.flac | wc -l)" = 2 ]
run imp_bad import --data-dir "$D" --again "$T/missing.wav" "$T/a.wav"
check "a missing file fails the import" [ "$RC" = 1 ]
check "one line about the missing file" [ "$(lines "$ERR")" = 1 ]
check "the missing file named" has "$ERR" "missing.wav"
check "the good file is still imported" has "$OUT" "take 3:"
for f in "$D"/recordings/*.flac; do
    check "recording $f is 0600" [ "$(mode "$f")" = 600 ]
done
check "three FLAC recordings kept" [ "$(ls "$D"/recordings/*.flac | wc -l)" = 3 ]

# ---- history, show: the same figures everywhere ------------------------------
run hist history --data-dir "$D"
check "history lists the takes" [ "$RC" = 0 ]
check "history has a header and 3 rows" [ "$(grep -cE '^ +[0-9]+  ' "$OUT")" = 3 ]
check "history shows the baseline" has "$OUT" "baseline: median of the last 3 takes"
run histj history --data-dir "$D" --json
run histc history --data-dir "$D" --csv
run show1 show --data-dir "$D" --json 1
run showt show --data-dir "$D" 1
check "show text has the figures" has "$T/showt.out" "speech_rate_syl_s"
check "show text has the advice" has "$T/showt.out" "Advice"
check "show text names the drill and target" has "$T/showt.out" "drill elevator (target 60 s)"
# timing (issue 10, defect 3): the same words as `podium analyse --target 60`
check "show text has the timing advice" has "$T/showt.out" "You stopped at 0:11 of 1:00, before the 0:40 minimum"
run antgt analyse --target 60 "$SAMPLE"
check "analyse --target 60 says the same" has "$OUT" "You stopped at 0:11 of 1:00, before the 0:40 minimum"
check "JSON and CSV agree" python3 - "$T/histj.out" "$T/histc.out" "$T/show1.out" <<'PY'
import csv, json, math, sys
takes = json.load(open(sys.argv[1]))
rows = list(csv.DictReader(open(sys.argv[2])))
show = json.load(open(sys.argv[3]))
assert len(takes) == 3 and len(rows) == 3, (len(takes), len(rows))
# newest first: recorded_at is the file's date (b 03-02; a imported twice, 03-01), then id
assert [t["id"] for t in takes] == [2, 3, 1], [t["id"] for t in takes]
assert takes[2]["recorded_at"].startswith("2024-03-01"), takes[2]["recorded_at"]  # the file's date
for t, r in zip(takes, rows):
    assert int(r["id"]) == t["id"]
    for k, v in t["metrics"].items():
        if v is None:
            assert r[k] == "", (k, r[k])
        else:
            assert abs(float(r[k]) - v) < 1e-3, (k, r[k], v)
assert show["drill"] == "elevator" and show["target_s"] == 60
rep = show["report"]
assert abs(rep["speech_rate_syl_s"] - show["metrics"]["speech_rate_syl_s"]) < 0.01
assert abs(rep["duration_s"] - 11.0) < 0.05 and abs(show["duration_s"] - 11.0) < 0.05
assert show["recording"].endswith(".flac") and show["source"].endswith("a.wav")
PY

# ---- compare, trend, baseline, star, note, rate ---------------------------
run cmp compare --data-dir "$D" 1 2
check "compare runs" [ "$RC" = 0 ]
check "compare lists every metric" [ "$(grep -c '_' "$T/cmp.out")" -ge 14 ]
check "same recording twice: every judged metric the same" \
    bash -c "! grep -qE ' (better|worse)\$' '$T/cmp.out'"
run cmpx compare --data-dir "$D" 1 99
check "compare with a missing take fails" [ "$RC" = 1 ]
check "and says so" has "$ERR" "no take 99"
# the baseline of a take's own time (issue 10, defect 5): take 1 (03-01, the
# first) has none before it; take 2 (03-02) is held against the two of 03-01
run shb1 show --data-dir "$D" 1
check "show 1: nothing before it, no baseline section" bash -c "! grep -q 'Against your baseline' '$OUT'"
run shb2 show --data-dir "$D" 2
check "show 2: the two takes before it" has "$OUT" "Against your baseline (median of the 2 takes before this one)"
run tr trend --data-dir "$D" pace
check "trend lists 3 points" [ "$(grep -cE '^[0-9]{4}-' "$OUT")" = 3 ]
check "trend says 'same' where compare does (the same recording)" [ "$(grep -cE '^[0-9]{4}-.* same$' "$OUT")" = 3 ]
check "trend names the baseline" has "$OUT" "baseline"
run trx trend --data-dir "$D" nonsense
check "unknown metric is a usage error" [ "$RC" = 2 ]
run bl baseline --data-dir "$D" 2
check "mark a baseline" [ "$RC" = 0 ]
check "baseline names its take" has "$OUT" "take 2 (marked)"
run st star --data-dir "$D" 1
check "star confirms" sh -c "[ $RC = 0 ] && grep -qx 'take 1: starred' '$OUT'"
run nt note --data-dir "$D" 1 'calm, "slow" start'
check "note confirms" sh -c "[ $RC = 0 ] && grep -qx 'take 1: note saved' '$OUT'"
run stx star --data-dir "$D" 99
check "star of a missing take: exit 1, no confirmation" sh -c "[ $RC = 1 ] && [ ! -s '$OUT' ]"
run rt rate --data-dir "$D" 1 before 65
run rtx rate --data-dir "$D" 1 before 165
check "a rating over 100 is refused" [ "$RC" = 2 ]
run show1b show --data-dir "$D" --json 1
check "star, note, rating, baseline back" python3 - "$T/show1b.out" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
assert s["star"] is True and s["note"] == 'calm, "slow" start', s
assert s["distress"] == [{"moment": "before", "rating": 65}], s["distress"]
assert s["baseline"] is False
PY
run hist2 history --data-dir "$D"
check "history marks the baseline take" has "$OUT" "\[baseline\]"
# under 3 s of speech: no baseline advice (a 2 s cut of the sample: 1.7 s of speech)
python3 - "$SAMPLE" "$T/short.wav" <<'PY'
import sys, wave
w = wave.open(sys.argv[1]); p = w.getparams()
x = w.readframes(int(2.0 * p.framerate))
o = wave.open(sys.argv[2], "wb"); o.setparams(p); o.writeframes(x); o.close()
PY
run shimp import --data-dir "$D" "$T/short.wav"
check "a 2 s take imported, no baseline line" bash -c "[ $RC = 0 ] && ! grep -qi 'usual\|baseline' '$OUT'"
SID=$(sed -n 's/^take \([0-9]*\):.*/\1/p' "$OUT")
run shsh show --data-dir "$D" "$SID"
check "show of the 2 s take: no baseline section" bash -c "[ $RC = 0 ] && ! grep -q 'Against your baseline' '$OUT'"
run shdel delete --data-dir "$D" --yes "$SID"
check "the 2 s take deleted again" [ "$RC" = 0 ]

# ---- export -------------------------------------------------------------------
run exp export --data-dir "$D" "$T/out"
check "export runs" [ "$RC" = 0 ]
check "export has everything" python3 - "$T/out" <<'PY'
import csv, json, os, sys
d = sys.argv[1]
takes = json.load(open(os.path.join(d, "takes.json")))
rows = list(csv.DictReader(open(os.path.join(d, "takes.csv"))))
assert len(takes) == 3 and len(rows) == 3
for t in takes:
    p = os.path.join(d, "recordings", "take-%d.flac" % t["id"])
    assert os.path.getsize(p) > 1000, p
    assert "report" in t and "speech_rate_syl_s" in t["report"]
    assert oct(os.stat(p).st_mode & 0o777) == "0o600"
PY

# ---- delete ---------------------------------------------------------------------
REC3=$(python3 -c 'import json,sys; print([t for t in json.load(open(sys.argv[1])) if t["id"]==3][0]["recording"])' "$T/histj.out")
echo n | timeout 60 "$PODIUM" delete --data-dir "$D" 3 >"$T/del.out" 2>"$T/del.err"
check "delete asks and 'n' keeps the take" [ $? = 1 ]
check "the recording is still there" [ -f "$REC3" ]
echo y | timeout 60 "$PODIUM" delete --data-dir "$D" 3 >"$T/del.out" 2>"$T/del.err"
check "'y' deletes" [ $? = 0 ]
check "the recording went with it" [ ! -e "$REC3" ]
run del2 delete --data-dir "$D" --yes 3
check "deleting it again fails" [ "$RC" = 1 ]

# ---- where the data lives ----------------------------------------------------------
PODIUM_DATA_DIR="$T/envdata" run envd history
check "PODIUM_DATA_DIR is used" [ -f "$T/envdata/podium.db" ]
XDG_DATA_HOME="$T/xdg" run xdgd history
check "XDG_DATA_HOME/podium is used" [ -f "$T/xdg/podium/podium.db" ]
run homed history
check "~/.local/share/podium by default" [ -f "$HOME/.local/share/podium/podium.db" ]
PODIUM_DATA_DIR="$T/envdata" run both history --data-dir "$T/flagdata"
check "--data-dir wins over PODIUM_DATA_DIR" [ -f "$T/flagdata/podium.db" ]

# ---- orphans -----------------------------------------------------------------------
cp "$D"/recordings/*.flac "$D/recordings/20240105-090000-0badf00d.flac" 2>/dev/null ||
    cp "$(ls "$D"/recordings/*.flac | head -1)" "$D/recordings/20240105-090000-0badf00d.flac"
run orph history --data-dir "$D"
check "history announces the recording without a take" has "$ERR" "1 recording in"
check "and how to import it" has "$ERR" "podium import '$D/recordings/20240105-090000-0badf00d.flac'"
run orphi import --data-dir "$D" "$D/recordings/20240105-090000-0badf00d.flac"
check "the orphan imports" [ "$RC" = 0 ]
run orph2 history --data-dir "$D"
check "no notice once imported" [ ! -s "$ERR" ]

# ---- a damaged database ------------------------------------------------------------
DD="$T/damaged"
run dmk import --data-dir "$DD" "$T/a.wav"
head -c 20000 /dev/urandom >"$DD/podium.db"
rm -f "$DD/podium.db-wal" "$DD/podium.db-shm"
cp "$DD/podium.db" "$T/damaged.copy"
run dmg history --data-dir "$DD"
check "a damaged database fails" [ "$RC" = 1 ]
check "with one line" [ "$(lines "$ERR")" = 1 ]
check "saying it is damaged and what to do" grep -q "damaged.*--reset-db" "$ERR"
check "the file is untouched" cmp -s "$DD/podium.db" "$T/damaged.copy"
run dmg2 import --data-dir "$DD" "$T/a.wav"
check "import refuses too" [ "$RC" = 1 ]
check "still untouched" cmp -s "$DD/podium.db" "$T/damaged.copy"
run dmgr history --data-dir "$DD" --reset-db
check "--reset-db starts a new database" [ "$RC" = 0 ]
check "and says where the old one went" has "$ERR" "moved, untouched, to"
check "the old one kept aside, same bytes" cmp -s "$DD"/podium.db.damaged-* "$T/damaged.copy"
check "its recording is offered for import" has "$ERR" "podium import"

# ---- a read-only data directory --------------------------------------------------------
RO="$T/ro"
run romk history --data-dir "$RO"
if [ "$(id -u)" = 0 ]; then
    # root ignores permissions: run as nobody on a directory it may not write
    chmod 755 "$RO"
    OUT="$T/ro.out"; ERR="$T/ro.err"
    timeout 60 setpriv --reuid=65534 --regid=65534 --clear-groups "$PODIUM" history --data-dir "$RO" >"$OUT" 2>"$ERR"
    RC=$?
else
    chmod 500 "$RO"
    run ro history --data-dir "$RO"
fi
check "a read-only data directory fails" [ "$RC" = 1 ]
check "with a clear message" has "$ERR" "read-only"
check "in one line" [ "$(lines "$ERR")" = 1 ]
chmod 700 "$RO"

# ---- two importers at once (--again: both import every file) ------------------------
C="$T/conc"
files=()
for i in 1 2 3 4; do cp "$SAMPLE" "$T/c$i.wav"; files+=("$T/c$i.wav"); done
timeout 300 "$PODIUM" import --data-dir "$C" --again "${files[@]}" >"$T/c1.out" 2>"$T/c1.err" &
p1=$!
timeout 300 "$PODIUM" import --data-dir "$C" --again "${files[@]}" >"$T/c2.out" 2>"$T/c2.err" &
p2=$!
wait $p1; r1=$?
wait $p2; r2=$?
check "two importers at once both succeed ($r1 $r2: $(cat "$T/c1.err" "$T/c2.err"))" [ "$r1" = 0 ] && [ "$r2" = 0 ]
run cj history --data-dir "$C" --json
check "all 8 takes there" python3 -c 'import json,sys; assert len(json.load(open(sys.argv[1]))) == 8' "$OUT"
run cc history --data-dir "$C" --check
check "integrity after concurrent imports" [ "$RC" = 0 ]

# ---- import killed with SIGKILL -------------------------------------------------------------
K="$T/kill"
for i in $(seq 1 8); do
    timeout 300 "$PODIUM" import --data-dir "$K" --again "${files[@]}" "${files[@]}" >/dev/null 2>&1 &
    pid=$!
    sleep "0.$((RANDOM % 4 + 1))"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
done
run kc history --data-dir "$K" --check
check "integrity after 8 killed imports" [ "$RC" = 0 ]
run kj history --data-dir "$K" --json
check "every row's recording exists" python3 -c '
import json, os, sys
t = json.load(open(sys.argv[1]))
assert len(t) > 0, "no take committed"
missing = [x["recording"] for x in t if not os.path.isfile(x["recording"])]
assert not missing, missing' "$OUT"
check "no partial copy is offered as an orphan" bash -c "! grep -q '\.part' '$T/kj.err'"

# ---- a data folder open to others: named in a warning (recordings are private) -------------
chmod 777 "$K"
run open777 history --data-dir "$K"
check "a 0777 data folder: a warning naming it" grep -q "can be opened by other users (mode 0777)" "$T/open777.err"
check "...and the command still works" [ "$RC" = 0 ]
chmod 700 "$K"
run open700 history --data-dir "$K"
check "a 0700 data folder: no warning" bash -c "! grep -q 'other users' '$T/open700.err'"

# ---- issue 11: names that are not UTF-8, a damaged row, recording names not Podium's ----
N="$T/names"
mkdir -p "$N"
BAD="$N/$(printf 'bad\nname\xff\xfe"').wav"
cp "$SAMPLE" "$BAD"
strict_json() {   # strict: UTF-8 (no replacement) and no raw control characters
    python3 -c 'import json, sys; json.loads(open(sys.argv[1], "rb").read().decode("utf-8"))' "$1"
}
run nimp import --data-dir "$N/data" "$BAD"
check "a file named bad<newline>name<FF FE>\".wav imports" [ "$RC" = 0 ]
check "import shows its name escaped" has "$OUT" 'take 1: .*bad\\nname\\xff\\xfe"\.wav'
run nnote note --data-dir "$N/data" 1 "$(printf 'line one\nline two\033[2J')"
run nhj history --data-dir "$N/data" --json
check "history --json is strict JSON" strict_json "$OUT"
check "history --json: the name with U+FFFD, the note as it is" python3 -c '
import json, sys
t = json.loads(open(sys.argv[1], "rb").read().decode("utf-8"))[0]
assert t["source"].endswith("bad\nname\ufffd\ufffd\".wav"), t["source"]
assert t["note"] == "line one\nline two\x1b[2J", t["note"]' "$OUT"
run nsj show 1 --data-dir "$N/data" --json
check "show --json is strict JSON" strict_json "$OUT"
run nexp export --data-dir "$N/data" "$N/out"
check "the export's takes.json is strict JSON" strict_json "$N/out/takes.json"
run nht history --data-dir "$N/data"
check "history (text) shows the note's newline and escape escaped" has "$OUT" 'line one\\nline two\\x1b\[2J'
check "history (text): one line per take" bash -c "! grep -q '^line two' '$OUT'"
run nst show 1 --data-dir "$N/data"
check "show (text) shows the source escaped" has "$OUT" 'imported from: .*bad\\nname\\xff\\xfe"\.wav'
check "show (text) shows the note escaped" has "$OUT" 'note: line one\\nline two\\x1b\[2J'
check "show (text): no raw escape character" bash -c "! grep -q \$'\\033' '$OUT'"

# NULL where the schema says NOT NULL (what a damaged page reads as): the
# damaged line, not a crash
cp -a "$N/data" "$N/null"
python3 - "$N/null/podium.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
orig = c.execute("SELECT sql FROM sqlite_master WHERE name = 'report'").fetchone()[0]
c.execute("PRAGMA writable_schema = ON")
c.execute("UPDATE sqlite_master SET sql = replace(sql, 'NOT NULL', '') WHERE name = 'report'")
c.commit(); c.close()
c = sqlite3.connect(sys.argv[1])
c.execute("UPDATE report SET json = NULL")
c.execute("PRAGMA writable_schema = ON")
c.execute("UPDATE sqlite_master SET sql = ? WHERE name = 'report'", (orig,))
c.commit(); c.close()
PY
for verb in "show 1 --json" "export $N/null-out"; do
    run nnull $verb --data-dir "$N/null"
    check "$verb on a NULL report: exit 1, not a crash ($RC)" [ "$RC" = 1 ]
    check "$verb on a NULL report: the damaged line" grep -q "damaged.*--reset-db" "$ERR"
done

# a recording name that leads out of recordings/: never followed
echo precious >"$N/victim.txt"
python3 - "$N/data/podium.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("UPDATE take SET recording = '../../victim.txt' WHERE id = 1")
c.commit()
PY
run nve export --data-dir "$N/data" "$N/out2"
check "export with a bad recording name refuses" [ "$RC" = 1 ]
check "naming the take, the name and the damage" grep -q "damaged.*take 1.*'\.\./\.\./victim\.txt'" "$ERR"
check "the victim's bytes are not in the export" bash -c "! grep -rqs precious '$N/out2'"
run nvs show 1 --data-dir "$N/data"
check "show says the name is not followed" has "$OUT" "recording: (not followed"
run nvd delete 1 --yes --data-dir "$N/data"
check "delete: exit 1, the row deleted and no file removed, said in one line" \
    bash -c "[ $RC = 1 ] && [ \$(wc -l <'$ERR') = 1 ] && grep -q 'deleted.*damaged.*no file was removed' '$ERR'"
check "the victim beside the data folder is untouched" [ "$(cat "$N/victim.txt")" = precious ]
run nvh history --data-dir "$N/data" --json
check "the take is gone" python3 -c 'import json, sys; assert json.load(open(sys.argv[1])) == []' "$OUT"

# ---- help --------------------------------------------------------------------------
run help help
check "help lists the history commands" grep -q "podium compare ID1 ID2" "$OUT"

echo "$checks checks, $fails failed"
[ "$fails" = 0 ]
