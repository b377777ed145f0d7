/*
 * Switching this CPU from one vCPU to another (the scheduler's
 * arch_sched_context_switch hook).
 *
 * Every vCPU shares its CPU's one stack (Xen's model): a guest vCPU's
 * registers live in cpu_info.guest_regs while it runs and in
 * v->arch.user_regs while it does not.  A switch from a guest vCPU happens
 * on the return-to-guest path, so it returns there and the new frame is
 * restored; a switch from the idle vCPU cannot return into the idle loop
 * and enters the guest on a fresh stack instead.  A switch to the idle
 * vCPU restarts the idle loop on a fresh stack.
 */
#include <hv/domain.h>
#include <hv/sched.h>
#include <hv/setup.h>
#include <hv/current.h>
#include <hv/vcpu_timer.h>
#include <asm/current.h>
#include <asm/descriptor.h>
#include <asm/ioport.h>
#include <asm/msr.h>
#include <asm/paging.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/smp.h>

__noreturn void reset_stack_and_enter_guest(struct cpu_regs *regs);

#define MXCSR_DEFAULT 0x1f80

static void fpu_save(struct vcpu *v)
{
    clts();
    asm volatile("fxsave64 %0" : "=m"(v->arch.fpu_area));
}

/* A vCPU's first FPU state is the architectural reset state. */
static void fpu_restore(struct vcpu *v)
{
    uint32_t mxcsr = MXCSR_DEFAULT;

    clts();
    if (v->arch.fpu_initialised) {
        asm volatile("fxrstor64 %0" :: "m"(v->arch.fpu_area));
    } else {
        asm volatile("fninit; ldmxcsr %0" :: "m"(mxcsr));
        v->arch.fpu_initialised = true;
    }
    if (v->arch.fpu_ts)
        stts();
}

int load_ds_selector(uint16_t sel);
int load_es_selector(uint16_t sel);
int load_fs_selector(uint16_t sel);
int load_gs_selector(uint16_t sel);

static void save_selectors(struct vcpu *v)
{
    asm volatile("mov %%ds, %0" : "=m"(v->arch.sel[0]));
    asm volatile("mov %%es, %0" : "=m"(v->arch.sel[1]));
    asm volatile("mov %%fs, %0" : "=m"(v->arch.sel[2]));
    asm volatile("mov %%gs, %0" : "=m"(v->arch.sel[3]));
}

/*
 * A guest may load any selector it can name; the previous vCPU's must not
 * leak into the next.  A reload fails when the descriptor is gone or no
 * longer fits (a GDT replaced by set_gdt, a descriptor changed by
 * update_descriptor, a bad selector in VCPUOP_initialise's context): the
 * register is then null and the failsafe callback is told (Xen's
 * load_segments).  Loading %fs/%gs resets their bases: the caller writes
 * the bases after.  Returns true if every selector loaded.
 */
static bool load_selectors(const struct vcpu *v)
{
    int bad = load_ds_selector(v->arch.sel[0]) |
              load_es_selector(v->arch.sel[1]) |
              load_fs_selector(v->arch.sel[2]) |
              load_gs_selector(v->arch.sel[3]);

    return bad == 0;
}

static void save_guest_state(struct vcpu *v)
{
    v->arch.user_regs = get_cpu_info()->guest_regs;
    save_selectors(v);
    fpu_save(v);
}

/*
 * Descriptor tables, selectors, segment bases, page tables and FPU of the
 * vCPU about to run, then its frame; a failed selector reload bounces
 * that frame to the failsafe callback (on v's page tables, hence last).
 */
static void load_guest_state(struct vcpu *v)
{
    struct cpu_regs *regs = &get_cpu_info()->guest_regs;
    bool segs_ok;

    pv_load_desc_tables(v);
    segs_ok = load_selectors(v);
    wrmsr(MSR_FS_BASE, v->arch.fs_base);
    wrmsr(MSR_GS_BASE, v->arch.kernel_mode ? v->arch.gs_base_kernel
                                           : v->arch.gs_base_user);
    /* Noted before the (serializing) CR3 write: see asm/smp.h. */
    tlb_note_loaded(v->domain);
    write_cr3((paddr_t)(v->arch.kernel_mode ? v->arch.guest_table
                                            : v->arch.guest_table_user)
              << PAGE_SHIFT);
    fpu_restore(v);
    io_bitmap_load(v);
    *regs = v->arch.user_regs;
    if (!segs_ok)
        pv_deliver_failsafe(v, regs, v->arch.sel);
}

void arch_sched_context_switch(struct vcpu *prev, struct vcpu *next)
{
    struct cpu_info *ci = get_cpu_info();

    if (!is_idle_vcpu(prev)) {
        save_guest_state(prev);
        vcpu_timer_switch_from(prev);
    }
    set_current_vcpu(next);
    if (!is_idle_vcpu(next)) {
        load_guest_state(next);
        vcpu_timer_switch_to(next);
    } else if (!is_idle_vcpu(prev)) {
        pv_load_desc_tables(next);
        /*
         * Idle on the hypervisor's own tables: a guest's may be freed
         * while we idle, and TLB shootdowns can then skip this CPU.
         */
        write_cr3(paging_idle_l4());
        tlb_note_loaded(NULL);
    }
    sched_context_saved(&prev->sched);

    if (is_idle_vcpu(next))
        idle_loop();
    if (is_idle_vcpu(prev))
        reset_stack_and_enter_guest(&ci->guest_regs);
}
