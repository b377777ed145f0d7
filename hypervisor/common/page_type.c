/*
 * General and type references on frames (hv/page_type.h).  Refusals here
 * are guest errors (the caller returns -EINVAL); a count going negative is
 * a hypervisor bug.
 */
#include <hv/bug.h>
#include <hv/page_type.h>

bool get_page(struct page_info *pg, const struct domain *d)
{
    uint32_t c = pg->count_info;

    if (pg->owner != d || (c & PGC_state_mask) != PGC_state_inuse)
        return false;
    if ((c & PGC_count_mask) == PGC_count_mask)
        return false;
    pg->count_info = c + 1;
    return true;
}

void put_page(struct page_info *pg)
{
    BUG_ON((pg->count_info & PGC_count_mask) == 0);
    pg->count_info--;
}

bool get_page_type(struct page_info *pg, uint32_t type)
{
    uint32_t t = pg->type_info;
    uint32_t count = t & PGT_count_mask;

    if (count == PGT_count_mask)
        return false;
    if (count == 0) {
        /* A pinned table keeps its type even at count 0. */
        if ((t & PGT_pinned) && (t & PGT_type_mask) != type)
            return false;
        pg->type_info = (t & PGT_pinned) | type | PGT_validated | 1;
        return true;
    }
    if ((t & PGT_type_mask) != type)
        return false;
    pg->type_info = t + 1;
    return true;
}

void put_page_type(struct page_info *pg)
{
    BUG_ON((pg->type_info & PGT_count_mask) == 0);
    pg->type_info--;
}
