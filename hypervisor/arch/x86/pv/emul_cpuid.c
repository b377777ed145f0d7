/*
 * Xen's forced-emulation CPUID: `ud2; .ascii "xen"; cpuid` raises #UD,
 * and the hypervisor answers with the CPUID a PV guest is meant to see
 * (a plain cpuid in ring 3 is not trapped without CPUID faulting, which
 * TCG and most hardware lack, so it shows the real CPU).
 *
 * Answers: leaf 0x40000000 Xen's signature "XenVMMXenVMM" with
 * 0x40000001 the highest hypervisor leaf; 0x40000001 the Xen version
 * (major << 16 | minor, as XENVER_version); other 0x400000xx leaves 0 (no
 * hypercall-page MSR: PV guests use the ELF note); leaf 1 with the
 * hypervisor bit set and the features a PV guest cannot use cleared
 * (MONITOR, VMX, SMX: Xen hides them too); everything else the real CPU.
 */
#include <hv/version.h>
#include <asm/processor.h>
#include "emul.h"

#define XEN_CPUID_BASE          0x40000000u
#define XEN_CPUID_MAX           (XEN_CPUID_BASE + 1)
#define CPUID1_ECX_MONITOR      (1u << 3)
#define CPUID1_ECX_VMX          (1u << 5)
#define CPUID1_ECX_SMX          (1u << 6)
#define CPUID1_ECX_HYPERVISOR   (1u << 31)

/* "XenVMMXenVMM" as ebx, ecx, edx: little-endian ASCII. */
#define XEN_SIG_EBX     0x566e6558u     /* "XenV" */
#define XEN_SIG_ECX     0x65584d4du     /* "MMXe" */
#define XEN_SIG_EDX     0x4d4d566eu     /* "nVMM" */

static void hypervisor_leaf(uint32_t leaf, uint32_t r[4])
{
    r[0] = r[1] = r[2] = r[3] = 0;
    if (leaf == XEN_CPUID_BASE) {
        r[0] = XEN_CPUID_MAX;
        r[1] = XEN_SIG_EBX;
        r[2] = XEN_SIG_ECX;
        r[3] = XEN_SIG_EDX;
    } else if (leaf == XEN_CPUID_BASE + 1) {
        r[0] = HV_XEN_MAJOR << 16 | HV_XEN_MINOR;
    }
}

enum emul_result emul_cpuid(struct emul_ctxt *c)
{
    struct cpu_regs *regs = c->regs;
    uint32_t leaf = (uint32_t)regs->rax, r[4];

    if ((leaf & 0xFFFFFF00u) == XEN_CPUID_BASE) {
        hypervisor_leaf(leaf, r);
    } else {
        cpuid(leaf, (uint32_t)regs->rcx, &r[0], &r[1], &r[2], &r[3]);
        if (leaf == 1)
            r[2] = (r[2] | CPUID1_ECX_HYPERVISOR) &
                   ~(CPUID1_ECX_MONITOR | CPUID1_ECX_VMX | CPUID1_ECX_SMX);
    }
    /* 32-bit results zero-extend into the 64-bit registers. */
    regs->rax = r[0];
    regs->rbx = r[1];
    regs->rcx = r[2];
    regs->rdx = r[3];
    return EMUL_DONE;
}
