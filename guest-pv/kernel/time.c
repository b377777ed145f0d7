/*
 * Time: the kernel clock, the wall clock and one-shot software timers.
 *
 * The clock and the one-shot hardware timer are the timer ops of the
 * paravirt-ops table (guest/pvops.h; under pv the pvclock, pvclock.c,
 * and VCPUOP_set_singleshot_timer raising VIRQ_TIMER).  Timers: a list
 * sorted by deadline; its head is programmed into the one-shot timer,
 * whose expiry calls timer_tick().  The backend stops any periodic tick
 * the platform starts with (Xen's 10 ms timer), so every tick is a
 * deadline this kernel asked for.
 */
#include <abi/guest_hypercall.h>
#include <guest/console.h>
#include <guest/events.h>
#include <guest/irqflags.h>
#include <guest/pvops.h>
#include <guest/time.h>

long time_virq_port = -1;
unsigned long time_virq_count;
uint64_t time_virq_last;

static struct timer *timers;    /* sorted by deadline, earliest first */

uint64_t time_now(void)
{
    return pv_ops.timer.now_ns();
}

void time_wallclock(uint64_t *sec, uint32_t *nsec)
{
    const volatile shared_info_t *s = shared_info;
    uint32_t version, wc_nsec;
    uint64_t wc_sec, now;

    /* wc_version follows the same odd-while-updating rule. */
    do {
        version = s->wc_version;
        barrier();
        wc_sec = ((uint64_t)s->wc_sec_hi << 32) | s->wc_sec;
        wc_nsec = s->wc_nsec;
        barrier();
    } while ((version & 1) || version != s->wc_version);
    now = wc_nsec + time_now();
    *sec = wc_sec + now / NSEC_PER_SEC;
    *nsec = (uint32_t)(now % NSEC_PER_SEC);
}

long time_set_singleshot(uint64_t deadline, uint32_t flags)
{
    struct vcpu_set_singleshot_timer op = {
        .timeout_abs_ns = deadline,
        .flags = flags,
    };

    return HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, &op);
}

/* Interrupts off: the hardware deadline follows the list's head. */
static void program(void)
{
    if (timers)
        pv_ops.timer.set_deadline(timers->deadline);
}

static void unlink(struct timer *t)
{
    struct timer **pp;

    for (pp = &timers; *pp; pp = &(*pp)->next) {
        if (*pp == t) {
            *pp = t->next;
            break;
        }
    }
    t->next = NULL;
    t->armed = false;
}

void timer_add(struct timer *t, uint64_t deadline)
{
    unsigned long flags = local_irq_save();
    struct timer **pp;

    if (t->armed)
        unlink(t);
    t->deadline = deadline;
    for (pp = &timers; *pp && (*pp)->deadline <= deadline;
         pp = &(*pp)->next)
        ;
    t->next = *pp;
    *pp = t;
    t->armed = true;
    if (timers == t)
        program();
    local_irq_restore(flags);
}

void timer_del(struct timer *t)
{
    unsigned long flags = local_irq_save();

    if (t->armed)
        unlink(t);
    local_irq_restore(flags);
}

/*
 * The one-shot timer fired: run every timer whose deadline has passed by
 * the guest's own clock (a timer is never run early, whatever the
 * hypervisor did), then program the next deadline.
 */
static void timer_tick(void)
{
    uint64_t now = time_now();
    struct timer *t;

    time_virq_count++;
    time_virq_last = now;
    while ((t = timers) != NULL && t->deadline <= now) {
        unlink(t);
        t->fn(t);
        now = time_now();
    }
    program();
}

void time_init(void)
{
    pv_ops.timer.init(timer_tick);
}
