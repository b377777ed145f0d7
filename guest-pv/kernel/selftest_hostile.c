/*
 * selftest=hostile: the guest tries what direct paging forbids and
 * checks that it gets real Xen's answer (an error code, or a fault
 * delivered to it), then carries on.  The expected values are Xen
 * 4.17's, observed by running this suite as its dom0; every result is
 * also printed on an info line.
 *
 * This file: the targets, the helpers, the mapping attacks and the
 * suite.  The page-table attacks are in selftest_hostile_pt.c.  After
 * each case the suite asks the hypervisor to audit its memory
 * bookkeeping (our extension __HYPERVISOR_arch_0; real Xen has no such
 * call and answers -ENOSYS, so the result goes on an info line).
 */
#include <abi/ext.h>
#include <abi/guest_hypercall.h>
#include <xen/errno.h>
#include <guest/console.h>
#include <guest/hypervisor.h>
#include <guest/kmap.h>
#include <guest/mm.h>
#include <guest/mmu.h>
#include "selftest_hostile.h"

#define VICTIM_MARK     0x76696374696d21ul          /* "victim!" */

/* The local APIC's page at its architectural default address. */
#define LAPIC_MFN       0xfee00ul

struct hostile_targets hostile;

static char victim[PAGE_SIZE] __aligned(PAGE_SIZE);
static bool audit_available;

bool expect_rc(struct test *t, const char *what, long got, long want)
{
    info("hostile: %s: %ld\n", what, got);
    return expect_eq(t, what, got, want);
}

long mmu_update_one(uint64_t ptr, uint64_t val, unsigned int fd)
{
    mmu_update_t req = { .ptr = ptr, .val = val };

    mmu_flush();
    return HYPERVISOR_mmu_update(&req, 1, NULL, fd);
}

long mmuext_one(unsigned int cmd, unsigned long arg1)
{
    return mmuext(cmd, arg1);
}

void expect_victim_intact(struct test *t)
{
    uint64_t v = 0;

    /* Put the entry back first, in case an attack did change it. */
    if (pt_read(hostile.victim_l1e_maddr) != hostile.victim_pte)
        mmu_update_one(hostile.victim_l1e_maddr, hostile.victim_pte,
                       DOMID_SELF);
    mmu_invlpg(hostile.victim_va);
    expect_true(t, "victim page intact",
                probe_read(hostile.victim_va, &v) && v == VICTIM_MARK);
}

/* The first frame of Xen's M2P table (XENMEM_machphys_mfn_list). */
static unsigned long m2p_frame(void)
{
    xen_pfn_t extents[1] = { 0 };
    struct xen_machphys_mfn_list list = { .max_extents = 1 };
    long rc;

    set_xen_guest_handle(list.extent_start, extents);
    rc = HYPERVISOR_memory_op(XENMEM_machphys_mfn_list, &list);
    info("hostile: machphys_mfn_list: %ld, %u extents, first 0x%lx\n",
         rc, list.nr_extents, (unsigned long)extents[0]);
    return rc == 0 && list.nr_extents ? extents[0] : 0;
}

/*
 * RAM below the domain's lowest frame: owned by someone else - except
 * the shared_info frame, which the hypervisor gives the domain outside
 * its P2M (Xen's share_xen_page_with_guest) and which may land there.
 */
static unsigned long foreign_frame(void)
{
    unsigned long pfn, lo = ~0ul, mfn;
    unsigned long shared_mfn = start_info->shared_info >> PAGE_SHIFT;

    for (pfn = 0; pfn < start_info->nr_pages; pfn++)
        if (pfn_to_mfn(pfn) < lo)
            lo = pfn_to_mfn(pfn);
    for (mfn = lo; mfn-- > 0;)
        if (!mfn_is_own(mfn) && mfn != shared_mfn)
            return mfn;
    return 0;
}

static void find_tables(void)
{
    hostile.l4 = mmu_boot_l4();
    hostile.l3 = PTE_MFN(pt_read(pt_entry_maddr(hostile.l4,
                                                KERNEL_VIRT_BASE, 4)));
    hostile.l2 = PTE_MFN(pt_read(pt_entry_maddr(hostile.l4,
                                                KERNEL_VIRT_BASE, 3)));
    hostile.l1 = PTE_MFN(pt_read(pt_entry_maddr(hostile.l4,
                                                hostile.victim_va, 2)));
    hostile.l1_va = KERNEL_VIRT_BASE +
                    (mfn_to_pfn(hostile.l1) << PAGE_SHIFT);
}

/*
 * Our audit: 0 consistent, -EIO not, -ENOMEM could not tell.  Real Xen
 * has a hypercall of its own at this number (__HYPERVISOR_mca, x86's
 * arch_0), which answers -EFAULT to a NULL argument, and only those
 * three results count as the audit's.
 */
static long mm_audit(void)
{
    return HYPERVISOR_raw(__HYPERVISOR_xpv_op, XPVOP_mm_audit, 0, 0, 0, 0);
}

static void hostile_begin(void)
{
    long rc;

    *(volatile uint64_t *)victim = VICTIM_MARK;
    hostile.victim_va = (unsigned long)victim;
    find_tables();
    hostile.victim_l1e_maddr = pt_entry_maddr(hostile.l4,
                                              hostile.victim_va, 1);
    hostile.victim_pte = pt_read(hostile.victim_l1e_maddr);
    hostile.victim_mfn = PTE_MFN(hostile.victim_pte);
    hostile.m2p_mfn = m2p_frame();
    info("hostile: shared_info mfn 0x%lx (not foreign: it is ours)\n",
         (unsigned long)(start_info->shared_info >> PAGE_SHIFT));
    hostile.foreign_mfn = foreign_frame();
    info("hostile: L4 0x%lx L3 0x%lx L2 0x%lx L1 0x%lx victim 0x%lx "
         "M2P 0x%lx foreign 0x%lx\n", hostile.l4, hostile.l3, hostile.l2,
         hostile.l1, hostile.victim_mfn, hostile.m2p_mfn,
         hostile.foreign_mfn);
    rc = mm_audit();
    audit_available = rc == 0 || rc == -XEN_EIO || rc == -XEN_ENOMEM;
    info("audit: %s (%ld)\n", audit_available ? "available" :
         "not available", rc);
}

static void hostile_after(const char *name)
{
    if (audit_available)
        info("audit after %s: %ld\n", name, mm_audit());
}

/* The victim's entry aimed at mfn (flags as given), both ways. */
static void map_frame(struct test *t, const char *what, unsigned long mfn,
                      uint64_t flags, long want)
{
    char label[64];
    uint64_t pte = ((uint64_t)mfn << PAGE_SHIFT) | flags;

    snprintf(label, sizeof(label), "mmu_update %s", what);
    expect_rc(t, label, mmu_update_one(hostile.victim_l1e_maddr, pte,
                                       DOMID_SELF), want);
    expect_victim_intact(t);
    snprintf(label, sizeof(label), "update_va_mapping %s", what);
    expect_rc(t, label, HYPERVISOR_update_va_mapping(hostile.victim_va,
                                                     pte, UVMF_INVLPG),
              want);
    expect_victim_intact(t);
}

/*
 * The hypervisor's own frames: the M2P table (RAM Xen owns; guests read
 * it only through Xen's own read-only mapping), and the local APIC,
 * which is I/O memory dom0 may not map although it may map most other
 * I/O memory (Xen: -EPERM, where a frame of RAM not owned is -EBUSY).
 */
void test_map_xen_frame(struct test *t)
{
    if (!expect_true(t, "an M2P frame", hostile.m2p_mfn != 0))
        return;
    map_frame(t, "M2P frame rw", hostile.m2p_mfn, PTE_KERNEL_RW,
              -XEN_EBUSY);
    map_frame(t, "M2P frame ro", hostile.m2p_mfn, PTE_KERNEL_RO,
              -XEN_EBUSY);
    map_frame(t, "local APIC ro", LAPIC_MFN, PTE_KERNEL_RO, -XEN_EPERM);
}

/* Memory of no one or of another domain, and beyond the machine. */
void test_map_foreign_frame(struct test *t)
{
    if (!expect_true(t, "a foreign frame", hostile.foreign_mfn != 0))
        return;
    map_frame(t, "foreign frame rw", hostile.foreign_mfn, PTE_KERNEL_RW,
              -XEN_EBUSY);
    map_frame(t, "foreign frame ro", hostile.foreign_mfn, PTE_KERNEL_RO,
              -XEN_EBUSY);
}

/* Own page tables, writable: refused; read-only: fine. */
void test_map_pt_writable(struct test *t)
{
    map_frame(t, "own L4 rw", hostile.l4, PTE_KERNEL_RW, -XEN_EBUSY);
    map_frame(t, "own L1 rw", hostile.l1, PTE_KERNEL_RW, -XEN_EBUSY);
    map_frame(t, "own L4 ro", hostile.l4, PTE_KERNEL_RO, 0);
    /* The boot mapping of the L1 itself, made writable in place. */
    expect_rc(t, "update_va_mapping L1's own mapping rw",
              HYPERVISOR_update_va_mapping(hostile.l1_va,
                  ((uint64_t)hostile.l1 << PAGE_SHIFT) | PTE_KERNEL_RW,
                  UVMF_INVLPG), -XEN_EBUSY);
}

/* Argument pointers into the hypervisor, nowhere, or not ours. */
void test_mmu_bad_pointers(struct test *t)
{
    mmu_update_t req = { .ptr = hostile.victim_l1e_maddr,
                         .val = hostile.victim_pte };
    unsigned int done;

    mmu_flush();
    expect_rc(t, "mmu_update reqs in the hypervisor",
              HYPERVISOR_mmu_update((void *)TEST_XEN_ADDR, 1, NULL,
                                    DOMID_SELF), -XEN_EFAULT);
    expect_rc(t, "mmu_update reqs unmapped",
              HYPERVISOR_mmu_update((void *)TEST_LOW_ADDR, 1, NULL,
                                    DOMID_SELF), -XEN_EFAULT);
    /* Xen ignores a failure to write the count back. */
    expect_rc(t, "mmu_update done in the hypervisor",
              HYPERVISOR_mmu_update(&req, 1, (void *)TEST_XEN_ADDR,
                                    DOMID_SELF), 0);
    expect_rc(t, "mmuext_op ops in the hypervisor",
              HYPERVISOR_mmuext_op((void *)TEST_XEN_ADDR, 1, NULL,
                                   DOMID_SELF), -XEN_EFAULT);
    expect_rc(t, "mmu_update entry in an M2P frame",
              mmu_update_one((uint64_t)hostile.m2p_mfn << PAGE_SHIFT, 0,
                             DOMID_SELF), -XEN_EINVAL);
    expect_rc(t, "mmu_update entry in a foreign frame",
              mmu_update_one((uint64_t)hostile.foreign_mfn << PAGE_SHIFT,
                             0, DOMID_SELF), -XEN_EINVAL);
    done = 99;
    req.ptr = (uint64_t)hostile.foreign_mfn << PAGE_SHIFT;
    expect_rc(t, "mmu_update done count after a refusal",
              (HYPERVISOR_mmu_update(&req, 1, &done, DOMID_SELF), done), 0);
    expect_victim_intact(t);
}

static const struct test_case hostile_cases[] = {
    { "map_xen_frame", test_map_xen_frame },
    { "map_foreign_frame", test_map_foreign_frame },
    { "map_pt_writable", test_map_pt_writable },
    { "mmu_bad_pointers", test_mmu_bad_pointers },
    { "bad_commands", test_bad_commands },
    { "pin_wrong_type", test_pin_wrong_type },
    { "link_wrong_level", test_link_wrong_level },
    { "unpin_in_use", test_unpin_in_use },
    { "bad_baseptr", test_bad_baseptr },
    { "xen_l4_slots", test_xen_l4_slots },
    { "pt_direct_write", test_pt_direct_write },
    { "pt_emulated_write", test_pt_emulated_write },
};

const struct test_suite selftest_hostile_suite = {
    "hostile", hostile_cases, ARRAY_SIZE(hostile_cases), hostile_begin,
    hostile_after,
};
