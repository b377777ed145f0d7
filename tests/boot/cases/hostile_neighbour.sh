#!/bin/bash
# hostile_neighbour: dom0 attacks direct paging (selftest=hostile) on
# two CPUs while a domU (domu=1, GRUB) fills every free frame it has
# with its own pattern and re-verifies them pass after pass
# (selftest=checksum: "(d1) checksum pass N: OK").  After its attacks
# dom0 tells the domU over its store port (selftest=neighbour) and
# waits for its end; the domU's last pass, begun after that signal,
# must still be OK, and no pass may be BAD.  Every attack gets its
# usual answer, with the mm audit after each.
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

HV_OPTS="domu=1 domu_mem=32M dom0_mem=128M"
# The domU's passes interleave with dom0's attacks in no fixed order:
# only each domain's own sequence is a marker; the passes are checked
# after the boot.
MARKERS=("(HV) "
         "$(smp_marker)"
         "TEST map_xen_frame: PASS"
         "TEST map_pt_writable: PASS"
         "TEST xen_l4_slots: PASS"
         "TEST pt_direct_write: PASS"
         "TEST neighbour_signal: PASS"
         "re:\(d1\) info: checksum: pass [0-9]+ began after dom0's attacks"
         "(d1) TEST checksum: PASS"
         "domain 1 shut down: poweroff"
         "TEST domu_exit: PASS"
         "re:^selftest: [1-9][0-9]* passed, 0 failed"
         "(HV) mm audit: dom 0: OK"
         "hardware domain halted: powering off")

case_init hostile_neighbour
need_file "$HV_ELF"
need_file "$GUEST_ELF"
"$BOOT_DIR/mkiso.sh" "$WORK/boot.iso" "$HV_ELF" "$HV_CONSOLE $HV_OPTS" \
    "$GUEST_ELF" "selftest=hostile selftest=neighbour" \
    "$GUEST_ELF" "selftest=checksum"
TIMEOUT=${BOOT_TIMEOUT:-60} boot_check 0 --smp "$SMP" --iso "$WORK/boot.iso"

log=$WORK/serial.clean.log
tr -d '\r' <"$WORK/serial.log" >"$log"
grep -qE '^\(d1\) info: checksum: [1-9][0-9]* free frames filled$' "$log" ||
    die "hostile_neighbour: the domU filled no frames"
if grep -E '^\(d1\) checksum .*BAD' "$log"; then
    die "hostile_neighbour: the domU's memory changed (lines above)"
fi
last=$(grep -E '^\(d1\) checksum pass [0-9]+: ' "$log" | tail -1)
signal=$(grep -n '^TEST neighbour_signal: PASS$' "$log" | cut -d: -f1)
last_no=$(grep -nE '^\(d1\) checksum pass [0-9]+: ' "$log" | tail -1 |
    cut -d: -f1)
[ "${last##*: }" = OK ] || die "hostile_neighbour: last pass '$last'"
[ "$last_no" -gt "$signal" ] ||
    die "hostile_neighbour: no pass after dom0's attacks ended"
if grep 'info: audit after ' "$log" | grep -v ': 0$'; then
    die "hostile_neighbour: the mm audit failed after an attack"
fi
echo "hostile_neighbour: $(grep -c '^(d1) checksum pass' "$log") passes," \
     "the last: '$last'"
