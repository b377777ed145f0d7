#!/bin/bash
# pvh_selftest: QEMU boots the hypervisor directly through its PVH note
# (microvm, -kernel, the guest as -initrd) on $SMP CPUs (default 2); every
# CPU comes up, dom0's self-test passes every case and dom0 powers the
# machine off (exit status 0).
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

DOM0_CMDLINE=""                 # the guest runs its self-test by default
MARKERS=("(HV) "
         "$(smp_marker)"
         "re:TEST [^ ]+: PASS"
         "re:selftest: [1-9][0-9]* passed, 0 failed")

case_init pvh_selftest
need_file "$HV_ELF"
need_file "$GUEST_ELF"
append=$HV_CONSOLE
[ -z "$DOM0_CMDLINE" ] || append="$append -- $DOM0_CMDLINE"
boot_check 0 --smp "$SMP" --pvh "$HV_ELF" --module "$GUEST_ELF" --append "$append"
