/*
 * The process table, the round-robin scheduler and the way in and out
 * of user mode (see guest/proc.h).
 */
#include <abi/guest_hypercall.h>
#include <guest/pvops.h>
#include <xen/errno.h>
#include <guest/console.h>
#include <guest/elf_load.h>
#include <guest/hypervisor.h>
#include <guest/mmu.h>
#include <guest/proc.h>
#include <guest/syscall.h>
#include <guest/traps.h>
#include <guest/uaccess.h>
#include <guest/user_abi.h>

#define PROC_STACK_SIZE 16384
#define TRACE_MAX       64

struct proc *current_proc;

static struct proc procs[NPROC];
static int next_pid = 1;

/* Every entry from user mode lands here (stack_switch). */
static char proc_stack[PROC_STACK_SIZE] __aligned(PAGE_SIZE);
#define PROC_STACK_TOP ((unsigned long)proc_stack + PROC_STACK_SIZE)

/* proc_run_all()'s stack pointer while processes run. */
static unsigned long sched_rsp;

static int trace[TRACE_MAX];
static unsigned int trace_len;

struct proc *proc_find(int pid)
{
    size_t i;

    for (i = 0; pid > 0 && i < NPROC; i++)
        if (procs[i].state != PROC_FREE && procs[i].pid == pid)
            return &procs[i];
    return NULL;
}

/* A free slot with a new pid, or NULL. */
static struct proc *proc_alloc(int parent)
{
    size_t i;

    for (i = 0; i < NPROC; i++) {
        if (procs[i].state == PROC_FREE) {
            procs[i] = (struct proc){ .pid = next_pid++, .parent = parent };
            return &procs[i];
        }
    }
    return NULL;
}

void proc_reap(struct proc *p)
{
    if (p->state != PROC_ZOMBIE)
        panic("proc: reap of pid %d in state %d", p->pid, p->state);
    p->state = PROC_FREE;
}

void proc_reap_orphans(void)
{
    size_t i;

    for (i = 0; i < NPROC; i++)
        if (procs[i].state == PROC_ZOMBIE && procs[i].parent == 0)
            proc_reap(&procs[i]);
}

unsigned int proc_count(void)
{
    unsigned int n = 0;
    size_t i;

    for (i = 0; i < NPROC; i++)
        n += procs[i].state != PROC_FREE;
    return n;
}

/* The registers a process starts with: as after a system call. */
static void initial_frame(struct proc *p, unsigned long entry, long arg0)
{
    struct trap_frame *tf = &p->tf;

    *tf = (struct trap_frame){ 0 };
    tf->rip = entry;
    tf->cs = FLAT_USER_CS;
    tf->rflags = X86_EFLAGS_IF | 0x2;   /* bit 1 is always set */
    tf->rsp = USER_STACK_TOP;
    tf->ss = FLAT_USER_SS;
    tf->rdi = (uint64_t)arg0;
    tf->rsi = (uint64_t)p->pid;
    tf->vector = TRAP_VECTOR_SYSCALL;
}

int proc_spawn(const void *elf, size_t size, long arg0)
{
    struct proc *p = proc_alloc(0);
    unsigned long entry;
    int rc;

    if (!p)
        return -XEN_EAGAIN;
    rc = aspace_create(&p->as);
    if (rc == 0) {
        rc = user_elf_load(&p->as, elf, size, &entry);
        mmu_flush();
        if (rc)
            aspace_destroy(&p->as);
    }
    if (rc) {
        p->state = PROC_FREE;
        return rc;
    }
    initial_frame(p, entry, arg0);
    p->state = PROC_RUNNABLE;
    return p->pid;
}

int proc_fork(struct proc *parent)
{
    struct proc *c = proc_alloc(parent->pid);
    int rc;

    if (!c)
        return -XEN_EAGAIN;
    rc = aspace_create(&c->as);
    if (rc == 0) {
        rc = aspace_fork(&c->as, &parent->as);
        if (rc)
            aspace_destroy(&c->as);
    }
    if (rc) {
        c->state = PROC_FREE;
        return rc;
    }
    c->tf = parent->tf;
    c->tf.rax = 0;              /* fork() returns 0 in the child */
    c->state = PROC_RUNNABLE;
    return c->pid;
}

long proc_wait(struct proc *p, int *status)
{
    bool children = false;
    size_t i;
    int pid;

    for (i = 0; i < NPROC; i++) {
        struct proc *c = &procs[i];

        if (c->state == PROC_FREE || c->parent != p->pid)
            continue;
        if (c->state == PROC_ZOMBIE) {
            pid = c->pid;
            *status = c->exit_status;
            proc_reap(c);
            return pid;
        }
        children = true;
    }
    if (!children)
        return -USER_ECHILD;
    p->state = PROC_WAITING;
    return SYSCALL_RESTART;
}

void proc_exit(struct proc *p, int status)
{
    struct proc *parent = proc_find(p->parent);
    size_t i;

    p->exit_status = status;
    p->state = PROC_ZOMBIE;
    /* Orphans are the kernel's to reap. */
    for (i = 0; i < NPROC; i++)
        if (procs[i].state != PROC_FREE && procs[i].parent == p->pid)
            procs[i].parent = 0;
    if (parent && parent->state == PROC_WAITING)
        parent->state = PROC_RUNNABLE;
}

/* Round-robin: the first runnable slot after p's (p itself last). */
static struct proc *next_runnable(const struct proc *p)
{
    size_t start = p ? (size_t)(p - procs) + 1 : 0;
    size_t i;

    for (i = 0; i < NPROC; i++) {
        struct proc *q = &procs[(start + i) % NPROC];

        if (q->state == PROC_RUNNABLE)
            return q;
    }
    return NULL;
}

static void switch_to(struct proc *p)
{
    current_proc = p;
    if (p) {
        aspace_activate(&p->as);
        if (trace_len < TRACE_MAX)
            trace[trace_len++] = p->pid;
    } else {
        aspace_activate(NULL);
    }
}

/*
 * After an entry from p: let the next process run if p yielded, blocked
 * or exited, and free an exited process's address space once it is no
 * longer the active one.
 */
static void schedule(struct proc *p)
{
    struct proc *next;

    if (p->state == PROC_RUNNABLE && !p->yield)
        return;
    p->yield = false;
    next = next_runnable(p);
    if (next != p)
        switch_to(next);
    if (p->state == PROC_ZOMBIE)
        aspace_destroy(&p->as);
}

static void kill(struct proc *p, const struct trap_frame *f,
                 unsigned long cr2)
{
    p->fault_vector = f->vector;
    p->fault_error = f->error_code;
    p->fault_addr = f->vector == X86_EXC_PF ? cr2 : f->rip;
    printk("info: pid %d killed: vector %lu error 0x%lx rip 0x%lx "
           "addr 0x%lx\n", p->pid, f->vector, f->error_code, f->rip,
           p->fault_addr);
    proc_exit(p, PROC_KILLED | (int)f->vector);
}

/* cli (0xfa) or sti (0xfb) at the #GP's rip, for skip_cli_sti. */
static bool skip_cli_sti(struct proc *p, const struct trap_frame *f)
{
    uint8_t insn;

    if (!p->skip_cli_sti || f->vector != X86_EXC_GP ||
        copy_from_user(&insn, f->rip, 1) || (insn != 0xfa && insn != 0xfb))
        return false;
    p->tf.rip++;
    return true;
}

void proc_trap(struct trap_frame *frame)
{
    struct proc *p = current_proc;
    unsigned long cr2 = pv_ops.cpu.read_cr2();

    if (!p)
        panic("entry from user mode with no current process");
    p->tf = *frame;
    if (frame->vector == TRAP_VECTOR_SYSCALL)
        syscall_dispatch(p);
    else if (skip_cli_sti(p, frame))
        ;
    else if (frame->vector != X86_EXC_PF ||
             !proc_page_fault(cr2, frame->error_code))
        kill(p, frame, cr2);
    schedule(p);
    if (!current_proc)
        proc_leave(sched_rsp);
    *frame = current_proc->tf;
}

void proc_run_all(void)
{
    struct trap_frame *f = (void *)(PROC_STACK_TOP - TF_SIZE);
    struct proc *p = next_runnable(NULL);

    if (!p)
        return;
    pv_ops.cpu.load_kernel_stack(PROC_STACK_TOP);
    switch_to(p);
    *f = p->tf;
    proc_enter(f, &sched_rsp);
    /* Here from proc_leave(): nothing runnable, kernel page tables. */
    pv_ops.cpu.load_kernel_stack((unsigned long)kernel_stack_top);
}

unsigned int proc_trace(int *pids, unsigned int max)
{
    unsigned int i;

    for (i = 0; i < trace_len && i < max; i++)
        pids[i] = trace[i];
    return trace_len;
}

void proc_trace_reset(void)
{
    trace_len = 0;
}
