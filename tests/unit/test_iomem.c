/*
 * I/O memory grants (arch/x86/iomem.c) and what they change in the L1
 * rule (pv_get_page_from_l1e): a granted frame without a page_info maps
 * without references; everything else is refused exactly as before.
 */
#include "../fixtures/mm_fake.h"
#include <asm/iomem.h>

TestSuite(iomem, .init = fx_setup, .fini = fx_teardown);

#define P   _PAGE_PRESENT
#define RW  _PAGE_RW
#define UC  (_PAGE_PCD | _PAGE_PWT)

/* dom0's boot grant in small: all past RAM but one "APIC" frame. */
static unsigned long grant_like_dom0(struct domain *d)
{
    unsigned long apic = max_mfn + 0x100;

    d->is_privileged = true;
    cr_assert_eq(iomem_grant(d, max_mfn, IOMEM_MAX_FRAME), 0);
    cr_assert_eq(iomem_deny(d, apic, apic), 0);
    return apic;
}

Test(iomem, grant_refusals)
{
    cr_assert_eq(iomem_grant(&fx_dom, max_mfn + 2, max_mfn + 1), -XEN_EINVAL,
                 "first > last");
    cr_assert_eq(iomem_grant(&fx_dom, max_mfn - 1, max_mfn + 1), -XEN_EINVAL,
                 "a frame with a page_info (RAM)");
    cr_assert_eq(iomem_grant(&fx_dom, 0xa0, 0xbf), -XEN_EINVAL,
                 "the first MiB has page_infos too");
    cr_assert_eq(iomem_grant(&fx_dom, max_mfn, IOMEM_MAX_FRAME + 1),
                 -XEN_EINVAL, "past the physical address width");
    for (unsigned int i = 0; i < MAX_IOMEM_RANGES; i++)
        cr_assert_eq(iomem_grant(&fx_dom, max_mfn + 2 * i, max_mfn + 2 * i),
                     0);
    cr_assert_eq(iomem_grant(&fx_dom, max_mfn + 100, max_mfn + 100),
                 -XEN_ENOSPC);
    cr_assert_eq(fx_dom.arch.nr_iomem, MAX_IOMEM_RANGES);
}

Test(iomem, deny_splits_and_trims)
{
    unsigned long m = max_mfn;

    cr_assert_eq(iomem_grant(&fx_dom, m, m + 99), 0);
    cr_assert_eq(iomem_deny(&fx_dom, m + 10, m + 19), 0);
    cr_assert_eq(fx_dom.arch.nr_iomem, 2);
    cr_assert(iomem_permitted(&fx_dom, m + 9));
    cr_assert_not(iomem_permitted(&fx_dom, m + 10));
    cr_assert_not(iomem_permitted(&fx_dom, m + 19));
    cr_assert(iomem_permitted(&fx_dom, m + 20));
    /* Trimming an end, and removing a whole range, need no slot. */
    cr_assert_eq(iomem_deny(&fx_dom, m + 90, m + 200), 0);
    cr_assert_not(iomem_permitted(&fx_dom, m + 90));
    cr_assert(iomem_permitted(&fx_dom, m + 89));
    cr_assert_eq(iomem_deny(&fx_dom, m, m + 9), 0);
    cr_assert_eq(fx_dom.arch.nr_iomem, 1);
    cr_assert_not(iomem_permitted(&fx_dom, m));
    cr_assert_eq(iomem_deny(&fx_dom, m + 5, m + 4), -XEN_EINVAL);
    cr_assert_not(iomem_permitted(&fx_other, m + 50), "not another's");
}

Test(iomem, deny_without_a_slot_changes_nothing)
{
    unsigned long m = max_mfn;

    for (unsigned int i = 0; i < MAX_IOMEM_RANGES; i++)
        cr_assert_eq(iomem_grant(&fx_dom, m + 10 * i, m + 10 * i + 5), 0);
    cr_assert_eq(iomem_deny(&fx_dom, m + 2, m + 2), -XEN_ENOSPC);
    cr_assert(iomem_permitted(&fx_dom, m + 2));
    cr_assert_eq(fx_dom.arch.nr_iomem, MAX_IOMEM_RANGES);
}

Test(iomem, granted_frame_maps_without_references)
{
    static struct fx_snapshot before;
    pte_t e = fx_pte(max_mfn + 5, P | RW | UC);

    grant_like_dom0(&fx_dom);
    fx_snap(&before);
    cr_assert_eq(pv_get_page_from_l1e(e, &fx_dom), 0);
    fx_same(&before, "I/O memory took a reference");
    pv_put_page_from_l1e(e);
    fx_same(&before, "I/O memory put a reference");
}

static const struct {
    const char *name;
    bool grant;                 /* fx_dom holds dom0's grant */
    int target;                 /* 0 beyond RAM, 1 the denied frame,
                                   2 the first MiB, 3 RAM of another's,
                                   4 a frame the hypervisor uses */
    int rc;
} refusals[] = {
    { "domU maps MMIO", false, 0, -XEN_EPERM },
    { "dom0 maps the local APIC page", true, 1, -XEN_EPERM },
    { "dom0 maps the first MiB", true, 2, -XEN_EPERM },
    { "dom0 maps another's RAM", true, 3, -XEN_EBUSY },
    { "dom0 maps the hypervisor's frame", true, 4, -XEN_EBUSY },
};

Test(iomem, refusals_stay)
{
    for (size_t i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++) {
        static struct fx_snapshot before;
        unsigned long denied = grant_like_dom0(&fx_other);
        mfn_t mfn;

        fx_dom.arch.nr_iomem = 0;
        if (refusals[i].grant)
            denied = grant_like_dom0(&fx_dom);
        else
            fx_dom.is_privileged = false;
        switch (refusals[i].target) {
        case 0: mfn = max_mfn + 5; break;
        case 1: mfn = denied; break;
        case 2: mfn = 0xa0; break;
        case 3: mfn = fx_frame(&fx_other); break;
        default: mfn = alloc_frames(0, NULL); break;
        }
        fx_snap(&before);
        cr_assert_eq(pv_get_page_from_l1e(fx_pte(mfn, P | RW), &fx_dom),
                     refusals[i].rc, "%s", refusals[i].name);
        fx_same(&before, refusals[i].name);
        fx_other.arch.nr_iomem = 0;
    }
}
