/*
 * The toolstack's hypercalls, domctl and sysctl (Xen 4.17's
 * xen/domctl.h and xen/sysctl.h, interface version 0x15 each): the
 * handlers' common shape, and the argument rules that need no domain
 * state (common/domctl_check.c, unit-tested on the host).
 */
#ifndef HV_DOMCTL_H
#define HV_DOMCTL_H

#include <hv/types.h>
#include <abi/xen.h>
#include <xen/domctl.h>
#include <xen/sysctl.h>

struct domain;
struct sched_params;

/*
 * One domctl sub-op.  'd' is the domain op->domain names (NULL for
 * createdomain).  Sets *copyback when Xen copies the whole op back to
 * the caller, which it then does whatever the result.  Returns 0, a
 * negative errno, or -XEN_ERESTART for a continuation.
 */
typedef long domctl_fn_t(struct domain *d, struct xen_domctl *op,
                         bool *copyback);

/* The vCPU and scheduler sub-ops (domctl_vcpu.c). */
domctl_fn_t domctl_max_vcpus;
domctl_fn_t domctl_setvcpucontext;
domctl_fn_t domctl_getvcpucontext;
domctl_fn_t domctl_getvcpuinfo;
domctl_fn_t domctl_vcpuaffinity;
domctl_fn_t domctl_scheduler_op;

/* XEN_DOMCTL_hypercall_init (arch/x86/pv/hypercall_page.c). */
domctl_fn_t domctl_hypercall_init;

/* Xen's getdomaininfo(): the fields of one domain (domain_info.c). */
void domain_get_info(struct domain *d, struct xen_domctl_getdomaininfo *info);

/* ---- Argument rules (domctl_check.c) ---- */

/*
 * Xen's sanitise_domain_config for what we can build: a PV domain
 * (no XEN_DOMCTL_CDF_hvm, hap, iommu, nested_virt or vpmu, no vmtrace),
 * 1..max_vcpus vCPUs, grant version 1 or 2, grant frame limits Xen
 * accepts (< 0: the default), no x86 emulation or MSR flags, CPU pool 0.
 * Returns 0, -XEN_EINVAL, or -XEN_ENOENT for another CPU pool.
 */
int domctl_createdomain_check(const struct xen_domctl_createdomain *c,
                              unsigned int max_vcpus);

/*
 * Xen's domain-id choice for createdomain: a 'requested' id in
 * 1..DOMID_FIRST_RESERVED-1 is taken as it is (-XEN_EEXIST when in use);
 * any other asks for the next free id after *rover, wrapping to 1, which
 * then becomes the rover.  'is_free' says whether an id is unused.
 * Returns the id, or -XEN_EEXIST / -XEN_ENOMEM (no id free).
 */
long domid_choose(domid_t requested, domid_t *rover,
                  bool (*is_free)(domid_t id));

/*
 * XEN_DOMCTL_SCHEDOP_putinfo for the credit scheduler, merged into the
 * current parameters as Xen's credit scheduler does: weight 0 and cap
 * 0xFFFF mean "keep".  A cap above 100 per vCPU (of 'nr_vcpus') is
 * -XEN_EINVAL, as Xen 4.17's default scheduler (credit2) and libxl
 * refuse it; nothing changes then.
 */
int sched_credit_merge(struct sched_params *cur,
                       const struct xen_domctl_sched_credit *in,
                       unsigned int nr_vcpus);

/*
 * Bitmaps as Xen's xenctl_bitmap carries them (LSB of byte 0 = CPU 0).
 * 'nr_bits' bits of 'bytes' into a mask of 64: bits beyond nr_bits are
 * ignored, as are CPUs beyond 63.  And back: 'nr_bits' bits of 'mask'
 * into 'bytes' ((nr_bits + 7) / 8 of them), the rest of them zero.
 */
uint64_t bitmap_bytes_to_mask(const uint8_t *bytes, uint32_t nr_bits);
void bitmap_mask_to_bytes(uint64_t mask, uint8_t *bytes, uint32_t nr_bits);

#endif /* HV_DOMCTL_H */
