#!/bin/bash
# The toolstack's figures from the operator's side (issue 6, part 10),
# through the host CLI and the management channel: dom0 boots with its
# toolstack; a kernel upload's rate; the time from `xl-host create -c`
# to the guest's first console line; creations per second for a
# create-and-destroy loop.  Wall-clock times under TCG on a shared
# machine: figures, never conditions (tests assert no timings).  dom0's
# own figures, without the channel, are selftest=builder's.
#
#   toolstack.sh [--loops N]        (default 20)
#
# The channel is ivshmem's rings (MGMT_VIA=shm, the default here) or
# COM2 (MGMT_VIA=com2), to compare the two.
set -eu
MGMT_VIA=${MGMT_VIA:-shm}

BOOT_DIR=$(cd "$(dirname "$0")/../boot" && pwd)
# shellcheck source-path=SCRIPTDIR source=../boot/lib.sh
. "$BOOT_DIR/lib.sh"

LOOPS=20
[ "${1:-}" != --loops ] || LOOPS=${2:?--loops needs a number}

mgmt_case_init bench_toolstack
KERNEL=$O/boot/initrd/guest.elf     # the stripped guest, as in dom0's initrd
need_file "$KERNEL"

now_ns() { date +%s%N; }
ms_since() { echo $((($(now_ns) - $1) / 1000000)); }
xl() { "$XL_HOST" "${XL_VIA[@]}" "$@"; }

printf 'name = "up"\nkernel = "%s"\nmemory = 16\n' "$KERNEL" >"$WORK/up.cfg"
# A bare kernel name that is not a host file: dom0's copy (uploaded above).
printf 'name = "b"\nkernel = "guest.elf"\nmemory = 16\n' >"$WORK/b.cfg"
printf 'name = "l"\nkernel = "guest.elf"\nmemory = 16\n' >"$WORK/l.cfg"

QEMU_VIA=()
[ "$MGMT_VIA" != shm ] || QEMU_VIA=(--shm "$SHM")
"$BOOT_DIR/qemu.sh" --pvh "$HV_ELF" --module "$GUEST_ELF" --timeout 600 \
    --log "$LOG" --append "$HV_CONSOLE dom0_mem=128M -- toolstack" \
    --mgmt "$SOCK" "${QEMU_VIA[@]}" <"$INPUT" >/dev/null 2>&1 &
qemu=$!
trap 'kill $qemu 2>/dev/null || true' EXIT
wait_for "$MGMT_ON" >/dev/null

size=$(stat -c %s "$KERNEL")
t=$(now_ns)
xl create -p "$WORK/up.cfg" >/dev/null
up_ms=$(ms_since "$t")
xl destroy up

# From the command to the guest's first line on its console.
t=$(now_ns)
first_ms=''
while IFS= read -r line; do
    if [ -z "$first_ms" ] && [[ $line == *"guest-pv: PV guest kernel"* ]]; then
        first_ms=$(ms_since "$t")
    fi
done < <(sleep 30 | xl create -c "$WORK/b.cfg" 2>&1)
xl destroy b >/dev/null 2>&1 || true

t=$(now_ns)
for ((i = 0; i < LOOPS; i++)); do
    xl create -p "$WORK/l.cfg" >/dev/null
    xl destroy l
done
loop_ms=$(ms_since "$t")
printf 'poweroff\r' >&4
wait "$qemu" || true
trap - EXIT

echo "toolstack (host CLI through $MGMT_VIA, wall clock, $(boot_accel)):"
printf '  upload of %d KiB (create -p, then destroy): %d ms, %d KiB/s\n' \
    $((size / 1024)) "$up_ms" $((size * 1000 / 1024 / (up_ms ? up_ms : 1)))
printf '  xl create -c to the guest'"'"'s first console line: %s ms\n' \
    "${first_ms:-(not seen)}"
printf '  create -p + destroy, %d times: %d ms, %d.%d creations/s\n' \
    "$LOOPS" "$loop_ms" $((LOOPS * 1000 / (loop_ms ? loop_ms : 1))) \
    $((LOOPS * 10000 / (loop_ms ? loop_ms : 1) % 10))
