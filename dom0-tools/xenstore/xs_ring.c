/*
 * The ring transport: a domain's struct xenstore_domain_interface page
 * (io/xs_wire.h), req ring from the guest, rsp ring to it.
 *
 * Indexes are free-running 32-bit counters; a byte's place in the ring is
 * MASK_XENSTORE_IDX(index).  The guest owns req_prod and rsp_cons, dom0
 * owns req_cons and rsp_prod.  Indexes the guest wrote are read once and
 * checked: prod - cons can never exceed XENSTORE_RING_SIZE, and a ring
 * where it does is broken (error XENSTORE_ERROR_RINGIDX) and no longer
 * served, rather than trusted.  Data is read after the index
 * (acquire) and the index published after the data (release).
 */
#include "xs_internal.h"

#define RING_SIZE XENSTORE_RING_SIZE

static XENSTORE_RING_IDX load_idx(const XENSTORE_RING_IDX *p)
{
    return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static void store_idx(XENSTORE_RING_IDX *p, XENSTORE_RING_IDX v)
{
    __atomic_store_n(p, v, __ATOMIC_RELEASE);
}

static bool broken(struct xs_conn *c, struct xenstore_domain_interface *intf)
{
    c->ring_broken = true;
    intf->error = XENSTORE_ERROR_RINGIDX;
    return true;                /* notify, so the guest can see it */
}

/* Requests: at most two contiguous pieces, up to the ring's end. */
static int take_requests(struct xs_conn *c,
                         struct xenstore_domain_interface *intf)
{
    XENSTORE_RING_IDX cons = intf->req_cons, prod = load_idx(&intf->req_prod);
    uint32_t avail, chunk, used, total = 0;

    if (prod - cons > RING_SIZE)
        return -1;
    while ((avail = prod - cons) > 0) {
        chunk = MIN(avail, RING_SIZE - MASK_XENSTORE_IDX(cons));
        used = xs_conn_input(c, intf->req + MASK_XENSTORE_IDX(cons), chunk);
        cons += used;
        total += used;
        if (used < chunk)
            break;              /* reply backlog full: the rest waits */
    }
    store_idx(&intf->req_cons, cons);
    return total > 0;
}

static int put_replies(struct xs_conn *c,
                       struct xenstore_domain_interface *intf)
{
    XENSTORE_RING_IDX prod = intf->rsp_prod, cons = load_idx(&intf->rsp_cons);
    uint32_t space, chunk, put, total = 0;

    if (prod - cons > RING_SIZE)
        return -1;
    while (xs_conn_has_output(c) && (space = RING_SIZE - (prod - cons)) > 0) {
        chunk = MIN(space, RING_SIZE - MASK_XENSTORE_IDX(prod));
        put = xs_conn_output(c, intf->rsp + MASK_XENSTORE_IDX(prod), chunk);
        prod += put;
        total += put;
    }
    store_idx(&intf->rsp_prod, prod);
    return total > 0;
}

bool xs_ring_service(struct xs_conn *c,
                     struct xenstore_domain_interface *intf)
{
    bool moved = false;
    int took, put;

    if (c->ring_broken)
        return false;
    intf->server_features = XENSTORE_SERVER_FEATURE_ERROR;
    /*
     * Until nothing moves: sending replies lets the backlog take more
     * requests, and the guest will not notify again for requests it
     * already announced.  A full rsp ring ends it; the guest notifies
     * when it has read replies.
     */
    do {
        took = take_requests(c, intf);
        put = took < 0 ? 0 : put_replies(c, intf);
        if (took < 0 || put < 0)
            return broken(c, intf);
        moved |= took || put;
    } while (took || put);
    return moved;
}
