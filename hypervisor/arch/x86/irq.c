/*
 * Vector -> handler table for the interrupts the hypervisor takes itself
 * (asm/irq.h).  Handlers are installed at boot, before interrupts are
 * first enabled, so the table needs no lock.
 */
#include <hv/bug.h>
#include <asm/irq.h>
#include <asm/processor.h>

#define NR_VECTORS 256

static irq_handler_t *irq_handlers[NR_VECTORS];

void set_irq_handler(unsigned int vec, irq_handler_t *fn)
{
    BUG_ON(vec < X86_NR_EXCEPTIONS || vec >= NR_VECTORS);
    irq_handlers[vec] = fn;
}

bool irq_dispatch(struct cpu_regs *regs)
{
    unsigned int vec = regs->entry_vector;
    irq_handler_t *fn = vec < NR_VECTORS ? irq_handlers[vec] : NULL;

    if (!fn)
        return false;
    fn(regs);
    return true;
}
