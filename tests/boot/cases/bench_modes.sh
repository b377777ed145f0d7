#!/bin/bash
# bench_modes: the benchmark guest (`bench`, guest-pv/bench/) runs to its
# end natively and as dom0 of our hypervisor with the trap backend (the
# mode that exercises the most: emulation, and the bench process's cli
# and sti skipped by the kernel on their #GP), and every case prints a
# figure - or, natively, "unsupported -38" for the cases that call the
# hypervisor directly.  No figure is checked (no timings asserted): only
# that each case ran and the output is what tests/bench/report.py reads;
# report.py itself is unit-tested (tests/bench/test_report.py).
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

# The cases through pv_ops and the user program's, in the order they run.
PVOPS_CASES=(irq_disable_enable irq_save_restore pte_update aspace_switch
             tlb_flush aspace_create_destroy port_write timer_event_latency
             int3_bounce)
DIRECT_CASES=(null_hypercall cli_sti_vcpu_info multicall_32
              update_va_mapping_invlpg mmu_update_1 mmu_update_64_per_entry
              tlb_flush_local pt_write_emulated evtchn_send_upcall yield)
USER_CASES=(null_syscall context_switch demand_zero_fault cli_sti_gp)

figure() { echo "re:BENCH $1 200 [0-9]+ [0-9]+\$"; }

# Markers for one mode: $1 = native or a hypervisor backend.
bench_markers() {
    local c
    MARKERS=("BENCH-MODE $1")
    for c in "${PVOPS_CASES[@]}"; do MARKERS+=("$(figure "$c")"); done
    [ "$1" = native ] || MARKERS+=("$(figure syscall_floor)")
    for c in "${DIRECT_CASES[@]}"; do
        if [ "$1" = native ]; then
            MARKERS+=("BENCH $c unsupported -38")
        else
            MARKERS+=("$(figure "$c")")
        fi
    done
    for c in "${USER_CASES[@]}"; do
        MARKERS+=("re:user 1: $(figure "$c" | cut -c4-)")
    done
    [ "$1" != native ] || MARKERS+=("re:user 3: $(figure syscall_floor | cut -c4-)")
    MARKERS+=("bench: done")
}

# No case failed, no user role failed, nothing said twice.
no_failures() {
    local log=$1
    if tr -d '\r' <"$log" | grep -aE 'BENCH [^ ]+ failed|bench: .*failed'; then
        echo "$CASE: a bench case failed (above)"
        return 1
    fi
    if tr -d '\r' <"$log" | grep -aoE 'BENCH [^ ]+ ' | sort | uniq -d | grep .; then
        echo "$CASE: a case printed twice (above)"
        return 1
    fi
}

case_init bench_modes
need_file "$HV_ELF"
need_file "$GUEST_ELF"
bench_markers native
LOG=$WORK/native.log boot_check 0 --pvh "$GUEST_ELF" --mem 128 \
    --append "bench"
no_failures "$WORK/native.log"
bench_markers trap
LOG=$WORK/trap.log boot_check 0 --pvh "$HV_ELF" --module "$GUEST_ELF" \
    --append "$HV_CONSOLE dom0_mem=64M -- bench pvops=trap"
no_failures "$WORK/trap.log"
