#!/bin/bash
# native_no_memory: booted without a hypervisor in 5 MiB of RAM, the
# kernel's image (at 2 MiB) fits but its start of day (P2M, start_info,
# page tables, Xen's 4 MiB-rounded bootstrap region) does not: one line
# that says so and what to do, and exit status 9 (bad boot information)
# instead of a fault.
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

MARKERS=("native: guest-pv kernel on bare metal"
         "re:native: fatal: [0-9]+ KiB of RAM from 0x200000 .* cannot hold the kernel and its start of day: give QEMU more memory")

case_init native_no_memory
need_file "$GUEST_ELF"
boot_check 9 --pvh "$GUEST_ELF" --mem 5 --append ""
