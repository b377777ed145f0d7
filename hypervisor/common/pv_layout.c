/*
 * The start-of-day layout of a PV domain and its initial page tables
 * (see hv/pv_layout.h).  Pure code: no hypervisor state, so the dom0
 * tools and the host unit tests compile it too.
 */
#include <hv/lib.h>
#include <hv/pv_layout.h>

#define MB(x)           ((uint64_t)(x) << 20)
#define L2_SHIFT        21
#define L3_SHIFT        30
#define L4_SHIFT        39
#define PT_ENTRIES      512

/* Entries as Xen's builders write them; validation adds the rest. */
#define PTE_PRESENT     0x001ull
#define PTE_RW          0x002ull
#define PTE_USER        0x004ull
#define PTE_ACCESSED    0x020ull
#define PTE_TABLE       (PTE_PRESENT | PTE_RW | PTE_USER | PTE_ACCESSED)
#define PTE_DATA_RW     (PTE_PRESENT | PTE_RW | PTE_ACCESSED)
#define PTE_DATA_RO     (PTE_PRESENT | PTE_ACCESSED)

/* Number of 2^shift-sized blocks that [lo, hi) touches (Xen's NR()). */
static uint64_t blocks(uint64_t lo, uint64_t hi, unsigned int shift)
{
    uint64_t size = 1ull << shift;

    return (ROUNDUP(hi, size) - ROUNDDOWN(lo, size)) >> shift;
}

/* Page tables needed to map [s, e): one L4, then L3s, L2s, L1s. */
static uint64_t tables_needed(uint64_t s, uint64_t e)
{
    return 1 + blocks(s, e, L4_SHIFT) + blocks(s, e, L3_SHIFT) +
           blocks(s, e, L2_SHIFT);
}

static void plan_region_end(struct pv_layout *l, bool magic_pages)
{
    l->vpt_start = l->vstartinfo_start + PAGE_SIZE;
    if (magic_pages) {
        l->vstore_start = l->vpt_start;
        l->vconsole_start = l->vstore_start + PAGE_SIZE;
        l->vpt_start = l->vconsole_start + PAGE_SIZE;
    }
    /* More tables can widen the region and need more tables: iterate. */
    for (l->nr_pt_pages = 1;; l->nr_pt_pages++) {
        l->vpt_end = l->vpt_start + l->nr_pt_pages * PAGE_SIZE;
        l->vstack_end = l->vpt_end + PAGE_SIZE;
        l->v_end = ROUNDUP(l->vstack_end, MB(4));
        if (l->v_end - l->vstack_end < (512ull << 10))
            l->v_end += MB(4);
        if (tables_needed(l->v_start, l->v_end) <= l->nr_pt_pages)
            break;
    }
}

static bool canonical(uint64_t va)
{
    return (uint64_t)((int64_t)(va << 16) >> 16) == va;
}

/* Canonical, no wrap, clear of the hypervisor's range. */
static bool guest_region(uint64_t s, uint64_t e)
{
    return s < e && canonical(s) && canonical(e - 1) &&
           (e <= __HYPERVISOR_VIRT_START || s >= __HYPERVISOR_VIRT_END);
}

enum pv_layout_status pv_layout_plan(const struct pv_layout_req *req,
                                     struct pv_layout *l)
{
    *l = (struct pv_layout){ 0 };
    l->v_start = req->virt_base;
    l->vkern_end = ROUNDUP(req->virt_kend, PAGE_SIZE);
    l->vinitrd_start = l->vkern_end;
    l->vinitrd_end = l->vinitrd_start + req->initrd_len;
    l->vphysmap_start = ROUNDUP(l->vinitrd_end, PAGE_SIZE);
    l->vphysmap_end = l->vphysmap_start +
                      (uint64_t)req->nr_pages * sizeof(unsigned long);
    l->vstartinfo_start = ROUNDUP(l->vphysmap_end, PAGE_SIZE);
    /* Sizes that wrap would make every later step meaningless. */
    if (l->vkern_end < l->v_start || l->vinitrd_end < l->vinitrd_start ||
        l->vphysmap_end < l->vphysmap_start ||
        l->vstartinfo_start > UINT64_MAX - MB(64))
        return PV_LAYOUT_BAD_RANGE;
    plan_region_end(l, req->magic_pages);
    if (!guest_region(l->v_start, l->v_end))
        return PV_LAYOUT_BAD_RANGE;
    if (pv_layout_pages(l) > req->nr_pages)
        return PV_LAYOUT_TOO_BIG;
    return PV_LAYOUT_OK;
}

static unsigned int pt_index(uint64_t va, unsigned int level)
{
    return (va >> (PAGE_SHIFT + 9 * (level - 1))) & (PT_ENTRIES - 1);
}

struct pt_builder {
    const struct pv_layout *l;
    const unsigned long *p2m;
    pv_table_fn *table;
    void *ctx;
    unsigned long next;         /* next unused table page (pfn) */
    uint64_t *cur[5];           /* the table in use at each level */
    uint64_t prefix[5];         /* the va bits above what cur[] maps */
};

/* A new table of `level` for va, linked into the level above. */
static int take_table(struct pt_builder *b, uint64_t va, unsigned int level)
{
    unsigned long pfn = b->next++;

    if (pfn >= pv_layout_pfn(b->l, b->l->vpt_end))
        return -1;
    b->cur[level] = b->table(b->ctx, pfn);
    b->prefix[level] = va >> (PAGE_SHIFT + 9 * level);
    if (level < 4)
        b->cur[level + 1][pt_index(va, level + 1)] =
            ((uint64_t)b->p2m[pfn] << PAGE_SHIFT) | PTE_TABLE;
    return 0;
}

int pv_layout_build_tables(const struct pv_layout *l,
                           const unsigned long *p2m, pv_table_fn *table,
                           void *ctx)
{
    struct pt_builder b = { l, p2m, table, ctx,
                            pv_layout_pfn(l, l->vpt_start), { 0 }, { 0 } };

    if (take_table(&b, l->v_start, 4))
        return -1;
    /* va only grows, so a table whose prefix changed is never revisited. */
    for (uint64_t va = l->v_start; va < l->v_end; va += PAGE_SIZE) {
        for (unsigned int level = 3; level >= 1; level--)
            if (!b.cur[level] ||
                b.prefix[level] != va >> (PAGE_SHIFT + 9 * level))
                if (take_table(&b, va, level))
                    return -1;
        bool is_pt = va >= l->vpt_start && va < l->vpt_end;

        b.cur[1][pt_index(va, 1)] =
            ((uint64_t)p2m[pv_layout_pfn(l, va)] << PAGE_SHIFT) |
            (is_pt ? PTE_DATA_RO : PTE_DATA_RW);
    }
    return 0;
}

void pv_layout_start_info(const struct pv_layout *l, unsigned long nr_pages,
                          const unsigned long *p2m, start_info_t *si)
{
    static const char magic[] = "xen-3.0-x86_64";

    memset(si, 0, sizeof(*si));
    memcpy(si->magic, magic, sizeof(magic));
    si->nr_pages = nr_pages;
    si->pt_base = l->vpt_start;
    si->nr_pt_frames = l->nr_pt_pages;
    si->mfn_list = l->vphysmap_start;
    if (l->vinitrd_end > l->vinitrd_start) {
        si->mod_start = l->vinitrd_start;
        si->mod_len = l->vinitrd_end - l->vinitrd_start;
    }
    if (l->vstore_start) {
        si->store_mfn = p2m[pv_layout_pfn(l, l->vstore_start)];
        si->console.domU.mfn = p2m[pv_layout_pfn(l, l->vconsole_start)];
    }
}
