/*
 * Event channels (Xen's EVTCHNOP_* ABI): each domain's port table and the
 * operations on it.  Whether a port is pending or masked, and how the
 * guest is told, belongs to the port-ops table (event_2l.c).
 *
 * Ports: up to the ABI's limit (4096 for 2-level on x86_64), held in
 * page-sized buckets of 64 ports allocated as the lowest free port
 * outgrows them, as Xen does: most domains use a few ports, so a domain
 * costs two pages (table head and first bucket), not the 64 a fixed table
 * would take.  Ports below valid_ports have a bucket and are "valid" in
 * Xen's sense: operations on a valid but free port fail by state, those
 * beyond fail with -EINVAL.  Port 0 is reserved and never handed out
 * (Xen's evtchn_init; guests use 0 for "no port").
 *
 * Locking: one lock per domain's table.  An interdomain pair changes
 * (bind, close) only with both domains' locks held, taken in Xen's order,
 * smaller domain id first, so two CPUs locking the same pair cannot
 * deadlock.  Holding either lock therefore pins the pair, and the peer
 * domain too (its destroy closes the pair first, which needs our lock):
 * that lets send take the sender's lock alone.
 */
#include <hv/bug.h>
#include <hv/current.h>
#include <hv/event.h>
#include <hv/guest_access.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/spinlock.h>
#include <xen/errno.h>

/* Xen-internal sub-op (public headers hide it behind __XEN__). */
#define EVTCHNOP_reset_cont 14

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

/* The table head and the buckets are whole zeroed hypervisor frames. */
static void *page_zalloc(void)
{
    mfn_t mfn = alloc_frames(0, NULL);

    if (mfn == INVALID_MFN)
        return NULL;
    memset(mfn_to_virt(mfn), 0, PAGE_SIZE);
    return mfn_to_virt(mfn);
}

static void page_free(void *p)
{
    free_frames(virt_to_maddr(p) >> PAGE_SHIFT, 0);
}

static struct domain *current_domain(void)
{
    return current_vcpu()->domain;
}

/*
 * Xen's rcu_lock_domain_by_any_id(): DOMID_SELF names the caller.  A
 * domain without a port table (being built or torn down) is not there.
 */
static struct domain *lookup_domain(domid_t id)
{
    struct domain *d = id == DOMID_SELF ? current_domain() : domain_lookup(id);

    return d && d->evtchn ? d : NULL;
}

/* Xen's default XSM_TARGET rule: yourself, or you are privileged. */
static bool may_control(const struct domain *caller, const struct domain *d)
{
    return caller == d || caller->is_privileged;
}

static struct vcpu *domain_vcpu(const struct domain *d, uint32_t id)
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
static bool virq_is_global(unsigned int virq)
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

static struct evtchn *port_chn(const struct evtchn_domain *ed,
                               evtchn_port_t port)
{
    return &ed->bucket[port / EVTCHNS_PER_BUCKET][port % EVTCHNS_PER_BUCKET];
}

/* The channel of a valid port, or NULL (Xen's port_is_valid). */
static struct evtchn *lookup_port(const struct evtchn_domain *ed,
                                  evtchn_port_t port)
{
    return port < ed->valid_ports ? port_chn(ed, port) : NULL;
}

/*
 * Xen's get_free_port(): the lowest free port, adding a bucket when all
 * valid ports are taken.  Returns the port, -XEN_ENOSPC at the ABI's
 * limit, -XEN_ENOMEM, or -XEN_EINVAL while the domain is being destroyed.
 */
static long get_free_port(struct evtchn_domain *ed)
{
    unsigned int limit = MIN(ed->ops->max_ports,
                             EVTCHN_NR_BUCKETS * EVTCHNS_PER_BUCKET);
    struct evtchn *bucket;
    evtchn_port_t port;

    if (ed->dying)
        return -XEN_EINVAL;
    for (port = 0; port < ed->valid_ports; port++)
        if (port_chn(ed, port)->state == ECS_FREE)
            return port;
    if (port >= limit)
        return -XEN_ENOSPC;
    bucket = page_zalloc();
    if (!bucket)
        return -XEN_ENOMEM;
    for (unsigned int i = 0; i < EVTCHNS_PER_BUCKET; i++)
        bucket[i].port = port + i;
    ed->bucket[port / EVTCHNS_PER_BUCKET] = bucket;
    ed->valid_ports += EVTCHNS_PER_BUCKET;
    return port;
}

/* A freshly allocated port takes its binding (Xen's evtchn_port_init). */
static struct evtchn *bind_port(struct domain *d, evtchn_port_t port,
                                enum evtchn_state state, uint32_t vcpu)
{
    struct evtchn *chn = port_chn(d->evtchn, port);

    chn->state = state;
    chn->notify_vcpu_id = vcpu;
    if (d->evtchn->ops->init)
        d->evtchn->ops->init(d, chn);
    return chn;
}

/*
 * Xen's evtchn_free(): the pending bit is cleared so a re-bound port
 * starts quiet, and the notify vCPU goes back to 0 (event_channel.h,
 * EVTCHNOP_bind_vcpu note 3).  The mask bit is the guest's: left alone.
 */
static void free_port(struct domain *d, struct evtchn *chn)
{
    d->evtchn->ops->clear_pending(d, chn);
    chn->state = ECS_FREE;
    chn->notify_vcpu_id = 0;
    memset(&chn->u, 0, sizeof(chn->u));
}

static void set_pending(struct domain *d, unsigned int vcpu_id,
                        struct evtchn *chn)
{
    struct vcpu *v = domain_vcpu(d, vcpu_id);

    /* notify_vcpu_id is checked whenever it is set. */
    BUG_ON(!v);
    d->evtchn->ops->set_pending(v, chn);
}

static void double_lock(struct domain *a, struct domain *b)
{
    if (a == b) {
        spin_lock(&a->evtchn->lock);
        return;
    }
    /* Xen's rule: the domain with the smaller id first. */
    if (a->domain_id > b->domain_id) {
        struct domain *t = a;

        a = b;
        b = t;
    }
    spin_lock(&a->evtchn->lock);
    spin_lock(&b->evtchn->lock);
}

static void double_unlock(struct domain *a, struct domain *b)
{
    if (b && b != a)
        spin_unlock(&b->evtchn->lock);
    spin_unlock(&a->evtchn->lock);
}

/*
 * Locks d and, when 'port' is an interdomain end, its peer, in Xen's
 * order.  Returns the peer whose lock is held as well (d itself for a
 * loopback channel), or NULL.  When the peer's lock must come first, d's
 * is dropped meanwhile and the port may change: the caller checks again.
 */
static struct domain *lock_with_peer(struct domain *d, evtchn_port_t port)
{
    struct evtchn *chn;
    struct domain *peer;
    domid_t peer_id;

    spin_lock(&d->evtchn->lock);
    chn = lookup_port(d->evtchn, port);
    if (!chn || chn->state != ECS_INTERDOMAIN)
        return NULL;
    peer = chn->u.interdomain.remote_dom;
    if (peer == d)
        return d;
    if (d->domain_id < peer->domain_id) {
        spin_lock(&peer->evtchn->lock);
        return peer;
    }
    /* Unpinned once d's lock is dropped: find the peer again by id. */
    peer_id = peer->domain_id;
    spin_unlock(&d->evtchn->lock);
    peer = domain_lookup(peer_id);
    if (!peer || !peer->evtchn) {
        spin_lock(&d->evtchn->lock);
        return NULL;
    }
    double_lock(d, peer);
    return peer;
}

/* The other end goes back to unbound, offered to d again (Xen's close). */
static void unbind_peer(struct domain *d, struct evtchn *chn)
{
    struct domain *peer = chn->u.interdomain.remote_dom;
    struct evtchn *pchn = port_chn(peer->evtchn,
                                   chn->u.interdomain.remote_port);

    BUG_ON(pchn->state != ECS_INTERDOMAIN ||
           pchn->u.interdomain.remote_dom != d);
    memset(&pchn->u, 0, sizeof(pchn->u));
    pchn->state = ECS_UNBOUND;
    pchn->u.unbound.remote_domid = d->domain_id;
}

static void unbind_virq(struct evtchn_domain *ed, struct evtchn *chn)
{
    for (unsigned int v = 0; v < MAX_VIRT_CPUS_PER_DOMAIN; v++)
        if (ed->virq_to_port[v][chn->u.virq] == chn->port)
            ed->virq_to_port[v][chn->u.virq] = 0;
}

/* Xen's evtchn_close(): frees d's 'port', whatever it was bound to. */
static long evtchn_close(struct domain *d, evtchn_port_t port)
{
    struct domain *peer = lock_with_peer(d, port);
    struct evtchn *chn = lookup_port(d->evtchn, port);
    long rc = 0;

    if (!chn || chn->state == ECS_FREE || chn->state == ECS_RESERVED) {
        rc = -XEN_EINVAL;
        goto out;
    }
    if (chn->state == ECS_INTERDOMAIN) {
        /*
         * Re-bound to someone else while d's lock was dropped: it passed
         * through ECS_FREE, whose error Xen returns here too.
         */
        if (chn->u.interdomain.remote_dom != peer) {
            rc = -XEN_EINVAL;
            goto out;
        }
        unbind_peer(d, chn);
    } else if (chn->state == ECS_VIRQ) {
        unbind_virq(d->evtchn, chn);
    }
    free_port(d, chn);
out:
    double_unlock(d, peer);
    return rc;
}

/* Xen's evtchn_send(): notify the other end of d's 'port'. */
static long evtchn_send(struct domain *d, evtchn_port_t port)
{
    struct evtchn *chn, *rchn;
    struct domain *rd;
    long rc = 0;

    spin_lock(&d->evtchn->lock);
    chn = lookup_port(d->evtchn, port);
    switch (chn ? chn->state : ECS_FREE) {
    case ECS_INTERDOMAIN:
        /*
         * Our lock pins the pair.  Only the peer's notify vCPU may move
         * under us (its bind_vcpu, its lock); either value is right.
         */
        rd = chn->u.interdomain.remote_dom;
        rchn = port_chn(rd->evtchn, chn->u.interdomain.remote_port);
        set_pending(rd, __atomic_load_n(&rchn->notify_vcpu_id,
                                        __ATOMIC_RELAXED), rchn);
        break;
    case ECS_IPI:
        set_pending(d, chn->notify_vcpu_id, chn);
        break;
    case ECS_UNBOUND:
        /* Dropped, as Xen: the peer's bind sets its new port pending. */
        break;
    default:
        rc = -XEN_EINVAL;
        break;
    }
    spin_unlock(&d->evtchn->lock);
    if (!rc)
        domain_stats_event_sent(d);
    return rc;
}

/* Closes every port of d (Xen's evtchn_reset and evtchn_destroy). */
static void close_all(struct domain *d)
{
    struct evtchn_domain *ed = d->evtchn;
    unsigned int valid;

    spin_lock(&ed->lock);
    valid = ed->valid_ports;
    spin_unlock(&ed->lock);
    /* Free ports refuse with -EINVAL; the rest close. */
    for (evtchn_port_t port = 1; port < valid; port++)
        evtchn_close(d, port);
}

/*
 * The sub-ops.  Each gets its argument struct already copied in, checks
 * everything before changing anything, and fills the OUT fields for the
 * dispatcher to copy back.
 */

static long op_alloc_unbound(void *arg)
{
    struct evtchn_alloc_unbound *a = arg;
    struct domain *caller = current_domain();
    struct domain *d = lookup_domain(a->dom);
    long port;

    if (!d)
        return -XEN_ESRCH;
    /* event_channel.h: only the privileged may allocate for others. */
    if (!may_control(caller, d))
        return -XEN_EPERM;

    spin_lock(&d->evtchn->lock);
    port = get_free_port(d->evtchn);
    if (port < 0)
        goto out;
    /* remote_dom need not exist yet; DOMID_SELF is the caller (Xen). */
    bind_port(d, port, ECS_UNBOUND, 0)->u.unbound.remote_domid =
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
    port = get_free_port(d->evtchn);
    if (port >= 0)
        bind_port(d, port, ECS_UNBOUND, 0)->u.unbound.remote_domid = remote;
    spin_unlock(&d->evtchn->lock);
    return port;
}

/* Connects our fresh port 'lport' and rd's 'rport' both ways. */
static void connect(struct domain *ld, evtchn_port_t lport,
                    struct domain *rd, evtchn_port_t rport)
{
    struct evtchn *lchn = bind_port(ld, lport, ECS_INTERDOMAIN, 0);
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
    set_pending(ld, lchn->notify_vcpu_id, lchn);
}

static long op_bind_interdomain(void *arg)
{
    struct evtchn_bind_interdomain *b = arg;
    struct domain *ld = current_domain();
    struct domain *rd = lookup_domain(b->remote_dom);
    struct evtchn *rchn;
    long port;

    if (!rd)
        return -XEN_ESRCH;

    double_lock(ld, rd);
    /* The remote port must be unbound and offered to us. */
    rchn = lookup_port(rd->evtchn, b->remote_port);
    if (!rchn || rchn->state != ECS_UNBOUND ||
        rchn->u.unbound.remote_domid != ld->domain_id) {
        port = -XEN_EINVAL;
        goto out;
    }
    port = get_free_port(ld->evtchn);
    if (port < 0)
        goto out;
    connect(ld, port, rd, b->remote_port);
    b->local_port = port;
out:
    double_unlock(ld, rd);
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
    port = get_free_port(d->evtchn);
    if (port < 0)
        goto out;
    bind_port(d, port, ECS_VIRQ, b->vcpu)->u.virq = b->virq;
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
    port = get_free_port(d->evtchn);
    if (port >= 0) {
        bind_port(d, port, ECS_IPI, b->vcpu);
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
    struct domain *d = lookup_domain(s->dom);
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
    struct domain *d = lookup_domain(r->dom);

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
    close_all(d);
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

void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq)
{
    struct domain *d = v->domain;
    evtchn_port_t port;

    ASSERT(virq < NR_VIRQS && !virq_is_global(virq));
    if (!d->evtchn)
        return;
    spin_lock(&d->evtchn->lock);
    port = d->evtchn->virq_to_port[v->vcpu_id][virq];
    if (port)
        set_pending(d, v->vcpu_id, port_chn(d->evtchn, port));
    spin_unlock(&d->evtchn->lock);
}

void send_guest_global_virq(struct domain *d, unsigned int virq)
{
    struct evtchn *chn;
    evtchn_port_t port;

    ASSERT(virq < NR_VIRQS && virq_is_global(virq));
    if (!d || !d->evtchn)
        return;
    spin_lock(&d->evtchn->lock);
    port = d->evtchn->virq_to_port[0][virq];
    if (port) {
        /* Bound on vCPU 0, delivered wherever bind_vcpu moved it. */
        chn = port_chn(d->evtchn, port);
        set_pending(d, chn->notify_vcpu_id, chn);
    }
    spin_unlock(&d->evtchn->lock);
}

/* Xen sends global VIRQs to the hardware domain unless a domctl says. */
void send_global_virq(unsigned int virq)
{
    send_guest_global_virq(hardware_domain, virq);
}

unsigned int evtchn_max_ports(const struct domain *d)
{
    return d->evtchn->ops->max_ports;
}

bool evtchn_port_is_pending(struct domain *d, evtchn_port_t port)
{
    struct evtchn *chn;
    bool pending;

    spin_lock(&d->evtchn->lock);
    chn = lookup_port(d->evtchn, port);
    pending = chn && d->evtchn->ops->is_pending(d, chn);
    spin_unlock(&d->evtchn->lock);
    return pending;
}

int evtchn_domain_init(struct domain *d)
{
    struct evtchn_domain *ed = page_zalloc();

    if (!ed)
        return -XEN_ENOMEM;
    spin_lock_init(&ed->lock);
    ed->ops = &evtchn_port_ops_2l;
    /* Bucket 0 from the start, as Xen: ports 0-63 are always valid. */
    if (get_free_port(ed) != 0) {
        page_free(ed);
        return -XEN_ENOMEM;
    }
    port_chn(ed, 0)->state = ECS_RESERVED;
    d->evtchn = ed;
    return 0;
}

void evtchn_domain_destroy(struct domain *d)
{
    struct evtchn_domain *ed = d->evtchn;

    if (!ed)
        return;
    /* After this, no port can be allocated (Xen's is_dying barrier). */
    spin_lock(&ed->lock);
    ed->dying = true;
    spin_unlock(&ed->lock);
    close_all(d);

    for (unsigned int i = 0; i < EVTCHN_NR_BUCKETS; i++)
        if (ed->bucket[i])
            page_free(ed->bucket[i]);
    d->evtchn = NULL;
    page_free(ed);
}
