#!/bin/bash
# native_grub: GRUB boots guest.elf itself with its multiboot2 command
# (the kernel's multiboot2 header; no hypervisor) on the pc machine: the
# native entry reads GRUB's memory map and command line with the
# hypervisor's multiboot2 parser, and the paravirt-ops suite passes in
# ring 0 as it does through PVH; the kernel powers the machine off.
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

MARKERS=("native: guest-pv kernel on bare metal (multiboot2 entry, ring 0)"
         "re:native: [0-9]+ pages from 0x200000, bootstrap region"
         "pvops: backend native"
         "info: self-test suite \"pvops\""
         "TEST pvops_timer: PASS"
         "TEST pvops_user_syscall: PASS"
         "re:selftest: [1-9][0-9]* passed, 0 failed")

case_init native_grub
need_file "$GUEST_ELF"
"$BOOT_DIR/mkiso.sh" "$WORK/native.iso" "$GUEST_ELF" "selftest=pvops"
boot_check 0 --iso "$WORK/native.iso" --mem 128
