#!/bin/bash
# native_no_memory: booted without a hypervisor in just enough RAM for
# the kernel's image (loaded at 2 MiB; the whole MiBs its LOAD segments
# reach, 4 or 5 MiB as the kernel grows), its start of day (P2M,
# start_info, page tables, Xen's 4 MiB-rounded bootstrap region) does
# not fit: one line that says so and what to do, and exit status 9 (bad
# boot information) instead of a fault.
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

MARKERS=("native: guest-pv kernel on bare metal"
         "re:native: fatal: [0-9]+ KiB of RAM from 0x200000 .* cannot hold the kernel and its start of day: give QEMU more memory")

case_init native_no_memory
need_file "$GUEST_ELF"
# The highest physical byte of a LOAD segment (paddr + memsz), in MiB
# rounded up: less RAM and QEMU could not load the image at all.
image_mib() {
    local type paddr memsz rest end max=0
    # LOAD Offset VirtAddr PhysAddr FileSiz MemSiz ...
    while read -r type _ _ paddr _ memsz rest; do
        [ "$type" = LOAD ] || continue
        end=$((paddr + memsz))
        [ "$end" -le "$max" ] || max=$end
    done < <(readelf -lW "$GUEST_ELF")
    echo $(((max + 1048575) / 1048576))
}
boot_check 9 --pvh "$GUEST_ELF" --mem "$(image_mib)" --append ""
