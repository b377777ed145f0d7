#!/bin/bash
# native_crash: the kernel booted without a hypervisor divides by zero
# before it registers any handler ("selftest=crash", as in dom0_crash):
# the native platform's IDT reports the exception it has no handler for
# (vector, mode, registers) and ends the machine with the crash status 2,
# the status a crashed dom0 gives under the hypervisor.
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

MARKERS=("pvops: backend native"
         "info: crashing on purpose"
         "native: fatal: exception 0 #DE in kernel mode with no handler"
         "re:native: rip ffffffff8[0-9a-f]{7} cs e008"
         "re:native: rax [0-9a-f]{16}")

case_init native_crash
need_file "$GUEST_ELF"
boot_check 2 --pvh "$GUEST_ELF" --mem 128 --append "selftest=crash"
