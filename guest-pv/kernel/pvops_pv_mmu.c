/*
 * The pv backend's page-table ops: Xen's direct paging (xen/xen.h,
 * mmu_update and mmuext_op).  Every page-table frame is mapped read-only
 * to the guest; an entry is written with mmu_update (machine address of
 * the entry, new value), which Xen validates; a tree is pinned
 * (MMUEXT_PIN_Ln_TABLE) to be validated once, and unpinned before its
 * frames are reused; bases are switched with MMUEXT_NEW_BASEPTR and
 * MMUEXT_NEW_USER_BASEPTR; TLB maintenance is the guest's.
 *
 * Entry writes are batched: xen_set_pte() appends to this vCPU's queue,
 * which goes to the hypervisor in one mmu_update when it is full, on
 * flush_ptes, and before every mmuext operation (the generic mmu.c also
 * flushes before every page-table read), so that the guest never sees a
 * table older than its own queued writes.
 */
#include <abi/guest_hypercall.h>
#include <guest/console.h>
#include <guest/extable.h>
#include <guest/hypervisor.h>
#include <guest/mmu.h>
#include "pvops_xen.h"

/* One vCPU for now; the queue is per vCPU so that batches never mix. */
#define NR_VCPUS 1

struct mmu_queue {
    mmu_update_t req[MMU_QUEUE_LEN];
    unsigned int n;
};

static struct mmu_queue queues[NR_VCPUS];
static unsigned long flushes;

static struct mmu_queue *this_queue(void)
{
    return &queues[0];
}

unsigned long xen_pfn_to_mfn(unsigned long pfn)
{
    return ((const unsigned long *)start_info->mfn_list)[pfn];
}

unsigned long xen_mfn_to_pfn(unsigned long mfn)
{
    unsigned long addr = MACH2PHYS_VIRT_START + mfn * sizeof(unsigned long);
    uint64_t pfn;

    /* The M2P is mapped only as far as the machine's memory goes. */
    if (mfn >= MACH2PHYS_NR_ENTRIES || !probe_read(addr, &pfn))
        return ~0ul;
    return pfn;
}

/* Xen validates each entry against its table's type: no level needed. */
void xen_set_pte(uint64_t maddr, uint64_t val, unsigned int level)
{
    struct mmu_queue *q = this_queue();

    (void)level;
    if (q->n == MMU_QUEUE_LEN)
        xen_flush_ptes();
    q->req[q->n].ptr = maddr | MMU_NORMAL_PT_UPDATE;
    q->req[q->n].val = val;
    q->n++;
}

/*
 * The kernel queues only updates that are valid by construction, so a
 * refusal is a kernel bug and fatal.
 */
void xen_flush_ptes(void)
{
    struct mmu_queue *q = this_queue();
    unsigned int done = 0;
    long rc;

    if (q->n == 0)
        return;
    rc = HYPERVISOR_mmu_update(q->req, q->n, &done, DOMID_SELF);
    flushes++;
    if (rc || done != q->n)
        panic("mmu_update: %ld after %u of %u (ptr 0x%lx val 0x%lx)", rc,
              done, q->n, (unsigned long)q->req[done % q->n].ptr,
              (unsigned long)q->req[done % q->n].val);
    q->n = 0;
}

unsigned long mmu_flush_count(void)
{
    return flushes;
}

/* INVLPG: the page may still be cached with its previous frame. */
long xen_set_kernel_pte(unsigned long va, uint64_t pte)
{
    return HYPERVISOR_update_va_mapping(va, pte, UVMF_INVLPG);
}

long mmuext(unsigned int cmd, unsigned long arg1)
{
    mmuext_op_t op = { .cmd = cmd };

    /* Queued entry writes come first: a pin must see them. */
    xen_flush_ptes();
    op.arg1.mfn = arg1;
    return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

long xen_pin(unsigned int level, unsigned long mfn)
{
    static const unsigned int pin_cmd[] = {
        MMUEXT_PIN_L1_TABLE, MMUEXT_PIN_L2_TABLE,
        MMUEXT_PIN_L3_TABLE, MMUEXT_PIN_L4_TABLE,
    };

    if (level < 1 || level > 4)
        panic("mmu_pin: level %u", level);
    return mmuext(pin_cmd[level - 1], mfn);
}

long xen_unpin(unsigned long mfn)
{
    return mmuext(MMUEXT_UNPIN_TABLE, mfn);
}

/* Both bases in one mmuext_op batch; fatal on failure. */
void xen_set_bases(unsigned long kernel_l4, unsigned long user_l4)
{
    mmuext_op_t ops[2] = {
        { .cmd = MMUEXT_NEW_BASEPTR, .arg1.mfn = kernel_l4 },
        { .cmd = MMUEXT_NEW_USER_BASEPTR, .arg1.mfn = user_l4 },
    };
    unsigned int done = 0;
    long rc;

    xen_flush_ptes();
    rc = HYPERVISOR_mmuext_op(ops, 2, &done, DOMID_SELF);
    if (rc)
        panic("new base pointers 0x%lx/0x%lx: %ld after %u", kernel_l4,
              user_l4, rc, done);
}

/* One mmuext_op the kernel only issues when it must succeed. */
static void mmuext_must(unsigned int cmd, unsigned long arg, const char *what)
{
    long rc = mmuext(cmd, arg);

    if (rc)
        panic("%s 0x%lx: %ld", what, arg, rc);
}

/* The user base alone (the trap backend's kernel base is mov %cr3). */
void xen_set_user_base(unsigned long user_l4)
{
    mmuext_must(MMUEXT_NEW_USER_BASEPTR, user_l4, "NEW_USER_BASEPTR");
}

void xen_flush_tlb(void)
{
    mmuext_must(MMUEXT_TLB_FLUSH_LOCAL, 0, "TLB_FLUSH_LOCAL");
}

void xen_invlpg(unsigned long va)
{
    mmuext_must(MMUEXT_INVLPG_LOCAL, va, "INVLPG_LOCAL");
}

/* Xen allows it to domains that may flush caches (dom0). */
void xen_wbinvd(void)
{
    mmuext_must(MMUEXT_FLUSH_CACHE, 0, "FLUSH_CACHE");
}
