#!/bin/bash
# grub_selftest: GRUB boots the hypervisor (multiboot2) with the guest as
# dom0; the hypervisor starts, dom0's self-test passes every case and dom0
# powers the machine off (exit status 0).
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

DOM0_CMDLINE=""                 # the guest runs its self-test by default
MARKERS=("(HV) "
         "re:TEST [^ ]+: PASS"
         "re:selftest: [1-9][0-9]* passed, 0 failed")

case_init grub_selftest
need_file "$HV_ELF"
need_file "$GUEST_ELF"
"$BOOT_DIR/mkiso.sh" "$WORK/boot.iso" "$HV_ELF" "$HV_CONSOLE" \
    "$GUEST_ELF" "$DOM0_CMDLINE"
boot_check 0 --iso "$WORK/boot.iso"
