# check.sh - the assertion helpers of the shell tests (sourced, not run).
# check DESCRIPTION COMMAND...: counts a check and runs COMMAND; when it
# fails, prints the caller's file and line and the description on stderr.
# The script ends with: echo "$checks checks, $fails failed"; [ "$fails" = 0 ]
checks=0
fails=0
fail() {
    fails=$((fails + 1))
    local line=${BASH_LINENO[0]}
    [ "${FUNCNAME[1]:-}" = check ] && line=${BASH_LINENO[1]}
    echo "$(basename "$0"):$line: FAILED: $*" >&2
}
check() {
    local what=$1
    shift
    checks=$((checks + 1))
    if ! "$@"; then fail "$what"; fi
}
