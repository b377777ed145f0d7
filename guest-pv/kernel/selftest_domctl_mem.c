/*
 * selftest=domctl, memory: dom0 gives a new domain memory on its behalf
 * (memory_op with its domid), maps its frames through mmu_update with a
 * foreign domain (as Xen's domain builder, store and consoles do), gives
 * a vCPU a context, destroys the domain while still mapping one of its
 * frames, and creates and destroys domains in a loop - and free memory
 * (physinfo) comes back exactly every time.
 */
#include <xen/errno.h>
#include <guest/console.h>
#include <guest/kmap.h>
#include <guest/mm.h>
#include <guest/mmu.h>
#include <guest/pte.h>
#include <guest/thread.h>
#include <guest/time.h>
#include "selftest_domctl.h"

/* Create-populate-destroy rounds of the loop case. */
#define LOOP_ROUNDS     100

/*
 * Pages of the large domain: more than one destroydomain invocation
 * gives back (1024 on ours), so its destruction continues.
 */
#define LARGE_PAGES     3072

/*
 * Xen frees a destroyed domain's structures after an RCU grace period,
 * which needs its CPUs to pass through idle: free memory comes back
 * some time after destroydomain returns.  Reads of free memory are
 * therefore spaced by sleeps (this guest idles then), up to FREE_READS
 * of them; ours frees at once, and the first read settles it.
 */
#define FREE_READS      200
#define FREE_READ_NS    (10 * NSEC_PER_MSEC)

static long reservation(unsigned int op, domid_t domid, xen_pfn_t *list,
                        unsigned int n)
{
    struct xen_memory_reservation r = { .nr_extents = n, .domid = domid };

    set_xen_guest_handle(r.extent_start, list);
    return HYPERVISOR_memory_op(op, &r);
}

long domctl_populate(domid_t domid, xen_pfn_t *mfns, unsigned int n)
{
    for (unsigned int i = 0; i < n; i++)
        mfns[i] = i;
    return reservation(XENMEM_populate_physmap, domid, mfns, n);
}

/* Free pages read until they equal 'want' (see FREE_READS). */
static long free_pages_back_to(long want)
{
    long now = domctl_free_pages();

    for (unsigned int i = 0; i < FREE_READS && now != want; i++) {
        thread_sleep(FREE_READ_NS);
        now = domctl_free_pages();
    }
    return now;
}

/* Free pages once earlier destructions are complete: two reads agree. */
static long free_pages_settled(void)
{
    long before, now = domctl_free_pages();

    for (unsigned int i = 0; i < FREE_READS; i++) {
        before = now;
        thread_sleep(FREE_READ_NS);
        now = domctl_free_pages();
        if (now == before)
            break;
    }
    return now;
}

/* A kmap window retargeted at another domain's frame. */
struct fmap {
    unsigned long pfn;          /* our frame the window held first */
    volatile uint64_t *va;
};

/*
 * Maps frame 'mfn' of domain 'domid' at a window: mmu_update of the
 * window's L1 entry with foreigndom 'domid'.  Returns its result; the
 * window is taken either way (fmap_put() gives it back).
 */
static long fmap_get(struct fmap *m, domid_t domid, unsigned long mfn,
                     bool writable)
{
    mmu_update_t req;
    long rc;

    m->pfn = frame_alloc();
    m->va = kmap(pfn_to_mfn(m->pfn), false);
    req.ptr = pt_entry_maddr(mmu_boot_l4(), (unsigned long)m->va, 1) |
              MMU_NORMAL_PT_UPDATE;
    req.val = ((uint64_t)mfn << PAGE_SHIFT) |
              (writable ? PTE_KERNEL_RW : PTE_KERNEL_RO);
    mmu_flush();
    rc = HYPERVISOR_mmu_update(&req, 1, NULL, domid);
    mmu_invlpg((unsigned long)m->va);
    return rc;
}

static void fmap_put(struct fmap *m)
{
    kunmap((void *)m->va);
    frame_put(m->pfn);
}

static long current_reservation(domid_t domid)
{
    return HYPERVISOR_memory_op(XENMEM_current_reservation, &domid);
}

void test_domctl_memory(struct test *t)
{
    long free0 = free_pages_settled(), id = domctl_create(t);
    xen_pfn_t mfns[DOMCTL_MAX_KB / 4 + 4];
    struct xen_domctl_getdomaininfo info;

    if (id < 0)
        return;
    expect_eq(t, "populate 4 on its behalf", domctl_populate(id, mfns, 4), 4);
    expect_eq(t, "its current_reservation", current_reservation(id), 4);
    /* 16 pages is its max_mem: 12 more fit, the last 4 are refused. */
    expect_eq(t, "populate beyond max_mem",
              domctl_populate(id, mfns, DOMCTL_MAX_KB / 4), 12);
    domctl_info(id, &info);
    expect_eq(t, "tot_pages at max_mem", (long)info.tot_pages,
              DOMCTL_MAX_KB / 4);
    expect_eq(t, "decrease_reservation on its behalf",
              reservation(XENMEM_decrease_reservation, id, mfns, 1), 1);
    expect_eq(t, "current_reservation after", current_reservation(id),
              DOMCTL_MAX_KB / 4 - 1);
    expect_eq(t, "populate for no domain",
              domctl_populate(DOMCTL_NO_DOMID, mfns, 1), 0);
    expect_eq(t, "current_reservation of no domain",
              current_reservation(DOMCTL_NO_DOMID), -XEN_ESRCH);
    domctl_destroy(t, id);
    expect_eq(t, "free pages back", free_pages_back_to(free0), free0);
}

void test_domctl_foreign_map(struct test *t)
{
    long free0 = free_pages_settled(), id = domctl_create(t);
    struct fmap rw, ro, bad;
    xen_pfn_t mfns[2];
    mmu_update_t m2p;

    if (id < 0 || !expect_eq(t, "populate", domctl_populate(id, mfns, 2), 2))
        return;
    if (expect_eq(t, "map its frame writable", fmap_get(&rw, id, mfns[0],
                                                        true), 0)) {
        rw.va[0] = 0x5eed0001;
        expect_eq(t, "map it again read-only",
                  fmap_get(&ro, id, mfns[0], false), 0);
        expect_eq(t, "the write reached its frame", (long)ro.va[0],
                  0x5eed0001);
        fmap_put(&ro);
    }
    fmap_put(&rw);
    expect_eq(t, "map a frame of ours as its",
              fmap_get(&bad, id, pfn_to_mfn(mm_first_free_pfn()), false),
              -XEN_EBUSY);
    fmap_put(&bad);
    expect_eq(t, "map for no domain", fmap_get(&bad, DOMCTL_NO_DOMID,
                                               mfns[1], false), -XEN_ESRCH);
    fmap_put(&bad);
    expect_eq(t, "map naming ourselves", fmap_get(&bad, 0, mfns[1], false),
              -XEN_ESRCH);
    fmap_put(&bad);
    m2p.ptr = ((uint64_t)mfns[1] << PAGE_SHIFT) | MMU_MACHPHYS_UPDATE;
    m2p.val = 7;
    expect_eq(t, "M2P of its frame", HYPERVISOR_mmu_update(&m2p, 1, NULL, id),
              0);
    domctl_destroy(t, id);
    expect_eq(t, "free pages back", free_pages_back_to(free0), free0);
}

void test_domctl_destroy_mapped(struct test *t)
{
    long free0 = free_pages_settled(), id = domctl_create(t), mid;
    struct fmap m;
    xen_pfn_t mfn;

    if (id < 0 || !expect_eq(t, "populate", domctl_populate(id, &mfn, 1), 1))
        return;
    if (!expect_eq(t, "map its frame", fmap_get(&m, id, mfn, true), 0)) {
        fmap_put(&m);
        return;
    }
    m.va[0] = 0xfeed;
    domctl_destroy(t, id);
    mid = domctl_free_pages();
    info("domctl: free pages %ld before, %ld destroyed but mapped\n", free0,
         mid);
    expect_true(t, "the mapped frame is not freed", mid < free0);
    expect_eq(t, "still readable", (long)m.va[0], 0xfeed);
    m.va[0] = 0xbeef;
    expect_eq(t, "still writable", (long)m.va[0], 0xbeef);
    fmap_put(&m);
    expect_eq(t, "free pages back once unmapped", free_pages_back_to(free0),
              free0);
}

void test_domctl_destroy_large(struct test *t)
{
    static xen_pfn_t mfns[LARGE_PAGES];
    long free0 = free_pages_settled(), id = domctl_create(t);
    struct xen_domctl op = { 0 };

    if (id < 0)
        return;
    op.u.max_mem.max_memkb = LARGE_PAGES * 4;
    expect_eq(t, "max_mem", domctl(XEN_DOMCTL_max_mem, id, &op), 0);
    expect_eq(t, "populate", domctl_populate(id, mfns, LARGE_PAGES),
              LARGE_PAGES);
    expect_eq(t, "its pages", current_reservation(id), LARGE_PAGES);
    domctl_destroy(t, id);
    expect_eq(t, "free pages back", free_pages_back_to(free0), free0);
}

/* One mmuext_op on domain 'domid''s frames (src: COPY_PAGE's source). */
static long mmuext_for(domid_t domid, unsigned int cmd, unsigned long mfn,
                       unsigned long src)
{
    struct mmuext_op op = { .cmd = cmd, .arg1.mfn = mfn };

    if (cmd == MMUEXT_COPY_PAGE)
        op.arg2.src_mfn = src;
    mmu_flush();
    return HYPERVISOR_mmuext_op(&op, 1, NULL, domid);
}

/* The builder pins a new domain's tables on its behalf (mmuext_op). */
void test_domctl_foreign_pin(struct test *t)
{
    long free0 = free_pages_settled(), id = domctl_create(t);
    unsigned long ours = pfn_to_mfn(mm_first_free_pfn());
    xen_pfn_t m[2];

    if (id < 0 || !expect_eq(t, "populate", domctl_populate(id, m, 2), 2))
        return;
    expect_eq(t, "pin its L4",
              mmuext_for(id, MMUEXT_PIN_L4_TABLE, m[0], 0), 0);
    expect_eq(t, "unpin it", mmuext_for(id, MMUEXT_UNPIN_TABLE, m[0], 0), 0);
    expect_eq(t, "clear its page",
              mmuext_for(id, MMUEXT_CLEAR_PAGE, m[0], 0), 0);
    expect_eq(t, "copy between its pages",
              mmuext_for(id, MMUEXT_COPY_PAGE, m[0], m[1]), 0);
    expect_eq(t, "copy from a page of ours",
              mmuext_for(id, MMUEXT_COPY_PAGE, m[0], ours), -XEN_EINVAL);
    expect_eq(t, "pin a frame of ours as its",
              mmuext_for(id, MMUEXT_PIN_L1_TABLE, ours, 0), -XEN_EINVAL);
    expect_eq(t, "flush its TLB",
              mmuext_for(id, MMUEXT_TLB_FLUSH_LOCAL, 0, 0), -XEN_EPERM);
    expect_eq(t, "for no domain",
              mmuext_for(DOMCTL_NO_DOMID, MMUEXT_TLB_FLUSH_LOCAL, 0, 0),
              -XEN_ESRCH);
    /* Destroyed with a pinned table: the pin goes with it. */
    expect_eq(t, "pin its L1",
              mmuext_for(id, MMUEXT_PIN_L1_TABLE, m[1], 0), 0);
    domctl_destroy(t, id);
    expect_eq(t, "free pages back", free_pages_back_to(free0), free0);
}

static struct vcpu_guest_context ctxt;

/* vCPU 'vcpu' of 'id' gets a context with base pointer 'l4'. */
static long set_context(domid_t id, uint32_t vcpu, unsigned long l4)
{
    struct xen_domctl op = { 0 };

    memset(&ctxt, 0, sizeof(ctxt));
    ctxt.flags = VGCF_in_kernel;
    ctxt.user_regs.cs = FLAT_RING3_CS64;
    ctxt.user_regs.ss = FLAT_RING3_SS64;
    ctxt.user_regs.rip = 0xffffffff80001000ul;
    ctxt.user_regs.rsp = 0xffffffff80002000ul;
    ctxt.kernel_ss = FLAT_RING3_SS64;
    ctxt.kernel_sp = ctxt.user_regs.rsp;
    ctxt.ctrlreg[3] = xen_pfn_to_cr3(l4);
    op.u.vcpucontext.vcpu = vcpu;
    set_xen_guest_handle(op.u.vcpucontext.ctxt, &ctxt);
    return domctl(XEN_DOMCTL_setvcpucontext, id, &op);
}

void test_domctl_vcpucontext(struct test *t)
{
    long id = domctl_create(t);
    struct xen_domctl op = { 0 };
    xen_pfn_t l4;

    if (id < 0 || !expect_eq(t, "populate", domctl_populate(id, &l4, 1), 1))
        return;
    /* A zeroed frame is an empty L4: it validates as the base pointer. */
    expect_eq(t, "setvcpucontext", set_context(id, 0, l4), 0);
    memset(&ctxt, 0, sizeof(ctxt));
    op.u.vcpucontext.vcpu = 0;
    set_xen_guest_handle(op.u.vcpucontext.ctxt, &ctxt);
    expect_eq(t, "getvcpucontext", domctl(XEN_DOMCTL_getvcpucontext, id,
                                          &op), 0);
    expect_eq(t, "rip", (long)ctxt.user_regs.rip, (long)0xffffffff80001000ul);
    expect_eq(t, "rsp", (long)ctxt.user_regs.rsp, (long)0xffffffff80002000ul);
    expect_eq(t, "cr3", (long)ctxt.ctrlreg[3], (long)xen_pfn_to_cr3(l4));
    expect_true(t, "in kernel, not online",
                (ctxt.flags & (VGCF_in_kernel | VGCF_online)) ==
                VGCF_in_kernel);
    expect_eq(t, "setvcpucontext vcpu 2 of 2",
              set_context(id, DOMCTL_VCPUS, l4), -XEN_EINVAL);
    expect_eq(t, "setvcpucontext L4 not its own",
              set_context(id, 1, pfn_to_mfn(mm_first_free_pfn())),
              -XEN_EINVAL);
    expect_eq(t, "setvcpucontext on ourselves", set_context(0, 1, l4),
              -XEN_EINVAL);
    domctl_destroy(t, id);
}

/*
 * Exactly the free memory of before is ours to promise, not Xen's: its
 * allocator pools keep some of what 100 domains used.  So the count is
 * an info line, which the boot case compares for our hypervisor.
 */
void test_domctl_loop(struct test *t)
{
    long free0 = free_pages_settled();
    unsigned int round;
    xen_pfn_t mfns[4];

    for (round = 0; round < LOOP_ROUNDS && !t->failed; round++) {
        long id = domctl_create(t);

        if (id < 0)
            break;
        expect_eq(t, "populate", domctl_populate(id, mfns, 4), 4);
        domctl_destroy(t, id);
    }
    info("domctl: loop: %u create-populate-destroy rounds, free pages %ld "
         "before, %ld after\n", round, free0, free_pages_back_to(free0));
    expect_eq(t, "rounds", round, LOOP_ROUNDS);
}
