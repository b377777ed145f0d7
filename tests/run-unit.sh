#!/bin/sh
# Runs each unit-test binary and prints one summary line for all of them:
# "unit: N passed, N failed".  Exits non-zero if any test failed, or if a
# binary ended without Criterion's summary (it crashed).
set -u
passed=0
failed=0
for bin in "$@"; do
    out=$("$bin" --jobs 1 2>&1)
    rc=$?
    # "[====] Synthesis: Tested: 5 | Passing: 5 | Failing: 0 | Crashing: 0"
    counts=$(printf '%s\n' "$out" | sed -n \
        's/.*Passing: \([0-9]*\) | Failing: \([0-9]*\) | Crashing: \([0-9]*\).*/\1 \2 \3/p' |
        tail -n 1)
    if [ -z "$counts" ]; then
        printf '%s\n' "$out"
        echo "$(basename "$bin"): no Criterion summary (exit $rc)"
        failed=$((failed + 1))
        continue
    fi
    p=${counts%% *}
    rest=${counts#* }
    nf=$(( ${rest% *} + ${rest#* } ))
    if [ "$rc" -ne 0 ] || [ "$nf" -ne 0 ]; then
        printf '%s\n' "$out"
        [ "$nf" -eq 0 ] && nf=1
    fi
    echo "$(basename "$bin"): $p passed, $nf failed"
    passed=$((passed + p))
    failed=$((failed + nf))
done
echo "unit: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
