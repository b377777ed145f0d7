/*
 * USER_ROLE_BENCH: the benchmark cases that start in user mode, timed
 * by the user program itself with rdtsc (the kernel leaves CR4.TSD
 * clear in every mode; bench.c checks), and printed as the kernel's
 * runner prints its own:
 *     BENCH <name> <samples> <min> <median>
 * (the kernel prefixes "user <pid>: ").  Cases:
 *     null_syscall       SYS_getpid: the round trip user -> kernel ->
 *                        user (natively syscall/sysret; under a
 *                        hypervisor syscall bounced to the guest kernel
 *                        and HYPERVISOR_iret back)
 *     context_switch     two processes that yield to each other: one
 *                        sample is two switches (and two yields), the
 *                        figure is per switch
 *     demand_zero_fault  the first write to an untouched heap page: #PF,
 *                        the kernel maps a zeroed frame, the write retried
 *     cli_sti_gp         cli; sti in user mode, each a #GP the guest
 *                        kernel handles itself by skipping the
 *                        instruction (the bench process is marked so):
 *                        what cli/sti cost a kernel without emulation
 * and USER_ROLE_BENCH_FLOOR, natively only, in a process of its own:
 *     syscall_floor      SYS_bench_floor, which the kernel's entry answers
 *                        with sysretq at once while this process runs
 *                        (guest-pv/bench/bench_floor.S): the bare ring 3
 *                        -> ring 0 -> ring 3 round trip
 */
#include "ulib.h"
#include "../bench/bench_stats.h"

#define PAGE_SIZE_U     4096ul

static uint64_t samples[BENCH_SAMPLES];
static uint64_t overhead;

/* The cost of the rdtsc pair alone: the minimum over many tries. */
static void measure_overhead(void)
{
    uint64_t t0, t;
    unsigned int i;

    overhead = ~0ull;
    for (i = 0; i < BENCH_WARMUP + BENCH_SAMPLES; i++) {
        t0 = bench_tsc();
        t = bench_tsc() - t0;
        if (t < overhead)
            overhead = t;
    }
}

/* One sample of `per` operations: the cost per operation. */
static uint64_t per_op(uint64_t t0, uint64_t t1, unsigned int per)
{
    uint64_t t = t1 - t0;

    t = t > overhead ? t - overhead : 0;
    return (t + per / 2) / per;
}

static void report(const char *name)
{
    uint64_t min, median;

    bench_min_median(samples, BENCH_SAMPLES, &min, &median);
    uprintf("BENCH %s %u %lu %lu\n", name, BENCH_SAMPLES, min, median);
}

/* ---- syscall_floor ----------------------------------------------- */

int role_bench_floor(void)
{
    unsigned int i;
    uint64_t t0;
    long rc = syscall3(SYS_bench_floor, 0, 0, 0);

    /* sysretq at once leaves rax as it was: the number itself. */
    if (!check(rc == SYS_bench_floor, "SYS_bench_floor answered %ld: "
               "the floor's entry is not installed", rc))
        return 1;
    measure_overhead();
    for (i = 0; i < BENCH_WARMUP + BENCH_SAMPLES; i++) {
        t0 = bench_tsc();
        syscall3(SYS_bench_floor, 0, 0, 0);
        if (i >= BENCH_WARMUP)
            samples[i - BENCH_WARMUP] = per_op(t0, bench_tsc(), 1);
    }
    report("syscall_floor");
    return 0;
}

/* ---- null_syscall -------------------------------------------------- */

static void bench_null_syscall(long pid)
{
    unsigned int i;
    uint64_t t0;
    long rc;

    for (i = 0; i < BENCH_WARMUP + BENCH_SAMPLES; i++) {
        t0 = bench_tsc();
        rc = sys_getpid();
        if (i >= BENCH_WARMUP)
            samples[i - BENCH_WARMUP] = per_op(t0, bench_tsc(), 1);
        if (!check(rc == pid, "bench getpid: %ld, want %ld", rc, pid))
            return;
    }
    report("null_syscall");
}

/* ---- context_switch ------------------------------------------------ */

#define SWITCH_ROUNDS   (BENCH_WARMUP + BENCH_SAMPLES)

/*
 * Parent and child alternate: the parent's yield runs the child, whose
 * yield returns to the parent.  The child yields exactly as often as
 * the parent, so every timed yield of the parent is a round trip.
 */
static bool bench_context_switch(void)
{
    unsigned int i;
    int status = -1;
    uint64_t t0;
    long child = sys_fork();

    if (child == 0) {
        for (i = 0; i < SWITCH_ROUNDS; i++)
            sys_yield();
        sys_exit(0);
    }
    if (!check(child > 0, "bench fork: %ld", child))
        return false;
    for (i = 0; i < SWITCH_ROUNDS; i++) {
        t0 = bench_tsc();
        sys_yield();
        if (i >= BENCH_WARMUP)
            samples[i - BENCH_WARMUP] = per_op(t0, bench_tsc(), 2);
    }
    if (!check(sys_wait(&status) == child && status == 0,
               "bench child: status %d", status))
        return false;
    report("context_switch");
    return true;
}

/* ---- demand_zero_fault --------------------------------------------- */

/* A page of the heap never touched before: one per call. */
static void bench_demand_zero(void)
{
    volatile char *page = (volatile char *)USER_HEAP_BASE;
    unsigned int i;
    uint64_t t0;

    for (i = 0; i < BENCH_WARMUP + BENCH_SAMPLES; i++, page += PAGE_SIZE_U) {
        t0 = bench_tsc();
        *page = 1;
        if (i >= BENCH_WARMUP)
            samples[i - BENCH_WARMUP] = per_op(t0, bench_tsc(), 1);
    }
    report("demand_zero_fault");
}

/* ---- cli_sti_gp ---------------------------------------------------- */

static void bench_cli_sti_gp(void)
{
    unsigned int i;
    uint64_t t0;

    for (i = 0; i < BENCH_WARMUP + BENCH_SAMPLES; i++) {
        t0 = bench_tsc();
        asm volatile ("cli\n\tsti" : : : "memory");
        if (i >= BENCH_WARMUP)
            samples[i - BENCH_WARMUP] = per_op(t0, bench_tsc(), 1);
    }
    report("cli_sti_gp");
}

int role_bench(long pid)
{
    measure_overhead();
    bench_null_syscall(pid);
    if (!bench_context_switch())
        return 1;
    bench_demand_zero();
    bench_cli_sti_gp();
    return 0;
}
