/*
 * The idle loop.  Interrupts are off except inside `sti; hlt`: the CPU
 * cannot take an interrupt between the two instructions, so a softirq
 * raised by an interrupt is always seen by the next check, never missed
 * while halted.
 */
#include <hv/softirq.h>
#include <hv/setup.h>

__noreturn void reset_stack_and_call(void (*fn)(void));

static __noreturn void idle_loop_body(void)
{
    for (;;) {
        asm volatile("cli" ::: "memory");
        if (softirq_pending()) {
            do_softirq();
            continue;
        }
        asm volatile("sti; hlt" ::: "memory");
    }
}

void idle_loop(void)
{
    reset_stack_and_call(idle_loop_body);
}
