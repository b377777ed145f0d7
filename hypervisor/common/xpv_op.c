/*
 * Our hypercalls (abi/ext.h): xpv_op's sub-ops and xpv_event_mask.
 */
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/domain_stats.h>
#include <hv/hypercall.h>
#include <hv/page_type.h>
#include <abi/ext.h>
#include <xen/errno.h>

/* xpv_op(cmd, arg) */
long do_xpv_op(const struct hc_args *args)
{
    unsigned long cmd = args->a[0];
    struct domain *d = current_vcpu()->domain;

    switch (cmd) {
    case XPVOP_mm_audit:
        return mm_audit_domain(d);
    case XPVOP_domain_stats:
        return domain_stats_copy_out(d, args->a[1]);
    default:
        return -XEN_EINVAL;
    }
}

/*
 * xpv_event_mask(mask): the hypercall form of cli (1) / sti (0).  An
 * upcall owed after unmasking goes out on the return to the guest, as
 * after every hypercall (pv_return_to_guest).
 */
long do_xpv_event_mask(const struct hc_args *args)
{
    vcpu_info_t *vi = current_vcpu()->vcpu_info;
    unsigned long mask = args->a[0];
    uint8_t old;

    if (mask > 1)
        return -XEN_EINVAL;
    old = vi->evtchn_upcall_mask;
    vi->evtchn_upcall_mask = (uint8_t)mask;
    return old ? 1 : 0;
}
