/*
 * Small x86_64 PV hypercalls: segment bases and the virtual CR0.TS.
 */
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/hypercall.h>
#include <asm/msr.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <xen/errno.h>

int load_gs_selector(uint16_t sel);

/*
 * SEGBASE_GS_USER_SEL: load %gs for user mode.  Loading a selector also
 * loads its descriptor's base into the live GS base, which is the user's
 * base from now on; the kernel's base is put back.  A selector that cannot
 * be loaded loads the null selector instead and still succeeds (Xen's
 * behaviour).
 */
static void load_user_gs_selector(struct vcpu *v, uint16_t sel)
{
    (void)load_gs_selector(sel);
    v->arch.gs_base_user = rdmsr(MSR_GS_BASE);
    wrmsr(MSR_GS_BASE, v->arch.gs_base_kernel);
}

/*
 * set_segment_base(which, value).  Guest kernel and user both run in ring 3,
 * so the guest cannot use swapgs or write the base MSRs; it asks here.  The
 * kernel's GS base is live now (hypercalls come from kernel mode); the
 * user's is loaded on the switch to user mode.
 */
long do_set_segment_base(const struct hc_args *args)
{
    return pv_set_segment_base(current_vcpu(), (unsigned int)args->a[0],
                               args->a[1]);
}

long pv_set_segment_base(struct vcpu *v, unsigned int which,
                         unsigned long base)
{
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
        load_user_gs_selector(v, (uint16_t)base);
        return 0;
    default:
        return -XEN_EINVAL;
    }
}

/* fpu_taskswitch(set): the guest's view of CR0.TS (clts/stts). */
long do_fpu_taskswitch(const struct hc_args *args)
{
    pv_set_virtual_ts(current_vcpu(), args->a[0] != 0);
    return 0;
}

void pv_set_virtual_ts(struct vcpu *v, bool ts)
{
    v->arch.fpu_ts = ts;
    if (ts)
        stts();
    else
        clts();
}
