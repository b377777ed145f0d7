/*
 * The 2-level event ABI (common/event_2l.c) on a fake domain: which bits
 * of shared_info and vcpu_info each port op sets, in which cases the
 * vCPU is notified (only on the 0 -> 1 edges), and that a guest draining
 * events the way Linux does never loses one.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "hv_host.h"
#include <hv/event.h>

#define NPORTS EVTCHN_2L_NR_CHANNELS
#define WORD_BITS (sizeof(xen_ulong_t) * 8)

static struct domain dom;
static struct vcpu vcpus[MAX_VIRT_CPUS_PER_DOMAIN];
static struct vcpu spare_vcpu;          /* a second vCPU for set_pending */
static shared_info_t *si;
static struct evtchn chn[NPORTS];
static unsigned int notified[2];        /* [0]: vcpus[0], [1]: spare */
static const struct evtchn_port_ops *ops = &evtchn_port_ops_2l;

static bool bit(const xen_ulong_t *w, unsigned int nr)
{
    return (w[nr / WORD_BITS] >> (nr % WORD_BITS)) & 1;
}

/*
 * The arch hook: called on the 0 -> 1 edge of upcall_pending, by which
 * time the pending bit, the selector and upcall_pending are all set.
 */
void arch_evtchn_notify(struct vcpu *v)
{
    cr_assert_eq(v->vcpu_info->evtchn_upcall_pending, 1);
    cr_assert_neq(v->vcpu_info->evtchn_pending_sel, 0);
    notified[v == &spare_vcpu]++;
}

/* The SCHEDOP_poll hook: every 0 -> 1 edge of a pending bit. */
static unsigned int poll_checks;
static evtchn_port_t last_poll_port;

void evtchn_check_pollers(struct domain *d, evtchn_port_t port)
{
    cr_assert_eq(d, &dom);
    cr_assert(bit(d->shared_info->evtchn_pending, port));
    poll_checks++;
    last_poll_port = port;
}

static void setup(void)
{
    si = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
    cr_assert_not_null(si);
    memset(si, 0, PAGE_SIZE);
    memset(&dom, 0, sizeof(dom));
    dom.shared_info = si;
    dom.max_vcpus = MAX_VIRT_CPUS_PER_DOMAIN;
    for (unsigned int i = 0; i < MAX_VIRT_CPUS_PER_DOMAIN; i++) {
        vcpus[i] = (struct vcpu){ .vcpu_id = i, .domain = &dom,
                                  .vcpu_info = &si->vcpu_info[i] };
        dom.vcpu[i] = &vcpus[i];
    }
    spare_vcpu = (struct vcpu){ .vcpu_id = 7, .domain = &dom,
                                .vcpu_info = &si->vcpu_info[7] };
    for (unsigned int p = 0; p < NPORTS; p++)
        chn[p] = (struct evtchn){ .port = p, .state = ECS_IPI };
    notified[0] = notified[1] = 0;
    poll_checks = 0;
}

static void teardown(void)
{
    free(si);
}

TestSuite(event_2l, .init = setup, .fini = teardown);

static void guest_mask(unsigned int port)
{
    si->evtchn_mask[port / WORD_BITS] |= (xen_ulong_t)1 << (port % WORD_BITS);
}

static vcpu_info_t *vi0(void)
{
    return vcpus[0].vcpu_info;
}

Test(event_2l, ops_table_is_2level)
{
    cr_assert_str_eq(ops->name, "2-level");
    cr_assert_eq(ops->max_ports, 4096);
    cr_assert_null(ops->set_priority, "2-level has no priorities");
    cr_assert_null(ops->init);
}

Test(event_2l, set_pending_unmasked_raises_upcall)
{
    ops->set_pending(&vcpus[0], &chn[5]);
    cr_assert(bit(si->evtchn_pending, 5));
    cr_assert_eq(vi0()->evtchn_pending_sel, 1UL << 0);
    cr_assert_eq(vi0()->evtchn_upcall_pending, 1);
    cr_assert_eq(notified[0], 1);
    cr_assert(ops->is_pending(&dom, &chn[5]));
    cr_assert_not(ops->is_masked(&dom, &chn[5]));
}

Test(event_2l, second_event_on_pending_port_merges)
{
    ops->set_pending(&vcpus[0], &chn[5]);
    vi0()->evtchn_pending_sel = 0;      /* would show a second edge */
    ops->set_pending(&vcpus[0], &chn[5]);
    cr_assert_eq(vi0()->evtchn_pending_sel, 0);
    cr_assert_eq(notified[0], 1);
}

Test(event_2l, selector_bit_is_port_word)
{
    static const unsigned int ports[] = { 0, 63, 64, 127, 2000, 4032, 4095 };

    for (size_t i = 0; i < ARRAY_SIZE(ports); i++) {
        unsigned int p = ports[i];

        memset(si, 0, PAGE_SIZE);
        ops->set_pending(&vcpus[0], &chn[p]);
        cr_assert_eq(vi0()->evtchn_pending_sel, 1UL << (p / 64), "port %u", p);
        cr_assert_eq(si->evtchn_pending[p / 64], 1UL << (p % 64));
        for (unsigned int w = 0; w < 64; w++)
            if (w != p / 64)
                cr_assert_eq(si->evtchn_pending[w], 0);
    }
}

Test(event_2l, only_first_edge_notifies)
{
    ops->set_pending(&vcpus[0], &chn[3]);
    ops->set_pending(&vcpus[0], &chn[4]);       /* same word */
    ops->set_pending(&vcpus[0], &chn[64]);      /* new word: selector bit */
    ops->set_pending(&vcpus[0], &chn[4095]);
    cr_assert_eq(vi0()->evtchn_pending_sel,
                 (1UL << 0) | (1UL << 1) | (1UL << 63));
    cr_assert_eq(si->evtchn_pending[0], (1UL << 3) | (1UL << 4));
    cr_assert_eq(notified[0], 1, "upcall_pending was already set");
}

Test(event_2l, masked_port_pends_without_upcall)
{
    guest_mask(9);
    ops->set_pending(&vcpus[0], &chn[9]);
    cr_assert(bit(si->evtchn_pending, 9));
    cr_assert_eq(vi0()->evtchn_pending_sel, 0);
    cr_assert_eq(vi0()->evtchn_upcall_pending, 0);
    cr_assert_eq(notified[0], 0);
    cr_assert(ops->is_masked(&dom, &chn[9]));
}

Test(event_2l, unmask_delivers_held_event)
{
    guest_mask(130);
    ops->set_pending(&vcpus[0], &chn[130]);
    ops->unmask(&dom, &chn[130]);
    cr_assert_not(bit(si->evtchn_mask, 130));
    cr_assert_eq(vi0()->evtchn_pending_sel, 1UL << 2);
    cr_assert_eq(vi0()->evtchn_upcall_pending, 1);
    cr_assert_eq(notified[0], 1);
}

Test(event_2l, unmask_without_pending_only_clears_mask)
{
    guest_mask(10);
    ops->unmask(&dom, &chn[10]);
    cr_assert_not(bit(si->evtchn_mask, 10));
    cr_assert_eq(vi0()->evtchn_pending_sel, 0);
    cr_assert_eq(notified[0], 0);
}

Test(event_2l, unmask_of_unmasked_port_is_no_edge)
{
    /* Pending, never masked, and the guest already took the selector. */
    ops->set_pending(&vcpus[0], &chn[11]);
    vi0()->evtchn_pending_sel = 0;
    vi0()->evtchn_upcall_pending = 0;
    ops->unmask(&dom, &chn[11]);
    cr_assert_eq(vi0()->evtchn_pending_sel, 0);
    cr_assert_eq(notified[0], 1);
}

Test(event_2l, unmask_goes_to_notify_vcpu)
{
    guest_mask(12);
    ops->set_pending(&vcpus[0], &chn[12]);
    chn[12].notify_vcpu_id = MAX_VIRT_CPUS_PER_DOMAIN - 1;
    ops->unmask(&dom, &chn[12]);
    cr_assert_eq(vcpus[MAX_VIRT_CPUS_PER_DOMAIN - 1]
                     .vcpu_info->evtchn_pending_sel, 1UL << 0);
}

Test(event_2l, clear_pending_clears_one_bit)
{
    ops->set_pending(&vcpus[0], &chn[20]);
    ops->set_pending(&vcpus[0], &chn[21]);
    ops->clear_pending(&dom, &chn[20]);
    cr_assert_not(bit(si->evtchn_pending, 20));
    cr_assert(bit(si->evtchn_pending, 21));
    /* The selector is the guest's to clear. */
    cr_assert_eq(vi0()->evtchn_pending_sel, 1UL);
}

Test(event_2l, upcall_mask_defers_delivery_not_pending)
{
    vi0()->evtchn_upcall_mask = 1;
    ops->set_pending(&vcpus[0], &chn[30]);
    /* Xen marks and kicks anyway; the mask only defers the upcall. */
    cr_assert_eq(vi0()->evtchn_upcall_pending, 1);
    cr_assert_eq(vi0()->evtchn_upcall_mask, 1, "byte-wide update only");
    cr_assert_eq(notified[0], 1);
    cr_assert(evtchn_vcpu_has_pending(&vcpus[0]));
    cr_assert_not(evtchn_vcpu_needs_upcall(&vcpus[0]));
    vi0()->evtchn_upcall_mask = 0;
    cr_assert(evtchn_vcpu_needs_upcall(&vcpus[0]));
}

Test(event_2l, target_vcpu_gets_selector)
{
    ops->set_pending(&spare_vcpu, &chn[70]);
    cr_assert_eq(spare_vcpu.vcpu_info->evtchn_pending_sel, 1UL << 1);
    cr_assert_eq(vi0()->evtchn_pending_sel, 0);
    cr_assert_eq(notified[1], 1);
    cr_assert_eq(notified[0], 0);
}

/*
 * The guest's upcall handler in Linux's order: clear upcall_pending, take
 * the selector, then for each word the pending and unmasked bits, clearing
 * each before handling it.  Returns the number of events seen.
 */
static unsigned int guest_drain(vcpu_info_t *vi, unsigned int *seen)
{
    unsigned int n = 0;
    xen_ulong_t sel;

    __atomic_store_n(&vi->evtchn_upcall_pending, 0, __ATOMIC_SEQ_CST);
    sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
    while (sel) {
        unsigned int w = __builtin_ctzl(sel);
        xen_ulong_t bits = si->evtchn_pending[w] & ~si->evtchn_mask[w];

        sel &= sel - 1;
        while (bits) {
            unsigned int b = __builtin_ctzl(bits);

            bits &= bits - 1;
            __atomic_fetch_and(&si->evtchn_pending[w], ~(1UL << b),
                               __ATOMIC_SEQ_CST);
            seen[w * WORD_BITS + b]++;
            n++;
        }
    }
    return n;
}

Test(event_2l, drain_and_resend_never_loses_an_event)
{
    static unsigned int seen[NPORTS];

    /* Every port once, in a scattered order; drain after each batch. */
    for (unsigned int round = 0; round < 4; round++) {
        unsigned int before = notified[0];
        unsigned int got;

        for (unsigned int i = 0; i < NPORTS; i++)
            ops->set_pending(&vcpus[0], &chn[(i * 97 + round) % NPORTS]);
        cr_assert_eq(notified[0], before + 1, "one upcall per batch");
        got = guest_drain(vi0(), seen);
        cr_assert_eq(got, NPORTS, "round %u: %u events", round, got);
    }
    for (unsigned int p = 0; p < NPORTS; p++)
        cr_assert_eq(seen[p], 4, "port %u seen %u times", p, seen[p]);
}

Test(event_2l, event_during_drain_is_redelivered)
{
    static unsigned int seen[NPORTS];

    ops->set_pending(&vcpus[0], &chn[1]);
    /* The guest has cleared upcall_pending and the selector... */
    vi0()->evtchn_upcall_pending = 0;
    vi0()->evtchn_pending_sel = 0;
    /* ...when a second event arrives in the same word. */
    ops->set_pending(&vcpus[0], &chn[2]);
    cr_assert_eq(notified[0], 2, "the selector edge re-arms the upcall");
    cr_assert_eq(guest_drain(vi0(), seen), 2);
    cr_assert_eq(seen[1] + seen[2], 2);
}

Test(event_2l, pollers_checked_on_each_new_pending_edge)
{
    guest_mask(40);
    ops->set_pending(&vcpus[0], &chn[40]);      /* masked: still polled */
    cr_assert_eq(poll_checks, 1);
    cr_assert_eq(last_poll_port, 40);
    ops->set_pending(&vcpus[0], &chn[40]);      /* merged: no new edge */
    cr_assert_eq(poll_checks, 1);
    ops->set_pending(&vcpus[0], &chn[41]);
    cr_assert_eq(poll_checks, 2);
    cr_assert_eq(last_poll_port, 41);
    ops->unmask(&dom, &chn[40]);                /* unmask is no new edge */
    cr_assert_eq(poll_checks, 2);
}
