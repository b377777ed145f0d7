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
