#!/bin/bash
# pvops_pv_hcall: the paravirt-ops suite with the pv-hcall backend
# (disable/enable/save/restore interrupts through our explicit hypercall
# __HYPERVISOR_xpv_event_mask instead of vcpu_info stores) on our
# hypervisor: every case passes with the backend in use.  On real Xen
# 4.17 the hypercall is -ENOSYS: the kernel must say so and fall back to
# pv, and its TEST lines must be identical to ours (differential.sh).
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

DOM0_CMDLINE="pvops=pv-hcall selftest=pvops"
MARKERS=("(HV) "
         "pvops: backend pv-hcall"
         "TEST pvops_irq_hold: PASS"
         "TEST pvops_irq_nesting: PASS"
         "TEST pvops_timer: PASS"
         "TEST pvops_halt: PASS"
         "re:selftest: [1-9][0-9]* passed, 0 failed"
         "re:stats: dom 0: hypercalls: .*xpv_event_mask [1-9]")

case_init pvops_pv_hcall
need_file "$HV_ELF"
need_file "$GUEST_ELF"
boot_check 0 --pvh "$HV_ELF" --module "$GUEST_ELF" \
    --append "$HV_CONSOLE -- $DOM0_CMDLINE"
"$BOOT_DIR/differential.sh" --cmdline "$DOM0_CMDLINE" \
    --work "$WORK/differential"
xen_log=$WORK/differential/xen.log
grep -aq "pv-hcall: the hypervisor has no xpv_event_mask hypercall" \
    "$xen_log" || die "real Xen: no fallback message in $xen_log"
grep -aq "pvops: backend pv$" <(tr -d '\r' <"$xen_log") ||
    die "real Xen: the kernel did not fall back to pv ($xen_log)"
