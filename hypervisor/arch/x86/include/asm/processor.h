/*
 * Control registers, flags, port I/O and other CPU primitives.
 */
#ifndef ASM_PROCESSOR_H
#define ASM_PROCESSOR_H

#define X86_CR0_PE      (1UL << 0)
#define X86_CR0_MP      (1UL << 1)
#define X86_CR0_EM      (1UL << 2)
#define X86_CR0_TS      (1UL << 3)
#define X86_CR0_NE      (1UL << 5)
#define X86_CR0_WP      (1UL << 16)
#define X86_CR0_PG      (1UL << 31)

#define X86_CR4_PAE         (1UL << 5)
#define X86_CR4_PGE         (1UL << 7)
#define X86_CR4_OSFXSR      (1UL << 9)
#define X86_CR4_OSXMMEXCPT  (1UL << 10)

#define X86_EFLAGS_CF   0x00000001UL
#define X86_EFLAGS_MBS  0x00000002UL    /* must be set */
#define X86_EFLAGS_TF   0x00000100UL
#define X86_EFLAGS_IF   0x00000200UL
#define X86_EFLAGS_DF   0x00000400UL
#define X86_EFLAGS_IOPL 0x00003000UL
#define X86_EFLAGS_NT   0x00004000UL
#define X86_EFLAGS_RF   0x00010000UL
#define X86_EFLAGS_VM   0x00020000UL
#define X86_EFLAGS_AC   0x00040000UL

/* Exception vectors. */
#define X86_EXC_DE      0
#define X86_EXC_DB      1
#define X86_EXC_NMI     2
#define X86_EXC_BP      3
#define X86_EXC_OF      4
#define X86_EXC_BR      5
#define X86_EXC_UD      6
#define X86_EXC_NM      7
#define X86_EXC_DF      8
#define X86_EXC_TS      10
#define X86_EXC_NP      11
#define X86_EXC_SS      12
#define X86_EXC_GP      13
#define X86_EXC_PF      14
#define X86_EXC_MF      16
#define X86_EXC_AC      17
#define X86_EXC_MC      18
#define X86_EXC_XM      19
#define X86_NR_EXCEPTIONS 32

/* Which exceptions push an error code (bit per vector). */
#define X86_EXC_HAVE_EC \
    ((1u << X86_EXC_DF) | (1u << X86_EXC_TS) | (1u << X86_EXC_NP) | \
     (1u << X86_EXC_SS) | (1u << X86_EXC_GP) | (1u << X86_EXC_PF) | \
     (1u << X86_EXC_AC) | (1u << 21) | (1u << 29) | (1u << 30))

/* #PF error-code bits. */
#define PFEC_PRESENT    (1u << 0)
#define PFEC_WRITE      (1u << 1)
#define PFEC_USER       (1u << 2)
#define PFEC_RSVD       (1u << 3)
#define PFEC_INSN       (1u << 4)

#ifndef __ASSEMBLY__
#include <hv/types.h>

#define DEFINE_CR_ACCESSORS(n)                                   \
    static inline unsigned long read_cr##n(void)                 \
    {                                                            \
        unsigned long v;                                         \
        asm volatile("mov %%cr" #n ", %0" : "=r"(v));            \
        return v;                                                \
    }                                                            \
    static inline void write_cr##n(unsigned long v)              \
    {                                                            \
        asm volatile("mov %0, %%cr" #n :: "r"(v) : "memory");    \
    }
DEFINE_CR_ACCESSORS(0)
DEFINE_CR_ACCESSORS(2)
DEFINE_CR_ACCESSORS(3)
DEFINE_CR_ACCESSORS(4)
#undef DEFINE_CR_ACCESSORS

static inline void outb(uint16_t port, uint8_t v)
{
    asm volatile("outb %0, %1" :: "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
    uint8_t v;

    asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline void outl(uint16_t port, uint32_t v)
{
    asm volatile("outl %0, %1" :: "a"(v), "Nd"(port));
}

static inline void cpuid(uint32_t leaf, uint32_t sub, uint32_t *a,
                         uint32_t *b, uint32_t *c, uint32_t *d)
{
    asm volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
                 : "a"(leaf), "c"(sub));
}

static inline void halt_forever(void)
{
    for (;;)
        asm volatile("cli; hlt");
}

static inline void flush_tlb_local(void)
{
    write_cr3(read_cr3());
}

static inline void invlpg(unsigned long va)
{
    asm volatile("invlpg (%0)" :: "r"(va) : "memory");
}

static inline void clts(void)
{
    asm volatile("clts");
}

static inline void stts(void)
{
    write_cr0(read_cr0() | X86_CR0_TS);
}
#endif

#endif /* ASM_PROCESSOR_H */
