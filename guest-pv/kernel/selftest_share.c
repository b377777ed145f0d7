/*
 * Sharing one CPU between domains (boot with domu=1 on one CPU; the
 * cases tests/boot/cases/cpu_share.sh and block.sh).
 *
 * selftest=cpu_share (dom0) / selftest=cpu_share_domu: dom0 binds the
 * domU's store port and sends "go"; then both count loop iterations
 * without ever blocking, across SHARE_TICKS ticks of a 10 ms software
 * timer, printing a progress line every 10 ticks.  Each must reach the
 * target, and each must have spent time runnable but not running while
 * counting: on one CPU, that is the other domain's turn.
 *
 * selftest=block_domu: the domU reports its running time and blocks
 * with no event source, forever.  selftest=block (dom0) counts until it
 * has run BLOCK_ALONE_NS without ever waiting for the CPU: the domU,
 * blocked, no longer competes.  At dom0's poweroff the hypervisor logs
 * each domain's runstate times, and the case checks that the domU's
 * running time did not grow after it blocked.
 */
#include <abi/guest_hypercall.h>
#include <guest/console.h>
#include <guest/irqflags.h>
#include "selftest_peer.h"

#define SHARE_TICKS         30
#define SHARE_TICK_NS       (10 * NSEC_PER_MSEC)
#define SHARE_REPORT_EVERY  10
#define BLOCK_ALONE_NS      (300 * NSEC_PER_MSEC)
#define BLOCK_GIVE_UP_NS    (30 * NSEC_PER_SEC)
#define BLOCK_CHECK_EVERY   (1ul << 16)     /* iterations per runstate */

/* ---- selftest=cpu_share, selftest=cpu_share_domu ---- */

static volatile unsigned int ticks;
static struct timer tick_timer;

static void tick(struct timer *tm)
{
    ticks++;
    timer_add(tm, time_now() + SHARE_TICK_NS);
}

/* Never blocks: only the hypervisor can take the CPU away. */
static unsigned long count_ticks(void)
{
    unsigned long iterations = 0;
    unsigned int seen = 0;

    ticks = 0;
    tick_timer.fn = tick;
    timer_add(&tick_timer, time_now() + SHARE_TICK_NS);
    local_irq_enable();
    while (seen < SHARE_TICKS) {
        iterations++;
        if (ticks == seen)
            continue;
        seen = ticks;
        if (seen % SHARE_REPORT_EVERY == 0)
            printk("cpu_share: %u ticks, %lu iterations\n", seen,
                   iterations);
    }
    local_irq_disable();
    timer_del(&tick_timer);
    return iterations;
}

static void cpu_share(struct test *t)
{
    struct vcpu_runstate_info before, after;
    unsigned long iterations;

    if (!peer_runstate(t, &before))
        return;
    iterations = count_ticks();
    if (!peer_runstate(t, &after))
        return;
    info("cpu_share: running %lu ns, runnable %lu ns while counting\n",
         (unsigned long)(after.time[RUNSTATE_running] -
                         before.time[RUNSTATE_running]),
         (unsigned long)(after.time[RUNSTATE_runnable] -
                         before.time[RUNSTATE_runnable]));
    expect_true(t, "iterations counted", iterations > 0);
    expect_true(t, "runnable while counting (the other domain ran)",
                after.time[RUNSTATE_runnable] >
                before.time[RUNSTATE_runnable]);
}

static void test_cpu_share_dom0(struct test *t)
{
    long port = peer_connect();

    if (!expect_true(t, "found and bound dom1's offered port", port > 0) ||
        !expect_eq(t, "send go", evtchn_send((evtchn_port_t)port), 0))
        return;
    cpu_share(t);
}

static void test_cpu_share_domu(struct test *t)
{
    if (expect_true(t, "go from dom0",
                    peer_wait(peer_domu_port(), PEER_TIMEOUT_NS)))
        cpu_share(t);
}

static const struct test_case cpu_share_cases[] = {
    { "cpu_share", test_cpu_share_dom0 },
    { "domu_exit", test_peer_domu_exit },
};

const struct test_suite selftest_cpu_share_suite = {
    "cpu_share", cpu_share_cases, ARRAY_SIZE(cpu_share_cases),
    peer_watch_domu, NULL,
};

static const struct test_case cpu_share_domu_cases[] = {
    { "cpu_share", test_cpu_share_domu },
};

const struct test_suite selftest_cpu_share_domu_suite = {
    "cpu_share_domu", cpu_share_domu_cases,
    ARRAY_SIZE(cpu_share_domu_cases), NULL, NULL,
};

/* ---- selftest=block, selftest=block_domu ---- */

/*
 * dom0: spins until its own running time has grown BLOCK_ALONE_NS with
 * its runnable time unchanged.  While the domU is runnable the credit
 * scheduler gives it the CPU every slice (30 ms), which dom0 sees as
 * runnable time; once the domU blocks for good, nothing does.
 */
static void test_block_alone(struct test *t)
{
    struct vcpu_runstate_info rs;
    uint64_t runnable = ~0ull, since = 0, give_up;
    unsigned long i;

    give_up = time_now() + BLOCK_GIVE_UP_NS;
    for (i = 0; time_now() < give_up; i++) {
        if (i % BLOCK_CHECK_EVERY || !peer_runstate(t, &rs))
            continue;
        if (rs.time[RUNSTATE_runnable] != runnable) {
            runnable = rs.time[RUNSTATE_runnable];
            since = rs.time[RUNSTATE_running];
        } else if (rs.time[RUNSTATE_running] - since >= BLOCK_ALONE_NS) {
            info("block: dom0 ran %lu ns without waiting for the CPU\n",
                 (unsigned long)(rs.time[RUNSTATE_running] - since));
            return;
        }
    }
    test_fail(t, "dom0 still shared the CPU after 30 s");
}

/* The domU: nothing bound that could wake it; blocks for good. */
static void test_block_domu(struct test *t)
{
    struct vcpu_runstate_info rs;

    /* Delivers anything already owed, so no old event ends the block. */
    local_irq_enable();
    local_irq_disable();
    if (!peer_runstate(t, &rs))
        return;
    info("block: running %lu ns, blocking with no event source\n",
         (unsigned long)rs.time[RUNSTATE_running]);
    for (;;) {
        (void)HYPERVISOR_sched_op(SCHEDOP_block, NULL);
        local_irq_disable();
        info("block: woke up\n");
    }
}

static const struct test_case block_cases[] = {
    { "block_alone", test_block_alone },
};

const struct test_suite selftest_block_suite = {
    "block", block_cases, ARRAY_SIZE(block_cases), NULL, NULL,
};

static const struct test_case block_domu_cases[] = {
    { "block", test_block_domu },
};

const struct test_suite selftest_block_domu_suite = {
    "block_domu", block_domu_cases, ARRAY_SIZE(block_domu_cases),
    NULL, NULL,
};
