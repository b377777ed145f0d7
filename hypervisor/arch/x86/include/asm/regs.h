/*
 * The register frame saved on every entry into the hypervisor.
 *
 * The layout is fixed by entry.S, which pushes it (offsets checked in
 * asm_offsets.c): the general registers in the order below, then the
 * error code and vector (one 8-byte slot), then the hardware frame.
 */
#ifndef ASM_REGS_H
#define ASM_REGS_H

/* entry_vector of a syscall entry (hypercall or guest system call). */
#define ENTRY_VECTOR_SYSCALL    0x100

#ifndef __ASSEMBLY__
#include <hv/types.h>

struct cpu_regs {
    uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
    uint64_t rax, rcx, rdx, rsi, rdi;
    uint32_t error_code;
    uint32_t entry_vector;
    /* Hardware frame (syscall entry builds the same shape). */
    uint64_t rip, cs, rflags, rsp, ss;
};

static inline bool regs_from_guest(const struct cpu_regs *r)
{
    return (r->cs & 3) != 0;
}

/*
 * General register 'n' in x86 encoding order (rax rcx rdx rbx rsp rbp
 * rsi rdi r8..r15, as ModRM and REX number them), for the emulators.
 */
static inline uint64_t *regs_gpr(struct cpu_regs *r, unsigned int n)
{
    static const uint8_t offset[16] = {
        __builtin_offsetof(struct cpu_regs, rax),
        __builtin_offsetof(struct cpu_regs, rcx),
        __builtin_offsetof(struct cpu_regs, rdx),
        __builtin_offsetof(struct cpu_regs, rbx),
        __builtin_offsetof(struct cpu_regs, rsp),
        __builtin_offsetof(struct cpu_regs, rbp),
        __builtin_offsetof(struct cpu_regs, rsi),
        __builtin_offsetof(struct cpu_regs, rdi),
        __builtin_offsetof(struct cpu_regs, r8),
        __builtin_offsetof(struct cpu_regs, r9),
        __builtin_offsetof(struct cpu_regs, r10),
        __builtin_offsetof(struct cpu_regs, r11),
        __builtin_offsetof(struct cpu_regs, r12),
        __builtin_offsetof(struct cpu_regs, r13),
        __builtin_offsetof(struct cpu_regs, r14),
        __builtin_offsetof(struct cpu_regs, r15),
    };

    return (uint64_t *)((char *)r + offset[n & 15]);
}
#endif

#endif /* ASM_REGS_H */
