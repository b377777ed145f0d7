/*
 * The store ring's transport (xenbus_ring.c), under the message layer
 * (xenbus.c): bytes in and out of the domain's xenstore_domain_interface
 * page, waiting on its event channel.
 */
#ifndef GUEST_XENBUS_RING_H
#define GUEST_XENBUS_RING_H

#include <guest/lib.h>

/* Finds the ring page and binds its handler; -XEN_ENODEV without one. */
int xb_ring_init(void);
bool xb_ring_ready(void);

/*
 * Puts len bytes on the request ring, waiting for room until deadline
 * (system time, ns).  On -XEN_ETIMEDOUT part may have gone.
 */
int xb_ring_write(const void *data, size_t len, uint64_t deadline);

/*
 * Takes exactly len bytes (len <= XENSTORE_RING_SIZE) off the response
 * ring once all are there: on -XEN_ETIMEDOUT nothing was taken.
 */
int xb_ring_read_whole(void *data, size_t len, uint64_t deadline);

/* Takes len bytes (any size) as they come: on a timeout part may have. */
int xb_ring_read(void *data, size_t len, uint64_t deadline);

#endif /* GUEST_XENBUS_RING_H */
