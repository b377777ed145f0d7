#!/bin/bash
# xenstore_unserved: the store client with nobody serving it.  domu=1
# (GRUB): the hypervisor builds the domU with a store ring, but dom0 runs
# no toolstack; the domU's read is given up on (ETIMEDOUT, after the
# client's 10 s) and it powers off normally.  dom0 (selftest=domwait,
# then xenstore_none) has no ring at all: every call is ENODEV.
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

HV_OPTS="domu=1 domu_mem=32M dom0_mem=128M"
MARKERS=("(d1) TEST xs_unserved: PASS"
         "(d1) selftest: 1 passed, 0 failed"
         "domain 1 shut down: poweroff"
         "TEST domu_exit: PASS"
         "TEST xs_no_ring: PASS"
         "selftest: 2 passed, 0 failed")

case_init xenstore_unserved
need_file "$HV_ELF"
need_file "$GUEST_ELF"
"$BOOT_DIR/mkiso.sh" "$WORK/boot.iso" "$HV_ELF" "$HV_CONSOLE $HV_OPTS" \
    "$GUEST_ELF" "selftest=domwait selftest=xenstore_none" \
    "$GUEST_ELF" "selftest=xenstore_unserved"
TIMEOUT=45 boot_check 0 --iso "$WORK/boot.iso"
