/*
 * The frame table and the buddy allocator of machine frames (hv/mm.h).
 *
 * Layout: one struct page_info per frame from mfn 0 up to the highest RAM
 * frame (max_mfn), carved out of the first RAM range above 1 MiB that can
 * hold it.  Frames that must never be handed out -- holes, non-RAM ranges,
 * the first MiB (real-mode structures, BIOS data), the ranges the caller
 * reserves (hypervisor image, boot modules, loader data) and the frame
 * table itself -- stay PGC_state_reserved for ever.
 *
 * Buddy invariants:
 *   - a free block of order k is 2^k frames, aligned to 2^k frames, all in
 *     PGC_state_free; its first frame (the head) is on free_lists[k] with
 *     page_info.order == k;
 *   - two free buddies never both sit on a list: freeing merges them, so
 *     each free block is as large as alignment and neighbours allow;
 *   - a frame handed out is PGC_state_inuse until freed.
 * Only heads' 'order' fields mean anything.  A stale order in a non-head
 * frame is harmless: the buddy of a block being freed cannot lie inside
 * a larger free block, or the freed block would lie inside it too.
 *
 * RAM above 4 GiB is ignored for now (and logged): it keeps the frame
 * table at most 40 MiB and every frame below the 4 GiB MAX_ORDER block.
 *
 * One lock (Xen's heap_lock) covers the free lists, the counts and the
 * state of free frames.  It is a leaf: nothing else is taken under it,
 * and no allocation happens in interrupt context.  A frame's fields once
 * it is in use belong to its owner's code (page_type.c, domain.c).
 */
#include <abi/xen.h>
#include <xen/errno.h>
#include <hv/bug.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/printk.h>
#include <hv/spinlock.h>

#define LOW_MEM_END     (1ULL << 20)    /* never allocated below 1 MiB */
#define RAM_LIMIT       (1ULL << 32)    /* RAM above this is ignored */

struct page_info *frame_table;
unsigned long max_mfn;

static struct list_head free_lists[MAX_ORDER + 1];
static unsigned long nr_free;
static spinlock_t heap_lock = SPIN_LOCK_UNLOCKED;
static unsigned long nr_total;

/* The boot data page_alloc_init() works from. */
struct layout {
    const struct boot_info *bi;
    const struct phys_range *reserved;
    unsigned int nr_reserved;
    paddr_t ft_start, ft_end;   /* the frame table, once placed */
};

static unsigned int page_state(const struct page_info *pg)
{
    return pg->count_info & PGC_state_mask;
}

/* End of a boot range, saturating instead of wrapping past 2^64. */
static uint64_t range_end(const struct boot_mem_range *r)
{
    uint64_t end = r->base + r->len;

    return end < r->base ? ~0ULL : end;
}

/* The whole frames of a RAM range below RAM_LIMIT: [*s, *e), maybe empty. */
static void ram_frames(const struct boot_mem_range *r, paddr_t *s, paddr_t *e)
{
    *s = ROUNDUP(MIN(r->base, RAM_LIMIT), PAGE_SIZE);
    *e = ROUNDDOWN(MIN(range_end(r), RAM_LIMIT), PAGE_SIZE);
}

/* Keeps the lowest-starting range overlapping [s, e) in [*xs, *xe). */
static void consider(paddr_t s, paddr_t e, paddr_t rs, paddr_t re,
                     paddr_t *xs, paddr_t *xe)
{
    if (rs < re && rs < e && re > s && rs < *xs) {
        *xs = rs;
        *xe = re;
    }
}

/*
 * Finds the lowest-starting range that overlaps [s, e) and must not be
 * free: the first MiB, the frame table, non-RAM ranges and the caller's
 * reserved ranges (each widened to whole frames), and the RAM ranges
 * before 'ram_idx' (already freed: firmware maps may repeat a range).
 */
static bool first_exclusion(const struct layout *l, unsigned int ram_idx,
                            paddr_t s, paddr_t e, paddr_t *xs, paddr_t *xe)
{
    const struct boot_mem_range *r;
    paddr_t rs, re;
    unsigned int i;

    *xs = ~0ULL;
    consider(s, e, 0, LOW_MEM_END, xs, xe);
    consider(s, e, l->ft_start, l->ft_end, xs, xe);
    for (i = 0; i < l->bi->nr_mem; i++) {
        r = &l->bi->mem[i];
        if (r->type == BOOT_MEM_RAM && i >= ram_idx)
            continue;
        if (r->type == BOOT_MEM_RAM) {
            ram_frames(r, &rs, &re);
        } else {
            rs = ROUNDDOWN(MIN(r->base, RAM_LIMIT), PAGE_SIZE);
            re = ROUNDUP(MIN(range_end(r), RAM_LIMIT), PAGE_SIZE);
        }
        consider(s, e, rs, re, xs, xe);
    }
    for (i = 0; i < l->nr_reserved; i++) {
        rs = ROUNDDOWN(MIN(l->reserved[i].start, RAM_LIMIT), PAGE_SIZE);
        re = ROUNDUP(MIN(l->reserved[i].end, RAM_LIMIT), PAGE_SIZE);
        consider(s, e, rs, re, xs, xe);
    }
    return *xs != ~0ULL;
}

/* One past the highest RAM frame below RAM_LIMIT; logs what is beyond. */
static unsigned long highest_ram_frame(const struct boot_info *bi)
{
    unsigned long top = 0;
    uint64_t ignored = 0, end;
    paddr_t s, e;
    unsigned int i;

    for (i = 0; i < bi->nr_mem; i++) {
        if (bi->mem[i].type != BOOT_MEM_RAM)
            continue;
        end = range_end(&bi->mem[i]);
        if (end > RAM_LIMIT)
            ignored += end - MAX(bi->mem[i].base, RAM_LIMIT);
        ram_frames(&bi->mem[i], &s, &e);
        if (s < e)
            top = MAX(top, (unsigned long)(e >> PAGE_SHIFT));
    }
    if (ignored)
        printk(XENLOG_WARNING "page_alloc: ignoring %llu MiB of RAM above "
               "4 GiB (not supported yet)\n",
               (unsigned long long)(ignored >> 20));
    return top;
}

/*
 * Places the frame table ('bytes', whole frames) at the lowest address of
 * the first RAM range above 1 MiB where it overlaps nothing excluded.
 */
static bool place_frame_table(struct layout *l, paddr_t bytes)
{
    paddr_t s, e, cand, xs, xe;
    unsigned int i;

    for (i = 0; i < l->bi->nr_mem; i++) {
        if (l->bi->mem[i].type != BOOT_MEM_RAM)
            continue;
        ram_frames(&l->bi->mem[i], &s, &e);
        for (cand = MAX(s, LOW_MEM_END); cand < e && e - cand >= bytes;
             cand = xe) {
            if (!first_exclusion(l, 0, cand, cand + bytes, &xs, &xe)) {
                l->ft_start = cand;
                l->ft_end = cand + bytes;
                return true;
            }
        }
    }
    return false;
}

/*
 * Puts the free block at 'mfn' (its frames already PGC_state_free) on a
 * free list, first merging it with its buddy for as long as the buddy is
 * a whole free block of the same order.
 */
static void free_block(mfn_t mfn, unsigned int order)
{
    struct page_info *pg;
    mfn_t buddy;

    while (order < MAX_ORDER) {
        buddy = mfn ^ (1UL << order);
        if (buddy >= max_mfn)
            break;
        pg = mfn_to_page(buddy);
        if (page_state(pg) != PGC_state_free || pg->order != order)
            break;
        list_del(&pg->list);
        mfn &= ~(1UL << order);
        order++;
    }
    pg = mfn_to_page(mfn);
    pg->order = order;
    list_add(&pg->list, &free_lists[order]);
}

/* Frees the frames [s, e) at boot, as the largest aligned blocks. */
static void free_boot_frames(mfn_t s, mfn_t e)
{
    unsigned int order;
    mfn_t m;

    for (m = s; m < e; m++)
        mfn_to_page(m)->count_info = PGC_state_free;
    nr_free += e - s;
    nr_total += e - s;
    while (s < e) {
        order = 0;
        while (order < MAX_ORDER && IS_ALIGNED(s, 2UL << order) &&
               s + (2UL << order) <= e)
            order++;
        free_block(s, order);
        s += 1UL << order;
    }
}

/* Frees every usable frame of RAM range 'idx' (the parts not excluded). */
static void free_ram_range(const struct layout *l, unsigned int idx)
{
    paddr_t cur, end, xs, xe;

    ram_frames(&l->bi->mem[idx], &cur, &end);
    while (cur < end) {
        if (!first_exclusion(l, idx, cur, end, &xs, &xe)) {
            free_boot_frames(cur >> PAGE_SHIFT, end >> PAGE_SHIFT);
            return;
        }
        if (xs > cur)
            free_boot_frames(cur >> PAGE_SHIFT, xs >> PAGE_SHIFT);
        cur = MAX(cur, xe);
    }
}

/* Every frame starts reserved; only free_ram_range() makes frames free. */
static void init_frame_table(const struct layout *l)
{
    unsigned long mfn;
    unsigned int i;

    frame_table = maddr_to_virt(l->ft_start);
    memset(frame_table, 0, l->ft_end - l->ft_start);
    for (mfn = 0; mfn < max_mfn; mfn++)
        frame_table[mfn].count_info = PGC_state_reserved;
    for (i = 0; i <= MAX_ORDER; i++)
        list_init(&free_lists[i]);
    nr_free = nr_total = 0;
}

int page_alloc_init(const struct boot_info *bi,
                    const struct phys_range *reserved, unsigned int nr_reserved,
                    const char **why)
{
    struct layout l = { .bi = bi, .reserved = reserved,
                        .nr_reserved = nr_reserved };
    paddr_t ft_bytes;
    unsigned int i;

    max_mfn = highest_ram_frame(bi);
    ft_bytes = ROUNDUP((paddr_t)max_mfn * sizeof(struct page_info), PAGE_SIZE);
    if (!max_mfn || !place_frame_table(&l, ft_bytes)) {
        max_mfn = 0;
        *why = "no RAM range above 1 MiB can hold the frame table";
        return -XEN_ENOMEM;
    }
    init_frame_table(&l);
    for (i = 0; i < bi->nr_mem; i++)
        if (bi->mem[i].type == BOOT_MEM_RAM)
            free_ram_range(&l, i);
    printk("page_alloc: %lu frames (%lu MiB) free, frame table %#llx-%#llx "
           "for %lu frames\n", nr_free, nr_free >> (20 - PAGE_SHIFT),
           (unsigned long long)l.ft_start, (unsigned long long)l.ft_end,
           max_mfn);
    return 0;
}

/* Claims the 2^order free frames at 'mfn' for 'owner'. */
static void mark_inuse(mfn_t mfn, unsigned int order, struct domain *owner)
{
    struct page_info *pg = mfn_to_page(mfn);
    unsigned long i;

    for (i = 0; i < (1UL << order); i++, pg++) {
        BUG_ON(page_state(pg) != PGC_state_free);
        pg->count_info = PGC_state_inuse;
        pg->type_info = PGT_none;
        pg->owner = owner;
        pg->order = 0;
        list_init(&pg->list);
    }
}

/*
 * Takes the smallest free block of at least 2^order frames and splits it
 * down, putting the upper half back at each step (O(order)).
 */
mfn_t alloc_frames(unsigned int order, struct domain *owner)
{
    struct page_info *pg;
    unsigned int k;
    mfn_t mfn;

    if (order > MAX_ORDER)
        return INVALID_MFN;
    spin_lock(&heap_lock);
    for (k = order; k <= MAX_ORDER && list_empty(&free_lists[k]); k++)
        ;
    if (k > MAX_ORDER) {
        spin_unlock(&heap_lock);
        return INVALID_MFN;
    }
    pg = list_first_entry(&free_lists[k], struct page_info, list);
    list_del(&pg->list);
    mfn = page_to_mfn(pg);
    while (k > order) {
        k--;
        pg = mfn_to_page(mfn + (1UL << k));
        pg->order = k;
        list_add(&pg->list, &free_lists[k]);
    }
    mark_inuse(mfn, order, owner);
    nr_free -= 1UL << order;
    spin_unlock(&heap_lock);
    return mfn;
}

/*
 * Freeing a frame that is free or reserved, or a misaligned or
 * out-of-range block, is a hypervisor bug (guests never name frames to
 * this function directly), so it panics rather than corrupting the lists.
 */
void free_frames(mfn_t mfn, unsigned int order)
{
    struct page_info *pg;
    unsigned long i;

    BUG_ON(order > MAX_ORDER);
    BUG_ON(!IS_ALIGNED(mfn, 1UL << order));
    BUG_ON(mfn >= max_mfn || max_mfn - mfn < (1UL << order));
    spin_lock(&heap_lock);
    for (i = 0, pg = mfn_to_page(mfn); i < (1UL << order); i++, pg++)
        BUG_ON(page_state(pg) != PGC_state_inuse);
    for (i = 0, pg = mfn_to_page(mfn); i < (1UL << order); i++, pg++) {
        pg->count_info = PGC_state_free;
        pg->type_info = 0;
        pg->owner = NULL;
    }
    free_block(mfn, order);
    nr_free += 1UL << order;
    spin_unlock(&heap_lock);
}

unsigned long free_frame_count(void)
{
    return __atomic_load_n(&nr_free, __ATOMIC_RELAXED);
}

unsigned long total_frame_count(void)
{
    return nr_total;
}
