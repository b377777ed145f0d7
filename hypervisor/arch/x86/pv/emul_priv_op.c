/*
 * Trap-and-emulate (pv/emul.h): the #GP/#UD entry, instruction fetch and
 * decode, and the small instructions; families with more to them live in
 * emul_io.c, emul_msr.c, emul_cr.c, emul_desc.c and emul_cpuid.c.
 *
 * Rules (the same list the guest's trap backend follows): only faults
 * from guest kernel mode are emulated, user mode gets its #GP; an
 * instruction that cannot be read bounces the original fault; one the
 * guest may not execute gets #GP(0) and the guest carries on.  The path
 * is kept short: it is measured against a plain bounced exception.
 */
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/guest_access.h>
#include <hv/sched.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include "emul.h"

typedef enum emul_result emul_fn(struct emul_ctxt *c);

/* cli/sti: the virtual interrupt flag is vcpu_info's upcall mask. */
static enum emul_result emul_cli(struct emul_ctxt *c)
{
    c->v->vcpu_info->evtchn_upcall_mask = 1;
    return EMUL_DONE;
}

/*
 * hlt: SCHEDOP_block, whole: events unmasked, the vCPU waits for one
 * (not at all when one is pending) and resumes after the hlt.
 */
static enum emul_result emul_hlt(struct emul_ctxt *c)
{
    sched_block(c->v);
    return EMUL_DONE;
}

/*
 * An upcall owed goes out on the way back (pv_return_to_guest).  But
 * `sti; hlt`, the native idle idiom, relies on sti's one-instruction
 * interrupt shadow: an interrupt owed at the sti must wake the hlt, not
 * run before it (the hlt would then wait for the next one).  So a hlt
 * right after the sti is emulated with it: unmask and block at once.
 */
static enum emul_result emul_sti(struct emul_ctxt *c)
{
    c->v->vcpu_info->evtchn_upcall_mask = 0;
    if (c->insn.len < c->nbytes && c->bytes[c->insn.len] == 0xF4) {
        c->insn.len++;
        domain_stats_emulated(c->v->domain, XPV_EMUL_hlt);
        return emul_hlt(c);
    }
    return EMUL_DONE;
}

/* invlpg: this vCPU's TLB; an address outside guest space is ignored. */
static enum emul_result emul_invlpg(struct emul_ctxt *c)
{
    uint64_t va = pv_mem_operand_ea(c->regs, &c->insn.mem, c->insn.len);

    if (pv_guest_addr_ok(va))
        invlpg(va);
    return EMUL_DONE;
}

/*
 * wbinvd: carried out for the hardware domain (which owns the devices
 * caches matter to, as MMUEXT_FLUSH_CACHE), a no-op for others (Xen does
 * nothing for a domain without cache-flush rights).
 */
static enum emul_result emul_wbinvd(struct emul_ctxt *c)
{
    if (c->v->domain->is_hardware_domain)
        asm volatile ("wbinvd" ::: "memory");
    return EMUL_DONE;
}

/* Each instruction: its handler, its counter, the fault it raises. */
static const struct {
    emul_fn *fn;
    uint8_t kind;               /* XPV_EMUL_* */
    uint8_t vec;                /* X86_EXC_GP, or X86_EXC_UD */
} ops[] = {
    [X86_PRIV_CLI] = { emul_cli, XPV_EMUL_cli, X86_EXC_GP },
    [X86_PRIV_STI] = { emul_sti, XPV_EMUL_sti, X86_EXC_GP },
    [X86_PRIV_HLT] = { emul_hlt, XPV_EMUL_hlt, X86_EXC_GP },
    [X86_PRIV_IN] = { emul_io, XPV_EMUL_in, X86_EXC_GP },
    [X86_PRIV_OUT] = { emul_io, XPV_EMUL_out, X86_EXC_GP },
    [X86_PRIV_MOV_FROM_CR] = { emul_mov_from_cr, XPV_EMUL_mov_from_cr,
                               X86_EXC_GP },
    [X86_PRIV_MOV_TO_CR] = { emul_mov_to_cr, XPV_EMUL_mov_to_cr, X86_EXC_GP },
    [X86_PRIV_CLTS] = { emul_clts, XPV_EMUL_clts, X86_EXC_GP },
    [X86_PRIV_INVLPG] = { emul_invlpg, XPV_EMUL_invlpg, X86_EXC_GP },
    [X86_PRIV_WBINVD] = { emul_wbinvd, XPV_EMUL_wbinvd, X86_EXC_GP },
    [X86_PRIV_RDMSR] = { emul_rdmsr, XPV_EMUL_rdmsr, X86_EXC_GP },
    [X86_PRIV_WRMSR] = { emul_wrmsr, XPV_EMUL_wrmsr, X86_EXC_GP },
    [X86_PRIV_LGDT] = { emul_lgdt, XPV_EMUL_lgdt, X86_EXC_GP },
    [X86_PRIV_LIDT] = { emul_lidt, XPV_EMUL_lidt, X86_EXC_GP },
    [X86_PRIV_CPUID] = { emul_cpuid, XPV_EMUL_cpuid, X86_EXC_UD },
};

static uint64_t seg_base(enum x86_seg seg)
{
    if (seg == X86_SEG_FS)
        return rdmsr(MSR_FS_BASE);
    return seg == X86_SEG_GS ? rdmsr(MSR_GS_BASE) : 0;
}

uint64_t pv_mem_operand_ea(struct cpu_regs *regs, const struct x86_mem *m,
                           uint8_t insn_len)
{
    uint64_t gprs[X86_NR_GPRS];

    for (unsigned int i = 0; i < X86_NR_GPRS; i++)
        gprs[i] = *regs_gpr(regs, i);
    return x86_mem_ea(m, insn_len, gprs, regs->rip, seg_base(m->seg));
}

/* The instruction at rip, read fault-safe; false: not one of ours. */
static bool fetch_decode(struct emul_ctxt *c, unsigned int vec)
{
    c->nbytes = sizeof(c->bytes) - copy_from_guest(c->bytes, c->regs->rip,
                                                   sizeof(c->bytes));
    if (x86_decode_priv(c->bytes, c->nbytes, &c->insn) != X86_DECODE_OK)
        return false;
    return ops[c->insn.op].vec == vec;
}

bool pv_emulate_priv_op(struct cpu_regs *regs, unsigned int vec)
{
    struct emul_ctxt c = { .v = current_vcpu(), .regs = regs };
    struct domain *d = c.v->domain;

    if (!fetch_decode(&c, vec))
        return false;
    if (ops[c.insn.op].fn(&c) == EMUL_REFUSED) {
        domain_stats_refused(d, ops[c.insn.op].kind);
        pv_inject_exception(regs, X86_EXC_GP, 0);
        return true;
    }
    domain_stats_emulated(d, ops[c.insn.op].kind);
    regs->rip += c.insn.len;
    return true;
}
