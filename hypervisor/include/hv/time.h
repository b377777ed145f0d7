/*
 * System time and the wall clock (Xen's xen/time.h model).
 *
 * System time is nanoseconds since time_init(), computed from the TSC with
 * one fixed scale: Xen's (tsc_to_system_mul, tsc_shift) pair, the same
 * numbers every guest receives in vcpu_time_info.  A guest following
 * xen.h's pvclock formula (with a 64x32-bit product, as Linux and Mini-OS
 * do) reads exactly NOW(), and a newer publication never moves its clock.
 */
#ifndef HV_TIME_H
#define HV_TIME_H

#include <hv/types.h>

struct vcpu;
struct domain;

typedef int64_t s_time_t;       /* system time: ns since boot (Xen's) */

#define SECONDS(s)      ((s_time_t)(s) * 1000000000LL)
#define MILLISECS(ms)   ((s_time_t)(ms) * 1000000LL)
#define MICROSECS(us)   ((s_time_t)(us) * 1000LL)
#define NSEC_PER_SEC    1000000000ULL
#define STIME_MAX       ((s_time_t)(UINT64_MAX >> 1))
/* Xen's bound on guest-supplied deltas: NOW() + delta cannot overflow. */
#define STIME_DELTA_MAX ((s_time_t)(UINT64_MAX >> 2))

/*
 * ns = ((ticks << shift) * mul_frac) >> 32, a negative shift meaning a
 * right shift: xen.h's formula for vcpu_time_info.  mul_frac is kept in
 * [2^31, 2^32), which bounds the relative error of the truncated
 * multiplier to 2^-31.
 */
struct time_scale {
    uint32_t mul_frac;
    int8_t shift;
};

/* Scale converting ticks at 'ticks_per_sec' (> 0) into nanoseconds. */
void time_scale_init(struct time_scale *ts, uint64_t ticks_per_sec);

/*
 * Ticks to ns through 'ts', exactly as a guest evaluates xen.h's formula
 * (with a 96-bit product, so no delta overflows).  Never above the exact
 * value; below it by at most ns * 2^-31 + 2.
 */
uint64_t time_scale_delta(uint64_t ticks, const struct time_scale *ts);

/*
 * Ticks at 'ticks_per_sec' that are sure to scale back to at least 'ns'
 * through any scale time_scale_init() makes, with at most 2^-30 relative
 * plus a few ns to spare: what a deadline must be programmed with so that
 * NOW() has reached it when the interrupt arrives.  UINT64_MAX if beyond
 * 2^64 ticks.
 */
uint64_t time_ticks_for_ns(uint64_t ns, uint64_t ticks_per_sec);

/*
 * Starts system time at 0 from the current TSC, which counts at 'tsc_hz'.
 * 'tsc_stable': the TSC is invariant, so guests may be told
 * XEN_PVCLOCK_TSC_STABLE_BIT.
 */
void time_init(uint64_t tsc_hz, bool tsc_stable);

/* Current system time; 0 until time_init(). */
s_time_t get_s_time(void);
#define NOW()   get_s_time()

/* System time at TSC value 'tsc' (0 for one before system time 0). */
s_time_t tsc_to_stime(uint64_t tsc);

/* The TSC value at which system time reaches 't' (for TSC deadlines). */
uint64_t stime_to_tsc(s_time_t t);

/* TSC frequency time_init() was given (0 before). */
uint64_t time_tsc_hz(void);

/*
 * The wall clock: 'unix_secs' (seconds since 1970, UTC) is the time now.
 * Kept as the wall time of system time 0, which is what Xen publishes.
 */
void time_set_wallclock(uint64_t unix_secs);

/*
 * Publishes the vCPU's pvclock (vcpu_info.time) with Xen's version
 * protocol: version odd while the fields change.  Xen calls this
 * update_vcpu_system_time(); the scheduler calls it when the vCPU is
 * switched in.
 */
void time_update_vcpu(struct vcpu *v);

/* Publishes the wall clock in the domain's shared_info (wc_version ...). */
void time_update_wallclock(struct domain *d);

/* Provided by the arch: the time-stamp counter, ordered against loads. */
uint64_t arch_read_tsc(void);

/*
 * Provided by the arch, called once at boot (after paging, before any
 * domain): calibrates the TSC and starts system time (time_init), reads
 * the wall clock, sets up the timer interrupt and checks that it fires.
 * Logs what it measured as "time: ..." lines.  Boot goes on whatever
 * fails; timers then never fire, which the log says.
 */
void arch_time_init(void);

#endif /* HV_TIME_H */
