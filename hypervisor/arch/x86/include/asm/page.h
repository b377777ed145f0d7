/*
 * x86-64 4-level page-table entries.
 */
#ifndef ASM_PAGE_H
#define ASM_PAGE_H

#define _PAGE_PRESENT   0x001
#define _PAGE_RW        0x002
#define _PAGE_USER      0x004
#define _PAGE_PWT       0x008
#define _PAGE_PCD       0x010
#define _PAGE_ACCESSED  0x020
#define _PAGE_DIRTY     0x040
#define _PAGE_PSE       0x080   /* 2 MiB/1 GiB page in L2/L3 */
#define _PAGE_GLOBAL    0x100
#define _PAGE_NX        (1UL << 63)

#define PADDR_BITS      52
#define PTE_ADDR_MASK   0x000FFFFFFFFFF000UL

#define L1_SHIFT        12
#define L2_SHIFT        21
#define L3_SHIFT        30
#define L4_SHIFT        39
#define PT_ENTRIES      512

#ifndef __ASSEMBLY__
#include <hv/types.h>

typedef uint64_t pte_t;

static inline unsigned int pt_index(unsigned long va, unsigned int level)
{
    return (va >> (L1_SHIFT + 9 * (level - 1))) & (PT_ENTRIES - 1);
}

static inline paddr_t pte_addr(pte_t e)
{
    return e & PTE_ADDR_MASK;
}

static inline pte_t make_pte(paddr_t pa, uint64_t flags)
{
    return (pa & PTE_ADDR_MASK) | flags;
}

/* Canonical: bits 63..47 all equal (48-bit virtual addresses). */
static inline bool is_canonical(unsigned long va)
{
    return (unsigned long)((long)(va << 16) >> 16) == va;
}
#endif

#endif /* ASM_PAGE_H */
