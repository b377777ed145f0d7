/*
 * What the toolstack suites share (selftest_domctl*.c): domctl and
 * sysctl calls with the interface version filled in, and the few
 * toolstack steps the cases repeat (create a domain, give it memory,
 * destroy it, read free memory).
 */
#ifndef GUEST_SELFTEST_DOMCTL_H
#define GUEST_SELFTEST_DOMCTL_H

#include <abi/guest_hypercall.h>
#include <guest/selftest.h>

/* A domain id no hypervisor has in use in these tests. */
#define DOMCTL_NO_DOMID     0x7000

/* An id createdomain is asked for (below DOMID_FIRST_RESERVED). */
#define DOMCTL_ASKED_DOMID  0x7fe0

/* vCPUs and memory of the test domains. */
#define DOMCTL_VCPUS        2
#define DOMCTL_MAX_KB       64              /* 16 pages */

/* domctl 'cmd' on 'domid' with the fields of 'op' the caller filled. */
long domctl(uint32_t cmd, domid_t domid, struct xen_domctl *op);

/* sysctl 'cmd' with the fields of 'op' the caller filled. */
long sysctl(uint32_t cmd, struct xen_sysctl *op);

/*
 * createdomain with Xen 4.17's defaults for a PV domain of
 * DOMCTL_VCPUS vCPUs (grant version 1, default grant limits), then
 * max_vcpus and max_mem DOMCTL_MAX_KB.  Returns the new id or a
 * negative errno (a failed case reports why through t).
 */
long domctl_create(struct test *t);

/* destroydomain; fails t when refused. */
void domctl_destroy(struct test *t, domid_t domid);

/* physinfo's free_pages (-errno on failure). */
long domctl_free_pages(void);

/*
 * populate_physmap of 'n' pages for 'domid' at pfns 0..n-1; their
 * mfns in mfns[]; returns the pages done (memory_op's result).
 */
long domctl_populate(domid_t domid, xen_pfn_t *mfns, unsigned int n);

/* getdomaininfo of 'domid' into *info; the domctl's result. */
long domctl_info(domid_t domid, struct xen_domctl_getdomaininfo *info);

#endif /* GUEST_SELFTEST_DOMCTL_H */
