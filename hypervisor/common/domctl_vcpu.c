/*
 * domctl sub-ops on a domain's vCPUs and its scheduling (Xen 4.17's
 * do_domctl cases and vcpu_affinity_domctl / sched_adjust):
 *
 *   max_vcpus         must equal createdomain's max_vcpus (Xen 4.17),
 *                     never the caller's own domain: -EINVAL
 *   setvcpucontext    a context for a vCPU without one (checked and
 *                     loaded as VCPUOP_initialise does); VGCF_online
 *                     brings it up, as in Xen; a NULL context resets the
 *                     vCPU (down, no context)
 *   getvcpucontext    the context back, from the vCPU paused
 *   getvcpuinfo       online, blocked, running, cpu_time, cpu
 *   set/getvcpuaffinity  hard affinity as a CPU bitmap; soft: reads as
 *                     every CPU, setting it is -EOPNOTSUPP; flags 0 is
 *                     -EINVAL, unknown flags are ignored (as Xen 4.17)
 *   scheduler_op      credit getinfo/putinfo (weight 0 / cap 0xFFFF:
 *                     unchanged, Xen's rule; cap above 100 per vCPU:
 *                     -EINVAL, credit2's); another scheduler id or
 *                     sub-op: -EINVAL
 * A vCPU id at or above max_vcpus is -EINVAL, a vCPU not created -ESRCH.
 */
#include <hv/arch.h>
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/domctl.h>
#include <hv/guest_access.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/sched.h>
#include <hv/vcpu.h>
#include <xen/errno.h>

/* Bytes of a CPU bitmap beyond ours that we zero on output, at most. */
#define BITMAP_ZERO_MAX     4096

static struct vcpu *domctl_vcpu(struct domain *d, uint32_t id, long *rc)
{
    if (id >= d->max_vcpus) {
        *rc = -XEN_EINVAL;
        return NULL;
    }
    if (!d->vcpu[id])
        *rc = -XEN_ESRCH;
    return d->vcpu[id];
}

/* Xen's vcpu_pause(): off its CPU before its saved state is read. */
static void vcpu_pause_sync(struct vcpu *v)
{
    sched_vcpu_pause(&v->sched);
    while (sched_vcpu_is_running(&v->sched))
        ;   /* an atomic read: its CPU clears it at the switch */
}

/* Our vCPUs exist from createdomain on: only the count is checked. */
long domctl_max_vcpus(struct domain *d, struct xen_domctl *op, bool *copyback)
{
    (void)copyback;
    if (d == current_vcpu()->domain || op->u.max_vcpus.max != d->max_vcpus)
        return -XEN_EINVAL;
    return 0;
}

/* Xen's vcpu_reset(): down and without a context, as created. */
static long vcpu_reset(struct vcpu *v)
{
    arch_vcpu_destroy(v);
    arch_vcpu_init(v);
    v->is_initialised = false;
    sched_vcpu_down(&v->sched);
    return 0;
}

long domctl_setvcpucontext(struct domain *d, struct xen_domctl *op,
                           bool *copyback)
{
    unsigned long ctxt = (unsigned long)op->u.vcpucontext.ctxt.p;
    uint32_t flags = 0;
    struct vcpu *v;
    long rc = 0;

    (void)copyback;
    /* Xen: all three are -EINVAL here. */
    if (d == current_vcpu()->domain ||
        !(v = domctl_vcpu(d, op->u.vcpucontext.vcpu, &rc)))
        return -XEN_EINVAL;
    domain_pause_sync(d);
    if (!ctxt)
        rc = vcpu_reset(v);
    else
        rc = vcpu_context_set(v, ctxt, &flags);
    if (!rc && ctxt) {
        if (flags & VGCF_online)
            sched_vcpu_up(&v->sched);
        else
            sched_vcpu_down(&v->sched);
    }
    domain_unpause(d);
    return rc;
}

long domctl_getvcpucontext(struct domain *d, struct xen_domctl *op,
                           bool *copyback)
{
    size_t size = sizeof(struct vcpu_guest_context);
    unsigned int order = get_order_from_bytes(size);
    struct vcpu *v;
    mfn_t mfn;
    long rc = 0;

    if (!(v = domctl_vcpu(d, op->u.vcpucontext.vcpu, &rc)))
        return rc;
    mfn = alloc_frames(order, NULL);
    if (mfn == INVALID_MFN)
        return -XEN_ENOMEM;
    if (v != current_vcpu())
        vcpu_pause_sync(v);
    arch_vcpu_context_save(v, mfn_to_virt(mfn));
    if (v != current_vcpu())
        sched_vcpu_unpause(&v->sched);
    if (copy_to_guest((unsigned long)op->u.vcpucontext.ctxt.p,
                      mfn_to_virt(mfn), size))
        rc = -XEN_EFAULT;
    free_frames(mfn, order);
    *copyback = true;
    return rc;
}

long domctl_getvcpuinfo(struct domain *d, struct xen_domctl *op,
                        bool *copyback)
{
    struct xen_domctl_getvcpuinfo *info = &op->u.getvcpuinfo;
    struct vcpu_runstate_info rs;
    struct vcpu *v;
    long rc = 0;

    if (!(v = domctl_vcpu(d, info->vcpu, &rc)))
        return rc;
    sched_vcpu_runstate(&v->sched, arch_sched_now(), &rs);
    info->online = !(v->sched.pause_flags & SCHED_PF_DOWN);
    info->blocked = !!(v->sched.pause_flags & SCHED_PF_BLOCKED);
    info->running = sched_vcpu_is_running(&v->sched);
    info->cpu_time = rs.time[RUNSTATE_running];
    info->cpu = v->sched.processor;
    *copyback = true;
    return 0;
}

/* One past the highest online CPU: the bits a CPU bitmap needs. */
static uint32_t cpu_bits(void)
{
    return 64 - (uint32_t)__builtin_clzll(sched_online_cpus());
}

/* Xen's xenctl_bitmap_to_bitmap, for our CPUs (at most 64). */
static int bitmap_from_guest(const struct xenctl_bitmap *b, uint64_t *mask)
{
    uint8_t bytes[8] = { 0 };
    uint32_t n = MIN((b->nr_bits + 7) / 8, (uint32_t)sizeof(bytes));

    if (n && copy_from_guest(bytes, (unsigned long)b->bitmap.p, n))
        return -XEN_EFAULT;
    *mask = bitmap_bytes_to_mask(bytes, b->nr_bits);
    return 0;
}

/* Xen's cpumask_to_xenctl_bitmap: our bits, then zeros to nr_bits. */
static int bitmap_to_guest(const struct xenctl_bitmap *b, uint64_t mask)
{
    uint8_t bytes[8];
    unsigned long dst = (unsigned long)b->bitmap.p;
    uint32_t guest = (b->nr_bits + 7) / 8;
    uint32_t ours = MIN(guest, (cpu_bits() + 7) / 8);
    static const uint8_t zeros[64];

    bitmap_mask_to_bytes(mask, bytes, cpu_bits());
    if (ours && copy_to_guest(dst, bytes, ours))
        return -XEN_EFAULT;
    guest = MIN(guest, BITMAP_ZERO_MAX);
    for (uint32_t at = ours; at < guest; at += sizeof(zeros))
        if (copy_to_guest(dst + at, zeros, MIN(guest - at,
                                               (uint32_t)sizeof(zeros))))
            return -XEN_EFAULT;
    return 0;
}

static long set_hard_affinity(struct vcpu *v, struct xenctl_bitmap *b)
{
    uint64_t mask;
    long rc = bitmap_from_guest(b, &mask);

    if (!rc)
        rc = sched_vcpu_set_affinity(&v->sched, mask);
    /* Xen reports what took effect: the new mask on online CPUs. */
    if (!rc)
        rc = bitmap_to_guest(b, v->sched.affinity & sched_online_cpus());
    return rc;
}

long domctl_vcpuaffinity(struct domain *d, struct xen_domctl *op,
                         bool *copyback)
{
    struct xen_domctl_vcpuaffinity *a = &op->u.vcpuaffinity;
    struct vcpu *v;
    long rc = 0;

    (void)copyback;
    if (!(v = domctl_vcpu(d, a->vcpu, &rc)))
        return rc;
    /* Xen 4.17 refuses no flags at all, and ignores unknown ones. */
    if (!a->flags)
        return -XEN_EINVAL;
    if (op->cmd == XEN_DOMCTL_setvcpuaffinity) {
        if (a->flags & XEN_VCPUAFFINITY_SOFT)
            return -XEN_EOPNOTSUPP;
        return set_hard_affinity(v, &a->cpumap_hard);
    }
    if (a->flags & XEN_VCPUAFFINITY_HARD)
        rc = bitmap_to_guest(&a->cpumap_hard, v->sched.affinity);
    if (!rc && (a->flags & XEN_VCPUAFFINITY_SOFT))
        rc = bitmap_to_guest(&a->cpumap_soft, SCHED_ALL_CPUS);
    return rc;
}

/* XEN_SCHEDULER_CREDIT is the one policy (sched_credit.c). */
long domctl_scheduler_op(struct domain *d, struct xen_domctl *op,
                         bool *copyback)
{
    struct xen_domctl_scheduler_op *s = &op->u.scheduler_op;
    struct sched_params p;

    *copyback = true;
    if (s->sched_id != XEN_SCHEDULER_CREDIT)
        return -XEN_EINVAL;
    sched_get_params(&d->sched, &p);
    switch (s->cmd) {
    case XEN_DOMCTL_SCHEDOP_getinfo:
        s->u.credit.weight = (uint16_t)p.weight;
        s->u.credit.cap = (uint16_t)p.cap;
        return 0;
    case XEN_DOMCTL_SCHEDOP_putinfo:
        return sched_credit_merge(&p, &s->u.credit, d->max_vcpus) ?:
               sched_adjust(&d->sched, &p);
    default:
        return -XEN_EINVAL;
    }
}
