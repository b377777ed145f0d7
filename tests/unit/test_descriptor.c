/*
 * Guest segment descriptors (arch/x86/pv/descriptor.c): Xen's
 * check_descriptor rules for a 64-bit PV guest, descriptor pages as a
 * page type, and update_descriptor, over the fake machine
 * (fixtures/mm_fake.h) with the real type state machine.
 */
#include "../fixtures/mm_fake.h"
#include <hv/hypercall.h>
#include <asm/descriptor.h>

TestSuite(descriptor, .init = fx_setup, .fini = fx_teardown);

struct desc_case {
    const char *name;
    uint64_t in;
    bool ok;
    uint64_t out;       /* what is stored when accepted */
};

#define CODE64_DPL3     0x00affb000000ffffUL
#define DATA_DPL3       0x00cff3000000ffffUL
/* A 64-bit call gate: offset 0x1000, target selector, DPL, reserved. */
#define GATE(sel, dpl, rsvd) \
    (((uint64_t)(0x8c00U | ((dpl) << 13) | (rsvd)) << 32) | \
     ((uint64_t)(sel) << 16) | 0x1000U)

static const struct desc_case descs[] = {
    { "null", 0, true, 0 },
    { "not present, anything else", 0x00ff7f00deadbeefUL, true,
      0x00ff7f00deadbeefUL },
    { "flat 64-bit code, DPL 3", CODE64_DPL3, true, CODE64_DPL3 },
    { "flat data, DPL 3", DATA_DPL3, true, DATA_DPL3 },
    { "64-bit code, DPL 0: fixed to 3", 0x00af9b000000ffffUL, true,
      CODE64_DPL3 },
    { "data, DPL 1: fixed to 3", 0x00cfb3000000ffffUL, true, DATA_DPL3 },
    { "data, DPL 2: fixed to 3", 0x00cfd3000000ffffUL, true, DATA_DPL3 },
    { "system type 0 (upper half of a gate)", 0x0000800000000000UL, true,
      0x0000800000000000UL },
    { "LDT descriptor", 0x0000820000000000UL, false, 0 },
    { "available TSS", 0x0000890000000000UL, false, 0 },
    { "busy TSS", 0x00008b0000000000UL, false, 0 },
    { "interrupt gate", 0x00008e0000000000UL, false, 0 },
    { "trap gate", 0x00008f0000000000UL, false, 0 },
    { "call gate to the flat ring-3 CS: DPL 0, RPL 3",
      GATE(FLAT_RING3_CS64, 3, 0), true, GATE(FLAT_RING3_CS64, 0, 0) },
    { "call gate to a guest GDT selector: DPL 3 kept in RPL",
      GATE(0x10, 0, 0), true, GATE(0x13, 0, 0) },
    { "call gate to an LDT selector", GATE(0x0c, 3, 0), true,
      GATE(0x0f, 0, 0) },
    { "call gate to the last guest GDT entry",
      GATE((FIRST_RESERVED_GDT_ENTRY - 1) << 3, 3, 0), true,
      GATE(((FIRST_RESERVED_GDT_ENTRY - 1) << 3) | 3, 0, 0) },
    { "call gate to the hypervisor's CS", GATE(0xe008, 3, 0), false, 0 },
    { "call gate to the hypervisor's DS", GATE(0xe010, 3, 0), false, 0 },
    { "call gate to the flat 32-bit CS", GATE(FLAT_RING3_CS32, 3, 0), false,
      0 },
    { "call gate with reserved bits", GATE(FLAT_RING3_CS64, 3, 1), false,
      0 },
};

Test(descriptor, check_rules)
{
    for (size_t i = 0; i < sizeof(descs) / sizeof(descs[0]); i++) {
        uint64_t d = descs[i].in;
        bool ok = pv_check_descriptor(&fx_dom, &d);

        cr_expect_eq(ok, descs[i].ok, "%s: got %d", descs[i].name, ok);
        if (descs[i].ok)
            cr_expect_eq(d, descs[i].out, "%s: stored %#lx, want %#lx",
                         descs[i].name, d, descs[i].out);
        else
            cr_expect_eq(d, descs[i].in, "%s: changed on refusal",
                         descs[i].name);
    }
}

/* A frame of the domain's filled with flat descriptors, 'bad' at 'at'. */
static mfn_t desc_frame(uint64_t bad, unsigned int at)
{
    mfn_t mfn = fx_frame(&fx_dom);
    uint64_t *d = mfn_to_virt(mfn);

    for (unsigned int i = 0; i < DESCS_PER_PAGE; i++)
        d[i] = (i & 1) ? DATA_DPL3 : 0x00af9b000000ffffUL;
    d[at] = bad;
    return mfn;
}

Test(descriptor, page_of_good_descriptors_becomes_desc_page_fixed_up)
{
    mfn_t mfn = desc_frame(DATA_DPL3, 1);
    uint64_t *d = mfn_to_virt(mfn);

    cr_assert_eq(get_page_and_type(fx_pg(mfn), &fx_dom, PGT_seg_desc_page),
                 0);
    cr_assert_eq(fx_type(mfn), PGT_seg_desc_page);
    cr_assert_eq(fx_tcount(mfn), 1);
    for (unsigned int i = 0; i < DESCS_PER_PAGE; i++)
        cr_assert_eq(d[i], (i & 1) ? DATA_DPL3 : CODE64_DPL3, "entry %u", i);
    /* A descriptor page cannot be mapped writable, nor be a page table. */
    cr_assert_eq(get_page_type(fx_pg(mfn), PGT_writable_page), -XEN_EINVAL);
    cr_assert_eq(get_page_type(fx_pg(mfn), PGT_l1_page_table), -XEN_EINVAL);
    put_page_and_type(fx_pg(mfn));
    /* Released, it may be writable again. */
    cr_assert_eq(get_page_type(fx_pg(mfn), PGT_writable_page), 0);
    put_page_type(fx_pg(mfn));
}

Test(descriptor, page_with_one_bad_descriptor_is_refused)
{
    static const struct { uint64_t bad; unsigned int at; } cases[] = {
        { 0x0000890000000000UL, 0 },          /* a TSS first */
        { GATE(0xe008, 3, 0), 300 },          /* a gate into the hypervisor */
        { 0x00008e0000000000UL, DESCS_PER_PAGE - 1 },  /* a gate, last */
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        mfn_t mfn = desc_frame(cases[i].bad, cases[i].at);
        struct fx_snapshot *s = malloc(sizeof(*s));

        fx_snap(s);
        cr_assert_eq(get_page_and_type(fx_pg(mfn), &fx_dom,
                                       PGT_seg_desc_page), -XEN_EINVAL,
                     "case %zu", i);
        cr_assert_eq(fx_type(mfn), PGT_none, "case %zu: typed", i);
        fx_same(s, "refused descriptor page");
        free(s);
    }
}

/* Mapped writable by an L1 table of the domain's: refused until unmapped. */
Test(descriptor, writable_mapped_frame_cannot_become_desc_page)
{
    mfn_t mfn = desc_frame(DATA_DPL3, 0);
    mfn_t l1 = fx_frame(&fx_dom);
    uint32_t count = fx_count(mfn);

    fx_table(l1)[5] = fx_pte(mfn, _PAGE_PRESENT | _PAGE_RW);
    cr_assert_eq(page_pin(l1, &fx_dom, PGT_l1_page_table), 0);
    cr_assert_eq(get_page_and_type(fx_pg(mfn), &fx_dom, PGT_seg_desc_page),
                 -XEN_EINVAL);
    cr_assert_eq(fx_count(mfn), count + 1, "only the mapping's reference");
    cr_assert_eq(page_unpin(l1, &fx_dom), 0);
    cr_assert_eq(get_page_and_type(fx_pg(mfn), &fx_dom, PGT_seg_desc_page),
                 0);
    /* And a descriptor page cannot be mapped writable. */
    cr_assert_eq(page_pin(l1, &fx_dom, PGT_l1_page_table), -XEN_EBUSY);
    put_page_and_type(fx_pg(mfn));
}

Test(descriptor, another_domains_frame_is_refused)
{
    mfn_t mfn = fx_frame(&fx_other);

    cr_assert_eq(get_page_and_type(fx_pg(mfn), &fx_dom, PGT_seg_desc_page),
                 -XEN_EINVAL);
}

/* ---- update_descriptor ------------------------------------------------ */

static long update(uint64_t maddr, uint64_t desc)
{
    struct hc_args a = { { maddr, desc } };

    return do_update_descriptor(&a);
}

enum upd_target { U_OWN, U_DESC_PAGE, U_L1, U_FOREIGN, U_FREE, U_XEN };

struct upd_case {
    const char *name;
    enum upd_target target;
    unsigned int offset;
    uint64_t desc;
    long rc;
    uint64_t stored;
};

static const struct upd_case updates[] = {
    { "own frame", U_OWN, 8, DATA_DPL3, 0, DATA_DPL3 },
    { "own frame, DPL 0 fixed up", U_OWN, 16, 0x00cf93000000ffffUL, 0,
      DATA_DPL3 },
    { "descriptor page in use", U_DESC_PAGE, 24, 0, 0, 0 },
    { "descriptor page, a gate", U_DESC_PAGE, 32, GATE(0x10, 3, 0), 0,
      GATE(0x13, 0, 0) },
    { "last descriptor of the frame", U_OWN, PAGE_SIZE - 8, DATA_DPL3, 0,
      DATA_DPL3 },
    { "misaligned", U_OWN, 4, DATA_DPL3, -XEN_EINVAL, 0 },
    { "misaligned by one", U_OWN, 9, DATA_DPL3, -XEN_EINVAL, 0 },
    { "a TSS descriptor", U_OWN, 8, 0x0000890000000000UL, -XEN_EINVAL, 0 },
    { "a gate into the hypervisor", U_DESC_PAGE, 8, GATE(0xe008, 3, 0),
      -XEN_EINVAL, 0 },
    { "a page table", U_L1, 8, DATA_DPL3, -XEN_EINVAL, 0 },
    { "another domain's frame", U_FOREIGN, 8, DATA_DPL3, -XEN_EINVAL, 0 },
    { "a free frame", U_FREE, 8, DATA_DPL3, -XEN_EINVAL, 0 },
    { "the hypervisor's frame", U_XEN, 8, DATA_DPL3, -XEN_EINVAL, 0 },
};

static mfn_t upd_frame(enum upd_target t)
{
    mfn_t mfn;

    switch (t) {
    case U_OWN:
        return fx_frame(&fx_dom);
    case U_DESC_PAGE:
        mfn = desc_frame(DATA_DPL3, 0);
        cr_assert_eq(get_page_and_type(fx_pg(mfn), &fx_dom,
                                       PGT_seg_desc_page), 0);
        return mfn;
    case U_L1:
        mfn = fx_frame(&fx_dom);
        cr_assert_eq(page_pin(mfn, &fx_dom, PGT_l1_page_table), 0);
        return mfn;
    case U_FOREIGN:
        return fx_frame(&fx_other);
    case U_FREE:
        mfn = alloc_frames(0, NULL);
        free_frames(mfn, 0);
        return mfn;
    default:
        return alloc_frames(0, NULL);
    }
}

Test(descriptor, update_descriptor_rules)
{
    for (size_t i = 0; i < sizeof(updates) / sizeof(updates[0]); i++) {
        const struct upd_case *u = &updates[i];
        mfn_t mfn = upd_frame(u->target);
        uint64_t maddr = ((uint64_t)mfn << PAGE_SHIFT) + u->offset;
        uint64_t before = *(uint64_t *)((char *)mfn_to_virt(mfn) +
                                        (u->offset & ~7U));
        struct fx_snapshot *s = malloc(sizeof(*s));
        long rc;

        fx_snap(s);
        rc = update(maddr, u->desc);
        cr_expect_eq(rc, u->rc, "%s: got %ld, want %ld", u->name, rc, u->rc);
        fx_same(s, u->name);
        free(s);
        if (u->target == U_FREE || u->target == U_XEN)
            continue;
        cr_expect_eq(*(uint64_t *)((char *)mfn_to_virt(mfn) +
                                   (u->offset & ~7U)),
                     u->rc ? before : u->stored, "%s: stored", u->name);
    }
}
