/*
 * I/O memory granted to a domain (asm/iomem.h): a short list of frame
 * ranges, Xen's iomem rangeset.
 */
#include <hv/domain.h>
#include <hv/mm.h>
#include <asm/iomem.h>
#include <xen/errno.h>

int iomem_grant(struct domain *d, unsigned long first, unsigned long last)
{
    struct arch_domain *a = &d->arch;

    if (first > last || last > IOMEM_MAX_FRAME || first < max_mfn)
        return -XEN_EINVAL;
    if (a->nr_iomem == MAX_IOMEM_RANGES)
        return -XEN_ENOSPC;
    a->iomem[a->nr_iomem].first = first;
    a->iomem[a->nr_iomem].last = last;
    a->nr_iomem++;
    return 0;
}

static void remove_range(struct arch_domain *a, unsigned int i)
{
    a->iomem[i] = a->iomem[--a->nr_iomem];
}

/* Free slots needed to cut first..last out of the grants: one per range
 * that it splits in two. */
static unsigned int splits_needed(const struct arch_domain *a,
                                  unsigned long first, unsigned long last)
{
    unsigned int n = 0;

    for (unsigned int i = 0; i < a->nr_iomem; i++)
        if (a->iomem[i].first < first && a->iomem[i].last > last)
            n++;
    return n;
}

int iomem_deny(struct domain *d, unsigned long first, unsigned long last)
{
    struct arch_domain *a = &d->arch;
    unsigned int nr = a->nr_iomem;

    if (first > last)
        return -XEN_EINVAL;
    if (nr + splits_needed(a, first, last) > MAX_IOMEM_RANGES)
        return -XEN_ENOSPC;
    for (unsigned int i = nr; i-- > 0;) {
        struct iomem_range r = a->iomem[i];

        if (r.last < first || r.first > last)
            continue;
        remove_range(a, i);
        /* The parts left on either side stay granted. */
        if (r.first < first)
            a->iomem[a->nr_iomem++] = (struct iomem_range){ r.first, first - 1 };
        if (r.last > last)
            a->iomem[a->nr_iomem++] = (struct iomem_range){ last + 1, r.last };
    }
    return 0;
}

bool iomem_permitted(const struct domain *d, unsigned long mfn)
{
    for (unsigned int i = 0; i < d->arch.nr_iomem; i++)
        if (mfn >= d->arch.iomem[i].first && mfn <= d->arch.iomem[i].last)
            return true;
    return false;
}
