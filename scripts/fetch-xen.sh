#!/bin/sh
# Fetches real Xen 4.17 (Debian's xen-hypervisor-4.17-amd64), the reference
# implementation the guest self-test is compared against.  The package is
# downloaded and unpacked, never installed: only the hypervisor image is
# used, booted under QEMU by scripts/run-on-xen.sh.
#
# Usage: scripts/fetch-xen.sh [OUTDIR]     (default: build/xen)
# Prints the path of the unpacked ELF image.  Idempotent: quiet and fast
# when the image is already there.
set -eu

PKG=xen-hypervisor-4.17-amd64
OUT=${1:-build/xen}
ELF=$OUT/xen.elf

if [ -s "$ELF" ]; then
    echo "$ELF"
    exit 0
fi

mkdir -p "$OUT"
cd "$OUT"

# apt-get download writes into the current directory.  The package lists
# may be missing or stale on a fresh machine: refresh them only then.
set -- "${PKG}"_*.deb
if [ ! -f "$1" ]; then
    if ! apt-get download "$PKG" >download.log 2>&1; then
        echo "fetch-xen: refreshing package lists" >&2
        apt-get update >>download.log 2>&1 || true
        apt-get download "$PKG" >>download.log 2>&1 || {
            cat download.log >&2
            echo "fetch-xen: cannot download $PKG" >&2
            exit 1
        }
    fi
fi

for DEB in "${PKG}"_*.deb; do :; done     # the last (newest) one
rm -rf pkg
dpkg-deb -x "$DEB" pkg

# The package ships the multiboot image gzipped (boot/xen-4.17-amd64.gz,
# a 32-bit ELF that QEMU's multiboot loader accepts once decompressed).
GZ=pkg/boot/xen-4.17-amd64.gz
[ -f "$GZ" ] || { echo "fetch-xen: $GZ not in $DEB" >&2; exit 1; }
gzip -dc "$GZ" >xen.elf.tmp
mv xen.elf.tmp xen.elf
cd - >/dev/null
echo "$ELF"
