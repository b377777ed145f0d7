/*
 * selftest=hostile: plain stores to the guest's own page tables, which
 * are mapped read-only.  A store to an L2-L4 table faults and Xen
 * delivers the #PF to the guest; a store to an L1 table is emulated
 * ("writable page tables") if the new entry passes validation, and
 * faults if it does not.  See selftest_hostile.c.
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

static struct {
    unsigned int count;
    unsigned long error, cr2;
} pf;

/* Records the #PF and lets the probe's fixup resume. */
static bool pf_record(struct trap_frame *f)
{
    vcpu_info_t *vi = vcpu0();

    pf.count++;
    pf.error = f->error_code;
    pf.cr2 = vi ? vi->arch.cr2 : 0;
    return false;
}

/* A store of val at va: true if it went through without a fault. */
static bool store(struct test *t, const char *what, unsigned long va,
                  uint64_t val)
{
    trap_hook_fn old = trap_set_hook(X86_EXC_PF, pf_record);
    bool ok;

    pf.count = 0;
    pf.error = 0;
    ok = probe_write(va, val);
    trap_set_hook(X86_EXC_PF, old);
    if (ok) {
        info("hostile: store to %s: done\n", what);
    } else {
        info("hostile: store to %s: #PF error 0x%lx\n", what, pf.error);
        expect_eq(t, "one #PF", pf.count, 1);
        expect_eq(t, "#PF error code (present, write)", (long)pf.error,
                  X86_PFEC_PRESENT | X86_PFEC_WRITE);
        expect_true(t, "cr2 is the store's address", pf.cr2 == va);
    }
    return ok;
}

/* Where the start-of-day mapping shows a boot page table (read-only). */
static unsigned long boot_table_va(unsigned long mfn)
{
    return KERNEL_VIRT_BASE + (mfn_to_pfn(mfn) << PAGE_SHIFT);
}

/* The victim's L1 entry, as seen there. */
static unsigned long victim_l1e_va(void)
{
    return boot_table_va(hostile.l1) +
           (hostile.victim_l1e_maddr & (PAGE_SIZE - 1));
}

/* A store of the value already there, to entry `index` of table mfn. */
static bool store_same(struct test *t, const char *what, unsigned long mfn,
                       unsigned int index)
{
    unsigned long va = boot_table_va(mfn) + index * sizeof(uint64_t);

    return store(t, what, va, *(volatile uint64_t *)va);
}

/*
 * Stores to L4, L3 and L2 tables always fault.  Xen 4.17 emulates
 * stores to L1 tables whether or not the guest enabled the
 * writable_pagetables assist (its ro-page-fault path no longer checks
 * it), so even with the assist disabled that store goes through.
 */
void test_pt_direct_write(struct test *t)
{
    expect_rc(t, "disable writable_pagetables",
              HYPERVISOR_vm_assist(VMASST_CMD_disable,
                                   VMASST_TYPE_writable_pagetables), 0);
    expect_true(t, "store to the L4 faults",
                !store_same(t, "the L4", hostile.l4,
                            PT_INDEX(KERNEL_VIRT_BASE, 4)));
    expect_true(t, "store to the L3 faults",
                !store_same(t, "the L3", hostile.l3,
                            PT_INDEX(KERNEL_VIRT_BASE, 3)));
    expect_true(t, "store to the L2 faults",
                !store_same(t, "the L2", hostile.l2,
                            PT_INDEX(KERNEL_VIRT_BASE, 2)));
    expect_true(t, "store to an L1 is emulated, assist or not",
                store(t, "an L1", victim_l1e_va(), hostile.victim_pte));
    expect_victim_intact(t);
}

/* The victim mapped to pfn's frame, with a store to its L1 entry. */
static bool store_victim(struct test *t, unsigned long mfn, uint64_t flags)
{
    return store(t, "the victim's entry", victim_l1e_va(),
                 ((uint64_t)mfn << PAGE_SHIFT) | flags);
}

void test_pt_emulated_write(struct test *t)
{
    unsigned long pfn = frame_alloc_zeroed();
    uint64_t v = 1;

    expect_rc(t, "enable writable_pagetables",
              HYPERVISOR_vm_assist(VMASST_CMD_enable,
                                   VMASST_TYPE_writable_pagetables), 0);
    expect_true(t, "a valid store is emulated",
                store_victim(t, pfn_to_mfn(pfn), PTE_KERNEL_RW));
    mmu_invlpg(hostile.victim_va);
    expect_true(t, "the victim now maps the new (zero) frame",
                probe_read(hostile.victim_va, &v) && v == 0);
    expect_true(t, "a store mapping the L4 writable is refused",
                !store_victim(t, hostile.l4, PTE_KERNEL_RW));
    expect_true(t, "a store mapping a foreign frame is refused",
                !store_victim(t, hostile.foreign_mfn, PTE_KERNEL_RO));
    expect_true(t, "the original entry stored back",
                store(t, "the victim's entry", victim_l1e_va(),
                      hostile.victim_pte));
    expect_rc(t, "disable writable_pagetables",
              HYPERVISOR_vm_assist(VMASST_CMD_disable,
                                   VMASST_TYPE_writable_pagetables), 0);
    expect_victim_intact(t);
    frame_put(pfn);
}
