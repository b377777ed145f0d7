/*
 * selftest=mm, user processes: each case spawns the user program
 * (guest-pv/user/) in one or more roles, runs processes until none is
 * runnable, and checks how they ended.  A role's own checks report
 * their failure through SYS_fail and a non-zero exit status; a role that
 * must be killed is checked against the exception that killed it.
 */
#include <guest/console.h>
#include <guest/hypervisor.h>
#include <guest/elf_load.h>
#include <guest/proc.h>
#include <guest/selftest.h>
#include <guest/user_abi.h>

#define KERNEL_ADDR     KERNEL_VIRT_BASE
#define XEN_ADDR        0xffff830000000000ul

static int spawn(struct test *t, long role)
{
    int pid = proc_spawn(user_image, (size_t)(user_image_end - user_image),
                         role);

    if (pid < 0)
        test_fail(t, "spawn of role %ld: %d", role, pid);
    return pid;
}

/* The process, if it exited; else the case fails. */
static struct proc *exited(struct test *t, int pid)
{
    struct proc *p = proc_find(pid);

    if (!p || p->state != PROC_ZOMBIE) {
        test_fail(t, "pid %d did not exit (state %d)", pid,
                  p ? (int)p->state : -1);
        return NULL;
    }
    return p;
}

static void expect_status(struct test *t, struct proc *p, int status)
{
    if (p->exit_status != status)
        test_fail(t, "pid %d exit status 0x%x, want 0x%x: %s", p->pid,
                  p->exit_status, status,
                  p->detail[0] ? p->detail : "no detail");
}

/*
 * Spawns one process in `role` and runs every process to its end; returns
 * the exited process (the caller reaps it), or NULL when spawning or
 * exiting failed (already recorded as a failure of t).
 */
static struct proc *run_to_exit(struct test *t, long role)
{
    int pid = spawn(t, role);

    if (pid < 0)
        return NULL;
    proc_run_all();
    return exited(t, pid);
}

/* Runs one process in `role` to its end; it must exit with 0. */
static void run_role(struct test *t, long role)
{
    struct proc *p = run_to_exit(t, role);

    if (p) {
        expect_status(t, p, 0);
        proc_reap(p);
    }
    proc_reap_orphans();
}

/*
 * Runs one process in `role`: it must be killed by `vector`; for a page
 * fault at `addr`, with error-code bits `mask` equal to `error`.
 */
static void run_killed(struct test *t, long role, unsigned int vector,
                       unsigned long addr, unsigned long mask,
                       unsigned long error)
{
    struct proc *p = run_to_exit(t, role);

    if (!p)
        return;
    expect_status(t, p, PROC_KILLED | (int)vector);
    if (vector == X86_EXC_PF) {
        expect_true(t, "fault address", p->fault_addr == addr);
        expect_eq(t, "error code bits", (long)(p->fault_error & mask),
                  (long)error);
    }
    proc_reap(p);
}

void test_user_syscall(struct test *t)
{
    run_role(t, USER_ROLE_SYSCALLS);
}

/*
 * Xen's frame for a system call from user mode: the user's rcx and r11
 * (which syscall loaded with the return rip and rflags) on top, then
 * rip, cs, rflags, rsp, ss as the user left them.
 */
void test_syscall_frame(struct test *t)
{
    struct proc *p = run_to_exit(t, USER_ROLE_YIELD);
    const struct trap_frame *f;

    if (!p)
        return;
    f = &p->first_syscall;
    info("syscall frame: rip 0x%lx cs 0x%lx rflags 0x%lx rsp 0x%lx "
         "ss 0x%lx rcx 0x%lx r11 0x%lx\n", f->rip, f->cs, f->rflags,
         f->rsp, f->ss, f->rcx, f->r11);
    expect_eq(t, "cs", (long)f->cs, FLAT_USER_CS);
    expect_eq(t, "ss", (long)f->ss, FLAT_USER_SS);
    expect_true(t, "rcx == rip", f->rcx == f->rip);
    expect_true(t, "r11 == rflags", f->r11 == f->rflags);
    expect_true(t, "rip in the program",
                f->rip >= USER_IMAGE_BASE && f->rip < USER_IMAGE_END);
    expect_true(t, "rflags.IF", f->rflags & X86_EFLAGS_IF);
    expect_true(t, "rsp on the user stack", f->rsp < USER_STACK_TOP &&
                f->rsp >= USER_STACK_TOP - USER_STACK_SIZE);
    expect_eq(t, "exit status", p->exit_status, 0);
    proc_reap(p);
}

void test_demand_zero(struct test *t)
{
    run_role(t, USER_ROLE_DEMAND);
}

void test_fork_copy(struct test *t)
{
    run_role(t, USER_ROLE_FORK);
}

void test_fork_cow(struct test *t)
{
    run_role(t, USER_ROLE_FORK_COW);
}

void test_fork_wait(struct test *t)
{
    run_role(t, USER_ROLE_FORK_WAIT);
}

/* Three processes yielding in turn: a b c a b c ... */
void test_round_robin(struct test *t)
{
    int pids[3], trace[16], i, n;
    struct proc *p;

    for (i = 0; i < 3; i++)
        if ((pids[i] = spawn(t, USER_ROLE_YIELD)) < 0)
            return;
    proc_trace_reset();
    proc_run_all();
    n = (int)proc_trace(trace, ARRAY_SIZE(trace));
    /* Each runs once at the start and once after each yield. */
    expect_eq(t, "switches", n, 3 * (USER_YIELDS + 1));
    for (i = 0; i < n && i < (int)ARRAY_SIZE(trace); i++)
        if (trace[i] != pids[i % 3]) {
            test_fail(t, "switch %d went to pid %d, want %d", i, trace[i],
                      pids[i % 3]);
            break;
        }
    for (i = 0; i < 3; i++) {
        p = exited(t, pids[i]);
        if (p) {
            expect_status(t, p, 0);
            proc_reap(p);
        }
    }
}

/* The user L4 has no kernel mappings: not present. */
void test_user_no_kernel(struct test *t)
{
    run_killed(t, USER_ROLE_READ_KERNEL, X86_EXC_PF, KERNEL_ADDR,
               X86_PFEC_PRESENT | X86_PFEC_WRITE | X86_PFEC_USER,
               X86_PFEC_USER);
}

/* The hypervisor's slots are in every L4 but not for user access. */
void test_user_no_xen(struct test *t)
{
    run_killed(t, USER_ROLE_READ_XEN, X86_EXC_PF, XEN_ADDR,
               X86_PFEC_WRITE | X86_PFEC_USER, X86_PFEC_USER);
}

void test_user_text_ro(struct test *t)
{
    /* The address is the role's own code: check the kind of fault. */
    struct proc *p = run_to_exit(t, USER_ROLE_WRITE_TEXT);

    if (!p)
        return;
    expect_status(t, p, PROC_KILLED | X86_EXC_PF);
    expect_true(t, "fault in the program's code",
                p->fault_addr >= USER_IMAGE_BASE &&
                p->fault_addr < USER_IMAGE_END);
    expect_eq(t, "error code", (long)(p->fault_error & 7),
              X86_PFEC_PRESENT | X86_PFEC_WRITE | X86_PFEC_USER);
    proc_reap(p);
}

void test_user_bad_address(struct test *t)
{
    run_killed(t, USER_ROLE_OUTSIDE, X86_EXC_PF,
               USER_HEAP_BASE + USER_HEAP_SIZE, 7,
               X86_PFEC_WRITE | X86_PFEC_USER);
}

void test_user_privileged(struct test *t)
{
    run_killed(t, USER_ROLE_PRIVILEGED, X86_EXC_GP, 0, 0, 0);
}

/* Even dom0's own user processes: granted ports are its kernel's. */
void test_user_port_io(struct test *t)
{
    run_killed(t, USER_ROLE_PORT_IO, X86_EXC_GP, 0, 0, 0);
}
