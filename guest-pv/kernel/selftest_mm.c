/*
 * selftest=mm: the frame allocator, kernel mappings and page tables
 * through hypercalls.  The user-process cases are in selftest_proc.c;
 * the suite lists both.
 */
#include <xen/errno.h>
#include <guest/aspace.h>
#include <guest/console.h>
#include <guest/hypervisor.h>
#include <guest/kmap.h>
#include <guest/mm.h>
#include <guest/mmu.h>
#include <guest/proc.h>
#include <guest/selftest.h>

/* A user address for kernel-built mappings (L2 slot 256 of slot 0). */
#define TEST_VA         0x20000000ul
#define BATCH_PAGES     64
#define MAGIC           TEST_FRAME_MAGIC

/* Free frames when the suite started: exit_frees wants them back. */
static unsigned long baseline_free;

static void mm_suite_begin(void)
{
    baseline_free = frames_free();
}

/* Every pool frame: the M2P maps its mfn back to it. */
static unsigned long p2m_m2p_mismatches(void)
{
    unsigned long pfn, bad = 0;

    for (pfn = mm_first_free_pfn(); pfn < start_info->nr_pages; pfn++)
        bad += mfn_to_pfn(pfn_to_mfn(pfn)) != pfn;
    return bad;
}

static bool frame_is_zero(unsigned long pfn)
{
    const uint64_t *p = kmap(pfn_to_mfn(pfn), false);
    unsigned int i;
    bool zero = true;

    for (i = 0; i < PAGE_SIZE / sizeof(*p); i++)
        zero &= p[i] == 0;
    kunmap((void *)p);
    return zero;
}

void test_frame_alloc(struct test *t)
{
    unsigned long before = frames_free(), a, b, c;

    info("mm: pool of %lu frames from pfn 0x%lx, %lu free\n",
         frames_total(), mm_first_free_pfn(), before);
    expect_eq(t, "every pool frame free", before, frames_total());
    a = frame_alloc();
    b = frame_alloc();
    c = frame_alloc_zeroed();
    expect_true(t, "three distinct frames", a && b && c && a != b &&
                b != c && a != c);
    expect_true(t, "from the pool", a >= mm_first_free_pfn() &&
                b >= mm_first_free_pfn() && c >= mm_first_free_pfn());
    expect_eq(t, "free after 3 allocations", frames_free(), before - 3);
    frame_get(a);
    expect_eq(t, "refs after frame_get", frame_refs(a), 2);
    frame_put(a);
    expect_eq(t, "still allocated", frames_free(), before - 3);
    expect_true(t, "frame_alloc_zeroed zeroes", frame_is_zero(c));
    frame_put(a);
    frame_put(b);
    frame_put(c);
    expect_eq(t, "free after frame_put", frames_free(), before);
    expect_eq(t, "P2M/M2P mismatches", p2m_m2p_mismatches(), 0);
    expect_true(t, "boot L4 is own", mfn_is_own(mmu_boot_l4()));
}

void test_kmap(struct test *t)
{
    unsigned long pfn = frame_alloc();
    uint64_t *p;
    const uint64_t *l4;
    long rc = 0;

    p = kmap(pfn_to_mfn(pfn), true);
    p[0] = MAGIC;
    p[511] = ~MAGIC;
    kunmap(p);
    p = kmap(pfn_to_mfn(pfn), false);
    expect_true(t, "read back through a read-only window",
                p[0] == MAGIC && p[511] == ~MAGIC);
    kunmap(p);
    /* A page table may be mapped, read-only. */
    l4 = kmap_try(mmu_boot_l4(), false, &rc);
    expect_eq(t, "read-only kmap of the boot L4", rc, 0);
    if (l4) {
        expect_true(t, "boot L4 maps the kernel (slot 511)",
                    l4[PT_INDEX(KERNEL_VIRT_BASE, 4)] & PTE_PRESENT);
        kunmap((void *)l4);
    }
    expect_eq(t, "windows in use", kmap_in_use(), 0);
    frame_put(pfn);
}

/* Pin, then a writable mapping is refused until the unpin. */
static void pin_one(struct test *t, unsigned int level)
{
    unsigned long pfn = frame_alloc_zeroed(), mfn = pfn_to_mfn(pfn);
    long rc = 0;
    void *va;

    expect_eq(t, "pin", mmu_pin(level, mfn), 0);
    va = kmap_try(mfn, true, &rc);
    /* Xen 4.17: -EBUSY, the frame's type is in use (not -EINVAL). */
    expect_eq(t, "writable kmap of a pinned table", rc, -XEN_EBUSY);
    if (va)
        kunmap(va);
    va = kmap_try(mfn, false, &rc);
    expect_eq(t, "read-only kmap of a pinned table", rc, 0);
    if (va)
        kunmap(va);
    expect_eq(t, "unpin", mmu_unpin(mfn), 0);
    va = kmap_try(mfn, true, &rc);
    expect_eq(t, "writable kmap after unpin", rc, 0);
    if (va)
        kunmap(va);
    frame_put(pfn);
}

void test_pin_unpin(struct test *t)
{
    unsigned int level;

    for (level = 1; level <= 4; level++)
        pin_one(t, level);
}

/* Fills n new frames with MAGIC + index; false if out of frames. */
bool fill_frames(unsigned long *pfns, unsigned int n)
{
    unsigned int i;
    uint64_t *p;

    for (i = 0; i < n; i++) {
        pfns[i] = frame_alloc();
        if (!pfns[i]) {
            while (i > 0)
                frame_put(pfns[--i]);
            return false;
        }
        p = kmap(pfn_to_mfn(pfns[i]), true);
        p[0] = MAGIC + i;
        kunmap(p);
    }
    return true;
}

static unsigned int pages_reading_back(unsigned int n)
{
    unsigned int i, good = 0;
    uint64_t v;

    for (i = 0; i < n; i++)
        good += probe_read(TEST_VA + i * PAGE_SIZE, &v) && v == MAGIC + i;
    return good;
}

void test_mmu_batch(struct test *t)
{
    unsigned long before = frames_free(), pfns[BATCH_PAGES], flushes;
    struct aspace as;
    unsigned int i;
    uint64_t v;

    if (!expect_true(t, "frames", fill_frames(pfns, BATCH_PAGES)))
        return;
    if (!expect_eq(t, "aspace_create", aspace_create(&as), 0))
        return;
    /* The first mapping builds the L3, L2 and L1 tables. */
    aspace_map(&as, TEST_VA, pfns[0], PTE_USER_RW);
    mmu_flush();
    flushes = mmu_flush_count();
    for (i = 1; i < BATCH_PAGES; i++)
        aspace_map(&as, TEST_VA + i * PAGE_SIZE, pfns[i], PTE_USER_RW);
    mmu_flush();
    expect_eq(t, "mmu_update calls for 63 entries",
              mmu_flush_count() - flushes, 1);
    aspace_activate(&as);
    expect_eq(t, "pages reading back", pages_reading_back(BATCH_PAGES),
              BATCH_PAGES);
    aspace_activate(NULL);
    expect_true(t, "not mapped in the kernel's own page tables",
                !probe_read(TEST_VA, &v));
    expect_eq(t, "tables built", as.tables, 3);
    aspace_destroy(&as);
    expect_eq(t, "frames back after aspace_destroy", frames_free(), before);
}

/* Retargets va's entry to pfn (the old frame stays the caller's). */
static void retarget(struct aspace *as, unsigned long pfn)
{
    uint64_t ma, e = aspace_lookup(as, TEST_VA, &ma);

    mmu_queue(ma, (e & ~PTE_ADDR_MASK) |
                  ((uint64_t)pfn_to_mfn(pfn) << PAGE_SHIFT), 1);
    mmu_flush();
}

void test_tlb_flush(struct test *t)
{
    unsigned long before = frames_free(), pfns[2] = { 0 };
    struct aspace as;
    uint64_t v = 0;

    if (!expect_true(t, "frames", fill_frames(pfns, 2)))
        return;
    if (!expect_eq(t, "aspace_create", aspace_create(&as), 0))
        return;
    aspace_map(&as, TEST_VA, pfns[0], PTE_USER_RW);
    mmu_flush();
    aspace_activate(&as);
    expect_true(t, "first frame", probe_read(TEST_VA, &v) && v == MAGIC);
    retarget(&as, pfns[1]);
    mmu_invlpg(TEST_VA);
    expect_true(t, "second frame after INVLPG_LOCAL",
                probe_read(TEST_VA, &v) && v == MAGIC + 1);
    retarget(&as, pfns[0]);
    mmu_flush_tlb();
    expect_true(t, "first frame after TLB_FLUSH_LOCAL",
                probe_read(TEST_VA, &v) && v == MAGIC);
    aspace_activate(NULL);
    aspace_destroy(&as);
    frame_put(pfns[1]);
    expect_eq(t, "frames back", frames_free(), before);
}

/*
 * aspace_fork() must flush the TLB of the active address space: a
 * writable translation cached before the fork would otherwise let the
 * parent write into the frame it now shares with the child.  The
 * child's tables are built first: Xen flushes TLBs itself when a frame
 * that was mapped writable becomes a page table, which would hide a
 * missing flush.
 */
void test_fork_tlb(struct test *t)
{
    unsigned long before = frames_free(), pfns[2] = { 0 };
    struct aspace parent, child;
    const uint64_t *p;
    uint64_t v = 0;

    if (!expect_true(t, "frames", fill_frames(pfns, 2)))
        return;
    if (!expect_eq(t, "aspace_create", aspace_create(&parent), 0) ||
        !expect_eq(t, "aspace_create", aspace_create(&child), 0))
        return;
    aspace_map(&parent, TEST_VA, pfns[0], PTE_USER_RW);
    aspace_map(&child, TEST_VA + PAGE_SIZE, pfns[1], PTE_USER_RW);
    mmu_flush();
    aspace_activate(&parent);
    /* Caches a writable translation of TEST_VA. */
    expect_true(t, "write before the fork", probe_write(TEST_VA, 1));
    expect_eq(t, "aspace_fork", aspace_fork(&child, &parent), 0);
    /* No process is current, so nothing resolves the COW fault. */
    expect_true(t, "write after the fork faults", !probe_write(TEST_VA, 2));
    p = kmap(pfn_to_mfn(pfns[0]), false);
    v = p[0];
    kunmap((void *)p);
    expect_eq(t, "shared frame unchanged", (long)v, 1);
    expect_eq(t, "frame shared", frame_refs(pfns[0]), 2);
    aspace_activate(NULL);
    aspace_destroy(&child);
    aspace_destroy(&parent);
    expect_eq(t, "frames back", frames_free(), before);
}

void test_exit_frees(struct test *t)
{
    info("mm: %lu frames free, %lu at the start\n", frames_free(),
         baseline_free);
    expect_eq(t, "processes left", proc_count(), 0);
    expect_eq(t, "kmap windows in use", kmap_in_use(), 0);
    expect_eq(t, "free frames back where they started", frames_free(),
              baseline_free);
}

static const struct test_case mm_cases[] = {
    { "frame_alloc", test_frame_alloc },
    { "kmap", test_kmap },
    { "pin_unpin", test_pin_unpin },
    { "mmu_batch", test_mmu_batch },
    { "tlb_flush", test_tlb_flush },
    { "fork_tlb", test_fork_tlb },
    { "user_syscall", test_user_syscall },
    { "syscall_frame", test_syscall_frame },
    { "demand_zero", test_demand_zero },
    { "fork_copy", test_fork_copy },
    { "fork_cow", test_fork_cow },
    { "fork_wait", test_fork_wait },
    { "round_robin", test_round_robin },
    { "user_no_kernel", test_user_no_kernel },
    { "user_no_xen", test_user_no_xen },
    { "user_text_ro", test_user_text_ro },
    { "user_bad_address", test_user_bad_address },
    { "user_privileged", test_user_privileged },
    { "user_port_io", test_user_port_io },
    { "exit_frees", test_exit_frees },
};

const struct test_suite selftest_mm_suite = {
    "mm", mm_cases, ARRAY_SIZE(mm_cases), mm_suite_begin, NULL,
};
