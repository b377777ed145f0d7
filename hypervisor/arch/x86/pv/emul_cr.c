/*
 * Emulated control-register moves and clts (Xen's PV rules):
 *   %cr0  reads the real CR0 (PE MP ET NE WP AM PG) with TS the vCPU's
 *         virtual TS; a write may change TS only (fpu_taskswitch):
 *         clearing PG or PE, or any other change, is #GP.
 *   %cr2  reads and writes vcpu_info.arch.cr2, the guest's fault address.
 *   %cr3  reads the kernel base pointer as a machine address; a write is
 *         MMUEXT_NEW_BASEPTR (validated as an L4, a full flush); a refused
 *         table is #GP.  Bits 0-11 and 63 (PWT/PCD/PCID, no-flush) are
 *         ignored: there are no PCIDs here and the load always flushes.
 *   %cr4  reads the hypervisor's fixed CR4; a write that changes it: #GP.
 *   others (%cr8, ...): #GP.
 * The general register is always 64 bits wide (long mode).
 */
#include <hv/domain.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include "emul.h"
#include "pv_mm.h"

static unsigned long virtual_cr0(const struct vcpu *v)
{
    return (read_cr0() & ~X86_CR0_TS) | (v->arch.fpu_ts ? X86_CR0_TS : 0);
}

enum emul_result emul_mov_from_cr(struct emul_ctxt *c)
{
    struct vcpu *v = c->v;
    uint64_t *dst = regs_gpr(c->regs, c->insn.gpr);

    switch (c->insn.cr) {
    case 0:
        *dst = virtual_cr0(v);
        return EMUL_DONE;
    case 2:
        *dst = v->vcpu_info->arch.cr2;
        return EMUL_DONE;
    case 3:
        *dst = (uint64_t)v->arch.guest_table << PAGE_SHIFT;
        return EMUL_DONE;
    case 4:
        *dst = read_cr4();
        return EMUL_DONE;
    default:
        return EMUL_REFUSED;
    }
}

static enum emul_result set_cr0(struct vcpu *v, uint64_t val)
{
    if ((val ^ virtual_cr0(v)) & ~X86_CR0_TS)
        return EMUL_REFUSED;
    pv_set_virtual_ts(v, val & X86_CR0_TS);
    return EMUL_DONE;
}

static enum emul_result set_cr3(struct vcpu *v, uint64_t val)
{
    mfn_t mfn = (mfn_t)(pte_addr(val) >> PAGE_SHIFT);

    return pv_new_baseptr(v, mfn) ? EMUL_REFUSED : EMUL_DONE;
}

enum emul_result emul_mov_to_cr(struct emul_ctxt *c)
{
    struct vcpu *v = c->v;
    uint64_t val = *regs_gpr(c->regs, c->insn.gpr);

    switch (c->insn.cr) {
    case 0:
        return set_cr0(v, val);
    case 2:
        v->vcpu_info->arch.cr2 = val;
        return EMUL_DONE;
    case 3:
        return set_cr3(v, val);
    case 4:
        return val == read_cr4() ? EMUL_DONE : EMUL_REFUSED;
    default:
        return EMUL_REFUSED;
    }
}

/* clts: the virtual TS cleared, as fpu_taskswitch(0). */
enum emul_result emul_clts(struct emul_ctxt *c)
{
    pv_set_virtual_ts(c->v, false);
    return EMUL_DONE;
}
