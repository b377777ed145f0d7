/*
 * What the boot loader told us, in one loader-independent form.
 *
 * Filled by the multiboot2 parser (GRUB) or the PVH parser (QEMU -kernel,
 * microvm); everything after boot reads only this.  Strings point into the
 * loader's own structures, which stay mapped (direct map) and are never
 * handed to the frame allocator.
 */
#ifndef HV_BOOT_INFO_H
#define HV_BOOT_INFO_H

#include <hv/types.h>

/* Memory range types: the E820 values, which multiboot2 and PVH share. */
enum boot_mem_type {
    BOOT_MEM_RAM = 1,
    BOOT_MEM_RESERVED = 2,
    BOOT_MEM_ACPI = 3,
    BOOT_MEM_NVS = 4,
    BOOT_MEM_BAD = 5,
};

struct boot_mem_range {
    uint64_t base;
    uint64_t len;
    uint32_t type;              /* enum boot_mem_type; others = reserved */
};

struct boot_module {
    paddr_t start;              /* first byte */
    paddr_t end;                /* one past the last byte */
    const char *cmdline;        /* never NULL; "" when the loader gave none */
};

#define BOOT_MAX_MEM_RANGES 128
#define BOOT_MAX_MODULES    16

struct boot_info {
    const char *protocol;       /* "multiboot2" or "pvh" */
    const char *loader_name;    /* boot loader's name, "" if not given */
    const char *cmdline;        /* hypervisor command line, never NULL */
    paddr_t rsdp;               /* ACPI RSDP, 0 when not given */
    unsigned int nr_mem;
    struct boot_mem_range mem[BOOT_MAX_MEM_RANGES];
    unsigned int nr_mods;
    struct boot_module mods[BOOT_MAX_MODULES];
};

/*
 * Parses a multiboot2 information structure (the one whose address GRUB
 * passes in %ebx).  The whole structure must be readable at 'info', a
 * direct-map address (maddr_to_virt()): GRUB passes the RSDP as a copy
 * inside the structure, and rsdp is set to that copy's physical address,
 * found with virt_to_maddr().  The magic in %eax is the caller's to check.
 * Returns 0, or -XEN_EINVAL with *why set to a one-line reason when the
 * structure is malformed (bad sizes, tags running past the end, more ranges
 * or modules than fit; an unterminated string; no memory information).
 */
int multiboot2_parse(const void *info, struct boot_info *bi, const char **why);

/*
 * Maps 'len' bytes of physical memory at 'pa' for reading; returns NULL if
 * that range cannot be mapped.  The hypervisor uses its direct map; unit
 * tests use a fake memory.
 */
typedef const void *(*boot_map_fn)(paddr_t pa, size_t len);

/*
 * Parses the PVH hvm_start_info at physical 'start_info_pa' (from %ebx at
 * the XEN_ELFNOTE_PHYS32_ENTRY entry), following its physical pointers with
 * 'map'.  Returns 0, or -XEN_EINVAL with *why set, as multiboot2_parse().
 */
int pvh_parse(paddr_t start_info_pa, boot_map_fn map, struct boot_info *bi,
              const char **why);

/*
 * Formats a parser's refusal reason into a static buffer and returns it
 * (valid until the next call; boot is single-threaded).
 */
__printf(1, 2) const char *boot_reason(const char *fmt, ...);

#endif /* HV_BOOT_INFO_H */
