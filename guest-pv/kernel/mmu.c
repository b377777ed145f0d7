/*
 * Page tables through the paravirt-ops table (see guest/mmu.h): the
 * backend-independent part.  The pv backend's mmu_update queue is in
 * pvops_pv_mmu.c.
 */
#include <guest/console.h>
#include <guest/hypervisor.h>
#include <guest/kmap.h>
#include <guest/mm.h>
#include <guest/mmu.h>
#include <guest/pvops.h>

void mmu_queue(uint64_t maddr, uint64_t val, unsigned int level)
{
    pv_ops.mmu.set_pte(maddr, val, level);
}

void mmu_flush(void)
{
    pv_ops.mmu.flush_ptes();
}

long mmu_pin(unsigned int level, unsigned long mfn)
{
    mmu_flush();
    return pv_ops.mmu.pin(level, mfn);
}

long mmu_unpin(unsigned long mfn)
{
    mmu_flush();
    return pv_ops.mmu.unpin(mfn);
}

void mmu_pin_must(unsigned int level, unsigned long mfn)
{
    long rc = mmu_pin(level, mfn);

    if (rc)
        panic("pin of mfn 0x%lx as L%u: %ld", mfn, level, rc);
}

void mmu_unpin_must(unsigned long mfn)
{
    long rc = mmu_unpin(mfn);

    if (rc)
        panic("unpin of mfn 0x%lx: %ld", mfn, rc);
}

void mmu_set_bases(unsigned long kernel_l4, unsigned long user_l4)
{
    mmu_flush();
    pv_ops.mmu.set_bases(kernel_l4, user_l4);
}

void mmu_flush_tlb(void)
{
    mmu_flush();
    pv_ops.mmu.flush_tlb();
}

void mmu_invlpg(unsigned long va)
{
    mmu_flush();
    pv_ops.mmu.invlpg(va);
}

uint64_t pt_read(uint64_t maddr)
{
    const uint64_t *table;
    uint64_t e;

    mmu_flush();
    table = kmap(maddr >> PAGE_SHIFT, false);
    e = table[(maddr & (PAGE_SIZE - 1)) / sizeof(uint64_t)];
    kunmap((void *)table);
    return e;
}

uint64_t pt_entry_maddr(unsigned long l4_mfn, unsigned long va,
                        unsigned int level)
{
    unsigned long mfn = l4_mfn;
    unsigned int lv;

    for (lv = 4; lv > level; lv--) {
        uint64_t e = pt_read(pt_maddr(mfn, PT_INDEX(va, lv)));

        if (!(e & PTE_PRESENT) || (lv < 4 && (e & PTE_PSE)))
            return 0;
        mfn = PTE_MFN(e);
    }
    return pt_maddr(mfn, PT_INDEX(va, level));
}

unsigned long mmu_boot_l4(void)
{
    return pfn_to_mfn((start_info->pt_base - KERNEL_VIRT_BASE) >> PAGE_SHIFT);
}
