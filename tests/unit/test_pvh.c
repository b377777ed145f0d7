/*
 * pvh_parse(): hvm_start_info structures built in the harness's fake
 * machine memory and read through a map callback over it, valid ones and
 * every malformed case, each with the reason it must give.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <string.h>

#include "hv_host.h"
#include <hv/boot_info.h>
#include <abi/xen.h>
#include <xen/arch-x86/hvm/start_info.h>
#include <xen/errno.h>

#define ARRAY_SIZE(a)   (sizeof(a) / sizeof((a)[0]))

#define MEM_SIZE        0x20000
#define SI_PA           0x1000
#define CMDLINE_PA      0x2000
#define MODLIST_PA      0x3000
#define MODCMD_PA       0x3800
#define MEMMAP_PA       0x4000
#define RSDP_PA         0xf5a0

static struct boot_info bi;
static const char *why;
static struct hvm_start_info *si;
static unsigned int map_calls;

/* The direct map over fake memory; refuses what lies outside it. */
static const void *map(paddr_t pa, size_t len)
{
    map_calls++;
    if (pa + len < pa || pa + len > harness_mem_size)
        return NULL;
    return harness_mem + pa;
}

static void put_str(paddr_t pa, const char *s)
{
    strcpy((char *)harness_mem + pa, s);
}

static struct hvm_modlist_entry *mod(unsigned int i)
{
    return (struct hvm_modlist_entry *)(harness_mem + MODLIST_PA) + i;
}

static struct hvm_memmap_table_entry *ent(unsigned int i)
{
    return (struct hvm_memmap_table_entry *)(harness_mem + MEMMAP_PA) + i;
}

static void set_ent(unsigned int i, uint64_t addr, uint64_t size,
                    uint32_t type)
{
    ent(i)->addr = addr;
    ent(i)->size = size;
    ent(i)->type = type;
}

/* A valid version-1 start info as QEMU's PVH option ROM builds it. */
static void setup(void)
{
    harness_mem_init(MEM_SIZE);
    map_calls = 0;
    si = (struct hvm_start_info *)(harness_mem + SI_PA);
    si->magic = XEN_HVM_START_MAGIC_VALUE;
    si->version = 1;
    si->cmdline_paddr = CMDLINE_PA;
    put_str(CMDLINE_PA, "console=com1 -- root=/dev/xvda");
    si->nr_modules = 2;
    si->modlist_paddr = MODLIST_PA;
    *mod(0) = (struct hvm_modlist_entry){ 0x100000, 0x80000, MODCMD_PA, 0 };
    put_str(MODCMD_PA, "dom0.elf");
    *mod(1) = (struct hvm_modlist_entry){ 0x200000, 0x1000, 0, 0 };
    si->memmap_paddr = MEMMAP_PA;
    si->memmap_entries = 4;
    set_ent(0, 0, 0x9fc00, XEN_HVM_MEMMAP_TYPE_RAM);
    set_ent(1, 0xf0000, 0, XEN_HVM_MEMMAP_TYPE_RESERVED);   /* empty */
    set_ent(2, 0x100000, 0x7f00000, XEN_HVM_MEMMAP_TYPE_RAM);
    set_ent(3, 0xfeffc000, 0x4000, XEN_HVM_MEMMAP_TYPE_RESERVED);
    si->rsdp_paddr = RSDP_PA;
}

static void teardown(void)
{
    harness_mem_free();
}

static int parse(void)
{
    return pvh_parse(SI_PA, map, &bi, &why);
}

TestSuite(pvh, .init = setup, .fini = teardown);

/* ---- valid structures ------------------------------------------------ */

Test(pvh, full_version_1)
{
    cr_assert_eq(parse(), 0, "refused: %s", why);
    cr_assert_str_eq(why, "");
    cr_assert_str_eq(bi.protocol, "pvh");
    cr_assert_str_eq(bi.loader_name, "");
    cr_assert_str_eq(bi.cmdline, "console=com1 -- root=/dev/xvda");
    cr_assert_eq(bi.nr_mods, 2);
    cr_assert_eq(bi.mods[0].start, 0x100000);
    cr_assert_eq(bi.mods[0].end, 0x180000);
    cr_assert_str_eq(bi.mods[0].cmdline, "dom0.elf");
    cr_assert_eq(bi.mods[1].end, 0x201000);
    cr_assert_str_eq(bi.mods[1].cmdline, "");
    cr_assert_eq(bi.nr_mem, 3);
    cr_assert_eq(bi.mem[1].base, 0x100000);
    cr_assert_eq(bi.mem[1].len, 0x7f00000);
    cr_assert_eq(bi.mem[1].type, BOOT_MEM_RAM);
    cr_assert_eq(bi.mem[2].type, BOOT_MEM_RESERVED);
    cr_assert_eq(bi.rsdp, RSDP_PA);
}

Test(pvh, later_version_read_as_1)
{
    si->version = 2;
    cr_assert_eq(parse(), 0, "refused: %s", why);
    cr_assert_eq(bi.nr_mem, 3);
}

Test(pvh, nothing_optional)
{
    si->cmdline_paddr = 0;
    si->nr_modules = 0;
    si->modlist_paddr = 0xdead0000;     /* ignored without modules */
    si->rsdp_paddr = 0;
    cr_assert_eq(parse(), 0, "refused: %s", why);
    cr_assert_str_eq(bi.cmdline, "");
    cr_assert_eq(bi.nr_mods, 0);
    cr_assert_eq(bi.rsdp, 0);
}

/* A short string at the very end of memory: read a page at a time. */
Test(pvh, cmdline_at_end_of_memory)
{
    si->cmdline_paddr = MEM_SIZE - 4;
    put_str(MEM_SIZE - 4, "abc");
    cr_assert_eq(parse(), 0, "refused: %s", why);
    cr_assert_str_eq(bi.cmdline, "abc");
}

Test(pvh, cmdline_across_pages)
{
    si->cmdline_paddr = CMDLINE_PA + 0xff0;
    put_str(CMDLINE_PA + 0xff0, "0123456789abcdef-next-page");
    cr_assert_eq(parse(), 0, "refused: %s", why);
    cr_assert_str_eq(bi.cmdline, "0123456789abcdef-next-page");
}

Test(pvh, cmdline_longest)
{
    memset(harness_mem + CMDLINE_PA + 0x10, 'x', 4095);
    harness_mem[CMDLINE_PA + 0x10 + 4095] = '\0';
    si->cmdline_paddr = CMDLINE_PA + 0x10;
    cr_assert_eq(parse(), 0, "refused: %s", why);
    cr_assert_eq(strlen(bi.cmdline), 4095);
}

Test(pvh, no_map_or_no_address)
{
    cr_assert_eq(pvh_parse(SI_PA, NULL, &bi, &why), -XEN_EINVAL);
    cr_assert_str_eq(why, "no hvm_start_info");
    cr_assert_eq(pvh_parse(0, map, &bi, &why), -XEN_EINVAL);
    cr_assert_str_eq(why, "no hvm_start_info");
}

/* ---- malformed structures, table-driven ---------------------------------- */

static paddr_t si_pa = SI_PA;

static void si_unmappable(void) { si_pa = MEM_SIZE + 0x1000; }
static void v1_part_unmappable(void)
{
    /* Version 0's 40 bytes fit at the end of memory; version 1's don't. */
    si_pa = MEM_SIZE - offsetof(struct hvm_start_info, memmap_paddr);
    memcpy(harness_mem + si_pa, si,
           offsetof(struct hvm_start_info, memmap_paddr));
}
static void bad_magic(void) { si->magic = 0x336ec579; }
static void version_0(void) { si->version = 0; }
static void no_entries(void) { si->memmap_entries = 0; }
static void no_memmap_pa(void) { si->memmap_paddr = 0; }
static void memmap_too_many(void)
{
    si->memmap_entries = BOOT_MAX_MEM_RANGES + 1;
}
static void memmap_unmappable(void) { si->memmap_paddr = MEM_SIZE - 48; }
static void memmap_wraps(void)
{
    set_ent(2, 0xffffffffff000000ULL, 0x2000000, XEN_HVM_MEMMAP_TYPE_RAM);
}
static void memmap_all_empty(void)
{
    si->memmap_entries = 1;
    set_ent(0, 0x100000, 0, XEN_HVM_MEMMAP_TYPE_RAM);
}
static void cmdline_unterminated(void)
{
    memset(harness_mem + CMDLINE_PA, 'x', 4096);
}
static void cmdline_unmappable(void) { si->cmdline_paddr = MEM_SIZE + 8; }
static void cmdline_runs_off_memory(void)
{
    si->cmdline_paddr = MEM_SIZE - 4;
    memset(harness_mem + MEM_SIZE - 4, 'x', 4);
}
static void cmdline_wraps(void) { si->cmdline_paddr = ~0ULL - 100; }
static void too_many_modules(void)
{
    si->nr_modules = BOOT_MAX_MODULES + 1;
}
static void no_modlist(void) { si->modlist_paddr = 0; }
static void modlist_unmappable(void) { si->modlist_paddr = MEM_SIZE - 32; }
static void module_at_0(void) { mod(1)->paddr = 0; }
static void module_wraps(void) { mod(1)->size = ~0ULL - 0x1000; }
static void module_cmdline_garbage(void)
{
    mod(1)->cmdline_paddr = 0x8badf00d8badf00dULL;
}
static void module_cmdline_unterminated(void)
{
    memset(harness_mem + MODCMD_PA, 'm', 0x800);
    memset(harness_mem + MODCMD_PA + 0x800, 'm', 4096);
}

struct pvh_case {
    const char *name;
    void (*build)(void);
    const char *why;            /* expected in the reason */
};

static const struct pvh_case cases[] = {
    { "start info unmappable", si_unmappable,
      "hvm_start_info at 0x21000 cannot be mapped" },
    { "version 1 part unmappable", v1_part_unmappable,
      "hvm_start_info at 0x1ffd8 cannot be mapped" },
    { "bad magic", bad_magic,
      "hvm_start_info at 0x1000: bad magic 0x336ec579" },
    { "version 0", version_0, "version 0 has no memory map" },
    { "no memmap entries", no_entries, "gives no memory map" },
    { "memmap at 0", no_memmap_pa, "gives no memory map" },
    { "memmap too many", memmap_too_many,
      "129 memory map entries, more than 128" },
    { "memmap unmappable", memmap_unmappable,
      "memory map at 0x1ffd0 cannot be mapped" },
    { "memmap entry wraps", memmap_wraps,
      "memory map entry 2 at 0xffffffffff000000 wraps" },
    { "memmap all empty", memmap_all_empty,
      "memory map has no non-empty range" },
    { "cmdline unterminated", cmdline_unterminated,
      "command line at 0x2000 is not NUL-terminated within 4096 bytes" },
    { "cmdline unmappable", cmdline_unmappable,
      "command line at 0x20008 cannot be mapped" },
    { "cmdline runs off memory", cmdline_runs_off_memory,
      "command line at 0x1fffc cannot be mapped" },
    { "cmdline wraps", cmdline_wraps,
      "command line at 0xffffffffffffff9b wraps the address space" },
    { "too many modules", too_many_modules, "17 modules, more than 16" },
    { "no module list", no_modlist, "2 modules but no module list" },
    { "module list unmappable", modlist_unmappable,
      "module list at 0x1ffe0 cannot be mapped" },
    { "module at 0", module_at_0, "module 1 at address 0" },
    { "module wraps", module_wraps,
      "module 1 at 0x200000 wraps the address space" },
};

/*
 * An unreadable module command line (qboot leaves the field as stack
 * garbage) is taken as empty, not refused.
 */
Test(pvh, module_cmdline_unusable_is_empty)
{
    static const struct {
        void (*build)(void);
        unsigned int module;
    } c[] = { { module_cmdline_garbage, 1 },
              { module_cmdline_unterminated, 0 } };

    for (unsigned int i = 0; i < ARRAY_SIZE(c); i++) {
        si_pa = SI_PA;
        c[i].build();
        cr_assert_eq(pvh_parse(si_pa, map, &bi, &why), 0, "case %u", i);
        cr_assert_str_eq(bi.mods[c[i].module].cmdline, "", "case %u", i);
    }
}

/* Parameters are indices: Criterion runs each in a fresh process. */
static unsigned int case_idx[ARRAY_SIZE(cases)];

ParameterizedTestParameters(pvh, refusals)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++)
        case_idx[i] = i;
    return cr_make_param_array(unsigned int, case_idx, ARRAY_SIZE(cases));
}

ParameterizedTest(unsigned int *idx, pvh, refusals)
{
    const struct pvh_case *c = &cases[*idx];
    int rc;

    si_pa = SI_PA;
    c->build();
    rc = pvh_parse(si_pa, map, &bi, &why);
    cr_assert_eq(rc, -XEN_EINVAL, "%s: accepted (rc %d)", c->name, rc);
    cr_assert(strstr(why, c->why) != NULL, "%s: reason \"%s\" lacks \"%s\"",
              c->name, why, c->why);
}
