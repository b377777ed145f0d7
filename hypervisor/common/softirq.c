/*
 * Softirqs (hv/softirq.h).  A handler may raise softirqs again (the timer
 * softirq raises SCHEDULE when a vCPU wakes); do_softirq() loops until the
 * mask is empty, taking the lowest number first.
 */
#include <hv/bug.h>
#include <hv/softirq.h>
#include <asm/config.h>

static softirq_handler_t *handlers[NR_SOFTIRQS];
unsigned long softirq_pending_mask[NR_CPUS];

void open_softirq(enum softirq_nr nr, softirq_handler_t *fn)
{
    BUG_ON(nr >= NR_SOFTIRQS || handlers[nr]);
    handlers[nr] = fn;
}

void cpu_raise_softirq(unsigned int cpu, enum softirq_nr nr)
{
    __atomic_fetch_or(&softirq_pending_mask[cpu], 1UL << nr, __ATOMIC_SEQ_CST);
}

void raise_softirq(enum softirq_nr nr)
{
    cpu_raise_softirq(smp_processor_id(), nr);
}

#ifdef HV_HOST_TEST
bool softirq_pending(void)
{
    return __atomic_load_n(&softirq_pending_mask[smp_processor_id()],
                           __ATOMIC_SEQ_CST);
}
#endif

void do_softirq(void)
{
    unsigned long *mask = &softirq_pending_mask[smp_processor_id()];
    unsigned long bits;

    while ((bits = __atomic_load_n(mask, __ATOMIC_SEQ_CST)) != 0) {
        unsigned int nr = __builtin_ctzl(bits);

        __atomic_fetch_and(mask, ~(1UL << nr), __ATOMIC_SEQ_CST);
        BUG_ON(!handlers[nr]);
        handlers[nr]();
    }
}
