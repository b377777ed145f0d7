/*
 * sched_op(cmd, arg): the scheduling operations a guest may ask for.
 *
 * One vCPU runs per machine until the scheduler arrives (events and
 * scheduling come next on the roadmap): yield returns at once, and the
 * sub-ops that wait for events (block, poll) are not offered yet.
 */
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <xen/errno.h>
#include <xen/sched.h>

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

long do_sched_op(const struct hc_args *args)
{
    int cmd = (int)args->a[0];
    unsigned long arg = args->a[1];
    struct domain *d = current_vcpu()->domain;
    unsigned int reason;
    long rc;

    switch (cmd) {
    case SCHEDOP_yield:
        return 0;
    case SCHEDOP_shutdown:
        rc = shutdown_reason(arg, &reason);
        if (rc)
            return rc;
        domain_shutdown(d, reason);
        return 0;
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
