/*
 * The paravirtual backends, `pv` and `pv-hcall`: the kernel as a Xen PV
 * guest, every privileged operation a hypercall or a store to memory it
 * shares with the hypervisor.  The page-table ops are in pvops_pv_mmu.c.
 *
 * Interrupts (irqflags.h has the whole story): events are held off while
 * vcpu_info.evtchn_upcall_mask is set, a plain store; an event that came
 * while masked only sets evtchn_upcall_pending, and Xen delivers it on
 * its next return to the guest, so enabling makes a cheap hypercall when
 * the flag is set.  pv-hcall sets the mask with our explicit hypercall
 * instead (__HYPERVISOR_xpv_event_mask, abi/ext.h), the textbook "cli
 * becomes a hypercall" for the overhead table; it returns the old mask
 * and delivers an owed upcall on its way back like any hypercall.
 */
#include <abi/ext.h>
#include <abi/guest_hypercall.h>
#include <xen/errno.h>
#include <guest/extable.h>
#include <guest/console.h>
#include <guest/msr.h>
#include <guest/events.h>
#include <guest/irqflags.h>
#include <guest/pvclock.h>
#include <guest/time.h>
#include <guest/trap_frame.h>
#include <guest/traps.h>
#include "pvops_xen.h"

void xen_irq_disable(void)
{
    irq_vcpu_info()->evtchn_upcall_mask = 1;
    barrier();
}

void xen_irq_enable(void)
{
    vcpu_info_t *vi = irq_vcpu_info();

    barrier();
    vi->evtchn_upcall_mask = 0;
    /*
     * The store and the load are to the same vCPU's vcpu_info, and Xen
     * only sets the flag on this CPU or kicks it with an IPI, which
     * brings it through the return-to-guest check anyway: a compiler
     * barrier is enough (as in Linux).
     */
    barrier();
    if (vi->evtchn_upcall_pending)
        (void)HYPERVISOR_xen_version(0, NULL);
}

/* The mask (non-zero: disabled) as irqflags_t and back. */
static irqflags_t flags_of_mask(unsigned long mask)
{
    return mask ? 0 : X86_EFLAGS_IF;
}

irqflags_t xen_irq_save(void)
{
    vcpu_info_t *vi = irq_vcpu_info();
    irqflags_t flags = flags_of_mask(vi->evtchn_upcall_mask);

    vi->evtchn_upcall_mask = 1;
    barrier();
    return flags;
}

void xen_irq_restore(irqflags_t flags)
{
    if (flags & X86_EFLAGS_IF)
        xen_irq_enable();
    else
        xen_irq_disable();
}

bool xen_irq_disabled(void)
{
    return irq_vcpu_info()->evtchn_upcall_mask != 0;
}

/*
 * SCHEDOP_block clears the mask and blocks in one step, and returns at
 * once if an event is owed; the upcall comes on the hypercall's return.
 */
void xen_irq_halt(void)
{
    (void)HYPERVISOR_sched_op(SCHEDOP_block, NULL);
}

static long event_mask_hcall(unsigned long mask)
{
    return _hypercall1(long, xpv_event_mask, mask);
}

static void hcall_irq_disable(void)
{
    (void)event_mask_hcall(1);
}

static void hcall_irq_enable(void)
{
    (void)event_mask_hcall(0);
}

static irqflags_t hcall_irq_save(void)
{
    return flags_of_mask(event_mask_hcall(1));
}

static void hcall_irq_restore(irqflags_t flags)
{
    (void)event_mask_hcall(flags & X86_EFLAGS_IF ? 0 : 1);
}

/*
 * Sets the mask to what it is (it is 1 at boot): 0 if the hypervisor
 * has the hypercall, else its error (-ENOSYS on real Xen).
 */
long pvops_pv_hcall_probe(void)
{
    long old = event_mask_hcall(irq_vcpu_info()->evtchn_upcall_mask);

    return old < 0 ? old : 0;
}

/* ---- cpu ---- */

static long register_callback(uint16_t type, uint16_t flags,
                              unsigned long entry)
{
    struct callback_register cb = {
        .type = type,
        .flags = flags,
        .address = entry,
    };

    return HYPERVISOR_callback_op(CALLBACKOP_register, &cb);
}

/* Boot cannot go on without its trap and callback registrations. */
static void must(const char *what, long rc)
{
    if (rc)
        panic("%s failed: %ld", what, rc);
}

void xen_load_callbacks(const struct pv_callbacks *cb)
{
    /* Event upcalls always arrive with events masked (callback.h). */
    must("callback_op(event)",
         register_callback(CALLBACKTYPE_event, 0, cb->event));
    must("callback_op(failsafe)",
         register_callback(CALLBACKTYPE_failsafe, CALLBACKF_mask_events,
                           cb->failsafe));
    must("callback_op(syscall)",
         register_callback(CALLBACKTYPE_syscall, CALLBACKF_mask_events,
                           cb->syscall));
}

void xen_load_traps(const struct trap_info *table,
                    const struct pv_callbacks *cb)
{
    must("set_trap_table", HYPERVISOR_set_trap_table(table));
    xen_load_callbacks(cb);
}

void xen_load_kernel_stack(unsigned long rsp)
{
    must("stack_switch", HYPERVISOR_stack_switch(FLAT_KERNEL_SS, rsp));
}

/*
 * A PV guest touches only the segment-base MSRs, through
 * set_segment_base.  Xen has no hypercall that reads a base back, and
 * the bases are the vCPU's own (saved and restored by the hypervisor),
 * so a read answers what this vCPU last loaded.  In guest kernel mode
 * the %gs base is SEGBASE_GS_KERNEL, and the one swapgs would bring in
 * (SHADOW_GS_BASE) is user mode's, SEGBASE_GS_USER.
 */
static unsigned long seg_base[SEGBASE_GS_KERNEL + 1];

/* The op takes the three bases only (not SEGBASE_GS_USER_SEL). */
static long xen_set_segment_base(unsigned int which, unsigned long base)
{
    long rc;

    if (which > SEGBASE_GS_KERNEL)
        return -XEN_EINVAL;
    rc = HYPERVISOR_set_segment_base(which, base);
    if (rc == 0)
        seg_base[which] = base;
    return rc;
}

static int seg_of_msr(uint32_t msr)
{
    switch (msr) {
    case MSR_FS_BASE:           return SEGBASE_FS;
    case MSR_GS_BASE:           return SEGBASE_GS_KERNEL;
    case MSR_SHADOW_GS_BASE:    return SEGBASE_GS_USER;
    }
    return -1;
}

static long xen_write_msr(uint32_t msr, uint64_t val)
{
    int seg = seg_of_msr(msr);

    if (seg < 0)
        return -XEN_EPERM;
    return xen_set_segment_base(seg, val);
}

static long xen_read_msr(uint32_t msr, uint64_t *val)
{
    int seg = seg_of_msr(msr);

    if (seg < 0)
        return -XEN_EPERM;
    *val = seg_base[seg];
    return 0;
}

/*
 * CPUID through Xen's forced-emulation prefix (ud2; .ascii "xen"), so
 * that Xen answers with the guest's policy (leaf 0x40000000 and up:
 * the hypervisor's signature).  A hypervisor that does not know the
 * prefix bounces the #UD to us; the fixup then runs the plain
 * instruction, and counts it.
 */
unsigned long pvops_cpuid_plain_count;

static void xen_cpuid(uint32_t leaf, uint32_t subleaf, uint32_t regs[4])
{
    asm volatile ("1: ud2; .ascii \"xen\"; cpuid; jmp 3f\n"
                  "2: incq %[plain]; cpuid\n"
                  "3:\n"
                  EXTABLE_ENTRY("1b", "2b")
                  : "=a"(regs[0]), "=b"(regs[1]), "=c"(regs[2]),
                    "=d"(regs[3]), [plain] "+m"(pvops_cpuid_plain_count)
                  : "0"(leaf), "2"(subleaf));
}

unsigned long xen_read_cr2(void)
{
    vcpu_info_t *vi = vcpu0();

    return vi ? vi->arch.cr2 : 0;
}

void xen_shutdown(unsigned int reason)
{
    struct sched_shutdown arg = { .reason = reason };

    for (;;)
        (void)HYPERVISOR_sched_op(SCHEDOP_shutdown, &arg);
}

/*
 * One call writes it all: Xen returns 0, and when it has to stop early
 * to stay preemptible it restarts the call itself (a continuation), so
 * the guest never sees a partial write.  An error has nowhere to go.
 */
static void xen_console_write(const char *s, size_t len)
{
    (void)HYPERVISOR_console_io(CONSOLEIO_write, len, (void *)s);
}

/* ---- timer ---- */

static void (*timer_fn)(void);

static void timer_virq(evtchn_port_t port, struct trap_frame *frame,
                       void *data)
{
    (void)port, (void)frame, (void)data;
    timer_fn();
}

/*
 * Xen starts every vCPU with a 10 ms periodic timer on VIRQ_TIMER; it is
 * stopped, so every VIRQ_TIMER is a deadline this kernel asked for.
 */
void xen_timer_init(void (*fn)(void))
{
    long rc = HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL);

    if (rc)
        printk("info: time: stop_periodic_timer: %ld\n", rc);
    timer_fn = fn;
    time_virq_port = evtchn_bind_virq(VIRQ_TIMER, 0, timer_virq, NULL);
    if (time_virq_port < 0)
        printk("info: time: bind VIRQ_TIMER: %ld\n", time_virq_port);
}

uint64_t xen_now_ns(void)
{
    return pvclock_now();
}

/* Without VCPU_SSHOTTMR_future a past deadline fires at once. */
static void xen_set_deadline(uint64_t ns)
{
    long rc;

    if (ns == 0)
        rc = HYPERVISOR_vcpu_op(VCPUOP_stop_singleshot_timer, 0, NULL);
    else
        rc = time_set_singleshot(ns, 0);
    if (rc)
        panic("singleshot timer at %lu: %ld", (unsigned long)ns, rc);
}

#define XEN_MMU_OPS {                                                   \
    .pfn_to_mfn = xen_pfn_to_mfn,                                       \
    .mfn_to_pfn = xen_mfn_to_pfn,                                       \
    .set_pte = xen_set_pte,                                             \
    .flush_ptes = xen_flush_ptes,                                       \
    .set_kernel_pte = xen_set_kernel_pte,                               \
    .pin = xen_pin,                                                     \
    .unpin = xen_unpin,                                                 \
    .set_bases = xen_set_bases,                                         \
    .flush_tlb = xen_flush_tlb,                                         \
    .invlpg = xen_invlpg,                                               \
    .wbinvd = xen_wbinvd,                                               \
}

#define XEN_CPU_OPS {                                                   \
    .load_traps = xen_load_traps,                                       \
    .load_kernel_stack = xen_load_kernel_stack,                         \
    .iret = xen_iret,                                                   \
    .set_segment_base = xen_set_segment_base,                           \
    .read_msr = xen_read_msr,                                           \
    .write_msr = xen_write_msr,                                         \
    .cpuid = xen_cpuid,                                                 \
    .read_cr2 = xen_read_cr2,                                           \
    .shutdown = xen_shutdown,                                           \
}

#define XEN_TIMER_OPS {                                                 \
    .init = xen_timer_init,                                             \
    .now_ns = xen_now_ns,                                               \
    .set_deadline = xen_set_deadline,                                   \
}

const struct pv_ops pvops_pv = {
    .name = "pv",
    .irq = {
        .disable = xen_irq_disable,
        .enable = xen_irq_enable,
        .save = xen_irq_save,
        .restore = xen_irq_restore,
        .disabled = xen_irq_disabled,
        .halt = xen_irq_halt,
    },
    .mmu = XEN_MMU_OPS,
    .cpu = XEN_CPU_OPS,
    .console = { .write = xen_console_write },
    .timer = XEN_TIMER_OPS,
};

const struct pv_ops pvops_pv_hcall = {
    .name = "pv-hcall",
    .irq = {
        .disable = hcall_irq_disable,
        .enable = hcall_irq_enable,
        .save = hcall_irq_save,
        .restore = hcall_irq_restore,
        .disabled = xen_irq_disabled,
        .halt = xen_irq_halt,
    },
    .mmu = XEN_MMU_OPS,
    .cpu = XEN_CPU_OPS,
    .console = { .write = xen_console_write },
    .timer = XEN_TIMER_OPS,
};
