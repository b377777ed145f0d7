/*
 * Unit tests for the pure parts of the guest's native platform: where
 * the native boot puts the start of day (guest/native_layout.h) and the
 * pvclock scale it publishes for a TSC frequency (pvclock_params() in
 * guest/pvclock_math.h), each checked by its defining properties.
 */
#include <criterion/criterion.h>

#include "hv_host.h"
#include <guest/native_layout.h>
#include <guest/pvclock_math.h>

#define NS_PER_S    1000000000ull

/* What every successful plan must satisfy (xen/xen.h's layout rules). */
static void check_layout(unsigned long next, const struct native_layout *l)
{
    unsigned long used = l->l1 + l->nr_l1;

    cr_assert_eq(l->p2m, next, "the P2M starts right after the image");
    cr_assert_geq(l->nr_p2m * 4096, l->nr_pages * sizeof(unsigned long),
                  "P2M of %lu pages holds %lu entries", l->nr_p2m,
                  l->nr_pages);
    cr_assert_lt((l->nr_p2m - 1) * 4096, l->nr_pages * sizeof(unsigned long),
                 "P2M has no whole spare page");
    cr_assert_eq(l->start_info, l->p2m + l->nr_p2m);
    cr_assert_eq(l->shared_info, l->start_info + 1);
    cr_assert_eq(l->l4, l->shared_info + 1);
    cr_assert_eq(l->l3, l->l4 + 1);
    cr_assert_eq(l->l2, l->l3 + 1);
    cr_assert_eq(l->l1, l->l2 + 1);
    cr_assert_eq(l->region_pages % NATIVE_REGION_ALIGN_PAGES, 0,
                 "region of %lu pages is not 4 MiB-aligned",
                 l->region_pages);
    cr_assert_geq(l->region_pages - used, NATIVE_REGION_SPARE_PAGES,
                  "only %lu spare pages", l->region_pages - used);
    cr_assert_lt(l->region_pages - used,
                 NATIVE_REGION_SPARE_PAGES + NATIVE_REGION_ALIGN_PAGES,
                 "a whole 4 MiB more than needed");
    cr_assert_eq(l->nr_l1 * NATIVE_PTES_PER_TABLE, l->region_pages,
                 "%lu L1s for %lu pages", l->nr_l1, l->region_pages);
    cr_assert_leq(l->region_pages, l->nr_pages);
}

Test(native_layout, the_guest_image_in_128_mib)
{
    struct native_layout l;

    /* The kernel's image today: 403 pages, 32256 pages of RAM. */
    cr_assert(native_layout_plan(403, 32256, &l));
    check_layout(403, &l);
    cr_assert_eq(l.nr_p2m, 63);
    cr_assert_eq(l.start_info, 466);
    cr_assert_eq(l.region_pages, 1024);
    cr_assert_eq(l.nr_l1, 2);
}

Test(native_layout, every_size_and_image)
{
    static const unsigned long images[] = { 1, 403, 900, 1000, 5000 };
    struct native_layout l;

    for (size_t i = 0; i < sizeof(images) / sizeof(images[0]); i++)
        for (unsigned long pages = 1024; pages <= 1ul << 20;
             pages = pages * 3 / 2)
            if (native_layout_plan(images[i], pages, &l))
                check_layout(images[i], &l);
}

/* A region crossing a 4 MiB boundary takes the next 4 MiB whole. */
Test(native_layout, grows_by_4_mib)
{
    struct native_layout l;

    cr_assert(native_layout_plan(800, 65536, &l));
    check_layout(800, &l);
    cr_assert_eq(l.region_pages, 2048);
}

Test(native_layout, refuses_what_does_not_fit)
{
    struct native_layout l;

    /* 2 MiB of RAM (QEMU -m 4 with the image at 2 MiB). */
    cr_assert_not(native_layout_plan(403, 512, &l));
    /* One page short of the 4 MiB region. */
    cr_assert_not(native_layout_plan(403, 1023, &l));
    cr_assert(native_layout_plan(403, 1024, &l));
    /* A region beyond one L2 (1 GiB): the image alone too big. */
    cr_assert_not(native_layout_plan(262144, 1ul << 22, &l));
}

/* One second of TSC is one second of ns, within the scale's rounding. */
static void check_params(uint64_t hz)
{
    uint32_t mul;
    int8_t shift;
    uint64_t ns;

    pvclock_params(hz, &mul, &shift);
    cr_assert_geq(mul, 1u << 31, "hz %lu: mul 0x%x below 2^31",
                  (unsigned long)hz, mul);
    ns = pvclock_scale(hz, mul, shift);
    cr_assert_leq(ns, NS_PER_S, "hz %lu: 1 s reads %lu ns (late)",
                  (unsigned long)hz, (unsigned long)ns);
    cr_assert_geq(ns + 2, NS_PER_S, "hz %lu: 1 s reads %lu ns",
                  (unsigned long)hz, (unsigned long)ns);
}

Test(pvclock_params, frequencies)
{
    static const uint64_t hz[] = {
        1, 1000, 1193182, 999999999, NS_PER_S, NS_PER_S + 1,
        2 * NS_PER_S, 2 * NS_PER_S + 1, 2599084000ull, 3000000000ull,
        100000000000ull,
    };

    for (size_t i = 0; i < sizeof(hz) / sizeof(hz[0]); i++)
        check_params(hz[i]);
}

Test(pvclock_params, exact_at_1_ghz_times_powers_of_two)
{
    uint32_t mul;
    int8_t shift;

    pvclock_params(2 * NS_PER_S, &mul, &shift);
    cr_assert_eq(mul, 1u << 31);
    cr_assert_eq(shift, 0);
    pvclock_params(NS_PER_S, &mul, &shift);
    cr_assert_eq(mul, 1u << 31);
    cr_assert_eq(shift, 1);
}
