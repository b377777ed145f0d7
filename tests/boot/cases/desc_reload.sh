#!/bin/bash
# desc_reload: ours only (Xen switches vCPUs lazily, so when it reloads a
# selector is not deterministic there).  dom0 loads %es from its own GDT,
# makes that descriptor not present with update_descriptor and blocks:
# the way back to it reloads %es, which fails, and its failsafe callback
# gets the selectors (it carries on with a null %es).  Then the same
# without a failsafe callback: the hypervisor crashes dom0 with a line
# that says why (exit status 2).
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

MARKERS=("(HV) "
         "TEST desc_reload_after_update: PASS"
         "info: desc: expecting the hypervisor to crash this domain"
         "(HV) domain 0 crashed: vCPU 0: cannot load its data selectors (ds 0 es 0xb fs 0 gs 0) and has no failsafe callback registered"
         "(HV) mm audit: dom 0: OK")

case_init desc_reload
need_file "$HV_ELF"
need_file "$GUEST_ELF"
boot_check 2 --pvh "$HV_ELF" --module "$GUEST_ELF" \
    --append "$HV_CONSOLE -- selftest=desc_reload"
