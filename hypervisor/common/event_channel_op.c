/*
 * The EVTCHNOP_* sub-ops of event_channel_op (xen/event_channel.h), on the
 * port table of event_channel.c.  Each sub-op gets its argument struct
 * already copied in, checks everything before changing anything, and
 * fills the OUT fields for the dispatcher to copy back.
 */
#include <hv/bug.h>
#include <hv/guest_access.h>
#include <hv/printk.h>
#include <xen/errno.h>
#include "event_channel_table.h"

/* Xen-internal sub-op (public headers hide it behind __XEN__). */
#define EVTCHNOP_reset_cont 14

static long op_alloc_unbound(void *arg)
{
    struct evtchn_alloc_unbound *a = arg;
    struct domain *caller = current_domain();
    struct domain *d = evtchn_lookup_domain(a->dom);
    long port;

    if (!d)
        return -XEN_ESRCH;
    /* event_channel.h: only the privileged may allocate for others. */
    if (!may_control(caller, d))
        return -XEN_EPERM;

    spin_lock(&d->evtchn->lock);
    port = evtchn_get_free_port(d->evtchn);
    if (port < 0)
        goto out;
    /* remote_dom need not exist yet; DOMID_SELF is the caller (Xen). */
    evtchn_bind_port(d, port, ECS_UNBOUND, 0)->u.unbound.remote_domid =
        a->remote_dom == DOMID_SELF ? caller->domain_id : a->remote_dom;
    a->port = port;
out:
    spin_unlock(&d->evtchn->lock);
    return port < 0 ? port : 0;
}

long evtchn_alloc_unbound_port(struct domain *d, domid_t remote)
{
    long port;

    spin_lock(&d->evtchn->lock);
    port = evtchn_get_free_port(d->evtchn);
    if (port >= 0)
        evtchn_bind_port(d, port, ECS_UNBOUND, 0)->u.unbound.remote_domid = remote;
    spin_unlock(&d->evtchn->lock);
    return port;
}

/* Connects our fresh port 'lport' and rd's 'rport' both ways. */
static void connect(struct domain *ld, evtchn_port_t lport,
                    struct domain *rd, evtchn_port_t rport)
{
    struct evtchn *lchn = evtchn_bind_port(ld, lport, ECS_INTERDOMAIN, 0);
    struct evtchn *rchn = port_chn(rd->evtchn, rport);

    lchn->u.interdomain.remote_dom = rd;
    lchn->u.interdomain.remote_port = rport;
    memset(&rchn->u, 0, sizeof(rchn->u));
    rchn->state = ECS_INTERDOMAIN;
    rchn->u.interdomain.remote_dom = ld;
    rchn->u.interdomain.remote_port = lport;
    /*
     * The peer may have sent while its end was unbound, and that event
     * was dropped: set ours pending so the guest looks (Xen always does).
     */
    evtchn_set_pending(ld, lchn->notify_vcpu_id, lchn);
}

static long op_bind_interdomain(void *arg)
{
    struct evtchn_bind_interdomain *b = arg;
    struct domain *ld = current_domain();
    struct domain *rd = evtchn_lookup_domain(b->remote_dom);
    struct evtchn *rchn;
    long port;

    if (!rd)
        return -XEN_ESRCH;

    evtchn_double_lock(ld, rd);
    /* The remote port must be unbound and offered to us. */
    rchn = lookup_port(rd->evtchn, b->remote_port);
    if (!rchn || rchn->state != ECS_UNBOUND ||
        rchn->u.unbound.remote_domid != ld->domain_id) {
        port = -XEN_EINVAL;
        goto out;
    }
    port = evtchn_get_free_port(ld->evtchn);
    if (port < 0)
        goto out;
    connect(ld, port, rd, b->remote_port);
    b->local_port = port;
out:
    evtchn_double_unlock(ld, rd);
    return port < 0 ? port : 0;
}

static long op_bind_virq(void *arg)
{
    struct evtchn_bind_virq *b = arg;
    struct domain *d = current_domain();
    evtchn_port_t *slot;
    long port;

    if (b->virq >= NR_VIRQS)
        return -XEN_EINVAL;
    /* event_channel.h: global VIRQs are bound on vCPU 0. */
    if (virq_is_global(b->virq) && b->vcpu != 0)
        return -XEN_EINVAL;
    if (!domain_vcpu(d, b->vcpu))
        return -XEN_ENOENT;

    spin_lock(&d->evtchn->lock);
    slot = &d->evtchn->virq_to_port[b->vcpu][b->virq];
    /* One port per VIRQ (per vCPU for per-vCPU VIRQs). */
    if (*slot) {
        port = -XEN_EEXIST;
        goto out;
    }
    port = evtchn_get_free_port(d->evtchn);
    if (port < 0)
        goto out;
    evtchn_bind_port(d, port, ECS_VIRQ, b->vcpu)->u.virq = b->virq;
    *slot = port;
    b->port = port;
out:
    spin_unlock(&d->evtchn->lock);
    return port < 0 ? port : 0;
}

static long op_bind_ipi(void *arg)
{
    struct evtchn_bind_ipi *b = arg;
    struct domain *d = current_domain();
    long port;

    if (!domain_vcpu(d, b->vcpu))
        return -XEN_ENOENT;

    spin_lock(&d->evtchn->lock);
    port = evtchn_get_free_port(d->evtchn);
    if (port >= 0) {
        evtchn_bind_port(d, port, ECS_IPI, b->vcpu);
        b->port = port;
    }
    spin_unlock(&d->evtchn->lock);
    return port < 0 ? port : 0;
}

static long op_close(void *arg)
{
    return evtchn_close(current_domain(),
                        ((struct evtchn_close *)arg)->port);
}

static long op_send(void *arg)
{
    return evtchn_send(current_domain(), ((struct evtchn_send *)arg)->port);
}

/* Fills the OUT fields of 's' from 'chn' (Xen's evtchn_status). */
static void fill_status(struct evtchn_status *s, const struct evtchn *chn)
{
    switch (chn->state) {
    case ECS_UNBOUND:
        s->status = EVTCHNSTAT_unbound;
        s->u.unbound.dom = chn->u.unbound.remote_domid;
        break;
    case ECS_INTERDOMAIN:
        s->status = EVTCHNSTAT_interdomain;
        s->u.interdomain.dom = chn->u.interdomain.remote_dom->domain_id;
        s->u.interdomain.port = chn->u.interdomain.remote_port;
        break;
    case ECS_VIRQ:
        s->status = EVTCHNSTAT_virq;
        s->u.virq = chn->u.virq;
        break;
    case ECS_IPI:
        s->status = EVTCHNSTAT_ipi;
        break;
    default:                    /* free, or port 0 */
        s->status = EVTCHNSTAT_closed;
        break;
    }
    s->vcpu = chn->notify_vcpu_id;
}

static long op_status(void *arg)
{
    struct evtchn_status *s = arg;
    struct domain *d = evtchn_lookup_domain(s->dom);
    struct evtchn *chn;

    if (!d)
        return -XEN_ESRCH;
    if (!may_control(current_domain(), d))
        return -XEN_EPERM;

    spin_lock(&d->evtchn->lock);
    chn = lookup_port(d->evtchn, s->port);
    if (chn)
        fill_status(s, chn);
    spin_unlock(&d->evtchn->lock);
    return chn ? 0 : -XEN_EINVAL;
}

static long op_bind_vcpu(void *arg)
{
    struct evtchn_bind_vcpu *b = arg;
    struct domain *d = current_domain();
    struct evtchn *chn;
    long rc = -XEN_EINVAL;

    if (!domain_vcpu(d, b->vcpu))
        return -XEN_ENOENT;

    spin_lock(&d->evtchn->lock);
    chn = lookup_port(d->evtchn, b->port);
    /*
     * event_channel.h: IPIs and per-vCPU VIRQs stay where they were
     * bound; global VIRQs and interdomain ends (bound or not) move.
     */
    if (chn && (chn->state == ECS_UNBOUND ||
                chn->state == ECS_INTERDOMAIN ||
                (chn->state == ECS_VIRQ && virq_is_global(chn->u.virq)))) {
        /* A peer's send reads this with only its own lock held. */
        __atomic_store_n(&chn->notify_vcpu_id, b->vcpu, __ATOMIC_RELAXED);
        rc = 0;
    }
    spin_unlock(&d->evtchn->lock);
    return rc;
}

/* Unmask takes a local port only; any valid one will do (Xen). */
static long op_unmask(void *arg)
{
    struct domain *d = current_domain();
    struct evtchn *chn;

    spin_lock(&d->evtchn->lock);
    chn = lookup_port(d->evtchn, ((struct evtchn_unmask *)arg)->port);
    if (chn)
        d->evtchn->ops->unmask(d, chn);
    spin_unlock(&d->evtchn->lock);
    return chn ? 0 : -XEN_EINVAL;
}

/* Checks shared by reset and Xen's internal reset_cont. */
static long reset_target(const struct evtchn_reset *r, struct domain **out)
{
    struct domain *caller = current_domain();
    struct domain *d = evtchn_lookup_domain(r->dom);

    if (!d)
        return -XEN_ESRCH;
    if (!may_control(caller, d))
        return -XEN_EPERM;
    /* Xen: another domain's ports only while its controller paused it. */
    if (d != caller && !domain_controller_paused(d))
        return -XEN_EINVAL;
    *out = d;
    return 0;
}

static long op_reset(void *arg)
{
    struct domain *d;
    long rc = reset_target(arg, &d);

    if (rc)
        return rc;
    evtchn_close_all(d);
    /* Xen returns a FIFO domain to 2-level here; we only have 2-level. */
    d->evtchn->ops = &evtchn_port_ops_2l;
    return 0;
}

/*
 * Xen continues a preempted reset as sub-op 14, which a guest can also
 * call: with no reset in progress Xen answers -EBUSY, and ours never is.
 */
static long op_reset_cont(void *arg)
{
    struct domain *d;
    long rc = reset_target(arg, &d);

    return rc ? rc : -XEN_EBUSY;
}

static long op_set_priority(void *arg)
{
    struct evtchn_set_priority *p = arg;
    struct domain *d = current_domain();
    struct evtchn *chn;
    long rc = -XEN_EINVAL;

    spin_lock(&d->evtchn->lock);
    chn = lookup_port(d->evtchn, p->port);
    if (chn && !d->evtchn->ops->set_priority)
        rc = -XEN_ENOSYS;
    else if (chn)
        rc = d->evtchn->ops->set_priority(d, chn, p->priority);
    spin_unlock(&d->evtchn->lock);
    return rc;
}

/*
 * The FIFO ABI is not offered.  Xen built without it answers
 * -EOPNOTSUPP to both, and guests (Linux) then stay on 2-level.
 */
static long op_fifo(void *arg)
{
    (void)arg;
    return -XEN_EOPNOTSUPP;
}

/* One row per sub-op: handler, argument size, whether OUT fields exist. */
static const struct {
    long (*fn)(void *arg);
    uint8_t size;
    bool copy_out;
} evtchnop_table[] = {
#define OP(cmd, fn, type, out) \
    [EVTCHNOP_##cmd] = { op_##fn, sizeof(struct type), out }
    OP(bind_interdomain, bind_interdomain, evtchn_bind_interdomain, true),
    OP(bind_virq, bind_virq, evtchn_bind_virq, true),
    OP(close, close, evtchn_close, false),
    OP(send, send, evtchn_send, false),
    OP(status, status, evtchn_status, true),
    OP(alloc_unbound, alloc_unbound, evtchn_alloc_unbound, true),
    OP(bind_ipi, bind_ipi, evtchn_bind_ipi, true),
    OP(bind_vcpu, bind_vcpu, evtchn_bind_vcpu, false),
    OP(unmask, unmask, evtchn_unmask, false),
    OP(reset, reset, evtchn_reset, false),
    OP(init_control, fifo, evtchn_init_control, false),
    OP(expand_array, fifo, evtchn_expand_array, false),
    OP(set_priority, set_priority, evtchn_set_priority, false),
    OP(reset_cont, reset_cont, evtchn_reset, false),
#undef OP
};

/* The argument buffer: large enough for every sub-op's struct. */
union evtchn_op_arg {
    struct evtchn_alloc_unbound alloc_unbound;
    struct evtchn_bind_interdomain bind_interdomain;
    struct evtchn_bind_virq bind_virq;
    struct evtchn_bind_ipi bind_ipi;
    struct evtchn_close close;
    struct evtchn_send send;
    struct evtchn_status status;
    struct evtchn_bind_vcpu bind_vcpu;
    struct evtchn_unmask unmask;
    struct evtchn_reset reset;
    struct evtchn_init_control init_control;
    struct evtchn_expand_array expand_array;
    struct evtchn_set_priority set_priority;
};

BUILD_BUG_ON(sizeof(union evtchn_op_arg) > UINT8_MAX);

/* event_channel_op(cmd, arg): copy in, the sub-op, copy out (Xen's). */
long do_event_channel_op(const struct hc_args *args)
{
    int cmd = (int)args->a[0];
    unsigned long guest_arg = args->a[1];
    union evtchn_op_arg op;
    long rc;

    /* bind_pirq (2) has no row: no physical IRQs reach guests yet. */
    if (cmd < 0 || (unsigned int)cmd >= ARRAY_SIZE(evtchnop_table) ||
        !evtchnop_table[cmd].fn)
        return -XEN_ENOSYS;
    if (copy_from_guest(&op, guest_arg, evtchnop_table[cmd].size))
        return -XEN_EFAULT;
    rc = evtchnop_table[cmd].fn(&op);
    /* Xen does not undo the sub-op when only the copy-out fails. */
    if (!rc && evtchnop_table[cmd].copy_out &&
        copy_to_guest(guest_arg, &op, evtchnop_table[cmd].size))
        rc = -XEN_EFAULT;
    return rc;
}
