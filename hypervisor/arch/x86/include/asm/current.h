/*
 * Per-CPU state at the top of each CPU's stack (Xen's struct cpu_info).
 *
 * The stack is STACK_SIZE-aligned, so any code running on it finds its CPU's
 * cpu_info by rounding %rsp up: no segment base is needed, which keeps the
 * exception paths independent of the guest's GS base.  guest_regs comes
 * first: TSS.rsp0 points just past it, so an entry from the guest leaves
 * its register frame exactly there, where C code and HYPERVISOR_iret find
 * (and edit) it.
 */
#ifndef ASM_CURRENT_H
#define ASM_CURRENT_H

#include <asm/config.h>
#include <asm/regs.h>

struct vcpu;

struct cpu_info {
    struct cpu_regs guest_regs;
    struct vcpu *curr_vcpu;
    unsigned int cpu_id;
    unsigned int pad;
    unsigned long syscall_scratch;  /* guest %rsp during syscall entry */
    unsigned long regs_end;         /* &guest_regs + 1: the entry %rsp */
};

static inline struct cpu_info *get_cpu_info(void)
{
    unsigned long sp;

    asm ("mov %%rsp, %0" : "=r"(sp));
    return (struct cpu_info *)((sp | (STACK_SIZE - 1)) + 1 -
                               sizeof(struct cpu_info));
}

#define current             (get_cpu_info()->curr_vcpu)
#define guest_cpu_regs()    (&get_cpu_info()->guest_regs)

#endif /* ASM_CURRENT_H */
