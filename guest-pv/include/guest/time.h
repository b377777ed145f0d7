/*
 * Time (kernel/time.c): Xen's system time (ns since the host booted, from
 * vcpu_info.time), the wall clock, and one-shot software timers driven by
 * the vCPU's single-shot timer and VIRQ_TIMER.
 */
#ifndef GUEST_TIME_H
#define GUEST_TIME_H

#include <guest/lib.h>

#define NSEC_PER_USEC  1000ull
#define NSEC_PER_MSEC  1000000ull
#define NSEC_PER_SEC   1000000000ull

/*
 * A software timer: fn runs in the upcall (events masked) once system
 * time has reached deadline.  Owned by the caller; armed at most once.
 */
struct timer {
    uint64_t deadline;
    void (*fn)(struct timer *t);
    struct timer *next;
    bool armed;
};

/*
 * Stops Xen's default 10 ms periodic timer (this kernel programs one-shot
 * deadlines instead) and binds VIRQ_TIMER.  Needs events (events.c).
 */
void time_init(void);

/* System time in ns (pvclock: vcpu_info.time, version protocol). */
uint64_t time_now(void);

/* Wall-clock time now (UTC): shared_info's wc_* plus system time. */
void time_wallclock(uint64_t *sec, uint32_t *nsec);

/* Arms t for deadline (system time, ns); re-arming moves it. */
void timer_add(struct timer *t, uint64_t deadline);

/* Disarms t (no-op if it is not armed). */
void timer_del(struct timer *t);

/* VCPUOP_set_singleshot_timer on this vCPU (flags: VCPU_SSHOTTMR_*). */
long time_set_singleshot(uint64_t deadline, uint32_t flags);

/* The VIRQ_TIMER port (< 0: the bind's error), and what it has seen. */
extern long time_virq_port;
extern unsigned long time_virq_count;
extern uint64_t time_virq_last;     /* time_now() at the last VIRQ_TIMER */

#endif /* GUEST_TIME_H */
