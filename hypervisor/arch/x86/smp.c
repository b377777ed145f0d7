/*
 * CPU numbering, the online mask and the IPIs (asm/smp.h).
 *
 * TLB shootdown: each CPU has a request generation and a done
 * generation.  A sender bumps the target's request generation after its
 * page-table writes, sends INVALIDATE_TLB_VECTOR and waits until the done
 * generation reaches its own; the target reads the request generation,
 * flushes, then publishes what it read as done.  A flush that started
 * after the read therefore covers every request up to it, however many
 * senders raced.
 */
#include <hv/bug.h>
#include <hv/lib.h>
#include <hv/printk.h>
#include <hv/softirq.h>
#include <hv/time.h>
#include <asm/apic.h>
#include <asm/current.h>
#include <asm/irq.h>
#include <asm/processor.h>
#include <asm/smp.h>

/* Longer than any hypervisor path with interrupts off should ever take. */
#define FLUSH_TIMEOUT   SECONDS(10)

uint32_t cpu_to_apicid[NR_CPUS];
unsigned int nr_cpus_online;
static cpumask_t online_mask;

static unsigned long flush_req[NR_CPUS];
static unsigned long flush_done[NR_CPUS];
static const struct domain *tlb_loaded[NR_CPUS];

cpumask_t cpu_online_mask(void)
{
    return __atomic_load_n(&online_mask, __ATOMIC_ACQUIRE);
}

void smp_mark_online(unsigned int cpu)
{
    __atomic_fetch_or(&online_mask, CPUMASK(cpu), __ATOMIC_RELEASE);
    __atomic_fetch_add(&nr_cpus_online, 1, __ATOMIC_RELAXED);
}

/* Serves this CPU's pending flush requests (IPI handler and waiters). */
static void flush_serve(void)
{
    unsigned int cpu = smp_processor_id();
    unsigned long req = __atomic_load_n(&flush_req[cpu], __ATOMIC_ACQUIRE);

    if (req == __atomic_load_n(&flush_done[cpu], __ATOMIC_RELAXED))
        return;
    flush_tlb_local();
    __atomic_store_n(&flush_done[cpu], req, __ATOMIC_RELEASE);
}

static void invalidate_interrupt(struct cpu_regs *regs)
{
    (void)regs;
    apic_eoi();
    flush_serve();
}

/* The softirq was raised before the IPI: the interrupt only wakes us. */
static void event_check_interrupt(struct cpu_regs *regs)
{
    (void)regs;
    apic_eoi();
}

void smp_ipi_init(void)
{
    set_irq_handler(EVENT_CHECK_VECTOR, event_check_interrupt);
    set_irq_handler(INVALIDATE_TLB_VECTOR, invalidate_interrupt);
}

void smp_send_event_check(unsigned int cpu)
{
    if (cpu == smp_processor_id() || !(cpu_online_mask() & CPUMASK(cpu)))
        return;
    apic_send_ipi(cpu_to_apicid[cpu], APIC_DM_FIXED | EVENT_CHECK_VECTOR);
}

void arch_send_event_check(unsigned int cpu)
{
    smp_send_event_check(cpu);
}

static void flush_wait(unsigned int cpu, unsigned long gen)
{
    s_time_t start = NOW();

    while ((long)(__atomic_load_n(&flush_done[cpu], __ATOMIC_ACQUIRE) -
                  gen) < 0) {
        /* The target may be waiting for us: answer it meanwhile. */
        flush_serve();
        if (NOW() - start > FLUSH_TIMEOUT)
            panic("smp: CPU %u did not answer a TLB flush in 10 s", cpu);
        asm volatile("pause" ::: "memory");
    }
}

void flush_tlb_mask(cpumask_t mask)
{
    unsigned long gen[NR_CPUS];
    unsigned int self = smp_processor_id();
    cpumask_t remote = mask & cpu_online_mask() & ~CPUMASK(self);

    /* Our page-table writes before the requests (seq_cst RMW: mfence). */
    for (unsigned int c = 0; c < NR_CPUS; c++)
        if (remote & CPUMASK(c)) {
            gen[c] = __atomic_add_fetch(&flush_req[c], 1, __ATOMIC_SEQ_CST);
            apic_send_ipi(cpu_to_apicid[c],
                          APIC_DM_FIXED | INVALIDATE_TLB_VECTOR);
        }
    if (mask & CPUMASK(self))
        flush_tlb_local();
    for (unsigned int c = 0; c < NR_CPUS; c++)
        if (remote & CPUMASK(c))
            flush_wait(c, gen[c]);
}

void tlb_note_loaded(const struct domain *d)
{
    __atomic_store_n(&tlb_loaded[smp_processor_id()], d, __ATOMIC_SEQ_CST);
}

/*
 * The fence pairs with the serializing CR3 write after tlb_note_loaded():
 * a CPU not seen here loads its tables after our writes are visible.
 */
cpumask_t tlb_domain_cpus(const struct domain *d)
{
    cpumask_t mask = 0;

    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    for (unsigned int c = 0; c < NR_CPUS; c++)
        if (__atomic_load_n(&tlb_loaded[c], __ATOMIC_RELAXED) == d)
            mask |= CPUMASK(c);
    return mask;
}

cpumask_t tlb_guest_cpus(void)
{
    return cpu_online_mask() & ~tlb_domain_cpus(NULL);
}

void smp_cpu_self_check(unsigned int cpu)
{
    if (!apic_timer_selftest())
        printk(XENLOG_ERR "smp: CPU %u: timers will not fire there\n", cpu);
}

void smp_ipi_self_check(void)
{
    cpumask_t others = cpu_online_mask() & ~CPUMASK(smp_processor_id());

    for (unsigned int c = 0; c < NR_CPUS; c++) {
        s_time_t t0 = NOW();

        if (!(others & CPUMASK(c)))
            continue;
        flush_tlb_mask(CPUMASK(c));
        printk("smp: IPI round trip to CPU %u: %ld us\n", c,
               (long)((NOW() - t0) / 1000));
    }
}
