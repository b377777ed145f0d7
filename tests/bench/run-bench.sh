#!/bin/bash
# `make bench`: the overhead table of issue 5 (docs/PVOPS.md, BENCH.md).
# Boots the guest with `bench` on its command line (guest-pv/bench/) in
# every mode and prints one table, a column per mode:
#     native    guest.elf alone, QEMU's PVH loader (-kernel), ring 0,
#               the native backend: no hypervisor at all
#     pv        our hypervisor, dom0 `bench pvops=pv`
#     pv-hcall  our hypervisor, dom0 `bench pvops=pv-hcall`
#     trap      our hypervisor, dom0 `bench pvops=trap`
#     xen       real Xen 4.17 (Debian's), dom0 `bench` (pv; Xen has no
#               xpv_event_mask hypercall, so no pv-hcall column for it)
# each RUNS times, plus the two-domain boot of ours (cpu share, event
# round trip).  Writes OUT/bench.json and OUT/bench.svg (a log-scale bar
# chart), and keeps every serial log in OUT.  Builds nothing: make does
# that first (it only packs a GRUB ISO, tests/boot/mkiso.sh, for the
# two-domain boot).
#
# Two-domain figures (evtchn_rtt_domains, cpu_share_256_512): the GRUB ISO
# with domu=1, one CPU, dom0 `bench bench_domains` at credit weight
# DOM0_WEIGHT and domain 1 `bench bench_peer` at DOMU_WEIGHT
# (guest-pv/bench/bench_domains.c); ours only (real Xen here has no
# toolstack to build a domU).
#
#   run-bench.sh [--runs N] [--timeout SEC] [--out DIR]
#       --runs     boots per mode (default 2); the figures of all runs
#                  must be identical under -icount, and the table says
#                  whether they were
#       --timeout  seconds per boot before QEMU is stopped (default 90)
#       --out      output directory (default $O/bench)
#
# Every mode boots under QEMU TCG with -icount shift=0,sleep=off: the
# guest's TSC then counts instructions, so figures are path lengths, the
# same on any machine however loaded.  With a hardware-backed KVM (vmx
# or svm in /proc/cpuinfo and /dev/kvm usable; BOOT_ACCEL=tcg turns it
# off) every mode but Xen boots once more under KVM, and a second table
# gives cycles (kvm.MODE.N.log).  Each table says its unit.
# Exit status: 0 when every boot finished (whatever the figures), else 1.
set -eu

# shellcheck source-path=SCRIPTDIR source=../boot/lib.sh
. "$(dirname "$0")/../boot/lib.sh"
BENCH_DIR=$ROOT/tests/bench

runs=2 timeout_s=90 out=$O/bench
# cpu_share_256_512: the weights in its name.
DOM0_WEIGHT=256 DOMU_WEIGHT=512
# Our hypervisor's modes: the pvops= backends.
OUR_MODES=(pv pv-hcall trap)
# The native boot's memory: what run-native uses.
NATIVE_MEM=128

parse_args() {
    while [ $# -gt 0 ]; do
        case $1 in
            --runs) runs=${2:?--runs needs a number}; shift ;;
            --timeout) timeout_s=${2:?--timeout needs seconds}; shift ;;
            --out) out=${2:?--out needs a directory}; shift ;;
            *) die "unknown argument '$1' (see the header of $0)" ;;
        esac
        shift
    done
    case $runs in ''|*[!0-9]*|0) die "--runs needs a number > 0" ;; esac
}

# The passes: TCG with -icount always (instructions, repeatable); with a
# hardware-backed KVM (tests/boot/lib.sh boot_accel: vmx/svm and
# /dev/kvm) the same boots again under KVM (cycles).
choose_passes() {
    passes=(tcg)
    [ "$(boot_accel)" != kvm ] || passes+=(kvm)
}

# Sets accel, icount, units and the log prefix for pass $1.
set_pass() {
    accel=$1
    if [ "$accel" = tcg ]; then
        icount=(--extra "-icount shift=0,sleep=off")
        units="instructions (QEMU TCG -icount shift=0: guest TSC = instructions executed)"
        prefix=
    else
        icount=()
        units="cycles (hardware-backed KVM, TSC; not repeatable)"
        prefix=kvm.
    fi
}

# True if serial log $1 ends the bench properly.
bench_done() {
    tr -d '\r' <"$1" | grep -qa '^bench: done'
}

# Fails with the serial log and QEMU's messages unless boot $2 of mode
# $1 (exit status $3) reached "bench: done".
check_boot() {
    local mode=$1 log=$2 rc=$3
    if [ "$rc" -ne 0 ] || ! bench_done "$log"; then
        cat "$log.qemu" 2>/dev/null || true
        print_log "$log"
        die "$mode: no 'bench: done' (exit status $rc, $(status_name "$rc"))"
    fi
}

# The guest alone (native backend); log into $1.
run_native() {
    local log=$1 rc=0
    BOOT_ACCEL=$accel "$BOOT_DIR/qemu.sh" --pvh "$GUEST_ELF" \
        --mem "$NATIVE_MEM" --timeout "$timeout_s" --log "$log" \
        --append "bench" "${icount[@]}" \
        </dev/null >/dev/null 2>"$log.qemu" || rc=$?
    check_boot native "$log" "$rc"
}

# Our hypervisor with the bench guest as dom0 in backend $2; log into $1.
run_ours() {
    local log=$1 backend=$2 rc=0
    BOOT_ACCEL=$accel "$BOOT_DIR/qemu.sh" --pvh "$HV_ELF" \
        --module "$GUEST_ELF" --timeout "$timeout_s" --log "$log" \
        --append "$HV_CONSOLE dom0_mem=64M -- bench pvops=$backend" \
        "${icount[@]}" </dev/null >/dev/null 2>"$log.qemu" || rc=$?
    check_boot "$backend" "$log" "$rc"
}

# The two-domain ISO: dom0 and domain 1 both the bench guest.
make_domains_iso() {
    "$BOOT_DIR/mkiso.sh" "$out/domains.iso" "$HV_ELF" \
        "$HV_CONSOLE domu=1 domu_mem=32M dom0_mem=64M dom0_weight=$DOM0_WEIGHT domu_weight=$DOMU_WEIGHT" \
        "$GUEST_ELF" "bench bench_domains" "$GUEST_ELF" "bench bench_peer"
}

# Boots ours with two domains on one CPU (ISO from make_domains_iso).
run_domains() {
    local log=$1 rc=0
    BOOT_ACCEL=$accel "$BOOT_DIR/qemu.sh" --iso "$out/domains.iso" --smp 1 \
        --timeout "$timeout_s" --log "$log" "${icount[@]}" \
        </dev/null >/dev/null 2>"$log.qemu" || rc=$?
    check_boot "ours, two domains" "$log" "$rc"
}

# Boots real Xen with the bench guest as dom0; log into $1.  TCG pass
# only: scripts/run-on-xen.sh always runs QEMU with -accel tcg.
run_xen() {
    local log=$1
    if ! "$ROOT/scripts/run-on-xen.sh" --until '^bench: done' \
            --qemu-args "-icount shift=0,sleep=off" --log "$log" \
            "$GUEST_ELF" "$timeout_s" bench >/dev/null 2>&1
    then
        print_log "$log"
        die "real Xen: no 'bench: done' (if Xen could not be fetched," \
            "this needs Debian's mirror once; then $O/xen is reused)"
    fi
}

# The lines that must repeat exactly: figures and the timing overhead.
figures() {
    tr -d '\r' <"$1" | grep -aoE 'BENCH[ -].*|timing overhead [0-9]+' || true
}

# Runs side $1 (a mode, or domains) $runs times; sets same[$1] to
# whether the figures of every run were those of the first.
declare -A same
run_side() {
    local side=$1 i log
    local first=$out/$prefix$side.1.log
    same[$side]=yes
    for i in $(seq 1 "$runs"); do
        echo "bench: $side, run $i of $runs ($accel)"
        log=$out/$prefix$side.$i.log
        case $side in
            native|xen|domains) "run_$side" "$log" ;;
            *) run_ours "$log" "$side" ;;
        esac
        if [ "$i" -gt 1 ] && ! cmp -s <(figures "$first") <(figures "$log")
        then
            echo "bench: $side: run $i differs from run 1:"
            diff <(figures "$first") <(figures "$log") || true
            same[$side]=no
        fi
    done
    [ "$runs" -gt 1 ] || same[$side]="n/a (one run)"
}

# Runs every mode of pass $1 and adds its report options to report_args.
run_pass() {
    local mode modes=(native "${OUR_MODES[@]}") log_opt=--log
    local repeat_opt=--repeat
    set_pass "$1"
    if [ "$accel" = tcg ]; then
        modes+=(xen)
    else
        echo "bench: kvm pass: no Xen column (scripts/run-on-xen.sh runs TCG)"
        log_opt=--cycles-log repeat_opt=--cycles-repeat
        report_args+=(--cycles-units "$units")
    fi
    for mode in "${modes[@]}"; do
        run_side "$mode"
        report_args+=("$log_opt" "$mode=$out/$prefix$mode.1.log"
                      "$repeat_opt" "$mode=${same[$mode]}")
    done
    if [ "$accel" = tcg ]; then
        make_domains_iso
        run_side domains
        report_args+=(--repeat "two-domain=${same[domains]}"
                      --units "$units" --accel tcg)
    fi
}

main() {
    local pass report_args=()
    parse_args "$@"
    cd "$ROOT"
    need_file "$HV_ELF"
    need_file "$GUEST_ELF"
    command -v python3 >/dev/null ||
        die "python3 not found (apt-get install python3): it writes the report"
    mkdir -p "$out"
    rm -f "$out"/*.log "$out"/*.log.qemu "$out/domains.iso"
    choose_passes
    echo "bench: passes: ${passes[*]} (kvm only with vmx/svm in /proc/cpuinfo and /dev/kvm)"
    for pass in "${passes[@]}"; do
        run_pass "$pass"
    done
    python3 "$BENCH_DIR/report.py" "${report_args[@]}" \
        --domains "$out/domains.1.log" \
        --weights "$DOM0_WEIGHT,$DOMU_WEIGHT" \
        --json "$out/bench.json" --svg "$out/bench.svg"
    echo "bench: wrote $out/bench.json and $out/bench.svg"
}

main "$@"
