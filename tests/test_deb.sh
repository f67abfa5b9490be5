#!/usr/bin/env bash
# test_deb.sh - the Debian package: `cpack -G DEB` from the build, its
# control fields, lintian, then (as root, as CI runs) dpkg -i, the installed
# program, and apt-get remove.
#
# Usage: test_deb.sh BUILD_DIR VERSION
# Needs dpkg-dev (dpkg-shlibdeps) and lintian (.ci/run installs them).
#
# - The .deb is named podium_VERSION_amd64.deb; its Depends has each runtime
#   library package of the issue (dpkg-shlibdeps), fonts-dejavu-core, and
#   the package holding each library the binary needs (objdump -p NEEDED,
#   found with ldconfig and dpkg -S: libpng16-16 came later); every file in it
#   is owned by root, under /usr, the binary stripped.
# - lintian prints no error and no warning (its output is shown; the kept
#   informational tags are named in the README).
# - As root: dpkg -i installs it; from / with PODIUM_ASSETS unset,
#   /usr/bin/podium --version prints the version, `man -w podium` finds
#   /usr/share/man/man1/podium.1.gz, the menu entry and the sample are in
#   place and `podium analyse` reads the sample; apt-get remove takes every
#   file away (dpkg -L listed them) and leaves the package not installed.
#   Not root: the install part is skipped (exit 77) with the reason, after
#   the checks above. A podium package installed before the test is left
#   alone: the install part is skipped then too, saying so.
# - A sanitizer build (ASan + UBSan, -DPODIUM_SANITIZE=ON) packages and
#   installs the same way: dpkg-shlibdeps adds libasan8 and libubsan1 to
#   Depends, which the test checks, so the package honestly says what it
#   needs; such a package is for this test, not for users.
set -u
BUILD=${1:?usage: test_deb.sh BUILD_DIR VERSION}
BUILD=$(cd "$BUILD" && pwd) || exit 1
VERSION=${2:?usage: test_deb.sh BUILD_DIR VERSION}
. "$(dirname "$0")/check.sh"
for tool in cpack dpkg-deb dpkg-shlibdeps lintian file objdump; do
    command -v $tool >/dev/null ||
        { echo "FAILED: $tool is not installed (apt-get install dpkg-dev lintian file)"; exit 1; }
done

T=$(mktemp -d /tmp/podium-deb-XXXXXX)
trap 'rm -rf "$T"' EXIT
if ! (cd "$T" && cpack -G DEB --config "$BUILD/CPackConfig.cmake" -B "$T") >"$T/cpack.log" 2>&1; then
    cat "$T/cpack.log"
    echo "FAILED: cpack -G DEB"
    exit 1
fi
DEB=$T/podium_${VERSION}_amd64.deb
check "cpack made $(basename "$DEB")" test -f "$DEB"
[ -f "$DEB" ] || { echo "$checks checks, $fails failed"; exit 1; }

# ---- the control fields and the contents ------------------------------------
depends=$(dpkg-deb -f "$DEB" Depends)
echo "Depends: $depends"
for pkg in libportaudio2 libsndfile1 libsdl2-2.0-0 libsdl2-ttf-2.0-0 libkissfft-float131 \
           libebur128-1 libsqlite3-0 fonts-dejavu-core libc6; do
    check "Depends names $pkg" grep -Eq "(^|, )$pkg( |,|$)" <<<"$depends"
done
# and every library the binary is linked against, by the package that holds it
for lib in $(objdump -p "$BUILD/podium" | awk '/NEEDED/ {print $2}'); do
    path=$(ldconfig -p | awk -v l="$lib" '$1 == l && /x86-64/ {print $NF; exit}')
    owner=$(dpkg -S "$path" 2>/dev/null || dpkg -S "/usr$path" 2>/dev/null)
    owner=${owner%%:*}
    check "Depends names $owner, which holds $lib" grep -Eq "(^|, )${owner:-no-package-found}( |,|$)" <<<"$depends"
done
check "Package: podium" test "$(dpkg-deb -f "$DEB" Package)" = podium
check "Version: $VERSION" test "$(dpkg-deb -f "$DEB" Version)" = "$VERSION"
check "Architecture: amd64" test "$(dpkg-deb -f "$DEB" Architecture)" = amd64
sanitized=0
if nm -D "$BUILD/podium" 2>/dev/null | grep -q __asan_init; then
    sanitized=1
    echo "a sanitizer build: its package needs the sanitizer runtimes"
    check "Depends names libasan8 (sanitizer build)" grep -q libasan8 <<<"$depends"
    check "Depends names libubsan1 (sanitizer build)" grep -q libubsan1 <<<"$depends"
fi
dpkg-deb -c "$DEB" >"$T/contents.txt"
for f in ./usr/bin/podium ./usr/share/podium/sample_en_jfk_ask_not.wav \
         ./usr/share/applications/io.github.podium.Podium.desktop \
         ./usr/share/metainfo/io.github.podium.Podium.metainfo.xml \
         ./usr/share/icons/hicolor/scalable/apps/io.github.podium.Podium.svg \
         ./usr/share/icons/hicolor/48x48/apps/io.github.podium.Podium.png \
         ./usr/share/man/man1/podium.1.gz ./usr/share/doc/podium/copyright \
         ./usr/share/doc/podium/changelog.gz; do
    check "the package holds $f" grep -q " $f\$" "$T/contents.txt"
done
check "every entry is owned by root/root" bash -c "awk '{print \$2}' '$T/contents.txt' | sort -u | grep -qx root/root"
check "everything is under /usr" bash -c "! awk '{print \$6}' '$T/contents.txt' | grep -v '^\./\$' | grep -qv '^\./usr/'"
mkdir -p "$T/x"
dpkg-deb -x "$DEB" "$T/x"
check "the packaged binary is stripped" grep -q ", stripped" <(file -b "$T/x/usr/bin/podium")

# ---- lintian ------------------------------------------------------------------
lintian --tag-display-limit 0 --display-info "$DEB" >"$T/lintian.txt" 2>&1
lrc=$?
echo "lintian (exit $lrc):"
grep -v '^running with root privileges' "$T/lintian.txt" | sed 's/^/  /'
check "lintian: exit 0" test $lrc = 0
check "lintian: no errors" bash -c "! grep -q '^E: ' '$T/lintian.txt'"
check "lintian: no warnings" bash -c "! grep -q '^W: ' '$T/lintian.txt'"

# ---- install, run, remove (root only) -------------------------------------------
if [ "$(id -u)" != 0 ]; then
    echo "$checks checks, $fails failed"
    [ "$fails" = 0 ] || exit 1
    echo "SKIP (install part): dpkg -i needs root; CI runs as root"
    exit 77
fi
exec 9>/tmp/podium-deb-test.lock
flock 9   # one dpkg run of this test at a time (the plain and sanitizer builds)
if dpkg-query -W -f '${Status}' podium 2>/dev/null | grep -q 'install ok installed'; then
    echo "$checks checks, $fails failed"
    [ "$fails" = 0 ] || exit 1
    echo "SKIP (install part): a podium package was installed before this test; it is left alone"
    exit 77
fi
dpkg -i "$DEB" >"$T/dpkg.log" 2>&1
drc=$?
check "dpkg -i: exit 0" test $drc = 0
[ $drc = 0 ] || cat "$T/dpkg.log"
check "dpkg: installed" bash -c "dpkg-query -W -f '\${Status}' podium | grep -q 'install ok installed'"
dpkg -L podium >"$T/files.txt"
cd / || exit 1
out=$(env -u PODIUM_ASSETS /usr/bin/podium --version 2>&1)
check "/usr/bin/podium --version prints 'podium $VERSION' (got '$out')" test "$out" = "podium $VERSION"
check "man -w podium finds the page" test "$(man -w podium 2>&1)" = /usr/share/man/man1/podium.1.gz
check "the menu entry is installed" test -f /usr/share/applications/io.github.podium.Podium.desktop
env -u PODIUM_ASSETS /usr/bin/podium analyse --json /usr/share/podium/sample_en_jfk_ask_not.wav >"$T/r.json" 2>"$T/r.err"
check "podium analyse the installed sample: exit 0" test $? = 0
check "podium analyse: speech found" grep -q '"speech_detected": *true' "$T/r.json"
apt-get remove -y podium >"$T/remove.log" 2>&1
check "apt-get remove podium: exit 0" test $? = 0
check "removed: not installed" bash -c "! dpkg-query -W -f '\${Status}' podium 2>/dev/null | grep -q 'ok installed'"
left=$(while read -r f; do [ -f "$f" ] && echo "$f"; done <"$T/files.txt")
check "removed: none of its files left (${left:-none})" test -z "$left"
check "removed: /usr/share/podium gone" test ! -e /usr/share/podium
dpkg --purge podium >/dev/null 2>&1
[ $sanitized = 1 ] && echo "(sanitizer build: packaged, installed, run and removed as the plain one)"

echo "$checks checks, $fails failed"
[ "$fails" = 0 ]
