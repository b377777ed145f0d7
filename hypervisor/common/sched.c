/*
 * sched_op(cmd, arg): the scheduling operations a guest may ask for.
 *
 * Blocking sub-ops return 0 at once: the vCPU is taken off the CPU on the
 * way back to the guest (SCHEDULE softirq), and the 0 reaches it when it
 * runs again, after the event or timeout that woke it (Xen's model).
 */
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/event.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/sched.h>
#include <xen/errno.h>
#include <xen/sched.h>

/* Xen's limit on the ports one SCHEDOP_poll may name. */
#define POLL_MAX_PORTS 128

/* A port of d became pending: wake its vCPUs polling (any port). */
void evtchn_check_pollers(struct domain *d, evtchn_port_t port)
{
    (void)port;
    for (unsigned int i = 0; i < d->max_vcpus; i++)
        if (d->vcpu[i] && sched_vcpu_polling(&d->vcpu[i]->sched))
            sched_poll_wake(&d->vcpu[i]->sched);
}

/* SCHEDOP_block: re-enables event delivery, then waits for an event. */
long sched_block(struct vcpu *v)
{
    v->vcpu_info->evtchn_upcall_mask = 0;
    sched_vcpu_block(&v->sched);
    return 0;
}

/*
 * SCHEDOP_poll: every port is copied and checked before the vCPU waits,
 * so a refusal leaves it running; a port already pending ends the poll at
 * once.
 */
static long sched_poll(struct vcpu *v, unsigned long arg)
{
    struct domain *d = v->domain;
    struct sched_poll p;
    evtchn_port_t ports[POLL_MAX_PORTS];
    bool pending = false;

    if (copy_from_guest(&p, arg, sizeof(p)))
        return -XEN_EFAULT;
    if (p.nr_ports > POLL_MAX_PORTS)
        return -XEN_EINVAL;
    if (copy_from_guest(ports, (unsigned long)p.ports.p,
                        p.nr_ports * sizeof(ports[0])))
        return -XEN_EFAULT;
    for (unsigned int i = 0; i < p.nr_ports; i++)
        if (ports[i] >= evtchn_max_ports(d))
            return -XEN_EINVAL;
    if (!sched_poll_prepare(&v->sched, p.timeout))
        return 0;
    for (unsigned int i = 0; i < p.nr_ports && !pending; i++)
        pending = evtchn_port_is_pending(d, ports[i]);
    if (pending)
        sched_poll_cancel(&v->sched);
    return 0;
}

static long shutdown_reason(unsigned long arg, unsigned int *reason)
{
    struct sched_shutdown s;

    if (copy_from_guest(&s, arg, sizeof(s)))
        return -XEN_EFAULT;
    if (s.reason > SHUTDOWN_MAX)
        return -XEN_EINVAL;
    *reason = s.reason;
    return 0;
}

/*
 * SCHEDOP_remote_shutdown: the shutdown a domain could ask for itself,
 * asked by the toolstack (xl shutdown, reboot).  Xen's order: the
 * argument, then the domain (-ESRCH), then the permission: only the
 * control domain may shut down another (Xen's XSM default, -EPERM).
 */
static long remote_shutdown(struct domain *caller, unsigned long arg)
{
    struct sched_remote_shutdown r;
    struct domain *d;

    if (copy_from_guest(&r, arg, sizeof(r)))
        return -XEN_EFAULT;
    d = r.domain_id == DOMID_SELF ? caller : domain_lookup(r.domain_id);
    if (!d)
        return -XEN_ESRCH;
    if (d != caller && !is_control_domain(caller))
        return -XEN_EPERM;
    if (r.reason > SHUTDOWN_MAX)
        return -XEN_EINVAL;
    domain_shutdown(d, r.reason);
    return 0;
}

long do_sched_op(const struct hc_args *args)
{
    int cmd = (int)args->a[0];
    unsigned long arg = args->a[1];
    struct vcpu *v = current_vcpu();
    struct domain *d = v->domain;
    unsigned int reason;
    long rc;

    switch (cmd) {
    case SCHEDOP_yield:
        sched_vcpu_yield(&v->sched);
        return 0;
    case SCHEDOP_block:
        return sched_block(v);
    case SCHEDOP_poll:
        return sched_poll(v, arg);
    case SCHEDOP_shutdown:
        rc = shutdown_reason(arg, &reason);
        if (rc)
            return rc;
        domain_shutdown(d, reason);
        return 0;
    case SCHEDOP_remote_shutdown:
        return remote_shutdown(d, arg);
    case SCHEDOP_shutdown_code:
        /* Recorded for a later shutdown that gives no reason (Xen's rule). */
        rc = shutdown_reason(arg, &reason);
        if (rc)
            return rc;
        d->shutdown_code = reason;
        return 0;
    default:
        return -XEN_ENOSYS;
    }
}
