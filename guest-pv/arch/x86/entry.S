/*
 * Exception, event and callback entry points registered with the
 * hypervisor (set_trap_table, set_callbacks, callback_op).
 *
 * Xen's x86-64 PV bounce frame, on the guest kernel stack, lowest address
 * first:
 *     rcx, r11, [error code], rip, cs, rflags, rsp, ss
 * %rcx and %r11 hold hypervisor values on entry (Xen returns to the guest
 * with sysret, which needs them) and the interrupted ones are on the
 * stack.  The error code is present only for the vectors where the CPU
 * pushes one (8, 10-14, 17).  A system call from user mode arrives at
 * the syscall callback in the same shape, without error code, on the
 * stack given to stack_switch (as does everything from user mode).  The
 * way back is the iret op of the paravirt-ops table (guest/pvops.h;
 * HYPERVISOR_iret under pv) with
 *     [flags, rip, cs, rflags, rsp, ss]
 * on the stack: the iret stub in the hypercall page pushes rcx, r11 and
 * rax itself (struct iret_context in xen/arch-x86/xen-x86_64.h).
 */
#include <abi/xen.h>
#include <guest/trap_frame.h>
#include <guest/callee_saved.h>
#include <guest/pvops.h>

    .section .text, "ax", @progbits
    .code64

/*
 * One entry stub per vector: restore the interrupted rcx/r11, make the
 * frame uniform (a 0 error code where Xen pushed none), tag it with the
 * vector and go to the common path.
 */
.macro TRAP_ENTRY name:req, vector:req, has_error_code=0
    .globl \name
    .type \name, @function
\name:
    pop     %rcx
    pop     %r11
    .if !\has_error_code
    pushq   $0
    .endif
    pushq   $\vector
    jmp     trap_common
    .size \name, . - \name
.endm

    TRAP_ENTRY entry_de, X86_EXC_DE
    TRAP_ENTRY entry_db, X86_EXC_DB
    TRAP_ENTRY entry_bp, X86_EXC_BP
    TRAP_ENTRY entry_of, X86_EXC_OF
    TRAP_ENTRY entry_br, X86_EXC_BR
    TRAP_ENTRY entry_ud, X86_EXC_UD
    TRAP_ENTRY entry_nm, X86_EXC_NM
    TRAP_ENTRY entry_ts, X86_EXC_TS, 1
    TRAP_ENTRY entry_np, X86_EXC_NP, 1
    TRAP_ENTRY entry_ss, X86_EXC_SS, 1
    TRAP_ENTRY entry_gp, X86_EXC_GP, 1
    TRAP_ENTRY entry_pf, X86_EXC_PF, 1
    TRAP_ENTRY entry_mf, X86_EXC_MF
    TRAP_ENTRY entry_ac, X86_EXC_AC, 1
    TRAP_ENTRY entry_xm, X86_EXC_XM

    /* Callbacks with the same frame shape as an exception without code. */
    TRAP_ENTRY entry_event, TRAP_VECTOR_EVENT
    TRAP_ENTRY entry_syscall, TRAP_VECTOR_SYSCALL

/*
 * Save the general registers below the frame, call
 * trap_dispatch(struct trap_frame *) and return through HYPERVISOR_iret
 * with whatever the handler left in the frame (it may move rip).
 */
trap_common:
    cld                             /* the C ABI wants DF clear */
    PUSH_TRAP_REGS

    mov     %rsp, %rbx              /* callee-saved: the frame */
    mov     %rsp, %rdi
    and     $-16, %rsp              /* Xen does not promise alignment */
    call    trap_dispatch
    mov     %rbx, %rsp

/*
 * Return through HYPERVISOR_iret with the frame at %rsp, which the
 * handler may have changed, even to another process's registers.
 * iret_context.flags goes into the error-code slot: VGCF_in_syscall
 * when the frame was saved by a system call from user mode (Xen then
 * returns with sysret and need not restore rcx and r11, which the
 * syscall instruction destroyed anyway), else 0 (restore every field).
 */
    .globl trap_return
trap_return:
    movq    $0, TF_ERROR_CODE(%rsp)
    cmpq    $TRAP_VECTOR_SYSCALL, TF_VECTOR(%rsp)
    jne     1f
    movq    $VGCF_in_syscall, TF_ERROR_CODE(%rsp)
1:
    POP_TRAP_REGS

    add     $8, %rsp                /* drop the vector: flags on top */
    jmp     *pv_ops + PVOPS_CPU_IRET
    .size trap_common, . - trap_common

/* The pv backends' return: HYPERVISOR_iret's stub in the hypercall page. */
    .globl xen_iret
    .type xen_iret, @function
xen_iret:
    jmp     hypercall_page + __HYPERVISOR_iret * 32
    .size xen_iret, . - xen_iret

/*
 * void proc_enter(struct trap_frame *frame, unsigned long *save_rsp)
 *
 * Enters user mode with the registers in frame (at the top of the
 * user-entry stack) and saves the caller's callee-saved registers and
 * stack pointer in *save_rsp.  It "returns" only when proc_leave() is
 * given that stack pointer, which discards whatever the user-entry
 * stack held.
 */
    .globl proc_enter
    .type proc_enter, @function
proc_enter:
    PUSH_CALLEE_SAVED
    mov     %rsp, (%rsi)
    mov     %rdi, %rsp
    jmp     trap_return
    .size proc_enter, . - proc_enter

/* void proc_leave(unsigned long saved_rsp): back into proc_enter's caller. */
    .globl proc_leave
    .type proc_leave, @function
proc_leave:
    mov     %rdi, %rsp
    POP_CALLEE_SAVED
    ret
    .size proc_leave, . - proc_leave

/*
 * The failsafe callback: Xen could not load the guest's segment registers
 * on a return to it.  Its frame is [rcx, r11, ds, es, fs, gs, rip, cs,
 * rflags, rsp, ss]; there is nothing to repair in this kernel, so report
 * it and crash the domain.
 */
    .globl entry_failsafe
    .type entry_failsafe, @function
entry_failsafe:
    cld
    mov     %rsp, %rdi
    and     $-16, %rsp
    call    failsafe_fatal
    ud2
    .size entry_failsafe, . - entry_failsafe

    .section .note.GNU-stack, "", @progbits
