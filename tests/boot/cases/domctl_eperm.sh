#!/bin/bash
# domctl_eperm: a domU (domu=1, GRUB) runs "selftest=domctl_domu": every
# domctl and sysctl sub-op (and unknown ones) is -EPERM to it, a bad
# interface version still -EACCES first; memory_op on dom0's behalf does
# nothing (0 extents) or is -EPERM; mmu_update with dom0 as the foreign
# domain is -EPERM (0 with no request, as Xen checks per request).  dom0
# waits for its end (selftest=domwait) and powers off (status 0).
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

HV_OPTS="domu=1 domu_mem=32M dom0_mem=128M"
MARKERS=("(HV) "
         "(d1) TEST domctl_eperm: PASS"
         "(d1) TEST sysctl_eperm: PASS"
         "(d1) TEST foreign_eperm: PASS"
         "(d1) selftest: 3 passed, 0 failed"
         "domain 1 shut down: poweroff"
         "TEST domu_exit: PASS"
         "selftest: 1 passed, 0 failed")

case_init domctl_eperm
need_file "$HV_ELF"
need_file "$GUEST_ELF"
"$BOOT_DIR/mkiso.sh" "$WORK/boot.iso" "$HV_ELF" "$HV_CONSOLE $HV_OPTS" \
    "$GUEST_ELF" "selftest=domwait" "$GUEST_ELF" "selftest=domctl_domu"
boot_check 0 --iso "$WORK/boot.iso"
