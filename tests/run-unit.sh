#!/bin/sh
# Runs each unit-test binary and prints one summary line for all of them:
# "unit: N passed, N failed".  Exits non-zero if any test failed.
set -u
passed=0
failed=0
for bin in "$@"; do
    out=$("$bin" --jobs 1 2>&1)
    rc=$?
    # Criterion's closing line: "[====] Synthesis: Tested: 5 | Passing: 5 | Failing: 0 | Crashing: 0"
    line=$(printf '%s\n' "$out" | grep 'Synthesis:' | tail -n 1)
    p=$(printf '%s\n' "$line" | sed -n 's/.*Passing: \([0-9]*\).*/\1/p')
    f=$(printf '%s\n' "$line" | sed -n 's/.*Failing: \([0-9]*\).*Crashing: \([0-9]*\).*/\1 \2/p')
    if [ -z "$p" ] || [ "$rc" -ne 0 ]; then
        printf '%s\n' "$out"
    fi
    if [ -z "$p" ]; then
        echo "$(basename "$bin"): no Criterion summary (exit $rc)"
        failed=$((failed + 1))
        continue
    fi
    set -- $f "$@"
    nf=$(( $1 + $2 ))
    shift 2
    echo "$(basename "$bin"): $p passed, $nf failed"
    passed=$((passed + p))
    failed=$((failed + nf))
    [ "$rc" -ne 0 ] && [ "$nf" -eq 0 ] && failed=$((failed + 1))
done
echo "unit: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
