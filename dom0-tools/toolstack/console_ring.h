/*
 * dom0's end of a domain's console ring (xen/io/console.h): the guest
 * produces on out[] and consumes in[]; dom0 the other way round.
 */
#ifndef TS_CONSOLE_RING_H
#define TS_CONSOLE_RING_H

#include <hv/types.h>
#include <abi/xen.h>
#include <xen/io/console.h>
#include <tools/console_log.h>

/*
 * Moves what the guest wrote into the log.  Returns true when bytes were
 * taken (the guest should be notified: it may wait for space).  A ring
 * whose indexes claim more than out[] holds is resynchronised (the
 * guest's bytes in between are dropped) rather than trusted.
 */
bool console_ring_drain(struct xencons_interface *intf,
                        struct console_log *log);

/* Puts up to n bytes of input in in[]; returns how many fitted. */
size_t console_ring_put(struct xencons_interface *intf, const char *s,
                        size_t n);

#endif /* TS_CONSOLE_RING_H */
