#!/bin/bash
# dom0_create: the toolstack builds guests from dom0's initrd and serves
# them.  guest2 (selftest=crash, on_crash preserve) is created paused,
# guest1 (the default self-test) runs to its poweroff, which on_poweroff
# destroys; guest2, unpaused, crashes and is kept (state c) while dom0
# runs on; its console replays its output; list -l shows its config as
# JSON and top a screen of rates; guest1 again, paused, is rebooted:
# on_reboot restarts it as a new domain, which runs to its poweroff;
# guest2 destroyed, the free memory is what it was before any was built.
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

MARKERS=("dom0: 4 files from the initrd"
         "dom0: toolstack ready"
         "re:^free_pages +: [0-9]+$"
         "Parsing config from guest2.cfg"
         "re:^Domain [0-9]+ \\(guest2\\) created, paused$"
         "re:^guest2 +[0-9]+ +16 +1 +--p---"
         "Parsing config from guest1.cfg"
         "re:^Domain [0-9]+ \\(guest1\\) created$"
         "re:xl: domain [0-9]+ \\(guest1\\) powered off: destroy"
         "re:xl: domain [0-9]+ \\(guest2\\) crashed: preserve"
         "re:^guest2 +[0-9]+ +16 +1 +----c-"
         "dom0# console guest2"
         "re:^info: crashing on purpose$"
         "re:\"on_crash\": \"preserve\""
         "re:^NAME +ID +STATE +CPU\\(%\\) +MEM\\(k\\) +VCPUS +HCALLS/s +EVENTS/s$"
         "re:^guest2 +[0-9]+ +----c- +0\\.0 +16384 +1 +0 +0$"
         "re:xl: domain [0-9]+ \\(guest1\\) rebooted: restart"
         "re:xl: 'guest1' restarted as domain [0-9]+"
         "re:xl: domain [0-9]+ \\(guest1\\) powered off: destroy"
         "destroy guest2"
         "dom0: powering off")

case_init dom0_create
need_file "$HV_ELF"
need_file "$GUEST_ELF"
need_file "$DOM0_INITRD"
console_input_init

# Waits (up to 30 s) for the $2-th line holding fixed string $1.
wait_count() {
    local i
    for ((i = 0; i < 300; i++)); do
        [ "$(tr -d '\r' <"$LOG" | grep -caF -- "$1")" -ge "$2" ] && return 0
        sleep 0.1
    done
    echo "dom0_create: '$1' not seen $2 times: stopped typing" >&2
    return 1
}

type_input() {
    type_line "info" "dom0: toolstack ready" &&
        type_line "create -p guest2.cfg" "free_pages" &&
        type_line "list guest2" "(guest2) created, paused" &&
        type_line "create guest1.cfg" "--p---" &&
        type_line "unpause guest2" "(guest1) powered off: destroy" &&
        type_line "list" "(guest2) crashed: preserve" &&
        type_line "console guest2" "----c-" &&
        wait_for "dom0# console guest2" && printf '\035' >&4 &&
        type_line "list -l guest2" "dom0# " &&
        type_line "top -n 1" '"on_crash": "preserve"' &&
        type_line "create -p guest1.cfg" "EVENTS/s" &&
        type_line "reboot guest1" "(guest1) created, paused" &&
        wait_count "(guest1) powered off: destroy" 2 &&
        type_line "destroy guest2" "dom0# " &&
        type_line "info" "destroy guest2" &&
        type_line "poweroff" "domains                 : 1"
}

TIMEOUT=60
toolstack_boot type_input dom0_mem=128M
# The free memory after both domains is what it was before.
mapfile -t free < <(tr -d '\r' <"$LOG" | sed -n 's/^free_pages *: //p')
if [ "${#free[@]}" -ne 2 ] || [ "${free[0]}" != "${free[1]}" ]; then
    echo "dom0_create: free pages before and after: ${free[*]}"
    exit 1
fi
