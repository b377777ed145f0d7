#!/bin/bash
# vcpus: dom0 with two vCPUs (dom0_max_vcpus=2, one pCPU): vCPU 0 runs
# vcpu_op's refusals (no such vCPU, up without a context, bad context
# fields, initialise twice), then brings vCPU 1 up with VCPUOP_initialise
# and VCPUOP_up; vCPU 1 prints its own line and takes itself down.
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

MARKERS=("(HV) "
         "dom0: 32768 pages (128 MiB), 2 vCPUs"
         "TEST vcpu_refusals: PASS"
         "TEST vcpu_bad_context: PASS"
         "vcpu 1: up and running"
         "TEST vcpu_up: PASS"
         "selftest: 3 passed, 0 failed")

case_init vcpus
need_file "$HV_ELF"
need_file "$GUEST_ELF"
boot_check 0 --pvh "$HV_ELF" --module "$GUEST_ELF" \
    --append "$HV_CONSOLE dom0_mem=128M dom0_max_vcpus=2 -- selftest=vcpus"
