/*
 * VCPUOP_initialise for x86_64 PV: checking a struct vcpu_guest_context
 * before anything of it is used (Xen's arch_set_info_guest checks, and
 * ours where we lack a feature), then installing it.
 *
 * The check is pure (no domain state, compiled into the host unit
 * tests); arch_vcpu_context_load() then takes the page-table references,
 * the only step that can still fail, before it changes the vCPU.
 */
#include <hv/domain.h>
#include <hv/guest_access.h>
#include <hv/lib.h>
#include <asm/descriptor.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <hv/vcpu.h>
#include <xen/errno.h>

/* Code may run there: canonical and outside the hypervisor's range. */
static bool code_addr_ok(unsigned long a)
{
    return is_canonical(a) && guest_range_ok(a, 1);
}

/* 0 = "no handler" for callbacks and trap entries (Xen). */
static bool entry_ok(unsigned long a)
{
    return a == 0 || code_addr_ok(a);
}

/*
 * Code and stack selectors: Xen's flat ring-3 ones (the guest cannot run
 * on others).  Xen fixes an RPL of 0 up to 3 for 64-bit PV guests; so do
 * we.  Data selectors are not checked (Xen's rule): they are loaded on
 * the vCPU's first run, and one that does not load goes to the failsafe
 * callback.
 */
static bool code_sel_ok(unsigned int sel)
{
    return (sel | 3) == FLAT_RING3_CS64;
}

static bool stack_sel_ok(unsigned int sel)
{
    return (sel | 3) == FLAT_RING3_SS64;
}

static int check_regs(const struct cpu_user_regs *r)
{
    if (!code_addr_ok(r->rip) || !is_canonical(r->rsp))
        return -XEN_EINVAL;
    if (!code_sel_ok(r->cs) || !stack_sel_ok(r->ss))
        return -XEN_EINVAL;
    return 0;
}

static int check_entries(const struct vcpu_guest_context *c)
{
    if (!entry_ok(c->event_callback_eip) ||
        !entry_ok(c->failsafe_callback_eip) ||
        !entry_ok(c->syscall_callback_eip))
        return -XEN_EINVAL;
    for (unsigned int i = 0; i < ARRAY_SIZE(c->trap_ctxt); i++) {
        const struct trap_info *t = &c->trap_ctxt[i];

        if (t->address && (!code_addr_ok(t->address) || !code_sel_ok(t->cs)))
            return -XEN_EINVAL;
    }
    return 0;
}

/*
 * Descriptor tables: at most Xen's guest GDT entries (the frames are
 * taken, and validated as descriptor pages, by arch_vcpu_context_load());
 * an LDT as MMUEXT_SET_LDT takes it.
 */
static int check_tables(const struct vcpu_guest_context *c)
{
    if (c->gdt_ents > FIRST_RESERVED_GDT_ENTRY)
        return -XEN_EINVAL;
    if (c->ldt_ents > LDT_MAX_ENTS ||
        (c->ldt_ents && (!is_canonical(c->ldt_base) ||
                         !guest_range_ok(c->ldt_base, 1) ||
                         (c->ldt_base & ~PAGE_MASK))))
        return -XEN_EINVAL;
    return 0;
}

/*
 * Page tables: CR3 is the kernel L4 (required in kernel mode), CR1 the
 * user L4 (required in user mode; 0 = none).  Whether the domain owns
 * them and they validate is arch_vcpu_context_load()'s to find out.
 */
static int check_ctrlregs(const struct vcpu_guest_context *c)
{
    bool kernel = c->flags & VGCF_in_kernel;

    if (kernel && !c->ctrlreg[3])
        return -XEN_EINVAL;
    if (!kernel && !c->ctrlreg[1])
        return -XEN_EINVAL;
    return 0;
}

int arch_vcpu_context_check(const struct vcpu_guest_context *c)
{
    int rc;

    if ((rc = check_regs(&c->user_regs)) || (rc = check_entries(c)) ||
        (rc = check_tables(c)) || (rc = check_ctrlregs(c)))
        return rc;
    if (!stack_sel_ok(c->kernel_ss) || !is_canonical(c->kernel_sp))
        return -XEN_EINVAL;
    /* Loaded into MSRs: a non-canonical base would fault in ring 0. */
    if (!is_canonical(c->fs_base) || !is_canonical(c->gs_base_kernel) ||
        !is_canonical(c->gs_base_user))
        return -XEN_EINVAL;
    /* No guest debug registers yet (set_debugreg is not implemented). */
    if (c->debugreg[0] || c->debugreg[1] || c->debugreg[2] ||
        c->debugreg[3] || c->debugreg[7])
        return -XEN_EINVAL;
    if (c->vm_assist & ~PV64_VM_ASSIST_VALID)
        return -XEN_EINVAL;
    return 0;
}
