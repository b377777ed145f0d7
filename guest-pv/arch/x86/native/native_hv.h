/*
 * What the native boot takes from the hypervisor's own sources (the PVH
 * parser, the CMOS clock), compiled into the guest as its C library is.
 * Kept free of the guest's headers: hv_glue.c, behind these, compiles
 * against the hypervisor's, which define some of the same names.
 */
#ifndef NATIVE_HV_H
#define NATIVE_HV_H

#include <stddef.h>
#include <stdint.h>

/* The RAM the kernel gets: [base, end), and the command line. */
struct native_ram {
    uint64_t base, end;
    const char *cmdline;        /* never NULL */
};

/*
 * Parses the hvm_start_info at physical hvm_pa (reaching physical
 * memory through map) and finds the RAM range of its memory map that
 * holds load_pa, cut at limit.  Returns NULL, or why it cannot (a
 * sentence for the boot error).
 */
const char *native_pvh_ram(uint64_t hvm_pa,
                           const void *(*map)(uint64_t pa, size_t len),
                           uint64_t load_pa, uint64_t limit,
                           struct native_ram *ram);

/* The same from GRUB's multiboot2 information at info_pa. */
const char *native_mb2_ram(uint64_t info_pa,
                           const void *(*map)(uint64_t pa, size_t len),
                           uint64_t load_pa, uint64_t limit,
                           struct native_ram *ram);

/*
 * Seconds since 1970 (UTC) by the CMOS real-time clock, 0 when there is
 * none that reads plausibly.
 */
uint64_t native_rtc_seconds(void);

#endif /* NATIVE_HV_H */
