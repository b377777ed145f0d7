/*
 * selftest=events, event-channel cases: delivery to self, masking of a
 * port and of the whole vCPU, and EVTCHNOP_* refusals.
 *
 * Events are enabled while the cases run, so an event sent to this vCPU
 * is delivered on the return from the send hypercall: a counter read
 * right after it must already have moved.
 */
#include <guest/console.h>
#include <guest/events.h>
#include <guest/irqflags.h>
#include <guest/selftest.h>
#include <guest/time.h>
#include <xen/errno.h>

/* A domain id no domain has here (dom0 alone runs the self-test). */
#define ABSENT_DOMID 7

static void count_event(evtchn_port_t port, struct trap_frame *frame,
                        void *data)
{
    (void)port, (void)frame;
    (*(volatile unsigned long *)data)++;
}

static unsigned long read_count(volatile unsigned long *c)
{
    return *c;
}

/* Closes port and reports a refusal, unless the case failed already. */
static void close_port(struct test *t, long port)
{
    if (port >= 0)
        expect_eq(t, "close", evtchn_close((evtchn_port_t)port), 0);
}

/*
 * An unbound port offered to ourselves, bound interdomain to ourselves:
 * each end's send raises the other end.
 */
void test_evtchn_loopback(struct test *t)
{
    static volatile unsigned long a, b;
    long p = evtchn_alloc_unbound(DOMID_SELF), q = -1;
    unsigned long b0;

    if (!expect_true(t, "alloc_unbound", p > 0))
        return;
    evtchn_set_handler((evtchn_port_t)p, count_event, (void *)&a);
    q = evtchn_bind_interdomain(DOMID_SELF, (evtchn_port_t)p, count_event,
                                (void *)&b);
    if (expect_true(t, "bind_interdomain", q > 0 && q != p)) {
        /* Xen sets the new port pending on bind (a send may be lost). */
        b0 = read_count(&b);
        info("loopback %ld<->%ld: events on bind %lu\n", p, q, b0);
        expect_eq(t, "send p", evtchn_send((evtchn_port_t)p), 0);
        expect_eq(t, "q after send p", (long)read_count(&b), (long)b0 + 1);
        expect_eq(t, "p after send p", (long)read_count(&a), 0);
        expect_eq(t, "send q", evtchn_send((evtchn_port_t)q), 0);
        expect_eq(t, "p after send q", (long)read_count(&a), 1);
    }
    close_port(t, q);
    close_port(t, p);
}

void test_evtchn_ipi(struct test *t)
{
    static volatile unsigned long n;
    long p = evtchn_bind_ipi(0, count_event, (void *)&n);

    if (!expect_true(t, "bind_ipi", p > 0))
        return;
    expect_eq(t, "events on bind", (long)read_count(&n), 0);
    expect_eq(t, "send", evtchn_send((evtchn_port_t)p), 0);
    expect_eq(t, "events after send", (long)read_count(&n), 1);
    expect_eq(t, "send again", evtchn_send((evtchn_port_t)p), 0);
    expect_eq(t, "events after 2 sends", (long)read_count(&n), 2);
    close_port(t, p);
}

/* A masked port stays pending; EVTCHNOP_unmask delivers it. */
void test_evtchn_masked(struct test *t)
{
    static volatile unsigned long n;
    long p = evtchn_bind_ipi(0, count_event, (void *)&n);

    if (!expect_true(t, "bind_ipi", p > 0))
        return;
    evtchn_mask((evtchn_port_t)p);
    expect_eq(t, "send", evtchn_send((evtchn_port_t)p), 0);
    expect_eq(t, "events while masked", (long)read_count(&n), 0);
    expect_true(t, "pending while masked",
                evtchn_is_pending((evtchn_port_t)p));
    expect_eq(t, "unmask", evtchn_unmask((evtchn_port_t)p), 0);
    expect_eq(t, "events after unmask", (long)read_count(&n), 1);
    expect_true(t, "not pending after delivery",
                !evtchn_is_pending((evtchn_port_t)p));
    close_port(t, p);
}

/* With the vCPU's upcall mask set, the upcall waits for the enable. */
void test_upcall_deferred(struct test *t)
{
    static volatile unsigned long n;
    long p = evtchn_bind_ipi(0, count_event, (void *)&n);
    long rc;
    bool flagged;

    if (!expect_true(t, "bind_ipi", p > 0))
        return;
    local_irq_disable();
    rc = evtchn_send((evtchn_port_t)p);
    flagged = irq_vcpu_info()->evtchn_upcall_pending != 0;
    expect_eq(t, "events while disabled", (long)read_count(&n), 0);
    local_irq_enable();
    expect_eq(t, "send", rc, 0);
    expect_true(t, "evtchn_upcall_pending while disabled", flagged);
    expect_eq(t, "events after enable", (long)read_count(&n), 1);
    close_port(t, p);
}

void test_evtchn_errors(struct test *t)
{
    long p;

    expect_true(t, "VIRQ_TIMER bound at boot", time_virq_port > 0);
    expect_eq(t, "VIRQ_TIMER twice",
              evtchn_bind_virq(VIRQ_TIMER, 0, count_event, NULL),
              -XEN_EEXIST);
    p = evtchn_alloc_unbound(DOMID_SELF);
    if (expect_true(t, "alloc_unbound", p > 0)) {
        expect_eq(t, "close", evtchn_close((evtchn_port_t)p), 0);
        expect_eq(t, "send on closed port", evtchn_send((evtchn_port_t)p),
                  -XEN_EINVAL);
    }
    expect_eq(t, "unmask port 4096", evtchn_unmask(NR_EVTCHN_PORTS),
              -XEN_EINVAL);
    expect_eq(t, "unmask port 0x7fffffff", evtchn_unmask(0x7fffffff),
              -XEN_EINVAL);
    expect_eq(t, "send on port 0", evtchn_send(0), -XEN_EINVAL);
}

/* A port offered to another domain cannot be bound by this one. */
void test_evtchn_not_offered(struct test *t)
{
    long p = evtchn_alloc_unbound(ABSENT_DOMID);
    long rc;

    if (!expect_true(t, "alloc_unbound for another domain", p > 0))
        return;
    rc = evtchn_bind_interdomain(DOMID_SELF, (evtchn_port_t)p,
                                 count_event, NULL);
    info("bind_interdomain to a port offered to d%d: %ld\n",
         ABSENT_DOMID, rc);
    expect_eq(t, "bind to port offered elsewhere", rc, -XEN_EINVAL);
    expect_eq(t, "bind to a domain that does not exist",
              evtchn_bind_interdomain(ABSENT_DOMID, 1, count_event, NULL),
              -XEN_ESRCH);
    close_port(t, p);
}
