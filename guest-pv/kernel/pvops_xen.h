/*
 * The ops the hypervisor-hosted backends share: the pv backend's
 * implementations (pvops_pv.c, pvops_pv_mmu.c), which pv-hcall uses
 * as they are and the trap backend uses wherever x86 has no instruction
 * that traps for the operation (pvops_trap.c says which).
 */
#ifndef GUEST_PVOPS_XEN_H
#define GUEST_PVOPS_XEN_H

#include <guest/pvops.h>

/* irq: the vcpu_info upcall mask. */
void xen_irq_disable(void);
void xen_irq_enable(void);
irqflags_t xen_irq_save(void);
void xen_irq_restore(irqflags_t flags);
bool xen_irq_disabled(void);
void xen_irq_halt(void);

/* 0 if the hypervisor answers __HYPERVISOR_xpv_event_mask, else why. */
long pvops_pv_hcall_probe(void);

/* mmu: P2M/M2P, mmu_update queue, mmuext_op, update_va_mapping. */
unsigned long xen_pfn_to_mfn(unsigned long pfn);
unsigned long xen_mfn_to_pfn(unsigned long mfn);
void xen_set_pte(uint64_t maddr, uint64_t val, unsigned int level);
void xen_flush_ptes(void);
long xen_set_kernel_pte(unsigned long va, uint64_t pte);
long xen_pin(unsigned int level, unsigned long mfn);
long xen_unpin(unsigned long mfn);
void xen_set_bases(unsigned long kernel_l4, unsigned long user_l4);
void xen_set_user_base(unsigned long user_l4);
void xen_flush_tlb(void);
void xen_invlpg(unsigned long va);
void xen_wbinvd(void);

/* cpu. */
void xen_load_traps(const struct trap_info *table,
                    const struct pv_callbacks *cb);
void xen_load_callbacks(const struct pv_callbacks *cb);
void xen_load_kernel_stack(unsigned long rsp);
void xen_iret(void);                /* entry.S: HYPERVISOR_iret's stub */
unsigned long xen_read_cr2(void);
void __noreturn xen_shutdown(unsigned int reason);

/* timer: VIRQ_TIMER and the pvclock. */
void xen_timer_init(void (*fn)(void));
uint64_t xen_now_ns(void);

#endif /* GUEST_PVOPS_XEN_H */
