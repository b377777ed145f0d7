#!/bin/sh
# Runs the unit tests, then the boot tests (both, even if the first fail),
# and closes with one line for everything: "all: N passed, M failed".
#   tests/run-all.sh MAKE
set -u
make=${1:-make}
log=$(mktemp)
trap 'rm -f "$log"' EXIT

status=0
$make --no-print-directory test-unit 2>&1 | tee -a "$log" || status=1
$make --no-print-directory test-boot 2>&1 | tee -a "$log" || status=1
# tee hides the exit status: the summary lines are the record.
total=$(sed -n 's/^\(unit\|boot\): \([0-9]*\) passed, \([0-9]*\) failed.*/\2 \3/p' "$log" |
        awk '{p += $1; f += $2; n++} END {print p + 0, f + 0, n + 0}')
set -- $total
if [ "$3" -ne 2 ]; then
    echo "run-all: expected a unit and a boot summary, found $3" >&2
    status=1
fi
[ "$2" -ne 0 ] && status=1
echo "all: $1 passed, $2 failed"
exit $status
