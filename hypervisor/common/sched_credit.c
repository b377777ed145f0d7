/*
 * The credit scheduler (Xen's credit1), from Xen's documentation:
 *
 *   - Each domain has a weight (default 256, 1..65535) and a cap (percent
 *     of one CPU, 0 = none).  Every 30 ms the accounting hands out one
 *     CPU's worth of credits per online CPU, split by weight among the
 *     vCPUs that use CPU time ("active" ones); running debits credits by
 *     the time used (10 credits per ms), checked at 10 ms ticks.
 *   - A vCPU with credits left is UNDER, one that spent them is OVER; each
 *     CPU's run queue is ordered by priority, first come first served
 *     within one, and a vCPU runs for a 30 ms slice.
 *   - A vCPU that wakes from waiting while UNDER is BOOSTed ahead of the
 *     others, until a tick finds it running (it then uses real CPU time).
 *   - A capped domain's vCPU that overdraws its cap is parked (paused)
 *     until the accounting brings its credits back to zero or above.
 *   - A CPU with nothing better than OVER work takes UNDER work queued on
 *     other CPUs, and an idle one takes any (work stealing), within each
 *     vCPU's affinity.
 *
 * Locks: the accounting lock (prv.lock) protects the active lists and
 * weight totals, and comes before any CPU lock; everything per vCPU
 * (credit, priority, queue position) is under the vCPU's CPU lock.
 */
#include <hv/bug.h>
#include <hv/lib.h>
#include <hv/printk.h>
#include <hv/sched.h>
#include <xen/errno.h>

#define XEN_SCHEDULER_CREDIT        5   /* domctl.h's id (tools-only header) */

#define CSCHED_TICK                 SCHED_MS(10)
#define CSCHED_ACCT_PERIOD          SCHED_MS(30)
#define CSCHED_TSLICE               SCHED_MS(30)
#define CSCHED_CREDITS_PER_MS       10
#define CSCHED_NS_PER_CREDIT        (SCHED_MS(1) / CSCHED_CREDITS_PER_MS)
/* One CPU's worth of credits in a slice, and in an accounting period. */
#define CSCHED_CREDITS_PER_TSLICE   (CSCHED_CREDITS_PER_MS * 30)
#define CSCHED_CREDITS_PER_ACCT     (CSCHED_CREDITS_PER_MS * 30)
#define CSCHED_DEFAULT_WEIGHT       256

enum {
    CSCHED_PRI_BOOST = 0,
    CSCHED_PRI_UNDER = -1,
    CSCHED_PRI_OVER = -2,
    CSCHED_PRI_IDLE = -64,
};

#define CSCHED_FLAG_PARKED          (1u << 0)   /* paused for its cap */
#define CSCHED_FLAG_YIELD           (1u << 1)   /* yielded this slice */

static struct {
    spinlock_t lock;                /* before any CPU lock */
    struct list_head active_doms;
    uint64_t weight_total;          /* weight summed over active vCPUs */
    unsigned int nr_cpus;
    unsigned int master;            /* the CPU that runs the accounting */
    bool have_master;
    uint64_t next_acct;
} prv;

static inline struct csched_vcpu *csv(struct sched_vcpu *sv)
{
    return &sv->priv.credit;
}

static inline struct csched_dom *csd(struct sched_dom *sd)
{
    return &sd->priv.credit;
}

static inline struct csched_pcpu *csp(unsigned int cpu)
{
    return &sched_cpu(cpu)->priv.credit;
}

static inline struct sched_vcpu *runq_elem(struct list_head *p)
{
    return list_entry(p, struct sched_vcpu, priv.credit.runq_link);
}

/* ---- Run queues (the vCPU's CPU lock held) ---- */

static bool queued(struct sched_vcpu *sv)
{
    return !list_empty(&csv(sv)->runq_link);
}

/*
 * Behind every vCPU of the same or higher priority.  A vCPU that yielded
 * also goes behind one lower-priority vCPU, if there is one (Xen's rule),
 * so that yielding lets something else run.
 */
static void runq_insert(struct sched_vcpu *sv)
{
    struct list_head *runq = &csp(sv->processor)->runq;
    struct list_head *pos;

    ASSERT(!queued(sv) && !sv->is_idle);
    list_for_each(pos, runq)
        if (csv(runq_elem(pos))->pri < csv(sv)->pri)
            break;
    if ((csv(sv)->flags & CSCHED_FLAG_YIELD) && pos != runq)
        pos = pos->next;
    list_insert_between(&csv(sv)->runq_link, pos->prev, pos);
}

static void runq_remove(struct sched_vcpu *sv)
{
    list_del(&csv(sv)->runq_link);
}

/* The first queued vCPU allowed to run on 'cpu', or NULL. */
static struct sched_vcpu *runq_best(unsigned int cpu)
{
    struct list_head *pos;

    list_for_each(pos, &csp(cpu)->runq)
        if (sched_vcpu_may_run_on(runq_elem(pos), cpu))
            return runq_elem(pos);
    return NULL;
}

/*
 * Debits the running sv for its time since the last debit.  Time worth
 * less than a credit is carried over, so that short runs add up and a
 * guest cannot run for free in slivers.
 */
static void burn_credits(struct sched_vcpu *sv, uint64_t now)
{
    struct csched_vcpu *cv = csv(sv);
    uint64_t ns;

    if (now <= cv->last_burn)
        return;
    ns = now - cv->last_burn + cv->residual_ns;
    cv->last_burn = now;
    cv->credit -= (int)(ns / CSCHED_NS_PER_CREDIT);
    cv->residual_ns = ns % CSCHED_NS_PER_CREDIT;
}

/*
 * prv.lock and sv's CPU lock held: sv used CPU time, so it earns credits
 * from now on ('active' may be read under either lock).
 */
static void activate(struct sched_vcpu *sv)
{
    struct csched_dom *cd = csd(sv->dom);

    if (csv(sv)->active)
        return;
    csv(sv)->active = true;
    list_add_tail(&csv(sv)->active_link, &cd->active_vcpus);
    if (cd->nr_active++ == 0)
        list_add_tail(&cd->active_link, &prv.active_doms);
    prv.weight_total += cd->weight;
}

static void deactivate(struct sched_vcpu *sv)
{
    struct csched_dom *cd = csd(sv->dom);

    if (!csv(sv)->active)
        return;
    csv(sv)->active = false;
    list_del(&csv(sv)->active_link);
    if (--cd->nr_active == 0)
        list_del(&cd->active_link);
    prv.weight_total -= cd->weight;
}

/* ---- Waking and preemption ---- */

/*
 * sv was queued on its CPU: preempt the vCPU running there when sv
 * outranks it.  When sv must wait there, or others wait there with it
 * (several woke before the CPU chose), an idle CPU may steal: wake one.
 */
static void tickle(struct sched_vcpu *sv)
{
    struct sched_cpu *sc = sched_cpu(sv->processor);
    struct list_head *runq = &csp(sc->cpu)->runq;
    bool preempt = csv(sv)->pri > csv(sc->curr)->pri;
    sched_cpumask_t idlers;

    if (preempt)
        arch_sched_kick(sc->cpu);
    if (preempt && runq->next->next == runq)
        return;                     /* sv is all this CPU has queued */
    idlers = sched_idle_cpus() & sched_online_cpus() & sv->affinity &
             ~SCHED_CPU(sc->cpu);
    if (idlers)
        arch_sched_kick(__builtin_ctzll(idlers));
}

static void csched_wake(struct sched_vcpu *sv, uint64_t now)
{
    struct csched_vcpu *cv = csv(sv);

    (void)now;
    /* Not a parked vCPU: its cap stopped it, it did not wait for I/O. */
    if (cv->pri == CSCHED_PRI_UNDER && !(cv->flags & CSCHED_FLAG_PARKED))
        cv->pri = CSCHED_PRI_BOOST;
    runq_insert(sv);
    tickle(sv);
}

static void csched_migrated(struct sched_vcpu *sv, uint64_t now)
{
    (void)now;
    runq_insert(sv);
    tickle(sv);
}

static void csched_sleep(struct sched_vcpu *sv)
{
    if (queued(sv))
        runq_remove(sv);
}

static void csched_yield(struct sched_vcpu *sv)
{
    csv(sv)->flags |= CSCHED_FLAG_YIELD;
}

/* ---- Choosing the next vCPU ---- */

/*
 * Takes from 'peer' its first queued vCPU better than 'floor' that may
 * run on 'cpu' and whose state is not live on a CPU.  We hold our own
 * lock, so the peer's is only tried: waiting could deadlock with a peer
 * stealing from us.
 */
static struct sched_vcpu *steal_from(unsigned int cpu, unsigned int peer,
                                     int floor)
{
    struct sched_cpu *psc = sched_cpu(peer);
    struct sched_vcpu *found = NULL;
    struct list_head *pos;

    if (!spin_trylock(&psc->lock))
        return NULL;
    list_for_each(pos, &csp(peer)->runq) {
        struct sched_vcpu *sv = runq_elem(pos);

        if (csv(sv)->pri <= floor)
            break;                  /* ordered: nothing better follows */
        if (sv->is_running || !sched_vcpu_may_run_on(sv, cpu))
            continue;
        runq_remove(sv);
        ASSERT(list_empty(&sv->poll_link));
        /* Both CPUs' locks are held, as a change of processor needs. */
        __atomic_store_n(&sv->processor, cpu, __ATOMIC_RELEASE);
        found = sv;
        break;
    }
    spin_unlock(&psc->lock);
    return found;
}

/* Peers in turn, starting after 'cpu' so stealers spread their visits. */
static struct sched_vcpu *steal(unsigned int cpu, int floor)
{
    sched_cpumask_t peers = sched_online_cpus() & ~SCHED_CPU(cpu);

    for (unsigned int i = 1; i < SCHED_MAX_CPUS; i++) {
        unsigned int peer = (cpu + i) % SCHED_MAX_CPUS;
        struct sched_vcpu *sv;

        if (!(peers & SCHED_CPU(peer)))
            continue;
        sv = steal_from(cpu, peer, floor);
        if (sv)
            return sv;
    }
    return NULL;
}

static struct sched_decision csched_schedule(unsigned int cpu,
                                             struct sched_vcpu *prev,
                                             uint64_t now)
{
    struct sched_decision d = { .next = sched_cpu(cpu)->idle, .slice = 0 };
    struct sched_vcpu *next, *stolen;

    if (!prev->is_idle) {
        burn_credits(prev, now);
        /*
         * Debited, so it must earn too.  Xen activates only at ticks,
         * which a vCPU running between ticks escapes for ever.  The
         * accounting lock comes first, so it is only tried here.
         */
        if (!csv(prev)->active && spin_trylock(&prv.lock)) {
            activate(prev);
            spin_unlock(&prv.lock);
        }
        if (sched_vcpu_may_run_on(prev, cpu))
            runq_insert(prev);
        csv(prev)->flags &= ~CSCHED_FLAG_YIELD;
    }
    next = runq_best(cpu);
    /* Nothing UNDER here: UNDER work elsewhere, or any when idle. */
    if (!next || csv(next)->pri < CSCHED_PRI_UNDER) {
        stolen = steal(cpu, next ? csv(next)->pri : CSCHED_PRI_IDLE);
        if (stolen)
            next = stolen;
    }
    if (!next)
        return d;
    if (queued(next))
        runq_remove(next);
    csv(next)->last_burn = now;
    d.next = next;
    d.slice = CSCHED_TSLICE;
    return d;
}

/* ---- Accounting (prv.lock held) ---- */

enum acct_action { ACCT_NONE, ACCT_PARK, ACCT_UNPARK, ACCT_DEACTIVATE };

/* CPU lock held: priority from the new balance, and what else to do. */
static enum acct_action settle(struct csched_vcpu *cv, int cap_credit)
{
    if (cv->credit < 0) {
        cv->pri = CSCHED_PRI_OVER;
        /* A floor, so that a hog comes back within bounded time. */
        if (cv->credit < -CSCHED_CREDITS_PER_TSLICE)
            cv->credit = -CSCHED_CREDITS_PER_TSLICE;
        if (cap_credit && cv->credit < -cap_credit &&
            !(cv->flags & CSCHED_FLAG_PARKED)) {
            cv->flags |= CSCHED_FLAG_PARKED;
            return ACCT_PARK;
        }
        return ACCT_NONE;
    }
    /* A woken vCPU that has not run yet keeps its boost. */
    if (cv->pri != CSCHED_PRI_BOOST)
        cv->pri = CSCHED_PRI_UNDER;
    if (cv->flags & CSCHED_FLAG_PARKED)
        return ACCT_UNPARK;
    /* Not using its share: stop earning; resume half-full (Xen). */
    if (cv->credit > CSCHED_CREDITS_PER_TSLICE) {
        cv->credit /= 2;
        return ACCT_DEACTIVATE;
    }
    return ACCT_NONE;
}

/* Credits 'credit' to sv and acts on its new balance. */
static void acct_vcpu(struct sched_vcpu *sv, int credit, int cap_credit,
                      uint64_t now)
{
    struct sched_cpu *sc = sched_vcpu_lock(sv);
    enum acct_action act;

    if (sc->curr == sv)
        burn_credits(sv, now);      /* its balance up to now */
    csv(sv)->credit += credit;
    act = settle(csv(sv), cap_credit);
    if (queued(sv)) {               /* its priority may have changed */
        runq_remove(sv);
        runq_insert(sv);
    }
    if (act == ACCT_DEACTIVATE)
        deactivate(sv);
    sched_vcpu_unlock(sv, sc);

    if (act == ACCT_PARK) {
        sched_vcpu_pause(sv);
    } else if (act == ACCT_UNPARK) {
        /* Unpause first, so the wake-up sees PARKED and gives no boost. */
        sched_vcpu_unpause(sv);
        sc = sched_vcpu_lock(sv);
        csv(sv)->flags &= ~CSCHED_FLAG_PARKED;
        sched_vcpu_unlock(sv, sc);
    }
}

/*
 * The domain's part of 'total' credits: by weight, counted once per
 * active vCPU (as Xen does), at most one CPU per vCPU and at most its cap.
 */
static void acct_domain(struct sched_dom *sd, uint64_t total,
                        uint64_t weight_total, uint64_t now)
{
    struct csched_dom *cd = csd(sd);
    unsigned int n = cd->nr_active;
    uint64_t share, peak = (uint64_t)n * CSCHED_CREDITS_PER_ACCT;
    uint64_t cap_credit = 0;
    struct list_head *p, *q;

    share = DIV_ROUND_UP(total * cd->weight * n, weight_total);
    if (cd->cap) {
        cap_credit = DIV_ROUND_UP((uint64_t)cd->cap *
                                  CSCHED_CREDITS_PER_ACCT, 100);
        peak = MIN(peak, cap_credit);
    }
    share = MIN(share, peak);
    list_for_each_safe(p, q, &cd->active_vcpus) {
        struct sched_vcpu *sv = list_entry(p, struct sched_vcpu,
                                           priv.credit.active_link);

        acct_vcpu(sv, (int)DIV_ROUND_UP(share, n),
                  (int)DIV_ROUND_UP(cap_credit, n), now);
    }
}

static void csched_acct(uint64_t now)
{
    uint64_t total = (uint64_t)prv.nr_cpus * CSCHED_CREDITS_PER_ACCT;
    uint64_t weight_total = prv.weight_total;   /* before deactivations */
    struct list_head *p, *q;

    if (!weight_total)
        return;
    list_for_each_safe(p, q, &prv.active_doms)
        acct_domain(list_entry(p, struct sched_dom, priv.credit.active_link),
                    total, weight_total, now);
}

/* ---- Ticks ---- */

static void csched_tick(unsigned int cpu, uint64_t now)
{
    struct sched_cpu *sc = sched_cpu(cpu);
    struct csched_pcpu *pc = csp(cpu);
    struct sched_vcpu *curr;

    spin_lock(&prv.lock);
    spin_lock(&sc->lock);
    if (now < pc->next_tick) {
        spin_unlock(&sc->lock);
        spin_unlock(&prv.lock);
        return;
    }
    while (pc->next_tick <= now)
        pc->next_tick += CSCHED_TICK;
    curr = sc->curr;
    if (!curr->is_idle) {
        /* Found running at a tick: it uses real CPU time (Xen). */
        if (csv(curr)->pri == CSCHED_PRI_BOOST)
            csv(curr)->pri = CSCHED_PRI_UNDER;
        burn_credits(curr, now);
        activate(curr);
    }
    spin_unlock(&sc->lock);

    if (cpu == prv.master && now >= prv.next_acct) {
        while (prv.next_acct <= now)
            prv.next_acct += CSCHED_ACCT_PERIOD;
        csched_acct(now);
    }
    spin_unlock(&prv.lock);
}

static uint64_t csched_next_tick(unsigned int cpu)
{
    return csp(cpu)->next_tick;
}

/* ---- Set-up ---- */

static void csched_init(void)
{
    spin_lock_init(&prv.lock);
    list_init(&prv.active_doms);
    prv.weight_total = 0;
    prv.nr_cpus = 0;
    prv.have_master = false;
}

static void csched_init_cpu(unsigned int cpu, uint64_t now)
{
    spin_lock(&prv.lock);
    list_init(&csp(cpu)->runq);
    csp(cpu)->next_tick = now + CSCHED_TICK;
    prv.nr_cpus++;
    if (!prv.have_master) {
        prv.have_master = true;
        prv.master = cpu;
        prv.next_acct = now + CSCHED_ACCT_PERIOD;
    }
    spin_unlock(&prv.lock);
}

static void csched_init_domain(struct sched_dom *sd)
{
    struct csched_dom *cd = csd(sd);

    list_init(&cd->active_vcpus);
    list_init(&cd->active_link);
    cd->nr_active = 0;
    cd->weight = CSCHED_DEFAULT_WEIGHT;
    cd->cap = 0;
}

static void csched_destroy_domain(struct sched_dom *sd)
{
    /* Its vCPUs were destroyed first, which deactivated them. */
    BUG_ON(csd(sd)->nr_active);
}

static void csched_init_vcpu(struct sched_vcpu *sv)
{
    struct csched_vcpu *cv = csv(sv);

    list_init(&cv->runq_link);
    list_init(&cv->active_link);
    cv->credit = 0;
    cv->pri = sv->is_idle ? CSCHED_PRI_IDLE : CSCHED_PRI_UNDER;
    cv->flags = 0;
    cv->active = false;
    cv->last_burn = 0;
    cv->residual_ns = 0;
}

static void csched_destroy_vcpu(struct sched_vcpu *sv)
{
    struct sched_cpu *sc;

    spin_lock(&prv.lock);
    sc = sched_vcpu_lock(sv);
    deactivate(sv);
    sched_vcpu_unlock(sv, sc);
    spin_unlock(&prv.lock);
}

/* ---- Parameters and dump ---- */

static int csched_adjust(struct sched_dom *sd, const struct sched_params *p)
{
    struct csched_dom *cd = csd(sd);

    if (p->weight < 1 || p->weight > UINT16_MAX || p->cap > UINT16_MAX)
        return -XEN_EINVAL;
    spin_lock(&prv.lock);
    /* The total counts the weight once per active vCPU. */
    prv.weight_total -= (uint64_t)cd->weight * cd->nr_active;
    cd->weight = (uint16_t)p->weight;
    prv.weight_total += (uint64_t)cd->weight * cd->nr_active;
    cd->cap = (uint16_t)p->cap;
    spin_unlock(&prv.lock);
    return 0;
}

static void csched_get_params(struct sched_dom *sd, struct sched_params *p)
{
    spin_lock(&prv.lock);
    p->weight = csd(sd)->weight;
    p->cap = csd(sd)->cap;
    spin_unlock(&prv.lock);
}

static void csched_dump_cpu(unsigned int cpu)
{
    struct list_head *pos;

    list_for_each(pos, &csp(cpu)->runq) {
        struct sched_vcpu *sv = runq_elem(pos);

        printk("  queued d%uv%u pri %d credit %d%s\n", sv->dom->domid,
               sv->vcpu_id, csv(sv)->pri, csv(sv)->credit,
               (csv(sv)->flags & CSCHED_FLAG_PARKED) ? " parked" : "");
    }
}

const struct scheduler sched_credit_ops = {
    .name = "credit",
    .sched_id = XEN_SCHEDULER_CREDIT,
    .init = csched_init,
    .init_cpu = csched_init_cpu,
    .init_domain = csched_init_domain,
    .destroy_domain = csched_destroy_domain,
    .init_vcpu = csched_init_vcpu,
    .destroy_vcpu = csched_destroy_vcpu,
    .wake = csched_wake,
    .migrated = csched_migrated,
    .sleep = csched_sleep,
    .yield = csched_yield,
    .do_schedule = csched_schedule,
    .tick = csched_tick,
    .next_tick = csched_next_tick,
    .adjust = csched_adjust,
    .get_params = csched_get_params,
    .dump_cpu = csched_dump_cpu,
};
