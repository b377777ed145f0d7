/*
 * Model-specific registers we use, and their accessors.
 */
#ifndef ASM_MSR_H
#define ASM_MSR_H

#define MSR_EFER            0xC0000080
#define EFER_SCE            (1 << 0)
#define EFER_LME            (1 << 8)
#define EFER_NXE            (1 << 11)
#define MSR_STAR            0xC0000081
#define MSR_LSTAR           0xC0000082
#define MSR_CSTAR           0xC0000083
#define MSR_SYSCALL_MASK    0xC0000084
#define MSR_FS_BASE         0xC0000100
#define MSR_GS_BASE         0xC0000101
#define MSR_SHADOW_GS_BASE  0xC0000102

#ifndef __ASSEMBLY__
#include <hv/types.h>

static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;

    asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t val)
{
    asm volatile("wrmsr" :: "c"(msr), "a"((uint32_t)val),
                 "d"((uint32_t)(val >> 32)));
}
#endif

#endif /* ASM_MSR_H */
