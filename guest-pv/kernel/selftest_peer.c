/*
 * Two domains talking over one interdomain event channel (boot with
 * domu=1; the case tests/boot/cases/pingpong.sh):
 *
 * selftest=pingpong (dom0) / selftest=pingpong_domu (the domU): dom0
 * binds the domU's store port and the two exchange PINGPONG_ROUNDS
 * notifications each way, strictly alternating: each side sends, then
 * waits for the other's.  A lost notification is a timeout; a duplicate
 * is the port found pending when the peer cannot have sent (just before
 * our own send, and after the last round).
 *
 * selftest=neighbour (dom0, after selftest=hostile): tells the domU
 * running selftest=checksum that the attacks are over, then waits for
 * its end.
 *
 * Also the helpers of selftest_peer.h.
 */
#include <abi/guest_hypercall.h>
#include <xen/errno.h>
#include <guest/console.h>
#include <guest/hypervisor.h>
#include <guest/irqflags.h>
#include <guest/thread.h>
#include "selftest_peer.h"

#define PINGPONG_ROUNDS     1000
#define PEER_SETTLE_NS      (20 * NSEC_PER_MSEC)
#define PEER_SCAN_PORTS     64          /* the builder's ports are low */
#define DOMWAIT_NS          (60 * NSEC_PER_SEC)
#define DOMWAIT_STEP_NS     (10 * NSEC_PER_MSEC)

#define BITS_PER_WORD       (sizeof(xen_ulong_t) * 8)

/* ---- Helpers ---- */

bool peer_take(evtchn_port_t port)
{
    xen_ulong_t bit = (xen_ulong_t)1 << (port % BITS_PER_WORD);
    xen_ulong_t old;

    old = __atomic_fetch_and(&shared_info->evtchn_pending[port /
                                                          BITS_PER_WORD],
                             ~bit, __ATOMIC_SEQ_CST);
    return old & bit;
}

/* The lowest port of dom1 that is unbound and offered to dom0, or 0. */
static evtchn_port_t find_offered_port(void)
{
    evtchn_port_t port;

    for (port = 1; port < PEER_SCAN_PORTS; port++) {
        struct evtchn_status st = { .dom = PEER_DOMID, .port = port };

        if (HYPERVISOR_event_channel_op(EVTCHNOP_status, &st))
            return 0;
        if (st.status == EVTCHNSTAT_unbound && st.u.unbound.dom == 0)
            return port;
    }
    return 0;
}

long peer_connect(void)
{
    evtchn_port_t remote = find_offered_port();
    struct evtchn_bind_interdomain op = {
        .remote_dom = PEER_DOMID,
        .remote_port = remote,
    };
    unsigned long flags;
    long rc;

    if (!remote)
        return -XEN_ENOENT;
    /* Masked from the start: the bind sets the new port pending (Xen). */
    flags = local_irq_save();
    rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &op);
    if (rc == 0) {
        evtchn_mask(op.local_port);
        (void)peer_take(op.local_port);
    }
    local_irq_restore(flags);
    if (rc)
        return rc;
    info("peer: dom%u port %u bound to local port %u\n", PEER_DOMID,
         remote, op.local_port);
    return op.local_port;
}

evtchn_port_t peer_domu_port(void)
{
    evtchn_port_t port = start_info->store_evtchn;

    evtchn_mask(port);
    info("peer: store port %u\n", port);
    return port;
}

bool peer_wait(evtchn_port_t port, uint64_t timeout_ns)
{
    struct sched_poll poll = { .nr_ports = 1 };
    unsigned long flags = local_irq_save();
    bool seen;

    set_xen_guest_handle(poll.ports, &port);
    poll.timeout = time_now() + timeout_ns;
    /* Poll also returns for other events: look again each time. */
    while (!(seen = peer_take(port)) && time_now() < poll.timeout)
        (void)HYPERVISOR_sched_op(SCHEDOP_poll, &poll);
    local_irq_restore(flags);
    return seen;
}

bool peer_runstate(struct test *t, struct vcpu_runstate_info *rs)
{
    return expect_eq(t, "get_runstate_info(0)",
                     HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0, rs),
                     0);
}

static volatile int domu_exited;
static long dom_exc_port;

static void dom_exc(evtchn_port_t port, struct trap_frame *frame,
                    void *data)
{
    (void)port, (void)frame, (void)data;
    domu_exited = 1;
}

/* Before anything the domU waits for: its VIRQ must find a binding. */
void peer_watch_domu(void)
{
    dom_exc_port = evtchn_bind_virq(VIRQ_DOM_EXC, 0, dom_exc, NULL);
}

void test_peer_domu_exit(struct test *t)
{
    uint64_t end = time_now() + DOMWAIT_NS;

    if (!expect_true(t, "bind VIRQ_DOM_EXC", dom_exc_port > 0))
        return;
    while (!domu_exited && time_now() < end)
        thread_sleep(DOMWAIT_STEP_NS);
    expect_true(t, "VIRQ_DOM_EXC within 60 s", domu_exited);
}

/* ---- selftest=pingpong, selftest=pingpong_domu ---- */

/* One side of a round: duplicate check, send, or wait for the peer. */
static bool pp_send(struct test *t, evtchn_port_t port, unsigned int i)
{
    if (peer_take(port)) {
        test_fail(t, "round %u: duplicate notification before our send",
                  i);
        return false;
    }
    return expect_eq(t, "send", evtchn_send(port), 0);
}

static bool pp_receive(struct test *t, evtchn_port_t port, unsigned int i)
{
    if (peer_wait(port, PEER_TIMEOUT_NS))
        return true;
    test_fail(t, "round %u: notification lost (10 s)", i);
    return false;
}

/* dom0 starts each round; the domU answers. */
static void pingpong(struct test *t, evtchn_port_t port, bool first)
{
    unsigned int i;

    for (i = 0; i < PINGPONG_ROUNDS; i++) {
        if (first ? !pp_send(t, port, i) || !pp_receive(t, port, i)
                  : !pp_receive(t, port, i) || !pp_send(t, port, i))
            return;
    }
    /* The peer is done: anything more is a duplicate. */
    if (peer_wait(port, PEER_SETTLE_NS)) {
        test_fail(t, "a notification after the last round");
        return;
    }
    info("pingpong: %u round trips, no lost or duplicate notification\n",
         i);
}

static void test_pingpong_dom0(struct test *t)
{
    long port = peer_connect();

    if (expect_true(t, "found and bound dom1's offered port", port > 0))
        pingpong(t, (evtchn_port_t)port, true);
}

static void test_pingpong_domu(struct test *t)
{
    pingpong(t, peer_domu_port(), false);
}

static const struct test_case pingpong_cases[] = {
    { "pingpong", test_pingpong_dom0 },
    { "domu_exit", test_peer_domu_exit },
};

const struct test_suite selftest_pingpong_suite = {
    "pingpong", pingpong_cases, ARRAY_SIZE(pingpong_cases),
    peer_watch_domu, NULL,
};

static const struct test_case pingpong_domu_cases[] = {
    { "pingpong", test_pingpong_domu },
};

const struct test_suite selftest_pingpong_domu_suite = {
    "pingpong_domu", pingpong_domu_cases, ARRAY_SIZE(pingpong_domu_cases),
    NULL, NULL,
};

/* ---- selftest=neighbour (dom0, after selftest=hostile) ---- */

static void test_neighbour_signal(struct test *t)
{
    long port = peer_connect();

    if (expect_true(t, "found and bound dom1's offered port", port > 0))
        expect_eq(t, "send", evtchn_send((evtchn_port_t)port), 0);
}

static const struct test_case neighbour_cases[] = {
    { "neighbour_signal", test_neighbour_signal },
    { "domu_exit", test_peer_domu_exit },
};

const struct test_suite selftest_neighbour_suite = {
    "neighbour", neighbour_cases, ARRAY_SIZE(neighbour_cases),
    peer_watch_domu, NULL,
};
