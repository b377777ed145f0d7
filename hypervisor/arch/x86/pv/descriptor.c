/*
 * Guest segment descriptors: Xen's rules for what a 64-bit PV guest may
 * put in a GDT or LDT, descriptor pages (PGT_seg_desc_page) and
 * update_descriptor.
 *
 * Pure data manipulation through the direct map, compiled into the host
 * unit tests (test_descriptor.c).
 */
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/hypercall.h>
#include <hv/page_type.h>
#include <asm/descriptor.h>
#include <asm/page.h>
#include <xen/errno.h>

/* Fields of a descriptor's upper 32 bits. */
#define SEG_TYPE        (0xfU << 8)
#define SEG_S           (1U << 12)      /* code or data (not system) */
#define SEG_DPL         (3U << 13)
#define SEG_P           (1U << 15)
#define SEG_DPL_SHIFT   13
#define TYPE_CALL_GATE  (0xcU << 8)     /* 64-bit call gate */
/* A 64-bit gate's upper-dword bits 0-7 are reserved (Xen's 0xff). */
#define GATE_RESERVED   0xffU

/*
 * A call gate may lead into guest code only: a guest GDT entry, an LDT
 * entry, or the flat ring-3 code segment (Xen's guest_gate_selector_okay).
 */
static bool gate_target_ok(unsigned int sel)
{
    return (sel >> 3) < FIRST_RESERVED_GDT_ENTRY || (sel & 4) ||
           sel == FLAT_RING3_CS64;
}

/*
 * A call gate to guest code only, made unusable directly: DPL 0, so any
 * use faults and the fault names the gate; the DPL the guest asked for is
 * kept in the target selector's RPL.
 */
static bool fix_call_gate(uint32_t *a, uint32_t *b, unsigned int dpl)
{
    unsigned int cs = *a >> 16;

    if ((*b & SEG_TYPE) != TYPE_CALL_GATE || !gate_target_ok(cs))
        return false;
    if (*b & GATE_RESERVED)
        return false;
    *b &= ~SEG_DPL;
    *a = (*a & 0xffffU) | (((cs & ~3U) | dpl) << 16);
    return true;
}

bool pv_check_descriptor(const struct domain *d, uint64_t *desc)
{
    uint32_t a = (uint32_t)*desc, b = (uint32_t)(*desc >> 32);
    unsigned int dpl;

    (void)d;    /* 64-bit PV only: a 32-bit domain would differ here */
    if (!(b & SEG_P))
        return true;
    /* The guest kernel's RPL is 3: nothing may demand less (Xen's fixup). */
    dpl = (b & SEG_DPL) >> SEG_DPL_SHIFT;
    if (dpl < 3)
        dpl = 3;
    b = (b & ~SEG_DPL) | (dpl << SEG_DPL_SHIFT);
    if (!(b & SEG_S)) {
        /* Type 0: harmless, the upper half of a 16-byte gate. */
        if ((b & SEG_TYPE) == 0)
            return true;
        if (!fix_call_gate(&a, &b, dpl))
            return false;
    }
    *desc = ((uint64_t)b << 32) | a;
    return true;
}

int pv_validate_desc_page(struct page_info *pg)
{
    uint64_t *descs = mfn_to_virt(page_to_mfn(pg));

    for (unsigned int i = 0; i < DESCS_PER_PAGE; i++)
        if (!pv_check_descriptor(pg->owner, &descs[i]))
            return -XEN_EINVAL;
    return 0;
}

/*
 * update_descriptor(maddr, desc): one descriptor written at machine
 * address maddr of a frame of the caller's that is a descriptor page or
 * may be writable (Xen's rule: not a page table).  Everything refused is
 * -EINVAL: a misaligned address, a bad descriptor, a frame not the
 * caller's, a page table.
 */
long do_update_descriptor(const struct hc_args *args)
{
    uint64_t maddr = args->a[0];
    uint64_t desc = args->a[1];
    struct domain *d = current_vcpu()->domain;
    struct page_info *pg;
    uint32_t type;
    long rc = -XEN_EINVAL;

    /* A misaligned write would corrupt two descriptors. */
    if ((maddr & 7) || !pv_check_descriptor(d, &desc))
        return -XEN_EINVAL;
    pg = get_page_from_mfn(maddr >> PAGE_SHIFT, d);
    if (!pg)
        return -XEN_EINVAL;
    type = (pg->type_info & PGT_type_mask) == PGT_seg_desc_page ?
           PGT_seg_desc_page : PGT_writable_page;
    if (get_page_type(pg, type))
        goto out;
    /* One aligned store: the CPU never sees half a descriptor. */
    __atomic_store_n((uint64_t *)((char *)mfn_to_virt(maddr >> PAGE_SHIFT) +
                                  (maddr & ~PAGE_MASK)), desc,
                     __ATOMIC_RELAXED);
    put_page_type(pg);
    rc = 0;
out:
    put_page(pg);
    return rc;
}
