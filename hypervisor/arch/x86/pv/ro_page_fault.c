/*
 * Writable page tables (Xen's ptwr): a guest kernel writes an entry of
 * one of its own L1 tables with an ordinary instruction, through a
 * read-only mapping of it; the write faults and is emulated here, with the
 * new entry checked exactly as mmu_update checks it (pv_mod_entry).
 *
 * When (Xen 4.17, checked on real Xen): a write to a present read-only
 * mapping, from guest kernel mode, not a reserved-bit fault or an
 * instruction fetch, with VMASST_TYPE_writable_pagetables enabled - or
 * from the hardware domain, which Xen emulates for whatever the assist.
 * The instruction is read once from the guest (copy_from_guest), decoded
 * (x86_decode.c), and must write naturally aligned at exactly the faulting
 * address.  Anything else, or a refused entry, is bounced to the guest as
 * the #PF it was.  Not emulated: single-stepping over the write (no #DB
 * follows it).
 */
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/guest_access.h>
#include <hv/page_type.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include <asm/pt_validate.h>
#include <asm/pv.h>
#include <asm/x86_decode.h>
#include "emul.h"
#include "pv_mm.h"

#define ARITH_FLAGS     (X86_EFLAGS_CF | 0x4 /* PF */ | 0x10 /* AF */ | \
                         0x40 /* ZF */ | 0x80 /* SF */ | 0x800 /* OF */)

/* One emulation: what faulted, where, and the decoded instruction. */
struct ptwr {
    struct cpu_regs *regs;
    unsigned long cr2;
    struct page_info *l1;       /* the table written */
    struct x86_insn insn;
    uint64_t mask;              /* of the operand size */
    unsigned int shift;         /* of the operand in its 64-bit entry */
};

static bool fault_qualifies(const struct vcpu *v, unsigned int ec)
{
    const struct domain *d = v->domain;
    bool assist = d->vm_assist & (1UL << VMASST_TYPE_writable_pagetables);

    if (!v->arch.kernel_mode || !(assist || d->is_hardware_domain))
        return false;
    return (ec & (PFEC_PRESENT | PFEC_WRITE | PFEC_RSVD | PFEC_INSN)) ==
           (PFEC_PRESENT | PFEC_WRITE);
}

/* The validated L1 table of v's that 'va' maps read-only, or NULL. */
static struct page_info *written_table(const struct vcpu *v, unsigned long va)
{
    unsigned int slot;
    struct page_info *map = pv_guest_l1(v, va, &slot);
    pte_t e;
    struct page_info *pg;

    if (!map)
        return NULL;
    e = ((pte_t *)mfn_to_virt(page_to_mfn(map)))[slot];
    if ((e & (_PAGE_PRESENT | _PAGE_RW)) != _PAGE_PRESENT ||
        !mfn_valid(pte_addr(e) >> PAGE_SHIFT))
        return NULL;
    pg = mfn_to_page(pte_addr(e) >> PAGE_SHIFT);
    if (pg->owner != v->domain ||
        (pg->type_info & (PGT_type_mask | PGT_validated)) !=
            (PGT_l1_page_table | PGT_validated))
        return NULL;
    return pg;
}

/* Fetches and decodes the faulting instruction; checks its operand. */
static bool decode_write(struct ptwr *p)
{
    uint8_t buf[X86_MAX_INSN_LEN];
    size_t got = sizeof(buf) - copy_from_guest(buf, p->regs->rip, sizeof(buf));
    struct x86_insn *in = &p->insn;

    if (x86_decode(buf, got, in) != X86_DECODE_OK)
        return false;
    if (in->lock && in->op == X86_OP_MOV)
        return false;       /* #UD on hardware: never reaches a write */
    if (pv_mem_operand_ea(p->regs, &in->mem, in->len) != p->cr2 ||
        (p->cr2 & (in->opsize - 1)))
        return false;
    p->mask = in->opsize == 8 ? ~0ULL : (1ULL << (8 * in->opsize)) - 1;
    p->shift = 8 * (p->cr2 & (sizeof(pte_t) - 1));
    return true;
}

/* Writes a register at the operand size (32-bit writes zero-extend). */
static void set_reg(struct ptwr *p, unsigned int n, uint64_t val)
{
    uint64_t *r = regs_gpr(p->regs, n);

    if (p->insn.opsize == 2)
        *r = (*r & ~0xFFFFULL) | (val & 0xFFFF);
    else
        *r = val & p->mask;
}

static bool parity_even(uint64_t v)
{
    return !__builtin_parity((unsigned int)(v & 0xFF));
}

/* Arithmetic flags of 'a - b' (CMPXCHG's comparison) or of a logic op. */
static void set_flags(struct ptwr *p, uint64_t a, uint64_t b, uint64_t res,
                      bool sub)
{
    uint64_t msb = 1ULL << (8 * p->insn.opsize - 1);
    unsigned long f = 0;

    res &= p->mask;
    if (res == 0)
        f |= 0x40;
    if (res & msb)
        f |= 0x80;
    if (parity_even(res))
        f |= 0x4;
    if (sub) {
        f |= (a & p->mask) < (b & p->mask) ? X86_EFLAGS_CF : 0;
        f |= ((a ^ b) & (a ^ res) & msb) ? 0x800 : 0;
        f |= ((a ^ b ^ res) & 0x10) ? 0x10 : 0;
    }
    p->regs->rflags = (p->regs->rflags & ~ARITH_FLAGS) | f;
}

static void set_cf(struct ptwr *p, bool cf)
{
    p->regs->rflags = (p->regs->rflags & ~X86_EFLAGS_CF) |
                      (cf ? X86_EFLAGS_CF : 0);
}

/* The bit a BTS/BTR names; false if outside the operand (bit strings). */
static bool bit_index(const struct ptwr *p, uint64_t src, unsigned int *bit)
{
    unsigned int bits = 8 * p->insn.opsize;

    if (p->insn.src_is_imm) {
        *bit = src & (bits - 1);
        return true;
    }
    *bit = (unsigned int)src;
    return src < bits;
}

/*
 * The new operand value for 'cur', or false when nothing is written
 * (CMPXCHG's compare failed; its side effects are done then).
 */
static bool compute(struct ptwr *p, uint64_t cur, uint64_t src, uint64_t *val)
{
    uint64_t acc = p->regs->rax & p->mask;
    unsigned int bit;

    switch (p->insn.op) {
    case X86_OP_MOV:
    case X86_OP_XCHG:
        *val = src;
        return true;
    case X86_OP_CMPXCHG:
        set_flags(p, acc, cur, acc - cur, true);
        if (acc != cur) {
            set_reg(p, X86_RAX, cur);
            return false;
        }
        *val = src;
        return true;
    case X86_OP_OR:
    case X86_OP_AND:
        *val = p->insn.op == X86_OP_OR ? cur | src : cur & src;
        set_flags(p, 0, 0, *val, false);
        return true;
    default:    /* BTS, BTR: bit_index() was checked by the caller */
        bit_index(p, src, &bit);
        set_cf(p, (cur >> bit) & 1);
        *val = p->insn.op == X86_OP_BTS ? cur | (1ULL << bit)
                                        : cur & ~(1ULL << bit);
        return true;
    }
}

/* Carries out the decoded write; false: refused, nothing changed. */
static bool emulate(struct ptwr *p)
{
    unsigned int slot = (p->cr2 & ~PAGE_MASK) / sizeof(pte_t);
    pte_t old = ((pte_t *)mfn_to_virt(page_to_mfn(p->l1)))[slot];
    uint64_t cur = (old >> p->shift) & p->mask;
    uint64_t src = p->insn.src_is_imm ? (uint64_t)p->insn.imm
                                      : *regs_gpr(p->regs, p->insn.reg);
    struct cpu_regs saved = *p->regs;
    bool flush = false;
    unsigned int bit;
    uint64_t val;

    src &= p->mask;
    if ((p->insn.op == X86_OP_BTS || p->insn.op == X86_OP_BTR) &&
        !bit_index(p, src, &bit))
        return false;
    if (compute(p, cur, src, &val)) {
        pte_t new = (old & ~(p->mask << p->shift)) | (val << p->shift);

        if (pv_mod_entry(p->l1, slot, new, 0, &flush)) {
            *p->regs = saved;       /* a refused entry changes nothing */
            return false;
        }
        if (p->insn.op == X86_OP_XCHG)
            set_reg(p, p->insn.reg, cur);
    }
    if (flush)
        pv_flush_domain(current_vcpu()->domain, 0, false);
    domain_stats_emulated(current_vcpu()->domain, XPV_EMUL_ptwr);
    p->regs->rip += p->insn.len;
    return true;
}

bool pv_ro_page_fault(struct cpu_regs *regs, unsigned long cr2)
{
    struct vcpu *v = current_vcpu();
    struct ptwr p = { .regs = regs, .cr2 = cr2 };

    if (!fault_qualifies(v, regs->error_code))
        return false;
    p.l1 = written_table(v, cr2);
    if (!p.l1 || !decode_write(&p))
        return false;
    return emulate(&p);
}
