/*
 * The native backend, `native`: the kernel in ring 0 without a
 * hypervisor (booted by arch/x86/native/boot_entry.S), doing each
 * privileged operation with the instruction itself.
 *
 * Where the trap backend executes an instruction in ring 3 for the
 * hypervisor to emulate, this one executes the same instruction at CPL
 * 0, so it uses the trap backend's code for cli, sti, sti;hlt, rdmsr,
 * wrmsr, the segment bases, cpuid, %cr2 and COM1 (pvops_trap.h).  What
 * only ring 0 can do (pushf/popf that mean it, %cr3, the IDT, the TSS,
 * iretq, the local APIC) is here and in arch/x86/native/.
 *
 * Memory: the start of day maps pfn p to machine frame
 * p + NATIVE_PFN_OFFSET (the image loads at KERNEL_LOAD_PHYS, above the
 * legacy hole, and is pfn 0 as under Xen), so P2M and M2P are that
 * shift, computed, not looked up.  Page tables are written in place
 * through the native direct map; nothing needs pinning or validating.
 */
#include <guest/console.h>
#include <guest/hypervisor.h>
#include <guest/mmu.h>
#include <guest/native.h>
#include <guest/pvclock.h>
#include <guest/trap_frame.h>
#include "pvops_trap.h"

bool native_booted(const struct start_info *si)
{
    return strncmp(si->magic, NATIVE_START_INFO_MAGIC,
                   sizeof(NATIVE_START_INFO_MAGIC)) == 0;
}

/* ---- irq: IF itself ---- */

static irqflags_t native_irq_flags(void)
{
    irqflags_t flags;

    asm volatile ("pushf; pop %0" : "=r"(flags) : : "memory");
    return flags;
}

static irqflags_t native_irq_save(void)
{
    irqflags_t flags = native_irq_flags();

    trap_irq_disable();
    return flags;
}

static void native_irq_restore(irqflags_t flags)
{
    asm volatile ("push %0; popf" : : "r"(flags) : "memory", "cc");
}

static bool native_irq_disabled(void)
{
    return !(native_irq_flags() & X86_EFLAGS_IF);
}

/* ---- mmu ---- */

static unsigned long native_pfn_to_mfn(unsigned long pfn)
{
    return pfn + NATIVE_PFN_OFFSET;
}

static unsigned long native_mfn_to_pfn(unsigned long mfn)
{
    if (mfn < NATIVE_PFN_OFFSET ||
        mfn - NATIVE_PFN_OFFSET >= start_info->nr_pages)
        return ~0ul;
    return mfn - NATIVE_PFN_OFFSET;
}

static uint64_t *entry_at(uint64_t maddr)
{
    return native_phys(maddr);
}

static void native_set_pte(uint64_t maddr, uint64_t val, unsigned int level)
{
    (void)level;
    *entry_at(maddr) = val;
}

static void native_flush_ptes(void)
{
}

static unsigned long read_cr3(void)
{
    unsigned long cr3;

    asm volatile ("mov %%cr3, %0" : "=r"(cr3));
    return cr3;
}

static void write_cr3(unsigned long cr3)
{
    asm volatile ("mov %0, %%cr3" : : "r"(cr3) : "memory");
}

static void native_invlpg(unsigned long va)
{
    asm volatile ("invlpg (%0)" : : "r"(va) : "memory");
}

/* The L1 entry mapping va in the tables %cr3 holds; NULL if none. */
static uint64_t *current_l1e(unsigned long va)
{
    uint64_t maddr = read_cr3() & PTE_ADDR_MASK;
    unsigned int level;

    for (level = 4; level > 1; level--) {
        uint64_t e = *entry_at(maddr + PT_INDEX(va, level) * 8);

        if (!(e & PTE_PRESENT) || (e & PTE_PSE))
            return NULL;
        maddr = e & PTE_ADDR_MASK;
    }
    return entry_at(maddr + PT_INDEX(va, 1) * 8);
}

static long native_set_kernel_pte(unsigned long va, uint64_t pte)
{
    uint64_t *l1e = current_l1e(va);

    if (!l1e)
        panic("native set_kernel_pte: 0x%lx is not mapped by 4 KiB pages",
              va);
    *l1e = pte;
    native_invlpg(va);
    return 0;
}

static long native_pin(unsigned int level, unsigned long mfn)
{
    (void)level;
    (void)mfn;
    return 0;
}

static long native_unpin(unsigned long mfn)
{
    (void)mfn;
    return 0;
}

/*
 * Only the kernel L4 is loaded (it maps user space too).  Like Xen when
 * it validates an L4, give it the platform's slots 256-271 from the boot
 * L4: the direct map the native code reaches memory through.
 */
static void native_set_bases(unsigned long kernel_l4, unsigned long user_l4)
{
    const uint64_t *boot = native_phys((uint64_t)mmu_boot_l4() << PAGE_SHIFT);
    uint64_t *l4 = native_phys((uint64_t)kernel_l4 << PAGE_SHIFT);
    unsigned int slot;

    (void)user_l4;
    for (slot = L4_XEN_FIRST; slot <= L4_XEN_LAST; slot++)
        l4[slot] = boot[slot];
    write_cr3((uint64_t)kernel_l4 << PAGE_SHIFT);
}

static void native_flush_tlb(void)
{
    write_cr3(read_cr3());
}

/* ---- cpu ---- */

/*
 * The CPU refuses a non-canonical base (#GP, which trap_write_msr turns
 * into an error), but QEMU's TCG does not check: check it here, as Xen
 * does, so the answer is the same everywhere.
 */
static long native_set_segment_base(unsigned int which, unsigned long base)
{
    if ((unsigned long)((long)(base << 16) >> 16) != base)
        return -XEN_EINVAL;
    return trap_set_segment_base(which, base);
}

/* ---- timer: the local APIC, its clock published as a pvclock ---- */

static void native_set_deadline(uint64_t ns)
{
    native_timer_program(ns ? pvclock_ns_to_tsc(ns) : 0);
}

const struct pv_ops pvops_native = {
    .name = "native",
    .irq = {
        .disable = trap_irq_disable,
        .enable = trap_irq_enable,
        .save = native_irq_save,
        .restore = native_irq_restore,
        .disabled = native_irq_disabled,
        /* sti; hlt: the sti shadow covers the hlt. */
        .halt = trap_irq_halt,
    },
    .mmu = {
        .pfn_to_mfn = native_pfn_to_mfn,
        .mfn_to_pfn = native_mfn_to_pfn,
        .set_pte = native_set_pte,
        .flush_ptes = native_flush_ptes,
        .set_kernel_pte = native_set_kernel_pte,
        .pin = native_pin,
        .unpin = native_unpin,
        .set_bases = native_set_bases,
        .flush_tlb = native_flush_tlb,
        .invlpg = native_invlpg,
        .wbinvd = trap_wbinvd,
    },
    .cpu = {
        .load_traps = native_load_traps,
        .load_kernel_stack = native_load_kernel_stack,
        .iret = native_iret,
        .set_segment_base = native_set_segment_base,
        .read_msr = trap_read_msr,
        .write_msr = trap_write_msr,
        .cpuid = trap_cpuid,
        .read_cr2 = trap_read_cr2,
        .shutdown = native_shutdown,
    },
    .console = { .write = trap_console_write },
    .timer = {
        .init = native_timer_init,
        .now_ns = pvclock_now,
        .set_deadline = native_set_deadline,
    },
};
