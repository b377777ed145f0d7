/*
 * The kernel side of the guest's system calls (numbers and arguments in
 * guest/user_abi.h).
 */
#ifndef GUEST_SYSCALL_H
#define GUEST_SYSCALL_H

#include <guest/proc.h>

/*
 * A handler's result that is not a result: the call blocked and is to
 * be executed again, from its `syscall` instruction, when the process
 * next runs (its registers, rax included, are left as they were).
 */
#define SYSCALL_RESTART     (-0x1000L)

/* Bytes of the syscall instruction (0f 05), to go back over it. */
#define SYSCALL_INSN_LEN    2

/* Runs the system call in p->tf (rax, rdi, rsi, rdx); result to rax. */
void syscall_dispatch(struct proc *p);

#endif /* GUEST_SYSCALL_H */
