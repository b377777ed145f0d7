/*
 * Unit tests for hypervisor/common/timer.c (hypervisor timers) and
 * hypervisor/common/vcpu_timer.c (guest timers, set_timer_op, vcpu_op).
 *
 * The machine is simulated: a TSC at 1 GHz (one tick per ns, so NOW() is
 * exact), a one-shot that remembers the deadline it was programmed with,
 * and run_until(), which plays the hardware and the return path: at the
 * deadline (or later when a test asks for lateness) the interrupt raises
 * TIMER_SOFTIRQ and the real softirq code runs it.  Guest memory is host
 * memory except one address that always faults.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "hv_host.h"
#include <hv/domain.h>
#include <hv/guest_access.h>
#include <hv/softirq.h>
#include <hv/timer.h>
#include <hv/vcpu_timer.h>
#include <hv/vcpu.h>
#include <hv/mm.h>
#include <abi/xen.h>
#include <xen/errno.h>
#include <xen/vcpu.h>

#define BOOT_TSC    1000ULL
#define BAD_ADDR    0xdead0000UL

/* ---- the simulated machine ---- */

static uint64_t fake_tsc;
static s_time_t programmed;         /* the one-shot's deadline, 0: off */
static unsigned long programmings;

uint64_t arch_read_tsc(void)
{
    return fake_tsc;
}

void arch_timer_program(s_time_t deadline)
{
    programmed = deadline;
    programmings++;
}

unsigned int smp_processor_id(void)
{
    return 0;
}

/* One CPU here: timer.c never interrupts another. */
void arch_send_event_check(unsigned int cpu)
{
    cr_assert_fail("event check IPI to CPU %u on a one-CPU host test", cpu);
}

/* The APIC timer interrupt, then the softirqs on the way out. */
static void timer_irq(void)
{
    raise_softirq(TIMER_SOFTIRQ);
    do_softirq();
}

static void set_now(s_time_t t)
{
    cr_assert(t >= NOW(), "time may not run backwards");
    fake_tsc = BOOT_TSC + (uint64_t)t;
}

/* xorshift64*: reproducible pseudo-random numbers. */
static uint64_t rng_state = 0x2545f4914f6cdd1dULL;

static uint64_t rnd_below(uint64_t n)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return n ? (rng_state * 0x2545f4914f6cdd1dULL) % n : 0;
}

/*
 * Fires the one-shot until its deadline is past 'end', each time at the
 * deadline plus up to 'max_late' ns, as the interrupt would.  Returns the
 * number of interrupts.
 */
static unsigned int run_until(s_time_t end, s_time_t max_late)
{
    unsigned int irqs = 0;

    while (programmed && programmed <= end) {
        s_time_t at = programmed + (s_time_t)rnd_below((uint64_t)max_late + 1);

        set_now(at > NOW() ? at : NOW());
        timer_irq();
        irqs++;
        cr_assert(irqs < 10000000, "interrupt storm");
    }
    if (end > NOW())
        set_now(end);
    return irqs;
}

static void machine_init(void)
{
    fake_tsc = BOOT_TSC;
    time_init(1000000000, true);
    timer_init();
    programmed = 0;
    programmings = 0;
}

/* ---- guest side: one domain, one vCPU, host memory as guest memory ---- */

static shared_info_t shinfo;
static struct domain dom = { .max_vcpus = 1, .shared_info = &shinfo };
static struct vcpu vcpu0 = { .vcpu_id = 0, .domain = &dom,
                             .vcpu_info = &shinfo.vcpu_info[0] };
/* A vCPU of the same domain that is not d->vcpu[0]: "another vCPU". */
static struct vcpu other = { .vcpu_id = 0, .domain = &dom,
                             .vcpu_info = &shinfo.vcpu_info[1] };
static struct vcpu *curr = &vcpu0;

struct vcpu *current_vcpu(void)
{
    return curr;
}

size_t copy_from_guest(void *dst, unsigned long src, size_t len)
{
    if (src == BAD_ADDR) {
        memset(dst, 0, len);
        return len;
    }
    memcpy(dst, (const void *)src, len);
    return 0;
}

/* VIRQ_TIMER deliveries, with the time of each. */
#define MAX_EVENTS 4096
static s_time_t events[MAX_EVENTS];
static unsigned int nr_events;

void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq)
{
    cr_assert_eq(v, &vcpu0);
    cr_assert_eq(virq, VIRQ_TIMER);
    cr_assert(nr_events < MAX_EVENTS);
    events[nr_events++] = NOW();
}

/* ---- Fakes for common/vcpu.c (the rest of vcpu_op) ---- */

size_t copy_to_guest(unsigned long dst, const void *src, size_t len)
{
    if (dst == BAD_ADDR)
        return len;
    memcpy((void *)dst, src, len);
    return 0;
}

static int fake_check_rc, fake_load_rc;
static unsigned int ups, downs;

mfn_t alloc_frames(unsigned int order, struct domain *owner)
{
    (void)owner;
    /* Frames 1.. of the harness memory (the context needs two). */
    if (harness_mem_size < (PAGE_SIZE << order) + PAGE_SIZE)
        harness_mem_init((PAGE_SIZE << order) + PAGE_SIZE);
    return 1;
}

void free_frames(mfn_t mfn, unsigned int order)
{
    (void)mfn;
    (void)order;
}

int arch_vcpu_context_check(const struct vcpu_guest_context *c)
{
    (void)c;
    return fake_check_rc;
}

int arch_vcpu_context_load(struct vcpu *v, const struct vcpu_guest_context *c)
{
    (void)v;
    (void)c;
    return fake_load_rc;
}

void sched_vcpu_up(struct sched_vcpu *sv)
{
    sv->pause_flags &= ~SCHED_PF_DOWN;
    ups++;
}

void sched_vcpu_down(struct sched_vcpu *sv)
{
    sv->pause_flags |= SCHED_PF_DOWN;
    downs++;
}

void sched_vcpu_runstate(struct sched_vcpu *sv, uint64_t now,
                         struct vcpu_runstate_info *out)
{
    (void)sv;
    memset(out, 0, sizeof(*out));
    out->state_entry_time = now;
}

uint64_t arch_sched_now(void)
{
    return (uint64_t)NOW();
}

static void guest_init(void)
{
    machine_init();
    dom.vcpu[0] = &vcpu0;
    curr = &vcpu0;
    nr_events = 0;
}

static long hc(long (*fn)(const struct hc_args *), unsigned long a0,
               unsigned long a1, unsigned long a2)
{
    struct hc_args args = { { a0, a1, a2, 0, 0 } };

    return fn(&args);
}

static long vcpu_op(int cmd, unsigned int id, const void *arg)
{
    return hc(do_vcpu_op, (unsigned long)(long)cmd, id, (unsigned long)arg);
}

static long set_periodic(uint64_t period)
{
    struct vcpu_set_periodic_timer p = { .period_ns = period };

    return vcpu_op(VCPUOP_set_periodic_timer, 0, &p);
}

static long set_singleshot(uint64_t t, uint32_t flags)
{
    struct vcpu_set_singleshot_timer s = { .timeout_abs_ns = t,
                                           .flags = flags };

    return vcpu_op(VCPUOP_set_singleshot_timer, 0, &s);
}

/* ---- hypervisor timers ---- */

#define NT 1000

struct probe {
    struct timer t;
    unsigned int id;
    unsigned int runs;
    s_time_t ran_at;
};

static struct probe probes[NT];
static unsigned int order[NT], nr_order;

static void probe_fn(void *data)
{
    struct probe *p = data;

    /* The contract: never before the expiry. */
    cr_assert(NOW() >= p->t.expires, "timer %u ran %lld ns early", p->id,
              (long long)(p->t.expires - NOW()));
    cr_assert(!timer_is_active(&p->t));
    p->runs++;
    p->ran_at = NOW();
    if (nr_order < NT)
        order[nr_order++] = p->id;
}

static void probes_init(unsigned int n)
{
    machine_init();
    nr_order = 0;
    for (unsigned int i = 0; i < n; i++) {
        memset(&probes[i], 0, sizeof(probes[i]));
        probes[i].id = i;
        init_timer(&probes[i].t, probe_fn, &probes[i]);
    }
}

/*
 * The one-shot always waits for the earliest armed timer (0: disarmed;
 * expiries at or before 0 are programmed as 1, just as past).
 */
static void check_programmed(unsigned int n)
{
    s_time_t min = STIME_MAX;

    for (unsigned int i = 0; i < n; i++)
        if (timer_is_active(&probes[i].t) && probes[i].t.expires < min)
            min = probes[i].t.expires;
    cr_assert_eq(timer_next_expiry(), min);
    cr_assert_eq(programmed, min == STIME_MAX ? 0 : min < 1 ? 1 : min,
                 "programmed %lld, earliest %lld", (long long)programmed,
                 (long long)min);
}

Test(timer, runs_in_expiry_order_once_and_never_early)
{
    probes_init(NT);
    for (unsigned int i = 0; i < NT; i++) {
        set_timer(&probes[i].t, 1 + (s_time_t)rnd_below(1000000));
        check_programmed(NT);
    }
    run_until(2000000, 5000);
    cr_assert_eq(nr_order, NT);
    for (unsigned int i = 0; i < NT; i++) {
        cr_assert_eq(probes[i].runs, 1, "timer %u ran %u times", i,
                     probes[i].runs);
        if (i > 0) {
            const struct timer *a = &probes[order[i - 1]].t;
            const struct timer *b = &probes[order[i]].t;

            cr_assert(a->expires <= b->expires);
            /* Equal expiries run in the order they were set. */
            if (a->expires == b->expires)
                cr_assert(order[i - 1] < order[i]);
        }
    }
    cr_assert_eq(programmed, 0);
}

Test(timer, rearming_moves_an_armed_timer)
{
    probes_init(2);
    set_timer(&probes[0].t, 100);
    set_timer(&probes[0].t, 50);            /* earlier */
    cr_assert_eq(programmed, 50);
    run_until(60, 0);
    cr_assert_eq(probes[0].runs, 1);
    cr_assert_eq(probes[0].ran_at, 50);
    set_timer(&probes[0].t, 100);
    set_timer(&probes[0].t, 200);           /* later: not at 100 */
    cr_assert_eq(programmed, 200);
    run_until(150, 0);
    cr_assert_eq(probes[0].runs, 1);
    run_until(250, 0);
    cr_assert_eq(probes[0].runs, 2);
    cr_assert_eq(probes[0].ran_at, 200);
}

Test(timer, stopped_timers_do_not_run)
{
    probes_init(3);
    set_timer(&probes[0].t, 100);
    set_timer(&probes[1].t, 200);
    set_timer(&probes[2].t, 300);
    stop_timer(&probes[0].t);               /* the head: next is 200 */
    cr_assert_eq(programmed, 200);
    stop_timer(&probes[2].t);               /* not the head */
    cr_assert_eq(programmed, 200);
    stop_timer(&probes[2].t);               /* inactive: nothing */
    run_until(1000, 0);
    cr_assert_eq(probes[0].runs, 0);
    cr_assert_eq(probes[1].runs, 1);
    cr_assert_eq(probes[2].runs, 0);
    set_timer(&probes[0].t, 2000);
    stop_timer(&probes[0].t);               /* the last: disarm */
    cr_assert_eq(programmed, 0);
}

Test(timer, expiry_in_the_past_runs_at_once)
{
    probes_init(1);
    set_now(5000);
    set_timer(&probes[0].t, 10);
    cr_assert(programmed <= NOW(), "a past deadline must fire at once");
    run_until(NOW(), 0);
    cr_assert_eq(probes[0].runs, 1);
    cr_assert_eq(probes[0].ran_at, 5000);
    /* Zero and negative system times too (guests may pass any value):
     * the hardware is never told 0, which would disarm it. */
    set_timer(&probes[0].t, 0);
    cr_assert_eq(programmed, 1);
    run_until(NOW(), 0);
    cr_assert_eq(probes[0].runs, 2);
    set_timer(&probes[0].t, -12345);
    cr_assert_eq(programmed, 1);
    run_until(NOW(), 0);
    cr_assert_eq(probes[0].runs, 3);
}

/* Random set/stop/advance; after each step the hardware follows the head
 * and no timer that is due is left waiting. */
Test(timer, random_operations_keep_the_invariants)
{
    probes_init(64);
    for (unsigned int step = 0; step < 100000; step++) {
        struct probe *p = &probes[rnd_below(64)];

        switch (rnd_below(4)) {
        case 0:
        case 1:
            set_timer(&p->t, NOW() - 1000 + (s_time_t)rnd_below(100000));
            break;
        case 2:
            stop_timer(&p->t);
            break;
        default:
            run_until(NOW() + (s_time_t)rnd_below(50000),
                      (s_time_t)rnd_below(3000));
            /* Nothing due is left waiting. */
            for (unsigned int i = 0; i < 64; i++)
                cr_assert(!timer_is_active(&probes[i].t) ||
                          probes[i].t.expires > NOW());
            break;
        }
        check_programmed(64);
    }
}

/* ---- timer functions that act on timers ---- */

static struct timer self_t, victim_t;
static unsigned int self_runs, victim_runs;

static void rearm_in_past(void *data)
{
    (void)data;
    self_runs++;
    set_timer(&self_t, NOW() - 1);
}

Test(timer, a_timer_rearming_in_the_past_cannot_hold_the_cpu)
{
    machine_init();
    init_timer(&self_t, rearm_in_past, NULL);
    set_now(100);
    set_timer(&self_t, 50);
    timer_run_expired();                    /* one pass */
    cr_assert_eq(self_runs, 256, "one pass runs a bounded number");
    cr_assert(programmed && programmed <= NOW(),
              "the rest is left to an interrupt at once");
}

static void victim_fn(void *data)
{
    (void)data;
    victim_runs++;
}

static void stop_victim(void *data)
{
    (void)data;
    self_runs++;
    stop_timer(&victim_t);
}

Test(timer, a_timer_may_stop_another_due_in_the_same_pass)
{
    machine_init();
    init_timer(&self_t, stop_victim, NULL);
    init_timer(&victim_t, victim_fn, NULL);
    set_timer(&self_t, 100);
    set_timer(&victim_t, 100);
    run_until(200, 50);
    cr_assert_eq(self_runs, 1);
    cr_assert_eq(victim_runs, 0);
    cr_assert_eq(programmed, 0);
}

Test(timer, hardware_is_reprogrammed_once_per_pass)
{
    probes_init(100);
    for (unsigned int i = 0; i < 100; i++)
        set_timer(&probes[i].t, 1000 + i);
    programmings = 0;
    set_now(5000);
    timer_irq();
    cr_assert_eq(nr_order, 100);
    cr_assert_eq(programmings, 1);
    cr_assert_eq(programmed, 0);
}

/* ---- periodic timers ---- */

/*
 * Every event comes at or after its grid point start + k * period (never
 * early), the grid never moves however late the interrupts (no drift),
 * and ticks missed in a stall merge into one event.
 */
static void check_grid(s_time_t start, s_time_t period, unsigned int first)
{
    s_time_t last_k = -1;

    for (unsigned int i = first; i < nr_events; i++) {
        s_time_t k = (events[i] - start) / period;

        cr_assert(k > last_k, "two events for one period (%u)", i);
        cr_assert(k >= 1);
        last_k = k;
    }
}

Test(vcpu_timer, default_100hz_tick_never_drifts_or_fires_early)
{
    guest_init();
    vcpu_timer_start(&vcpu0);
    cr_assert_eq(vcpu_timers(&vcpu0)->period, MILLISECS(10));
    cr_assert_eq(nr_events, 0, "no whole period has passed yet");
    run_until(SECONDS(10), MILLISECS(3));
    /* 10 ms, 20 ms, ... 10 s: lateness below a period loses no tick. */
    cr_assert_eq(nr_events, 1000);
    for (unsigned int i = 0; i < nr_events; i++) {
        s_time_t grid = MILLISECS(10) * (i + 1);

        cr_assert(events[i] >= grid && events[i] <= grid + MILLISECS(3),
                  "event %u at %lld", i, (long long)events[i]);
    }
    /* Still on the grid: the next expiry is a multiple of the period. */
    cr_assert_eq(vcpu_timers(&vcpu0)->periodic.expires % MILLISECS(10), 0);
}

Test(vcpu_timer, missed_ticks_merge_and_the_grid_holds)
{
    guest_init();
    vcpu_timer_start(&vcpu0);
    run_until(MILLISECS(100), 0);
    cr_assert_eq(nr_events, 10);
    /* A 55 ms stall: one late event, then back on the 10 ms grid. */
    set_now(MILLISECS(155));
    run_until(MILLISECS(300), 0);
    cr_assert_eq(events[10], MILLISECS(155));
    cr_assert_eq(events[11], MILLISECS(160));
    cr_assert_eq(nr_events, 10 + 1 + 15);
    check_grid(0, MILLISECS(10), 0);
}

Test(vcpu_timer, set_periodic_timer_rules)
{
    guest_init();
    vcpu_timer_start(&vcpu0);
    /* Xen: below 1 ms or above STIME_DELTA_MAX is -EINVAL. */
    cr_assert_eq(set_periodic(MILLISECS(1) - 1), -XEN_EINVAL);
    cr_assert_eq(set_periodic(0), -XEN_EINVAL);
    cr_assert_eq(set_periodic((uint64_t)STIME_DELTA_MAX + 1), -XEN_EINVAL);
    cr_assert_eq(set_periodic(UINT64_MAX), -XEN_EINVAL);
    cr_assert_eq(vcpu_op(VCPUOP_set_periodic_timer, 0, (void *)BAD_ADDR),
                 -XEN_EFAULT);
    cr_assert_eq(vcpu_timers(&vcpu0)->period, MILLISECS(10),
                 "refusals change nothing");
    cr_assert_eq(set_periodic((uint64_t)STIME_DELTA_MAX), 0);
    cr_assert_eq(set_periodic(MILLISECS(1)), 0);
}

Test(vcpu_timer, a_new_period_counts_from_the_last_event)
{
    guest_init();
    vcpu_timer_start(&vcpu0);
    run_until(MILLISECS(25), 0);            /* events at 10, 20 */
    cr_assert_eq(nr_events, 2);
    cr_assert_eq(set_periodic(MILLISECS(1)), 0);
    /* Xen: a whole new period since the last event (20 ms) has passed,
     * so one event now and the next a period later. */
    cr_assert_eq(nr_events, 3);
    cr_assert_eq(events[2], MILLISECS(25));
    run_until(MILLISECS(30), 200000);
    cr_assert_eq(nr_events, 3 + 5);
    check_grid(MILLISECS(25), MILLISECS(1), 3);
    /* A longer period set right after an event: nothing at once. */
    cr_assert_eq(set_periodic(MILLISECS(50)), 0);
    cr_assert_eq(nr_events, 8);
    run_until(MILLISECS(200), 0);
    cr_assert_eq(events[8], events[7] + MILLISECS(50));
}

Test(vcpu_timer, stop_periodic_timer)
{
    guest_init();
    vcpu_timer_start(&vcpu0);
    run_until(MILLISECS(35), 0);
    cr_assert_eq(vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL), 0);
    run_until(SECONDS(1), 0);
    cr_assert_eq(nr_events, 3);
    cr_assert_eq(vcpu_timers(&vcpu0)->period, 0);
    /* Stopping twice is fine; switching in does not restart it. */
    cr_assert_eq(vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL), 0);
    vcpu_timer_switch_to(&vcpu0);
    run_until(SECONDS(2), 0);
    cr_assert_eq(nr_events, 3);
}

Test(vcpu_timer, periodic_ticks_only_while_running)
{
    guest_init();
    vcpu_timer_start(&vcpu0);
    run_until(MILLISECS(15), 0);
    vcpu_timer_switch_from(&vcpu0);
    run_until(MILLISECS(500), 0);
    cr_assert_eq(nr_events, 1);
    /* Back after 490 ms: one event at once (Xen), then every 10 ms. */
    vcpu_timer_switch_to(&vcpu0);
    cr_assert_eq(nr_events, 2);
    cr_assert_eq(events[1], MILLISECS(500));
    run_until(MILLISECS(530), 0);
    cr_assert_eq(nr_events, 5);
    cr_assert_eq(events[4], MILLISECS(530));
}

Test(vcpu_timer, switch_to_publishes_the_pvclock)
{
    guest_init();
    set_now(SECONDS(3));
    vcpu_timer_start(&vcpu0);
    cr_assert_eq(shinfo.vcpu_info[0].time.version, 2);
    cr_assert_eq(shinfo.wc_version, 2);
    cr_assert_eq(shinfo.vcpu_info[0].time.tsc_to_system_mul, 1u << 31);
    cr_assert_eq(shinfo.vcpu_info[0].time.tsc_shift, 1);
    cr_assert_eq(shinfo.vcpu_info[0].time.flags, XEN_PVCLOCK_TSC_STABLE_BIT);
}

Test(vcpu_timer, destroy_stops_everything_and_frees_the_state)
{
    struct vcpu_timers *vt;

    guest_init();
    vcpu_timer_start(&vcpu0);
    cr_assert_eq(set_singleshot(MILLISECS(5), 0), 0);
    vcpu_timer_destroy(&vcpu0);
    cr_assert_eq(programmed, 0);
    run_until(SECONDS(1), 0);
    cr_assert_eq(nr_events, 0);
    /* A vCPU later allocated at the same address starts afresh. */
    vt = vcpu_timers(&vcpu0);
    cr_assert_eq(vt->period, VCPU_DEFAULT_PERIOD);
    cr_assert(!timer_is_active(&vt->singleshot));
}

/* ---- single-shot timers ---- */

Test(vcpu_timer, singleshot_fires_once_at_its_time)
{
    guest_init();
    cr_assert_eq(set_singleshot(MILLISECS(7), 0), 0);
    run_until(SECONDS(1), 1000);
    cr_assert_eq(nr_events, 1);
    cr_assert(events[0] >= MILLISECS(7));
    cr_assert(!timer_is_active(&vcpu_timers(&vcpu0)->singleshot));
}

Test(vcpu_timer, singleshot_in_the_past)
{
    guest_init();
    set_now(MILLISECS(50));
    /* VCPU_SSHOTTMR_future is ignored (Xen 4.17): a past time fires. */
    cr_assert_eq(set_singleshot(MILLISECS(49), VCPU_SSHOTTMR_future), 0);
    run_until(NOW(), 0);
    cr_assert_eq(nr_events, 1);
    /* Without the flag, the same. */
    cr_assert_eq(set_singleshot(MILLISECS(1), 0), 0);
    run_until(NOW(), 0);
    cr_assert_eq(nr_events, 2);
    cr_assert_eq(events[1], MILLISECS(50));
    /* Beyond 2^63 is a negative system time: it fires at once. */
    cr_assert_eq(set_singleshot(1ULL << 63, VCPU_SSHOTTMR_future), 0);
    run_until(NOW(), 0);
    cr_assert_eq(nr_events, 3);
}

Test(vcpu_timer, singleshot_refusals)
{
    guest_init();
    cr_assert_eq(vcpu_op(VCPUOP_set_singleshot_timer, 0, (void *)BAD_ADDR),
                 -XEN_EFAULT);
    /* Only the calling vCPU's own single-shot timer (Xen). */
    curr = &other;
    cr_assert_eq(set_singleshot(MILLISECS(5), 0), -XEN_EINVAL);
    cr_assert_eq(vcpu_op(VCPUOP_stop_singleshot_timer, 0, NULL),
                 -XEN_EINVAL);
    curr = &vcpu0;
    cr_assert_eq(programmed, 0);
}

Test(vcpu_timer, stop_singleshot_timer)
{
    guest_init();
    cr_assert_eq(set_singleshot(MILLISECS(5), 0), 0);
    cr_assert_eq(vcpu_op(VCPUOP_stop_singleshot_timer, 0, NULL), 0);
    run_until(SECONDS(1), 0);
    cr_assert_eq(nr_events, 0);
    cr_assert_eq(vcpu_op(VCPUOP_stop_singleshot_timer, 0, NULL), 0);
}

/* ---- set_timer_op ---- */

Test(set_timer_op, absolute_time_and_zero_stops)
{
    guest_init();
    set_now(MILLISECS(10));
    cr_assert_eq(hc(do_set_timer_op, MILLISECS(30), 0, 0), 0);
    cr_assert_eq(programmed, MILLISECS(30));
    run_until(MILLISECS(29), 0);
    cr_assert_eq(nr_events, 0);
    run_until(MILLISECS(31), 0);
    cr_assert_eq(nr_events, 1);
    cr_assert_eq(events[0], MILLISECS(30));
    cr_assert_eq(hc(do_set_timer_op, MILLISECS(40), 0, 0), 0);
    cr_assert_eq(hc(do_set_timer_op, 0, 0, 0), 0);
    run_until(SECONDS(1), 0);
    cr_assert_eq(nr_events, 1);
}

Test(set_timer_op, past_time_fires_at_once)
{
    guest_init();
    set_now(MILLISECS(10));
    cr_assert_eq(hc(do_set_timer_op, 1, 0, 0), 0);
    run_until(NOW(), 0);
    cr_assert_eq(nr_events, 1);
    cr_assert_eq(events[0], MILLISECS(10));
}

/* Xen's workaround: wrapped (negative) or > 2^50 ns ahead: in 100 ms. */
Test(set_timer_op, wrapped_or_huge_timeouts_become_100ms)
{
    guest_init();
    set_now(MILLISECS(10));
    cr_assert_eq(hc(do_set_timer_op, (unsigned long)-5L, 0, 0), 0);
    cr_assert_eq(vcpu_timers(&vcpu0)->singleshot.expires, MILLISECS(110));
    cr_assert_eq(hc(do_set_timer_op, MILLISECS(10) + (1ULL << 50) + 1, 0, 0),
                 0);
    cr_assert_eq(vcpu_timers(&vcpu0)->singleshot.expires, MILLISECS(110));
    /* Just under 2^50 ahead is taken as is. */
    cr_assert_eq(hc(do_set_timer_op, MILLISECS(10) + (1ULL << 50) - 1, 0, 0),
                 0);
    cr_assert_eq(vcpu_timers(&vcpu0)->singleshot.expires,
                 MILLISECS(10) + (1LL << 50) - 1);
}

/* ---- vcpu_op dispatch ---- */

Test(vcpu_op, unknown_vcpu_is_enoent_before_anything_else)
{
    guest_init();
    cr_assert_eq(vcpu_op(VCPUOP_stop_periodic_timer, 1, NULL), -XEN_ENOENT);
    cr_assert_eq(vcpu_op(VCPUOP_stop_periodic_timer, 0xffffffffu, NULL),
                 -XEN_ENOENT);
    cr_assert_eq(vcpu_op(999, 1, NULL), -XEN_ENOENT);
    /* The vCPU id is 32 bits: the upper half of the register is ignored. */
    cr_assert_eq(hc(do_vcpu_op, VCPUOP_stop_periodic_timer, 1UL << 32, 0),
                 0);
}

Test(vcpu_op, other_sub_ops_are_enosys_for_now)
{
    static const int cmds[] = { VCPUOP_register_runstate_memory_area,
                                VCPUOP_register_vcpu_info, VCPUOP_send_nmi,
                                VCPUOP_get_physid,
                                VCPUOP_register_vcpu_time_memory_area,
                                14, 1000, -1 };

    guest_init();
    for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
        cr_assert_eq(vcpu_op(cmds[i], 0, NULL), -XEN_ENOSYS,
                     "cmd %d", cmds[i]);
}

/* Xen's order: copy in (-EFAULT), already initialised (-EEXIST), check. */
Test(vcpu_op, initialise_and_up_refusals)
{
    static struct vcpu_guest_context c;

    guest_init();
    vcpu0.is_initialised = false;
    vcpu0.sched.pause_flags = SCHED_PF_DOWN;
    ups = 0;
    cr_assert_eq(vcpu_op(VCPUOP_up, 0, NULL), -XEN_EINVAL);
    cr_assert_eq(ups, 0);
    cr_assert_eq(vcpu_op(VCPUOP_is_up, 0, NULL), 0);
    cr_assert_eq(vcpu_op(VCPUOP_initialise, 0, (void *)BAD_ADDR),
                 -XEN_EFAULT);
    fake_check_rc = -XEN_EINVAL;
    cr_assert_eq(vcpu_op(VCPUOP_initialise, 0, &c), -XEN_EINVAL);
    fake_check_rc = 0;
    fake_load_rc = -XEN_EINVAL;
    cr_assert_eq(vcpu_op(VCPUOP_initialise, 0, &c), -XEN_EINVAL);
    cr_assert(!vcpu0.is_initialised, "a refusal changes nothing");
    fake_load_rc = 0;
    cr_assert_eq(vcpu_op(VCPUOP_initialise, 0, &c), 0);
    cr_assert_eq(vcpu_op(VCPUOP_initialise, 0, &c), -XEN_EEXIST);
    fake_check_rc = -XEN_EINVAL;
    cr_assert_eq(vcpu_op(VCPUOP_initialise, 0, &c), -XEN_EEXIST,
                 "EEXIST comes before the check");
    fake_check_rc = 0;
    cr_assert_eq(vcpu_op(VCPUOP_up, 0, NULL), 0);
    cr_assert_eq(vcpu_op(VCPUOP_is_up, 0, NULL), 1);
    cr_assert_eq(vcpu_op(VCPUOP_down, 0, NULL), 0);
    cr_assert_eq(vcpu_op(VCPUOP_is_up, 0, NULL), 0);
    cr_assert_eq(vcpu_op(VCPUOP_get_runstate_info, 0, (void *)BAD_ADDR),
                 -XEN_EFAULT);
}
