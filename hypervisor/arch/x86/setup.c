/*
 * CPU 0 bring-up: descriptor tables, system-call MSRs, per-CPU data, the
 * boot loader's information; then the generic start_hypervisor().  The
 * other CPUs (smpboot.c) get the same per-CPU state through
 * cpu_init_secondary(): their own GDT (it holds their TSS descriptor),
 * TSS and IST stacks, and the one shared IDT.
 */
#include <hv/boot_info.h>
#include <hv/bug.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/printk.h>
#include <hv/setup.h>
#include <hv/shutdown.h>
#include <hv/softirq.h>
#include <asm/config.h>
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/descriptor.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include <asm/serial.h>
#include <asm/smp.h>
#include <asm/tss.h>

#define MB2_BOOTLOADER_MAGIC    0x36d76289
#define BOOT_PROTO_MULTIBOOT2   1
#define BOOT_PROTO_PVH          2

struct __packed idt_gate {
    uint16_t offset_lo;
    uint16_t selector;
    uint8_t ist;
    uint8_t type_attr;
    uint16_t offset_mid;
    uint32_t offset_hi;
    uint32_t zero;
};

struct __packed desc_ptr {
    uint16_t limit;
    uint64_t base;
};

/* IST slots: exceptions that must not run on a possibly broken stack. */
enum { IST_NONE, IST_DF, IST_NMI, IST_MC, NR_IST = IST_MC };

char cpu0_stack[STACK_SIZE] __aligned(STACK_SIZE) __section(".bss.stack_aligned");
static uint8_t ist_stacks[NR_CPUS][NR_IST][PAGE_SIZE] __aligned(PAGE_SIZE);
static uint64_t cpu0_gdt[GDT_ENTRIES] __aligned(PAGE_SIZE);
static struct tss64 tss[NR_CPUS] __aligned(128);
static struct idt_gate idt[256] __aligned(16);
static uint64_t *cpu_gdt_table[NR_CPUS];

extern const unsigned long exception_stubs[X86_NR_EXCEPTIONS];
extern const char irq_stubs[];
void syscall_entry(void);
void syscall32_entry(void);

#define GDT_IDX(sel)    (((sel) >> 3))

static void gdt_init(uint64_t *gdt, const struct tss64 *t)
{
    uint64_t base = (uint64_t)t;
    uint64_t limit = sizeof(*t) - 1;

    gdt[GDT_IDX(__HYPERVISOR_CS)] = 0x00af9b000000ffffUL; /* 64-bit, DPL 0 */
    gdt[GDT_IDX(__HYPERVISOR_DS)] = 0x00cf93000000ffffUL;
    gdt[GDT_IDX(__HV_RING3_CS32)] = 0x00cffb000000ffffUL; /* 32-bit, DPL 3 */
    gdt[GDT_IDX(__HV_RING3_DS32)] = 0x00cff3000000ffffUL;
    gdt[GDT_IDX(__HV_RING3_CS64)] = 0x00affb000000ffffUL; /* 64-bit, DPL 3 */
    /* 64-bit available TSS: a 16-byte system descriptor. */
    gdt[GDT_IDX(TSS_SELECTOR)] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
                                 (0x89UL << 40) | (((limit >> 16) & 0xf) << 48) |
                                 (((base >> 24) & 0xff) << 56);
    gdt[GDT_IDX(TSS_SELECTOR) + 1] = base >> 32;
}

static void set_gate(unsigned int vec, unsigned long addr, unsigned int dpl,
                     unsigned int ist)
{
    struct idt_gate *g = &idt[vec];

    g->offset_lo = addr & 0xffff;
    g->selector = __HYPERVISOR_CS;
    g->ist = ist;
    g->type_attr = 0x8e | (dpl << 5);   /* present 64-bit interrupt gate */
    g->offset_mid = (addr >> 16) & 0xffff;
    g->offset_hi = addr >> 32;
    g->zero = 0;
}

static void idt_init(void)
{
    for (unsigned int v = 0; v < X86_NR_EXCEPTIONS; v++)
        set_gate(v, exception_stubs[v], 0, IST_NONE);
    /*
     * int3 and into may be issued from ring 3 so that the guest kernel's
     * breakpoints reach it (as on Xen); every other vector raised by a
     * software int from the guest is refused with #GP.
     */
    set_gate(X86_EXC_BP, exception_stubs[X86_EXC_BP], 3, IST_NONE);
    set_gate(X86_EXC_OF, exception_stubs[X86_EXC_OF], 3, IST_NONE);
    set_gate(X86_EXC_DF, exception_stubs[X86_EXC_DF], 0, IST_DF);
    set_gate(X86_EXC_NMI, exception_stubs[X86_EXC_NMI], 0, IST_NMI);
    set_gate(X86_EXC_MC, exception_stubs[X86_EXC_MC], 0, IST_MC);
    for (unsigned int v = X86_NR_EXCEPTIONS; v < 256; v++)
        set_gate(v, (unsigned long)irq_stubs + (v - X86_NR_EXCEPTIONS) * 16,
                 0, IST_NONE);
}

/*
 * The legacy 8259 PICs: firmware may leave them unmasked with their
 * vectors on top of the CPU exceptions (IRQ 0 on vector 8).  Move them to
 * 0x20-0x2f and mask every line; nothing here uses them.
 */
static void pic_disable(void)
{
    outb(0x20, 0x11);           /* ICW1: init, ICW4 follows */
    outb(0xa0, 0x11);
    outb(0x21, 0x20);           /* ICW2: vector bases */
    outb(0xa1, 0x28);
    outb(0x21, 0x04);           /* ICW3: slave on IRQ 2 */
    outb(0xa1, 0x02);
    outb(0x21, 0x01);           /* ICW4: 8086 mode */
    outb(0xa1, 0x01);
    outb(0x21, 0xff);           /* mask all */
    outb(0xa1, 0xff);
}

static void tss_init(unsigned int cpu, struct cpu_info *ci)
{
    struct tss64 *t = &tss[cpu];

    t->rsp[0] = (uint64_t)&ci->guest_regs + sizeof(ci->guest_regs);
    for (unsigned int i = 1; i <= NR_IST; i++)
        t->ist[i - 1] = (uint64_t)ist_stacks[cpu][i - 1] + PAGE_SIZE;
    /*
     * The I/O bitmap starts off and denies every port: with IOPL 0 every
     * port access from ring 3 faults until io_bitmap_load() opens the
     * ports granted to the running domain (asm/ioport.h).
     */
    memset(t->io_bitmap, 0xff, sizeof(t->io_bitmap));
    t->iomap_base = TSS_IOMAP_OFF;
}

struct tss64 *this_cpu_tss(void)
{
    return &tss[smp_processor_id()];
}

void cpu_load_gdt(const void *gdt)
{
    struct desc_ptr gdtr = { GDT_ENTRIES * 8 - 1, (uint64_t)gdt };

    asm volatile("lgdt %0" :: "m"(gdtr) : "memory");
}

uint64_t *cpu_gdt(unsigned int cpu)
{
    return cpu_gdt_table[cpu];
}

static void load_descriptor_tables(const uint64_t *gdt)
{
    struct desc_ptr idtr = { sizeof(idt) - 1, (uint64_t)idt };

    cpu_load_gdt(gdt);
    asm volatile("lidt %0" :: "m"(idtr));
    /* Reload CS through a far return, then the data segments. */
    asm volatile("pushq %0; leaq 1f(%%rip), %%rax; pushq %%rax; lretq; 1:"
                 :: "i"(__HYPERVISOR_CS) : "rax", "memory");
    asm volatile("mov %0, %%ds; mov %0, %%es; mov %0, %%ss; "
                 "xor %%eax, %%eax; mov %%eax, %%fs; mov %%eax, %%gs"
                 :: "r"(__HYPERVISOR_DS) : "rax");
    asm volatile("ltr %w0" :: "r"(TSS_SELECTOR));
}

/*
 * syscall from ring 3 enters syscall_entry with IF, TF, DF, AC and NT
 * cleared: the hypervisor starts every hypercall with interrupts off and a
 * known direction flag, whatever the guest had.
 */
static void syscall_init(struct cpu_info *ci)
{
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE | EFER_NXE);
    wrmsr(MSR_STAR, STAR_VALUE);
    wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
    wrmsr(MSR_CSTAR, (uint64_t)syscall32_entry);
    wrmsr(MSR_SYSCALL_MASK, X86_EFLAGS_IF | X86_EFLAGS_TF | X86_EFLAGS_DF |
                            X86_EFLAGS_AC | X86_EFLAGS_NT);
    wrmsr(MSR_SHADOW_GS_BASE, (uint64_t)ci);
    wrmsr(MSR_GS_BASE, 0);
}

/* The per-CPU part, the same on every CPU. */
static void cpu_init_tables(unsigned int cpu, uint64_t *gdt)
{
    struct cpu_info *ci = get_cpu_info();

    gdt_init(gdt, &tss[cpu]);
    cpu_gdt_table[cpu] = gdt;
    tss_init(cpu, ci);
    load_descriptor_tables(gdt);
    syscall_init(ci);
    /* The guest may use SSE: fxsave/fxrstor and #XM reporting on. */
    write_cr4(read_cr4() | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT);
}

static void cpu_init(void)
{
    struct cpu_info *ci = get_cpu_info();

    memset(ci, 0, sizeof(*ci));
    ci->regs_end = (unsigned long)(&ci->guest_regs + 1);
    pic_disable();
    idt_init();
    cpu_init_tables(0, cpu0_gdt);
}

/*
 * An AP, on its own stack, whose cpu_info the boot CPU filled in; the
 * IDT is complete (CPU 0 built it before starting anyone), and CR0, CR4
 * (PAE, and PGE below) and EFER match CPU 0's after the trampoline.
 */
void cpu_init_secondary(unsigned int cpu, uint64_t *gdt)
{
    BUG_ON(cpu >= NR_CPUS || get_cpu_info()->cpu_id != cpu);
    write_cr4(read_cr4() | X86_CR4_PGE);
    cpu_init_tables(cpu, gdt);
}

static const void *pvh_map(paddr_t pa, size_t len)
{
    /* The boot page tables map the first 4 GiB at the direct map. */
    if (pa + len < pa || pa + len > (4UL << 30))
        return NULL;
    return maddr_to_virt(pa);
}

static struct boot_info boot_info;

static void parse_boot_info(unsigned int proto, uint32_t info_pa,
                            uint32_t magic)
{
    const char *why = "unknown boot protocol";
    int rc = -1;

    if (proto == BOOT_PROTO_MULTIBOOT2) {
        why = "bad multiboot2 magic";
        if (magic == MB2_BOOTLOADER_MAGIC)
            rc = multiboot2_parse(maddr_to_virt(info_pa), &boot_info, &why);
    } else if (proto == BOOT_PROTO_PVH) {
        rc = pvh_parse(info_pa, pvh_map, &boot_info, &why);
    }
    if (rc)
        boot_fail(EXIT_BAD_BOOT, "%s", why);
}

/* Called from head.S on CPU 0's stack, in long mode on the boot tables. */
void __start_xen(unsigned int proto, uint32_t info_pa, uint32_t magic);

void __start_xen(unsigned int proto, uint32_t info_pa, uint32_t magic)
{
    serial_init(0);
    cpu_init();
    parse_boot_info(proto, info_pa, magic);
    start_hypervisor(&boot_info);
}
