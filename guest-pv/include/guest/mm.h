/*
 * Frames: the guest's pseudo-physical pages and their machine frames.
 *
 * Xen gives a PV guest nr_pages frames, numbered 0..nr_pages-1 (pfns);
 * start_info.mfn_list is the P2M, pfn -> machine frame (mfn), and the
 * hypervisor's M2P table, mapped read-only at MACH2PHYS_VIRT_START, is
 * the inverse.  Page tables hold mfns, so the kernel translates both ways.
 *
 * Frames mapped by the start-of-day mapping (the kernel image, the P2M,
 * start_info, the boot page tables and what follows up to the end of
 * that mapping) are the kernel's and never free: they are mapped
 * writable, and a frame mapped writable can never become a page table.
 * Every frame beyond is free at boot.  A frame has a reference count: 1
 * when allocated, more while copy-on-write shares it, free at 0.
 */
#ifndef GUEST_MM_H
#define GUEST_MM_H

#include <guest/lib.h>

/*
 * Finds the end of the start-of-day mapping (walking the boot page
 * tables through kmap()) and fills the free pool.  After traps_init():
 * M2P lookups rely on the exception fixups.
 */
void mm_init(void);

/* Allocates a frame with reference count 1; returns its pfn, 0 if none
 * is free (pfn 0 holds the kernel image, so it is never handed out).
 * The contents are whatever the frame held last. */
unsigned long frame_alloc(void);

/* As frame_alloc(), and the frame is zeroed. */
unsigned long frame_alloc_zeroed(void);

/* Takes or drops a reference; the last frame_put() frees the frame. */
void frame_get(unsigned long pfn);
void frame_put(unsigned long pfn);

/* The reference count of an allocated frame. */
unsigned int frame_refs(unsigned long pfn);

/* How many frames are free now, and how many the pool has in all. */
unsigned long frames_free(void);
unsigned long frames_total(void);

/* The first pfn beyond the start-of-day mapping (the first pool frame). */
unsigned long mm_first_free_pfn(void);

/* P2M lookup; pfn must be below start_info.nr_pages. */
unsigned long pfn_to_mfn(unsigned long pfn);

/* M2P lookup; ~0ul when the M2P has no readable entry for mfn. */
unsigned long mfn_to_pfn(unsigned long mfn);

/* True if mfn is one of the guest's own frames (P2M and M2P agree). */
bool mfn_is_own(unsigned long mfn);

#endif /* GUEST_MM_H */
