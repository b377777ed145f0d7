/*
 * Per-domain counters (issue 5): hypercalls by number, emulated
 * instructions by kind, exceptions bounced by vector, events sent and
 * upcalls delivered.  The layout is the ABI's (struct xpv_domain_stats,
 * abi/ext.h), so a copy-out is a snapshot.
 *
 * Counters are bumped with relaxed atomic adds: several vCPUs of one
 * domain count at once, and no reader needs an ordering.  They only grow.
 */
#ifndef HV_DOMAIN_STATS_H
#define HV_DOMAIN_STATS_H

#include <hv/types.h>
#include <abi/ext.h>

struct domain;

/*
 * The counting functions are inline (they sit on the hypercall and
 * exception paths) and need the whole struct domain: defined after it,
 * at the end of hv/domain.h.
 */
static inline void stats_bump(uint64_t *counter)
{
    __atomic_fetch_add(counter, 1, __ATOMIC_RELAXED);
}

/*
 * Copies d's counters to guest address 'buf' (a struct
 * xpv_domain_stats).  Returns 0 or -XEN_EFAULT.  Reusable for any
 * caller naming a domain (a toolstack sysctl); access checks are the
 * caller's.
 */
long domain_stats_copy_out(const struct domain *d, unsigned long buf);

/* Prints d's non-zero counters as one compact block in the log. */
void domain_stats_log(const struct domain *d);

#endif /* HV_DOMAIN_STATS_H */
