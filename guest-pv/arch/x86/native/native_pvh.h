/*
 * The PVH loader's information as the native boot uses it.  Kept free
 * of the guest's headers: pvh_memory.c compiles against the
 * hypervisor's (hv/boot_info.h), whose PVH parser it reuses.
 */
#ifndef NATIVE_PVH_H
#define NATIVE_PVH_H

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

#endif /* NATIVE_PVH_H */
