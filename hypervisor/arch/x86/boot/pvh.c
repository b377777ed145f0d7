/*
 * PVH start-of-day parser: turns the struct hvm_start_info a PVH loader
 * passes in %ebx (QEMU -kernel, microvm, Xen itself) into a struct
 * boot_info (see hv/boot_info.h for the contract).
 *
 * The layout is Xen's public arch-x86/hvm/start_info.h: version 0 has
 * magic, flags, the module list, the command line and the RSDP; version 1
 * adds the memory map, and later versions stay compatible with it.  An
 * address of 0 means "not given".  Everything is reached through the
 * caller's 'map', since only physical addresses are passed.
 *
 * A memory map is required: without one nothing after boot knows where
 * RAM is.  Linux falls back to Xen's XENMEM_memory_map hypercall there,
 * which does not exist on bare metal.  QEMU's PVH option ROM (pc, q35)
 * and qboot (microvm) both give version 1 with the E820 map.
 */
#include <hv/boot_info.h>
#include <hv/lib.h>
#include <abi/xen.h>
#include <xen/arch-x86/hvm/start_info.h>
#include <xen/errno.h>

/* Longest command line accepted, NUL included (QEMU's buffer size). */
#define PVH_MAX_STRING      4096

/* The part of hvm_start_info present in version 0. */
#define PVH_V0_SIZE         offsetof(struct hvm_start_info, memmap_paddr)

/* ---- reasons ------------------------------------------------------------ */

static int refuse(const char **why, const char *text)
{
    *why = text;
    return -XEN_EINVAL;
}

/* ---- pieces ------------------------------------------------------------- */

/*
 * Reads the string at 'pa' through 'map', a page at a time so that a
 * short string near the end of mapped memory is still found.  Returns
 * NULL and sets *out, or the problem as a phrase for the caller's reason.
 */
static const char *read_string(paddr_t pa, boot_map_fn map, const char **out)
{
    size_t len = 0, chunk, n;
    const char *p;

    if (pa + PVH_MAX_STRING < pa)
        return "wraps the address space";
    while (len < PVH_MAX_STRING) {
        chunk = PAGE_SIZE - ((pa + len) & (PAGE_SIZE - 1));
        chunk = MIN(chunk, PVH_MAX_STRING - len);
        p = map(pa + len, chunk);
        if (p == NULL)
            return "cannot be mapped";
        n = strnlen(p, chunk);
        len += n;
        if (n < chunk) {
            /* The whole string, contiguous, for the caller to keep. */
            *out = map(pa, len + 1);
            return *out ? NULL : "cannot be mapped";
        }
    }
    return "is not NUL-terminated within 4096 bytes";
}

static int parse_cmdline(const struct hvm_start_info *si, boot_map_fn map,
                         struct boot_info *bi, const char **why)
{
    const char *problem;

    if (si->cmdline_paddr == 0)
        return 0;
    problem = read_string(si->cmdline_paddr, map, &bi->cmdline);
    if (problem)
        return refuse(why, boot_reason("command line at 0x%lx %s",
                                  (unsigned long)si->cmdline_paddr, problem));
    return 0;
}

/* One hvm_modlist_entry: a present, non-wrapping range, optional string. */
static int parse_module(unsigned int i, const struct hvm_modlist_entry *e,
                        boot_map_fn map, struct boot_module *m,
                        const char **why)
{
    if (e->paddr == 0)
        return refuse(why, boot_reason("module %u at address 0", i));
    if (e->paddr + e->size < e->paddr)
        return refuse(why, boot_reason("module %u at 0x%lx wraps the address "
                                  "space", i, (unsigned long)e->paddr));
    m->start = e->paddr;
    m->end = e->paddr + e->size;
    /*
     * A module's command line is optional, and QEMU's qboot firmware
     * (microvm) leaves the field uninitialised: one that cannot be read
     * is taken as empty rather than failing the boot.  dom0's options
     * then come after " -- " on the hypervisor's command line.
     */
    if (e->cmdline_paddr == 0 ||
        read_string(e->cmdline_paddr, map, &m->cmdline) != NULL)
        m->cmdline = "";
    return 0;
}

static int parse_modules(const struct hvm_start_info *si, boot_map_fn map,
                         struct boot_info *bi, const char **why)
{
    struct hvm_modlist_entry e;
    const uint8_t *list;
    unsigned int i;

    if (si->nr_modules == 0)
        return 0;
    if (si->nr_modules > BOOT_MAX_MODULES)
        return refuse(why, boot_reason("%u modules, more than %u", si->nr_modules,
                                  (unsigned int)BOOT_MAX_MODULES));
    if (si->modlist_paddr == 0)
        return refuse(why, boot_reason("%u modules but no module list",
                                  si->nr_modules));
    list = map(si->modlist_paddr, si->nr_modules * sizeof(e));
    if (list == NULL)
        return refuse(why, boot_reason("module list at 0x%lx cannot be mapped",
                                  (unsigned long)si->modlist_paddr));
    for (i = 0; i < si->nr_modules; i++) {
        memcpy(&e, list + i * sizeof(e), sizeof(e));
        if (parse_module(i, &e, map, &bi->mods[i], why))
            return -XEN_EINVAL;
        bi->nr_mods++;
    }
    return 0;
}

/* Memory map types are the ACPI/E820 ones, as boot_mem_type. */
static int add_range(unsigned int i, const struct hvm_memmap_table_entry *e,
                     struct boot_info *bi, const char **why)
{
    if (e->size == 0)
        return 0;
    if (e->addr + e->size < e->addr)
        return refuse(why, boot_reason("memory map entry %u at 0x%lx wraps", i,
                                  (unsigned long)e->addr));
    bi->mem[bi->nr_mem].base = e->addr;
    bi->mem[bi->nr_mem].len = e->size;
    bi->mem[bi->nr_mem].type = e->type;
    bi->nr_mem++;
    return 0;
}

static int parse_memmap(const struct hvm_start_info *si, boot_map_fn map,
                        struct boot_info *bi, const char **why)
{
    struct hvm_memmap_table_entry e;
    const uint8_t *table;
    unsigned int i;

    if (si->version < 1)
        return refuse(why, "hvm_start_info version 0 has no memory map");
    if (si->memmap_entries == 0 || si->memmap_paddr == 0)
        return refuse(why, "hvm_start_info gives no memory map");
    if (si->memmap_entries > BOOT_MAX_MEM_RANGES)
        return refuse(why, boot_reason("%u memory map entries, more than %u",
                                  si->memmap_entries,
                                  (unsigned int)BOOT_MAX_MEM_RANGES));
    table = map(si->memmap_paddr, si->memmap_entries * sizeof(e));
    if (table == NULL)
        return refuse(why, boot_reason("memory map at 0x%lx cannot be mapped",
                                  (unsigned long)si->memmap_paddr));
    for (i = 0; i < si->memmap_entries; i++) {
        memcpy(&e, table + i * sizeof(e), sizeof(e));
        if (add_range(i, &e, bi, why))
            return -XEN_EINVAL;
    }
    if (bi->nr_mem == 0)
        return refuse(why, "memory map has no non-empty range");
    return 0;
}

/* Copies the start info: version 0's part, then version 1's if present. */
static int read_start_info(paddr_t pa, boot_map_fn map,
                           struct hvm_start_info *si, const char **why)
{
    const void *p;

    memset(si, 0, sizeof(*si));
    p = map(pa, PVH_V0_SIZE);
    if (p == NULL)
        return refuse(why, boot_reason("hvm_start_info at 0x%lx cannot be mapped",
                                  (unsigned long)pa));
    memcpy(si, p, PVH_V0_SIZE);
    if (si->magic != XEN_HVM_START_MAGIC_VALUE)
        return refuse(why, boot_reason("hvm_start_info at 0x%lx: bad magic 0x%lx",
                                  (unsigned long)pa,
                                  (unsigned long)si->magic));
    if (si->version < 1)
        return 0;
    p = map(pa, sizeof(*si));
    if (p == NULL)
        return refuse(why, boot_reason("hvm_start_info at 0x%lx cannot be mapped",
                                  (unsigned long)pa));
    memcpy(si, p, sizeof(*si));
    return 0;
}

int pvh_parse(paddr_t start_info_pa, boot_map_fn map, struct boot_info *bi,
              const char **why)
{
    struct hvm_start_info si;

    memset(bi, 0, sizeof(*bi));
    bi->protocol = "pvh";
    bi->loader_name = "";
    bi->cmdline = "";
    *why = "";
    if (map == NULL || start_info_pa == 0)
        return refuse(why, "no hvm_start_info");
    if (read_start_info(start_info_pa, map, &si, why) ||
        parse_cmdline(&si, map, bi, why) ||
        parse_modules(&si, map, bi, why) ||
        parse_memmap(&si, map, bi, why))
        return -XEN_EINVAL;
    bi->rsdp = si.rsdp_paddr;
    return 0;
}
