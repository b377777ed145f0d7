#!/bin/bash
# emulate: dom0 runs its trap-and-emulate self-test ("selftest=emulate":
# cli/sti/hlt, the virtual UART, control registers, invlpg, wbinvd, MSRs,
# the TSC deadline, lidt, Xen's forced-emulation cpuid, each executed in
# guest kernel mode and emulated by the hypervisor; every refusal - a
# port not owned, a forbidden MSR, clearing PG or PE, a descriptor table
# in hypervisor memory - arrives as #GP at the guest's handler and the
# guest carries on; then xpv_event_mask and the counters' exact deltas)
# through the PVH entry.  The line written to the virtual UART must
# appear as dom0's console output, the page audit stays OK, the counter
# block is logged at shutdown, and dom0 powers off (exit status 0).
# Then "selftest=emulate_xen" (the cases real Xen 4.17 answers the same
# way: port refusals, cr0, lgdt refusals, forced-emulation cpuid) runs on
# ours and on Xen, and its TEST lines must be identical.
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

DOM0_CMDLINE="selftest=emulate"
MARKERS=("(HV) "
         "TEST emul_cli_sti: PASS"
         "TEST emul_hlt: PASS"
         "emulate: hello through the virtual UART"
         "TEST emul_uart: PASS"
         "TEST emul_port_refused: PASS"
         "TEST emul_cr0: PASS"
         "TEST emul_cr2_cr3_cr4: PASS"
         "TEST emul_invlpg_wbinvd: PASS"
         "TEST emul_msr: PASS"
         "TEST emul_tsc_deadline: PASS"
         "TEST emul_lidt: PASS"
         "TEST emul_lgdt: PASS"
         "TEST emul_cpuid: PASS"
         "TEST emul_event_mask: PASS"
         "TEST emul_counters: PASS"
         "mm audit: dom 0: OK"
         "TEST emul_audit: PASS"
         "re:selftest: [1-9][0-9]* passed, 0 failed"
         "re:stats: dom 0: emulated: cli [0-9]+ sti [0-9]+ hlt"
         "re:stats: dom 0: refused \\(#GP\\): .*out [0-9]+")

case_init emulate
need_file "$HV_ELF"
need_file "$GUEST_ELF"
boot_check 0 --pvh "$HV_ELF" --module "$GUEST_ELF" \
    --append "$HV_CONSOLE -- $DOM0_CMDLINE"
"$BOOT_DIR/differential.sh" --cmdline "selftest=emulate_xen" \
    --work "$WORK/differential"
