/*
 * The hypercall table: one entry per number of xen/xen.h, every slot
 * populated (unused numbers point at do_ni_hypercall), each with its name,
 * argument count and whether only dom0 may call it (STYLE practice 1).
 * The dispatcher checks bounds, then permission, then calls.
 */
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/hypercall.h>
#include <hv/printk.h>
#include <hv/bug.h>
#include <abi/ext.h>
#include <abi/xen.h>
#include <xen/errno.h>

static long do_ni_hypercall(const struct hc_args *args)
{
    (void)args;
    return -XEN_ENOSYS;
}

#define HC(nr, fn, n, priv) \
    [__HYPERVISOR_##nr] = { do_##fn, #nr, n, priv }

static const struct hypercall_entry hypercall_table[NR_HYPERCALLS] = {
    HC(set_trap_table, set_trap_table, 1, false),
    HC(set_gdt, set_gdt, 2, false),
    HC(stack_switch, stack_switch, 2, false),
    HC(set_callbacks, set_callbacks, 3, false),
    HC(fpu_taskswitch, fpu_taskswitch, 1, false),
    HC(update_descriptor, update_descriptor, 2, false),
    HC(multicall, multicall, 2, false),
    HC(xen_version, xen_version, 2, false),
    HC(console_io, console_io, 3, false),
    HC(vm_assist, vm_assist, 2, false),
    HC(iret, iret, 0, false),
    HC(set_segment_base, set_segment_base, 2, false),
    HC(sched_op, sched_op, 2, false),
    HC(callback_op, callback_op, 2, false),
    HC(update_va_mapping, update_va_mapping, 3, false),
    HC(set_timer_op, set_timer_op, 1, false),
    HC(vcpu_op, vcpu_op, 3, false),
    HC(event_channel_op, event_channel_op, 2, false),
    HC(mmu_update, mmu_update, 4, false),
    HC(memory_op, memory_op, 2, false),
    HC(mmuext_op, mmuext_op, 4, false),
    HC(xpv_op, xpv_op, 2, false),
    HC(xpv_event_mask, xpv_event_mask, 1, false),
    /* dom0-only, but their own check (Xen's order: version first). */
    HC(sysctl, sysctl, 1, false),
    HC(domctl, domctl, 1, false),
};

/* Names of the numbers we do not implement, for the one-time log line. */
static const char *const unimplemented_names[NR_HYPERCALLS] = {
    [__HYPERVISOR_sched_op_compat] = "sched_op_compat",
    [__HYPERVISOR_platform_op] = "platform_op",
    [__HYPERVISOR_set_debugreg] = "set_debugreg",
    [__HYPERVISOR_get_debugreg] = "get_debugreg",
    [__HYPERVISOR_event_channel_op_compat] = "event_channel_op_compat",
    [__HYPERVISOR_physdev_op_compat] = "physdev_op_compat",
    [__HYPERVISOR_grant_table_op] = "grant_table_op",
    [__HYPERVISOR_update_va_mapping_otherdomain] = "update_va_mapping_otherdomain",
    [__HYPERVISOR_xsm_op] = "xsm_op",
    [__HYPERVISOR_nmi_op] = "nmi_op",
    [__HYPERVISOR_xenoprof_op] = "xenoprof_op",
    [__HYPERVISOR_physdev_op] = "physdev_op",
    [__HYPERVISOR_hvm_op] = "hvm_op",
    [__HYPERVISOR_kexec_op] = "kexec_op",
    [__HYPERVISOR_tmem_op] = "tmem_op",
    [__HYPERVISOR_argo_op] = "argo_op",
    [__HYPERVISOR_xenpmu_op] = "xenpmu_op",
    [__HYPERVISOR_dm_op] = "dm_op",
    [__HYPERVISOR_hypfs_op] = "hypfs_op",
};

static const struct hypercall_entry ni_entry = { do_ni_hypercall, NULL, 0, false };

const struct hypercall_entry *hypercall_lookup(unsigned long nr)
{
    if (nr >= NR_HYPERCALLS || !hypercall_table[nr].fn)
        return &ni_entry;
    return &hypercall_table[nr];
}

/* Logs each unimplemented number once, so a guest cannot flood the log. */
static void log_unimplemented(unsigned long nr)
{
    static uint8_t logged[NR_HYPERCALLS / 8];
    const char *name = nr < NR_HYPERCALLS ? unimplemented_names[nr] : NULL;

    if (nr < NR_HYPERCALLS) {
        if (logged[nr / 8] & (1u << (nr % 8)))
            return;
        logged[nr / 8] |= 1u << (nr % 8);
    }
    printk(XENLOG_WARNING "hypercall %lu (%s) not implemented: -ENOSYS\n",
           nr, name ? name : "unknown");
}

long hypercall_dispatch(unsigned long nr, const struct hc_args *args)
{
    const struct hypercall_entry *e = hypercall_lookup(nr);
    struct vcpu *v = current_vcpu();
    long rc;

    domain_stats_hypercall(v->domain, nr);
    if (e == &ni_entry) {
        log_unimplemented(nr);
        return -XEN_ENOSYS;
    }
    if (e->dom0_only && !v->domain->is_privileged)
        return -XEN_EPERM;
    v->hypercall_depth++;
    rc = e->fn(args);
    v->hypercall_depth--;
    return rc;
}

bool hypercall_preempt_check(void)
{
    return current_vcpu()->hypercall_depth == 1;
}

long hypercall_create_continuation(unsigned int nr, unsigned int nargs, ...)
{
    unsigned long a[5];
    va_list ap;

    BUG_ON(nargs > 5 || !hypercall_preempt_check());
    va_start(ap, nargs);
    for (unsigned int i = 0; i < nargs; i++)
        a[i] = va_arg(ap, unsigned long);
    va_end(ap);
    arch_hypercall_continuation(nr, a, nargs);
    return nr;
}
