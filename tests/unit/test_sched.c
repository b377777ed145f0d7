/*
 * The scheduler core (common/schedule.c) with the credit policy
 * (common/sched_credit.c), on a simulated machine: fake CPUs whose timer
 * and reschedule requests the test serves in time order, fake vCPUs that
 * either compute for ever or run a while and block, and a clock that only
 * moves from one event to the next.  CPU time is measured by the test
 * itself (from the context switches), apart from the runstates.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "hv_host.h"
#include <hv/sched.h>
#include <xen/errno.h>

#define NCPUS_MAX   4
#define NVCPUS_MAX  8
#define MS(x)       SCHED_MS(x)
#define NEVER       UINT64_MAX

/* A fake vCPU; the scheduler sees it as a struct vcpu it never opens. */
struct tvcpu {
    struct sched_vcpu s;
    const char *name;
    bool events;                /* an event upcall is owed */
    uint64_t run_ns;            /* blocks after running this long; 0 never */
    uint64_t sleep_ns;          /* then wakes after this long; 0 never */
    uint64_t wake_at;           /* pending wake-up, 0 = none */
    uint64_t woke_at;           /* last wake-up, for latency */
    uint64_t max_latency;       /* longest wake-to-run delay seen */
    uint64_t run_start;         /* last switch-in (or failed block) */
    uint64_t ran[NCPUS_MAX];    /* CPU time per CPU, measured by the test */
    unsigned int switches_in;
};

static uint64_t now;
static unsigned int ncpus;
static uint64_t timer_at[NCPUS_MAX];
static bool kicked[NCPUS_MAX];
static uint64_t since[NCPUS_MAX];
static struct tvcpu *running_on[NCPUS_MAX];
static struct tvcpu idlev[NCPUS_MAX];
static struct tvcpu *all[NVCPUS_MAX];
static unsigned int nall;
/* A lazy arch: the state of the vCPU switched from is saved later. */
static bool defer_saved;
static struct tvcpu *unsaved;

static struct tvcpu *tv_of(struct vcpu *v)
{
    return (struct tvcpu *)v;
}

/* ---- The hooks the scheduler calls ---- */

uint64_t arch_sched_now(void)
{
    return now;
}

void arch_sched_kick(unsigned int cpu)
{
    cr_assert(cpu < ncpus, "kick of CPU %u", cpu);
    kicked[cpu] = true;
}

void arch_sched_set_timer(unsigned int cpu, uint64_t deadline)
{
    cr_assert(cpu < ncpus);
    timer_at[cpu] = deadline;
}

bool sched_vcpu_events_pending(struct vcpu *v)
{
    return tv_of(v)->events;
}

void arch_sched_context_switch(struct vcpu *prev, struct vcpu *next)
{
    struct tvcpu *p = tv_of(prev), *n = tv_of(next);
    unsigned int cpu = n->s.processor;

    cr_assert(running_on[cpu] == p, "switch from %s, not what runs on %u",
              p->name, cpu);
    cr_assert(!n->s.is_idle || n == &idlev[cpu]);
    p->ran[cpu] += now - since[cpu];
    running_on[cpu] = n;
    since[cpu] = now;
    n->run_start = now;
    n->switches_in++;
    if (n->woke_at && now - n->woke_at > n->max_latency)
        n->max_latency = now - n->woke_at;
    n->woke_at = 0;
    if (defer_saved) {
        cr_assert_null(unsaved, "two unsaved vCPUs");
        unsaved = p;
        return;
    }
    sched_context_saved(&p->s);
}

/* ---- The simulated machine ---- */

static void sim_init(unsigned int n)
{
    ncpus = n;
    now = 0;
    sched_init(&sched_credit_ops);
    for (unsigned int cpu = 0; cpu < n; cpu++) {
        idlev[cpu].name = "idle";
        timer_at[cpu] = NEVER;
        sched_init_cpu(cpu, &idlev[cpu].s, (struct vcpu *)&idlev[cpu], now);
        running_on[cpu] = &idlev[cpu];
        cr_assert(timer_at[cpu] != NEVER, "CPU %u has no timer", cpu);
    }
}

static void new_dom(struct sched_dom *d, domid_t id, unsigned int weight,
                    unsigned int cap)
{
    struct sched_params p = { .weight = weight, .cap = cap };

    sched_init_domain(d, id);
    cr_assert_eq(sched_adjust(d, &p), 0);
}

/* A vCPU of d on 'cpu', brought up (so queued) at once. */
static void new_vcpu(struct tvcpu *tv, const char *name, struct sched_dom *d,
                     unsigned int cpu)
{
    tv->name = name;
    sched_init_vcpu(&tv->s, (struct vcpu *)tv, d, nall, cpu);
    all[nall++] = tv;
    sched_vcpu_up(&tv->s);
}

/*
 * One CPU and two uncapped domains with one vCPU each on it, the set-up
 * most cases start from: x in d1 (weight w1), y in d2 (weight w2).
 */
static void two_domains(struct sched_dom *d1, struct sched_dom *d2,
                        struct tvcpu *x, const char *xname,
                        struct tvcpu *y, const char *yname,
                        unsigned int w1, unsigned int w2)
{
    sim_init(1);
    new_dom(d1, 1, w1, 0);
    new_dom(d2, 2, w2, 0);
    new_vcpu(x, xname, d1, 0);
    new_vcpu(y, yname, d2, 0);
}

/* Serves reschedule requests until none is left. */
static void run_kicked(void)
{
    bool any;
    unsigned int rounds = 0;

    do {
        any = false;
        for (unsigned int cpu = 0; cpu < ncpus; cpu++) {
            if (!kicked[cpu])
                continue;
            kicked[cpu] = false;
            any = true;
            schedule(cpu, now);
        }
        cr_assert(++rounds < 100, "reschedule storm at %lu", now);
    } while (any);
}

/* The time of the next timer, wake-up or block. */
static uint64_t next_event(void)
{
    uint64_t t = NEVER;

    for (unsigned int cpu = 0; cpu < ncpus; cpu++) {
        struct tvcpu *tv = running_on[cpu];

        t = MIN(t, timer_at[cpu]);
        if (!tv->s.is_idle && tv->run_ns)
            t = MIN(t, tv->run_start + tv->run_ns);
    }
    for (unsigned int i = 0; i < nall; i++)
        if (all[i]->wake_at)
            t = MIN(t, all[i]->wake_at);
    return t;
}

static void wake(struct tvcpu *tv)
{
    tv->wake_at = 0;
    tv->woke_at = now;
    sched_vcpu_unblock(&tv->s);
}

/* Everything due at 'now': timers, then guests blocking, then wake-ups. */
static void fire_events(void)
{
    for (unsigned int cpu = 0; cpu < ncpus; cpu++) {
        if (timer_at[cpu] <= now) {
            timer_at[cpu] = NEVER;
            sched_timer(cpu, now);
        }
    }
    for (unsigned int cpu = 0; cpu < ncpus; cpu++) {
        struct tvcpu *tv = running_on[cpu];

        if (tv->s.is_idle || !tv->run_ns || tv->run_start + tv->run_ns > now)
            continue;
        if (sched_vcpu_block(&tv->s) && tv->sleep_ns)
            tv->wake_at = now + tv->sleep_ns;
        tv->run_start = now;        /* a refused block runs on */
    }
    for (unsigned int i = 0; i < nall; i++)
        if (all[i]->wake_at && all[i]->wake_at <= now)
            wake(all[i]);
}

/* Runs the machine until 'end'. */
static void run_until(uint64_t end)
{
    for (;;) {
        uint64_t t;

        run_kicked();
        t = next_event();
        if (t > end)
            break;
        now = MAX(now, t);
        fire_events();
    }
    now = end;
}

/* CPU time of tv up to now (on 'cpu', or everywhere for NCPUS_MAX). */
static uint64_t cpu_time_on(struct tvcpu *tv, unsigned int cpu)
{
    uint64_t t = 0;

    for (unsigned int c = 0; c < ncpus; c++) {
        if (cpu != NCPUS_MAX && c != cpu)
            continue;
        t += tv->ran[c];
        if (running_on[c] == tv)
            t += now - since[c];
    }
    return t;
}

static uint64_t cpu_time(struct tvcpu *tv)
{
    return cpu_time_on(tv, NCPUS_MAX);
}

static double share(struct tvcpu *tv, uint64_t elapsed)
{
    return (double)cpu_time(tv) / (double)elapsed;
}

static struct vcpu_runstate_info runstate(struct tvcpu *tv)
{
    struct vcpu_runstate_info rs;

    sched_vcpu_runstate(&tv->s, now, &rs);
    return rs;
}

TestSuite(sched, .timeout = 30);

/* ---- Shares ---- */

/* Two CPU-bound vCPUs on one CPU share it in proportion to weight. */
Test(sched, weights_256_512_share_1_to_2)
{
    static struct sched_dom d1, d2;
    static struct tvcpu a, b;

    two_domains(&d1, &d2, &a, "a", &b, "b", 256, 512);
    run_until(MS(3000));
    fprintf(stderr, "weights 256:512 over 3 s: a %.3f b %.3f (b/a %.3f)\n",
            share(&a, now), share(&b, now),
            (double)cpu_time(&b) / (double)cpu_time(&a));
    cr_assert_eq(cpu_time(&a) + cpu_time(&b), now, "the CPU idled");
    cr_assert(cpu_time(&b) >= 1.8 * cpu_time(&a) &&
              cpu_time(&b) <= 2.2 * cpu_time(&a),
              "b/a = %.3f, not 2 within 10%%",
              (double)cpu_time(&b) / (double)cpu_time(&a));
}

Test(sched, equal_weights_split_evenly)
{
    static struct sched_dom d1, d2;
    static struct tvcpu a, b;

    two_domains(&d1, &d2, &a, "a", &b, "b", 256, 256);
    run_until(MS(3000));
    fprintf(stderr, "weights 256:256 over 3 s: a %.3f b %.3f\n",
            share(&a, now), share(&b, now));
    cr_assert(share(&a, now) > 0.45 && share(&a, now) < 0.55);
    cr_assert(share(&b, now) > 0.45 && share(&b, now) < 0.55);
}

Test(sched, three_domains_by_weight)
{
    static struct sched_dom d1, d2, d3;
    static struct tvcpu a, b, c;

    sim_init(1);
    new_dom(&d1, 1, 256, 0);
    new_dom(&d2, 2, 256, 0);
    new_dom(&d3, 3, 512, 0);
    new_vcpu(&a, "a", &d1, 0);
    new_vcpu(&b, "b", &d2, 0);
    new_vcpu(&c, "c", &d3, 0);
    run_until(MS(3000));
    fprintf(stderr, "weights 256:256:512 over 3 s: %.3f %.3f %.3f\n",
            share(&a, now), share(&b, now), share(&c, now));
    cr_assert(share(&a, now) > 0.225 && share(&a, now) < 0.275);
    cr_assert(share(&b, now) > 0.225 && share(&b, now) < 0.275);
    cr_assert(share(&c, now) > 0.45 && share(&c, now) < 0.55);
}

/* A cap holds even when the CPU would otherwise idle (parking). */
Test(sched, cap_50_limits_a_lone_vcpu)
{
    static struct sched_dom d;
    static struct tvcpu a;

    sim_init(1);
    new_dom(&d, 1, 256, 50);
    new_vcpu(&a, "a", &d, 0);
    run_until(MS(3000));
    fprintf(stderr, "cap 50 alone over 3 s: a %.3f idle %.3f\n",
            share(&a, now), share(&idlev[0], now));
    cr_assert(share(&a, now) > 0.45 && share(&a, now) < 0.55,
              "capped share %.3f", share(&a, now));
}

/* Lifting the cap: the parked vCPU comes back and then never idles. */
Test(sched, cap_removed_runs_flat_out)
{
    static struct sched_dom d;
    static struct tvcpu a;
    struct sched_params p = { .weight = 256, .cap = 0 };
    uint64_t t0, c0;

    sim_init(1);
    new_dom(&d, 1, 256, 50);
    new_vcpu(&a, "a", &d, 0);
    run_until(MS(1000));
    cr_assert_eq(sched_adjust(&d, &p), 0);
    /* Parked now perhaps: back at the first accounting with credit. */
    run_until(MS(1200));
    t0 = now;
    c0 = cpu_time(&a);
    run_until(MS(2200));
    cr_assert_eq(cpu_time(&a) - c0, now - t0, "uncapped vCPU idled");
}

/* ---- Blocking and waking ---- */

/* A blocked vCPU is never chosen and accrues blocked, not running, time. */
Test(sched, blocked_vcpu_gets_no_time_and_never_runs)
{
    static struct sched_dom d1, d2;
    static struct tvcpu a, c;
    struct vcpu_runstate_info rs;

    sim_init(1);
    new_dom(&d1, 1, 256, 0);
    new_dom(&d2, 2, 256, 0);
    new_vcpu(&a, "a", &d1, 0);
    c.run_ns = MS(1);               /* runs 1 ms, blocks, never woken */
    new_vcpu(&c, "c", &d2, 0);
    run_until(MS(2000));
    cr_assert_eq(c.switches_in, 1, "blocked vCPU chosen %u times",
                 c.switches_in);
    cr_assert_eq(cpu_time(&c), MS(1));
    rs = runstate(&c);
    cr_assert_eq(rs.state, RUNSTATE_blocked);
    cr_assert_eq(rs.time[RUNSTATE_running], MS(1));
    cr_assert_eq(cpu_time(&a), now - MS(1), "a did not get the rest");
}

/* SCHEDOP_block with an event already owed returns at once (Xen). */
Test(sched, block_with_event_pending_does_not_block)
{
    static struct sched_dom d;
    static struct tvcpu a;

    sim_init(1);
    new_dom(&d, 1, 256, 0);
    new_vcpu(&a, "a", &d, 0);
    run_until(MS(5));
    a.events = true;
    cr_assert(!sched_vcpu_block(&a.s), "blocked with an event owed");
    run_until(MS(50));
    cr_assert_eq(running_on[0], &a);
    cr_assert_eq(runstate(&a).time[RUNSTATE_blocked], 0);
}

/*
 * An I/O-like vCPU (1 ms of work, then a wait) beside a CPU hog: every
 * wake-up is BOOSTed and preempts the hog at once.
 */
Test(sched, woken_vcpu_preempts_with_boost)
{
    static struct sched_dom d1, d2;
    static struct tvcpu a, io;

    sim_init(1);
    new_dom(&d1, 1, 256, 0);
    new_dom(&d2, 2, 256, 0);
    new_vcpu(&a, "a", &d1, 0);
    io.run_ns = MS(1);              /* 1 ms of work per 10 ms, like I/O */
    io.sleep_ns = MS(9) + 123457;   /* out of phase with the ticks */
    new_vcpu(&io, "io", &d2, 0);
    run_until(MS(3000));
    fprintf(stderr, "boost: io woke %u times, max latency %lu ns, "
            "share %.3f; a %.3f\n", io.switches_in, io.max_latency,
            share(&io, now), share(&a, now));
    cr_assert_gt(io.switches_in, 250);
    cr_assert_eq(io.max_latency, 0, "woken vCPU waited %lu ns",
                 io.max_latency);
}

Test(sched, wake_mid_slice_runs_at_once)
{
    static struct sched_dom d1, d2;
    static struct tvcpu a, b;
    uint64_t waited;

    sim_init(1);
    new_dom(&d1, 1, 256, 0);
    new_dom(&d2, 2, 256, 0);
    new_vcpu(&a, "a", &d1, 0);
    b.run_ns = MS(2);
    new_vcpu(&b, "b", &d2, 0);
    run_until(MS(500));
    cr_assert_eq(running_on[0], &a);
    cr_assert_eq(runstate(&b).state, RUNSTATE_blocked);
    waited = runstate(&b).time[RUNSTATE_runnable];
    now = MS(500) + 4321;           /* mid-way through a's slice */
    wake(&b);
    run_kicked();
    cr_assert_eq(running_on[0], &b, "woken vCPU waits for the slice end");
    cr_assert_eq(runstate(&b).time[RUNSTATE_runnable], waited);
}

/* ---- Yield ---- */

/* Yield mid-slice hands the CPU to the queued vCPU, both ways. */
Test(sched, yield_lets_the_other_run)
{
    static struct sched_dom d1, d2;
    static struct tvcpu a, b;
    struct tvcpu *first, *second;

    two_domains(&d1, &d2, &a, "a", &b, "b", 256, 256);
    run_until(MS(95));
    now += 1000;                    /* mid-slice */
    first = running_on[0];
    second = first == &a ? &b : &a;
    sched_vcpu_yield(&first->s);
    run_kicked();
    cr_assert_eq(running_on[0], second, "yield did not let the other run");
    now += 1000;
    sched_vcpu_yield(&second->s);
    run_kicked();
    cr_assert_eq(running_on[0], first);
}

Test(sched, yield_alone_keeps_running)
{
    static struct sched_dom d;
    static struct tvcpu a;

    sim_init(1);
    new_dom(&d, 1, 256, 0);
    new_vcpu(&a, "a", &d, 0);
    run_until(MS(15));
    sched_vcpu_yield(&a.s);
    run_kicked();
    cr_assert_eq(running_on[0], &a);
    cr_assert_eq(a.switches_in, 1);
}

/* ---- Affinity and SMP ---- */

/* Three CPU-bound vCPUs on two CPUs, one pinned: it stays put. */
Test(sched, pinned_vcpu_never_runs_elsewhere)
{
    static struct sched_dom d1, d2, d3;
    static struct tvcpu p, q, r;

    sim_init(2);
    new_dom(&d1, 1, 256, 0);
    new_dom(&d2, 2, 256, 0);
    new_dom(&d3, 3, 256, 0);
    new_vcpu(&p, "p", &d1, 0);      /* placed on 0, then pinned to 1 */
    cr_assert_eq(sched_vcpu_set_affinity(&p.s, SCHED_CPU(1)), 0);
    new_vcpu(&q, "q", &d2, 0);
    new_vcpu(&r, "r", &d3, 1);
    run_until(MS(3000));
    fprintf(stderr, "pinned p: cpu0 %lu ns, cpu1 %.3f; q %.3f r %.3f\n",
            cpu_time_on(&p, 0), (double)cpu_time_on(&p, 1) / now,
            share(&q, now), share(&r, now));
    cr_assert_eq(cpu_time_on(&p, 0), 0, "pinned vCPU ran on CPU 0");
    cr_assert_gt(cpu_time_on(&p, 1), MS(500));
    cr_assert_eq(cpu_time(&p) + cpu_time(&q) + cpu_time(&r), 2 * now,
                 "a CPU idled with work queued");
}

Test(sched, repinning_a_running_vcpu_moves_it)
{
    static struct sched_dom d;
    static struct tvcpu a;
    uint64_t on0;

    sim_init(2);
    new_dom(&d, 1, 256, 0);
    new_vcpu(&a, "a", &d, 0);
    run_until(MS(20));
    cr_assert_eq(running_on[0], &a);
    cr_assert_eq(sched_vcpu_set_affinity(&a.s, SCHED_CPU(1)), 0);
    run_kicked();
    cr_assert_eq(running_on[1], &a, "not moved to CPU 1");
    cr_assert_eq(running_on[0], &idlev[0]);
    on0 = cpu_time_on(&a, 0);
    run_until(MS(500));
    cr_assert_eq(cpu_time_on(&a, 0), on0);
    cr_assert_eq(cpu_time_on(&a, 1), now - MS(20));
}

Test(sched, affinity_without_online_cpu_refused)
{
    static struct sched_dom d;
    static struct tvcpu a;

    sim_init(2);
    new_dom(&d, 1, 256, 0);
    new_vcpu(&a, "a", &d, 0);
    cr_assert_eq(sched_vcpu_set_affinity(&a.s, SCHED_CPU(5)), -XEN_EINVAL);
    cr_assert_eq(sched_vcpu_set_affinity(&a.s, 0), -XEN_EINVAL);
    cr_assert_eq(a.s.affinity, SCHED_ALL_CPUS);
}

/* Both vCPUs start queued on CPU 0: CPU 1 steals one at once. */
Test(sched, work_stealing_keeps_both_cpus_busy)
{
    static struct sched_dom d1, d2;
    static struct tvcpu a, b;

    sim_init(2);
    new_dom(&d1, 1, 256, 0);
    new_dom(&d2, 2, 256, 0);
    new_vcpu(&a, "a", &d1, 0);      /* both start on CPU 0 */
    new_vcpu(&b, "b", &d2, 0);
    run_until(MS(2000));
    fprintf(stderr, "stealing, 2 CPUs: a %.3f b %.3f, idle %.3f %.3f\n",
            share(&a, now), share(&b, now), share(&idlev[0], now),
            share(&idlev[1], now));
    cr_assert_eq(cpu_time(&idlev[0]) + cpu_time(&idlev[1]), 0,
                 "a CPU idled with a vCPU waiting");
    cr_assert_eq(cpu_time(&a), now);
    cr_assert_eq(cpu_time(&b), now);
}

Test(sched, idle_cpu_steals_when_work_appears)
{
    static struct sched_dom d1, d2;
    static struct tvcpu a, b;

    sim_init(2);
    new_dom(&d1, 1, 256, 0);
    new_dom(&d2, 2, 256, 0);
    new_vcpu(&a, "a", &d1, 0);
    run_until(MS(100));
    cr_assert_eq(running_on[1], &idlev[1]);
    new_vcpu(&b, "b", &d2, 0);      /* queued behind running a on CPU 0 */
    run_kicked();
    cr_assert_eq(running_on[0], &b, "boosted b did not preempt");
    cr_assert_eq(running_on[1], &a, "idle CPU 1 did not steal a");
}

/*
 * A lazy arch saves the previous vCPU's state late: until it does, no
 * other CPU may run that vCPU; when it does, an idle CPU is told.
 */
Test(sched, unsaved_vcpu_is_not_stolen)
{
    static struct sched_dom d1, d2;
    static struct tvcpu a, b;

    sim_init(2);
    new_dom(&d1, 1, 256, 0);
    new_dom(&d2, 2, 256, 0);
    new_vcpu(&a, "a", &d1, 0);
    run_until(MS(15));
    defer_saved = true;
    b.name = "b";
    sched_init_vcpu(&b.s, (struct vcpu *)&b, &d2, 1, 0);
    all[nall++] = &b;
    cr_assert_eq(sched_vcpu_set_affinity(&b.s, SCHED_CPU(0)), 0);
    sched_vcpu_up(&b.s);            /* boosted: preempts a on CPU 0 */
    run_kicked();
    cr_assert_eq(running_on[0], &b);
    cr_assert_eq(unsaved, &a);
    kicked[1] = true;               /* a stray reschedule on CPU 1 */
    run_kicked();
    cr_assert_eq(running_on[1], &idlev[1], "stole a vCPU still in use");
    defer_saved = false;
    unsaved = NULL;
    sched_context_saved(&a.s);      /* now it may move: CPU 1 is told */
    run_kicked();
    cr_assert_eq(running_on[1], &a, "idle CPU 1 not told to steal");
}

/* Repinning moves queued and blocked vCPUs; a poll deadline follows. */
Test(sched, repinning_queued_and_polling_vcpus)
{
    static struct sched_dom d;
    static struct tvcpu a, b, c;
    struct tvcpu *waiting, *poller;
    uint64_t on1;

    sim_init(2);
    new_dom(&d, 1, 256, 0);
    new_vcpu(&a, "a", &d, 0);
    new_vcpu(&b, "b", &d, 0);
    new_vcpu(&c, "c", &d, 1);
    cr_assert_eq(sched_vcpu_set_affinity(&a.s, SCHED_CPU(0)), 0);
    cr_assert_eq(sched_vcpu_set_affinity(&b.s, SCHED_CPU(0)), 0);
    run_until(MS(40));
    /* One of a, b waits queued on CPU 0: send it to CPU 1. */
    waiting = running_on[0] == &a ? &b : &a;
    cr_assert_eq(runstate(waiting).state, RUNSTATE_runnable);
    cr_assert_eq(sched_vcpu_set_affinity(&waiting->s, SCHED_CPU(1)), 0);
    cr_assert_eq(waiting->s.processor, 1);
    /* What runs on CPU 1 polls with a deadline, then is pinned to 0. */
    run_until(MS(100));
    poller = running_on[1];
    cr_assert(sched_poll_prepare(&poller->s, MS(150)));
    run_kicked();
    on1 = cpu_time_on(poller, 1);
    cr_assert_eq(sched_vcpu_set_affinity(&poller->s, SCHED_CPU(0)), 0);
    cr_assert_eq(poller->s.processor, 0);
    run_until(MS(150) - 1);
    cr_assert(sched_vcpu_polling(&poller->s));
    run_until(MS(150));
    cr_assert(!sched_vcpu_polling(&poller->s), "deadline lost in the move");
    cr_assert_eq(runstate(poller).time[RUNSTATE_blocked], MS(50));
    run_until(MS(1000));
    cr_assert_eq(cpu_time_on(poller, 1), on1, "ran on CPU 1 after the pin");
    cr_assert_gt(cpu_time_on(poller, 0), 0);
}

/* ---- Pause, up/down, poll ---- */

/* Pauses nest: it runs again only when the last one is undone. */
Test(sched, pause_nests)
{
    static struct sched_dom d;
    static struct tvcpu a;

    sim_init(1);
    new_dom(&d, 1, 256, 0);
    new_vcpu(&a, "a", &d, 0);
    run_until(MS(10));
    sched_vcpu_pause(&a.s);
    sched_vcpu_pause(&a.s);
    run_kicked();
    cr_assert_eq(running_on[0], &idlev[0], "paused vCPU still runs");
    cr_assert(!sched_vcpu_is_running(&a.s));
    sched_vcpu_unpause(&a.s);
    run_until(MS(100));
    cr_assert_eq(cpu_time(&a), MS(10), "ran with one pause left");
    cr_assert_eq(runstate(&a).state, RUNSTATE_offline);
    sched_vcpu_unpause(&a.s);
    run_kicked();
    cr_assert_eq(running_on[0], &a);
    cr_assert_eq(runstate(&a).time[RUNSTATE_offline], MS(90));
}

Test(sched, down_vcpu_waits_for_up)
{
    static struct sched_dom d;
    static struct tvcpu a;

    sim_init(1);
    new_dom(&d, 1, 256, 0);
    a.name = "a";
    sched_init_vcpu(&a.s, (struct vcpu *)&a, &d, 0, 0);
    all[nall++] = &a;
    run_until(MS(50));
    cr_assert_eq(a.switches_in, 0);
    cr_assert_eq(runstate(&a).time[RUNSTATE_offline], MS(50));
    sched_vcpu_up(&a.s);
    run_kicked();
    cr_assert_eq(running_on[0], &a);
    sched_vcpu_down(&a.s);
    run_kicked();
    cr_assert_eq(running_on[0], &idlev[0]);
}

Test(sched, poll_times_out_at_its_deadline)
{
    static struct sched_dom d;
    static struct tvcpu a;

    sim_init(1);
    new_dom(&d, 1, 256, 0);
    new_vcpu(&a, "a", &d, 0);
    run_until(MS(3) + 17);
    cr_assert(sched_poll_prepare(&a.s, now + MS(5)));
    cr_assert(sched_vcpu_polling(&a.s));
    run_kicked();
    cr_assert_eq(running_on[0], &idlev[0]);
    run_until(MS(8) + 16);
    cr_assert_eq(running_on[0], &idlev[0], "woke before the deadline");
    run_until(MS(8) + 17);
    cr_assert_eq(running_on[0], &a, "not woken at the deadline");
    cr_assert(!sched_vcpu_polling(&a.s));
    cr_assert_eq(runstate(&a).time[RUNSTATE_blocked], MS(5));
}

Test(sched, poll_woken_early_by_an_event)
{
    static struct sched_dom d;
    static struct tvcpu a;

    sim_init(1);
    new_dom(&d, 1, 256, 0);
    new_vcpu(&a, "a", &d, 0);
    run_until(MS(3));
    cr_assert(!sched_poll_wake(&a.s), "woke a vCPU that does not poll");
    cr_assert(sched_poll_prepare(&a.s, now + MS(50)));
    run_until(MS(5));
    cr_assert(sched_poll_wake(&a.s));
    run_kicked();
    cr_assert_eq(running_on[0], &a);
    /* The old deadline must not matter any more. */
    run_until(MS(100));
    cr_assert_eq(runstate(&a).time[RUNSTATE_blocked], MS(2));
    cr_assert_eq(a.switches_in, 2);
}

Test(sched, poll_with_event_owed_returns_at_once)
{
    static struct sched_dom d;
    static struct tvcpu a;

    sim_init(1);
    new_dom(&d, 1, 256, 0);
    new_vcpu(&a, "a", &d, 0);
    run_until(MS(3));
    a.events = true;
    cr_assert(!sched_poll_prepare(&a.s, 0));
    cr_assert(!sched_vcpu_polling(&a.s));
    /* Step 2 found a port pending: cancel, and it never blocked. */
    a.events = false;
    cr_assert(sched_poll_prepare(&a.s, 0));
    sched_poll_cancel(&a.s);
    run_kicked();
    cr_assert_eq(running_on[0], &a);
    cr_assert_eq(runstate(&a).time[RUNSTATE_blocked], 0);
}

/* ---- Runstate accounting ---- */

/*
 * Blocks, wakes, pauses, a cap and stealing at odd nanoseconds: each
 * vCPU's four runstate times add up to the elapsed time exactly, and its
 * running time is what the test measured from the switches.
 */
Test(sched, runstate_times_add_up_exactly)
{
    static struct sched_dom d1, d2, d3;
    static struct tvcpu a, b, c;
    struct tvcpu *v[] = { &a, &b, &c, &idlev[0], &idlev[1] };

    sim_init(2);
    new_dom(&d1, 1, 256, 0);
    new_dom(&d2, 2, 512, 0);
    new_dom(&d3, 3, 256, 20);
    new_vcpu(&a, "a", &d1, 0);
    b.run_ns = 700001;
    b.sleep_ns = 3333331;
    new_vcpu(&b, "b", &d2, 1);
    c.run_ns = MS(7) + 3;
    c.sleep_ns = MS(1) + 11;
    new_vcpu(&c, "c", &d3, 0);
    run_until(MS(777) + 1);
    sched_vcpu_pause(&a.s);
    run_until(MS(999) + 7);
    sched_vcpu_unpause(&a.s);
    run_until(MS(2500) + 13);
    for (unsigned int i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
        struct vcpu_runstate_info rs = runstate(v[i]);
        uint64_t sum = rs.time[0] + rs.time[1] + rs.time[2] + rs.time[3];

        cr_assert_eq(sum, now, "%s: states add up to %lu, not %lu",
                     v[i]->name, sum, now);
        cr_assert_eq(rs.time[RUNSTATE_running], cpu_time(v[i]),
                     "%s: running %lu, measured %lu", v[i]->name,
                     rs.time[RUNSTATE_running], cpu_time(v[i]));
    }
    cr_assert_gt(runstate(&a).time[RUNSTATE_offline], 0);
    cr_assert_gt(runstate(&b).time[RUNSTATE_blocked], 0);
}

/* ---- Parameters, tear-down, dump ---- */

Test(sched, params_get_set_and_refusals)
{
    static struct sched_dom d;
    struct sched_params p;
    struct sched_params bad = { .weight = 0, .cap = 0 };
    struct sched_params big = { .weight = 65536, .cap = 0 };

    sim_init(1);
    sched_init_domain(&d, 1);
    sched_get_params(&d, &p);
    cr_assert_eq(p.weight, 256);
    cr_assert_eq(p.cap, 0);
    p.weight = 512;
    p.cap = 50;
    cr_assert_eq(sched_adjust(&d, &p), 0);
    cr_assert_eq(sched_adjust(&d, &bad), -XEN_EINVAL);
    cr_assert_eq(sched_adjust(&d, &big), -XEN_EINVAL);
    sched_get_params(&d, &p);
    cr_assert_eq(p.weight, 512);
    cr_assert_eq(p.cap, 50);
}

Test(sched, destroy_after_pause_and_dump)
{
    static struct sched_dom d;
    static struct tvcpu a, b;

    sim_init(2);
    new_dom(&d, 1, 256, 0);
    new_vcpu(&a, "a", &d, 0);
    new_vcpu(&b, "b", &d, 0);
    run_until(MS(100));
    sched_dump();
    sched_vcpu_pause(&a.s);
    sched_vcpu_pause(&b.s);
    run_kicked();
    cr_assert(!sched_vcpu_is_running(&a.s) && !sched_vcpu_is_running(&b.s));
    sched_destroy_vcpu(&a.s);
    sched_destroy_vcpu(&b.s);
    nall = 0;
    sched_destroy_domain(&d);
    run_until(MS(200));
    cr_assert_eq(harness_panics, 0);
}
