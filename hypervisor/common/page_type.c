/*
 * General and type references on frames (hv/page_type.h): the generic
 * half of direct paging.  What a page-table entry may hold is the arch's
 * business (arch_page_validate()); this file keeps the counts.
 *
 * Not locked: one CPU, and no reference is taken from interrupt context.
 * With SMP every update here becomes a cmpxchg loop, as in Xen.
 */
#include <hv/bug.h>
#include <hv/domain.h>
#include <hv/page_type.h>
#include <xen/errno.h>

/*
 * Two references stay unused below the count's maximum, as in Xen: a
 * count that reached the top could not be told apart from corruption.
 */
#define PGC_count_max   (PGC_count_mask - 1)

bool get_page(struct page_info *pg, const struct domain *d)
{
    uint32_t c = pg->count_info;
    uint32_t n = c & PGC_count_mask;

    if (!d || pg->owner != d || (c & PGC_state_mask) != PGC_state_inuse)
        return false;
    /* Zero: the frame is being freed; it can no longer be used. */
    if (n == 0 || n >= PGC_count_max)
        return false;
    pg->count_info = c + 1;
    return true;
}

/*
 * The last reference of a domain frame is gone: it leaves the domain.  Its
 * type count is zero by then (every type reference comes with a general
 * one), so nothing can still use it as a page table.
 */
static void free_domain_page(struct page_info *pg)
{
    struct domain *d = pg->owner;
    mfn_t mfn = page_to_mfn(pg);

    BUG_ON(!d || (pg->count_info & (PGC_allocated | PGC_xen_heap)));
    BUG_ON(pg->type_info & (PGT_count_mask | PGT_pinned));
    list_del(&pg->list);
    BUG_ON(d->tot_pages == 0);
    d->tot_pages--;
    arch_page_freed(mfn);
    free_frames(mfn, 0);
}

void put_page(struct page_info *pg)
{
    BUG_ON((pg->count_info & PGC_count_mask) == 0);
    pg->count_info--;
    if ((pg->count_info & PGC_count_mask) == 0 && pg->owner)
        free_domain_page(pg);
}

struct page_info *get_page_from_mfn(mfn_t mfn, const struct domain *d)
{
    struct page_info *pg;

    if (!mfn_valid(mfn))
        return NULL;
    pg = mfn_to_page(mfn);
    return get_page(pg, d) ? pg : NULL;
}

/*
 * The first type reference.  A change of type flushes TLBs first: a frame
 * that was writable may still be writable through a stale TLB entry, and
 * one that was a page table may still be walked.  Page tables are then
 * validated with a count of 1 but without PGT_validated, so that any
 * reference the validation itself tries to take on this frame (a table
 * pointing at itself or at its parent) is refused.
 */
static int first_type_ref(struct page_info *pg, uint32_t type)
{
    uint32_t t = pg->type_info;
    int rc;

    BUG_ON(t & PGT_pinned);
    if ((t & PGT_type_mask) != type) {
        if ((t & PGT_type_mask) != PGT_none)
            arch_page_type_flush();
        t = type;
    }
    if (!pgt_is_page_table(type) && type != PGT_seg_desc_page) {
        pg->type_info = type | PGT_validated | 1;
        return 0;
    }
    pg->type_info = type | 1;
    rc = arch_page_validate(pg, type);
    if (rc) {
        /* Xen's rule: a frame that failed validation has no type. */
        pg->type_info = PGT_none;
        return rc;
    }
    BUG_ON(pg->type_info != (type | 1));
    pg->type_info = type | PGT_validated | 1;
    return 0;
}

int get_page_type(struct page_info *pg, uint32_t type)
{
    uint32_t t = pg->type_info;
    uint32_t count = t & PGT_count_mask;

    ASSERT(!(type & ~PGT_type_mask));
    if (count == 0)
        return first_type_ref(pg, type);
    if (count == PGT_count_mask)
        return -XEN_EINVAL;
    /* Another type, or a table still being (de)validated. */
    if ((t & PGT_type_mask) != type || !(t & PGT_validated))
        return -XEN_EINVAL;
    pg->type_info = t + 1;
    return 0;
}

void put_page_type(struct page_info *pg)
{
    uint32_t t = pg->type_info;
    uint32_t type = t & PGT_type_mask;

    BUG_ON((t & PGT_count_mask) == 0);
    if ((t & PGT_count_mask) > 1 || !pgt_is_page_table(t)) {
        pg->type_info = t - 1;
        return;
    }
    /* A pin holds a reference of its own: unpinning clears the flag first. */
    BUG_ON(t & PGT_pinned);
    BUG_ON(!(t & PGT_validated));
    /* Devalidation, with the count held at 1: no new reference meanwhile. */
    pg->type_info = type | 1;
    arch_page_devalidate(pg, type);
    BUG_ON(pg->type_info != (type | 1));
    pg->type_info = type;
}

int get_page_and_type(struct page_info *pg, const struct domain *d,
                      uint32_t type)
{
    int rc;

    if (!get_page(pg, d))
        return -XEN_EINVAL;
    rc = get_page_type(pg, type);
    if (rc)
        put_page(pg);
    return rc;
}

void put_page_and_type(struct page_info *pg)
{
    put_page_type(pg);
    put_page(pg);
}

int page_pin(mfn_t mfn, const struct domain *d, uint32_t type)
{
    struct page_info *pg = get_page_from_mfn(mfn, d);
    int rc;

    if (!pg)
        return -XEN_EINVAL;
    rc = get_page_type(pg, type);
    if (rc) {
        put_page(pg);
        return rc;
    }
    /* Pinning is not counted: a second pin is refused (Xen's rule). */
    if (pg->type_info & PGT_pinned) {
        put_page_and_type(pg);
        return -XEN_EINVAL;
    }
    pg->type_info |= PGT_pinned;
    return 0;
}

int page_unpin(mfn_t mfn, const struct domain *d)
{
    struct page_info *pg = get_page_from_mfn(mfn, d);

    if (!pg)
        return -XEN_EINVAL;
    if (!(pg->type_info & PGT_pinned)) {
        put_page(pg);
        return -XEN_EINVAL;
    }
    pg->type_info &= ~PGT_pinned;
    /* The pin's two references, then the one taken for this lookup. */
    put_page_and_type(pg);
    put_page(pg);
    return 0;
}

void share_xen_page_with_guest(struct page_info *pg, struct domain *d)
{
    BUG_ON((pg->count_info & PGC_state_mask) != PGC_state_inuse);
    BUG_ON(pg->owner && pg->owner != d);
    pg->owner = d;
    pg->count_info = PGC_state_inuse | PGC_xen_heap | PGC_allocated | 1;
    pg->type_info = PGT_writable_page | PGT_validated | 1;
}
