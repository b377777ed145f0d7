/*
 * The pvclock (see guest/pvclock.h).  System time is published per vCPU
 * in vcpu_info.time: at TSC value tsc_timestamp it was system_time ns,
 * and
 *     now = system_time + ((tsc - tsc_timestamp) << tsc_shift)
 *                         * tsc_to_system_mul >> 32
 * (tsc_shift may be negative: shift right).  Xen bumps version to odd
 * before it rewrites the fields and to even after, so a reader retries
 * while version is odd or changed.  The product is 64 x 32 bits taken
 * through 96, since the stamp may be old enough for the shifted delta to
 * need all 64.
 */
#include <guest/irqflags.h>
#include <guest/pvclock.h>

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

static uint64_t scale_delta(uint64_t delta, uint32_t mul, int8_t shift)
{
    if (shift < 0)
        delta >>= -shift;
    else
        delta <<= shift;
    return (uint64_t)(((unsigned __int128)delta * mul) >> 32);
}

uint64_t pvclock_now(void)
{
    struct pvclock_snap s;

    snapshot(&s);
    return s.system_time + scale_delta(s.tsc - s.stamp, s.mul, s.shift);
}

/* Rounded up, so that the TSC deadline is never before ns. */
uint64_t pvclock_ns_to_tsc(uint64_t ns)
{
    struct pvclock_snap s;
    uint64_t ns_delta, delta;

    snapshot(&s);
    if (ns <= s.system_time || s.mul == 0)
        return s.stamp;
    /* (ns_delta << 32) / mul, in two 64-bit steps (no 128-bit divide). */
    ns_delta = ns - s.system_time;
    delta = (ns_delta / s.mul) << 32;
    delta += (((ns_delta % s.mul) << 32) + s.mul - 1) / s.mul;
    if (s.shift < 0)
        delta <<= -s.shift;
    else
        delta = (delta + (1u << s.shift) - 1) >> s.shift;
    return s.stamp + delta;
}
