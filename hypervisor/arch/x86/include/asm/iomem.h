/*
 * I/O memory a domain may map (Xen's iomem_access_permitted and
 * XEN_DOMCTL_iomem_permission): machine frames outside RAM, such as a
 * PCI device's BAR, that an L1 entry of the domain may name.
 *
 * Such frames have no page_info, so a mapping of one takes no reference
 * (as in Xen); that is why a grant may only name frames at or above
 * max_mfn.  The hypervisor's own devices are never granted.
 */
#ifndef ASM_IOMEM_H
#define ASM_IOMEM_H

#include <hv/types.h>

struct domain;

/*
 * Grants d the frames first..last.  -XEN_EINVAL for first > last, a frame
 * past the physical address width (IOMEM_MAX_FRAME) or below max_mfn (a
 * frame with a page_info: RAM, never I/O memory here); -XEN_ENOSPC when d
 * holds MAX_IOMEM_RANGES already.
 */
int iomem_grant(struct domain *d, unsigned long first, unsigned long last);

/*
 * Takes the frames first..last out of d's grants (Xen's
 * iomem_deny_access), splitting a range around them.  -XEN_ENOSPC when a
 * split needs a slot d does not have (d's grants are then unchanged).
 */
int iomem_deny(struct domain *d, unsigned long first, unsigned long last);

/* Whether d may map machine frame mfn as I/O memory. */
bool iomem_permitted(const struct domain *d, unsigned long mfn);

/* 52-bit physical addresses: the architectural maximum. */
#define IOMEM_MAX_FRAME     ((1UL << (52 - 12)) - 1)

#endif /* ASM_IOMEM_H */
