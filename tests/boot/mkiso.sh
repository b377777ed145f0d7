#!/bin/bash
# Makes a BIOS-bootable GRUB ISO that boots a multiboot2 kernel with its
# modules, console on the serial port, no menu, no delay.
#
#   mkiso.sh OUT.iso HV.ELF "HV CMDLINE" [MODULE [MODULE_CMDLINE]]...
#
# Arguments after the hypervisor's command line come in pairs, a module and
# its command line; the last module's command line may be left out.  No
# module at all is allowed (the no-module boot test needs that).  Each file
# is copied to /boot/<its name> on the ISO.
set -eu

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

GRUB_PC_DIR=/usr/lib/grub/i386-pc
# What grub.cfg uses, and the partition modules grub-mkrescue's own early
# config loads (each missing one would print an error on the console).
GRUB_MODULES="multiboot2 normal serial terminal echo halt
part_acorn part_amiga part_apple part_bsd part_dfly part_dvh part_gpt
part_msdos part_plan part_sun part_sunpc"

usage() {
    echo "usage: mkiso.sh OUT.iso HV.ELF \"HV CMDLINE\" [MODULE [MODULE_CMDLINE]]..." >&2
    exit 1
}

check_tools() {
    if ! command -v grub-mkrescue >/dev/null ||
       ! command -v xorriso >/dev/null; then
        die "grub-mkrescue or xorriso missing: run 'make deps'"
    fi
    [ -d "$GRUB_PC_DIR" ] ||
        die "$GRUB_PC_DIR missing (BIOS GRUB): run 'make deps' (grub-pc-bin)"
}

# Copies FILE to the staging /boot and prints its name there; a name
# already taken gets the module's index in front.
stage() {
    local file=$1 index=$2 name
    [ -r "$file" ] || die "'$file' not found or unreadable"
    name=$(basename "$file")
    [ ! -e "$stage/boot/$name" ] || name=$index-$name
    cp "$file" "$stage/boot/$name"
    echo "$name"
}

# Prints command line $1 for grub.cfg: each word single-quoted, since
# GRUB's lexer is shell-like ($, ;, # and braces are special) and joins the
# words with one space each.
grub_words() {
    local words word
    read -ra words <<<"$1"
    for word in ${words[@]+"${words[@]}"}; do
        printf " '%s'" "$word"
    done
}

# A quote or backslash cannot get through GRUB (it escapes them when it
# builds the kernel's line): refuse them before writing anything.
check_cmdline() {
    case $1 in
        *[\'\"\\]*) die "quotes and backslashes cannot pass through GRUB: $1" ;;
    esac
}

# grub.cfg: plain commands, no menu, so nothing but the kernel's output
# reaches the serial log.  If `boot` returns, loading failed: say so in a
# line the boot tests treat as a failure, then power off (QEMU with
# -no-reboot then exits at once instead of at the test's timeout).
write_cfg() {
    local hv=$1 cmdline=$2 i=0 name
    shift 2
    {
        echo "serial --unit=0 --speed=115200"
        echo "terminal_input serial"
        echo "terminal_output serial"
        echo "set timeout=0"
        echo "multiboot2 /boot/$hv$(grub_words "$cmdline")"
        while [ $# -gt 0 ]; do
            i=$((i + 1))
            name=$(stage "$1" "$i")
            echo "module2 /boot/$name$(grub_words "${2:-}")"
            shift $(( $# >= 2 ? 2 : 1 ))
        done
        echo "boot"
        echo "echo 'mkiso: GRUB could not boot the hypervisor'"
        echo "halt"
    } >"$stage/boot/grub/grub.cfg"
}

main() {
    [ $# -ge 3 ] || usage
    local out=$1 hv=$2 cmdline=$3 hv_name arg
    shift 3
    check_tools
    stage=$(mktemp -d)
    trap 'rm -rf "$stage" "$stage.log"' EXIT
    mkdir -p "$stage/boot/grub"
    check_cmdline "$cmdline"
    for arg in "$@"; do
        check_cmdline "$arg"
    done
    hv_name=$(stage "$hv" 0)
    write_cfg "$hv_name" "$cmdline" "$@"
    # --install-modules keeps the ISO small; fonts, locales and themes are
    # not needed on a serial console.
    if ! grub-mkrescue -d "$GRUB_PC_DIR" -o "$out" \
            --install-modules="$GRUB_MODULES" \
            --fonts= --locales= --themes= \
            "$stage" >"$stage.log" 2>&1; then
        cat "$stage.log" >&2
        die "grub-mkrescue failed making $out (its log is above)"
    fi
}

main "$@"
