/*
 * x86-64 page-table entries as a 64-bit PV guest writes them.
 *
 * Xen's rules on top of the hardware format (xen/xen.h, mmu_update): the
 * address field holds a *machine* frame number; bit 7 of an L1 entry is
 * PAT (no superpages through PSE); bits 9-11 are the guest's own and are
 * kept as written; Xen adds _PAGE_USER to every present entry, because
 * the guest kernel itself runs in ring 3.
 */
#ifndef GUEST_PTE_H
#define GUEST_PTE_H

#include <guest/layout.h>

#define PTE_PRESENT     0x001ul
#define PTE_RW          0x002ul
#define PTE_USER        0x004ul
#define PTE_ACCESSED    0x020ul
#define PTE_DIRTY       0x040ul
#define PTE_PSE         0x080ul     /* L2/L3 only; PAT in an L1 */
#define PTE_COW         0x200ul     /* software bit 9: copy-on-write */
#define PTE_ADDR_MASK   0x000ffffffffff000ul

#define PTE_MFN(e)      (((e) & PTE_ADDR_MASK) >> PAGE_SHIFT)

/* A table entry linking the next level: user and writable, so that the
 * leaf entries alone decide what is accessible. */
#define PTE_TABLE       (PTE_PRESENT | PTE_RW | PTE_USER | PTE_ACCESSED)

/* Leaf entries of the kernel's own data pages. */
#define PTE_KERNEL_RW   (PTE_PRESENT | PTE_RW | PTE_ACCESSED | PTE_DIRTY)
#define PTE_KERNEL_RO   (PTE_PRESENT | PTE_ACCESSED)

#define PT_ENTRIES      512

/* Index of va in the table of `level` (1 = L1 ... 4 = L4). */
#define PT_INDEX(va, level) \
    (((va) >> (PAGE_SHIFT + 9 * ((level) - 1))) & (PT_ENTRIES - 1))

/* Bytes mapped by one entry of a table of `level`. */
#define PT_LEVEL_SIZE(level) (1ul << (PAGE_SHIFT + 9 * ((level) - 1)))

/*
 * The hypervisor's slots of every L4 (HYPERVISOR_VIRT_START..END): Xen
 * fills them itself when it validates an L4 and refuses guest updates.
 */
#define L4_XEN_FIRST    256
#define L4_XEN_LAST     271

/* The lower half, user space (guest/user_abi.h): L4 slots 0-255. */
#define USER_L4_SLOTS   256

#endif /* GUEST_PTE_H */
