/*
 * selftest=memop: memory_op's reservation sub-ops and their refusals.
 * The guest reads its reservation, gives a frame of its own allocator
 * back (decrease_reservation) and gets one again (increase_reservation,
 * populate_physmap), keeping its P2M and Xen's M2P in step as a PV guest
 * must; then it sends requests Xen refuses.  The expected values are
 * Xen 4.17's, observed by running this suite as its dom0; every result
 * is also printed on an info line (frame numbers and page counts differ
 * between hypervisors, so they never appear in TEST lines).
 */
#include <abi/guest_hypercall.h>
#include <xen/errno.h>
#include <xen/memory.h>
#include <guest/console.h>
#include <guest/hypervisor.h>
#include <guest/kmap.h>
#include <guest/mm.h>
#include <guest/mmu.h>
#include <guest/selftest.h>

/* A P2M entry with no frame behind it (as mm.c). */
#define P2M_INVALID     (~0ul)

/* No such domain on either hypervisor. */
#define OTHER_DOMID     7

/* The reservation when the suite starts: every case ends back there. */
static long start_pages;

/* Two pages: the second one is unmapped to make a list fault midway. */
static xen_pfn_t list_pages[2 * PAGE_SIZE / sizeof(xen_pfn_t)]
    __aligned(PAGE_SIZE);

static bool expect_memop(struct test *t, const char *what, long got,
                         long want)
{
    info("memop: %s: %ld\n", what, got);
    return expect_eq(t, what, got, want);
}

static long reservation(unsigned int op, xen_pfn_t *list,
                        unsigned long nr_extents, unsigned int order,
                        domid_t domid)
{
    struct xen_memory_reservation r = {
        .nr_extents = nr_extents, .extent_order = order, .domid = domid,
    };

    set_xen_guest_handle(r.extent_start, list);
    return HYPERVISOR_memory_op(op, &r);
}

static long reservation_info(unsigned int op, domid_t domid)
{
    return HYPERVISOR_memory_op(op, &domid);
}

static long current_pages(void)
{
    return reservation_info(XENMEM_current_reservation, DOMID_SELF);
}

static void p2m_set(unsigned long pfn, unsigned long mfn)
{
    ((unsigned long *)start_info->mfn_list)[pfn] = mfn;
}

/* Xen's M2P entry for mfn set to pfn (MMU_MACHPHYS_UPDATE). */
static long m2p_update(unsigned long mfn, unsigned long pfn)
{
    mmu_update_t req = {
        .ptr = ((uint64_t)mfn << PAGE_SHIFT) | MMU_MACHPHYS_UPDATE,
        .val = pfn,
    };

    mmu_flush();
    return HYPERVISOR_mmu_update(&req, 1, NULL, DOMID_SELF);
}

/*
 * A free frame of the allocator given back to the hypervisor: its P2M
 * entry invalidated first.  Returns the pfn left without a frame (still
 * allocated in the guest's allocator), 0 on failure.
 */
static unsigned long give_back_frame(struct test *t)
{
    unsigned long pfn = frame_alloc();
    xen_pfn_t mfn;

    if (!expect_true(t, "a free frame", pfn != 0))
        return 0;
    mfn = pfn_to_mfn(pfn);
    info("memop: giving back pfn 0x%lx mfn 0x%lx\n", pfn,
         (unsigned long)mfn);
    p2m_set(pfn, P2M_INVALID);
    if (!expect_memop(t, "decrease_reservation own frame",
                      reservation(XENMEM_decrease_reservation, &mfn, 1, 0,
                                  DOMID_SELF), 1))
        return 0;
    return pfn;
}

/* A new frame mfn behind pfn: M2P (as Xen requires) and P2M, then free. */
static void take_frame(struct test *t, unsigned long pfn, unsigned long mfn)
{
    info("memop: got mfn 0x%lx for pfn 0x%lx\n", mfn, pfn);
    expect_memop(t, "MMU_MACHPHYS_UPDATE new frame", m2p_update(mfn, pfn),
                 0);
    p2m_set(pfn, mfn);
    expect_true(t, "new frame is own (P2M and M2P agree)",
                mfn_is_own(mfn));
    frame_put(pfn);
}

static void memop_begin(void)
{
    start_pages = current_pages();
    info("memop: nr_pages %lu, current_reservation %ld\n",
         start_info->nr_pages, start_pages);
}

static void test_memop_info(struct test *t)
{
    long max_ram = HYPERVISOR_memory_op(XENMEM_maximum_ram_page, NULL);
    long max_res = reservation_info(XENMEM_maximum_reservation, DOMID_SELF);

    info("memop: maximum_ram_page %ld, maximum_reservation %ld\n",
         max_ram, max_res);
    expect_true(t, "maximum_ram_page > 0", max_ram > 0);
    expect_eq(t, "current_reservation == nr_pages", start_pages,
              (long)start_info->nr_pages);
    expect_true(t, "maximum_reservation >= current_reservation",
                max_res >= start_pages);
}

static void test_memop_decrease_increase(struct test *t)
{
    unsigned long pfn = give_back_frame(t);
    xen_pfn_t mfn = 0;

    if (!pfn)
        return;
    expect_memop(t, "current_reservation after decrease", current_pages(),
                 start_pages - 1);
    if (!expect_memop(t, "increase_reservation one extent",
                      reservation(XENMEM_increase_reservation, &mfn, 1, 0,
                                  DOMID_SELF), 1))
        return;
    take_frame(t, pfn, mfn);
    expect_memop(t, "current_reservation after increase", current_pages(),
                 start_pages);
}

static void test_memop_populate(struct test *t)
{
    unsigned long pfn = give_back_frame(t);
    xen_pfn_t slot = pfn;

    if (!pfn)
        return;
    if (!expect_memop(t, "populate_physmap one extent",
                      reservation(XENMEM_populate_physmap, &slot, 1, 0,
                                  DOMID_SELF), 1))
        return;
    /* Xen sets the M2P of a populated frame itself: already pfn. */
    expect_true(t, "populated frame's M2P entry", mfn_to_pfn(slot) == pfn);
    take_frame(t, pfn, slot);
    expect_memop(t, "current_reservation after populate", current_pages(),
                 start_pages);
}

/* RAM below the domain's lowest frame: owned by someone else. */
static unsigned long foreign_frame(void)
{
    unsigned long pfn, lo = ~0ul, mfn;

    for (pfn = 0; pfn < start_info->nr_pages; pfn++)
        if (pfn_to_mfn(pfn) != P2M_INVALID && pfn_to_mfn(pfn) < lo)
            lo = pfn_to_mfn(pfn);
    for (mfn = lo; mfn-- > 0;)
        if (!mfn_is_own(mfn))
            return mfn;
    return 0;
}

/* increase_reservation of one extent, cmd's start extent (bits 6+) 5. */
static long start_past_end(void)
{
    xen_pfn_t mfn = 0;
    struct xen_memory_reservation r = {
        .nr_extents = 1, .extent_order = 0, .domid = DOMID_SELF,
    };

    set_xen_guest_handle(r.extent_start, &mfn);
    return HYPERVISOR_memory_op(XENMEM_increase_reservation | (5u << 6), &r);
}

static void test_memop_refusals(struct test *t)
{
    xen_pfn_t mfn = 0;
    domid_t self = DOMID_SELF;
    long max_ram = HYPERVISOR_memory_op(XENMEM_maximum_ram_page, NULL);

    expect_memop(t, "unknown sub-op 50",
                 HYPERVISOR_memory_op(50, &self), -XEN_ENOSYS);
    expect_memop(t, "maximum_ram_page with a start extent",
                 HYPERVISOR_memory_op(XENMEM_maximum_ram_page | (1u << 6),
                                      NULL), -XEN_EINVAL);
    expect_memop(t, "current_reservation domid 7",
                 reservation_info(XENMEM_current_reservation, OTHER_DOMID),
                 -XEN_ESRCH);
    expect_memop(t, "maximum_reservation domid 7",
                 reservation_info(XENMEM_maximum_reservation, OTHER_DOMID),
                 -XEN_ESRCH);
    expect_memop(t, "current_reservation arg in the hypervisor",
                 HYPERVISOR_memory_op(XENMEM_current_reservation,
                                      (void *)TEST_XEN_ADDR), -XEN_EFAULT);
    expect_memop(t, "increase_reservation arg in the hypervisor",
                 HYPERVISOR_memory_op(XENMEM_increase_reservation,
                                      (void *)TEST_XEN_ADDR), 0);
    expect_memop(t, "increase_reservation domid 7",
                 reservation(XENMEM_increase_reservation, &mfn, 1, 0,
                             OTHER_DOMID), 0);
    expect_memop(t, "decrease_reservation domid 7",
                 reservation(XENMEM_decrease_reservation, &mfn, 1, 0,
                             OTHER_DOMID), 0);
    /* Above Xen's memop-max-order for dom0 (18), and far above. */
    expect_memop(t, "increase_reservation order 19",
                 reservation(XENMEM_increase_reservation, &mfn, 1, 19,
                             DOMID_SELF), 0);
    expect_memop(t, "increase_reservation order 30",
                 reservation(XENMEM_increase_reservation, &mfn, 1, 30,
                             DOMID_SELF), 0);
    /* A start extent at or past nr_extents: answered with the start. */
    expect_memop(t, "increase_reservation start extent 5 of 1",
                 start_past_end(), 5);
    expect_memop(t, "increase_reservation list in the hypervisor",
                 reservation(XENMEM_increase_reservation,
                             (xen_pfn_t *)TEST_XEN_ADDR, 1, 0, DOMID_SELF),
                 0);
    expect_memop(t, "decrease_reservation list in the hypervisor",
                 reservation(XENMEM_decrease_reservation,
                             (xen_pfn_t *)TEST_XEN_ADDR, 1, 0, DOMID_SELF),
                 0);
    expect_memop(t, "decrease_reservation list unmapped",
                 reservation(XENMEM_decrease_reservation,
                             (xen_pfn_t *)TEST_LOW_ADDR, 1, 0, DOMID_SELF),
                 0);
    expect_memop(t, "populate_physmap list unmapped",
                 reservation(XENMEM_populate_physmap,
                             (xen_pfn_t *)TEST_LOW_ADDR, 1, 0, DOMID_SELF),
                 0);
    mfn = foreign_frame();
    info("memop: foreign mfn 0x%lx\n", (unsigned long)mfn);
    if (expect_true(t, "a foreign frame", mfn != 0))
        expect_memop(t, "decrease_reservation foreign frame",
                     reservation(XENMEM_decrease_reservation, &mfn, 1, 0,
                                 DOMID_SELF), 0);
    mfn = max_ram + 0x100000;
    expect_memop(t, "decrease_reservation frame beyond RAM",
                 reservation(XENMEM_decrease_reservation, &mfn, 1, 0,
                             DOMID_SELF), 0);
    expect_memop(t, "current_reservation after refusals", current_pages(),
                 start_pages);
}

/*
 * nr_extents beyond what the list holds: the list's second page is
 * unmapped, the first extent is the last slot of the first page.  Xen
 * returns the extents done before the fault.
 */
static void test_memop_list_faults(struct test *t)
{
    unsigned long va2 = (unsigned long)list_pages + PAGE_SIZE;
    uint64_t l1e_ma = pt_entry_maddr(mmu_boot_l4(), va2, 1);
    uint64_t pte = l1e_ma ? pt_read(l1e_ma) : 0;
    xen_pfn_t *last = (xen_pfn_t *)va2 - 1;
    unsigned long pfn;
    long rc;

    if (!expect_true(t, "the list's second page mapped",
                     (pte & PTE_PRESENT) != 0))
        return;
    pfn = frame_alloc();
    if (!expect_true(t, "a free frame", pfn != 0))
        return;
    *last = pfn_to_mfn(pfn);
    p2m_set(pfn, P2M_INVALID);
    if (!expect_memop(t, "unmap the list's second page",
                      HYPERVISOR_update_va_mapping(va2, 0, UVMF_INVLPG), 0))
        return;
    rc = reservation(XENMEM_decrease_reservation, last, 4, 0, DOMID_SELF);
    expect_memop(t, "update_va_mapping restore",
                 HYPERVISOR_update_va_mapping(va2, pte, UVMF_INVLPG), 0);
    if (!expect_memop(t, "decrease_reservation 4 extents, fault after 1",
                      rc, 1))
        return;
    expect_memop(t, "current_reservation after the partial decrease",
                 current_pages(), start_pages - 1);
    /* The same faulting list for populate: one frame back, then stop. */
    *last = pfn;
    expect_memop(t, "unmap the list's second page again",
                 HYPERVISOR_update_va_mapping(va2, 0, UVMF_INVLPG), 0);
    rc = reservation(XENMEM_populate_physmap, last, 4, 0, DOMID_SELF);
    expect_memop(t, "update_va_mapping restore again",
                 HYPERVISOR_update_va_mapping(va2, pte, UVMF_INVLPG), 0);
    if (!expect_memop(t, "populate_physmap 4 extents, fault after 1", rc, 1))
        return;
    take_frame(t, pfn, *last);
    expect_memop(t, "current_reservation at the end", current_pages(),
                 start_pages);
}

static const struct test_case memop_cases[] = {
    { "memop_info", test_memop_info },
    { "memop_decrease_increase", test_memop_decrease_increase },
    { "memop_populate", test_memop_populate },
    { "memop_refusals", test_memop_refusals },
    { "memop_list_faults", test_memop_list_faults },
};

const struct test_suite selftest_memop_suite = {
    "memop", memop_cases, ARRAY_SIZE(memop_cases), memop_begin, NULL,
};
