/*
 * Temporary mappings through window pages (see guest/kmap.h).
 *
 * The windows are pages of the kernel's .bss, so the start-of-day
 * mapping already has L1 entries for them and the set_kernel_pte op
 * (update_va_mapping under pv) can retarget those entries.  The pfns that backed the windows at boot
 * are simply never used again (they are below the allocator's pool).
 */
#include <guest/console.h>
#include <guest/kmap.h>
#include <guest/pte.h>
#include <guest/pvops.h>

static char window[KMAP_SLOTS][PAGE_SIZE] __aligned(PAGE_SIZE);
static bool busy[KMAP_SLOTS];

unsigned long kmap_slot_va(unsigned int slot)
{
    return (unsigned long)window[slot];
}

void *kmap_try(unsigned long mfn, bool writable, long *rc)
{
    uint64_t pte = ((uint64_t)mfn << PAGE_SHIFT) |
                   (writable ? PTE_KERNEL_RW : PTE_KERNEL_RO);
    unsigned int slot;
    long r;

    for (slot = 0; slot < KMAP_SLOTS && busy[slot]; slot++)
        ;
    if (slot == KMAP_SLOTS)
        panic("kmap: all %u windows in use", KMAP_SLOTS);
    /* The op drops the window's stale translation of its last frame. */
    r = pv_ops.mmu.set_kernel_pte(kmap_slot_va(slot), pte);
    if (rc)
        *rc = r;
    if (r)
        return NULL;
    busy[slot] = true;
    return window[slot];
}

void *kmap(unsigned long mfn, bool writable)
{
    long rc;
    void *va = kmap_try(mfn, writable, &rc);

    if (!va)
        panic("kmap of mfn 0x%lx (%s) refused: %ld", mfn,
              writable ? "rw" : "ro", rc);
    return va;
}

void kunmap(void *va)
{
    unsigned long off = (unsigned long)va - kmap_slot_va(0);
    unsigned int slot = off / PAGE_SIZE;
    long rc;

    if (off % PAGE_SIZE || slot >= KMAP_SLOTS || !busy[slot])
        panic("kunmap of %p, not a window in use", va);
    /*
     * Dropping the entry drops the hypervisor's writable reference, so
     * the frame can become a page table; the flush makes sure no stale
     * writable translation survives (Xen would not type the frame
     * while one could be used, but the kernel must not write through it
     * either).
     */
    rc = pv_ops.mmu.set_kernel_pte((unsigned long)va, 0);
    if (rc)
        panic("kunmap of %p: %ld", va, rc);
    busy[slot] = false;
}

unsigned int kmap_in_use(void)
{
    unsigned int slot, n = 0;

    for (slot = 0; slot < KMAP_SLOTS; slot++)
        n += busy[slot];
    return n;
}
