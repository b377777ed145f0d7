/*
 * PROVISIONAL (xl's copy of the interface in the issue-6 plan, until the
 * builder branch commits its own; its version replaces this one).
 *
 * The thin hypercall layer dom0's tools use: domctl, sysctl and foreign
 * mappings.  All return 0 or a negative Xen errno unless said.
 */
#ifndef TOOLS_XC_H
#define TOOLS_XC_H

#include <hv/types.h>
#include <abi/xen.h>
#include <abi/ext.h>
#include <xen/domctl.h>
#include <xen/sysctl.h>

int xc_domain_create(uint32_t *domid, unsigned int max_vcpus);
int xc_domain_destroy(uint32_t domid);
int xc_domain_pause(uint32_t domid);
int xc_domain_unpause(uint32_t domid);
int xc_domain_shutdown(uint32_t domid, unsigned int reason);
int xc_domain_getinfo(uint32_t domid,
                      struct xen_domctl_getdomaininfo *out);
/* Returns how many domains from 'first' up were written to out. */
int xc_domain_getinfolist(uint32_t first, unsigned int max,
                          struct xen_domctl_getdomaininfo *out);
int xc_domain_max_mem(uint32_t domid, uint64_t kib);
int xc_vcpu_getinfo(uint32_t domid, unsigned int vcpu,
                    struct xen_domctl_getvcpuinfo *out);
int xc_vcpu_setaffinity(uint32_t domid, unsigned int vcpu, uint64_t cpumask);
int xc_vcpu_getaffinity(uint32_t domid, unsigned int vcpu,
                        uint64_t *cpumask);
int xc_sched_credit_get(uint32_t domid, unsigned int *weight,
                        unsigned int *cap);
int xc_sched_credit_set(uint32_t domid, unsigned int weight,
                        unsigned int cap);
int xc_physinfo(struct xen_sysctl_physinfo *out);
int xc_readconsole(char *buf, unsigned int *len, uint32_t *index,
                   bool clear);
int xc_domain_stats(uint32_t domid, struct xpv_domain_stats *out);
/* One page of domid's into dom0's address space, or NULL. */
void *xc_map_foreign(uint32_t domid, unsigned long mfn, bool writable);
void xc_unmap_foreign(void *va);
int xc_evtchn_alloc_unbound(uint32_t domid, uint32_t remote_domid,
                            uint32_t *port);

#endif /* TOOLS_XC_H */
