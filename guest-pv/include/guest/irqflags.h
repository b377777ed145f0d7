/*
 * The kernel's interrupt flag, through the paravirt-ops table
 * (guest/pvops.h, pv_ops.irq): the only way the kernel disables and
 * enables its asynchronous entries.
 *
 * Under a hypervisor "interrupts" are event upcalls, held back while the
 * vCPU's vcpu_info.evtchn_upcall_mask is non-zero (xen/xen.h, struct
 * vcpu_info).  The pv backend sets the mask with a plain byte store,
 * read by Xen only on its way back to the guest, so disabling costs one
 * store.  Enabling has a catch: an event that arrived while masked only
 * left evtchn_upcall_pending set, and Xen will not deliver it until it
 * next returns to the guest.  So after unmasking the backend looks at
 * the flag and, if set, makes a hypercall, because Xen checks for owed
 * upcalls on every return from a hypercall (Linux's
 * xen_force_evtchn_callback and Mini-OS's force_evtchn_callback use
 * xen_version(0) for the same reason).  pv-hcall and trap reach the same
 * mask through a hypercall or an emulated cli/sti; native uses IF.
 */
#ifndef GUEST_IRQFLAGS_H
#define GUEST_IRQFLAGS_H

#include <guest/hypervisor.h>
#include <guest/pvops.h>

/* Keeps the compiler from moving memory accesses across the mask store. */
#define barrier() asm volatile ("" : : : "memory")

/* The vcpu_info of the vCPU running this code (one vCPU for now). */
static inline vcpu_info_t *irq_vcpu_info(void)
{
    return &shared_info->vcpu_info[0];
}

/*
 * The ops are barriers for the compiler too: an indirect call may touch
 * any memory, so no access moves across one.
 */
static inline void local_irq_disable(void)
{
    pv_ops.irq.disable();
}

static inline void local_irq_enable(void)
{
    pv_ops.irq.enable();
}

/* Returns the old flags (X86_EFLAGS_IF: were enabled) and disables. */
static inline irqflags_t local_irq_save(void)
{
    return pv_ops.irq.save();
}

static inline void local_irq_restore(irqflags_t flags)
{
    pv_ops.irq.restore(flags);
}

static inline bool irqs_disabled(void)
{
    return pv_ops.irq.disabled();
}

/*
 * With interrupts disabled: enables them and waits for one, atomically
 * (the idle loop); returns with them enabled.
 */
static inline void local_irq_halt(void)
{
    pv_ops.irq.halt();
}

#endif /* GUEST_IRQFLAGS_H */
