#!/bin/bash
# Runs the boot-test cases, one after the other (2 shared cores: one QEMU at
# a time), and prints "PASS name" or "FAIL name" for each, the output of
# every failed case (with its serial log), and the closing line
# "boot: N passed, M failed".  Exits non-zero if any case failed.
#
#   run-cases.sh            every case in CASES below
#   run-cases.sh NAME...    only these (from CASES or BOOT_CASES_PENDING)
#
# Cases are listed here by name, never discovered: a case file that is
# not in the list does not run, and a listed one that is missing fails.
# BOOT_CASES_PENDING are cases whose hypervisor side is still being built:
# they run only when named (make test-boot BOOT_CASES="hostile
# user_processes") and move to CASES once they pass.
set -eu

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

CASES=(
    harness             # the harness itself, on a stub kernel
    grub_selftest       # GRUB -> hypervisor -> dom0 self-test, poweroff
    pvh_selftest        # the same through the PVH entry on microvm
    dom0_crash          # dom0 crashes on purpose: crash report, status 2
    bad_no_module       # boot errors: one line and their own status
    bad_not_elf
    bad_no_notes
    bad_too_big
    xen_selftest        # the same verdicts on real Xen and on ours
    user_processes      # selftest=mm: page tables, user processes, fork
    hostile             # selftest=hostile: attacks on direct paging
    events              # selftest=events: event channels, timers, threads
    memop               # selftest=memop: reservations, memory_op refusals
    emulate             # selftest=emulate: trap-and-emulate, counters
    desc                # selftest=desc: GDTs, failsafe callback (and on Xen)
    desc_reload         # a selector that no longer loads: failsafe, crash
    console_input       # serial input: VIRQ_CONSOLE, Ctrl-A x3, debug keys
    domu_selftest       # domu=1: dom0 and a domU, (d1) lines, memory back
    domu_crash          # a domU crashes; dom0 runs on and powers off
    vcpus               # dom0_max_vcpus=2: VCPUOP_initialise/up, refusals
    events_pending      # a past single-shot deadline fires (Xen 4.17)
    pingpong            # dom0 <-> domU: 1000 event round trips
    cpu_share           # two CPU-bound domains share one CPU
    block               # a blocked domU uses no CPU (runstate log)
    hostile_neighbour   # hostile dom0 beside a domU checksumming memory
    native_selftest     # no hypervisor: guest.elf on QEMU, pvops suite
    native_grub         # no hypervisor: GRUB's multiboot2, pvops suite
    native_icount       # no hypervisor, bench's clock: TSC found at 1 GHz
    native_crash        # no hypervisor: an exception with no handler
    native_no_memory    # no hypervisor: too little RAM, one line, status 9
    native_long_cmdline # no hypervisor: a command line cut, and said so
    native_hypercall    # no hypervisor: a stray hypercall is named, status 2
    pvops_pv            # selftest=pvops, pv backend; diffed against Xen
    pvops_pv_hcall      # the same, interrupts by hypercall; Xen: fallback
    pvops_trap          # the same, native instructions emulated by ours
    pvops_bad           # pvops=native or unknown: said so, pv instead
    domctl              # selftest=domctl: the toolstack's hypercalls
    domctl_eperm        # a domU: every privileged hypercall is -EPERM
    domctl_kill         # dom0 pauses and destroys a running domU
    bench_modes         # `bench` natively and in trap mode: every case ran
    builder             # dom0 builds guest.elf from its initrd, runs it
    mgmt_cli            # the host CLI through COM2: commands, uploads
    mgmt_denied         # COM2 kept by the hypervisor: dom0 not reachable
    mgmt_uart           # COM2 raw: 64 KiB up, checked both ways
    mgmt_garbage        # garbage on the channel: ERROR, then in step again
    mgmt_scenario       # from the host CLI: two guests, crash, pause, destroy
    mgmt_grub           # make run's machine: an example guest from the host
    mgmt_shm_upload     # ivshmem's rings: 1 MiB up, its hash checked
    mgmt_shm_scenario   # mgmt_scenario over ivshmem's rings
    dom0_shell          # toolstack: the xl shell on the console, refusals
    dom0_create         # toolstack: two guests built, on_* applied, memory back
    xenstore            # toolstack: a guest's store client against dom0's store
    xenstore_unserved   # the store client with no server (domU) and no ring (dom0)
)

# Cases whose hypervisor side is still being built run only when named.
BOOT_CASES_PENDING=(
)

is_listed() {
    local c
    for c in "${CASES[@]}" "${BOOT_CASES_PENDING[@]}"; do
        [ "$c" = "$1" ] && return 0
    done
    return 1
}

# Runs case $1 with its output into $out_dir/$1.out; prints the verdict.
run_case() {
    local name=$1 file=$BOOT_DIR/cases/$1.sh out=$out_dir/$1.out
    local start=$SECONDS rc=0
    if [ ! -x "$file" ]; then
        echo "run-cases: $file missing or not executable" >"$out"
        rc=1
    else
        "$file" </dev/null >"$out" 2>&1 || rc=$?
    fi
    if [ "$rc" -eq 0 ]; then
        echo "PASS $name ($((SECONDS - start))s)"
        passed=$((passed + 1))
    else
        echo "FAIL $name ($((SECONDS - start))s, exit $rc)"
        sed 's/^/    /' "$out"
        failed=$((failed + 1))
    fi
}

main() {
    local name
    cd "$ROOT"
    for name in "$@"; do
        is_listed "$name" || die "unknown case '$name' (known:" \
            "${CASES[*]} ${BOOT_CASES_PENDING[*]})"
    done
    [ $# -gt 0 ] || set -- "${CASES[@]}"
    out_dir=$O/tests/boot
    mkdir -p "$out_dir"
    passed=0 failed=0
    echo "boot: accel=$(boot_accel) (KVM only with vmx/svm in /proc/cpuinfo)"
    for name in "$@"; do
        run_case "$name"
    done
    echo "boot: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}

main "$@"
