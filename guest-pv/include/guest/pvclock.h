/*
 * Xen's pvclock (xen/xen.h, struct vcpu_time_info), for the backends
 * that run under a hypervisor: system time in ns, and its inverse.
 */
#ifndef GUEST_PVCLOCK_H
#define GUEST_PVCLOCK_H

#include <guest/lib.h>

/* rdtsc after earlier loads (lfence): the TSC read cannot run early. */
static inline uint64_t rdtsc_ordered(void)
{
    uint32_t lo, hi;

    asm volatile ("lfence; rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
    return ((uint64_t)hi << 32) | lo;
}

/* System time now, ns (vcpu 0's vcpu_time_info, version protocol). */
uint64_t pvclock_now(void);

/*
 * The TSC value at which system time reaches ns (the first one at or
 * after it), by the current scale; ns before the last stamp gives the
 * stamp's TSC (a deadline already past).
 */
uint64_t pvclock_ns_to_tsc(uint64_t ns);

#endif /* GUEST_PVCLOCK_H */
