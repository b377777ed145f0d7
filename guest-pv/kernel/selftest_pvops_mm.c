/*
 * selftest=pvops, page tables: entries written with the set_pte op read
 * back through the tables and used through a mapping, and address-space
 * switches with set_bases.  (TLB maintenance is selftest=mm's tlb_flush
 * case, run again here as pvops_tlb: it already goes through the ops.)
 */
#include <guest/aspace.h>
#include <guest/extable.h>
#include <guest/kmap.h>
#include <guest/mm.h>
#include <guest/mmu.h>
#include <guest/pvops.h>
#include "selftest_pvops.h"

#define TEST_VA     0x30000000ul

/* The first word at va in the active address space, or ~0 on a fault. */
static uint64_t read_va(unsigned long va)
{
    uint64_t v;

    return probe_read(va, &v) ? v : ~0ull;
}

/*
 * An entry set through the table: read back from the L1 as written
 * (plus what the hypervisor may add: A, D, U), and the frame seen
 * through it, for reading and for writing.
 */
void test_pvops_pte(struct test *t)
{
    unsigned long before = frames_free(), pfn;
    struct aspace as;
    uint64_t ma, e, *p;

    if (!expect_true(t, "frame", fill_frames(&pfn, 1)) ||
        !expect_eq(t, "aspace_create", aspace_create(&as), 0))
        return;
    expect_eq(t, "aspace_map", aspace_map(&as, TEST_VA, pfn, PTE_USER_RW),
              0);
    mmu_flush();
    e = aspace_lookup(&as, TEST_VA, &ma);
    expect_true(t, "entry read back: the frame",
                PTE_MFN(e) == pfn_to_mfn(pfn));
    expect_true(t, "entry read back: present, writable",
                (e & (PTE_PRESENT | PTE_RW)) == (PTE_PRESENT | PTE_RW));
    aspace_activate(&as);
    expect_true(t, "frame read through the mapping",
                read_va(TEST_VA) == TEST_FRAME_MAGIC);
    expect_true(t, "write through the mapping",
                probe_write(TEST_VA + 8, TEST_FRAME_MAGIC + 8));
    aspace_activate(NULL);
    p = kmap(pfn_to_mfn(pfn), false);
    expect_true(t, "write seen in the frame", p[1] == TEST_FRAME_MAGIC + 8);
    kunmap(p);
    aspace_destroy(&as);
    expect_eq(t, "frames back", frames_free(), before);
}

/* wbinvd: the caches written back; a frame's data survive it. */
void test_pvops_wbinvd(struct test *t)
{
    unsigned long pfn;
    uint64_t *p;

    if (!expect_true(t, "frame", fill_frames(&pfn, 1)))
        return;
    p = kmap(pfn_to_mfn(pfn), true);
    p[1] = TEST_FRAME_MAGIC + 1;
    pv_ops.mmu.wbinvd();
    expect_true(t, "data after wbinvd", p[0] == TEST_FRAME_MAGIC &&
                                        p[1] == TEST_FRAME_MAGIC + 1);
    kunmap(p);
    frame_put(pfn);
}

/* Two address spaces map TEST_VA to different frames. */
void test_pvops_aspace_switch(struct test *t)
{
    unsigned long before = frames_free(), pfns[2];
    struct aspace as[2];
    unsigned int i;

    if (!expect_true(t, "frames", fill_frames(pfns, 2)))
        return;
    for (i = 0; i < 2; i++) {
        if (!expect_eq(t, "aspace_create", aspace_create(&as[i]), 0))
            return;
        aspace_map(&as[i], TEST_VA, pfns[i], PTE_USER_RW);
    }
    mmu_flush();
    for (i = 0; i < 3; i++) {
        aspace_activate(&as[i % 2]);
        if (read_va(TEST_VA) != TEST_FRAME_MAGIC + i % 2)
            test_fail(t, "switch %u: address space %u not seen", i, i % 2);
    }
    aspace_activate(NULL);
    expect_true(t, "unmapped in the kernel's own space",
                read_va(TEST_VA) == ~0ull);
    for (i = 0; i < 2; i++)
        aspace_destroy(&as[i]);
    expect_eq(t, "frames back", frames_free(), before);
}
