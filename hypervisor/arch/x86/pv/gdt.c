/*
 * Each vCPU's own GDT (asm/descriptor.h): set_gdt, pv_set_gdt for
 * VCPUOP_initialise and an emulated lgdt, and loading the descriptor
 * tables on a context switch; the descriptor area's mappings.
 *
 * The area of a vCPU sits at a fixed address in the hypervisor's slot 261
 * (shared by every address space), so loading it is a GDTR write, two
 * PTEs for the running CPU's reserved entries and a flush of the area.
 * Guest frames are mapped supervisor-only, writable for the CPU itself,
 * which sets a descriptor's accessed bit when a selector is loaded; the
 * guest cannot map them writable while they are descriptor pages.
 */
#include <hv/bug.h>
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/page_type.h>
#include <hv/softirq.h>
#include <asm/config.h>
#include <asm/descriptor.h>
#include <asm/paging.h>
#include <asm/processor.h>
#include <xen/errno.h>
#include "desc_area.h"

#define PTE_DESC    (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | \
                     _PAGE_DIRTY | _PAGE_NX)

/* Read where a guest table has no frame: every descriptor not present. */
static mfn_t zero_mfn = INVALID_MFN;

unsigned long desc_area_va(const struct vcpu *v, unsigned int i)
{
    unsigned long idx = (unsigned long)v->domain->domain_id *
                        MAX_VIRT_CPUS_PER_DOMAIN + v->vcpu_id;

    return DESC_AREA_VIRT_START + (idx << DESC_AREA_VCPU_SHIFT) +
           i * PAGE_SIZE;
}

bool pv_desc_area_ready(const struct vcpu *v)
{
    if (zero_mfn == INVALID_MFN) {
        mfn_t z = alloc_frames(0, NULL);

        if (z == INVALID_MFN)
            return false;
        memset(mfn_to_virt(z), 0, PAGE_SIZE);
        zero_mfn = z;
    }
    /* One 128 KiB area never straddles an L1 table: one check is all. */
    return paging_hv_l1e(desc_area_va(v, 0)) != NULL;
}

void desc_area_map(const struct vcpu *v, unsigned int i, mfn_t mfn)
{
    *paging_hv_l1e(desc_area_va(v, i)) =
        make_pte((paddr_t)mfn << PAGE_SHIFT, PTE_DESC);
}

void desc_area_unmap(const struct vcpu *v, unsigned int i)
{
    desc_area_map(v, i, zero_mfn);
}

void desc_area_flush(const struct vcpu *v)
{
    for (unsigned int i = 0; i < DESC_AREA_PAGES; i++)
        invlpg(desc_area_va(v, i));
}

/* Every frame 'entries' needs, typed; -EINVAL and none kept on refusal. */
static long take_frames(const struct domain *d, const unsigned long *frames,
                        unsigned int nr)
{
    unsigned int i;

    for (i = 0; i < nr; i++) {
        struct page_info *pg = get_page_from_mfn(frames[i], d);

        if (!pg)
            break;
        if (get_page_type(pg, PGT_seg_desc_page)) {
            put_page(pg);
            break;
        }
    }
    if (i == nr)
        return 0;
    while (i--)
        put_page_and_type(mfn_to_page(frames[i]));
    return -XEN_EINVAL;
}

static void release_frames(struct pv_desc_tables *t)
{
    unsigned int nr = DIV_ROUND_UP(t->gdt_ents, DESCS_PER_PAGE);

    for (unsigned int i = 0; i < nr; i++)
        put_page_and_type(mfn_to_page(t->gdt_frames[i]));
    t->gdt_ents = 0;
}

void pv_destroy_gdt(struct vcpu *v)
{
    struct pv_desc_tables *t = &v->arch.desc;
    unsigned int nr = DIV_ROUND_UP(t->gdt_ents, DESCS_PER_PAGE);

    if (!t->gdt_ents)
        return;
    /* Unmapped before released: the frames may be reused at once. */
    for (unsigned int i = 0; i < nr; i++)
        desc_area_unmap(v, DESC_AREA_GDT + i);
    if (v == current_vcpu())
        desc_area_flush(v);
    release_frames(t);
}

long pv_set_gdt(struct vcpu *v, const unsigned long *frames,
                unsigned int entries)
{
    struct pv_desc_tables *t = &v->arch.desc;
    unsigned int nr = DIV_ROUND_UP(entries, DESCS_PER_PAGE);
    long rc;

    if (entries > FIRST_RESERVED_GDT_ENTRY)
        return -XEN_EINVAL;
    if (entries && !pv_desc_area_ready(v))
        return -XEN_ENOMEM;
    rc = take_frames(v->domain, frames, nr);
    if (rc)
        return rc;
    pv_destroy_gdt(v);
    for (unsigned int i = 0; i < GDT_GUEST_FRAMES; i++) {
        t->gdt_frames[i] = i < nr ? frames[i] : 0;
        if (entries && i < nr)
            desc_area_map(v, DESC_AREA_GDT + i, frames[i]);
        else if (entries)
            desc_area_unmap(v, DESC_AREA_GDT + i);
    }
    t->gdt_ents = entries;
    if (v == current_vcpu())
        pv_load_desc_tables(v);
    return 0;
}

/* GDTR: v's area with this CPU's reserved entries, or the CPU's own. */
static void load_gdt(const struct vcpu *v, uint64_t *own)
{
    if (!v->arch.desc.gdt_ents) {
        cpu_load_gdt(own);
        return;
    }
    /* This CPU's reserved entries, its TSS and LDT descriptors among them. */
    for (unsigned int i = GDT_GUEST_FRAMES; i < GDT_AREA_PAGES; i++)
        desc_area_map(v, DESC_AREA_GDT + i,
                      (virt_to_maddr(own) >> PAGE_SHIFT) + i);
    cpu_load_gdt((void *)desc_area_va(v, DESC_AREA_GDT));
}

void pv_load_desc_tables(struct vcpu *v)
{
    uint64_t *own = cpu_gdt(smp_processor_id());

    if (is_idle_vcpu(v)) {
        cpu_load_gdt(own);
        pv_load_ldt(v, own);
        return;
    }
    /* Another CPU may have changed the mappings since this one saw them. */
    if (v->arch.desc.gdt_ents || v->arch.desc.ldt_ents)
        desc_area_flush(v);
    load_gdt(v, own);
    pv_load_ldt(v, own);
}

/*
 * set_gdt(frame_list, entries): the calling vCPU's GDT.  Refusals are
 * Xen's: -EINVAL for too many entries or any frame that is not the
 * caller's or cannot become a descriptor page (mapped writable, a page
 * table, a descriptor refused by pv_check_descriptor); -EFAULT for a
 * list that cannot be read.
 */
long do_set_gdt(const struct hc_args *args)
{
    unsigned long list = args->a[0];
    unsigned int entries = (unsigned int)args->a[1];
    unsigned long frames[GDT_GUEST_FRAMES];

    if (entries > FIRST_RESERVED_GDT_ENTRY)
        return -XEN_EINVAL;
    if (copy_from_guest(frames, list,
                        DIV_ROUND_UP(entries, DESCS_PER_PAGE) *
                        sizeof(frames[0])))
        return -XEN_EFAULT;
    return pv_set_gdt(current_vcpu(), frames, entries);
}
