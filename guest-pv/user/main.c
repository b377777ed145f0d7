/*
 * The user program: one executable, several roles, chosen by the kernel
 * at spawn (guest/user_abi.h USER_ROLE_*).  The exit status is 0 when
 * every check of the role held; a failed check tells the kernel why
 * through SYS_fail.
 */
#include "ulib.h"

int main(long role, long pid);

int main(long role, long pid)
{
    switch (role) {
    case USER_ROLE_SYSCALLS:
        return role_syscalls(pid);
    case USER_ROLE_DEMAND:
        return role_demand();
    case USER_ROLE_FORK:
        return role_fork();
    case USER_ROLE_FORK_COW:
        return role_fork_cow();
    case USER_ROLE_FORK_WAIT:
        return role_fork_wait();
    case USER_ROLE_YIELD:
        return role_yield();
    case USER_ROLE_READ_KERNEL:
        return role_read_kernel();
    case USER_ROLE_READ_XEN:
        return role_read_xen();
    case USER_ROLE_WRITE_TEXT:
        return role_write_text();
    case USER_ROLE_OUTSIDE:
        return role_outside();
    case USER_ROLE_PRIVILEGED:
        return role_privileged();
    case USER_ROLE_BENCH:
        return role_bench(pid);
    case USER_ROLE_BENCH_FLOOR:
        return role_bench_floor();
    case USER_ROLE_PORT_IO:
        return role_port_io();
    }
    check(false, "unknown role %ld", role);
    return 1;
}
