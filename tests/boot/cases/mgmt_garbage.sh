#!/bin/bash
# mgmt_garbage: garbage on the management channel.  dom0 runs its
# toolstack with COM2 on a pair of FIFOs (QEMU's pipe chardev), so this
# script writes the bytes itself: a line of text, which dom0 answers
# with one ERROR frame ("garbage between frames skipped"), then a HELLO
# frame built here, which dom0 answers with HELLO: the channel
# resynchronised.  dom0 runs on and is powered off from its console.
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

MARKERS=("dom0: management channel on COM2"
         "dom0: toolstack ready"
         "dom0: powering off")

mgmt_case_init mgmt_garbage
PIPE=$WORK/com2
mkfifo "$PIPE.in" "$PIPE.out"
exec 5<>"$PIPE.in" 6<>"$PIPE.out"
WHY="garbage between frames skipped"

# A frame of type $1 with no payload, into file $2.
empty_frame() {
    { printf 'XM'; printf '%b' "\\00$1\\000"; le32 0; } >"$2.hdr"
    { cat "$2.hdr"; le32 "$(fnv1a "$2.hdr")"; } >"$2"
}

# Reads exactly $1 bytes from dom0 into file $2 (up to 20 s).
read_reply() {
    timeout 20 head -c "$1" <&6 >"$2" || true
}

drive() {
    wait_for "dom0: toolstack ready" || return 1
    printf 'hello, is this thing on?\r\n' >&5
    read_reply $((12 + ${#WHY})) "$WORK/error.frame"
    empty_frame 1 "$WORK/hello"
    cat "$WORK/hello" >&5
    read_reply 12 "$WORK/hello.reply"
    printf 'poweroff\r' >&4
}

rc=0
drive &
driver=$!
boot_check 0 --pvh "$HV_ELF" --module "$GUEST_ELF" \
    --append "$HV_CONSOLE -- toolstack" \
    --extra "-chardev pipe,id=mgmt,path=$PIPE -device isa-serial,chardev=mgmt,iobase=0x2f8,irq=3" ||
    rc=$?
kill "$driver" 2>/dev/null || true
wait "$driver" 2>/dev/null || true

# ERROR is type 10; its payload says why.
if [ "$(head -c 3 "$WORK/error.frame" 2>/dev/null | od -An -tx1 | tr -d ' ')" != 584d0a ] ||
    [ "$(tail -c +13 "$WORK/error.frame")" != "$WHY" ]; then
    echo "$CASE: no ERROR frame saying '$WHY' for the garbage; got:"
    od -c "$WORK/error.frame" 2>/dev/null | head -5
    rc=1
else
    echo "$CASE: garbage answered with ERROR '$WHY'"
fi
if ! cmp -s "$WORK/hello" "$WORK/hello.reply"; then
    echo "$CASE: HELLO after the garbage not answered with HELLO; got:"
    od -c "$WORK/hello.reply" 2>/dev/null | head -3
    rc=1
else
    echo "$CASE: HELLO answered after it: resynchronised"
fi
exit "$rc"
