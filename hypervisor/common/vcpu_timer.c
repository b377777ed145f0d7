/*
 * Guest timers: each vCPU's single-shot and periodic timer, and the
 * hypercalls that set them (set_timer_op, vcpu_op's timer sub-ops,
 * dispatched from common/vcpu.c).
 *
 * Both timers raise VIRQ_TIMER on their vCPU and follow Xen 4.17:
 * single-shot times are absolute system times (a time in the past fires
 * at once), periodic timers take periods of at least 1 ms, and every PV
 * vCPU starts with a 10 ms periodic timer until the guest stops it.
 */
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/guest_access.h>
#include <hv/lib.h>
#include <hv/printk.h>
#include <hv/vcpu_timer.h>
#include <xen/errno.h>
#include <xen/vcpu.h>

/*
 * The per-vCPU state lives in this pool, found by vCPU, until struct vcpu
 * embeds a struct vcpu_timers (hv/domain.h belongs to domain code); then
 * vcpu_timers() becomes &v->timers and the pool goes.
 */
#define VCPU_TIMER_POOL 64
static struct vcpu_timers pool[VCPU_TIMER_POOL];

static void singleshot_fn(void *data);
static void periodic_fn(void *data);

struct vcpu_timers *vcpu_timers(struct vcpu *v)
{
    struct vcpu_timers *free_slot = NULL;

    for (unsigned int i = 0; i < VCPU_TIMER_POOL; i++) {
        if (pool[i].vcpu == v)
            return &pool[i];
        if (!pool[i].vcpu && !free_slot)
            free_slot = &pool[i];
    }
    if (!free_slot)
        return NULL;
    free_slot->vcpu = v;
    init_timer(&free_slot->singleshot, singleshot_fn, free_slot);
    init_timer(&free_slot->periodic, periodic_fn, free_slot);
    free_slot->period = VCPU_DEFAULT_PERIOD;
    free_slot->last_periodic = 0;
    return free_slot;
}

/* From the TIMER softirq: taking the domain's event lock is fine there. */
void timer_fire_virq(struct vcpu *v)
{
    send_guest_vcpu_virq(v, VIRQ_TIMER);
}

static void singleshot_fn(void *data)
{
    struct vcpu_timers *vt = data;

    timer_fire_virq(vt->vcpu);
}

/*
 * Ticks stay on the grid first expiry + k * period, so they never drift
 * however late each interrupt is.  Ticks missed while the CPU was held
 * up collapse into this one event (a VIRQ is a single pending bit), and
 * the next is the first grid point after now: never early.
 */
static void periodic_fn(void *data)
{
    struct vcpu_timers *vt = data;
    /*
     * Read once: VCPUOP_stop_periodic_timer on another CPU may zero it
     * while this runs, and a zero period would divide by zero below
     * (seen: hostile_neighbour's dom0 stopping its timer).
     */
    s_time_t period = __atomic_load_n(&vt->period, __ATOMIC_RELAXED);
    s_time_t now = NOW();
    s_time_t next = vt->periodic.expires + period;

    if (!period)
        return;
    timer_fire_virq(vt->vcpu);
    vt->last_periodic = now;
    if (next <= now)
        next += ((now - next) / period + 1) * period;
    set_timer(&vt->periodic, next);
}

/*
 * Xen's vcpu_periodic_timer_work(), run when the period is set and when
 * the vCPU starts: an event now if a whole period has passed since the
 * last one, and the next a period after the last event.
 */
static void periodic_start(struct vcpu_timers *vt)
{
    s_time_t now = NOW();
    s_time_t next = vt->last_periodic + vt->period;

    if (now >= next) {
        timer_fire_virq(vt->vcpu);
        vt->last_periodic = now;
        next = now + vt->period;
    }
    set_timer(&vt->periodic, next);
}

void vcpu_timer_switch_to(struct vcpu *v)
{
    struct vcpu_timers *vt = vcpu_timers(v);

    time_update_vcpu(v);
    if (!vt) {
        printk(XENLOG_ERR "vcpu %u of domain %u: no timer state left\n",
               v->vcpu_id, v->domain->domain_id);
        return;
    }
    if (vt->period)
        periodic_start(vt);
}

void vcpu_timer_switch_from(struct vcpu *v)
{
    struct vcpu_timers *vt = vcpu_timers(v);

    if (vt)
        stop_timer(&vt->periodic);
}

void vcpu_timer_destroy(struct vcpu *v)
{
    struct vcpu_timers *vt = vcpu_timers(v);

    if (!vt)
        return;
    stop_timer(&vt->singleshot);
    stop_timer(&vt->periodic);
    vt->vcpu = NULL;
}

void vcpu_timer_start(struct vcpu *v)
{
    if (v->vcpu_id == 0)
        time_update_wallclock(v->domain);
    vcpu_timer_switch_to(v);
}

/*
 * set_timer_op(timeout), as Xen's do_set_timer_op(): 0 stops the
 * single-shot timer; a time in the past fires at once.  Xen's workaround
 * for old Linux guests is kept: a negative time, or one more than 2^50 ns
 * (13 days) ahead, is taken to be a wrapped value and becomes 100 ms.
 */
long do_set_timer_op(const struct hc_args *args)
{
    s_time_t timeout = (s_time_t)args->a[0];
    struct vcpu_timers *vt = vcpu_timers(current_vcpu());
    s_time_t now = NOW();
    s_time_t offset = timeout - now;

    if (!vt)
        return -XEN_ENOMEM;
    if (timeout == 0)
        stop_timer(&vt->singleshot);
    else if (timeout < 0 || (offset > 0 && (uint32_t)(offset >> 50) != 0))
        set_timer(&vt->singleshot, now + MILLISECS(100));
    else
        set_timer(&vt->singleshot, timeout);
    return 0;
}

/* ---- vcpu_op's timer sub-ops (the dispatch table is in vcpu.c) ---- */

long vcpuop_set_periodic_timer(struct vcpu *v, unsigned long arg)
{
    struct vcpu_timers *vt = vcpu_timers(v);
    struct vcpu_set_periodic_timer set;

    if (copy_from_guest(&set, arg, sizeof(set)))
        return -XEN_EFAULT;
    /* Xen's bounds; the upper one keeps expires + period from overflowing. */
    if (set.period_ns < (uint64_t)VCPU_MIN_PERIOD ||
        set.period_ns > (uint64_t)STIME_DELTA_MAX)
        return -XEN_EINVAL;
    if (!vt)
        return -XEN_ENOMEM;
    stop_timer(&vt->periodic);
    vt->period = (s_time_t)set.period_ns;
    /* Another vCPU's timer starts when it next runs (switch_to). */
    if (v == current_vcpu())
        periodic_start(vt);
    return 0;
}

long vcpuop_stop_periodic_timer(struct vcpu *v, unsigned long arg)
{
    struct vcpu_timers *vt = vcpu_timers(v);

    (void)arg;
    if (!vt)
        return -XEN_ENOMEM;
    stop_timer(&vt->periodic);
    vt->period = 0;
    return 0;
}

/*
 * Xen allows the single-shot sub-ops only on the calling vCPU.
 * VCPU_SSHOTTMR_future is ignored, as xen/vcpu.h allows and Xen 4.17
 * does (checked on real Xen: a past deadline with the flag returns 0 and
 * fires at once): Linux set the flag on deadlines that could be past.
 */
long vcpuop_set_singleshot_timer(struct vcpu *v, unsigned long arg)
{
    struct vcpu_timers *vt = vcpu_timers(v);
    struct vcpu_set_singleshot_timer set;

    if (v != current_vcpu())
        return -XEN_EINVAL;
    if (copy_from_guest(&set, arg, sizeof(set)))
        return -XEN_EFAULT;
    if (!vt)
        return -XEN_ENOMEM;
    set_timer(&vt->singleshot, (s_time_t)set.timeout_abs_ns);
    return 0;
}

long vcpuop_stop_singleshot_timer(struct vcpu *v, unsigned long arg)
{
    struct vcpu_timers *vt = vcpu_timers(v);

    (void)arg;
    if (v != current_vcpu())
        return -XEN_EINVAL;
    if (vt)
        stop_timer(&vt->singleshot);
    return 0;
}
