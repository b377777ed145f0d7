/*
 * The user programs' library: system-call wrappers and reporting.
 */
#ifndef USER_ULIB_H
#define USER_ULIB_H

#include <guest/lib.h>
#include <guest/user_abi.h>

/* syscall: nr in rax, arguments in rdi, rsi, rdx; rcx, r11 destroyed. */
static inline long syscall3(long nr, long a1, long a2, long a3)
{
    long ret;

    asm volatile ("syscall"
                  : "=a" (ret)
                  : "a" (nr), "D" (a1), "S" (a2), "d" (a3)
                  : "rcx", "r11", "memory");
    return ret;
}

static inline void __noreturn sys_exit(int status)
{
    syscall3(SYS_exit, status, 0, 0);
    __builtin_unreachable();
}

static inline long sys_write(const void *buf, unsigned long len)
{
    return syscall3(SYS_write, (long)buf, (long)len, 0);
}

static inline long sys_getpid(void)
{
    return syscall3(SYS_getpid, 0, 0, 0);
}

static inline long sys_yield(void)
{
    return syscall3(SYS_yield, 0, 0, 0);
}

static inline long sys_fork(void)
{
    return syscall3(SYS_fork, 0, 0, 0);
}

static inline long sys_wait(int *status)
{
    return syscall3(SYS_wait, (long)status, 0, 0);
}

static inline long sys_meminfo(struct user_meminfo *mi)
{
    return syscall3(SYS_meminfo, (long)mi, 0, 0);
}

/* Formats a line and writes it to the console. */
void uprintf(const char *fmt, ...) __printf(1, 2);

/*
 * If !ok: formats the reason and reports it to the kernel (SYS_fail,
 * which keeps the first one for the kernel's TEST line).  Returns ok,
 * so that checks can be chained: ok &= check(...).
 */
bool check(bool ok, const char *fmt, ...) __printf(2, 3);

/* The roles (guest/user_abi.h USER_ROLE_*); each returns 0 if it passed. */
int role_syscalls(long pid);
int role_yield(void);
int role_demand(void);
int role_fork(void);
int role_fork_cow(void);
int role_fork_wait(void);
int role_read_kernel(void);
int role_read_xen(void);
int role_write_text(void);
int role_outside(void);
int role_privileged(void);
int role_bench(long pid);
int role_bench_floor(void);
int role_port_io(void);

#endif /* USER_ULIB_H */
