/*
 * Unit tests for the pure parts of the guest's paravirt-ops backends:
 * the pvclock's ns -> TSC inverse used by the trap backend's
 * TSC-deadline timer (guest/pvclock_math.h), and the native IDT gates
 * its lidt loads (guest/idt_gate.h).
 *
 * The inverse is checked by its defining property against the forward
 * scaling the kernel reads time with: the TSC delta returned reaches the
 * deadline, and one less does not (never early, never needlessly late).
 */
#include <criterion/criterion.h>

#include "hv_host.h"
#include <guest/idt_gate.h>
#include <guest/pvclock_math.h>

/* xorshift64*: reproducible pseudo-random numbers. */
static uint64_t rnd_state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
    rnd_state ^= rnd_state >> 12;
    rnd_state ^= rnd_state << 25;
    rnd_state ^= rnd_state >> 27;
    return rnd_state * 0x2545f4914f6cdd1dull;
}

static void check_inverse(uint64_t ns, uint32_t mul, int8_t shift)
{
    uint64_t d = pvclock_unscale(ns, mul, shift);

    cr_assert_geq(pvclock_scale(d, mul, shift), ns,
                  "ns %lu mul %u shift %d: delta %lu is early",
                  (unsigned long)ns, mul, shift, (unsigned long)d);
    if (d > 0)
        cr_assert_lt(pvclock_scale(d - 1, mul, shift), ns,
                     "ns %lu mul %u shift %d: delta %lu is not the first",
                     (unsigned long)ns, mul, shift, (unsigned long)d);
}

/* Scales Xen publishes: TSCs from 100 MHz to 5 GHz, shifts -3..+3. */
Test(guest_pvclock, inverse_of_real_scales)
{
    static const struct { uint32_t mul; int8_t shift; } scales[] = {
        { 0xa0000000u, 3 },     /* 100 MHz */
        { 0x80000000u, 1 },     /* 1 GHz */
        { 0xd5555555u, -1 },    /* 2.4 GHz */
        { 0x9b8e0000u, -2 },    /* ~3.3 GHz */
        { 0xcccccccdu, -3 },    /* 5 GHz */
        { 0xffffffffu, 0 },
        { 0x10000u, 3 },        /* a tiny multiplier */
    };
    static const uint64_t ns[] = { 0, 1, 2, 999, 1000000, 2000000,
                                   1000000007ull, 3600000000000ull };
    size_t i, j;

    for (i = 0; i < sizeof(scales) / sizeof(scales[0]); i++)
        for (j = 0; j < sizeof(ns) / sizeof(ns[0]); j++)
            check_inverse(ns[j], scales[i].mul, scales[i].shift);
}

Test(guest_pvclock, inverse_of_random_scales)
{
    int i;

    for (i = 0; i < 100000; i++) {
        uint32_t mul = (uint32_t)rnd() | 0x80000000u;
        int8_t shift = (int8_t)(rnd() % 7) - 3;
        uint64_t ns = rnd() % (3600ull * 1000000000ull);

        check_inverse(ns, mul, shift);
    }
}

Test(guest_idt_gate, interrupt_gate_for_masked_kernel_vector)
{
    struct trap_info ti = {
        .vector = 14, .flags = 0 | TI_MASK_EVENTS, .cs = FLAT_KERNEL_CS,
        .address = 0xffffffff80123456ull,
    };
    struct idt_gate g = idt_gate_make(&ti);

    cr_assert_eq(g.offset_lo, 0x3456);
    cr_assert_eq(g.offset_mid, 0x8012);
    cr_assert_eq(g.offset_hi, 0xffffffffu);
    cr_assert_eq(g.selector, FLAT_KERNEL_CS);
    cr_assert_eq(g.type_attr, IDT_GATE_PRESENT | IDT_GATE_INTR);
    cr_assert_eq(g.ist, 0);
    cr_assert_eq(g.reserved, 0);
}

Test(guest_idt_gate, trap_gate_with_user_dpl)
{
    struct trap_info ti = {
        .vector = 3, .flags = 3, .cs = FLAT_KERNEL_CS,
        .address = 0x0000123400005678ull,
    };
    struct idt_gate g = idt_gate_make(&ti);

    cr_assert_eq(g.offset_lo, 0x5678);
    cr_assert_eq(g.offset_mid, 0x0000);
    cr_assert_eq(g.offset_hi, 0x1234u);
    cr_assert_eq(g.type_attr, IDT_GATE_PRESENT | 3 << 5 | IDT_GATE_TRAP);
}
