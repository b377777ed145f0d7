/*
 * What a PV guest's syscall and exceptions mean (the arch entry path of
 * STYLE practice 2): decode registers, pick the generic handler.
 *
 * A syscall from guest kernel mode is a hypercall, whether or not it came
 * from the hypercall page (PVGRUB and others issue it directly): rax holds
 * the number, rdi rsi rdx r10 r8 the arguments, rax receives the result.
 * A syscall from guest user mode is a system call for the guest kernel and
 * is bounced to the syscall callback it registered.
 */
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/printk.h>
#include <asm/current.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <xen/callback.h>
#include "emul.h"
#include "pv_mm.h"

static void guest_user_syscall(struct vcpu *v, struct cpu_regs *regs)
{
    const struct pv_callback *cb = &v->arch.syscall_callback;

    /* Xen's rule: no syscall callback registered means #UD in the guest. */
    if (!cb->eip) {
        pv_inject_exception(regs, X86_EXC_UD, -1);
        return;
    }
    pv_create_bounce_frame(v, regs, cb->eip, cb->mask_events, -1);
}

void pv_syscall_entry(struct cpu_regs *regs)
{
    struct vcpu *v = current_vcpu();

    if (!v->arch.kernel_mode) {
        guest_user_syscall(v, regs);
        return;
    }
    /*
     * The arguments are read in place (asm/regs.h): a handler that
     * changes the frame (a continuation, HYPERVISOR_iret) has read them
     * first.
     */
    regs->rax = hypercall_dispatch(regs->rax, &regs->hc_args);
}

/*
 * A continuation (hv/hypercall.h): the guest's rip goes back over its
 * 2-byte `syscall`, so it issues the hypercall again - rax = nr, the
 * arguments as given - when it next runs.  Guest code in between (an
 * event upcall) returns to the syscall and so resumes the call.
 */
void arch_hypercall_continuation(unsigned int nr, const unsigned long *args,
                                 unsigned int nargs)
{
    struct cpu_regs *regs = guest_cpu_regs();
    uint64_t *const slot[] = { &regs->rdi, &regs->rsi, &regs->rdx,
                               &regs->r10, &regs->r8 };

    for (unsigned int i = 0; i < nargs && i < ARRAY_SIZE(slot); i++)
        *slot[i] = args[i];
    regs->rax = nr;
    regs->rip -= 2;
}

void pv_syscall32_entry(struct cpu_regs *regs)
{
    domain_crash(current_vcpu()->domain,
                 "syscall from 32-bit code at %#lx: 32-bit PV is not supported",
                 regs->rip);
}

/*
 * #GP from `int $n` (error code: IDT flag set, vector n): deliver vector n
 * as a software interrupt if the guest allowed ring 3 to raise it (the DPL
 * in its trap table), as Xen does.  Note QEMU 7.2's TCG reports a wrong
 * error code here (DESIGN.md, known emulator limits).
 */
static bool soft_interrupt(struct vcpu *v, struct cpu_regs *regs)
{
    unsigned int vec = regs->error_code >> 3;
    const struct trap_info *ti;

    if ((regs->error_code & 3) != 2)
        return false;
    ti = &v->arch.trap_ctxt[vec];
    if (!ti->address || TI_GET_DPL(ti) < 3)
        return false;
    regs->rip += 2;     /* past the int $n */
    domain_stats_soft_interrupt(v->domain);
    pv_create_bounce_frame(v, regs, ti->address, TI_GET_IF(ti), -1);
    return true;
}

/*
 * The first FPU use after fpu_taskswitch(1): the guest's virtual CR0.TS is
 * what it sees, and it clears with the delivery of #NM (Xen's rule).
 */
static void device_not_available(struct vcpu *v, struct cpu_regs *regs)
{
    clts();
    if (!v->arch.fpu_ts)
        return;
    v->arch.fpu_ts = false;
    pv_inject_exception(regs, X86_EXC_NM, -1);
}

void pv_handle_exception(struct cpu_regs *regs)
{
    struct vcpu *v = current_vcpu();
    unsigned int vec = regs->entry_vector;
    long ec = ((X86_EXC_HAVE_EC >> vec) & 1) ? (long)regs->error_code : -1;
    unsigned long cr2;

    switch (vec) {
    case X86_EXC_NMI:
        printk(XENLOG_WARNING "NMI while a guest ran: ignored\n");
        return;
    case X86_EXC_NM:
        device_not_available(v, regs);
        return;
    case X86_EXC_PF:
        /*
         * CR2 first: the emulator's own guest accesses may fault (and
         * be fixed up) and so overwrite it.
         */
        cr2 = read_cr2();
        /* A write to one of its page tables, emulated (Xen's ptwr)? */
        if (pv_ro_page_fault(regs, cr2))
            return;
        /* The guest reads the faulting address from its vcpu_info. */
        v->vcpu_info->arch.cr2 = cr2;
        /* The guest kernel runs in ring 3, but its faults are not user
         * faults: Xen clears the U bit for guest kernel mode. */
        if (v->arch.kernel_mode)
            ec &= ~(long)PFEC_USER;
        break;
    case X86_EXC_GP:
        if (soft_interrupt(v, regs))
            return;
        /* A privileged instruction raises #GP(0); user mode keeps it. */
        if (v->arch.kernel_mode && !regs->error_code &&
            pv_emulate_priv_op(regs, vec))
            return;
        break;
    case X86_EXC_UD:
        /* Xen's forced-emulation prefix (emul_cpuid.c). */
        if (v->arch.kernel_mode && pv_emulate_priv_op(regs, vec))
            return;
        break;
    }
    pv_inject_exception(regs, vec, ec);
}
