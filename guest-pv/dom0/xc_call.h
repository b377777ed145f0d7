/*
 * The calls every xc_* wrapper of dom0 goes through (xc_domain.c):
 * domctl and sysctl with Xen 4.17's interface versions filled in; and
 * the scheduler op of any scheduler.  The domctl self-test uses them too.
 */
#ifndef GUEST_DOM0_XC_CALL_H
#define GUEST_DOM0_XC_CALL_H

#include <tools/xc.h>

/* op->cmd, interface_version and domain are set here; Xen's result. */
int xc_domctl(uint32_t cmd, uint32_t domid, struct xen_domctl *op);
int xc_sysctl(uint32_t cmd, struct xen_sysctl *op);

/*
 * XEN_DOMCTL_scheduler_op for scheduler sched_id (the self-test asks
 * for others too); *p in, and out whatever the result.
 */
int xc_scheduler_op(uint32_t domid, uint32_t sched_id, uint32_t cmd,
                    struct xen_domctl_sched_credit *p);

#endif /* GUEST_DOM0_XC_CALL_H */
