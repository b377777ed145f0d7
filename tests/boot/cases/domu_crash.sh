#!/bin/bash
# domu_crash: a domU crashes on purpose (its module's command line
# "selftest=crash"); the hypervisor reports the crash with a register
# dump, keeps running dom0, which learns of it through VIRQ_DOM_EXC and
# powers the machine off: exit status 0, not the dom0-crash status.
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

HV_OPTS="domu=1 domu_mem=32M dom0_mem=128M"
MARKERS=("(HV) "
         "(d1) info: crashing on purpose"
         "domain 1 crashed"
         "guest registers"
         "domain 1 shut down: crash"
         "TEST domu_exit: PASS"
         "selftest: 1 passed, 0 failed"
         "hardware domain halted: powering off")

case_init domu_crash
need_file "$HV_ELF"
need_file "$GUEST_ELF"
"$BOOT_DIR/mkiso.sh" "$WORK/boot.iso" "$HV_ELF" "$HV_CONSOLE $HV_OPTS" \
    "$GUEST_ELF" "selftest=domwait" "$GUEST_ELF" "selftest=crash"
boot_check 0 --iso "$WORK/boot.iso"
