/*
 * The arch hooks generic code calls, each with its contract.
 */
#ifndef HV_ARCH_H
#define HV_ARCH_H

#include <hv/types.h>

struct vcpu;

/* Initialises the arch part of a new vCPU (no handlers, kernel mode). */
void arch_vcpu_init(struct vcpu *v);

/* Prints the registers the vCPU had when it last entered the hypervisor. */
void arch_show_guest_state(struct vcpu *v);

/* Reads one byte of console input, or -1 when none waits; never blocks. */
int arch_console_getc(void);

#endif /* HV_ARCH_H */
