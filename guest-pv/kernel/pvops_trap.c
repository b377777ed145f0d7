/*
 * The trap-and-emulate backend, `trap`: the kernel's privileged
 * operations are the native instructions, executed in ring 3 (where a PV
 * kernel runs), so each one faults (#GP) and the hypervisor decodes and
 * emulates it (hypervisor/arch/x86/pv/, the emul work).  Page-table ops
 * are in pvops_trap_mmu.c.
 *
 * What x86 cannot trap, and so what this backend still does the pv way:
 *   - pushf reads the real IF, which is always 1 at CPL 3, and popf with
 *     IOPL 0 silently leaves IF alone: neither faults.  save() therefore
 *     executes pushf but takes the interrupt state from the
 *     evtchn_upcall_mask that the emulated cli/sti maintain, and
 *     restore() executes popf followed by the cli or sti it could not
 *     do (selftest=pvops shows both on an info line).
 *   - plain cpuid does not fault without CPUID faulting: it answers with
 *     the host CPU's values, not the hypervisor's policy.
 *   - sgdt/sidt without UMIP do not fault: they would reveal the
 *     hypervisor's tables (the kernel does not use them).
 *   - there is no instruction for: the user page-table base
 *     (NEW_USER_BASEPTR), the kernel stack for entries from user mode
 *     (stack_switch: TSS.rsp0 is memory of the hypervisor's TSS), the
 *     event, syscall and failsafe callbacks (callback_op), the return to
 *     the guest (iretq at CPL 3 cannot switch to user mode's page
 *     tables: HYPERVISOR_iret), shutdown, and pinning.
 * halt is the native `sti; hlt`: natively the sti's interrupt shadow
 * makes the pair atomic, and the hypervisor emulates the pair as one
 * (SCHEDOP_block: unmask and wait, at once if an event is owed), so an
 * interrupt owed at the sti ends the hlt instead of running before it
 * and leaving the hlt to sleep.
 */
#include <guest/console.h>
#include <guest/msr.h>
#include <guest/extable.h>
#include <guest/idt_gate.h>
#include <guest/pvclock.h>
#include <guest/trap_frame.h>
#include "pvops_trap.h"
#include "pvops_xen.h"

#define COM1_THR            0x3f8   /* transmit holding register */
#define COM1_LSR            0x3fd   /* line status register */
#define LSR_THRE            0x20    /* THR empty: the next byte may go */

/* ---- irq ---- */

void trap_irq_disable(void)
{
    asm volatile ("cli" : : : "memory");
}

void trap_irq_enable(void)
{
    asm volatile ("sti" : : : "memory");
}

static unsigned long pushf(void)
{
    unsigned long rflags;

    asm volatile ("pushf; pop %0" : "=r"(rflags) : : "memory");
    return rflags;
}

static irqflags_t trap_irq_save(void)
{
    irqflags_t flags = pushf() & ~X86_EFLAGS_IF;

    if (!xen_irq_disabled()) {
        flags |= X86_EFLAGS_IF;
        trap_irq_disable();
    }
    return flags;
}

static void trap_irq_restore(irqflags_t flags)
{
    asm volatile ("push %0; popf" : : "r"(flags) : "memory", "cc");
    if ((flags & X86_EFLAGS_IF) && xen_irq_disabled())
        trap_irq_enable();
    else if (!(flags & X86_EFLAGS_IF) && !xen_irq_disabled())
        trap_irq_disable();
}

void trap_irq_halt(void)
{
    asm volatile ("sti; hlt" : : : "memory");
}

/* ---- cpu ---- */

static struct idt_gate idt[256] __aligned(16);

/*
 * lidt of a native IDT built from the trap table, which the hypervisor
 * reads back as the trap table (gate DPL -> DPL for `int n`, interrupt
 * gate -> events masked on entry).  The callbacks have no instruction.
 */
static void trap_load_traps(const struct trap_info *table,
                            const struct pv_callbacks *cb)
{
    struct __attribute__((packed)) {
        uint16_t limit;
        uint64_t base;
    } idtr = { sizeof(idt) - 1, (uint64_t)(unsigned long)idt };
    const struct trap_info *ti;

    for (ti = table; ti->address; ti++)
        idt[ti->vector] = idt_gate_make(ti);
    asm volatile ("lidt %0" : : "m"(idtr) : "memory");
    xen_load_callbacks(cb);
}

/* rdmsr/wrmsr; a #GP (an MSR the hypervisor refuses) is -XEN_EPERM. */
long trap_read_msr(uint32_t msr, uint64_t *val)
{
    uint32_t lo = 0, hi = 0, ok;

    asm volatile ("xor %k[ok], %k[ok]\n"
                  "1: rdmsr\n\t"
                  "mov $1, %k[ok]\n"
                  "2:\n\t"
                  EXTABLE_ENTRY("1b", "2b")
                  : [ok] "=&r"(ok), "+a"(lo), "+d"(hi) : "c"(msr));
    if (!ok)
        return -XEN_EPERM;
    *val = (uint64_t)hi << 32 | lo;
    return 0;
}

long trap_write_msr(uint32_t msr, uint64_t val)
{
    uint32_t ok;

    asm volatile ("xor %k[ok], %k[ok]\n"
                  "1: wrmsr\n\t"
                  "mov $1, %k[ok]\n"
                  "2:\n\t"
                  EXTABLE_ENTRY("1b", "2b")
                  : [ok] "=&r"(ok)
                  : "c"(msr), "a"((uint32_t)val), "d"((uint32_t)(val >> 32))
                  : "memory");
    return ok ? 0 : -XEN_EPERM;
}

/* In guest kernel mode %gs is the kernel's; swapgs brings user mode's. */
long trap_set_segment_base(unsigned int which, unsigned long base)
{
    static const uint32_t msr[] = {
        [SEGBASE_FS] = MSR_FS_BASE,
        [SEGBASE_GS_USER] = MSR_SHADOW_GS_BASE,
        [SEGBASE_GS_KERNEL] = MSR_GS_BASE,
    };

    if (which >= ARRAY_SIZE(msr))
        return -XEN_EINVAL;
    /* The only refusal of these MSRs is a non-canonical base. */
    return trap_write_msr(msr[which], base) ? -XEN_EINVAL : 0;
}

void trap_cpuid(uint32_t leaf, uint32_t subleaf, uint32_t regs[4])
{
    asm volatile ("cpuid"
                  : "=a"(regs[0]), "=b"(regs[1]), "=c"(regs[2]),
                    "=d"(regs[3])
                  : "0"(leaf), "2"(subleaf));
}

unsigned long trap_read_cr2(void)
{
    unsigned long cr2;

    asm volatile ("mov %%cr2, %0" : "=r"(cr2));
    return cr2;
}

/* ---- console: COM1, polled ---- */

static uint8_t inb(uint16_t port)
{
    uint8_t v;

    asm volatile ("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static void outb(uint16_t port, uint8_t v)
{
    asm volatile ("outb %0, %1" : : "a"(v), "Nd"(port));
}

void trap_console_write(const char *s, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++) {
        while (!(inb(COM1_LSR) & LSR_THRE))
            ;
        outb(COM1_THR, (uint8_t)s[i]);
    }
}

/* ---- timer: IA32_TSC_DEADLINE, an absolute TSC value (0 = stop) ---- */

static void trap_set_deadline(uint64_t ns)
{
    uint64_t tsc = ns ? pvclock_ns_to_tsc(ns) : 0;
    long rc = trap_write_msr(MSR_TSC_DEADLINE, tsc);

    if (rc)
        panic("wrmsr TSC_DEADLINE 0x%lx refused", (unsigned long)tsc);
}

const struct pv_ops pvops_trap = {
    .name = "trap",
    .irq = {
        .disable = trap_irq_disable,
        .enable = trap_irq_enable,
        .save = trap_irq_save,
        .restore = trap_irq_restore,
        .disabled = xen_irq_disabled,
        .halt = trap_irq_halt,
    },
    .mmu = {
        .pfn_to_mfn = xen_pfn_to_mfn,
        .mfn_to_pfn = xen_mfn_to_pfn,
        .set_pte = trap_set_pte,
        .flush_ptes = xen_flush_ptes,
        .set_kernel_pte = trap_set_kernel_pte,
        .pin = xen_pin,
        .unpin = xen_unpin,
        .set_bases = trap_set_bases,
        .flush_tlb = trap_flush_tlb,
        .invlpg = trap_invlpg,
        .wbinvd = trap_wbinvd,
    },
    .cpu = {
        .load_traps = trap_load_traps,
        .load_kernel_stack = xen_load_kernel_stack,
        .iret = xen_iret,
        .set_segment_base = trap_set_segment_base,
        .read_msr = trap_read_msr,
        .write_msr = trap_write_msr,
        .cpuid = trap_cpuid,
        .read_cr2 = trap_read_cr2,
        .shutdown = xen_shutdown,
    },
    .console = { .write = trap_console_write },
    .timer = {
        .init = xen_timer_init,
        .now_ns = xen_now_ns,
        .set_deadline = trap_set_deadline,
    },
};
