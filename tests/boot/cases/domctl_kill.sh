#!/bin/bash
# domctl_kill: on two CPUs, a domU (domu=1, GRUB) that only counts and
# never blocks or ends (selftest=domctl_victim); dom0
# (selftest=domctl_kill) waits until it has used CPU time, pauses it
# (getdomaininfo: paused, not running, and no CPU time used while
# paused), unpauses it (it runs again), then destroys it while it runs
# (-ESRCH afterwards).  dom0 powers off (status 0), and free memory
# after the destruction is exactly what it was before the domU was
# built.
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

HV_OPTS="domu=1 domu_mem=32M dom0_mem=128M"
MARKERS=("(HV) "
         "$(smp_marker)"
         "re:building dom1 from module 1: [0-9]+ pages free"
         "(d1) info: victim: counting"
         "TEST domctl_pause_running: PASS"
         "TEST domctl_destroy_running: PASS"
         "selftest: 2 passed, 0 failed"
         "hardware domain halted: powering off")

case_init domctl_kill
need_file "$HV_ELF"
need_file "$GUEST_ELF"
"$BOOT_DIR/mkiso.sh" "$WORK/boot.iso" "$HV_ELF" "$HV_CONSOLE $HV_OPTS" \
    "$GUEST_ELF" "selftest=domctl_kill" "$GUEST_ELF" "selftest=domctl_victim"
boot_check 0 --smp "$SMP" --iso "$WORK/boot.iso"

# Free memory before the domU's build and after its destruction agree.
expect_dom1_memory_back \
    's/.*info: domctl: victim destroyed, \([0-9]*\) pages free now.*/\1/p'
