#!/bin/bash
# xen_selftest: differential test.  The guest's self-test runs on real Xen
# 4.17 and on our hypervisor; its "TEST" lines and its "selftest:" line
# must be identical.  Fails (never skips) when real Xen cannot be fetched.
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

case_init xen_selftest
exec "$BOOT_DIR/differential.sh" --work "$WORK"
