/*
 * The x86_64 PV guest interface inside the hypervisor (arch/x86/pv/).
 */
#ifndef ASM_PV_H
#define ASM_PV_H

#include <hv/types.h>
#include <asm/regs.h>

struct vcpu;
struct domain;

/* An exception raised while the guest ran: bounce it or crash the domain. */
void pv_handle_exception(struct cpu_regs *regs);

/* syscall from the guest: a hypercall (kernel mode) or a system call. */
void pv_syscall_entry(struct cpu_regs *regs);
void pv_syscall32_entry(struct cpu_regs *regs);

/*
 * The final iretq to the guest faulted (a code or stack selector of its
 * own whose descriptor does not suit): as on Xen, the guest gets that
 * fault at the frame it asked for (no handler: the domain is crashed).
 * 'regs' is the frame entry.S rebuilt in cpu_info; the return path
 * follows.
 */
void pv_iret_fault(struct cpu_regs *regs);

/*
 * Delivers exception 'vec' to the current vCPU's registered handler, with
 * 'error_code' when the vector has one (< 0: none).  Without a handler, or
 * when the frame cannot be written to the guest's stack, the domain is
 * crashed instead.
 */
void pv_inject_exception(struct cpu_regs *regs, unsigned int vec,
                         long error_code);

/*
 * Pushes a Xen x86_64 bounce frame onto the guest kernel stack and points
 * 'regs' at 'eip' in guest kernel mode.  Returns false (domain crashed)
 * if the frame cannot be written.
 */
bool pv_create_bounce_frame(struct vcpu *v, struct cpu_regs *regs,
                            unsigned long eip, bool mask_events,
                            long error_code);

/* Words a bounce frame may carry between r11 and rip. */
#define PV_BOUNCE_MAX_EXTRA 4

/*
 * Reloading v's data selectors (ds es fs gs, as saved in 'sel') failed on
 * the way back to it: the failsafe callback gets them on its frame (Xen's
 * x86_64 rule, events masked if it was registered so); with none
 * registered, the domain is crashed.  @pre v's page tables are loaded.
 */
void pv_deliver_failsafe(struct vcpu *v, struct cpu_regs *regs,
                         const uint16_t sel[4]);

/* Switches between guest kernel and user mode (page tables, GS base). */
void pv_toggle_guest_mode(struct vcpu *v);

/*
 * Writes Xen's hypercall page (128 stubs of 32 bytes) at 'page', a
 * hypervisor mapping of the guest frame the guest named.
 */
void pv_write_hypercall_page(void *page);

/*
 * set_segment_base(which, base) for the running vCPU v (pv/misc.c):
 * 0 or -XEN_EINVAL (unknown which, non-canonical base).  Also the
 * emulated wrmsr of the FS/GS base MSRs.
 */
long pv_set_segment_base(struct vcpu *v, unsigned int which,
                         unsigned long base);

/* The vCPU's virtual CR0.TS (fpu_taskswitch, clts, mov to %cr0). */
void pv_set_virtual_ts(struct vcpu *v, bool ts);

/* A guest code address: canonical and outside the hypervisor's range. */
bool pv_guest_addr_ok(unsigned long addr);

#endif /* ASM_PV_H */
