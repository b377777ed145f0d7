/*
 * Event channels: the hypervisor's internal API (Xen's xen/event.h, in
 * our shape).
 *
 * A port is a per-domain number naming one channel end.  What a port is
 * bound to (its state) lives in the port table (event_channel.c); whether
 * it is pending or masked, and how the guest learns of it, is the ABI's
 * business and goes through a port-ops table (Xen's struct
 * evtchn_port_ops): the 2-level ABI today (event_2l.c), FIFO perhaps later.
 */
#ifndef HV_EVENT_H
#define HV_EVENT_H

#include <hv/domain.h>
#include <hv/hypercall.h>
#include <hv/types.h>
#include <abi/xen.h>
#include <xen/event_channel.h>

/* Port states (Xen's ECS_*); zeroed memory is a free port. */
enum evtchn_state {
    ECS_FREE = 0,               /* not in use: EVTCHNSTAT_closed */
    ECS_RESERVED,               /* port 0, never handed out: closed too */
    ECS_UNBOUND,                /* offered to u.unbound.remote_domid */
    ECS_INTERDOMAIN,            /* connected to u.interdomain */
    ECS_VIRQ,                   /* bound to VIRQ u.virq */
    ECS_IPI,                    /* bound for IPIs to notify_vcpu_id */
};

/*
 * One channel end.  One cache line each, as Xen pads it: 64 per page,
 * so the ports valid after n buckets are the ones Xen's would be, and
 * under SMP two CPUs working on neighbouring ports do not share a line.
 */
struct evtchn {
    uint8_t state;              /* enum evtchn_state */
    uint16_t notify_vcpu_id;    /* vCPU that gets the upcall */
    evtchn_port_t port;         /* this end's own number (for port ops) */
    union {
        struct {
            domid_t remote_domid;       /* who may bind_interdomain */
        } unbound;
        struct {
            struct domain *remote_dom;
            evtchn_port_t remote_port;
        } interdomain;
        uint32_t virq;
    } u;
} __aligned(64);

/*
 * How an event ABI marks ports pending and masked and tells the vCPU.
 *
 * Called with the lock of a domain that pins the channel: its own, or for
 * a send the sender's (an interdomain pair only changes with both locks
 * held).  Two ops may therefore run at once on one port from two CPUs;
 * implementations use atomic operations on the shared pages.
 */
struct evtchn_port_ops {
    const char *name;
    unsigned int max_ports;     /* ports the ABI can name */
    /* Prepares a port being bound (NULL: nothing to do). */
    void (*init)(struct domain *d, struct evtchn *chn);
    /* Marks chn pending; v (a vCPU of chn's domain) gets the upcall. */
    void (*set_pending)(struct vcpu *v, struct evtchn *chn);
    void (*clear_pending)(struct domain *d, struct evtchn *chn);
    /* Clears the mask and re-delivers an event that was held back. */
    void (*unmask)(struct domain *d, struct evtchn *chn);
    bool (*is_pending)(const struct domain *d, const struct evtchn *chn);
    bool (*is_masked)(const struct domain *d, const struct evtchn *chn);
    /* NULL: the ABI has no priorities (EVTCHNOP_set_priority -ENOSYS). */
    int (*set_priority)(struct domain *d, struct evtchn *chn,
                        unsigned int priority);
};

/* The 2-level ABI on shared_info and vcpu_info (event_2l.c). */
extern const struct evtchn_port_ops evtchn_port_ops_2l;

/*
 * Domain lifecycle.  evtchn_domain_init() gives d an empty port table
 * (2-level ABI, port 0 reserved) reached through d->evtchn: 0 or
 * -XEN_ENOMEM.  evtchn_domain_destroy() closes every port (interdomain
 * peers go back to unbound, as Xen) and frees the table; the caller must
 * first make d unreachable through domain_lookup().
 */
int evtchn_domain_init(struct domain *d);
void evtchn_domain_destroy(struct domain *d);

/*
 * EVTCHNOP_alloc_unbound done by the hypervisor for d (a domU's store
 * and console ports at build time): the lowest free port of d, offered
 * to 'remote'.  Returns the port, or -XEN_ENOSPC / -XEN_ENOMEM.
 */
long evtchn_alloc_unbound_port(struct domain *d, domid_t remote);

/* event_channel_op(cmd, arg): EVTCHNOP_*; see hypercall-abi/ABI.md. */
hypercall_fn_t do_event_channel_op;

/*
 * Raising VIRQs from the hypervisor (Xen's send_guest_*_virq).  The
 * vCPU form is for per-vCPU VIRQs (VIRQ_TIMER, VIRQ_DEBUG), the domain
 * form for global ones (delivered to the port's notify vCPU), and
 * send_global_virq() sends a global VIRQ to the hardware domain.  A VIRQ
 * nobody bound is dropped.  They take the domain's event lock: call them
 * from hypercall or deferred (softirq) context, not from an interrupt
 * handler that may have interrupted that lock's holder.
 */
void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq);
void send_guest_global_virq(struct domain *d, unsigned int virq);
void send_global_virq(unsigned int virq);

/* Prints d's ports in use, one line each (the 'e' debug key). */
void evtchn_dump(struct domain *d);

/*
 * For SCHEDOP_poll (Xen's do_poll).  evtchn_max_ports(): the ports d's
 * ABI can name (polling one at or above it is -XEN_EINVAL).
 * evtchn_port_is_pending(): the port's pending bit, false for a port
 * beyond d's table.  Takes d's event lock.
 */
unsigned int evtchn_max_ports(const struct domain *d);
bool evtchn_port_is_pending(struct domain *d, evtchn_port_t port);

/*
 * For the arch's return-to-guest path.  has_pending: v's
 * evtchn_upcall_pending is set.  needs_upcall: an event upcall is owed to
 * v now (Xen's local_events_need_delivery): something is pending and the
 * guest has not masked upcalls (vcpu_info.evtchn_upcall_mask).
 */
static inline bool evtchn_vcpu_has_pending(const struct vcpu *v)
{
    return __atomic_load_n(&v->vcpu_info->evtchn_upcall_pending,
                           __ATOMIC_ACQUIRE) != 0;
}

static inline bool evtchn_vcpu_needs_upcall(const struct vcpu *v)
{
    return evtchn_vcpu_has_pending(v) &&
           !__atomic_load_n(&v->vcpu_info->evtchn_upcall_mask,
                            __ATOMIC_RELAXED);
}

/*
 * Implemented by the arch (Xen's vcpu_kick): v's evtchn_upcall_pending
 * has just gone 0 -> 1.  Make v enter its event callback at its next
 * return to the guest if evtchn_vcpu_needs_upcall(v) then holds, waking
 * it if blocked and interrupting its CPU if it runs elsewhere.  Called
 * with a domain's event lock held: must not take event locks itself.
 */
void arch_evtchn_notify(struct vcpu *v);

/*
 * Implemented by the SCHEDOP_poll code (Xen's evtchn_check_pollers): d's
 * 'port' has just become pending, masked or not; wake the vCPUs of d
 * polling on it.  Called with a domain's event lock held.
 */
void evtchn_check_pollers(struct domain *d, evtchn_port_t port);

/*
 * Implemented by the domain code.  domain_lookup(): the live domain with
 * this id, or NULL (DOMID_SELF is resolved by the caller); under SMP the
 * domain must stay valid until the calling hypercall returns (RCU or a
 * reference, as Xen's rcu_lock_domain_by_id).
 * domain_controller_paused(): the toolstack has paused d (Xen's
 * controller_pause_count != 0), which EVTCHNOP_reset of another domain
 * requires.
 */
struct domain *domain_lookup(domid_t id);
bool domain_controller_paused(const struct domain *d);

#endif /* HV_EVENT_H */
