/*
 * What the scheduler core (schedule.c) needs from the rest of the
 * hypervisor on each CPU: a softirq to run it from, a timer for slice ends
 * and accounting ticks, the clock, and the idle vCPUs.
 *
 * schedule() runs only from SCHEDULE_SOFTIRQ, i.e. on the way back to a
 * guest or in the idle loop, with interrupts off and no locks held: never
 * from an interrupt handler, which may have interrupted the scheduler.
 */
#include <hv/bug.h>
#include <hv/domain.h>
#include <hv/event.h>
#include <hv/sched.h>
#include <hv/softirq.h>
#include <hv/time.h>
#include <hv/timer.h>
#include <asm/config.h>

struct domain idle_domain = { .domain_id = DOMID_IDLE };
struct vcpu idle_vcpu[NR_CPUS];

struct sched_percpu {
    struct timer timer;         /* slice end / accounting tick */
    bool timer_due;             /* the timer fired: run sched_timer() */
    bool kicked;                /* a reschedule was asked for */
};

static struct sched_percpu percpu[NR_CPUS];

/*
 * Only a kick reschedules: a timer expiry runs the policy's tick, which
 * kicks when the slice has ended.  Rescheduling on every expiry would
 * restart the slice each time, so it would never end.
 */
static void schedule_softirq(void)
{
    unsigned int cpu = smp_processor_id();
    struct sched_percpu *pc = &percpu[cpu];

    /* Exchange: a kick from another CPU is either seen now or raises
     * the softirq again after this read. */
    if (__atomic_exchange_n(&pc->timer_due, false, __ATOMIC_ACQ_REL))
        sched_timer(cpu, NOW());
    if (__atomic_exchange_n(&pc->kicked, false, __ATOMIC_ACQ_REL))
        schedule(cpu, NOW());
}

static void sched_timer_fn(void *data)
{
    unsigned int cpu = (unsigned int)(unsigned long)data;

    __atomic_store_n(&percpu[cpu].timer_due, true, __ATOMIC_RELEASE);
    raise_softirq(SCHEDULE_SOFTIRQ);
}

/*
 * The flag, then the softirq bit (both ordered before the IPI), then
 * the IPI that makes a remote CPU leave its guest or its `hlt` and look.
 */
void arch_sched_kick(unsigned int cpu)
{
    BUG_ON(cpu >= NR_CPUS);
    __atomic_store_n(&percpu[cpu].kicked, true, __ATOMIC_RELEASE);
    cpu_raise_softirq(cpu, SCHEDULE_SOFTIRQ);
    if (cpu != smp_processor_id())
        arch_send_event_check(cpu);
}

void arch_sched_set_timer(unsigned int cpu, uint64_t deadline)
{
    if (deadline == UINT64_MAX)
        stop_timer(&percpu[cpu].timer);
    else
        set_timer(&percpu[cpu].timer, (s_time_t)deadline);
}

uint64_t arch_sched_now(void)
{
    return NOW();
}

bool sched_vcpu_events_pending(struct vcpu *v)
{
    return evtchn_vcpu_needs_upcall(v);
}

/* Brings this CPU under the scheduler, running its idle vCPU. */
void sched_cpu_start(unsigned int cpu)
{
    struct vcpu *idle = &idle_vcpu[cpu];

    idle->vcpu_id = cpu;
    idle->domain = &idle_domain;
    init_timer(&percpu[cpu].timer, sched_timer_fn, (void *)(unsigned long)cpu);
    if (cpu == 0) {
        open_softirq(SCHEDULE_SOFTIRQ, schedule_softirq);
        sched_init(&sched_credit_ops);
    }
    sched_init_cpu(cpu, &idle->sched, idle, NOW());
}
