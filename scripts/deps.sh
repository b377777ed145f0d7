#!/bin/sh
# Installs the Debian packages the build and the tests need, if missing.
# Idempotent: prints nothing but a summary when everything is present.
set -eu

packages="qemu-system-x86 grub-pc-bin grub-common xorriso mtools libxen-dev
libcriterion-dev gcc make binutils python3"

missing=""
for p in $packages; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
        missing="$missing $p"
    fi
done

if [ -z "$missing" ]; then
    echo "deps: all required Debian packages are installed"
    exit 0
fi

echo "deps: installing missing Debian packages:$missing"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
        echo "deps: not root and no sudo: install as root:$missing" >&2
        exit 1
    fi
    sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
# shellcheck disable=SC2086
$sudo apt-get install -y -q --no-install-recommends $missing
