/*
 * The vCPU running on this CPU, for generic code.
 *
 * Generic code does not read the stack or segment registers; the arch
 * provides this accessor (and unit tests provide their own).
 */
#ifndef HV_CURRENT_H
#define HV_CURRENT_H

struct vcpu;

/*
 * The vCPU whose guest entered the hypervisor on this CPU; NULL at boot.
 * Inline from the arch (it is on every hypercall's path); the host unit
 * tests define their own.
 */
#ifdef HV_HOST_TEST
struct vcpu *current_vcpu(void);
#else
#include <asm/current.h>
static inline struct vcpu *current_vcpu(void)
{
    return current;
}
#endif

/* Makes 'v' this CPU's current vCPU (context switch, CPU start). */
void set_current_vcpu(struct vcpu *v);

#endif /* HV_CURRENT_H */
