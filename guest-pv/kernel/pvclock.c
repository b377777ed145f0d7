/*
 * The pvclock (see guest/pvclock.h).  System time is published per vCPU
 * in vcpu_info.time: at TSC value tsc_timestamp it was system_time ns,
 * and now = system_time + pvclock_scale(tsc - tsc_timestamp, ...)
 * (guest/pvclock_math.h).  Xen bumps version to odd before it rewrites
 * the fields and to even after, so a reader retries while version is odd
 * or changed.
 */
#include <guest/irqflags.h>
#include <guest/pvclock.h>
#include <guest/pvclock_math.h>

struct pvclock_snap {
    uint64_t stamp, system_time, tsc;
    uint32_t mul;
    int8_t shift;
};

/* A consistent copy of the time info, and the TSC read inside it. */
static void snapshot(struct pvclock_snap *s)
{
    const volatile struct vcpu_time_info *t = &irq_vcpu_info()->time;
    uint32_t version;

    do {
        version = t->version;
        barrier();
        s->stamp = t->tsc_timestamp;
        s->system_time = t->system_time;
        s->mul = t->tsc_to_system_mul;
        s->shift = t->tsc_shift;
        s->tsc = rdtsc_ordered();
        barrier();
    } while ((version & 1) || version != t->version);
}

uint64_t pvclock_now(void)
{
    struct pvclock_snap s;

    snapshot(&s);
    return s.system_time + pvclock_scale(s.tsc - s.stamp, s.mul, s.shift);
}

uint64_t pvclock_ns_to_tsc(uint64_t ns)
{
    struct pvclock_snap s;

    snapshot(&s);
    if (ns <= s.system_time || s.mul == 0)
        return s.stamp;
    return s.stamp + pvclock_unscale(ns - s.system_time, s.mul, s.shift);
}
