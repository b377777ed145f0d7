/*
 * Exceptions and callbacks: registration through the paravirt-ops table
 * (set_trap_table and callback_op under pv), and the C half of every
 * entry in arch/x86/entry.S.
 */
#include <guest/console.h>
#include <guest/extable.h>
#include <guest/hypervisor.h>
#include <guest/proc.h>
#include <guest/pvops.h>
#include <guest/thread.h>
#include <guest/traps.h>

/*
 * trap_info.flags: bits 0-1 are the DPL checked for `int $n` (so only
 * #BP and #OF may be raised from user mode by int3/into), bit 2 asks Xen
 * to mask events on entry, as an interrupt gate clears IF.
 */
#define TI_MASK_EVENTS  4
#define TI_KERNEL       (0 | TI_MASK_EVENTS)
#define TI_USER         (3 | TI_MASK_EVENTS)

#define TRAP(vec, dpl, entry) \
    { .vector = (vec), .flags = (dpl), .cs = FLAT_KERNEL_CS, \
      .address = (unsigned long)(entry) }

/*
 * Not listed: NMI (Xen delivers it through CALLBACKTYPE_nmi), #DF and #MC
 * (Xen keeps them), and vector 9 (no longer raised by CPUs).  The table
 * ends with an entry whose address is 0, as set_trap_table requires.
 */
static const struct trap_info trap_table[] = {
    TRAP(X86_EXC_DE, TI_KERNEL, entry_de),
    TRAP(X86_EXC_DB, TI_KERNEL, entry_db),
    TRAP(X86_EXC_BP, TI_USER, entry_bp),
    TRAP(X86_EXC_OF, TI_USER, entry_of),
    TRAP(X86_EXC_BR, TI_KERNEL, entry_br),
    TRAP(X86_EXC_UD, TI_KERNEL, entry_ud),
    TRAP(X86_EXC_NM, TI_KERNEL, entry_nm),
    TRAP(X86_EXC_TS, TI_KERNEL, entry_ts),
    TRAP(X86_EXC_NP, TI_KERNEL, entry_np),
    TRAP(X86_EXC_SS, TI_KERNEL, entry_ss),
    TRAP(X86_EXC_GP, TI_KERNEL, entry_gp),
    TRAP(X86_EXC_PF, TI_KERNEL, entry_pf),
    TRAP(X86_EXC_MF, TI_KERNEL, entry_mf),
    TRAP(X86_EXC_AC, TI_KERNEL, entry_ac),
    TRAP(X86_EXC_XM, TI_KERNEL, entry_xm),
    { 0, 0, 0, 0 },
};

static const struct pv_callbacks callbacks = {
    .event = (unsigned long)entry_event,
    .syscall = (unsigned long)entry_syscall,
    .failsafe = (unsigned long)entry_failsafe,
};

static trap_hook_fn trap_hooks[X86_NR_EXC];

void traps_init(void)
{
    pv_ops.cpu.load_traps(trap_table, &callbacks);
    /* The stack entries from user mode arrive on. */
    pv_ops.cpu.load_kernel_stack((unsigned long)kernel_stack_top);
}

trap_hook_fn trap_set_hook(unsigned int vector, trap_hook_fn hook)
{
    trap_hook_fn old = trap_hooks[vector];

    trap_hooks[vector] = hook;
    return old;
}

static void dump_frame(const struct trap_frame *f)
{
    printk("vector %lu error 0x%lx rip %016lx cs %lx rflags %lx\n",
           f->vector, f->error_code, f->rip, f->cs, f->rflags);
    printk("rsp %016lx ss %lx cr2 %016lx\n", f->rsp, f->ss,
           pv_ops.cpu.read_cr2());
    printk("rax %016lx rbx %016lx rcx %016lx rdx %016lx\n",
           f->rax, f->rbx, f->rcx, f->rdx);
    printk("rsi %016lx rdi %016lx rbp %016lx r8  %016lx\n",
           f->rsi, f->rdi, f->rbp, f->r8);
}

static void __noreturn trap_fatal(const struct trap_frame *f,
                                  const char *why)
{
    printk("fatal: %s\n", why);
    dump_frame(f);
    hypervisor_shutdown(SHUTDOWN_crash);
}

/* CS RPL 3 in a bounce frame: it interrupted guest user mode. */
static bool from_user_mode(const struct trap_frame *frame)
{
    return (frame->cs & 3) == 3;
}

/* The kernel touched user memory (a system call's buffer). */
static bool user_page_fault(const struct trap_frame *frame)
{
    return frame->vector == X86_EXC_PF &&
           proc_page_fault(pv_ops.cpu.read_cr2(), frame->error_code);
}

void trap_dispatch(struct trap_frame *frame)
{
    trap_hook_fn hook;

    if (frame->vector == TRAP_VECTOR_EVENT) {
        event_upcall(frame);
        /* May return much later, in this thread's next turn. */
        sched_preempt(frame);
        return;
    }
    if (from_user_mode(frame)) {
        proc_trap(frame);
        return;
    }
    if (frame->vector == TRAP_VECTOR_SYSCALL)
        trap_fatal(frame, "system call from guest kernel mode");
    if (user_page_fault(frame))
        return;

    hook = frame->vector < X86_NR_EXC ? trap_hooks[frame->vector] : NULL;
    if (hook && hook(frame))
        return;
    if (extable_fixup(frame))
        return;
    trap_fatal(frame, "unhandled exception in the kernel");
}

void failsafe_fatal(const uint64_t *frame)
{
    /* [rcx, r11, ds, es, fs, gs, rip, cs, rflags, rsp, ss] */
    printk("fatal: failsafe callback: rip %016lx cs %lx ds %lx es %lx "
           "fs %lx gs %lx\n", frame[6], frame[7], frame[2], frame[3],
           frame[4], frame[5]);
    hypervisor_shutdown(SHUTDOWN_crash);
}
