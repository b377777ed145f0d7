#!/bin/bash
# mgmt_grub: the host CLI against `make run`'s machine (GRUB on pc, dom0
# with its initrd of guest.elf and the example configs): the example
# config is created from the host with create -c, its bare kernel name
# left to dom0's own file; the guest's console comes back through the
# channel (its first line is checked: from dom0's shell too, create -c
# shows only the start of the self-test, the rest of its ring output is
# lost, an issue of the console service) until it has been quiet for a
# second; then the list shows dom0 alone (on_poweroff destroyed it).
# make run's machine has ivshmem: the channel is its rings here (the
# xl-host default there), COM2 stays unused beside it.
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
MGMT_VIA=shm
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

MARKERS=("dom0: 4 files from the initrd"
         "$MGMT_ON"
         "re:xl: domain [0-9]+ \\(guest1\\) powered off: destroy"
         "dom0: powering off")

mgmt_case_init mgmt_grub
need_file "$DOM0_INITRD"
RESULT=$WORK/result

drive() {
    local out st=0 xl shm cfg
    wait_for "$MGMT_ON" || return 1
    xl=$(realpath "$XL_HOST")
    shm=$(realpath -m "$SHM")
    cfg=$(realpath dom0-tools/examples/guest1.cfg)
    # From another directory: "guest.elf" is no file there.
    out=$(cd "$WORK" && "$xl" --shm "$shm" create -c "$cfg" \
              </dev/null 2>&1) || st=$?
    {
        echo "create: status $st"
        echo "$out"
        "$XL_HOST" "${XL_VIA[@]}" list 2>&1 || echo "list failed"
    } >"$RESULT"
    printf 'poweroff\r' >&4
}

"$BOOT_DIR/mkiso.sh" "$WORK/boot.iso" "$HV_ELF" "$HV_CONSOLE dom0_mem=128M" \
    "$GUEST_ELF" "toolstack" "$DOM0_INITRD"
rc=0
TIMEOUT=60 mgmt_boot --iso "$WORK/boot.iso" || rc=$?

for want in "^create: status 0$" "^Domain [0-9]+ \\(guest1\\) created$" \
    "^guest-pv: PV guest kernel starting" "^Domain-0 +0 "; do
    if ! grep -qE -- "$want" "$RESULT" 2>/dev/null; then
        echo "$CASE: no line '$want' from the host CLI:"
        cat "$RESULT" 2>/dev/null
        rc=1
    fi
done
if grep -qE "^guest1 " "$RESULT" 2>/dev/null; then
    echo "$CASE: guest1 still listed after its poweroff"
    rc=1
fi
exit "$rc"
