/*
 * Frame references and types: Xen's direct-paging state machine.
 *
 * Every use of a frame holds a general reference (count_info): its owner's
 * allocation (PGC_allocated), each page-table entry that maps it or points
 * at it, each pin, each vCPU base pointer.  Every use of a frame *as*
 * something also holds a type reference (type_info): a writable mapping
 * takes PGT_writable_page, an entry pointing at a lower table takes that
 * table's level, a pin or a base pointer takes its table's level.
 *
 * Invariants (checked by mm_audit_domain()):
 *   - a frame has one type at a time and changes type only while its type
 *     count is zero, so it is never a page table and writable at once;
 *   - a frame gets an L1-L4 type only by validation of every entry, which
 *     takes the references those entries need (recursively, at most four
 *     levels deep), and loses it when its type count drops to zero, which
 *     drops them again (devalidation);
 *   - PGT_validated is set exactly while a page table's type count is
 *     non-zero; a pinned frame (PGT_pinned) holds one type and one general
 *     reference for its pin;
 *   - a domain frame whose general count drops to zero is freed.
 *
 * Refusals are guest errors and return Xen's negative errno values; a
 * count going negative or a broken invariant is a hypervisor bug (BUG_ON).
 */
#ifndef HV_PAGE_TYPE_H
#define HV_PAGE_TYPE_H

#include <hv/mm.h>

struct domain;

/*
 * count_info flag: a hypervisor page shared with its owner (shared_info),
 * as Xen's PGC_xen_heap.  It is never in the owner's allocation list, never
 * given back by decrease_reservation and never freed by put_page().
 */
#define PGC_xen_heap        (1U << 30)

static inline bool pgt_is_page_table(uint32_t type_info)
{
    uint32_t t = type_info & PGT_type_mask;

    return t >= PGT_l1_page_table && t <= PGT_l4_page_table;
}

/* The table type of level 1-4. */
static inline uint32_t pgt_of_level(unsigned int level)
{
    return PGT_l1_page_table + ((level - 1) << PGT_type_shift);
}

/* The level (1-4) of a page-table type. */
static inline unsigned int pgt_level(uint32_t type_info)
{
    return (((type_info & PGT_type_mask) - PGT_l1_page_table) >>
            PGT_type_shift) + 1;
}

/*
 * General reference for domain 'd': fails (false) when the frame is not
 * d's, is free, reserved or being freed, or its count would overflow.
 */
bool get_page(struct page_info *pg, const struct domain *d);

/* Drops a general reference; the last one frees a domain frame. */
void put_page(struct page_info *pg);

/* get_page() on 'mfn' after checking it has a page_info; NULL if not. */
struct page_info *get_page_from_mfn(mfn_t mfn, const struct domain *d);

/*
 * Type reference of 'type' (PGT_*).  The first reference of a page-table
 * type validates the frame (arch_page_validate()).  Returns 0, -XEN_EINVAL
 * when the frame is in use as another type, is being (de)validated or the
 * count would overflow, or the error validation returned.
 * @pre the caller holds a general reference.
 */
int get_page_type(struct page_info *pg, uint32_t type);

/* Drops a type reference; the last one of a page table devalidates it. */
void put_page_type(struct page_info *pg);

/* Both references; -XEN_EINVAL when the general one is refused. */
int get_page_and_type(struct page_info *pg, const struct domain *d,
                      uint32_t type);
void put_page_and_type(struct page_info *pg);

/*
 * MMUEXT_PIN_L*_TABLE: takes 'type' and a general reference for the pin
 * and keeps them.  Returns 0, -XEN_EINVAL (not d's, already pinned, type
 * conflict) or a validation error.
 */
int page_pin(mfn_t mfn, const struct domain *d, uint32_t type);

/* MMUEXT_UNPIN_TABLE: drops a pin.  -XEN_EINVAL: not d's or not pinned. */
int page_unpin(mfn_t mfn, const struct domain *d);

/*
 * Gives 'd' a hypervisor page it may map writably (shared_info), with a
 * permanent writable type reference so it can never become a page table
 * (Xen's share_xen_page_with_guest(SHARE_rw)).
 */
void share_xen_page_with_guest(struct page_info *pg, struct domain *d);

/*
 * Arch hooks the state machine calls (x86: arch/x86/pv/pt_validate.c and
 * pv/mm.c; unit tests provide fakes).
 */

/*
 * Validates every entry of 'pg' as a table of 'type', taking the
 * references its entries need; on failure drops those it took and
 * returns the error.  @pre pg is marked as being validated (count 1).
 */
int arch_page_validate(struct page_info *pg, uint32_t type);

/* Drops the references every entry of table 'pg' of 'type' holds. */
void arch_page_devalidate(struct page_info *pg, uint32_t type);

/*
 * A frame is changing type: stale TLB entries from its old use (a writable
 * mapping, or a walk through it as a page table) must go first.
 */
void arch_page_type_flush(void);

/* A domain frame is about to be freed: forget its M2P entry, flush TLBs. */
void arch_page_freed(mfn_t mfn);

/*
 * Consistency audit (Xen's audit_domains): recomputes every frame's counts
 * from d's pinned tables and vCPU base pointers, compares them with the
 * frame table and prints "mm audit: dom N: OK (...)" or each mismatch.
 * Returns 0, -XEN_EIO on mismatches, -XEN_ENOMEM without scratch memory.
 */
int mm_audit_domain(struct domain *d);

#endif /* HV_PAGE_TYPE_H */
