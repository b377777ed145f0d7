#!/bin/bash
# pvops_bad: bad pvops= words on the kernel command line.  Under a
# hypervisor, pvops=native (bare metal only) and an unknown backend are
# each reported with what to use instead, and the kernel goes on with pv:
# the default self-test still passes (exit status 0).
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

case_init pvops_bad
need_file "$HV_ELF"
need_file "$GUEST_ELF"
MARKERS=("re:pvops: native runs on bare metal only .*; under a hypervisor use .*: using pv"
         "pvops: backend pv"
         "re:selftest: [1-9][0-9]* passed, 0 failed")
LOG=$WORK/native.log boot_check 0 --pvh "$HV_ELF" --module "$GUEST_ELF" \
    --append "$HV_CONSOLE -- pvops=native"
MARKERS=("re:pvops: unknown backend \\(use pvops=pv, .*\\): using pv"
         "pvops: backend pv"
         "re:selftest: [1-9][0-9]* passed, 0 failed")
LOG=$WORK/unknown.log boot_check 0 --pvh "$HV_ELF" --module "$GUEST_ELF" \
    --append "$HV_CONSOLE -- pvops=vmx"
