/*
 * The trap backend's parts (pvops_trap.c, pvops_trap_mmu.c).
 */
#ifndef GUEST_PVOPS_TRAP_H
#define GUEST_PVOPS_TRAP_H

#include <xen/errno.h>
#include <guest/pvops.h>

/* mmu (pvops_trap_mmu.c); the other mmu ops are pv's. */
void trap_set_pte(uint64_t maddr, uint64_t val, unsigned int level);
long trap_set_kernel_pte(unsigned long va, uint64_t pte);
void trap_set_bases(unsigned long kernel_l4, unsigned long user_l4);
void trap_flush_tlb(void);
void trap_invlpg(unsigned long va);
void trap_wbinvd(void);

#endif /* GUEST_PVOPS_TRAP_H */
