/*
 * The entry of a user program.  The kernel starts it with rdi = role,
 * rsi = pid, rsp = USER_STACK_TOP (16-byte aligned) on a stack that is
 * not mapped yet: the first push is a demand-zero fault.
 */
#include <guest/user_abi.h>

    .section .text.start, "ax", @progbits
    .globl _start
    .type _start, @function
_start:
    xor     %ebp, %ebp              /* end of the frame-pointer chain */
    call    main                    /* main(role, pid) */
    mov     %rax, %rdi
    mov     $SYS_exit, %eax
    syscall
    ud2                             /* exit does not return */
    .size _start, . - _start

    .section .note.GNU-stack, "", @progbits
