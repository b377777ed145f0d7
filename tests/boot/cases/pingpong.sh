#!/bin/bash
# pingpong: dom0 and a domU (domu=1, GRUB: one module each) on two CPUs
# exchange 1000 notifications each way over one interdomain event
# channel: the domU's store port, which the domain builder offered to
# dom0 and dom0 finds with EVTCHNOP_status on domain 1's ports.  Each
# side sends, then waits for the other (SCHEDOP_poll on the masked
# port); a lost notification times out, a duplicate is seen pending
# when the peer cannot have sent.  Both pass, the domU powers off, dom0
# sees it (VIRQ_DOM_EXC) and powers the machine off (status 0).
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

HV_OPTS="domu=1 domu_mem=32M dom0_mem=128M"
# The two sides finish in either order: the ordered markers follow each
# domain's own sequence; both verdicts are checked after the boot.
MARKERS=("(HV) "
         "$(smp_marker)"
         "re:info: peer: dom1 port [0-9]+ bound to local port [0-9]+"
         "(d1) TEST pingpong: PASS"
         "(d1) selftest: 1 passed, 0 failed"
         "domain 1 shut down: poweroff"
         "TEST domu_exit: PASS"
         "selftest: 2 passed, 0 failed"
         "hardware domain halted: powering off")

case_init pingpong
need_file "$HV_ELF"
need_file "$GUEST_ELF"
"$BOOT_DIR/mkiso.sh" "$WORK/boot.iso" "$HV_ELF" "$HV_CONSOLE $HV_OPTS" \
    "$GUEST_ELF" "selftest=pingpong" "$GUEST_ELF" "selftest=pingpong_domu"
boot_check 0 --smp "$SMP" --iso "$WORK/boot.iso"

log=$WORK/serial.clean.log
tr -d '\r' <"$WORK/serial.log" >"$log"
done_line="info: pingpong: 1000 round trips, no lost or duplicate notification"
for prefix in "" "(d1) "; do
    grep -qxF "${prefix}TEST pingpong: PASS" "$log" ||
        die "pingpong: no '${prefix}TEST pingpong: PASS'"
    grep -qxF "$prefix$done_line" "$log" ||
        die "pingpong: no '$prefix$done_line'"
done
# dom0 bound the port the domU waits on: its store port.
remote=$(sed -n 's/^info: peer: dom1 port \([0-9]*\) bound.*/\1/p' "$log")
store=$(sed -n 's/^(d1) info: peer: store port \([0-9]*\)$/\1/p' "$log")
if [ -z "$remote" ] || [ "$remote" != "$store" ]; then
    die "pingpong: dom0 bound dom1's port '$remote', the domU's store" \
        "port is '$store'"
fi
echo "pingpong: over dom1's store port $store"
