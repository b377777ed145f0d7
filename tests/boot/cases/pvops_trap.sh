#!/bin/bash
# pvops_trap: the paravirt-ops suite with the trap backend: the kernel's
# privileged operations are the native instructions (cli/sti, hlt, in/out
# to COM1, mov cr3, invlpg, stores into page tables, lidt, wrmsr, wbinvd)
# executed at CPL 3 and emulated by our hypervisor.  Every case passes,
# the info line shows the IF that pushf/popf lose (they do not trap), and
# the TEST lines are identical to the same suite run with the pv backend
# on the same hypervisor (real Xen does not emulate these: no Xen run).
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

MARKERS=("(HV) "
         "pvops: backend trap"
         "TEST pvops_irq_hold: PASS"
         "TEST pvops_irq_nesting: PASS"
         "pvops: trap: pushf after disable reads IF=1; popf of IF=0 leaves interrupts enabled (popf IF loss)"
         "re:pvops: trap: sidt reads base 0x[0-9a-f]+ \\(the hypervisor.s IDT, not the kernel.s\\)"
         "TEST pvops_halt: PASS"
         "TEST pvops_pte: PASS"
         "TEST pvops_tlb: PASS"
         "TEST pvops_demand_zero: PASS"
         "TEST pvops_msr: PASS"
         "pvops: console op writes this line"
         "re:selftest: [1-9][0-9]* passed, 0 failed")

case_init pvops_trap
need_file "$HV_ELF"
need_file "$GUEST_ELF"
LOG=$WORK/trap.log boot_check 0 --pvh "$HV_ELF" --module "$GUEST_ELF" \
    --append "$HV_CONSOLE -- pvops=trap selftest=pvops"
# The reference: the pv backend on the same hypervisor.
MARKERS=("pvops: backend pv" "re:selftest: [1-9][0-9]* passed, 0 failed")
LOG=$WORK/pv.log boot_check 0 --pvh "$HV_ELF" --module "$GUEST_ELF" \
    --append "$HV_CONSOLE -- pvops=pv selftest=pvops"
"$BOOT_DIR/differential.sh" --compare "$WORK/pv.log" "$WORK/trap.log"
