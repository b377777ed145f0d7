/*
 * The guest kernel's own system-call interface, shared by the kernel and
 * the user programs in guest-pv/user/ (so: no other includes).
 *
 * A user program calls `syscall` with the number in rax and arguments
 * in rdi, rsi, rdx; the result comes back in rax, negative on error
 * (the errno values are Xen's, which are Linux's); rcx and r11 are
 * destroyed, as by any syscall.  Processes are entered at the ELF entry
 * with rdi = their role (USER_ROLE_*) and rsi = their pid.
 */
#ifndef GUEST_USER_ABI_H
#define GUEST_USER_ABI_H

/* The user address-space layout: the lower half, L4 slots 0-255. */
#define USER_VA_END         0x0000800000000000ul
#define USER_IMAGE_BASE     0x0000000000400000ul  /* ELF segments */
#define USER_IMAGE_END      0x0000000010000000ul
#define USER_HEAP_BASE      0x0000000010000000ul  /* demand-zero */
#define USER_HEAP_SIZE      0x0000000000800000ul
#define USER_STACK_TOP      0x00007ffffffff000ul  /* demand-zero, below */
#define USER_STACK_SIZE     0x0000000000040000ul

/* System calls. */
#define SYS_exit        0   /* (status): never returns */
#define SYS_write       1   /* (buf, len): to the console; len or error */
#define SYS_getpid      2   /* (): the caller's pid */
#define SYS_yield       3   /* (): let the next process run */
#define SYS_fork        4   /* (): child's pid in the parent, 0 in it */
#define SYS_wait        5   /* (int *status): a child's pid, or error */
#define SYS_fail        6   /* (msg): record why a test failed */
#define SYS_meminfo     7   /* (struct user_meminfo *): 0 or error */
#define NR_SYSCALLS     8
/*
 * Never a system call (-ENOSYS), except while `bench` runs natively:
 * then the syscall entry answers it with sysretq at once, the bare
 * round trip (guest-pv/bench/bench_floor.S).
 */
#define SYS_bench_floor 0x7ffe

/* Errors (negative results). */
#define USER_ECHILD     10
#define USER_ENOMEM     12
#define USER_EFAULT     14
#define USER_EINVAL     22
#define USER_ENOSYS     38

#ifndef __ASSEMBLY__
struct user_meminfo {
    unsigned long free_frames;      /* the kernel's free frames */
    unsigned long demand_faults;    /* this process: pages zero-filled */
    unsigned long cow_copies;       /* this process: pages copied */
    unsigned long pages;            /* this process: pages mapped */
};
#endif

/* What a process does (its first argument); see guest-pv/user/main.c. */
#define USER_ROLE_SYSCALLS      1   /* write, getpid, bad numbers, args */
#define USER_ROLE_DEMAND        2   /* touch a large untouched region */
#define USER_ROLE_FORK          3   /* fork: separate copies of pages */
#define USER_ROLE_FORK_COW      4   /* fork shares frames until written */
#define USER_ROLE_FORK_WAIT     5   /* several children, exit statuses */
#define USER_ROLE_YIELD         6   /* yield a few times, then exit */
#define USER_ROLE_READ_KERNEL   7   /* read the kernel: must fault */
#define USER_ROLE_READ_XEN      8   /* read the hypervisor: must fault */
#define USER_ROLE_WRITE_TEXT    9   /* write own code: must fault */
#define USER_ROLE_OUTSIDE       10  /* touch past the heap: must fault */
#define USER_ROLE_PRIVILEGED    11  /* cli: must fault (#GP) */
#define USER_ROLE_BENCH         12  /* `bench`: the user-mode cases */
#define USER_ROLE_BENCH_FLOOR   13  /* `bench`, natively: syscall floor */
#define USER_ROLE_PORT_IO       14  /* in from COM2: must fault (#GP) */

/* Times USER_ROLE_YIELD yields before it exits. */
#define USER_YIELDS             3

/* Pages USER_ROLE_DEMAND touches (crossing two L1 tables). */
#define USER_DEMAND_PAGES       1024

#endif /* GUEST_USER_ABI_H */
