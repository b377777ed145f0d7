/*
 * The page-type state machine (common/page_type.c) with the real x86
 * rules (pv/pt_validate.c) and the consistency audit (pv/mm_audit.c) over
 * a fake machine (fixtures/mm_fake.h): general references, type changes
 * and conflicts, validation and devalidation of whole trees, pins, frames
 * freed with their last reference.  Every scenario ends with every count
 * back exactly where it started, and the audit agreeing at each step.
 */
#include "../fixtures/mm_fake.h"

TestSuite(page_type, .init = fx_setup, .fini = fx_teardown);

#define P   _PAGE_PRESENT
#define RW  _PAGE_RW

static void audit_ok(const char *when)
{
    cr_assert_eq(mm_audit_domain(&fx_dom), 0, "audit failed %s", when);
}

Test(page_type, general_references)
{
    mfn_t own = fx_frame(&fx_dom), other = fx_frame(&fx_other);
    mfn_t xen = alloc_frames(0, NULL);

    cr_assert(get_page(fx_pg(own), &fx_dom));
    cr_assert_eq(fx_count(own), 2);
    put_page(fx_pg(own));
    cr_assert_eq(fx_count(own), 1);
    cr_assert(!get_page(fx_pg(other), &fx_dom), "another domain's frame");
    cr_assert(!get_page(fx_pg(xen), &fx_dom), "the hypervisor's frame");
    cr_assert(!get_page(fx_pg(own), NULL));
    cr_assert_null(get_page_from_mfn(max_mfn, &fx_dom));
    cr_assert_null(get_page_from_mfn(0, &fx_dom), "reserved first MiB");
    /* The count never reaches its top: the last two stay unused. */
    fx_pg(own)->count_info = (fx_pg(own)->count_info & ~PGC_count_mask) |
                             (PGC_count_mask - 2);
    cr_assert(get_page(fx_pg(own), &fx_dom));
    cr_assert(!get_page(fx_pg(own), &fx_dom), "overflow refused");
    fx_pg(own)->count_info = PGC_state_inuse | PGC_allocated | 1;
    audit_ok("after references");
}

/* One type at a time; the type changes only at count 0, with a flush. */
Test(page_type, type_conflicts)
{
    mfn_t m = fx_frame(&fx_dom);

    cr_assert_eq(get_page_type(fx_pg(m), PGT_writable_page), 0);
    cr_assert_eq(fx_flushes, 0, "no flush leaving PGT_none");
    cr_assert_eq(get_page_type(fx_pg(m), PGT_l1_page_table), -XEN_EINVAL);
    cr_assert_eq(get_page_type(fx_pg(m), PGT_writable_page), 0);
    cr_assert_eq(fx_tcount(m), 2);
    put_page_type(fx_pg(m));
    put_page_type(fx_pg(m));
    cr_assert_eq(fx_type(m), PGT_writable_page, "the type stays at count 0");
    /* Writable -> L1: stale writable translations must go first. */
    cr_assert_eq(get_page_type(fx_pg(m), PGT_l1_page_table), 0);
    cr_assert_eq(fx_flushes, 1);
    cr_assert(fx_pg(m)->type_info & PGT_validated);
    cr_assert_eq(get_page_type(fx_pg(m), PGT_writable_page), -XEN_EINVAL);
    cr_assert_eq(get_page_type(fx_pg(m), PGT_l2_page_table), -XEN_EINVAL,
                 "an L1 used as L2");
    put_page_type(fx_pg(m));
    cr_assert(!(fx_pg(m)->type_info & PGT_validated), "devalidated at 0");
    /* The same type again: no type change, so no flush. */
    cr_assert_eq(get_page_type(fx_pg(m), PGT_l1_page_table), 0);
    cr_assert_eq(fx_flushes, 1);
    put_page_type(fx_pg(m));
    /* Type count overflow is refused. */
    cr_assert_eq(get_page_type(fx_pg(m), PGT_writable_page), 0);
    fx_pg(m)->type_info |= PGT_count_mask;
    cr_assert_eq(get_page_type(fx_pg(m), PGT_writable_page), -XEN_EINVAL);
    fx_pg(m)->type_info = PGT_writable_page | PGT_validated;
    /* shared_info can never be a page table. */
    cr_assert_eq(get_page_and_type(fx_pg(fx_dom.shared_info_mfn), &fx_dom,
                                   PGT_l1_page_table), -XEN_EINVAL);
    audit_ok("after conflicts");
}

/* A four-level tree mapping 'n' pages of data; returns the L4. */
struct tree {
    mfn_t l4, l3, l2, l1, data[4];
};

static void build_tree(struct tree *t)
{
    t->l4 = fx_frame(&fx_dom);
    t->l3 = fx_frame(&fx_dom);
    t->l2 = fx_frame(&fx_dom);
    t->l1 = fx_frame(&fx_dom);
    fx_table(t->l4)[5] = fx_pte(t->l3, P | RW);
    fx_table(t->l4)[300] = fx_pte(t->l3, P);    /* twice: two references */
    fx_table(t->l3)[0] = fx_pte(t->l2, P | RW);
    fx_table(t->l2)[9] = fx_pte(t->l1, P | RW);
    for (int i = 0; i < 4; i++) {
        t->data[i] = fx_frame(&fx_dom);
        fx_table(t->l1)[i] = fx_pte(t->data[i], i == 3 ? P : P | RW);
    }
    /* The tables themselves, mapped read-only, as a guest must. */
    fx_table(t->l1)[10] = fx_pte(t->l1, P);
    fx_table(t->l1)[11] = fx_pte(t->l4, P);
}

Test(page_type, pin_tree_counts_and_back)
{
    static struct fx_snapshot before;
    struct tree t;

    build_tree(&t);
    fx_snap(&before);
    cr_assert_eq(page_pin(t.l4, &fx_dom, PGT_l4_page_table), 0);
    audit_ok("with the tree pinned");
    cr_assert_eq(fx_pg(t.l4)->type_info,
                 PGT_l4_page_table | PGT_pinned | PGT_validated | 1);
    cr_assert_eq(fx_count(t.l4), 3, "allocation, pin, read-only mapping");
    cr_assert_eq(fx_tcount(t.l3), 2, "two L4 entries");
    cr_assert_eq(fx_count(t.l3), 3);
    cr_assert_eq(fx_tcount(t.l2), 1);
    cr_assert_eq(fx_count(t.l1), 3, "allocation, L2 entry, own mapping");
    for (int i = 0; i < 3; i++) {
        cr_assert_eq(fx_count(t.data[i]), 2);
        cr_assert_eq(fx_type(t.data[i]), PGT_writable_page);
        cr_assert_eq(fx_tcount(t.data[i]), 1);
    }
    cr_assert_eq(fx_tcount(t.data[3]), 0, "read-only: no type reference");
    cr_assert_eq(page_pin(t.l4, &fx_dom, PGT_l4_page_table), -XEN_EINVAL,
                 "pinned twice");
    cr_assert_eq(page_pin(t.l1, &fx_dom, PGT_l1_page_table), 0,
                 "an inner table may be pinned as well");
    cr_assert_eq(page_pin(t.l3, &fx_dom, PGT_l2_page_table), -XEN_EINVAL,
                 "an L3 pinned as L2");
    audit_ok("with two pins");
    cr_assert_eq(page_unpin(t.l4, &fx_dom), 0);
    cr_assert_eq(fx_tcount(t.l3), 0, "the tree under the L4 devalidated");
    cr_assert_eq(fx_tcount(t.l1), 1, "but the L1 has its own pin");
    cr_assert_eq(page_unpin(t.l1, &fx_dom), 0);
    cr_assert_eq(page_unpin(t.l1, &fx_dom), -XEN_EINVAL, "not pinned");
    fx_same(&before, "after unpinning");
    audit_ok("after unpinning");
}

/* Refusals anywhere in the tree leave every count as it was. */
Test(page_type, refused_tree_leaves_no_trace)
{
    static struct fx_snapshot before;
    struct tree t;

    build_tree(&t);
    /*
     * A writable mapping of the L2 deep inside: refused where the L1 maps
     * it, and the L1's error travels up unchanged (as in Xen).
     */
    fx_table(t.l1)[12] = fx_pte(t.l2, P | RW);
    fx_snap(&before);
    cr_assert_eq(page_pin(t.l4, &fx_dom, PGT_l4_page_table), -XEN_EBUSY);
    fx_same(&before, "after the refused pin");
    /* A table that points at its parent: the parent is being validated. */
    fx_table(t.l1)[12] = 0;
    fx_table(t.l2)[10] = fx_pte(t.l3, P);
    cr_assert_eq(page_pin(t.l4, &fx_dom, PGT_l4_page_table), -XEN_EINVAL);
    fx_same(&before, "after the refused cycle");
    fx_table(t.l2)[10] = 0;
    cr_assert_eq(page_pin(t.l4, &fx_dom, PGT_l4_page_table), 0);
    cr_assert_eq(page_unpin(t.l4, &fx_dom), 0);
    fx_same(&before, "after pin and unpin");
    audit_ok("at the end");
}

/* A base pointer holds its own references (as the dom0 builder sets). */
Test(page_type, base_pointer_and_audit)
{
    struct tree t;

    build_tree(&t);
    cr_assert_eq(page_pin(t.l4, &fx_dom, PGT_l4_page_table), 0);
    cr_assert_eq(get_page_and_type(fx_pg(t.l4), &fx_dom, PGT_l4_page_table),
                 0);
    fx_vcpu.arch.guest_table = t.l4;
    audit_ok("with a base pointer");
    /* The audit sees a reference nobody accounts for... */
    fx_pg(t.data[0])->count_info++;
    cr_assert_eq(mm_audit_domain(&fx_dom), -XEN_EIO);
    fx_pg(t.data[0])->count_info--;
    /* ...a type count off by one... */
    fx_pg(t.l2)->type_info++;
    cr_assert_eq(mm_audit_domain(&fx_dom), -XEN_EIO);
    fx_pg(t.l2)->type_info--;
    /* ...and a hypervisor slot a guest changed behind our back. */
    fx_table(t.l4)[262] ^= 1;
    cr_assert_eq(mm_audit_domain(&fx_dom), -XEN_EIO);
    fx_table(t.l4)[262] ^= 1;
    audit_ok("repaired");
    cr_assert_eq(page_unpin(t.l4, &fx_dom), 0);
    cr_assert_eq(fx_tcount(t.l4), 1, "the base pointer keeps it typed");
    fx_vcpu.arch.guest_table = INVALID_MFN;
    put_page_and_type(fx_pg(t.l4));
    audit_ok("released");
}

/* A frame leaves the domain with its last reference, not before. */
Test(page_type, freed_with_last_reference)
{
    mfn_t l1 = fx_frame(&fx_dom), m = fx_frame(&fx_dom);
    unsigned long tot = fx_dom.tot_pages;
    bool flush = false;

    cr_assert_eq(page_pin(l1, &fx_dom, PGT_l1_page_table), 0);
    cr_assert_eq(pv_mod_entry(fx_pg(l1), 0, fx_pte(m, P | RW), 0, &flush), 0);
    /* decrease_reservation: the allocation reference goes... */
    fx_pg(m)->count_info &= ~PGC_allocated;
    put_page(fx_pg(m));
    cr_assert_eq(fx_freed, 0, "still mapped");
    cr_assert_eq(fx_dom.tot_pages, tot);
    audit_ok("frame given back but mapped");
    /* ...and the mapping's with the entry. */
    cr_assert_eq(pv_mod_entry(fx_pg(l1), 0, 0, 0, &flush), 0);
    cr_assert_eq(fx_freed, 1);
    cr_assert_eq(fx_dom.tot_pages, tot - 1);
    cr_assert_eq(fx_pg(m)->count_info & PGC_state_mask, PGC_state_free);
    cr_assert_null(fx_pg(m)->owner);
    cr_assert_eq(m2p_get(m), M2P_INVALID);
    cr_assert_null(get_page_from_mfn(m, &fx_dom), "gone for good");
    cr_assert_eq(page_unpin(l1, &fx_dom), 0);
    audit_ok("after the free");
}
