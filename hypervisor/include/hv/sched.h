/*
 * The scheduler: a generic core (common/schedule.c) and pluggable
 * policies behind an ops table (Xen's struct scheduler); the credit
 * scheduler (common/sched_credit.c) is the one policy today.
 *
 * The core owns what every policy shares: runstates and their time
 * accounting (Xen's struct vcpu_runstate_info), pause counts and pause
 * flags, blocking and polling, affinity, migration between CPUs, and
 * schedule() itself.  A policy owns its run queues and decides who runs
 * next and for how long.
 *
 * Everything here works on struct sched_vcpu / struct sched_dom, which are
 * embedded in struct vcpu / struct domain (as 'sched'); the scheduler
 * never looks inside struct vcpu, it only hands it back to the hooks.
 *
 * Locking (SMP-ready; host tests run on one thread):
 *   - Each CPU has one lock (struct sched_cpu.lock).  It protects that
 *     CPU's run queue and 'curr', and every field of the sched_vcpus
 *     whose 'processor' is that CPU.  sched_vcpu_lock() finds and takes
 *     it (re-checking 'processor', which only changes with the old and the
 *     new CPU's locks both held).
 *   - Two CPU locks are taken in ascending CPU order, except for work
 *     stealing, which only ever *tries* the second lock and gives up when
 *     it is busy, so it cannot deadlock.
 *   - A policy's global lock (credit: the accounting lock) comes before
 *     any CPU lock; a CPU lock holder only ever tries it (trylock).
 *   - Callers' locks come before all of these: the event code calls
 *     sched_vcpu_unblock() with a domain's event lock held, so the
 *     scheduler never takes event locks (its events-pending hook only
 *     reads vcpu_info).
 *   - The locks are not IRQ-safe (hv/spinlock.h): no entry point here may
 *     be called from a hardware interrupt handler; interrupts defer to
 *     softirqs, which run only on the return to the guest and in the idle
 *     loop, never on an interrupt's return into hypervisor code.
 */
#ifndef HV_SCHED_H
#define HV_SCHED_H

#include <hv/list.h>
#include <hv/spinlock.h>
#include <hv/types.h>
#include <abi/xen.h>
#include <xen/vcpu.h>

struct vcpu;

/* Affinity and idle masks are one word: at most 64 CPUs. */
#define SCHED_MAX_CPUS          64
typedef uint64_t sched_cpumask_t;
#define SCHED_CPU(c)            ((sched_cpumask_t)1 << (c))
#define SCHED_ALL_CPUS          (~(sched_cpumask_t)0)

#define SCHED_MS(ms)            ((uint64_t)(ms) * 1000000)

/*
 * Pause flags (Xen's _VPF_*): any one set makes a vCPU not runnable,
 * independently of its pause count.
 */
#define SCHED_PF_BLOCKED        (1u << 0)   /* waits for an event */
#define SCHED_PF_DOWN           (1u << 1)   /* not up (VCPUOP_up/down) */

/* Core flags. */
#define SCHED_F_MIGRATE         (1u << 0)   /* move once its state is saved */

/* ---- Credit policy state (sched_credit.c), embedded below ---- */

struct csched_vcpu {
    struct list_head runq_link;     /* on its CPU's run queue, or empty */
    struct list_head active_link;   /* on its domain's active list, or empty */
    int credit;                     /* may go negative (over its share) */
    int pri;                        /* CSCHED_PRI_* */
    unsigned int flags;             /* CSCHED_FLAG_* */
    bool active;                    /* earns credits (both locks to set) */
    uint64_t last_burn;             /* credits debited up to this time */
    uint64_t residual_ns;           /* run time not yet worth a credit */
};

struct csched_dom {
    struct list_head active_vcpus;  /* vCPUs that use CPU time */
    struct list_head active_link;   /* on the active-domain list, or empty */
    unsigned int nr_active;
    uint16_t weight;                /* 1..65535, default 256 */
    uint16_t cap;                   /* percent of one CPU; 0 = none */
};

struct csched_pcpu {
    struct list_head runq;          /* by priority, FIFO within one */
    uint64_t next_tick;             /* 10 ms ticks debit the running vCPU */
};

/* ---- Generic state ---- */

struct sched_dom {
    domid_t domid;                  /* for dumps only */
    union {
        struct csched_dom credit;
    } priv;                         /* the policy's (no allocator needed) */
};

struct sched_vcpu {
    struct vcpu *vcpu;              /* handed back to the hooks only */
    struct sched_dom *dom;          /* NULL for idle vCPUs */
    unsigned int vcpu_id;           /* for dumps only */
    bool is_idle;

    unsigned int processor;         /* CPU whose lock protects us */
    sched_cpumask_t affinity;       /* CPUs we may run on (hard affinity) */
    bool is_running;                /* state live on a CPU (until saved) */
    unsigned int flags;             /* SCHED_F_* */
    unsigned int pause_flags;       /* SCHED_PF_* */
    unsigned int pause_count;       /* nested sched_vcpu_pause()s */

    bool polling;                   /* blocked in SCHEDOP_poll */
    uint64_t poll_deadline;         /* wake-up time, 0 = none */
    struct list_head poll_link;     /* on its CPU's poll list if deadline */

    struct vcpu_runstate_info runstate;
    /* time[running] when it last entered 'blocked' (for the end log) */
    uint64_t running_at_block;

    union {
        struct csched_vcpu credit;
    } priv;
};

struct sched_cpu {
    spinlock_t lock;
    unsigned int cpu;
    bool online;
    struct sched_vcpu *curr;        /* running (or switching to) here */
    struct sched_vcpu *idle;        /* runs when nothing else can */
    uint64_t slice_end;             /* end of curr's time slice, 0 = none */
    struct list_head poll_list;     /* polling vCPUs with a deadline */
    union {
        struct csched_pcpu credit;
    } priv;
};

/* What a policy's do_schedule() decided. */
struct sched_decision {
    struct sched_vcpu *next;        /* on this CPU: processor == cpu */
    uint64_t slice;                 /* ns until the next decision; 0 = none */
};

/*
 * Per-domain parameters, as `xl sched-credit` shows them and
 * struct xen_domctl_sched_credit carries them.
 */
struct sched_params {
    unsigned int weight;            /* relative share, 1..65535 */
    unsigned int cap;               /* percent of one CPU, 0 = no cap */
};

/*
 * A policy (Xen's struct scheduler).  "cpu lock held" means the lock of
 * the CPU named, or of sv->processor.
 */
struct scheduler {
    const char *name;               /* "credit" */
    unsigned int sched_id;          /* XEN_SCHEDULER_* */
    void (*init)(void);
    void (*init_cpu)(unsigned int cpu, uint64_t now);   /* no lock held */
    void (*init_domain)(struct sched_dom *sd);
    void (*destroy_domain)(struct sched_dom *sd);
    void (*init_vcpu)(struct sched_vcpu *sv);           /* not yet visible */
    void (*destroy_vcpu)(struct sched_vcpu *sv);        /* no lock held */
    /* sv became runnable after waiting: queue it (cpu lock held). */
    void (*wake)(struct sched_vcpu *sv, uint64_t now);
    /* sv moved here and is runnable: queue it, no wake bonus (lock held). */
    void (*migrated)(struct sched_vcpu *sv, uint64_t now);
    /* sv stopped being runnable: dequeue it if queued (lock held). */
    void (*sleep)(struct sched_vcpu *sv);
    /* The running sv asks to let others run first (lock held). */
    void (*yield)(struct sched_vcpu *sv);
    /*
     * Picks the next vCPU for 'cpu' (lock held); 'prev' is its current
     * one, to be queued again if sched_vcpu_may_run_on(prev, cpu).
     */
    struct sched_decision (*do_schedule)(unsigned int cpu,
                                         struct sched_vcpu *prev,
                                         uint64_t now);
    /*
     * Every timer expiry on 'cpu' (no lock held): periodic work, when
     * next_tick(cpu) (cpu lock held; ~0 = none) has come.
     */
    void (*tick)(unsigned int cpu, uint64_t now);
    uint64_t (*next_tick)(unsigned int cpu);
    int (*adjust)(struct sched_dom *sd, const struct sched_params *p);
    void (*get_params)(struct sched_dom *sd, struct sched_params *p);
    void (*dump_cpu)(unsigned int cpu);                 /* cpu lock held */
};

/* The credit scheduler (sched_credit.c). */
extern const struct scheduler sched_credit_ops;

/* ---- Boot ---- */

/* Selects the policy; before any other call. */
void sched_init(const struct scheduler *ops);

/*
 * Brings 'cpu' under the scheduler with 'idle' (the CPU's idle vCPU, for
 * arch vCPU 'v') running on it.  Called on 'cpu' itself, before it first
 * enables softirqs.
 */
void sched_init_cpu(unsigned int cpu, struct sched_vcpu *idle,
                    struct vcpu *v, uint64_t now);

/* ---- Domains and vCPUs ---- */

void sched_init_domain(struct sched_dom *sd, domid_t domid);
void sched_destroy_domain(struct sched_dom *sd);

/*
 * Sets up sv for vCPU v of sd, placed on 'cpu' (online), affinity all
 * CPUs.  It starts down (SCHED_PF_DOWN, RUNSTATE_offline) until
 * sched_vcpu_up().
 */
void sched_init_vcpu(struct sched_vcpu *sv, struct vcpu *v,
                     struct sched_dom *sd, unsigned int vcpu_id,
                     unsigned int cpu);

/* @pre sv is paused or down and not running (sched_vcpu_is_running). */
void sched_destroy_vcpu(struct sched_vcpu *sv);

/* Clears / sets SCHED_PF_DOWN (VCPUOP_up / VCPUOP_down, dom0's start). */
void sched_vcpu_up(struct sched_vcpu *sv);
void sched_vcpu_down(struct sched_vcpu *sv);

/*
 * Pause counts nest (Xen's vcpu_pause_nosync / vcpu_unpause).  Pausing a
 * running vCPU asks its CPU to reschedule and returns at once: it is off
 * the CPU once sched_vcpu_is_running() reads false.
 * @pre unpause: the count is non-zero.
 */
void sched_vcpu_pause(struct sched_vcpu *sv);
void sched_vcpu_unpause(struct sched_vcpu *sv);

/* Snapshots (exact only under sv's lock). */
bool sched_vcpu_runnable(const struct sched_vcpu *sv);
bool sched_vcpu_is_running(const struct sched_vcpu *sv);

/*
 * SCHEDOP_block for the running vCPU sv: blocks unless
 * sched_vcpu_events_pending() says an event is already owed, and asks for
 * a reschedule.  Returns true when it blocked.  The caller re-enables
 * event delivery first (Xen does: the guest may block with events masked).
 */
bool sched_vcpu_block(struct sched_vcpu *sv);

/*
 * SCHEDOP_block for the running vCPU v, whole (common/sched.c): events
 * unmasked, then sched_vcpu_block().  Returns 0 (the hypercall's result).
 */
struct vcpu;
long sched_block(struct vcpu *v);

/*
 * An event for sv (Xen's vcpu_unblock): ends a block or a poll.  Safe on
 * a vCPU that is not blocked.
 */
void sched_vcpu_unblock(struct sched_vcpu *sv);

/* SCHEDOP_yield for the running vCPU sv: others run first, then sv. */
void sched_vcpu_yield(struct sched_vcpu *sv);

/*
 * Hard affinity.  -XEN_EINVAL when 'mask' has no online CPU.  A vCPU
 * running or queued outside the new mask moves at once (running: after
 * its next deschedule).
 */
int sched_vcpu_set_affinity(struct sched_vcpu *sv, sched_cpumask_t mask);

/* True when sv is runnable and nothing keeps it from running on 'cpu'. */
bool sched_vcpu_may_run_on(const struct sched_vcpu *sv, unsigned int cpu);

/*
 * The runstate as VCPUOP_get_runstate_info reports it: the current
 * state's time so far is included up to 'now', so the four times add up
 * to 'now' minus the vCPU's creation time.
 */
void sched_vcpu_runstate(struct sched_vcpu *sv, uint64_t now,
                         struct vcpu_runstate_info *out);

/* ---- SCHEDOP_poll, in three steps ---- */

/*
 * Step 1, on the running vCPU sv: marks it polling and blocked, with an
 * optional absolute wake-up 'deadline' (system time, ns; 0 = none), then
 * checks sched_vcpu_events_pending().  Returns false (not blocked, return
 * 0 to the guest at once) when an event is already owed.
 * Step 2, caller: checks the ports; if one is pending, sched_poll_cancel().
 * Step 3: return from the hypercall; the reschedule is already asked for.
 * Events on a polled port call sched_poll_wake(); any event
 * (sched_vcpu_unblock()) and the deadline end the poll too.  The guest
 * gets 0 in every case (Xen).
 */
bool sched_poll_prepare(struct sched_vcpu *sv, uint64_t deadline);
void sched_poll_cancel(struct sched_vcpu *sv);
/* Ends sv's poll if it is polling; true when it was. */
bool sched_poll_wake(struct sched_vcpu *sv);
bool sched_vcpu_polling(const struct sched_vcpu *sv);

/* ---- Per-domain parameters (`xl sched-credit`, a later domctl) ---- */

/* 0, or -XEN_EINVAL for a weight outside 1..65535 (nothing changes). */
int sched_adjust(struct sched_dom *sd, const struct sched_params *p);
void sched_get_params(struct sched_dom *sd, struct sched_params *p);

/* ---- Called by the arch ---- */

/*
 * Decides what runs next on 'cpu' and switches to it.  Call on 'cpu'
 * itself, with no scheduler lock held, from the SCHEDULE softirq (raised
 * by arch_sched_kick()) on the return-to-guest path and in the idle loop.
 * Calls arch_sched_context_switch() last, when prev != next.
 */
void schedule(unsigned int cpu, uint64_t now);

/*
 * The CPU's scheduler timer fired (the deadline of the last
 * arch_sched_set_timer()): policy ticks, slice end, poll deadlines.  Call
 * on 'cpu' itself from softirq context.  It re-arms the timer.
 */
void sched_timer(unsigned int cpu, uint64_t now);

/*
 * The arch saved prev's state (the CPU no longer uses it): prev may now
 * run elsewhere.  Called from arch_sched_context_switch(), possibly later
 * (a lazy switch); until then prev is never stolen by another CPU.
 */
void sched_context_saved(struct sched_vcpu *prev);

/* Prints every CPU's current vCPU and run queue (the 'r' debug key). */
void sched_dump(void);

/* For policies: per-CPU state, locking, CPU sets. */
struct sched_cpu *sched_cpu(unsigned int cpu);
struct sched_cpu *sched_vcpu_lock(struct sched_vcpu *sv);
void sched_vcpu_unlock(struct sched_vcpu *sv, struct sched_cpu *sc);
sched_cpumask_t sched_online_cpus(void);
sched_cpumask_t sched_idle_cpus(void);

/* ---- Hooks the arch (or the lead's glue) implements ---- */

/*
 * Switch this CPU from prev to next (both struct vcpu; either may be an
 * idle vCPU).  Called by schedule() with no scheduler lock held, as its
 * last action; runstates are already updated (refresh guest-mapped
 * runstate areas here).  Saves prev's state, loads next's, and calls
 * sched_context_saved(&prev->sched) once prev's state is saved.  May
 * return (the CPU then goes back to the guest as next) or not (stack
 * switch): schedule() has nothing left to do either way.
 */
void arch_sched_context_switch(struct vcpu *prev, struct vcpu *next);

/*
 * Make 'cpu' call schedule() soon: raise SCHEDULE_SOFTIRQ there, with an
 * IPI when it is not this CPU.  May be called with scheduler locks held,
 * so it must not call back into the scheduler.
 */
void arch_sched_kick(unsigned int cpu);

/*
 * Program this CPU's ('cpu') one scheduler timer for the absolute system
 * time 'deadline' (ns), replacing the previous setting; a past deadline
 * fires at once, UINT64_MAX never.  When it fires, call
 * sched_timer(cpu, now) from softirq context.  May be called with the
 * CPU's scheduler lock held.
 */
void arch_sched_set_timer(unsigned int cpu, uint64_t deadline);

/* System time in ns (Xen's NOW()); monotonic, the same on every CPU. */
uint64_t arch_sched_now(void);

/*
 * True when an event upcall is owed to v (Xen's
 * local_events_need_delivery: pending and not masked); for
 * evtchn_vcpu_needs_upcall().  Takes no lock.
 */
bool sched_vcpu_events_pending(struct vcpu *v);

#endif /* HV_SCHED_H */
