#!/bin/bash
# Waits for console markers, in order, in a serial log.
#
#   expect.sh [options] [--] MARKER...
#
# Reads the log from stdin (a stream, e.g. piped from qemu.sh) or from
# --file, always to its end, so that a failure printed after the last
# marker still counts and the printed log is whole.  A MARKER is a fixed
# string looked for inside a line; "re:REGEX" is an extended regex instead.
# Fails when the log ends or the time runs out before every marker was seen,
# or when any line matches a failure pattern (FAIL_PATTERNS below, and
# --fail) unless it also matches an --allow pattern.  On failure it says
# why and prints the whole log.
#
# Options:
#   --file LOG      read LOG instead of stdin
#   --timeout SEC   give up after SEC seconds (default 60)
#   --fail REGEX    one more failure pattern
#   --allow REGEX   lines matching REGEX are never failures
#   --echo          copy each line to stdout as it arrives
set -eu
shopt -s extglob            # for the escape-sequence pattern in check_line

# Lines that fail a boot whatever the case expects, unless allowed.
FAIL_PATTERNS=(
    'TEST [^ ]+: FAIL'                          # a guest self-test case
    'selftest: [0-9]+ passed, [1-9][0-9]* failed'
    'PANIC'                                     # our hypervisor's panic
    'Panic on CPU'                              # real Xen's panic
    'mkiso: GRUB could not boot'                # tests/boot/mkiso.sh
)

usage() {
    awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0" >&2
    exit 2
}

file='' timeout_s=60 echo_lines=''
allow=() markers=()

parse_args() {
    while [ $# -gt 0 ]; do
        case $1 in
            --file) file=${2:?--file needs a log file}; shift ;;
            --timeout) timeout_s=${2:?--timeout needs seconds}; shift ;;
            --fail) FAIL_PATTERNS+=("${2:?--fail needs a regex}"); shift ;;
            --allow) allow+=("${2:?--allow needs a regex}"); shift ;;
            --echo) echo_lines=1 ;;
            -h|--help) usage ;;
            --) shift; break ;;
            -*) echo "expect.sh: unknown option '$1'" >&2; usage ;;
            *) break ;;
        esac
        shift
    done
    markers=("$@")
}

# True when LINE contains marker number $next.
marker_in() {
    local m=${markers[$next]}
    if [ "${m#re:}" != "$m" ]; then
        [[ $1 =~ ${m#re:} ]]
    else
        [[ $1 == *"$m"* ]]
    fi
}

is_failure() {
    local re
    for re in "${allow[@]}"; do
        [[ $1 =~ $re ]] && return 1
    done
    for re in "${FAIL_PATTERNS[@]}"; do
        [[ $1 =~ $re ]] && return 0
    done
    return 1
}

# Checks one line: records the first failure line, advances past every
# marker the line holds.
check_line() {
    # Carriage returns and terminal escapes (SeaBIOS and GRUB clear the
    # screen) only get in the way of matching and reading.
    local line=${1//$'\r'/}
    line=${line//$'\e'[\[(]*([0-9;?])[A-Za-z]/}
    line=${line//$'\e'c/}
    printf '%s\n' "$line" >>"$log"
    [ -z "$echo_lines" ] || printf '%s\n' "$line"
    if [ -z "$failure" ] && is_failure "$line"; then
        failure=$line
    fi
    while [ "$next" -lt ${#markers[@]} ] && marker_in "$line"; do
        next=$((next + 1))
    done
}

# Reads lines until EOF (ended=eof) or the deadline (ended=timeout).
read_log() {
    local deadline=$((SECONDS + timeout_s)) left line rc
    while :; do
        left=$((deadline - SECONDS))
        if [ "$left" -le 0 ]; then
            ended=timeout
            return
        fi
        rc=0
        IFS= read -r -t "$left" line || rc=$?
        if [ "$rc" -eq 0 ]; then
            check_line "$line"
        elif [ "$rc" -gt 128 ]; then
            ended=timeout
            return
        else
            # EOF; a last line without a newline still counts.
            [ -z "$line" ] || check_line "$line"
            ended=eof
            return
        fi
    done
}

report() {
    local bad=
    if [ -n "$failure" ]; then
        echo "expect: failure line in the log: $failure"
        bad=1
    fi
    if [ "$next" -lt ${#markers[@]} ]; then
        echo "expect: marker $((next + 1)) of ${#markers[@]} not seen" \
             "before $( [ "$ended" = eof ] && echo "the end of the log" ||
                       echo "the ${timeout_s}s timeout"): '${markers[$next]}'"
        bad=1
    elif [ "$ended" = timeout ]; then
        echo "expect: log still open after ${timeout_s}s (all markers seen)"
        bad=1
    fi
    if [ -z "$bad" ]; then
        echo "expect: all ${#markers[@]} markers seen"
        return 0
    fi
    echo "---- serial log ----"
    cat "$log"
    echo "---- end of serial log ----"
    return 1
}

main() {
    parse_args "$@"
    log=$(mktemp)
    trap 'rm -f "$log"' EXIT
    next=0 failure='' ended=''
    if [ -n "$file" ]; then
        [ -r "$file" ] || { echo "expect.sh: cannot read '$file'" >&2; exit 2; }
        read_log <"$file"
    else
        read_log
    fi
    report
}

main "$@"
