/*
 * ELF64 and Xen ELF-note parser for PV kernels (Xen's libelf pattern).
 *
 * One source, compiled into the hypervisor's dom0 builder, into the dom0
 * tools' domain builder and into the host unit tests.  It therefore uses no
 * hypervisor globals: it reads the image it is given, fills the caller's
 * struct, and writes guest memory only through the caller's callback.
 *
 * The rules are Xen's (xen/common/libelf, Xen 4.17), so a kernel Xen
 * accepts is accepted here and a kernel Xen refuses is refused.  Where this
 * parser is stricter it says so at the rule; it never accepts what Xen
 * refuses.  Only the ELF-note interface is supported: the legacy
 * "__xen_guest" section string is not (it predates Xen 3.0.4).
 */
#ifndef HV_LIBELF_H
#define HV_LIBELF_H

#include <hv/types.h>
#include <abi/xen.h>
#include <xen/elfnote.h>
#include <xen/features.h>

enum elf_status {
    ELF_OK,
    ELF_NOT_ELF,        /* not an ELF64 little-endian x86-64 executable,
                           or its file header is truncated */
    ELF_BAD_LAYOUT,     /* program/section headers or segments outside the
                           file, overlapping or wrapping load segments,
                           absurd sizes, no loadable segment */
    ELF_NO_XEN_NOTES,   /* no note named "Xen" anywhere */
    ELF_BAD_NOTES,      /* malformed notes, or notes Xen would refuse */
};

/* Most PT_LOAD segments accepted; real kernels have 2 to 5. */
#define ELF_MAX_SEGMENTS    16

/*
 * Largest span of the loaded image (lowest load address to the end of the
 * highest segment, bss included).  Xen has no such limit in libelf but no
 * PV kernel comes near it; larger values are corrupt or hostile headers.
 */
#define ELF_MAX_IMAGE_SPAN  (1ULL << 30)

/* An address note that was not given (Xen's UNSET_ADDR). */
#define ELF_UNSET_ADDR      (~(uint64_t)0)

/* One loadable segment, as in its program header, plus where it lands. */
struct elf_segment {
    uint64_t vaddr;             /* p_vaddr: informative only, as in Xen */
    uint64_t paddr;             /* p_paddr: what Xen places by */
    uint64_t offset;            /* p_offset: file bytes start here */
    uint64_t filesz;            /* bytes copied from the file */
    uint64_t memsz;             /* bytes in memory; the rest is zeroed */
    uint32_t flags;             /* p_flags: PF_X 1, PF_W 2, PF_R 4 */
    uint64_t dest;              /* guest virtual load address:
                                   paddr + virt_offset (Xen's rule) */
};

/*
 * What elf_parse() found.  Strings point into the image (which must stay
 * readable while they are used) and are "" when the note is absent.
 */
struct xen_elf_info {
    size_t image_size;          /* size given to elf_parse() */
    uint64_t e_entry;           /* ELF header entry point */
    unsigned int nr_segments;
    struct elf_segment seg[ELF_MAX_SEGMENTS];
    uint64_t pstart;            /* lowest p_paddr of the load segments */
    uint64_t pend;              /* end of the highest one (paddr + memsz) */

    /* Bit (1u << XEN_ELFNOTE_x) set for each note type seen. */
    uint32_t notes_present;

    /* String notes. */
    const char *guest_os;       /* GUEST_OS */
    const char *guest_version;  /* GUEST_VERSION */
    const char *xen_version;    /* XEN_VERSION: starts with "xen-3.0" */
    const char *loader;         /* LOADER */
    const char *pae_mode;       /* PAE_MODE (x86-32 only; recorded) */
    const char *features;       /* FEATURES, unparsed */

    /*
     * Features by XENFEAT_* number: FEATURES names ('!' = required) and
     * the SUPPORTED_FEATURES bitmap, OR-ed as Xen does.  Required implies
     * supported.
     */
    uint32_t f_supported[XENFEAT_NR_SUBMAPS];
    uint32_t f_required[XENFEAT_NR_SUBMAPS];

    /* Numeric notes and the addresses Xen derives from them. */
    uint64_t virt_base;         /* VIRT_BASE, default 0 */
    uint64_t elf_paddr_offset;  /* PADDR_OFFSET, default 0 */
    uint64_t virt_offset;       /* virt_base - elf_paddr_offset */
    uint64_t virt_kstart;       /* pstart + virt_offset */
    uint64_t virt_kend;         /* pend + virt_offset */
    uint64_t virt_entry;        /* ENTRY, default e_entry */
    uint64_t virt_hypercall;    /* HYPERCALL_PAGE or ELF_UNSET_ADDR */
    uint64_t p2m_base;          /* INIT_P2M or ELF_UNSET_ADDR */
    uint64_t phys_entry;        /* PHYS32_ENTRY or ELF_UNSET_ADDR */
    bool mod_start_pfn;         /* MOD_START_PFN non-zero: the kernel
                                   takes an unmapped initrd */
};

/*
 * Parses and validates a PV kernel image of 'size' bytes at 'image' (any
 * alignment) and fills 'info'.  Nothing in 'image' is trusted: every
 * header, segment and note is bounds-checked.  On failure *why (if 'why'
 * is not NULL) is set to a one-line reason; on success to "".
 *
 * Refusals beyond the ELF checks are Xen's: XEN_VERSION must start with
 * "xen-3.0"; LOADER must start with "generic" or GUEST_OS with "linux";
 * PADDR_OFFSET needs VIRT_BASE; a '!'-required feature name must be known;
 * the entry point and the hypercall page must lie in
 * [virt_kstart, virt_kend), virt_base must not exceed virt_kstart, and
 * INIT_P2M must lie outside the kernel.  Stricter than Xen: the hypercall
 * page must be page-aligned and wholly inside the kernel, the entry point
 * may not equal virt_kend, numeric notes must be 1, 2, 4 or 8 bytes and
 * string notes NUL-terminated within their descriptor.
 */
enum elf_status elf_parse(const void *image, size_t size,
                          struct xen_elf_info *info, const char **why);

/* A short name for a status ("ok", "not ELF", ...), for log lines. */
const char *elf_status_name(enum elf_status status);

/* True if the kernel declared XENFEAT 'xenfeat' (e.g. XENFEAT_dom0). */
bool elf_feature_supported(const struct xen_elf_info *info,
                           unsigned int xenfeat);

/* True if the kernel requires XENFEAT 'xenfeat' ('!name' in FEATURES). */
bool elf_feature_required(const struct xen_elf_info *info,
                          unsigned int xenfeat);

/*
 * Where guest virtual range [vaddr, vaddr + len) is writable by the
 * loader, or NULL to refuse.  elf_load() never asks for a range that
 * crosses a 4 KiB page boundary, so a callback may map page by page.
 */
typedef void *(*elf_dest_fn)(void *ctx, uint64_t vaddr, size_t len);

/*
 * Loads every segment of 'info' (from elf_parse() on this same image) at
 * its 'dest' address: copies its file bytes and zeroes the rest up to
 * memsz (the bss).  Returns 0, -XEN_EINVAL if 'info' does not describe an
 * image of 'size' bytes, or -XEN_EFAULT when 'dest' refuses a range
 * (earlier segments are then already written).
 */
int elf_load(const struct xen_elf_info *info, const void *image, size_t size,
             elf_dest_fn dest, void *ctx);

/*
 * As elf_load(), into a destination that holds zeros already (fresh
 * frames of a new domain, which the hypervisor zeroes): only the file
 * bytes are written, and 'dest' is asked for nothing beyond them, so a
 * large bss costs nothing.
 */
int elf_load_zeroed(const struct xen_elf_info *info, const void *image,
                    size_t size, elf_dest_fn dest, void *ctx);

#endif /* HV_LIBELF_H */
