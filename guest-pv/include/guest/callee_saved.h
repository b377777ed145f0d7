/*
 * The registers the SysV x86-64 ABI makes a callee preserve, saved and
 * restored in one fixed order by every stack switch in the kernel
 * (thread_switch, proc_enter/proc_leave): a stack saved by one is taken
 * up by the other.
 */
#ifndef GUEST_CALLEE_SAVED_H
#define GUEST_CALLEE_SAVED_H

#ifdef __ASSEMBLY__
.macro PUSH_CALLEE_SAVED
    push    %rbp
    push    %rbx
    push    %r12
    push    %r13
    push    %r14
    push    %r15
.endm

.macro POP_CALLEE_SAVED
    pop     %r15
    pop     %r14
    pop     %r13
    pop     %r12
    pop     %rbx
    pop     %rbp
.endm
#endif

#endif /* GUEST_CALLEE_SAVED_H */
