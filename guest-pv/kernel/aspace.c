/*
 * Address spaces: creation, mapping, activation and teardown (see
 * guest/aspace.h).  Copy-on-write is in aspace_fork.c.
 *
 * Page tables are read through read-only kmap() windows (pt_read) and
 * written only through the paravirt-ops table (mmu_queue), Xen's
 * direct-paging rule.
 */
#include <xen/errno.h>
#include <guest/aspace.h>
#include <guest/console.h>
#include <guest/kmap.h>
#include <guest/mm.h>
#include <guest/mmu.h>

static unsigned long mfn_of(unsigned long pfn)
{
    return pfn_to_mfn(pfn);
}

/*
 * The kernel L4 starts as a copy of the boot L4's upper half above
 * Xen's slots: the kernel image and everything the kernel maps later
 * hang off those entries' L3 tables, which all address spaces share.
 * Written while the frame is still a plain page (Xen allows any write
 * to a page that is not a page table); pinning then validates it.
 */
static void fill_kernel_l4(unsigned long pfn)
{
    uint64_t *l4 = kmap(mfn_of(pfn), true);
    const uint64_t *boot = kmap(mmu_boot_l4(), false);
    unsigned int i;

    memset(l4, 0, PAGE_SIZE);
    for (i = L4_XEN_LAST + 1; i < PT_ENTRIES; i++)
        l4[i] = boot[i];
    kunmap((void *)boot);
    kunmap(l4);
}

int aspace_create(struct aspace *as)
{
    *as = (struct aspace){ 0 };
    as->kernel_l4 = frame_alloc();
    as->user_l4 = frame_alloc_zeroed();
    if (!as->kernel_l4 || !as->user_l4) {
        if (as->kernel_l4)
            frame_put(as->kernel_l4);
        if (as->user_l4)
            frame_put(as->user_l4);
        return -XEN_ENOMEM;
    }
    fill_kernel_l4(as->kernel_l4);
    mmu_pin_must(4, mfn_of(as->kernel_l4));
    mmu_pin_must(4, mfn_of(as->user_l4));
    return 0;
}

/*
 * The table of `level` (1-3) on va's path, created (zeroed, then
 * linked) where missing; its mfn, or 0 when out of frames.  A new L3
 * goes into both L4s.
 */
static unsigned long table_for(struct aspace *as, unsigned long va,
                               unsigned int level)
{
    unsigned long mfn = mfn_of(as->kernel_l4);
    unsigned int lv;

    for (lv = 4; lv > level; lv--) {
        uint64_t ma = pt_maddr(mfn, PT_INDEX(va, lv));
        uint64_t e = pt_read(ma);
        unsigned long pfn;

        if (!(e & PTE_PRESENT)) {
            pfn = frame_alloc_zeroed();
            if (!pfn)
                return 0;
            e = ((uint64_t)mfn_of(pfn) << PAGE_SHIFT) | PTE_TABLE;
            mmu_queue(ma, e, lv);
            if (lv == 4)
                mmu_queue(pt_maddr(mfn_of(as->user_l4), PT_INDEX(va, 4)),
                          e, 4);
            as->tables++;
        }
        mfn = PTE_MFN(e);
    }
    return mfn;
}

/*
 * The L1 table for va.  The last one found is remembered, so that a run
 * of mappings in one 2 MiB range reads no page table and so flushes no
 * queue: its entries go to the hypervisor in one batch.  (Tables are
 * freed only with the whole address space, so the hint cannot go stale.)
 */
static unsigned long l1_for(struct aspace *as, unsigned long va)
{
    unsigned long base = va & ~(PT_LEVEL_SIZE(2) - 1);

    if (as->l1_hint_mfn == 0 || as->l1_hint_va != base) {
        as->l1_hint_mfn = table_for(as, va, 1);
        as->l1_hint_va = base;
    }
    return as->l1_hint_mfn;
}

int aspace_map(struct aspace *as, unsigned long va, unsigned long pfn,
               uint64_t flags)
{
    unsigned long l1 = l1_for(as, va);

    if (!l1)
        return -XEN_ENOMEM;
    mmu_queue(pt_maddr(l1, PT_INDEX(va, 1)),
              ((uint64_t)mfn_of(pfn) << PAGE_SHIFT) | flags, 1);
    as->pages++;
    return 0;
}

uint64_t aspace_lookup(const struct aspace *as, unsigned long va,
                       uint64_t *maddr)
{
    uint64_t ma = pt_entry_maddr(mfn_of(as->kernel_l4), va, 1);

    *maddr = ma;
    return ma ? pt_read(ma) : 0;
}

void aspace_activate(const struct aspace *as)
{
    if (as)
        mmu_set_bases(mfn_of(as->kernel_l4), mfn_of(as->user_l4));
    else
        mmu_set_bases(mmu_boot_l4(), 0);
}

/*
 * Drops every frame the present entries of table mfn (of `level`) map,
 * entries [0, n): leaf frames at level 1, whole subtrees above.
 */
static void put_entries(unsigned long mfn, unsigned int level,
                        unsigned int n)
{
    const uint64_t *t = kmap(mfn, false);
    unsigned int i;

    for (i = 0; i < n; i++) {
        unsigned long child;

        if (!(t[i] & PTE_PRESENT))
            continue;
        child = PTE_MFN(t[i]);
        if (level > 1)
            put_entries(child, level - 1, PT_ENTRIES);
        frame_put(mfn_to_pfn(child));
    }
    kunmap((void *)t);
}

void aspace_destroy(struct aspace *as)
{
    /*
     * Unpinning the last references makes Xen devalidate the whole tree
     * (each table drops its references to the next level and to the
     * mapped frames), after which every frame is a plain page again and
     * may be reused for anything.  The entries are still there to read.
     */
    mmu_unpin_must(mfn_of(as->kernel_l4));
    mmu_unpin_must(mfn_of(as->user_l4));
    put_entries(mfn_of(as->kernel_l4), 4, USER_L4_SLOTS);
    frame_put(as->kernel_l4);
    frame_put(as->user_l4);
    *as = (struct aspace){ 0 };
}
