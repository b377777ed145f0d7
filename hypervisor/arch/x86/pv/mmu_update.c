/*
 * mmu_update(reqs, count, success_count, foreigndom): a batch of
 * (ptr, val) requests, each copied in once and carried out in order until
 * the first refusal, which is the call's result.  *success_count gets the
 * number carried out (added to what it held, for a continuation).
 *
 *   ptr & 7 == MMU_NORMAL_PT_UPDATE (0), MMU_PT_UPDATE_NO_TRANSLATE (3):
 *       '*ptr = val', ptr a machine address in a frame of the caller's.
 *       In a page table the new entry is validated (pv_mod_entry); in any
 *       other frame that can be writable it is a plain write (Xen's rule).
 *   MMU_PT_UPDATE_PRESERVE_AD (2): as 0, keeping the entry's A/D bits.
 *   MMU_MACHPHYS_UPDATE (1): M2P[ptr >> 12] = val, for a frame of the
 *       page owner's.
 *   other: -ENOSYS.
 *
 * foreigndom (Xen's FOREIGNDOM): bits 0-15 name the page owner, whose
 * frames new L1 entries map and whose M2P entries are set: DOMID_SELF,
 * or for the control domain another domain (the domain builder, the
 * store and the consoles map a domain's frames this way).  Such an entry
 * holds references on the foreign frame: it stays allocated, even past
 * its owner's destruction, until the entry goes.  Bits 16 and up (the
 * page-table owner plus one) may only name the caller.
 *
 * Preemptible: after PV_MM_PREEMPT_BATCH requests the call becomes a
 * continuation with the remaining count | MMU_UPDATE_PREEMPTED and the
 * advanced pointer, as in Xen.  Stale translations left by the batch are
 * flushed before returning to the guest.
 */
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/page_type.h>
#include <asm/page.h>
#include <asm/paging.h>
#include <asm/processor.h>
#include <asm/pt_validate.h>
#include <xen/errno.h>
#include "pv_mm.h"

/* Only 64-bit writes: ptr & 7 holds the command, so ptr is aligned. */
static long write_plain(mfn_t mfn, unsigned int offset, uint64_t val)
{
    *(volatile uint64_t *)((char *)mfn_to_virt(mfn) + offset) = val;
    return 0;
}

/* A frame of the caller's with no active type: written as writable. */
static long write_untyped(struct page_info *pg, unsigned int offset,
                          uint64_t val)
{
    if (get_page_type(pg, PGT_writable_page))
        return -XEN_EINVAL;
    write_plain(page_to_mfn(pg), offset, val);
    put_page_type(pg);
    return 0;
}

static long normal_update(const struct domain *d,
                          const struct domain *pg_owner, uint64_t ptr,
                          uint64_t val, unsigned int flags, bool *flush)
{
    struct page_info *pg = get_page_from_mfn(ptr >> PAGE_SHIFT, d);
    unsigned int offset = ptr & ~PAGE_MASK;
    uint32_t t;
    long rc;

    if (!pg)
        return -XEN_EINVAL;
    t = pg->type_info;
    if (!(t & PGT_count_mask))
        rc = write_untyped(pg, offset, val);
    else if (!(t & PGT_validated))
        rc = -XEN_EINVAL;
    else if (pgt_is_page_table(t))
        rc = pv_mod_entry_foreign(pg, offset / sizeof(pte_t), val, flags,
                                  pg_owner, flush);
    else if ((t & PGT_type_mask) == PGT_writable_page)
        rc = write_plain(page_to_mfn(pg), offset, val);
    else
        rc = -XEN_EINVAL;   /* a descriptor page */
    put_page(pg);
    return rc;
}

static long machphys_update(const struct domain *d, uint64_t ptr,
                            uint64_t val)
{
    struct page_info *pg = get_page_from_mfn(ptr >> PAGE_SHIFT, d);

    if (!pg)
        return -XEN_EINVAL;
    m2p_set(ptr >> PAGE_SHIFT, val);
    put_page(pg);
    return 0;
}

/* d: the caller, owner of the tables; pg_owner: of the frames mapped. */
static long one_request(const struct domain *d, const struct domain *pg_owner,
                        const struct mmu_update *r, bool *flush)
{
    unsigned int cmd = r->ptr & (sizeof(pte_t) - 1);
    uint64_t ptr = r->ptr - cmd;

    switch (cmd) {
    case MMU_NORMAL_PT_UPDATE:
    case MMU_PT_UPDATE_NO_TRANSLATE:    /* PV: nothing to translate */
        return normal_update(d, pg_owner, ptr, r->val, 0, flush);
    case MMU_PT_UPDATE_PRESERVE_AD:
        return normal_update(d, pg_owner, ptr, r->val, PV_MOD_PRESERVE_AD,
                             flush);
    case MMU_MACHPHYS_UPDATE:
        return machphys_update(pg_owner, ptr, r->val);
    default:
        return -XEN_ENOSYS;
    }
}

/* Requests [*i, count); PV_MM_PREEMPTED when the batch is used up. */
static long run_requests(const struct domain *d,
                         const struct domain *pg_owner, unsigned long reqs,
                         unsigned int count, unsigned int *i, bool *flush)
{
    struct mmu_update r;
    long rc;

    for (; *i < count; (*i)++) {
        if (*i >= PV_MM_PREEMPT_BATCH && hypercall_preempt_check())
            return PV_MM_PREEMPTED;
        if (copy_from_guest(&r, reqs + *i * sizeof(r), sizeof(r)))
            return -XEN_EFAULT;
        rc = one_request(d, pg_owner, &r, flush);
        if (rc)
            return rc;
    }
    return 0;
}

/*
 * The foreigndom argument: bits 16+ name the page-table owner plus one
 * (only the caller itself here), bits 0-15 the page owner (*pg_owner).
 */
static long foreign_check(struct domain *d, unsigned int foreigndom,
                          unsigned int count, struct domain **pg_owner)
{
    unsigned int pt_dom = foreigndom >> 16;
    long rc = 0;

    if (pt_dom && pt_dom - 1 != d->domain_id)
        return -XEN_ESRCH;
    *pg_owner = pv_pg_owner_get(d, foreigndom, &rc);
    /* Xen checks the page owner's permission per request: 0 never fails. */
    if (!*pg_owner && rc == -XEN_EPERM && count == 0)
        return 0;
    return *pg_owner ? 0 : rc;
}

long do_mmu_update(const struct hc_args *args)
{
    struct domain *d = current_vcpu()->domain;
    struct domain *pg_owner = NULL;
    struct pv_batch b;
    unsigned int i = 0;
    bool flush = false;
    long rc;
    int st;

    st = pv_batch_start(&b, __HYPERVISOR_mmu_update, args,
                        sizeof(struct mmu_update), &rc);
    if (st)
        return st < 0 ? st : rc;
    rc = foreign_check(d, b.foreigndom, b.count, &pg_owner);
    if (!rc && pg_owner)
        rc = run_requests(d, pg_owner, b.list, b.count, &i, &flush);
    /* A removed or downgraded entry: gone on every CPU running d. */
    if (flush)
        pv_flush_domain(d, 0, false);
    return pv_batch_finish(&b, i, rc);
}
