/*
 * selftest=events, time cases: the pvclock, one-shot timers, and the
 * blocking sched_op sub-ops woken by time.
 *
 * Xen's periodic tick is stopped at boot (time_init), so every
 * VIRQ_TIMER seen here is a deadline the case programmed.  Timings go to
 * info lines only: they differ between hypervisors and runs.
 */
#include <abi/guest_hypercall.h>
#include <guest/console.h>
#include <guest/events.h>
#include <guest/irqflags.h>
#include <guest/selftest.h>
#include <guest/time.h>
#include <xen/errno.h>

/* 2020-01-01T00:00:00Z: any wall clock before it is not being kept. */
#define WALLCLOCK_MIN 1577836800ull

#define TIMER_DELAY_NS  (5 * NSEC_PER_MSEC)

void test_pvclock(struct test *t)
{
    uint64_t a = time_now(), b, sec;
    uint32_t nsec;
    int i;

    expect_true(t, "system time is 0", a != 0);
    for (i = 0; i < 1000; i++) {
        b = time_now();
        if (!expect_true(t, "system time went backwards", b >= a))
            return;
        a = b;
    }
    time_wallclock(&sec, &nsec);
    info("system time %lu ns, wall clock %lu.%09u s\n",
         (unsigned long)a, (unsigned long)sec, nsec);
    expect_true(t, "wall clock before 2020", sec >= WALLCLOCK_MIN);
    expect_true(t, "wall clock nsec", nsec < NSEC_PER_SEC);
}

static volatile uint64_t fired_at;

static void record_fire(struct timer *tm)
{
    (void)tm;
    fired_at = time_now();
}

/* Blocks (events enabled by SCHEDOP_block itself) until fired_at is set. */
static void block_until_fired(void)
{
    local_irq_disable();
    while (!fired_at) {
        (void)HYPERVISOR_sched_op(SCHEDOP_block, NULL);
        local_irq_disable();
    }
    local_irq_enable();
}

/*
 * The timer fires, and not early: the single VIRQ_TIMER it caused came
 * at or after the deadline by the guest's own clock.
 */
void test_oneshot_timer(struct test *t)
{
    struct timer tm = { .fn = record_fire };
    unsigned long virqs = time_virq_count;
    uint64_t deadline = time_now() + TIMER_DELAY_NS;

    fired_at = 0;
    timer_add(&tm, deadline);
    block_until_fired();
    info("one-shot: VIRQ_TIMER %lu ns after the deadline, %lu VIRQs\n",
         (unsigned long)(time_virq_last - deadline),
         time_virq_count - virqs);
    expect_true(t, "timer ran before its deadline", fired_at >= deadline);
    expect_eq(t, "VIRQ_TIMER count", (long)(time_virq_count - virqs), 1);
    expect_true(t, "VIRQ_TIMER before the deadline",
                time_virq_last >= deadline);
}

/*
 * VCPU_SSHOTTMR_future with a deadline already past.  vcpu.h says Xen
 * "can" ignore the flag, and Xen 4.17.7 does: the call returns 0 and the
 * timer fires at once (no -ETIME).  Events stay masked until the poll
 * on the VIRQ_TIMER port has seen it pending (or given up).
 */
void test_sshot_future(struct test *t)
{
    evtchn_port_t port = (evtchn_port_t)time_virq_port;
    struct sched_poll poll = { .nr_ports = 1 };
    unsigned long virqs = time_virq_count;
    long rc;

    set_xen_guest_handle(poll.ports, &port);
    local_irq_disable();
    rc = time_set_singleshot(time_now() / 2, VCPU_SSHOTTMR_future);
    poll.timeout = time_now() + 10 * TIMER_DELAY_NS;
    if (rc == 0)
        (void)HYPERVISOR_sched_op(SCHEDOP_poll, &poll);
    local_irq_enable();
    info("past deadline with VCPU_SSHOTTMR_future: %ld, %lu VIRQs\n", rc,
         time_virq_count - virqs);
    expect_eq(t, "past deadline with VCPU_SSHOTTMR_future", rc, 0);
    expect_eq(t, "VIRQ_TIMER at once", (long)(time_virq_count - virqs), 1);
}

/* SCHEDOP_block returns once the timer's upcall is owed. */
void test_block_timer(struct test *t)
{
    struct timer tm = { .fn = record_fire };
    uint64_t deadline = time_now() + TIMER_DELAY_NS, woke;
    long rc;

    fired_at = 0;
    timer_add(&tm, deadline);
    local_irq_disable();
    rc = HYPERVISOR_sched_op(SCHEDOP_block, NULL);
    /* Block re-enabled events: the upcall came on its return. */
    woke = time_now();
    local_irq_enable();
    info("block: woke %lu ns after the deadline\n",
         (unsigned long)(woke - deadline));
    expect_eq(t, "SCHEDOP_block", rc, 0);
    expect_true(t, "timer handled on return from block", fired_at != 0);
    expect_true(t, "returned before the deadline", woke >= deadline);
    /* tm lives on this stack: wait for it to leave the list. */
    block_until_fired();
}

/* SCHEDOP_poll on a port nobody sends to ends at its timeout. */
void test_poll_timeout(struct test *t)
{
    long p = evtchn_alloc_unbound(DOMID_SELF);
    evtchn_port_t port = (evtchn_port_t)p;
    struct sched_poll poll = { .nr_ports = 1 };
    uint64_t start, end;
    long rc;

    if (!expect_true(t, "alloc_unbound", p > 0))
        return;
    set_xen_guest_handle(poll.ports, &port);
    /* Xen's rule: poll with events masked (the event is not consumed). */
    local_irq_disable();
    start = time_now();
    poll.timeout = start + TIMER_DELAY_NS;
    rc = HYPERVISOR_sched_op(SCHEDOP_poll, &poll);
    end = time_now();
    local_irq_enable();
    info("poll: returned %lu ns after its timeout\n",
         (unsigned long)(end - poll.timeout));
    expect_eq(t, "SCHEDOP_poll", rc, 0);
    expect_true(t, "returned before the timeout", end >= poll.timeout);
    expect_eq(t, "close", evtchn_close(port), 0);
}
