/*
 * domctl(op): the toolstack's per-domain operations (Xen 4.17's
 * do_domctl), for the control domain only.
 *
 * Order of checks, as Xen's except where noted:
 *   1. the whole struct xen_domctl is copied in once (-EFAULT);
 *   2. interface_version must be XEN_DOMCTL_INTERFACE_VERSION (-EACCES);
 *   3. the caller must be the control domain (-EPERM) - Xen looks the
 *      domain up first (-ESRCH), we refuse before reading anything else,
 *      so another domain learns nothing about which ids exist;
 *   4. the domain op->domain names must exist (-ESRCH), except for
 *      createdomain;
 *   5. an unknown cmd is -ENOSYS;
 *   6. the handler; where Xen copies the struct back it does so whatever
 *      the result (-EFAULT if that fails).
 * A handler returning -XEN_ERESTART (destroydomain of a large domain)
 * becomes a continuation: the caller re-issues the same domctl.
 *
 * This file: the domain-level sub-ops.  vCPUs and the scheduler are in
 * domctl_vcpu.c, argument rules in domctl_check.c, hypercall_init (the
 * domain builder's hypercall page) in arch/x86/pv/hypercall_page.c.
 */
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/domctl.h>
#include <hv/event.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/printk.h>
#include <xen/errno.h>

static bool domid_is_free(domid_t id)
{
    return !domain_lookup(id);
}

/*
 * An empty PV domain: shared_info and vCPU structures (down, without a
 * context), no memory (max_pages 0), paused once by the controller
 * (Xen: the toolstack unpauses it when it has built it).
 */
static long domctl_createdomain(struct domain *unused, struct xen_domctl *op,
                                bool *copyback)
{
    static domid_t rover;
    struct xen_domctl_createdomain *c = &op->u.createdomain;
    struct domain *d;
    long id;
    int rc;

    (void)unused;
    rc = domctl_createdomain_check(c, MAX_VIRT_CPUS_PER_DOMAIN);
    if (rc)
        return rc;
    id = domid_choose(op->domain, &rover, domid_is_free);
    if (id < 0)
        return id;
    d = domain_create((domid_t)id, false, c->max_vcpus);
    if (!d)
        return -XEN_ENOMEM;
    d->ssidref = c->ssidref;
    memcpy(d->handle, c->handle, sizeof(d->handle));
    d->controller_pause_count = 1;
    domain_pause_sync(d);
    printk("domain %u created by the toolstack: %u vCPUs\n", d->domain_id,
           d->max_vcpus);
    op->domain = d->domain_id;
    *copyback = true;
    return 0;
}

/* Xen's domain_kill: the caller cannot destroy itself (-EINVAL). */
static long domctl_destroydomain(struct domain *d, struct xen_domctl *op,
                                 bool *copyback)
{
    (void)op;
    (void)copyback;
    if (d == current_vcpu()->domain || d == hardware_domain)
        return -XEN_EINVAL;
    return domain_kill(d, true);
}

static long domctl_pausedomain(struct domain *d, struct xen_domctl *op,
                               bool *copyback)
{
    (void)op;
    (void)copyback;
    /* Xen: no waiting for oneself to stop. */
    if (d == current_vcpu()->domain)
        return -XEN_EINVAL;
    return domain_controller_pause(d);
}

static long domctl_unpausedomain(struct domain *d, struct xen_domctl *op,
                                 bool *copyback)
{
    (void)op;
    (void)copyback;
    return domain_controller_unpause(d);
}

static long domctl_getdomaininfo(struct domain *d, struct xen_domctl *op,
                                 bool *copyback)
{
    domain_get_info(d, &op->u.getdomaininfo);
    op->domain = op->u.getdomaininfo.domain;
    *copyback = true;
    return 0;
}

/*
 * Xen allows a limit below tot_pages: the domain then gets no new
 * memory until it is back under it ("ratchet down").
 */
static long domctl_max_mem(struct domain *d, struct xen_domctl *op,
                           bool *copyback)
{
    (void)copyback;
    d->max_pages = op->u.max_mem.max_memkb >> (PAGE_SHIFT - 10);
    return 0;
}

static long domctl_setdomainhandle(struct domain *d, struct xen_domctl *op,
                                   bool *copyback)
{
    (void)copyback;
    memcpy(d->handle, op->u.setdomainhandle.handle, sizeof(d->handle));
    return 0;
}

struct domctl_entry {
    domctl_fn_t *fn;
    bool no_domain;             /* createdomain: op->domain names none */
};

static const struct domctl_entry domctl_table[] = {
    [XEN_DOMCTL_createdomain] = { domctl_createdomain, true },
    [XEN_DOMCTL_destroydomain] = { domctl_destroydomain, false },
    [XEN_DOMCTL_pausedomain] = { domctl_pausedomain, false },
    [XEN_DOMCTL_unpausedomain] = { domctl_unpausedomain, false },
    [XEN_DOMCTL_getdomaininfo] = { domctl_getdomaininfo, false },
    [XEN_DOMCTL_setvcpuaffinity] = { domctl_vcpuaffinity, false },
    [XEN_DOMCTL_max_mem] = { domctl_max_mem, false },
    [XEN_DOMCTL_setvcpucontext] = { domctl_setvcpucontext, false },
    [XEN_DOMCTL_getvcpucontext] = { domctl_getvcpucontext, false },
    [XEN_DOMCTL_getvcpuinfo] = { domctl_getvcpuinfo, false },
    [XEN_DOMCTL_max_vcpus] = { domctl_max_vcpus, false },
    [XEN_DOMCTL_scheduler_op] = { domctl_scheduler_op, false },
    [XEN_DOMCTL_setdomainhandle] = { domctl_setdomainhandle, false },
    [XEN_DOMCTL_getvcpuaffinity] = { domctl_vcpuaffinity, false },
    [XEN_DOMCTL_hypercall_init] = { domctl_hypercall_init, false },
};

static const struct domctl_entry *domctl_lookup(uint32_t cmd)
{
    if (cmd >= ARRAY_SIZE(domctl_table) || !domctl_table[cmd].fn)
        return NULL;
    return &domctl_table[cmd];
}

long do_domctl(const struct hc_args *args)
{
    unsigned long uop = args->a[0];
    const struct domctl_entry *e;
    struct xen_domctl op;
    struct domain *d = NULL;
    bool copyback = false;
    long rc;

    if (copy_from_guest(&op, uop, sizeof(op)))
        return -XEN_EFAULT;
    if (op.interface_version != XEN_DOMCTL_INTERFACE_VERSION)
        return -XEN_EACCES;
    if (!is_control_domain(current_vcpu()->domain))
        return -XEN_EPERM;
    domain_reap_zombies();
    e = domctl_lookup(op.cmd);
    if (!(e && e->no_domain) && !(d = domain_lookup(op.domain)))
        return -XEN_ESRCH;
    if (!e)
        return -XEN_ENOSYS;
    rc = e->fn(d, &op, &copyback);
    if (rc == -XEN_ERESTART)
        return hypercall_create_continuation(__HYPERVISOR_domctl, 1, uop);
    if (copyback && copy_to_guest(uop, &op, sizeof(op)))
        rc = -XEN_EFAULT;
    return rc;
}
