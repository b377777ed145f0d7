/*
 * dom0's end of a domain's console ring (see console_ring.h).  The
 * indexes live in a page the guest writes too: each is read once into a
 * local, checked, and only the local is used (no double fetch).
 */
#include <hv/lib.h>
#include "console_ring.h"

/* Reads a shared index once. */
#define READ_ONCE_IDX(x) (*(volatile XENCONS_RING_IDX *)&(x))

bool console_ring_drain(struct xencons_interface *intf,
                        struct console_log *log)
{
    XENCONS_RING_IDX cons = READ_ONCE_IDX(intf->out_cons);
    XENCONS_RING_IDX prod = READ_ONCE_IDX(intf->out_prod);
    XENCONS_RING_IDX avail = prod - cons;

    if (!avail)
        return false;
    if (avail > sizeof(intf->out)) {
        /* Impossible indexes: drop what they claim, serve on. */
        intf->out_cons = prod;
        return true;
    }
    /* The bytes are read only after the producer index (read barrier). */
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    while (cons != prod) {
        size_t at = MASK_XENCONS_IDX(cons, intf->out);
        size_t chunk = MIN((size_t)(XENCONS_RING_IDX)(prod - cons),
                           sizeof(intf->out) - at);

        console_log_append(log, intf->out + at, chunk);
        cons += chunk;
    }
    /* The space is given back only after the bytes were copied. */
    __atomic_thread_fence(__ATOMIC_RELEASE);
    intf->out_cons = cons;
    return true;
}

size_t console_ring_put(struct xencons_interface *intf, const char *s,
                        size_t n)
{
    XENCONS_RING_IDX cons = READ_ONCE_IDX(intf->in_cons);
    XENCONS_RING_IDX prod = READ_ONCE_IDX(intf->in_prod);
    XENCONS_RING_IDX used = prod - cons;
    size_t done = 0;

    if (used > sizeof(intf->in))
        return 0;               /* the guest broke its ring: nothing fits */
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    while (done < n && (XENCONS_RING_IDX)(prod - cons) < sizeof(intf->in)) {
        intf->in[MASK_XENCONS_IDX(prod, intf->in)] = s[done++];
        prod++;
    }
    /* The bytes are visible before the index that publishes them. */
    __atomic_thread_fence(__ATOMIC_RELEASE);
    intf->in_prod = prod;
    return done;
}
