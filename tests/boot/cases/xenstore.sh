#!/bin/bash
# xenstore: dom0's toolstack creates a guest from its initrd
# (xenstore.cfg: selftest=xenstore), whose store client talks to the
# store dom0 serves on the guest's ring: its domain path and own nodes,
# write/read/directory/rm in its data/, the refusals outside it,
# permissions, a watch, a transaction, a conflicting one and its retry,
# the value-size quota.  Every case passes, the guest powers off, which
# on_poweroff destroys, and dom0 powers the machine off.
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

CASES=(xs_domain_path xs_own_nodes xs_write_read_rm xs_refused xs_perms
       xs_watch xs_transaction xs_tx_conflict xs_quota)
# The guest starts before xl prints "Domain N (xenstore) created", so
# that line is not among the ordered markers.
MARKERS=("dom0: toolstack ready"
         "Parsing config from xenstore.cfg"
         "re:\\(d[0-9]+\\) info: self-test suite \"xenstore\"")
for c in "${CASES[@]}"; do
    MARKERS+=("re:\\(d[0-9]+\\) TEST $c: PASS")
done
MARKERS+=("re:\\(d[0-9]+\\) selftest: ${#CASES[@]} passed, 0 failed"
          "re:xl: domain [0-9]+ \\(xenstore\\) powered off: destroy"
          "dom0: powering off")

case_init xenstore
need_file "$HV_ELF"
need_file "$GUEST_ELF"
need_file "$DOM0_INITRD"
console_input_init

type_input() {
    type_line "create xenstore.cfg" "dom0: toolstack ready" &&
        type_line "list" "(xenstore) powered off: destroy" &&
        type_line "poweroff" "Domain-0 "
}

TIMEOUT=60
toolstack_boot type_input dom0_mem=128M
