/*
 * Unit tests for hypervisor/common/page_alloc.c: the frame table and the
 * buddy allocator, over the harness's fake machine memory.
 *
 * The reference for "which frames are usable" is a brute-force per-frame
 * check written here independently of the allocator's range arithmetic;
 * every test compares the allocator's view with it.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "hv_host.h"
#include <abi/xen.h>
#include <xen/errno.h>
#include <hv/lib.h>
#include <hv/mm.h>

#define KiB(x)  ((uint64_t)(x) << 10)
#define MiB(x)  ((uint64_t)(x) << 20)
#define GiB(x)  ((uint64_t)(x) << 30)

static struct boot_info bi;
static struct phys_range reserved[8];
static unsigned int nr_reserved;
static uint8_t owner_a, owner_b;   /* stand-ins: the allocator never looks */
#define DOM_A ((struct domain *)&owner_a)
#define DOM_B ((struct domain *)&owner_b)

static void add_mem(uint64_t base, uint64_t len, uint32_t type)
{
    bi.mem[bi.nr_mem++] = (struct boot_mem_range){ base, len, type };
}

static void add_reserved(paddr_t start, paddr_t end)
{
    reserved[nr_reserved++] = (struct phys_range){ start, end };
}

/*
 * A 64 MiB machine like a small PC: low RAM and the BIOS area below
 * 1 MiB, then RAM with a hole at 32 MiB, an ACPI table at 48 MiB, and a
 * last RAM range whose end is not page aligned.  The hypervisor image
 * sits at 1-3 MiB and a boot module at an unaligned address.
 */
static void pc_layout(void)
{
    memset(&bi, 0, sizeof(bi));
    nr_reserved = 0;
    harness_mem_init(MiB(64));
    add_mem(0, 0x9f000, BOOT_MEM_RAM);
    add_mem(0x9f000, 0x61000, BOOT_MEM_RESERVED);
    add_mem(MiB(1), MiB(31), BOOT_MEM_RAM);
    add_mem(MiB(33), MiB(15), BOOT_MEM_RAM);
    add_mem(MiB(48), KiB(64), BOOT_MEM_ACPI);
    add_mem(MiB(48) + KiB(64), MiB(16) - KiB(64) - 100, BOOT_MEM_RAM);
    add_reserved(MiB(1), MiB(3));
    add_reserved(MiB(34) + 0x123, MiB(35) + 0x456);
}

static void init_ok(void)
{
    const char *why = NULL;

    cr_assert_eq(page_alloc_init(&bi, reserved, nr_reserved, &why), 0,
                 "init failed: %s", why);
}

static bool overlaps(paddr_t s, paddr_t e, paddr_t rs, paddr_t re)
{
    return rs < e && re > s;
}

/* The reference: may frame 'mfn' be handed out? */
static bool usable(mfn_t mfn)
{
    paddr_t s = (paddr_t)mfn << PAGE_SHIFT, e = s + PAGE_SIZE;
    paddr_t ft = virt_to_maddr(frame_table);
    paddr_t ft_end = ft + max_mfn * sizeof(struct page_info);
    bool in_ram = false;
    unsigned int i;

    if (s < MiB(1) || e > GiB(4) || overlaps(s, e, ft, ft_end))
        return false;
    for (i = 0; i < bi.nr_mem; i++) {
        const struct boot_mem_range *r = &bi.mem[i];

        if (r->type != BOOT_MEM_RAM &&
            overlaps(s, e, r->base, r->base + r->len))
            return false;
        if (r->type == BOOT_MEM_RAM && s >= r->base && e <= r->base + r->len)
            in_ram = true;
    }
    for (i = 0; i < nr_reserved; i++)
        if (overlaps(s, e, reserved[i].start, reserved[i].end))
            return false;
    return in_ram;
}

static unsigned int state(mfn_t mfn)
{
    return mfn_to_page(mfn)->count_info & PGC_state_mask;
}

/* Largest order with a whole aligned block of usable frames. */
static unsigned int largest_usable_order(void)
{
    unsigned int order, best = 0;
    mfn_t m, i;

    for (order = 0; order <= MAX_ORDER; order++) {
        for (m = 0; m + (1UL << order) <= max_mfn; m += 1UL << order) {
            for (i = 0; i < (1UL << order) && usable(m + i); i++)
                ;
            if (i == (1UL << order)) {
                best = order;
                break;
            }
        }
        if (best != order)
            break;
    }
    return best;
}

/* ---- initialisation ---------------------------------------------------- */

Test(page_alloc, init_frees_exactly_the_usable_frames)
{
    unsigned long expect = 0;
    mfn_t m;

    pc_layout();
    init_ok();
    cr_assert_eq(max_mfn, MiB(64) / PAGE_SIZE - 1, "last RAM frame is partial");
    for (m = 0; m < max_mfn; m++) {
        if (usable(m)) {
            expect++;
            cr_assert_eq(state(m), PGC_state_free, "mfn %#lx not free", m);
        } else {
            cr_assert_eq(state(m), PGC_state_reserved, "mfn %#lx", m);
        }
        cr_assert_null(mfn_to_page(m)->owner);
    }
    cr_assert_eq(free_frame_count(), expect);
    cr_assert_eq(total_frame_count(), expect);
    cr_assert_eq(harness_panics, 0);
}

Test(page_alloc, frame_table_avoids_reserved_ranges)
{
    paddr_t ft;

    pc_layout();
    init_ok();
    ft = virt_to_maddr(frame_table);
    /* First RAM above 1 MiB, just past the hypervisor image. */
    cr_assert_eq(ft, MiB(3), "frame table at %#llx", (unsigned long long)ft);
    cr_assert(IS_ALIGNED(ft, PAGE_SIZE));
    cr_assert_eq(state(ft >> PAGE_SHIFT), PGC_state_reserved);
    cr_assert_eq(state((ft + max_mfn * sizeof(struct page_info) - 1) >>
                       PAGE_SHIFT), PGC_state_reserved);
}

Test(page_alloc, frame_table_goes_to_a_later_range_when_needed)
{
    pc_layout();
    /* The first range above 1 MiB is now too full to hold 640 KiB. */
    add_reserved(MiB(3), MiB(32) - KiB(512));
    init_ok();
    cr_assert_eq(virt_to_maddr(frame_table), MiB(33));
    cr_assert_eq(state(MiB(33) >> PAGE_SHIFT), PGC_state_reserved);
    cr_assert_eq(state((MiB(32) - KiB(512)) >> PAGE_SHIFT), PGC_state_free);
}

Test(page_alloc, no_room_for_the_frame_table)
{
    const char *why = NULL;

    memset(&bi, 0, sizeof(bi));
    nr_reserved = 0;
    harness_mem_init(MiB(2));
    add_mem(0, KiB(640), BOOT_MEM_RAM);
    add_mem(MiB(1), KiB(4), BOOT_MEM_RAM);
    cr_assert_eq(page_alloc_init(&bi, reserved, 0, &why), -XEN_ENOMEM);
    cr_assert_not_null(why);

    memset(&bi, 0, sizeof(bi));         /* no RAM at all */
    why = NULL;
    cr_assert_eq(page_alloc_init(&bi, reserved, 0, &why), -XEN_ENOMEM);
    cr_assert_not_null(why);
}

Test(page_alloc, ram_above_4g_is_ignored)
{
    pc_layout();
    add_mem(GiB(4), GiB(4), BOOT_MEM_RAM);          /* never touched */
    add_mem(GiB(4) - MiB(1), MiB(2), BOOT_MEM_RESERVED);
    init_ok();
    cr_assert_eq(max_mfn, MiB(64) / PAGE_SIZE - 1);
}

Test(page_alloc, repeated_and_overlapping_ram_entries_count_once)
{
    unsigned long before;

    pc_layout();
    init_ok();
    before = free_frame_count();
    pc_layout();
    add_mem(MiB(1), MiB(31), BOOT_MEM_RAM);         /* the same again */
    add_mem(MiB(20), MiB(20), BOOT_MEM_RAM);        /* over the 32M hole */
    init_ok();
    /* The hole at 32-33 MiB is RAM now; nothing else changes. */
    cr_assert_eq(free_frame_count(), before + MiB(1) / PAGE_SIZE);
}

/* ---- allocation -------------------------------------------------------- */

static void assert_block_inuse(mfn_t mfn, unsigned int order,
                               struct domain *owner)
{
    mfn_t i;

    for (i = 0; i < (1UL << order); i++) {
        const struct page_info *pg = mfn_to_page(mfn + i);

        cr_assert_eq(pg->count_info, PGC_state_inuse, "mfn %#lx", mfn + i);
        cr_assert_eq(pg->type_info, PGT_none);
        cr_assert_eq(pg->owner, owner);
        cr_assert(usable(mfn + i), "handed out unusable mfn %#lx", mfn + i);
    }
}

Test(page_alloc, every_order_allocates_aligned_and_frees_back)
{
    unsigned long start;
    unsigned int order, top;
    mfn_t mfn;

    pc_layout();
    init_ok();
    start = free_frame_count();
    top = largest_usable_order();
    cr_assert_eq(top, 12, "16 MiB at 16-32 MiB is the largest block");
    for (order = 0; order <= MAX_ORDER + 1; order++) {
        mfn = alloc_frames(order, DOM_A);
        if (order > top) {
            cr_assert_eq(mfn, INVALID_MFN, "order %u", order);
            continue;
        }
        cr_assert_neq(mfn, INVALID_MFN, "order %u", order);
        cr_assert(IS_ALIGNED(mfn, 1UL << order), "order %u: %#lx", order, mfn);
        assert_block_inuse(mfn, order, DOM_A);
        cr_assert_eq(free_frame_count(), start - (1UL << order));
        free_frames(mfn, order);
        cr_assert_eq(free_frame_count(), start);
    }
    cr_assert_eq(total_frame_count(), start);
}

Test(page_alloc, owner_null_is_the_hypervisor)
{
    mfn_t mfn;

    pc_layout();
    init_ok();
    mfn = alloc_frames(2, NULL);
    assert_block_inuse(mfn, 2, NULL);
    free_frames(mfn, 2);
}

Test(page_alloc, exhaustion_then_full_merge)
{
    unsigned long start, n = 0;
    mfn_t *got, mfn;
    uint8_t *seen;

    pc_layout();
    init_ok();
    start = free_frame_count();
    got = calloc(start, sizeof(*got));
    seen = calloc(max_mfn, 1);
    while ((mfn = alloc_frames(0, DOM_B)) != INVALID_MFN) {
        cr_assert_lt(n, start, "more frames than were free");
        cr_assert_lt(mfn, max_mfn);
        cr_assert_not(seen[mfn], "mfn %#lx handed out twice", mfn);
        cr_assert(usable(mfn));
        seen[mfn] = 1;
        got[n++] = mfn;
    }
    cr_assert_eq(n, start);
    cr_assert_eq(free_frame_count(), 0);
    cr_assert_eq(alloc_frames(0, DOM_B), INVALID_MFN);
    /* Free in an order unlike the allocation's, to exercise merging. */
    for (mfn = 0; mfn < n; mfn += 2)
        free_frames(got[mfn], 0);
    for (mfn = 1; mfn < n; mfn += 2)
        free_frames(got[mfn], 0);
    cr_assert_eq(free_frame_count(), start);
    /* Everything merged back: the largest block is whole again. */
    mfn = alloc_frames(12, NULL);
    cr_assert_neq(mfn, INVALID_MFN);
    free_frames(mfn, 12);
    free(got);
    free(seen);
}

Test(page_alloc, split_keeps_remainders_free)
{
    unsigned long start;
    mfn_t a, b;

    pc_layout();
    init_ok();
    start = free_frame_count();
    a = alloc_frames(0, DOM_A);
    b = alloc_frames(0, DOM_A);
    cr_assert_neq(a, b);
    cr_assert_eq(free_frame_count(), start - 2);
    free_frames(a, 0);
    free_frames(b, 0);
    cr_assert_eq(free_frame_count(), start);
    cr_assert_eq(largest_usable_order(), 12);
    a = alloc_frames(12, DOM_A);
    cr_assert_neq(a, INVALID_MFN, "buddies did not merge back");
    free_frames(a, 12);
}

/* ---- randomized alloc/free with the invariants checked every step ------ */

struct held {
    mfn_t mfn;
    unsigned int order;
    struct domain *owner;
};

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/*
 * Every frame is reserved (never changes), free, or in use by exactly one
 * block the test holds, with that block's owner; counts agree.
 */
static void check_invariants(const struct held *h, size_t nr,
                             const uint8_t *reserved_map, uint8_t *mark)
{
    unsigned long nfree = 0, ninuse = 0, held_frames = 0;
    size_t i;
    mfn_t m;

    memset(mark, 0, max_mfn);
    for (i = 0; i < nr; i++) {
        held_frames += 1UL << h[i].order;
        for (m = h[i].mfn; m < h[i].mfn + (1UL << h[i].order); m++) {
            cr_assert_not(mark[m], "mfn %#lx in two held blocks", m);
            mark[m] = 1;
            cr_assert_eq(mfn_to_page(m)->owner, h[i].owner);
        }
    }
    for (m = 0; m < max_mfn; m++) {
        unsigned int s = state(m);

        cr_assert_eq(s == PGC_state_reserved, reserved_map[m], "mfn %#lx", m);
        cr_assert_eq(s == PGC_state_inuse, mark[m], "mfn %#lx", m);
        nfree += s == PGC_state_free;
        ninuse += s == PGC_state_inuse;
    }
    cr_assert_eq(nfree, free_frame_count());
    cr_assert_eq(ninuse, held_frames);
    cr_assert_eq(nfree + ninuse, total_frame_count());
}

/* One random step: free a held block (45%) or allocate a new one. */
static size_t random_step(struct held *held, size_t nr, size_t cap)
{
    struct domain *owner;
    unsigned int order;
    size_t i;
    mfn_t m;

    if (nr && (rng() % 100 < 45 || nr == cap)) {
        i = rng() % nr;
        free_frames(held[i].mfn, held[i].order);
        held[i] = held[nr - 1];
        return nr - 1;
    }
    /* Mostly small blocks, as domains ask for; now and then larger. */
    order = (unsigned int)(rng() % 100 < 80 ? rng() % 3 : rng() % 10);
    owner = rng() & 1 ? DOM_A : DOM_B;
    m = alloc_frames(order, owner);
    if (m == INVALID_MFN)
        return nr;
    cr_assert(IS_ALIGNED(m, 1UL << order));
    held[nr] = (struct held){ m, order, owner };
    return nr + 1;
}

Test(page_alloc, random_sequence_preserves_invariants)
{
    static struct held held[4096];
    uint8_t *reserved_map, *mark;
    unsigned long start;
    size_t nr = 0, step;
    mfn_t m;

    pc_layout();
    init_ok();
    start = free_frame_count();
    reserved_map = calloc(max_mfn, 1);
    mark = calloc(max_mfn, 1);
    for (m = 0; m < max_mfn; m++)
        reserved_map[m] = state(m) == PGC_state_reserved;

    for (step = 0; step < 3000; step++) {
        nr = random_step(held, nr, ARRAY_SIZE(held));
        check_invariants(held, nr, reserved_map, mark);
    }
    while (nr) {
        nr--;
        free_frames(held[nr].mfn, held[nr].order);
    }
    check_invariants(held, 0, reserved_map, mark);
    cr_assert_eq(free_frame_count(), start);
    m = alloc_frames(12, NULL);
    cr_assert_neq(m, INVALID_MFN, "free blocks did not all merge back");
    free(reserved_map);
    free(mark);
}
