/*
 * void thread_switch(unsigned long *save_rsp, unsigned long next_rsp)
 *
 * Saves the callee-saved registers on the current stack and the stack
 * pointer in *save_rsp, then takes next_rsp and pops the same registers
 * off it: the call "returns" in the other thread, where that thread last
 * called thread_switch (or, for a new thread, at the address its stack
 * was prepared with; kernel/sched.c).  The caller-saved registers are
 * the C caller's business; the event mask is the scheduler's (events
 * are masked across every switch).
 */
#include <guest/callee_saved.h>

    .section .text, "ax", @progbits
    .code64

    .globl thread_switch
    .type thread_switch, @function
thread_switch:
    PUSH_CALLEE_SAVED
    mov     %rsp, (%rdi)
    mov     %rsi, %rsp
    POP_CALLEE_SAVED
    ret
    .size thread_switch, . - thread_switch

    .section .note.GNU-stack, "", @progbits
