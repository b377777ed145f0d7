/*
 * Helpers shared by the PV memory hypercalls (pv/mm.c, pv/mmu_update.c,
 * pv/mmuext.c, pv/ro_page_fault.c).  Internal to arch/x86/pv.
 */
#ifndef PV_MM_H
#define PV_MM_H

#include <hv/types.h>
#include <hv/mm.h>

struct domain;
struct vcpu;

/* Entries or ops a preemptible PV memory hypercall does per invocation. */
#define PV_MM_PREEMPT_BATCH 128

/* Internal result of a batch loop: stop here for a continuation. */
#define PV_MM_PREEMPTED     1

/*
 * The top bit of a count says the call is a continuation of a preempted
 * one (Xen's MMU_UPDATE_PREEMPTED, not in the public headers).
 */
#define MMU_UPDATE_PREEMPTED    0x80000000U

/* Sizes of the guest's request structures (xen.h), checked in mm.c. */
#define MMU_UPDATE_SIZE     16
#define MMUEXT_OP_SIZE      24

/*
 * A guest address a hypercall may be given (Xen's __addr_ok): below the
 * non-canonical hole or above the hypervisor's range.
 */
bool pv_addr_ok(unsigned long va);

/*
 * An array of 'count' elements of 'size' bytes at 'addr' (Xen's
 * guest_handle_okay): the count must not overflow and the array must start
 * in guest address space.  Every element is still copied with its own
 * range check.
 */
bool pv_array_ok(unsigned long addr, unsigned long count, size_t size);

/*
 * The foreign-domain argument of mmu_update and mmuext_op (Xen's
 * get_pg_owner, for an unprivileged caller): DOMID_SELF is the caller; its
 * own id is -XEN_ESRCH (Xen refuses a domain naming itself); DOMID_IO and
 * DOMID_XEN are -XEN_EPERM; any other id names no domain: -XEN_ESRCH.
 */
int pv_pg_owner(unsigned int domid);

/*
 * MMUEXT_NEW_BASEPTR for v (mmuext.c): mfn validated as an L4 of v's
 * domain and loaded (a full flush), the old base released.  Also the
 * emulated mov to %cr3.  0 or the validation's error.
 */
long pv_new_baseptr(struct vcpu *v, mfn_t mfn);

/*
 * The batch arguments mmu_update and mmuext_op share: (list, count,
 * success_count pointer, foreigndom), with Xen's continuation encoding
 * (MMU_UPDATE_PREEMPTED in count; the counter carried in the guest's
 * success_count).
 */
struct hc_args;

struct pv_batch {
    unsigned int hypercall;     /* __HYPERVISOR_mmu_update or mmuext_op */
    unsigned long list;         /* guest array of requests */
    unsigned int count;         /* requests in this call */
    unsigned long pdone;        /* guest's success counter, or 0 */
    unsigned int foreigndom;
    unsigned int done;          /* counter carried over a continuation */
    size_t size;                /* bytes per request */
};

/*
 * Decodes a batch.  Returns 1 for Xen's deferred-result continuation (the
 * result, foreigndom, is then in *result), 0 to go on, or -XEN_EFAULT when
 * the array is not guest address space.
 */
int pv_batch_start(struct pv_batch *b, unsigned int hypercall,
                   const struct hc_args *args, size_t size, long *result);

/*
 * Ends a batch after 'processed' requests with result 'rc': a preempted
 * batch becomes a continuation for the rest; the guest's counter is
 * updated either way (best effort: Xen ignores a failed copy).
 */
long pv_batch_finish(const struct pv_batch *b, unsigned int processed,
                     long rc);

/*
 * The validated L1 table that maps 'va' in v's kernel page tables, and
 * the entry's slot in it; NULL when no such table exists (a missing or
 * superpage entry on the way).
 */
struct page_info *pv_guest_l1(const struct vcpu *v, unsigned long va,
                              unsigned int *slot);

/*
 * Reads the guest's vCPU bitmap at 'ptr' (one word: one vCPU) and says
 * whether it names this vCPU.  Returns 0 or -XEN_EFAULT.
 */
int pv_vcpumask_self(unsigned long ptr, bool *self);

/*
 * Flushes 'd's translations on every CPU that may hold them: this one
 * (invlpg of 'va' when 'one_page', else all) and, fully, every other CPU
 * with d's tables loaded, waiting for them.  Used where Xen flushes the
 * domain's dirty CPUs: a vCPU mask other than "this vCPU" (a superset of
 * the CPUs those vCPUs last ran on), and entries removed or downgraded.
 * @pre no spinlock held (asm/smp.h).
 */
void pv_flush_domain(const struct domain *d, unsigned long va, bool one_page);

/*
 * A #PF from the guest: if it is a write to one of the guest's L1 tables
 * through a read-only mapping, emulates it (pv/ro_page_fault.c) and
 * returns true with 'regs' past the instruction; false: bounce the #PF.
 */
struct cpu_regs;
bool pv_ro_page_fault(struct cpu_regs *regs, unsigned long cr2);

#endif /* PV_MM_H */
