/*
 * The trap backend's page-table ops: the native instructions, executed
 * in ring 3, which the hypervisor emulates on the fault.
 *
 *   set_pte (L1)     a plain store into the table, which is mapped
 *                    read-only (it is a page table), so it faults and the
 *                    hypervisor's writable-page-table emulation validates
 *                    and performs it (Xen's ptwr).
 *   set_pte (L2-L4)  mmu_update, as pv: Xen emulates stores to L1 tables
 *                    only; a store to a higher level is a #PF delivered
 *                    to the guest.
 *   set_bases        mov to %cr3 (the kernel base, MMUEXT_NEW_BASEPTR
 *                    semantics); the user base has no instruction, so it
 *                    stays MMUEXT_NEW_USER_BASEPTR.
 *   flush_tlb        mov from %cr3, then to %cr3 with the same value.
 *   invlpg, wbinvd   the instructions.
 *   pin, unpin, P2M  as pv: no native equivalent (native needs neither).
 */
#include <guest/console.h>
#include <guest/extable.h>
#include <guest/hypervisor.h>
#include <guest/kmap.h>
#include <guest/mmu.h>
#include "pvops_trap.h"
#include "pvops_xen.h"

/* The start-of-day mapping: pfn p is at KERNEL_VIRT_BASE + p * 4096. */
static void *boot_va(unsigned long pfn)
{
    return (void *)(KERNEL_VIRT_BASE + (pfn << PAGE_SHIFT));
}

/*
 * The L1 entry mapping the kernel page va, at its address in the
 * start-of-day mapping.  The bootstrap page tables lie inside that
 * mapping (xen/xen.h, "Start-of-day memory layout"), mapped read-only,
 * so they are read directly: no kmap, which itself needs this.
 */
static uint64_t *boot_l1e(unsigned long va)
{
    const uint64_t *table = (const uint64_t *)start_info->pt_base;
    unsigned int lv;

    for (lv = 4; lv > 1; lv--) {
        uint64_t e = table[PT_INDEX(va, lv)];

        if (!(e & PTE_PRESENT) || (lv < 4 && (e & PTE_PSE)))
            panic("trap set_kernel_pte: 0x%lx not in the boot mapping",
                  va);
        table = boot_va(xen_mfn_to_pfn(PTE_MFN(e)));
    }
    return (uint64_t *)&table[PT_INDEX(va, 1)];
}

/*
 * A refused emulated store (a writable mapping of a page table, a frame
 * not ours) is a #PF the fixup turns into -XEN_EFAULT: the hypervisor
 * gives no reason.
 */
long trap_set_kernel_pte(unsigned long va, uint64_t pte)
{
    if (!probe_write((unsigned long)boot_l1e(va), pte))
        return -XEN_EFAULT;
    asm volatile ("invlpg (%0)" : : "r"(va) : "memory");
    return 0;
}

void trap_set_pte(uint64_t maddr, uint64_t val, unsigned int level)
{
    uint64_t *table;
    unsigned long off = maddr & (PAGE_SIZE - 1);

    if (level > 1) {
        xen_set_pte(maddr, val, level);
        return;
    }
    /* The L1 must be linked (a page table) before it is stored into. */
    xen_flush_ptes();
    table = kmap(maddr >> PAGE_SHIFT, false);
    if (!probe_write((unsigned long)table + off, val))
        panic("emulated store of 0x%lx to the L1 entry at 0x%lx refused",
              (unsigned long)val, (unsigned long)maddr);
    kunmap(table);
}

static void load_cr3(unsigned long cr3)
{
    asm volatile ("mov %0, %%cr3" : : "r"(cr3) : "memory");
}

static unsigned long read_cr3(void)
{
    unsigned long cr3;

    asm volatile ("mov %%cr3, %0" : "=r"(cr3));
    return cr3;
}

void trap_set_bases(unsigned long kernel_l4, unsigned long user_l4)
{
    xen_flush_ptes();
    xen_set_user_base(user_l4);
    load_cr3(kernel_l4 << PAGE_SHIFT);
}

void trap_flush_tlb(void)
{
    xen_flush_ptes();
    load_cr3(read_cr3());
}

void trap_invlpg(unsigned long va)
{
    xen_flush_ptes();
    asm volatile ("invlpg (%0)" : : "r"(va) : "memory");
}

void trap_wbinvd(void)
{
    asm volatile ("wbinvd" : : : "memory");
}
