#!/bin/bash
# bad_no_notes: a valid ELF64 x86-64 executable without Xen ELF notes as
# the dom0 module, through GRUB and through PVH: one "boot error:" line and
# exit status 6.
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

MARKERS=("boot error:")

case_init bad_no_notes
need_file "$HV_ELF"
"$BOOT_DIR/fixtures/mkbad.sh" no-notes "$WORK/dom0.elf"
boot_both 6 "" "$WORK/dom0.elf" ""
