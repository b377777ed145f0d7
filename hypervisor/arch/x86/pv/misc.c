/*
 * Small x86_64 PV hypercalls: segment bases and the virtual CR0.TS.
 */
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/hypercall.h>
#include <asm/msr.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <xen/errno.h>

/*
 * set_segment_base(which, value).  Guest kernel and user both run in ring 3,
 * so the guest cannot use swapgs or write the base MSRs; it asks here.  The
 * kernel's GS base is live now (hypercalls come from kernel mode); the
 * user's is loaded on the switch to user mode.
 */
long do_set_segment_base(const struct hc_args *args)
{
    unsigned int which = (unsigned int)args->a[0];
    unsigned long base = args->a[1];
    struct vcpu *v = current_vcpu();

    if (which != SEGBASE_GS_USER_SEL && !is_canonical(base))
        return -XEN_EINVAL;
    switch (which) {
    case SEGBASE_FS:
        v->arch.fs_base = base;
        wrmsr(MSR_FS_BASE, base);
        return 0;
    case SEGBASE_GS_USER:
        v->arch.gs_base_user = base;
        return 0;
    case SEGBASE_GS_KERNEL:
        v->arch.gs_base_kernel = base;
        wrmsr(MSR_GS_BASE, base);
        return 0;
    case SEGBASE_GS_USER_SEL:
        /*
         * Loading a selector resets the base to the descriptor's; with
         * only flat descriptors that is 0.  Other selectors need the
         * guest's own GDT (set_gdt), not yet supported.
         */
        if (base != 0 && (base | 3) != FLAT_RING3_DS32)
            return -XEN_EINVAL;
        v->arch.gs_base_user = 0;
        return 0;
    default:
        return -XEN_EINVAL;
    }
}

/* fpu_taskswitch(set): the guest's view of CR0.TS (clts/stts). */
long do_fpu_taskswitch(const struct hc_args *args)
{
    struct vcpu *v = current_vcpu();

    v->arch.fpu_ts = args->a[0] != 0;
    if (v->arch.fpu_ts)
        stts();
    else
        clts();
    return 0;
}
