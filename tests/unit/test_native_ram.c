/*
 * The native boot's reading of its loader (guest-pv/arch/x86/native/
 * hv_glue.c): the kernel's RAM and command line from a PVH start info or
 * GRUB's multiboot2 information, built in the harness's fake memory and
 * read through the hypervisor's own parsers, and each refusal with the
 * reason the boot prints.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "hv_host.h"
#include <abi/xen.h>
#include <xen/arch-x86/hvm/start_info.h>
#include "../../guest-pv/arch/x86/native/native_hv.h"

#define MEM_SIZE        0x10000
#define INFO_PA         0x1000
#define CMDLINE_PA      0x2000
#define MEMMAP_PA       0x3000
#define LOAD_PA         0x200000ull         /* KERNEL_LOAD_PHYS */
#define GIB4            0x100000000ull
#define MIB(n)          ((uint64_t)(n) << 20)

#define MB2_MAGIC       0x36d76289
#define T_END           0
#define T_CMDLINE       1
#define T_MMAP          6

static struct native_ram ram;

static const void *map(uint64_t pa, size_t len)
{
    if (pa + len < pa || pa + len > harness_mem_size)
        return NULL;
    return harness_mem + pa;
}

static void setup(void)
{
    harness_mem_init(MEM_SIZE);
    memset(&ram, 0, sizeof(ram));
}

static void teardown(void)
{
    harness_mem_free();
}

/* ---- PVH ---- */

static void pvh_ent(unsigned int i, uint64_t addr, uint64_t size,
                    uint32_t type)
{
    struct hvm_memmap_table_entry *e =
        (struct hvm_memmap_table_entry *)(harness_mem + MEMMAP_PA) + i;

    *e = (struct hvm_memmap_table_entry){ addr, size, type, 0 };
}

/* QEMU's microvm layout with n MiB: low RAM, then RAM from 1 MiB. */
static void pvh_info(uint64_t ram_end, uint32_t second_type)
{
    struct hvm_start_info *si = (void *)(harness_mem + INFO_PA);

    si->magic = XEN_HVM_START_MAGIC_VALUE;
    si->version = 1;
    si->cmdline_paddr = CMDLINE_PA;
    strcpy((char *)harness_mem + CMDLINE_PA, "selftest=pvops");
    si->memmap_paddr = MEMMAP_PA;
    si->memmap_entries = 2;
    pvh_ent(0, 0, 0x9fc00, XEN_HVM_MEMMAP_TYPE_RAM);
    pvh_ent(1, MIB(1), ram_end - MIB(1), second_type);
}

TestSuite(native_ram, .init = setup, .fini = teardown);

/* Both loaders' 128 MiB machine: from the image up, the command line. */
static void expect_128_mib(const char *why)
{
    cr_assert_null(why, "refused: %s", why);
    cr_assert_eq(ram.base, LOAD_PA);
    cr_assert_eq(ram.end, MIB(128));
    cr_assert_str_eq(ram.cmdline, "selftest=pvops");
}

Test(native_ram, pvh_range_holding_the_image)
{
    pvh_info(MIB(128), XEN_HVM_MEMMAP_TYPE_RAM);
    expect_128_mib(native_pvh_ram(INFO_PA, map, LOAD_PA, GIB4, &ram));
}

Test(native_ram, pvh_cut_at_the_limit)
{
    const char *why;

    pvh_info(GIB4 * 2, XEN_HVM_MEMMAP_TYPE_RAM);
    why = native_pvh_ram(INFO_PA, map, LOAD_PA, GIB4, &ram);
    cr_assert_null(why, "refused: %s", why);
    cr_assert_eq(ram.end, GIB4);
}

Test(native_ram, pvh_no_ram_at_the_image)
{
    const char *why;

    pvh_info(MIB(128), XEN_HVM_MEMMAP_TYPE_RESERVED);
    why = native_pvh_ram(INFO_PA, map, LOAD_PA, GIB4, &ram);
    cr_assert_str_eq(why, "the memory map has no RAM at 0x200000, where "
                          "the image was loaded");
}

Test(native_ram, pvh_ram_ends_at_the_image)
{
    const char *why;

    pvh_info(LOAD_PA, XEN_HVM_MEMMAP_TYPE_RAM);
    why = native_pvh_ram(INFO_PA, map, LOAD_PA, GIB4, &ram);
    cr_assert_not_null(why);
    cr_assert(strstr(why, "no RAM at 0x200000"), "%s", why);
}

/* The parser's own refusals come through with its reason. */
Test(native_ram, pvh_bad_magic)
{
    const char *why;

    pvh_info(MIB(128), XEN_HVM_MEMMAP_TYPE_RAM);
    ((struct hvm_start_info *)(harness_mem + INFO_PA))->magic = 0x1234;
    why = native_pvh_ram(INFO_PA, map, LOAD_PA, GIB4, &ram);
    cr_assert_not_null(why);
    cr_assert(strstr(why, "bad magic"), "%s", why);
}

Test(native_ram, pvh_unmappable)
{
    const char *why = native_pvh_ram(MEM_SIZE + 0x1000, map, LOAD_PA, GIB4,
                                     &ram);

    cr_assert_not_null(why);
    cr_assert(strstr(why, "cannot be mapped"), "%s", why);
}

/* ---- multiboot2 ---- */

static uint32_t mb2_off;

static void mb2_tag(uint32_t type, const void *payload, uint32_t len)
{
    uint8_t *p = harness_mem + INFO_PA + mb2_off;
    uint32_t size = 8 + len;

    memcpy(p, &type, 4);
    memcpy(p + 4, &size, 4);
    if (len)
        memcpy(p + 8, payload, len);
    mb2_off = (mb2_off + size + 7) & ~7u;
}

/* GRUB on the pc machine: low RAM, RAM from 1 MiB to ram_end. */
static void mb2_info(uint64_t ram_end)
{
    struct { uint32_t esize, version; uint64_t e[2][3]; } mmap = {
        24, 0,
        { { 0, 0x9fc00, 1 }, { MIB(1), ram_end - MIB(1), 1 } },
    };
    uint32_t total;

    mb2_off = 8;
    mb2_tag(T_CMDLINE, "selftest=pvops", sizeof("selftest=pvops"));
    mb2_tag(T_MMAP, &mmap, sizeof(mmap));
    mb2_tag(T_END, NULL, 0);
    total = mb2_off;
    memcpy(harness_mem + INFO_PA, &total, 4);
}

Test(native_ram, mb2_range_holding_the_image)
{
    mb2_info(MIB(128));
    expect_128_mib(native_mb2_ram(INFO_PA, map, LOAD_PA, GIB4, &ram));
}

Test(native_ram, mb2_no_ram_at_the_image)
{
    const char *why;

    mb2_info(LOAD_PA);
    why = native_mb2_ram(INFO_PA, map, LOAD_PA, GIB4, &ram);
    cr_assert_not_null(why);
    cr_assert(strstr(why, "no RAM at 0x200000"), "%s", why);
}

Test(native_ram, mb2_size_past_memory)
{
    uint32_t huge = MEM_SIZE;
    const char *why;

    memcpy(harness_mem + INFO_PA, &huge, 4);
    why = native_mb2_ram(INFO_PA, map, LOAD_PA, GIB4, &ram);
    cr_assert_str_eq(why, "multiboot2 information at 0x1000 cannot be "
                          "mapped");
}

Test(native_ram, mb2_malformed)
{
    uint32_t bad = 4;           /* smaller than the fixed part */
    const char *why;

    memcpy(harness_mem + INFO_PA, &bad, 4);
    why = native_mb2_ram(INFO_PA, map, LOAD_PA, GIB4, &ram);
    cr_assert_not_null(why);
}
