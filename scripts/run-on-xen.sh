#!/bin/sh
# Boots real Xen 4.17 under QEMU (TCG) with a PV guest kernel as its dom0,
# to compare the guest's self-test on Xen with ours (differential testing).
#
# Usage: scripts/run-on-xen.sh [--expect-crash] GUEST.ELF [TIMEOUT] [CMDLINE]
#   TIMEOUT   seconds before QEMU is killed (default 60)
#   CMDLINE   the guest's command line (start_info.cmd_line), e.g.
#             "selftest=crash"
#
# QEMU loads Xen as a multiboot kernel and the guest as its first module.
# Xen halts rather than powering off, so this script watches the serial
# log and stops QEMU once the outcome is known: the guest's final
# "selftest: N passed, M failed" line, or Xen reporting that dom0 crashed
# or that it panicked; or at the timeout.  The whole serial log goes to
# stdout.
#
# Exit status: 0 if the self-test reported 0 failures (with
# --expect-crash: if dom0 crashed after "info: crashing on purpose"),
# 1 otherwise, 2 on a usage error.
set -eu

usage() {
    echo "usage: $0 [--expect-crash] GUEST.ELF [TIMEOUT] [CMDLINE]" >&2
    exit 2
}

expect_crash=0
if [ "${1:-}" = "--expect-crash" ]; then
    expect_crash=1
    shift
fi
if [ $# -lt 1 ] || [ $# -gt 3 ]; then
    usage
fi
guest=$1
timeout=${2:-60}
cmdline=${3:-}
case $timeout in ''|*[!0-9]*) usage ;; esac
[ -f "$guest" ] || { echo "run-on-xen: no such guest: $guest" >&2; exit 2; }
# QEMU separates -initrd modules with commas; a literal one is doubled.
case "$guest$cmdline" in *,*) echo "run-on-xen: no commas, please" >&2
                              exit 2 ;; esac

here=$(cd "$(dirname "$0")" && pwd)
xen=$("$here/fetch-xen.sh" "$here/../build/xen")

log=$(mktemp "${TMPDIR:-/tmp}/run-on-xen.XXXXXX")
trap 'rm -f "$log"' EXIT

# TCG only: the nested KVM on these machines cannot run PV guests
# (DESIGN.md, Boot).  Xen's own options: serial console, stay halted
# instead of rebooting on a crash, and a small fixed dom0.
xen_opts="console=com1 com1=115200,8n1 noreboot"
xen_opts="$xen_opts dom0_mem=128M,max:128M dom0_max_vcpus=1"
echo "run-on-xen: accelerator tcg, guest $guest${cmdline:+ ($cmdline)}" >&2
timeout --signal=KILL "$((timeout + 5))" \
    qemu-system-x86_64 -machine q35 -accel tcg -m 512 \
    -nographic -no-reboot -serial stdio -monitor none \
    -kernel "$xen" \
    -append "$xen_opts" \
    -initrd "$guest${cmdline:+ $cmdline}" \
    </dev/null >"$log" 2>&1 &
qemu=$!

# Lines that end a run: the self-test verdict, a crashed dom0, a panic.
done_re='^selftest: [0-9]+ passed, [0-9]+ failed|Dom0 crashed|Panic on CPU'
elapsed=0
timed_out=0
while kill -0 "$qemu" 2>/dev/null; do
    if grep -Eq "$done_re" "$log"; then
        sleep 1             # let Xen print what follows (shutdown lines)
        break
    fi
    if [ "$elapsed" -ge "$((timeout * 5))" ]; then
        timed_out=1
        break
    fi
    sleep 0.2
    elapsed=$((elapsed + 1))
done
kill "$qemu" 2>/dev/null || true
wait "$qemu" 2>/dev/null || true

# The serial log, without the carriage returns of the serial line and the
# firmware's terminal escapes, ending in a newline.
tr -d '\r' <"$log" | sed 's/\x1b\[[0-9;?]*[A-Za-z]//g; s/\x1bc//g'
[ -z "$(tail -c 1 "$log")" ] || echo
if [ "$timed_out" = 1 ]; then
    echo "run-on-xen: timeout after ${timeout}s"
fi

verdict=$(tr -d '\r' <"$log" | grep -E '^selftest: [0-9]+ passed' | tail -n 1)
if [ "$expect_crash" = 1 ]; then
    if grep -q 'info: crashing on purpose' "$log" &&
       grep -q 'Dom0 crashed' "$log"; then
        echo "run-on-xen: dom0 crashed as expected" >&2
        exit 0
    fi
    echo "run-on-xen: dom0 did not crash as expected" >&2
    exit 1
fi
case $verdict in
    *", 0 failed") echo "run-on-xen: $verdict" >&2; exit 0 ;;
    "") echo "run-on-xen: no selftest verdict" >&2; exit 1 ;;
    *) echo "run-on-xen: $verdict" >&2; exit 1 ;;
esac
