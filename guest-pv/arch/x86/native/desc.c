/*
 * Ring-0 descriptors of the native kernel: GDT, TSS, IDT, and the
 * syscall MSRs; and the native column's load_traps / load_kernel_stack.
 *
 * GDT: Xen's selectors at Xen's indices (guest/native.h), so what the
 * kernel puts in a user frame (FLAT_USER_CS 0xe033, FLAT_USER_SS
 * 0xe02b) is valid natively too, and `sysret` (STAR[63:48] = 0xe023)
 * lands on the same pair.  Entries below 0xe000 are empty, as in Xen's
 * reserved GDT page the guest never sees.
 */
#include <guest/console.h>
#include <guest/idt_gate.h>
#include <guest/lib.h>
#include <guest/native.h>
#include <guest/pvops.h>
#include <guest/trap_frame.h>
#include "native_boot.h"

#define MSR_STAR            0xc0000081u
#define MSR_LSTAR           0xc0000082u
#define MSR_SYSCALL_MASK    0xc0000084u

#define EFLAGS_TF       (1u << 8)
#define EFLAGS_DF       (1u << 10)
#define EFLAGS_NT       (1u << 14)
#define EFLAGS_AC       (1u << 18)

/* The exceptions for which the CPU pushes an error code. */
#define HAVE_ERROR_CODE ((1u << X86_EXC_DF) | (1u << X86_EXC_TS) |        \
                         (1u << X86_EXC_NP) | (1u << X86_EXC_SS) |        \
                         (1u << X86_EXC_GP) | (1u << X86_EXC_PF) |        \
                         (1u << X86_EXC_AC) | (1u << 21) | (1u << 29) |   \
                         (1u << 30))

#define IST_CRITICAL    1           /* #DF, NMI, #MC: a stack of their own */

struct __attribute__((packed)) tss64 {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
};

struct __attribute__((packed)) desc_ptr {
    uint16_t limit;
    uint64_t base;
};

static uint64_t gdt[NATIVE_GDT_ENTRIES] __aligned(PAGE_SIZE);
static struct idt_gate idt[256] __aligned(PAGE_SIZE);
struct tss64 native_tss __aligned(64);
static char critical_stack[PAGE_SIZE] __aligned(16);

/* Read by entry.S. */
unsigned long native_trap_handler[256];
unsigned long native_event_entry, native_syscall_target;
const uint32_t native_has_error_code = HAVE_ERROR_CODE;

extern char native_vector_stubs[], native_timer_stub[];
extern char native_spurious_stub[], native_syscall_entry[];

static void wrmsr(uint32_t msr, uint64_t val)
{
    asm volatile ("wrmsr" : : "c"(msr), "a"((uint32_t)val),
                  "d"((uint32_t)(val >> 32)));
}

/* The gate ti describes, on the kernel's CS, with stack ist (0: none). */
static void set_gate(struct trap_info ti, unsigned int ist)
{
    ti.cs = NATIVE_KERNEL_CS;
    idt[ti.vector] = idt_gate_make(&ti);
    idt[ti.vector].ist = ist;
}

/* The platform's own gates: DPL 0, interrupts off. */
static void set_platform_gate(unsigned int vec, void *entry, unsigned int ist)
{
    set_gate((struct trap_info){ .vector = vec, .flags = TI_MASK_EVENTS,
                                 .address = (unsigned long)entry }, ist);
}

static void *vector_stub(unsigned int vec)
{
    return native_vector_stubs + 16 * vec;
}

static void gdt_init(void)
{
    unsigned long tss = (unsigned long)&native_tss;

    gdt[NATIVE_KERNEL_CS >> 3] = 0x00af9a000000ffff;    /* 64-bit, DPL 0 */
    gdt[NATIVE_KERNEL_DS >> 3] = 0x00cf92000000ffff;
    gdt[NATIVE_USER_CS32 >> 3] = 0x00cffa000000ffff;    /* 32-bit, DPL 3 */
    gdt[NATIVE_USER_DS >> 3] = 0x00cff2000000ffff;
    gdt[NATIVE_USER_CS >> 3] = 0x00affa000000ffff;      /* 64-bit, DPL 3 */
    /* A 16-byte available 64-bit TSS descriptor. */
    gdt[NATIVE_TSS_SEL >> 3] = (sizeof(native_tss) - 1) |
        (tss & 0xffffff) << 16 | 0x89ul << 40 | ((tss >> 24) & 0xff) << 56;
    gdt[(NATIVE_TSS_SEL >> 3) + 1] = tss >> 32;
    /* No I/O bitmap: user mode gets no port access (IOPL stays 0). */
    native_tss.iomap_base = sizeof(native_tss);
    native_tss.ist[IST_CRITICAL - 1] =
        (unsigned long)critical_stack + sizeof(critical_stack);
}

/* Loads the GDT and reloads every segment register from it. */
static void gdt_load(void)
{
    struct desc_ptr p = { sizeof(gdt) - 1, (unsigned long)gdt };

    asm volatile("lgdt %0\n\t"
                 "pushq %1\n\t"
                 "lea 1f(%%rip), %%rax\n\t"
                 "pushq %%rax\n\t"
                 "lretq\n"
                 "1:\tmov %2, %%ss\n\t"
                 "mov %3, %%ds\n\t"
                 "mov %3, %%es\n\t"
                 "mov %3, %%fs\n\t"
                 "mov %3, %%gs\n\t"
                 "ltr %w4"
                 :: "m"(p), "i"(NATIVE_KERNEL_CS), "r"(NATIVE_KERNEL_DS),
                    "r"(0), "r"(NATIVE_TSS_SEL)
                 : "rax", "memory");
}

static void idt_init(void)
{
    struct desc_ptr p = { sizeof(idt) - 1, (unsigned long)idt };

    for (unsigned int vec = 0; vec < 256; vec++)
        set_platform_gate(vec, vector_stub(vec), 0);
    set_platform_gate(X86_EXC_NMI, vector_stub(X86_EXC_NMI), IST_CRITICAL);
    set_platform_gate(X86_EXC_DF, vector_stub(X86_EXC_DF), IST_CRITICAL);
    set_platform_gate(X86_EXC_MC, vector_stub(X86_EXC_MC), IST_CRITICAL);
    set_platform_gate(NATIVE_TIMER_VECTOR, native_timer_stub, 0);
    set_platform_gate(NATIVE_SPURIOUS_VECTOR, native_spurious_stub, 0);
    asm volatile("lidt %0" :: "m"(p));
}

/*
 * syscall: kernel CS/SS from STAR[47:32], sysret's user pair from
 * STAR[63:48] (+16 code, +8 stack: 0xe033, 0xe02b); IF, TF, DF, AC
 * and NT cleared on entry, as the kernel's callback wants events masked.
 */
static void syscall_init(void)
{
    wrmsr(MSR_STAR, (uint64_t)NATIVE_USER_CS32 << 48 |
                    (uint64_t)NATIVE_KERNEL_CS << 32);
    wrmsr(MSR_LSTAR, (unsigned long)native_syscall_entry);
    wrmsr(MSR_SYSCALL_MASK, X86_EFLAGS_IF | EFLAGS_TF | EFLAGS_DF |
                            EFLAGS_AC | EFLAGS_NT);
}

void native_desc_init(void)
{
    gdt_init();
    gdt_load();
    idt_init();
    syscall_init();
}

/* Vectors the platform keeps: a kernel handler there is refused. */
static bool platform_vector(unsigned int vec)
{
    return vec == X86_EXC_NMI || vec == X86_EXC_DF || vec == X86_EXC_MC ||
           vec == NATIVE_TIMER_VECTOR || vec == NATIVE_SPURIOUS_VECTOR;
}

void native_load_traps(const struct trap_info *table,
                       const struct pv_callbacks *cb)
{
    const struct trap_info *t;

    for (t = table; t->address; t++) {
        struct trap_info gate = *t;

        if (platform_vector(t->vector))
            panic("native: load_traps: vector %u is the platform's (NMI, "
                  "#DF, #MC, timer 0x%x, spurious 0x%x): register another",
                  t->vector, NATIVE_TIMER_VECTOR, NATIVE_SPURIOUS_VECTOR);
        native_trap_handler[t->vector] = t->address;
        /* Its stub passes the kernel's frame on to t->address. */
        gate.address = (unsigned long)vector_stub(t->vector);
        set_gate(gate, 0);
    }
    native_event_entry = cb->event;
    native_syscall_target = cb->syscall;
}

void native_load_kernel_stack(unsigned long rsp)
{
    native_tss.rsp[0] = rsp;
}
