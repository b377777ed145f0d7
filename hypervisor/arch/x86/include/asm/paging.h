/*
 * The hypervisor's page tables and the machine-to-physical table.
 */
#ifndef ASM_PAGING_H
#define ASM_PAGING_H

#include <hv/types.h>
#include <asm/page.h>

/*
 * The L1 entry mapping 'va' in one of the hypervisor's slots whose L3
 * exists (so every guest L4 shares it), its L2 and L1 tables allocated
 * zeroed on first use; NULL without memory.  The caller flushes.
 */
pte_t *paging_hv_l1e(unsigned long va);

/* Copies the hypervisor's L4 slots (256-271) into a guest's new L4. */
void paging_init_guest_l4(pte_t *l4);

/* Physical address of the idle (hypervisor-only) L4. */
paddr_t paging_idle_l4(void);

/* End of the direct map: [0, end) is mapped (RAM and the holes below it). */
paddr_t paging_directmap_end(void);

/*
 * The machine-to-physical table (Xen's M2P): for each machine frame, the
 * guest pfn it backs in its owner, or M2P_INVALID.  Guests read it through
 * a read-only mapping at MACH2PHYS_VIRT_START.
 */
#define M2P_INVALID (~0UL)
void m2p_set(mfn_t mfn, unsigned long pfn);
unsigned long m2p_get(mfn_t mfn);

#endif /* ASM_PAGING_H */
