#!/bin/bash
# bad_no_module: no dom0 module at all, through GRUB and through PVH: one
# "boot error:" line and exit status 4, not a fault.
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

MARKERS=("boot error:")

case_init bad_no_module
need_file "$HV_ELF"
boot_both 4 "" "" ""
