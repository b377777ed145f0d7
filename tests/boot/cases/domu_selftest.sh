#!/bin/bash
# domu_selftest: domu=1 through GRUB (QEMU's PVH loader passes one module
# only): dom0 waits for the domU's end (selftest=domwait: VIRQ_DOM_EXC),
# the domU runs the default self-test with its lines prefixed "(d1) ", as
# Xen prints guest lines, and passes every case in its domU role; it
# powers off, dom0 powers the machine off (status 0), and the domU's
# destruction at the end gives back every frame it was built with.
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

HV_OPTS="domu=1 domu_mem=32M dom0_mem=128M"
MARKERS=("(HV) "
         "re:building dom1 from module 1: [0-9]+ pages free"
         "(d1) TEST start_info: PASS"
         "re:\(d1\) selftest: [1-9][0-9]* passed, 0 failed"
         "domain 1 shut down: poweroff"
         "TEST domu_exit: PASS"
         "selftest: 1 passed, 0 failed"
         "re:domain 1 destroyed: [0-9]+ frames freed")

case_init domu_selftest
need_file "$HV_ELF"
need_file "$GUEST_ELF"
"$BOOT_DIR/mkiso.sh" "$WORK/boot.iso" "$HV_ELF" "$HV_CONSOLE $HV_OPTS" \
    "$GUEST_ELF" "selftest=domwait" "$GUEST_ELF" ""
boot_check 0 --iso "$WORK/boot.iso"

# Free memory before the build and after the destruction must agree.
expect_dom1_memory_back \
    's/.*domain 1 destroyed: .*, \([0-9]*\) pages free now.*/\1/p'
