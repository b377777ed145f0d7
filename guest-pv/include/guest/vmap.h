/*
 * The kernel's mapped area: a range of kernel virtual addresses where
 * runs of pages are mapped for as long as the kernel wants them (the
 * heap's pages, large buffers such as a kernel image being built, and
 * foreign frames of other domains mapped by dom0's toolstack).
 *
 * The guest has no direct map of its memory (guest/kmap.h): a frame
 * beyond the start-of-day mapping is reached only where it is mapped.
 * The area is the last gigabyte's first quarter, VMAP_BASE..VMAP_END,
 * under the kernel's own L3 (L4 slot 511, L3 slot 511, next to the image
 * in slot 510), so every address space, which shares that L3
 * (guest/aspace.h), sees the same mappings.  Its L2 and L1 tables are
 * made on first use and kept; leaf entries go through the paravirt-ops
 * table (guest/mmu.h) like every page-table write.
 *
 * Each run is followed by one unmapped guard page, so an overrun faults
 * instead of reaching the next run.
 */
#ifndef GUEST_VMAP_H
#define GUEST_VMAP_H

#include <guest/layout.h>
#include <guest/lib.h>

#define VMAP_BASE       0xFFFFFFFFC0000000ul
#define VMAP_PAGES      65536ul                 /* 256 MiB */
#define VMAP_END        (VMAP_BASE + VMAP_PAGES * PAGE_SIZE)

/*
 * Reserves npages of address space (nothing mapped yet); returns the
 * address, or 0 when the area has no such free run.
 */
unsigned long vmap_reserve(unsigned long npages);

/* Gives back what vmap_reserve() returned (its entries must be clear). */
void vmap_release(unsigned long va, unsigned long npages);

/*
 * Machine address of the L1 entry that maps va (a reserved page),
 * making the tables above it if needed (queued: mmu_flush() sends
 * them); 0 when no frame is free for a table.
 */
uint64_t vmap_pte_maddr(unsigned long va);

/*
 * npages of fresh frames of the kernel's, mapped writable at a new run;
 * NULL when out of frames or address space (nothing is then kept).
 * The contents are whatever the frames held last.
 */
void *vmap_alloc(unsigned long npages);

/*
 * Clears the entries of reserved pages mapped by the caller (through
 * vmap_pte_maddr(): foreign frames, say); their frames are not the
 * kernel's to free.  The TLB is flushed.
 */
void vmap_unmap(unsigned long va, unsigned long npages);

/* Unmaps a vmap_alloc() run and frees its frames. */
void vmap_free(void *va, unsigned long npages);

/* Pages of the area reserved now (runs and their guards). */
unsigned long vmap_pages_reserved(void);

#endif /* GUEST_VMAP_H */
