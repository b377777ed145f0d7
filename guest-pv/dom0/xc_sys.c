/*
 * tools/xc.h in dom0: the host-wide sysctls (physinfo, the hypervisor's
 * console ring, per-domain counters).
 */
#include <abi/guest_hypercall.h>
#include <xen/errno.h>
#include "xc_call.h"

int xc_physinfo(struct xen_sysctl_physinfo *out)
{
    struct xen_sysctl op = { 0 };
    int rc = xc_sysctl(XEN_SYSCTL_physinfo, &op);

    if (!rc)
        *out = op.u.physinfo;
    return rc;
}

int xc_readconsole(char *buf, unsigned int *len, uint32_t *index, bool clear)
{
    struct xen_sysctl op = { 0 };
    int rc;

    op.u.readconsole.incremental = 1;
    op.u.readconsole.index = *index;
    op.u.readconsole.clear = clear;
    op.u.readconsole.count = *len;
    set_xen_guest_handle(op.u.readconsole.buffer, buf);
    rc = xc_sysctl(XEN_SYSCTL_readconsole, &op);
    if (rc)
        return rc;
    *len = op.u.readconsole.count;
    *index = op.u.readconsole.index;
    return 0;
}

int xc_domain_stats(uint32_t domid, struct xpv_domain_stats *out)
{
    struct xen_sysctl op = { 0 };
    struct xen_sysctl_xpv_domain_stats *s = (void *)&op.u;

    s->domain = (domid_t)domid;
    s->buffer = (uint64_t)(unsigned long)out;
    return xc_sysctl(XEN_SYSCTL_xpv_domain_stats, &op);
}
