/*
 * The port table of event_channel.c, shared with the EVTCHNOP_* sub-ops
 * of event_channel_op.c and nothing else: other code reaches event
 * channels through hv/event.h.  The locking rules are event_channel.c's.
 */
#ifndef COMMON_EVENT_CHANNEL_TABLE_H
#define COMMON_EVENT_CHANNEL_TABLE_H

#include <hv/current.h>
#include <hv/event.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/spinlock.h>

#define EVTCHNS_PER_BUCKET  (PAGE_SIZE / sizeof(struct evtchn))
#define EVTCHN_NR_BUCKETS   (EVTCHN_2L_NR_CHANNELS / EVTCHNS_PER_BUCKET)

BUILD_BUG_ON(PAGE_SIZE % sizeof(struct evtchn) != 0);
BUILD_BUG_ON(EVTCHNS_PER_BUCKET != 64);

struct evtchn_domain {
    spinlock_t lock;
    const struct evtchn_port_ops *ops;
    unsigned int valid_ports;   /* ports [0, valid_ports) have a bucket */
    bool dying;                 /* being destroyed: no new ports */
    /* Port bound to each VIRQ, per vCPU (0: none); globals use row 0. */
    evtchn_port_t virq_to_port[MAX_VIRT_CPUS_PER_DOMAIN][NR_VIRQS];
    struct evtchn *bucket[EVTCHN_NR_BUCKETS];
};

BUILD_BUG_ON(sizeof(struct evtchn_domain) > PAGE_SIZE);

static inline struct domain *current_domain(void)
{
    return current_vcpu()->domain;
}

/* Xen's default XSM_TARGET rule: yourself, or you are privileged. */
static inline bool may_control(const struct domain *caller, const struct domain *d)
{
    return caller == d || caller->is_privileged;
}

static inline struct vcpu *domain_vcpu(const struct domain *d, uint32_t id)
{
    if (id >= d->max_vcpus || id >= MAX_VIRT_CPUS_PER_DOMAIN)
        return NULL;
    return d->vcpu[id];
}

/*
 * xen.h marks VIRQs 'V.' (per vCPU: bound once per vCPU, never moved) or
 * 'G.' (global: bound on vCPU 0, movable with bind_vcpu).  As in Xen,
 * numbers without a definition count as global, and so do x86's arch
 * VIRQs.
 */
static inline bool virq_is_global(unsigned int virq)
{
    switch (virq) {
    case VIRQ_TIMER:
    case VIRQ_DEBUG:
    case VIRQ_XENOPROF:
    case VIRQ_XENPMU:
        return false;
    default:
        return true;
    }
}

static inline struct evtchn *port_chn(const struct evtchn_domain *ed,
                               evtchn_port_t port)
{
    return &ed->bucket[port / EVTCHNS_PER_BUCKET][port % EVTCHNS_PER_BUCKET];
}

/* The channel of a valid port, or NULL (Xen's port_is_valid). */
static inline struct evtchn *lookup_port(const struct evtchn_domain *ed,
                                  evtchn_port_t port)
{
    return port < ed->valid_ports ? port_chn(ed, port) : NULL;
}

/* Xen's rcu_lock_domain_by_any_id(): NULL without a port table. */
struct domain *evtchn_lookup_domain(domid_t id);

/*
 * The lowest free port of ed, adding a bucket when all valid ports are
 * taken; -XEN_ENOSPC, -XEN_ENOMEM, or -XEN_EINVAL while it is dying.
 */
long evtchn_get_free_port(struct evtchn_domain *ed);

/* Binds a freshly allocated port (Xen's evtchn_port_init). */
struct evtchn *evtchn_bind_port(struct domain *d, evtchn_port_t port,
                                enum evtchn_state state, uint32_t vcpu);

/* Marks chn pending for d's vCPU vcpu_id (which must exist). */
void evtchn_set_pending(struct domain *d, unsigned int vcpu_id,
                        struct evtchn *chn);

/* Both tables' locks in Xen's order (smaller domain id first). */
void evtchn_double_lock(struct domain *a, struct domain *b);
void evtchn_double_unlock(struct domain *a, struct domain *b);

/* Xen's evtchn_close() and evtchn_send() on d's port. */
long evtchn_close(struct domain *d, evtchn_port_t port);
long evtchn_send(struct domain *d, evtchn_port_t port);

/* Closes every port of d (reset, destroy). */
void evtchn_close_all(struct domain *d);

#endif /* COMMON_EVENT_CHANNEL_TABLE_H */
