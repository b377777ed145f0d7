#!/bin/bash
# mgmt_shm_upload: 1 MiB up the management channel on ivshmem's rings.
# dom0 (toolstack) finds the ivshmem device by PCI config space (ports
# granted by the hypervisor), maps its BAR2 (I/O memory granted to dom0)
# and sets the rings up; the host CLI (xl-host --shm) uploads a config
# naming a 1 MiB kernel of random bytes, then runs create: dom0 logs the
# FNV-1a of what it stored (checked against the host's), its builder
# refuses the file (not an ELF: the command ran after the upload), and
# its answer comes back over the dom0->host ring.  The upload's wall
# clock time is an info line: a figure, never a condition.
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
MGMT_VIA=shm
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

SIZE=1048576
MARKERS=("(HV) dom0: granted PCI config ports 0xcf8-0xcff"
         "re:dom0: ivshmem at 0x[0-9a-f]+, 2048 KiB: two rings of 512 KiB"
         "$MGMT_ON"
         "re:dom0: mgmt: stored 'blob.bin': $SIZE bytes, fnv1a [0-9a-f]{8}"
         "dom0: powering off")

mgmt_case_init mgmt_shm_upload
command -v python3 >/dev/null || die "python3 not found (make deps)"
head -c "$SIZE" /dev/urandom >"$WORK/blob.bin"
printf 'name = "g1"\nmemory = 16\nkernel = "%s"\n' "$WORK/blob.bin" \
    >"$WORK/g1.cfg"

# FNV-1a 32 of file $1 (lib.sh's fnv1a, at a speed fit for 1 MiB).
fnv1a_py() {
    python3 -c 'import sys
h = 0x811c9dc5
for b in open(sys.argv[1], "rb").read():
    h = ((h ^ b) * 16777619) & 0xffffffff
print("%08x" % h)' "$1"
}

drive() {
    local t0 t1 st=0
    wait_for "$MGMT_ON" || return 1
    t0=$(date +%s%N)
    "$XL_HOST" "${XL_VIA[@]}" create "$WORK/g1.cfg" >"$WORK/create.out" \
        2>&1 || st=$?
    t1=$(date +%s%N)
    echo "$st" >"$WORK/create.status"
    echo "info: $CASE: 1 MiB upload and create: $(((t1 - t0) / 1000000)) ms wall clock" \
        >"$WORK/time"
    printf 'poweroff\r' >&4
}

rc=0
mgmt_boot --pvh "$HV_ELF" --module "$GUEST_ELF" \
    --append "$HV_CONSOLE -- toolstack" || rc=$?
cat "$WORK/time" 2>/dev/null || true
want=$(fnv1a_py "$WORK/blob.bin")
got=$(tr -d '\r' <"$LOG" |
      sed -n "s/.*dom0: mgmt: stored 'blob.bin': $SIZE bytes, fnv1a //p")
if [ "$got" != "$want" ]; then
    echo "$CASE: dom0 stored fnv1a '$got', the host sent '$want'"
    rc=1
else
    echo "$CASE: dom0 stored what the host sent (fnv1a $want)"
fi
if [ "$(cat "$WORK/create.status" 2>/dev/null)" != 1 ] ||
    ! grep -q "^xl create: kernel 'blob.bin': not an ELF file" \
        "$WORK/create.out"; then
    echo "$CASE: create's answer (status $(cat "$WORK/create.status" \
        2>/dev/null || echo none), want 1 and 'not an ELF file'):"
    cat "$WORK/create.out" 2>/dev/null
    rc=1
fi
exit "$rc"
