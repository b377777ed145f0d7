/*
 * The arch side of running a PV vCPU: its initial state, the switch
 * between guest kernel and user mode, and entering the guest.
 */
#include <hv/arch.h>
#include <hv/bug.h>
#include <hv/printk.h>
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/page_type.h>
#include <asm/paging.h>
#include <hv/setup.h>
#include <asm/crash.h>
#include <asm/current.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include <asm/ioport.h>
#include <asm/pv.h>
#include <hv/vcpu.h>
#include <xen/errno.h>

void set_current_vcpu(struct vcpu *v)
{
    get_cpu_info()->curr_vcpu = v;
}

void arch_vcpu_init(struct vcpu *v)
{
    memset(&v->arch, 0, sizeof(v->arch));
    v->arch.kernel_mode = true;
    v->arch.guest_table = INVALID_MFN;
    v->arch.guest_table_user = INVALID_MFN;
}

/* A base pointer holds a general and an L4 type reference (mmuext.c). */
static void drop_base_pointer(mfn_t *mfn)
{
    if (*mfn == INVALID_MFN)
        return;
    /* The idle tables carry the hypervisor's slots, nothing of a guest. */
    if ((read_cr3() >> PAGE_SHIFT) == *mfn)
        write_cr3(paging_idle_l4());
    put_page_and_type(mfn_to_page(*mfn));
    *mfn = INVALID_MFN;
}

/*
 * A reference just taken by take_base_pointer(), given back on a refused
 * context: whatever CR3 holds has a reference of its own, so this one is
 * never the last and CR3 stays (the caller may run on that very table).
 */
static void undo_base_pointer(mfn_t mfn)
{
    if (mfn != INVALID_MFN)
        put_page_and_type(mfn_to_page(mfn));
}

void arch_vcpu_destroy(struct vcpu *v)
{
    drop_base_pointer(&v->arch.guest_table);
    drop_base_pointer(&v->arch.guest_table_user);
    pv_destroy_gdt(v);
    pv_destroy_ldt(v);
}

static void load_guest_table(struct vcpu *v)
{
    mfn_t mfn = v->arch.kernel_mode ? v->arch.guest_table
                                    : v->arch.guest_table_user;

    write_cr3((paddr_t)mfn << PAGE_SHIFT);
}

/*
 * Kernel <-> user: each mode has its own L4 and GS base (Xen's
 * toggle_guest_mode).  The guest's user GS base is held in struct vcpu,
 * never in MSR_SHADOW_GS_BASE, which belongs to the hypervisor's syscall
 * entry.
 */
void pv_toggle_guest_mode(struct vcpu *v)
{
    v->arch.kernel_mode = !v->arch.kernel_mode;
    wrmsr(MSR_GS_BASE, v->arch.kernel_mode ? v->arch.gs_base_kernel
                                           : v->arch.gs_base_user);
    load_guest_table(v);
    /* Granted ports: reachable in kernel mode only. */
    io_bitmap_load(v);
}

/* Only the running vCPU's registers are at hand until vCPUs switch. */
void arch_show_guest_state(struct vcpu *v)
{
    printk("  guest registers (vcpu %u, %s mode):\n", v->vcpu_id,
           v->arch.kernel_mode ? "kernel" : "user");
    show_registers(current == v ? guest_cpu_regs() : &v->arch.user_regs);
}

/* A base pointer from VCPUOP_initialise: Xen's NEW_BASEPTR references. */
static int take_base_pointer(struct domain *d, unsigned long cr, mfn_t *out)
{
    mfn_t mfn = xen_cr3_to_pfn(cr);
    struct page_info *pg;
    int rc;

    *out = INVALID_MFN;
    if (!cr)
        return 0;
    pg = get_page_from_mfn(mfn, d);
    if (!pg)
        return -XEN_EINVAL;
    rc = get_page_type(pg, PGT_l4_page_table);
    if (rc) {
        put_page(pg);
        return rc;
    }
    *out = mfn;
    return 0;
}

static void load_fpu(struct vcpu *v, const struct vcpu_guest_context *c)
{
    uint32_t mxcsr;

    v->arch.fpu_initialised = c->flags & VGCF_i387_valid;
    if (!v->arch.fpu_initialised)
        return;
    memcpy(v->arch.fpu_area, c->fpu_ctxt.x, sizeof(v->arch.fpu_area));
    /*
     * fxrstor faults on reserved MXCSR bits: keep the ones every SSE CPU
     * has (Xen masks with the CPU's MXCSR_MASK).
     */
    memcpy(&mxcsr, v->arch.fpu_area + 24, sizeof(mxcsr));
    mxcsr &= 0xffbf;
    memcpy(v->arch.fpu_area + 24, &mxcsr, sizeof(mxcsr));
}

static void load_regs(struct cpu_regs *r, const struct cpu_user_regs *u)
{
    *r = (struct cpu_regs){
        .r15 = u->r15, .r14 = u->r14, .r13 = u->r13, .r12 = u->r12,
        .rbp = u->rbp, .rbx = u->rbx, .r11 = u->r11, .r10 = u->r10,
        .r9 = u->r9, .r8 = u->r8, .rax = u->rax, .rcx = u->rcx,
        .rdx = u->rdx, .rsi = u->rsi, .rdi = u->rdi,
        .rip = u->rip, .rsp = u->rsp,
        .cs = FLAT_RING3_CS64, .ss = FLAT_RING3_SS64,
        /* As HYPERVISOR_iret: IF on, no IOPL, VM or NT. */
        .rflags = (u->rflags & ~(X86_EFLAGS_IOPL | X86_EFLAGS_VM |
                                 X86_EFLAGS_NT)) |
                  X86_EFLAGS_IF | X86_EFLAGS_MBS,
    };
}

static void load_callbacks(struct arch_vcpu *a,
                           const struct vcpu_guest_context *c)
{
    memcpy(a->trap_ctxt, c->trap_ctxt, sizeof(a->trap_ctxt));
    a->kernel_ss = c->kernel_ss | 3;
    a->kernel_sp = c->kernel_sp;
    /* Events are masked on the event entry, as set_callbacks does. */
    a->event_callback = (struct pv_callback){ c->event_callback_eip, true };
    a->failsafe_callback = (struct pv_callback){
        c->failsafe_callback_eip, c->flags & VGCF_failsafe_disables_events };
    a->syscall_callback = (struct pv_callback){
        c->syscall_callback_eip, c->flags & VGCF_syscall_disables_events };
}

int arch_vcpu_context_load(struct vcpu *v, const struct vcpu_guest_context *c)
{
    mfn_t kernel, user;
    int rc;

    /* The LDT comes last and must not fail for memory then. */
    if ((c->gdt_ents || c->ldt_ents) && !pv_desc_area_ready(v))
        return -XEN_ENOMEM;
    rc = take_base_pointer(v->domain, c->ctrlreg[3], &kernel);
    if (rc)
        return rc;
    rc = take_base_pointer(v->domain, c->ctrlreg[1], &user);
    if (rc)
        goto out_kernel;
    rc = pv_set_gdt(v, c->gdt_frames, c->gdt_ents);
    if (rc)
        goto out_user;
    load_callbacks(&v->arch, c);
    load_fpu(v, c);
    load_regs(&v->arch.user_regs, &c->user_regs);
    v->arch.kernel_mode = c->flags & VGCF_in_kernel;
    v->arch.guest_table = kernel;
    v->arch.guest_table_user = user;
    v->arch.fs_base = c->fs_base;
    v->arch.gs_base_kernel = c->gs_base_kernel;
    v->arch.gs_base_user = c->gs_base_user;
    v->arch.sel[0] = c->user_regs.ds;
    v->arch.sel[1] = c->user_regs.es;
    v->arch.sel[2] = c->user_regs.fs;
    v->arch.sel[3] = c->user_regs.gs;
    /* Found through the kernel tables just installed. */
    rc = pv_set_ldt(v, c->ldt_ents ? c->ldt_base : 0, c->ldt_ents);
    BUG_ON(rc);
    return 0;

out_user:
    undo_base_pointer(user);
out_kernel:
    undo_base_pointer(kernel);
    return rc;
}

/* The inverse of load_regs(), for XEN_DOMCTL_getvcpucontext. */
static void save_regs(struct cpu_user_regs *u, const struct cpu_regs *r)
{
    *u = (struct cpu_user_regs){
        .r15 = r->r15, .r14 = r->r14, .r13 = r->r13, .r12 = r->r12,
        .rbp = r->rbp, .rbx = r->rbx, .r11 = r->r11, .r10 = r->r10,
        .r9 = r->r9, .r8 = r->r8, .rax = r->rax, .rcx = r->rcx,
        .rdx = r->rdx, .rsi = r->rsi, .rdi = r->rdi,
        .rip = r->rip, .rsp = r->rsp, .rflags = r->rflags,
        .cs = (uint16_t)r->cs, .ss = (uint16_t)r->ss,
    };
}

static uint32_t context_flags(const struct vcpu *v)
{
    uint32_t flags = 0;

    if (v->arch.kernel_mode)
        flags |= VGCF_in_kernel;
    if (v->arch.fpu_initialised)
        flags |= VGCF_i387_valid;
    if (v->arch.failsafe_callback.mask_events)
        flags |= VGCF_failsafe_disables_events;
    if (v->arch.syscall_callback.mask_events)
        flags |= VGCF_syscall_disables_events;
    /* Xen: VGCF_online says the vCPU is up. */
    if (!(v->sched.pause_flags & SCHED_PF_DOWN))
        flags |= VGCF_online;
    return flags;
}

static unsigned long base_pointer_cr(mfn_t mfn)
{
    return mfn == INVALID_MFN ? 0 : xen_pfn_to_cr3(mfn);
}

void arch_vcpu_context_save(const struct vcpu *v,
                            struct vcpu_guest_context *c)
{
    const struct arch_vcpu *a = &v->arch;

    memset(c, 0, sizeof(*c));
    c->flags = context_flags(v);
    /* The running vCPU's registers are in its entry frame. */
    save_regs(&c->user_regs, v == current_vcpu() ? &get_cpu_info()->guest_regs
                                                 : &a->user_regs);
    c->user_regs.ds = a->sel[0];
    c->user_regs.es = a->sel[1];
    c->user_regs.fs = a->sel[2];
    c->user_regs.gs = a->sel[3];
    if (a->fpu_initialised)
        memcpy(c->fpu_ctxt.x, a->fpu_area, sizeof(a->fpu_area));
    memcpy(c->trap_ctxt, a->trap_ctxt, sizeof(c->trap_ctxt));
    memcpy(c->gdt_frames, a->desc.gdt_frames, sizeof(a->desc.gdt_frames));
    c->gdt_ents = a->desc.gdt_ents;
    c->ldt_base = a->desc.ldt_base;
    c->ldt_ents = a->desc.ldt_ents;
    c->kernel_ss = a->kernel_ss;
    c->kernel_sp = a->kernel_sp;
    c->ctrlreg[3] = base_pointer_cr(a->guest_table);
    c->ctrlreg[1] = base_pointer_cr(a->guest_table_user);
    c->event_callback_eip = a->event_callback.eip;
    c->failsafe_callback_eip = a->failsafe_callback.eip;
    c->syscall_callback_eip = a->syscall_callback.eip;
    c->vm_assist = v->domain->vm_assist;
    c->fs_base = a->fs_base;
    c->gs_base_kernel = a->gs_base_kernel;
    c->gs_base_user = a->gs_base_user;
}
