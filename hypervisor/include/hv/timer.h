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
 * Each CPU has its own list and lock (Xen's per-CPU timer heaps).  A
 * timer belongs to the CPU that ran init_timer() and always runs there;
 * set_timer()/stop_timer() may be called from any CPU.  On another CPU a
 * timer function that has already started may still be running when
 * stop_timer() returns.  The interrupt handler never touches a list.
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
    unsigned int cpu;           /* whose queue, set by init_timer() */
};

/* Installs the TIMER_SOFTIRQ handler; once at boot, before any timer. */
void timer_init(void);

/* Prepares 't' (inactive) to call fn(data), on this CPU, when it expires. */
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
