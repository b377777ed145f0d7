/*
 * Delivering exceptions to a PV guest: its virtual IDT (set_trap_table),
 * its kernel stack (stack_switch) and the bounce frame Xen's x86_64 PV ABI
 * defines.
 *
 * The frame a guest handler finds at its %rsp, lowest address first:
 *   rcx, r11, [error code], rip, cs, rflags, rsp, ss
 * (the failsafe callback's has ds, es, fs, gs where the error code is)
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
#include <asm/extable.h>
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

/*
 * The frame, lowest address first: rcx, r11, the 'n' words of 'extra'
 * (an error code, or the failsafe callback's data selectors), rip, cs,
 * rflags, rsp, ss.
 */
static bool bounce(struct vcpu *v, struct cpu_regs *regs, unsigned long eip,
                   bool mask_events, const uint64_t *extra, unsigned int n)
{
    uint64_t frame[2 + PV_BOUNCE_MAX_EXTRA + 5];
    unsigned int i = 0;
    unsigned long sp;

    BUG_ON(n > PV_BOUNCE_MAX_EXTRA);
    frame[i++] = regs->rcx;
    frame[i++] = regs->r11;
    for (unsigned int j = 0; j < n; j++)
        frame[i++] = extra[j];
    frame[i++] = regs->rip;
    frame[i++] = frame_cs(v, regs->cs);
    frame[i++] = (regs->rflags & ~X86_EFLAGS_IF) |
                 (v->vcpu_info->evtchn_upcall_mask ? 0 : X86_EFLAGS_IF);
    frame[i++] = regs->rsp;
    frame[i++] = regs->ss;

    if (!v->arch.kernel_mode) {
        pv_toggle_guest_mode(v);
        sp = v->arch.kernel_sp;
    } else {
        sp = regs->rsp;
    }
    /* Like the hardware, align the new frame to 16 bytes. */
    sp = (sp & ~15UL) - i * sizeof(frame[0]);
    if (copy_to_guest(sp, frame, i * sizeof(frame[0]))) {
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

bool pv_create_bounce_frame(struct vcpu *v, struct cpu_regs *regs,
                            unsigned long eip, bool mask_events,
                            long error_code)
{
    uint64_t ec = (uint64_t)error_code;

    return bounce(v, regs, eip, mask_events, &ec, error_code >= 0);
}

/*
 * Xen's failsafe callback frame: the bounce frame with the four data
 * selectors the guest had (ds, es, fs, gs, lowest first) where an error
 * code would be; the registers themselves hold null selectors then.
 */
void pv_deliver_failsafe(struct vcpu *v, struct cpu_regs *regs,
                         const uint16_t sel[4])
{
    const struct pv_callback *cb = &v->arch.failsafe_callback;
    uint64_t words[4] = { sel[0], sel[1], sel[2], sel[3] };

    if (!cb->eip) {
        domain_crash(v->domain, "vCPU %u: cannot load its data selectors "
                     "(ds %#x es %#x fs %#x gs %#x) and has no failsafe "
                     "callback registered", v->vcpu_id, sel[0], sel[1],
                     sel[2], sel[3]);
        return;
    }
    bounce(v, regs, cb->eip, cb->mask_events, words, ARRAY_SIZE(words));
}

/*
 * Xen 4.17's rule, checked on it: the fault is the guest's, raised at the
 * frame it asked to return to (#GP, #NP or #SS with the selector as the
 * error code).  A vector that does not bounce there crashes the domain.
 */
void pv_iret_fault(struct cpu_regs *regs)
{
    struct fixed_fault f = extable_last_fixup();

    pv_inject_exception(regs, f.vector, f.error_code);
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
