/*
 * Hypervisor timers (hv/timer.h): one list per CPU sorted by expiry, the
 * head of which that CPU's one-shot interrupt is programmed for.
 *
 * A sorted list keeps insertion O(n) and removal O(1) with no allocation.
 * There are a few timers per vCPU (its single-shot and periodic timer),
 * so n stays small; Xen uses a heap per CPU once that stops being true.
 *
 * A timer belongs to the CPU that initialised it (t->cpu, fixed) and
 * always runs there, as in Xen.  Each CPU's queue has a lock, taken by
 * whoever sets or stops one of its timers; no other lock is taken inside
 * it, and timer functions run with it released, so they may take any
 * lock (lock order: a queue lock is always innermost).
 */
#include <hv/bug.h>
#include <hv/lib.h>
#include <hv/softirq.h>
#include <hv/spinlock.h>
#include <hv/timer.h>
#include <asm/config.h>

struct timer_queue {
    spinlock_t lock;
    struct list_head list;
    /* True while timer_run_expired() runs timer functions: it reprograms
     * the hardware once at the end instead of on every set_timer(). */
    bool running;
};

static struct timer_queue queues[NR_CPUS];

/*
 * A pass runs at most this many timer functions, so a function that keeps
 * re-arming itself in the past cannot hold the CPU forever; the rest run
 * after the interrupt programmed right after, once the guest (or the
 * idle loop) has had the CPU.
 */
#define MAX_TIMERS_PER_PASS 256

static struct timer *queue_head(struct timer_queue *q)
{
    if (list_empty(&q->list))
        return NULL;
    return list_first_entry(&q->list, struct timer, entry);
}

s_time_t timer_next_expiry(void)
{
    struct timer_queue *q = &queues[smp_processor_id()];
    const struct timer *t;
    s_time_t next;

    spin_lock(&q->lock);
    t = queue_head(q);
    next = t ? t->expires : STIME_MAX;
    spin_unlock(&q->lock);
    return next;
}

/*
 * The one-shot follows the head.  0 tells the arch to disarm, so an
 * expiry at or before 0 (long past, and legal: guests pass any value) is
 * programmed as 1, which is just as past.
 */
static void reprogram(struct timer_queue *q, unsigned int cpu)
{
    const struct timer *t = queue_head(q);

    if (q->running)
        return;
    if (cpu == smp_processor_id()) {
        arch_timer_program(t ? MAX(t->expires, 1) : 0);
        return;
    }
    /* Another CPU's hardware: its softirq reprograms from its own list. */
    cpu_raise_softirq(cpu, TIMER_SOFTIRQ);
    arch_send_event_check(cpu);
}

/*
 * Inserts after every timer with expires <= t->expires: timers with equal
 * expiry run in the order they were set.
 */
static void enqueue(struct timer_queue *q, struct timer *t)
{
    struct list_head *pos;

    list_for_each(pos, &q->list) {
        if (list_entry(pos, struct timer, entry)->expires > t->expires)
            break;
    }
    list_add_tail(&t->entry, pos);
    t->active = true;
}

static void dequeue(struct timer *t)
{
    list_del(&t->entry);
    t->active = false;
}

void timer_init(void)
{
    for (unsigned int c = 0; c < NR_CPUS; c++) {
        spin_lock_init(&queues[c].lock);
        list_init(&queues[c].list);
        queues[c].running = false;
    }
    open_softirq(TIMER_SOFTIRQ, timer_run_expired);
}

void init_timer(struct timer *t, void (*fn)(void *data), void *data)
{
    t->expires = 0;
    t->function = fn;
    t->data = data;
    list_init(&t->entry);
    t->active = false;
    t->cpu = smp_processor_id();
}

void set_timer(struct timer *t, s_time_t expires)
{
    struct timer_queue *q = &queues[t->cpu];
    struct timer *old_head;

    ASSERT(t->function);
    spin_lock(&q->lock);
    old_head = queue_head(q);
    if (t->active)
        dequeue(t);
    t->expires = expires;
    enqueue(q, t);
    /* Only a change of head changes what the hardware must wait for. */
    if (queue_head(q) != old_head || old_head == t)
        reprogram(q, t->cpu);
    spin_unlock(&q->lock);
}

void stop_timer(struct timer *t)
{
    struct timer_queue *q = &queues[t->cpu];

    spin_lock(&q->lock);
    if (t->active) {
        bool was_head = queue_head(q) == t;

        dequeue(t);
        if (was_head)
            reprogram(q, t->cpu);
    }
    spin_unlock(&q->lock);
}

/* The lock is dropped around each function, which may take other locks
 * or set and stop timers of this queue. */
void timer_run_expired(void)
{
    unsigned int cpu = smp_processor_id();
    struct timer_queue *q = &queues[cpu];
    s_time_t now = NOW();
    unsigned int ran = 0;
    struct timer *t;

    spin_lock(&q->lock);
    q->running = true;
    while ((t = queue_head(q)) && t->expires <= now &&
           ran++ < MAX_TIMERS_PER_PASS) {
        /* Inactive before the call: the function may set it again. */
        dequeue(t);
        spin_unlock(&q->lock);
        t->function(t->data);
        spin_lock(&q->lock);
    }
    q->running = false;
    reprogram(q, cpu);
    spin_unlock(&q->lock);
}
