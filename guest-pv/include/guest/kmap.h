/*
 * Temporary kernel mappings of any machine frame, through a few window
 * pages of the kernel image whose L1 entries are rewritten with
 * update_va_mapping.
 *
 * The guest has no direct map of its memory: frames beyond the
 * start-of-day mapping are reached only here.  Xen's rule decides how
 * to map: a frame in use as a page table (or pinned) may only be mapped
 * read-only, and a frame mapped writable anywhere cannot become a page
 * table, so tables are zeroed through a writable window *before* they
 * are linked or pinned, and the window is dropped first.
 */
#ifndef GUEST_KMAP_H
#define GUEST_KMAP_H

#include <guest/lib.h>

#define KMAP_SLOTS  8

/*
 * Maps mfn in a free window, writable or read-only; returns the window's
 * address, or NULL if the hypervisor refused the mapping (the error is
 * in *rc when rc is not NULL).  Running out of windows is a kernel bug
 * and fatal.
 */
void *kmap_try(unsigned long mfn, bool writable, long *rc);

/* As kmap_try(), but a refusal is fatal (the kernel's own frames). */
void *kmap(unsigned long mfn, bool writable);

/* Unmaps a window returned by kmap() or kmap_try(). */
void kunmap(void *va);

/* Windows in use (0 when every kmap() was paired with kunmap()). */
unsigned int kmap_in_use(void);

/* The address of window `slot`, for tests that update its L1 entry. */
unsigned long kmap_slot_va(unsigned int slot);

#endif /* GUEST_KMAP_H */
