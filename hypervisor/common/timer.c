/*
 * Hypervisor timers (hv/timer.h): a list sorted by expiry, the head of
 * which the arch's one-shot interrupt is programmed for.
 *
 * A sorted list keeps insertion O(n) and removal O(1) with no allocation.
 * There are a few timers per vCPU (its single-shot and periodic timer),
 * so n stays small; Xen uses a heap per CPU once that stops being true.
 */
#include <hv/bug.h>
#include <hv/lib.h>
#include <hv/softirq.h>
#include <hv/timer.h>

static struct list_head queue = LIST_HEAD_INIT(queue);

/* True while timer_run_expired() runs timer functions: it reprograms
 * the hardware once at the end instead of on every set_timer(). */
static bool running_timers;

/*
 * A pass runs at most this many timer functions, so a function that keeps
 * re-arming itself in the past cannot hold the CPU forever; the rest run
 * after the interrupt programmed right after, once the guest (or the
 * idle loop) has had the CPU.
 */
#define MAX_TIMERS_PER_PASS 256

static struct timer *queue_head(void)
{
    if (list_empty(&queue))
        return NULL;
    return list_first_entry(&queue, struct timer, entry);
}

s_time_t timer_next_expiry(void)
{
    const struct timer *t = queue_head();

    return t ? t->expires : STIME_MAX;
}

/*
 * The one-shot follows the head.  0 tells the arch to disarm, so an
 * expiry at or before 0 (long past, and legal: guests pass any value) is
 * programmed as 1, which is just as past.
 */
static void reprogram(void)
{
    const struct timer *t = queue_head();

    if (!running_timers)
        arch_timer_program(t ? MAX(t->expires, 1) : 0);
}

/*
 * Inserts after every timer with expires <= t->expires: timers with equal
 * expiry run in the order they were set.
 */
static void enqueue(struct timer *t)
{
    struct list_head *pos;

    list_for_each(pos, &queue) {
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
    open_softirq(TIMER_SOFTIRQ, timer_run_expired);
}

void init_timer(struct timer *t, void (*fn)(void *data), void *data)
{
    t->expires = 0;
    t->function = fn;
    t->data = data;
    list_init(&t->entry);
    t->active = false;
}

void set_timer(struct timer *t, s_time_t expires)
{
    struct timer *old_head = queue_head();

    ASSERT(t->function);
    if (t->active)
        dequeue(t);
    t->expires = expires;
    enqueue(t);
    /* Only a change of head changes what the hardware must wait for. */
    if (queue_head() != old_head || old_head == t)
        reprogram();
}

void stop_timer(struct timer *t)
{
    bool was_head = queue_head() == t;

    if (!t->active)
        return;
    dequeue(t);
    if (was_head)
        reprogram();
}

void timer_run_expired(void)
{
    s_time_t now = NOW();
    unsigned int ran = 0;
    struct timer *t;

    running_timers = true;
    while ((t = queue_head()) && t->expires <= now &&
           ran++ < MAX_TIMERS_PER_PASS) {
        /* Inactive before the call: the function may set it again. */
        dequeue(t);
        t->function(t->data);
    }
    running_timers = false;
    reprogram();
}
