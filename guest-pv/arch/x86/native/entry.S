/*
 * Native entries and exits: the IDT stubs, the `syscall` entry, the
 * timer interrupt and the return (pv_ops.cpu.iret).
 *
 * The kernel's handlers expect Xen's PV bounce frame (entry.S,
 * guest/pvops.h):
 *     rcx, r11, [error code], rip, cs, rflags, rsp, ss
 * In 64-bit mode the CPU pushes [error code], rip, cs, rflags, rsp, ss
 * for every exception and interrupt, from ring 0 too, so a stub only
 * pushes r11 and rcx on top and jumps to the handler the kernel
 * registered (native_trap_handler[vector], set by desc.c's load_traps).
 * A vector with no handler goes to native_fatal() instead.
 *
 * %gs: the kernel never uses it, but keeps Xen's two bases (SEGBASE_GS_
 * USER and _KERNEL): every way in from user mode does swapgs, and so
 * does the way back to it, so in the kernel MSR_SHADOW_GS_BASE is the
 * user's base, as Xen keeps it.
 */
#include <abi/xen.h>
#include <guest/layout.h>
#include <guest/native.h>
#include <guest/trap_frame.h>

#define EFLAGS_IOPL_NT  0x7000      /* IOPL (12-13) and NT (14) */

/* Stack offsets in the hardware frame under the pushed rcx and r11. */
#define HW_CS_NOEC      (3 * 8)     /* rcx, r11, rip, cs */

    .section .text, "ax", @progbits
    .code64

/*
 * One stub per vector, 16 bytes apart (desc.c computes their addresses
 * as native_vector_stubs + 16 * vector).  Only the vector differs; the
 * error code, if the CPU pushed one, stays where the handler wants it.
 */
    .balign 16
    .globl native_vector_stubs
native_vector_stubs:
    .set vec, 0
    .rept 256
    .balign 16
    push    %r11
    push    %rcx
    mov     $vec, %ecx
    jmp     native_vector_common
    .set vec, vec + 1
    .endr

/*
 * %rcx = vector; rcx and r11 saved.  Entered from user mode (CS RPL 3,
 * found one slot higher when the CPU pushed an error code): swapgs.
 * Then to the kernel's handler, or native_fatal() when it has none.
 */
native_vector_common:
    cmp     $32, %ecx               /* only exceptions have error codes */
    jae     0f
    mov     native_has_error_code(%rip), %r11d
    bt      %ecx, %r11d
    jc      1f
0:
    testb   $3, HW_CS_NOEC(%rsp)
    jmp     2f
1:  testb   $3, HW_CS_NOEC + 8(%rsp)
2:  jz      3f
    swapgs
3:  mov     native_trap_handler(, %rcx, 8), %r11
    test    %r11, %r11
    jz      native_fatal_entry
    jmp     *%r11

/*
 * No handler: save the general registers (the interrupted rcx and r11
 * are the frame's) and call native_fatal(vector, regs, frame), which
 * reports and ends the machine.  %rcx = vector, the stack as the stub
 * left it.
 */
native_fatal_entry:
    PUSH_TRAP_REGS
    mov     %ecx, %edi              /* vector */
    mov     %rsp, %rsi              /* regs: r15 ... rax */
    lea     15 * 8(%rsp), %rdx      /* frame: rcx, r11, [error], rip... */
    and     $-16, %rsp
    call    native_fatal
    ud2

/*
 * The local APIC timer: acknowledge and run the kernel's timer function
 * (native_timer_interrupt(), caller-saved registers kept here), then
 * enter the kernel's interrupt callback as an event upcall would, so
 * that it may preempt; with no callback yet, return at once.
 */
    .globl native_timer_stub
native_timer_stub:
    push    %r11
    push    %rcx
    testb   $3, HW_CS_NOEC(%rsp)
    jz      1f
    swapgs
1:  push    %rax
    push    %rdx
    push    %rsi
    push    %rdi
    push    %r8
    push    %r9
    push    %r10
    mov     %rsp, %rax
    and     $-16, %rsp
    push    %rax
    push    %rax
    cld
    call    native_timer_interrupt
    pop     %rax
    mov     %rax, %rsp
    pop     %r10
    pop     %r9
    pop     %r8
    pop     %rdi
    pop     %rsi
    pop     %rdx
    pop     %rax
    mov     native_event_entry(%rip), %r11
    test    %r11, %r11
    jz      1f
    jmp     *%r11
1:  pop     %rcx
    pop     %r11
    push    $0                      /* flags: what native_iret skips */
    jmp     native_iret

/* The APIC does not want an EOI for its spurious vector (SDM). */
    .globl native_spurious_stub
native_spurious_stub:
    iretq

/*
 * `syscall` from user mode (the only mode that may: the kernel never
 * makes one natively).  The CPU loaded CS/SS from MSR_STAR, rcx = rip,
 * r11 = rflags, and cleared IF (MSR_SYSCALL_MASK); %rsp is still the
 * user's.  Build on TSS.rsp0 what Xen's bounce gives the syscall
 * callback: rcx, r11, rip, cs, rflags, rsp, ss with Xen's user
 * selectors.  One CPU: the user %rsp waits in a global while no
 * interrupt can come.
 */
    .globl native_syscall_entry
native_syscall_entry:
    swapgs
    mov     %rsp, native_syscall_user_rsp(%rip)
    mov     native_tss + 4(%rip), %rsp      /* TSS.rsp0 */
    pushq   $NATIVE_USER_DS
    pushq   native_syscall_user_rsp(%rip)
    push    %r11
    pushq   $NATIVE_USER_CS
    push    %rcx
    push    %r11
    push    %rcx
    jmp     *native_syscall_target(%rip)

/*
 * pv_ops.cpu.iret: %rsp at [flags, rip, cs, rflags, rsp, ss], every
 * general register already the target's.  After a system call
 * (VGCF_in_syscall) sysretq, as Xen returns then; else iretq.  To user
 * mode: no IOPL or NT from the frame (Xen's iret clears them too), and
 * swapgs back.
 */
#define IRET_RIP        8
#define IRET_CS         16
#define IRET_RFLAGS     24
#define IRET_RSP        32

    .globl native_iret
native_iret:
    testl   $VGCF_in_syscall, (%rsp)
    jnz     native_sysret
native_iretq:
    add     $8, %rsp
    testb   $3, IRET_CS - 8(%rsp)
    jz      1f
    andq    $~EFLAGS_IOPL_NT, IRET_RFLAGS - 8(%rsp)
    swapgs
1:  iretq

/*
 * sysretq takes rip from rcx and rflags from r11, which a system call's
 * return need not keep.  Only to user code at a canonical rip: sysretq
 * would raise that #GP in ring 0 on the user's stack; anything else
 * takes iretq.  Interrupts off from the switch to the user's stack on,
 * still in ring 0 there (sysretq sets IF from r11).
 */
native_sysret:
    cmpw    $NATIVE_USER_CS, IRET_CS(%rsp)
    jne     native_iretq
    mov     IRET_RIP(%rsp), %rcx
    mov     %rcx, %r11
    shl     $16, %r11
    sar     $16, %r11
    cmp     %rcx, %r11
    jne     native_iretq
    cli
    mov     IRET_RFLAGS(%rsp), %r11
    and     $~EFLAGS_IOPL_NT, %r11
    mov     IRET_RSP(%rsp), %rsp
    swapgs
    sysretq

    .section .bss.native_entry, "aw", @nobits
    .balign 8
native_syscall_user_rsp:
    .skip 8

    .section .note.GNU-stack, "", @progbits
