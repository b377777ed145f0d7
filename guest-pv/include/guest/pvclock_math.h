/*
 * The pvclock's scaling (xen/xen.h, struct vcpu_time_info), as pure
 * functions so that the host unit tests run the very code the kernel
 * does (tests/unit/test_guest_pvclock.c).
 *
 *     ns = ((tsc_delta << shift) * mul) >> 32     (shift < 0: >> -shift)
 *
 * The product is 64 x 32 bits taken through 96, since the stamp may be
 * old enough for the shifted delta to need all 64.
 */
#ifndef GUEST_PVCLOCK_MATH_H
#define GUEST_PVCLOCK_MATH_H

#include <stdint.h>

static inline uint64_t pvclock_scale(uint64_t delta, uint32_t mul,
                                     int8_t shift)
{
    if (shift < 0)
        delta >>= -shift;
    else
        delta <<= shift;
    return (uint64_t)(((unsigned __int128)delta * mul) >> 32);
}

/*
 * The smallest TSC delta that pvclock_scale() takes to ns or beyond
 * (mul != 0), so that a deadline converted to the TSC is never early:
 * (x * mul) >> 32 >= ns exactly when x >= ceil((ns << 32) / mul) = d,
 * and x = delta << shift (or >> -shift) reaches d first at the delta
 * returned.  No 128-bit divide: the kernel has no libgcc.  Exact while
 * the result fits in 64 bits (ns / mul below 2^32, hours of TSC).
 */
static inline uint64_t pvclock_unscale(uint64_t ns, uint32_t mul,
                                       int8_t shift)
{
    uint64_t d = (ns / mul) << 32;

    d += (((ns % mul) << 32) + mul - 1) / mul;
    if (shift < 0)
        return d << -shift;
    return (d >> shift) + ((d & ((1ull << shift) - 1)) != 0);
}

/*
 * The scale for a TSC of hz ticks per second, as Xen publishes it: hz
 * brought into (10^9, 2 * 10^9] by the power of two `shift`, so that
 * mul = 10^9 * 2^32 / (hz << shift) lies in [2^31, 2^32).  What the
 * native platform writes into its vcpu_time_info (arch/x86/native/
 * timer.c).  hz > 0.
 */
static inline void pvclock_params(uint64_t hz, uint32_t *mul, int8_t *shift)
{
    const uint64_t ns_per_s = 1000000000ull;
    int8_t s = 0;

    while (hz > 2 * ns_per_s) {
        hz >>= 1;
        s--;
    }
    while (hz <= ns_per_s) {
        hz <<= 1;
        s++;
    }
    *mul = (uint32_t)((ns_per_s << 32) / hz);
    *shift = s;
}

#endif /* GUEST_PVCLOCK_MATH_H */
