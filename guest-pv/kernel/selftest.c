/*
 * Self-test runner and expectations.  The default suite's cases live in
 * selftest_hypercall.c (hypercall results and errors) and
 * selftest_trap.c (exceptions bounced to the guest); the suites chosen
 * by "selftest=<name>" in selftest_mm*.c and selftest_hostile*.c.
 */
#include <guest/console.h>
#include <guest/extable.h>
#include <guest/hypervisor.h>
#include <guest/selftest.h>

/* Order matters only for readability of the log: boot facts first. */
static const struct test_case default_cases[] = {
    { "start_info", test_start_info },
    { "xen_version", test_xen_version },
    { "unknown_hypercall", test_unknown_hypercall },
    { "bad_pointer", test_bad_pointer },
    { "multicall", test_multicall },
    { "vm_assist", test_vm_assist },
    { "sched_op", test_sched_op },
    { "console_io", test_console_io },
    { "callbacks", test_callbacks },
    { "trap_table", test_trap_table },
    { "breakpoint", test_breakpoint },
    { "page_fault", test_page_fault },
    { "segment_base", test_segment_base },
    { "fpu_taskswitch", test_fpu_taskswitch },
};

static const struct test_suite default_suite = {
    "default", default_cases, ARRAY_SIZE(default_cases), NULL, NULL,
};

/* The suites a "selftest=<name>" command-line word selects. */
static const struct test_suite *const suites[] = {
    &selftest_mm_suite,
    &selftest_hostile_suite,
    &selftest_events_suite,
    &selftest_memop_suite,
    &selftest_emulate_suite,
    &selftest_emulate_xen_suite,
    &selftest_desc_suite,
    &selftest_desc_reload_suite,
    &selftest_console_suite,
    &selftest_com2_suite,
    &selftest_events_pending_suite,
    &selftest_vcpus_suite,
    &selftest_domwait_suite,
    &selftest_pingpong_suite,
    &selftest_pingpong_domu_suite,
    &selftest_cpu_share_suite,
    &selftest_cpu_share_domu_suite,
    &selftest_block_suite,
    &selftest_block_domu_suite,
    &selftest_neighbour_suite,
    &selftest_checksum_suite,
    &selftest_pvops_suite,
    &selftest_domctl_suite,
    &selftest_domctl_domu_suite,
    &selftest_domctl_kill_suite,
    &selftest_domctl_victim_suite,
    &selftest_builder_suite,
    &selftest_xenstore_suite,
    &selftest_xenstore_unserved_suite,
    &selftest_xenstore_none_suite,
};

void test_fail(struct test *t, const char *fmt, ...)
{
    va_list ap;

    if (t->failed)
        return;
    t->failed = true;
    va_start(ap, fmt);
    vsnprintf(t->detail, sizeof(t->detail), fmt, ap);
    va_end(ap);
}

bool expect_eq(struct test *t, const char *what, long got, long want)
{
    if (got == want)
        return true;
    test_fail(t, "%s: got %ld, want %ld", what, got, want);
    return false;
}

bool expect_true(struct test *t, const char *what, bool ok)
{
    if (!ok)
        test_fail(t, "%s", what);
    return ok;
}

/* Runs one case and prints its TEST line. */
static bool run_case(const struct test_case *c)
{
    struct test t = { .name = c->name };

    c->run(&t);
    if (t.failed)
        printk("TEST %s: FAIL (%s)\n", t.name, t.detail);
    else
        printk("TEST %s: PASS\n", t.name);
    return !t.failed;
}

static bool suite_named(const struct test_suite *suite)
{
    char word[32];

    snprintf(word, sizeof(word), "selftest=%s", suite->name);
    return cmdline_has(word);
}

/* Runs one suite's cases; adds to the totals. */
static void run_suite(const struct test_suite *suite, unsigned int *passed,
                      unsigned int *failed)
{
    size_t i;

    if (suite != &default_suite)
        info("self-test suite \"%s\"\n", suite->name);
    if (suite->begin)
        suite->begin();
    for (i = 0; i < suite->count; i++) {
        if (run_case(&suite->cases[i]))
            (*passed)++;
        else
            (*failed)++;
        if (suite->after)
            suite->after(suite->cases[i].name);
    }
}

/*
 * Every suite the command line names, in the order of suites[] (so
 * "selftest=hostile selftest=neighbour" attacks first, then tells the
 * domU and waits for it), or the default suite; one closing line.
 */
unsigned int selftest_run(void)
{
    unsigned int passed = 0, failed = 0;
    bool any = false;
    size_t i;

    for (i = 0; i < ARRAY_SIZE(suites); i++) {
        if (suite_named(suites[i])) {
            run_suite(suites[i], &passed, &failed);
            any = true;
        }
    }
    if (!any)
        run_suite(&default_suite, &passed, &failed);
    printk("selftest: %u passed, %u failed\n", passed, failed);
    return failed;
}

void selftest_crash(void)
{
    info("crashing on purpose\n");
    /* A divide error; the divisor is a register so nothing folds it. */
    asm volatile ("xor %%ecx, %%ecx\n\t"
                  "div %%rcx"
                  : : : "rax", "rcx", "rdx", "memory");
    printk("fatal: the divide error returned; crashing the domain\n");
    hypervisor_shutdown(SHUTDOWN_crash);
}
