/*
 * The scheduler core (hv/sched.h): runstates and their time accounting,
 * pausing, blocking and polling, affinity and migration, and schedule().
 * Which vCPU runs next is the policy's business (ops).
 *
 * Invariants, for a vCPU sv that is not idle, under its CPU's lock:
 *   - sv is its CPU's 'curr' exactly when its runstate is running;
 *   - runstate runnable means queued on sv->processor's run queue, except
 *     while SCHED_F_MIGRATE is set (it is queued once its state is saved);
 *   - sv->processor is in sv->affinity, except while SCHED_F_MIGRATE is
 *     set or sv is curr of a CPU that has been asked to reschedule.
 */
#include <hv/bug.h>
#include <hv/lib.h>
#include <hv/printk.h>
#include <hv/sched.h>
#include <asm/config.h>
#include <xen/errno.h>

BUILD_BUG_ON(NR_CPUS > SCHED_MAX_CPUS);

static const struct scheduler *ops;
/*
 * Sized for the mask width, not NR_CPUS: the host tests run several CPUs
 * while the image is still built for one.
 */
static struct sched_cpu cpus[SCHED_MAX_CPUS];
/* CPUs only come online (no hot-unplug); idle bits change in schedule(). */
static sched_cpumask_t online_mask;
static sched_cpumask_t idle_mask;

struct sched_cpu *sched_cpu(unsigned int cpu)
{
    ASSERT(cpu < SCHED_MAX_CPUS);
    return &cpus[cpu];
}

sched_cpumask_t sched_online_cpus(void)
{
    return __atomic_load_n(&online_mask, __ATOMIC_ACQUIRE);
}

sched_cpumask_t sched_idle_cpus(void)
{
    return __atomic_load_n(&idle_mask, __ATOMIC_RELAXED);
}

struct sched_cpu *sched_vcpu_lock(struct sched_vcpu *sv)
{
    for (;;) {
        unsigned int cpu = __atomic_load_n(&sv->processor, __ATOMIC_ACQUIRE);
        struct sched_cpu *sc = &cpus[cpu];

        spin_lock(&sc->lock);
        /* processor changes only under its old CPU's lock: re-check. */
        if (likely(sv->processor == cpu))
            return sc;
        spin_unlock(&sc->lock);
    }
}

void sched_vcpu_unlock(struct sched_vcpu *sv, struct sched_cpu *sc)
{
    ASSERT(sv->processor == sc->cpu);
    spin_unlock(&sc->lock);
}

/* Two CPUs' locks, lower CPU first (the lock order); one when a == b. */
static void lock_pair(unsigned int a, unsigned int b)
{
    spin_lock(&cpus[MIN(a, b)].lock);
    if (a != b)
        spin_lock(&cpus[MAX(a, b)].lock);
}

static void unlock_pair(unsigned int a, unsigned int b)
{
    if (a != b)
        spin_unlock(&cpus[MAX(a, b)].lock);
    spin_unlock(&cpus[MIN(a, b)].lock);
}

/* ---- Runstates ---- */

/*
 * Charges the time since the last change to the old state, so that the
 * four times always add up to the time since creation (Xen's promise in
 * xen/vcpu.h: no drift from system time).
 */
static void runstate_set(struct sched_vcpu *sv, int state, uint64_t now)
{
    struct vcpu_runstate_info *rs = &sv->runstate;

    /* Another CPU's clock read may lag a little: never run backwards. */
    if (now > rs->state_entry_time) {
        rs->time[rs->state] += now - rs->state_entry_time;
        rs->state_entry_time = now;
    }
    rs->state = state;
    /* Lets the end log show that a blocked vCPU has not run since. */
    if (state == RUNSTATE_blocked)
        sv->running_at_block = rs->time[RUNSTATE_running];
}

/* Xen's vcpu_runnable(): no pause flag and no pause count. */
bool sched_vcpu_runnable(const struct sched_vcpu *sv)
{
    return !sv->pause_flags && !sv->pause_count;
}

bool sched_vcpu_is_running(const struct sched_vcpu *sv)
{
    return __atomic_load_n(&sv->is_running, __ATOMIC_ACQUIRE);
}

bool sched_vcpu_may_run_on(const struct sched_vcpu *sv, unsigned int cpu)
{
    return sched_vcpu_runnable(sv) && !(sv->flags & SCHED_F_MIGRATE) &&
           (sv->affinity & SCHED_CPU(cpu));
}

/* The state of a vCPU not on a CPU: blocked dominates offline (Xen). */
static int waiting_state(const struct sched_vcpu *sv)
{
    if (sched_vcpu_runnable(sv))
        return RUNSTATE_runnable;
    if (sv->pause_flags & SCHED_PF_BLOCKED)
        return RUNSTATE_blocked;
    return RUNSTATE_offline;
}

/*
 * sv's pause flags or count changed (its CPU's lock held): queue it,
 * dequeue it, or ask its CPU to reschedule when it is running there.
 */
static void vcpu_update(struct sched_cpu *sc, struct sched_vcpu *sv,
                        uint64_t now)
{
    int state = waiting_state(sv);
    int old = sv->runstate.state;

    if (sc->curr == sv) {
        /* schedule() sets its new state when it leaves the CPU. */
        if (state != RUNSTATE_runnable)
            arch_sched_kick(sc->cpu);
        return;
    }
    if (state == old)
        return;
    runstate_set(sv, state, now);
    if (state == RUNSTATE_runnable) {
        /* A vCPU on its way to another CPU is queued there, not here. */
        if (!(sv->flags & SCHED_F_MIGRATE))
            ops->wake(sv, now);
    } else if (old == RUNSTATE_runnable) {
        ops->sleep(sv);
    }
}

void sched_vcpu_runstate(struct sched_vcpu *sv, uint64_t now,
                         struct vcpu_runstate_info *out)
{
    struct sched_cpu *sc = sched_vcpu_lock(sv);

    /* The stored times stop at the last change: add the current state. */
    *out = sv->runstate;
    if (now > out->state_entry_time)
        out->time[out->state] += now - out->state_entry_time;
    sched_vcpu_unlock(sv, sc);
}

/* ---- Migration ---- */

/* An idle CPU sv may use, else its own CPU if allowed, else the first. */
static unsigned int pick_cpu(const struct sched_vcpu *sv)
{
    sched_cpumask_t allowed = sv->affinity & sched_online_cpus();
    sched_cpumask_t idle = allowed & sched_idle_cpus();

    BUG_ON(!allowed);
    if (idle & SCHED_CPU(sv->processor))
        return sv->processor;
    if (idle)
        return __builtin_ctzll(idle);
    if (allowed & SCHED_CPU(sv->processor))
        return sv->processor;
    return __builtin_ctzll(allowed);
}

/* Both CPUs' locks held, sv off every CPU: give it to 'to'. */
static void move_locked(struct sched_vcpu *sv, unsigned int to, uint64_t now)
{
    bool queued = sv->runstate.state == RUNSTATE_runnable;

    if (queued)
        ops->sleep(sv);
    if (!list_empty(&sv->poll_link)) {
        list_del(&sv->poll_link);
        list_add_tail(&sv->poll_link, &cpus[to].poll_list);
        /* Its deadline is the new CPU's now: schedule() re-arms there. */
        arch_sched_kick(to);
    }
    __atomic_store_n(&sv->processor, to, __ATOMIC_RELEASE);
    if (queued)
        ops->migrated(sv, now);
}

/*
 * Moves sv to a CPU of its affinity.  A vCPU whose state is still live on
 * a CPU only gets SCHED_F_MIGRATE; sched_context_saved() calls us again.
 */
static void vcpu_migrate(struct sched_vcpu *sv)
{
    unsigned int from, to;

    for (;;) {
        from = __atomic_load_n(&sv->processor, __ATOMIC_ACQUIRE);
        to = pick_cpu(sv);
        lock_pair(from, to);
        if (sv->processor == from && (sv->affinity & SCHED_CPU(to)))
            break;
        unlock_pair(from, to);      /* moved or re-pinned meanwhile */
    }
    if (sv->is_running) {
        sv->flags |= SCHED_F_MIGRATE;
        if (cpus[from].curr == sv)
            arch_sched_kick(from);
    } else {
        /* Held back: runnable but queued nowhere (see vcpu_update()). */
        bool held = sv->flags & SCHED_F_MIGRATE;

        sv->flags &= ~SCHED_F_MIGRATE;
        if (from != to)
            move_locked(sv, to, arch_sched_now());
        else if (held && sv->runstate.state == RUNSTATE_runnable)
            ops->migrated(sv, arch_sched_now());
    }
    unlock_pair(from, to);
}

int sched_vcpu_set_affinity(struct sched_vcpu *sv, sched_cpumask_t mask)
{
    struct sched_cpu *sc;
    bool move;

    if (!(mask & sched_online_cpus()))
        return -XEN_EINVAL;
    sc = sched_vcpu_lock(sv);
    sv->affinity = mask;
    /* Offline CPUs in the mask are kept: pick_cpu() ignores them. */
    move = !(mask & SCHED_CPU(sv->processor));
    sched_vcpu_unlock(sv, sc);
    if (move)
        vcpu_migrate(sv);
    return 0;
}

/* Lock held: prev waits in a queue and could not be stolen until now. */
static void kick_an_idler(struct sched_vcpu *sv)
{
    sched_cpumask_t idlers = sched_idle_cpus() & sched_online_cpus() &
                             sv->affinity & ~SCHED_CPU(sv->processor);

    if (idlers)
        arch_sched_kick(__builtin_ctzll(idlers));
}

void sched_context_saved(struct sched_vcpu *prev)
{
    struct sched_cpu *sc = sched_vcpu_lock(prev);
    bool migrate;

    /* A lazy switch may report prev after the CPU picked it again. */
    if (sc->curr != prev)
        __atomic_store_n(&prev->is_running, false, __ATOMIC_RELEASE);
    migrate = !prev->is_running && (prev->flags & SCHED_F_MIGRATE);
    if (!prev->is_running && !migrate && !prev->is_idle &&
        prev->runstate.state == RUNSTATE_runnable)
        kick_an_idler(prev);
    sched_vcpu_unlock(prev, sc);
    if (migrate)
        vcpu_migrate(prev);
}

/* ---- Pausing, blocking, polling, yielding ---- */

static void set_pause_flag(struct sched_vcpu *sv, unsigned int flag, bool on)
{
    struct sched_cpu *sc = sched_vcpu_lock(sv);

    if (on)
        sv->pause_flags |= flag;
    else
        sv->pause_flags &= ~flag;
    vcpu_update(sc, sv, arch_sched_now());
    sched_vcpu_unlock(sv, sc);
}

void sched_vcpu_up(struct sched_vcpu *sv)
{
    set_pause_flag(sv, SCHED_PF_DOWN, false);
}

void sched_vcpu_down(struct sched_vcpu *sv)
{
    set_pause_flag(sv, SCHED_PF_DOWN, true);
}

void sched_vcpu_pause(struct sched_vcpu *sv)
{
    struct sched_cpu *sc = sched_vcpu_lock(sv);

    /* Counted, so that the toolstack's and the scheduler's pauses nest. */
    sv->pause_count++;
    BUG_ON(sv->pause_count == 0);   /* wrapped: unbalanced pauses */
    vcpu_update(sc, sv, arch_sched_now());
    sched_vcpu_unlock(sv, sc);
}

void sched_vcpu_unpause(struct sched_vcpu *sv)
{
    struct sched_cpu *sc = sched_vcpu_lock(sv);

    BUG_ON(sv->pause_count == 0);
    sv->pause_count--;
    vcpu_update(sc, sv, arch_sched_now());
    sched_vcpu_unlock(sv, sc);
}

/* Lock held: sv stops polling (it may still be blocked). */
static void end_poll(struct sched_vcpu *sv)
{
    __atomic_store_n(&sv->polling, false, __ATOMIC_RELAXED);
    sv->poll_deadline = 0;
    list_del(&sv->poll_link);       /* a no-op when not listed */
}

/* Lock held: ends a block or a poll (Xen's vcpu_unblock). */
static void unblock_locked(struct sched_cpu *sc, struct sched_vcpu *sv,
                           uint64_t now)
{
    end_poll(sv);
    if (!(sv->pause_flags & SCHED_PF_BLOCKED))
        return;
    sv->pause_flags &= ~SCHED_PF_BLOCKED;
    vcpu_update(sc, sv, now);
}

void sched_vcpu_unblock(struct sched_vcpu *sv)
{
    struct sched_cpu *sc = sched_vcpu_lock(sv);

    unblock_locked(sc, sv, arch_sched_now());
    sched_vcpu_unlock(sv, sc);
}

/*
 * Lock held, sv running: sets the blocked flag, then looks for an owed
 * event.  Checking *after* setting closes the wakeup-waiting race (Xen's
 * rule): the event side marks the event pending before it takes this
 * lock to unblock, so either it sees the flag or we see its event.
 */
static bool block_locked(struct sched_cpu *sc, struct sched_vcpu *sv)
{
    ASSERT(sc->curr == sv && !sv->is_idle);
    sv->pause_flags |= SCHED_PF_BLOCKED;
    if (sched_vcpu_events_pending(sv->vcpu)) {
        unblock_locked(sc, sv, arch_sched_now());
        return false;
    }
    vcpu_update(sc, sv, arch_sched_now());  /* asks for a reschedule */
    return true;
}

bool sched_vcpu_block(struct sched_vcpu *sv)
{
    struct sched_cpu *sc = sched_vcpu_lock(sv);
    bool blocked = block_locked(sc, sv);

    sched_vcpu_unlock(sv, sc);
    return blocked;
}

bool sched_poll_prepare(struct sched_vcpu *sv, uint64_t deadline)
{
    struct sched_cpu *sc = sched_vcpu_lock(sv);
    bool blocked;

    ASSERT(list_empty(&sv->poll_link));
    __atomic_store_n(&sv->polling, true, __ATOMIC_RELAXED);
    sv->poll_deadline = deadline;
    /* schedule(), which block_locked() asks for, arms the timer. */
    if (deadline)
        list_add_tail(&sv->poll_link, &sc->poll_list);
    blocked = block_locked(sc, sv);
    sched_vcpu_unlock(sv, sc);
    /*
     * The caller reads the ports next.  An event side that skips
     * non-polling vCPUs (sets pending, fences, reads
     * sched_vcpu_polling()) needs this fence to pair with: either it sees
     * 'polling' or the caller sees its port pending.
     */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    return blocked;
}

void sched_poll_cancel(struct sched_vcpu *sv)
{
    sched_vcpu_unblock(sv);
}

bool sched_poll_wake(struct sched_vcpu *sv)
{
    struct sched_cpu *sc = sched_vcpu_lock(sv);
    bool was = sv->polling;

    if (was)
        unblock_locked(sc, sv, arch_sched_now());
    sched_vcpu_unlock(sv, sc);
    return was;
}

bool sched_vcpu_polling(const struct sched_vcpu *sv)
{
    return __atomic_load_n(&sv->polling, __ATOMIC_ACQUIRE);
}

void sched_vcpu_yield(struct sched_vcpu *sv)
{
    struct sched_cpu *sc = sched_vcpu_lock(sv);

    /* Only the running vCPU yields: the policy marks it for schedule(). */
    ASSERT(sc->curr == sv);
    ops->yield(sv);
    arch_sched_kick(sc->cpu);
    sched_vcpu_unlock(sv, sc);
}

/* ---- schedule() and the timer ---- */

/* Lock held: the earliest of slice end, policy tick and poll deadlines. */
static void rearm_timer(struct sched_cpu *sc)
{
    uint64_t deadline = ops->next_tick(sc->cpu);
    struct list_head *p;

    if (sc->slice_end && sc->slice_end < deadline)
        deadline = sc->slice_end;
    list_for_each(p, &sc->poll_list) {
        struct sched_vcpu *sv = list_entry(p, struct sched_vcpu, poll_link);

        deadline = MIN(deadline, sv->poll_deadline);
    }
    arch_sched_set_timer(sc->cpu, deadline);
}

/* Lock held: prev leaves the CPU, next takes it (prev's state is live). */
static void switch_states(struct sched_cpu *sc, struct sched_vcpu *prev,
                          struct sched_vcpu *next, uint64_t now)
{
    runstate_set(prev, waiting_state(prev), now);
    runstate_set(next, RUNSTATE_running, now);
    __atomic_store_n(&next->is_running, true, __ATOMIC_RELEASE);
    sc->curr = next;
    if (next->is_idle)
        __atomic_fetch_or(&idle_mask, SCHED_CPU(sc->cpu), __ATOMIC_RELAXED);
    else
        __atomic_fetch_and(&idle_mask, ~SCHED_CPU(sc->cpu), __ATOMIC_RELAXED);
}

void schedule(unsigned int cpu, uint64_t now)
{
    struct sched_cpu *sc = &cpus[cpu];
    struct sched_vcpu *prev, *next;
    struct sched_decision d;

    spin_lock(&sc->lock);
    prev = sc->curr;
    d = ops->do_schedule(cpu, prev, now);
    next = d.next;
    BUG_ON(!next || next->processor != cpu);
    ASSERT(next->is_idle || sched_vcpu_may_run_on(next, cpu));
    sc->slice_end = d.slice ? now + d.slice : 0;
    if (next != prev)
        switch_states(sc, prev, next, now);
    rearm_timer(sc);
    spin_unlock(&sc->lock);
    /* Last: the arch may not return here (it may switch stacks). */
    if (next != prev)
        arch_sched_context_switch(prev->vcpu, next->vcpu);
}

void sched_timer(unsigned int cpu, uint64_t now)
{
    struct sched_cpu *sc = &cpus[cpu];
    struct list_head *p, *n;

    /* First, with no CPU lock held: the policy's lock comes first. */
    ops->tick(cpu, now);

    spin_lock(&sc->lock);
    list_for_each_safe(p, n, &sc->poll_list) {
        struct sched_vcpu *sv = list_entry(p, struct sched_vcpu, poll_link);

        if (sv->poll_deadline <= now)
            unblock_locked(sc, sv, now);
    }
    /* Slice over: reschedule.  Cleared so the timer cannot refire first. */
    if (sc->slice_end && now >= sc->slice_end) {
        sc->slice_end = 0;
        arch_sched_kick(cpu);
    }
    rearm_timer(sc);
    spin_unlock(&sc->lock);
}

/* ---- Set-up and tear-down ---- */

void sched_init(const struct scheduler *policy)
{
    ops = policy;
    ops->init();
}

/* The fields every sched_vcpu starts with. */
static void vcpu_fields_init(struct sched_vcpu *sv, struct vcpu *v,
                             unsigned int cpu, uint64_t now)
{
    sv->vcpu = v;
    sv->processor = cpu;
    sv->affinity = SCHED_ALL_CPUS;
    sv->is_running = false;
    sv->flags = 0;
    sv->pause_count = 0;
    sv->polling = false;
    sv->poll_deadline = 0;
    list_init(&sv->poll_link);
    memset(&sv->runstate, 0, sizeof(sv->runstate));
    sv->runstate.state_entry_time = now;
}

void sched_init_cpu(unsigned int cpu, struct sched_vcpu *idle,
                    struct vcpu *v, uint64_t now)
{
    struct sched_cpu *sc;

    BUG_ON(cpu >= SCHED_MAX_CPUS || cpus[cpu].online);
    sc = &cpus[cpu];
    /* Nothing can reach this CPU before it is in online_mask (below). */
    spin_lock_init(&sc->lock);
    sc->cpu = cpu;
    list_init(&sc->poll_list);
    vcpu_fields_init(idle, v, cpu, now);
    idle->dom = NULL;
    idle->vcpu_id = cpu;
    idle->is_idle = true;
    idle->affinity = SCHED_CPU(cpu);
    idle->is_running = true;
    idle->pause_flags = 0;
    idle->runstate.state = RUNSTATE_running;
    ops->init_vcpu(idle);
    ops->init_cpu(cpu, now);
    sc->idle = sc->curr = idle;
    sc->slice_end = 0;
    sc->online = true;
    __atomic_fetch_or(&idle_mask, SCHED_CPU(cpu), __ATOMIC_RELAXED);
    __atomic_fetch_or(&online_mask, SCHED_CPU(cpu), __ATOMIC_RELEASE);
    spin_lock(&sc->lock);
    rearm_timer(sc);
    spin_unlock(&sc->lock);
}

void sched_init_domain(struct sched_dom *sd, domid_t domid)
{
    sd->domid = domid;
    ops->init_domain(sd);
}

void sched_destroy_domain(struct sched_dom *sd)
{
    ops->destroy_domain(sd);
}

void sched_init_vcpu(struct sched_vcpu *sv, struct vcpu *v,
                     struct sched_dom *sd, unsigned int vcpu_id,
                     unsigned int cpu)
{
    BUG_ON(cpu >= SCHED_MAX_CPUS || !cpus[cpu].online);
    vcpu_fields_init(sv, v, cpu, arch_sched_now());
    sv->dom = sd;
    sv->vcpu_id = vcpu_id;
    sv->is_idle = false;
    /* Down until VCPUOP_up (or the builder's start of dom0). */
    sv->pause_flags = SCHED_PF_DOWN;
    sv->runstate.state = RUNSTATE_offline;
    ops->init_vcpu(sv);
}

void sched_destroy_vcpu(struct sched_vcpu *sv)
{
    struct sched_cpu *sc = sched_vcpu_lock(sv);

    BUG_ON(sv->is_running || sched_vcpu_runnable(sv));
    end_poll(sv);
    sched_vcpu_unlock(sv, sc);
    ops->destroy_vcpu(sv);
}

/* ---- Parameters and dumps ---- */

int sched_adjust(struct sched_dom *sd, const struct sched_params *p)
{
    return ops->adjust(sd, p);
}

void sched_get_params(struct sched_dom *sd, struct sched_params *p)
{
    ops->get_params(sd, p);
}

void sched_dump(void)
{
    printk("scheduler: %s\n", ops->name);
    for (unsigned int cpu = 0; cpu < SCHED_MAX_CPUS; cpu++) {
        struct sched_cpu *sc = &cpus[cpu];
        struct sched_vcpu *c;

        if (!sc->online)
            continue;
        spin_lock(&sc->lock);
        c = sc->curr;
        if (c->is_idle)
            printk("CPU%u: idle\n", cpu);
        else
            printk("CPU%u: d%uv%u running\n", cpu, c->dom->domid, c->vcpu_id);
        ops->dump_cpu(cpu);
        spin_unlock(&sc->lock);
    }
}
