/*
 * Frame references and types (Xen's get_page / get_page_type).
 *
 * Every mapping of a frame holds a general reference (count_info); every
 * use of a frame *as* something holds a type reference (type_info): a
 * writable mapping takes PGT_writable_page, a page-table entry pointing at
 * a table takes that table's level.  A frame has one type at a time, and
 * can change type only when its type count is zero: so a frame is never a
 * page table and writable at once.
 */
#ifndef HV_PAGE_TYPE_H
#define HV_PAGE_TYPE_H

#include <hv/mm.h>

struct domain;

/*
 * Takes a general reference on 'pg' for domain 'd': fails (false) when the
 * frame is not d's, is free or reserved, or its count would overflow.
 */
bool get_page(struct page_info *pg, const struct domain *d);
void put_page(struct page_info *pg);

/*
 * Takes a type reference of 'type' (PGT_*).  Fails when the frame is in
 * use as another type.  A frame whose count is zero takes the new type.
 */
bool get_page_type(struct page_info *pg, uint32_t type);
void put_page_type(struct page_info *pg);

#endif /* HV_PAGE_TYPE_H */
