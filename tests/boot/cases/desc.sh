#!/bin/bash
# desc: dom0 with three vCPUs runs its descriptor-table self-test
# ("selftest=desc": set_gdt, update_descriptor and MMUEXT_SET_LDT with
# Xen's refusals, selectors of its own GDT and LDT, a DPL 0 code
# descriptor that still runs at CPL 3, HYPERVISOR_iret to a data
# descriptor as CS (the guest gets the #GP), the failsafe callback on a
# vCPU's first run with a data selector that does not load, a GDT given
# in VCPUOP_initialise) on our hypervisor, on two CPUs (so vCPUs with a
# GDT move between CPUs); every case passes and dom0 powers off.  Then
# the same suite runs on real Xen 4.17 with the same option and its TEST
# lines must be identical (differential.sh).
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

DOM0_CMDLINE="selftest=desc"
HV_OPTS="dom0_max_vcpus=3"
MARKERS=("$(smp_marker)"
         "TEST desc_set_gdt_refusals: PASS"
         "TEST desc_gdt_selectors: PASS"
         "TEST desc_update_descriptor: PASS"
         "TEST desc_set_ldt_refusals: PASS"
         "TEST desc_ldt: PASS"
         "TEST desc_no_ring0: PASS"
         "TEST desc_iret_fault: PASS"
         "re:failsafe frame .* ds b es 0 fs 0 gs 0 "
         "TEST desc_failsafe_first_run: PASS"
         "TEST desc_gdt_in_context: PASS"
         "selftest: 9 passed, 0 failed"
         "(HV) mm audit: dom 0: OK")

case_init desc
need_file "$HV_ELF"
need_file "$GUEST_ELF"
boot_check 0 --smp "$SMP" --pvh "$HV_ELF" --module "$GUEST_ELF" \
    --append "$HV_CONSOLE $HV_OPTS -- $DOM0_CMDLINE"
"$BOOT_DIR/differential.sh" --cmdline "$DOM0_CMDLINE" --hv-opts "$HV_OPTS" \
    --work "$WORK/differential"
