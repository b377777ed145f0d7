/*
 * Emulated lidt and lgdt: the operand is the native 10-byte
 * pseudo-descriptor (16-bit limit, 64-bit base), read fault-safe.
 *
 * lidt installs the native IDT as the vCPU's virtual IDT (what
 * set_trap_table does): each 16-byte gate is read from guest memory;
 * a present interrupt gate (type 14) or trap gate (15) becomes the
 * trap_info of its vector, DPL for DPL and "events masked on entry" for
 * an interrupt gate; a gate not present, or beyond the limit, leaves its
 * vector without a handler.  The gates' selector and IST are not used:
 * bounces always enter at FLAT_KERNEL_CS on the guest kernel stack.
 * Refused (#GP), with the old table kept: a base that is not canonical,
 * a table reaching into the hypervisor's addresses, a limit above 4095,
 * a present gate of another type or pointing at a non-guest address, an
 * operand or gate that cannot be read.
 *
 * lgdt is decoded and validated the same way (the table must be guest
 * memory, at most 8192 descriptors), then refused too: per-vCPU GDTs
 * (set_gdt, descriptor-page validation) do not exist yet, so the guest
 * keeps the flat selectors Xen provides.  Every lgdt is #GP for now.
 */
#include <hv/domain.h>
#include <hv/guest_access.h>
#include <hv/lib.h>
#include <asm/pv.h>
#include "emul.h"

#define IDT_MAX_LIMIT   (256 * 16 - 1)
#define GDT_MAX_LIMIT   (8192 * 8 - 1)
#define GATE_INTR       14
#define GATE_TRAP       15

struct __attribute__((packed)) desc_ptr {
    uint16_t limit;
    uint64_t base;
};

/* A native 64-bit IDT gate. */
struct idt_gate {
    uint16_t offset_lo;
    uint16_t selector;
    uint8_t ist;
    uint8_t type_attr;          /* type 0-3, DPL 5-6, present 7 */
    uint16_t offset_mid;
    uint32_t offset_hi;
    uint32_t reserved;
};

/* The operand, checked: a table of guest memory no longer than 'max'. */
static bool read_table_ptr(struct emul_ctxt *c, unsigned int max,
                           struct desc_ptr *dp)
{
    uint64_t ea = pv_mem_operand_ea(c->regs, &c->insn.mem, c->insn.len);

    if (copy_from_guest(dp, ea, sizeof(*dp)))
        return false;
    return dp->limit <= max && pv_guest_addr_ok(dp->base) &&
           guest_range_ok(dp->base, (size_t)dp->limit + 1);
}

/* One gate as a trap_info; false: a present gate we cannot install. */
static bool gate_to_trap(const struct idt_gate *g, unsigned int vec,
                         struct trap_info *ti)
{
    unsigned int type = g->type_attr & 0xF;
    unsigned long addr = g->offset_lo | (unsigned long)g->offset_mid << 16 |
                         (unsigned long)g->offset_hi << 32;

    memset(ti, 0, sizeof(*ti));
    if (!(g->type_attr & 0x80))
        return true;
    if ((type != GATE_INTR && type != GATE_TRAP) || !pv_guest_addr_ok(addr))
        return false;
    ti->vector = (uint8_t)vec;
    ti->flags = (g->type_attr >> 5) & 3;
    TI_SET_IF(ti, type == GATE_INTR);
    ti->cs = FLAT_KERNEL_CS;
    ti->address = addr;
    return true;
}

enum emul_result emul_lidt(struct emul_ctxt *c)
{
    struct trap_info traps[256];
    struct desc_ptr dp;
    struct idt_gate g;
    unsigned int n;

    if (!read_table_ptr(c, IDT_MAX_LIMIT, &dp))
        return EMUL_REFUSED;
    n = (dp.limit + 1u) / sizeof(g);
    memset(traps, 0, sizeof(traps));
    for (unsigned int vec = 0; vec < n; vec++)
        if (copy_from_guest(&g, dp.base + vec * sizeof(g), sizeof(g)) ||
            !gate_to_trap(&g, vec, &traps[vec]))
            return EMUL_REFUSED;
    memcpy(c->v->arch.trap_ctxt, traps, sizeof(traps));
    return EMUL_DONE;
}

enum emul_result emul_lgdt(struct emul_ctxt *c)
{
    struct desc_ptr dp;

    /* Validated, so the refusal is the same once set_gdt exists. */
    if (!read_table_ptr(c, GDT_MAX_LIMIT, &dp))
        return EMUL_REFUSED;
    return EMUL_REFUSED;        /* no per-vCPU GDTs yet (set_gdt) */
}
