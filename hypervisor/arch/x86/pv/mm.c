/*
 * update_va_mapping(va, pte, flags): change one L1 entry of the current
 * guest address space, validated as Xen validates it.
 *
 * Rules (Xen's get_page_from_l1e): a present entry may map only a frame
 * the domain owns; writably only if the frame is not in use as a page
 * table or descriptor page; no software-reserved bits (52-62) and no PAT
 * bit.  Mappings hold references, so the old entry's are dropped once the
 * new one is in.  The rest of direct paging (mmu_update, mmuext_op, page
 * pinning) is the next memory step.
 */
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/page_type.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <xen/errno.h>

#define L1_DISALLOW_MASK    (0x7FF0000000000000UL | 0x80UL)  /* 52-62, PAT */

/* The guest's L1 entry for 'va' in table 'l4_mfn', or NULL. */
static pte_t *l1_entry(const struct domain *d, mfn_t l4_mfn, unsigned long va)
{
    mfn_t mfn = l4_mfn;

    for (unsigned int level = 4; level > 1; level--) {
        pte_t e = ((pte_t *)mfn_to_virt(mfn))[pt_index(va, level)];

        if (!(e & _PAGE_PRESENT) || (e & _PAGE_PSE))
            return NULL;
        mfn = pte_addr(e) >> PAGE_SHIFT;
        /* Only validated tables of this domain are ever walked. */
        if (!mfn_valid(mfn) || mfn_to_page(mfn)->owner != d ||
            (mfn_to_page(mfn)->type_info & PGT_type_mask) !=
                PGT_l1_page_table + ((level - 2) << PGT_type_shift))
            return NULL;
    }
    return (pte_t *)mfn_to_virt(mfn) + pt_index(va, 1);
}

/*
 * Xen's adjust_guest_l1e for 64-bit PV: the guest kernel runs in ring 3,
 * so every present entry is made user-accessible; and none may be global,
 * or a kernel mapping would outlive the switch to the user page tables.
 */
static pte_t adjust_guest_l1e(pte_t e)
{
    if (!(e & _PAGE_PRESENT))
        return e;
    return (e | _PAGE_USER) & ~(pte_t)_PAGE_GLOBAL;
}

/* References a new entry needs; false if the entry is refused. */
static bool get_l1e_refs(const struct domain *d, pte_t e)
{
    struct page_info *pg;

    if (!(e & _PAGE_PRESENT))
        return true;
    if ((e & L1_DISALLOW_MASK) || !mfn_valid(pte_addr(e) >> PAGE_SHIFT))
        return false;
    pg = mfn_to_page(pte_addr(e) >> PAGE_SHIFT);
    if (!get_page(pg, d))
        return false;
    if ((e & _PAGE_RW) && !get_page_type(pg, PGT_writable_page)) {
        put_page(pg);
        return false;
    }
    return true;
}

static void put_l1e_refs(pte_t e)
{
    struct page_info *pg;

    if (!(e & _PAGE_PRESENT))
        return;
    pg = mfn_to_page(pte_addr(e) >> PAGE_SHIFT);
    if (e & _PAGE_RW)
        put_page_type(pg);
    put_page(pg);
}

/* UVMF_* flush request; only this vCPU exists, so every mask means it. */
static long flush_after_update(unsigned long va, unsigned long flags)
{
    unsigned long target = flags & ~UVMF_FLUSHTYPE_MASK;
    unsigned long vmask = 0;

    if (target != UVMF_LOCAL && target != UVMF_ALL &&
        copy_from_guest(&vmask, target, sizeof(vmask)))
        return -XEN_EFAULT;
    switch (flags & UVMF_FLUSHTYPE_MASK) {
    case UVMF_TLB_FLUSH:
        flush_tlb_local();
        break;
    case UVMF_INVLPG:
        invlpg(va);
        break;
    }
    return 0;
}

long do_update_va_mapping(const struct hc_args *args)
{
    unsigned long va = args->a[0];
    pte_t new = adjust_guest_l1e(args->a[1]);
    unsigned long flags = args->a[2];
    struct vcpu *v = current_vcpu();
    pte_t *entry, old;

    if (!guest_range_ok(va, 1) || !is_canonical(va))
        return -XEN_EINVAL;
    entry = l1_entry(v->domain, v->arch.guest_table, va);
    if (!entry || !get_l1e_refs(v->domain, new))
        return -XEN_EINVAL;
    old = *entry;
    *entry = new;
    put_l1e_refs(old);
    /* A stale writable or present translation must not survive. */
    if (old & _PAGE_PRESENT)
        invlpg(va);
    return flush_after_update(va, flags);
}
