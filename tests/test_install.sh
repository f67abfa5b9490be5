#!/usr/bin/env bash
# test_install.sh - `cmake --install` to a temporary prefix, then the
# installed program run as a user would run it: from another folder, with
# PODIUM_ASSETS unset and nothing of the build or source tree near it.
#
# Usage: test_install.sh BUILD_DIR SOURCE_DIR VERSION
# Needs desktop-file-utils, appstream, man-db (.ci/run installs them).
#
# - The install holds bin/podium, share/podium/{prompts,topics,questions,
#   the sample}, the desktop entry, the icon (SVG + 48, 64, 128, 256 px PNGs
#   of those sizes), the AppStream metainfo, the manual page (gzip), the
#   README, the licence and the Debian copyright and changelog.
# - The prefix is moved after installing (install to P/a, run from P/b): the
#   program finds its data relative to itself, not where it was installed.
# - `podium --version` prints the project version; `podium analyse` on the
#   installed sample gives the report and its JSON (speech found, 11.0 s);
#   `podium --screenshots DIR` (SDL offscreen) draws every screen, the trace
#   naming the installed data folder, with no "no data folder" message.
# - The program alone (no share/podium beside it) says on one line which
#   folders it looked in and how to fix it, and exits 1 (the app and the
#   screenshots mode); with PODIUM_ASSETS it uses that folder.
# - The source's assets path is nowhere in the installed binary.
# - Validators: desktop-file-validate (no errors; its one hint is printed),
#   appstreamcli validate --no-net (the screenshots' URLs are not fetched:
#   tests run offline), man --warnings (no output at all).
# - The manual page covers `podium help`: every option (--x) and every
#   command word that `podium help` prints is in podium.1.
set -u
BUILD=${1:?usage: test_install.sh BUILD_DIR SOURCE_DIR VERSION}
BUILD=$(cd "$BUILD" && pwd) || exit 1
SRC=${2:?usage: test_install.sh BUILD_DIR SOURCE_DIR VERSION}
SRC=$(cd "$SRC" && pwd) || exit 1
VERSION=${3:?usage: test_install.sh BUILD_DIR SOURCE_DIR VERSION}
. "$(dirname "$0")/check.sh"
ID=io.github.podium.Podium
for tool in desktop-file-validate appstreamcli man python3; do
    command -v $tool >/dev/null ||
        { echo "FAILED: $tool is not installed (apt-get install desktop-file-utils appstream man-db python3)"; exit 1; }
done

T=$(mktemp -d /tmp/podium-install-XXXXXX)
trap 'rm -rf "$T"' EXIT
if ! cmake --install "$BUILD" --prefix "$T/a" >"$T/install.log" 2>&1; then
    cat "$T/install.log"
    echo "FAILED: cmake --install"
    exit 1
fi
mv "$T/a" "$T/b"
P=$T/b
for f in bin/podium share/podium/sample_en_jfk_ask_not.wav share/podium/prompts/en \
         share/podium/prompts/it share/podium/topics/en.txt share/podium/topics/it.txt \
         share/podium/questions/en.txt share/podium/questions/it.txt \
         share/applications/$ID.desktop share/icons/hicolor/scalable/apps/$ID.svg \
         share/metainfo/$ID.metainfo.xml share/man/man1/podium.1.gz \
         share/doc/podium/README.md share/doc/podium/COPYING share/doc/podium/copyright \
         share/doc/podium/changelog.gz; do
    check "installed: $f" test -e "$P/$f"
done
check "bin/podium is executable" test -x "$P/bin/podium"
for px in 48 64 128 256; do
    png=$P/share/icons/hicolor/${px}x${px}/apps/$ID.png
    check "icon ${px}x$px is a PNG of that size" \
        grep -q "PNG image data, $px x $px" <(file -b "$png" 2>&1)
done
check "the manual page is gzip -n (no name, no time stamp)" \
    python3 -c 'import sys; h=open(sys.argv[1],"rb").read(10); sys.exit(not (h[:2]==b"\x1f\x8b" and h[3]&8==0 and h[4:8]==b"\0\0\0\0"))' \
    "$P/share/man/man1/podium.1.gz"
check "nothing else is installed as a program (no tests, no benches)" \
    test "$(ls "$P/bin")" = podium

# ---- the installed program, from elsewhere --------------------------------
mkdir -p "$T/elsewhere"
cd "$T/elsewhere" || exit 1
run() { env -u PODIUM_ASSETS HOME="$T/home" XDG_CONFIG_HOME="$T/config" XDG_DATA_HOME="$T/data" "$@"; }
out=$(run "$P/bin/podium" --version 2>&1)
check "podium --version prints 'podium $VERSION' (got '$out')" test "$out" = "podium $VERSION"
run "$P/bin/podium" analyse "$P/share/podium/sample_en_jfk_ask_not.wav" >"$T/report.txt" 2>"$T/report.err"
check "analyse the installed sample: exit 0" test $? = 0
check "analyse: the report" grep -q "^Analysis of: $P/share/podium/sample_en_jfk_ask_not.wav" "$T/report.txt"
check "analyse: a pace line" grep -q "^  Pace " "$T/report.txt"
check "analyse: nothing on stderr" test ! -s "$T/report.err"
run "$P/bin/podium" analyse --json "$P/share/podium/sample_en_jfk_ask_not.wav" >"$T/report.json"
check "analyse --json: speech found, 11.0 s" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
sys.exit(not (r["speech_detected"] is True and abs(r["duration_s"] - 11.0) < 0.01))' "$T/report.json"
# the screenshots mode runs every screen with the demo sample and the cards
# (under the sanitizers a report goes to its own file: the audio library
# silences stderr while PortAudio starts, which could hide one)
export ASAN_OPTIONS="${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}log_path=$T/asan"
run PODIUM_TRACE=1 SDL_VIDEODRIVER=offscreen "$P/bin/podium" --screenshots "$T/shots" \
    >"$T/shots.out" 2>"$T/shots.err"
rc=$?
check "--screenshots: exit 0 (rc $rc)" test $rc = 0
check "--screenshots: the installed data folder found" \
    grep -qx "podium: assets $P/share/podium" "$T/shots.err"
check "--screenshots: no missing-data message" bash -c "! grep -q 'no data folder' '$T/shots.err'"
n=$(ls "$T/shots" 2>/dev/null | grep -c '\.png$')
check "--screenshots: at least 40 screens drawn (got $n)" test "$n" -ge 40
check "--screenshots: home is a 1280x720 PNG" \
    grep -q "PNG image data, 1280 x 720" <(file -b "$T/shots/01-home.png" 2>&1)
[ $rc = 0 ] || { cat "$T/shots.err"; cat "$T"/asan.* 2>/dev/null; }

# the program alone: it says where it looked and what to do, and stops
mkdir -p "$T/lone"
cp "$P/bin/podium" "$T/lone/podium"
why="no data folder (prompt cards, sample) in $T/lone/../share/podium or $T/lone/assets: reinstall podium, or set PODIUM_ASSETS=DIR to a folder holding prompts/"
run SDL_VIDEODRIVER=offscreen "$T/lone/podium" --screenshots "$T/lone/shots" >/dev/null 2>"$T/lone.err"
rc=$?
check "alone, --screenshots: exit 1 (rc $rc)" test $rc = 1
check "alone, --screenshots: one line naming the places and PODIUM_ASSETS" \
    test "$(cat "$T/lone.err")" = "podium: screenshots: $why"
run SDL_VIDEODRIVER=offscreen timeout 60 "$T/lone/podium" --demo >/dev/null 2>"$T/lone-app.err"
rc=$?
check "alone, the app: exit 1 (rc $rc)" test $rc = 1
check "alone, the app: one line naming the places and PODIUM_ASSETS" \
    test "$(cat "$T/lone-app.err")" = "podium: $why"
check "alone, with PODIUM_ASSETS: the override is used" bash -c \
    "env PODIUM_ASSETS='$P/share/podium' PODIUM_TRACE=1 SDL_VIDEODRIVER=offscreen HOME='$T/home' \
         XDG_CONFIG_HOME='$T/config' XDG_DATA_HOME='$T/data' timeout 60 '$T/lone/podium' --bench-drill 0.5 \
         2>&1 >/dev/null | grep -qx 'podium: assets $P/share/podium'"
check "the source's assets path is not in the installed binary" \
    bash -c "! grep -qaF '$SRC/assets' '$P/bin/podium'"
cd / || exit 1

# ---- validators -----------------------------------------------------------
desktop-file-validate "$P/share/applications/$ID.desktop" >"$T/dfv.txt" 2>&1
check "desktop-file-validate: exit 0" test $? = 0
check "desktop-file-validate: no error or warning" bash -c "! grep -Eq ': (error|warning):' '$T/dfv.txt'"
echo "desktop-file-validate:"; sed 's/^/  /' "$T/dfv.txt"
appstreamcli validate --no-net "$P/share/metainfo/$ID.metainfo.xml" >"$T/as.txt" 2>&1
check "appstreamcli validate: exit 0" test $? = 0
echo "appstreamcli validate --no-net:"; sed 's/^/  /' "$T/as.txt"
LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$P/share/man/man1/podium.1.gz" >"$T/man.txt" 2>"$T/man.err"
check "man --warnings: exit 0" test $? = 0
check "man --warnings: no warnings" test ! -s "$T/man.err"
cat "$T/man.err"
check "podium.1 is the page of Podium $VERSION" grep -q "^\.TH PODIUM 1 .* \"Podium $VERSION\"" "$SRC/assets/package/podium.1"
check "the metainfo's release is $VERSION" grep -q "<release version=\"$VERSION\"" "$P/share/metainfo/$ID.metainfo.xml"
check "man: the page renders (NAME, SYNOPSIS, COMMANDS)" \
    bash -c "grep -q '^NAME' '$T/man.txt' && grep -q '^SYNOPSIS' '$T/man.txt' && grep -q '^COMMANDS' '$T/man.txt'"

# ---- the manual page covers `podium help` ----------------------------------
"$P/bin/podium" help >"$T/help.txt"
check "the manual page names every option and command of 'podium help'" python3 - "$T/help.txt" "$SRC/assets/package/podium.1" <<'PY'
import re, sys
help_text = open(sys.argv[1]).read()
man = open(sys.argv[2]).read()
# the roff source as text: \- is -, font changes and quotes gone
text = re.sub(r'\\f[BIRP]', '', man.replace('\\-', '-'))
text = text.replace('"', ' ')
words = set(re.findall(r'[A-Za-z0-9.\-]+', text))
missing = []
for opt in sorted(set(re.findall(r'(?<![\w-])(--?[a-z][a-z-]*)', help_text))):
    if opt not in words:
        missing.append(opt)
for verb in sorted(set(re.findall(r'(?:^|\| )\s*podium ([a-z]+)', help_text, re.M))):
    if not re.search(r'podium %s\b' % verb, text):
        missing.append('podium ' + verb)
for sub in ('ladder export', 'ladder import', 'exposure log', 'exposure delete'):
    if 'podium ' + sub not in text:
        missing.append('podium ' + sub)
if missing:
    print('not in podium.1:', ' '.join(missing))
sys.exit(1 if missing else 0)
PY

echo "$checks checks, $fails failed"
[ "$fails" = 0 ]
