/*
 * selftest=events, kernel-thread cases, and the suite itself.
 *
 * The self-test runs in the thread "main".  While it sleeps or joins,
 * the threads under test run; when none can, the idle thread blocks in
 * the hypervisor until the next deadline.
 */
#include <guest/console.h>
#include <guest/irqflags.h>
#include <guest/selftest.h>
#include <guest/thread.h>
#include <guest/time.h>

#define SPIN_RUN_NS     (60 * NSEC_PER_MSEC)
#define SLEEP_NS        (20 * NSEC_PER_MSEC)
#define YIELD_ROUNDS    3

struct spinner {
    volatile unsigned long count;
    volatile bool stop;
};

/* Never yields: only a preemption lets anything else run. */
static void spin(void *arg)
{
    struct spinner *s = arg;

    while (!s->stop)
        s->count++;
}

void test_threads_preempt(struct test *t)
{
    static struct spinner s[2];
    struct thread *a, *b;
    unsigned long preemptions = sched_preemptions;
    unsigned long seen[2];

    memset(s, 0, sizeof(s));
    a = thread_create("spin-a", spin, &s[0]);
    b = thread_create("spin-b", spin, &s[1]);
    if (!expect_true(t, "thread_create", a && b))
        return;
    /* Waking from this sleep itself needs a preemption of a spinner. */
    thread_sleep(SPIN_RUN_NS);
    seen[0] = s[0].count;
    seen[1] = s[1].count;
    s[0].stop = s[1].stop = true;
    thread_join(a);
    thread_join(b);
    info("preempt: counts %lu and %lu, runs %lu and %lu, %lu preemptions\n",
         seen[0], seen[1], a->runs, b->runs,
         sched_preemptions - preemptions);
    expect_true(t, "first thread made no progress", seen[0] > 0);
    expect_true(t, "second thread made no progress", seen[1] > 0);
    expect_true(t, "no preemption", sched_preemptions > preemptions);
}

struct sleeper {
    uint64_t asked, slept;
};

static void sleep_once(void *arg)
{
    struct sleeper *s = arg;
    uint64_t start = time_now();

    thread_sleep(s->asked);
    s->slept = time_now() - start;
}

void test_thread_sleep(struct test *t)
{
    static struct sleeper s;
    unsigned long blocks = sched_idle_blocks;
    struct thread *th;

    s.asked = SLEEP_NS;
    s.slept = 0;
    th = thread_create("sleeper", sleep_once, &s);
    if (!expect_true(t, "thread_create", th))
        return;
    thread_join(th);
    info("sleep: asked %lu ns, slept %lu ns, idle blocked %lu times\n",
         (unsigned long)s.asked, (unsigned long)s.slept,
         sched_idle_blocks - blocks);
    expect_true(t, "slept less than asked", s.slept >= s.asked);
    expect_true(t, "idle never blocked", sched_idle_blocks > blocks);
}

static char trace[2 * YIELD_ROUNDS + 1];
static size_t trace_len;

/*
 * Events stay masked through the loop, so only the yields switch: without
 * that, a time slice that ends while the host is busy (TCG's guest time
 * is host time) preempts a thread between its trace entry and its yield.
 * Preemption has its own case (threads_preempt); this one is about
 * yield's hand-over.
 */
static void yielder(void *arg)
{
    unsigned long flags = local_irq_save();
    int i;

    for (i = 0; i < YIELD_ROUNDS; i++) {
        trace[trace_len++] = *(const char *)arg;
        thread_yield();
    }
    local_irq_restore(flags);
}

/* Two yielding threads take turns. */
void test_thread_yield(struct test *t)
{
    struct thread *a, *b;

    memset(trace, 0, sizeof(trace));
    trace_len = 0;
    a = thread_create("yield-a", yielder, "A");
    b = thread_create("yield-b", yielder, "B");
    if (!expect_true(t, "thread_create", a && b))
        return;
    thread_join(a);
    thread_join(b);
    if (strcmp(trace, "ABABAB") != 0)
        test_fail(t, "order %s, want ABABAB", trace);
}

/*
 * The kernel boots with events masked (Xen's start of day) and the other
 * suites check that state; this one runs with them enabled.
 */
static void events_begin(void)
{
    local_irq_enable();
}

static const struct test_case events_cases[] = {
    { "evtchn_loopback", test_evtchn_loopback },
    { "evtchn_ipi", test_evtchn_ipi },
    { "evtchn_masked", test_evtchn_masked },
    { "upcall_deferred", test_upcall_deferred },
    { "evtchn_errors", test_evtchn_errors },
    { "evtchn_not_offered", test_evtchn_not_offered },
    { "pvclock", test_pvclock },
    { "oneshot_timer", test_oneshot_timer },
    { "block_timer", test_block_timer },
    { "poll_timeout", test_poll_timeout },
    { "threads_preempt", test_threads_preempt },
    { "thread_sleep", test_thread_sleep },
    { "thread_yield", test_thread_yield },
};

const struct test_suite selftest_events_suite = {
    "events", events_cases, ARRAY_SIZE(events_cases), events_begin, NULL,
};

/*
 * Cases where our hypervisor still differs from Xen 4.17, kept out of
 * the default run (boot case events_pending) until it is fixed.
 */
static const struct test_case events_pending_cases[] = {
    { "sshot_future", test_sshot_future },
};

const struct test_suite selftest_events_pending_suite = {
    "events_pending", events_pending_cases,
    ARRAY_SIZE(events_pending_cases), events_begin, NULL,
};
