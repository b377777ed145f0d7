/*
 * The arch hooks generic code calls, each with its contract.
 */
#ifndef HV_ARCH_H
#define HV_ARCH_H

#include <hv/types.h>

struct domain;
struct vcpu;

/* Initialises the arch part of a new vCPU (no handlers, kernel mode). */
void arch_vcpu_init(struct vcpu *v);

/*
 * Releases what the arch part of a vCPU holds on its domain's frames (the
 * kernel and user base pointers), and makes sure this CPU's CR3 does not
 * use them.  @pre the vCPU does not run.
 */
void arch_vcpu_destroy(struct vcpu *v);

/* Prints the registers the vCPU had when it last entered the hypervisor. */
void arch_show_guest_state(struct vcpu *v);

/* Reads one byte of console input, or -1 when none waits; never blocks. */
int arch_console_getc(void);

/*
 * Gives d (dom0) the 16550 at io_base..io_base+7: the management
 * channel's serial port.  'direct' lets d's kernel reach granted ports
 * without an exit (the TSS I/O bitmap); false leaves every access to
 * the in/out emulation, only to measure the difference.
 */
void arch_grant_serial(struct domain *d, unsigned int io_base, bool direct);

/*
 * Gives d (dom0) PCI configuration space and the I/O memory outside RAM
 * but the hypervisor's interrupt controllers (Xen's dom0 permissions).
 */
void arch_grant_dom0_devices(struct domain *d);

#endif /* HV_ARCH_H */
