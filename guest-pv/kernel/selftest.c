/*
 * Self-test runner, expectations and memory probes.  The cases live in
 * selftest_hypercall.c (hypercall results and errors) and
 * selftest_trap.c (exceptions bounced to the guest).
 */
#include <guest/console.h>
#include <guest/extable.h>
#include <guest/hypervisor.h>
#include <guest/selftest.h>

/* Order matters only for readability of the log: boot facts first. */
static const struct test_case cases[] = {
    { "start_info", test_start_info },
    { "xen_version", test_xen_version },
    { "unknown_hypercall", test_unknown_hypercall },
    { "bad_pointer", test_bad_pointer },
    { "multicall", test_multicall },
    { "vm_assist", test_vm_assist },
    { "sched_op", test_sched_op },
    { "console_io", test_console_io },
    { "callbacks", test_callbacks },
    { "breakpoint", test_breakpoint },
    { "page_fault", test_page_fault },
    { "segment_base", test_segment_base },
    { "fpu_taskswitch", test_fpu_taskswitch },
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

unsigned int selftest_run(void)
{
    unsigned int passed = 0, failed = 0;
    size_t i;

    for (i = 0; i < ARRAY_SIZE(cases); i++) {
        struct test t = { .name = cases[i].name };

        cases[i].run(&t);
        if (t.failed) {
            printk("TEST %s: FAIL (%s)\n", t.name, t.detail);
            failed++;
        } else {
            printk("TEST %s: PASS\n", t.name);
            passed++;
        }
    }
    printk("selftest: %u passed, %u failed\n", passed, failed);
    return failed;
}

/*
 * noipa: exactly one copy of each probe, so that the global labels on
 * the faulting instructions are defined once.
 */
__attribute__((noipa)) bool probe_read(unsigned long addr, uint64_t *val)
{
    unsigned int ok;
    uint64_t v = 0;

    asm volatile ("xor %k[ok], %k[ok]\n"
                  ".globl probe_read_insn\n"
                  "probe_read_insn:\n"
                  "1:\tmov (%[addr]), %[v]\n\t"
                  "mov $1, %k[ok]\n"
                  "2:\n\t"
                  EXTABLE_ENTRY("1b", "2b")
                  : [ok] "=&r" (ok), [v] "+r" (v)
                  : [addr] "r" (addr)
                  : "memory");
    *val = v;
    return ok;
}

__attribute__((noipa)) bool probe_write(unsigned long addr, uint64_t val)
{
    unsigned int ok;

    asm volatile ("xor %k[ok], %k[ok]\n"
                  ".globl probe_write_insn\n"
                  "probe_write_insn:\n"
                  "1:\tmov %[v], (%[addr])\n\t"
                  "mov $1, %k[ok]\n"
                  "2:\n\t"
                  EXTABLE_ENTRY("1b", "2b")
                  : [ok] "=&r" (ok)
                  : [addr] "r" (addr), [v] "r" (val)
                  : "memory");
    return ok;
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
