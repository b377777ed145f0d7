/*
 * The hypervisor's own interrupt vectors and their handlers.
 *
 * Vectors 32-255 reach do_exception() (traps.c), which hands them to
 * irq_dispatch().  Only the local APIC raises interrupts the hypervisor
 * handles itself; the legacy PIC is masked (setup.c) and device
 * interrupts for guests come later.  Xen places its local vectors at the
 * top too: the APIC delivers higher vectors first.
 */
#ifndef ASM_IRQ_H
#define ASM_IRQ_H

#include <hv/types.h>
#include <asm/regs.h>

#define LOCAL_TIMER_VECTOR      0xf0    /* APIC timer one-shot */
/* Bits 0-3 set: P6-era APICs hard-wire them in the spurious vector. */
#define SPURIOUS_APIC_VECTOR    0xff

/*
 * A handler runs with interrupts off, on the interrupted context's stack
 * (the guest's frame in cpu_info, or the hypervisor's own when it was
 * idling).  It sends its own EOI if the source needs one.
 */
typedef void irq_handler_t(struct cpu_regs *regs);

/* Installs 'fn' for 'vec' (32-255); NULL removes it. */
void set_irq_handler(unsigned int vec, irq_handler_t *fn);

/*
 * Runs the handler for regs->entry_vector.  Returns false when there is
 * none: the caller logs it as a stray interrupt.
 */
bool irq_dispatch(struct cpu_regs *regs);

#endif /* ASM_IRQ_H */
