/*
 * Guest-memory access checks (arch/x86/guest_access.c): which ranges count
 * as guest address space, and that a partial copy-in leaves no stale bytes.
 * The fault-tolerant copy itself is replaced by a fake that "faults" after
 * a chosen number of bytes.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "hv_host.h"
#include <hv/guest_access.h>
#include <asm/config.h>

static size_t fault_after = (size_t)-1;
static unsigned int raw_calls;

size_t raw_copy_guest(void *dst, const void *src, size_t len);

size_t raw_copy_guest(void *dst, const void *src, size_t len)
{
    size_t n = len < fault_after ? len : fault_after;

    raw_calls++;
    memcpy(dst, src, n);
    return len - n;
}

static void reset(void)
{
    fault_after = (size_t)-1;
    raw_calls = 0;
}

TestSuite(guest_access, .init = reset);

static const struct {
    unsigned long addr;
    size_t len;
    bool ok;
} ranges[] = {
    { 0, 1, true },
    { 0x1000, 4096, true },
    { 0x00007ffffffff000UL, 4096, true },       /* ends at the lower top */
    { 0x00007ffffffff000UL, 4097, false },      /* runs into the hole */
    { 0x0000800000000000UL, 1, false },         /* non-canonical hole */
    { HV_VIRT_START, 1, false },
    { HV_VIRT_START - 1, 2, false },
    { DIRECTMAP_VIRT_START, 8, false },
    { HV_VIRT_END - 1, 1, false },              /* last hypervisor byte */
    { HV_VIRT_END - 1, 2, false },              /* straddles the end */
    { HV_VIRT_END, 1, true },
    { 0xffffffff80000000UL, 4096, true },
    { 0xfffffffffffff000UL, 4096, true },       /* ends at 2^64 exactly */
    { 0xfffffffffffff000UL, 4097, false },      /* wraps */
    { 0x1000, (size_t)-1, false },              /* wraps */
};

Test(guest_access, range_rules)
{
    for (size_t i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++)
        cr_assert_eq(guest_range_ok(ranges[i].addr, ranges[i].len),
                     ranges[i].ok, "case %zu: %#lx + %zu", i,
                     ranges[i].addr, ranges[i].len);
}

Test(guest_access, refused_range_copies_nothing_and_zero_fills)
{
    char dst[16];

    memset(dst, 0x55, sizeof(dst));
    cr_assert_eq(copy_from_guest(dst, HV_VIRT_START, sizeof(dst)), sizeof(dst));
    cr_assert_eq(raw_calls, 0);
    for (size_t i = 0; i < sizeof(dst); i++)
        cr_assert_eq(dst[i], 0);
    cr_assert_eq(copy_to_guest(DIRECTMAP_VIRT_START, dst, 8), 8);
    cr_assert_eq(raw_calls, 0);
}

Test(guest_access, partial_copy_in_zero_fills_the_tail)
{
    static const char src[16] = "ABCDEFGHIJKLMNO";
    char dst[16];

    memset(dst, 0x55, sizeof(dst));
    fault_after = 5;
    cr_assert_eq(copy_from_guest(dst, (unsigned long)src, sizeof(dst)), 11);
    cr_assert_arr_eq(dst, "ABCDE", 5);
    for (size_t i = 5; i < sizeof(dst); i++)
        cr_assert_eq(dst[i], 0, "byte %zu not cleared", i);
}

Test(guest_access, full_copy_returns_zero)
{
    static const char src[8] = "1234567";
    char dst[8];

    cr_assert_eq(copy_from_guest(dst, (unsigned long)src, sizeof(dst)), 0);
    cr_assert_arr_eq(dst, src, sizeof(dst));
    cr_assert_eq(copy_to_guest((unsigned long)dst, "abcdefg", 8), 0);
    cr_assert_str_eq(dst, "abcdefg");
}
