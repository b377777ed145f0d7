/*
 * Kernel threads (kernel/sched.c): a few threads with their own stacks,
 * round-robin, preempted when a time slice ends (VIRQ_TIMER), blocking
 * in the hypervisor (SCHEDOP_block) when none can run.
 *
 * The boot context becomes the thread "main" at sched_init(); an idle
 * thread runs when nothing else can.  Threads run with events enabled;
 * every switch happens with them masked.
 */
#ifndef GUEST_THREAD_H
#define GUEST_THREAD_H

#include <guest/lib.h>
#include <guest/time.h>
#include <guest/trap_frame.h>

#define THREAD_MAX          8
#define THREAD_STACK_SIZE   16384
#define THREAD_SLICE_NS     (10 * NSEC_PER_MSEC)

enum thread_state {
    THREAD_FREE,        /* slot unused */
    THREAD_RUNNABLE,    /* running or waiting for its turn */
    THREAD_SLEEPING,    /* until its wake timer fires */
    THREAD_DEAD,        /* exited, not yet joined */
};

struct thread {
    const char *name;
    enum thread_state state;
    unsigned long rsp;          /* saved by thread_switch */
    void (*fn)(void *arg);
    void *arg;
    struct timer wake;          /* thread_sleep's deadline */
    unsigned long runs;         /* times switched to */
};

/* Turns the boot context into "main" and creates the idle thread. */
void sched_init(void);

/* A new runnable thread running fn(arg), or NULL if every slot is used. */
struct thread *thread_create(const char *name, void (*fn)(void *arg),
                             void *arg);

struct thread *thread_current(void);

/* Gives the rest of the slice to the next runnable thread, if any. */
void thread_yield(void);

/* Sleeps at least ns nanoseconds of system time. */
void thread_sleep(uint64_t ns);

/*
 * Ends t's thread_sleep() early (no-op unless it sleeps).  Callable from
 * an event handler: dom0's loop sleeps until its rings signal.
 */
void thread_wake(struct thread *t);

/* Ends the calling thread (also what returning from fn does). */
void __noreturn thread_exit(void);

/* Waits until t has exited, then frees its slot. */
void thread_join(struct thread *t);

/*
 * Called at the end of every event upcall, events masked: switches to
 * another thread when a slice ended or a thread woke, unless the upcall
 * interrupted user mode (processes have their own entry stack).  The
 * upcall then returns, later, in the thread it interrupted.
 */
void sched_preempt(const struct trap_frame *frame);

/* Upcall-driven switches and idle blocks since boot (for info lines). */
extern unsigned long sched_preemptions, sched_idle_blocks;

/* In arch/x86/switch.S. */
void thread_switch(unsigned long *save_rsp, unsigned long next_rsp);

#endif /* GUEST_THREAD_H */
