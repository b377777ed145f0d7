/*
 * Emulated rdmsr/wrmsr: ecx names the MSR, edx:eax the value.  A small
 * set is virtualised, everything else is #GP (as Xen 4.17's PV policy
 * for MSRs it does not know, msr_relaxed being off by default):
 *   FS_BASE, GS_BASE, SHADOW_GS_BASE   set_segment_base semantics (the
 *       guest kernel's GS base is live, the shadow one is the user's);
 *       a non-canonical base is #GP
 *   IA32_TSC_DEADLINE (0x6e0)          a write arms the vCPU's one-shot
 *       timer at that TSC value (VIRQ_TIMER; 0 stops it); it is Xen's
 *       single-shot timer, shared with set_timer_op.  A read returns the
 *       value armed while the timer is pending, 0 after it fired or
 *       stopped (as the hardware's register)
 *   EFER                               read only: the real value (LME LMA
 *       SCE NXE), which Xen also shows a PV guest; a write is #GP
 * LSTAR, STAR, SYSENTER_*, APIC base, ...: #GP both ways.
 */
#include <hv/domain.h>
#include <hv/time.h>
#include <hv/timer.h>
#include <hv/vcpu_timer.h>
#include <asm/msr.h>
#include <asm/pv.h>
#include "emul.h"

#define MSR_IA32_TSC_DEADLINE   0x6e0

static bool tsc_deadline_armed(struct vcpu *v)
{
    struct vcpu_timers *vt = vcpu_timers(v);

    return v->arch.tsc_deadline && vt && timer_is_active(&vt->singleshot);
}

static bool write_tsc_deadline(struct vcpu *v, uint64_t tsc)
{
    struct vcpu_timers *vt = vcpu_timers(v);

    if (!vt)
        return false;
    v->arch.tsc_deadline = tsc;
    if (tsc)
        set_timer(&vt->singleshot, tsc_to_stime(tsc));
    else
        stop_timer(&vt->singleshot);
    return true;
}

static bool read_msr(struct vcpu *v, uint32_t msr, uint64_t *val)
{
    switch (msr) {
    case MSR_FS_BASE:
        *val = v->arch.fs_base;
        return true;
    case MSR_GS_BASE:
        *val = v->arch.gs_base_kernel;
        return true;
    case MSR_SHADOW_GS_BASE:
        *val = v->arch.gs_base_user;
        return true;
    case MSR_IA32_TSC_DEADLINE:
        *val = tsc_deadline_armed(v) ? v->arch.tsc_deadline : 0;
        return true;
    case MSR_EFER:
        *val = rdmsr(MSR_EFER);
        return true;
    default:
        return false;
    }
}

static bool write_msr(struct vcpu *v, uint32_t msr, uint64_t val)
{
    switch (msr) {
    case MSR_FS_BASE:
        return pv_set_segment_base(v, SEGBASE_FS, val) == 0;
    case MSR_GS_BASE:
        return pv_set_segment_base(v, SEGBASE_GS_KERNEL, val) == 0;
    case MSR_SHADOW_GS_BASE:
        return pv_set_segment_base(v, SEGBASE_GS_USER, val) == 0;
    case MSR_IA32_TSC_DEADLINE:
        return write_tsc_deadline(v, val);
    default:
        return false;
    }
}

enum emul_result emul_rdmsr(struct emul_ctxt *c)
{
    uint64_t val;

    if (!read_msr(c->v, (uint32_t)c->regs->rcx, &val))
        return EMUL_REFUSED;
    c->regs->rax = (uint32_t)val;
    c->regs->rdx = val >> 32;
    return EMUL_DONE;
}

enum emul_result emul_wrmsr(struct emul_ctxt *c)
{
    uint64_t val = (c->regs->rdx << 32) | (uint32_t)c->regs->rax;

    return write_msr(c->v, (uint32_t)c->regs->rcx, val) ? EMUL_DONE
                                                          : EMUL_REFUSED;
}
