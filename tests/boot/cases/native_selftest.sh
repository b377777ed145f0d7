#!/bin/bash
# native_selftest: the guest kernel booted on bare (virtual) hardware,
# no hypervisor: QEMU loads guest.elf through its PVH note (microvm,
# -kernel), the native entry builds the start of day and the kernel runs
# the paravirt-ops suite ("selftest=pvops") with the native backend in
# ring 0: every case passes, including the timer interrupt, sti;hlt,
# page tables and a user process making system calls; the kernel powers
# the machine off (isa-debug-exit, status 0).  Then the same suite runs
# with the pv backend as dom0 of our hypervisor, and the TEST lines of
# the two must be identical (issue 5: same functional results in every
# mode).
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

CMDLINE="selftest=pvops"
MARKERS=("native: guest-pv kernel on bare metal (PVH entry, ring 0)"
         "re:native: [0-9]+ pages from 0x200000, bootstrap region"
         "pvops: backend native"
         "re:info: native: TSC [0-9]+ kHz .* APIC timer .* wall clock 1[0-9]{9} s since 1970 \\(CMOS RTC\\)"
         "TEST pvops_table: PASS"
         "TEST pvops_irq_hold: PASS"
         "TEST pvops_irq_nesting: PASS"
         "pvops: native: pushf after disable reads IF=0; popf of IF=0 leaves interrupts disabled"
         "TEST pvops_timer: PASS"
         "TEST pvops_halt: PASS"
         "TEST pvops_tlb: PASS"
         "user 1: hello from user mode"
         "TEST pvops_user_syscall: PASS"
         "TEST pvops_demand_zero: PASS"
         "TEST pvops_segment_base: PASS"
         "TEST pvops_msr: PASS"
         "pvops: console op writes this line"
         "re:selftest: [1-9][0-9]* passed, 0 failed")

case_init native_selftest
need_file "$HV_ELF"
need_file "$GUEST_ELF"
LOG=$WORK/native.log boot_check 0 --pvh "$GUEST_ELF" --mem 128 \
    --append "$CMDLINE"
# The reference: the pv backend, dom0 of our hypervisor.
MARKERS=("pvops: backend pv" "re:selftest: [1-9][0-9]* passed, 0 failed")
LOG=$WORK/pv.log boot_check 0 --pvh "$HV_ELF" --module "$GUEST_ELF" \
    --append "$HV_CONSOLE -- pvops=pv $CMDLINE"
"$BOOT_DIR/differential.sh" --compare "$WORK/pv.log" "$WORK/native.log"
