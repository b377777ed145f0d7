#!/bin/bash
# pvops_pv: dom0 runs the paravirt-ops suite ("selftest=pvops", every op
# of guest/pvops.h through the table) with the pv backend, the default,
# on our hypervisor, PVH entry: every case passes, the console op's line
# appears, and the info lines show what a kernel at CPL 3 gets from raw
# pushf/popf.  Then the same suite runs on real Xen 4.17 and its TEST
# lines must be identical (differential.sh).
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

DOM0_CMDLINE="pvops=pv selftest=pvops"
MARKERS=("(HV) "
         "pvops: backend pv"
         "TEST pvops_irq_hold: PASS"
         "TEST pvops_irq_nesting: PASS"
         "re:pvops: pv: pushf after disable reads IF=1; "\
"popf of IF=0 leaves interrupts enabled"
         "TEST pvops_halt: PASS"
         "TEST pvops_tlb: PASS"
         "TEST pvops_demand_zero: PASS"
         "TEST pvops_msr: PASS"
         "pvops: console op writes this line"
         "TEST pvops_console: PASS"
         "re:selftest: [1-9][0-9]* passed, 0 failed")

case_init pvops_pv
need_file "$HV_ELF"
need_file "$GUEST_ELF"
boot_check 0 --pvh "$HV_ELF" --module "$GUEST_ELF" \
    --append "$HV_CONSOLE -- $DOM0_CMDLINE"
"$BOOT_DIR/differential.sh" --cmdline "$DOM0_CMDLINE" \
    --work "$WORK/differential"
