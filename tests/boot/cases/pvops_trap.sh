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

# The hypervisor's counters at shutdown: every kind of instruction the
# backend uses was emulated at least once (in the order it logs them).
emulated_kinds() {
    local k re=""
    for k in cli sti hlt in out mov_from_cr mov_to_cr invlpg wbinvd \
             rdmsr wrmsr lidt ptwr; do
        re+="$k [1-9][0-9]* "
    done
    echo "${re% }"
}

MARKERS=("(HV) "
         "pvops: backend trap"
         "TEST pvops_irq_hold: PASS"
         "TEST pvops_irq_nesting: PASS"
         "re:pvops: trap: pushf after disable reads IF=1; popf of IF=0 "\
"leaves interrupts enabled"
         "re:pvops: trap: sidt reads base 0x[0-9a-f]+ \\(the hypervisor.s IDT"
         "TEST pvops_halt: PASS"
         "TEST pvops_pte: PASS"
         "TEST pvops_tlb: PASS"
         "TEST pvops_demand_zero: PASS"
         "TEST pvops_msr: PASS"
         "pvops: console op writes this line"
         "re:selftest: [1-9][0-9]* passed, 0 failed"
         "re:stats: dom 0: emulated: $(emulated_kinds)")

case_init pvops_trap
need_file "$HV_ELF"
need_file "$GUEST_ELF"
LOG=$WORK/trap.log boot_check 0 --pvh "$HV_ELF" --module "$GUEST_ELF" \
    --append "$HV_CONSOLE -- pvops=trap selftest=pvops"
# No hypercall stands in for what has an instruction.
for h in console_io set_trap_table set_segment_base xen_version; do
    ! grep -aq "stats: dom 0: hypercalls: .*\b$h [0-9]" "$WORK/trap.log" ||
        die "trap backend made $h hypercalls ($WORK/trap.log)"
done
# The reference: the pv backend on the same hypervisor.
MARKERS=("pvops: backend pv" "re:selftest: [1-9][0-9]* passed, 0 failed")
LOG=$WORK/pv.log boot_check 0 --pvh "$HV_ELF" --module "$GUEST_ELF" \
    --append "$HV_CONSOLE -- pvops=pv selftest=pvops"
"$BOOT_DIR/differential.sh" --compare "$WORK/pv.log" "$WORK/trap.log"
