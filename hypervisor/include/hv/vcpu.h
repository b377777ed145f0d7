/*
 * vCPU contexts for VCPUOP_initialise: the arch hooks common/vcpu.c
 * calls (x86 PV: arch/x86/pv/vcpu_context.c and pv/domain.c).
 */
#ifndef HV_VCPU_H
#define HV_VCPU_H

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

#endif /* HV_VCPU_H */
