#!/bin/bash
# user_processes: dom0 runs its memory and user-process self-test
# ("selftest=mm": frames, page tables through mmu_update/mmuext_op, user
# processes in ring 3 with demand paging, fork and exit) on our
# hypervisor, PVH entry, on $SMP CPUs (default 2): every case passes and
# dom0 powers off (exit status 0).  Then the same suite runs on real Xen 4.17 and its TEST
# lines must be identical (differential.sh).
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

DOM0_CMDLINE="selftest=mm"
MARKERS=("(HV) "
         "$(smp_marker)"
         "TEST frame_alloc: PASS"
         "TEST user_syscall: PASS"
         "TEST demand_zero: PASS"
         "TEST fork_copy: PASS"
         "TEST user_port_io: PASS"
         "TEST exit_frees: PASS"
         "re:selftest: [1-9][0-9]* passed, 0 failed")

case_init user_processes
need_file "$HV_ELF"
need_file "$GUEST_ELF"
boot_check 0 --smp "$SMP" --pvh "$HV_ELF" --module "$GUEST_ELF" \
    --append "$HV_CONSOLE -- $DOM0_CMDLINE"
"$BOOT_DIR/differential.sh" --cmdline "$DOM0_CMDLINE" \
    --work "$WORK/differential"
