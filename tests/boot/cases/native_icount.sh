#!/bin/bash
# native_icount: the native boot under QEMU's -icount shift=0,sleep=off,
# the deterministic clock `make bench` uses: there the TSC and the PIT
# both run on virtual time, the TSC at exactly 1 GHz, so the calibration
# against the PIT must find 1 GHz (within 1%: the window's edges), and
# the paravirt-ops suite passes on that clock too.
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

MARKERS=("pvops: backend native"
         "re:info: native: TSC (99[0-9]{4}|100[0-9]{4}) kHz \\(PIT\\)"
         "TEST pvops_timer: PASS"
         "TEST pvops_halt: PASS"
         "re:selftest: [1-9][0-9]* passed, 0 failed")

case_init native_icount
need_file "$GUEST_ELF"
boot_check 0 --pvh "$GUEST_ELF" --mem 128 --append "selftest=pvops" \
    --extra "-icount shift=0,sleep=off"
