#!/bin/bash
# mgmt_uart: the serial port under the management channel, raw.  dom0
# (selftest=com2) finds COM2 granted, says "ready" on it, and receives
# an upload (a length, 64 KiB, their FNV-1a hash) that it checks; it
# answers with its own hash, which this script checks too.  COM2 is a
# pair of FIFOs here (QEMU's pipe chardev), so bash can drive it.  The
# time dom0 took is on an info line: a figure, never a condition.
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

MARKERS=("(HV) dom0: granted ports 0x2f8-0x2ff (the management channel), direct"
         "TEST com2_present: PASS"
         "com2: ready for an upload"
         "re:info: com2: 65536 bytes in [0-9]+ us"
         "TEST com2_upload: PASS"
         "selftest: 2 passed, 0 failed")

case_init mgmt_uart
need_file "$HV_ELF"
need_file "$GUEST_ELF"
LOG=$WORK/serial.log
PIPE=$WORK/com2
mkfifo "$PIPE.in" "$PIPE.out"
# Both ends held open here, so QEMU's opens never block.
exec 5<>"$PIPE.in" 6<>"$PIPE.out"

SIZE=65536
head -c "$SIZE" /dev/urandom >"$WORK/upload.bin"

HASH=$(fnv1a "$WORK/upload.bin")

send_upload() {
    local line
    read -r -t 60 line <&6 || return 1
    [ "$line" = ready ] || return 1
    { le32 "$SIZE"; cat "$WORK/upload.bin"; le32 "$HASH"; } >&5
    read -r -t 60 line <&6 || return 1
    echo "$line" >"$WORK/reply"
}

send_upload &
sender=$!
rc=0
boot_check 0 --pvh "$HV_ELF" --module "$GUEST_ELF" \
    --append "$HV_CONSOLE -- selftest=com2" \
    --extra "-chardev pipe,id=mgmt,path=$PIPE -device isa-serial,chardev=mgmt,iobase=0x2f8,irq=3" ||
    rc=$?
wait "$sender" 2>/dev/null || true
want=$(printf 'fnv=%08x len=%u' "$HASH" "$SIZE")
if [ "$(cat "$WORK/reply" 2>/dev/null)" != "$want" ]; then
    echo "$CASE: dom0's reply '$(cat "$WORK/reply" 2>/dev/null)', want '$want'"
    rc=1
else
    echo "$CASE: dom0 answered '$want'"
fi
exit "$rc"
