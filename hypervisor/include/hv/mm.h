/*
 * Machine frames: one struct page_info per frame (the frame table), and the
 * frame allocator.
 *
 * Every frame of RAM has a page_info from boot on.  Its owner, type and
 * counts are what later makes direct paging safe (Xen's model): a frame is
 * a page table only while validated, a guest may map only frames it owns.
 * The typing rules live in page_type.c; this header holds the data and the
 * allocator.
 */
#ifndef HV_MM_H
#define HV_MM_H

#include <hv/types.h>
#include <hv/list.h>
#include <hv/boot_info.h>

struct domain;

#define INVALID_MFN         (~0UL)

/* count_info: state flags in the top bits, general reference count below. */
#define PGC_count_mask      ((1U << 24) - 1)
#define PGC_allocated       (1U << 31)   /* held by its owner's allocation */
#define PGC_state_shift     28
#define PGC_state_mask      (3U << PGC_state_shift)
#define PGC_state_free      (0U << PGC_state_shift)   /* on a free list */
#define PGC_state_inuse     (1U << PGC_state_shift)   /* allocated */
#define PGC_state_reserved  (2U << PGC_state_shift)   /* never allocatable */

/* type_info: type in the top bits, validated flag, type count below. */
#define PGT_type_shift      28
#define PGT_type_mask       (7U << PGT_type_shift)
#define PGT_none            (0U << PGT_type_shift)
#define PGT_l1_page_table   (1U << PGT_type_shift)
#define PGT_l2_page_table   (2U << PGT_type_shift)
#define PGT_l3_page_table   (3U << PGT_type_shift)
#define PGT_l4_page_table   (4U << PGT_type_shift)
#define PGT_seg_desc_page   (5U << PGT_type_shift)
#define PGT_writable_page   (7U << PGT_type_shift)
#define PGT_pinned          (1U << 27)
#define PGT_validated       (1U << 26)
#define PGT_count_mask      ((1U << 24) - 1)

struct page_info {
    struct list_head list;      /* free list, or the owner's page list */
    struct domain *owner;       /* NULL: free, reserved or hypervisor's */
    uint32_t count_info;        /* PGC_* */
    uint32_t type_info;         /* PGT_* */
    uint32_t order;             /* buddy order while free (head frame) */
    uint32_t pad;
};

extern struct page_info *frame_table;
extern unsigned long max_mfn;   /* one past the highest frame with a page_info */

static inline bool mfn_valid(mfn_t mfn)
{
    return mfn < max_mfn;
}

static inline struct page_info *mfn_to_page(mfn_t mfn)
{
    return &frame_table[mfn];
}

static inline mfn_t page_to_mfn(const struct page_info *pg)
{
    return (mfn_t)(pg - frame_table);
}

/* A physical range [start, end) that the allocator must never hand out. */
struct phys_range {
    paddr_t start;
    paddr_t end;
};

#define MAX_ORDER 20            /* largest block: 2^20 frames = 4 GiB */

/*
 * Builds the frame table and the free lists from the RAM ranges of 'bi',
 * leaving out every range in 'reserved' (the hypervisor image, the boot
 * modules, the loader's structures) and the first MiB.  The frame table
 * itself is carved out of RAM here.  Returns 0, or -XEN_ENOMEM with *why
 * set when no RAM range can hold the frame table.
 */
int page_alloc_init(const struct boot_info *bi,
                    const struct phys_range *reserved, unsigned int nr_reserved,
                    const char **why);

/*
 * Allocates 2^order contiguous frames, aligned to their size, and marks them
 * in use with 'owner' (NULL for the hypervisor's own use).  Returns the first
 * mfn or INVALID_MFN when no block is free.
 */
mfn_t alloc_frames(unsigned int order, struct domain *owner);

/* The smallest order whose block holds 'bytes' (Xen's get_order_from_bytes). */
static inline unsigned int get_order_from_bytes(size_t bytes)
{
    unsigned int order = 0;

    while ((PAGE_SIZE << order) < bytes)
        order++;
    return order;
}

/* Returns a block from alloc_frames() to the free lists (buddies merge). */
void free_frames(mfn_t mfn, unsigned int order);

/* Frames currently free, and frames the allocator manages in total. */
unsigned long free_frame_count(void);
unsigned long total_frame_count(void);

/*
 * Direct map: every machine frame is reachable by the hypervisor at
 * DIRECTMAP_VIRT_START + address.  Provided by the arch (x86 paging) and,
 * for unit tests, by the harness over a fake memory.
 */
void *maddr_to_virt(paddr_t pa);
paddr_t virt_to_maddr(const void *va);

static inline void *mfn_to_virt(mfn_t mfn)
{
    return maddr_to_virt((paddr_t)mfn << PAGE_SHIFT);
}

#endif /* HV_MM_H */
