/*
 * What the two-domain suites share (selftest_peer.c): finding the
 * interdomain channel without a xenstore, waiting on it, and dom0's
 * wait for the domU's end.
 *
 * The channel is the domU's store port: the domain builder allocates it
 * unbound and offered to dom0 (start_info.store_evtchn), as Xen's
 * toolstack does.  dom0 finds it with EVTCHNOP_status on domain 1's
 * ports and binds it.  Both ends keep the port masked and wait with
 * SCHEDOP_poll, which wakes on masked ports: no upcall, no handler.
 */
#ifndef GUEST_SELFTEST_PEER_H
#define GUEST_SELFTEST_PEER_H

#include <guest/events.h>
#include <xen/vcpu.h>
#include <guest/selftest.h>
#include <guest/time.h>

#define PEER_DOMID          1           /* the boot domU (domu=1) */
#define PEER_TIMEOUT_NS     (10 * NSEC_PER_SEC)

/*
 * dom0: binds the first port of domain 1 offered to dom0 and still
 * unbound, masked and with the bind's own pending bit cleared; returns
 * the local port or a negative errno.
 */
long peer_connect(void);

/* domU: the store port, masked (the builder offered it to dom0). */
evtchn_port_t peer_domu_port(void);

/*
 * Waits (events masked, SCHEDOP_poll) up to timeout_ns for the port to
 * become pending; consumes the notification.  False on timeout.
 */
bool peer_wait(evtchn_port_t port, uint64_t timeout_ns);

/* Consumes a notification if one is pending; true if there was one. */
bool peer_take(evtchn_port_t port);

/* dom0: binds VIRQ_DOM_EXC (a suite's begin()). */
void peer_watch_domu(void);

/* dom0's last case: waits for VIRQ_DOM_EXC (the domU's shutdown). */
void test_peer_domu_exit(struct test *t);

/* VCPUOP_get_runstate_info of vCPU 0; false (and t failed) on error. */
bool peer_runstate(struct test *t, struct vcpu_runstate_info *rs);

#endif /* GUEST_SELFTEST_PEER_H */
