#!/bin/bash
# dom0_shell: dom0 started with "toolstack" (GRUB: dom0's initrd of
# make run, guest.elf and the example configs, as the second module)
# runs the xl shell on the hypervisor console (its keys through
# VIRQ_CONSOLE and CONSOLEIO_read, served by dom0's loop).  Typed here:
# ls (the initrd's files), list (Xen's columns, Domain-0),
# xl info, vcpu-list, sched-credit, an unknown command, a create whose
# config dom0 does not hold, a domain that does not exist, a line edited
# with backspace, then poweroff: status 0.
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

MARKERS=("dom0: 4 files from the initrd"
         "dom0: toolstack ready; 'help' lists the commands"
         "dom0# "
         "re:^ +[0-9]+  guest.elf$"
         "re:^ +[0-9]+  guest1.cfg$"
         "re:^ +[0-9]+  guest2.cfg$"
         "re:^ +[0-9]+  xenstore.cfg$"
         "Name                                        ID   Mem VCPUs  State   Time(s)"
         "re:Domain-0 +0 +[0-9]+ +1 r----- +[0-9]+\\.[0-9]"
         "re:nr_cpus +: 1"
         "re:free_memory +: [0-9]+"
         "re:Domain-0 +0 +0 +0 +r-- +[0-9.]+  (all|0)$"
         "re:Domain-0 +0 +256 +0"
         "xl: unknown command 'bogus' (xl help lists them)"
         "xl create: config 'nosuch.cfg': no such file in dom0"
         "xl pause: no domain 'ghost' (xl list shows the domains)"
         "xl help: unknown command 'lisx'"
         "dom0: powering off")

case_init dom0_shell
need_file "$HV_ELF"
need_file "$GUEST_ELF"
need_file "$DOM0_INITRD"
console_input_init

type_input() {
    type_line "ls" "dom0: toolstack ready" &&
        type_line "list" "xenstore.cfg" &&
        type_line "xl info" "Time(s)" &&
        type_line "vcpu-list" "free_memory" &&
        type_line "sched-credit" "Affinity (Hard)" &&
        type_line "bogus" "Weight" &&
        type_line "create nosuch.cfg" "unknown command 'bogus'" &&
        type_line "pause ghost" "no such file in dom0" &&
        type_line $'help lisxyz\b\b\bx' "no domain 'ghost'" &&
        type_line "poweroff" "unknown command 'lisx'"
}

toolstack_boot type_input
