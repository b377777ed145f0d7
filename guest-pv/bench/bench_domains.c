/*
 * The two-domain figures, from a boot of its own (tests/bench/
 * run-bench.sh): dom0 with `bench bench_domains`, domain 1 with
 * `bench bench_peer`, one CPU, dom0_weight=256 domu_weight=512.  The
 * two meet only through the ABI: the peer offers two unbound ports to
 * dom0 (EVTCHNOP_alloc_unbound), then binds an IPI port as a "ready"
 * mark; dom0 reads domain 1's ports with EVTCHNOP_status until it sees
 * the mark, takes the last two ports offered to it below the mark (the
 * builder's console and xenstore ports, also offered to dom0, come
 * first) and binds them (EVTCHNOP_bind_interdomain).
 *
 *   evtchn_rtt_domains  dom0 sends on the first port; the peer's handler
 *                       sends back at once; dom0, blocked meanwhile,
 *                       takes the reply's upcall: one sample, timed with
 *                       the TSC (the same clock in both domains).
 *   cpu_share_256_512   dom0 sends on the second port ("start") and both
 *                       domains run the same CPU-bound loop for
 *                       SHARE_WINDOW_NS of system time each, counting
 *                       iterations; each prints
 *                           BENCH-SHARE <domid> <iterations>
 *                       and the peer acknowledges on the same port.  The
 *                       share is the ratio of the counts (report.py).
 */
#include <abi/guest_hypercall.h>
#include <xen/errno.h>
#include <guest/console.h>
#include <guest/events.h>
#include <guest/hypervisor.h>
#include <guest/irqflags.h>
#include <guest/thread.h>
#include <guest/time.h>
#include "bench_case.h"

#define PEER_DOMID          1
/* How long dom0 looks for the peer's ports before giving up. */
#define PEER_WAIT_NS        (5 * NSEC_PER_SEC)
/*
 * Each domain's counting window: 100 of the credit scheduler's 30 ms
 * accounting periods, so that the start (dom0 ran alone until then, the
 * peer wakes with a boost) weighs little: 600 ms gave 1:1.63, 3 s about
 * 1:1.9 to 1:2 (docs/BENCH.md).
 */
#define SHARE_WINDOW_NS     (3000 * NSEC_PER_MSEC)
/* One iteration's work: a fixed loop the compiler cannot drop. */
#define SHARE_WORK          500

/* ---- both sides ---------------------------------------------------- */

static volatile unsigned long share_events;

/* Blocks until *counter moves past seen (events masked in between). */
static void wait_event(volatile unsigned long *counter, unsigned long seen)
{
    unsigned long flags = local_irq_save();

    while (*counter == seen) {
        (void)HYPERVISOR_sched_op(SCHEDOP_block, NULL);
        local_irq_disable();
    }
    local_irq_restore(flags);
}

static void share_work(void)
{
    for (unsigned int i = 0; i < SHARE_WORK; i++)
        asm volatile ("" : : "r" (i) : "memory");
}

/* The same loop in both domains: iterations in [start, start + window). */
static unsigned long share_count(void)
{
    uint64_t end = time_now() + SHARE_WINDOW_NS;
    unsigned long n = 0;

    while (time_now() < end) {
        share_work();
        n++;
    }
    return n;
}

static void count_handler(evtchn_port_t port, struct trap_frame *frame,
                          void *data)
{
    (void)port, (void)frame;
    (*(volatile unsigned long *)data)++;
}

/* ---- the peer (domain 1) ------------------------------------------- */

/* The reply: straight from the upcall, back on the same channel. */
static void echo_handler(evtchn_port_t port, struct trap_frame *frame,
                         void *data)
{
    (void)frame, (void)data;
    (void)evtchn_send(port);
}

void bench_domains_peer(void)
{
    unsigned long flags = local_irq_save();
    long rtt, share;

    /* Masked while both handlers go in: no event finds a port bare. */
    rtt = evtchn_alloc_unbound(0);
    if (rtt >= 0)
        evtchn_set_handler((evtchn_port_t)rtt, echo_handler, NULL);
    share = evtchn_alloc_unbound(0);
    if (share >= 0)
        evtchn_set_handler((evtchn_port_t)share, count_handler,
                           (void *)&share_events);
    if (rtt < 0 || share < 0) {
        printk("bench: peer: alloc_unbound: %ld %ld\n", rtt, share);
        hypervisor_shutdown(SHUTDOWN_crash);
    }
    (void)evtchn_unmask((evtchn_port_t)rtt);
    (void)evtchn_unmask((evtchn_port_t)share);
    /* The mark dom0 waits for: both ports are ready. */
    (void)evtchn_bind_ipi(0, NULL, NULL);
    local_irq_restore(flags);
    printk("info: bench: peer: ports %ld (echo) and %ld (share) offered "
           "to dom0\n", rtt, share);
    for (;;) {
        unsigned long seen = share_events, n;

        wait_event(&share_events, seen);
        n = share_count();
        printk("BENCH-SHARE %u %lu\n", PEER_DOMID, n);
        (void)evtchn_send((evtchn_port_t)share);
    }
}

/* ---- dom0 ---------------------------------------------------------- */

static evtchn_port_t rtt_port;
static volatile unsigned long rtt_replies;

/*
 * The last two ports offered to dom0 below the peer's IPI mark (echo,
 * then share: allocated in that order): 0, or -ESRCH if the mark is not
 * there yet.
 */
static long find_peer_ports(evtchn_port_t *echo, evtchn_port_t *share)
{
    evtchn_port_t offered[2] = { 0, 0 };

    for (evtchn_port_t p = 1; p < 64; p++) {
        struct evtchn_status st = { .dom = PEER_DOMID, .port = p };
        long rc = HYPERVISOR_event_channel_op(EVTCHNOP_status, &st);

        if (rc < 0)
            return rc == -XEN_EINVAL ? -XEN_ESRCH : rc;
        if (st.status == EVTCHNSTAT_ipi) {
            if (!offered[0])
                return -XEN_ESRCH;
            *echo = offered[0];
            *share = offered[1];
            return 0;
        }
        if (st.status == EVTCHNSTAT_unbound && st.u.unbound.dom == 0) {
            offered[0] = offered[1];
            offered[1] = p;
        }
    }
    return -XEN_ESRCH;
}

static long wait_peer_ports(evtchn_port_t *echo, evtchn_port_t *share)
{
    uint64_t give_up = time_now() + PEER_WAIT_NS;
    long rc;

    /* -ESRCH: no domain 1 yet, or its ports not yet offered. */
    while ((rc = find_peer_ports(echo, share)) == -XEN_ESRCH &&
           time_now() < give_up)
        thread_sleep(NSEC_PER_MSEC);
    return rc;
}

/* A bind raises the new port once (the peer may have sent): absorb it. */
static long bind_peer(evtchn_port_t remote, volatile unsigned long *counter)
{
    long rc = evtchn_bind_interdomain(PEER_DOMID, remote, count_handler,
                                      (void *)counter);

    if (rc >= 0)
        (void)evtchn_unmask((evtchn_port_t)rc);
    return rc;
}

static long op_rtt(void)
{
    unsigned long seen = rtt_replies;
    long rc = evtchn_send(rtt_port);

    if (rc < 0)
        return rc;
    wait_event(&rtt_replies, seen);
    return 0;
}

static const struct bench_case rtt_case = {
    .name = "evtchn_rtt_domains",
    .op = op_rtt,
};

static void unsupported(const char *name, long rc)
{
    printk("BENCH %s unsupported %ld\n", name, rc);
}

void bench_domains_dom0(void)
{
    evtchn_port_t echo = 0, share_remote = 0;
    long rtt, share;
    unsigned long seen, n;

    rtt = wait_peer_ports(&echo, &share_remote);
    if (rtt < 0) {
        unsupported("evtchn_rtt_domains", rtt);
        unsupported("cpu_share_256_512", rtt);
        goto done;
    }
    printk("info: bench: domain 1 offers ports %u (echo) and %u (share)\n",
           echo, share_remote);
    rtt = bind_peer(echo, &rtt_replies);
    share = bind_peer(share_remote, &share_events);
    if (rtt < 0 || share < 0) {
        unsupported("evtchn_rtt_domains", rtt < 0 ? rtt : share);
        unsupported("cpu_share_256_512", rtt < 0 ? rtt : share);
        goto done;
    }
    rtt_port = (evtchn_port_t)rtt;
    bench_run_case(&rtt_case);

    /* Start both loops; the peer's window opens when it takes the event. */
    seen = share_events;
    if ((share = evtchn_send((evtchn_port_t)share)) < 0) {
        unsupported("cpu_share_256_512", share);
        goto done;
    }
    n = share_count();
    wait_event(&share_events, seen);    /* the peer printed its count */
    printk("BENCH-SHARE 0 %lu\n", n);
    printk("info: bench: cpu_share: %lu ms of system time per domain, "
           "%u-step loop per iteration\n",
           (unsigned long)(SHARE_WINDOW_NS / NSEC_PER_MSEC), SHARE_WORK);
done:
    printk("bench: done\n");
    hypervisor_shutdown(SHUTDOWN_poweroff);
}
