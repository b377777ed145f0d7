#!/bin/bash
# harness: the boot harness itself, on a stub kernel (fixtures/stub.S)
# instead of the hypervisor, so a harness bug is told apart from a
# hypervisor bug.  Checks that both loaders pass the command lines and
# modules through (mkiso.sh, qemu.sh --pvh), that qemu.sh maps every kind
# of ending to its status (isa-debug-exit, triple fault, hang), and that
# expect.sh fails on a FAIL line and on a missing marker.
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

case_init harness
stub=$WORK/stub.elf
"$BOOT_DIR/fixtures/mkstub.sh" "$stub"
printf 'module one\n' >"$WORK/mod1"
printf 'module two\n' >"$WORK/mod2"
rc=0

# GRUB: two modules, each with its own command line; status 4.
"$BOOT_DIR/mkiso.sh" "$WORK/stub.iso" "$stub" "hvopt exit=4" \
    "$WORK/mod1" "dom0 args" "$WORK/mod2"
MARKERS=("STUB: boot=multiboot2" "STUB: cmdline=hvopt exit=4"
         "STUB: module size=0x0000000b cmdline=dom0 args"
         "STUB: module size=0x0000000b cmdline=" "STUB: modules=0x00000002")
LOG=$WORK/grub.log boot_check 4 --iso "$WORK/stub.iso" || rc=1

# PVH: one module, the command line verbatim; each status 0..9 maps back.
for st in 0 1 2 9; do
    MARKERS=("STUB: boot=pvh" "STUB: cmdline=opt -- exit=$st"
             "STUB: module size=0x0000000b cmdline=" "STUB: modules=0x00000001")
    LOG=$WORK/pvh$st.log boot_check "$st" --pvh "$stub" \
        --module "$WORK/mod1" --append "opt -- exit=$st" || rc=1
done

# A triple fault (reset under -no-reboot) is 100; a hang times out (124).
MARKERS=("STUB: modules=0x00000000")
LOG=$WORK/triple.log boot_check 100 --pvh "$stub" --append triple || rc=1
TIMEOUT=2 LOG=$WORK/hang.log boot_check 124 --pvh "$stub" --append hang || rc=1

# expect.sh must fail on a FAIL line and on a marker that never comes.
if printf 'TEST x: FAIL\n' | "$BOOT_DIR/expect.sh" 'TEST x' >/dev/null ||
   printf 'one\n' | "$BOOT_DIR/expect.sh" one two >/dev/null; then
    echo "harness: expect.sh passed a log it must fail"
    rc=1
fi
exit "$rc"
