/*
 * Delivering exceptions to a PV guest: its virtual IDT (set_trap_table),
 * its kernel stack (stack_switch) and the bounce frame Xen's x86_64 PV ABI
 * defines.
 *
 * The frame a guest handler finds at its %rsp, lowest address first:
 *   rcx, r11, [error code], rip, cs, rflags, rsp, ss
 * i.e. the hardware's 64-bit frame with the two registers syscall/sysret
 * clobber on top.  CS carries the vCPU's saved event mask in bits 32-39 and
 * RPL 0 when the guest was in kernel mode; RFLAGS.IF reflects the virtual
 * interrupt flag (!evtchn_upcall_mask), not the hardware one.
 */
#include <hv/bug.h>
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/printk.h>
#include <asm/crash.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <xen/errno.h>

bool pv_guest_addr_ok(unsigned long addr)
{
    return is_canonical(addr) && guest_range_ok(addr, 1);
}

/*
 * set_trap_table(traps): entries up to the one whose address is 0; a NULL
 * list clears the whole virtual IDT (Xen's rule).  All entries are copied
 * and checked before any is installed, so a refusal changes nothing.
 */
long do_set_trap_table(const struct hc_args *args)
{
    unsigned long list = args->a[0];
    struct vcpu *v = current_vcpu();
    struct trap_info traps[256];
    unsigned int n = 0;

    if (!list) {
        memset(v->arch.trap_ctxt, 0, sizeof(v->arch.trap_ctxt));
        return 0;
    }
    for (; n < ARRAY_SIZE(traps); n++) {
        if (copy_from_guest(&traps[n], list + n * sizeof(traps[0]),
                            sizeof(traps[0])))
            return -XEN_EFAULT;
        if (!traps[n].address)
            break;
        if (!pv_guest_addr_ok(traps[n].address))
            return -XEN_EINVAL;
    }
    for (unsigned int i = 0; i < n; i++)
        v->arch.trap_ctxt[traps[i].vector] = traps[i];
    return 0;
}

/* stack_switch(ss, sp): the stack for bounces from guest user mode. */
long do_stack_switch(const struct hc_args *args)
{
    struct vcpu *v = current_vcpu();

    /* Xen checks nothing here: a bad stack shows when a bounce needs it. */
    v->arch.kernel_ss = args->a[0];
    v->arch.kernel_sp = args->a[1];
    return 0;
}

static unsigned long frame_cs(const struct vcpu *v, unsigned long cs)
{
    unsigned long mask = v->vcpu_info->evtchn_upcall_mask;

    if (v->arch.kernel_mode)
        cs &= ~3UL;
    return (cs & 0xffff) | (mask << 32);
}

bool pv_create_bounce_frame(struct vcpu *v, struct cpu_regs *regs,
                            unsigned long eip, bool mask_events,
                            long error_code)
{
    uint64_t frame[8];
    unsigned int n = 0;
    unsigned long sp;

    frame[n++] = regs->rcx;
    frame[n++] = regs->r11;
    if (error_code >= 0)
        frame[n++] = (uint64_t)error_code;
    frame[n++] = regs->rip;
    frame[n++] = frame_cs(v, regs->cs);
    frame[n++] = (regs->rflags & ~X86_EFLAGS_IF) |
                 (v->vcpu_info->evtchn_upcall_mask ? 0 : X86_EFLAGS_IF);
    frame[n++] = regs->rsp;
    frame[n++] = regs->ss;

    if (!v->arch.kernel_mode) {
        pv_toggle_guest_mode(v);
        sp = v->arch.kernel_sp;
    } else {
        sp = regs->rsp;
    }
    /* Like the hardware, align the new frame to 16 bytes. */
    sp = (sp & ~15UL) - n * sizeof(frame[0]);
    if (copy_to_guest(sp, frame, n * sizeof(frame[0]))) {
        domain_crash(v->domain, "cannot write a bounce frame at %#lx", sp);
        return false;
    }
    regs->rsp = sp;
    regs->rip = eip;
    regs->cs = FLAT_KERNEL_CS;
    regs->ss = FLAT_KERNEL_SS;
    regs->rflags &= ~(X86_EFLAGS_TF | X86_EFLAGS_NT | X86_EFLAGS_RF |
                      X86_EFLAGS_VM);
    if (mask_events)
        v->vcpu_info->evtchn_upcall_mask = 1;
    return true;
}

void pv_inject_exception(struct cpu_regs *regs, unsigned int vec,
                         long error_code)
{
    struct vcpu *v = current_vcpu();
    const struct trap_info *ti = &v->arch.trap_ctxt[vec];

    if (!ti->address) {
        domain_crash(v->domain, "%s (vector %u, error code %#lx) "
                     "with no handler registered", exception_name(vec), vec,
                     error_code < 0 ? 0UL : (unsigned long)error_code);
        return;
    }
    domain_stats_exception(v->domain, vec);
    /* TI_GET_IF: the handler runs with events masked (interrupt gate). */
    pv_create_bounce_frame(v, regs, ti->address, TI_GET_IF(ti), error_code);
}
