/*
 * The switch from 32-bit protected mode to long mode, shared by the boot
 * CPU's entry (boot/head.S) and the APs' trampoline (trampoline.S).
 */
#ifndef ASM_LONG_MODE_H
#define ASM_LONG_MODE_H

#include <asm/msr.h>
#include <asm/processor.h>

/*
 * PAE, the top-level table 'cr3' (a register or a memory operand), then
 * EFER (long mode; NXE before any table with NX bits is walked; syscall),
 * then paging with WP so ring 0 honours read-only guest mappings.  The
 * caller's far jump to a 64-bit code segment completes the switch.
 * Clobbers eax, ecx, edx.
 */
.macro ENTER_LONG_MODE cr3
        movl    $X86_CR4_PAE, %eax
        movl    %eax, %cr4
        movl    \cr3, %eax
        movl    %eax, %cr3
        movl    $MSR_EFER, %ecx
        rdmsr
        orl     $(EFER_LME | EFER_NXE | EFER_SCE), %eax
        wrmsr
        movl    $(X86_CR0_PG | X86_CR0_WP | X86_CR0_NE | X86_CR0_MP | X86_CR0_PE), %eax
        movl    %eax, %cr0
.endm

#endif /* ASM_LONG_MODE_H */
