#!/bin/bash
# block: a blocked domain uses no CPU.  On ONE CPU a domU (domu=1, GRUB)
# reports its running time (VCPUOP_get_runstate_info) and blocks with
# no event source, forever; dom0 spins until it has run 300 ms of its
# own time without once waiting for the CPU, then powers off.  At that
# shutdown the hypervisor logs every domain's runstate times and each
# domain's running time when its vCPUs last blocked.  The check, exact:
# dom1's final running time equals its running time when it blocked
# (it never ran again), and is at least what the domU reported just
# before its block hypercall; dom1 never printed "woke up".
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

HV_OPTS="domu=1 domu_mem=32M dom0_mem=128M"
MARKERS=("(HV) "
         "(HV) smp: 1 CPU up"
         "re:\(d1\) info: block: running [0-9]+ ns, blocking with no event"
         "TEST block_alone: PASS"
         "selftest: 1 passed, 0 failed"
         "re:\(HV\) dom1: running [0-9]+ ns, runnable [0-9]+ ns, blocked [1-9]"
         "hardware domain halted: powering off")

case_init block
need_file "$HV_ELF"
need_file "$GUEST_ELF"
"$BOOT_DIR/mkiso.sh" "$WORK/boot.iso" "$HV_ELF" "$HV_CONSOLE $HV_OPTS" \
    "$GUEST_ELF" "selftest=block" "$GUEST_ELF" "selftest=block_domu"
boot_check 0 --smp 1 --iso "$WORK/boot.iso"

log=$WORK/serial.clean.log
tr -d '\r' <"$WORK/serial.log" >"$log"
! grep -F '(d1) info: block: woke up' "$log" ||
    die "block: the domU's block returned"
mine='^(d1) info: block: running \([0-9]*\) ns, blocking.*'
reported=$(sed -n "s/$mine/\1/p" "$log")
hv='^(HV) dom1: running \([0-9]*\) ns, .*; running \([0-9]*\) ns when'
hv="$hv last blocked\$"
final=$(sed -n "s/$hv/\1/p" "$log")
at_block=$(sed -n "s/$hv/\2/p" "$log")
if [ -z "$reported" ] || [ -z "$final" ] || [ -z "$at_block" ]; then
    die "block: missing runstate lines (domU '$reported'," \
        "hypervisor '$final' / '$at_block')"
fi
if [ "$final" -ne "$at_block" ]; then
    die "block: dom1 ran after it blocked: running $at_block ns when it" \
        "blocked, $final ns at the end"
fi
if [ "$reported" -gt "$at_block" ]; then
    die "block: dom1 reported $reported ns before blocking, more than" \
        "the $at_block ns the hypervisor charged when it blocked"
fi
echo "block: dom1 ran $final ns in all, the same as when it blocked" \
     "($((final - reported)) ns after its own last reading)"
