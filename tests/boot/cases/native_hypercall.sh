#!/bin/bash
# native_hypercall: a suite that needs a hypervisor ("selftest=events":
# event channels) booted without one, asking for the pv backend too.
# pvops= is refused (there is no hypervisor: the backend is native); the
# suite's first hypercall lands in the hypercall page, which the native
# boot fills with stubs that name the hypercall and where it was called
# from, and the machine ends with the crash status 2, instead of the
# int3 the page holds under no loader.
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

MARKERS=("pvops: no hypervisor: pvops= ignored, the backend is native"
         "pvops: backend native"
         "info: self-test suite \"events\""
         "re:native: fatal: hypercall 32 \\(xen/xen.h numbering\\) called from 0xffffffff8[0-9a-f]{7} with no hypervisor: this path must go through pv_ops")

case_init native_hypercall
need_file "$GUEST_ELF"
boot_check 2 --pvh "$GUEST_ELF" --mem 128 --append "pvops=pv selftest=events"
