/*
 * The benchmark runner: times each case's op() with the TSC and prints
 * its minimum and median cost per operation.
 *
 * Under QEMU TCG with -icount shift=0 the TSC counts guest instructions
 * (one nanosecond of virtual time each), so every figure is a path
 * length and repeats exactly from run to run; on hardware-backed
 * virtualization it would be cycles.  The guest cannot tell which: the
 * script that boots it (tests/bench/run-bench.sh) says.  The same cases
 * run in every mode (pv_ops.name is printed first); those that call the
 * hypervisor directly say "unsupported" natively; the user-mode cases
 * come last, from the user program (bench_user.c).
 */
#include <abi/guest_hypercall.h>
#include <guest/console.h>
#include <guest/extable.h>
#include <guest/hypervisor.h>
#include <guest/pvops.h>
#include <xen/errno.h>
#include "bench.h"
#include "bench_case.h"
#include "bench_stats.h"

static const struct bench_case *const cases[] = {
    /* The operations of the pv_ops table, in every mode (bench_pvops.c). */
    &bench_irq_disable_enable,
    &bench_irq_save_restore,
    &bench_pte_update,
    &bench_aspace_switch,
    &bench_tlb_flush,
    &bench_aspace_create_destroy,
    &bench_port_write,
    &bench_timer_event_latency,
    /*
     * The floors: an exception bounced to the kernel; a bare hypercall
     * (syscall_floor; natively the user program's bare syscall instead).
     */
    &bench_int3_bounce,
    &bench_hypercall_floor,
    /* The hypervisor's own interfaces, measured directly. */
    &bench_null_hypercall,
    &bench_cli_sti_vcpu_info,
    &bench_multicall_32,
    &bench_update_va_mapping_invlpg,
    &bench_mmu_update_1,
    &bench_mmu_update_64,
    &bench_tlb_flush_local,
    &bench_pt_write_emulated,
    &bench_evtchn_send_upcall,
    &bench_yield,
};

static uint64_t samples[BENCH_SAMPLES];

/* The cost of timing an empty op(), subtracted from every sample. */
static uint64_t timing_overhead;

/*
 * rdtsc raises #GP in ring 3 when CR4.TSD is set; the guest kernel runs
 * in ring 3, so check once that the hypervisor left it clear (Xen does
 * for PV guests by default) rather than crash on the first sample.
 */
static bool rdtsc_allowed(void)
{
    unsigned int ok;

    asm volatile ("xor %k[ok], %k[ok]\n"
                  "1:\trdtsc\n\t"
                  "mov $1, %k[ok]\n"
                  "2:\n\t"
                  EXTABLE_ENTRY("1b", "2b")
                  : [ok] "=&r" (ok) : : "rax", "rdx", "memory");
    return ok;
}

uint64_t bench_rdtsc(void)
{
    return bench_tsc();
}

/*
 * One timed call.  noinline: the empty op used for the overhead goes
 * through this very code, so the subtraction removes exactly the
 * timing, the indirect call and the return.
 */
static __attribute__((noinline)) long time_one(const struct bench_case *c,
                                               uint64_t *ticks)
{
    uint64_t t0, t1;
    long rc;

    if (c->prepare)
        c->prepare();
    t0 = bench_tsc();
    rc = c->op();
    t1 = bench_tsc();
    *ticks = t1 - t0;
    return rc;
}

static long op_empty(void)
{
    return 0;
}

static const struct bench_case empty_case = { .name = "empty",
                                              .op = op_empty };

/* The minimum: anything above it is an interrupt, not the timing. */
static void measure_overhead(void)
{
    uint64_t t, min = ~0ull;
    unsigned int i;

    for (i = 0; i < BENCH_WARMUP + BENCH_SAMPLES; i++) {
        time_one(&empty_case, &t);
        if (t < min)
            min = t;
    }
    timing_overhead = min;
}

/* Warm-up; a failing first call makes the case unsupported. */
static long warm_up(const struct bench_case *c)
{
    uint64_t t;
    unsigned int i;
    long rc;

    for (i = 0; i < BENCH_WARMUP; i++) {
        rc = c->measure ? c->measure(&t) : time_one(c, &t);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* Fills samples[] with per-operation figures; 0 or the failing errno. */
static long take_samples(const struct bench_case *c)
{
    unsigned int i, per = c->per ? c->per : 1;
    uint64_t t;
    long rc;

    for (i = 0; i < BENCH_SAMPLES; i++) {
        if (c->measure) {
            rc = c->measure(&samples[i]);
            if (rc < 0)
                return rc;
            continue;
        }
        rc = time_one(c, &t);
        if (rc < 0)
            return rc;
        t = t > timing_overhead ? t - timing_overhead : 0;
        samples[i] = (t + per / 2) / per;
    }
    return 0;
}

void bench_run_case(const struct bench_case *c)
{
    long rc;

    /* Natively there is no hypervisor to call: the row says n/a. */
    if (c->hypervisor_only && !pvops_hypervisor()) {
        if (c->native_row_from_user)
            return;
        rc = -XEN_ENOSYS;
    } else {
        rc = c->setup ? c->setup() : 0;
    }
    if (rc < 0) {
        printk("BENCH %s unsupported %ld\n", c->name, rc);
        return;
    }
    rc = warm_up(c);
    if (rc < 0) {
        printk("BENCH %s unsupported %ld\n", c->name, rc);
    } else if ((rc = take_samples(c)) < 0) {
        /* It worked in the warm-up: a failure now is a bug, not a gap. */
        printk("BENCH %s failed %ld\n", c->name, rc);
    } else {
        uint64_t min, median;

        bench_min_median(samples, BENCH_SAMPLES, &min, &median);
        printk("BENCH %s %u %lu %lu\n", c->name, BENCH_SAMPLES, min, median);
    }
    if (c->teardown)
        c->teardown();
}

void bench_run(void)
{
    size_t i;

    if (!rdtsc_allowed()) {
        printk("bench: rdtsc faults in the guest (CR4.TSD set?)\n");
        hypervisor_shutdown(SHUTDOWN_crash);
    }
    measure_overhead();
    /* The two-domain boot (docs/BENCH.md): its own cases only. */
    if (cmdline_has("bench_peer"))
        bench_domains_peer();
    /* Which column of the table this boot is (tests/bench/report.py). */
    printk("BENCH-MODE %s\n", pv_ops.name);
    printk("info: bench: %u samples after %u warm-up calls per case; "
           "median is sample %u of the sorted %u\n", BENCH_SAMPLES,
           BENCH_WARMUP, BENCH_SAMPLES / 2 + 1, BENCH_SAMPLES);
    printk("info: bench: timing overhead %lu TSC ticks (rdtsc pair and an "
           "empty call), subtracted from every sample\n", timing_overhead);
    if (cmdline_has("bench_domains"))
        bench_domains_dom0();
    for (i = 0; i < ARRAY_SIZE(cases); i++)
        bench_run_case(cases[i]);
    /* The cases timed in user mode, by the user program itself. */
    bench_user_run();
    printk("bench: done\n");
    hypervisor_shutdown(SHUTDOWN_poweroff);
}
