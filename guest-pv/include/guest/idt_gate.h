/*
 * Native long-mode IDT gates made from Xen trap_info entries, for the
 * trap backend's lidt (pvops_trap.c).  Pure, so the host unit tests run
 * it (tests/unit/test_guest_pvops.c).
 *
 * A gate is 16 bytes: offset 0-15, selector, IST, type/attributes
 * (present, DPL in bits 5-6, type 0xe interrupt gate or 0xf trap gate),
 * offset 16-31, offset 32-63, reserved.  trap_info.flags bits 0-1 are the
 * DPL checked for `int n` and bit 2 asks for events masked on entry,
 * which is what an interrupt gate does to IF: the hypervisor reads the
 * gates back into a trap table by the same correspondence.
 */
#ifndef GUEST_IDT_GATE_H
#define GUEST_IDT_GATE_H

#include <stdint.h>
#include <abi/xen.h>

struct idt_gate {
    uint16_t offset_lo;
    uint16_t selector;
    uint8_t ist;
    uint8_t type_attr;
    uint16_t offset_mid;
    uint32_t offset_hi;
    uint32_t reserved;
};
_Static_assert(sizeof(struct idt_gate) == 16, "idt_gate");

#define IDT_GATE_PRESENT    0x80
#define IDT_GATE_INTR       0x0e    /* clears IF on entry */
#define IDT_GATE_TRAP       0x0f
#define TI_MASK_EVENTS      4       /* trap_info.flags bit 2 */

static inline struct idt_gate idt_gate_make(const struct trap_info *ti)
{
    struct idt_gate g = {
        .offset_lo = (uint16_t)ti->address,
        .selector = ti->cs,
        .type_attr = (uint8_t)(IDT_GATE_PRESENT | (ti->flags & 3) << 5 |
                               (ti->flags & TI_MASK_EVENTS ?
                                IDT_GATE_INTR : IDT_GATE_TRAP)),
        .offset_mid = (uint16_t)(ti->address >> 16),
        .offset_hi = (uint32_t)(ti->address >> 32),
    };

    return g;
}

#endif /* GUEST_IDT_GATE_H */
