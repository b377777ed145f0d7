/*
 * The start-of-day layout of an x86_64 PV domain, and its initial page
 * tables, as pure functions: one source for the hypervisor's dom0
 * builder (arch/x86/pv/domain_build.c) and dom0's domain builder
 * (dom0-tools/builder), unit-tested on the host.
 *
 * Xen's rule (xen/xen.h, "Start-of-day memory layout"): from VIRT_BASE,
 * page-aligned and in this order, the kernel, the initrd, the P2M list,
 * start_info, (a domU's) xenstore ring and console ring, the bootstrap
 * page tables, a bootstrap stack page; the region ends on a 4 MiB
 * boundary with at least 512 KiB to spare, and pseudo-physical frames
 * map 1:1 onto it from pfn 0.  The tables map the whole region, their
 * own pages read-only (a page table is never writable by its guest).
 */
#ifndef HV_PV_LAYOUT_H
#define HV_PV_LAYOUT_H

#include <hv/types.h>
#include <abi/xen.h>

struct pv_layout_req {
    uint64_t virt_base;         /* the kernel's VIRT_BASE (libelf) */
    uint64_t virt_kend;         /* end of its loaded image */
    uint64_t initrd_len;        /* 0: none */
    unsigned long nr_pages;     /* the domain's memory */
    bool magic_pages;           /* a domU: store and console rings */
};

/* Guest virtual addresses; pfn = (va - v_start) / PAGE_SIZE. */
struct pv_layout {
    uint64_t v_start, vkern_end;
    uint64_t vinitrd_start, vinitrd_end;
    uint64_t vphysmap_start, vphysmap_end;
    uint64_t vstartinfo_start;
    uint64_t vstore_start, vconsole_start;  /* 0 without magic pages */
    uint64_t vpt_start, vpt_end;
    unsigned long nr_pt_pages;
    uint64_t vstack_end, v_end;
};

enum pv_layout_status {
    PV_LAYOUT_OK,
    PV_LAYOUT_BAD_RANGE,    /* the region is not guest address space */
    PV_LAYOUT_TOO_BIG,      /* the region needs more than nr_pages */
};

/* Plans the layout for req; fills l even when it does not fit. */
enum pv_layout_status pv_layout_plan(const struct pv_layout_req *req,
                                     struct pv_layout *l);

static inline unsigned long pv_layout_pfn(const struct pv_layout *l,
                                          uint64_t va)
{
    return (unsigned long)((va - l->v_start) >> PAGE_SHIFT);
}

/* Pages of the region, v_start to v_end. */
static inline unsigned long pv_layout_pages(const struct pv_layout *l)
{
    return pv_layout_pfn(l, l->v_end);
}

/*
 * The page-table page at pseudo-physical frame pfn, zeroed and
 * writable by the builder (it is not a page table yet).
 */
typedef uint64_t *pv_table_fn(void *ctx, unsigned long pfn);

/*
 * Writes the initial page tables into the region's table pages, entries
 * holding mfns from p2m (pfn -> mfn, the region's pfns at least).  The
 * L4 is the first table page (pfn of vpt_start).  Returns 0, or -1 if
 * the planned table pages do not suffice (a planning bug).
 */
int pv_layout_build_tables(const struct pv_layout *l,
                           const unsigned long *p2m, pv_table_fn *table,
                           void *ctx);

/*
 * The start_info fields the layout decides: magic, nr_pages, pt_base,
 * nr_pt_frames, mfn_list, mod_start/mod_len, and a domU's store_mfn
 * and console.domU.mfn.  The rest (shared_info, flags, event channels,
 * cmd_line) is the caller's; si is zeroed first.
 */
void pv_layout_start_info(const struct pv_layout *l, unsigned long nr_pages,
                          const unsigned long *p2m, start_info_t *si);

#endif /* HV_PV_LAYOUT_H */
