/*
 * The register frame built by arch/x86/entry.S for every exception, event
 * upcall and fatal callback, and read by C through struct trap_frame.
 *
 * On x86-64 PV, Xen bounces an exception onto the guest kernel stack as
 * [rcx, r11, (error code), rip, cs, rflags, rsp, ss] (lowest address
 * first), enters the registered handler with %rsp at rcx, and expects the
 * guest to return through HYPERVISOR_iret.  entry.S reloads rcx and r11
 * into their registers, pushes an error code where the CPU gives none and
 * the vector, then the general registers, so that every entry looks the
 * same from C.
 */
#ifndef GUEST_TRAP_FRAME_H
#define GUEST_TRAP_FRAME_H

/* Byte offsets of the frame fields, for entry.S (checked below). */
#define TF_R15          0x00
#define TF_RBP          0x40
#define TF_RAX          0x70
#define TF_VECTOR       0x78
#define TF_ERROR_CODE   0x80
#define TF_RIP          0x88
#define TF_CS           0x90
#define TF_RFLAGS       0x98
#define TF_RSP          0xa0
#define TF_SS           0xa8
#define TF_SIZE         0xb0

/* Pseudo-vectors for entries that are not exceptions. */
#define TRAP_VECTOR_EVENT    0x100  /* the event-channel upcall */
#define TRAP_VECTOR_SYSCALL  0x101  /* a system call from user mode */

/* x86 exception vectors, as numbered by the CPU (and trap_info.vector). */
#define X86_EXC_DE   0   /* divide error */
#define X86_EXC_DB   1   /* debug */
#define X86_EXC_NMI  2   /* NMI (Xen delivers it as a callback) */
#define X86_EXC_BP   3   /* int3 */
#define X86_EXC_OF   4   /* into */
#define X86_EXC_BR   5   /* bound */
#define X86_EXC_UD   6   /* invalid opcode */
#define X86_EXC_NM   7   /* device not available (CR0.TS) */
#define X86_EXC_DF   8   /* double fault (Xen keeps it) */
#define X86_EXC_TS   10  /* invalid TSS */
#define X86_EXC_NP   11  /* segment not present */
#define X86_EXC_SS   12  /* stack fault */
#define X86_EXC_GP   13  /* general protection */
#define X86_EXC_PF   14  /* page fault */
#define X86_EXC_MF   16  /* x87 floating point */
#define X86_EXC_AC   17  /* alignment check */
#define X86_EXC_MC   18  /* machine check (Xen keeps it) */
#define X86_EXC_XM   19  /* SIMD floating point */
#define X86_NR_EXC   32

/* #PF error code bits. */
#define X86_PFEC_PRESENT  (1u << 0)
#define X86_PFEC_WRITE    (1u << 1)
#define X86_PFEC_USER     (1u << 2)

#define X86_EFLAGS_IF     (1ul << 9)

#ifdef __ASSEMBLY__
/*
 * The general registers in struct trap_frame's order (r15 lowest): the
 * kernel's trap_common, and the native platform's report of an
 * exception with no handler (arch/x86/native/entry.S).
 */
.macro PUSH_TRAP_REGS
    push    %rax
    push    %rbx
    push    %rcx
    push    %rdx
    push    %rsi
    push    %rdi
    push    %rbp
    push    %r8
    push    %r9
    push    %r10
    push    %r11
    push    %r12
    push    %r13
    push    %r14
    push    %r15
.endm

.macro POP_TRAP_REGS
    pop     %r15
    pop     %r14
    pop     %r13
    pop     %r12
    pop     %r11
    pop     %r10
    pop     %r9
    pop     %r8
    pop     %rbp
    pop     %rdi
    pop     %rsi
    pop     %rdx
    pop     %rcx
    pop     %rbx
    pop     %rax
.endm
#endif /* __ASSEMBLY__ */

#ifndef __ASSEMBLY__

#include <stddef.h>
#include <stdint.h>

struct trap_frame {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector;        /* X86_EXC_* or TRAP_VECTOR_* */
    uint64_t error_code;    /* 0 when the exception has none */
    /* From here on: the frame exactly as Xen bounced it. */
    uint64_t rip;
    uint64_t cs;            /* bits 32-39: Xen's saved upcall mask */
    uint64_t rflags;        /* IF == !saved upcall mask */
    uint64_t rsp;
    uint64_t ss;
};

_Static_assert(offsetof(struct trap_frame, r15) == TF_R15, "TF_R15");
_Static_assert(offsetof(struct trap_frame, rbp) == TF_RBP, "TF_RBP");
_Static_assert(offsetof(struct trap_frame, rax) == TF_RAX, "TF_RAX");
_Static_assert(offsetof(struct trap_frame, vector) == TF_VECTOR, "TF_VECTOR");
_Static_assert(offsetof(struct trap_frame, error_code) == TF_ERROR_CODE,
               "TF_ERROR_CODE");
_Static_assert(offsetof(struct trap_frame, rip) == TF_RIP, "TF_RIP");
_Static_assert(offsetof(struct trap_frame, cs) == TF_CS, "TF_CS");
_Static_assert(offsetof(struct trap_frame, rflags) == TF_RFLAGS, "TF_RFLAGS");
_Static_assert(offsetof(struct trap_frame, rsp) == TF_RSP, "TF_RSP");
_Static_assert(offsetof(struct trap_frame, ss) == TF_SS, "TF_SS");
_Static_assert(sizeof(struct trap_frame) == TF_SIZE, "TF_SIZE");

#endif /* !__ASSEMBLY__ */

#endif /* GUEST_TRAP_FRAME_H */
