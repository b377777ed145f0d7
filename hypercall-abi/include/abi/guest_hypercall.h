/*
 * Guest-side hypercall wrappers: HYPERVISOR_<name>() for each hypercall a
 * PV guest of ours makes, with Xen's argument order and types (as in the
 * prototypes documented in Xen's public headers).
 *
 * Every wrapper returns Xen's raw result: >= 0 on success (some sub-ops
 * return a value, e.g. XENVER_version), a negative Xen errno otherwise.
 * Used by guest-pv and by the dom0 tools when they run inside dom0.
 */
#ifndef ABI_GUEST_HYPERCALL_H
#define ABI_GUEST_HYPERCALL_H

#include <abi/xen.h>
#include <xen/callback.h>
#include <xen/domctl.h>
#include <xen/event_channel.h>
#include <xen/memory.h>
#include <xen/sched.h>
#include <xen/sysctl.h>
#include <xen/vcpu.h>
#include <xen/version.h>

#include "../../x86_64/hypercall_stubs.h"

/* console_io(cmd, count, buffer): CONSOLEIO_write / CONSOLEIO_read. */
static inline long HYPERVISOR_console_io(int cmd, unsigned long count,
                                         void *buf)
{
    return _hypercall3(long, console_io, cmd, count, buf);
}

/* xen_version(cmd, arg): most sub-ops copy a struct or string to arg. */
static inline long HYPERVISOR_xen_version(int cmd, void *arg)
{
    return _hypercall2(long, xen_version, cmd, arg);
}

/* sched_op(cmd, arg): SCHEDOP_yield takes no argument (NULL). */
static inline long HYPERVISOR_sched_op(int cmd, void *arg)
{
    return _hypercall2(long, sched_op, cmd, arg);
}

/*
 * set_trap_table(traps): the array ends at the first entry whose address
 * is 0; a NULL table clears every registered trap.
 */
static inline long HYPERVISOR_set_trap_table(const struct trap_info *traps)
{
    return _hypercall1(long, set_trap_table, traps);
}

/* stack_switch(ss, sp): the kernel stack used on user->kernel bounces. */
static inline long HYPERVISOR_stack_switch(unsigned long ss, unsigned long sp)
{
    return _hypercall2(long, stack_switch, ss, sp);
}

/* set_callbacks(event, failsafe, syscall): the x86-64 three-address form. */
static inline long HYPERVISOR_set_callbacks(unsigned long event,
                                            unsigned long failsafe,
                                            unsigned long syscall)
{
    return _hypercall3(long, set_callbacks, event, failsafe, syscall);
}

/* callback_op(cmd, arg): CALLBACKOP_register / CALLBACKOP_unregister. */
static inline long HYPERVISOR_callback_op(int cmd, const void *arg)
{
    return _hypercall2(long, callback_op, cmd, arg);
}

/* vm_assist(cmd, type): VMASST_CMD_enable / VMASST_CMD_disable. */
static inline long HYPERVISOR_vm_assist(unsigned int cmd, unsigned int type)
{
    return _hypercall2(long, vm_assist, cmd, type);
}

/* multicall(calls, nr): each entry's result lands in calls[i].result. */
static inline long HYPERVISOR_multicall(multicall_entry_t *calls,
                                        unsigned int nr_calls)
{
    return _hypercall2(long, multicall, calls, nr_calls);
}

/* set_segment_base(which, base): SEGBASE_FS, SEGBASE_GS_*. */
static inline long HYPERVISOR_set_segment_base(unsigned int which,
                                               unsigned long base)
{
    return _hypercall2(long, set_segment_base, which, base);
}

/* fpu_taskswitch(set): set or clear the guest's virtual CR0.TS. */
static inline long HYPERVISOR_fpu_taskswitch(int set)
{
    return _hypercall1(long, fpu_taskswitch, set);
}

/*
 * update_va_mapping(va, pte, flags): x86-64 passes the whole PTE in one
 * register; flags are UVMF_*.
 */
static inline long HYPERVISOR_update_va_mapping(unsigned long va,
                                                uint64_t new_val,
                                                unsigned long flags)
{
    return _hypercall3(long, update_va_mapping, va, new_val, flags);
}

/*
 * mmu_update(reqs, count, done, foreigndom): each request writes one
 * page-table entry (ptr = machine address | MMU_* command in bits 0-1,
 * val = the entry).  *done (if non-NULL) counts the requests applied;
 * they are applied in order and the first refusal stops the batch.
 * foreigndom is DOMID_SELF for the caller's own tables (bits 16-31
 * name the owner of the tables, plus one: xen/xen.h).
 */
static inline long HYPERVISOR_mmu_update(const mmu_update_t *reqs,
                                         unsigned int count,
                                         unsigned int *done,
                                         unsigned int foreigndom)
{
    return _hypercall4(long, mmu_update, reqs, count, done, foreigndom);
}

/*
 * mmuext_op(ops, count, done, foreigndom): pin/unpin tables, switch the
 * kernel or user page-table base, flush TLBs (MMUEXT_*).  Same batch
 * rules as mmu_update.
 */
static inline long HYPERVISOR_mmuext_op(const mmuext_op_t *ops,
                                        unsigned int count,
                                        unsigned int *done,
                                        unsigned int foreigndom)
{
    return _hypercall4(long, mmuext_op, ops, count, done, foreigndom);
}

/*
 * set_gdt(frames, entries): this vCPU's GDT, 'entries' descriptors (at
 * most FIRST_RESERVED_GDT_ENTRY) in the machine frames listed; each frame
 * becomes a descriptor page (never writable while in use).
 */
static inline long HYPERVISOR_set_gdt(const xen_ulong_t *frames,
                                      unsigned int entries)
{
    return _hypercall2(long, set_gdt, frames, entries);
}

/* update_descriptor(maddr, desc): one descriptor at machine address maddr. */
static inline long HYPERVISOR_update_descriptor(uint64_t maddr, uint64_t desc)
{
    return _hypercall2(long, update_descriptor, maddr, desc);
}

/* memory_op(cmd, arg): XENMEM_* with its struct at arg. */
static inline long HYPERVISOR_memory_op(unsigned int cmd, void *arg)
{
    return _hypercall2(long, memory_op, cmd, arg);
}

/* event_channel_op(cmd, arg): EVTCHNOP_* with its struct at arg. */
static inline long HYPERVISOR_event_channel_op(int cmd, void *arg)
{
    return _hypercall2(long, event_channel_op, cmd, arg);
}

/* vcpu_op(cmd, vcpuid, arg): VCPUOP_* on vCPU vcpuid of the caller. */
static inline long HYPERVISOR_vcpu_op(int cmd, unsigned int vcpuid,
                                      void *arg)
{
    return _hypercall3(long, vcpu_op, cmd, vcpuid, arg);
}

/*
 * set_timer_op(timeout): the calling vCPU's single-shot timer at the
 * absolute system time timeout (ns); 0 stops it.  x86-64 passes the
 * 64-bit time in one register.
 */
static inline long HYPERVISOR_set_timer_op(uint64_t timeout)
{
    return _hypercall1(long, set_timer_op, timeout);
}

/*
 * domctl(op) and sysctl(op): the toolstack's, for the control domain
 * only.  op->interface_version must be XEN_DOMCTL_INTERFACE_VERSION /
 * XEN_SYSCTL_INTERFACE_VERSION; results come back in *op.
 */
static inline long HYPERVISOR_domctl(struct xen_domctl *op)
{
    return _hypercall1(long, domctl, op);
}

static inline long HYPERVISOR_sysctl(struct xen_sysctl *op)
{
    return _hypercall1(long, sysctl, op);
}

/*
 * Any hypercall by number, for tests of unknown or reserved numbers.
 * nr must be below 128 (the stubs in one page).
 */
static inline long HYPERVISOR_raw(unsigned int nr, unsigned long a1,
                                  unsigned long a2, unsigned long a3,
                                  unsigned long a4, unsigned long a5)
{
    return _hypercall_nr(nr, a1, a2, a3, a4, a5);
}

/*
 * HYPERVISOR_iret has no C wrapper: it never returns to its caller.  The
 * guest jumps to hypercall_page + __HYPERVISOR_iret * 32 with
 * [flags, rip, cs, rflags, rsp, ss] on its stack (flags = 0 or
 * VGCF_in_syscall); the stub pushes rcx, r11 and rax to complete Xen's
 * struct iret_context.
 */

#endif /* ABI_GUEST_HYPERCALL_H */
