/*
 * The store ring (xen/io/xs_wire.h, struct xenstore_domain_interface):
 * req[] carries the guest's requests to dom0's store, rsp[] its replies
 * and watch events back.  Indexes are free-running 32-bit counters, a
 * byte's slot MASK_XENSTORE_IDX(index); the guest owns req_prod and
 * rsp_cons, dom0 req_cons and rsp_prod.  Dom0's indexes are read with
 * acquire (the bytes they publish are read after them) and ours stored
 * with release (the bytes before the index that publishes them); dom0
 * is told through the event channel after every move, both ways, as it
 * may be waiting for either.  prod - cons above XENSTORE_RING_SIZE is
 * impossible from a working server: the ring is then -XEN_EIO.
 *
 * The builder put the page inside the start-of-day mapping
 * (start_info->store_mfn, found in the P2M) and offered the port to dom0,
 * which bound it: store_evtchn is ours already, only its handler is set.
 */
#include <abi/xen.h>
#include <xen/errno.h>
#include <xen/io/xs_wire.h>
#include <hv/lib.h>
#include <guest/events.h>
#include <guest/hypervisor.h>
#include <guest/irqflags.h>
#include <guest/thread.h>
#include <guest/time.h>
#include "xenbus_ring.h"

#define RING_SIZE XENSTORE_RING_SIZE

static struct xenstore_domain_interface *intf;
static evtchn_port_t port;
static volatile bool kicked;            /* an event since the last wait */
static struct thread *volatile waiter;

static void on_event(evtchn_port_t p, struct trap_frame *frame, void *data)
{
    (void)p;
    (void)frame;
    (void)data;
    kicked = true;
    if (waiter)
        thread_wake(waiter);
}

int xb_ring_init(void)
{
    if (!start_info || (start_info->flags & SIF_INITDOMAIN))
        return -XEN_ENODEV;
    intf = start_info_page(start_info->store_mfn);
    if (!intf)
        return -XEN_ENODEV;
    port = start_info->store_evtchn;
    evtchn_set_handler(port, on_event, NULL);
    evtchn_unmask(port);
    return 0;
}

bool xb_ring_ready(void)
{
    return intf;
}

static XENSTORE_RING_IDX load_idx(const XENSTORE_RING_IDX *p)
{
    return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static void store_idx(XENSTORE_RING_IDX *p, XENSTORE_RING_IDX v)
{
    __atomic_store_n(p, v, __ATOMIC_RELEASE);
}

/* Bytes waiting in rsp[]; RING_SIZE + 1 when the indexes are impossible. */
static uint32_t rsp_used(void)
{
    uint32_t used = load_idx(&intf->rsp_prod) - intf->rsp_cons;

    return used > RING_SIZE ? RING_SIZE + 1 : used;
}

/* Free bytes in req[]; 0 with impossible indexes (rsp_used tells). */
static uint32_t req_room(void)
{
    uint32_t used = intf->req_prod - load_idx(&intf->req_cons);

    return used > RING_SIZE ? 0 : RING_SIZE - used;
}

/*
 * Impossible indexes, or the server's verdict that ours were
 * (intf->error, XENSTORE_SERVER_FEATURE_ERROR): it serves the ring no
 * more.
 */
static bool ring_broken(void)
{
    return intf->req_prod - load_idx(&intf->req_cons) > RING_SIZE ||
           __atomic_load_n(&intf->error, __ATOMIC_RELAXED);
}

/*
 * Sleeps until enough() or the deadline.  The condition is checked with
 * events masked before sleeping, so an event between the check and the
 * sleep still wakes it (on_event sees the waiter).
 */
static int wait_until(bool (*enough)(uint32_t), uint32_t want,
                      uint64_t deadline)
{
    irqflags_t flags;
    uint64_t now;

    while (!enough(want)) {
        now = time_now();
        if (now >= deadline)
            return -XEN_ETIMEDOUT;
        flags = local_irq_save();
        if (!kicked && !enough(want)) {
            waiter = thread_current();
            thread_sleep(deadline - now);
            waiter = NULL;
        }
        kicked = false;
        local_irq_restore(flags);
    }
    return 0;
}

static bool rsp_has(uint32_t want)
{
    return rsp_used() >= want || ring_broken();  /* broken: stop waiting */
}

static bool req_has_room(uint32_t want)
{
    (void)want;
    return req_room() > 0 || ring_broken();
}

int xb_ring_write(const void *data, size_t len, uint64_t deadline)
{
    const char *p = data;
    XENSTORE_RING_IDX prod;
    uint32_t n;
    int rc;

    while (len) {
        rc = wait_until(req_has_room, 1, deadline);
        if (rc)
            return rc;
        if (ring_broken())
            return -XEN_EIO;
        prod = intf->req_prod;
        n = MIN(MIN(len, req_room()), RING_SIZE - MASK_XENSTORE_IDX(prod));
        memcpy(intf->req + MASK_XENSTORE_IDX(prod), p, n);
        store_idx(&intf->req_prod, prod + n);
        evtchn_send(port);
        p += n;
        len -= n;
    }
    return 0;
}

/* Copies n <= rsp_used() bytes out and gives their room back. */
static void take(char *p, uint32_t n)
{
    XENSTORE_RING_IDX cons = intf->rsp_cons;
    uint32_t first = MIN(n, RING_SIZE - MASK_XENSTORE_IDX(cons));

    memcpy(p, intf->rsp + MASK_XENSTORE_IDX(cons), first);
    memcpy(p + first, intf->rsp, n - first);
    store_idx(&intf->rsp_cons, cons + n);
    evtchn_send(port);
}

int xb_ring_read_whole(void *data, size_t len, uint64_t deadline)
{
    int rc = wait_until(rsp_has, len, deadline);

    if (rc)
        return rc;
    if (rsp_used() > RING_SIZE || ring_broken())
        return -XEN_EIO;
    take(data, len);
    return 0;
}

int xb_ring_read(void *data, size_t len, uint64_t deadline)
{
    char *p = data;
    uint32_t n;
    int rc;

    while (len) {
        rc = wait_until(rsp_has, 1, deadline);
        if (rc)
            return rc;
        if (rsp_used() > RING_SIZE || ring_broken())
            return -XEN_EIO;
        n = MIN(len, rsp_used());
        take(p, n);
        p += n;
        len -= n;
    }
    return 0;
}
