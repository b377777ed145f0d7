/*
 * The native syscall floor (bench_user.c): while the user-mode cases
 * run natively, LSTAR points here.  A syscall with SYS_bench_floor goes
 * straight back with sysretq - rcx and r11 still hold the user rip and
 * rflags the syscall saved, and the CPU masked IF (the native SFMASK),
 * so nothing runs on the user stack meanwhile: the bare ring 3 -> ring 0
 * -> ring 3 round trip and nothing else.  Any other number goes on to
 * the kernel's own entry (the flags cmp changes are not the user's:
 * those are in r11).
 */
#include <guest/user_abi.h>

        .text
        .globl bench_floor_entry
bench_floor_entry:
        cmpq    $SYS_bench_floor, %rax
        jne     1f
        sysretq
1:      jmp     *bench_floor_next(%rip)

        .data
        .balign 8
        .globl bench_floor_next
/* The kernel's own LSTAR, put back after the user-mode cases. */
bench_floor_next:
        .quad   0
