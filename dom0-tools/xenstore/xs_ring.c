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

static uint32_t to_conn(struct xs_conn *c, char *ring, uint32_t n)
{
    return xs_conn_input(c, ring, n);
}

static uint32_t from_conn(struct xs_conn *c, char *ring, uint32_t n)
{
    return xs_conn_output(c, ring, n);
}

/*
 * Moves bytes between one ring and the connection.  'mine' is the index
 * dom0 advances (req_cons, or rsp_prod) and 'theirs' the guest's; move()
 * takes or gives up to n contiguous bytes and returns how many it did.
 * Returns -1 for impossible indexes, else whether anything moved.
 */
static int ring_move(struct xs_conn *c, char *ring, XENSTORE_RING_IDX *mine,
                     const XENSTORE_RING_IDX *theirs, bool producer,
                     uint32_t (*move)(struct xs_conn *, char *, uint32_t))
{
    XENSTORE_RING_IDX idx = *mine, other = load_idx(theirs);
    uint32_t used = producer ? idx - other : other - idx;
    uint32_t room, chunk, n, total = 0;

    if (used > RING_SIZE)
        return -1;
    while ((room = producer ? RING_SIZE - used : used) > 0) {
        chunk = MIN(room, RING_SIZE - MASK_XENSTORE_IDX(idx));
        n = move(c, ring + MASK_XENSTORE_IDX(idx), chunk);
        idx += n;
        total += n;
        if (producer)
            used += n;
        else
            used -= n;
        if (n < chunk)
            break;          /* backlog full, or no more output */
    }
    store_idx(mine, idx);
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
        took = ring_move(c, intf->req, &intf->req_cons, &intf->req_prod,
                         false, to_conn);
        put = took < 0 ? 0 : ring_move(c, intf->rsp, &intf->rsp_prod,
                                       &intf->rsp_cons, true, from_conn);
        if (took < 0 || put < 0)
            return broken(c, intf);
        moved |= took || put;
    } while (took || put);
    return moved;
}
