#!/bin/bash
# memop: dom0 runs its memory_op self-test ("selftest=memop":
# maximum_ram_page, current/maximum_reservation, a frame of its own given
# back with decrease_reservation and got again with increase_reservation
# and populate_physmap, P2M and M2P kept in step; refusals: unknown
# sub-op, another domain, a huge extent order, extent lists in the
# hypervisor, unmapped, or faulting midway, frames not its own) on our
# hypervisor, PVH entry: every case passes and dom0 powers off (exit
# status 0).  Then the same suite runs on real Xen 4.17 and its TEST
# lines must be identical (differential.sh).
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

DOM0_CMDLINE="selftest=memop"
MARKERS=("(HV) "
         "TEST memop_info: PASS"
         "TEST memop_decrease_increase: PASS"
         "TEST memop_populate: PASS"
         "TEST memop_refusals: PASS"
         "TEST memop_list_faults: PASS"
         "re:selftest: [1-9][0-9]* passed, 0 failed")

case_init memop
need_file "$HV_ELF"
need_file "$GUEST_ELF"
boot_check 0 --pvh "$HV_ELF" --module "$GUEST_ELF" \
    --append "$HV_CONSOLE -- $DOM0_CMDLINE"
"$BOOT_DIR/differential.sh" --cmdline "$DOM0_CMDLINE" \
    --work "$WORK/differential"
