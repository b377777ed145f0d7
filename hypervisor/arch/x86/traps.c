/*
 * Exception dispatch.  Two failure classes, never mixed (STYLE practice 6):
 * an exception raised by the guest goes to the PV layer, which bounces it to
 * the guest's handler or crashes that domain; an exception in the
 * hypervisor is either an expected fault at an exception-table site (a
 * guest-memory copy) or a broken hypervisor, which stops the machine with
 * a crash report.
 */
#include <hv/printk.h>
#include <asm/config.h>
#include <asm/crash.h>
#include <asm/current.h>
#include <asm/extable.h>
#include <asm/irq.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/regs.h>

void do_exception(struct cpu_regs *regs);

/* Per CPU, the last fault fixed up through the exception table. */
static struct fixed_fault last_fixup[NR_CPUS];

struct fixed_fault extable_last_fixup(void)
{
    return last_fixup[get_cpu_info()->cpu_id];
}

/* A vector without a handler (asm/irq.h): log each stray one once. */
static void spurious_interrupt(unsigned int vec)
{
    static uint8_t seen[256 / 8];

    if (seen[vec / 8] & (1u << (vec % 8)))
        return;
    seen[vec / 8] |= 1u << (vec % 8);
    printk(XENLOG_WARNING "spurious interrupt on vector %u ignored\n", vec);
}

void do_exception(struct cpu_regs *regs)
{
    unsigned int vec = regs->entry_vector;
    unsigned long fixup;

    if (vec >= X86_NR_EXCEPTIONS) {
        if (!irq_dispatch(regs))
            spurious_interrupt(regs->entry_vector);
        return;
    }
    if (regs_from_guest(regs)) {
        pv_handle_exception(regs);
        return;
    }
    /* A fault on an #DF/NMI/#MC stack is never a guest copy. */
    if (vec != X86_EXC_DF && vec != X86_EXC_NMI && vec != X86_EXC_MC) {
        fixup = search_extable(regs->rip);
        if (fixup) {
            last_fixup[get_cpu_info()->cpu_id] =
                (struct fixed_fault){ vec, regs->error_code };
            regs->rip = fixup;
            return;
        }
    }
    fatal_trap(regs);
}
