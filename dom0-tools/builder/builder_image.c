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

void build_plan_maps(struct build *b)
{
    uint64_t file_end = b->l.v_start;

    for (unsigned int i = 0; i < b->elf.nr_segments; i++) {
        const struct elf_segment *s = &b->elf.seg[i];

        if (s->dest + s->filesz > file_end)
            file_end = s->dest + s->filesz;
    }
    /* Segments outside the kernel's range are refused by kernel_dest. */
    if (file_end > b->l.vkern_end)
        file_end = b->l.vkern_end;
    b->map[0].va = b->l.v_start;
    b->map[0].pages = pv_layout_pfn(&b->l, ROUNDUP(file_end, PAGE_SIZE));
    b->map[1].va = b->l.vkern_end;
    b->map[1].pages = pv_layout_pfn(&b->l, b->l.vpt_end) -
                      pv_layout_pfn(&b->l, b->l.vkern_end);
}

/* Where dom0 reaches va of the new domain; NULL where it is not mapped. */
static void *region_at(struct build *b, uint64_t va)
{
    for (unsigned int i = 0; i < 2; i++) {
        const struct region_map *m = &b->map[i];

        if (m->p && va >= m->va && va - m->va < m->pages * PAGE_SIZE)
            return m->p + (va - m->va);
    }
    return NULL;
}

/*
 * elf_load()'s destination: inside the kernel's part of the region (a
 * range never crosses a page, so its first byte decides).
 */
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

    return region_at(b, b->l.v_start + (uint64_t)pfn * PAGE_SIZE);
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
    /* The hypervisor hands out zeroed frames: the bss is zero already. */
    if (elf_load_zeroed(&b->elf, b->kernel, b->kernel_len, kernel_dest, b))
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
