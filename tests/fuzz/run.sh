#!/usr/bin/env bash
# run.sh - runs each fuzz target (built with -DPODIUM_FUZZ=ON) for a fixed
# time and fails on any crash, leak, undefined behaviour, timeout or
# out-of-memory: what .ci/run does, and how to fuzz for hours.
#
# Usage: tests/fuzz/run.sh BUILD_DIR SECONDS_EACH [TARGET...]
#   (no TARGET: all of them). Each target starts from a copy of its seed
#   corpus (tests/fuzz/corpus/TARGET) in BUILD_DIR/fuzz-work/TARGET, which
#   keeps growing across runs; a failing input is saved as
#   BUILD_DIR/fuzz-work/TARGET-crash-* etc. (copy it into the seed corpus,
#   fix the defect: the replay test then keeps it fixed). Prints, per
#   target, the executions and the coverage (libFuzzer's "cov": code edges
#   reached; "ft": features) at the end.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?usage: run.sh BUILD_DIR SECONDS_EACH [TARGET...]}
secs=${2:?usage: run.sh BUILD_DIR SECONDS_EACH [TARGET...]}
shift 2
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(fuzz_audio_file fuzz_analyzer fuzz_bounds fuzz_app_conf fuzz_prompt fuzz_ladder
             fuzz_topics fuzz_store fuzz_import)
fi
# the largest input tried: audio and databases need room, text parsers less
max_len() {
    case $1 in
        fuzz_audio_file|fuzz_import|fuzz_store) echo 65536 ;;
        fuzz_analyzer) echo 32768 ;;
        *) echo 8192 ;;
    esac
}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$here/lsan.supp}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
work="$build/fuzz-work"
mkdir -p "$work"
rc=0
summary=""
for t in "${targets[@]}"; do
    exe="$build/tests/fuzz/$t"
    if [ ! -x "$exe" ]; then
        echo "run.sh: no $exe (build with -DPODIUM_FUZZ=ON -DCMAKE_C_COMPILER=clang --target fuzz_targets)" >&2
        exit 2
    fi
    mkdir -p "$work/$t"
    cp -n "$here/corpus/$t/"* "$work/$t/" 2>/dev/null || true
    dict=()
    [ -f "$here/$t.dict" ] && dict=(-dict="$here/$t.dict")
    log="$work/$t.log"
    echo "=== $t: ${secs}s"
    "$exe" "$work/$t" "${dict[@]}" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 \
        -max_len="$(max_len "$t")" -print_final_stats=1 -artifact_prefix="$work/$t-" >"$log" 2>&1
    status=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    cov=$(grep -Eo 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)
    if [ $status -ne 0 ]; then
        rc=1
        echo "$t FAILED (exit $status); the end of its log ($log):"
        tail -n 60 "$log"
        ls "$work/$t"-* 2>/dev/null
    fi
    summary+=$(printf '%-16s %s  executions %-9s %s' "$t" "$([ $status -eq 0 ] && echo ok || echo FAIL)" "${execs:-?}" "${cov:-?}")$'\n'
done
echo
printf '%s' "$summary"
exit $rc
