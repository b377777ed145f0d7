#!/bin/bash
# builder: dom0 boots with its initrd (the Makefile's ustar archive:
# guest.elf and the example configs, the second GRUB module) and runs
# "selftest=builder": its heap, its files, then the domain builder
# builds the archive's guest.elf as a domU from an xl.cfg text, which
# runs its own self-test (its "(d1)" lines in the hypervisor's log) and
# powers off; dom0 destroys it and free memory is exactly back.  Then
# each refusal (not ELF, truncated ELF, no Xen notes, memory too small,
# memory beyond what is free, a CPU that does not exist) with its
# message and nothing left behind, and 500 domains built and destroyed
# with free memory exactly as before; XEN_DOMCTL_hypercall_init's
# refusals (not the domain's frame, a page table, no such domain) and
# the page it writes.
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

DOM0_CMDLINE="selftest=builder"
MARKERS=("(HV) "
         "dom0: 4 files from the initrd"
         "TEST builder_heap: PASS"
         "TEST builder_files: PASS"
         "(d1) TEST start_info: PASS"
         "re:\(d1\) selftest: [1-9][0-9]* passed, 0 failed"
         "TEST builder_run: PASS"
         "info: builder: refused (-22): kernel 'k.elf': not an ELF file"
         "info: builder: refused (-12): memory 1000000 MiB: only "
         "TEST builder_refusals: PASS"
         "TEST builder_hypercall_init: PASS"
         "re:info: builder: loop: 500 domains built and destroyed"
         "TEST builder_loop: PASS"
         "re:selftest: [1-9][0-9]* passed, 0 failed")

case_init builder
need_file "$HV_ELF"
need_file "$GUEST_ELF"
need_file "$DOM0_INITRD"
"$BOOT_DIR/mkiso.sh" "$WORK/boot.iso" "$HV_ELF" "$HV_CONSOLE" \
    "$GUEST_ELF" "$DOM0_CMDLINE" "$DOM0_INITRD" ""
TIMEOUT=${BOOT_TIMEOUT:-240} boot_check 0 --iso "$WORK/boot.iso"

# The loop's free pages, before and after, must be the same number.
expect_loop_free_pages \
    'info: builder: loop: 500 domains built and destroyed, free pages' \
    "500 built domains"
