#!/bin/bash
# native_long_cmdline: booted without a hypervisor with a command line
# longer than start_info's 1024-byte cmd_line: the native boot says it
# cut it (and to what length), and the kernel runs with the words that
# fit ("selftest=crash" first, so the crash status 2 shows it was read).
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

MARKERS=("native: command line longer than 1024 bytes (start_info's cmd_line): cut to its first 1023"
         "pvops: backend native"
         "info: crashing on purpose")

case_init native_long_cmdline
need_file "$GUEST_ELF"
padding=$(printf 'x%.0s' $(seq 1 1100))
boot_check 2 --pvh "$GUEST_ELF" --mem 128 --append "selftest=crash $padding"
