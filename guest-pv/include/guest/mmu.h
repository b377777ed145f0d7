/*
 * The guest's page tables, changed only through the paravirt-ops table
 * (guest/pvops.h, pv_ops.mmu), never by a direct store from here.
 *
 * The rules are Xen's direct paging, which every backend can meet: an
 * entry is written by the machine address of the entry (mmu_update under
 * pv, an emulated store under trap, a plain store native); a new table
 * hierarchy is pinned to be validated once and unpinned before its frames
 * are reused; kernel and user bases are installed together; TLB
 * maintenance is the kernel's.  A backend may hold entry writes back
 * (pv batches them into one mmu_update); they are flushed before every
 * pin, base switch and TLB operation and before every page-table read
 * here, so that the kernel never sees a table older than its own writes.
 */
#ifndef GUEST_MMU_H
#define GUEST_MMU_H

#include <guest/lib.h>
#include <guest/pte.h>

/* Entries per queue: one mmu_update carries up to this many. */
#define MMU_QUEUE_LEN   64

/*
 * "*maddr = val" for an entry of a table of `level` (1-4); maddr is
 * 8-aligned.  May be held back until mmu_flush().
 */
void mmu_queue(uint64_t maddr, uint64_t val, unsigned int level);

/*
 * Makes the held-back writes visible.  The kernel writes only entries
 * that are valid by construction, so a refusal is a kernel bug and fatal.
 */
void mmu_flush(void);

/* pv backend only: mmu_update hypercalls so far (the batching test). */
unsigned long mmu_flush_count(void);

/*
 * pv backend only (the hypervisor suites): one mmuext_op after flushing
 * the queue; returns Xen's result.
 */
long mmuext(unsigned int cmd, unsigned long arg1);

/* Pins mfn as a table of `level` (1-4), or unpins it; Xen's result. */
long mmu_pin(unsigned int level, unsigned long mfn);
long mmu_unpin(unsigned long mfn);

/* The same, fatal on failure (the kernel's own tables). */
void mmu_pin_must(unsigned int level, unsigned long mfn);
void mmu_unpin_must(unsigned long mfn);

/*
 * Installs kernel and user page-table bases in one mmuext_op batch
 * (user_l4 0 = none).  Fatal on failure.
 */
void mmu_set_bases(unsigned long kernel_l4, unsigned long user_l4);

/* TLB maintenance on this vCPU. */
void mmu_flush_tlb(void);
void mmu_invlpg(unsigned long va);

/* Reads the entry at machine address maddr (through a read-only kmap). */
uint64_t pt_read(uint64_t maddr);

/*
 * Machine address of the entry of the level-`level` table on va's path
 * under the L4 table l4_mfn, or 0 if a table above it is missing (or
 * is a superpage).
 */
uint64_t pt_entry_maddr(unsigned long l4_mfn, unsigned long va,
                        unsigned int level);

/* Machine address of entry `index` of table `mfn`. */
static inline uint64_t pt_maddr(unsigned long mfn, unsigned int index)
{
    return ((uint64_t)mfn << PAGE_SHIFT) + index * sizeof(uint64_t);
}

/* The boot L4 (start_info.pt_base), the kernel's own address space. */
unsigned long mmu_boot_l4(void);

#endif /* GUEST_MMU_H */
