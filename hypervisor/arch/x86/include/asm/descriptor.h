/*
 * Guest segment descriptors for x86_64 PV (Xen's model): descriptor
 * pages (PGT_seg_desc_page), the rules a guest descriptor must follow,
 * and each vCPU's own GDT and LDT.
 *
 * A vCPU's GDT is 16 pages in the hypervisor's per-vCPU descriptor area
 * (asm/config.h: DESC_AREA_*): pages 0-13 are the guest's frames given to
 * set_gdt (mapped supervisor-only; the zero page where the guest gave
 * none), pages 14-15 the running CPU's own reserved entries (Xen's
 * FIRST_RESERVED_GDT_ENTRY and up: the hypervisor's and the flat ring-3
 * selectors, this CPU's TSS).  The context switch maps the reserved pages
 * and loads GDTR with this area; the idle vCPU uses the CPU's own GDT.
 *
 * The LDT (MMUEXT_SET_LDT) is mapped eagerly, 16 more pages of the area:
 * at SET_LDT time each page of the guest's LDT range is looked up in its
 * kernel page tables and, if it is a frame of its own that can be a
 * descriptor page, mapped there (typed until the next SET_LDT); any other
 * page reads as not-present descriptors.  A later change of the guest's
 * mapping of that range is not followed (Xen maps lazily, on the fault,
 * and drops the mapping when the guest's PTE changes): the guest issues
 * SET_LDT again.  LDTR selects a descriptor in the CPU's reserved GDT
 * entries (LDT_SELECTOR), written on each context switch.
 */
#ifndef ASM_DESCRIPTOR_H
#define ASM_DESCRIPTOR_H

#include <hv/types.h>
#include <abi/xen.h>

struct domain;
struct page_info;
struct vcpu;

/* Frames a guest GDT may have: the entries below Xen's reserved ones. */
#define GDT_GUEST_FRAMES    FIRST_RESERVED_GDT_PAGE
#define GDT_AREA_PAGES      16
#define DESCS_PER_PAGE      (PAGE_SIZE / 8)
/* Xen's limit for an LDT (MMUEXT_SET_LDT, VCPUOP_initialise): 64 KiB. */
#define LDT_MAX_ENTS        8192
#define LDT_MAX_FRAMES      (LDT_MAX_ENTS / DESCS_PER_PAGE)

/* The descriptor-table state of one vCPU (struct arch_vcpu.desc). */
struct pv_desc_tables {
    unsigned long gdt_frames[GDT_GUEST_FRAMES];
    unsigned int gdt_ents;      /* 0: no guest GDT */
    unsigned long ldt_base;     /* guest linear address (SET_LDT) */
    unsigned int ldt_ents;      /* 0: no LDT */
    /* The frames mapped (and typed) for the LDT; 0 where none was. */
    unsigned long ldt_frames[LDT_MAX_FRAMES];
};

/*
 * Xen's check_descriptor() for a 64-bit PV domain: true if the guest may
 * hold descriptor '*desc' in a GDT or LDT, which is then fixed up in
 * place.  Not-present descriptors are fine as they are.  Code and data
 * descriptors get DPL 3 (the guest kernel runs in ring 3: a lower DPL
 * could only be used from ring 0).  Of the system descriptors only a
 * 64-bit call gate is allowed, whose target is a guest selector (GDT
 * below Xen's reserved entries, LDT) or FLAT_RING3_CS64, never the
 * hypervisor's code; it gets DPL 0, so its use raises #GP (Xen emulates
 * call gates there; we bounce that #GP to the guest), with the original
 * DPL kept in the target's RPL.  A zero type (the upper half of a 16-byte
 * gate) is fine.
 */
bool pv_check_descriptor(const struct domain *d, uint64_t *desc);

/*
 * Validation of a frame becoming PGT_seg_desc_page (arch_page_validate):
 * every one of its 512 descriptors checked (and fixed up) in place.
 * Returns 0 or -XEN_EINVAL.
 */
int pv_validate_desc_page(struct page_info *pg);

/*
 * Installs 'entries' descriptors (at most FIRST_RESERVED_GDT_ENTRY) of
 * 'frames' (machine frames, ceil(entries / 512) of them) as v's GDT, the
 * way set_gdt, VCPUOP_initialise and an emulated lgdt do.  Every frame
 * must be v's domain's and take the PGT_seg_desc_page type (so no
 * writable mapping of it may exist and each descriptor must pass
 * pv_check_descriptor); the old GDT's frames are released only after the
 * new ones are taken.  v's selectors are not reloaded: a selector whose
 * descriptor changed keeps its cached value until the next reload, as on
 * hardware.  Returns 0, or -XEN_EINVAL with v's GDT unchanged.
 * @pre v is current, or not running.
 */
long pv_set_gdt(struct vcpu *v, const unsigned long *frames,
                unsigned int entries);

/* Drops v's guest GDT (frames released, area pages back to zero). */
void pv_destroy_gdt(struct vcpu *v);

/*
 * Context switch: the reserved pages of this CPU into v's area, then
 * GDTR = v's area (the CPU's own GDT for the idle vCPU or one without a
 * GDT) and LDTR = v's LDT or none.  Before the guest's data selectors
 * are reloaded.
 */
void pv_load_desc_tables(struct vcpu *v);

/*
 * MMUEXT_SET_LDT and VCPUOP_initialise: v's LDT is the 'ents' descriptors
 * at guest linear address 'base' (page-aligned, outside the hypervisor's
 * range, at most LDT_MAX_ENTS; 'ents' 0: none), looked up in v's kernel
 * page tables now (see above).  Returns 0, -XEN_EINVAL for bad
 * arguments, -XEN_ENOMEM.  @pre v is current, or not running.
 */
long pv_set_ldt(struct vcpu *v, unsigned long base, unsigned int ents);

/* Drops v's LDT (frames released). */
void pv_destroy_ldt(struct vcpu *v);

/* LDTR for v on this CPU, whose own GDT is 'own' (gdt.c's helper). */
void pv_load_ldt(const struct vcpu *v, uint64_t *own);

/*
 * v's descriptor area has its page tables (allocated on first use, kept):
 * false without memory.  Callers that must not fail halfway check it
 * first.
 */
bool pv_desc_area_ready(const struct vcpu *v);

/* This CPU's own GDT (setup.c): GDT_ENTRIES descriptors. */
uint64_t *cpu_gdt(unsigned int cpu);

/* GDTR = the GDT_ENTRIES descriptors at 'gdt' (a hypervisor address). */
void cpu_load_gdt(const void *gdt);

#endif /* ASM_DESCRIPTOR_H */
