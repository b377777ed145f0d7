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

#include <guest/extable.h>
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

/*
 * A list of cases run in order, after begin(); after() runs after each
 * case (either may be NULL).
 */
struct test_suite {
    const char *name;
    const struct test_case *cases;
    size_t count;
    void (*begin)(void);
    void (*after)(const char *case_name);
};

/*
 * Runs every suite the command line names ("selftest=<name>": mm,
 * hostile, events, ...; in the order of the runner's table), or the
 * default suite, and prints the results; returns the failure count.
 */
unsigned int selftest_run(void);

/* selftest=mm: frames, page tables, user processes (selftest_mm*.c). */
extern const struct test_suite selftest_mm_suite;

/* selftest=hostile: forbidden memory operations (selftest_hostile*.c). */
extern const struct test_suite selftest_hostile_suite;

/* selftest=events: event channels, time, kernel threads. */
extern const struct test_suite selftest_events_suite;

/* selftest=memop: memory_op reservations and refusals. */
extern const struct test_suite selftest_memop_suite;
extern const struct test_suite selftest_desc_suite;
extern const struct test_suite selftest_desc_reload_suite;
extern const struct test_suite selftest_console_suite;

/* selftest=com2: the management channel's serial port (selftest_com2.c). */
extern const struct test_suite selftest_com2_suite;

/* selftest=emulate: trap-and-emulate, counters (selftest_emulate.c). */
extern const struct test_suite selftest_emulate_suite;
/* selftest=emulate_xen: its cases real Xen 4.17 answers the same way. */
extern const struct test_suite selftest_emulate_xen_suite;

/* selftest=events_pending: where ours still differs from Xen. */
extern const struct test_suite selftest_events_pending_suite;

/* selftest=vcpus, selftest=domwait: vCPUs and domUs (selftest_vcpu.c). */
extern const struct test_suite selftest_vcpus_suite;
extern const struct test_suite selftest_domwait_suite;

/*
 * Two domains at once (selftest_peer.c, selftest_share.c,
 * selftest_checksum.c): dom0 runs the first of each pair, the domU
 * (domu=1) the "_domu" one or "checksum".
 */
extern const struct test_suite selftest_pingpong_suite;
extern const struct test_suite selftest_pingpong_domu_suite;
extern const struct test_suite selftest_cpu_share_suite;
extern const struct test_suite selftest_cpu_share_domu_suite;
extern const struct test_suite selftest_block_suite;
extern const struct test_suite selftest_block_domu_suite;
extern const struct test_suite selftest_neighbour_suite;
extern const struct test_suite selftest_checksum_suite;

/* selftest=pvops: every paravirt op, the same TEST lines per backend. */
extern const struct test_suite selftest_pvops_suite;
/* selftest=domctl (dom0) and domctl_domu: the toolstack's hypercalls. */
extern const struct test_suite selftest_domctl_suite;
extern const struct test_suite selftest_domctl_domu_suite;
/* selftest=builder (dom0 with its boot archive): guest-pv/dom0/. */
extern const struct test_suite selftest_builder_suite;
/* selftest=xenstore (a domU dom0's toolstack created): the store client. */
extern const struct test_suite selftest_xenstore_suite;
/* The client with no server: a domU's unserved ring, dom0's none. */
extern const struct test_suite selftest_xenstore_unserved_suite;
extern const struct test_suite selftest_xenstore_none_suite;

/* selftest=domctl_kill (dom0) destroys selftest=domctl_victim (domU). */
extern const struct test_suite selftest_domctl_kill_suite;
extern const struct test_suite selftest_domctl_victim_suite;

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
void test_trap_table(struct test *t);
void test_breakpoint(struct test *t);
void test_page_fault(struct test *t);
void test_segment_base(struct test *t);
void test_fpu_taskswitch(struct test *t);

/* selftest=mm, kernel side (selftest_mm.c). */
/*
 * Allocates n frames, frame i holding TEST_FRAME_MAGIC + i in its first
 * word; false (none kept) when the pool runs out.
 */
#define TEST_FRAME_MAGIC 0x6d6d746573740000ul   /* "mmtest" */
bool fill_frames(unsigned long *pfns, unsigned int n);
void test_frame_alloc(struct test *t);
void test_kmap(struct test *t);
void test_pin_unpin(struct test *t);
void test_mmu_batch(struct test *t);
void test_tlb_flush(struct test *t);
void test_fork_tlb(struct test *t);
void test_exit_frees(struct test *t);

/* selftest=mm, user processes (selftest_proc.c). */
void test_user_syscall(struct test *t);
void test_syscall_frame(struct test *t);
void test_demand_zero(struct test *t);
void test_fork_copy(struct test *t);
void test_fork_cow(struct test *t);
void test_fork_wait(struct test *t);
void test_round_robin(struct test *t);
void test_user_no_kernel(struct test *t);
void test_user_no_xen(struct test *t);
void test_user_text_ro(struct test *t);
void test_user_bad_address(struct test *t);
void test_user_privileged(struct test *t);
void test_user_port_io(struct test *t);

/* selftest=events: event channels (selftest_events.c). */
void test_evtchn_loopback(struct test *t);
void test_evtchn_ipi(struct test *t);
void test_evtchn_masked(struct test *t);
void test_upcall_deferred(struct test *t);
void test_evtchn_errors(struct test *t);
void test_evtchn_not_offered(struct test *t);

/* selftest=events: time (selftest_time.c). */
void test_pvclock(struct test *t);
void test_oneshot_timer(struct test *t);
void test_sshot_future(struct test *t);
void test_block_timer(struct test *t);
void test_poll_timeout(struct test *t);

/* selftest=events: kernel threads (selftest_threads.c). */
void test_threads_preempt(struct test *t);
void test_thread_sleep(struct test *t);
void test_thread_yield(struct test *t);

#endif /* GUEST_SELFTEST_H */
