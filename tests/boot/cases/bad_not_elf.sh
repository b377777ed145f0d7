#!/bin/bash
# bad_not_elf: a text file as the dom0 module, through GRUB and through
# PVH: one "boot error:" line and exit status 5.
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

MARKERS=("boot error:")

case_init bad_not_elf
need_file "$HV_ELF"
"$BOOT_DIR/fixtures/mkbad.sh" not-elf "$WORK/dom0.txt"
boot_both 5 "" "$WORK/dom0.txt" ""
