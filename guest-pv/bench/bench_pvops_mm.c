/*
 * Benchmark cases through the paravirt-ops table, on the memory side,
 * on a scratch user address space of the kernel's own (guest/aspace.h)
 * so that the same code runs in every mode:
 *     pte_update             one L1 entry rewritten with its own value
 *                            (pv_ops.mmu.set_pte + flush_ptes: a plain
 *                            store natively, mmu_update in pv, a store
 *                            the hypervisor emulates in trap)
 *     aspace_switch          one switch between the scratch address
 *                            space and the kernel's (pv_ops.mmu.set_bases)
 *     aspace_create_destroy  an address space created, one page mapped
 *                            in it (so it has L3, L2 and L1 tables), and
 *                            destroyed: pins, table writes, unpins
 */
#include <xen/errno.h>
#include <guest/aspace.h>
#include <guest/mm.h>
#include <guest/mmu.h>
#include <guest/user_abi.h>
#include "bench_case.h"

/* Where the scratch address spaces map their page. */
#define SCRATCH_VA  USER_HEAP_BASE

static struct aspace scratch_as;
static bool scratch_ready;

/* An address space with one zeroed page at SCRATCH_VA; 0 or -ENOMEM. */
static long scratch_build(struct aspace *as)
{
    unsigned long pfn;

    if (aspace_create(as))
        return -XEN_ENOMEM;
    pfn = frame_alloc_zeroed();
    if (!pfn || aspace_map(as, SCRATCH_VA, pfn, PTE_USER_RW)) {
        if (pfn)
            frame_put(pfn);
        mmu_flush();
        aspace_destroy(as);
        return -XEN_ENOMEM;
    }
    mmu_flush();
    return 0;
}

/* One scratch address space for the cases that only use one. */
static long setup_scratch_as(void)
{
    long rc;

    if (scratch_ready)
        return 0;
    rc = scratch_build(&scratch_as);
    scratch_ready = rc == 0;
    return rc;
}

/* ---- pte_update ---------------------------------------------------- */

static uint64_t pte_maddr, pte_val;

static long setup_pte_update(void)
{
    long rc = setup_scratch_as();

    if (rc < 0)
        return rc;
    pte_val = aspace_lookup(&scratch_as, SCRATCH_VA, &pte_maddr);
    return pte_maddr ? 0 : -XEN_EINVAL;
}

static long op_pte_update(void)
{
    mmu_queue(pte_maddr, pte_val, 1);
    mmu_flush();
    return 0;
}

const struct bench_case bench_pte_update = {
    .name = "pte_update",
    .setup = setup_pte_update,
    .op = op_pte_update,
};

/* ---- aspace_switch ------------------------------------------------- */

/* Alternates: odd calls switch to the scratch space, even ones back. */
static bool in_scratch;

static long op_aspace_switch(void)
{
    in_scratch = !in_scratch;
    aspace_activate(in_scratch ? &scratch_as : NULL);
    return 0;
}

/* Back in the kernel's own address space, whatever the count was. */
static void teardown_aspace_switch(void)
{
    if (in_scratch)
        aspace_activate(NULL);
    in_scratch = false;
}

const struct bench_case bench_aspace_switch = {
    .name = "aspace_switch",
    .setup = setup_scratch_as,
    .op = op_aspace_switch,
    .teardown = teardown_aspace_switch,
};

/* ---- aspace_create_destroy ----------------------------------------- */

static long op_aspace_create_destroy(void)
{
    struct aspace as;
    long rc = scratch_build(&as);

    if (rc < 0)
        return rc;
    aspace_destroy(&as);
    return 0;
}

const struct bench_case bench_aspace_create_destroy = {
    .name = "aspace_create_destroy",
    .op = op_aspace_create_destroy,
};
