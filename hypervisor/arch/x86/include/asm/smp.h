/*
 * Several CPUs: which are up, how to start them, and the inter-processor
 * interrupts (IPIs) they send each other.
 *
 * CPU numbers are dense, 0 being the boot CPU; cpu_to_apicid[] maps them
 * to local APIC IDs.  A CPU appears in cpu_online_mask once it runs its
 * idle loop and never leaves it (no hot-unplug).
 *
 * Every hypervisor path runs with interrupts off, so a CPU that waits for
 * another (a TLB flush) must serve the requests addressed to itself while
 * it waits, or two CPUs flushing each other would wait forever.  Rule for
 * callers: never wait for another CPU while holding a spinlock it may
 * want (it spins with interrupts off and cannot answer).
 */
#ifndef ASM_SMP_H
#define ASM_SMP_H

#include <hv/boot_info.h>
#include <hv/types.h>
#include <asm/config.h>

typedef uint64_t cpumask_t;
#define CPUMASK(c)              ((cpumask_t)1 << (c))

/* Xen's vectors for its own IPIs, above the APIC timer's priority class. */
#define CALL_FUNCTION_VECTOR    0xfb    /* (reserved, not used yet) */
#define EVENT_CHECK_VECTOR      0xfc    /* "look at your softirqs" */
#define INVALIDATE_TLB_VECTOR   0xfd    /* flush your TLB, then say so */

extern uint32_t cpu_to_apicid[NR_CPUS];
extern unsigned int nr_cpus_online;

/* CPUs running their idle loop or a guest (acquire: their setup is done). */
cpumask_t cpu_online_mask(void);

/*
 * Boot CPU, after time and the scheduler: finds the CPUs in the ACPI
 * MADT (RSDP from 'bi' or the BIOS areas), starts up to 'max_cpus' of
 * them (0: no limit) and installs the IPI handlers.  Whatever fails is
 * logged and the boot goes on with the CPUs that did come up.
 */
void smp_boot_cpus(const struct boot_info *bi, unsigned int max_cpus);

/* IPIs (smp.c).  Installs the handlers; once on the boot CPU. */
void smp_ipi_init(void);

/* Interrupts 'cpu' so it looks at its softirqs soon; nothing if it is us. */
void smp_send_event_check(unsigned int cpu);

/*
 * Flushes the (non-global) TLB entries of every CPU in 'mask' and returns
 * once all have done so; this CPU's own bit flushes here.  Panics (a
 * broken invariant: a CPU that stopped answering) after 10 s.
 */
void flush_tlb_mask(cpumask_t mask);

/*
 * Which domain's page tables this CPU has loaded (NULL: the idle tables).
 * The context switch calls it before the CR3 write that loads them, and
 * after the CR3 write that leaves them; flush_tlb_* read it after their
 * page-table writes, so a CPU either is flushed or loads its CR3 after
 * those writes are visible (mov to CR3 is serializing).
 */
struct domain;
void tlb_note_loaded(const struct domain *d);

/* CPUs that may hold translations of 'd' (this CPU too, if it does). */
cpumask_t tlb_domain_cpus(const struct domain *d);

/* CPUs that may hold translations of any guest. */
cpumask_t tlb_guest_cpus(void);

/* Adds 'cpu' to cpu_online_mask (release: its setup is visible). */
void smp_mark_online(unsigned int cpu);

/*
 * On an AP before it goes online: a 1 ms timer on this CPU (the boot
 * CPU's own was checked by arch_time_init); logs a failure.
 */
void smp_cpu_self_check(unsigned int cpu);

/*
 * On the boot CPU once every AP is up: an IPI round trip to each (a TLB
 * flush, which waits for the answer), logged with its time.
 */
void smp_ipi_self_check(void);

/* AP start (smpboot.c -> setup.c): descriptor tables, MSRs, CR4. */
void cpu_init_secondary(unsigned int cpu, uint64_t *gdt);

#endif /* ASM_SMP_H */
