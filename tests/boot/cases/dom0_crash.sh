#!/bin/bash
# dom0_crash: dom0 crashes on purpose (its command line "selftest=crash",
# passed after " -- " on the hypervisor's); the hypervisor reports the
# domain crash with a register dump and stops with exit status 2, instead
# of panicking.
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

# The hypervisor's crash report line (a fixed string; "re:" for a regex).
CRASH_MARKER=${CRASH_MARKER:-"re:(domain 0|d0).* crash"}
MARKERS=("(HV) " "$CRASH_MARKER")

case_init dom0_crash
need_file "$HV_ELF"
need_file "$GUEST_ELF"
boot_check 2 --pvh "$HV_ELF" --module "$GUEST_ELF" \
    --append "$HV_CONSOLE -- selftest=crash"
