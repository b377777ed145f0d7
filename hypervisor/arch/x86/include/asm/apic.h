/*
 * The local APIC: x2APIC through MSRs when the CPU has it, else xAPIC
 * through its MMIO page; its timer serves as the one-shot behind
 * hypervisor timers (arch_timer_program in hv/timer.h).
 */
#ifndef ASM_APIC_H
#define ASM_APIC_H

#include <hv/types.h>

/*
 * Enables this CPU's local APIC (spurious vector, TPR 0) and picks the
 * timer mode: TSC-deadline when 'tsc_deadline' (the CPU has it), else
 * one-shot counting, calibrated here against the TSC (system time must
 * run already).  Returns false when there is no usable APIC: timers then
 * never fire.
 */
bool apic_init(bool tsc_deadline);

/* "x2APIC TSC-deadline", "xAPIC one-shot 1000.000 MHz", ... */
const char *apic_timer_describe(void);

/* Acknowledges the interrupt in service (not for spurious vectors). */
void apic_eoi(void);

/*
 * Boot self-check: a 1 ms hypervisor timer, waited for once spinning with
 * interrupts on and once in `sti; hlt`.  Returns false (and says why)
 * when the interrupt did not arrive within 100 ms.
 */
bool apic_timer_selftest(void);

#endif /* ASM_APIC_H */
