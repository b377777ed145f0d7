/*
 * Crash reports for hypervisor faults and panics: vector, error code,
 * faulting address, registers, and a backtrace with symbol names (from the
 * table the second link embeds, see scripts/gensyms.sh).
 */
#include <hv/bug.h>
#include <hv/lib.h>
#include <hv/printk.h>
#include <hv/shutdown.h>
#include <hv/symbols.h>
#include <asm/config.h>
#include <asm/crash.h>
#include <asm/processor.h>

static const char *const exc_names[X86_NR_EXCEPTIONS] = {
    "divide error", "debug", "NMI", "breakpoint", "overflow",
    "bound range", "invalid opcode", "device not available",
    "double fault", "coprocessor segment overrun", "invalid TSS",
    "segment not present", "stack fault", "general protection",
    "page fault", "reserved", "x87 FPU error", "alignment check",
    "machine check", "SIMD FP exception", "virtualization exception",
    "control protection",
};

const char *exception_name(unsigned int vec)
{
    if (vec < X86_NR_EXCEPTIONS && exc_names[vec])
        return exc_names[vec];
    return "reserved";
}

void show_registers(const struct cpu_regs *r)
{
    printk("  rip %016lx  cs %04lx  rflags %08lx  rsp %016lx  ss %04lx\n",
           r->rip, r->cs, r->rflags, r->rsp, r->ss);
    printk("  rax %016lx  rbx %016lx  rcx %016lx\n", r->rax, r->rbx, r->rcx);
    printk("  rdx %016lx  rsi %016lx  rdi %016lx\n", r->rdx, r->rsi, r->rdi);
    printk("  rbp %016lx  r8  %016lx  r9  %016lx\n", r->rbp, r->r8, r->r9);
    printk("  r10 %016lx  r11 %016lx  r12 %016lx\n", r->r10, r->r11, r->r12);
    printk("  r13 %016lx  r14 %016lx  r15 %016lx\n", r->r13, r->r14, r->r15);
    printk("  cr0 %016lx  cr2 %016lx  cr3 %016lx  cr4 %016lx\n",
           read_cr0(), read_cr2(), read_cr3(), read_cr4());
}

static void print_symbol(unsigned long addr)
{
    unsigned long off;
    const char *name = symbol_lookup(addr, &off);

    if (name)
        printk("    [<%016lx>] %s+%#lx\n", addr, name, off);
    else
        printk("    [<%016lx>] ?\n", addr);
}

/*
 * Frame-pointer walk (the hypervisor is built with frame pointers).  Every
 * frame must lie in the hypervisor's half and move up the stack, so a
 * corrupt chain ends the walk instead of faulting again.
 */
void show_backtrace(unsigned long rip, unsigned long rbp)
{
    unsigned int depth = 0;

    printk("  backtrace:\n");
    print_symbol(rip);
    while (rbp >= HV_VIRT_START && rbp < HV_VIRT_END && IS_ALIGNED(rbp, 8) &&
           depth++ < 32) {
        unsigned long *frame = (unsigned long *)rbp;

        if (!frame[1])
            break;
        print_symbol(frame[1]);
        if (frame[0] <= rbp)
            break;
        rbp = frame[0];
    }
}

void fatal_trap(const struct cpu_regs *regs)
{
    unsigned int vec = regs->entry_vector;

    printk(XENLOG_ERR "*** hypervisor fault: vector %u (%s), error code %#x",
           vec, exception_name(vec), regs->error_code);
    if (vec == X86_EXC_PF)
        printk(", address %#lx", read_cr2());
    printk("\n");
    show_registers(regs);
    show_backtrace(regs->rip, regs->rbp);
    machine_exit(EXIT_PANIC);
}

void panic(const char *fmt, ...)
{
    char buf[256];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    printk(XENLOG_ERR "*** PANIC: %s\n", buf);
    /* Start at our caller: its return address, then its frame. */
    show_backtrace((unsigned long)__builtin_return_address(0),
                   *(unsigned long *)__builtin_frame_address(0));
    machine_exit(EXIT_PANIC);
}
