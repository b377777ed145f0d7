/*
 * Page-table updates through mmu_update and mmuext_op, batched in a
 * per-vCPU queue (see guest/mmu.h).
 */
#include <abi/guest_hypercall.h>
#include <guest/console.h>
#include <guest/hypervisor.h>
#include <guest/kmap.h>
#include <guest/mm.h>
#include <guest/mmu.h>

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

void mmu_queue(uint64_t maddr, uint64_t val)
{
    struct mmu_queue *q = this_queue();

    if (q->n == MMU_QUEUE_LEN)
        mmu_flush();
    q->req[q->n].ptr = maddr | MMU_NORMAL_PT_UPDATE;
    q->req[q->n].val = val;
    q->n++;
}

void mmu_flush(void)
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

long mmuext(unsigned int cmd, unsigned long arg1)
{
    mmuext_op_t op = { .cmd = cmd };

    /* Queued entry writes come first: a pin must see them. */
    mmu_flush();
    op.arg1.mfn = arg1;
    return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

long mmu_pin(unsigned int level, unsigned long mfn)
{
    static const unsigned int pin_cmd[] = {
        MMUEXT_PIN_L1_TABLE, MMUEXT_PIN_L2_TABLE,
        MMUEXT_PIN_L3_TABLE, MMUEXT_PIN_L4_TABLE,
    };

    if (level < 1 || level > 4)
        panic("mmu_pin: level %u", level);
    return mmuext(pin_cmd[level - 1], mfn);
}

long mmu_unpin(unsigned long mfn)
{
    return mmuext(MMUEXT_UNPIN_TABLE, mfn);
}

void mmu_pin_must(unsigned int level, unsigned long mfn)
{
    long rc = mmu_pin(level, mfn);

    if (rc)
        panic("pin of mfn 0x%lx as L%u: %ld", mfn, level, rc);
}

void mmu_unpin_must(unsigned long mfn)
{
    long rc = mmu_unpin(mfn);

    if (rc)
        panic("unpin of mfn 0x%lx: %ld", mfn, rc);
}

void mmu_set_bases(unsigned long kernel_l4, unsigned long user_l4)
{
    mmuext_op_t ops[2] = {
        { .cmd = MMUEXT_NEW_BASEPTR, .arg1.mfn = kernel_l4 },
        { .cmd = MMUEXT_NEW_USER_BASEPTR, .arg1.mfn = user_l4 },
    };
    unsigned int done = 0;
    long rc;

    mmu_flush();
    rc = HYPERVISOR_mmuext_op(ops, 2, &done, DOMID_SELF);
    if (rc)
        panic("new base pointers 0x%lx/0x%lx: %ld after %u", kernel_l4,
              user_l4, rc, done);
}

void mmu_flush_tlb(void)
{
    long rc = mmuext(MMUEXT_TLB_FLUSH_LOCAL, 0);

    if (rc)
        panic("TLB_FLUSH_LOCAL: %ld", rc);
}

void mmu_invlpg(unsigned long va)
{
    long rc = mmuext(MMUEXT_INVLPG_LOCAL, va);

    if (rc)
        panic("INVLPG_LOCAL 0x%lx: %ld", va, rc);
}

uint64_t pt_read(uint64_t maddr)
{
    const uint64_t *table;
    uint64_t e;

    mmu_flush();
    table = kmap(maddr >> PAGE_SHIFT, false);
    e = table[(maddr & (PAGE_SIZE - 1)) / sizeof(uint64_t)];
    kunmap((void *)table);
    return e;
}

uint64_t pt_entry_maddr(unsigned long l4_mfn, unsigned long va,
                        unsigned int level)
{
    unsigned long mfn = l4_mfn;
    unsigned int lv;

    for (lv = 4; lv > level; lv--) {
        uint64_t e = pt_read(pt_maddr(mfn, PT_INDEX(va, lv)));

        if (!(e & PTE_PRESENT) || (lv < 4 && (e & PTE_PSE)))
            return 0;
        mfn = PTE_MFN(e);
    }
    return pt_maddr(mfn, PT_INDEX(va, level));
}

unsigned long mmu_boot_l4(void)
{
    return pfn_to_mfn((start_info->pt_base - KERNEL_VIRT_BASE) >> PAGE_SHIFT);
}
