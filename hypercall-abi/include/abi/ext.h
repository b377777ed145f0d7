/*
 * Our extensions to Xen's ABI, and only those.
 *
 * Xen reserves __HYPERVISOR_arch_0..7 for architecture use; new numbers of
 * ours take those slots, and new sysctl/domctl sub-ops take numbers Xen
 * 4.17 does not use.  Every entry here is also listed in hypercall-abi/ABI.md.
 * On real Xen these numbers return -ENOSYS: callers treat that as "not
 * available".
 */
#ifndef ABI_EXT_H
#define ABI_EXT_H

#include <abi/xen.h>

/*
 * xpv_op(cmd, arg): operations of this hypervisor that Xen has no
 * equivalent for.  An unknown cmd is -EINVAL (so -ENOSYS always means
 * "not this hypervisor").
 *
 * arch_2, not arch_0: on x86 Xen 4.17 arch_0 is the machine-check
 * hypercall (__HYPERVISOR_mca) and arch_1 paging_domctl_cont, and both
 * answer a guest's probe with -EFAULT; arch_2..7 are -ENOSYS there
 * (checked on real Xen).
 */
#define __HYPERVISOR_xpv_op         __HYPERVISOR_arch_2

/*
 * XPVOP_mm_audit (arg ignored): recomputes the caller's page-table
 * accounting (every frame's reference and type counts, from its pinned
 * tables and vCPU base pointers) and compares it with the hypervisor's.
 * Returns 0 when consistent; -EIO when not (each mismatch is printed in
 * the hypervisor's log); -ENOMEM when no scratch memory was available.
 */
#define XPVOP_mm_audit              0

/*
 * XPVOP_domain_stats (arg: a struct xpv_domain_stats in guest memory):
 * copies the CALLER's counters out (a snapshot; counters of other vCPUs
 * may move meanwhile).  Returns 0, or -EFAULT when arg cannot be written.
 * The counters only grow, from 0 at domain creation; a guest checks
 * deltas.  The same block is printed in the hypervisor's log when the
 * domain shuts down.
 */
#define XPVOP_domain_stats          1

/* Instruction kinds the trap-and-emulate path counts (emulated[]). */
#define XPV_EMUL_cli                0
#define XPV_EMUL_sti                1
#define XPV_EMUL_hlt                2
#define XPV_EMUL_in                 3
#define XPV_EMUL_out                4
#define XPV_EMUL_mov_from_cr        5
#define XPV_EMUL_mov_to_cr          6
#define XPV_EMUL_clts               7
#define XPV_EMUL_invlpg             8
#define XPV_EMUL_wbinvd             9
#define XPV_EMUL_rdmsr              10
#define XPV_EMUL_wrmsr              11
#define XPV_EMUL_lgdt               12
#define XPV_EMUL_lidt               13
#define XPV_EMUL_cpuid              14  /* Xen's forced-emulation prefix */
#define XPV_EMUL_ptwr               15  /* a write to a page table */
#define XPV_EMUL_NR                 16

/* Hypercall numbers counted one by one; higher ones in hypercalls_other. */
#define XPV_STATS_HYPERCALLS        64
/* Exception vectors counted (software interrupts: soft_interrupts). */
#define XPV_STATS_EXCEPTIONS        32

struct xpv_domain_stats {
    /* Hypercalls by number, each entry of a multicall counted too. */
    uint64_t hypercalls[XPV_STATS_HYPERCALLS];
    uint64_t hypercalls_other;
    /* Privileged instructions emulated, and those refused (#GP). */
    uint64_t emulated[XPV_EMUL_NR];
    uint64_t emul_refused[XPV_EMUL_NR];
    /* Exceptions bounced to the guest's handlers, by vector. */
    uint64_t exceptions[XPV_STATS_EXCEPTIONS];
    /* int $n delivered to the guest (a DPL-3 trap-table entry). */
    uint64_t soft_interrupts;
    /* Successful EVTCHNOP_send calls of this domain. */
    uint64_t events_sent;
    /* Event upcalls delivered to this domain's vCPUs. */
    uint64_t upcalls;
};

/*
 * xpv_event_mask(mask): the textbook "cli becomes a hypercall" form of
 * disabling (mask 1) and enabling (mask 0) virtual interrupts, for the
 * overhead comparison of issue 5; a PV kernel's normal way is a plain
 * store to vcpu_info.evtchn_upcall_mask.  Sets the calling vCPU's mask
 * and returns its previous value (0 or 1), so it also serves as
 * save/restore; an upcall owed when it unmasks is delivered on the way
 * back, as after any hypercall.  mask other than 0 or 1: -EINVAL.
 */
#define __HYPERVISOR_xpv_event_mask __HYPERVISOR_arch_3

#endif /* ABI_EXT_H */
