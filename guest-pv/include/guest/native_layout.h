/*
 * Where the native boot puts the start of day (arch/x86/native/
 * start_of_day.c), as a pure function so the host unit tests run the
 * very code the boot does (tests/unit/test_guest_native.c).
 *
 * Xen's x86-64 layout (xen/xen.h, "Start-of-day memory layout"): after
 * the kernel image, in pfn order, the P2M list, the start_info page, the
 * page tables (here also the shared_info page, which Xen keeps outside
 * the domain, after start_info), then spare pages; the bootstrap region
 * mapped from pfn 0 ends 4 MiB-aligned with at least 512 KiB to spare.
 * The tables: one L4, one L3 and one L2 (the region stays below 1 GiB)
 * and one L1 per 2 MiB of region.
 */
#ifndef GUEST_NATIVE_LAYOUT_H
#define GUEST_NATIVE_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>

#define NATIVE_REGION_ALIGN_PAGES   1024    /* 4 MiB */
#define NATIVE_REGION_SPARE_PAGES   128     /* 512 KiB */
#define NATIVE_PTES_PER_TABLE       512

/* The pfns of each part of the bootstrap region. */
struct native_layout {
    unsigned long nr_pages;         /* the kernel's memory */
    unsigned long p2m, nr_p2m;
    unsigned long start_info;
    unsigned long shared_info;
    unsigned long l4, l3, l2, l1, nr_l1;   /* contiguous, in this order */
    unsigned long region_pages;     /* the whole mapped region */
};

/*
 * Places everything from pfn `next` (the first page after the image)
 * for a kernel of nr_pages.  False when the region would not fit in
 * nr_pages (or in one L2's gigabyte).
 */
static inline bool native_layout_plan(unsigned long next,
                                      unsigned long nr_pages,
                                      struct native_layout *l)
{
    unsigned long need;

    l->nr_pages = nr_pages;
    l->p2m = next;
    l->nr_p2m = (nr_pages * sizeof(unsigned long) + 4095) / 4096;
    next += l->nr_p2m;
    l->start_info = next++;
    l->shared_info = next++;
    l->l4 = next++;
    l->l3 = next++;
    l->l2 = next++;
    l->l1 = next;
    /* The L1s map the region, which includes them: grow until stable. */
    l->nr_l1 = 0;
    for (;;) {
        need = next + l->nr_l1 + NATIVE_REGION_SPARE_PAGES;
        l->region_pages = (need + NATIVE_REGION_ALIGN_PAGES - 1) /
                          NATIVE_REGION_ALIGN_PAGES *
                          NATIVE_REGION_ALIGN_PAGES;
        need = l->region_pages / NATIVE_PTES_PER_TABLE;
        if (need == l->nr_l1)
            break;
        l->nr_l1 = need;
    }
    return l->region_pages <= nr_pages &&
           l->nr_l1 <= NATIVE_PTES_PER_TABLE;
}

#endif /* GUEST_NATIVE_LAYOUT_H */
