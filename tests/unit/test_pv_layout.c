/*
 * Unit tests for hypervisor/common/pv_layout.c: the start-of-day layout
 * of a PV domain (Xen's xen.h rules) and its initial page tables, built
 * into fake frames and then walked like the MMU would, for dom0 and domU
 * shapes, a region across a 1 GiB boundary, and the refusals.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include <hv/pv_layout.h>

#define KBASE       0xffffffff80000000ull
#define MFN_OF(pfn) ((pfn) * 7 + 0x1000)    /* scattered, not 1:1 */
#define MAX_PAGES   8192

static unsigned long p2m[MAX_PAGES];
static uint64_t (*frames)[512];           /* page contents by pfn */

static void setup(void)
{
    for (unsigned long i = 0; i < MAX_PAGES; i++)
        p2m[i] = MFN_OF(i);
    frames = calloc(MAX_PAGES, sizeof(*frames));
}

static void teardown(void)
{
    free(frames);
}

TestSuite(pv_layout, .init = setup, .fini = teardown);

static struct pv_layout plan_ok(uint64_t base, uint64_t kend, uint64_t initrd,
                                unsigned long pages, bool domu)
{
    struct pv_layout_req req = { base, kend, initrd, pages, domu };
    struct pv_layout l;

    cr_assert_eq(pv_layout_plan(&req, &l), PV_LAYOUT_OK);
    return l;
}

/* Xen's ordering and alignment rules, whatever the sizes. */
static void check_rules(const struct pv_layout *l, unsigned long pages)
{
    cr_assert_eq(l->vinitrd_start, l->vkern_end);
    cr_assert_eq(l->vkern_end % 4096, 0);
    cr_assert_eq(l->vphysmap_start % 4096, 0);
    cr_assert_geq(l->vphysmap_start, l->vinitrd_end);
    cr_assert_eq(l->vphysmap_end - l->vphysmap_start, pages * 8);
    cr_assert_geq(l->vstartinfo_start, l->vphysmap_end);
    cr_assert_eq(l->vpt_end - l->vpt_start, l->nr_pt_pages * 4096);
    cr_assert_eq(l->vstack_end, l->vpt_end + 4096);
    cr_assert_eq(l->v_end % (4 << 20), 0, "region ends 4 MiB-aligned");
    cr_assert_geq(l->v_end - l->vstack_end, 512 << 10, "512 KiB spare");
}

Test(pv_layout, dom0_shape)
{
    struct pv_layout l = plan_ok(KBASE, KBASE + 0x123456, 0, 4096, false);

    check_rules(&l, 4096);
    cr_assert_eq(l.vkern_end, KBASE + 0x124000);
    cr_assert_eq(l.vstore_start, 0, "dom0 has no store ring");
    cr_assert_eq(l.vpt_start, l.vstartinfo_start + 4096);
    /* 4 MiB from the kernel base: L4, L3, L2 and two L1s. */
    cr_assert_eq(l.v_end, KBASE + (4 << 20));
    cr_assert_eq(l.nr_pt_pages, 5);
}

Test(pv_layout, domu_magic_pages_follow_start_info)
{
    struct pv_layout l = plan_ok(KBASE, KBASE + 0x80000, 0x5000, 2048, true);

    check_rules(&l, 2048);
    cr_assert_eq(l.vinitrd_end, l.vinitrd_start + 0x5000);
    cr_assert_eq(l.vstore_start, l.vstartinfo_start + 4096);
    cr_assert_eq(l.vconsole_start, l.vstore_start + 4096);
    cr_assert_eq(l.vpt_start, l.vconsole_start + 4096);
}

Test(pv_layout, spare_forces_another_4mib)
{
    /* The stack page ends 256 KiB before a 4 MiB boundary: too little. */
    struct pv_layout l = plan_ok(KBASE, KBASE + (3 << 20) + (700 << 10), 0,
                                 4096, false);

    check_rules(&l, 4096);
    cr_assert_eq(l.v_end, KBASE + (8 << 20));
}

Test(pv_layout, refusals)
{
    struct pv_layout l;
    struct pv_layout_req small = { KBASE, KBASE + (3 << 20), 0, 1000, true };
    struct pv_layout_req hole = { 0xffff800000000000ull,
                                  0xffff800000100000ull, 0, 4096, true };
    /* The region would end past the lower half's last address. */
    struct pv_layout_req noncanon = { 0x00007fffffc00000ull,
                                      0x00007ffffff80000ull, 0, 4096, true };
    struct pv_layout_req wrap = { KBASE, KBASE - 4096, 0, 4096, true };
    struct pv_layout_req huge_initrd = { KBASE, KBASE + 4096, ~0ull >> 1,
                                         4096, true };

    cr_assert_eq(pv_layout_plan(&small, &l), PV_LAYOUT_TOO_BIG);
    cr_assert_eq(pv_layout_plan(&hole, &l), PV_LAYOUT_BAD_RANGE);
    cr_assert_eq(pv_layout_plan(&noncanon, &l), PV_LAYOUT_BAD_RANGE);
    cr_assert_eq(pv_layout_plan(&wrap, &l), PV_LAYOUT_BAD_RANGE);
    cr_assert_eq(pv_layout_plan(&huge_initrd, &l), PV_LAYOUT_BAD_RANGE);
}

static uint64_t *table(void *ctx, unsigned long pfn)
{
    unsigned int *used = ctx;

    cr_assert_lt(pfn, MAX_PAGES);
    (*used)++;
    return frames[pfn];
}

/* The pfn whose mfn is m (the fake P2M's inverse). */
static unsigned long pfn_of(uint64_t m)
{
    cr_assert_eq((m - 0x1000) % 7, 0, "mfn %#lx is no frame", (long)m);
    return (m - 0x1000) / 7;
}

/* The leaf entry for va, walking from the L4 at pfn l4; 0 if absent. */
static uint64_t walk(unsigned long l4, uint64_t va)
{
    unsigned long pfn = l4;

    for (unsigned int level = 4; level >= 1; level--) {
        uint64_t e = frames[pfn][(va >> (12 + 9 * (level - 1))) & 511];

        if (!(e & 1))
            return 0;
        if (level == 1)
            return e;
        cr_assert_eq(e & 0xfff, 0x027, "table entries: P RW U A");
        pfn = pfn_of(e >> 12);
    }
    return 0;
}

static void check_tables(const struct pv_layout *l)
{
    unsigned int used = 0;
    unsigned long l4 = pv_layout_pfn(l, l->vpt_start);

    cr_assert_eq(pv_layout_build_tables(l, p2m, table, &used), 0);
    cr_assert_leq(used, l->nr_pt_pages);
    for (uint64_t va = l->v_start; va < l->v_end; va += 4096) {
        uint64_t e = walk(l4, va);
        bool pt = va >= l->vpt_start && va < l->vpt_end;

        cr_assert_eq(e >> 12, p2m[pv_layout_pfn(l, va)], "va %#lx", (long)va);
        cr_assert_eq(e & 0xfff, pt ? 0x021 : 0x023,
                     "va %#lx: tables read-only, the rest writable",
                     (long)va);
    }
    cr_assert_eq(walk(l4, l->v_end), 0, "nothing mapped past the region");
    cr_assert_eq(walk(l4, l->v_start - 4096), 0, "nor before it");
}

Test(pv_layout, tables_map_the_region)
{
    struct pv_layout l = plan_ok(KBASE, KBASE + 0x200000, 0x300000, 4096,
                                 true);

    check_tables(&l);
}

Test(pv_layout, tables_across_a_1gib_boundary)
{
    /* Starts 2 MiB below 1 GiB: two L2 tables under one L3. */
    uint64_t base = 0x3fe00000ull;
    struct pv_layout l = plan_ok(base, base + 0x180000, 0, 4096, true);

    cr_assert_eq(l.nr_pt_pages, 1 + 1 + 2 + 3);
    check_tables(&l);
}

Test(pv_layout, start_info_fields)
{
    struct pv_layout l = plan_ok(KBASE, KBASE + 0x100000, 0x2000, 2048, true);
    start_info_t si;

    memset(&si, 0xaa, sizeof(si));
    pv_layout_start_info(&l, 2048, p2m, &si);
    cr_assert_str_eq(si.magic, "xen-3.0-x86_64");
    cr_assert_eq(si.nr_pages, 2048);
    cr_assert_eq(si.pt_base, l.vpt_start);
    cr_assert_eq(si.nr_pt_frames, l.nr_pt_pages);
    cr_assert_eq(si.mfn_list, l.vphysmap_start);
    cr_assert_eq(si.mod_start, l.vinitrd_start);
    cr_assert_eq(si.mod_len, 0x2000);
    cr_assert_eq(si.store_mfn, p2m[pv_layout_pfn(&l, l.vstore_start)]);
    cr_assert_eq(si.console.domU.mfn,
                 p2m[pv_layout_pfn(&l, l.vconsole_start)]);
    cr_assert_eq(si.flags, 0, "zeroed: the caller's fields");
    cr_assert_eq(si.cmd_line[0], 0);
}
