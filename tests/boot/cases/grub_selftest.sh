#!/bin/bash
# grub_selftest: GRUB boots the hypervisor (multiboot2) with the guest as
# dom0 on $SMP CPUs (default 2); the hypervisor starts them all, dom0's
# self-test passes every case and dom0 powers the machine off (status 0).
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

DOM0_CMDLINE=""                 # the guest runs its self-test by default
MARKERS=("(HV) "
         "$(smp_marker)"
         "re:TEST [^ ]+: PASS"
         "re:selftest: [1-9][0-9]* passed, 0 failed")

case_init grub_selftest
need_file "$HV_ELF"
need_file "$GUEST_ELF"
"$BOOT_DIR/mkiso.sh" "$WORK/boot.iso" "$HV_ELF" "$HV_CONSOLE" \
    "$GUEST_ELF" "$DOM0_CMDLINE"
boot_check 0 --smp "$SMP" --iso "$WORK/boot.iso"
