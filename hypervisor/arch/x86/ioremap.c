/*
 * ioremap_uc(): device pages mapped uncached into the hypervisor's
 * ioremap window (asm/ioremap.h), with 4 KiB pages.
 */
#include <hv/bug.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <asm/ioremap.h>
#include <asm/page.h>
#include <asm/paging.h>
#include <asm/processor.h>

#define PTE_TABLE   (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED)
/* Global: the same in every address space, so it survives CR3 loads. */
#define PTE_MMIO    (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | \
                     _PAGE_DIRTY | _PAGE_PCD | _PAGE_PWT | _PAGE_GLOBAL | \
                     _PAGE_NX)

static unsigned long next_va = IOREMAP_VIRT_START;

/* The table under 'e', allocated zeroed on first use; NULL if no memory. */
static pte_t *next_table(pte_t *e)
{
    mfn_t mfn;

    if (*e & _PAGE_PRESENT) {
        /* Only tables live in this window: a large page would be a bug. */
        BUG_ON(*e & _PAGE_PSE);
        return maddr_to_virt(pte_addr(*e));
    }
    mfn = alloc_frames(0, NULL);
    if (mfn == INVALID_MFN)
        return NULL;
    memset(mfn_to_virt(mfn), 0, PAGE_SIZE);
    *e = make_pte((paddr_t)mfn << PAGE_SHIFT, PTE_TABLE);
    return mfn_to_virt(mfn);
}

static bool map_page(unsigned long va, paddr_t pa)
{
    pte_t *l4 = maddr_to_virt(paging_idle_l4());
    pte_t *l3, *l2, *l1;

    /* Slot 261 is shared with every guest only because it exists already. */
    BUG_ON(!(l4[pt_index(va, 4)] & _PAGE_PRESENT));
    l3 = maddr_to_virt(pte_addr(l4[pt_index(va, 4)]));
    l2 = next_table(&l3[pt_index(va, 3)]);
    l1 = l2 ? next_table(&l2[pt_index(va, 2)]) : NULL;
    if (!l1)
        return false;
    l1[pt_index(va, 1)] = make_pte(pa, PTE_MMIO);
    invlpg(va);
    return true;
}

void *ioremap_uc(paddr_t pa, size_t len)
{
    paddr_t first = ROUNDDOWN(pa, PAGE_SIZE);
    size_t bytes = ROUNDUP(pa + len, PAGE_SIZE) - first;
    unsigned long va = next_va;

    if (len == 0 || bytes > IOREMAP_VIRT_END - next_va)
        return NULL;
    for (size_t off = 0; off < bytes; off += PAGE_SIZE)
        if (!map_page(va + off, first + off))
            return NULL;
    next_va += bytes;
    return (void *)(va + (pa - first));
}
