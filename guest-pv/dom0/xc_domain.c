/*
 * tools/xc.h in dom0: the domain calls (create, destroy, pause, info,
 * limits) and the domctl/sysctl entry every wrapper shares.
 */
#include <abi/guest_hypercall.h>
#include <xen/errno.h>
#include <guest/lib.h>
#include "xc_call.h"

/* xl's defaults for a PV domain (libxl_create.c). */
#define DEFAULT_MAX_EVTCHN  1023

int xc_domctl(uint32_t cmd, uint32_t domid, struct xen_domctl *op)
{
    op->cmd = cmd;
    op->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    op->domain = (domid_t)domid;
    return (int)HYPERVISOR_domctl(op);
}

int xc_sysctl(uint32_t cmd, struct xen_sysctl *op)
{
    op->cmd = cmd;
    op->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    return (int)HYPERVISOR_sysctl(op);
}

static int simple_domctl(uint32_t cmd, uint32_t domid)
{
    struct xen_domctl op = { 0 };

    return xc_domctl(cmd, domid, &op);
}

int xc_domain_create(uint32_t *domid, unsigned int max_vcpus)
{
    struct xen_domctl op = { 0 };
    struct xen_domctl_createdomain *c = &op.u.createdomain;
    int rc;

    c->max_vcpus = max_vcpus;
    c->max_evtchn_port = DEFAULT_MAX_EVTCHN;
    c->max_grant_frames = -1;
    c->max_maptrack_frames = -1;
    c->grant_opts = XEN_DOMCTL_GRANT_version(1);
    rc = xc_domctl(XEN_DOMCTL_createdomain, 0, &op);
    if (rc)
        return rc;
    *domid = op.domain;
    memset(&op, 0, sizeof(op));
    op.u.max_vcpus.max = max_vcpus;
    rc = xc_domctl(XEN_DOMCTL_max_vcpus, *domid, &op);
    if (rc)
        xc_domain_destroy(*domid);
    return rc;
}

int xc_domain_destroy(uint32_t domid)
{
    return simple_domctl(XEN_DOMCTL_destroydomain, domid);
}

int xc_domain_pause(uint32_t domid)
{
    return simple_domctl(XEN_DOMCTL_pausedomain, domid);
}

int xc_domain_unpause(uint32_t domid)
{
    return simple_domctl(XEN_DOMCTL_unpausedomain, domid);
}

int xc_domain_shutdown(uint32_t domid, unsigned int reason)
{
    struct sched_remote_shutdown r = { .domain_id = (domid_t)domid,
                                       .reason = reason };

    return (int)HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &r);
}

int xc_domain_getinfo(uint32_t domid, struct xen_domctl_getdomaininfo *out)
{
    struct xen_domctl op = { 0 };
    int rc = xc_domctl(XEN_DOMCTL_getdomaininfo, domid, &op);

    if (rc)
        return rc;
    /* Some Xens answer with the next domain up: not the one asked. */
    if (op.u.getdomaininfo.domain != domid)
        return -XEN_ESRCH;
    *out = op.u.getdomaininfo;
    return 0;
}

int xc_domain_getinfolist(uint32_t first, unsigned int max,
                          struct xen_domctl_getdomaininfo *out)
{
    struct xen_sysctl op = { 0 };
    int rc;

    op.u.getdomaininfolist.first_domain = (domid_t)first;
    op.u.getdomaininfolist.max_domains = max;
    set_xen_guest_handle(op.u.getdomaininfolist.buffer, out);
    rc = xc_sysctl(XEN_SYSCTL_getdomaininfolist, &op);
    return rc ? rc : (int)op.u.getdomaininfolist.num_domains;
}

int xc_domain_max_mem(uint32_t domid, uint64_t kib)
{
    struct xen_domctl op = { 0 };

    op.u.max_mem.max_memkb = kib;
    return xc_domctl(XEN_DOMCTL_max_mem, domid, &op);
}
