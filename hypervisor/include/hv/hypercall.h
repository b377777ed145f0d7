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

hypercall_fn_t do_console_io;
hypercall_fn_t do_xen_version;
hypercall_fn_t do_sched_op;
hypercall_fn_t do_multicall;
hypercall_fn_t do_vm_assist;
/* x86 PV handlers (arch/x86/pv/). */
hypercall_fn_t do_set_trap_table;
hypercall_fn_t do_stack_switch;
hypercall_fn_t do_set_callbacks;
hypercall_fn_t do_callback_op;
hypercall_fn_t do_iret;
hypercall_fn_t do_set_segment_base;
hypercall_fn_t do_fpu_taskswitch;
hypercall_fn_t do_update_va_mapping;

#endif /* HV_HYPERCALL_H */
