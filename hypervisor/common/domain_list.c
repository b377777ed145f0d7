/*
 * The domain list: every live domain by id (Xen's domain_list and its
 * domain_hash, as one small table: MAX_DOMAINS is tens, not thousands).
 *
 * Invariant: an id is in the table at most once, and a domain is in it
 * from the end of domain_create() until domain_destroy() begins, so
 * domain_lookup() never returns a domain being built or torn down.
 *
 * Locking: domains are created and destroyed only at boot and from the
 * boot CPU's softirqs for now; when the toolstack creates domains from
 * several CPUs this table takes a lock (and lookups an RCU read side).
 */
#include <hv/domain.h>
#include <hv/event.h>
#include <xen/errno.h>

static struct domain *table[MAX_DOMAINS];

int domain_list_add(struct domain *d)
{
    struct domain **slot = NULL;

    for (unsigned int i = 0; i < MAX_DOMAINS; i++) {
        if (table[i] && table[i]->domain_id == d->domain_id)
            return -XEN_EEXIST;
        if (!table[i] && !slot)
            slot = &table[i];
    }
    if (!slot)
        return -XEN_ENOSPC;
    *slot = d;
    return 0;
}

void domain_list_remove(struct domain *d)
{
    for (unsigned int i = 0; i < MAX_DOMAINS; i++)
        if (table[i] == d)
            table[i] = NULL;
}

struct domain *domain_lookup(domid_t id)
{
    for (unsigned int i = 0; i < MAX_DOMAINS; i++)
        if (table[i] && table[i]->domain_id == id)
            return table[i];
    return NULL;
}

/* Xen hands out domU ids from 1 up, below DOMID_FIRST_RESERVED. */
domid_t domain_next_id(void)
{
    for (domid_t id = 1; id < DOMID_FIRST_RESERVED; id++)
        if (!domain_lookup(id))
            return id;
    return DOMID_INVALID;
}

struct domain *domain_list_at(unsigned int i)
{
    unsigned int seen = 0;

    for (unsigned int j = 0; j < MAX_DOMAINS; j++) {
        if (!table[j])
            continue;
        if (seen++ == i)
            return table[j];
    }
    return NULL;
}
