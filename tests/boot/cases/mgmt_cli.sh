#!/bin/bash
# mgmt_cli: the host CLI (build/xl-host) reaches dom0's toolstack through
# the management channel (COM2 granted to dom0, a unix socket here).
# From the host: list and info (dom0's output and status 0), an unknown
# domain and an unknown command (dom0's messages, status 1), create with
# a kernel that does not exist (refused on the host, nothing sent),
# create with a config and a kernel that are uploaded first (the config
# seen under its base name; the kernel, also renamed, is not an ELF
# file: dom0's builder says so, status 1), and create after the socket is gone (dom0 not
# reachable, status 1).  Then dom0 is powered off from its console.
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

MARKERS=("(HV) dom0: granted ports 0x2f8-0x2ff (the management channel)"
         "dom0: management channel on COM2"
         "dom0: powering off")

mgmt_case_init mgmt_cli

printf 'name = "g1"\nmemory = 16\nkernel = "%s"\n' "$WORK/notelf.bin" \
    >"$WORK/g1.cfg"
printf 'not an ELF file\n' >"$WORK/notelf.bin"
printf 'name = "g2"\nkernel = "%s"\n' "$WORK/missing.elf" >"$WORK/g2.cfg"

# Runs xl-host ARGS; its stdout, stderr and status go to $WORK/NAME.*.
host_xl() {
    local name=$1 st=0
    shift
    "$XL_HOST" --socket "$SOCK" "$@" >"$WORK/$name.out" \
        2>"$WORK/$name.err" || st=$?
    echo "$st" >"$WORK/$name.status"
}

drive() {
    wait_for "dom0: management channel on COM2" || return 1
    host_xl list list
    host_xl info info
    host_xl pause pause ghost
    host_xl bogus bogus
    host_xl missing create "$WORK/g2.cfg"
    host_xl create create "$WORK/g1.cfg"
    printf 'poweroff\r' >&4
}

# expect NAME STATUS PATTERN: xl-host's status and a line of its output.
expect() {
    local got
    got=$(cat "$WORK/$1.status" 2>/dev/null || echo none)
    if [ "$got" != "$2" ] ||
        ! cat "$WORK/$1.out" "$WORK/$1.err" | grep -qE -- "$3"; then
        echo "$CASE: xl-host $1: status $got (want $2), output:"
        cat "$WORK/$1.out" "$WORK/$1.err"
        echo "(wanted a line matching '$3')"
        return 1
    fi
    echo "$CASE: xl-host $1: status $2, '$3'"
}

rc=0
mgmt_boot --pvh "$HV_ELF" --module "$GUEST_ELF" \
    --append "$HV_CONSOLE -- toolstack" || rc=$?

expect list 0 "^Domain-0 +0 +[0-9]+ +1 " || rc=1
expect info 0 "^nr_cpus +: 1" || rc=1
expect pause 1 "^xl pause: no domain 'ghost'" || rc=1
expect bogus 1 "^xl: unknown command 'bogus'" || rc=1
expect missing 1 "^xl create: kernel '.*missing.elf': No such file" || rc=1
expect create 1 "^Parsing config from g1.cfg" || rc=1
# The kernel arrived under its base name: dom0's builder read it.
expect create 1 "^xl create: kernel 'notelf.bin': not an ELF file" || rc=1
# The machine is gone: no socket, and a clear message.
host_xl gone list
expect gone 1 "^xl: dom0 not reachable: cannot connect to .*mgmt.sock" ||
    rc=1
exit "$rc"
