/*
 * The domain builder's state, shared by its phases (builder.c: create,
 * populate, tear down; builder_image.c: the kernel check and the
 * region's contents).
 */
#ifndef TOOLS_BUILDER_INTERNAL_H
#define TOOLS_BUILDER_INTERNAL_H

#include <hv/libelf.h>
#include <hv/pv_layout.h>
#include <tools/builder.h>

struct build {
    const struct xlcfg_domain *cfg;
    const void *kernel, *ramdisk;
    size_t kernel_len, ramdisk_len;
    char *err;
    size_t errlen;

    struct xen_elf_info elf;
    struct pv_layout l;
    unsigned long nr_pages;
    uint32_t domid;
    bool created;
    unsigned long *p2m;         /* pfn -> mfn, nr_pages of them */
    /*
     * What of the start-of-day region dom0 writes, mapped: the kernel's
     * file bytes (its bss is zero already), and initrd to page tables.
     */
    struct region_map {
        uint64_t va;
        unsigned long pages;
        uint8_t *p;
    } map[2];
    uint64_t shared_info_mfn;
    uint32_t store_port, console_port;
};

/* Formats the one-line message of a failure into b->err; returns rc. */
int build_fail(struct build *b, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Parses the kernel and applies Xen's refusals for a domU. */
int build_check_kernel(struct build *b);

/* Plans b->map[] for the layout and the kernel's segments. */
void build_plan_maps(struct build *b);

/*
 * Writes the region through b->map[]: kernel segments, ramdisk, P2M,
 * page tables, start_info.
 */
int build_fill_region(struct build *b);

#endif /* TOOLS_BUILDER_INTERNAL_H */
