/*
 * ELF64 and Xen ELF-note parser for PV kernels: see hv/libelf.h for the
 * contract.  The ELF layout facts come from the System V gABI and its
 * x86-64 supplement; the note rules from Xen's public elfnote.h and the
 * behaviour of Xen's libelf.
 *
 * The image is untrusted and may sit at any alignment, so headers are
 * copied into local structs (memcpy) before use, and every offset is
 * checked against the file size with overflow-safe arithmetic.
 */
#include <hv/libelf.h>
#include <hv/lib.h>
#include <xen/errno.h>

/* ELF64 on-file layouts (gABI), little-endian like the host and x86. */
struct elf64_ehdr {
    uint8_t e_ident[16];
    uint16_t e_type;
    uint16_t e_machine;
    uint32_t e_version;
    uint64_t e_entry;
    uint64_t e_phoff;
    uint64_t e_shoff;
    uint32_t e_flags;
    uint16_t e_ehsize;
    uint16_t e_phentsize;
    uint16_t e_phnum;
    uint16_t e_shentsize;
    uint16_t e_shnum;
    uint16_t e_shstrndx;
};

struct elf64_phdr {
    uint32_t p_type;
    uint32_t p_flags;
    uint64_t p_offset;
    uint64_t p_vaddr;
    uint64_t p_paddr;
    uint64_t p_filesz;
    uint64_t p_memsz;
    uint64_t p_align;
};

struct elf64_shdr {
    uint32_t sh_name;
    uint32_t sh_type;
    uint64_t sh_flags;
    uint64_t sh_addr;
    uint64_t sh_offset;
    uint64_t sh_size;
    uint32_t sh_link;
    uint32_t sh_info;
    uint64_t sh_addralign;
    uint64_t sh_entsize;
};

/* Note header; name and desc follow, each padded to 4 bytes (as Xen). */
struct elf_nhdr {
    uint32_t namesz;
    uint32_t descsz;
    uint32_t type;
};

_Static_assert(sizeof(struct elf64_ehdr) == 64, "ELF64 header layout");
_Static_assert(sizeof(struct elf64_phdr) == 56, "ELF64 phdr layout");
_Static_assert(sizeof(struct elf64_shdr) == 64, "ELF64 shdr layout");

#define EI_CLASS        4
#define EI_DATA         5
#define EI_VERSION      6
#define ELFCLASS64      2
#define ELFDATA2LSB     1
#define EV_CURRENT      1
#define ET_EXEC         2
#define EM_X86_64       62
#define PT_LOAD         1
#define PT_NOTE         4
#define SHT_NOTE        7
#define PF_RWX          7           /* PF_X | PF_W | PF_R */

#define ELF_PAGE_SIZE   4096ULL

/* Notes are 4-byte aligned in Xen kernels whatever the ELF class. */
#define NOTE_ALIGN(x)   (((uint64_t)(x) + 3) & ~3ULL)

/* The feature names Xen's FEATURES parser knows; others are not parsed. */
static const char *const feature_names[] = {
    [XENFEAT_writable_page_tables] = "writable_page_tables",
    [XENFEAT_writable_descriptor_tables] = "writable_descriptor_tables",
    [XENFEAT_auto_translated_physmap] = "auto_translated_physmap",
    [XENFEAT_supervisor_mode_kernel] = "supervisor_mode_kernel",
    [XENFEAT_pae_pgdir_above_4gb] = "pae_pgdir_above_4gb",
    [XENFEAT_hvm_callback_vector] = "hvm_callback_vector",
    [XENFEAT_dom0] = "dom0",
};

/* Every refusal goes through here: a status and a one-line reason. */
static enum elf_status fail(const char **why, enum elf_status st,
                            const char *reason)
{
    if (why)
        *why = reason;
    return st;
}

/* True if [off, off + len) lies inside a file of 'size' bytes. */
static bool in_file(uint64_t off, uint64_t len, size_t size)
{
    return off <= size && len <= size - off;
}

/*
 * The identity Xen's x86-64 PV builder accepts.  Only ET_EXEC: a PV kernel
 * is placed at the addresses it was linked for, never relocated.  Only
 * little-endian: Xen can byte-swap, but no big-endian x86-64 image exists.
 */
static enum elf_status check_ehdr(const void *image, size_t size,
                                  struct elf64_ehdr *eh, const char **why)
{
    static const uint8_t magic[4] = { 0x7f, 'E', 'L', 'F' };

    if (size < sizeof(*eh))
        return fail(why, ELF_NOT_ELF, "file shorter than an ELF64 header");
    memcpy(eh, image, sizeof(*eh));
    if (memcmp(eh->e_ident, magic, sizeof(magic)) != 0)
        return fail(why, ELF_NOT_ELF, "no ELF magic");
    if (eh->e_ident[EI_CLASS] != ELFCLASS64)
        return fail(why, ELF_NOT_ELF, "not ELFCLASS64");
    if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
        return fail(why, ELF_NOT_ELF, "not little-endian");
    if (eh->e_ident[EI_VERSION] != EV_CURRENT || eh->e_version != EV_CURRENT)
        return fail(why, ELF_NOT_ELF, "unknown ELF version");
    if (eh->e_type != ET_EXEC)
        return fail(why, ELF_NOT_ELF, "not an executable (ET_EXEC)");
    if (eh->e_machine != EM_X86_64)
        return fail(why, ELF_NOT_ELF, "not an x86-64 image");
    /* Bytes past ELF64's 64 are never read; fewer mean another format. */
    if (eh->e_ehsize < sizeof(*eh))
        return fail(why, ELF_NOT_ELF, "e_ehsize smaller than ELF64 header");
    return ELF_OK;
}

/*
 * The program and section header tables must be whole and inside the file.
 * Entries are read as our structs, so their sizes must be exactly ELF64's
 * (Xen uses e_phentsize as a stride; any other size is a corrupt header).
 * After this, every table entry may be read without further checks.
 */
static enum elf_status check_tables(const struct elf64_ehdr *eh, size_t size,
                                    const char **why)
{
    if (eh->e_phnum == 0)
        return fail(why, ELF_BAD_LAYOUT, "no program headers");
    if (eh->e_phentsize != sizeof(struct elf64_phdr))
        return fail(why, ELF_BAD_LAYOUT, "e_phentsize is not 56");
    if (!in_file(eh->e_phoff, (uint64_t)eh->e_phnum * eh->e_phentsize, size))
        return fail(why, ELF_BAD_LAYOUT,
                    "program header table runs past end of file");
    if (eh->e_shnum == 0)
        return ELF_OK;
    if (eh->e_shentsize != sizeof(struct elf64_shdr))
        return fail(why, ELF_BAD_LAYOUT, "e_shentsize is not 64");
    if (!in_file(eh->e_shoff, (uint64_t)eh->e_shnum * eh->e_shentsize, size))
        return fail(why, ELF_BAD_LAYOUT,
                    "section header table runs past end of file");
    return ELF_OK;
}

/* Entry i of the program header table (inside the file: check_tables). */
static void read_phdr(const void *image, const struct elf64_ehdr *eh,
                      unsigned int i, struct elf64_phdr *ph)
{
    memcpy(ph, (const uint8_t *)image + eh->e_phoff + (uint64_t)i * sizeof(*ph),
           sizeof(*ph));
}

/* Checks one PT_LOAD header on its own and records it. */
static enum elf_status add_segment(const struct elf64_phdr *ph, size_t size,
                                   struct xen_elf_info *info, const char **why)
{
    struct elf_segment *s;

    if (info->nr_segments == ELF_MAX_SEGMENTS)
        return fail(why, ELF_BAD_LAYOUT, "too many load segments");
    /* The zeroed tail is memsz - filesz: it must not be negative. */
    if (ph->p_filesz > ph->p_memsz)
        return fail(why, ELF_BAD_LAYOUT, "segment p_filesz exceeds p_memsz");
    if (!in_file(ph->p_offset, ph->p_filesz, size))
        return fail(why, ELF_BAD_LAYOUT, "segment runs past end of file");
    /* Bounded sizes keep every sum below from overflowing. */
    if (ph->p_memsz > ELF_MAX_IMAGE_SPAN)
        return fail(why, ELF_BAD_LAYOUT, "segment p_memsz is absurdly large");
    /* End addresses must exist, or range and overlap checks are fooled. */
    if (ph->p_paddr + ph->p_memsz < ph->p_paddr ||
        ph->p_vaddr + ph->p_memsz < ph->p_vaddr)
        return fail(why, ELF_BAD_LAYOUT, "segment wraps the address space");

    s = &info->seg[info->nr_segments++];
    s->vaddr = ph->p_vaddr;
    s->paddr = ph->p_paddr;
    s->offset = ph->p_offset;
    s->filesz = ph->p_filesz;
    s->memsz = ph->p_memsz;
    s->flags = ph->p_flags;
    return ELF_OK;
}

/*
 * Xen places segments by p_paddr, so two segments whose physical ranges
 * overlap would overwrite each other; Xen does not check, we refuse.
 */
static enum elf_status check_overlaps(const struct xen_elf_info *info,
                                      const char **why)
{
    unsigned int i, j;

    for (i = 0; i < info->nr_segments; i++) {
        const struct elf_segment *a = &info->seg[i];

        for (j = i + 1; j < info->nr_segments; j++) {
            const struct elf_segment *b = &info->seg[j];

            if (a->paddr < b->paddr + b->memsz &&
                b->paddr < a->paddr + a->memsz)
                return fail(why, ELF_BAD_LAYOUT, "load segments overlap");
        }
    }
    return ELF_OK;
}

/*
 * Collects the loadable segments: PT_LOAD with at least one of R/W/X, as
 * Xen's elf_phdr_is_loadable().  pstart/pend are Xen's elf->pstart/pend.
 */
static enum elf_status collect_segments(const void *image, size_t size,
                                        const struct elf64_ehdr *eh,
                                        struct xen_elf_info *info,
                                        const char **why)
{
    struct elf64_phdr ph;
    enum elf_status st;
    unsigned int i;

    info->pstart = ELF_UNSET_ADDR;
    info->pend = 0;
    for (i = 0; i < eh->e_phnum; i++) {
        read_phdr(image, eh, i, &ph);
        if (ph.p_type != PT_LOAD || !(ph.p_flags & PF_RWX))
            continue;
        st = add_segment(&ph, size, info, why);
        if (st != ELF_OK)
            return st;
        info->pstart = MIN(info->pstart, ph.p_paddr);
        info->pend = MAX(info->pend, ph.p_paddr + ph.p_memsz);
    }
    /* Xen would compute pstart > pend here and refuse the range later. */
    if (info->nr_segments == 0)
        return fail(why, ELF_BAD_LAYOUT, "no loadable segment");
    /* No wrap: pend is some segment's end, at or above pstart. */
    if (info->pend - info->pstart > ELF_MAX_IMAGE_SPAN)
        return fail(why, ELF_BAD_LAYOUT, "load segments span absurdly far");
    return check_overlaps(info, why);
}

/* Xen reads 1-, 2-, 4- and 8-byte numbers (and silently uses 0 else). */
static bool note_numeric(const uint8_t *desc, uint32_t descsz, uint64_t *val)
{
    uint64_t v = 0;

    if (descsz != 1 && descsz != 2 && descsz != 4 && descsz != 8)
        return false;
    memcpy(&v, desc, descsz);       /* little-endian: low bytes first */
    *val = v;
    return true;
}

/* A string note must hold its terminating NUL inside its descriptor. */
static bool note_string(const uint8_t *desc, uint32_t descsz, const char **s)
{
    if (strnlen((const char *)desc, descsz) == descsz)
        return false;
    *s = (const char *)desc;
    return true;
}

/*
 * Feature bitmaps are indexed like XENVER_get_features' submaps: bit nr%32
 * of word nr/32.  Every known name fits (checked below).
 */
_Static_assert(ARRAY_SIZE(feature_names) <= 32 * XENFEAT_NR_SUBMAPS,
               "feature names beyond the bitmaps");

static void set_feature(uint32_t *map, unsigned int nr)
{
    map[nr / 32] |= 1U << (nr % 32);
}

/* Looks a FEATURES name up among the ones Xen knows; -1 if unknown. */
static int feature_lookup(const char *name, size_t len)
{
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(feature_names); i++) {
        const char *f = feature_names[i];

        if (f && strlen(f) == len && strncmp(f, name, len) == 0)
            return (int)i;
    }
    return -1;
}

/*
 * FEATURES: names separated by '|', '!' marking a required one.  As in
 * Xen, an unknown name is ignored unless it is required: a kernel that
 * cannot run without a feature we do not know must not be started.
 */
static enum elf_status parse_features(const char *s, struct xen_elf_info *info,
                                      const char **why)
{
    while (*s) {
        const char *bar = strchr(s, '|');
        size_t len = bar ? (size_t)(bar - s) : strlen(s);
        bool required = (len > 0 && s[0] == '!');
        int nr = feature_lookup(s + required, len - required);

        if (nr >= 0) {
            set_feature(info->f_supported, nr);
            if (required)
                set_feature(info->f_required, nr);
        } else if (required) {
            return fail(why, ELF_BAD_NOTES,
                        "FEATURES requires a feature Xen does not know");
        }
        s += len + (bar != NULL);
    }
    return ELF_OK;
}

/* SUPPORTED_FEATURES: an array of 32-bit submaps, OR-ed in (Xen 4.2+). */
static enum elf_status parse_supported(const uint8_t *desc, uint32_t descsz,
                                       struct xen_elf_info *info,
                                       const char **why)
{
    uint32_t map;
    unsigned int i;

    if (descsz == 0 || descsz % sizeof(map) != 0)
        return fail(why, ELF_BAD_NOTES,
                    "SUPPORTED_FEATURES is not an array of 32-bit words");
    for (i = 0; i < XENFEAT_NR_SUBMAPS && i < descsz / sizeof(map); i++) {
        memcpy(&map, desc + i * sizeof(map), sizeof(map));
        info->f_supported[i] |= map;
    }
    return ELF_OK;
}

/* Stores a numeric note where Xen's elf_xen_parse_note() puts it. */
static void store_numeric(unsigned int type, uint64_t val,
                          struct xen_elf_info *info)
{
    switch (type) {
    case XEN_ELFNOTE_ENTRY:          info->virt_entry = val; break;
    case XEN_ELFNOTE_HYPERCALL_PAGE: info->virt_hypercall = val; break;
    case XEN_ELFNOTE_VIRT_BASE:      info->virt_base = val; break;
    case XEN_ELFNOTE_PADDR_OFFSET:   info->elf_paddr_offset = val; break;
    case XEN_ELFNOTE_INIT_P2M:       info->p2m_base = val; break;
    case XEN_ELFNOTE_MOD_START_PFN:  info->mod_start_pfn = (val != 0); break;
    case XEN_ELFNOTE_PHYS32_ENTRY:   info->phys_entry = val; break;
    }
}

static enum elf_status parse_string_note(unsigned int type, const char *s,
                                         struct xen_elf_info *info,
                                         const char **why)
{
    switch (type) {
    case XEN_ELFNOTE_XEN_VERSION:   info->xen_version = s; break;
    case XEN_ELFNOTE_GUEST_OS:      info->guest_os = s; break;
    case XEN_ELFNOTE_GUEST_VERSION: info->guest_version = s; break;
    case XEN_ELFNOTE_LOADER:        info->loader = s; break;
    case XEN_ELFNOTE_PAE_MODE:      info->pae_mode = s; break;
    case XEN_ELFNOTE_FEATURES:
        info->features = s;
        return parse_features(s, info, why);
    case XEN_ELFNOTE_BSD_SYMTAB:
        /* Xen would load the symbol table after the kernel; we cannot. */
        if (strcmp(s, "yes") == 0)
            return fail(why, ELF_BAD_NOTES, "BSD_SYMTAB is not supported");
        break;
    }
    return ELF_OK;
}

/* One note named "Xen".  Unknown types are skipped, as Xen does. */
static enum elf_status parse_xen_note(unsigned int type, const uint8_t *desc,
                                      uint32_t descsz,
                                      struct xen_elf_info *info,
                                      const char **why)
{
    const char *s;
    uint64_t val;

    if (type <= XEN_ELFNOTE_MAX)
        info->notes_present |= 1U << type;
    switch (type) {
    case XEN_ELFNOTE_XEN_VERSION: case XEN_ELFNOTE_GUEST_OS:
    case XEN_ELFNOTE_GUEST_VERSION: case XEN_ELFNOTE_LOADER:
    case XEN_ELFNOTE_PAE_MODE: case XEN_ELFNOTE_FEATURES:
    case XEN_ELFNOTE_BSD_SYMTAB:
        if (!note_string(desc, descsz, &s))
            return fail(why, ELF_BAD_NOTES,
                        "string note not NUL-terminated in its descriptor");
        return parse_string_note(type, s, info, why);
    case XEN_ELFNOTE_SUPPORTED_FEATURES:
        return parse_supported(desc, descsz, info, why);
    case XEN_ELFNOTE_ENTRY: case XEN_ELFNOTE_HYPERCALL_PAGE:
    case XEN_ELFNOTE_VIRT_BASE: case XEN_ELFNOTE_PADDR_OFFSET:
    case XEN_ELFNOTE_INIT_P2M: case XEN_ELFNOTE_MOD_START_PFN:
    case XEN_ELFNOTE_PHYS32_ENTRY:
        if (!note_numeric(desc, descsz, &val))
            return fail(why, ELF_BAD_NOTES,
                        "numeric note is not 1, 2, 4 or 8 bytes");
        store_numeric(type, val, info);
        break;
    }
    return ELF_OK;
}

/* The name of a Xen note is "Xen" with its NUL: namesz 4. */
static bool is_xen_note(const uint8_t *name, uint32_t namesz)
{
    return namesz == 4 && memcmp(name, "Xen", 4) == 0;
}

/*
 * Walks the notes in 'len' bytes at 'p' (a note segment or section, inside
 * the file).  Every note header, name and descriptor must fit; only the
 * last descriptor's padding may be missing.
 */
static enum elf_status parse_notes(const uint8_t *p, uint64_t len,
                                   struct xen_elf_info *info,
                                   unsigned int *nr_xen, const char **why)
{
    uint64_t off = 0, name_off, desc_off;
    struct elf_nhdr nh;
    enum elf_status st;

    while (off < len) {
        if (len - off < sizeof(nh))
            return fail(why, ELF_BAD_NOTES, "note header runs past the notes");
        memcpy(&nh, p + off, sizeof(nh));
        name_off = off + sizeof(nh);
        if (NOTE_ALIGN(nh.namesz) > len - name_off)
            return fail(why, ELF_BAD_NOTES, "note name runs past the notes");
        desc_off = name_off + NOTE_ALIGN(nh.namesz);
        if (nh.descsz > len - desc_off)
            return fail(why, ELF_BAD_NOTES, "note desc runs past the notes");
        if (is_xen_note(p + name_off, nh.namesz)) {
            st = parse_xen_note(nh.type, p + desc_off, nh.descsz, info, why);
            if (st != ELF_OK)
                return st;
            (*nr_xen)++;
        }
        off = desc_off + NOTE_ALIGN(nh.descsz);
    }
    return ELF_OK;
}

/* PT_NOTE segments.  Xen skips those at offset 0 (an old binutils bug). */
static enum elf_status segment_notes(const void *image, size_t size,
                                     const struct elf64_ehdr *eh,
                                     struct xen_elf_info *info,
                                     unsigned int *nr_xen, const char **why)
{
    struct elf64_phdr ph;
    enum elf_status st;
    unsigned int i;

    for (i = 0; i < eh->e_phnum; i++) {
        read_phdr(image, eh, i, &ph);
        if (ph.p_type != PT_NOTE || ph.p_offset == 0)
            continue;
        if (!in_file(ph.p_offset, ph.p_filesz, size))
            return fail(why, ELF_BAD_LAYOUT,
                        "note segment runs past end of file");
        st = parse_notes((const uint8_t *)image + ph.p_offset, ph.p_filesz,
                         info, nr_xen, why);
        if (st != ELF_OK)
            return st;
    }
    return ELF_OK;
}

/* SHT_NOTE sections: Xen's fallback when no segment held a Xen note. */
static enum elf_status section_notes(const void *image, size_t size,
                                     const struct elf64_ehdr *eh,
                                     struct xen_elf_info *info,
                                     unsigned int *nr_xen, const char **why)
{
    struct elf64_shdr sh;
    enum elf_status st;
    unsigned int i;

    for (i = 1; i < eh->e_shnum; i++) {
        memcpy(&sh, (const uint8_t *)image + eh->e_shoff +
               (uint64_t)i * sizeof(sh), sizeof(sh));
        if (sh.sh_type != SHT_NOTE)
            continue;
        if (!in_file(sh.sh_offset, sh.sh_size, size))
            return fail(why, ELF_BAD_LAYOUT,
                        "note section runs past end of file");
        st = parse_notes((const uint8_t *)image + sh.sh_offset, sh.sh_size,
                         info, nr_xen, why);
        if (st != ELF_OK)
            return st;
    }
    return ELF_OK;
}

static enum elf_status find_notes(const void *image, size_t size,
                                  const struct elf64_ehdr *eh,
                                  struct xen_elf_info *info, const char **why)
{
    unsigned int nr_xen = 0;
    enum elf_status st;

    st = segment_notes(image, size, eh, info, &nr_xen, why);
    if (st == ELF_OK && nr_xen == 0)
        st = section_notes(image, size, eh, info, &nr_xen, why);
    if (st == ELF_OK && nr_xen == 0)
        st = fail(why, ELF_NO_XEN_NOTES, "no Xen ELF notes");
    return st;
}

static bool note_present(const struct xen_elf_info *info, unsigned int type)
{
    return info->notes_present & (1U << type);
}

/* Xen's elf_xen_note_check() for PV images, prefixes compared as Xen. */
static enum elf_status check_notes(const struct xen_elf_info *info,
                                   const char **why)
{
    if (strncmp(info->loader, "generic", 7) != 0 &&
        strncmp(info->guest_os, "linux", 5) != 0)
        return fail(why, ELF_BAD_NOTES,
                    "LOADER is not \"generic\" and GUEST_OS is not \"linux\"");
    if (strncmp(info->xen_version, "xen-3.0", 7) != 0)
        return fail(why, ELF_BAD_NOTES, "XEN_VERSION is not \"xen-3.0\"");
    if (note_present(info, XEN_ELFNOTE_PADDR_OFFSET) &&
        !note_present(info, XEN_ELFNOTE_VIRT_BASE))
        return fail(why, ELF_BAD_NOTES, "PADDR_OFFSET given without VIRT_BASE");
    return ELF_OK;
}

/*
 * Xen's elf_xen_addr_calc_check(): VIRT_BASE and PADDR_OFFSET default to
 * 0 with ELF notes; the kernel occupies [pstart, pend) moved by
 * virt_offset, and each segment lands at its paddr moved the same way.
 */
static enum elf_status derive_addresses(struct xen_elf_info *info,
                                        const char **why)
{
    unsigned int i;

    info->virt_offset = info->virt_base - info->elf_paddr_offset;
    info->virt_kstart = info->pstart + info->virt_offset;
    info->virt_kend = info->pend + info->virt_offset;
    if (info->virt_kend < info->virt_kstart)
        return fail(why, ELF_BAD_NOTES, "kernel range wraps the address space");
    if (!note_present(info, XEN_ELFNOTE_ENTRY))
        info->virt_entry = info->e_entry;
    for (i = 0; i < info->nr_segments; i++)
        info->seg[i].dest = info->seg[i].paddr + info->virt_offset;
    return ELF_OK;
}

/*
 * Xen's bounds: the kernel must not start below VIRT_BASE, and the entry
 * point must be inside it.  The hypercall page must be a whole page of
 * the kernel, since the loader overwrites it after loading (Xen only
 * checks that it starts inside the domain's initial mappings).  The p2m
 * Xen places at INIT_P2M must not overlay the kernel.
 */
static enum elf_status check_addresses(const struct xen_elf_info *info,
                                       const char **why)
{
    uint64_t hc = info->virt_hypercall, p2m = info->p2m_base;

    if (info->virt_base > info->virt_kstart)
        return fail(why, ELF_BAD_NOTES, "VIRT_BASE is above the kernel");
    if (info->virt_entry < info->virt_kstart ||
        info->virt_entry >= info->virt_kend)
        return fail(why, ELF_BAD_NOTES, "entry point outside the kernel");
    if (hc != ELF_UNSET_ADDR && (hc & (ELF_PAGE_SIZE - 1)) != 0)
        return fail(why, ELF_BAD_NOTES, "HYPERCALL_PAGE is not page-aligned");
    if (hc != ELF_UNSET_ADDR &&
        (hc < info->virt_kstart || hc >= info->virt_kend ||
         info->virt_kend - hc < ELF_PAGE_SIZE))
        return fail(why, ELF_BAD_NOTES, "HYPERCALL_PAGE outside the kernel");
    if (p2m != ELF_UNSET_ADDR && p2m >= info->virt_kstart &&
        p2m < info->virt_kend)
        return fail(why, ELF_BAD_NOTES, "INIT_P2M inside the kernel");
    return ELF_OK;
}

/* Xen's defaults: absent strings empty, absent addresses UNSET, 0 else. */
static void init_info(struct xen_elf_info *info, size_t size)
{
    memset(info, 0, sizeof(*info));
    info->image_size = size;
    info->guest_os = info->guest_version = info->xen_version = "";
    info->loader = info->pae_mode = info->features = "";
    info->virt_entry = ELF_UNSET_ADDR;
    info->virt_hypercall = ELF_UNSET_ADDR;
    info->p2m_base = ELF_UNSET_ADDR;
    info->phys_entry = ELF_UNSET_ADDR;
}

/*
 * The order is Xen's: ELF structure, then notes, then what the notes say,
 * then the addresses derived from them; the first refusal wins.
 */
enum elf_status elf_parse(const void *image, size_t size,
                          struct xen_elf_info *info, const char **why)
{
    struct elf64_ehdr eh;
    enum elf_status st;

    init_info(info, size);
    if (why)
        *why = "";
    if (image == NULL)
        return fail(why, ELF_NOT_ELF, "no image");
    st = check_ehdr(image, size, &eh, why);
    if (st == ELF_OK)
        st = check_tables(&eh, size, why);
    if (st != ELF_OK)
        return st;
    info->e_entry = eh.e_entry;
    st = collect_segments(image, size, &eh, info, why);
    if (st == ELF_OK)
        st = find_notes(image, size, &eh, info, why);
    if (st == ELF_OK)
        st = check_notes(info, why);
    if (st == ELF_OK)
        st = derive_addresses(info, why);
    if (st == ELF_OK)
        st = check_addresses(info, why);
    return st;
}

const char *elf_status_name(enum elf_status status)
{
    static const char *const names[] = {
        [ELF_OK] = "ok",
        [ELF_NOT_ELF] = "not an x86-64 ELF executable",
        [ELF_BAD_LAYOUT] = "bad ELF layout",
        [ELF_NO_XEN_NOTES] = "no Xen ELF notes",
        [ELF_BAD_NOTES] = "bad Xen ELF notes",
    };

    if ((unsigned int)status >= ARRAY_SIZE(names))
        return "unknown ELF status";
    return names[status];
}

/* Feature numbers beyond the bitmaps are simply not declared. */
static bool test_feature(const uint32_t *map, unsigned int nr)
{
    if (nr >= 32 * XENFEAT_NR_SUBMAPS)
        return false;
    return map[nr / 32] & (1U << (nr % 32));
}

bool elf_feature_supported(const struct xen_elf_info *info,
                           unsigned int xenfeat)
{
    return test_feature(info->f_supported, xenfeat);
}

bool elf_feature_required(const struct xen_elf_info *info,
                          unsigned int xenfeat)
{
    return test_feature(info->f_required, xenfeat);
}

/*
 * Copies one segment in pieces that never cross a page boundary; the
 * bytes beyond the file's are zeroed unless the destination is known to
 * be zero already (then they are not even asked for).
 */
static int load_segment(const struct elf_segment *s, const uint8_t *src,
                        elf_dest_fn dest, void *ctx, bool zeroed)
{
    uint64_t done = 0, va, chunk, from_file;
    uint64_t end = zeroed ? s->filesz : s->memsz;
    uint8_t *p;

    while (done < end) {
        va = s->dest + done;
        chunk = ELF_PAGE_SIZE - (va & (ELF_PAGE_SIZE - 1));
        chunk = MIN(chunk, end - done);
        from_file = done < s->filesz ? MIN(chunk, s->filesz - done) : 0;
        p = dest(ctx, va, chunk);
        if (p == NULL)
            return -XEN_EFAULT;
        if (from_file > 0)
            memcpy(p, src + done, from_file);
        memset(p + from_file, 0, chunk - from_file);
        done += chunk;
    }
    return 0;
}

static int load(const struct xen_elf_info *info, const void *image,
                size_t size, elf_dest_fn dest, void *ctx, bool zeroed)
{
    const struct elf_segment *s;
    unsigned int i;
    int rc;

    if (info == NULL || image == NULL || dest == NULL ||
        info->image_size != size || info->nr_segments > ELF_MAX_SEGMENTS)
        return -XEN_EINVAL;
    for (i = 0; i < info->nr_segments; i++) {
        s = &info->seg[i];
        /* Re-checked: 'info' is the caller's memory, not ours. */
        if (!in_file(s->offset, s->filesz, size) || s->filesz > s->memsz)
            return -XEN_EINVAL;
        rc = load_segment(s, (const uint8_t *)image + s->offset, dest, ctx,
                          zeroed);
        if (rc != 0)
            return rc;
    }
    return 0;
}

int elf_load(const struct xen_elf_info *info, const void *image, size_t size,
             elf_dest_fn dest, void *ctx)
{
    return load(info, image, size, dest, ctx, false);
}

int elf_load_zeroed(const struct xen_elf_info *info, const void *image,
                    size_t size, elf_dest_fn dest, void *ctx)
{
    return load(info, image, size, dest, ctx, true);
}
