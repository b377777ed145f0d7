#!/bin/bash
# events: dom0 runs its events, time and threads self-test
# ("selftest=events": event channels to itself by loopback and IPI,
# masking, deferred upcalls, EVTCHNOP refusals, the pvclock, one-shot
# timers, SCHEDOP_block and SCHEDOP_poll woken by time, preemptive kernel
# threads) on our hypervisor, PVH entry: every case passes and dom0
# powers off (exit status 0).  Then the same suite runs on real Xen 4.17
# and its TEST lines must be identical (differential.sh).
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

DOM0_CMDLINE="selftest=events"
MARKERS=("(HV) "
         "TEST evtchn_loopback: PASS"
         "TEST upcall_deferred: PASS"
         "TEST oneshot_timer: PASS"
         "TEST threads_preempt: PASS"
         "re:selftest: [1-9][0-9]* passed, 0 failed")

case_init events
need_file "$HV_ELF"
need_file "$GUEST_ELF"
boot_check 0 --pvh "$HV_ELF" --module "$GUEST_ELF" \
    --append "$HV_CONSOLE -- $DOM0_CMDLINE"
"$BOOT_DIR/differential.sh" --cmdline "$DOM0_CMDLINE" \
    --work "$WORK/differential"
