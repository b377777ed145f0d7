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

/* An AP's local APIC, in the mode and timer mode CPU 0 chose. */
void apic_init_ap(void);

/* This CPU's local APIC ID (8 bits in xAPIC mode, 32 in x2APIC mode). */
uint32_t apic_id(void);

/* ICR fields (SDM vol. 3, "Interrupt Command Register"). */
#define APIC_DM_FIXED           0x000
#define APIC_DM_INIT            0x500
#define APIC_DM_STARTUP         0x600
#define APIC_INT_ASSERT         0x4000
#define APIC_INT_LEVELTRIG      0x8000

/*
 * Sends the IPI 'icr' (vector | delivery mode | level) to the APIC with
 * ID 'dest'.  xAPIC: waits (10 ms at most) until the APIC has accepted
 * it.  Returns false when it was not sent (no APIC, or still pending).
 */
bool apic_send_ipi(uint32_t dest, uint32_t icr);

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
