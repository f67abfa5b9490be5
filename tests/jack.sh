# jack.sh - a private JACK dummy server for the real-time tests and benches
# (sourced, not run). The caller exports JACK_DEFAULT_SERVER (its own name),
# JACK_NO_AUDIO_RESERVATION=1 and JACK_NO_START_SERVER=1, and kills
# $JACKD_PID in its exit trap.
# jack_start RATE LOG: starts jackd's dummy backend (no sound card, paced by
#   the clock like one; 256-frame periods) logging to LOG, sets JACKD_PID,
#   waits up to 10 s for it to answer; else prints LOG and returns 1.
# crash_report RC PROGRAM DIR: when RC says PROGRAM died of a signal, prints
#   the backtrace of every thread from DIR's core file (when gdb is there).
# jack_wait_port [PID]: waits up to 10 s for podium's input port
#   (podium:in_0); returns 1 at once when PID (podium) has exited.
JACKD_PID=
jack_start() {
    jackd --no-realtime -d dummy -r "$1" -p 256 >"$2" 2>&1 &
    JACKD_PID=$!
    for _ in $(seq 100); do
        jack_lsp >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "$(basename "$0"): the JACK dummy server did not start:" >&2
    cat "$2" >&2
    return 1
}
jack_wait_port() {
    for _ in $(seq 200); do
        jack_lsp 2>/dev/null | grep -q '^podium:in_0$' && return 0
        [ -n "${1:-}" ] && ! kill -0 "$1" 2>/dev/null && return 1
        sleep 0.05
    done
    return 1
}
crash_report() {
    [ "$1" -ge 128 ] || return 0
    echo "$(basename "$0"): $(basename "$2") died of signal $(($1 - 128))" >&2
    local core
    core=$(ls -t "$3"/core* 2>/dev/null | head -1)
    if [ -n "$core" ] && command -v gdb >/dev/null; then
        gdb -q -batch -ex "thread apply all bt 30" "$2" "$core" 2>&1 | grep -v '^\[New LWP' >&2
    else
        echo "  (no core file in $3, or no gdb: no backtrace)" >&2
    fi
}
