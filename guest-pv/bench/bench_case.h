/*
 * What a benchmark case is, shared by the runner (bench.c) and the files
 * that define cases (bench_cpu.c, bench_mm.c).
 *
 * A case times one operation.  Its op() runs between two reads of the
 * TSC and does that operation once (or once per `per` operations, when
 * batching is the point, as in a multicall); the runner subtracts the
 * cost of timing an empty op() and divides by `per`.
 */
#ifndef GUEST_BENCH_CASE_H
#define GUEST_BENCH_CASE_H

#include <guest/lib.h>

struct bench_case {
    const char *name;
    /*
     * Optional, once before the first op(): 0, or a negative Xen errno
     * that marks the case unsupported (nothing else runs then).
     */
    long (*setup)(void);
    /* Optional, before every op() and outside the timed window. */
    void (*prepare)(void);
    /* The timed operation: 0, or the negative Xen errno it failed with. */
    long (*op)(void);
    /* Optional, once after the last op() when setup succeeded. */
    void (*teardown)(void);
    /* Operations per op() call; figures are per operation. */
    unsigned int per;
    /*
     * Optional, instead of timing op(): takes one sample itself (0, or
     * a negative Xen errno) and stores its value, a figure as it stands
     * (no timing overhead subtracted, `per` ignored).  For latencies the
     * rdtsc pair around a call cannot see (timer_event_latency).
     */
    long (*measure)(uint64_t *value);
    /*
     * Measures an interface of the hypervisor itself (a hypercall, the
     * shared vcpu_info): reported unsupported (-XEN_ENOSYS) natively.
     */
    bool hypervisor_only;
    /*
     * With hypervisor_only: natively the user program prints this row
     * itself (syscall_floor, bench_user.c), so the kernel prints nothing.
     */
    bool native_row_from_user;
};

/*
 * The cases, in the order they run.  Through the pv_ops table, the same
 * in every mode (bench_pvops.c, bench_pvops_mm.c):
 */
extern const struct bench_case bench_irq_disable_enable;
extern const struct bench_case bench_irq_save_restore;
extern const struct bench_case bench_pte_update;
extern const struct bench_case bench_aspace_switch;
extern const struct bench_case bench_tlb_flush;
extern const struct bench_case bench_aspace_create_destroy;
extern const struct bench_case bench_port_write;
extern const struct bench_case bench_hypercall_floor;   /* syscall_floor */
/* The hypervisor's interfaces, direct (bench_cpu.c, bench_mm.c, ...): */
extern const struct bench_case bench_null_hypercall;
extern const struct bench_case bench_int3_bounce;
extern const struct bench_case bench_cli_sti_vcpu_info;
extern const struct bench_case bench_multicall_32;
extern const struct bench_case bench_update_va_mapping_invlpg;
extern const struct bench_case bench_mmu_update_1;
extern const struct bench_case bench_mmu_update_64;
extern const struct bench_case bench_tlb_flush_local;
extern const struct bench_case bench_pt_write_emulated;
extern const struct bench_case bench_evtchn_send_upcall;
extern const struct bench_case bench_timer_event_latency;
extern const struct bench_case bench_yield;

/*
 * The two-domain figures (bench_domains.c), booted apart: dom0 with
 * `bench bench_domains` and a domU with `bench bench_peer`.
 */
void __noreturn bench_domains_dom0(void);
void __noreturn bench_domains_peer(void);

/*
 * Runs the user program's cases (bench_user.c): null_syscall,
 * context_switch, demand_zero_fault, cli_sti_gp.
 */
void bench_user_run(void);

/* Runs one case and prints its BENCH line (bench.c). */
void bench_run_case(const struct bench_case *c);

/* rdtsc after earlier instructions, before later ones (bench.c). */
uint64_t bench_rdtsc(void);

/* Keeps the compiler from moving memory accesses across it. */
#define bench_barrier() asm volatile ("" : : : "memory")

#endif /* GUEST_BENCH_CASE_H */
