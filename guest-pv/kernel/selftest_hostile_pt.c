/*
 * selftest=hostile: attacks on the page tables themselves (type
 * confusion, pinning, base pointers, the hypervisor's L4 slots, stores
 * to read-only tables) and bad commands.  See selftest_hostile.c.
 */
#include <abi/guest_hypercall.h>
#include <xen/errno.h>
#include <guest/console.h>
#include <guest/hypervisor.h>
#include <guest/kmap.h>
#include <guest/mm.h>
#include <guest/mmu.h>
#include <guest/traps.h>
#include "selftest_hostile.h"

/* An L2 slot of the kernel's L2 that maps nothing (0xffffffffbfe00000). */
#define UNUSED_L2_SLOT  511

static uint64_t pte_of(unsigned long mfn, uint64_t flags)
{
    return ((uint64_t)mfn << PAGE_SHIFT) | flags;
}

static long uvm_bad_mask(void)
{
    /* UVMF_MULTI: the flags carry a pointer to a vCPU bitmap. */
    return HYPERVISOR_update_va_mapping(hostile.victim_va,
                                        hostile.victim_pte,
                                        UVMF_INVLPG | UVMF_MULTI |
                                        TEST_LOW_ADDR);
}

static long flush_multi_bad_mask(void)
{
    mmuext_op_t op = { .cmd = MMUEXT_TLB_FLUSH_MULTI };

    set_xen_guest_handle(op.arg2.vcpumask, (void *)TEST_XEN_ADDR);
    return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

void test_bad_commands(struct test *t)
{
    uint64_t l1e = hostile.victim_l1e_maddr;
    uint64_t own = (uint64_t)hostile.victim_mfn << PAGE_SHIFT;

    expect_rc(t, "mmuext_op cmd 99", mmuext_one(99, 0), -XEN_ENOSYS);
    expect_rc(t, "mmuext_op cmd 14", mmuext_one(14, 0), -XEN_ENOSYS);
    /* For a PV guest nothing is translated: a normal update. */
    expect_rc(t, "mmu_update NO_TRANSLATE",
              mmu_update_one(l1e | MMU_PT_UPDATE_NO_TRANSLATE,
                             hostile.victim_pte, DOMID_SELF), 0);
    expect_rc(t, "MACHPHYS_UPDATE of a foreign frame",
              mmu_update_one(((uint64_t)hostile.foreign_mfn << PAGE_SHIFT) |
                             MMU_MACHPHYS_UPDATE, 0, DOMID_SELF),
              -XEN_EINVAL);
    expect_rc(t, "MACHPHYS_UPDATE of an own frame, unchanged",
              mmu_update_one(own | MMU_MACHPHYS_UPDATE,
                             mfn_to_pfn(hostile.victim_mfn), DOMID_SELF), 0);
    expect_rc(t, "mmu_update foreigndom 7 (no such domain)",
              mmu_update_one(l1e, hostile.victim_pte, 7), -XEN_ESRCH);
    expect_rc(t, "pin mfn 0xfffffffff",
              mmuext_one(MMUEXT_PIN_L1_TABLE, 0xffffffffful), -XEN_EINVAL);
    expect_rc(t, "memory_op cmd 999",
              HYPERVISOR_memory_op(999, NULL), -XEN_ENOSYS);
    expect_rc(t, "update_va_mapping in the hypervisor",
              HYPERVISOR_update_va_mapping(TEST_XEN_ADDR, 0, 0),
              -XEN_EINVAL);
    expect_rc(t, "update_va_mapping unreadable vCPU mask", uvm_bad_mask(),
              -XEN_EFAULT);
    /* Not -EFAULT: Xen reports the bad mask as an invalid argument. */
    expect_rc(t, "TLB_FLUSH_MULTI unreadable vCPU mask",
              flush_multi_bad_mask(), -XEN_EINVAL);
    expect_rc(t, "INVLPG_LOCAL non-canonical",
              mmuext_one(MMUEXT_INVLPG_LOCAL, TEST_NONCANON), 0);
    expect_rc(t, "NEW_USER_BASEPTR 0", mmuext_one(MMUEXT_NEW_USER_BASEPTR, 0),
              0);
    expect_victim_intact(t);
}

/* A fresh frame whose entry 0 is `e`, pinned at `level`. */
static long pin_with_entry(unsigned int level, uint64_t e)
{
    unsigned long pfn = frame_alloc_zeroed();
    uint64_t *p = kmap(pfn_to_mfn(pfn), true);
    long rc;

    p[0] = e;
    kunmap(p);
    rc = mmu_pin(level, pfn_to_mfn(pfn));
    if (rc == 0)
        mmu_unpin_must(pfn_to_mfn(pfn));
    frame_put(pfn);
    return rc;
}

void test_pin_wrong_type(struct test *t)
{
    expect_rc(t, "pin the L2 as L1", mmu_pin(1, hostile.l2), -XEN_EINVAL);
    expect_rc(t, "pin the L1 as L2", mmu_pin(2, hostile.l1), -XEN_EINVAL);
    expect_rc(t, "pin the L4 as L3", mmu_pin(3, hostile.l4), -XEN_EINVAL);
    expect_rc(t, "pin the L4 again", mmu_pin(4, hostile.l4), -XEN_EINVAL);
    expect_rc(t, "pin a writable data page as L1",
              mmu_pin(1, hostile.victim_mfn), -XEN_EINVAL);
    expect_rc(t, "pin a foreign frame as L1",
              mmu_pin(1, hostile.foreign_mfn), -XEN_EINVAL);
    /* The entry's frame is busy as a table: -EBUSY, as for the kmap. */
    expect_rc(t, "pin an L1 mapping the L4 writable",
              pin_with_entry(1, pte_of(hostile.l4, PTE_KERNEL_RW)),
              -XEN_EBUSY);
    expect_rc(t, "pin an L2 linking a data page",
              pin_with_entry(2, pte_of(hostile.victim_mfn, PTE_TABLE)),
              -XEN_EINVAL);
    expect_rc(t, "pin an L2 with a superpage",
              pin_with_entry(2, pte_of(hostile.victim_mfn,
                                       PTE_TABLE | PTE_PSE)), -XEN_EINVAL);
    expect_rc(t, "unpin a frame never pinned",
              mmu_unpin(hostile.victim_mfn), -XEN_EINVAL);
    expect_victim_intact(t);
}

/* Entries of the kernel's L2 and a scratch L4 aimed at wrong levels. */
void test_link_wrong_level(struct test *t)
{
    unsigned long pfn = frame_alloc_zeroed(), l4 = pfn_to_mfn(pfn);
    uint64_t l2e = pt_maddr(hostile.l2, UNUSED_L2_SLOT);
    uint64_t l4e = pt_maddr(l4, 0);

    expect_rc(t, "pin a scratch L4", mmu_pin(4, l4), 0);
    expect_rc(t, "L4 entry -> an L1",
              mmu_update_one(l4e, pte_of(hostile.l1, PTE_TABLE), DOMID_SELF),
              -XEN_EINVAL);
    expect_rc(t, "L4 entry -> a writable data page",
              mmu_update_one(l4e, pte_of(hostile.victim_mfn, PTE_TABLE),
                             DOMID_SELF), -XEN_EINVAL);
    expect_rc(t, "L4 entry -> a foreign frame",
              mmu_update_one(l4e, pte_of(hostile.foreign_mfn, PTE_TABLE),
                             DOMID_SELF), -XEN_EINVAL);
    expect_rc(t, "L4 entry -> the kernel's L3 (legitimate)",
              mmu_update_one(l4e, pte_of(hostile.l3, PTE_TABLE), DOMID_SELF),
              0);
    expect_rc(t, "L4 entry cleared", mmu_update_one(l4e, 0, DOMID_SELF), 0);
    expect_rc(t, "L2 entry -> the L4",
              mmu_update_one(l2e, pte_of(hostile.l4, PTE_TABLE), DOMID_SELF),
              -XEN_EINVAL);
    expect_rc(t, "L2 entry -> a superpage",
              mmu_update_one(l2e, pte_of(hostile.victim_mfn,
                                         PTE_TABLE | PTE_PSE), DOMID_SELF),
              -XEN_EINVAL);
    expect_eq(t, "L2 entry still empty", (long)pt_read(l2e), 0);
    expect_rc(t, "unpin the scratch L4", mmu_unpin(l4), 0);
    frame_put(pfn);
    expect_victim_intact(t);
}

/* A copy of the kernel's L4 (kernel slots), pinned; its pfn. */
static unsigned long kernel_l4_copy(void)
{
    unsigned long pfn = frame_alloc_zeroed();
    uint64_t *l4 = kmap(pfn_to_mfn(pfn), true);
    unsigned int slot = PT_INDEX(KERNEL_VIRT_BASE, 4);

    l4[slot] = pt_read(pt_maddr(hostile.l4, slot));
    kunmap(l4);
    mmu_pin_must(4, pfn_to_mfn(pfn));
    return pfn;
}

/*
 * An unpinned table that is the page-table base stays a table: the
 * base holds a type reference, so it still cannot be mapped writable.
 */
void test_unpin_in_use(struct test *t)
{
    unsigned long pfn = kernel_l4_copy(), mfn = pfn_to_mfn(pfn);
    long rc = 0;
    void *va;

    mmu_set_bases(mfn, 0);
    expect_rc(t, "unpin the L4 in use", mmu_unpin(mfn), 0);
    expect_rc(t, "unpin it again", mmu_unpin(mfn), -XEN_EINVAL);
    va = kmap_try(mfn, true, &rc);
    expect_rc(t, "writable kmap of the L4 in use", rc, -XEN_EBUSY);
    if (va)
        kunmap(va);
    mmu_set_bases(hostile.l4, 0);
    va = kmap_try(mfn, true, &rc);
    expect_rc(t, "writable kmap once no longer in use", rc, 0);
    if (va)
        kunmap(va);
    frame_put(pfn);
    expect_rc(t, "unpin the boot L4 (in use)", mmu_unpin(hostile.l4), 0);
    expect_rc(t, "pin it back", mmu_pin(4, hostile.l4), 0);
    expect_victim_intact(t);
}

void test_bad_baseptr(struct test *t)
{
    expect_rc(t, "NEW_BASEPTR a writable data page",
              mmuext_one(MMUEXT_NEW_BASEPTR, hostile.victim_mfn), -XEN_EINVAL);
    expect_rc(t, "NEW_BASEPTR an L1",
              mmuext_one(MMUEXT_NEW_BASEPTR, hostile.l1), -XEN_EINVAL);
    expect_rc(t, "NEW_BASEPTR a foreign frame",
              mmuext_one(MMUEXT_NEW_BASEPTR, hostile.foreign_mfn),
              -XEN_EINVAL);
    expect_rc(t, "NEW_BASEPTR an M2P frame",
              mmuext_one(MMUEXT_NEW_BASEPTR, hostile.m2p_mfn), -XEN_EINVAL);
    expect_rc(t, "NEW_USER_BASEPTR a writable data page",
              mmuext_one(MMUEXT_NEW_USER_BASEPTR, hostile.victim_mfn),
              -XEN_EINVAL);
    expect_rc(t, "NEW_USER_BASEPTR an L1",
              mmuext_one(MMUEXT_NEW_USER_BASEPTR, hostile.l1), -XEN_EINVAL);
    expect_victim_intact(t);
}

/* Slots 256-271 of a guest L4 are the hypervisor's, whatever it asks. */
void test_xen_l4_slots(struct test *t)
{
    static const unsigned int slots[] = { L4_XEN_FIRST, 262, L4_XEN_LAST };
    uint64_t before[3], e;
    char what[48];
    size_t i;

    for (i = 0; i < ARRAY_SIZE(slots); i++) {
        uint64_t ma = pt_maddr(hostile.l4, slots[i]);

        before[i] = pt_read(ma);
        snprintf(what, sizeof(what), "L4 slot %u -> own L3", slots[i]);
        expect_rc(t, what, mmu_update_one(ma, pte_of(hostile.l3, PTE_TABLE),
                                          DOMID_SELF), -XEN_EINVAL);
        snprintf(what, sizeof(what), "L4 slot %u cleared", slots[i]);
        expect_rc(t, what, mmu_update_one(ma, 0, DOMID_SELF), -XEN_EINVAL);
        e = pt_read(ma);
        expect_true(t, "slot unchanged", e == before[i]);
    }
    expect_victim_intact(t);
}
