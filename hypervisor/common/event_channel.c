/*
 * Event channels (Xen's EVTCHNOP_* ABI): each domain's port table, the
 * channel operations on it (close, send, VIRQ delivery) and its life
 * cycle.  The EVTCHNOP_* sub-ops that guests call are in
 * event_channel_op.c; whether a port is pending or masked, and how the
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
#include <hv/printk.h>
#include <hv/mm.h>
#include <hv/spinlock.h>
#include <xen/errno.h>
#include "event_channel_table.h"

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

/*
 * Xen's rcu_lock_domain_by_any_id(): DOMID_SELF names the caller.  A
 * domain without a port table (being built or torn down) is not there.
 */
struct domain *evtchn_lookup_domain(domid_t id)
{
    struct domain *d = id == DOMID_SELF ? current_domain() : domain_lookup(id);

    return d && d->evtchn ? d : NULL;
}

/*
 * Xen's evtchn_get_free_port(): the lowest free port, adding a bucket when all
 * valid ports are taken.  Returns the port, -XEN_ENOSPC at the ABI's
 * limit, -XEN_ENOMEM, or -XEN_EINVAL while the domain is being destroyed.
 */
long evtchn_get_free_port(struct evtchn_domain *ed)
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
struct evtchn *evtchn_bind_port(struct domain *d, evtchn_port_t port,
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

void evtchn_set_pending(struct domain *d, unsigned int vcpu_id,
                        struct evtchn *chn)
{
    struct vcpu *v = domain_vcpu(d, vcpu_id);

    /* notify_vcpu_id is checked whenever it is set. */
    BUG_ON(!v);
    d->evtchn->ops->set_pending(v, chn);
}

void evtchn_double_lock(struct domain *a, struct domain *b)
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

void evtchn_double_unlock(struct domain *a, struct domain *b)
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
    evtchn_double_lock(d, peer);
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
long evtchn_close(struct domain *d, evtchn_port_t port)
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
    evtchn_double_unlock(d, peer);
    return rc;
}

/* Xen's evtchn_send(): notify the other end of d's 'port'. */
long evtchn_send(struct domain *d, evtchn_port_t port)
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
        evtchn_set_pending(rd, __atomic_load_n(&rchn->notify_vcpu_id,
                                        __ATOMIC_RELAXED), rchn);
        break;
    case ECS_IPI:
        evtchn_set_pending(d, chn->notify_vcpu_id, chn);
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
void evtchn_close_all(struct domain *d)
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
        evtchn_set_pending(d, v->vcpu_id, port_chn(d->evtchn, port));
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
        evtchn_set_pending(d, chn->notify_vcpu_id, chn);
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
    if (evtchn_get_free_port(ed) != 0) {
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
    evtchn_close_all(d);

    for (unsigned int i = 0; i < EVTCHN_NR_BUCKETS; i++)
        if (ed->bucket[i])
            page_free(ed->bucket[i]);
    d->evtchn = NULL;
    page_free(ed);
}

/* The 'e' debug key: one line per port in use. */
void evtchn_dump(struct domain *d)
{
    static const char *const names[] = {
        [ECS_FREE] = "free", [ECS_RESERVED] = "reserved",
        [ECS_UNBOUND] = "unbound", [ECS_INTERDOMAIN] = "interdomain",
        [ECS_VIRQ] = "virq", [ECS_IPI] = "ipi",
    };
    struct evtchn_domain *ed = d->evtchn;

    if (!ed)
        return;
    spin_lock(&ed->lock);
    for (evtchn_port_t p = 1; p < ed->valid_ports; p++) {
        struct evtchn *chn = port_chn(ed, p);
        unsigned long detail = chn->state == ECS_VIRQ ? chn->u.virq :
            chn->state == ECS_INTERDOMAIN ? chn->u.interdomain.remote_port :
            chn->state == ECS_UNBOUND ? chn->u.unbound.remote_domid : 0;

        if (chn->state == ECS_FREE)
            continue;
        printk("  d%u port %u: %s %lu vcpu %u pending %d masked %d\n",
               d->domain_id, p, names[chn->state], detail,
               chn->notify_vcpu_id, ed->ops->is_pending(d, chn),
               ed->ops->is_masked(d, chn));
    }
    spin_unlock(&ed->lock);
}
