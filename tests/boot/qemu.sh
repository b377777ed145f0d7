#!/bin/bash
# The one QEMU launcher for boot tests, `make run` and `make debug`.
#
#   qemu.sh --iso FILE [options]
#       boots a GRUB ISO (tests/boot/mkiso.sh) on the pc machine
#   qemu.sh --pvh HV.ELF [--module FILE] [--append "HV CMDLINE"] [options]
#       boots the hypervisor directly through its PVH note on microvm
#       (or the guest kernel, guest.elf, natively: no hypervisor)
#
# Options:
#   --timeout SEC   stop QEMU after SEC seconds (default 30; 0 = never)
#   --log FILE      also write the serial output to FILE
#   --gdb           wait for gdb on :1234 before the first instruction
#   --smp N         vCPUs (default 1)
#   --mem MB        memory in MiB (default 512)
#   --extra "ARGS"  more QEMU arguments, split on spaces
#   --mgmt SOCK     dom0's COM2 (the management channel: a 16550 at
#                   0x2f8) on unix socket SOCK, which QEMU listens on
#                   for the host CLI (build/xl-host --socket SOCK)
#   --shm FILE      an ivshmem-plain PCI device whose shared memory is
#                   FILE (2 MiB, created afresh, removed when QEMU
#                   exits): the management
#                   channel's rings (build/xl-host --shm FILE).  With
#                   --pvh the machine is then pc, not microvm (which
#                   has no PCI configuration ports)
#
# The serial port is on stdio.  Exits with the hypervisor's exit status
# (tests/boot/lib.sh status_name, from hv/shutdown.h) as written to the
# isa-debug-exit device, 100 when the machine reset without one (a triple
# fault, with -no-reboot), 101 when QEMU itself failed, 124 on timeout.
set -eu

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck disable=SC2034  # read by die() in lib.sh
DIE_STATUS=101

usage() {
    # The header comment above is the help text.
    awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0" >&2
    exit 101
}

iso='' pvh='' append='' log='' gdb='' smp=1 mem=512 timeout_s=30 extra='' mgmt='' shm=''
modules=()

parse_args() {
    while [ $# -gt 0 ]; do
        case $1 in
            --iso) iso=${2:?--iso needs a file}; shift ;;
            --pvh) pvh=${2:?--pvh needs the hypervisor ELF}; shift ;;
            --module) modules+=("${2:?--module needs a file}"); shift ;;
            --append) append=${2?--append needs a command line}; shift ;;
            --timeout) timeout_s=${2:?--timeout needs seconds}; shift ;;
            --log) log=${2:?--log needs a file}; shift ;;
            --gdb) gdb=1 ;;
            --smp) smp=${2:?--smp needs a number}; shift ;;
            --mem) mem=${2:?--mem needs MiB}; shift ;;
            --extra) extra=${2?--extra needs arguments}; shift ;;
            --mgmt) mgmt=${2:?--mgmt needs a socket path}; shift ;;
            --shm) shm=${2:?--shm needs a file}; shift ;;
            -h|--help) usage ;;
            *) echo "qemu.sh: unknown argument '$1'" >&2; usage ;;
        esac
        shift
    done
    if [ -n "$iso" ] && [ -n "$pvh" ] || [ -z "$iso$pvh" ]; then
        die "give exactly one of --iso FILE or --pvh HV.ELF (see --help)"
    fi
}

need() {
    [ -r "$1" ] || die "$2 '$1' not found or unreadable"
}

# The machine and how the hypervisor gets there.
boot_args() {
    if [ -n "$iso" ]; then
        need "$iso" ISO
        if [ ${#modules[@]} -gt 0 ] || [ -n "$append" ]; then
            die "--module and --append are for --pvh; an ISO has its own grub.cfg"
        fi
        # -nic none: no NIC, so SeaBIOS loads no iPXE ROM (faster boot).
        qemu_args+=(-machine pc -nic none -boot d -cdrom "$iso")
        return
    fi
    need "$pvh" "hypervisor ELF"
    # QEMU's PVH loader (qboot on microvm, pvh.bin elsewhere) hands the
    # kernel exactly one module, the -initrd file, without a command line:
    # "a,b" is read as one file name and a second -initrd replaces the
    # first.  Boots with several modules need the GRUB ISO.
    [ ${#modules[@]} -le 1 ] ||
        die "PVH boot passes at most one module (QEMU's -initrd); use --iso for more"
    # The legacy PIT, PIC and RTC are on explicitly, so the hypervisor
    # finds the same devices under KVM (where "auto" may differ) and TCG.
    # shellcheck disable=SC2054  # commas inside QEMU's option values
    if [ -n "$shm" ]; then
        qemu_args+=(-machine pc -nic none -kernel "$pvh")
    else
        qemu_args+=(-machine microvm,pit=on,pic=on,rtc=on -kernel "$pvh")
    fi
    if [ ${#modules[@]} -eq 1 ]; then
        need "${modules[0]}" module
        qemu_args+=(-initrd "${modules[0]}")
    fi
    qemu_args+=(-append "$append")
}

# Accelerator (see boot_accel) and a CPU model to match it.
accel_args() {
    local accel
    accel=$(boot_accel)
    case $accel in
        kvm) qemu_args+=(-accel kvm -cpu host) ;;
        tcg) qemu_args+=(-accel tcg -cpu max) ;;
        *) die "unknown accelerator '$accel' (BOOT_ACCEL=tcg or kvm)" ;;
    esac
    echo "qemu: accel=$accel" >&2
}

# Serial on stdio (and into --log); status to isa-debug-exit at 0xf4.
common_args() {
    local chardev=stdio,id=ser0,signal=on
    [ -z "$log" ] || { : >"$log"; chardev=$chardev,logfile=$log; }
    # shellcheck disable=SC2054  # commas inside QEMU's option values
    qemu_args+=(-nographic -no-reboot -monitor none
                -chardev "$chardev" -serial chardev:ser0
                -device isa-debug-exit,iobase=0xf4,iosize=4
                -m "$mem" -smp "$smp")
    if [ -n "$gdb" ]; then
        qemu_args+=(-s -S)
        echo "qemu: waiting for gdb on :1234 (gdb -x tests/boot/gdbinit)" >&2
    fi
    if [ -n "$mgmt" ]; then
        rm -f "$mgmt"       # a stale one from an earlier run
        # shellcheck disable=SC2054  # commas inside QEMU's option values
        qemu_args+=(-chardev "socket,id=mgmt,path=$mgmt,server=on,wait=off"
                    -device isa-serial,chardev=mgmt,iobase=0x2f8,irq=3)
        echo "qemu: management channel on $mgmt (build/xl-host --socket $mgmt)" >&2
    fi
    [ -z "$shm" ] || shm_args
    # shellcheck disable=SC2206  # --extra is split on spaces on purpose
    [ -z "$extra" ] || qemu_args+=($extra)
}

# The management channel's shared memory: a file QEMU maps shared, so
# that the host CLI sees what dom0 writes to the device's BAR2.
SHM_SIZE=2M
shm_args() {
    rm -f "$shm"        # a stale one, with an earlier run's rings
    # shellcheck disable=SC2054  # commas inside QEMU's option values
    qemu_args+=(-object "memory-backend-file,id=mgmt-shm,share=on,mem-path=$shm,size=$SHM_SIZE"
                -device ivshmem-plain,memdev=mgmt-shm)
    echo "qemu: management channel's shared memory in $shm (build/xl-host --shm $shm)" >&2
}

# Runs QEMU under timeout; sets qemu_rc to its exit code.  QEMU runs as a
# background job so that a TERM sent to this script reaches it too; stdin
# is passed on explicitly (a background job would get /dev/null) and
# --foreground keeps QEMU in our process group, where it may read a
# terminal for `make run`.
run_qemu() {
    local child=''
    # Set before QEMU starts, so that no signal can leave it running.
    trap 'interrupted=1; [ -z "$child" ] || kill -TERM "$child" 2>/dev/null || true' \
        INT TERM HUP
    exec 3<&0
    timeout --foreground -k 5 "$timeout_s" \
        qemu-system-x86_64 "${qemu_args[@]}" <&3 3<&- 2>"$errfile" &
    child=$!
    exec 3<&-
    qemu_rc=0
    wait "$child" || qemu_rc=$?
    # A trapped signal ends `wait` early: wait again for the real status.
    while kill -0 "$child" 2>/dev/null; do
        qemu_rc=0
        wait "$child" || qemu_rc=$?
    done
    trap - INT TERM HUP
}

# QEMU exits 1 both for its own errors and for isa-debug-exit status 0:
# only the former print an error (any stderr line but a warning).
qemu_failed() {
    grep -qv -e 'warning:' -e '^$' "$errfile"
}

# Maps QEMU's exit code s to ours and says what it was.  isa-debug-exit
# makes s = (status << 1) | 1; timeout(1) itself uses 124..127 and 137.
map_status() {
    local s=$1 st
    if [ -n "$interrupted" ]; then
        echo "qemu: interrupted" >&2
        return 130
    elif [ "$s" -eq 124 ]; then
        echo "qemu: timed out after ${timeout_s}s without an exit status" \
             "(hang?): see the serial log, or raise --timeout" >&2
        return 124
    elif [ "$s" -eq 0 ]; then
        st=100
    elif [ $((s % 2)) -eq 1 ] && [ "$s" -lt 124 ] &&
         ! { [ "$s" -eq 1 ] && qemu_failed; }; then
        st=$(((s - 1) / 2))
    else
        echo "qemu: QEMU failed (exit $s): see its messages above" >&2
        return 101
    fi
    if [ "$st" -lt 100 ]; then
        echo "qemu: exit status $st ($(status_name "$st"))" >&2
    else
        echo "qemu: exit status $st: $(status_name "$st")" >&2
    fi
    return "$st"
}

main() {
    local rc
    parse_args "$@"
    command -v qemu-system-x86_64 >/dev/null ||
        die "qemu-system-x86_64 not found: run 'make deps' (installs qemu-system-x86)"
    qemu_args=()
    boot_args
    accel_args
    common_args
    errfile=$(mktemp)
    interrupted=
    run_qemu
    # The machine is gone: so is its shared memory (xl-host then says
    # dom0 is not reachable rather than waiting for an answer).
    [ -z "$shm" ] || rm -f "$shm"
    cat "$errfile" >&2
    set +e
    map_status "$qemu_rc"
    rc=$?
    rm -f "$errfile"
    exit "$rc"
}

main "$@"
