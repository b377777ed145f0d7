#!/bin/bash
# Differential test: runs the guest's self-test on real Xen 4.17 (the
# reference) and on our hypervisor, and compares the results line by line.
#
#   differential.sh [--guest ELF] [--cmdline "DOM0 CMDLINE"] [--work DIR]
#                   [--hv-opts "OPTIONS"]   (hypervisor options for both,
#                   in Xen's naming, e.g. "dom0_max_vcpus=3")
#   differential.sh --compare XEN.LOG OURS.LOG
#
# Only the verdicts are compared: every "TEST <name>: <verdict>" line and
# the closing "selftest: N passed, M failed" line, in order, wherever they
# sit on a line (a hypervisor may prefix guest output).  Both logs must
# have the closing line.  When real Xen cannot be fetched (no Debian
# mirror) this FAILS: a differential test that silently skipped would pass
# on every machine without a network.
set -eu

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

XEN_TIMEOUT=${XEN_TIMEOUT:-60}
RESULT_RE='TEST [^ :]+: [A-Z]+|selftest: [0-9]+ passed, [0-9]+ failed'

usage() {
    awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0" >&2
    exit 1
}

# Prints the result lines of serial log $1.
results() {
    tr -d '\r' <"$1" | grep -aoE "$RESULT_RE" || true
}

# Compares two logs' results; prints a diff and fails if they differ.
compare() {
    local xen_log=$1 ours_log=$2 log
    for log in "$xen_log" "$ours_log"; do
        if ! results "$log" | grep -q '^selftest: '; then
            echo "differential: no 'selftest:' line in $log"
            print_log "$log"
            return 1
        fi
    done
    results "$xen_log" >"$xen_log.results"
    results "$ours_log" >"$ours_log.results"
    if ! diff -u --label "real Xen ($xen_log)" --label "ours ($ours_log)" \
            "$xen_log.results" "$ours_log.results"; then
        echo "differential: results differ (- real Xen, + ours)"
        return 1
    fi
    echo "differential: $(wc -l <"$ours_log.results") result lines" \
         "identical on real Xen and ours"
}

# Boots the guest as dom0 of real Xen through scripts/run-on-xen.sh
# (GUEST.ELF [TIMEOUT] [CMDLINE]; it fetches Xen with fetch-xen.sh and
# stops QEMU itself), serial log into $1.  Its exit status is reported but
# not judged: compare() judges the log, and without a closing line prints
# it, which shows why Xen did not run.
run_xen() {
    local log=$1 rc=0
    [ -x scripts/run-on-xen.sh ] ||
        die "scripts/run-on-xen.sh missing: cannot run real Xen"
    echo "differential: real Xen: scripts/run-on-xen.sh $guest" \
         "$XEN_TIMEOUT${cmdline:+ \"$cmdline\"}"
    timeout -k 5 $((XEN_TIMEOUT + 30)) \
        scripts/run-on-xen.sh ${hv_opts:+--xen-opts "$hv_opts"} \
        "$guest" "$XEN_TIMEOUT" "$cmdline" \
        </dev/null >"$log" 2>"$log.stderr" || rc=$?
    # Its own messages stay out of the log (its verdict line would count
    # as a second result line) but are shown.
    cat "$log.stderr"
    [ "$rc" -eq 0 ] ||
        echo "differential: run-on-xen.sh exited $rc (if real Xen could" \
             "not be fetched, this test fails: it needs Debian's mirror" \
             "once, then $O/xen is reused)"
}

# Boots the guest as our dom0 (PVH: the quickest path), log into $1.
run_ours() {
    local log=$1 append="$HV_CONSOLE${hv_opts:+ $hv_opts}" rc=0
    [ -z "$cmdline" ] || append="$append -- $cmdline"
    echo "differential: ours: $HV_ELF $append"
    "$BOOT_DIR/qemu.sh" --timeout "$TIMEOUT" --log "$log" --pvh "$HV_ELF" \
        --module "$guest" --append "$append" </dev/null >/dev/null 2>&1 ||
        rc=$?
    [ "$rc" -eq 0 ] ||
        echo "differential: ours exited with status $rc ($(status_name "$rc"))"
}

main() {
    local work=
    guest=$GUEST_ELF cmdline= hv_opts=
    while [ $# -gt 0 ]; do
        case $1 in
            --compare) [ $# -eq 3 ] || usage; compare "$2" "$3"; exit ;;
            --guest) guest=${2:?--guest needs an ELF}; shift ;;
            --cmdline) cmdline=${2?--cmdline needs a command line}; shift ;;
            --work) work=${2:?--work needs a directory}; shift ;;
            --hv-opts) hv_opts=${2?--hv-opts needs options}; shift ;;
            *) usage ;;
        esac
        shift
    done
    cd "$ROOT"
    work=${work:-$O/tests/boot/differential}
    mkdir -p "$work"
    need_file "$HV_ELF"
    need_file "$guest"
    run_xen "$work/xen.log"
    run_ours "$work/ours.log"
    compare "$work/xen.log" "$work/ours.log"
}

main "$@"
