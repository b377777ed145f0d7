#!/bin/bash
# hostile: dom0 attacks direct paging ("selftest=hostile": mapping frames
# it does not own, page tables writable, type confusion between levels,
# unpinning tables in use, the hypervisor's L4 slots, stores to its
# read-only page tables, bad pointers and commands) on our hypervisor,
# PVH entry: every attack gets real Xen's answer, dom0 carries on and
# powers off (exit status 0).  Then the same suite runs on real Xen 4.17
# and its TEST lines must be identical (differential.sh).
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

DOM0_CMDLINE="selftest=hostile"
MARKERS=("(HV) "
         "$(smp_marker)"
         "TEST map_xen_frame: PASS"
         "TEST map_pt_writable: PASS"
         "TEST xen_l4_slots: PASS"
         "TEST pt_direct_write: PASS"
         "re:selftest: [1-9][0-9]* passed, 0 failed"
         "(HV) mm audit: dom 0: OK")

case_init hostile
need_file "$HV_ELF"
need_file "$GUEST_ELF"
boot_check 0 --smp "$SMP" --pvh "$HV_ELF" --module "$GUEST_ELF" \
    --append "$HV_CONSOLE -- $DOM0_CMDLINE"
# The hypervisor's own consistency check (types and counts of every frame
# against the page tables) must pass after every attack, not only at the
# end: the suite asks for it through our xpv_op extension.
log=$WORK/serial.clean.log
tr -d '\r' <"$WORK/serial.log" >"$log"
grep -q 'info: audit: available (0)' "$log" ||
    die "hostile: the hypervisor's mm audit was not available"
if grep 'info: audit after ' "$log" | grep -v ': 0$'; then
    die "hostile: the mm audit failed after an attack (lines above)"
fi
[ "$(grep -c 'info: audit after ' "$log")" -ge 10 ] ||
    die "hostile: fewer audits than attacks"
"$BOOT_DIR/differential.sh" --cmdline "$DOM0_CMDLINE" \
    --work "$WORK/differential"
