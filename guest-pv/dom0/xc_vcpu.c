/*
 * tools/xc.h in dom0: vCPUs and the credit scheduler's parameters.
 */
#include <abi/guest_hypercall.h>
#include <xen/errno.h>
#include "xc_call.h"

int xc_vcpu_getinfo(uint32_t domid, unsigned int vcpu,
                    struct xen_domctl_getvcpuinfo *out)
{
    struct xen_domctl op = { 0 };
    int rc;

    op.u.getvcpuinfo.vcpu = vcpu;
    rc = xc_domctl(XEN_DOMCTL_getvcpuinfo, domid, &op);
    if (!rc)
        *out = op.u.getvcpuinfo;
    return rc;
}

/* Hard affinity as Xen's xenctl_bitmap: bytes, LSB of byte 0 = CPU 0. */
static int affinity(uint32_t cmd, uint32_t domid, unsigned int vcpu,
                    uint8_t bytes[8])
{
    struct xen_domctl op = { 0 };

    op.u.vcpuaffinity.vcpu = vcpu;
    op.u.vcpuaffinity.flags = XEN_VCPUAFFINITY_HARD;
    set_xen_guest_handle(op.u.vcpuaffinity.cpumap_hard.bitmap, bytes);
    op.u.vcpuaffinity.cpumap_hard.nr_bits = 64;
    return xc_domctl(cmd, domid, &op);
}

int xc_vcpu_setaffinity(uint32_t domid, unsigned int vcpu, uint64_t cpumask)
{
    uint8_t bytes[8];

    for (unsigned int i = 0; i < 8; i++)
        bytes[i] = (uint8_t)(cpumask >> (8 * i));
    return affinity(XEN_DOMCTL_setvcpuaffinity, domid, vcpu, bytes);
}

int xc_vcpu_getaffinity(uint32_t domid, unsigned int vcpu, uint64_t *cpumask)
{
    uint8_t bytes[8] = { 0 };
    int rc = affinity(XEN_DOMCTL_getvcpuaffinity, domid, vcpu, bytes);

    if (rc)
        return rc;
    *cpumask = 0;
    for (unsigned int i = 0; i < 8; i++)
        *cpumask |= (uint64_t)bytes[i] << (8 * i);
    return 0;
}

int xc_scheduler_op(uint32_t domid, uint32_t sched_id, uint32_t cmd,
                    struct xen_domctl_sched_credit *p)
{
    struct xen_domctl op = { 0 };
    int rc;

    op.u.scheduler_op.sched_id = sched_id;
    op.u.scheduler_op.cmd = cmd;
    op.u.scheduler_op.u.credit = *p;
    rc = xc_domctl(XEN_DOMCTL_scheduler_op, domid, &op);
    *p = op.u.scheduler_op.u.credit;
    return rc;
}

static int credit_op(uint32_t domid, uint32_t cmd,
                     struct xen_domctl_sched_credit *p)
{
    return xc_scheduler_op(domid, XEN_SCHEDULER_CREDIT, cmd, p);
}

int xc_sched_credit_get(uint32_t domid, unsigned int *weight,
                        unsigned int *cap)
{
    struct xen_domctl_sched_credit p = { 0 };
    int rc = credit_op(domid, XEN_DOMCTL_SCHEDOP_getinfo, &p);

    if (rc)
        return rc;
    *weight = p.weight;
    *cap = p.cap;
    return 0;
}

int xc_sched_credit_set(uint32_t domid, unsigned int weight,
                        unsigned int cap)
{
    struct xen_domctl_sched_credit p = { .weight = weight, .cap = cap };

    /* Both travel in 16 bits: a larger value would be cut, not refused. */
    if (weight > 0xffff || cap > 0xffff)
        return -XEN_EINVAL;
    return credit_op(domid, XEN_DOMCTL_SCHEDOP_putinfo, &p);
}

int xc_vcpu_setcontext(uint32_t domid, unsigned int vcpu,
                       struct vcpu_guest_context *ctxt)
{
    struct xen_domctl op = { 0 };

    op.u.vcpucontext.vcpu = vcpu;
    set_xen_guest_handle(op.u.vcpucontext.ctxt, ctxt);
    return xc_domctl(XEN_DOMCTL_setvcpucontext, domid, &op);
}
