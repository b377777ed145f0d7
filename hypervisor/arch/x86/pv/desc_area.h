/*
 * The per-vCPU descriptor area (asm/descriptor.h), shared by gdt.c and
 * ldt.c.  Internal to arch/x86/pv.
 *
 * Each vCPU has 128 KiB at a fixed address for (domain id, vCPU id):
 * pages 0-15 its GDT, pages 16-31 its LDT.
 */
#ifndef PV_DESC_AREA_H
#define PV_DESC_AREA_H

#include <hv/types.h>
#include <asm/page.h>

struct vcpu;

#define DESC_AREA_GDT       0           /* first page of the GDT */
#define DESC_AREA_LDT       16          /* first page of the LDT */
#define DESC_AREA_PAGES     32

/* The address of page 'i' of v's area. */
unsigned long desc_area_va(const struct vcpu *v, unsigned int i);

/* Page 'i' of v's area maps 'mfn' (supervisor-only; the CPU may write). */
void desc_area_map(const struct vcpu *v, unsigned int i, mfn_t mfn);

/* Page 'i' of v's area maps the zero page: descriptors not present. */
void desc_area_unmap(const struct vcpu *v, unsigned int i);

/* Flushes the area from this CPU's TLB. */
void desc_area_flush(const struct vcpu *v);

#endif /* PV_DESC_AREA_H */
