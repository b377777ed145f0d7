#!/bin/bash
# mgmt_denied: with console=com1,com2 the hypervisor keeps COM2 (Xen's
# rule: its own serial ports are never dom0's), so dom0 says it has no
# management channel, and the host CLI, whose socket QEMU still offers,
# gets no answer: "dom0 not reachable ... no answer", status 1, within
# its --timeout.  Then dom0 is powered off from its console.
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

MARKERS=("dom0: no management channel: COM2 is not granted to dom0"
         "dom0: toolstack ready"
         "dom0: powering off")

mgmt_case_init mgmt_denied

drive() {
    local st=0
    wait_for "dom0: toolstack ready" || return 1
    "$XL_HOST" --socket "$SOCK" --timeout 2 list >"$WORK/silent.out" 2>&1 ||
        st=$?
    echo "$st" >"$WORK/silent.status"
    printf 'poweroff\r' >&4
}

rc=0
mgmt_boot --pvh "$HV_ELF" --module "$GUEST_ELF" \
    --append "console=com1,com2 -- toolstack" || rc=$?

if grep -q "granted ports" "$LOG"; then
    echo "$CASE: the hypervisor granted COM2 although it is its console"
    rc=1
fi
if [ "$(cat "$WORK/silent.status" 2>/dev/null)" != 1 ] ||
    ! grep -q "^xl: dom0 not reachable: no answer on .* in 2 s" \
        "$WORK/silent.out"; then
    echo "$CASE: xl-host on a silent channel said:"
    cat "$WORK/silent.out" 2>/dev/null
    rc=1
else
    echo "$CASE: xl-host: $(cat "$WORK/silent.out")"
fi
exit "$rc"
