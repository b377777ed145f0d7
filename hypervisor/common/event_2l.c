/*
 * The 2-level event ABI (Xen's event_2l.c): port state in the pages the
 * guest shares with us.
 *
 *   shared_info.evtchn_pending  bit per port; set by us, cleared by guest
 *   shared_info.evtchn_mask     bit per port; the guest's, we only clear
 *                               it in EVTCHNOP_unmask
 *   vcpu_info.evtchn_pending_sel bit per pending word (port / 64); set
 *                               by us, cleared by the guest
 *   vcpu_info.evtchn_upcall_pending  "look at the selector"; set by us,
 *                               cleared by the guest before it scans
 *
 * The guest clears in the reverse order (upcall_pending, then the
 * selector, then each pending bit it handles), so setting in this order
 * means an event is never lost between its scan and our update: whatever
 * it has cleared we set again.  Only the 0 -> 1 edge of a port's pending
 * bit raises an upcall; an event on a port already pending merges with it
 * (xen.h: "the 'edge' is lost" while masked, and the guest must look
 * again after unmasking).
 *
 * Every access to these words is atomic: the guest writes them from its
 * own vCPUs while we do.
 */
#include <hv/bug.h>
#include <hv/event.h>

#define BITS_PER_EVTCHN_WORD (sizeof(xen_ulong_t) * 8)

/* 4096 ports on x86_64: 64 words of 64 bits, one selector bit per word. */
BUILD_BUG_ON(BITS_PER_EVTCHN_WORD * BITS_PER_EVTCHN_WORD !=
             EVTCHN_2L_NR_CHANNELS);

static inline xen_ulong_t bit_of(unsigned int nr)
{
    return (xen_ulong_t)1 << (nr % BITS_PER_EVTCHN_WORD);
}

static inline xen_ulong_t *word_of(xen_ulong_t *words, unsigned int nr)
{
    return &words[nr / BITS_PER_EVTCHN_WORD];
}

/* Full barriers (seq_cst): the order of these operations is the ABI. */
static bool test_and_set(unsigned int nr, xen_ulong_t *words)
{
    return __atomic_fetch_or(word_of(words, nr), bit_of(nr),
                             __ATOMIC_SEQ_CST) & bit_of(nr);
}

static bool test_and_clear(unsigned int nr, xen_ulong_t *words)
{
    return __atomic_fetch_and(word_of(words, nr), ~bit_of(nr),
                              __ATOMIC_SEQ_CST) & bit_of(nr);
}

static bool test(unsigned int nr, const xen_ulong_t *words)
{
    return __atomic_load_n(&words[nr / BITS_PER_EVTCHN_WORD],
                           __ATOMIC_SEQ_CST) & bit_of(nr);
}

/*
 * Xen's vcpu_mark_events_pending(): only the 0 -> 1 edge of
 * evtchn_upcall_pending needs the arch; until the guest clears it, later
 * events are found by the same upcall's scan.  A byte-wide exchange
 * leaves the neighbouring evtchn_upcall_mask alone.
 */
static void mark_events_pending(struct vcpu *v)
{
    if (!__atomic_exchange_n(&v->vcpu_info->evtchn_upcall_pending, 1,
                             __ATOMIC_SEQ_CST))
        arch_evtchn_notify(v);
}

/*
 * Set the selector bit and, on its 0 -> 1 edge, the upcall flag.  A
 * selector bit already set means an upcall for that word is on its way.
 */
static void raise_selector(struct vcpu *v, unsigned int port)
{
    if (!test_and_set(port / BITS_PER_EVTCHN_WORD,
                      &v->vcpu_info->evtchn_pending_sel))
        mark_events_pending(v);
}

static void evtchn_2l_set_pending(struct vcpu *v, struct evtchn *chn)
{
    shared_info_t *s = v->domain->shared_info;
    unsigned int port = chn->port;

    /* Already pending: the guest has yet to see the first one. */
    if (test_and_set(port, s->evtchn_pending))
        return;
    /* Masked: pending stays set for the guest to find when it unmasks. */
    if (!test(port, s->evtchn_mask))
        raise_selector(v, port);
    /* SCHEDOP_poll waits for pending ports whether masked or not. */
    evtchn_check_pollers(v->domain, port);
}

static void evtchn_2l_clear_pending(struct domain *d, struct evtchn *chn)
{
    test_and_clear(chn->port, d->shared_info->evtchn_pending);
}

/*
 * Xen's rule: unmasking a port that became pending while masked delivers
 * it now, to the port's notify vCPU, in the same order as set_pending.
 */
static void evtchn_2l_unmask(struct domain *d, struct evtchn *chn)
{
    shared_info_t *s = d->shared_info;
    struct vcpu *v = d->vcpu[chn->notify_vcpu_id];
    unsigned int port = chn->port;

    if (test_and_clear(port, s->evtchn_mask) &&
        test(port, s->evtchn_pending))
        raise_selector(v, port);
}

static bool evtchn_2l_is_pending(const struct domain *d,
                                 const struct evtchn *chn)
{
    return test(chn->port, d->shared_info->evtchn_pending);
}

static bool evtchn_2l_is_masked(const struct domain *d,
                                const struct evtchn *chn)
{
    return test(chn->port, d->shared_info->evtchn_mask);
}

const struct evtchn_port_ops evtchn_port_ops_2l = {
    .name = "2-level",
    .max_ports = EVTCHN_2L_NR_CHANNELS,
    .init = NULL,               /* nothing per port: all in shared_info */
    .set_pending = evtchn_2l_set_pending,
    .clear_pending = evtchn_2l_clear_pending,
    .unmask = evtchn_2l_unmask,
    .is_pending = evtchn_2l_is_pending,
    .is_masked = evtchn_2l_is_masked,
    .set_priority = NULL,       /* no priorities in 2-level (Xen: -ENOSYS) */
};
