/*
 * Per-domain counters (common/domain_stats.c) and our hypercalls
 * (common/xpv_op.c): counting by kind, the copy-out of XPVOP_domain_stats
 * (a snapshot, -EFAULT on a bad buffer), the shutdown log block (non-zero
 * counters only), xpv_op's unknown sub-ops and xpv_event_mask's contract
 * (returns the old mask; anything but 0 or 1 refused, mask unchanged).
 */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <stdio.h>
#include <string.h>

#include "hv_host.h"
#include <hv/domain.h>
#include <hv/domain_stats.h>
#include <hv/hypercall.h>
#include <abi/ext.h>
#include <xen/errno.h>

#define BAD_GUEST_ADDR  0xdead0000UL

static vcpu_info_t vinfo;
static struct domain dom = { .domain_id = 3 };
static struct vcpu vcpu = { .domain = &dom, .vcpu_info = &vinfo };
static unsigned int audits;

struct vcpu *current_vcpu(void)
{
    return &vcpu;
}

size_t copy_to_guest(unsigned long dst, const void *src, size_t len)
{
    if (dst == BAD_GUEST_ADDR)
        return len;
    memcpy((void *)dst, src, len);
    return 0;
}

int mm_audit_domain(struct domain *d)
{
    cr_assert_eq(d, &dom);
    audits++;
    return 0;
}

/* Names for the log, as the real table gives them. */
const struct hypercall_entry *hypercall_lookup(unsigned long nr)
{
    static const struct hypercall_entry named = { NULL, "xen_version", 2,
                                                  false };
    static const struct hypercall_entry unnamed = { NULL, NULL, 0, false };

    return nr == __HYPERVISOR_xen_version ? &named : &unnamed;
}

static long xpv_op(unsigned long cmd, unsigned long arg)
{
    struct hc_args a = { { cmd, arg } };

    return do_xpv_op(&a);
}

static long event_mask(unsigned long mask)
{
    struct hc_args a = { { mask } };

    return do_xpv_event_mask(&a);
}

static void reset(void)
{
    memset(&dom.stats, 0, sizeof(dom.stats));
    memset(&vinfo, 0, sizeof(vinfo));
    audits = 0;
}

TestSuite(domain_stats, .init = reset);

Test(domain_stats, each_kind_counts_in_its_slot)
{
    domain_stats_hypercall(&dom, 17);
    domain_stats_hypercall(&dom, XPV_STATS_HYPERCALLS);
    domain_stats_hypercall(&dom, ~0UL);
    domain_stats_emulated(&dom, XPV_EMUL_out);
    domain_stats_emulated(&dom, XPV_EMUL_NR);           /* ignored */
    domain_stats_refused(&dom, XPV_EMUL_wrmsr);
    domain_stats_refused(&dom, 1000);                   /* ignored */
    domain_stats_exception(&dom, 13);
    domain_stats_exception(&dom, 13);
    domain_stats_exception(&dom, XPV_STATS_EXCEPTIONS); /* ignored */
    domain_stats_soft_interrupt(&dom);
    domain_stats_event_sent(&dom);
    domain_stats_upcall(&dom);
    cr_assert_eq(dom.stats.hypercalls[17], 1);
    cr_assert_eq(dom.stats.hypercalls_other, 2);
    cr_assert_eq(dom.stats.emulated[XPV_EMUL_out], 1);
    cr_assert_eq(dom.stats.emul_refused[XPV_EMUL_wrmsr], 1);
    cr_assert_eq(dom.stats.exceptions[13], 2);
    cr_assert_eq(dom.stats.soft_interrupts, 1);
    cr_assert_eq(dom.stats.events_sent, 1);
    cr_assert_eq(dom.stats.upcalls, 1);
}

Test(domain_stats, copy_out_is_the_callers_snapshot)
{
    struct xpv_domain_stats out;

    memset(&out, 0xff, sizeof(out));
    domain_stats_hypercall(&dom, 5);
    domain_stats_emulated(&dom, XPV_EMUL_cli);
    cr_assert_eq(xpv_op(XPVOP_domain_stats, (unsigned long)&out), 0);
    cr_assert_arr_eq(&out, &dom.stats, sizeof(out));
}

Test(domain_stats, copy_out_to_a_bad_buffer_is_efault)
{
    cr_assert_eq(xpv_op(XPVOP_domain_stats, BAD_GUEST_ADDR), -XEN_EFAULT);
    cr_assert_eq(domain_stats_copy_out(&dom, BAD_GUEST_ADDR), -XEN_EFAULT);
}

Test(domain_stats, xpv_op_sub_ops)
{
    static const struct {
        unsigned long cmd;
        long rc;
    } cases[] = {
        { XPVOP_mm_audit, 0 },
        { 2, -XEN_EINVAL },
        { 0x80000000UL, -XEN_EINVAL },
        { ~0UL, -XEN_EINVAL },
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        cr_assert_eq(xpv_op(cases[i].cmd, 0), cases[i].rc, "cmd %#lx",
                     cases[i].cmd);
    cr_assert_eq(audits, 1);
}

Test(domain_stats, event_mask_returns_the_old_mask)
{
    static const struct {
        uint8_t before;
        unsigned long mask;
        long rc;
        uint8_t after;
    } cases[] = {
        { 0, 1, 0, 1 }, { 1, 1, 1, 1 }, { 1, 0, 1, 0 }, { 0, 0, 0, 0 },
        /* Refusals leave the mask as it was. */
        { 0, 2, -XEN_EINVAL, 0 }, { 1, 2, -XEN_EINVAL, 1 },
        { 0, 0x100, -XEN_EINVAL, 0 }, { 1, ~0UL, -XEN_EINVAL, 1 },
        { 0, 1UL << 32, -XEN_EINVAL, 0 },
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        vinfo.evtchn_upcall_mask = cases[i].before;
        cr_assert_eq(event_mask(cases[i].mask), cases[i].rc, "case %zu", i);
        cr_assert_eq(vinfo.evtchn_upcall_mask, cases[i].after, "case %zu", i);
    }
}

/* The whole redirected stderr as one string. */
static void read_log(char *buf, size_t size)
{
    FILE *f;
    size_t n;

    fflush(stderr);
    f = cr_get_redirected_stderr();
    n = fread(buf, 1, size - 1, f);
    buf[n] = '\0';
}

Test(domain_stats, log_lists_only_nonzero_counters,
     .init = cr_redirect_stderr)
{
    char log[4096];

    reset();
    for (int i = 0; i < 3; i++)
        domain_stats_hypercall(&dom, __HYPERVISOR_xen_version);
    domain_stats_hypercall(&dom, 60);
    domain_stats_emulated(&dom, XPV_EMUL_sti);
    domain_stats_exception(&dom, 13);
    domain_stats_log(&dom);
    read_log(log, sizeof(log));
    cr_assert(strstr(log, "stats: dom 3: hypercalls: xen_version 3 #60 1\n"),
              "%s", log);
    cr_assert(strstr(log, "stats: dom 3: emulated: sti 1\n"), "%s", log);
    cr_assert(strstr(log, "stats: dom 3: bounced (vector count): #13 1\n"),
              "%s", log);
    cr_assert_null(strstr(log, "refused"), "no refusals, no line: %s", log);
    cr_assert_null(strstr(log, "events"), "no events, no line: %s", log);
}
