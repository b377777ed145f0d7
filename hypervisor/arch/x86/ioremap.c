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

/* Global: the same in every address space, so it survives CR3 loads. */
#define PTE_MMIO    (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | \
                     _PAGE_DIRTY | _PAGE_PCD | _PAGE_PWT | _PAGE_GLOBAL | \
                     _PAGE_NX)

static unsigned long next_va = IOREMAP_VIRT_START;

static bool map_page(unsigned long va, paddr_t pa)
{
    pte_t *l1e = paging_hv_l1e(va);

    if (!l1e)
        return false;
    *l1e = make_pte(pa, PTE_MMIO);
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
