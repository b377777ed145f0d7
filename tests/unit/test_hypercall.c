/*
 * The hypercall table and dispatcher (common/hypercall.c): every number
 * resolves to a handler, implemented numbers reach theirs with the
 * arguments untouched, unimplemented and out-of-range numbers get -ENOSYS,
 * and dom0-only entries refuse other domains with -EPERM.  Continuations:
 * possible only for a hypercall entered directly (not inside a multicall),
 * and handed to the arch hook with the number and arguments given.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "hv_host.h"
#include <hv/domain.h>
#include <hv/hypercall.h>
#include <abi/ext.h>
#include <xen/errno.h>

static struct domain dom_priv = { .domain_id = 0, .is_privileged = true };
static struct domain dom_user = { .domain_id = 1, .is_privileged = false };
static struct vcpu vcpu = { .domain = &dom_priv };

struct vcpu *current_vcpu(void)
{
    return &vcpu;
}

/* Fake handlers: record which ran and with what. */
static const char *last_called;
static struct hc_args last_args;

#define FAKE(name)                                      \
    long do_##name(const struct hc_args *a)             \
    {                                                   \
        last_called = #name;                            \
        last_args = *a;                                 \
        return 42;                                      \
    }
FAKE(console_io)
FAKE(xen_version)
FAKE(sched_op)
FAKE(vm_assist)
FAKE(set_trap_table)
FAKE(stack_switch)
FAKE(set_callbacks)
FAKE(callback_op)
FAKE(iret)
FAKE(set_segment_base)
FAKE(fpu_taskswitch)
FAKE(update_va_mapping)
FAKE(set_timer_op)
FAKE(vcpu_op)
FAKE(event_channel_op)
FAKE(memory_op)
FAKE(mmuext_op)
FAKE(xpv_op)
FAKE(xpv_event_mask)

/* multicall: optionally dispatches one nested call, as the real one does. */
static unsigned long nested_nr = ~0UL;
static long nested_rc;

long do_multicall(const struct hc_args *a)
{
    last_called = "multicall";
    last_args = *a;
    if (nested_nr != ~0UL)
        nested_rc = hypercall_dispatch(nested_nr, a);
    return 42;
}

/* mmu_update: records whether it could preempt; may continue itself. */
static bool could_preempt, want_continuation;

long do_mmu_update(const struct hc_args *a)
{
    last_called = "mmu_update";
    last_args = *a;
    could_preempt = hypercall_preempt_check();
    if (want_continuation && could_preempt)
        return hypercall_create_continuation(__HYPERVISOR_mmu_update, 4,
                                             a->a[0] + 16, a->a[1] - 1,
                                             a->a[2], a->a[3]);
    return 42;
}

/* The arch hook: records what the guest would re-issue. */
static unsigned int cont_calls, cont_nr, cont_nargs;
static unsigned long cont_args[5];

void arch_hypercall_continuation(unsigned int nr, const unsigned long *args,
                                 unsigned int nargs)
{
    cont_calls++;
    cont_nr = nr;
    cont_nargs = nargs;
    memcpy(cont_args, args, nargs * sizeof(args[0]));
}

static const struct {
    unsigned long nr;
    const char *handler;
} implemented[] = {
    { __HYPERVISOR_set_trap_table, "set_trap_table" },
    { __HYPERVISOR_stack_switch, "stack_switch" },
    { __HYPERVISOR_set_callbacks, "set_callbacks" },
    { __HYPERVISOR_fpu_taskswitch, "fpu_taskswitch" },
    { __HYPERVISOR_multicall, "multicall" },
    { __HYPERVISOR_update_va_mapping, "update_va_mapping" },
    { __HYPERVISOR_set_timer_op, "set_timer_op" },
    { __HYPERVISOR_vcpu_op, "vcpu_op" },
    { __HYPERVISOR_event_channel_op, "event_channel_op" },
    { __HYPERVISOR_xen_version, "xen_version" },
    { __HYPERVISOR_console_io, "console_io" },
    { __HYPERVISOR_vm_assist, "vm_assist" },
    { __HYPERVISOR_iret, "iret" },
    { __HYPERVISOR_set_segment_base, "set_segment_base" },
    { __HYPERVISOR_sched_op, "sched_op" },
    { __HYPERVISOR_callback_op, "callback_op" },
    { __HYPERVISOR_mmu_update, "mmu_update" },
    { __HYPERVISOR_memory_op, "memory_op" },
    { __HYPERVISOR_mmuext_op, "mmuext_op" },
    { __HYPERVISOR_xpv_op, "xpv_op" },
    { __HYPERVISOR_xpv_event_mask, "xpv_event_mask" },
};

static const char *handler_of(unsigned long nr)
{
    for (size_t i = 0; i < sizeof(implemented) / sizeof(implemented[0]); i++)
        if (implemented[i].nr == nr)
            return implemented[i].handler;
    return NULL;
}

static void reset(void)
{
    last_called = NULL;
    memset(&last_args, 0, sizeof(last_args));
    vcpu.domain = &dom_priv;
    memset(&dom_priv.stats, 0, sizeof(dom_priv.stats));
    memset(&dom_user.stats, 0, sizeof(dom_user.stats));
    nested_nr = ~0UL;
    nested_rc = 0;
    could_preempt = want_continuation = false;
    cont_calls = cont_nr = cont_nargs = 0;
}

TestSuite(hypercall, .init = reset);

Test(hypercall, every_number_has_a_handler)
{
    for (unsigned long nr = 0; nr < NR_HYPERCALLS; nr++)
        cr_assert_not_null(hypercall_lookup(nr)->fn, "number %lu", nr);
    cr_assert_not_null(hypercall_lookup(NR_HYPERCALLS)->fn);
    cr_assert_not_null(hypercall_lookup(~0UL)->fn);
}

Test(hypercall, implemented_reach_their_handler_with_args)
{
    struct hc_args a = { { 1, 0xffff800000000000UL, 3, ~0UL, 5 } };

    for (size_t i = 0; i < sizeof(implemented) / sizeof(implemented[0]); i++) {
        last_called = NULL;
        cr_assert_eq(hypercall_dispatch(implemented[i].nr, &a), 42);
        cr_assert_str_eq(last_called, implemented[i].handler);
        cr_assert_arr_eq(last_args.a, a.a, sizeof(a.a));
    }
}

Test(hypercall, unimplemented_numbers_get_enosys)
{
    struct hc_args a = { { 0 } };

    for (unsigned long nr = 0; nr < NR_HYPERCALLS + 4; nr++) {
        if (handler_of(nr))
            continue;
        last_called = NULL;
        cr_assert_eq(hypercall_dispatch(nr, &a), -XEN_ENOSYS, "number %lu", nr);
        cr_assert_null(last_called, "number %lu reached a handler", nr);
    }
    cr_assert_eq(hypercall_dispatch(~0UL, &a), -XEN_ENOSYS);
    cr_assert_eq(hypercall_dispatch(1UL << 32, &a), -XEN_ENOSYS);
}

Test(hypercall, names_match_numbers)
{
    for (size_t i = 0; i < sizeof(implemented) / sizeof(implemented[0]); i++)
        cr_assert_str_eq(hypercall_lookup(implemented[i].nr)->name,
                         implemented[i].handler);
}

Test(hypercall, dom0_only_refused_to_others)
{
    struct hc_args a = { { 0 } };

    vcpu.domain = &dom_user;
    for (unsigned long nr = 0; nr < NR_HYPERCALLS; nr++) {
        const struct hypercall_entry *e = hypercall_lookup(nr);

        if (!handler_of(nr))
            continue;
        last_called = NULL;
        if (e->dom0_only) {
            cr_assert_eq(hypercall_dispatch(nr, &a), -XEN_EPERM);
            cr_assert_null(last_called);
        } else {
            cr_assert_eq(hypercall_dispatch(nr, &a), 42, "number %lu", nr);
        }
    }
}

Test(hypercall, extension_number_is_arch_2)
{
    /* arch_0/1 are Xen's mca and paging_domctl_cont on x86 (ext.h). */
    cr_assert_eq(__HYPERVISOR_xpv_op, __HYPERVISOR_arch_2);
    cr_assert_str_eq(hypercall_lookup(__HYPERVISOR_arch_2)->name, "xpv_op");
    cr_assert_eq(hypercall_lookup(__HYPERVISOR_arch_0)->name, NULL);
}

Test(hypercall, direct_call_may_preempt)
{
    struct hc_args a = { { 0x1000, 5, 0x2000, 0x7ff0, 0 } };

    cr_assert_eq(hypercall_dispatch(__HYPERVISOR_mmu_update, &a), 42);
    cr_assert(could_preempt);
    cr_assert(!hypercall_preempt_check(), "nothing runs between calls");
}

Test(hypercall, nested_call_may_not_preempt)
{
    struct hc_args a = { { 0x1000, 5, 0x2000, 0x7ff0, 0 } };

    nested_nr = __HYPERVISOR_mmu_update;
    want_continuation = true;
    cr_assert_eq(hypercall_dispatch(__HYPERVISOR_multicall, &a), 42);
    cr_assert_eq(nested_rc, 42, "ran to completion");
    cr_assert(!could_preempt);
    cr_assert_eq(cont_calls, 0);
    /* And the depth is back: a direct call may again. */
    cr_assert_eq(hypercall_dispatch(__HYPERVISOR_mmu_update, &a),
                 __HYPERVISOR_mmu_update);
    cr_assert_eq(cont_calls, 1);
}

Test(hypercall, continuation_reissues_the_call)
{
    struct hc_args a = { { 0x1000, 5, 0x2000, 0x7ff0, 9 } };

    want_continuation = true;
    /* The result is the number: it lands in rax for the re-issue. */
    cr_assert_eq(hypercall_dispatch(__HYPERVISOR_mmu_update, &a),
                 __HYPERVISOR_mmu_update);
    cr_assert_eq(cont_calls, 1);
    cr_assert_eq(cont_nr, __HYPERVISOR_mmu_update);
    cr_assert_eq(cont_nargs, 4);
    cr_assert_eq(cont_args[0], 0x1010);
    cr_assert_eq(cont_args[1], 4);
    cr_assert_eq(cont_args[2], 0x2000);
    cr_assert_eq(cont_args[3], 0x7ff0);
}

/* Per-domain counters (hv/domain_stats.h): every dispatch counts. */
Test(hypercall, dispatch_counts_by_number_for_the_caller)
{
    struct hc_args a = { { 0 } };

    for (int i = 0; i < 3; i++)
        hypercall_dispatch(__HYPERVISOR_xen_version, &a);
    hypercall_dispatch(__HYPERVISOR_set_gdt, &a);       /* -ENOSYS */
    hypercall_dispatch(NR_HYPERCALLS + 1, &a);
    hypercall_dispatch(XPV_STATS_HYPERCALLS, &a);
    vcpu.domain = &dom_user;
    hypercall_dispatch(__HYPERVISOR_xen_version, &a);
    cr_assert_eq(dom_priv.stats.hypercalls[__HYPERVISOR_xen_version], 3);
    cr_assert_eq(dom_priv.stats.hypercalls[__HYPERVISOR_set_gdt], 1);
    cr_assert_eq(dom_priv.stats.hypercalls_other, 2);
    cr_assert_eq(dom_user.stats.hypercalls[__HYPERVISOR_xen_version], 1);
    cr_assert_eq(dom_user.stats.hypercalls_other, 0);
}

Test(hypercall, multicall_counts_itself_and_each_entry)
{
    struct hc_args a = { { 0 } };

    nested_nr = __HYPERVISOR_xen_version;
    hypercall_dispatch(__HYPERVISOR_multicall, &a);
    cr_assert_eq(dom_priv.stats.hypercalls[__HYPERVISOR_multicall], 1);
    cr_assert_eq(dom_priv.stats.hypercalls[__HYPERVISOR_xen_version], 1);
}
