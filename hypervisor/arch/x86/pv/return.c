/*
 * The last C code before every return to a PV guest.  entry.S calls it
 * with interrupts disabled and the guest frame in cpu_info.guest_regs:
 * deferred work first (which may switch to another vCPU, replacing the
 * frame's contents), then event delivery to whichever vCPU will run.
 */
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/event.h>
#include <hv/sched.h>
#include <hv/softirq.h>
#include <asm/pv.h>
#include <asm/smp.h>

/*
 * Xen's rule: an upcall is due when evtchn_upcall_pending is set and the
 * vCPU has not masked events; the callback runs with events masked (the
 * guest unmasks them itself, then checks pending again).
 */
static void deliver_event_upcall(struct vcpu *v, struct cpu_regs *regs)
{
    vcpu_info_t *vi = v->vcpu_info;

    if (!vi->evtchn_upcall_pending || vi->evtchn_upcall_mask ||
        !v->arch.event_callback.eip)
        return;
    if (pv_create_bounce_frame(v, regs, v->arch.event_callback.eip, true, -1))
        domain_stats_upcall(v->domain);
}

/*
 * A port became pending for 'v' (the 0 -> 1 edge of evtchn_upcall_pending).
 * The upcall itself is delivered on the way back to the guest, above.
 */
void arch_evtchn_notify(struct vcpu *v)
{
    sched_vcpu_unblock(&v->sched);
    /*
     * Running on another CPU, it sees the upcall only on its next way
     * back to the guest: interrupt it.  A stale 'processor' costs a
     * spurious IPI at worst; a vCPU that moves meanwhile is delivered to
     * by the CPU that picks it up, on its own return to the guest.
     */
    smp_send_event_check(__atomic_load_n(&v->sched.processor,
                                         __ATOMIC_RELAXED));
}

void pv_return_to_guest(struct cpu_regs *regs);

void pv_return_to_guest(struct cpu_regs *regs)
{
    while (softirq_pending())
        do_softirq();
    deliver_event_upcall(current_vcpu(), regs);
}
