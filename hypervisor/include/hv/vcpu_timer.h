/*
 * The guest-facing timers of each vCPU (Xen's singleshot_timer and
 * periodic_timer) and the hypercalls that set them: set_timer_op and the
 * timer sub-ops of vcpu_op.  Both kinds raise VIRQ_TIMER on their vCPU.
 */
#ifndef HV_VCPU_TIMER_H
#define HV_VCPU_TIMER_H

#include <hv/hypercall.h>
#include <hv/timer.h>

struct vcpu;

/* Xen's default for PV vCPUs: "PV guests by default have a 100Hz ticker". */
#define VCPU_DEFAULT_PERIOD     MILLISECS(10)
/* Xen's minimum for VCPUOP_set_periodic_timer (smaller: -EINVAL). */
#define VCPU_MIN_PERIOD         MILLISECS(1)

struct vcpu_timers {
    struct vcpu *vcpu;
    struct timer singleshot;    /* set_timer_op, VCPUOP_*_singleshot_timer */
    struct timer periodic;      /* VCPUOP_*_periodic_timer */
    s_time_t period;            /* 0: periodic timer off */
    s_time_t last_periodic;     /* when the last periodic event was sent */
};

/*
 * The vCPU's timer state, created (period VCPU_DEFAULT_PERIOD, nothing
 * armed) on first use.  NULL only when more vCPUs exist than the state
 * pool holds (see vcpu_timer.c).
 */
struct vcpu_timers *vcpu_timers(struct vcpu *v);

/*
 * The vCPU is about to run for the first time (dom0 at boot): publish its
 * pvclock, for vCPU 0 the domain's wall clock, and start its periodic
 * timer as vcpu_timer_switch_to() does.
 */
void vcpu_timer_start(struct vcpu *v);

/*
 * Scheduler hooks (Xen's behaviour, for the context switch): the
 * periodic timer ticks only while its vCPU runs.  switch_from stops it;
 * switch_to refreshes the pvclock and restarts it, with an event at once
 * if a whole period passed meanwhile.  The single-shot timer keeps
 * running either way: it is what wakes a blocked vCPU.
 */
void vcpu_timer_switch_from(struct vcpu *v);
void vcpu_timer_switch_to(struct vcpu *v);

/*
 * The vCPU is being destroyed: its timers stop and its state is freed.
 * Must come before struct vcpu's memory is, or a timer would fire on it.
 */
void vcpu_timer_destroy(struct vcpu *v);

/* Timer expiry for 'v': sends VIRQ_TIMER (Xen's send_timer_event). */
void timer_fire_virq(struct vcpu *v);

/*
 * Provided by event channels (hv/event.h): raise 'virq' on 'v' if the
 * guest bound it, else drop it.  The only call timers make into event
 * channels; declared here too (same prototype) so that timers build and
 * test without them.
 */
extern void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq);

/* set_timer_op(timeout): a1 = absolute system time in ns, 0 = stop. */
hypercall_fn_t do_set_timer_op;
/* vcpu_op(cmd, vcpuid, arg): common/vcpu.c. */
hypercall_fn_t do_vcpu_op;

/*
 * vcpu_op's timer sub-ops on vCPU v of the caller's domain, 'arg' the
 * guest address of the sub-op's struct (rows of vcpu.c's table).
 */
long vcpuop_set_periodic_timer(struct vcpu *v, unsigned long arg);
long vcpuop_stop_periodic_timer(struct vcpu *v, unsigned long arg);
long vcpuop_set_singleshot_timer(struct vcpu *v, unsigned long arg);
long vcpuop_stop_singleshot_timer(struct vcpu *v, unsigned long arg);

#endif /* HV_VCPU_TIMER_H */
