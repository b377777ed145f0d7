/*
 * Trap-and-emulate of privileged instructions (pv/emul_*.c).  Internal
 * to arch/x86/pv.
 *
 * A guest kernel runs in ring 3, so each privileged instruction it
 * executes raises #GP (#UD for Xen's forced-emulation prefix).  The
 * hypervisor reads the instruction from the guest (fault-safe), decodes
 * it (x86_decode_priv) and carries it out on the vCPU's virtual state;
 * an instruction the guest may not execute that way gets #GP.
 */
#ifndef PV_EMUL_H
#define PV_EMUL_H

#include <hv/types.h>
#include <asm/regs.h>
#include <asm/x86_decode.h>

struct vcpu;

/* One emulation: the vCPU, its saved registers, the instruction. */
struct emul_ctxt {
    struct vcpu *v;
    struct cpu_regs *regs;
    struct x86_priv_insn insn;
    uint8_t bytes[X86_MAX_INSN_LEN];    /* read at rip: the instruction */
    size_t nbytes;                      /* and what follows it */
};

/* What a handler did. */
enum emul_result {
    EMUL_DONE,          /* carried out: rip moves past the instruction */
    EMUL_REFUSED,       /* not allowed: #GP(0) into the guest */
};

/*
 * A #GP (vec 13) or #UD (vec 6) from guest kernel mode: emulates the
 * instruction at regs->rip if it is one of ours.  Returns false when it
 * is not (or cannot be read), so the caller bounces the original fault.
 */
bool pv_emulate_priv_op(struct cpu_regs *regs, unsigned int vec);

/* The linear address of a decoded memory operand (segment base added). */
uint64_t pv_mem_operand_ea(struct cpu_regs *regs, const struct x86_mem *m,
                           uint8_t insn_len);

/* Handlers, one file per family. */
enum emul_result emul_io(struct emul_ctxt *c);              /* emul_io.c */
enum emul_result emul_rdmsr(struct emul_ctxt *c);           /* emul_msr.c */
enum emul_result emul_wrmsr(struct emul_ctxt *c);
enum emul_result emul_mov_from_cr(struct emul_ctxt *c);     /* emul_cr.c */
enum emul_result emul_mov_to_cr(struct emul_ctxt *c);
enum emul_result emul_clts(struct emul_ctxt *c);
enum emul_result emul_lidt(struct emul_ctxt *c);            /* emul_desc.c */
enum emul_result emul_lgdt(struct emul_ctxt *c);
enum emul_result emul_cpuid(struct emul_ctxt *c);           /* emul_cpuid.c */

#endif /* PV_EMUL_H */
