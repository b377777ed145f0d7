#!/bin/bash
# mgmt_scenario: issue 6's scenario driven from the host CLI alone.  Two
# guests are created paused from configs on the host (their kernel
# uploaded with them), listed, g2 (selftest=crash, on_crash preserve)
# unpaused: it crashes and is kept (state c); g1, paused and unpaused
# again, runs on to its self-test's end (on_poweroff preserve keeps it),
# its console replayed through the channel; both destroyed, and the
# hypervisor's free pages are back exactly where they were.  With
# MGMT_VIA=shm (mgmt_shm_scenario) the same over ivshmem's rings.
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

MARKERS=("$MGMT_ON"
         "re:xl: domain [0-9]+ \\(g2\\) crashed: preserve"
         "dom0: powering off")

mgmt_case_init "${MGMT_CASE:-mgmt_scenario}"
KERNEL=$O/boot/initrd/guest.elf     # the stripped guest (dom0's initrd's)
need_file "$KERNEL"

printf 'name = "g1"\nkernel = "%s"\nmemory = 16\non_poweroff = "preserve"\n' \
    "$KERNEL" >"$WORK/g1.cfg"
printf 'name = "g2"\nkernel = "%s"\nmemory = 16\ncmdline = "selftest=crash"\non_crash = "preserve"\n' \
    "$KERNEL" >"$WORK/g2.cfg"

STEP=0
FAILED=0

# xl ARGS: xl-host ARGS, output in $OUT, status in $ST; logged.
xl() {
    ST=0
    OUT=$("$XL_HOST" "${XL_VIA[@]}" "$@" </dev/null 2>&1) || ST=$?
    STEP=$((STEP + 1))
    printf '%s\n' "== $STEP: xl $* (status $ST)" "$OUT" >>"$WORK/host.log"
}

# check WHAT STATUS PATTERN: the last xl's status and a line of output.
check() {
    if [ "$ST" != "$2" ] || ! grep -qE -- "$3" <<<"$OUT"; then
        echo "$CASE: $1: status $ST (want $2), no line '$3' in:" >&2
        echo "$OUT" >&2
        FAILED=1
        return 1
    fi
}

# wait_state NAME STATE: list until NAME's state column matches STATE.
wait_state() {
    local i
    for ((i = 0; i < 100; i++)); do
        xl list
        grep -qE "^$1 +[0-9]+ +[0-9]+ +[0-9]+ +$2" <<<"$OUT" && return 0
        sleep 0.1
    done
    check "$1 reaches state $2" 0 "^$1 .*$2"
}

free_pages() {
    xl info
    sed -n 's/^free_pages *: *//p' <<<"$OUT"
}

scenario() {
    local before after
    wait_for "$MGMT_ON" || return 1
    before=$(free_pages)
    xl create -p "$WORK/g1.cfg"
    check "create g1" 0 "^Domain [0-9]+ \\(g1\\) created, paused$" || return
    xl create -p "$WORK/g2.cfg"
    check "create g2" 0 "^Domain [0-9]+ \\(g2\\) created, paused$" || return
    xl list
    check "list g1" 0 "^g1 +[0-9]+ +16 +1 +--p---" &&
        check "list g2" 0 "^g2 +[0-9]+ +16 +1 +--p---" || return
    xl unpause g2
    check "unpause g2" 0 "" || return
    wait_state g2 "----c-" || return
    xl unpause g1
    check "unpause g1" 0 "" || return
    xl pause g1
    check "pause g1" 0 "" || return
    xl unpause g1
    check "unpause g1 again" 0 "" || return
    wait_state g1 "---s--" || return
    xl console g1
    check "console g1" 0 "^selftest: [0-9]+ passed, 0 failed" || return
    xl console g2
    check "console g2" 0 "crashing on purpose" || return
    xl destroy g1
    check "destroy g1" 0 "" || return
    xl destroy g2
    check "destroy g2" 0 "" || return
    xl list
    check "list after" 0 "^Domain-0 " || return
    if grep -qE "^g[12] " <<<"$OUT"; then
        echo "$CASE: destroyed guests still listed: $OUT" >&2
        FAILED=1
    fi
    after=$(free_pages)
    if [ -z "$before" ] || [ "$before" != "$after" ]; then
        echo "$CASE: free pages $before before, $after after" >&2
        FAILED=1
    else
        echo "$CASE: $before free pages before and after"
    fi
}

drive() {
    scenario || FAILED=1
    echo "$FAILED" >"$WORK/failed"
    printf 'poweroff\r' >&4
}

rc=0
TIMEOUT=120     # two kernel uploads: seconds each under a loaded TCG
mgmt_boot --pvh "$HV_ELF" --module "$GUEST_ELF" \
    --append "$HV_CONSOLE dom0_mem=128M -- toolstack" || rc=$?
if [ "$(cat "$WORK/failed" 2>/dev/null)" != 0 ]; then
    echo "$CASE: the host CLI's scenario failed; its log:"
    cat "$WORK/host.log" 2>/dev/null
    rc=1
fi
exit "$rc"
