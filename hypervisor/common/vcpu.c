/*
 * vcpu_op(cmd, vcpuid, arg): bringing a domain's vCPUs up and down, and
 * asking about them.  One handler per sub-op, in a table by VCPUOP_*;
 * the timer sub-ops live with the timers (vcpu_timer.c).
 *
 * A domain's vCPUs other than 0 start down and without a context; the
 * guest gives one a context with VCPUOP_initialise, then VCPUOP_up (Xen:
 * "vCPU 0 starts, others down").  Xen's order: the vCPU is looked up
 * (-ENOENT) before the sub-op is (-ENOSYS).
 */
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/vcpu.h>
#include <hv/vcpu_timer.h>
#include <xen/errno.h>
#include <xen/vcpu.h>

typedef long vcpuop_fn_t(struct vcpu *v, unsigned long arg);

/*
 * The context is 5 KiB: too much for the hypervisor stack, so it is
 * copied into frames of its own, once, before anything is checked.
 */
long vcpu_context_set(struct vcpu *v, unsigned long arg, uint32_t *flags)
{
    size_t size = sizeof(struct vcpu_guest_context);
    unsigned int order = get_order_from_bytes(size);
    mfn_t mfn = alloc_frames(order, NULL);
    struct vcpu_guest_context *c;
    long rc;

    if (mfn == INVALID_MFN)
        return -XEN_ENOMEM;
    c = mfn_to_virt(mfn);
    if (copy_from_guest(c, arg, size)) {
        rc = -XEN_EFAULT;
        goto out;
    }
    /* Xen's default_initialise_vcpu(): a context only once. */
    if (v->is_initialised) {
        rc = -XEN_EEXIST;
        goto out;
    }
    rc = arch_vcpu_context_check(c);
    if (!rc)
        rc = arch_vcpu_context_load(v, c);
    if (!rc)
        v->is_initialised = true;
    if (flags)
        *flags = c->flags;
out:
    free_frames(mfn, order);
    return rc;
}

static long vcpuop_initialise(struct vcpu *v, unsigned long arg)
{
    return vcpu_context_set(v, arg, NULL);
}

/* Xen: a vCPU without a context cannot run (-EINVAL). */
static long vcpuop_up(struct vcpu *v, unsigned long arg)
{
    (void)arg;
    if (!v->is_initialised)
        return -XEN_EINVAL;
    sched_vcpu_up(&v->sched);
    return 0;
}

/*
 * Down keeps the context: a later VCPUOP_up resumes where it stopped.
 * The calling vCPU may take itself down; it leaves the CPU on the way
 * back to the guest.
 */
static long vcpuop_down(struct vcpu *v, unsigned long arg)
{
    (void)arg;
    sched_vcpu_down(&v->sched);
    return 0;
}

static long vcpuop_is_up(struct vcpu *v, unsigned long arg)
{
    (void)arg;
    return !(v->sched.pause_flags & SCHED_PF_DOWN);
}

/* The four times add up to the vCPU's lifetime (schedule.c). */
static long vcpuop_get_runstate_info(struct vcpu *v, unsigned long arg)
{
    struct vcpu_runstate_info rs;

    sched_vcpu_runstate(&v->sched, arch_sched_now(), &rs);
    return copy_to_guest(arg, &rs, sizeof(rs)) ? -XEN_EFAULT : 0;
}

/*
 * Sub-ops without a row get -ENOSYS: register_runstate_memory_area (5)
 * and register_vcpu_info (10) (guests fall back to get_runstate_info and
 * to the vcpu_info slots in shared_info), send_nmi (11), get_physid (12),
 * register_vcpu_time_memory_area (13).
 */
static vcpuop_fn_t *const vcpuop_table[] = {
    [VCPUOP_initialise] = vcpuop_initialise,
    [VCPUOP_up] = vcpuop_up,
    [VCPUOP_down] = vcpuop_down,
    [VCPUOP_is_up] = vcpuop_is_up,
    [VCPUOP_get_runstate_info] = vcpuop_get_runstate_info,
    [VCPUOP_set_periodic_timer] = vcpuop_set_periodic_timer,
    [VCPUOP_stop_periodic_timer] = vcpuop_stop_periodic_timer,
    [VCPUOP_set_singleshot_timer] = vcpuop_set_singleshot_timer,
    [VCPUOP_stop_singleshot_timer] = vcpuop_stop_singleshot_timer,
};

struct vcpuop_args {
    int cmd;                    /* VCPUOP_* */
    unsigned int vcpuid;        /* a vCPU of the calling domain */
    unsigned long arg;          /* guest address of the sub-op's struct */
};

static struct vcpuop_args decode_vcpuop(const struct hc_args *args)
{
    return (struct vcpuop_args){ .cmd = (int)args->a[0],
                                 .vcpuid = (unsigned int)args->a[1],
                                 .arg = args->a[2] };
}

long do_vcpu_op(const struct hc_args *args)
{
    struct vcpuop_args op = decode_vcpuop(args);
    struct domain *d = current_vcpu()->domain;
    struct vcpu *v;

    if (op.vcpuid >= d->max_vcpus || op.vcpuid >= ARRAY_SIZE(d->vcpu) ||
        !(v = d->vcpu[op.vcpuid]))
        return -XEN_ENOENT;
    if (op.cmd < 0 || (unsigned int)op.cmd >= ARRAY_SIZE(vcpuop_table) ||
        !vcpuop_table[op.cmd])
        return -XEN_ENOSYS;
    return vcpuop_table[op.cmd](v, op.arg);
}
