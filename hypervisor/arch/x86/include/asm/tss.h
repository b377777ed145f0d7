/*
 * The per-CPU 64-bit TSS and its I/O permission bitmap.
 *
 * A port access from ring 3 with IOPL 0 (where every PV guest runs) is
 * allowed by the CPU when the port's bits in the bitmap at iomap_base are
 * clear, and raises #GP otherwise or when iomap_base lies beyond the TSS
 * limit.  The CPU reads two bytes of the bitmap for any access, so one
 * byte of ones follows its last byte (Intel SDM vol. 1, 19.5.2).
 */
#ifndef ASM_TSS_H
#define ASM_TSS_H

#include <stddef.h>
#include <hv/types.h>

#define IO_BITMAP_PORTS     65536
#define IO_BITMAP_BYTES     (IO_BITMAP_PORTS / 8)

struct __packed tss64 {
    uint32_t rsvd0;
    uint64_t rsp[3];
    uint64_t rsvd1;
    uint64_t ist[7];
    uint64_t rsvd2;
    uint16_t rsvd3;
    uint16_t iomap_base;
    uint8_t io_bitmap[IO_BITMAP_BYTES + 1];
};

/* iomap_base values: the bitmap in use, or none (beyond the limit). */
#define TSS_IOMAP_ON        ((uint16_t)offsetof(struct tss64, io_bitmap))
#define TSS_IOMAP_OFF       ((uint16_t)sizeof(struct tss64))

/* This CPU's TSS (setup.c owns them). */
struct tss64 *this_cpu_tss(void);

#endif /* ASM_TSS_H */
