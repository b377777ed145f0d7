/*
 * The system-call table (numbers in guest/user_abi.h), xv6 style: one
 * handler per number, arguments read from the saved user registers.
 */
#include <xen/errno.h>
#include <guest/console.h>
#include <guest/mm.h>
#include <guest/syscall.h>
#include <guest/uaccess.h>
#include <guest/user_abi.h>

/* A write longer than this is cut (and the shorter length returned). */
#define WRITE_MAX   200

typedef long (*syscall_fn)(struct proc *p);

static long sys_exit(struct proc *p)
{
    proc_exit(p, (int)(p->tf.rdi & 0xff));
    return 0;
}

/* One console line per call, tagged with the pid. */
static long sys_write(struct proc *p)
{
    char buf[WRITE_MAX];
    size_t len = p->tf.rsi < WRITE_MAX ? p->tf.rsi : WRITE_MAX;

    if (copy_from_user(buf, p->tf.rdi, len))
        return -USER_EFAULT;
    printk("user %d: %.*s", p->pid, (int)len, buf);
    return (long)len;
}

static long sys_getpid(struct proc *p)
{
    return p->pid;
}

static long sys_yield(struct proc *p)
{
    p->yield = true;
    return 0;
}

static long sys_fork(struct proc *p)
{
    return proc_fork(p);
}

/* Blocks by going back over the syscall: it runs again when woken. */
static long sys_wait(struct proc *p)
{
    int status;
    long pid = proc_wait(p, &status);

    if (pid == SYSCALL_RESTART) {
        p->tf.rip -= SYSCALL_INSN_LEN;
        return SYSCALL_RESTART;
    }
    if (pid > 0 && p->tf.rdi &&
        copy_to_user(p->tf.rdi, &status, sizeof(status)))
        return -USER_EFAULT;
    return pid;
}

static long sys_fail(struct proc *p)
{
    char msg[sizeof(p->detail)];

    if (strncpy_from_user(msg, p->tf.rdi, sizeof(msg)) < 0)
        return -USER_EFAULT;
    printk("info: pid %d reports: %s\n", p->pid, msg);
    if (p->detail[0] == '\0')
        memcpy(p->detail, msg, sizeof(msg));
    return 0;
}

static long sys_meminfo(struct proc *p)
{
    struct user_meminfo mi = {
        .free_frames = frames_free(),
        .demand_faults = p->demand_faults,
        .cow_copies = p->cow_copies,
        .pages = p->as.pages,
    };

    if (copy_to_user(p->tf.rdi, &mi, sizeof(mi)))
        return -USER_EFAULT;
    return 0;
}

static const syscall_fn syscalls[NR_SYSCALLS] = {
    [SYS_exit] = sys_exit,
    [SYS_write] = sys_write,
    [SYS_getpid] = sys_getpid,
    [SYS_yield] = sys_yield,
    [SYS_fork] = sys_fork,
    [SYS_wait] = sys_wait,
    [SYS_fail] = sys_fail,
    [SYS_meminfo] = sys_meminfo,
};

void syscall_dispatch(struct proc *p)
{
    unsigned long nr = p->tf.rax;
    long ret;

    if (p->syscalls++ == 0)
        p->first_syscall = p->tf;
    ret = nr < NR_SYSCALLS ? syscalls[nr](p) : -USER_ENOSYS;
    if (ret != SYSCALL_RESTART)
        p->tf.rax = (uint64_t)ret;
}
