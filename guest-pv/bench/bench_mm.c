/*
 * Benchmark cases for direct paging: each rewrites the L1 entries that
 * map a scratch region of the kernel's own .bss with the values they
 * already hold (so nothing changes but the hypervisor's work), through
 * update_va_mapping, mmu_update, or a plain store that the hypervisor
 * emulates (writable page tables); and one local TLB flush.
 *
 * The hypervisor wants machine addresses of L1 entries, so setup walks
 * the guest's page tables once from start_info.pt_base.  Page-table
 * frames are found in the kernel's 1:1 region (virtual = KERNEL_VIRT_BASE
 * + pseudo-physical), where Xen's start-of-day layout maps them, read-
 * only; a frame is turned into its pseudo-physical number by a search of
 * the P2M list, which needs nothing from the hypervisor.
 */
#include <abi/guest_hypercall.h>
#include <xen/errno.h>
#include <guest/console.h>
#include <guest/extable.h>
#include <guest/hypervisor.h>
#include <guest/layout.h>
#include "bench_case.h"

#define PTE_PRESENT     0x001ul
#define PTE_PSE         0x080ul
#define PTE_ADDR_MASK   0x000ffffffffff000ul

/* 64 pages, aligned so that one L1 table maps them all (one batch). */
#define SCRATCH_PAGES   64

static char scratch[SCRATCH_PAGES][PAGE_SIZE]
    __aligned(SCRATCH_PAGES * PAGE_SIZE);

/* One L1 entry: its current value, its machine and virtual addresses. */
struct l1e_ref {
    uint64_t val;
    uint64_t maddr;
    uint64_t *va;               /* read-only, unless the store is emulated */
};

static struct l1e_ref scratch_l1e[SCRATCH_PAGES];
static mmu_update_t mmu_reqs[SCRATCH_PAGES];

/*
 * The guest_hypercall.h wrappers for these hypercalls come with the
 * memory work; until then (and so as not to clash with them) the bench
 * makes the calls itself.
 */
static long bench_mmu_update(mmu_update_t *req, unsigned int count)
{
    return _hypercall4(long, mmu_update, req, count, NULL, DOMID_SELF);
}

static long bench_mmuext_op(struct mmuext_op *op, unsigned int count)
{
    return _hypercall4(long, mmuext_op, op, count, NULL, DOMID_SELF);
}

/* The pseudo-physical frame of machine frame mfn, or -1. */
static long mfn_to_pfn(unsigned long mfn)
{
    const xen_pfn_t *p2m = (const xen_pfn_t *)start_info->mfn_list;
    unsigned long pfn;

    for (pfn = 0; pfn < start_info->nr_pages; pfn++)
        if (p2m[pfn] == mfn)
            return (long)pfn;
    return -1;
}

/* The table an entry points to, in the 1:1 region; NULL if none. */
static uint64_t *next_table(uint64_t entry, unsigned long *mfn)
{
    long pfn;

    /* PV guests get no superpages: a PSE entry here is a walker bug. */
    if (!(entry & PTE_PRESENT) || (entry & PTE_PSE))
        return NULL;
    *mfn = (entry & PTE_ADDR_MASK) >> PAGE_SHIFT;
    pfn = mfn_to_pfn(*mfn);
    if (pfn < 0)
        return NULL;
    return (uint64_t *)(KERNEL_VIRT_BASE + ((unsigned long)pfn << PAGE_SHIFT));
}

/* Fills ref with the L1 entry that maps va; false if the walk fails. */
static bool find_l1e(unsigned long va, struct l1e_ref *ref)
{
    uint64_t *table = (uint64_t *)start_info->pt_base;
    unsigned long mfn = 0, idx;
    int level;

    for (level = 4; level > 1; level--) {
        idx = (va >> (PAGE_SHIFT + 9 * (level - 1))) & 511;
        table = next_table(table[idx], &mfn);
        if (!table)
            return false;
    }
    idx = (va >> PAGE_SHIFT) & 511;
    ref->val = table[idx];
    ref->maddr = (mfn << PAGE_SHIFT) + idx * sizeof(uint64_t);
    ref->va = &table[idx];
    return (ref->val & PTE_PRESENT) != 0;
}

/* Shared setup: the scratch pages' L1 entries and mmu_update requests. */
static long setup_scratch(void)
{
    static bool done;
    unsigned int i;

    if (done)
        return 0;
    for (i = 0; i < SCRATCH_PAGES; i++) {
        if (!find_l1e((unsigned long)scratch[i], &scratch_l1e[i])) {
            printk("info: bench: no L1 entry found for %p\n", scratch[i]);
            return -XEN_EINVAL;
        }
        mmu_reqs[i].ptr = scratch_l1e[i].maddr | MMU_NORMAL_PT_UPDATE;
        mmu_reqs[i].val = scratch_l1e[i].val;
    }
    done = true;
    return 0;
}

/* ---- update_va_mapping_invlpg -------------------------------------- */

static long op_update_va_mapping(void)
{
    return HYPERVISOR_update_va_mapping((unsigned long)scratch[0],
                                        scratch_l1e[0].val, UVMF_INVLPG);
}

const struct bench_case bench_update_va_mapping_invlpg = {
    .name = "update_va_mapping_invlpg",
    .setup = setup_scratch,
    .op = op_update_va_mapping,
    .hypervisor_only = true,
};

/* ---- mmu_update_1, mmu_update_64_per_entry ------------------------- */

/* The requests are read-only to the hypervisor: set up once. */
static long op_mmu_update_1(void)
{
    return bench_mmu_update(mmu_reqs, 1);
}

static long op_mmu_update_64(void)
{
    return bench_mmu_update(mmu_reqs, SCRATCH_PAGES);
}

const struct bench_case bench_mmu_update_1 = {
    .name = "mmu_update_1",
    .setup = setup_scratch,
    .op = op_mmu_update_1,
    .hypervisor_only = true,
};

const struct bench_case bench_mmu_update_64 = {
    .name = "mmu_update_64_per_entry",
    .setup = setup_scratch,
    .op = op_mmu_update_64,
    .per = SCRATCH_PAGES,
    .hypervisor_only = true,
};

/* ---- tlb_flush_local ----------------------------------------------- */

static long op_tlb_flush_local(void)
{
    struct mmuext_op op = { .cmd = MMUEXT_TLB_FLUSH_LOCAL };

    return bench_mmuext_op(&op, 1);
}

const struct bench_case bench_tlb_flush_local = {
    .name = "tlb_flush_local",
    .op = op_tlb_flush_local,
    .hypervisor_only = true,
};

/* ---- pt_write_emulated --------------------------------------------- */

/*
 * A plain store to a read-only L1 entry, which the hypervisor validates
 * and emulates when VMASST_TYPE_writable_pagetables is on (Xen's ptwr).
 * Without that emulation the store faults: the #PF is bounced to the
 * guest, the fixup skips the store, and the case reports -EFAULT.
 */
static long setup_pt_write(void)
{
    long rc = setup_scratch();

    if (rc < 0)
        return rc;
    return HYPERVISOR_vm_assist(VMASST_CMD_enable,
                                VMASST_TYPE_writable_pagetables);
}

static long op_pt_write(void)
{
    unsigned int ok;

    asm volatile ("xor %k[ok], %k[ok]\n"
                  "1:\tmov %[v], (%[p])\n\t"
                  "mov $1, %k[ok]\n"
                  "2:\n\t"
                  EXTABLE_ENTRY("1b", "2b")
                  : [ok] "=&r" (ok)
                  : [p] "r" (scratch_l1e[0].va), [v] "r" (scratch_l1e[0].val)
                  : "memory");
    return ok ? 0 : -XEN_EFAULT;
}

static void teardown_pt_write(void)
{
    (void)HYPERVISOR_vm_assist(VMASST_CMD_disable,
                               VMASST_TYPE_writable_pagetables);
}

const struct bench_case bench_pt_write_emulated = {
    .name = "pt_write_emulated",
    .setup = setup_pt_write,
    .op = op_pt_write,
    .teardown = teardown_pt_write,
    .hypervisor_only = true,
};
