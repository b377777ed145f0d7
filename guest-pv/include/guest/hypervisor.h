/*
 * What the guest knows about the hypervisor it runs on: the start_info
 * page it was booted with, its shared_info page, and shutdown.
 */
#ifndef GUEST_HYPERVISOR_H
#define GUEST_HYPERVISOR_H

#include <abi/xen.h>
#include <xen/sched.h>
#include <guest/lib.h>

/* The start_info page, as passed in %rsi at entry. */
extern start_info_t *start_info;

/*
 * The shared_info page once hypervisor_init() has mapped it, else NULL
 * (then vcpu0() is NULL too).
 */
extern shared_info_t *shared_info;

/* Records start_info and maps shared_info (needs update_va_mapping). */
void hypervisor_init(start_info_t *si);

/* vCPU 0's vcpu_info inside shared_info, or NULL if it is not mapped. */
vcpu_info_t *vcpu0(void);

/*
 * Where the start-of-day mapping shows the domain's frame mfn (the
 * builder maps every page of the region, and a domU's store and console
 * pages lie inside it, found through the P2M), or NULL when mfn is not
 * the domain's or lies beyond that mapping.  Needs no fault handler.
 */
void *start_info_page(unsigned long mfn);

/* True if the kernel command line holds `word` as a whole word. */
bool cmdline_has(const char *word);

/* SCHEDOP_shutdown with SHUTDOWN_* reason; spins if the call returns. */
void __noreturn hypervisor_shutdown(unsigned int reason);

#endif /* GUEST_HYPERVISOR_H */
