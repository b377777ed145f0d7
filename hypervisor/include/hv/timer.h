/*
 * Hypervisor timers: call a function at (or soon after) a system time.
 *
 * Timers sit in one list sorted by expiry; the arch's one-shot interrupt
 * is always programmed for the first.  The interrupt only raises
 * TIMER_SOFTIRQ; expired timers run from that softirq (Xen's way), with
 * interrupts off, on the return to the guest or in the idle loop.  So a
 * timer function may take the same (non-IRQ-safe) locks as hypercalls,
 * such as a domain's event lock, must be short and must not block, and
 * may set or stop any timer, its own included.
 *
 * Contract kept for callers: a timer never runs before its expiry
 * (NOW() >= expires when its function is called), runs once per
 * set_timer(), and never after stop_timer() returned.
 *
 * Single CPU for now: no lock, because every caller runs on it with
 * interrupts off (hypercalls, softirqs) and the interrupt handler does
 * not touch the list.  With SMP each CPU gets its own list and a lock, as
 * Xen's per-CPU timer heaps.
 */
#ifndef HV_TIMER_H
#define HV_TIMER_H

#include <hv/list.h>
#include <hv/time.h>

struct timer {
    s_time_t expires;
    void (*function)(void *data);
    void *data;
    struct list_head entry;     /* in the queue while active */
    bool active;
};

/* Installs the TIMER_SOFTIRQ handler; once at boot, before any timer. */
void timer_init(void);

/* Prepares 't' (inactive) to call fn(data) when it expires. */
void init_timer(struct timer *t, void (*fn)(void *data), void *data);

/*
 * (Re)arms 't' for system time 'expires'; an active timer moves.  An
 * expiry in the past makes the timer run at the next interrupt, which is
 * programmed to come at once.
 */
void set_timer(struct timer *t, s_time_t expires);

/* Disarms 't' if armed; it will not run until set again. */
void stop_timer(struct timer *t);

static inline bool timer_is_active(const struct timer *t)
{
    return t->active;
}

/*
 * The TIMER_SOFTIRQ handler: runs every timer whose expiry has passed,
 * then reprograms the one-shot for the next.  Interrupts off.
 */
void timer_run_expired(void);

/* Expiry of the earliest armed timer, or STIME_MAX when none is armed. */
s_time_t timer_next_expiry(void);

/*
 * Provided by the arch: raise the timer interrupt, whose handler raises
 * TIMER_SOFTIRQ, once NOW() >= 'deadline', or at once when that has
 * passed already.  0 disarms.  An early interrupt is allowed (the expired
 * timers are re-checked against NOW()); a missing one is not.
 */
void arch_timer_program(s_time_t deadline);

#endif /* HV_TIMER_H */
