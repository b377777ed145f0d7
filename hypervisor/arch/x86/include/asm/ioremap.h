/*
 * Uncached mappings of device memory (MMIO) for the hypervisor.
 *
 * The direct map covers RAM only; device registers such as the local
 * APIC's page at 0xFEE00000 are mapped here instead, in Xen's own
 * vmap/ioremap window inside L4 slot 261.  That slot's L3 table already
 * exists (it maps the image) and every guest L4 points at the same one,
 * so a mapping made after a guest was built still appears in its address
 * space: a new slot would not.
 */
#ifndef ASM_IOREMAP_H
#define ASM_IOREMAP_H

#include <hv/types.h>

#define IOREMAP_VIRT_START      0xFFFF82C000000000UL
#define IOREMAP_VIRT_END        0xFFFF82D000000000UL   /* 64 GiB, as Xen */

/*
 * Maps [pa, pa + len) uncached (PCD|PWT: UC with the power-on PAT),
 * supervisor-only and not executable.  Returns the address of 'pa', or
 * NULL when the window or memory for page tables runs out.  Mappings are
 * never removed (boot-time devices only).
 */
void *ioremap_uc(paddr_t pa, size_t len);

#endif /* ASM_IOREMAP_H */
