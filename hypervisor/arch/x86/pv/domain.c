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
#include <hv/setup.h>
#include <asm/crash.h>
#include <asm/current.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include <asm/pv.h>

struct vcpu *current_vcpu(void)
{
    return current;
}

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
}

/* Only the running vCPU's registers are at hand until vCPUs switch. */
void arch_show_guest_state(struct vcpu *v)
{
    printk("  guest registers (vcpu %u, %s mode):\n", v->vcpu_id,
           v->arch.kernel_mode ? "kernel" : "user");
    show_registers(current == v ? guest_cpu_regs() : &v->arch.user_regs);
}
