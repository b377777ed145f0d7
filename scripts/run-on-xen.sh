#!/bin/bash
# Boots real Xen 4.17 under QEMU with a PV guest kernel as its dom0, to
# compare the guest's behaviour on Xen with ours (differential testing and
# the benchmark).
#
# Usage: scripts/run-on-xen.sh [OPTIONS] GUEST.ELF [TIMEOUT] [CMDLINE]
#   TIMEOUT   seconds before QEMU is killed (default 60)
#   CMDLINE   the guest's command line (start_info.cmd_line), e.g.
#             "selftest=crash"
# Options:
#   --expect-crash    succeed only if dom0 crashed after
#                     "info: crashing on purpose"
#   --until REGEX     the line that ends a successful run (default: the
#                     self-test's "selftest: N passed, 0 failed")
#   --qemu-args ARGS  extra QEMU options (e.g. "-icount shift=0,sleep=off")
#   --log FILE        also keep the raw serial log in FILE
#   --xen-opts OPTS   more Xen options, after the defaults (so they win),
#                     e.g. "dom0_max_vcpus=3"
#
# QEMU loads Xen as a multiboot kernel and the guest as its first module.
# Xen halts rather than powering off, so this script watches the serial
# log and stops QEMU once the outcome is known: the --until line (or the
# self-test's verdict), Xen reporting that dom0 crashed, or a panic; or at
# the timeout.  The whole serial log goes to stdout.
#
# Exit status: 0 on success as above, 1 otherwise, 2 on a usage error.
set -eu

usage() {
    echo "usage: $0 [--expect-crash] [--until REGEX] [--qemu-args ARGS]" \
         "[--log FILE] [--xen-opts OPTS] GUEST.ELF [TIMEOUT] [CMDLINE]" >&2
    exit 2
}

expect_crash=0
until_re=
qemu_args=
keep_log=
extra_opts=
while [ $# -gt 0 ]; do
    case $1 in
        --expect-crash) expect_crash=1; shift ;;
        --until) [ $# -ge 2 ] || usage; until_re=$2; shift 2 ;;
        --qemu-args) [ $# -ge 2 ] || usage; qemu_args=$2; shift 2 ;;
        --log) [ $# -ge 2 ] || usage; keep_log=$2; shift 2 ;;
        --xen-opts) [ $# -ge 2 ] || usage; extra_opts=$2; shift 2 ;;
        --*) usage ;;
        *) break ;;
    esac
done
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
xen_opts="$xen_opts${extra_opts:+ $extra_opts}"
echo "run-on-xen: accelerator tcg, guest $guest${cmdline:+ ($cmdline)}" >&2
timeout --signal=KILL "$((timeout + 5))" \
    qemu-system-x86_64 -machine q35 -accel tcg -m 512 \
    -nographic -no-reboot -serial stdio -monitor none \
    -kernel "$xen" \
    -append "$xen_opts" \
    -initrd "$guest${cmdline:+ $cmdline}" $qemu_args \
    </dev/null >"$log" 2>&1 &
qemu=$!

# Lines that end a run: the expected last line (by default the self-test
# verdict), a crashed dom0, a panic.
end_re=${until_re:-'^selftest: [0-9]+ passed, [0-9]+ failed'}
done_re="$end_re|Dom0 crashed|Panic on CPU"
elapsed=0
timed_out=0
while kill -0 "$qemu" 2>/dev/null; do
    if tr -d '\r' <"$log" | grep -Eqa "$done_re"; then
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

[ -z "$keep_log" ] || cp "$log" "$keep_log"
if [ -n "$until_re" ]; then
    tr -d '\r' <"$log" | grep -Eqa "$until_re" && exit 0
    echo "run-on-xen: no line matching '$until_re'" >&2
    exit 1
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
