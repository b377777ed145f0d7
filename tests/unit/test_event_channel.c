/*
 * Event channels (common/event_channel.c with event_2l.c) driven through
 * do_event_channel_op() by fake domains: every EVTCHNOP_* success path and
 * refusal with Xen's errno, the 2-level delivery rules seen from the
 * hypercalls, the 4096-port limit, reset and destroy, and a 1000-message
 * interdomain ping-pong.
 *
 * Fakes: guest memory is plain pointers (one address faults, one buffer
 * is read-only); frames come from the harness memory with unused frames
 * poisoned for ASan; domain_lookup() searches a small table.
 */
#include <criterion/criterion.h>
#include <sanitizer/asan_interface.h>
#include <stdlib.h>
#include <string.h>

#include "hv_host.h"
#include <hv/current.h>
#include <hv/event.h>
#include <hv/guest_access.h>
#include <hv/mm.h>
#include <xen/errno.h>

#define NR_FAKE_DOMS    8
#define NR_FRAMES       1024            /* harness memory, in frames */
#define WORD_BITS       (sizeof(xen_ulong_t) * 8)
#define BAD_GUEST_ADDR  0xdead000UL     /* faults on every access */

struct domain *hardware_domain;

static struct domain *doms[NR_FAKE_DOMS];
static bool paused[NR_FAKE_DOMS];
static struct vcpu *cur;
static unsigned int notified[NR_FAKE_DOMS][MAX_VIRT_CPUS_PER_DOMAIN];
static const void *read_only;           /* copy_to_guest refuses this */
static long frame_budget;               /* alloc_frames fails at 0 */
static long frames_in_use;

/* --- Fakes for what the sources call ---------------------------------- */

struct vcpu *current_vcpu(void)
{
    return cur;
}

struct domain *domain_lookup(domid_t id)
{
    return id < NR_FAKE_DOMS ? doms[id] : NULL;
}

bool domain_controller_paused(const struct domain *d)
{
    return paused[d->domain_id];
}

void arch_evtchn_notify(struct vcpu *v)
{
    /* The 2-level order: by now all three levels are set. */
    cr_assert_eq(v->vcpu_info->evtchn_upcall_pending, 1);
    cr_assert_neq(v->vcpu_info->evtchn_pending_sel, 0);
    notified[v->domain->domain_id][v->vcpu_id]++;
}

static unsigned int poll_checks[NR_FAKE_DOMS];

void evtchn_check_pollers(struct domain *d, evtchn_port_t port)
{
    (void)port;
    poll_checks[d->domain_id]++;
}

size_t copy_from_guest(void *dst, unsigned long src, size_t len)
{
    if (src == BAD_GUEST_ADDR) {
        memset(dst, 0, len);
        return len;
    }
    memcpy(dst, (const void *)src, len);
    return 0;
}

size_t copy_to_guest(unsigned long dst, const void *src, size_t len)
{
    if (dst == BAD_GUEST_ADDR || (const void *)dst == read_only)
        return len;
    memcpy((void *)dst, src, len);
    return 0;
}

/*
 * Frames from the harness memory: odd frames only, so every allocated
 * frame has poisoned neighbours and ASan catches overruns and use after
 * free.
 */
static bool frame_used[NR_FRAMES];

mfn_t alloc_frames(unsigned int order, struct domain *owner)
{
    cr_assert_eq(order, 0);
    cr_assert_null(owner);
    if (frame_budget-- <= 0)
        return INVALID_MFN;
    for (mfn_t mfn = 1; mfn < NR_FRAMES; mfn += 2) {
        if (frame_used[mfn])
            continue;
        frame_used[mfn] = true;
        ASAN_UNPOISON_MEMORY_REGION(mfn_to_virt(mfn), PAGE_SIZE);
        memset(mfn_to_virt(mfn), 0xa5, PAGE_SIZE);  /* callers must zero */
        frames_in_use++;
        return mfn;
    }
    return INVALID_MFN;
}

void free_frames(mfn_t mfn, unsigned int order)
{
    cr_assert_eq(order, 0);
    cr_assert(mfn < NR_FRAMES && frame_used[mfn], "bad or double free");
    frame_used[mfn] = false;
    ASAN_POISON_MEMORY_REGION(mfn_to_virt(mfn), PAGE_SIZE);
    frames_in_use--;
}

/* --- Fake domains -------------------------------------------------------- */

static struct domain *make_domain(domid_t id, bool privileged)
{
    struct domain *d = calloc(1, sizeof(*d));
    shared_info_t *si = aligned_alloc(PAGE_SIZE, PAGE_SIZE);

    cr_assert(d && si);
    memset(si, 0, PAGE_SIZE);
    d->domain_id = id;
    d->is_privileged = privileged;
    d->shared_info = si;
    d->max_vcpus = MAX_VIRT_CPUS_PER_DOMAIN;
    for (unsigned int i = 0; i < MAX_VIRT_CPUS_PER_DOMAIN; i++) {
        struct vcpu *v = calloc(1, sizeof(*v));

        cr_assert_not_null(v);
        v->vcpu_id = i;
        v->domain = d;
        v->vcpu_info = &si->vcpu_info[i];
        d->vcpu[i] = v;
    }
    cr_assert_eq(evtchn_domain_init(d), 0);
    doms[id] = d;
    return d;
}

static void free_domain(struct domain *d)
{
    doms[d->domain_id] = NULL;
    evtchn_domain_destroy(d);
    cr_assert_null(d->evtchn);
    for (unsigned int i = 0; i < MAX_VIRT_CPUS_PER_DOMAIN; i++)
        free(d->vcpu[i]);
    free(d->shared_info);
    free(d);
}

static struct domain *dom0, *domA, *domB;

static void setup(void)
{
    harness_mem_init(NR_FRAMES * PAGE_SIZE);
    ASAN_POISON_MEMORY_REGION(harness_mem, harness_mem_size);
    frame_budget = NR_FRAMES;
    dom0 = make_domain(0, true);
    domA = make_domain(1, false);
    domB = make_domain(2, false);
    hardware_domain = dom0;
    cur = domA->vcpu[0];
}

static void teardown(void)
{
    for (unsigned int i = 0; i < NR_FAKE_DOMS; i++)
        if (doms[i])
            free_domain(doms[i]);
    cr_assert_eq(frames_in_use, 0, "%ld frames leaked", frames_in_use);
    ASAN_UNPOISON_MEMORY_REGION(harness_mem, harness_mem_size);
    harness_mem_free();
}

TestSuite(evtchn, .init = setup, .fini = teardown);

/* --- Hypercalls as a guest makes them ------------------------------------ */

static long op(struct domain *d, int cmd, void *arg)
{
    struct hc_args a = { .a = { (unsigned long)cmd, (unsigned long)arg } };

    cur = d->vcpu[0];
    return do_event_channel_op(&a);
}

/* Each returns the new port, or the negative errno. */
static long alloc_unbound(struct domain *d, domid_t dom, domid_t remote)
{
    struct evtchn_alloc_unbound a = { .dom = dom, .remote_dom = remote };
    long rc = op(d, EVTCHNOP_alloc_unbound, &a);

    return rc ? rc : (long)a.port;
}

static long bind_interdomain(struct domain *d, domid_t remote,
                             evtchn_port_t rport)
{
    struct evtchn_bind_interdomain b = { .remote_dom = remote,
                                         .remote_port = rport };
    long rc = op(d, EVTCHNOP_bind_interdomain, &b);

    return rc ? rc : (long)b.local_port;
}

static long bind_virq(struct domain *d, uint32_t virq, uint32_t vcpu)
{
    struct evtchn_bind_virq b = { .virq = virq, .vcpu = vcpu };
    long rc = op(d, EVTCHNOP_bind_virq, &b);

    return rc ? rc : (long)b.port;
}

static long bind_ipi(struct domain *d, uint32_t vcpu)
{
    struct evtchn_bind_ipi b = { .vcpu = vcpu };
    long rc = op(d, EVTCHNOP_bind_ipi, &b);

    return rc ? rc : (long)b.port;
}

static long ev_close(struct domain *d, evtchn_port_t port)
{
    return op(d, EVTCHNOP_close, &(struct evtchn_close){ .port = port });
}

static long ev_send(struct domain *d, evtchn_port_t port)
{
    return op(d, EVTCHNOP_send, &(struct evtchn_send){ .port = port });
}

static long ev_unmask(struct domain *d, evtchn_port_t port)
{
    return op(d, EVTCHNOP_unmask, &(struct evtchn_unmask){ .port = port });
}

static long bind_vcpu(struct domain *d, evtchn_port_t port, uint32_t vcpu)
{
    struct evtchn_bind_vcpu b = { .port = port, .vcpu = vcpu };

    return op(d, EVTCHNOP_bind_vcpu, &b);
}

static long ev_reset(struct domain *d, domid_t dom)
{
    return op(d, EVTCHNOP_reset, &(struct evtchn_reset){ .dom = dom });
}

static long status(struct domain *d, domid_t dom, evtchn_port_t port,
                   struct evtchn_status *s)
{
    memset(s, 0, sizeof(*s));
    s->dom = dom;
    s->port = port;
    return op(d, EVTCHNOP_status, s);
}

/* The EVTCHNSTAT_* of d's port, asked by d itself (asserts success). */
static uint32_t state_of(struct domain *d, evtchn_port_t port)
{
    struct evtchn_status s;

    cr_assert_eq(status(d, DOMID_SELF, port, &s), 0, "status of %u", port);
    return s.status;
}

/* --- The guest's view of shared_info ------------------------------------- */

static bool is_pending(struct domain *d, evtchn_port_t port)
{
    return (d->shared_info->evtchn_pending[port / WORD_BITS] >>
            (port % WORD_BITS)) & 1;
}

static bool is_masked(struct domain *d, evtchn_port_t port)
{
    return (d->shared_info->evtchn_mask[port / WORD_BITS] >>
            (port % WORD_BITS)) & 1;
}

static void guest_mask(struct domain *d, evtchn_port_t port)
{
    d->shared_info->evtchn_mask[port / WORD_BITS] |=
        (xen_ulong_t)1 << (port % WORD_BITS);
}

static vcpu_info_t *vinfo(struct domain *d, unsigned int vcpu)
{
    return d->vcpu[vcpu]->vcpu_info;
}

/*
 * The guest's upcall handler, in Linux's order: clear upcall_pending,
 * take the selector, then clear and count each pending unmasked port.
 * Returns how many ports were found; 'seen' (may be NULL) counts each.
 */
static unsigned int guest_drain(struct domain *d, unsigned int vcpu,
                                unsigned int *seen)
{
    vcpu_info_t *vi = vinfo(d, vcpu);
    shared_info_t *si = d->shared_info;
    xen_ulong_t sel;
    unsigned int n = 0;

    __atomic_store_n(&vi->evtchn_upcall_pending, 0, __ATOMIC_SEQ_CST);
    sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
    for (; sel; sel &= sel - 1) {
        unsigned int w = __builtin_ctzl(sel);
        xen_ulong_t bits = si->evtchn_pending[w] & ~si->evtchn_mask[w];

        for (; bits; bits &= bits - 1) {
            unsigned int b = __builtin_ctzl(bits);

            __atomic_fetch_and(&si->evtchn_pending[w], ~(1UL << b),
                               __ATOMIC_SEQ_CST);
            if (seen)
                seen[w * WORD_BITS + b]++;
            n++;
        }
    }
    return n;
}

/* A connected pair: A's port offered to B, B bound to it. */
static void connect_ab(evtchn_port_t *pa, evtchn_port_t *pb)
{
    long a = alloc_unbound(domA, DOMID_SELF, domB->domain_id);
    long b;

    cr_assert_gt(a, 0);
    b = bind_interdomain(domB, domA->domain_id, a);
    cr_assert_gt(b, 0);
    *pa = a;
    *pb = b;
}

/* --- EVTCHNOP_alloc_unbound ---------------------------------------------- */

Test(evtchn, alloc_unbound_lowest_ports_from_1)
{
    struct evtchn_status s;

    cr_assert_eq(alloc_unbound(domA, DOMID_SELF, 2), 1, "port 0 reserved");
    cr_assert_eq(alloc_unbound(domA, DOMID_SELF, 2), 2);
    cr_assert_eq(status(domA, DOMID_SELF, 1, &s), 0);
    cr_assert_eq(s.status, EVTCHNSTAT_unbound);
    cr_assert_eq(s.u.unbound.dom, 2);
    cr_assert_eq(s.vcpu, 0);
    cr_assert_eq(ev_close(domA, 1), 0);
    cr_assert_eq(alloc_unbound(domA, DOMID_SELF, 2), 1, "lowest free reused");
}

Test(evtchn, alloc_unbound_self_names)
{
    struct evtchn_status s;
    long p = alloc_unbound(domA, domA->domain_id, DOMID_SELF);

    cr_assert_gt(p, 0, "own id works like DOMID_SELF");
    cr_assert_eq(status(domA, DOMID_SELF, p, &s), 0);
    cr_assert_eq(s.u.unbound.dom, domA->domain_id, "remote SELF = caller");
}

Test(evtchn, alloc_unbound_remote_need_not_exist)
{
    cr_assert_gt(alloc_unbound(domA, DOMID_SELF, 5), 0);
}

Test(evtchn, alloc_unbound_privileged_for_another)
{
    struct evtchn_status s;
    long p = alloc_unbound(dom0, domB->domain_id, DOMID_SELF);

    cr_assert_eq(p, 1);
    cr_assert_eq(status(domB, DOMID_SELF, p, &s), 0);
    cr_assert_eq(s.status, EVTCHNSTAT_unbound);
    cr_assert_eq(s.u.unbound.dom, 0, "DOMID_SELF is the caller, dom0");
    cr_assert_eq(state_of(dom0, 1), EVTCHNSTAT_closed);
}

Test(evtchn, alloc_unbound_refusals)
{
    cr_assert_eq(alloc_unbound(domA, domB->domain_id, DOMID_SELF),
                 -XEN_EPERM);
    cr_assert_eq(alloc_unbound(domA, 6, DOMID_SELF), -XEN_ESRCH);
    cr_assert_eq(alloc_unbound(dom0, DOMID_IO, DOMID_SELF), -XEN_ESRCH);
    cr_assert_eq(state_of(domB, 1), EVTCHNSTAT_closed, "nothing allocated");
}

Test(evtchn, copy_faults)
{
    struct evtchn_alloc_unbound a = { .dom = DOMID_SELF, .remote_dom = 2 };
    struct hc_args bad = { .a = { EVTCHNOP_alloc_unbound, BAD_GUEST_ADDR } };

    cur = domA->vcpu[0];
    cr_assert_eq(do_event_channel_op(&bad), -XEN_EFAULT);
    cr_assert_eq(state_of(domA, 1), EVTCHNSTAT_closed);
    /* Copy-out fails after the act: Xen keeps the port allocated. */
    read_only = &a;
    cr_assert_eq(op(domA, EVTCHNOP_alloc_unbound, &a), -XEN_EFAULT);
    cr_assert_eq(state_of(domA, 1), EVTCHNSTAT_unbound);
}

Test(evtchn, out_of_memory_for_a_bucket)
{
    /* Fill bucket 0 (ports 1-63), then the next bucket cannot be had. */
    for (int i = 1; i < 64; i++)
        cr_assert_eq(alloc_unbound(domA, DOMID_SELF, 2), i);
    frame_budget = 0;
    cr_assert_eq(alloc_unbound(domA, DOMID_SELF, 2), -XEN_ENOMEM);
    cr_assert_eq(bind_ipi(domA, 0), -XEN_ENOMEM);
    frame_budget = 1;
    cr_assert_eq(alloc_unbound(domA, DOMID_SELF, 2), 64);
}

/* --- EVTCHNOP_bind_interdomain ------------------------------------------- */

Test(evtchn, bind_interdomain_connects_both_ends)
{
    struct evtchn_status s;
    evtchn_port_t pa, pb;

    connect_ab(&pa, &pb);
    cr_assert_eq(status(domA, DOMID_SELF, pa, &s), 0);
    cr_assert_eq(s.status, EVTCHNSTAT_interdomain);
    cr_assert_eq(s.u.interdomain.dom, domB->domain_id);
    cr_assert_eq(s.u.interdomain.port, pb);
    cr_assert_eq(status(domB, DOMID_SELF, pb, &s), 0);
    cr_assert_eq(s.status, EVTCHNSTAT_interdomain);
    cr_assert_eq(s.u.interdomain.dom, domA->domain_id);
    cr_assert_eq(s.u.interdomain.port, pa);
    /* Xen sets the binder's port pending: the peer may have sent. */
    cr_assert(is_pending(domB, pb));
    cr_assert_eq(notified[2][0], 1);
    cr_assert_not(is_pending(domA, pa));
}

Test(evtchn, bind_interdomain_loopback)
{
    long p = alloc_unbound(domA, DOMID_SELF, DOMID_SELF);
    long q = bind_interdomain(domA, DOMID_SELF, p);

    cr_assert_gt(q, p);
    guest_drain(domA, 0, NULL);
    cr_assert_eq(ev_send(domA, q), 0);
    cr_assert(is_pending(domA, p));
    cr_assert_eq(ev_send(domA, p), 0);
    cr_assert(is_pending(domA, q));
    cr_assert_eq(ev_close(domA, p), 0);
    cr_assert_eq(state_of(domA, q), EVTCHNSTAT_unbound);
}

Test(evtchn, bind_interdomain_refusals)
{
    long offered_to_b = alloc_unbound(domA, DOMID_SELF, domB->domain_id);
    long offered_to_0 = alloc_unbound(domA, DOMID_SELF, 0);
    long virq = bind_virq(domA, VIRQ_TIMER, 0);
    evtchn_port_t pa, pb;

    /* Not offered to the caller. */
    cr_assert_eq(bind_interdomain(dom0, 1, offered_to_b), -XEN_EINVAL);
    cr_assert_eq(bind_interdomain(domB, 1, offered_to_0), -XEN_EINVAL);
    /* Not unbound: free, reserved, VIRQ, out of range. */
    cr_assert_eq(bind_interdomain(domB, 1, 40), -XEN_EINVAL);
    cr_assert_eq(bind_interdomain(domB, 1, 0), -XEN_EINVAL);
    cr_assert_eq(bind_interdomain(domB, 1, virq), -XEN_EINVAL);
    cr_assert_eq(bind_interdomain(domB, 1, 64), -XEN_EINVAL);
    cr_assert_eq(bind_interdomain(domB, 1, 0xffffffffu), -XEN_EINVAL);
    /* No such domain. */
    cr_assert_eq(bind_interdomain(domB, 7, offered_to_b), -XEN_ESRCH);
    cr_assert_eq(bind_interdomain(domB, DOMID_XEN, 1), -XEN_ESRCH);
    /* Nothing changed: B's first port is still free. */
    cr_assert_eq(state_of(domB, 1), EVTCHNSTAT_closed);
    /* Already connected: a second bind fails. */
    connect_ab(&pa, &pb);
    cr_assert_eq(bind_interdomain(domB, 1, pa), -XEN_EINVAL);
}

Test(evtchn, bind_interdomain_local_table_full)
{
    long p = alloc_unbound(domA, DOMID_SELF, domB->domain_id);

    while (alloc_unbound(domB, DOMID_SELF, 0) > 0)
        ;
    cr_assert_eq(bind_interdomain(domB, 1, p), -XEN_ENOSPC);
    cr_assert_eq(state_of(domA, p), EVTCHNSTAT_unbound, "remote untouched");
}

/* --- EVTCHNOP_bind_virq -------------------------------------------------- */

Test(evtchn, bind_virq_per_vcpu_and_global)
{
    struct evtchn_status s;
    long timer = bind_virq(domA, VIRQ_TIMER, 0);
    long debug = bind_virq(domA, VIRQ_DEBUG, 0);
    long console = bind_virq(dom0, VIRQ_CONSOLE, 0);
    long exc = bind_virq(dom0, VIRQ_DOM_EXC, 0);

    cr_assert(timer > 0 && debug > 0 && console > 0 && exc > 0);
    cr_assert_eq(status(domA, DOMID_SELF, timer, &s), 0);
    cr_assert_eq(s.status, EVTCHNSTAT_virq);
    cr_assert_eq(s.u.virq, VIRQ_TIMER);
    cr_assert_eq(s.vcpu, 0);
    cr_assert_eq(status(dom0, DOMID_SELF, exc, &s), 0);
    cr_assert_eq(s.u.virq, VIRQ_DOM_EXC);
    /* VIRQs are per domain: B binds its own timer. */
    cr_assert_gt(bind_virq(domB, VIRQ_TIMER, 0), 0);
}

Test(evtchn, bind_virq_twice_is_eexist)
{
    static const uint32_t virqs[] = { VIRQ_TIMER, VIRQ_DEBUG, VIRQ_CONSOLE,
                                      VIRQ_DOM_EXC };

    for (size_t i = 0; i < ARRAY_SIZE(virqs); i++) {
        long p = bind_virq(domA, virqs[i], 0);

        cr_assert_gt(p, 0);
        cr_assert_eq(bind_virq(domA, virqs[i], 0), -XEN_EEXIST);
        cr_assert_eq(ev_close(domA, p), 0);
        cr_assert_eq(bind_virq(domA, virqs[i], 0), p, "free after close");
    }
}

Test(evtchn, bind_virq_refusals)
{
    cr_assert_eq(bind_virq(domA, NR_VIRQS, 0), -XEN_EINVAL);
    cr_assert_eq(bind_virq(domA, 0xffffffffu, 0), -XEN_EINVAL);
    /* Global VIRQs only on vCPU 0: -EINVAL before the vCPU is looked at. */
    cr_assert_eq(bind_virq(domA, VIRQ_CONSOLE, 1), -XEN_EINVAL);
    cr_assert_eq(bind_virq(domA, VIRQ_DOM_EXC, 99), -XEN_EINVAL);
    /* Per-vCPU VIRQs on a vCPU that does not exist. */
    cr_assert_eq(bind_virq(domA, VIRQ_TIMER, MAX_VIRT_CPUS_PER_DOMAIN),
                 -XEN_ENOENT);
    cr_assert_eq(bind_virq(domA, VIRQ_DEBUG, 0xffffffffu), -XEN_ENOENT);
    cr_assert_eq(state_of(domA, 1), EVTCHNSTAT_closed);
}

Test(evtchn, virq_delivery)
{
    long timer = bind_virq(domA, VIRQ_TIMER, 0);
    long exc = bind_virq(dom0, VIRQ_DOM_EXC, 0);

    send_guest_vcpu_virq(domA->vcpu[0], VIRQ_TIMER);
    cr_assert(is_pending(domA, timer));
    cr_assert_eq(notified[1][0], 1);
    send_global_virq(VIRQ_DOM_EXC);
    cr_assert(is_pending(dom0, exc), "global VIRQs go to dom0");
    /* Unbound VIRQs are dropped. */
    send_guest_vcpu_virq(domB->vcpu[0], VIRQ_TIMER);
    send_guest_global_virq(domB, VIRQ_CONSOLE);
    cr_assert_eq(notified[2][0], 0);
    cr_assert_eq(ev_send(domA, timer), -XEN_EINVAL, "VIRQs are not sent");
    /* Closing unbinds: the next timer tick is dropped. */
    cr_assert_eq(ev_close(domA, timer), 0);
    send_guest_vcpu_virq(domA->vcpu[0], VIRQ_TIMER);
    cr_assert_not(is_pending(domA, timer));
}

/* --- EVTCHNOP_bind_ipi and send ------------------------------------------ */

Test(evtchn, bind_ipi_and_send)
{
    struct evtchn_status s;
    long p = bind_ipi(domA, 0);

    cr_assert_eq(p, 1);
    cr_assert_eq(status(domA, DOMID_SELF, p, &s), 0);
    cr_assert_eq(s.status, EVTCHNSTAT_ipi);
    cr_assert_eq(s.vcpu, 0);
    cr_assert_eq(ev_send(domA, p), 0);
    cr_assert(is_pending(domA, p));
    cr_assert_eq(notified[1][0], 1);
    cr_assert_eq(bind_ipi(domA, MAX_VIRT_CPUS_PER_DOMAIN), -XEN_ENOENT);
    cr_assert_eq(bind_ipi(domA, 0xffffffffu), -XEN_ENOENT);
}

Test(evtchn, send_interdomain_sets_remote_pending)
{
    evtchn_port_t pa, pb;

    connect_ab(&pa, &pb);
    cr_assert_eq(ev_send(domB, pb), 0);
    cr_assert(is_pending(domA, pa));
    cr_assert_eq(vinfo(domA, 0)->evtchn_pending_sel, 1UL << (pa / 64));
    cr_assert_eq(notified[1][0], 1);
    cr_assert_eq(notified[2][0], 1, "B only from its bind");
}

Test(evtchn, send_refusals)
{
    long unbound = alloc_unbound(domA, DOMID_SELF, 2);
    unsigned int before = notified[1][0] + notified[2][0];

    /* Unbound: silently dropped (Xen). */
    cr_assert_eq(ev_send(domA, unbound), 0);
    cr_assert_not(is_pending(domA, unbound));
    /* Closed (free), reserved, out of range. */
    cr_assert_eq(ev_send(domA, 5), -XEN_EINVAL);
    cr_assert_eq(ev_send(domA, 0), -XEN_EINVAL);
    cr_assert_eq(ev_send(domA, 64), -XEN_EINVAL);
    cr_assert_eq(ev_send(domA, 4096), -XEN_EINVAL);
    cr_assert_eq(ev_send(domA, 0xffffffffu), -XEN_EINVAL);
    cr_assert_eq(notified[1][0] + notified[2][0], before);
}

Test(evtchn, send_after_peer_closed_is_dropped)
{
    evtchn_port_t pa, pb;

    connect_ab(&pa, &pb);
    cr_assert_eq(ev_close(domA, pa), 0);
    cr_assert_eq(ev_send(domB, pb), 0, "our end is unbound now");
    cr_assert_not(is_pending(domA, pa));
    cr_assert_eq(ev_send(domA, pa), -XEN_EINVAL, "closed port");
}

/* --- The 2-level rules through the hypercalls ---------------------------- */

Test(evtchn, masked_port_no_upcall_until_unmask)
{
    evtchn_port_t pa, pb;

    connect_ab(&pa, &pb);
    guest_mask(domA, pa);
    cr_assert_eq(ev_send(domB, pb), 0);
    cr_assert(is_pending(domA, pa));
    cr_assert_eq(vinfo(domA, 0)->evtchn_pending_sel, 0);
    cr_assert_eq(vinfo(domA, 0)->evtchn_upcall_pending, 0);
    cr_assert_eq(notified[1][0], 0);

    cr_assert_eq(ev_unmask(domA, pa), 0);
    cr_assert_not(is_masked(domA, pa));
    cr_assert_eq(vinfo(domA, 0)->evtchn_upcall_pending, 1);
    cr_assert_eq(notified[1][0], 1, "unmask re-delivers");
    cr_assert_eq(ev_unmask(domA, pa), 0);
    cr_assert_eq(notified[1][0], 1, "no second edge");
}

Test(evtchn, unmask_refusals_and_locality)
{
    /* A has port 5 masked; B's unmask of "5" is B's own port 5. */
    guest_mask(domA, 5);
    guest_mask(domB, 5);
    cr_assert_eq(ev_unmask(domB, 5), 0, "valid (free) port: Xen says 0");
    cr_assert_not(is_masked(domB, 5));
    cr_assert(is_masked(domA, 5), "never another domain's bit");
    cr_assert_eq(ev_unmask(domB, 64), -XEN_EINVAL, "beyond the table");
    cr_assert_eq(ev_unmask(domB, 0xffffffffu), -XEN_EINVAL);
}

Test(evtchn, selector_order_across_words)
{
    long ports[3];

    /* Ports 1, 64 and 128 of B, offered to A and bound by A. */
    for (int i = 1; i < 129; i++)
        cr_assert_eq(alloc_unbound(domB, DOMID_SELF, 1), i);
    ports[0] = 1;
    ports[1] = 64;
    ports[2] = 128;
    for (int i = 0; i < 3; i++)
        cr_assert_gt(bind_interdomain(domA, 2, ports[i]), 0);
    guest_drain(domA, 0, NULL);
    for (int i = 0; i < 3; i++)
        cr_assert_eq(ev_send(domA, i + 1), 0);
    cr_assert_eq(vinfo(domB, 0)->evtchn_pending_sel, 0x7);
    cr_assert_eq(notified[2][0], 1, "one upcall for three words");
    cr_assert_eq(guest_drain(domB, 0, NULL), 3);
    cr_assert_eq(vinfo(domB, 0)->evtchn_pending_sel, 0);
}

Test(evtchn, poll_helpers)
{
    evtchn_port_t pa, pb;

    cr_assert_eq(evtchn_max_ports(domA), 4096);
    connect_ab(&pa, &pb);
    guest_mask(domA, pa);
    cr_assert_not(evtchn_port_is_pending(domA, pa));
    cr_assert_eq(ev_send(domB, pb), 0);
    cr_assert(evtchn_port_is_pending(domA, pa), "masked, still pending");
    cr_assert_eq(poll_checks[1], 1, "pollers woken though masked");
    cr_assert_not(evtchn_port_is_pending(domA, 64), "beyond the table");
    cr_assert_not(evtchn_port_is_pending(domA, 4095));
}

/* --- EVTCHNOP_close ------------------------------------------------------ */

Test(evtchn, close_interdomain_leaves_peer_unbound)
{
    struct evtchn_status s;
    evtchn_port_t pa, pb;

    connect_ab(&pa, &pb);
    /* B (higher id) closes: B's lock is dropped to lock A first. */
    cr_assert_eq(ev_close(domB, pb), 0);
    cr_assert_eq(state_of(domB, pb), EVTCHNSTAT_closed);
    cr_assert_eq(status(domA, DOMID_SELF, pa, &s), 0);
    cr_assert_eq(s.status, EVTCHNSTAT_unbound);
    cr_assert_eq(s.u.unbound.dom, domB->domain_id, "offered to B again");
    cr_assert_eq(bind_interdomain(domB, 1, pa), pb, "B reconnects");
    /* A (lower id) closes: locks already in order. */
    cr_assert_eq(ev_close(domA, pa), 0);
    cr_assert_eq(status(domB, DOMID_SELF, pb, &s), 0);
    cr_assert_eq(s.status, EVTCHNSTAT_unbound);
    cr_assert_eq(s.u.unbound.dom, domA->domain_id);
}

Test(evtchn, close_clears_pending_not_mask)
{
    long p = bind_ipi(domA, 0);

    guest_mask(domA, p);
    cr_assert_eq(ev_send(domA, p), 0);
    cr_assert(is_pending(domA, p));
    cr_assert_eq(ev_close(domA, p), 0);
    cr_assert_not(is_pending(domA, p), "a re-bound port starts quiet");
    cr_assert(is_masked(domA, p), "the mask is the guest's");
}

Test(evtchn, close_refusals)
{
    long p = bind_ipi(domA, 0);

    cr_assert_eq(ev_close(domA, p), 0);
    cr_assert_eq(ev_close(domA, p), -XEN_EINVAL, "already closed");
    cr_assert_eq(ev_close(domA, 0), -XEN_EINVAL, "reserved");
    cr_assert_eq(ev_close(domA, 64), -XEN_EINVAL);
    cr_assert_eq(ev_close(domA, 0xffffffffu), -XEN_EINVAL);
}

/* --- EVTCHNOP_status ----------------------------------------------------- */

Test(evtchn, status_rules)
{
    struct evtchn_status s;
    long p = alloc_unbound(domB, DOMID_SELF, 1);

    cr_assert_eq(state_of(domA, 0), EVTCHNSTAT_closed, "port 0");
    cr_assert_eq(state_of(domA, 63), EVTCHNSTAT_closed);
    cr_assert_eq(status(domA, DOMID_SELF, 64, &s), -XEN_EINVAL);
    cr_assert_eq(status(domA, 2, p, &s), -XEN_EPERM, "not privileged");
    cr_assert_eq(status(domA, 6, 1, &s), -XEN_ESRCH);
    cr_assert_eq(status(domA, 6, 100000, &s), -XEN_ESRCH, "ESRCH first");
    cr_assert_eq(status(dom0, 2, p, &s), 0, "dom0 may look");
    cr_assert_eq(s.status, EVTCHNSTAT_unbound);
    cr_assert_eq(s.dom, 2, "IN fields copied back unchanged");
    cr_assert_eq(s.port, p);
    cr_assert_eq(status(domA, domA->domain_id, 1, &s), 0, "own id");
}

/* --- EVTCHNOP_bind_vcpu -------------------------------------------------- */

Test(evtchn, bind_vcpu_which_ports_move)
{
    long unbound = alloc_unbound(domA, DOMID_SELF, 2);
    long global = bind_virq(domA, VIRQ_CONSOLE, 0);
    long timer = bind_virq(domA, VIRQ_TIMER, 0);
    long ipi = bind_ipi(domA, 0);
    evtchn_port_t pa, pb;

    connect_ab(&pa, &pb);
    cr_assert_eq(bind_vcpu(domA, unbound, 0), 0);
    cr_assert_eq(bind_vcpu(domA, global, 0), 0);
    cr_assert_eq(bind_vcpu(domA, pa, 0), 0);
    cr_assert_eq(bind_vcpu(domA, timer, 0), -XEN_EINVAL, "per-vCPU VIRQ");
    cr_assert_eq(bind_vcpu(domA, ipi, 0), -XEN_EINVAL, "IPI");
    cr_assert_eq(bind_vcpu(domA, 40, 0), -XEN_EINVAL, "free");
    cr_assert_eq(bind_vcpu(domA, 0, 0), -XEN_EINVAL, "reserved");
    cr_assert_eq(bind_vcpu(domA, 64, 0), -XEN_EINVAL, "out of range");
    /* The vCPU is checked first. */
    cr_assert_eq(bind_vcpu(domA, 64, MAX_VIRT_CPUS_PER_DOMAIN), -XEN_ENOENT);
    cr_assert_eq(bind_vcpu(domA, unbound, 0xffffffffu), -XEN_ENOENT);
}

#if MAX_VIRT_CPUS_PER_DOMAIN > 1
Test(evtchn, bind_vcpu_moves_delivery)
{
    struct evtchn_status s;
    evtchn_port_t pa, pb;

    connect_ab(&pa, &pb);
    cr_assert_eq(bind_vcpu(domA, pa, 1), 0);
    cr_assert_eq(status(domA, DOMID_SELF, pa, &s), 0);
    cr_assert_eq(s.vcpu, 1);
    cr_assert_eq(ev_send(domB, pb), 0);
    cr_assert_eq(notified[1][1], 1);
    cr_assert_eq(notified[1][0], 0);
    cr_assert_eq(vinfo(domA, 0)->evtchn_pending_sel, 0);
    /* Closing returns the port to vCPU 0 for its next user. */
    cr_assert_eq(ev_close(domA, pa), 0);
    cr_assert_eq(alloc_unbound(domA, DOMID_SELF, 2), pa);
    cr_assert_eq(status(domA, DOMID_SELF, pa, &s), 0);
    cr_assert_eq(s.vcpu, 0);
}

Test(evtchn, per_vcpu_virqs_and_ipis)
{
    long t0 = bind_virq(domA, VIRQ_TIMER, 0);
    long t1 = bind_virq(domA, VIRQ_TIMER, 1);
    long ipi = bind_ipi(domA, 1);
    long global = bind_virq(domA, VIRQ_DOM_EXC, 0);

    cr_assert(t0 > 0 && t1 > 0 && t0 != t1, "one timer per vCPU");
    cr_assert_eq(bind_virq(domA, VIRQ_TIMER, 1), -XEN_EEXIST);
    send_guest_vcpu_virq(domA->vcpu[1], VIRQ_TIMER);
    cr_assert(is_pending(domA, t1));
    cr_assert_not(is_pending(domA, t0));
    cr_assert_eq(notified[1][1], 1);
    cr_assert_eq(ev_send(domA, ipi), 0);
    cr_assert_eq(vinfo(domA, 1)->evtchn_pending_sel, 1UL);
    /* A global VIRQ moved to vCPU 1 is delivered there. */
    guest_drain(domA, 1, NULL);
    cr_assert_eq(bind_vcpu(domA, global, 1), 0);
    send_guest_global_virq(domA, VIRQ_DOM_EXC);
    cr_assert_eq(notified[1][1], 2);
    cr_assert_eq(notified[1][0], 0);
}
#endif

/* --- EVTCHNOP_reset ------------------------------------------------------ */

Test(evtchn, reset_self_returns_to_initial_state)
{
    evtchn_port_t pa, pb;
    long ipi;

    connect_ab(&pa, &pb);
    cr_assert_gt(bind_virq(domA, VIRQ_TIMER, 0), 0);
    ipi = bind_ipi(domA, 0);
    cr_assert_eq(ev_send(domA, ipi), 0);
    cr_assert_eq(ev_send(domB, pb), 0);

    cr_assert_eq(ev_reset(domA, DOMID_SELF), 0);
    for (evtchn_port_t p = 0; p < 64; p++) {
        cr_assert_eq(state_of(domA, p), EVTCHNSTAT_closed, "port %u", p);
        cr_assert_not(is_pending(domA, p), "port %u", p);
    }
    cr_assert_eq(state_of(domB, pb), EVTCHNSTAT_unbound, "peer unbound");
    cr_assert_eq(bind_virq(domA, VIRQ_TIMER, 0), 1, "VIRQ free again");
    cr_assert_eq(alloc_unbound(domA, DOMID_SELF, 2), 2);
}

Test(evtchn, reset_other_domain)
{
    long p = bind_ipi(domB, 0);

    cr_assert_eq(ev_reset(domA, 2), -XEN_EPERM);
    cr_assert_eq(ev_reset(dom0, 2), -XEN_EINVAL, "not paused");
    cr_assert_eq(ev_reset(dom0, 6), -XEN_ESRCH);
    cr_assert_eq(state_of(domB, p), EVTCHNSTAT_ipi);
    paused[2] = true;
    cr_assert_eq(ev_reset(dom0, 2), 0);
    cr_assert_eq(state_of(domB, p), EVTCHNSTAT_closed);
}

Test(evtchn, reset_cont_from_a_guest_is_ebusy)
{
    struct evtchn_reset r = { .dom = DOMID_SELF };

    cr_assert_eq(op(domA, 14, &r), -XEN_EBUSY);
    r.dom = 2;
    cr_assert_eq(op(domA, 14, &r), -XEN_EPERM);
}

/* --- FIFO, pirq and unknown sub-ops -------------------------------------- */

Test(evtchn, fifo_not_supported)
{
    struct evtchn_init_control ic = { .control_gfn = 5 };
    struct evtchn_expand_array ea = { .array_gfn = 6 };
    struct evtchn_set_priority sp = { .port = 1, .priority = 3 };

    cr_assert_eq(op(domA, EVTCHNOP_init_control, &ic), -XEN_EOPNOTSUPP);
    cr_assert_eq(op(domA, EVTCHNOP_expand_array, &ea), -XEN_EOPNOTSUPP);
    /* 2-level: a valid port gets -ENOSYS, an invalid one -EINVAL (Xen). */
    cr_assert_eq(op(domA, EVTCHNOP_set_priority, &sp), -XEN_ENOSYS);
    sp.port = 64;
    cr_assert_eq(op(domA, EVTCHNOP_set_priority, &sp), -XEN_EINVAL);
    cr_assert_eq(state_of(domA, 1), EVTCHNSTAT_closed);
}

Test(evtchn, unknown_and_unimplemented_cmds)
{
    struct evtchn_bind_pirq bp = { .pirq = 1 };
    uint8_t buf[64] = { 0 };

    cr_assert_eq(op(domA, EVTCHNOP_bind_pirq, &bp), -XEN_ENOSYS);
    cr_assert_eq(op(domA, 15, buf), -XEN_ENOSYS);
    cr_assert_eq(op(domA, -1, buf), -XEN_ENOSYS);
    cr_assert_eq(op(domA, 0x7fffffff, buf), -XEN_ENOSYS);
    /* cmd is an int: the upper half of the register is ignored (Xen). */
    {
        struct hc_args a = { .a = { (1UL << 32) | EVTCHNOP_bind_ipi,
                                    (unsigned long)buf } };

        cur = domA->vcpu[0];
        cr_assert_eq(do_event_channel_op(&a), 0);
    }
}

/* --- The 2-level port limit ---------------------------------------------- */

Test(evtchn, port_limit_is_4096)
{
    struct evtchn_status s;
    long p;

    for (long i = 1; i < 4096; i++)
        cr_assert_eq(alloc_unbound(domA, DOMID_SELF, 2), i);
    cr_assert_eq(alloc_unbound(domA, DOMID_SELF, 2), -XEN_ENOSPC);
    cr_assert_eq(bind_ipi(domA, 0), -XEN_ENOSPC);
    cr_assert_eq(bind_virq(domA, VIRQ_TIMER, 0), -XEN_ENOSPC);
    cr_assert_eq(status(domA, DOMID_SELF, 4095, &s), 0);
    cr_assert_eq(status(domA, DOMID_SELF, 4096, &s), -XEN_EINVAL);
    /* The last port works end to end: selector bit 63. */
    p = bind_interdomain(domB, 1, 4095);
    cr_assert_gt(p, 0);
    guest_drain(domA, 0, NULL);
    cr_assert_eq(ev_send(domB, p), 0);
    cr_assert(is_pending(domA, 4095));
    cr_assert_eq(vinfo(domA, 0)->evtchn_pending_sel, 1UL << 63);
    /* A freed port in the middle is the next one handed out. */
    cr_assert_eq(ev_close(domA, 2000), 0);
    cr_assert_eq(bind_ipi(domA, 0), 2000);
}

/* --- Domain destruction -------------------------------------------------- */

Test(evtchn, destroy_unbinds_peers)
{
    evtchn_port_t pa, pb;
    long p2;

    connect_ab(&pa, &pb);
    p2 = alloc_unbound(domA, DOMID_SELF, DOMID_SELF);
    cr_assert_gt(bind_interdomain(domA, DOMID_SELF, p2), 0);
    free_domain(domA);
    domA = NULL;
    cr_assert_eq(state_of(domB, pb), EVTCHNSTAT_unbound);
    cr_assert_eq(ev_send(domB, pb), 0, "dropped: peer gone");
    cr_assert_eq(bind_interdomain(domB, 1, pa), -XEN_ESRCH);
}

/* --- Ping-pong ----------------------------------------------------------- */

/*
 * 1000 round trips between A and B.  Each side's guest drains its events
 * and answers every one; every send must raise exactly one notification
 * and one event, none lost or doubled.
 */
Test(evtchn, interdomain_ping_pong_1000)
{
    static unsigned int seen_a[4096], seen_b[4096];
    evtchn_port_t pa, pb;

    connect_ab(&pa, &pb);
    guest_drain(domB, 0, seen_b);       /* the bind's conservative event */
    seen_b[pb] = 0;
    for (unsigned int i = 1; i <= 1000; i++) {
        cr_assert_eq(ev_send(domA, pa), 0);
        cr_assert_eq(notified[2][0], i + 1, "B notified for ping %u", i);
        cr_assert_eq(guest_drain(domB, 0, seen_b), 1);
        cr_assert_eq(ev_send(domB, pb), 0);
        cr_assert_eq(notified[1][0], i, "A notified for pong %u", i);
        cr_assert_eq(guest_drain(domA, 0, seen_a), 1);
    }
    cr_assert_eq(seen_b[pb], 1000);
    cr_assert_eq(seen_a[pa], 1000);
    /* Two sends before a drain merge into one event (edge semantics). */
    cr_assert_eq(ev_send(domA, pa), 0);
    cr_assert_eq(ev_send(domA, pa), 0);
    cr_assert_eq(notified[2][0], 1002);
    cr_assert_eq(guest_drain(domB, 0, NULL), 1);
}
