/*
 * Address spaces of user processes, in Xen's x86-64 PV model.
 *
 * A PV guest kernel runs in ring 3 like its processes, so the
 * hypervisor keeps two page-table bases per vCPU and switches between
 * them itself: the kernel L4, used in guest kernel mode, and the user
 * L4, used in guest user mode (entered by HYPERVISOR_iret to a CS with
 * RPL 3, left by syscall, exception or event).  Each address space here
 * is such a pair:
 *     kernel L4: the kernel's upper-half slots (copied from the boot L4,
 *                so they point at the same kernel L3) + the user slots;
 *     user L4:   the user slots only, so user code cannot reach the
 *                kernel.
 * Both L4s point at the same user L3 tables, so a mapping made through
 * one is seen through the other.  Xen fills its own slots (256-271) in
 * both when it validates them.  Both are pinned for their whole life.
 *
 * All tables below the L4s are built by the kernel (zeroed, then linked
 * with mmu_update, which makes Xen validate them) and freed at
 * aspace_destroy().  Frames are reference-counted, so a frame shared
 * copy-on-write after aspace_fork() is freed with its last mapping.
 */
#ifndef GUEST_ASPACE_H
#define GUEST_ASPACE_H

#include <guest/lib.h>
#include <guest/pte.h>

/* Leaf entries of user pages (Xen would add PTE_USER anyway). */
#define PTE_USER_RW (PTE_PRESENT | PTE_RW | PTE_USER | PTE_ACCESSED | \
                     PTE_DIRTY)
#define PTE_USER_RO (PTE_PRESENT | PTE_USER | PTE_ACCESSED)

struct aspace {
    unsigned long kernel_l4;    /* pfn of the kernel-mode L4 */
    unsigned long user_l4;      /* pfn of the user-mode L4 */
    unsigned long pages;        /* leaf pages mapped */
    unsigned long tables;       /* L3, L2 and L1 tables */
    unsigned long l1_hint_va;   /* aspace_map's last L1: what it maps */
    unsigned long l1_hint_mfn;  /* ... and where it is (0: none) */
};

/* Creates an empty address space; 0, or -XEN_ENOMEM. */
int aspace_create(struct aspace *as);

/*
 * Frees every table and drops every mapped frame.  as must not be
 * active: a table in use as a page-table base stays typed (and so
 * cannot be reused as a plain page) even once it is unpinned.
 */
void aspace_destroy(struct aspace *as);

/*
 * Makes as the active address space (NULL: the kernel's boot address
 * space, with no user page tables).
 */
void aspace_activate(const struct aspace *as);

/*
 * Maps pfn at the user address va (page-aligned, not mapped yet) with
 * the leaf flags; the entry is queued (mmu_flush() sends it).  0, or
 * -XEN_ENOMEM when a missing table cannot be allocated.
 */
int aspace_map(struct aspace *as, unsigned long va, unsigned long pfn,
               uint64_t flags);

/* The L1 entry for va and its machine address (0 if no L1 table). */
uint64_t aspace_lookup(const struct aspace *as, unsigned long va,
                       uint64_t *maddr);

/*
 * Makes child (created empty) a copy-on-write copy of parent: writable
 * pages become read-only + PTE_COW in both and shared; read-only pages
 * are shared as they are.  Flushes the TLB (parent is the active
 * address space).  0, or -XEN_ENOMEM (child is then partly built; the
 * caller destroys it).
 */
int aspace_fork(struct aspace *child, struct aspace *parent);

/*
 * A write hit the copy-on-write page at va in the active address space
 * as: gives it a private writable copy (or the frame itself, if no one
 * else shares it any more).  0, -XEN_EFAULT if va is not copy-on-write,
 * -XEN_ENOMEM.  *copied tells whether a frame was copied.
 */
int aspace_cow(struct aspace *as, unsigned long va, bool *copied);

#endif /* GUEST_ASPACE_H */
