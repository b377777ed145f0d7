/*
 * vCPU contexts for VCPUOP_initialise: the arch hooks common/vcpu.c
 * calls (x86 PV: arch/x86/pv/vcpu_context.c and pv/domain.c).
 */
#ifndef HV_VCPU_H
#define HV_VCPU_H

#include <hv/types.h>
#include <abi/xen.h>

struct vcpu;

/*
 * Checks every field of a guest's vcpu_guest_context against Xen's rules
 * (and ours where a feature is missing), looking at no domain state.
 * Returns 0, -XEN_EINVAL or -XEN_EOPNOTSUPP.
 */
int arch_vcpu_context_check(const struct vcpu_guest_context *c);

/*
 * Takes what the context names (page-table base pointers, which must be
 * the domain's and validate) and installs it in v.  On failure (the
 * validation's error, -XEN_EINVAL) v is unchanged.
 * @pre arch_vcpu_context_check(c) == 0; v down and not initialised.
 */
int arch_vcpu_context_load(struct vcpu *v, const struct vcpu_guest_context *c);

/*
 * Copies a vcpu_guest_context from the guest at 'arg', checks and loads
 * it (VCPUOP_initialise, XEN_DOMCTL_setvcpucontext): 0, -XEN_EFAULT,
 * -XEN_EEXIST when v has a context already, -XEN_ENOMEM, or the check's
 * or load's error.  *flags (if not NULL) gets the context's VGCF_* flags.
 */
long vcpu_context_set(struct vcpu *v, unsigned long arg, uint32_t *flags);

/*
 * Writes v's context as XEN_DOMCTL_getvcpucontext reports it: registers,
 * callbacks, trap table, base pointers, segment bases, FPU.
 * @pre v is not running, or is the calling vCPU.
 */
void arch_vcpu_context_save(const struct vcpu *v,
                            struct vcpu_guest_context *c);

#endif /* HV_VCPU_H */
