/*
 * The native boot's use of the hypervisor's sources (native_hv.h): the
 * PVH start info or GRUB's multiboot2 information through its parsers
 * (hypervisor/arch/x86/boot/), then the one RAM range the kernel uses;
 * the CMOS clock (rtc.c).
 */
#include <hv/boot_info.h>
#include <hv/lib.h>
#include <asm/time.h>
#include "native_hv.h"

/* Too big for the 16 KiB kernel stack; boot runs once. */
static struct boot_info boot_info;

/* The RAM range holding load_pa, cut at limit. */
static const char *find_ram(uint64_t load_pa, uint64_t limit,
                            struct native_ram *ram)
{
    unsigned int i;

    ram->cmdline = boot_info.cmdline;
    for (i = 0; i < boot_info.nr_mem; i++) {
        const struct boot_mem_range *r = &boot_info.mem[i];

        if (r->type != BOOT_MEM_RAM || r->base > load_pa ||
            r->base + r->len <= load_pa)
            continue;
        ram->base = load_pa;
        ram->end = MIN(r->base + r->len, limit);
        return NULL;
    }
    return boot_reason("the memory map has no RAM at 0x%lx, where the "
                       "image was loaded", (unsigned long)load_pa);
}

const char *native_pvh_ram(uint64_t hvm_pa,
                           const void *(*map)(uint64_t pa, size_t len),
                           uint64_t load_pa, uint64_t limit,
                           struct native_ram *ram)
{
    const char *why;

    if (pvh_parse(hvm_pa, map, &boot_info, &why))
        return why;
    return find_ram(load_pa, limit, ram);
}

const char *native_mb2_ram(uint64_t info_pa,
                           const void *(*map)(uint64_t pa, size_t len),
                           uint64_t load_pa, uint64_t limit,
                           struct native_ram *ram)
{
    const uint32_t *size = map(info_pa, sizeof(*size));
    const void *info = size ? map(info_pa, *size) : NULL;
    const char *why;

    if (!info)
        return boot_reason("multiboot2 information at 0x%lx cannot be "
                           "mapped", (unsigned long)info_pa);
    if (multiboot2_parse(info, &boot_info, &why))
        return why;
    return find_ram(load_pa, limit, ram);
}

uint64_t native_rtc_seconds(void)
{
    struct rtc_time tm;

    return rtc_read(&tm) ? rtc_mktime(&tm) : 0;
}
