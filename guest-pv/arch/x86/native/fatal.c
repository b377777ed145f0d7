/*
 * The native platform's last words: an exception the kernel registered
 * no handler for (or one the platform keeps: NMI, #DF, #MC), and the
 * platform's own fatal errors.  Under a hypervisor the same exception
 * crashes the domain with a register dump; here the machine is the
 * domain, so it reports and ends with the crash status.
 */
#include <guest/console.h>
#include <guest/native.h>
#include <guest/trap_frame.h>
#include "native_boot.h"

/* General registers as PUSH_TRAP_REGS left them (rcx, r11: junk). */
struct fatal_regs {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
};

/* What the stub left: the two pushed registers, then the CPU's frame. */
struct fatal_frame {
    uint64_t rcx, r11;
    uint64_t hw[6];             /* [error code,] rip, cs, rflags, rsp, ss */
};

static const char *const names[X86_NR_EXC] = {
    "#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "",
    "#TS", "#NP", "#SS", "#GP", "#PF", "", "#MF", "#AC", "#MC", "#XM",
    "#VE", "#CP",
};

extern const uint32_t native_has_error_code;

static unsigned long read_cr2(void)
{
    unsigned long cr2;

    asm volatile ("mov %%cr2, %0" : "=r"(cr2));
    return cr2;
}

void __noreturn native_fatal(unsigned int vector, const struct fatal_regs *r,
                             const struct fatal_frame *f);

void native_fatal(unsigned int vector, const struct fatal_regs *r,
                  const struct fatal_frame *f)
{
    bool ec = vector < 32 && (native_has_error_code >> vector) & 1;
    const uint64_t *hw = ec ? &f->hw[1] : &f->hw[0];
    const char *name = vector < X86_NR_EXC && names[vector] ? names[vector]
                                                            : "";

    printk("native: fatal: exception %u %s in %s mode with no handler "
           "(the kernel registers its handlers in traps_init)\n",
           vector, name, (hw[1] & 3) ? "user" : "kernel");
    printk("native: rip %016lx cs %lx rflags %lx rsp %016lx ss %lx\n",
           hw[0], hw[1], hw[2], hw[3], hw[4]);
    printk("native: error 0x%lx cr2 %016lx\n", ec ? f->hw[0] : 0ul,
           read_cr2());
    printk("native: rax %016lx rbx %016lx rcx %016lx rdx %016lx\n",
           r->rax, r->rbx, f->rcx, r->rdx);
    printk("native: rsi %016lx rdi %016lx rbp %016lx r8  %016lx\n",
           r->rsi, r->rdi, r->rbp, r->r8);
    printk("native: r9  %016lx r10 %016lx r11 %016lx r12 %016lx\n",
           r->r9, r->r10, f->r11, r->r12);
    native_exit(NATIVE_EXIT_CRASH);
}
