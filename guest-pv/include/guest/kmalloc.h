/*
 * The kernel heap: kmalloc/kfree over the frame allocator, mapped in the
 * kernel's mapped area (guest/vmap.h).  Any size; 16-byte aligned.
 *
 * Small objects (up to KMALLOC_SMALL_MAX bytes) come from slab pages of
 * power-of-two classes; larger ones are whole page runs of their own, so
 * freeing one gives its frames back at once.  Slab pages stay with their
 * class once made.  Safe from interrupt context (each call holds
 * interrupts off).
 */
#ifndef GUEST_KMALLOC_H
#define GUEST_KMALLOC_H

#include <guest/lib.h>

#define KMALLOC_SMALL_MAX   1024

/* size bytes (contents undefined), or NULL when memory is exhausted. */
void *kmalloc(size_t size);

/* As kmalloc(), zeroed. */
void *kzalloc(size_t size);

/* Frees what kmalloc() returned; NULL is ignored.  A pointer the heap
 * did not hand out, or a second free, is a kernel bug and fatal. */
void kfree(void *p);

/* What the heap holds now (for leak checks in the self-tests). */
struct kmalloc_stats {
    unsigned long objects;      /* allocations not yet freed */
    unsigned long large_pages;  /* pages of the large ones */
    unsigned long slab_pages;   /* pages the small classes hold */
};
void kmalloc_stats(struct kmalloc_stats *st);

#endif /* GUEST_KMALLOC_H */
