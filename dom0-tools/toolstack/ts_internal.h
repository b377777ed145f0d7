/*
 * What the toolstack's files share (dom0-tools/toolstack/).
 */
#ifndef TS_INTERNAL_H
#define TS_INTERNAL_H

#include <tools/toolstack.h>
#include <tools/xs_store.h>

/* dom0's own store connection (ts_store.c). */
struct xs_conn *ts_dom0_conn(void);

/*
 * Introduces the new domain to the store and writes its nodes
 * (/local/domain/<id>/name, domid, memory, store and console); 0 or a
 * negative errno with nothing left in the store.
 */
int ts_store_introduce(const struct ts_domain *d, unsigned long store_mfn,
                       uint32_t store_port, unsigned long cons_mfn,
                       uint32_t cons_port);

/* Releases the domain's connection and removes its nodes. */
void ts_store_release(uint32_t domid);

/* Unlinks and frees a record after closing and unmapping its rings. */
void ts_domain_free(struct ts_domain *d);

#endif /* TS_INTERNAL_H */
