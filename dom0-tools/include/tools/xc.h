/*
 * The toolstack's hypercall layer (the part of Xen's libxc the tools
 * here need): thin wrappers over domctl, sysctl, sched_op, event
 * channels and foreign mappings, one call each, no policy.
 *
 * Dom0's kernel implements them (guest-pv/dom0/xc_*.c); the host unit
 * tests of the command layer provide fakes.  Every call returns 0 or a
 * negative Xen errno (xen/errno.h: -XEN_ESRCH for no such domain,
 * -XEN_EPERM when the caller is not the control domain, ...) unless its
 * comment says otherwise; outputs are written only on success.
 */
#ifndef TOOLS_XC_H
#define TOOLS_XC_H

#include <hv/types.h>
#include <abi/xen.h>
#include <abi/ext.h>
#include <xen/domctl.h>
#include <xen/sysctl.h>

/*
 * Creates an empty paused domain (Xen's createdomain with the defaults
 * of xl: 1023 event channels, grant table v1) with max_vcpus vCPUs
 * (XEN_DOMCTL_max_vcpus done too); *domid is the new id.
 */
int xc_domain_create(uint32_t *domid, unsigned int max_vcpus);

/* XEN_DOMCTL_destroydomain: all of its memory back to the free pool. */
int xc_domain_destroy(uint32_t domid);

/* XEN_DOMCTL_pausedomain / unpausedomain (pauses nest, as in Xen). */
int xc_domain_pause(uint32_t domid);
int xc_domain_unpause(uint32_t domid);

/* SCHEDOP_remote_shutdown with a SHUTDOWN_* reason. */
int xc_domain_shutdown(uint32_t domid, unsigned int reason);

/* XEN_DOMCTL_getdomaininfo of exactly domid (not the next one up). */
int xc_domain_getinfo(uint32_t domid, struct xen_domctl_getdomaininfo *out);

/*
 * XEN_SYSCTL_getdomaininfolist: up to max domains with id >= first, in
 * id order; returns how many were written (>= 0) or a negative errno.
 */
int xc_domain_getinfolist(uint32_t first, unsigned int max,
                          struct xen_domctl_getdomaininfo *out);

/* XEN_DOMCTL_max_mem, in KiB. */
int xc_domain_max_mem(uint32_t domid, uint64_t kib);

/* XEN_DOMCTL_getvcpuinfo. */
int xc_vcpu_getinfo(uint32_t domid, unsigned int vcpu,
                    struct xen_domctl_getvcpuinfo *out);

/* XEN_DOMCTL_setvcpuaffinity / getvcpuaffinity (hard affinity), as a
 * mask of the first 64 physical CPUs. */
int xc_vcpu_setaffinity(uint32_t domid, unsigned int vcpu, uint64_t cpumask);
int xc_vcpu_getaffinity(uint32_t domid, unsigned int vcpu, uint64_t *cpumask);

/* XEN_DOMCTL_scheduler_op for the credit scheduler: weight and cap. */
int xc_sched_credit_get(uint32_t domid, unsigned int *weight,
                        unsigned int *cap);
int xc_sched_credit_set(uint32_t domid, unsigned int weight,
                        unsigned int cap);

/* XEN_SYSCTL_physinfo (free_pages: what a new domain can still get). */
int xc_physinfo(struct xen_sysctl_physinfo *out);

/*
 * XEN_SYSCTL_readconsole (incremental): reads up to *len bytes of the
 * hypervisor's console ring from *index on; *len and *index are updated
 * to what was read and where to go on.  clear empties the ring.
 */
int xc_readconsole(char *buf, unsigned int *len, uint32_t *index, bool clear);

/* XEN_SYSCTL_xpv_domain_stats (abi/ext.h): the domain's counters. */
int xc_domain_stats(uint32_t domid, struct xpv_domain_stats *out);

/*
 * Maps machine frame mfn of domain domid (which must own it) at a page
 * of dom0's kernel address space; NULL when refused (not the owner, no
 * such domain, out of address space).  Pair with xc_unmap_foreign().
 */
void *xc_map_foreign(uint32_t domid, unsigned long mfn, bool writable);
void xc_unmap_foreign(void *va);

/*
 * EVTCHNOP_alloc_unbound in domain domid for remote_domid: *port is the
 * new port, in domid.
 */
int xc_evtchn_alloc_unbound(uint32_t domid, uint32_t remote_domid,
                            uint32_t *port);

/* ---- What the domain builder needs besides (tools/builder.h) ---- */

/*
 * Maps n frames of domid (mfns[0..n), which it must own) at n
 * consecutive pages of dom0's address space, in one mmu_update batch;
 * NULL when refused (*rc, if rc is not NULL, says why).  Pair with
 * xc_unmap_foreign_range(va, n).
 */
void *xc_map_foreign_range(uint32_t domid, const unsigned long *mfns,
                           unsigned long n, bool writable, int *rc);
void xc_unmap_foreign_range(void *va, unsigned long n);

/*
 * XENMEM_populate_physmap for domid: one frame for each pfn of
 * pfns[0..n), which becomes its mfn.  Returns how many were populated
 * (fewer than n when memory or the domain's max_mem ran out), or a
 * negative errno.
 */
long xc_domain_populate(uint32_t domid, unsigned long *pfns, unsigned long n);

/* MMUEXT_PIN_L<level>_TABLE of domid's frame mfn, on its behalf. */
int xc_pin_table(uint32_t domid, unsigned int level, unsigned long mfn);

/* XEN_DOMCTL_hypercall_init: the hypervisor writes its hypercall page
 * at domid's frame mfn. */
int xc_hypercall_page_init(uint32_t domid, unsigned long mfn);

/* XEN_DOMCTL_setvcpucontext. */
int xc_vcpu_setcontext(uint32_t domid, unsigned int vcpu,
                       struct vcpu_guest_context *ctxt);

#endif /* TOOLS_XC_H */
