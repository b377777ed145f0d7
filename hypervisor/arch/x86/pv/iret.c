/*
 * HYPERVISOR_iret: return from a bounce (exception, event, system call) to
 * guest kernel or user mode.  The guest's iret stub leaves a struct
 * iret_context at its %rsp (xen-x86_64.h): rax r11 rcx flags rip cs rflags
 * rsp ss.
 *
 * Xen's rules: CS with RPL 3 returns to guest user mode (switching to the
 * user page tables), RPL 0-2 to guest kernel mode; RFLAGS.IF restores the
 * virtual interrupt flag (evtchn_upcall_mask); with VGCF_in_syscall only
 * rax rip rflags rsp are restored (and rcx/r11 become rip/rflags, as
 * after Xen's sysret).  The hardware IF stays on and IOPL 0.
 */
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/mm.h>
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <abi/xen.h>

/*
 * Only the low 16 bits are a selector; Xen ignores the rest (the saved
 * event mask a bounce frame carries in bits 32-39 comes back here).
 */
static unsigned long selector(unsigned long v)
{
    return (v & 0xffff) | 3;
}

/*
 * A selector of the guest's own descriptor tables: its LDT, or its GDT
 * below Xen's reserved entries (not the null one).  Whether the
 * descriptor suits shows in the final iretq: a fault there crashes the
 * domain (Xen enters the failsafe callback instead).
 */
static bool guest_selector(unsigned long v)
{
    unsigned long sel = selector(v);

    return (sel & 4) || ((sel >> 3) && (sel >> 3) < FIRST_RESERVED_GDT_ENTRY);
}

/* Xen's flat selectors, or the guest's own (set_gdt, SET_LDT). */
static bool code_selector_ok(unsigned long cs)
{
    return selector(cs) == FLAT_RING3_CS64 ||
           selector(cs) == FLAT_RING3_CS32 || guest_selector(cs);
}

static bool stack_selector_ok(unsigned long ss)
{
    return selector(ss) == FLAT_RING3_SS64 || guest_selector(ss);
}

static bool iret_context_ok(const struct iret_context *ic)
{
    if (!code_selector_ok(ic->cs) || !stack_selector_ok(ic->ss))
        return false;
    return pv_guest_addr_ok(ic->rip) && is_canonical(ic->rsp);
}

/* CS with RPL 3 means user mode, whatever VGCF_in_syscall says (Xen). */
static bool switch_mode(struct vcpu *v, const struct iret_context *ic)
{
    if ((ic->cs & 3) != 3 || !v->arch.kernel_mode)
        return true;
    if (v->arch.guest_table_user == INVALID_MFN) {
        domain_crash(v->domain, "HYPERVISOR_iret to user mode without "
                     "user page tables (MMUEXT_NEW_USER_BASEPTR)");
        return false;
    }
    pv_toggle_guest_mode(v);
    return true;
}

static void load_frame(struct cpu_regs *regs, const struct iret_context *ic)
{
    regs->rip = ic->rip;
    regs->rsp = ic->rsp;
    regs->cs = selector(ic->cs);
    regs->ss = selector(ic->ss);
    regs->rflags = (ic->rflags & ~(X86_EFLAGS_IOPL | X86_EFLAGS_VM |
                                   X86_EFLAGS_NT)) |
                   X86_EFLAGS_IF | X86_EFLAGS_MBS;
    if (ic->flags & VGCF_in_syscall) {
        /* Xen returns with sysret: rcx and r11 end up as rip and rflags. */
        regs->rcx = regs->rip;
        regs->r11 = regs->rflags;
    } else {
        regs->rcx = ic->rcx;
        regs->r11 = ic->r11;
    }
}

long do_iret(const struct hc_args *args)
{
    struct cpu_regs *regs = guest_cpu_regs();
    struct vcpu *v = current_vcpu();
    struct iret_context ic;

    (void)args;
    if (copy_from_guest(&ic, regs->rsp, sizeof(ic))) {
        domain_crash(v->domain, "HYPERVISOR_iret: cannot read the frame at %#lx",
                     regs->rsp);
        return regs->rax;
    }
    if (!iret_context_ok(&ic)) {
        domain_crash(v->domain, "HYPERVISOR_iret: bad frame (rip %#lx cs %#lx "
                     "rsp %#lx ss %#lx)", ic.rip, ic.cs, ic.rsp, ic.ss);
        return regs->rax;
    }
    if (!switch_mode(v, &ic))
        return regs->rax;
    load_frame(regs, &ic);
    v->vcpu_info->evtchn_upcall_mask = !(ic.rflags & X86_EFLAGS_IF);
    /* The dispatcher stores our result in rax: hand back the guest's. */
    regs->rax = ic.rax;
    return ic.rax;
}
