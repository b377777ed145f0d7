/*
 * selftest=domctl_kill (dom0) beside selftest=domctl_victim (a domU,
 * domu=1, on another CPU): the toolstack pauses, unpauses and destroys
 * a domain that is running.  The victim never blocks and never ends; it
 * only counts.  dom0 checks what a pause guarantees (off its CPU, no CPU
 * time while paused), then destroys it while it runs; the boot case
 * compares free memory with what it was before the domU was built.
 */
#include <xen/errno.h>
#include <guest/console.h>
#include <guest/thread.h>
#include <guest/time.h>
#include "selftest_domctl.h"
#include "../dom0/xc_call.h"

#define VICTIM_DOMID    1
#define WAIT_NS         (30 * NSEC_PER_SEC)
#define STEP_NS         (10 * NSEC_PER_MSEC)
/* How long dom0 looks at the paused victim (no timing is asserted). */
#define PAUSED_NS       (50 * NSEC_PER_MSEC)

/* The victim's cpu_time once it is above 'above', or 0 after WAIT_NS. */
static uint64_t cpu_time_above(uint64_t above)
{
    struct xen_domctl_getdomaininfo info;
    uint64_t end = time_now() + WAIT_NS;

    while (time_now() < end) {
        if (domctl_info(VICTIM_DOMID, &info) == 0 && info.cpu_time > above)
            return info.cpu_time;
        thread_sleep(STEP_NS);
    }
    return 0;
}

/*
 * True once the victim's "counting" line is in the hypervisor's log
 * (readconsole), within WAIT_NS: cpu_time alone says it ran, not that
 * it got as far as its loop (a slow boot under load once had dom0 done
 * before the victim printed anything).
 */
static bool victim_counting(void)
{
    static char log[16384 + 1];
    uint64_t end = time_now() + WAIT_NS;

    while (time_now() < end) {
        unsigned int len = sizeof(log) - 1;
        uint32_t index = 0;

        if (xc_readconsole(log, &len, &index, false) == 0) {
            log[len] = '\0';
            if (strstr(log, "(d1) info: victim: counting"))
                return true;
        }
        thread_sleep(STEP_NS);
    }
    return false;
}

static void test_domctl_pause_running(struct test *t)
{
    struct xen_domctl_getdomaininfo info;
    struct xen_domctl op = { 0 };
    uint64_t ran, paused_at;

    if (!expect_true(t, "the victim counts", victim_counting()))
        return;
    ran = cpu_time_above(0);
    if (!expect_true(t, "the victim runs", ran != 0))
        return;
    domctl_info(VICTIM_DOMID, &info);
    expect_eq(t, "never blocked, not paused",
              info.flags & (XEN_DOMINF_blocked | XEN_DOMINF_paused), 0);
    expect_eq(t, "pausedomain", domctl(XEN_DOMCTL_pausedomain, VICTIM_DOMID,
                                       &op), 0);
    /* The pause returns once its vCPU is off the CPU. */
    domctl_info(VICTIM_DOMID, &info);
    expect_eq(t, "paused, not running",
              info.flags & (XEN_DOMINF_paused | XEN_DOMINF_running),
              XEN_DOMINF_paused);
    paused_at = info.cpu_time;
    thread_sleep(PAUSED_NS);
    domctl_info(VICTIM_DOMID, &info);
    expect_eq(t, "no CPU time while paused", (long)(info.cpu_time - paused_at),
              0);
    expect_eq(t, "unpausedomain", domctl(XEN_DOMCTL_unpausedomain,
                                         VICTIM_DOMID, &op), 0);
    expect_true(t, "runs again", cpu_time_above(paused_at) != 0);
}

static void test_domctl_destroy_running(struct test *t)
{
    struct xen_domctl_getdomaininfo info;

    domctl_info(VICTIM_DOMID, &info);
    expect_eq(t, "not shut down", info.flags & XEN_DOMINF_shutdown, 0);
    domctl_destroy(t, VICTIM_DOMID);
    expect_eq(t, "gone", domctl_info(VICTIM_DOMID, &info), -XEN_ESRCH);
    info("domctl: victim destroyed, %ld pages free now\n",
         domctl_free_pages());
}

static const struct test_case kill_cases[] = {
    { "domctl_pause_running", test_domctl_pause_running },
    { "domctl_destroy_running", test_domctl_destroy_running },
};

const struct test_suite selftest_domctl_kill_suite = {
    "domctl_kill", kill_cases, ARRAY_SIZE(kill_cases), NULL, NULL,
};

/* The victim: counts, never blocks, never ends (dom0 destroys it). */
static void test_victim(struct test *t)
{
    volatile unsigned long n = 0;

    (void)t;
    printk("info: victim: counting\n");
    for (;;)
        n++;
}

static const struct test_case victim_cases[] = {
    { "victim", test_victim },
};

const struct test_suite selftest_domctl_victim_suite = {
    "domctl_victim", victim_cases, ARRAY_SIZE(victim_cases), NULL, NULL,
};
