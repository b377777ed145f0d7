/*
 * Event channels (kernel/events.c): the upcall's 2-level scan, a handler
 * per port, and the EVTCHNOP_* calls a kernel needs to bind, send, mask
 * and close ports.
 */
#ifndef GUEST_EVENTS_H
#define GUEST_EVENTS_H

#include <abi/xen.h>
#include <xen/event_channel.h>
#include <guest/lib.h>
#include <guest/trap_frame.h>

/* Every port the 2-level ABI can name (4096 on x86-64). */
#define NR_EVTCHN_PORTS  EVTCHN_2L_NR_CHANNELS

/*
 * Runs inside the upcall, events masked, after the port's pending bit
 * was cleared; frame is what the upcall interrupted.
 */
typedef void (*evtchn_handler_fn)(evtchn_port_t port,
                                  struct trap_frame *frame, void *data);

/*
 * The bind calls return the new local port (>= 0) with fn installed
 * before any event on it can be delivered, or Xen's negative errno.
 */
long evtchn_bind_virq(uint32_t virq, unsigned int vcpu,
                      evtchn_handler_fn fn, void *data);
long evtchn_bind_ipi(unsigned int vcpu, evtchn_handler_fn fn, void *data);
long evtchn_bind_interdomain(domid_t remote_dom, evtchn_port_t remote_port,
                             evtchn_handler_fn fn, void *data);

/* A fresh port offered to remote_dom (DOMID_SELF: loopback); no handler. */
long evtchn_alloc_unbound(domid_t remote_dom);

/* Installs (or with NULL removes) the handler of a port already bound. */
void evtchn_set_handler(evtchn_port_t port, evtchn_handler_fn fn,
                        void *data);

long evtchn_send(evtchn_port_t port);

/* EVTCHNOP_close, and the port's handler is removed. */
long evtchn_close(evtchn_port_t port);

/* Sets the port's mask bit in shared_info (the guest owns mask bits). */
void evtchn_mask(evtchn_port_t port);

/*
 * EVTCHNOP_unmask: Xen clears the mask bit and, if the port is pending,
 * raises the upcall the masked event could not (delivered on the
 * hypercall's return when events are enabled).
 */
long evtchn_unmask(evtchn_port_t port);

bool evtchn_is_pending(evtchn_port_t port);

/* Events dispatched since boot, and those that found no handler. */
extern unsigned long evtchn_dispatched, evtchn_spurious;

#endif /* GUEST_EVENTS_H */
