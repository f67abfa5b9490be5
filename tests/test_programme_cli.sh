#!/usr/bin/env bash
# test_programme_cli.sh - the desensitisation programme's commands end to end.
#
# Usage: test_programme_cli.sh PODIUM SOURCE_DIR
# Needs python3 (reads the JSON and CSV). Uses the bundled sample
# assets/sample_en_jfk_ask_not.wav as a take recorded on a phone.
#
# - podium ladder [--json]: the default ladder is made the first time, in
#   the locale's language or --lang's, and then kept; numbered steps, their
#   description, progress and the current step;
# - podium exposure log: every field stored as given (podium exposures
#   --json/--csv and the text agree), --take imports and links a recording,
#   the suggestion is printed; a rating of 120, an unknown step, a bad or
#   future date, a missing or unreadable take, a usage mistake: one line on
#   stderr, exit 2 or 1, and nothing stored (no exposure, no take);
# - podium exposure delete: asks (--yes does not), then the store is as
#   before the log;
# - podium ladder export/import: a file round-trips; an existing file is not
#   replaced without --force; steps matched by title keep their exposures, a
#   removed step's exposures stay with their title; a damaged, binary, too
#   large, missing file or a folder is refused with one line naming the file
#   (and the line), the ladder unchanged;
# - podium export DIR adds exposures.csv, exposures.json and ladder.txt.
set -u

PODIUM=${1:?usage: test_programme_cli.sh PODIUM SOURCE_DIR}
SRC=${2:?usage: test_programme_cli.sh PODIUM SOURCE_DIR}
SAMPLE="$SRC/assets/sample_en_jfk_ask_not.wav"

. "$(dirname "$0")/check.sh"

command -v python3 >/dev/null || { echo "test_programme_cli.sh: needs python3" >&2; exit 1; }
if [ ! -x "$PODIUM" ] || [ ! -f "$SAMPLE" ]; then
    echo "test_programme_cli.sh: missing $PODIUM or $SAMPLE" >&2
    exit 1
fi

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export HOME="$T/home"
mkdir -p "$HOME"
unset XDG_CONFIG_HOME PODIUM_CONFIG XDG_DATA_HOME LC_MESSAGES LANG
export LC_ALL=C
export PODIUM_DATA_DIR="$T/data"   # the commands below find the store through it
D="$T/data"

# run NAME ARGS... : podium with a time limit (and the variables in
# RUN_ENV: a locale that is not installed would make bash warn if set here)
# sets RC, OUT, ERR
run() {
    local name=$1
    shift
    OUT="$T/$name.out"
    ERR="$T/$name.err"
    timeout 120 env ${RUN_ENV:-} "$PODIUM" "$@" >"$OUT" 2>"$ERR" </dev/null
    RC=$?
}
lines() { wc -l <"$1" | tr -d ' '; }
has() { grep -q -- "$2" "$1"; }
# one clear line on stderr and the exit status wanted
fails_with() {   # fails_with STATUS WORDS : the last run
    [ "$RC" = "$1" ] && [ "$(lines "$ERR")" = 1 ] && grep -q -- "$2" "$ERR" && [ ! -s "$OUT" ]
}
snapshot() {   # snapshot NAME : the ladder, the exposures and the takes now
    timeout 60 "$PODIUM" ladder --json >"$T/$1.ladder" 2>/dev/null
    timeout 60 "$PODIUM" exposures --json >"$T/$1.exposures" 2>/dev/null
    timeout 60 "$PODIUM" history --json >"$T/$1.takes" 2>/dev/null
}
unchanged() {   # unchanged NAME : as at snapshot NAME
    timeout 60 "$PODIUM" ladder --json >"$T/now.ladder" 2>/dev/null
    timeout 60 "$PODIUM" exposures --json >"$T/now.exposures" 2>/dev/null
    timeout 60 "$PODIUM" history --json >"$T/now.takes" 2>/dev/null
    cmp -s "$T/$1.ladder" "$T/now.ladder" && cmp -s "$T/$1.exposures" "$T/now.exposures" &&
        cmp -s "$T/$1.takes" "$T/now.takes"
}

# ---- the ladder: made the first time, in the interface's language -------------------
run ex0 exposures --json
check "no exposures at first" python3 -c 'import json,sys; assert json.load(open(sys.argv[1])) == []' "$OUT"
run ex0t exposures
check "and the text says how to log one" has "$OUT" "podium exposure log"
run l0 ladder --json
check "ladder --json exits 0" [ "$RC" = 0 ]
check "the default ladder: numbered steps with their words" python3 - "$OUT" <<'PY'
import json, sys
l = json.load(open(sys.argv[1]))
s = l["steps"]
assert 10 <= len(s) <= 12, len(s)
assert [x["number"] for x in s] == list(range(1, len(s) + 1))
assert all(x["title"] and x["description"] for x in s)
assert all(x["attempts"] == 0 for x in s)
assert len({x["id"] for x in s}) == len(s)
assert any(x["real_world"] for x in s), "a real-world step"
PY
cp "$OUT" "$T/en.json"
run l0t ladder
check "ladder (text) exits 0" [ "$RC" = 0 ]
N=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["steps"]))' "$T/en.json")
check "the text numbers every step" [ "$(grep -cE '^[ >] *[0-9]+\. ' "$OUT")" = "$N" ]
check "and marks the current one" [ "$(grep -cE '^> *[0-9]+\. ' "$OUT")" = 1 ]
check "the text names step 1 as the JSON does" \
    grep -qF "1. $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["steps"][0]["title"])' "$T/en.json")" "$OUT"
check "and says how to log an exposure" has "$OUT" "podium exposure log STEP"
run l0b ladder --json --lang it
check "once made, the ladder stays (--lang it does not replace it)" \
    python3 - "$T/en.json" "$OUT" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
assert [x["title"] for x in a["steps"]] == [x["title"] for x in b["steps"]]
assert [x["id"] for x in a["steps"]] == [x["id"] for x in b["steps"]]
PY
RUN_ENV=LC_ALL=it_IT.UTF-8 run lit ladder --json --data-dir "$T/it"
check "an Italian locale: the Italian default ladder" python3 - "$T/en.json" "$OUT" <<'PY'
import json, sys
en, it = (json.load(open(p)) for p in sys.argv[1:3])
te, ti = [x["title"] for x in en["steps"]], [x["title"] for x in it["steps"]]
assert len(te) == len(ti)
assert sum(a != b for a, b in zip(te, ti)) >= len(te) - 1, (te, ti)
PY
cp "$OUT" "$T/it.json"
run lit2 ladder --json --lang it --data-dir "$T/it2"
check "--lang it: the same Italian ladder" python3 - "$T/it.json" "$OUT" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
assert [x["title"] for x in a["steps"]] == [x["title"] for x in b["steps"]]
PY
RUN_ENV=LC_ALL=it_IT.UTF-8 run lit3 ladder --json --lang en --data-dir "$T/it3"
check "--lang en wins over an Italian locale" python3 - "$T/en.json" "$OUT" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
assert [x["title"] for x in a["steps"]] == [x["title"] for x in b["steps"]]
PY
RUN_ENV="LANG=it_IT.UTF-8 LC_ALL=" run lit4 ladder --data-dir "$T/it4"
check "LANG=it: the listing's words in Italian" has "$OUT" "La tua scala"
run lbad ladder --lang fr
check "an unknown language is a usage error" fails_with 2 "unknown language 'fr'"
run lbad2 ladder frobnicate
check "an unknown ladder command is a usage error" fails_with 2 "usage"
run lbad3 ladder export
check "ladder export without FILE is a usage error" fails_with 2 "usage: podium ladder export FILE"

# ---- exposure log ---------------------------------------------------------------
TITLE2=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["steps"][1]["title"])' "$T/en.json")
run x1 exposure log 2 --before 60 --peak 70 --after 40 --feared "my voice shakes" --likelihood 80 \
    --happened 20 --date 2024-03-01
check "log an exposure" [ "$RC" = 0 ]
check "it says what was logged" has "$OUT" "logged exposure 1: step 2"
check "with the ratings" has "$OUT" "before 60, peak 70, after 40"
check "and a suggestion" has "$OUT" "^suggestion"
run x2 exposure log 2 --before 50 --peak 30 --after 20 --date 2024-03-03
check "a second one" [ "$RC" = 0 ]
run x3 exposure log 2 --peak 30 --date 2024-03-05
check "a third, before and after skipped" [ "$RC" = 0 ]
check "skipped ratings said so" has "$OUT" "before skipped"
check "the suggestion speaks of the falling peak (70 -> 30)" grep -qE "suggestion \((up|stay|back)\): .*70.*30" "$OUT"
cp "$SAMPLE" "$T/phone.wav"
run x4 exposure log 1 --before 20 --peak 25 --after 10 --take "$T/phone.wav" --date 2024-03-04 --feared blank \
    --likelihood 50
check "log with a take from a phone" [ "$RC" = 0 ]
check "the take is named" has "$OUT" "take 1: "
check "a listed fear by its key: its sentence" has "$OUT" "feared: my mind goes blank"

run exj exposures --json
run exc exposures --csv
run ext exposures
run hj history --json
check "exposures --json: every field as logged, oldest first" python3 - "$T/exj.out" "$T/hj.out" "$TITLE2" <<'PY'
import json, sys
ex = json.load(open(sys.argv[1]))
takes = json.load(open(sys.argv[2]))
title2 = sys.argv[3]
assert len(ex) == 4, len(ex)
for f in ("id", "step", "step_title", "date", "suds_before", "suds_peak", "suds_after", "feared",
          "likelihood", "happened", "take_id"):
    assert all(f in e for e in ex), f
assert [e["date"][:10] for e in ex] == ["2024-03-01", "2024-03-03", "2024-03-04", "2024-03-05"], \
    [e["date"] for e in ex]
a, b, c, d = ex
assert (a["id"], a["step"], a["step_title"]) == (1, 2, title2), a
assert (a["suds_before"], a["suds_peak"], a["suds_after"]) == (60, 70, 40), a
assert (a["feared"], a["likelihood"], a["happened"], a["take_id"]) == ("my voice shakes", 80, 20, None), a
assert (b["suds_peak"], b["feared"] in ("", None), b["likelihood"], b["take_id"]) == (30, True, None, None), b
assert (d["id"], d["suds_before"], d["suds_peak"], d["suds_after"]) == (3, None, 30, None), d
assert (c["step"], c["suds_peak"], c["likelihood"], c["happened"]) == (1, 25, 50, None), c
assert c["feared"] == "my mind goes blank", c
assert len(takes) == 1 and c["take_id"] == takes[0]["id"], (c, takes)
assert takes[0]["source"].endswith("phone.wav"), takes[0]
PY
check "exposures --csv agrees with --json" python3 - "$T/exj.out" "$T/exc.out" <<'PY'
import csv, json, sys
ex = json.load(open(sys.argv[1]))
rows = list(csv.DictReader(open(sys.argv[2])))
assert len(rows) == len(ex), (len(rows), len(ex))
for e, r in zip(ex, rows):
    for k in ("id", "step", "suds_before", "suds_peak", "suds_after", "likelihood", "happened", "take_id"):
        assert (r[k] == "") if e[k] is None else (int(r[k]) == e[k]), (k, r[k], e[k])
    assert r["step_title"] == e["step_title"] and r["feared"] == (e["feared"] or ""), r
PY
check "exposures (text): a row each" [ "$(grep -cE '^ +[0-9]+  2024-03-0' "$T/ext.out")" = 4 ]
check "the text counts them" has "$T/ext.out" "^4 exposures"
run l1 ladder --json
check "the ladder shows the progress" python3 - "$OUT" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))["steps"]
assert s[1]["attempts"] == 3 and s[1]["last_peak"] == 30, s[1]
assert s[0]["attempts"] == 1 and s[0]["last_peak"] == 25, s[0]
assert s[2]["attempts"] == 0, s[2]
assert s[1]["status"] != s[2]["status"], (s[1]["status"], s[2]["status"])
PY
run l1t ladder
check "the text shows attempts and the latest peak" grep -qE "3 attempts, latest peak 30" "$OUT"

# ---- bad input: one line, exit 1 or 2, nothing stored ---------------------------------
snapshot s1
run b1 exposure log 2 --before 120 --peak 50 --after 10
check "a rating of 120: usage error" fails_with 2 "--before is a rating from 0 to 100"
check "naming the value" has "$ERR" "'120'"
run b2 exposure log 99 --before 10 --peak 20 --after 10
check "an unknown step" fails_with 1 "there is no step 99; the ladder has $N"
run b3 exposure log 2 --peak 20 --date 2024-02-30
check "a day not in the calendar" fails_with 2 "not a day of the calendar"
run b4 exposure log 2 --peak 20 --date 03/01/2024
check "a date in another format" fails_with 2 "YYYY-MM-DD"
run b5 exposure log 2 --peak 20 --date "$(date -d '+3 days' +%Y-%m-%d)"
check "a date in the future" fails_with 2 "in the future"
run b6 exposure log two --peak 20
check "a step that is not a number" fails_with 2 "STEP is the number of a step"
run b7 exposure log 2 --peak 20 --likelihood 50
check "a likelihood without a fear" fails_with 2 "give it with --feared"
run b8 exposure log 2
check "no rating at all" fails_with 2 "at least one of --before, --peak, --after"
run b9 exposure log 2 --peak 20 --take "$T/missing.wav"
check "a missing take" fails_with 1 "missing.wav"
echo "not audio at all" >"$T/notes.txt"
run b10 exposure log 2 --peak 20 --take "$T/notes.txt"
check "a take that is not audio" fails_with 1 "notes.txt"
run b11 exposure log 2 --peak 20 --bogus
check "an unknown option" fails_with 2 "unknown option '--bogus'"
run b12 exposure log 2 --peak
check "an option without its value" fails_with 2 "--peak needs a value"
run b13 exposure --peak 20
check "exposure without log" fails_with 2 "usage: podium exposure log STEP"
run b14 exposure log 2 --peak -5
check "a negative rating" fails_with 2 "--peak is a rating"
run b15 exposure log 2 --peak 50 --happened 101 --feared "they look bored"
check "happened 101" fails_with 2 "--happened is a rating"
run b16 exposures --json --csv
check "exposures --json --csv" fails_with 2 "not both"
check "after all that, nothing changed (ladder, exposures, takes)" unchanged s1

# ---- ladder export / import ------------------------------------------------------------
run le ladder export "$T/ladder.txt"
check "ladder export" [ "$RC" = 0 ]
check "a ladder file" grep -q "^podium-ladder 1" "$T/ladder.txt"
check "with every step" [ "$(grep -c '^\[step\]' "$T/ladder.txt")" = "$N" ]
cp "$T/ladder.txt" "$T/ladder.copy"
echo "# mine" >>"$T/ladder.txt"
cp "$T/ladder.txt" "$T/ladder.mine"
run le2 ladder export "$T/ladder.txt"
check "an existing file is not replaced" fails_with 1 "exists; give --force"
check "and is untouched" cmp -s "$T/ladder.txt" "$T/ladder.mine"
run le3 ladder export "$T/ladder.txt" --force
check "--force replaces it" [ "$RC" = 0 ]
check "with the ladder" cmp -s "$T/ladder.txt" "$T/ladder.copy"
run le4 ladder import "$T/ladder.txt"
check "importing the same ladder" [ "$RC" = 0 ]
check "keeps every step" has "$OUT" "$N of them already on the ladder"
check "and changes nothing" unchanged s1

# an edited ladder: step 4 renamed, step 5 removed, a step added at the top
python3 - "$T/ladder.txt" "$T/edited.txt" <<'PY'
import sys
text = open(sys.argv[1]).read()
head, *steps = text.split("[step]")
steps = ["[step]" + s for s in steps]
steps[3] = "\n".join("title = Renamed by my coach" if l.startswith("title") else l for l in steps[3].split("\n"))
del steps[4]
new = "[step]\ntitle = Breathe first\n\n"
open(sys.argv[2], "w").write(head + new + "".join(steps))
PY
run li ladder import "$T/edited.txt"
check "import an edited ladder" [ "$RC" = 0 ]
run li_l ladder --json
check "the edited ladder is stored; step 2's exposures follow it (now step 3)" python3 - "$T/en.json" "$OUT" <<'PY'
import json, sys
old, new = (json.load(open(p))["steps"] for p in sys.argv[1:3])
assert len(new) == len(old), (len(new), len(old))   # one removed, one added
assert new[0]["title"] == "Breathe first" and new[0]["attempts"] == 0
assert new[2]["title"] == old[1]["title"] and new[2]["id"] == old[1]["id"] and new[2]["attempts"] == 3
assert new[1]["id"] == old[0]["id"] and new[1]["attempts"] == 1
assert new[4]["title"] == "Renamed by my coach" and new[4]["id"] != old[3]["id"]
assert old[4]["title"] not in [x["title"] for x in new]
PY
run li_x exposures --json
check "the exposures follow their steps" python3 - "$OUT" <<'PY'
import json, sys
ex = json.load(open(sys.argv[1]))
assert [e["step"] for e in ex] == [3, 3, 2, 3], [e["step"] for e in ex]
PY
# a ladder without step 2's step: its exposures stay, with their title
python3 - "$T/edited.txt" "$T/without.txt" <<'PY'
import sys
text = open(sys.argv[1]).read()
head, *steps = text.split("[step]")
del steps[2]
open(sys.argv[2], "w").write(head + "".join("[step]" + s for s in steps))
PY
run lw ladder import "$T/without.txt"
check "import a ladder without a practised step" [ "$RC" = 0 ]
check "it says the exposures are kept" has "$OUT" "3 exposures are kept"
run lw_x exposures --json
check "the removed step's exposures: step null, title kept" python3 - "$OUT" "$TITLE2" <<'PY'
import json, sys
ex = json.load(open(sys.argv[1]))
assert len(ex) == 4
gone = [e for e in ex if e["step"] is None]
assert len(gone) == 3 and all(e["step_title"] == sys.argv[2] for e in gone), gone
assert all(e["suds_peak"] is not None for e in gone)
PY
run lw_t exposures
check "the text says the step is gone" has "$OUT" "no longer on the ladder"

# damaged ladder files: refused with the file, the line and the problem; nothing changed
snapshot s2
printf 'podium-ladder 1\n[step]\ntitle = Fine\nrepetitions = 99\n' >"$T/bad_reps.txt"
run d1 ladder import "$T/bad_reps.txt"
check "a value out of range" fails_with 1 "bad_reps.txt'*: line [0-9]"
check "names the problem" has "$ERR" "repetitions = 99: allowed 1 to 10"
check "and says the ladder was kept" has "$ERR" "not changed"
printf 'podium-ladder 1\n[step]\ntitle = Fine\nreps = 3\n' >"$T/bad_key.txt"
run d1b ladder import "$T/bad_key.txt"
check "an unknown key" fails_with 1 "line 4: unknown key 'reps'"
printf 'podium-ladder 1\n[step]\ntitle = Fine\nthis is not a key value line\n' >"$T/bad_line.txt"
run d2 ladder import "$T/bad_line.txt"
check "a line that is not key = value" fails_with 1 "line 4"
printf 'not a ladder\n' >"$T/bad_head.txt"
run d3 ladder import "$T/bad_head.txt"
check "a file without the header" fails_with 1 "bad_head.txt"
head -c 3000 /dev/urandom >"$T/binary.bin"
printf '\0' >>"$T/binary.bin"
run d4 ladder import "$T/binary.bin"
check "a binary file" fails_with 1 "binary.bin"
python3 -c 'import sys; open(sys.argv[1], "w").write("# x\n" * 17500)' "$T/big.txt"
run d5 ladder import "$T/big.txt"
check "a file over 64 KiB" fails_with 1 "too large (70000 bytes; at most 65536)"
run d6 ladder import "$T"
check "a folder" fails_with 1 "not a regular file"
run d7 ladder import "$T/missing.txt"
check "a missing file" fails_with 1 "missing.txt"
check "after all that, nothing changed" unchanged s2
run d8 ladder import
check "ladder import without FILE" fails_with 2 "usage: podium ladder import FILE"

# ---- exposure delete ------------------------------------------------------------------
run xl exposure log 3 --peak 55
XID=$(sed -n 's/^logged exposure \([0-9]*\):.*/\1/p' "$OUT")
check "a log to take back" [ -n "$XID" ]
echo n | timeout 60 "$PODIUM" exposure delete "$XID" >"$T/xd.out" 2>"$T/xd.err"
check "delete asks and 'n' keeps it" [ $? = 1 ]
run xd_x exposures --json
check "still there" python3 -c 'import json,sys; assert len(json.load(open(sys.argv[1]))) == 5' "$OUT"
run xd2 exposure delete "$XID" --yes
check "--yes deletes it" [ "$RC" = 0 ]
check "back to the 4 exposures as they were" unchanged s2
run xd3 exposure delete "$XID" --yes
check "deleting it again" fails_with 1 "there is no exposure $XID"
run xd4 exposure delete first
check "an id that is not a number" fails_with 2 "not an exposure id"

# ---- export DIR -------------------------------------------------------------------------
run exd export "$T/out"
check "export" [ "$RC" = 0 ]
check "export names the programme's files" has "$OUT" "exposures.csv, exposures.json, ladder.txt"
run exd_x exposures --json
check "exposures.json is 'podium exposures --json'" cmp -s "$T/out/exposures.json" "$OUT"
run exd_c exposures --csv
check "exposures.csv is 'podium exposures --csv'" cmp -s "$T/out/exposures.csv" "$OUT"
run exd_l ladder export "$T/now-ladder.txt"
check "ladder.txt is 'podium ladder export'" cmp -s "$T/out/ladder.txt" "$T/now-ladder.txt"
check "the takes are still exported" [ -f "$T/out/takes.json" ]
run exd2 export --data-dir "$T/fresh" "$T/out2"
check "export of a store without a ladder" [ "$RC" = 0 ]
check "writes an empty exposures.json" python3 -c 'import json,sys; assert json.load(open(sys.argv[1])) == []' "$T/out2/exposures.json"
check "and makes no ladder" python3 - "$T/fresh" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1] + "/podium.db")
assert db.execute("SELECT count(*) FROM ladder").fetchone()[0] == 0
assert db.execute("SELECT count(*) FROM step").fetchone()[0] == 0
PY

# ---- a damaged database ----------------------------------------------------------------
DD="$T/damaged"
run dd0 ladder --data-dir "$DD"
head -c 20000 /dev/urandom >"$DD/podium.db"
rm -f "$DD/podium.db-wal" "$DD/podium.db-shm"
run dd1 ladder --data-dir "$DD"
check "a damaged database: one line, exit 1" fails_with 1 "damaged.*--reset-db"
run dd2 exposure log 1 --peak 10 --data-dir "$DD"
check "exposure log too" fails_with 1 "damaged"

# ---- help ------------------------------------------------------------------------------
run help help
check "help lists the programme's commands" grep -q "podium exposure log STEP" "$OUT"
check "help lists podium ladder" grep -q "podium ladder \[--json\]" "$OUT"

echo "$checks checks, $fails failed"
[ "$fails" = 0 ]
