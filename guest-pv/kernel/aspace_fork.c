/*
 * Copy-on-write: aspace_fork() and the write fault that ends the
 * sharing, aspace_cow() (see guest/aspace.h).
 *
 * A shared page is mapped read-only with the software bit PTE_COW in
 * every address space that shares it, and its frame's reference count
 * says how many do.  The first write from any of them faults; the
 * writer gets a private copy, or, if it is the last sharer, the frame
 * itself made writable again.
 */
#include <xen/errno.h>
#include <guest/aspace.h>
#include <guest/console.h>
#include <guest/kmap.h>
#include <guest/mm.h>
#include <guest/mmu.h>

/* Shares the parent's leaf entry e (at machine address ma) at va. */
static int fork_pte(struct aspace *child, uint64_t ma, uint64_t e,
                    unsigned long va)
{
    uint64_t shared = e;
    unsigned long pfn = mfn_to_pfn(PTE_MFN(e));
    int rc;

    if (e & PTE_RW) {
        shared = (e & ~PTE_RW) | PTE_COW;
        mmu_queue(ma, shared, 1);
    }
    rc = aspace_map(child, va, pfn, shared & ~PTE_ADDR_MASK);
    if (rc == 0)
        frame_get(pfn);
    return rc;
}

/* Shares everything table mfn (of `level`, mapping from va) maps. */
static int fork_table(struct aspace *child, unsigned long mfn,
                      unsigned int level, unsigned long va,
                      unsigned int n)
{
    const uint64_t *t = kmap(mfn, false);
    unsigned int i;
    int rc = 0;

    for (i = 0; i < n && rc == 0; i++) {
        unsigned long at = va + i * PT_LEVEL_SIZE(level);

        if (!(t[i] & PTE_PRESENT))
            continue;
        if (level > 1)
            rc = fork_table(child, PTE_MFN(t[i]), level - 1, at,
                            PT_ENTRIES);
        else
            rc = fork_pte(child, pt_maddr(mfn, i), t[i], at);
    }
    kunmap((void *)t);
    return rc;
}

int aspace_fork(struct aspace *child, struct aspace *parent)
{
    int rc = fork_table(child, pfn_to_mfn(parent->kernel_l4), 4, 0,
                        USER_L4_SLOTS);

    /*
     * The parent's writable entries are read-only now, but its TLB may
     * still hold writable translations: without this flush the parent
     * could go on writing into the frames it shares with the child.
     */
    mmu_flush();
    mmu_flush_tlb();
    return rc;
}

/* Copies frame src into a new frame; its pfn, or 0 when out of frames. */
static unsigned long copy_frame(unsigned long src_mfn)
{
    unsigned long pfn = frame_alloc();
    const void *src;
    void *dst;

    if (!pfn)
        return 0;
    src = kmap(src_mfn, false);
    dst = kmap(pfn_to_mfn(pfn), true);
    memcpy(dst, src, PAGE_SIZE);
    kunmap(dst);
    kunmap((void *)src);
    return pfn;
}

int aspace_cow(struct aspace *as, unsigned long va, bool *copied)
{
    uint64_t ma, e = aspace_lookup(as, va, &ma);
    unsigned long pfn, mine;

    *copied = false;
    if (!(e & PTE_PRESENT) || !(e & PTE_COW))
        return -XEN_EFAULT;
    pfn = mfn_to_pfn(PTE_MFN(e));
    mine = pfn;
    if (frame_refs(pfn) > 1) {
        mine = copy_frame(PTE_MFN(e));
        if (!mine)
            return -XEN_ENOMEM;
        frame_put(pfn);
        *copied = true;
    }
    e = (e & ~(PTE_ADDR_MASK | PTE_COW)) | PTE_RW | PTE_DIRTY;
    mmu_queue(ma, e | ((uint64_t)pfn_to_mfn(mine) << PAGE_SHIFT), 1);
    /* Read-only to writable: the old translation must go. */
    mmu_invlpg(va);
    return 0;
}
