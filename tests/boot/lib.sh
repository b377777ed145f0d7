# shellcheck shell=bash
# Shared helpers for the boot-test scripts (sourced by bash, never run).
#
# Holds the one table of exit statuses, the accelerator choice, and the
# helpers each tests/boot/cases/*.sh uses to boot, wait for console markers
# and check the exit status.

BOOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BOOT_DIR/../.." && pwd)

# Build outputs, as the Makefile names them ($(O) is the build directory).
O=${O:-build}
HV_ELF=${HV_ELF:-$O/hypervisor.elf}
GUEST_ELF=${GUEST_ELF:-$O/guest-pv/guest.elf}
XL_HOST=${XL_HOST:-$O/xl-host}
# dom0's initrd for "toolstack" (tests/boot/build.mk: guest.elf, examples).
DOM0_INITRD=${DOM0_INITRD:-$O/boot/dom0-initrd.tar}

# The hypervisor's console option, the same on every boot path.
HV_CONSOLE=${HV_CONSOLE:-console=com1}

# Exits with DIE_STATUS (1 unless the script sets another: qemu.sh uses
# 101, since 1 is an exit status of the hypervisor's).
die() {
    echo "$(basename "$0"): error: $*" >&2
    exit "${DIE_STATUS:-1}"
}

# The exit statuses of hypervisor/include/hv/shutdown.h (enum
# hv_exit_status), by value.  This is the only copy in the scripts: when
# shutdown.h changes, change this table with it.
status_name() {
    case $1 in
        0) echo poweroff ;;
        1) echo reboot ;;
        2) echo "dom0 crash" ;;
        3) echo panic ;;
        4) echo "no module" ;;
        5) echo "not ELF" ;;
        6) echo "no Xen notes" ;;
        7) echo "too big" ;;
        8) echo "bad dom0" ;;
        9) echo "bad boot" ;;
        100) echo "machine reset without an exit status (triple fault?)" ;;
        101) echo "QEMU or qemu.sh failed" ;;
        124) echo "timeout" ;;
        130) echo "interrupted" ;;
        *) echo unknown ;;
    esac
}

# Prints "kvm" only where KVM can run PV guests: /dev/kvm usable and the
# CPU showing vmx or svm.  The software-nested KVM of our build machines
# (no vmx/svm flag) boots a kernel but never delivers a guest hypervisor's
# ring-3 syscall to its ring 0, so there it must be TCG.
# BOOT_ACCEL=tcg|kvm overrides the choice.
boot_accel() {
    if [ -n "${BOOT_ACCEL:-}" ]; then
        echo "$BOOT_ACCEL"
    elif [ -r /dev/kvm ] && [ -w /dev/kvm ] &&
         grep -qw -e vmx -e svm /proc/cpuinfo; then
        echo kvm
    else
        echo tcg
    fi
}

# ---- for tests/boot/cases/*.sh ---------------------------------------

# What a case sets before boot_check: console markers to wait for, in order
# (expect.sh syntax), and failure patterns its scenario makes harmless.
MARKERS=()
ALLOW=()
TIMEOUT=${BOOT_TIMEOUT:-30}

# CPUs for the cases that run dom0 on several (BOOT_SMP=1: on one), and
# the hypervisor's line once that many are up.
SMP=${BOOT_SMP:-2}
smp_marker() {
    if [ "$SMP" -eq 1 ]; then
        echo "(HV) smp: 1 CPU up"
    else
        echo "(HV) smp: $SMP CPUs up"
    fi
}

# Sets CASE and WORK (the case's scratch directory under $O) and moves to
# the repository root, which every path above is relative to.
case_init() {
    CASE=$1
    cd "$ROOT" || die "cannot cd to $ROOT"
    WORK=$O/tests/boot/$CASE
    rm -rf "$WORK"
    mkdir -p "$WORK"
}

# Fails the case when a build output is missing, naming the make target.
need_file() {
    [ -s "$1" ] || die "$1 missing: build it first ('make $1' or 'make all')"
}

# Free memory must come back exactly: the hypervisor's count when it
# built dom1 ("building dom1 from module 1: N pages free") must equal the
# number sed expression AFTER_SED prints from the serial log (the count
# after dom1's destruction).  Prints both; fails the case if they differ.
#   expect_dom1_memory_back AFTER_SED
expect_dom1_memory_back() {
    local log=$WORK/serial.clean.log before after built
    tr -d '\r' <"$WORK/serial.log" >"$log"
    built='s/.*building dom1 from module 1: \([0-9]*\) pages free.*/\1/p'
    before=$(sed -n "$built" "$log")
    after=$(sed -n "$1" "$log")
    if [ -z "$before" ] || [ "$before" != "$after" ]; then
        echo "$CASE: free pages before dom1 '$before', after its" \
             "destruction '$after'"
        return 1
    fi
    echo "$CASE: $before pages free before dom1 and after it"
}

# A loop's free memory must come back exactly: the serial log's line
# starting with PREFIX ends "free pages N before, M after"; fails the case
# unless N = M, and says what it found either way.
#   expect_loop_free_pages PREFIX WHAT
expect_loop_free_pages() {
    local line before after
    line=$(tr -d '\r' <"$WORK/serial.log" | grep -a "$1" || true)
    before=$(echo "$line" | sed -n 's/.* free pages \([0-9]*\) before.*/\1/p')
    after=$(echo "$line" | sed -n 's/.* before, \([0-9]*\) after.*/\1/p')
    if [ -z "$before" ] || [ "$before" != "$after" ]; then
        echo "$CASE: free pages before the loop '$before', after '$after'"
        return 1
    fi
    echo "$CASE: $before pages free before $2 and after them"
}

# Boots with qemu.sh ARGS..., checks the serial log for MARKERS in order
# (expect.sh; lines matching an ALLOW pattern never count as failures) and
# the exit status against EXPECTED.  The serial log is kept in
# $WORK/serial.log (or $LOG if set).  The serial input is $INPUT (a file
# or FIFO; /dev/null unless set).  Returns 0 when both match.
boot_check() {
    local expected=$1 log=${LOG:-$WORK/serial.log} st_qemu st_expect a
    local allow=()
    shift
    for a in "${ALLOW[@]}"; do
        allow+=(--allow "$a")
    done
    "$BOOT_DIR/qemu.sh" --timeout "$TIMEOUT" --log "$log" "$@" \
        <"${INPUT:-/dev/null}" 2>&1 |
        "$BOOT_DIR/expect.sh" --timeout $((TIMEOUT + 15)) "${allow[@]}" \
            -- "${MARKERS[@]}"
    st_qemu=${PIPESTATUS[0]} st_expect=${PIPESTATUS[1]}
    if [ "$st_qemu" -ne "$expected" ]; then
        echo "$CASE: expected exit status $expected" \
             "($(status_name "$expected")), got $st_qemu" \
             "($(status_name "$st_qemu"))"
        # expect.sh printed the log already if it failed too.
        [ "$st_expect" -ne 0 ] || print_log "$log"
        return 1
    fi
    return "$st_expect"
}

# Boots the hypervisor with one dom0 MODULE both ways, through GRUB
# (multiboot2) and directly (PVH), and boot_checks each for EXPECTED.
#   boot_both EXPECTED "HV OPTIONS" MODULE "DOM0 CMDLINE"
# An empty MODULE boots without any module.  HV OPTIONS come after the
# console option.
boot_both() {
    local expected=$1 hv_opts=$2 module=$3 dom0_cmdline=$4 rc=0
    local mods=() pvh_mod=() append=$HV_CONSOLE${hv_opts:+ $hv_opts}
    if [ -n "$module" ]; then
        mods=("$module" "$dom0_cmdline")
        pvh_mod=(--module "$module")
    fi
    echo "$CASE: via GRUB (multiboot2)"
    "$BOOT_DIR/mkiso.sh" "$WORK/boot.iso" "$HV_ELF" "$append" "${mods[@]}"
    LOG=$WORK/grub.log boot_check "$expected" --iso "$WORK/boot.iso" || rc=1
    echo "$CASE: via PVH (microvm)"
    # As in Xen, dom0's command line follows " -- " on the hypervisor's.
    [ -z "$dom0_cmdline" ] || append="$append -- $dom0_cmdline"
    LOG=$WORK/pvh.log boot_check "$expected" --pvh "$HV_ELF" "${pvh_mod[@]}" \
        --append "$append" || rc=1
    return "$rc"
}

print_log() {
    echo "---- serial log ($1) ----"
    cat "$1" 2>/dev/null || echo "(no log)"
    echo "---- end of serial log ----"
}

# Waits (up to 30 s) for fixed string $1 in the serial log $LOG (for the
# cases that type on the console once it asks for something).
wait_for() {
    local i
    for ((i = 0; i < 300; i++)); do
        if [ -f "$LOG" ] && tr -d '\r' <"$LOG" | grep -qaF -- "$1"; then
            return 0
        fi
        sleep 0.1
    done
    echo "$CASE: '$1' not seen: stopped typing" >&2
    return 1
}

# For the cases that type on the console: LOG (the serial log) and INPUT
# (the console's input FIFO), held open read-write on fd 4 so that neither
# QEMU's open nor a write blocks: `printf 'poweroff\r' >&4`.
console_input_init() {
    LOG=$WORK/serial.log
    INPUT=$WORK/input
    mkfifo "$INPUT"
    exec 4<>"$INPUT"
}

# Types line $1 on the console once the log shows fixed string $2.
type_line() {
    wait_for "$2" && printf '%s\r' "$1" >&4
}

# Boots make run's machine through GRUB (the hypervisor with HV_OPTS,
# dom0 running the toolstack with its initrd) while the function named $1
# types on the console (console_input_init first); returns boot_check's
# status (0 expected).  TIMEOUT applies as in boot_check.
#   toolstack_boot TYPIST [HV_OPTS]
toolstack_boot() {
    local typist rc=0
    "$1" &
    typist=$!
    "$BOOT_DIR/mkiso.sh" "$WORK/boot.iso" "$HV_ELF" "$HV_CONSOLE ${2:-}" \
        "$GUEST_ELF" "toolstack" "$DOM0_INITRD"
    boot_check 0 --iso "$WORK/boot.iso" || rc=$?
    kill "$typist" 2>/dev/null || true
    wait "$typist" 2>/dev/null || true
    return "$rc"
}
# Which way the management-channel cases reach dom0: MGMT_VIA=com2 (the
# serial port, QEMU's socket) or shm (ivshmem's rings; COM2 is there
# too, unused).  MGMT_ON is dom0's line saying which it took.
MGMT_VIA=${MGMT_VIA:-com2}
# shellcheck disable=SC2034  # MGMT_ON and XL_VIA are the cases'
case $MGMT_VIA in
    com2) MGMT_ON="dom0: management channel on COM2" ;;
    shm) MGMT_ON="dom0: management channel on ivshmem" ;;
    *) die "MGMT_VIA=$MGMT_VIA: com2 or shm" ;;
esac

# The management-channel cases' start (and the toolstack bench's):
# case_init NAME, the files they need, LOG (the serial log), INPUT (the
# console's input FIFO, held open on fd 4: `printf 'poweroff\r' >&4`),
# SOCK (for qemu.sh --mgmt), SHM (for qemu.sh --shm) and XL_VIA (the
# xl-host options for MGMT_VIA).
mgmt_case_init() {
    case_init "$1"
    need_file "$HV_ELF"
    need_file "$GUEST_ELF"
    need_file "$XL_HOST"
    console_input_init
    SOCK=$WORK/mgmt.sock
    SHM=$WORK/mgmt.shm
    # shellcheck disable=SC2034  # XL_VIA is the cases'
    if [ "$MGMT_VIA" = shm ]; then
        XL_VIA=(--shm "$SHM")
    else
        XL_VIA=(--socket "$SOCK")
    fi
}

# Boots with qemu.sh ARGS..., dom0's COM2 on $SOCK (and with
# MGMT_VIA=shm its ivshmem on $SHM), while the case's own
# drive function runs beside it (typing `poweroff` on fd 4 when done);
# returns boot_check's status (0 expected).
mgmt_boot() {
    local rc=0 driver
    drive &
    driver=$!
    if [ "$MGMT_VIA" = shm ]; then
        set -- "$@" --shm "$SHM"
    fi
    boot_check 0 "$@" --mgmt "$SOCK" || rc=$?
    kill "$driver" 2>/dev/null || true
    wait "$driver" 2>/dev/null || true
    return "$rc"
}

# The management channel from bash (tools/mgmt_frame.h): the 32-bit
# FNV-1a of file $1 (the frame checksum, and mgmt_uart's upload check).
fnv1a() {
    local h=2166136261 b
    for b in $(od -An -v -tu1 "$1"); do
        h=$(( ((h ^ b) * 16777619) & 0xffffffff ))
    done
    echo "$h"
}

# A 32-bit number as 4 little-endian bytes.
le32() {
    local octal
    octal=$(printf '\\%03o\\%03o\\%03o\\%03o' $(($1 & 255)) \
        $((($1 >> 8) & 255)) $((($1 >> 16) & 255)) $((($1 >> 24) & 255)))
    printf '%b' "$octal"
}
