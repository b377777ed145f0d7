/*
 * The virtual interrupt flag of a Xen PV kernel.
 *
 * A PV kernel runs in ring 3 and cannot use cli/sti; "interrupts" are
 * event upcalls, and Xen holds them back while the vCPU's
 * vcpu_info.evtchn_upcall_mask is non-zero (xen/xen.h, struct
 * vcpu_info).  The mask is a plain byte store, read by Xen only on its
 * way back to the guest, so disabling costs one store.  Enabling has a
 * catch: an event that arrived while masked only left
 * evtchn_upcall_pending set, and Xen will not deliver it until it next
 * returns to the guest.  So after unmasking the kernel looks at the flag
 * and, if set, makes a hypercall, because Xen checks for owed upcalls on
 * every return from a hypercall (Linux's xen_force_evtchn_callback and
 * Mini-OS's force_evtchn_callback use xen_version(0) for the same
 * reason).
 *
 * These are the only places the kernel touches the mask, so the
 * paravirt-ops table can wrap them later.
 */
#ifndef GUEST_IRQFLAGS_H
#define GUEST_IRQFLAGS_H

#include <abi/guest_hypercall.h>
#include <guest/hypervisor.h>

/* Keeps the compiler from moving memory accesses across the mask store. */
#define barrier() asm volatile ("" : : : "memory")

/* The vcpu_info of the vCPU running this code (one vCPU for now). */
static inline vcpu_info_t *irq_vcpu_info(void)
{
    return &shared_info->vcpu_info[0];
}

/* Any hypercall returns through Xen's "deliver owed upcall" check. */
static inline void irq_force_upcall(void)
{
    (void)HYPERVISOR_xen_version(0, NULL);
}

static inline void local_irq_disable(void)
{
    irq_vcpu_info()->evtchn_upcall_mask = 1;
    barrier();
}

static inline void local_irq_enable(void)
{
    vcpu_info_t *vi = irq_vcpu_info();

    barrier();
    vi->evtchn_upcall_mask = 0;
    /*
     * The store and the load are to the same vCPU's vcpu_info, and Xen
     * only sets the flag on this CPU or kicks it with an IPI, which
     * brings it through the return-to-guest check anyway: a compiler
     * barrier is enough (as in Linux).
     */
    barrier();
    if (vi->evtchn_upcall_pending)
        irq_force_upcall();
}

/* Returns the old mask (non-zero: events were disabled) and disables. */
static inline unsigned long local_irq_save(void)
{
    vcpu_info_t *vi = irq_vcpu_info();
    unsigned long flags = vi->evtchn_upcall_mask;

    vi->evtchn_upcall_mask = 1;
    barrier();
    return flags;
}

static inline void local_irq_restore(unsigned long flags)
{
    if (flags) {
        barrier();
        irq_vcpu_info()->evtchn_upcall_mask = 1;
        return;
    }
    local_irq_enable();
}

static inline bool irqs_disabled(void)
{
    return irq_vcpu_info()->evtchn_upcall_mask != 0;
}

#endif /* GUEST_IRQFLAGS_H */
