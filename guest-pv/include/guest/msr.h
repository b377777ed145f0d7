/*
 * The model-specific registers the kernel names (Intel SDM vol. 4).
 */
#ifndef GUEST_MSR_H
#define GUEST_MSR_H

#define MSR_LSTAR           0xc0000082u /* syscall entry point */
#define MSR_FS_BASE         0xc0000100u
#define MSR_GS_BASE         0xc0000101u /* the %gs base in use */
#define MSR_SHADOW_GS_BASE  0xc0000102u /* the one swapgs brings in */
#define MSR_TSC_DEADLINE    0x6e0u      /* absolute TSC; 0 stops */

#endif /* GUEST_MSR_H */
