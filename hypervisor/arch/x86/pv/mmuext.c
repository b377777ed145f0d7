/*
 * mmuext_op(ops, count, success_count, foreigndom): extended MMU
 * operations, each copied in once and carried out in order until the
 * first refusal, which is the call's result (Xen's do_mmuext_op).
 *
 *   PIN_L1..L4_TABLE       validate mfn as a table, keep it typed
 *   UNPIN_TABLE            drop the pin
 *   NEW_BASEPTR            kernel-mode L4 (CR3), reloaded at once
 *   NEW_USER_BASEPTR       user-mode L4; mfn 0 removes it
 *   TLB_FLUSH_*, INVLPG_*  LOCAL here; ALL and MULTI also on every other
 *                          CPU running the domain (pv_flush_domain)
 *   FLUSH_CACHE(_GLOBAL)   privileged domains only
 *   SET_LDT                argument checks as Xen; an empty LDT only
 *   CLEAR_PAGE, COPY_PAGE  on frames of the caller's
 *   MARK_SUPER, UNMARK_SUPER  -EOPNOTSUPP (as Xen); others -ENOSYS
 *
 * Preemptible like mmu_update.
 */
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/page_type.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <xen/errno.h>
#include "pv_mm.h"

/* Xen's limit for MMUEXT_SET_LDT: a 64 KiB descriptor table. */
#define LDT_MAX_ENTS    8192

/*
 * The kernel base pointer: the new L4 is typed before CR3 changes and the
 * old one released after, so the CPU never walks an unvalidated table.
 * The CR3 write is the full flush Xen does here too.
 */
long pv_new_baseptr(struct vcpu *v, mfn_t mfn)
{
    struct page_info *pg;
    mfn_t old = v->arch.guest_table;
    int rc;

    /* The same table again: only the reload (a full flush), as Xen. */
    if (mfn == old && old != INVALID_MFN) {
        write_cr3((paddr_t)mfn << PAGE_SHIFT);
        return 0;
    }
    pg = get_page_from_mfn(mfn, v->domain);
    if (!pg)
        return -XEN_EINVAL;
    rc = get_page_type(pg, PGT_l4_page_table);
    if (rc) {
        put_page(pg);
        return rc;
    }
    v->arch.guest_table = mfn;
    write_cr3((paddr_t)mfn << PAGE_SHIFT);
    if (old != INVALID_MFN)
        put_page_and_type(mfn_to_page(old));
    return 0;
}

/* The user base (loaded on the next switch to user mode); 0: none. */
static long new_user_baseptr(struct vcpu *v, mfn_t mfn)
{
    mfn_t old = v->arch.guest_table_user;
    int rc;

    if (mfn == (old == INVALID_MFN ? 0 : old))
        return 0;
    if (mfn) {
        if (!mfn_valid(mfn))
            return -XEN_EINVAL;
        rc = get_page_and_type(mfn_to_page(mfn), v->domain,
                               PGT_l4_page_table);
        if (rc)
            return rc;
    }
    v->arch.guest_table_user = mfn ? mfn : INVALID_MFN;
    if (old != INVALID_MFN)
        put_page_and_type(mfn_to_page(old));
    return 0;
}

/* *_MULTI: a bitmap that cannot be read is -EINVAL (Xen's mapping). */
static long flush_multi(const struct mmuext_op *op, bool one_page)
{
    bool self;

    if (pv_vcpumask_self((unsigned long)op->arg2.vcpumask.p, &self))
        return -XEN_EINVAL;
    if (one_page && !pv_addr_ok(op->arg1.linear_addr))
        return 0;
    /* The mask's vCPUs may run anywhere: the domain's CPUs, a superset. */
    pv_flush_domain(current_vcpu()->domain, op->arg1.linear_addr, one_page);
    return 0;
}

/*
 * No LDT can be loaded yet (no descriptor-page support): Xen's argument
 * checks, then an empty LDT succeeds and a real one is -EOPNOTSUPP.
 */
static long set_ldt(const struct mmuext_op *op)
{
    unsigned int ents = op->arg2.nr_ents;
    unsigned long base = ents ? op->arg1.linear_addr : 0;

    if ((base & ~PAGE_MASK) || !pv_addr_ok(base) || ents > LDT_MAX_ENTS)
        return -XEN_EINVAL;
    return ents ? -XEN_EOPNOTSUPP : 0;
}

static long clear_page(const struct domain *d, mfn_t mfn)
{
    struct page_info *pg = get_page_from_mfn(mfn, d);

    if (!pg)
        return -XEN_EINVAL;
    if (get_page_type(pg, PGT_writable_page)) {
        put_page(pg);
        return -XEN_EINVAL;
    }
    memset(mfn_to_virt(mfn), 0, PAGE_SIZE);
    put_page_and_type(pg);
    return 0;
}

/* The source may be of any type (a page table can be read). */
static long copy_page(const struct domain *d, mfn_t dst, mfn_t src)
{
    struct page_info *s = get_page_from_mfn(src, d);
    struct page_info *t;
    long rc = -XEN_EINVAL;

    if (!s)
        return -XEN_EINVAL;
    t = get_page_from_mfn(dst, d);
    if (!t)
        goto out;
    if (get_page_type(t, PGT_writable_page)) {
        put_page(t);
        goto out;
    }
    memcpy(mfn_to_virt(dst), mfn_to_virt(src), PAGE_SIZE);
    put_page_and_type(t);
    rc = 0;
out:
    put_page(s);
    return rc;
}

/* Xen lets only domains with I/O access flush caches. */
static long flush_cache(const struct domain *d, long refusal)
{
    if (!d->is_privileged)
        return refusal;
    asm volatile("wbinvd" ::: "memory");
    return 0;
}

/* One command, already copied in; its result ends the batch if non-0. */
static long one_op(struct vcpu *v, const struct mmuext_op *op)
{
    const struct domain *d = v->domain;

    switch (op->cmd) {
    case MMUEXT_PIN_L1_TABLE:
    case MMUEXT_PIN_L2_TABLE:
    case MMUEXT_PIN_L3_TABLE:
    case MMUEXT_PIN_L4_TABLE:
        return page_pin(op->arg1.mfn, d,
                        pgt_of_level(op->cmd - MMUEXT_PIN_L1_TABLE + 1));
    case MMUEXT_UNPIN_TABLE:
        return page_unpin(op->arg1.mfn, d);
    case MMUEXT_NEW_BASEPTR:
        return pv_new_baseptr(v, op->arg1.mfn);
    case MMUEXT_NEW_USER_BASEPTR:
        return new_user_baseptr(v, op->arg1.mfn);
    case MMUEXT_TLB_FLUSH_LOCAL:
        flush_tlb_local();
        return 0;
    case MMUEXT_TLB_FLUSH_ALL:
        pv_flush_domain(d, 0, false);
        return 0;
    case MMUEXT_INVLPG_LOCAL:
        /* Xen ignores an address no guest mapping can have. */
        if (pv_addr_ok(op->arg1.linear_addr))
            invlpg(op->arg1.linear_addr);
        return 0;
    case MMUEXT_INVLPG_ALL:
        if (pv_addr_ok(op->arg1.linear_addr))
            pv_flush_domain(d, op->arg1.linear_addr, true);
        return 0;
    case MMUEXT_TLB_FLUSH_MULTI:
        return flush_multi(op, false);
    case MMUEXT_INVLPG_MULTI:
        return flush_multi(op, true);
    case MMUEXT_FLUSH_CACHE:
        return flush_cache(d, -XEN_EACCES);
    case MMUEXT_FLUSH_CACHE_GLOBAL:
        return flush_cache(d, -XEN_EINVAL);
    case MMUEXT_SET_LDT:
        return set_ldt(op);
    case MMUEXT_CLEAR_PAGE:
        return clear_page(d, op->arg1.mfn);
    case MMUEXT_COPY_PAGE:
        return copy_page(d, op->arg1.mfn, op->arg2.src_mfn);
    case MMUEXT_MARK_SUPER:
    case MMUEXT_UNMARK_SUPER:
        return -XEN_EOPNOTSUPP;
    default:
        return -XEN_ENOSYS;
    }
}

/* Ops [*i, count); PV_MM_PREEMPTED when the batch is used up. */
static long run_ops(struct vcpu *v, unsigned long ops, unsigned int count,
                    unsigned int *i)
{
    struct mmuext_op op;
    long rc;

    for (; *i < count; (*i)++) {
        if (*i >= PV_MM_PREEMPT_BATCH && hypercall_preempt_check())
            return PV_MM_PREEMPTED;
        if (copy_from_guest(&op, ops + *i * sizeof(op), sizeof(op)))
            return -XEN_EFAULT;
        rc = one_op(v, &op);
        if (rc)
            return rc;
    }
    return 0;
}

long do_mmuext_op(const struct hc_args *args)
{
    struct pv_batch b;
    unsigned int i = 0;
    long rc;
    int st;

    st = pv_batch_start(&b, __HYPERVISOR_mmuext_op, args,
                        sizeof(struct mmuext_op), &rc);
    if (st)
        return st < 0 ? st : rc;
    /* Unlike mmu_update, Xen refuses a foreign domain before any op. */
    rc = pv_pg_owner(b.foreigndom);
    if (rc)
        return rc;
    rc = run_ops(current_vcpu(), b.list, b.count, &i);
    return pv_batch_finish(&b, i, rc);
}
