/*
 * The guest's self-test: the differential test of DESIGN.md.  The same
 * kernel runs on real Xen and on our hypervisor and must print the same
 * result lines on both:
 *     TEST <name>: PASS
 *     TEST <name>: FAIL (<detail>)
 *     selftest: <N> passed, <M> failed
 * Anything that may legitimately differ between hypervisors (versions,
 * addresses, page counts) goes on "info: " lines, never in TEST lines.
 */
#ifndef GUEST_SELFTEST_H
#define GUEST_SELFTEST_H

#include <guest/lib.h>

/* One case's state: a case fails on its first failed expectation. */
struct test {
    const char *name;
    bool failed;
    char detail[160];
};

struct test_case {
    const char *name;
    void (*run)(struct test *t);
};

/* Runs every case and prints the results; returns the failure count. */
unsigned int selftest_run(void);

/* The crash mode (cmd_line "selftest=crash"): an exception with no
 * handler registered, which the hypervisor must answer by crashing the
 * domain.  Must run before traps_init(). */
void __noreturn selftest_crash(void);

/*
 * Expectations.  Each returns whether it held; a failure records
 * "<what>: <details>" unless the case already failed, so the first
 * failure is the one reported.
 */
bool expect_eq(struct test *t, const char *what, long got, long want);
bool expect_true(struct test *t, const char *what, bool ok);
void test_fail(struct test *t, const char *fmt, ...) __printf(2, 3);

/*
 * Addresses no hypercall may reach: inside the hypervisor's own range
 * (L4 slot 262, Xen's direct map), a low page the domain builder leaves
 * unmapped (the kernel sits in the top 2 GiB), and a non-canonical one.
 */
#define TEST_XEN_ADDR   0xFFFF830000000000ul
#define TEST_LOW_ADDR   0x1000ul
#define TEST_NONCANON   0x8000000000000000ul

/* Informational output (may differ between hypervisors). */
#define info(...) printk("info: " __VA_ARGS__)

/*
 * Reads or writes 8 bytes at addr; returns false if that faulted (the
 * fault is turned into a return through the exception-fixup table).
 * probe_read_insn / probe_write_insn are the faulting instructions.
 */
bool probe_read(unsigned long addr, uint64_t *val);
bool probe_write(unsigned long addr, uint64_t val);
extern char probe_read_insn[], probe_write_insn[];

/* The cases, by file. */
void test_start_info(struct test *t);
void test_xen_version(struct test *t);
void test_unknown_hypercall(struct test *t);
void test_bad_pointer(struct test *t);
void test_multicall(struct test *t);
void test_vm_assist(struct test *t);
void test_sched_op(struct test *t);
void test_console_io(struct test *t);
void test_callbacks(struct test *t);
void test_breakpoint(struct test *t);
void test_page_fault(struct test *t);
void test_segment_base(struct test *t);
void test_fpu_taskswitch(struct test *t);

#endif /* GUEST_SELFTEST_H */
