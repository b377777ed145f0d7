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

/*
 * A hypercall with no hypervisor: the kernel called a HYPERVISOR_*()
 * stub directly instead of going through pv_ops.  Reached from the
 * hypercall page's stubs (native_hypercall_page_init), with the
 * caller's return address where a C function expects its own.
 */
void __noreturn native_stray_hypercall(unsigned int nr);

void native_stray_hypercall(unsigned int nr)
{
    printk("native: fatal: hypercall %u (xen/xen.h numbering) called from "
           "%p with no hypervisor: this path must go through pv_ops "
           "(guest/pvops.h)\n", nr, __builtin_return_address(0));
    native_exit(NATIVE_EXIT_CRASH);
}

/*
 * Where Xen writes its hypercall stubs (XEN_ELFNOTE_HYPERCALL_PAGE),
 * one 32-byte stub per hypercall number: here each is
 *     mov $nr, %edi; jmp native_stray_hypercall
 * so that a stray call says which it was (the page is int3 otherwise).
 */
void native_hypercall_page_init(void)
{
    extern char hypercall_page[];
    unsigned long target = (unsigned long)native_stray_hypercall;

    for (unsigned int nr = 0; nr < PAGE_SIZE / 32; nr++) {
        uint8_t *stub = (uint8_t *)hypercall_page + nr * 32;
        int32_t rel = (int32_t)(target - (unsigned long)(stub + 10));

        stub[0] = 0xbf;                 /* mov $imm32, %edi */
        memcpy(stub + 1, &nr, 4);
        stub[5] = 0xe9;                 /* jmp rel32 */
        memcpy(stub + 6, &rel, 4);
    }
}
