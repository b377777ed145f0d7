/*
 * Softirqs: work an interrupt or hypercall defers to the next safe point,
 * which is the return to the guest (and the idle loop).  Each CPU has a
 * pending mask; handlers run with interrupts disabled, in number order.
 */
#ifndef HV_SOFTIRQ_H
#define HV_SOFTIRQ_H

#include <hv/types.h>

enum softirq_nr {
    TIMER_SOFTIRQ,      /* run expired hypervisor timers */
    SCHEDULE_SOFTIRQ,   /* pick the next vCPU for this CPU */
    NR_SOFTIRQS,
};

typedef void softirq_handler_t(void);

/* Installs the handler for 'nr' (once, at boot). */
void open_softirq(enum softirq_nr nr, softirq_handler_t *fn);

/* Marks 'nr' pending on this CPU (callable from interrupt context). */
void raise_softirq(enum softirq_nr nr);

/* Marks 'nr' pending on 'cpu' (the caller sends an IPI if it is remote). */
void cpu_raise_softirq(unsigned int cpu, enum softirq_nr nr);

/*
 * Arch: interrupts 'cpu' so that it runs its pending softirqs soon (from
 * its guest or its idle `hlt`); nothing when 'cpu' is this CPU.
 */
void arch_send_event_check(unsigned int cpu);


/* Runs every pending softirq of this CPU until none is left. */
void do_softirq(void);

/*
 * This CPU's number: inline from struct cpu_info (every return to a guest
 * asks); the host unit tests define their own.
 */
#ifdef HV_HOST_TEST
unsigned int smp_processor_id(void);
#else
#include <asm/current.h>
static inline unsigned int smp_processor_id(void)
{
    return get_cpu_info()->cpu_id;
}
#endif

/* Each CPU's raised softirqs (softirq.c; bit n = softirq n). */
extern unsigned long softirq_pending_mask[];

/*
 * True if this CPU has softirq work pending: inline, since every return
 * to a guest asks.
 */
#ifdef HV_HOST_TEST
bool softirq_pending(void);
#else
static inline bool softirq_pending(void)
{
    return __atomic_load_n(&softirq_pending_mask[smp_processor_id()],
                           __ATOMIC_SEQ_CST);
}
#endif

#endif /* HV_SOFTIRQ_H */
