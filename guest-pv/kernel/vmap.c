/*
 * The kernel's mapped area (see guest/vmap.h): a bitmap of its pages,
 * first-fit from a moving hint, and the tables that map it.
 *
 * The kernel's threads are preemptive and the heap may be used from
 * event handlers, so every entry point holds interrupts off (the one
 * vCPU's lock); the static functions expect them off.
 */
#include <guest/console.h>
#include <guest/irqflags.h>
#include <guest/kmap.h>
#include <guest/mm.h>
#include <guest/mmu.h>
#include <guest/pte.h>
#include <guest/vmap.h>

#define BITS_PER_WORD   64
#define NR_L1           (VMAP_PAGES / PT_ENTRIES)

_Static_assert(PT_INDEX(VMAP_BASE, 4) == 511 && PT_INDEX(VMAP_BASE, 3) == 511,
               "the area is the kernel L3's last slot");
_Static_assert(VMAP_PAGES <= PT_ENTRIES * PT_ENTRIES, "one L2 maps it all");

static uint64_t used[VMAP_PAGES / BITS_PER_WORD];
static unsigned long nr_reserved, hint;
static unsigned long l2_mfn;            /* 0 until the first mapping */
static unsigned long l1_mfn[NR_L1];

static bool page_used(unsigned long i)
{
    return used[i / BITS_PER_WORD] & (1ull << (i % BITS_PER_WORD));
}

static void mark(unsigned long first, unsigned long n, bool set)
{
    for (unsigned long i = first; i < first + n; i++) {
        if (set)
            used[i / BITS_PER_WORD] |= 1ull << (i % BITS_PER_WORD);
        else
            used[i / BITS_PER_WORD] &= ~(1ull << (i % BITS_PER_WORD));
    }
}

/* First free run of n pages at or after `from`; VMAP_PAGES if none. */
static unsigned long find_run(unsigned long from, unsigned long n)
{
    unsigned long start = from, i;

    for (i = from; i < VMAP_PAGES; i++) {
        if (page_used(i)) {
            start = i + 1;
            continue;
        }
        if (i + 1 - start == n)
            return start;
    }
    return VMAP_PAGES;
}

static unsigned long reserve(unsigned long npages)
{
    unsigned long n = npages + 1;   /* and its guard page */
    unsigned long first;

    if (npages == 0 || npages >= VMAP_PAGES)
        return 0;
    first = find_run(hint, n);
    if (first == VMAP_PAGES)
        first = find_run(0, n);
    if (first == VMAP_PAGES)
        return 0;
    mark(first, n, true);
    nr_reserved += n;
    hint = first + n;
    return VMAP_BASE + first * PAGE_SIZE;
}

static void release(unsigned long va, unsigned long npages)
{
    unsigned long first = (va - VMAP_BASE) / PAGE_SIZE;
    unsigned long n = npages + 1;

    if (va < VMAP_BASE || va % PAGE_SIZE || npages == 0 ||
        first + n > VMAP_PAGES || !page_used(first) ||
        !page_used(first + n - 1))
        panic("vmap: release of %lu pages at %#lx, not a reserved run",
              npages, va);
    mark(first, n, false);
    nr_reserved -= n;
}

unsigned long vmap_pages_reserved(void)
{
    return nr_reserved;
}

/*
 * A zeroed table frame linked at the entry maddr of a table of
 * `level`; its mfn, or 0 when no frame is free.  Zeroed (through a
 * writable window, dropped again) before it is linked: Xen validates a
 * table when it is linked and never lets it be writable afterwards.
 */
static unsigned long new_table(uint64_t entry_maddr, unsigned int level)
{
    unsigned long pfn = frame_alloc_zeroed();
    unsigned long mfn;

    if (!pfn)
        return 0;
    mfn = pfn_to_mfn(pfn);
    mmu_queue(entry_maddr, ((uint64_t)mfn << PAGE_SHIFT) | PTE_TABLE, level);
    return mfn;
}

static uint64_t pte_maddr(unsigned long va)
{
    unsigned long l1 = (va - VMAP_BASE) / PT_LEVEL_SIZE(2);

    if (va < VMAP_BASE || va >= VMAP_END)
        panic("vmap: %#lx is outside the area", va);
    if (!l2_mfn) {
        uint64_t l3e = pt_entry_maddr(mmu_boot_l4(), VMAP_BASE, 3);

        if (!l3e)
            panic("vmap: the kernel's L3 is missing");
        l2_mfn = new_table(l3e, 3);
        if (!l2_mfn)
            return 0;
    }
    if (!l1_mfn[l1]) {
        l1_mfn[l1] = new_table(pt_maddr(l2_mfn, PT_INDEX(va, 2)), 2);
        if (!l1_mfn[l1])
            return 0;
    }
    return pt_maddr(l1_mfn[l1], PT_INDEX(va, 1));
}

unsigned long vmap_reserve(unsigned long npages)
{
    irqflags_t flags = local_irq_save();
    unsigned long va = reserve(npages);

    local_irq_restore(flags);
    return va;
}

void vmap_release(unsigned long va, unsigned long npages)
{
    irqflags_t flags = local_irq_save();

    release(va, npages);
    local_irq_restore(flags);
}

uint64_t vmap_pte_maddr(unsigned long va)
{
    irqflags_t flags = local_irq_save();
    uint64_t ma = pte_maddr(va);

    local_irq_restore(flags);
    return ma;
}

/*
 * Clears the n present entries of L1 table l1_mfn from index `first`,
 * dropping the kernel's reference to each frame when `put` (a foreign
 * frame is not the kernel's).  The table is read through one window,
 * not entry by entry.
 */
static void clear_entries(unsigned long l1, unsigned int first,
                          unsigned long n, bool put)
{
    const uint64_t *t = kmap(l1, false);

    for (unsigned long k = first; k < first + n; k++) {
        if (!(t[k] & PTE_PRESENT))
            continue;
        mmu_queue(pt_maddr(l1, k), 0, 1);
        /* Not reused before the flush below: interrupts are off. */
        if (put)
            frame_put(mfn_to_pfn(PTE_MFN(t[k])));
    }
    kunmap((void *)t);
}

/* Unmaps [va, va + npages pages), which may be partly mapped. */
static void unmap_run(unsigned long va, unsigned long npages, bool put)
{
    unsigned long i = 0;

    /* The reads below must see every entry written so far. */
    mmu_flush();
    while (i < npages) {
        unsigned long pva = va + i * PAGE_SIZE;
        unsigned long l1 = (pva - VMAP_BASE) / PT_LEVEL_SIZE(2);
        unsigned int first = PT_INDEX(pva, 1);
        unsigned long n = PT_ENTRIES - first;

        if (n > npages - i)
            n = npages - i;
        if (l1_mfn[l1])
            clear_entries(l1_mfn[l1], first, n, put);
        i += n;
    }
    mmu_flush();
    /* No translation of a freed frame may outlive its entry. */
    mmu_flush_tlb();
}

void vmap_unmap(unsigned long va, unsigned long npages)
{
    irqflags_t flags = local_irq_save();

    unmap_run(va, npages, false);
    local_irq_restore(flags);
}

void *vmap_alloc(unsigned long npages)
{
    irqflags_t flags = local_irq_save();
    unsigned long va = reserve(npages), i;

    if (!va)
        goto out;
    for (i = 0; i < npages; i++) {
        unsigned long pva = va + i * PAGE_SIZE;
        uint64_t ma = pte_maddr(pva);
        unsigned long pfn = ma ? frame_alloc() : 0;

        if (!pfn) {
            unmap_run(va, i, true);
            release(va, npages);
            va = 0;
            goto out;
        }
        mmu_queue(ma, ((uint64_t)pfn_to_mfn(pfn) << PAGE_SHIFT) |
                  PTE_KERNEL_RW, 1);
    }
    mmu_flush();
out:
    local_irq_restore(flags);
    return (void *)va;
}

void vmap_free(void *va, unsigned long npages)
{
    irqflags_t flags = local_irq_save();

    unmap_run((unsigned long)va, npages, true);
    release((unsigned long)va, npages);
    local_irq_restore(flags);
}
