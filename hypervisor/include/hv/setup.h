/*
 * Entry into the generic hypervisor, and the arch steps it calls in order.
 */
#ifndef HV_SETUP_H
#define HV_SETUP_H

#include <hv/boot_info.h>
#include <hv/mm.h>

struct domain;

/* common/main.c: the whole boot order after the CPU is usable.  */
__noreturn void start_hypervisor(struct boot_info *bi);

/* Physical range of the hypervisor image (never given to the allocator). */
void arch_image_range(struct phys_range *r);

/*
 * Builds the hypervisor's own page tables (image, direct map of all RAM,
 * the M2P table) and switches to them, dropping the boot identity map.
 */
void arch_paging_init(const struct boot_info *bi);

/* Builds dom0 from 'kernel' (and an optional 'initrd'), or boot_fail()s. */
struct domain *arch_dom0_build(const struct boot_module *kernel,
                               const struct boot_module *initrd,
                               unsigned long nr_pages, const char *cmdline);

/*
 * This CPU's idle loop (arch): restarts on a fresh stack, runs softirqs
 * (which schedule vCPUs) and halts until an interrupt.  Never returns.
 */
__noreturn void idle_loop(void);

#endif /* HV_SETUP_H */
