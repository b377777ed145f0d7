/*
 * A domU's console ring (xen/io/console.h): what Xen's PV guests write
 * their console to, served by dom0's toolstack (xl console, the
 * per-domain log).  The kernel keeps writing CONSOLEIO_write too (the
 * hypervisor's log, where the boot tests read a domU's lines), and
 * copies its text into the ring, which the builder put inside the
 * start-of-day mapping (start_info console.domU.mfn, found in the P2M,
 * which is mapped from the start: usable before any fault handler).
 *
 * A ring nobody serves (a domain built by the hypervisor, whose dom0
 * runs no toolstack) must never stop the guest: when the ring stays full
 * for RING_WAIT_YIELDS yields the text is dropped, and later writes do
 * not wait again until the ring has drained.
 */
#include <abi/guest_hypercall.h>
#include <xen/io/console.h>
#include <guest/console.h>
#include <guest/events.h>
#include <guest/hypervisor.h>
#include <guest/layout.h>

#define RING_WAIT_YIELDS 100

static struct xencons_interface *ring;
static evtchn_port_t ring_port;
static bool ring_stalled;           /* the last wait for space timed out */

void console_ring_init(void)
{
    if (!start_info || (start_info->flags & SIF_INITDOMAIN))
        return;
    /* Outside the start-of-day mapping it has no address yet: skip. */
    ring = start_info_page(start_info->console.domU.mfn);
    ring_port = start_info->console.domU.evtchn;
}

/* Room in out[]: the consumer index is dom0's, read once. */
static size_t ring_room(void)
{
    XENCONS_RING_IDX cons = *(volatile XENCONS_RING_IDX *)&ring->out_cons;
    XENCONS_RING_IDX used = ring->out_prod - cons;

    return used > sizeof(ring->out) ? 0 : sizeof(ring->out) - used;
}

/* Waits for room by yielding to dom0; false when it does not come. */
static bool ring_wait(void)
{
    unsigned int i;

    if (ring_stalled)
        return false;
    for (i = 0; i < RING_WAIT_YIELDS && !ring_room(); i++)
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    ring_stalled = !ring_room();
    return !ring_stalled;
}

void console_ring_write(const char *s, size_t len)
{
    XENCONS_RING_IDX prod;

    if (!ring)
        return;
    if (ring_room())
        ring_stalled = false;
    while (len) {
        if (!ring_room() && !ring_wait())
            return;
        prod = ring->out_prod;
        while (len && ring_room()) {
            ring->out[MASK_XENCONS_IDX(prod, ring->out)] = *s++;
            len--;
            /* The byte is in place before the index that publishes it. */
            __atomic_thread_fence(__ATOMIC_RELEASE);
            ring->out_prod = ++prod;
        }
        evtchn_send(ring_port);
    }
}
