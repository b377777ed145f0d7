/*
 * The two calls every xc_* wrapper of dom0 goes through (xc_call.c):
 * domctl and sysctl with Xen 4.17's interface versions filled in.
 */
#ifndef GUEST_DOM0_XC_CALL_H
#define GUEST_DOM0_XC_CALL_H

#include <tools/xc.h>

/* op->cmd, interface_version and domain are set here; Xen's result. */
int xc_domctl(uint32_t cmd, uint32_t domid, struct xen_domctl *op);
int xc_sysctl(uint32_t cmd, struct xen_sysctl *op);

#endif /* GUEST_DOM0_XC_CALL_H */
