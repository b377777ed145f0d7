/*
 * The AP trampoline: where a CPU woken by INIT-SIPI-SIPI starts, in real
 * mode at CS:IP = (page >> 4):0.  smpboot.c copies [trampoline_start,
 * trampoline_end) to a page below 1 MiB and patches tramp_cr3; the code
 * is position-independent (it finds its page from %cs, in %ebx), so the
 * copy runs wherever it lands.
 *
 * 16-bit -> 32-bit protected mode on the trampoline's own GDT -> long
 * mode on smpboot.c's temporary tables (its page identity-mapped, plus
 * the hypervisor's slots), then a jump to the image's linked address,
 * where ap_high_start moves to the idle page tables and the CPU's stack.
 */
#include <asm/config.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include <asm-offsets.h>
#include <asm/long_mode.h>

#define TRAMP_CS32      0x08
#define TRAMP_DS        0x10
#define TRAMP_CS64      0x18
#define OFF(sym)        ((sym) - trampoline_start)

        .section .rodata, "a", @progbits
        .balign 16
        .globl trampoline_start
trampoline_start:
        .code16
        cli
        cld
        movw    %cs, %ax
        movw    %ax, %ds
        movzwl  %ax, %ebx
        shll    $4, %ebx                        /* %ebx = the page */
        /* The GDT base and the far pointers are linear addresses. */
        leal    OFF(tramp_gdt)(%ebx), %eax
        movl    %eax, OFF(tramp_gdtr) + 2
        leal    OFF(tramp32)(%ebx), %eax
        movl    %eax, OFF(tramp_far32)
        leal    OFF(tramp64)(%ebx), %eax
        movl    %eax, OFF(tramp_far64)
        lgdtl   OFF(tramp_gdtr)
        movl    %cr0, %eax
        orl     $X86_CR0_PE, %eax
        movl    %eax, %cr0
        ljmpl   *OFF(tramp_far32)

        .code32
tramp32:
        movl    $TRAMP_DS, %eax
        movl    %eax, %ds
        movl    %eax, %es
        movl    %eax, %ss
        movl    %eax, %fs
        movl    %eax, %gs
        ENTER_LONG_MODE OFF(tramp_cr3)(%ebx)
        ljmpl   *OFF(tramp_far64)(%ebx)

        .code64
tramp64:
        movabsq $ap_high_start, %rax
        jmpq    *%rax

        .balign 8
tramp_gdt:
        .quad 0
        .quad 0x00cf9a000000ffff        /* TRAMP_CS32: flat 32-bit code */
        .quad 0x00cf92000000ffff        /* TRAMP_DS: flat data */
        .quad 0x00af9a000000ffff        /* TRAMP_CS64: 64-bit code */
tramp_gdtr:
        .short 4 * 8 - 1
        .long 0                         /* patched: linear base */
tramp_far32:
        .long 0                         /* patched: linear tramp32 */
        .short TRAMP_CS32
tramp_far64:
        .long 0                         /* patched: linear tramp64 */
        .short TRAMP_CS64
        .balign 4
        .globl tramp_cr3
tramp_cr3:
        .long 0                         /* smpboot.c: temporary L4, < 4 GiB */
        .globl trampoline_end
trampoline_end:

/*
 * In the image, on the temporary tables.  smpboot.c published the idle
 * L4 and this CPU's stack top (below its cpu_info) before the SIPI; the
 * SIPI itself orders those stores before anything the AP reads.
 */
        .text
        .globl ap_high_start
ap_high_start:
        movq    ap_boot_cr3(%rip), %rax
        movq    %rax, %cr3
        movq    ap_boot_stack(%rip), %rsp
        xorl    %ebp, %ebp                      /* ends backtraces */
        call    ap_start
        ud2
