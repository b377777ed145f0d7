/*
 * ZERO_BSS: clears the kernel's .bss, at its linked (virtual) address,
 * in 64-bit code before anything in it is used (the stack included).
 * Loaders zero-fill .bss (ELF p_memsz > p_filesz), but nothing obliges
 * them to, and a stale stack or table would be hard to find.  Both
 * entries use it: the PV one (head.S) and the native one
 * (native/boot_entry.S).  Clobbers rax, rcx, rdi.  Assembly only.
 */
#ifndef GUEST_ZERO_BSS_H
#define GUEST_ZERO_BSS_H

#ifdef __ASSEMBLY__
.macro ZERO_BSS
    lea     __bss_start(%rip), %rdi
    lea     __bss_end(%rip), %rcx
    sub     %rdi, %rcx
    xor     %eax, %eax
    rep stosb
.endm
#endif

#endif /* GUEST_ZERO_BSS_H */
