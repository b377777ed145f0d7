/*
 * The domain builder's work on the image: the kernel's ELF and Xen
 * notes checked as Xen's libelf and libxenguest check them, and the
 * start-of-day region filled (hv/pv_layout.h's layout, written through
 * dom0's mapping of the new domain's frames).
 */
#include <hv/lib.h>
#include <xen/errno.h>
#include "builder_internal.h"

/* Features a domU kernel may '!'-require: none yet. */
static bool feature_provided(unsigned int f)
{
    (void)f;
    return false;
}

int build_check_kernel(struct build *b)
{
    const char *name = b->cfg->kernel, *why;
    enum elf_status st = elf_parse(b->kernel, b->kernel_len, &b->elf, &why);

    if (st == ELF_NOT_ELF)
        return build_fail(b, -XEN_EINVAL, "kernel '%s': not an ELF file "
                          "(%s)", name, why);
    if (st == ELF_BAD_LAYOUT)
        return build_fail(b, -XEN_EINVAL, "kernel '%s': not a usable "
                          "ELF64 image (%s)", name, why);
    if (st == ELF_NO_XEN_NOTES)
        return build_fail(b, -XEN_EINVAL, "kernel '%s': not a PV kernel, "
                          "it has no Xen ELF notes", name);
    if (st != ELF_OK)
        return build_fail(b, -XEN_EINVAL, "kernel '%s': its Xen notes are "
                          "refused (%s)", name, why);
    for (unsigned int f = 0; f < 32 * XENFEAT_NR_SUBMAPS; f++)
        if (elf_feature_required(&b->elf, f) && !feature_provided(f))
            return build_fail(b, -XEN_EINVAL, "kernel '%s' requires Xen "
                              "feature %u, which this hypervisor does not "
                              "provide to a domU", name, f);
    if (b->elf.virt_hypercall == ELF_UNSET_ADDR)
        return build_fail(b, -XEN_EINVAL, "kernel '%s' has no "
                          "HYPERCALL_PAGE note", name);
    return 0;
}

static void *region_at(struct build *b, uint64_t va)
{
    return b->region + (va - b->l.v_start);
}

/* elf_load()'s destination: inside the kernel's part of the region. */
static void *kernel_dest(void *ctx, uint64_t vaddr, size_t len)
{
    struct build *b = ctx;

    if (vaddr < b->l.v_start || vaddr + len < vaddr ||
        vaddr + len > b->l.vkern_end)
        return NULL;
    return region_at(b, vaddr);
}

static uint64_t *table_page(void *ctx, unsigned long pfn)
{
    struct build *b = ctx;

    return (uint64_t *)(b->region + pfn * PAGE_SIZE);
}

static void write_start_info(struct build *b)
{
    start_info_t *si = region_at(b, b->l.vstartinfo_start);

    pv_layout_start_info(&b->l, b->nr_pages, b->p2m, si);
    si->shared_info = b->shared_info_mfn << PAGE_SHIFT;
    si->store_evtchn = b->store_port;
    si->console.domU.evtchn = b->console_port;
    snprintf((char *)si->cmd_line, sizeof(si->cmd_line), "%s",
             b->cfg->cmdline);
}

int build_fill_region(struct build *b)
{
    if (elf_load(&b->elf, b->kernel, b->kernel_len, kernel_dest, b))
        return build_fail(b, -XEN_EINVAL, "kernel '%s': its segments do "
                          "not fit its virtual range", b->cfg->kernel);
    if (b->ramdisk_len)
        memcpy(region_at(b, b->l.vinitrd_start), b->ramdisk, b->ramdisk_len);
    memcpy(region_at(b, b->l.vphysmap_start), b->p2m,
           b->nr_pages * sizeof(unsigned long));
    /* The layout planned the table pages: running short is our bug. */
    if (pv_layout_build_tables(&b->l, b->p2m, table_page, b))
        return build_fail(b, -XEN_EINVAL, "builder: the planned page "
                          "tables do not map the region (a bug)");
    write_start_info(b);
    return 0;
}
