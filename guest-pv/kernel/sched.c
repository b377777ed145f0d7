/*
 * Kernel threads: round robin over a fixed table, preempted at the end
 * of a time slice.
 *
 * Preemption on a PV kernel: the upcall arrives on the stack of the
 * thread it interrupted (Xen pushes the bounce frame on the current
 * kernel stack when the guest was in kernel mode).  When a timer
 * callback asks for a switch, sched_preempt() switches stacks at the end
 * of the upcall; the interrupted thread keeps its upcall frame on its
 * own stack and finishes that upcall, through HYPERVISOR_iret, whenever
 * it is switched back to.  Xen restores the event mask from the frame's
 * saved IF on that iret, so each thread gets its own flags back.
 *
 * All scheduler state changes with events masked: switches come from
 * the upcall (masked by Xen) or from threads that mask first.
 */
#include <abi/guest_hypercall.h>
#include <guest/console.h>
#include <guest/irqflags.h>
#include <guest/thread.h>

#define IDLE 1          /* slot 0 is main (the boot stack), 1 idle */

static struct thread threads[THREAD_MAX];
static char stacks[THREAD_MAX][THREAD_STACK_SIZE] __aligned(16);
static struct thread *current;
static bool need_resched;
static struct timer slice_timer;

unsigned long sched_preemptions, sched_idle_blocks;

struct thread *thread_current(void)
{
    return current;
}

static bool runnable(const struct thread *t)
{
    return t->state == THREAD_RUNNABLE && t != &threads[IDLE];
}

/* The next runnable thread after current, current itself, or idle. */
static struct thread *pick_next(void)
{
    size_t start = (size_t)(current - threads);
    size_t i;

    for (i = 1; i <= THREAD_MAX; i++) {
        struct thread *t = &threads[(start + i) % THREAD_MAX];

        if (runnable(t))
            return t;
    }
    return &threads[IDLE];
}

/* A slice only matters while someone else is waiting for the CPU. */
static void arm_slice(const struct thread *next)
{
    size_t i;

    for (i = 0; i < THREAD_MAX; i++) {
        if (&threads[i] != next && runnable(&threads[i])) {
            timer_add(&slice_timer, time_now() + THREAD_SLICE_NS);
            return;
        }
    }
    timer_del(&slice_timer);
}

/* Events masked. */
static void schedule(void)
{
    struct thread *prev = current, *next = pick_next();

    need_resched = false;
    arm_slice(next);
    if (next == prev)
        return;
    next->runs++;
    current = next;
    thread_switch(&prev->rsp, next->rsp);
}

static void slice_end(struct timer *t)
{
    (void)t;
    need_resched = true;
}

static void wake(struct timer *t)
{
    struct thread *th = (struct thread *)((char *)t -
                                          offsetof(struct thread, wake));

    if (th->state == THREAD_SLEEPING)
        th->state = THREAD_RUNNABLE;
    need_resched = true;
}

void thread_wake(struct thread *t)
{
    if (t->state != THREAD_SLEEPING)
        return;
    timer_del(&t->wake);
    wake(&t->wake);
}

void sched_preempt(const struct trap_frame *frame)
{
    if (!current || !need_resched || (frame->cs & 3) == 3)
        return;
    sched_preemptions++;
    schedule();
}

void thread_yield(void)
{
    unsigned long flags = local_irq_save();

    schedule();
    local_irq_restore(flags);
}

void thread_sleep(uint64_t ns)
{
    unsigned long flags = local_irq_save();

    current->state = THREAD_SLEEPING;
    timer_add(&current->wake, time_now() + ns);
    while (current->state == THREAD_SLEEPING)
        schedule();
    local_irq_restore(flags);
}

void thread_exit(void)
{
    local_irq_disable();
    current->state = THREAD_DEAD;
    schedule();
    panic("thread %s ran after its exit", current->name);
}

void thread_join(struct thread *t)
{
    while (t->state != THREAD_DEAD)
        thread_sleep(NSEC_PER_MSEC);
    t->state = THREAD_FREE;
}

/* First code of every new thread; arrives with events masked. */
static void __noreturn thread_boot(void)
{
    local_irq_enable();
    current->fn(current->arg);
    thread_exit();
}

/*
 * The stack thread_switch expects: six callee-saved registers (zero),
 * then its return address thread_boot, above which a 0 stands for
 * thread_boot's own return address so that it starts with the stack
 * aligned as after a call.
 */
static unsigned long initial_stack(size_t slot)
{
    uint64_t *sp = (uint64_t *)(stacks[slot] + THREAD_STACK_SIZE);

    *--sp = 0;
    *--sp = (uint64_t)thread_boot;
    sp -= 6;
    memset(sp, 0, 6 * sizeof(*sp));
    return (unsigned long)sp;
}

static struct thread *setup(size_t slot, const char *name,
                            void (*fn)(void *), void *arg)
{
    struct thread *t = &threads[slot];

    memset(t, 0, sizeof(*t));
    t->name = name;
    t->fn = fn;
    t->arg = arg;
    t->wake.fn = wake;
    t->rsp = initial_stack(slot);
    t->state = THREAD_RUNNABLE;
    return t;
}

struct thread *thread_create(const char *name, void (*fn)(void *arg),
                             void *arg)
{
    unsigned long flags = local_irq_save();
    struct thread *t = NULL;
    size_t i;

    for (i = IDLE + 1; i < THREAD_MAX && !t; i++)
        if (threads[i].state == THREAD_FREE)
            t = setup(i, name, fn, arg);
    local_irq_restore(flags);
    return t;
}

/*
 * Idle: the halt op enables interrupts and waits in one step, and
 * returns at once if one is already owed, so an interrupt that arrives
 * between the check and the wait is not slept through (pv:
 * SCHEDOP_block).  The interrupt that wakes a thread switches away from
 * here before the op returns.
 */
static void idle_main(void *arg)
{
    (void)arg;
    for (;;) {
        local_irq_disable();
        if (pick_next() != &threads[IDLE]) {
            schedule();
            continue;
        }
        sched_idle_blocks++;
        local_irq_halt();
    }
}

void sched_init(void)
{
    struct thread *main = &threads[0];

    main->name = "main";
    main->state = THREAD_RUNNABLE;
    main->wake.fn = wake;
    setup(IDLE, "idle", idle_main, NULL);
    slice_timer.fn = slice_end;
    current = main;
}
