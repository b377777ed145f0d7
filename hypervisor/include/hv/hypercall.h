/*
 * Hypercall dispatch: the table entry type and every handler.
 *
 * Handlers receive the raw argument registers in a struct and decode them
 * into named, typed values themselves (STYLE practice 4); they return Xen's
 * negative errno values or a non-negative result.
 */
#ifndef HV_HYPERCALL_H
#define HV_HYPERCALL_H

#include <hv/types.h>

struct hc_args {
    unsigned long a[5];         /* rdi, rsi, rdx, r10, r8 */
};

typedef long hypercall_fn_t(const struct hc_args *args);

struct hypercall_entry {
    hypercall_fn_t *fn;         /* never NULL: unused numbers -> do_ni */
    const char *name;
    uint8_t nargs;
    bool dom0_only;             /* refused with -EPERM to other domains */
};

/* Number of hypercall numbers the table covers (the hypercall page's 128). */
#define NR_HYPERCALLS 128

/* Looks up 'nr' and calls its handler with permission checks. */
long hypercall_dispatch(unsigned long nr, const struct hc_args *args);

/* The table itself (for the unit tests and the ABI documentation). */
const struct hypercall_entry *hypercall_lookup(unsigned long nr);

/*
 * Preemption (Xen's continuations).  A handler working through a guest
 * list stops after a bounded batch, records its progress in its own
 * arguments and returns hypercall_create_continuation(): the guest then
 * re-issues the hypercall with those arguments, so no single entry into
 * the hypervisor holds the CPU for long, and the guest sees one call.
 */

/*
 * True when the running hypercall may stop for a continuation: it was
 * entered directly.  Inside a multicall entries run to completion (a
 * continuation would re-issue the inner call instead of the batch).
 */
bool hypercall_preempt_check(void);

/*
 * Arranges for the guest to re-issue hypercall 'nr' with the 'nargs'
 * (<= 5) unsigned long arguments that follow, as rdi rsi rdx r10 r8.
 * Returns what the handler must return: 'nr', which lands in rax as the
 * number of the re-issued call (Xen does the same).
 * @pre hypercall_preempt_check()
 */
long hypercall_create_continuation(unsigned int nr, unsigned int nargs, ...);

/*
 * Arch hook: rewrites the saved guest registers so that the guest runs
 * its hypercall instruction again with rax = nr and these arguments.
 */
void arch_hypercall_continuation(unsigned int nr, const unsigned long *args,
                                 unsigned int nargs);

hypercall_fn_t do_console_io;
hypercall_fn_t do_xen_version;
hypercall_fn_t do_sched_op;
hypercall_fn_t do_multicall;
hypercall_fn_t do_vm_assist;
hypercall_fn_t do_memory_op;
/*
 * memory_op sub-ops of the architecture (x86: where the M2P is), called
 * for every 'op' common code does not handle; -XEN_ENOSYS for unknown.
 */
long arch_memory_op(unsigned int op, unsigned long arg);
/* x86 PV handlers (arch/x86/pv/). */
hypercall_fn_t do_set_trap_table;
hypercall_fn_t do_stack_switch;
hypercall_fn_t do_set_callbacks;
hypercall_fn_t do_callback_op;
hypercall_fn_t do_iret;
hypercall_fn_t do_set_segment_base;
hypercall_fn_t do_fpu_taskswitch;
hypercall_fn_t do_update_va_mapping;
hypercall_fn_t do_set_timer_op;
hypercall_fn_t do_vcpu_op;
hypercall_fn_t do_event_channel_op;
hypercall_fn_t do_mmu_update;
hypercall_fn_t do_mmuext_op;
/* Our extensions (abi/ext.h). */
hypercall_fn_t do_xpv_op;
hypercall_fn_t do_xpv_event_mask;

#endif /* HV_HYPERCALL_H */
