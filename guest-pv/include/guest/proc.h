/*
 * User processes: a small table of kernel-managed processes, each with
 * its own address space, run round-robin and cooperatively (a process
 * runs until it yields, blocks, exits or is killed; there is no timer
 * yet).
 *
 * The kernel never sleeps inside a system call, so it needs no kernel
 * stack per process: every entry from user mode (system call,
 * exception, event) lands on the one user-entry stack given to the
 * hypervisor with stack_switch, the process's registers are saved from
 * that frame into its struct proc, and the return to user mode loads
 * the registers of whichever process runs next into the same frame
 * before HYPERVISOR_iret.  A blocked system call (wait) is restarted
 * from the beginning when the process runs again.
 */
#ifndef GUEST_PROC_H
#define GUEST_PROC_H

#include <guest/aspace.h>
#include <guest/trap_frame.h>

#define NPROC           8

/* Exit status of a process killed by an exception: this | vector. */
#define PROC_KILLED     0x100

enum proc_state {
    PROC_FREE,
    PROC_RUNNABLE,
    PROC_WAITING,       /* in wait(), for a child to exit */
    PROC_ZOMBIE,        /* exited; status kept until reaped */
};

struct proc {
    int pid;
    int parent;                 /* pid, or 0 for the kernel */
    enum proc_state state;
    bool yield;                 /* give way at the end of this entry */
    /*
     * The bench's process (bench_user.c): a #GP on cli or sti is skipped
     * by the kernel, not fatal, to time what a kernel without
     * emulation pays for them.
     */
    bool skip_cli_sti;
    struct aspace as;
    struct trap_frame tf;       /* user registers while in the kernel */
    int exit_status;
    /* The exception that killed it (exit_status & PROC_KILLED). */
    unsigned long fault_vector, fault_error, fault_addr;
    /* Counters for SYS_meminfo and the self-test. */
    unsigned long demand_faults, cow_copies, syscalls;
    /* The hypervisor's frame at the first system call. */
    struct trap_frame first_syscall;
    char detail[96];            /* first failure the process reported */
};

/* The process running (or being served by the kernel), else NULL. */
extern struct proc *current_proc;

/*
 * Creates a process from an ELF image, runnable, with rdi = arg0 and
 * rsi = its pid at entry; returns its pid or a negative Xen errno.
 * Processes run only inside proc_run_all().
 */
int proc_spawn(const void *elf, size_t size, long arg0);

/*
 * Runs processes until none is runnable, then returns in the kernel's
 * own address space.  Processes still waiting then stay waiting.
 */
void proc_run_all(void);

/* The process with this pid (in any state but free), or NULL. */
struct proc *proc_find(int pid);

/* Frees the slot of a zombie (the kernel reaps what it spawned). */
void proc_reap(struct proc *p);

/* Reaps the zombies no process will wait for (parent 0). */
void proc_reap_orphans(void);

/* Slots in use, in any state. */
unsigned int proc_count(void);

/* The pids in the order they were switched to, since the last reset. */
unsigned int proc_trace(int *pids, unsigned int max);
void proc_trace_reset(void);

/*
 * The C side of every entry from user mode (called by trap_dispatch):
 * system calls, exceptions.  On return, frame holds the registers of
 * the process to resume; if none is runnable it does not return but
 * goes back to proc_run_all().
 */
void proc_trap(struct trap_frame *frame);

/*
 * A page fault at a user address in the current process, from user
 * mode or from the kernel touching user memory: demand-zero or
 * copy-on-write.  True if it was resolved (the access may be retried).
 */
bool proc_page_fault(unsigned long addr, unsigned long error_code);

/*
 * For the system calls.  proc_fork: the child's pid or a negative
 * errno.  proc_wait: a zombie child's pid (its status in *status, its
 * slot freed), -USER_ECHILD, or SYSCALL_RESTART after making p wait.
 * proc_exit: p becomes a zombie, its parent stops waiting; the address
 * space goes once another one is active.
 */
int proc_fork(struct proc *parent);
long proc_wait(struct proc *p, int *status);
void proc_exit(struct proc *p, int status);

/* Entry-stack switch (arch/x86/entry.S). */
void proc_enter(struct trap_frame *frame, unsigned long *save_rsp);
void __noreturn proc_leave(unsigned long saved_rsp);

#endif /* GUEST_PROC_H */
