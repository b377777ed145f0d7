/*
 * x86-64 PV hypercall stubs: the guest half of Xen's calling convention.
 *
 * Xen's rule (xen/arch-x86/xen-x86_64.h): arguments in %rdi, %rsi, %rdx,
 * %r10, %r8; result in %rax; the call goes to
 *     hypercall_page + __HYPERVISOR_<name> * 32
 * where the hypervisor wrote a 32-byte stub ending in `syscall`.  %rcx and
 * %r11 are destroyed by syscall/sysret, and the argument registers may be
 * clobbered by the hypervisor (debug builds of Xen poison the ones a
 * hypercall does not use), so every stub lists all five as outputs.
 *
 * The guest must define a symbol `hypercall_page` (one page in .text, named
 * by its XEN_ELFNOTE_HYPERCALL_PAGE note).
 *
 * _hypercallN(type, name, a1..aN) returns the raw result cast to `type`;
 * errors are Xen's negative errno values.
 */
#ifndef HYPERCALL_STUBS_X86_64_H
#define HYPERCALL_STUBS_X86_64_H

#ifndef __ASSEMBLY__

extern char hypercall_page[];

/* Offset of hypercall `nr`'s stub inside the hypercall page. */
#define HYPERCALL_STUB_SIZE 32

/* The register bindings shared by every stub. */
#define __HCALL_DECL(a1, a2, a3, a4, a5)                                    \
    unsigned long __res;                                                    \
    register unsigned long __a1 asm("rdi") = (unsigned long)(a1);          \
    register unsigned long __a2 asm("rsi") = (unsigned long)(a2);          \
    register unsigned long __a3 asm("rdx") = (unsigned long)(a3);          \
    register unsigned long __a4 asm("r10") = (unsigned long)(a4);          \
    register unsigned long __a5 asm("r8") = (unsigned long)(a5)

#define __HCALL_OUTPUTS                                                     \
    "=a" (__res), "+r" (__a1), "+r" (__a2), "+r" (__a3), "+r" (__a4),      \
    "+r" (__a5)

#define __HCALL_CLOBBERS "rcx", "r11", "memory"

/* A call to a hypercall number known at compile time (a direct call). */
#define __hypercall(type, nr, a1, a2, a3, a4, a5)                          \
({                                                                          \
    __HCALL_DECL(a1, a2, a3, a4, a5);                                       \
    asm volatile ("call hypercall_page + %c[off]"                           \
                  : __HCALL_OUTPUTS                                         \
                  : [off] "i" ((nr) * HYPERCALL_STUB_SIZE)                  \
                  : __HCALL_CLOBBERS);                                      \
    (type)__res;                                                            \
})

/*
 * The unused argument registers are passed as 0: the hypervisor ignores
 * them, and a defined value keeps the compiler from reading garbage.
 */
#define _hypercall0(type, name)                                             \
    __hypercall(type, __HYPERVISOR_##name, 0, 0, 0, 0, 0)
#define _hypercall1(type, name, a1)                                         \
    __hypercall(type, __HYPERVISOR_##name, a1, 0, 0, 0, 0)
#define _hypercall2(type, name, a1, a2)                                     \
    __hypercall(type, __HYPERVISOR_##name, a1, a2, 0, 0, 0)
#define _hypercall3(type, name, a1, a2, a3)                                 \
    __hypercall(type, __HYPERVISOR_##name, a1, a2, a3, 0, 0)
#define _hypercall4(type, name, a1, a2, a3, a4)                             \
    __hypercall(type, __HYPERVISOR_##name, a1, a2, a3, a4, 0)
#define _hypercall5(type, name, a1, a2, a3, a4, a5)                         \
    __hypercall(type, __HYPERVISOR_##name, a1, a2, a3, a4, a5)

/*
 * A call to a hypercall number chosen at run time (tests of unknown
 * numbers).  The page holds PAGE_SIZE / 32 = 128 stubs; the caller must
 * keep `nr` below that.
 */
#define _hypercall_nr(nr, a1, a2, a3, a4, a5)                               \
({                                                                          \
    __HCALL_DECL(a1, a2, a3, a4, a5);                                       \
    unsigned long __stub = (unsigned long)hypercall_page +                  \
                           (unsigned long)(nr) * HYPERCALL_STUB_SIZE;       \
    asm volatile ("call *%[stub]"                                           \
                  : __HCALL_OUTPUTS                                         \
                  : [stub] "r" (__stub)                                     \
                  : __HCALL_CLOBBERS);                                      \
    (long)__res;                                                            \
})

#endif /* !__ASSEMBLY__ */

#endif /* HYPERCALL_STUBS_X86_64_H */
