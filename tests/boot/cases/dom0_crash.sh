#!/bin/bash
# dom0_crash: dom0 crashes on purpose (its command line "selftest=crash",
# passed after " -- " on the hypervisor's); the hypervisor reports the
# domain crash with a register dump and stops with exit status 2, instead
# of panicking.
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

# The guest's last words, so the crash is the deliberate one; then the
# hypervisor's crash report and its register dump (fixed strings; "re:"
# for a regex).
PURPOSE_MARKER="info: crashing on purpose"
CRASH_MARKER="domain 0 crashed"
DUMP_MARKER="guest registers"
MARKERS=("(HV) " "$PURPOSE_MARKER" "$CRASH_MARKER" "$DUMP_MARKER")

case_init dom0_crash
need_file "$HV_ELF"
need_file "$GUEST_ELF"
boot_check 2 --pvh "$HV_ELF" --module "$GUEST_ELF" \
    --append "$HV_CONSOLE -- selftest=crash"
