/*
 * x86 PV memory: the hardware side of the page-type state machine (TLB
 * flushes, the M2P), helpers shared by the memory hypercalls,
 * update_va_mapping, and the x86 memory_op sub-ops (where the M2P is).
 *
 * update_va_mapping(va, pte, flags): replaces the L1 entry that maps va in
 * the current kernel page tables, through the same checked path as
 * mmu_update (pv_mod_entry), then flushes as UVMF_* asks.
 */
#include <hv/bug.h>
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/event.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/page_type.h>
#include <hv/softirq.h>
#include <asm/config.h>
#include <asm/page.h>
#include <asm/paging.h>
#include <asm/processor.h>
#include <asm/pt_validate.h>
#include <asm/smp.h>
#include <xen/errno.h>
#include <xen/memory.h>
#include "pv_mm.h"

BUILD_BUG_ON(sizeof(struct mmu_update) != MMU_UPDATE_SIZE);
BUILD_BUG_ON(sizeof(struct mmuext_op) != MMUEXT_OP_SIZE);

/*
 * A frame changed type or owner: any CPU running any guest may hold a
 * translation of it.  Guest entries are never global (pv_adjust_l1e), so
 * a CR3 reload is a complete flush of them; idle CPUs run on the idle
 * tables and hold none.
 */
void arch_page_type_flush(void)
{
    flush_tlb_mask(tlb_guest_cpus() | CPUMASK(smp_processor_id()));
}

void arch_page_freed(mfn_t mfn)
{
    m2p_set(mfn, M2P_INVALID);
    /* The guest may still hold a translation of the frame it gave up. */
    arch_page_type_flush();
}

void pv_flush_domain(const struct domain *d, unsigned long va, bool one_page)
{
    cpumask_t others = tlb_domain_cpus(d) & ~CPUMASK(smp_processor_id());

    if (one_page)
        invlpg(va);
    else
        flush_tlb_local();
    if (others)
        flush_tlb_mask(others);
}

bool pv_addr_ok(unsigned long va)
{
    return guest_range_ok(va, 1);
}

bool pv_array_ok(unsigned long addr, unsigned long count, size_t size)
{
    return count < ~0UL / size && pv_addr_ok(addr);
}

struct domain *pv_pg_owner_get(struct domain *curr, unsigned int domid,
                               long *rc)
{
    struct domain *d;

    domid &= 0xffff;
    if (domid == DOMID_SELF)
        return curr;
    *rc = -XEN_ESRCH;
    /* Xen: a domain may not name itself as the foreign domain. */
    if (domid == curr->domain_id)
        return NULL;
    *rc = -XEN_EPERM;
    if (domid == DOMID_IO || domid == DOMID_XEN)
        return NULL;
    d = domain_lookup((domid_t)domid);
    if (!d)
        *rc = -XEN_ESRCH;
    return d && is_control_domain(curr) ? d : NULL;
}

/* The validated table under a present, non-superpage entry, or NULL. */
static struct page_info *lower_table(const struct domain *d, pte_t e,
                                     unsigned int level)
{
    mfn_t mfn = pte_addr(e) >> PAGE_SHIFT;
    struct page_info *pg;

    if (!(e & _PAGE_PRESENT) || (e & _PAGE_PSE) || !mfn_valid(mfn))
        return NULL;
    pg = mfn_to_page(mfn);
    if (pg->owner != d ||
        (pg->type_info & (PGT_type_mask | PGT_validated)) !=
            (pgt_of_level(level) | PGT_validated))
        return NULL;
    return pg;
}

struct page_info *pv_guest_l1(const struct vcpu *v, unsigned long va,
                              unsigned int *slot)
{
    const struct domain *d = v->domain;
    struct page_info *pg;

    if (v->arch.guest_table == INVALID_MFN)
        return NULL;
    pg = mfn_to_page(v->arch.guest_table);
    for (unsigned int level = 4; level > 1; level--) {
        pte_t e = ((pte_t *)mfn_to_virt(page_to_mfn(pg)))[pt_index(va, level)];

        pg = lower_table(d, e, level - 1);
        if (!pg)
            return NULL;
    }
    *slot = pt_index(va, 1);
    return pg;
}

pte_t pv_guest_l1e(const struct vcpu *v, unsigned long va)
{
    unsigned int slot;
    struct page_info *l1 = pv_guest_l1(v, va, &slot);

    return l1 ? ((const pte_t *)mfn_to_virt(page_to_mfn(l1)))[slot] : 0;
}

int pv_vcpumask_self(unsigned long ptr, bool *self)
{
    unsigned long mask;

    if (copy_from_guest(&mask, ptr, sizeof(mask)))
        return -XEN_EFAULT;
    *self = mask & 1;
    return 0;
}

/*
 * UVMF_* after a successful update: TLB_FLUSH or INVLPG, for this vCPU
 * (LOCAL), all vCPUs (ALL) or those in a bitmap the flags point at.  A
 * bitmap that cannot be read is -EFAULT, after the update (Xen's order).
 * *flushed: every CPU running the domain was flushed.
 */
static long uvm_flush(unsigned long va, unsigned long flags, bool *flushed)
{
    unsigned long type = flags & UVMF_FLUSHTYPE_MASK;
    unsigned long target = flags & ~UVMF_FLUSHTYPE_MASK;
    bool self = true;
    int rc;

    if (type != UVMF_TLB_FLUSH && type != UVMF_INVLPG)
        return 0;
    if (target != UVMF_LOCAL && target != UVMF_ALL) {
        rc = pv_vcpumask_self(target, &self);
        if (rc)
            return rc;
    }
    /* ALL and a mask: other vCPUs may run elsewhere (a superset here). */
    if (target != UVMF_LOCAL)
        pv_flush_domain(current_vcpu()->domain, va, type == UVMF_INVLPG);
    else if (type == UVMF_TLB_FLUSH)
        flush_tlb_local();
    else
        invlpg(va);
    *flushed = target != UVMF_LOCAL;
    return 0;
}

long do_update_va_mapping(const struct hc_args *args)
{
    unsigned long va = args->a[0];
    pte_t new = args->a[1];
    unsigned long flags = args->a[2];
    struct vcpu *v = current_vcpu();
    struct page_info *l1;
    bool stale = false, flushed = false;
    unsigned int slot;
    long rc;

    if (!pv_addr_ok(va))
        return -XEN_EINVAL;
    l1 = pv_guest_l1(v, va, &slot);
    if (!l1)
        return -XEN_EINVAL;
    rc = pv_mod_entry(l1, slot, new, 0, &stale);
    if (rc)
        return rc;
    rc = uvm_flush(va, flags, &flushed);
    /* Whatever the guest asked: a removed or downgraded entry goes now,
     * on every CPU running this domain. */
    if (stale && !flushed)
        pv_flush_domain(v->domain, va, true);
    return rc;
}

/* Where the read-only M2P is, and how far a guest may look it up. */
static long machphys_mapping(unsigned long arg)
{
    const struct domain *d = current_vcpu()->domain;
    struct xen_machphys_mapping map = {
        .v_start = MACH2PHYS_VIRT_START,
        .v_end = MACH2PHYS_VIRT_END,
        .max_mfn = d->is_hardware_domain ? max_mfn - 1
                                         : MACH2PHYS_NR_ENTRIES - 1,
    };

    return copy_to_guest(arg, &map, sizeof(map)) ? -XEN_EFAULT : 0;
}

/* The frame the hypervisor's tables map at 'va' (4 KiB pages), or 0. */
static mfn_t idle_frame_at(unsigned long va)
{
    const pte_t *t = maddr_to_virt(paging_idle_l4());
    pte_t e;

    for (unsigned int level = 4; level > 1; level--) {
        e = t[pt_index(va, level)];
        if (!(e & _PAGE_PRESENT) || (e & _PAGE_PSE))
            return 0;
        t = maddr_to_virt(pte_addr(e));
    }
    e = t[pt_index(va, 1)];
    return (e & _PAGE_PRESENT) ? pte_addr(e) >> PAGE_SHIFT : 0;
}

/*
 * XENMEM_machphys_mfn_list: the first frame of each 2 MiB of the M2P, for
 * the entries of every frame (Xen's x86-64 answer); a gap repeats the
 * previous frame, as in Xen.
 */
static long machphys_mfn_list(unsigned long arg)
{
    struct xen_machphys_mfn_list l;
    unsigned long end = MACH2PHYS_VIRT_START + max_mfn * sizeof(unsigned long);
    unsigned long va = MACH2PHYS_VIRT_START;
    xen_pfn_t mfn, last = 0;
    unsigned int i;

    if (copy_from_guest(&l, arg, sizeof(l)))
        return -XEN_EFAULT;
    for (i = 0; i != l.max_extents && va < end; i++, va += 1UL << L2_SHIFT) {
        mfn = idle_frame_at(va);
        if (!mfn)
            mfn = last;
        if (copy_to_guest((unsigned long)l.extent_start.p + i * sizeof(mfn),
                          &mfn, sizeof(mfn)))
            return -XEN_EFAULT;
        last = mfn;
    }
    l.nr_extents = i;
    return copy_to_guest(arg, &l, sizeof(l)) ? -XEN_EFAULT : 0;
}

long arch_memory_op(unsigned int op, unsigned long arg)
{
    switch (op) {
    case XENMEM_machphys_mapping:
        return machphys_mapping(arg);
    case XENMEM_machphys_mfn_list:
        return machphys_mfn_list(arg);
    default:
        return -XEN_ENOSYS;
    }
}

int pv_batch_start(struct pv_batch *b, unsigned int hypercall,
                   const struct hc_args *args, size_t size, long *result)
{
    b->hypercall = hypercall;
    b->list = args->a[0];
    b->count = (unsigned int)args->a[1];
    b->pdone = args->a[2];
    b->foreigndom = (unsigned int)args->a[3];
    b->done = 0;
    b->size = size;
    /* Xen's continuation of a deferred result: it returns foreigndom. */
    if (b->count == MMU_UPDATE_PREEMPTED && !b->list) {
        *result = (int)b->foreigndom;
        return 1;
    }
    if (b->count & MMU_UPDATE_PREEMPTED) {
        b->count &= ~MMU_UPDATE_PREEMPTED;
        if (b->pdone)
            (void)copy_from_guest(&b->done, b->pdone, sizeof(b->done));
    }
    return pv_array_ok(b->list, b->count, size) ? 0 : -XEN_EFAULT;
}

long pv_batch_finish(const struct pv_batch *b, unsigned int processed,
                     long rc)
{
    unsigned int done = b->done + processed;

    if (rc == PV_MM_PREEMPTED)
        rc = hypercall_create_continuation(
            b->hypercall, 4, b->list + processed * b->size,
            (unsigned long)((b->count - processed) | MMU_UPDATE_PREEMPTED),
            b->pdone, (unsigned long)b->foreigndom);
    if (b->pdone)
        (void)copy_to_guest(b->pdone, &done, sizeof(done));
    return rc;
}
