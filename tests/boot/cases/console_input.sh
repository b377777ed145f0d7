#!/bin/bash
# console_input: serial input through the hypervisor.  dom0
# ("selftest=console") binds VIRQ_CONSOLE (twice: -EEXIST) and
# VIRQ_DEBUG and asks for a line; this script types it on QEMU's serial
# port (a FIFO on QEMU's stdin), and dom0 echoes what it read with
# CONSOLEIO_read after VIRQ_CONSOLE.  Then three Ctrl-A switch input to
# the hypervisor (its line says so), 'h' lists the debug keys, 'x' has
# none, 'r' dumps the run queues, 'e' the event channels (dom0's
# VIRQ_CONSOLE port among them), 'q' the domains, and sends VIRQ_DEBUG,
# which dom0 sees.
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

MARKERS=("(HV) *** Serial input to DOM0 (type 'CTRL-a' three times to switch input)"
         "TEST console_bind: PASS"
         "console: type a line"
         "console: echo: hello xpv"
         "TEST console_input_line: PASS"
         "(HV) *** Serial input to the hypervisor"
         "(HV)  key 'q' (ascii '71') => dump domain (and guest debug) info"
         "(HV) key 'x' (ascii '78') has no handler: 'h' lists them"
         "(HV) 'r' pressed -> dumping run queues"
         "(HV) scheduler: credit"
         "(HV) 'e' pressed -> dumping event-channel info"
         "re:\\(HV\\)   d0 port [0-9]+: virq 2 vcpu 0"
         "(HV) 'q' pressed -> dumping domain info"
         "re:\\(HV\\)   domain 0: [0-9]+ pages of [0-9]+, 1 vCPUs"
         "re:\\(HV\\)     vcpu 0: cpu [0-9]+ "
         "TEST console_virq_debug: PASS"
         "selftest: 3 passed, 0 failed")

case_init console_input
need_file "$HV_ELF"
need_file "$GUEST_ELF"
console_input_init

# What a user would type, each step once the console asks for it.
type_input() {
    wait_for "console: type a line" && printf 'hello xpv\r' >&4 &&
        wait_for "console: echo: hello xpv" && printf '\001\001\001' >&4 &&
        wait_for "Serial input to the hypervisor" && printf 'hxre' >&4 &&
        wait_for "has no handler" && printf 'q' >&4
}

type_input &
typist=$!
rc=0
boot_check 0 --pvh "$HV_ELF" --module "$GUEST_ELF" \
    --append "$HV_CONSOLE -- selftest=console" || rc=$?
kill "$typist" 2>/dev/null || true
wait "$typist" 2>/dev/null || true
exit "$rc"
