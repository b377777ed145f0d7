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

/*
 * The instructions themselves (pvops_trap.c), which the native backend
 * executes at CPL 0 as they are (pvops_native.c): cli, sti, sti;hlt,
 * rdmsr and wrmsr (a #GP is -XEN_EPERM), the segment-base MSRs (the
 * user's %gs base is MSR_SHADOW_GS_BASE while in the kernel), cpuid,
 * %cr2, COM1.
 */
void trap_irq_disable(void);
void trap_irq_enable(void);
void trap_irq_halt(void);           /* sti; hlt */
long trap_read_msr(uint32_t msr, uint64_t *val);
long trap_write_msr(uint32_t msr, uint64_t val);
long trap_set_segment_base(unsigned int which, unsigned long base);
void trap_cpuid(uint32_t leaf, uint32_t subleaf, uint32_t regs[4]);
unsigned long trap_read_cr2(void);
void trap_console_write(const char *s, size_t len);

#endif /* GUEST_PVOPS_TRAP_H */
