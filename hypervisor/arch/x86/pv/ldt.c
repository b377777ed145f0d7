/*
 * Each vCPU's LDT (MMUEXT_SET_LDT, VCPUOP_initialise), mapped eagerly in
 * its descriptor area (asm/descriptor.h says how this differs from Xen's
 * lazy mapping).
 */
#include <hv/bug.h>
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/page_type.h>
#include <hv/softirq.h>
#include <asm/desc.h>
#include <asm/descriptor.h>
#include <asm/paging.h>
#include <xen/errno.h>
#include "desc_area.h"

/* LDT system descriptor type, present. */
#define DESC_LDT_TYPE   (0x82UL << 40)

/*
 * The frame guest address 'va' maps through the validated kernel tables
 * rooted at 'l4' (so every present entry above L1 names a table of the
 * domain's), or INVALID_MFN.
 */
static mfn_t guest_frame_of(mfn_t l4, unsigned long va)
{
    mfn_t mfn = l4;

    for (unsigned int level = 4; level >= 1; level--) {
        pte_t e = ((const pte_t *)mfn_to_virt(mfn))[pt_index(va, level)];

        if (!(e & _PAGE_PRESENT))
            return INVALID_MFN;
        mfn = pte_addr(e) >> PAGE_SHIFT;
    }
    return mfn;
}

/* The frame behind LDT page 'va', typed as a descriptor page; 0: none. */
static unsigned long take_ldt_frame(const struct vcpu *v, unsigned long va)
{
    mfn_t mfn = v->arch.guest_table == INVALID_MFN ? INVALID_MFN :
                guest_frame_of(v->arch.guest_table, va);

    if (mfn == INVALID_MFN || !mfn_valid(mfn) ||
        get_page_and_type(mfn_to_page(mfn), v->domain, PGT_seg_desc_page))
        return 0;
    return mfn;
}

static void release_ldt_frames(struct pv_desc_tables *t)
{
    for (unsigned int i = 0; i < LDT_MAX_FRAMES; i++) {
        if (t->ldt_frames[i])
            put_page_and_type(mfn_to_page(t->ldt_frames[i]));
        t->ldt_frames[i] = 0;
    }
    t->ldt_ents = 0;
    t->ldt_base = 0;
}

void pv_destroy_ldt(struct vcpu *v)
{
    struct pv_desc_tables *t = &v->arch.desc;

    if (!t->ldt_ents)
        return;
    /* Unmapped before released: the frames may be reused at once. */
    for (unsigned int i = 0; i < LDT_MAX_FRAMES; i++)
        desc_area_unmap(v, DESC_AREA_LDT + i);
    if (v == current_vcpu())
        desc_area_flush(v);
    release_ldt_frames(t);
}

long pv_set_ldt(struct vcpu *v, unsigned long base, unsigned int ents)
{
    struct pv_desc_tables *t = &v->arch.desc;
    unsigned long frames[LDT_MAX_FRAMES] = { 0 };
    unsigned int nr = DIV_ROUND_UP(ents, DESCS_PER_PAGE);

    if (ents > LDT_MAX_ENTS || (base & ~PAGE_MASK))
        return -XEN_EINVAL;
    if (ents && !pv_desc_area_ready(v))
        return -XEN_ENOMEM;
    /* The new frames before the old ones go: they may be the same. */
    for (unsigned int i = 0; i < nr; i++)
        frames[i] = take_ldt_frame(v, base + i * PAGE_SIZE);
    pv_destroy_ldt(v);
    for (unsigned int i = 0; i < nr; i++) {
        if (frames[i])
            desc_area_map(v, DESC_AREA_LDT + i, frames[i]);
        else
            desc_area_unmap(v, DESC_AREA_LDT + i);
    }
    memcpy(t->ldt_frames, frames, sizeof(frames));
    t->ldt_base = base;
    t->ldt_ents = ents;
    if (v == current_vcpu()) {
        desc_area_flush(v);
        pv_load_ldt(v, cpu_gdt(smp_processor_id()));
    }
    return 0;
}

void pv_load_ldt(const struct vcpu *v, uint64_t *own)
{
    unsigned long base, limit;

    if (is_idle_vcpu(v) || !v->arch.desc.ldt_ents) {
        asm volatile("lldt %w0" :: "r"(0));
        return;
    }
    base = desc_area_va(v, DESC_AREA_LDT);
    limit = v->arch.desc.ldt_ents * 8UL - 1;
    /* A 16-byte system descriptor in this CPU's reserved entries. */
    own[LDT_SELECTOR >> 3] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
                             DESC_LDT_TYPE | (((limit >> 16) & 0xf) << 48) |
                             (((base >> 24) & 0xff) << 56);
    own[(LDT_SELECTOR >> 3) + 1] = base >> 32;
    asm volatile("lldt %w0" :: "r"(LDT_SELECTOR) : "memory");
}
