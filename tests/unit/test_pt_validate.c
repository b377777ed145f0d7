/*
 * The x86-64 PV page-table rules (arch/x86/pv/pt_validate.c), one table
 * of allowed and refused entries per level, over a fake machine
 * (fixtures/mm_fake.h) with the real type state machine (page_type.c).
 *
 * Every case also checks that the references an accepted entry took are
 * exactly what its put gives back, and that a refusal took none.
 */
#include "../fixtures/mm_fake.h"

TestSuite(pt_validate, .init = fx_setup, .fini = fx_teardown);

/* What an entry of a case points at. */
enum target {
    T_DATA,         /* a fresh frame of the domain's */
    T_L1,           /* a frame of the domain's, validated (pinned) as L1 */
    T_L2,           /* ... as L2 */
    T_L3,           /* ... as L3 */
    T_MAPPED_RW,    /* a frame of the domain's with a writable mapping */
    T_BAD_L1,       /* a frame whose entry 7 maps a frame not the domain's */
    T_FOREIGN,      /* a frame of another domain */
    T_XEN,          /* a frame the hypervisor allocated for itself */
    T_SHARED_INFO,  /* the domain's shared_info page */
    T_FREE,         /* a frame on the free lists */
    T_LOW,          /* a frame in the first MiB */
    T_BEYOND,       /* a frame past the end of RAM */
    T_ALL_ONES,     /* Xen's invalid frame number */
};

struct rule_case {
    const char *name;
    unsigned int level;         /* of the table the entry is in */
    enum target target;
    pte_t flags;
    bool privileged;
    int rc;
};

#define P   _PAGE_PRESENT
#define RW  _PAGE_RW
#define A   _PAGE_ACCESSED
#define D   _PAGE_DIRTY

static const struct rule_case rules[] = {
    /* L1: what a guest may map. */
    { "l1 own page rw", 1, T_DATA, P | RW | A | D, false, 0 },
    { "l1 own page ro", 1, T_DATA, P, false, 0 },
    { "l1 own page nx avail", 1, T_DATA, P | RW | _PAGE_NX | _PAGE_AVAIL |
      _PAGE_AVAIL_HIGH, false, 0 },
    { "l1 global allowed", 1, T_DATA, P | _PAGE_GLOBAL, false, 0 },
    { "l1 own table read-only", 1, T_L1, P, false, 0 },
    { "l1 own table writable", 1, T_L1, P | RW, false, -XEN_EBUSY },
    { "l1 own l3 writable", 1, T_L3, P | RW, false, -XEN_EBUSY },
    { "l1 shared_info writable", 1, T_SHARED_INFO, P | RW, false, 0 },
    { "l1 foreign frame", 1, T_FOREIGN, P, false, -XEN_EBUSY },
    { "l1 hypervisor frame", 1, T_XEN, P, false, -XEN_EBUSY },
    { "l1 free frame", 1, T_FREE, P, false, -XEN_EBUSY },
    { "l1 first MiB", 1, T_LOW, P, true, -XEN_EPERM },
    { "l1 beyond RAM", 1, T_BEYOND, P, true, -XEN_EPERM },
    { "l1 invalid mfn", 1, T_ALL_ONES, P, true, -XEN_EINVAL },
    { "l1 pcd unprivileged", 1, T_DATA, P | _PAGE_PCD, false, -XEN_EINVAL },
    { "l1 pwt unprivileged", 1, T_DATA, P | _PAGE_PWT, false, -XEN_EINVAL },
    { "l1 pat unprivileged", 1, T_DATA, P | _PAGE_PAT, false, -XEN_EINVAL },
    { "l1 cache attrs privileged", 1, T_DATA,
      P | _PAGE_PCD | _PAGE_PWT | _PAGE_PAT, true, 0 },
    /* L2: the next level down, validated; no superpages. */
    { "l2 empty page as l1", 2, T_DATA, P | RW | A, false, 0 },
    { "l2 existing l1", 2, T_L1, P | RW, false, 0 },
    { "l2 pse", 2, T_DATA, P | _PAGE_PSE, true, -XEN_EINVAL },
    { "l2 global", 2, T_DATA, P | _PAGE_GLOBAL, false, -XEN_EINVAL },
    { "l2 pcd even privileged", 2, T_DATA, P | _PAGE_PCD, true, -XEN_EINVAL },
    { "l2 writably mapped page", 2, T_MAPPED_RW, P, false, -XEN_EINVAL },
    { "l2 linear (an l2)", 2, T_L2, P, false, -XEN_EINVAL },
    { "l2 l1 with a bad entry", 2, T_BAD_L1, P, false, -XEN_EBUSY },
    { "l2 foreign", 2, T_FOREIGN, P, false, -XEN_EINVAL },
    { "l2 hypervisor frame", 2, T_XEN, P, false, -XEN_EINVAL },
    { "l2 shared_info", 2, T_SHARED_INFO, P, false, -XEN_EINVAL },
    { "l2 beyond RAM", 2, T_BEYOND, P, false, -XEN_EINVAL },
    /* L3. */
    { "l3 empty page as l2", 3, T_DATA, P | RW, false, 0 },
    { "l3 existing l2", 3, T_L2, P, false, 0 },
    { "l3 an l1", 3, T_L1, P, false, -XEN_EINVAL },
    { "l3 pse (1 GiB)", 3, T_DATA, P | _PAGE_PSE, true, -XEN_EINVAL },
    { "l3 linear (an l3)", 3, T_L3, P, false, -XEN_EINVAL },
    { "l3 foreign", 3, T_FOREIGN, P, false, -XEN_EINVAL },
    /* L4. */
    { "l4 empty page as l3", 4, T_DATA, P | RW | A, false, 0 },
    { "l4 existing l3", 4, T_L3, P, false, 0 },
    { "l4 an l2", 4, T_L2, P, false, -XEN_EINVAL },
    { "l4 global", 4, T_DATA, P | _PAGE_GLOBAL, false, -XEN_EINVAL },
    { "l4 foreign", 4, T_FOREIGN, P, false, -XEN_EINVAL },
};

static mfn_t pinned(unsigned int level)
{
    mfn_t mfn = fx_frame(&fx_dom);

    cr_assert_eq(page_pin(mfn, &fx_dom, pgt_of_level(level)), 0);
    return mfn;
}

static mfn_t make_target(enum target t)
{
    mfn_t mfn;

    switch (t) {
    case T_DATA: return fx_frame(&fx_dom);
    case T_L1: return pinned(1);
    case T_L2: return pinned(2);
    case T_L3: return pinned(3);
    case T_MAPPED_RW:
        mfn = fx_frame(&fx_dom);
        cr_assert_eq(pv_get_page_from_l1e(fx_pte(mfn, P | RW), &fx_dom), 0);
        return mfn;
    case T_BAD_L1:
        mfn = fx_frame(&fx_dom);
        fx_table(mfn)[7] = fx_pte(fx_frame(&fx_other), P);
        return mfn;
    case T_FOREIGN: return fx_frame(&fx_other);
    case T_XEN: return alloc_frames(0, NULL);
    case T_SHARED_INFO: return fx_dom.shared_info_mfn;
    case T_FREE:
        mfn = alloc_frames(0, NULL);
        free_frames(mfn, 0);
        return mfn;
    case T_LOW: return 0x10;
    case T_BEYOND: return max_mfn + 5;
    case T_ALL_ONES: return PTE_ADDR_MASK >> PAGE_SHIFT;
    }
    return INVALID_MFN;
}

static int get_entry(unsigned int level, pte_t e)
{
    return level == 1 ? pv_get_page_from_l1e(e, &fx_dom)
                      : pv_get_page_from_upper(e, level, &fx_dom);
}

static void put_entry(unsigned int level, pte_t e)
{
    if (level == 1)
        pv_put_page_from_l1e(e);
    else
        pv_put_page_from_upper(e);
}

Test(pt_validate, entry_rules)
{
    for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
        const struct rule_case *c = &rules[i];
        static struct fx_snapshot before;
        mfn_t mfn = make_target(c->target);
        pte_t e = fx_pte(mfn, c->flags);
        int rc;

        fx_dom.is_privileged = c->privileged;
        fx_snap(&before);
        rc = get_entry(c->level, e);
        cr_assert_eq(rc, c->rc, "%s: rc %d, expected %d", c->name, rc, c->rc);
        if (rc == 0) {
            cr_assert_gt(fx_count(mfn), before.count_info[mfn] &
                         PGC_count_mask, "%s: no reference taken", c->name);
            put_entry(c->level, e);
        }
        fx_same(&before, c->name);
    }
}

/* A validated table's hypervisor slots are the hypervisor's. */
Test(pt_validate, l4_hypervisor_slots)
{
    mfn_t l4 = fx_frame(&fx_dom);
    pte_t *t = fx_table(l4);
    bool flush = false;

    for (unsigned int i = 0; i < PT_ENTRIES; i++)
        cr_assert_eq(pv_is_guest_l4_slot(i), i < 256 || i > 271, "slot %u", i);
    /* Junk there is not validated, only overwritten. */
    t[256] = fx_pte(fx_frame(&fx_other), P | RW);
    t[271] = 0xdeadbeef;
    cr_assert_eq(page_pin(l4, &fx_dom, PGT_l4_page_table), 0);
    for (unsigned int i = 256; i <= 271; i++)
        cr_assert_eq(t[i], FX_HV_SLOT(i), "slot %u", i);
    /* Updates there are refused, and change nothing. */
    cr_assert_eq(pv_mod_entry(fx_pg(l4), 260, 0, 0, &flush), -XEN_EINVAL);
    cr_assert_eq(t[260], FX_HV_SLOT(260));
    cr_assert_eq(pv_mod_entry(fx_pg(l4), 255, 0, 0, &flush), 0);
    cr_assert_eq(pv_mod_entry(fx_pg(l4), 272, 0, 0, &flush), 0);
    cr_assert_eq(page_unpin(l4, &fx_dom), 0);
}

static const struct {
    const char *name;
    bool l1;
    pte_t in, out;
} adjustments[] = {
    { "l1 kernel page gets user + marker", true, P | RW,
      P | RW | _PAGE_USER | _PAGE_GUEST_KERNEL },
    { "l1 user page unchanged", true, P | _PAGE_USER, P | _PAGE_USER },
    { "l1 global dropped", true, P | _PAGE_USER | _PAGE_GLOBAL,
      P | _PAGE_USER },
    { "l1 not present untouched", true, RW | _PAGE_GLOBAL,
      RW | _PAGE_GLOBAL },
    { "upper gets user", false, P | RW, P | RW | _PAGE_USER },
    { "upper not present untouched", false, RW, RW },
};

Test(pt_validate, adjust_guest_entries)
{
    for (size_t i = 0; i < sizeof(adjustments) / sizeof(adjustments[0]); i++) {
        pte_t in = adjustments[i].in | 0x5000;
        pte_t out = adjustments[i].l1 ? pv_adjust_l1e(in)
                                      : pv_adjust_upper(in);

        cr_assert_eq(out, adjustments[i].out | 0x5000, "%s: %#lx",
                     adjustments[i].name, (unsigned long)out);
    }
}

/* Validation adjusts entries in place; a failure leaves no references. */
Test(pt_validate, validation_all_or_nothing)
{
    mfn_t l1 = fx_frame(&fx_dom), a = fx_frame(&fx_dom);
    mfn_t b = fx_frame(&fx_dom);
    static struct fx_snapshot before;

    fx_table(l1)[0] = fx_pte(a, P | RW);
    fx_table(l1)[1] = fx_pte(b, P);
    fx_table(l1)[2] = fx_pte(fx_frame(&fx_other), P);
    fx_snap(&before);
    cr_assert_eq(page_pin(l1, &fx_dom, PGT_l1_page_table), -XEN_EBUSY);
    fx_same(&before, "failed pin");
    cr_assert_eq(fx_type(l1), PGT_none, "a failed validation leaves no type");
    fx_table(l1)[2] = 0;
    cr_assert_eq(page_pin(l1, &fx_dom, PGT_l1_page_table), 0);
    cr_assert_eq(fx_table(l1)[0], fx_pte(a, P | RW | _PAGE_USER |
                                         _PAGE_GUEST_KERNEL));
    cr_assert_eq(fx_count(a), 2);
    cr_assert_eq(fx_tcount(a), 1);
    cr_assert_eq(fx_type(a), PGT_writable_page);
    cr_assert_eq(fx_count(b), 2);
    cr_assert_eq(fx_tcount(b), 0);
    cr_assert_eq(page_unpin(l1, &fx_dom), 0);
    fx_same(&before, "unpinned");
}

/* The update path: references before the write, A/D, flushes. */
Test(pt_validate, mod_entry)
{
    mfn_t l1 = pinned(1), a = fx_frame(&fx_dom), b = fx_frame(&fx_dom);
    pte_t *t = fx_table(l1);
    bool flush = false;

    cr_assert_eq(pv_mod_entry(fx_pg(l1), 3, fx_pte(a, P | RW), 0, &flush), 0);
    cr_assert(!flush, "a new entry leaves nothing stale");
    cr_assert_eq(fx_count(a), 2);
    cr_assert_eq(fx_tcount(a), 1);
    /* A and D only: the same references (Xen's fast path), no flush. */
    t[3] |= A | D;
    cr_assert_eq(pv_mod_entry(fx_pg(l1), 3, fx_pte(a, P | RW),
                              PV_MOD_PRESERVE_AD, &flush), 0);
    cr_assert(t[3] & A && t[3] & D, "A/D preserved");
    cr_assert(!flush);
    cr_assert_eq(fx_count(a), 2);
    /* Read-only now: the writable reference goes, the TLB must follow. */
    cr_assert_eq(pv_mod_entry(fx_pg(l1), 3, fx_pte(a, P), 0, &flush), 0);
    cr_assert(flush);
    cr_assert_eq(fx_tcount(a), 0);
    cr_assert_eq(fx_count(a), 2);
    /* A refused entry changes nothing. */
    flush = false;
    cr_assert_eq(pv_mod_entry(fx_pg(l1), 3, fx_pte(l1, P | RW), 0, &flush),
                 -XEN_EBUSY);
    cr_assert_eq(t[3], fx_pte(a, P | _PAGE_USER | _PAGE_GUEST_KERNEL));
    cr_assert(!flush);
    /* Another frame: a's reference goes, b's comes. */
    cr_assert_eq(pv_mod_entry(fx_pg(l1), 3, fx_pte(b, P), 0, &flush), 0);
    cr_assert(flush);
    cr_assert_eq(fx_count(a), 1);
    cr_assert_eq(fx_count(b), 2);
    cr_assert_eq(pv_mod_entry(fx_pg(l1), 3, 0, 0, &flush), 0);
    cr_assert_eq(fx_count(b), 1);
    /* Not-present entries are stored as given. */
    cr_assert_eq(pv_mod_entry(fx_pg(l1), 4, 0xdead000 | RW, 0, &flush), 0);
    cr_assert_eq(t[4], 0xdead000 | RW);
    cr_assert_eq(page_unpin(l1, &fx_dom), 0);
}

/* An upper-level update validates the new table and releases the old. */
Test(pt_validate, mod_upper_entry)
{
    mfn_t l2 = pinned(2), l1a = fx_frame(&fx_dom), l1b = fx_frame(&fx_dom);
    mfn_t data = fx_frame(&fx_dom);
    bool flush = false;

    fx_table(l1a)[0] = fx_pte(data, P | RW);
    cr_assert_eq(pv_mod_entry(fx_pg(l2), 0, fx_pte(l1a, P | RW), 0, &flush),
                 0);
    cr_assert_eq(fx_type(l1a), PGT_l1_page_table);
    cr_assert_eq(fx_tcount(l1a), 1);
    cr_assert_eq(fx_tcount(data), 1);
    cr_assert_eq(pv_mod_entry(fx_pg(l2), 0, fx_pte(l1b, P | RW), 0, &flush),
                 0);
    cr_assert(flush);
    /* l1a devalidated: its mapping of data is gone with it. */
    cr_assert_eq(fx_tcount(l1a), 0);
    cr_assert_eq(fx_tcount(data), 0);
    cr_assert_eq(fx_count(data), 1);
    cr_assert_eq(page_unpin(l2, &fx_dom), 0);
    cr_assert_eq(fx_tcount(l1b), 0);
}

/*
 * mmu_update with a foreign domain: an L1 entry of the control domain's
 * maps a frame of another domain's and holds its references, which keep
 * the frame after its owner lets go (destruction) until the entry goes.
 * Only L1 entries name the page owner; upper levels stay the table's.
 */
Test(pt_validate, foreign_l1_entry)
{
    mfn_t l1 = pinned(1), l2 = pinned(2), f = fx_frame(&fx_other);
    mfn_t own = fx_frame(&fx_dom);
    unsigned long other_pages = fx_other.tot_pages;
    struct page_info *pg = fx_pg(f);
    bool flush = false;

    fx_dom.is_privileged = true;
    cr_assert_eq(pv_mod_entry(fx_pg(l1), 4, fx_pte(f, P | RW), 0, &flush),
                 -XEN_EBUSY, "the table owner's frames only");
    cr_assert_eq(pv_mod_entry_foreign(fx_pg(l1), 4, fx_pte(own, P), 0,
                                      &fx_other, &flush), -XEN_EBUSY,
                 "a frame the page owner does not own");
    cr_assert_eq(pv_mod_entry_foreign(fx_pg(l2), 4, fx_pte(f, P), 0,
                                      &fx_other, &flush), -XEN_EINVAL,
                 "upper levels: the table owner's tables");
    cr_assert_eq(pv_mod_entry_foreign(fx_pg(l1), 4, fx_pte(f, P | RW), 0,
                                      &fx_other, &flush), 0);
    cr_assert_eq(fx_count(f), 2);
    cr_assert_eq(fx_tcount(f), 1);
    /* Its owner gives it up (domain_kill): the mapping keeps it. */
    pg->count_info &= ~PGC_allocated;
    put_page(pg);
    cr_assert_eq(fx_count(f), 1);
    cr_assert_eq(fx_other.tot_pages, other_pages);
    cr_assert_eq(pg->owner, &fx_other);
    /* The entry goes: the last reference, and the frame with it. */
    cr_assert_eq(pv_mod_entry(fx_pg(l1), 4, 0, 0, &flush), 0);
    cr_assert_eq(fx_other.tot_pages, other_pages - 1);
    cr_assert(flush, "a removed mapping must be flushed");
    cr_assert_eq(page_unpin(l1, &fx_dom), 0);
    cr_assert_eq(page_unpin(l2, &fx_dom), 0);
}
