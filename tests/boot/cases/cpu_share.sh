#!/bin/bash
# cpu_share: dom0 and a domU (domu=1, GRUB) on ONE CPU, both CPU-bound:
# after dom0's "go" over the domU's store port, each counts loop
# iterations across 30 ticks of its own 10 ms timer without ever
# blocking, printing a progress line every 10 ticks.  Both must reach 30
# ticks, each must have been runnable-but-waiting while counting (the
# other domain had the CPU), and their progress lines must interleave.
# No timing is asserted.  The domU powers off, then dom0 (status 0).
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

HV_OPTS="domu=1 domu_mem=32M dom0_mem=128M"
# The two sides finish in either order: the ordered markers follow each
# domain's own sequence; the rest is checked after the boot.
MARKERS=("(HV) "
         "(HV) smp: 1 CPU up"
         "re:info: peer: dom1 port [0-9]+ bound to local port [0-9]+"
         "(d1) TEST cpu_share: PASS"
         "domain 1 shut down: poweroff"
         "TEST domu_exit: PASS"
         "selftest: 2 passed, 0 failed"
         "hardware domain halted: powering off")

case_init cpu_share
need_file "$HV_ELF"
need_file "$GUEST_ELF"
"$BOOT_DIR/mkiso.sh" "$WORK/boot.iso" "$HV_ELF" "$HV_CONSOLE $HV_OPTS" \
    "$GUEST_ELF" "selftest=cpu_share" "$GUEST_ELF" "selftest=cpu_share_domu"
boot_check 0 --smp 1 --iso "$WORK/boot.iso"

log=$WORK/serial.clean.log
tr -d '\r' <"$WORK/serial.log" >"$log"
for prefix in "" "(d1) "; do
    grep -qxF "${prefix}TEST cpu_share: PASS" "$log" ||
        die "cpu_share: no '${prefix}TEST cpu_share: PASS'"
    done30="${prefix:+\\(d1\\) }cpu_share: 30 ticks, [1-9][0-9]* iterations"
    grep -qxE "$done30" "$log" ||
        die "cpu_share: '${prefix}' did not reach 30 ticks"
done
# Line numbers of each domain's first and last progress line.
first0=$(grep -n '^cpu_share: .* ticks' "$log" | head -1 | cut -d: -f1)
last0=$(grep -n '^cpu_share: .* ticks' "$log" | tail -1 | cut -d: -f1)
first1=$(grep -n '^(d1) cpu_share: .* ticks' "$log" | head -1 | cut -d: -f1)
last1=$(grep -n '^(d1) cpu_share: .* ticks' "$log" | tail -1 | cut -d: -f1)
if [ "$first1" -gt "$last0" ] || [ "$first0" -gt "$last1" ]; then
    die "cpu_share: one domain made all its progress before the other" \
        "began (dom0 lines $first0-$last0, dom1 lines $first1-$last1)"
fi
grep -E '^(\(d1\) )?(cpu_share: |info: cpu_share: )' "$log"
