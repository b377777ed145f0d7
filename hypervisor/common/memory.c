/*
 * memory_op(cmd, arg): a domain's memory reservation (Xen's
 * common/memory.c), for PV domains, which see machine frame numbers.
 *
 *   increase_reservation  allocate extents; their MFNs to extent_start
 *                         (when not NULL)
 *   populate_physmap      allocate an extent for each pfn in extent_start,
 *                         set the M2P, write the MFN back in its place
 *   decrease_reservation  give back the extents at the MFNs listed; a frame
 *                         still mapped or typed leaves only when its last
 *                         reference goes (tot_pages drops then)
 *   These return the number of extents done, never an error: a bad
 *   argument ends the call with what was done (Xen's rule).  Progress
 *   rides in cmd's bits 6 and up (MEMOP_EXTENT_SHIFT) across
 *   continuations.
 *   maximum_ram_page, current/maximum_reservation, maximum_gpfn; the
 *   M2P's place (machphys_mapping, machphys_mfn_list) from the arch;
 *   memory_map is -ENOSYS, as on Xen 4.17 for a PV domain without a
 *   pseudo-physical map (checked on real Xen).
 *   exchange is not implemented (-ENOSYS after Xen's argument copy).
 *
 * Another domain may be named by the control domain only (the domain
 * builder populates a new domain's memory on its behalf); to any other
 * caller such a domain is -EPERM where Xen reports an error, and one
 * that does not exist -ESRCH.  A dying domain gets no new memory.
 * New frames are zeroed: they may have held another owner's data.
 */
#include <hv/bug.h>
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/event.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/page_type.h>
#include <asm/paging.h>
#include <xen/errno.h>
#include <xen/memory.h>

#define MEMOP_EXTENT_SHIFT  6
#define MEMOP_CMD_MASK      ((1U << MEMOP_EXTENT_SHIFT) - 1)

/* Frames an invocation handles before it becomes a continuation. */
#define MEMOP_PREEMPT_FRAMES    512

/* Xen's default memop-max-order for x86: domU 9, control 18, hardware 12. */
#define DOMU_MAX_ORDER      9
#define CTLDOM_MAX_ORDER    18

/* One reservation call: Xen's struct memop_args. */
struct memop {
    struct domain *d;
    unsigned int op;
    unsigned long list;         /* guest array of xen_pfn_t, or 0 */
    unsigned int nr_extents;
    unsigned int order;
    unsigned long limit_mfn;    /* address_bits: frames below; 0: any */
    unsigned int done;          /* extents completed */
    bool preempted;
};

/*
 * The domain a request names (Xen's rcu_lock_domain_by_any_id, then the
 * XSM_TARGET check): the caller itself, or for the control domain any
 * other.  NULL with *rc -XEN_ESRCH or -XEN_EPERM otherwise.
 */
static struct domain *memop_domain(domid_t domid, long *rc)
{
    struct domain *self = current_vcpu()->domain;
    struct domain *d;

    if (domid == DOMID_SELF || domid == self->domain_id)
        return self;
    d = domain_lookup(domid);
    *rc = !d ? -XEN_ESRCH : -XEN_EPERM;
    return d && is_control_domain(self) ? d : NULL;
}

static unsigned int max_order(const struct domain *d)
{
    return MIN(d->is_privileged ? CTLDOM_MAX_ORDER : DOMU_MAX_ORDER,
               MAX_ORDER);
}

/* Stop here for a continuation, after enough frames in this invocation? */
static bool memop_preempt(struct memop *m, unsigned int first)
{
    if (m->done == first ||
        ((unsigned long)(m->done - first) << m->order) < MEMOP_PREEMPT_FRAMES ||
        !hypercall_preempt_check())
        return false;
    m->preempted = true;
    return true;
}

/* Gives back frames this call allocated but could not hand over. */
static void release_extent(mfn_t mfn, unsigned int order)
{
    for (unsigned long i = 0; i < (1UL << order); i++) {
        struct page_info *pg = mfn_to_page(mfn + i);

        pg->count_info &= ~PGC_allocated;
        put_page(pg);
    }
}

/* An extent for m->d, zeroed, its M2P entries set from 'pfn' (or none). */
static mfn_t alloc_extent(const struct memop *m, unsigned long pfn)
{
    mfn_t mfn = domain_alloc_frames(m->d, m->order);

    if (mfn == INVALID_MFN)
        return INVALID_MFN;
    if (m->limit_mfn && mfn + (1UL << m->order) > m->limit_mfn) {
        release_extent(mfn, m->order);
        return INVALID_MFN;
    }
    for (unsigned long i = 0; i < (1UL << m->order); i++) {
        memset(mfn_to_virt(mfn + i), 0, PAGE_SIZE);
        m2p_set(mfn + i, pfn == M2P_INVALID ? M2P_INVALID : pfn + i);
    }
    return mfn;
}

static void increase_reservation(struct memop *m)
{
    unsigned int first = m->done;

    for (; m->done < m->nr_extents; m->done++) {
        mfn_t mfn;

        if (memop_preempt(m, first))
            return;
        mfn = alloc_extent(m, M2P_INVALID);
        if (mfn == INVALID_MFN)
            return;
        /* As Xen: a failed copy-out keeps the extent, uncounted. */
        if (m->list && copy_to_guest(m->list + m->done * sizeof(xen_pfn_t),
                                     &mfn, sizeof(xen_pfn_t)))
            return;
    }
}

static void populate_physmap(struct memop *m)
{
    unsigned int first = m->done;

    for (; m->done < m->nr_extents; m->done++) {
        unsigned long slot = m->list + m->done * sizeof(xen_pfn_t);
        xen_pfn_t pfn;
        mfn_t mfn;

        if (memop_preempt(m, first))
            return;
        if (copy_from_guest(&pfn, slot, sizeof(pfn)))
            return;
        mfn = alloc_extent(m, pfn);
        if (mfn == INVALID_MFN)
            return;
        if (copy_to_guest(slot, &mfn, sizeof(xen_pfn_t)))
            return;
    }
}

/*
 * Xen's guest_remove_page for PV: the M2P entry goes and the allocation
 * reference is dropped; the frame is freed with its last reference.  The
 * shared_info page is not the guest's to give away: refused.
 */
static int remove_page(struct domain *d, mfn_t mfn)
{
    struct page_info *pg;

    if (!mfn_valid(mfn))
        return -XEN_EINVAL;
    pg = get_page_from_mfn(mfn, d);
    if (!pg)
        return -XEN_ENXIO;
    if (pg->count_info & PGC_xen_heap) {
        put_page(pg);
        return -XEN_ENXIO;
    }
    m2p_set(mfn, M2P_INVALID);
    if (pg->count_info & PGC_allocated) {
        pg->count_info &= ~PGC_allocated;
        put_page(pg);       /* never the last: ours is still held */
    }
    put_page(pg);
    return 0;
}

static void decrease_reservation(struct memop *m)
{
    unsigned int first = m->done;

    for (; m->done < m->nr_extents; m->done++) {
        xen_pfn_t mfn;

        if (memop_preempt(m, first))
            return;
        if (copy_from_guest(&mfn, m->list + m->done * sizeof(mfn),
                            sizeof(mfn)))
            return;
        /* An extent fails as a whole, though frames before stay given. */
        for (unsigned long i = 0; i < (1UL << m->order); i++)
            if (remove_page(m->d, mfn + i))
                return;
    }
}

/* Smallest order whose block covers every frame (Xen's get_order). */
static unsigned int order_covering(unsigned long frames)
{
    unsigned int order = 0;

    while (order < 63 && (1UL << order) < frames)
        order++;
    return order;
}

/*
 * Xen's propagate_node with one node: a privileged caller may name any
 * node below 64 (the allocation falls back), but asking for exactly a node
 * other than 0 cannot be met; others may not ask for an exact node.
 */
static bool node_ok(unsigned int mem_flags)
{
    unsigned int node = XENMEMF_get_node(mem_flags);
    bool exact = mem_flags & XENMEMF_exact_node_request;

    if (node == 0xff)
        return true;
    if (!current_vcpu()->domain->is_privileged)
        return !exact;
    return node < 64 && !(exact && node != 0);
}

/*
 * Xen's construct_memop_from_reservation; false: refused.  An address
 * limit is kept by refusing frames above it (the allocator cannot aim
 * below an address), so such a request may end early.
 */
static bool memop_setup(struct memop *m, const struct xen_memory_reservation *r)
{
    unsigned int bits = XENMEMF_get_address_bits(r->mem_flags);

    m->list = (unsigned long)r->extent_start.p;
    m->nr_extents = r->nr_extents;
    m->order = r->extent_order;
    m->limit_mfn = 0;
    if (bits && bits < order_covering(max_mfn) + PAGE_SHIFT) {
        if (bits <= PAGE_SHIFT)
            return false;
        m->limit_mfn = 1UL << (bits - PAGE_SHIFT);
    }
    /* XENMEMF_vnode: no virtual NUMA, so Xen ignores it too. */
    return node_ok(r->mem_flags);
}

/* The extents list must start in guest space (Xen's subrange check). */
static bool memop_list_ok(const struct memop *m)
{
    if (m->op == XENMEM_increase_reservation && !m->list)
        return true;
    return guest_range_ok(m->list + (unsigned long)m->done *
                          sizeof(xen_pfn_t), 1);
}

static void memop_run(struct memop *m, const struct xen_memory_reservation *r)
{
    if (m->order > max_order(current_vcpu()->domain) || !memop_list_ok(m))
        return;
    switch (m->op) {
    case XENMEM_increase_reservation:
        increase_reservation(m);
        break;
    case XENMEM_decrease_reservation:
        decrease_reservation(m);
        break;
    default:
        /* Populate-on-demand is for translated guests, never oneself. */
        if (!(r->mem_flags & XENMEMF_populate_on_demand))
            populate_physmap(m);
        break;
    }
}

static long reservation_op(unsigned int op, unsigned int start,
                           unsigned long arg)
{
    struct xen_memory_reservation r;
    struct memop m = { .op = op, .done = start };
    long rc;

    if (copy_from_guest(&r, arg, sizeof(r)))
        return start;
    /* The count must fit the continuation encoding. */
    if (r.nr_extents > (~0U >> MEMOP_EXTENT_SHIFT) || start >= r.nr_extents)
        return start;
    m.d = memop_domain(r.domid, &rc);
    if (!m.d || m.d->is_dying || !memop_setup(&m, &r))
        return start;
    memop_run(&m, &r);
    if (m.preempted)
        return hypercall_create_continuation(
            __HYPERVISOR_memory_op, 2,
            (unsigned long)op | ((unsigned long)m.done << MEMOP_EXTENT_SHIFT),
            arg);
    return m.done;
}

/* current_reservation, maximum_reservation, maximum_gpfn. */
static long reservation_info(unsigned int op, unsigned long arg)
{
    const struct domain *d;
    domid_t domid;
    unsigned long max_pfn;
    long rc;

    if (copy_from_guest(&domid, arg, sizeof(domid)))
        return -XEN_EFAULT;
    d = memop_domain(domid, &rc);
    if (!d)
        return rc;
    if (op == XENMEM_current_reservation)
        return d->tot_pages;
    if (op == XENMEM_maximum_reservation)
        return d->max_pages;
    /* PV: the p2m size the guest published in shared_info, minus one. */
    max_pfn = d->shared_info->arch.max_pfn;
    return (long)(max_pfn ? max_pfn : 1) - 1;
}

/* Not implemented: Xen's argument copy first, so a bad pointer matches. */
static long memory_exchange(unsigned long arg)
{
    struct xen_memory_exchange exch;

    if (copy_from_guest(&exch, arg, sizeof(exch)))
        return -XEN_EFAULT;
    return -XEN_ENOSYS;
}

static long memory_map(unsigned long arg)
{
    struct xen_memory_map map;

    if (copy_from_guest(&map, arg, sizeof(map)))
        return -XEN_EFAULT;
    return -XEN_ENOSYS;
}

long do_memory_op(const struct hc_args *args)
{
    unsigned long cmd = args->a[0];
    unsigned long arg = args->a[1];
    unsigned int op = cmd & MEMOP_CMD_MASK;
    unsigned long start = cmd >> MEMOP_EXTENT_SHIFT;

    switch (op) {
    case XENMEM_increase_reservation:
    case XENMEM_decrease_reservation:
    case XENMEM_populate_physmap:
        /* Xen truncates the start to 32 bits, and so the result. */
        return reservation_op(op, (unsigned int)start, arg);
    case XENMEM_maximum_ram_page:
        return start ? -XEN_EINVAL : (long)max_mfn;
    case XENMEM_current_reservation:
    case XENMEM_maximum_reservation:
    case XENMEM_maximum_gpfn:
        return start ? -XEN_EINVAL : reservation_info(op, arg);
    case XENMEM_exchange:
        return start ? -XEN_EINVAL : memory_exchange(arg);
    }
    /* Xen's arch sub-ops compare the whole cmd: a start matches none. */
    if (start)
        return -XEN_ENOSYS;
    if (op == XENMEM_memory_map)
        return memory_map(arg);
    return arch_memory_op(op, arg);
}
