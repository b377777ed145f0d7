/*
 * multiboot2_parse(): information structures built in the test, in the
 * harness's fake machine memory (so the RSDP copy has a physical address),
 * valid ones and every malformed case, each with the reason it must give.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <string.h>

#include "hv_host.h"
#include <hv/boot_info.h>
#include <abi/xen.h>
#include <xen/errno.h>

#define ARRAY_SIZE(a)   (sizeof(a) / sizeof((a)[0]))

#define MEM_SIZE        0x10000
#define INFO_PA         0x1000          /* where the structure is built */

#define T_END           0
#define T_CMDLINE       1
#define T_LOADER        2
#define T_MODULE        3
#define T_MEMINFO       4
#define T_MMAP          6
#define T_FRAMEBUFFER   8
#define T_ACPI_OLD      14
#define T_ACPI_NEW      15

struct mb2b {
    uint8_t *base;
    uint32_t off;               /* where the next tag goes */
};

struct mmap_ent {
    uint64_t base;
    uint64_t len;
    uint32_t type;
    uint32_t reserved;
};

static struct boot_info bi;
static const char *why;
static struct mb2b b;

static void setup(void)
{
    harness_mem_init(MEM_SIZE);
    b.base = harness_mem + INFO_PA;
    b.off = 8;
}

static void teardown(void)
{
    harness_mem_free();
}

static void put32(uint32_t off, uint32_t v)
{
    memcpy(b.base + off, &v, sizeof(v));
}

/* Appends a tag of 'len' payload bytes; returns its offset. */
static uint32_t tag(uint32_t type, const void *payload, uint32_t len)
{
    uint32_t at = b.off;

    put32(at, type);
    put32(at + 4, 8 + len);
    if (len)
        memcpy(b.base + at + 8, payload, len);
    b.off = (at + 8 + len + 7) & ~7U;
    return at;
}

static uint32_t tag_str(uint32_t type, const char *s)
{
    return tag(type, s, strlen(s) + 1);
}

static uint32_t tag_module(uint32_t start, uint32_t end, const char *s)
{
    uint8_t p[64];

    memcpy(p, &start, 4);
    memcpy(p + 4, &end, 4);
    strcpy((char *)p + 8, s);
    return tag(T_MODULE, p, 8 + strlen(s) + 1);
}

/* MMAP tag with entries padded to 'esize' bytes each. */
static uint32_t tag_mmap(const struct mmap_ent *e, unsigned int n,
                         uint32_t esize, uint32_t version)
{
    uint8_t p[8 + 200 * 32] = { 0 };
    unsigned int i;

    memcpy(p, &esize, 4);
    memcpy(p + 4, &version, 4);
    for (i = 0; i < n; i++)
        memcpy(p + 8 + i * esize, &e[i], sizeof(e[i]));
    return tag(T_MMAP, p, 8 + n * esize);
}

static uint32_t tag_meminfo(uint32_t lower, uint32_t upper)
{
    uint32_t p[2] = { lower, upper };

    return tag(T_MEMINFO, p, sizeof(p));
}

/* An RSDP copy: 20 bytes (ACPI 1.0) or 36 (2.0+), revision in byte 15. */
static uint32_t tag_acpi(uint32_t type, uint32_t len)
{
    uint8_t p[36] = "RSD PTR ";

    p[15] = type == T_ACPI_NEW ? 2 : 0;
    return tag(type, p, len);
}

static void end(void)
{
    tag(T_END, NULL, 0);
    put32(0, b.off);            /* total_size */
    put32(4, 0);
}

static const struct mmap_ent ram[] = {
    { 0, 0x9fc00, 1, 0 },
    { 0x9fc00, 0x400, 2, 0 },
    { 0x100000, 0x7ee0000, 1, 0 },
    { 0xfffc0000, 0x40000, 2, 0 },
};

static int parse(void)
{
    return multiboot2_parse(b.base, &bi, &why);
}

TestSuite(multiboot2, .init = setup, .fini = teardown);

/* ---- valid structures ------------------------------------------------ */

Test(multiboot2, full_structure)
{
    uint32_t acpi;

    tag_str(T_CMDLINE, "console=com1 -- dom0 args");
    tag_str(T_LOADER, "GRUB 2.06");
    tag_module(0x200000, 0x280000, "dom0.elf root=/dev/xvda");
    tag_module(0x300000, 0x300000, "");
    tag_mmap(ram, ARRAY_SIZE(ram), 24, 0);
    acpi = tag_acpi(T_ACPI_NEW, 36);
    end();
    cr_assert_eq(parse(), 0, "refused: %s", why);
    cr_assert_str_eq(why, "");
    cr_assert_str_eq(bi.protocol, "multiboot2");
    cr_assert_str_eq(bi.cmdline, "console=com1 -- dom0 args");
    cr_assert_str_eq(bi.loader_name, "GRUB 2.06");
    cr_assert_eq(bi.nr_mods, 2);
    cr_assert_eq(bi.mods[0].start, 0x200000);
    cr_assert_eq(bi.mods[0].end, 0x280000);
    cr_assert_str_eq(bi.mods[0].cmdline, "dom0.elf root=/dev/xvda");
    cr_assert_str_eq(bi.mods[1].cmdline, "");
    cr_assert_eq(bi.nr_mem, 4);
    cr_assert_eq(bi.mem[2].base, 0x100000);
    cr_assert_eq(bi.mem[2].len, 0x7ee0000);
    cr_assert_eq(bi.mem[2].type, BOOT_MEM_RAM);
    cr_assert_eq(bi.mem[3].type, BOOT_MEM_RESERVED);
    cr_assert_eq(bi.rsdp, INFO_PA + acpi + 8);
}

Test(multiboot2, minimal_structure)
{
    tag_mmap(ram, 1, 24, 0);
    end();
    cr_assert_eq(parse(), 0, "refused: %s", why);
    cr_assert_str_eq(bi.cmdline, "");
    cr_assert_str_eq(bi.loader_name, "");
    cr_assert_eq(bi.nr_mods, 0);
    cr_assert_eq(bi.nr_mem, 1);
    cr_assert_eq(bi.rsdp, 0);
}

Test(multiboot2, basic_meminfo_alone)
{
    tag_meminfo(639, 130048);
    end();
    cr_assert_eq(parse(), 0, "refused: %s", why);
    cr_assert_eq(bi.nr_mem, 2);
    cr_assert_eq(bi.mem[0].base, 0);
    cr_assert_eq(bi.mem[0].len, 639 << 10);
    cr_assert_eq(bi.mem[1].base, 1 << 20);
    cr_assert_eq(bi.mem[1].len, 130048ULL << 10);
    cr_assert_eq(bi.mem[1].type, BOOT_MEM_RAM);
}

Test(multiboot2, basic_meminfo_ignored_with_mmap)
{
    tag_meminfo(639, 1 << 20);
    tag_mmap(ram, ARRAY_SIZE(ram), 24, 0);
    end();
    cr_assert_eq(parse(), 0, "refused: %s", why);
    cr_assert_eq(bi.nr_mem, ARRAY_SIZE(ram));
    cr_assert_eq(bi.mem[0].len, 0x9fc00);
}

/* Larger entries of a later version: read by their first 24 bytes. */
Test(multiboot2, mmap_larger_entries)
{
    static const struct mmap_ent two[] = {
        { 0x100000, 0x100000, 1, 0 },
        { 0x200000, 0, 1, 0 },              /* empty: dropped */
        { 0x300000, 0x1000, 7, 0 },         /* unknown type kept */
    };

    tag_mmap(two, ARRAY_SIZE(two), 32, 1);
    end();
    cr_assert_eq(parse(), 0, "refused: %s", why);
    cr_assert_eq(bi.nr_mem, 2);
    cr_assert_eq(bi.mem[1].base, 0x300000);
    cr_assert_eq(bi.mem[1].type, 7);
}

Test(multiboot2, acpi_old_only)
{
    uint32_t old;

    tag_mmap(ram, 1, 24, 0);
    old = tag_acpi(T_ACPI_OLD, 20);
    end();
    cr_assert_eq(parse(), 0, "refused: %s", why);
    cr_assert_eq(bi.rsdp, INFO_PA + old + 8);
}

Test(multiboot2, acpi_new_wins_in_either_order)
{
    uint32_t new;

    tag_mmap(ram, 1, 24, 0);
    new = tag_acpi(T_ACPI_NEW, 36);
    tag_acpi(T_ACPI_OLD, 20);
    end();
    cr_assert_eq(parse(), 0, "refused: %s", why);
    cr_assert_eq(bi.rsdp, INFO_PA + new + 8);

    setup();
    tag_mmap(ram, 1, 24, 0);
    tag_acpi(T_ACPI_OLD, 20);
    new = tag_acpi(T_ACPI_NEW, 36);
    end();
    cr_assert_eq(parse(), 0, "refused: %s", why);
    cr_assert_eq(bi.rsdp, INFO_PA + new + 8);
}

Test(multiboot2, unknown_tags_skipped)
{
    uint8_t fb[24] = { 0 };

    tag(T_FRAMEBUFFER, fb, sizeof(fb));
    tag(21, fb, 4);
    tag(1000, fb, 3);
    tag_mmap(ram, 1, 24, 0);
    end();
    cr_assert_eq(parse(), 0, "refused: %s", why);
}

/* Bytes after END but inside total_size are ignored. */
Test(multiboot2, data_after_end)
{
    tag_mmap(ram, 1, 24, 0);
    end();
    put32(0, b.off + 32);
    cr_assert_eq(parse(), 0, "refused: %s", why);
}

Test(multiboot2, every_shorter_total_size_refused)
{
    uint32_t total, t;

    tag_str(T_CMDLINE, "x");
    tag_module(0x200000, 0x201000, "m");
    tag_mmap(ram, ARRAY_SIZE(ram), 24, 0);
    end();
    total = b.off;
    for (t = 0; t < total; t++) {
        put32(0, t);
        cr_assert_eq(parse(), -XEN_EINVAL, "total_size %#x accepted", t);
        cr_assert_neq(why[0], '\0');
    }
}

/* The example the reason format was specified by. */
Test(multiboot2, reason_names_tag_offset_and_size)
{
    tag_str(T_CMDLINE, "0123456789abcdef0123456789abcdef0123456789a");
    tag_mmap(ram, 1, 24, 0);
    end();
    put32(0, 0x48);
    cr_assert_eq(parse(), -XEN_EINVAL);
    cr_assert_str_eq(why, "tag 6 at offset 0x40 runs past total_size 0x48");
}

Test(multiboot2, null_and_unaligned)
{
    cr_assert_eq(multiboot2_parse(NULL, &bi, &why), -XEN_EINVAL);
    cr_assert_str_eq(why, "no multiboot2 information");
    b.base += 4;
    tag_mmap(ram, 1, 24, 0);
    end();
    cr_assert_eq(parse(), -XEN_EINVAL);
    cr_assert(strstr(why, "8-byte aligned") != NULL, "%s", why);
}

/* ---- malformed structures, table-driven ---------------------------------- */

static void total_small(void) { end(); put32(0, 8); }
static void no_end(void)
{
    tag_mmap(ram, 1, 24, 0);
    put32(0, b.off);
}
static void tag_past_total(void)
{
    tag_mmap(ram, 2, 24, 0);
    end();
    put32(0, b.off - 16);
}
static void tag_size_small(void)
{
    uint32_t at = tag_str(T_CMDLINE, "abc");

    put32(at + 4, 4);
    end();
}
static void end_size_bad(void)
{
    tag_mmap(ram, 1, 24, 0);
    put32(b.off, T_END);
    put32(b.off + 4, 16);
    b.off += 16;
    put32(0, b.off);
}
static void cmdline_unterminated(void)
{
    tag(T_CMDLINE, "abc", 3);
    tag_mmap(ram, 1, 24, 0);
    end();
}
static void cmdline_empty_tag(void)
{
    tag(T_CMDLINE, NULL, 0);
    tag_mmap(ram, 1, 24, 0);
    end();
}
static void loader_unterminated(void)
{
    tag(T_LOADER, "GRUB", 4);
    tag_mmap(ram, 1, 24, 0);
    end();
}
static void module_small(void)
{
    uint32_t start = 0x200000;

    tag(T_MODULE, &start, 4);
    tag_mmap(ram, 1, 24, 0);
    end();
}
static void module_backwards(void)
{
    tag_module(0x300000, 0x200000, "m");
    tag_mmap(ram, 1, 24, 0);
    end();
}
static void module_unterminated(void)
{
    uint32_t p[3] = { 0x200000, 0x201000, 0x41414141 };

    tag(T_MODULE, p, sizeof(p));
    tag_mmap(ram, 1, 24, 0);
    end();
}
static void module_no_string(void)
{
    uint32_t p[2] = { 0x200000, 0x201000 };

    tag(T_MODULE, p, sizeof(p));
    tag_mmap(ram, 1, 24, 0);
    end();
}
static void too_many_modules(void)
{
    unsigned int i;

    for (i = 0; i <= BOOT_MAX_MODULES; i++)
        tag_module(0x200000 + i * 0x1000, 0x201000 + i * 0x1000, "m");
    tag_mmap(ram, 1, 24, 0);
    end();
}
static void mmap_small(void)
{
    uint32_t esize = 24;

    tag(T_MMAP, &esize, 4);
    end();
}
static void mmap_esize_small(void) { tag_mmap(ram, 2, 16, 0); end(); }
static void mmap_esize_odd(void) { tag_mmap(ram, 2, 28, 0); end(); }
static void mmap_esize_zero(void) { tag_mmap(ram, 0, 0, 0); end(); }
static void mmap_partial(void)
{
    uint32_t at = tag_mmap(ram, 2, 24, 0);

    put32(at + 4, 16 + 24 + 8);
    b.off = at + 16 + 48;
    end();
}
static void mmap_wraps(void)
{
    static const struct mmap_ent bad[] = {
        { 0x100000, 0x100000, 1, 0 },
        { 0xfffffffffffff000ULL, 0x2000, 1, 0 },
    };

    tag_mmap(bad, 2, 24, 0);
    end();
}
static void mmap_too_many(void)
{
    static struct mmap_ent many[BOOT_MAX_MEM_RANGES + 1];
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(many); i++)
        many[i] = (struct mmap_ent){ i * 0x10000ULL, 0x1000, 1, 0 };
    tag_mmap(many, ARRAY_SIZE(many), 24, 0);
    end();
}
static void mmap_empty(void)
{
    static const struct mmap_ent zero[] = { { 0x100000, 0, 1, 0 } };

    tag_mmap(zero, 1, 24, 0);
    end();
}
static void meminfo_small(void)
{
    uint32_t lower = 639;

    tag(T_MEMINFO, &lower, 4);
    end();
}
static void meminfo_twice(void)
{
    tag_meminfo(639, 0xffffffff);
    tag_meminfo(639, 0);
    end();
}
static void acpi_old_small(void)
{
    tag_mmap(ram, 1, 24, 0);
    tag_acpi(T_ACPI_OLD, 16);
    end();
}
static void acpi_new_small(void)
{
    tag_mmap(ram, 1, 24, 0);
    tag_acpi(T_ACPI_NEW, 20);
    end();
}
static void acpi_bad_signature(void)
{
    uint32_t at;

    tag_mmap(ram, 1, 24, 0);
    at = tag_acpi(T_ACPI_OLD, 20);
    b.base[at + 8] = 'X';
    end();
}
static void cmdline_twice(void)
{
    tag_str(T_CMDLINE, "a");
    tag_str(T_CMDLINE, "b");
    tag_mmap(ram, 1, 24, 0);
    end();
}
static void mmap_twice(void)
{
    tag_mmap(ram, 1, 24, 0);
    tag_mmap(ram, 1, 24, 0);
    end();
}
static void acpi_twice(void)
{
    tag_mmap(ram, 1, 24, 0);
    tag_acpi(T_ACPI_NEW, 36);
    tag_acpi(T_ACPI_NEW, 36);
    end();
}
static void no_memory(void)
{
    tag_str(T_CMDLINE, "x");
    end();
}

struct mb2_case {
    const char *name;
    void (*build)(void);
    const char *why;            /* expected in the reason */
};

static const struct mb2_case cases[] = {
    { "total_size small", total_small, "total_size 0x8 is too small" },
    { "no END", no_end, "no END tag before total_size 0x30" },
    { "tag past total", tag_past_total,
      "tag 6 at offset 0x8 runs past total_size 0x40" },
    { "tag size < 8", tag_size_small,
      "tag 1 at offset 0x8: size 0x4 smaller than its header" },
    { "END size 16", end_size_bad, "END tag at offset 0x30 has size 0x10" },
    { "cmdline unterminated", cmdline_unterminated,
      "tag 1 at offset 0x8: string not NUL-terminated" },
    { "cmdline tag empty", cmdline_empty_tag,
      "tag 1 at offset 0x8: string not NUL-terminated" },
    { "loader unterminated", loader_unterminated,
      "tag 2 at offset 0x8: string not NUL-terminated" },
    { "module small", module_small, "tag 3 at offset 0x8: size 0xc too small" },
    { "module backwards", module_backwards,
      "module at offset 0x8 ends (0x200000) before it starts (0x300000)" },
    { "module unterminated", module_unterminated,
      "tag 3 at offset 0x8: string not NUL-terminated" },
    { "module without string", module_no_string,
      "tag 3 at offset 0x8: string not NUL-terminated" },
    { "too many modules", too_many_modules, "more than 16 modules" },
    { "mmap small", mmap_small, "tag 6 at offset 0x8: size 0xc too small" },
    { "entry_size 16", mmap_esize_small,
      "memory map at offset 0x8: bad entry_size 0x10" },
    { "entry_size 28", mmap_esize_odd,
      "memory map at offset 0x8: bad entry_size 0x1c" },
    { "entry_size 0", mmap_esize_zero,
      "memory map at offset 0x8: bad entry_size 0x0" },
    { "mmap partial entry", mmap_partial,
      "memory map at offset 0x8: size 0x30 is not a whole number" },
    { "mmap entry wraps", mmap_wraps,
      "memory range at 0xfffffffffffff000 wraps" },
    { "mmap too many", mmap_too_many, "more than 128 memory ranges" },
    { "mmap empty", mmap_empty, "memory map tag has no ranges" },
    { "meminfo small", meminfo_small, "tag 4 at offset 0x8: size 0xc" },
    { "meminfo twice", meminfo_twice, "tag 4 at offset 0x18 repeats" },
    { "ACPI old small", acpi_old_small, "tag 14 at offset 0x30: size 0x18" },
    { "ACPI new small", acpi_new_small, "tag 15 at offset 0x30: size 0x1c" },
    { "ACPI bad signature", acpi_bad_signature,
      "tag 14 at offset 0x30 holds no RSDP" },
    { "cmdline twice", cmdline_twice, "tag 1 at offset 0x18 repeats" },
    { "mmap twice", mmap_twice, "tag 6 at offset 0x30 repeats" },
    { "ACPI new twice", acpi_twice, "tag 15 at offset 0x60 repeats" },
    { "no memory information", no_memory, "no memory map" },
};

/* Parameters are indices: Criterion runs each in a fresh process. */
static unsigned int case_idx[ARRAY_SIZE(cases)];

ParameterizedTestParameters(multiboot2, refusals)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++)
        case_idx[i] = i;
    return cr_make_param_array(unsigned int, case_idx, ARRAY_SIZE(cases));
}

ParameterizedTest(unsigned int *idx, multiboot2, refusals)
{
    const struct mb2_case *c = &cases[*idx];
    int rc;

    c->build();
    rc = parse();
    cr_assert_eq(rc, -XEN_EINVAL, "%s: accepted (rc %d)", c->name, rc);
    cr_assert(strstr(why, c->why) != NULL, "%s: reason \"%s\" lacks \"%s\"",
              c->name, why, c->why);
}
