/*
 * Multiboot2 information parser: turns what GRUB left at %ebx into a
 * struct boot_info (see hv/boot_info.h for the contract).
 *
 * Facts from the Multiboot2 specification (version 2.0, "Boot
 * information"): the structure starts 8-byte aligned with u32 total_size
 * (including the END tag) and u32 reserved; then tags, each u32 type and
 * u32 size (header included, padding excluded), each starting 8-byte
 * aligned, the last being END (type 0, size 8).  The magic 0x36d76289 in
 * %eax is checked by the caller (setup.c).
 *
 * The structure is the loader's, so it is checked as untrusted input:
 * every tag must lie within total_size, every string must be terminated
 * inside its tag, and each refusal names the tag and its offset.
 */
#include <hv/boot_info.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <abi/xen.h>
#include <xen/errno.h>

#define MB2_TAG_END             0
#define MB2_TAG_CMDLINE         1
#define MB2_TAG_LOADER_NAME     2
#define MB2_TAG_MODULE          3
#define MB2_TAG_BASIC_MEMINFO   4
#define MB2_TAG_MMAP            6
#define MB2_TAG_ACPI_OLD        14      /* copy of an ACPI 1.0 RSDP */
#define MB2_TAG_ACPI_NEW        15      /* copy of an ACPI 2.0+ RSDP */

#define MB2_TAG_ALIGN           8
#define MB2_TAG_HDR             8       /* u32 type, u32 size */
#define MB2_MODULE_HDR          16      /* + u32 mod_start, u32 mod_end */
#define MB2_MMAP_HDR            16      /* + u32 entry_size, entry_version */
#define MB2_MEMINFO_SIZE        16      /* + u32 mem_lower, u32 mem_upper */
#define MB2_MMAP_ENTRY_MIN      24      /* u64 base, u64 length, u32 type,
                                           u32 reserved */

/* ACPI RSDP: "RSD PTR " then checksum, OEM id, revision, RSDT (20 bytes);
   revision 2+ adds length, XSDT, extended checksum (36 bytes). */
#define RSDP_V1_SIZE            20
#define RSDP_V2_SIZE            36

struct mb2_tag {
    uint32_t type;
    uint32_t size;
};

struct mb2_mmap_entry {
    uint64_t base;
    uint64_t len;
    uint32_t type;
    uint32_t reserved;
};

/* What the walk remembers between tags. */
struct mb2_state {
    const uint8_t *base;            /* the information structure */
    uint32_t total;                 /* its total_size */
    uint32_t seen;                  /* bit per tag type already met */
    bool have_meminfo;
    uint32_t mem_lower_kb;          /* from 0 */
    uint32_t mem_upper_kb;          /* from 1 MiB */
};

/* ---- reasons ------------------------------------------------------------ */

static int refuse(const char **why, const char *text)
{
    *why = text;
    return -XEN_EINVAL;
}

/* ---- tags --------------------------------------------------------------- */

/* Offset of a tag inside the structure, for reasons. */
static unsigned long tag_off(const struct mb2_state *st, const uint8_t *tag)
{
    return (unsigned long)(tag - st->base);
}

/* A NUL-terminated string filling the rest of the tag from 'skip' on. */
static int tag_string(const struct mb2_state *st, const uint8_t *tag,
                      const struct mb2_tag *h, uint32_t skip,
                      const char **out, const char **why)
{
    const char *s = (const char *)tag + skip;

    if (h->size <= skip || strnlen(s, h->size - skip) == h->size - skip)
        return refuse(why, boot_reason("tag %u at offset 0x%lx: string not "
                                  "NUL-terminated within the tag",
                                  h->type, tag_off(st, tag)));
    *out = s;
    return 0;
}

static int tag_too_small(const struct mb2_state *st, const uint8_t *tag,
                         const struct mb2_tag *h, const char **why)
{
    return refuse(why, boot_reason("tag %u at offset 0x%lx: size 0x%lx too small",
                              h->type, tag_off(st, tag),
                              (unsigned long)h->size));
}

static int parse_module(const struct mb2_state *st, const uint8_t *tag,
                        const struct mb2_tag *h, struct boot_info *bi,
                        const char **why)
{
    struct boot_module *m;
    uint32_t start, end;

    if (h->size < MB2_MODULE_HDR)
        return tag_too_small(st, tag, h, why);
    memcpy(&start, tag + 8, sizeof(start));
    memcpy(&end, tag + 12, sizeof(end));
    if (end < start)
        return refuse(why, boot_reason("module at offset 0x%lx ends (0x%lx) "
                                  "before it starts (0x%lx)",
                                  tag_off(st, tag), (unsigned long)end,
                                  (unsigned long)start));
    if (bi->nr_mods == BOOT_MAX_MODULES)
        return refuse(why, boot_reason("more than %u modules",
                                  (unsigned int)BOOT_MAX_MODULES));
    m = &bi->mods[bi->nr_mods];
    m->start = start;
    m->end = end;               /* GRUB: one past the last byte */
    if (tag_string(st, tag, h, MB2_MODULE_HDR, &m->cmdline, why))
        return -XEN_EINVAL;
    bi->nr_mods++;
    return 0;
}

static int add_range(struct boot_info *bi, uint64_t base, uint64_t len,
                     uint32_t type, const char **why)
{
    if (len == 0)
        return 0;
    if (base + len < base)
        return refuse(why, boot_reason("memory range at 0x%lx wraps",
                                  (unsigned long)base));
    if (bi->nr_mem == BOOT_MAX_MEM_RANGES)
        return refuse(why, boot_reason("more than %u memory ranges",
                                  (unsigned int)BOOT_MAX_MEM_RANGES));
    bi->mem[bi->nr_mem].base = base;
    bi->mem[bi->nr_mem].len = len;
    bi->mem[bi->nr_mem].type = type;
    bi->nr_mem++;
    return 0;
}

/*
 * MMAP: entry_size is a multiple of 8 and may grow in later versions
 * (which stay compatible), so entries are read by their first 24 bytes.
 * Types are the E820 values, as boot_mem_type; others pass through.
 */
static int parse_mmap(const struct mb2_state *st, const uint8_t *tag,
                      const struct mb2_tag *h, struct boot_info *bi,
                      const char **why)
{
    struct mb2_mmap_entry e;
    uint32_t esize, off;

    if (h->size < MB2_MMAP_HDR)
        return tag_too_small(st, tag, h, why);
    memcpy(&esize, tag + 8, sizeof(esize));
    if (esize < MB2_MMAP_ENTRY_MIN || esize % 8 != 0)
        return refuse(why, boot_reason("memory map at offset 0x%lx: bad "
                                  "entry_size 0x%lx", tag_off(st, tag),
                                  (unsigned long)esize));
    if ((h->size - MB2_MMAP_HDR) % esize != 0)
        return refuse(why, boot_reason("memory map at offset 0x%lx: size 0x%lx "
                                  "is not a whole number of entries",
                                  tag_off(st, tag), (unsigned long)h->size));
    for (off = MB2_MMAP_HDR; off < h->size; off += esize) {
        memcpy(&e, tag + off, sizeof(e));
        if (add_range(bi, e.base, e.len, e.type, why))
            return -XEN_EINVAL;
    }
    return 0;
}

static int parse_meminfo(struct mb2_state *st, const uint8_t *tag,
                         const struct mb2_tag *h, const char **why)
{
    if (h->size < MB2_MEMINFO_SIZE)
        return tag_too_small(st, tag, h, why);
    memcpy(&st->mem_lower_kb, tag + 8, sizeof(uint32_t));
    memcpy(&st->mem_upper_kb, tag + 12, sizeof(uint32_t));
    st->have_meminfo = true;
    return 0;
}

/*
 * ACPI_OLD/ACPI_NEW hold a copy of the RSDP, not its address.  The copy is
 * a valid RSDP where it lies, so its physical address is reported (the
 * structure is reached through the direct map); ACPI 2.0's wins.
 */
static int parse_acpi(const struct mb2_state *st, const uint8_t *tag,
                      const struct mb2_tag *h, struct boot_info *bi,
                      const char **why)
{
    uint32_t need = h->type == MB2_TAG_ACPI_NEW ? RSDP_V2_SIZE : RSDP_V1_SIZE;

    if (h->size < MB2_TAG_HDR + need)
        return tag_too_small(st, tag, h, why);
    if (memcmp(tag + MB2_TAG_HDR, "RSD PTR ", 8) != 0)
        return refuse(why, boot_reason("tag %u at offset 0x%lx holds no RSDP",
                                  h->type, tag_off(st, tag)));
    if (h->type == MB2_TAG_ACPI_NEW || !(st->seen & (1U << MB2_TAG_ACPI_NEW)))
        bi->rsdp = virt_to_maddr(tag + MB2_TAG_HDR);
    return 0;
}

/* Tags that describe one thing and so may appear only once. */
#define MB2_SINGLE_TAGS                                                \
    ((1U << MB2_TAG_CMDLINE) | (1U << MB2_TAG_LOADER_NAME) |           \
     (1U << MB2_TAG_BASIC_MEMINFO) | (1U << MB2_TAG_MMAP) |            \
     (1U << MB2_TAG_ACPI_OLD) | (1U << MB2_TAG_ACPI_NEW))

static int parse_tag(struct mb2_state *st, const uint8_t *tag,
                     const struct mb2_tag *h, struct boot_info *bi,
                     const char **why)
{
    uint32_t bit = h->type < 32 ? 1U << h->type : 0;
    int rc = 0;

    if (bit & MB2_SINGLE_TAGS & st->seen)
        return refuse(why, boot_reason("tag %u at offset 0x%lx repeats an "
                                  "earlier one", h->type, tag_off(st, tag)));
    switch (h->type) {
    case MB2_TAG_CMDLINE:
        rc = tag_string(st, tag, h, MB2_TAG_HDR, &bi->cmdline, why);
        break;
    case MB2_TAG_LOADER_NAME:
        rc = tag_string(st, tag, h, MB2_TAG_HDR, &bi->loader_name, why);
        break;
    case MB2_TAG_MODULE:
        rc = parse_module(st, tag, h, bi, why);
        break;
    case MB2_TAG_BASIC_MEMINFO:
        rc = parse_meminfo(st, tag, h, why);
        break;
    case MB2_TAG_MMAP:
        rc = parse_mmap(st, tag, h, bi, why);
        break;
    case MB2_TAG_ACPI_OLD:
    case MB2_TAG_ACPI_NEW:
        rc = parse_acpi(st, tag, h, bi, why);
        break;
    }
    st->seen |= bit;
    return rc;
}

/* ---- the walk ----------------------------------------------------------- */

/* Visits every tag up to END; each must lie wholly inside total_size. */
static int walk_tags(struct mb2_state *st, struct boot_info *bi,
                     const char **why)
{
    uint64_t off = MB2_TAG_HDR;     /* past total_size and reserved */
    struct mb2_tag h;

    for (;;) {
        if (off + MB2_TAG_HDR > st->total)
            return refuse(why, boot_reason("no END tag before total_size 0x%lx",
                                      (unsigned long)st->total));
        memcpy(&h, st->base + off, sizeof(h));
        if (h.size < MB2_TAG_HDR)
            return refuse(why, boot_reason("tag %u at offset 0x%lx: size 0x%lx "
                                      "smaller than its header", h.type,
                                      (unsigned long)off,
                                      (unsigned long)h.size));
        if (h.size > st->total - off)
            return refuse(why, boot_reason("tag %u at offset 0x%lx runs past "
                                      "total_size 0x%lx", h.type,
                                      (unsigned long)off,
                                      (unsigned long)st->total));
        if (h.type == MB2_TAG_END)
            return h.size == MB2_TAG_HDR ? 0 :
                refuse(why, boot_reason("END tag at offset 0x%lx has size 0x%lx",
                                   (unsigned long)off, (unsigned long)h.size));
        if (parse_tag(st, st->base + off, &h, bi, why))
            return -XEN_EINVAL;
        off = ROUNDUP(off + h.size, MB2_TAG_ALIGN);
    }
}

/*
 * The memory map: MMAP if given; else BASIC_MEMINFO's two RAM ranges
 * (lower memory from 0, upper memory from 1 MiB); else refused, since
 * nothing after boot can run without knowing where RAM is.
 */
static int finish_memory(const struct mb2_state *st, struct boot_info *bi,
                         const char **why)
{
    if (st->seen & (1U << MB2_TAG_MMAP))
        return bi->nr_mem ? 0 : refuse(why, "memory map tag has no ranges");
    if (!st->have_meminfo)
        return refuse(why, "no memory map (neither MMAP nor BASIC_MEMINFO)");
    if (add_range(bi, 0, (uint64_t)st->mem_lower_kb << 10, BOOT_MEM_RAM, why))
        return -XEN_EINVAL;
    return add_range(bi, 1ULL << 20, (uint64_t)st->mem_upper_kb << 10,
                     BOOT_MEM_RAM, why);
}

int multiboot2_parse(const void *info, struct boot_info *bi, const char **why)
{
    struct mb2_state st = { .base = info };

    memset(bi, 0, sizeof(*bi));
    bi->protocol = "multiboot2";
    bi->loader_name = "";
    bi->cmdline = "";
    *why = "";
    if (info == NULL)
        return refuse(why, "no multiboot2 information");
    if (!IS_ALIGNED((uintptr_t)info, MB2_TAG_ALIGN))
        return refuse(why, "multiboot2 information is not 8-byte aligned");
    memcpy(&st.total, info, sizeof(st.total));
    if (st.total < 2 * MB2_TAG_HDR)
        return refuse(why, boot_reason("total_size 0x%lx is too small for the "
                                  "fixed part and an END tag",
                                  (unsigned long)st.total));
    if (walk_tags(&st, bi, why) || finish_memory(&st, bi, why))
        return -XEN_EINVAL;
    return 0;
}
