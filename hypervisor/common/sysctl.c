/*
 * sysctl(op): the toolstack's machine-wide operations (Xen 4.17's
 * do_sysctl), for the control domain only.  Checks in domctl's order:
 * copy in (-EFAULT), interface_version (-EACCES), control domain
 * (-EPERM), then the sub-op (-ENOSYS when unknown).  The struct is
 * copied back on success.
 *
 *   readconsole        the hypervisor's log ring (printk.c), Xen's
 *                      read_console_ring: from the oldest byte not
 *                      cleared, or from 'index' when 'incremental' and
 *                      index lies in the unread part; 'clear' marks all
 *                      read; returns the bytes copied and the end index
 *   physinfo           CPUs, TSC kHz, total / free / max frames
 *   sched_id           XEN_SCHEDULER_CREDIT
 *   getdomaininfolist  getdomaininfo for the live domains from
 *                      first_domain up, in id order, max_domains of them
 *   xpv_domain_stats   (ours, abi/ext.h) a domain's counters
 */
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/domctl.h>
#include <hv/domain_stats.h>
#include <hv/event.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/printk.h>
#include <hv/sched.h>
#include <hv/time.h>
#include <abi/ext.h>
#include <xen/errno.h>

/* Xen's conringc after a clear: bytes before it are read. */
static size_t console_cleared;

/* Is Xen's 32-bit 'index' in (c, p], the part not read yet? */
static bool index_unread(uint32_t index, uint32_t c, uint32_t p)
{
    return c <= p ? c < index && index <= p : c < index || index <= p;
}

static long sysctl_readconsole(struct xen_sysctl_readconsole *r)
{
    size_t p = log_ring_end(), c = console_cleared, sofar = 0;
    unsigned long dst = (unsigned long)r->buffer.p;
    char chunk[256];

    /* Bytes the ring no longer holds are skipped (Xen moves c). */
    log_ring_read(&c, chunk, 0);
    if (r->incremental && index_unread(r->index, (uint32_t)c, (uint32_t)p))
        c += (uint32_t)(r->index - (uint32_t)c);
    while (c < p && sofar < r->count) {
        size_t n = log_ring_read(&c, chunk, MIN(sizeof(chunk),
                                                r->count - sofar));

        if (!n)
            break;
        if (copy_to_guest(dst + sofar, chunk, n))
            return -XEN_EFAULT;
        sofar += n;
        c += n;
    }
    if (r->clear)
        console_cleared = p;
    r->count = (uint32_t)sofar;
    r->index = (uint32_t)c;
    return 0;
}

static long sysctl_physinfo(struct xen_sysctl_physinfo *pi)
{
    sched_cpumask_t online = sched_online_cpus();
    uint32_t nr = 0;

    for (sched_cpumask_t m = online; m; m &= m - 1)
        nr++;

    memset(pi, 0, sizeof(*pi));
    pi->threads_per_core = 1;
    pi->cores_per_socket = nr;
    pi->nr_cpus = nr;
    pi->max_cpu_id = 63 - (uint32_t)__builtin_clzll(online);
    pi->nr_nodes = 1;
    pi->cpu_khz = (uint32_t)(time_tsc_hz() / 1000);
    pi->capabilities = XEN_SYSCTL_PHYSCAP_pv;
    pi->total_pages = total_frame_count();
    pi->free_pages = free_frame_count();
    pi->max_mfn = max_mfn - 1;
    return 0;
}

/* The live domain with the lowest id at or above 'from', or NULL. */
static struct domain *domain_from(unsigned int from)
{
    struct domain *d, *best = NULL;

    for (unsigned int i = 0; (d = domain_list_at(i)); i++)
        if (d->domain_id >= from &&
            (!best || d->domain_id < best->domain_id))
            best = d;
    return best;
}

static long sysctl_getdomaininfolist(struct xen_sysctl_getdomaininfolist *l)
{
    unsigned long dst = (unsigned long)l->buffer.p;
    struct xen_domctl_getdomaininfo info;
    unsigned int next = l->first_domain;
    uint32_t n = 0;
    struct domain *d;

    while (n < l->max_domains && (d = domain_from(next))) {
        domain_get_info(d, &info);
        if (copy_to_guest(dst + n * sizeof(info), &info, sizeof(info)))
            return -XEN_EFAULT;
        n++;
        next = d->domain_id + 1u;
    }
    l->num_domains = n;
    return 0;
}

/* The struct sits in the union's padding, which Xen keeps at 128. */
_Static_assert(sizeof(struct xen_sysctl_xpv_domain_stats) <=
               sizeof(((struct xen_sysctl *)0)->u.pad),
               "xpv_domain_stats must fit struct xen_sysctl's union");

static long sysctl_domain_stats(const void *u)
{
    const struct xen_sysctl_xpv_domain_stats *s = u;
    const struct domain *d = domain_lookup(s->domain);

    return d ? domain_stats_copy_out(d, s->buffer) : -XEN_ESRCH;
}

static long sysctl_dispatch(struct xen_sysctl *op)
{
    switch (op->cmd) {
    case XEN_SYSCTL_readconsole:
        return sysctl_readconsole(&op->u.readconsole);
    case XEN_SYSCTL_physinfo:
        return sysctl_physinfo(&op->u.physinfo);
    case XEN_SYSCTL_sched_id:
        op->u.sched_id.sched_id = XEN_SCHEDULER_CREDIT;
        return 0;
    case XEN_SYSCTL_getdomaininfolist:
        return sysctl_getdomaininfolist(&op->u.getdomaininfolist);
    case XEN_SYSCTL_xpv_domain_stats:
        return sysctl_domain_stats(op->u.pad);
    default:
        return -XEN_ENOSYS;
    }
}

long do_sysctl(const struct hc_args *args)
{
    unsigned long uop = args->a[0];
    struct xen_sysctl op;
    long rc;

    if (copy_from_guest(&op, uop, sizeof(op)))
        return -XEN_EFAULT;
    if (op.interface_version != XEN_SYSCTL_INTERFACE_VERSION)
        return -XEN_EACCES;
    if (!is_control_domain(current_vcpu()->domain))
        return -XEN_EPERM;
    /* Dead domains nothing maps any more go first: free_pages is exact. */
    domain_reap_zombies();
    rc = sysctl_dispatch(&op);
    if (!rc && copy_to_guest(uop, &op, sizeof(op)))
        rc = -XEN_EFAULT;
    return rc;
}
