#!/bin/bash
# bad_too_big: the real guest as dom0 with dom0_mem=1M, too little for its
# image, through GRUB and through PVH: one "boot error:" line and exit
# status 7.
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

MARKERS=("boot error:")

case_init bad_too_big
need_file "$HV_ELF"
need_file "$GUEST_ELF"
boot_both 7 "dom0_mem=1M" "$GUEST_ELF" ""
