/*
 * Segment selectors and descriptors.
 *
 * Xen reserves the top GDT pages of every vCPU's GDT for itself, starting at
 * entry 0x1C00 (selector 0xe000), and x86_64 PV guests use the flat ring-3
 * selectors published in xen-x86_64.h (FLAT_RING3_CS64 = 0xe033, ...).  We
 * place our entries at the same selectors so guests written for Xen load
 * the same values here.
 */
#ifndef ASM_DESC_H
#define ASM_DESC_H

#define GDT_ENTRIES              0x2000     /* 64 KiB: the architectural max */

#define __HYPERVISOR_CS         0xe008
#define __HYPERVISOR_DS         0xe010
#define __HV_RING3_CS32         0xe023      /* == FLAT_RING3_CS32 */
#define __HV_RING3_DS32         0xe02b      /* == FLAT_RING3_DS32/SS64 */
#define __HV_RING3_CS64         0xe033      /* == FLAT_RING3_CS64 */
#define TSS_SELECTOR            0xe040      /* two entries (16-byte TSS desc) */
#define LDT_SELECTOR            0xe050      /* two entries: the vCPU's LDT */

/*
 * STAR: syscall loads CS from bits 47:32 (SS = +8); sysret64 loads
 * CS = bits 63:48 + 16 and SS = bits 63:48 + 8, hence CS32 there.
 */
#define STAR_VALUE \
    (((unsigned long)__HV_RING3_CS32 << 48) | \
     ((unsigned long)__HYPERVISOR_CS << 32))

#endif /* ASM_DESC_H */
