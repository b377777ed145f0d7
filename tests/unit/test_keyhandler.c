/*
 * Debug keys (hypervisor/common/keyhandler.c): what each key reaches and
 * what it prints, over fake domains; 'q' must send VIRQ_DEBUG to every
 * vCPU that has a context, in every domain, as Xen's does.
 */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <stdio.h>
#include <string.h>

#include "hv_host.h"
#include <hv/console_input.h>
#include <hv/domain.h>
#include <hv/event.h>
#include <hv/sched.h>
#include <hv/time.h>

/* ---- fakes: two domains, dom0 with a vCPU not yet initialised -------- */

static struct domain doms[2];
static struct vcpu vcpus[3];
static vcpu_info_t infos[3];
static struct { struct vcpu *v; unsigned int virq; } sent[8];
static unsigned int nsent, sched_dumps, evtchn_dumps;

struct domain *domain_list_at(unsigned int i)
{
    return i < 2 ? &doms[i] : NULL;
}

void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq)
{
    cr_assert_lt(nsent, 8);
    sent[nsent].v = v;
    sent[nsent++].virq = virq;
}

void sched_dump(void)
{
    sched_dumps++;
}

void evtchn_dump(struct domain *d)
{
    (void)d;
    evtchn_dumps++;
}

bool sched_vcpu_runnable(const struct sched_vcpu *sv)
{
    (void)sv;
    return true;
}

s_time_t get_s_time(void)
{
    return 42;
}

static void setup(void)
{
    memset(doms, 0, sizeof(doms));
    memset(vcpus, 0, sizeof(vcpus));
    nsent = sched_dumps = evtchn_dumps = 0;
    doms[0].max_vcpus = 2;
    doms[1].domain_id = 1;
    doms[1].max_vcpus = 1;
    for (unsigned int i = 0; i < 3; i++) {
        struct domain *d = &doms[i < 2 ? 0 : 1];

        vcpus[i].vcpu_id = i < 2 ? i : 0;
        vcpus[i].domain = d;
        vcpus[i].vcpu_info = &infos[i];
        vcpus[i].is_initialised = i != 1;   /* dom0's vCPU 1 never ran */
        d->vcpu[vcpus[i].vcpu_id] = &vcpus[i];
    }
    cr_redirect_stderr();
}

/* Everything printed so far (printk goes to stderr on the host). */
static const char *output(void)
{
    static char buf[8192];
    FILE *f = cr_get_redirected_stderr();
    size_t n;

    fflush(stderr);
    n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = '\0';
    return buf;
}

TestSuite(keyhandler, .init = setup);

Test(keyhandler, q_sends_virq_debug_to_every_vcpu_with_a_context)
{
    handle_keypress('q');
    cr_assert_eq(nsent, 2);
    cr_assert_eq(sent[0].v, &vcpus[0]);
    cr_assert_eq(sent[1].v, &vcpus[2]);
    cr_assert_eq(sent[0].virq, VIRQ_DEBUG);
    cr_assert_eq(sent[1].virq, VIRQ_DEBUG);
    const char *out = output();
    cr_assert_not_null(strstr(out, "'q' pressed -> dumping domain info"));
    cr_assert_not_null(strstr(out, "domain 0: 0 pages of 0, 2 vCPUs"));
    cr_assert_not_null(strstr(out, "domain 1: 0 pages of 0, 1 vCPUs"));
    cr_assert_not_null(strstr(out, "vcpu 1: cpu 0 runnable"));
}

Test(keyhandler, r_and_e_reach_their_dumps)
{
    handle_keypress('r');
    cr_assert_eq(sched_dumps, 1);
    handle_keypress('e');
    cr_assert_eq(evtchn_dumps, 2, "one per domain");
    cr_assert_eq(nsent, 0);
}

Test(keyhandler, h_lists_every_key)
{
    handle_keypress('h');
    const char *out = output();
    for (const char *k = "hqre"; *k; k++) {
        char want[] = " key '?'";

        want[6] = *k;
        cr_assert_not_null(strstr(out, want), "no line for '%c'", *k);
    }
}

Test(keyhandler, other_keys_say_how_to_find_the_right_ones)
{
    handle_keypress('x');
    handle_keypress('\x07');
    const char *out = output();
    cr_assert_not_null(strstr(out, "key 'x' (ascii '78') has no handler: "
                                   "'h' lists them"));
    cr_assert_not_null(strstr(out, "key '?' (ascii '07') has no handler"));
    cr_assert_eq(nsent + sched_dumps + evtchn_dumps, 0);
}
